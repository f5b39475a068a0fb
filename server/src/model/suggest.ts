/**
 * "Did you mean …?" for element names, attribute names and enum values. Pure; no model knowledge, so any rule
 * can hand it whatever candidate list fits its position.
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

  // Three rolling rows: the one two back is needed for the transposition case.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = new Array<number>(b.length + 1);
  let current = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) previous[j] = j;

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
    [before, previous, current] = [previous, current, before];
  }
  return previous[b.length]!;
}

/**
 * How far a guess may be from what was typed and still be worth suggesting: one edit for short words, about a
 * third of the length for longer ones, never more than three (past that a suggestion is noise).
 */
export function defaultMaxDistance(value: string, candidate: string): number {
  return Math.min(3, Math.max(1, Math.floor(Math.max(value.length, candidate.length) / 3)));
}

/**
 * The candidate closest to `value`, or undefined when none is close enough.
 *
 * A candidate equal to `value` but for case wins outright (`numdigits` → `numDigits`): names are case-sensitive
 * and that is by far the likeliest slip. Otherwise distances are measured ignoring case, ties broken by the
 * case-sensitive distance and then by the candidates' order (the model lists the commoner names first).
 * Candidates identical to `value` are skipped: suggesting what was typed helps nobody.
 */
export function closest(value: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  if (value === '') return undefined;
  const lower = value.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  let bestExact = Infinity;
  for (const candidate of candidates) {
    if (candidate === value || candidate === '') continue;
    const candidateLower = candidate.toLowerCase();
    if (candidateLower === lower) return candidate;
    const max = maxDistance ?? defaultMaxDistance(value, candidate);
    const distance = editDistance(lower, candidateLower, max);
    if (distance > max || distance > bestDistance) continue;
    const exact = editDistance(value, candidate);
    if (distance < bestDistance || exact < bestExact) {
      best = candidate;
      bestDistance = distance;
      bestExact = exact;
    }
  }
  return best;
}
