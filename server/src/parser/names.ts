/**
 * How close two names are: the tolerant parser pairs an end tag with a start tag of a near-miss name
 * (`<Sya>…</Say>`), and the model suggests the name that was meant. Plain string functions.
 */

/**
 * The optimal-string-alignment distance (Damerau–Levenshtein restricted to non-overlapping edits): insertions,
 * deletions, substitutions and swaps of two adjacent characters each cost 1. Swaps matter here because the
 * commonest typos in tag names are transpositions (`Gahter`, `Dail`).
 *
 * With `max`, returns `max + 1` as soon as the distance is known to exceed it: callers only care about close
 * matches, and the cut-off keeps the cost at O(max × length) rather than O(length²) for long user text.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;

  // Three rolling rows: the one two back is needed for the transposition case. For names and values of
  // ordinary length, rows kept from call to call: each suggestion made three arrays and one more per row (68 KB
  // of the 1 MB more than a clean one that a keystroke in a 1 MB document with 10 % of its lines wrong allocated).
  const width = b.length + 1;
  const shared = width <= SHARED_WIDTH;
  let before = shared ? rows[0]! : new Int32Array(width);
  let previous = shared ? rows[1]! : new Int32Array(width);
  let current = shared ? rows[2]! : new Int32Array(width);
  for (let j = 0; j < width; j++) previous[j] = j;

  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let d = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        d = Math.min(d, before[j - 2]! + 1);
      }
      current[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // Every later row is at least this row's minimum, so the answer can only grow from here.
    if (rowMin > max) return max + 1;
    const oldest = before;
    before = previous;
    previous = current;
    current = oldest;
  }
  return previous[b.length]!;
}

/** The longest second name (plus one) whose rows `editDistance` keeps between calls. */
const SHARED_WIDTH = 256;
const rows = [new Int32Array(SHARED_WIDTH), new Int32Array(SHARED_WIDTH), new Int32Array(SHARED_WIDTH)];

/**
 * Same name up to case, or a slip of the keyboard away: one edit (a swap of two letters counts as one) in a
 * name of three to five letters, two in a longer one (`Sya` → `Say`, `Gahter` → `Gather`, `Rspones` →
 * `Response`). Short names are held to one edit, or `Say` and `Sip` would pass for each other, and names of
 * one or two letters to case alone (`<a>` and `<b>` are not one element misspelt).
 */
export function isNearMiss(name: string, target: string): boolean {
  const length = Math.max(name.length, target.length);
  const max = length < 6 ? 1 : 2;
  // Lengths too far apart for any edit allowed (`Say` and `Response`): settled before a string is made.
  if (Math.abs(name.length - target.length) > max) return false;
  const a = name.toLowerCase();
  const b = target.toLowerCase();
  if (a === b) return true;
  if (length < 3) return false;
  return editDistance(a, b, max) <= max;
}
