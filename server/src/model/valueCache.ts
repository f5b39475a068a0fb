/**
 * What was found of values seen before, bounded in size, looked up from a document's text without making a
 * string. Written here rather than taken from an LRU library: those key by string (a value cut from a document
 * is a view that keeps the whole text alive, and making a key copies it), and under a stream of more distinct
 * values than they hold, recency-based eviction misses every time (each value is evicted before it comes back).
 *
 * The values are kept as their character codes. When the cache is full, a new value takes the place of one not
 * looked up for a long while (`STALE_AFTER` lookups: a document's values that are no longer read), and is left
 * out otherwise: the values in use stay, so a document with more distinct values than the cache holds still
 * finds as many of them as it holds (the rest are checked each time), and validation time grows with the
 * excess rather than jumping when it is passed.
 */

/** Lookups after which a value not looked up again may give its place to a new one, per place in the cache. */
const STALE_FACTOR = 16;
/** Places looked at for a stale value when a new one comes and the cache is full. */
const SWEEP = 8;

export class ValueCache<V> {
  /** Each value's place, by the hash of its characters (one value per hash: another with the same hash is not kept). */
  private readonly places = new Map<number, number>();
  private readonly codes: Uint16Array[] = [];
  private readonly hashes: Int32Array;
  private readonly answers: V[] = [];
  /** The lookup count when each place was last found or filled. */
  private readonly lastUsed: Float64Array;
  private lookups = 0;
  /** Where the search for a stale value goes on from. */
  private hand = 0;
  private readonly staleAfter: number;

  /** `capacity` values at most, each of `maxLength` characters at most (longer ones are never kept). */
  constructor(
    readonly capacity: number,
    readonly maxLength: number,
  ) {
    this.hashes = new Int32Array(capacity);
    this.lastUsed = new Float64Array(capacity);
    this.staleAfter = STALE_FACTOR * capacity;
  }

  /** How many values are kept. */
  get size(): number {
    return this.codes.length;
  }

  /** The place of the characters `[start, end)` of `text` (read with `answerAt`, `codesAt`), or -1 when not kept. */
  find(text: string, start: number, end: number, hash = hashOf(text, start, end)): number {
    this.lookups++;
    const place = this.places.get(hash);
    if (place === undefined) return -1;
    const codes = this.codes[place]!;
    if (codes.length !== end - start || !codesAt(text, start, codes)) return -1;
    this.lastUsed[place] = this.lookups;
    return place;
  }

  /** What is kept at `place` (found by `find`). */
  answerAt(place: number): V {
    return this.answers[place]!;
  }

  /** The characters kept at `place` (found by `find`). */
  charactersAt(place: number): Uint16Array {
    return this.codes[place]!;
  }

  /**
   * Keeps what `answer` gives for `codes` (a value's characters, which `find` did not find), if there is room or a
   * stale value to replace (`answer` is not called otherwise); returns whether it was kept.
   */
  set(codes: Uint16Array, answer: () => V, hash = hashOf(codes, 0, codes.length)): boolean {
    if (codes.length > this.maxLength || this.places.has(hash)) return false;
    let place = this.codes.length;
    if (place >= this.capacity) {
      place = this.stalePlace();
      if (place < 0) return false;
      this.places.delete(this.hashes[place]!);
    }
    this.places.set(hash, place);
    this.codes[place] = codes;
    this.answers[place] = answer();
    this.hashes[place] = hash;
    this.lastUsed[place] = this.lookups;
    return true;
  }

  /** A place whose value was not looked up for `staleAfter` lookups, among the next `SWEEP`; -1 when none is. */
  private stalePlace(): number {
    for (let k = 0; k < SWEEP; k++) {
      const place = this.hand;
      this.hand = place + 1 === this.capacity ? 0 : place + 1;
      if (this.lookups - this.lastUsed[place]! > this.staleAfter) return place;
    }
    return -1;
  }
}

/** A string's characters, or a typed array's codes. */
type Characters = string | Uint16Array;

/** FNV-1a over every character of `[start, end)`: values differ anywhere (`/menu/1?lang=ko`, `/menu/2?lang=ko`). */
export function hashOf(text: Characters, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  if (typeof text === 'string') for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  else for (let i = start; i < end; i++) h = Math.imul(h ^ text[i]!, 16777619);
  return h;
}

/** The character codes of `value`. */
export function charCodes(value: string): Uint16Array {
  const codes = new Uint16Array(value.length);
  for (let k = 0; k < value.length; k++) codes[k] = value.charCodeAt(k);
  return codes;
}

/** Are the characters of `text` at `at` the `codes`? */
export function codesAt(text: string, at: number, codes: Uint16Array): boolean {
  for (let k = 0; k < codes.length; k++) if (codes[k] !== text.charCodeAt(at + k)) return false;
  return true;
}

/** Are the code units of a text (`units`) at `at` the `codes`? */
export function unitsAt(units: Uint16Array, at: number, codes: Uint16Array): boolean {
  for (let k = 0; k < codes.length; k++) if (codes[k] !== units[at + k]) return false;
  return true;
}

/**
 * A hash of the code units `[start, end)` of `units` from their length and four of them, whatever the length:
 * for a table of a few hundred values where a collision only costs a comparison.
 */
export function hashUnits(units: Uint16Array, start: number, end: number): number {
  const length = end - start;
  if (length === 0) return 0;
  let h = Math.imul(length ^ units[start]!, 0x9e3779b1);
  h = Math.imul(h ^ units[end - 1]!, 0x85ebca6b);
  h = Math.imul(h ^ units[start + (length >> 1)]!, 0xc2b2ae35);
  if (length > 1) h = Math.imul(h ^ units[start + 1]!, 0x27d4eb2f);
  return h ^ (h >>> 15);
}

/** A string of `codes`: one of its own, which keeps no other string alive. */
export function stringOf(codes: Uint16Array): string {
  return String.fromCharCode.apply(null, codes as unknown as number[]);
}
