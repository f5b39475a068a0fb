/**
 * "Did you mean …?" for element names, attribute names and enum values. Pure; no model knowledge, so any rule
 * can hand it whatever candidate list fits its position.
 */
import { editDistance } from '../parser/names';

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
