/** Looking up a region's substitutions by offset: they are ordered, and a template can hold thousands. */
import type { Substitution } from './region';

/** Index of the last substitution starting before `offset`, or -1 (binary search). */
export function lastStartingBefore(substitutions: readonly Substitution[], offset: number): number {
  let low = 0;
  let high = substitutions.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (substitutions[mid]!.start < offset) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/** The substitutions starting in `[from, to)`. A generator: asked only where a value or text holds one. */
export function* substitutionsWithin(substitutions: readonly Substitution[], from: number, to: number): Generator<Substitution> {
  for (let i = lastStartingBefore(substitutions, from) + 1; i < substitutions.length; i++) {
    const s = substitutions[i]!;
    if (s.start >= to) return;
    yield s;
  }
}
