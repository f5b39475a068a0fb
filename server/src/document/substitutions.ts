/** Looking up a region's substitutions by offset: they are ordered, and a template can hold thousands. */
import type { Substitution, SubstitutionValue } from './region';

/** A range of region offsets. */
export interface Span {
  start: number;
  end: number;
}

/** Index of the last span (substitution, seam) starting before `offset`, or -1 (binary search). */
export function lastStartingBefore(substitutions: readonly Span[], offset: number): number {
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

/**
 * Index of the first substitution (or span) starting at or after `offset`: those starting in `[from, to)` are
 * the ones from `firstStartingAt(substitutions, from)` on while their start is before `to`.
 */
export function firstStartingAt(substitutions: readonly Span[], offset: number): number {
  return lastStartingBefore(substitutions, offset) + 1;
}

/** What two values joined can hold (`a + b`, `a or b`, either branch of a condition). */
export function join(a: SubstitutionValue, b: SubstitutionValue): SubstitutionValue {
  if (a.kind === 'unknown' || b.kind === 'unknown') return { kind: 'unknown' };
  let specials = a.specials;
  for (const c of b.specials) if (!specials.includes(c)) specials += c;
  const escaped = a.escaped ?? b.escaped;
  return escaped !== undefined ? { kind: 'known', specials, escaped } : { kind: 'known', specials };
}

/**
 * What an escaper that leaves the characters `leaves` (quotes, for some) returns for an argument of `value`:
 * those of them the argument may hold — all, when nothing is known of it.
 */
export function leftOf(leaves: string, value: SubstitutionValue): string {
  if (value.kind === 'unknown') return leaves;
  let left = '';
  for (const c of leaves) if (value.specials.includes(c)) left += c;
  return left;
}

/** The XML-special characters in `text`, each once, in the order `<&"'`. */
export function specialsIn(text: string): string {
  let specials = '';
  for (const c of '<&"\'') if (text.includes(c)) specials += c;
  return specials;
}

/**
 * A substitution whose value is worked out on first use (`valueNow`, `constantNow`: from the host's code) and
 * kept: hosts make their substitutions of it, and a version of a region moved past a keystroke elsewhere takes
 * what its previous version found (`keep`) instead of working it out again.
 */
export abstract class KeptSubstitution implements Substitution {
  private held: SubstitutionValue | undefined;
  private known: { text: string | undefined } | undefined;

  readonly start: number;
  readonly end: number;
  readonly expressionStart: number;
  readonly expressionEnd: number;
  readonly text: string;
  readonly expression: string;

  /** The substitution written at `written` (with its expression) in `source`, in the offsets of a region at `base`. */
  constructor(written: { start: number; end: number; expressionStart: number; expressionEnd: number }, base: number, source: string) {
    this.start = written.start - base;
    this.end = written.end - base;
    this.expressionStart = written.expressionStart - base;
    this.expressionEnd = written.expressionEnd - base;
    this.text = source.slice(written.start, written.end);
    this.expression = source.slice(written.expressionStart, written.expressionEnd);
  }

  protected abstract valueNow(): SubstitutionValue;
  protected abstract constantNow(): string | undefined;

  value(): SubstitutionValue {
    return (this.held ??= this.valueNow());
  }

  constant(): string | undefined {
    return (this.known ??= { text: this.constantNow() }).text;
  }

  /**
   * Takes what `before` — the same code in the file's previous version, where what names hold was the same —
   * was found to hold.
   */
  keep(before: KeptSubstitution | undefined): void {
    if (before?.expression !== this.expression) return;
    this.held ??= before.held;
    this.known ??= before.known;
  }
}
