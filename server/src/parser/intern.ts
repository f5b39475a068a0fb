/**
 * A cache of short strings cut from parsed texts: the same name or small value read again costs no allocation,
 * and comparing or hashing it again costs nothing either (V8 keeps a string's hash).
 */

/**
 * Short strings seen before (names, indentation, small values such as `ko-KR` or `1`), so that the same name
 * parsed again costs no allocation. V8 copies every slice shorter than 13 characters, and a tree with tens of
 * thousands of them spends more time in the garbage collector than in the scanner. Shared by all parses: its
 * size is bounded, and it is only a cache (a miss just slices). The limit is 12 on purpose: a longer slice is
 * a view that keeps its whole document alive, which a long-lived cache must not hold on to.
 */
const INTERN_MAX_LENGTH = 12;
const INTERN_SLOTS = 4096;
const internTable: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS).fill(undefined);

/** Does `part` occur in `s` at `at`? (A plain loop: for a few characters it beats calling `startsWith`.) */
export function occursAt(s: string, at: number, part: string): boolean {
  for (let k = 0; k < part.length; k++) if (part.charCodeAt(k) !== s.charCodeAt(at + k)) return false;
  return true;
}

/**
 * A hash of the characters `[start, end)` of `s`: the length and four of them (the one of a one-character
 * range four times), enough to tell the usual names and small values apart (a collision only costs a
 * comparison). Only characters inside the range are read: a name hashes the same wherever it is written, and
 * alone (a symbol table hashes a name read in a text, and hashes it again alone when it grows). Math.imul
 * keeps the arithmetic in 32-bit integers (a plain `*` by a large constant would go through doubles).
 */
export function hashRange(s: string, start: number, end: number): number {
  const length = end - start;
  if (length === 0) return 0;
  let h = Math.imul(length ^ s.charCodeAt(start), 0x9e3779b1);
  h = Math.imul(h ^ s.charCodeAt(end - 1), 0x85ebca6b);
  h = Math.imul(h ^ s.charCodeAt(start + (length >> 1)), 0xc2b2ae35);
  h = Math.imul(h ^ s.charCodeAt(length > 1 ? start + 1 : start), 0x27d4eb2f);
  return h ^ (h >>> 15);
}

/**
 * `s` as a string of its own, for what outlives the text it was cut from: V8 makes a slice of 13 characters or
 * more a view of the whole text, which would keep it alive.
 */
export function ownCopy(s: string): string {
  return Buffer.from(s, 'utf16le').toString('utf16le');
}

export function internSlice(s: string, start: number, end: number): string {
  const length = end - start;
  if (length > INTERN_MAX_LENGTH || length === 0) return s.slice(start, end);
  const slot = hashRange(s, start, end) & (INTERN_SLOTS - 1);
  const cached = internTable[slot];
  if (cached !== undefined && cached.length === length && occursAt(s, start, cached)) return cached;
  const slice = s.slice(start, end);
  // The model's own string where it has one (see `nameSlice`): a hit then needs no other lookup.
  const fresh = wellKnownNames.get(slice) ?? slice;
  internTable[slot] = fresh;
  return fresh;
}

/**
 * The names a parse usually meets (the model's element and attribute names), each as the one string the model
 * holds. A tree's names are these strings rather than slices of its text: comparing a name with the model's
 * (`findAttribute(el, 'action')`, a Map keyed by names) is then one pointer comparison, where a slice of a
 * document with Korean text is a two-byte string compared character by character with the model's one-byte one.
 */
const wellKnownNames = new Map<string, string>();

/**
 * The well-known names as the symbols every tree shares (see `XmlTree.symbol`): symbol `s` below
 * `knownNames.length` is `knownNames[s]` in every tree, and a tree's own names are numbered after them. Code
 * that looks something up per name (the rule runner's model entries, the parser's expected names) then keeps
 * one table by symbol for all trees, worked out once, instead of one per tree: a JS/TS or Python file has
 * hundreds of small trees, each of which otherwise hashed and looked up the same few names again. Set once,
 * before the first tree is made (`addWellKnownNames`), so a symbol never changes its name.
 */
export const knownNames: string[] = [];
/** Their code units one after another (see `knownUnitsAt`): the parser compares a name where it stands with them. */
export let knownUnits = new Uint16Array(0);
/** Where each known name's code units begin in `knownUnits`, by symbol. */
export const knownUnitsAt: number[] = [];
/** Open addressing over `knownNames` by `hashRange`: a slot holds a symbol + 1, or 0 when empty. At most a quarter full. */
let knownSlots = new Int32Array(1);
/** Set once a tree holds symbols: the known names may not change from then on. */
let knownNamesInUse = false;

/** Adds names to those a tree's names are taken from, and to the symbols every tree shares (the model, once, at load). */
export function addWellKnownNames(names: Iterable<string>): void {
  if (knownNamesInUse) throw new Error('the well-known names are set before the first tree is made');
  for (const name of names) {
    if (name.length > 0 && !wellKnownNames.has(name)) knownNames.push(name);
    wellKnownNames.set(name, name);
  }
  const units: number[] = [];
  knownUnitsAt.length = 0;
  for (const name of knownNames) {
    knownUnitsAt.push(units.length);
    for (let k = 0; k < name.length; k++) units.push(name.charCodeAt(k));
  }
  knownUnits = Uint16Array.from(units);
  let size = 1;
  while (size < knownNames.length * 4) size *= 2;
  knownSlots = new Int32Array(size);
  knownNames.forEach((name, symbol) => {
    let slot = hashRange(name, 0, name.length) & (size - 1);
    while (knownSlots[slot] !== 0) slot = (slot + 1) & (size - 1);
    knownSlots[slot] = symbol + 1;
  });
  // Each one is found as the parser meets it: written in a text, something after it.
  knownNames.forEach((name, symbol) => {
    const written = `${name}=`;
    if (knownSymbol(written, 0, name.length, hashRange(written, 0, name.length)) !== symbol) throw new Error(`the well-known name '${name}' is not found where it is written`);
  });
  // Slices cut before hold other strings of the same text: the names are to be found as the model's from now on.
  internTable.fill(undefined);
}

/** How many known names a tree made now shares (the first `knownNames.length` symbols); none may be added after. */
export function useKnownNames(): number {
  knownNamesInUse = true;
  return knownNames.length;
}

/** The known name's symbol for `[start, end)` of `s`, whose `hashRange` is `hash`; -1 when it is none. */
export function knownSymbol(s: string, start: number, end: number, hash: number): number {
  const length = end - start;
  const mask = knownSlots.length - 1;
  probe: for (let slot = hash & mask, entry = knownSlots[slot]!; entry !== 0; slot = (slot + 1) & mask, entry = knownSlots[slot]!) {
    const name = knownNames[entry - 1]!;
    if (name.length !== length) continue;
    for (let k = 0; k < length; k++) if (name.charCodeAt(k) !== s.charCodeAt(start + k)) continue probe;
    return entry - 1;
  }
  return -1;
}

/**
 * The name written at `[start, end)` of `s`: the well-known string when it is one of those names. A short one
 * is what `internSlice` gives, which keeps the well-known strings themselves.
 */
export function nameSlice(s: string, start: number, end: number): string {
  const name = internSlice(s, start, end);
  return end - start > INTERN_MAX_LENGTH ? (wellKnownNames.get(name) ?? name) : name;
}
