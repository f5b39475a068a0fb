/** Binary search over things in order of an offset (templates, URLs, spans by their start). */

/**
 * How many of the first `length` items, in order of `at(i)`, come before `offset`: `at(i) < offset`, or with
 * `orAt` also `at(i) === offset`. The index of the first item at (or after) `offset`.
 */
export function countBefore(length: number, at: (i: number) => number, offset: number, orAt = false): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const value = at(mid);
    if (value < offset || (orAt && value === offset)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The indices, in order, of the items of `items` whose span (`spanOf`) holds `offset` (`start <= offset < end`):
 * found by a search among the spans ordered by start, not a look at each (a file's conditions and handlers are
 * asked about for every URL in it). The order is made once per list.
 */
export function spansHolding<T>(items: readonly T[], spanOf: (item: T) => { start: number; end: number }, offset: number): number[] {
  let index = spanIndexes.get(items);
  if (!index) {
    const order = items.map((_, i) => i).sort((a, b) => spanOf(items[a]!).start - spanOf(items[b]!).start);
    const starts = Int32Array.from(order, (i) => spanOf(items[i]!).start);
    // The furthest end of the spans up to each place in that order: no span before it reaches further.
    const reach = new Int32Array(order.length);
    order.forEach((i, k) => (reach[k] = Math.max(k > 0 ? reach[k - 1]! : -1, spanOf(items[i]!).end)));
    spanIndexes.set(items, (index = { order: Int32Array.from(order), starts, reach }));
  }
  const { order, starts, reach } = index;
  const out: number[] = [];
  for (let k = countBefore(starts.length, (i) => starts[i]!, offset, true) - 1; k >= 0 && reach[k]! > offset; k--) if (spanOf(items[order[k]!]!).end > offset) out.push(order[k]!);
  return out.sort((a, b) => a - b);
}

const spanIndexes = new WeakMap<readonly unknown[], { order: Int32Array; starts: Int32Array; reach: Int32Array }>();

/**
 * Where one character occurs next in a text, for a reader moving forward through it: `indexOf` finds it
 * faster than a loop over the characters, but asked again at every step it would search ahead again each
 * time (to the end of the text, when the character is not there). Each answer is kept with the offset it was
 * asked from and stays the answer for every offset between the two; asked from before that offset, only the
 * characters up to it are read. So a reader that moves forward, stepping back now and then, searches the text
 * about once in all, and reads again only what it stepped back over.
 */
export class NextOccurrence {
  private at = -1;
  private from = 0;
  private readonly code: number;

  constructor(
    private readonly text: string,
    private readonly character: string,
  ) {
    this.code = character.charCodeAt(0);
  }

  /** The offset of the next occurrence at or after `pos`; the text's length when there is none. */
  after(pos: number): number {
    if (pos > this.at) {
      const at = this.text.indexOf(this.character, pos);
      this.at = at < 0 ? this.text.length : at;
      this.from = pos;
    } else if (pos < this.from) {
      // None in [from, at): only the characters stepped back over may hold one.
      const { text, code } = this;
      for (let i = pos; i < this.from; i++) {
        if (text.charCodeAt(i) === code) {
          this.at = i;
          break;
        }
      }
      this.from = pos;
    }
    return this.at;
  }
}
