/**
 * What changed between two versions of a document, as one range: what a keystroke, a paste or an undo makes.
 * Hosts use it to redo only the part of an analysis the change touched (`Host.findRegions` with `previous`).
 */
import type { VoiceMLRegion } from './region';
import { Memo } from '../memo';

/** `before[start, end)` was replaced by `after[start, newEnd)`; the text around it is the same in both. */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly newEnd: number;
}

/** How far offsets after the change moved. */
export const deltaOf = (change: TextChange): number => change.newEnd - change.end;

/**
 * Where `[start, end)` of the text `changes` made (one after the other) was in the text they were made to: an
 * edge inside what a change put in goes out to the edge of what it replaced, so the range found holds all of it.
 */
export function rangeBefore(changes: readonly TextChange[], start: number, end: number): { start: number; end: number } {
  for (let i = changes.length - 1; i >= 0; i--) {
    const change = changes[i]!;
    const delta = deltaOf(change);
    start = start <= change.start ? start : start >= change.newEnd ? start - delta : change.start;
    end = end <= change.start ? end : end >= change.newEnd ? end - delta : change.end;
  }
  return { start, end };
}

/**
 * A range of the text before `change` where it is after it, when the change was made where nothing the range
 * stands for is (inside a response's text, for the ranges of code): after the change, moved by what it added;
 * holding it, grown; before it, the same object.
 */
export function movedRange<R extends { start: number; end: number }>(range: R, change: TextChange): R | { start: number; end: number } {
  const delta = deltaOf(change);
  const start = range.start >= change.end ? range.start + delta : range.start;
  const end = range.end > change.start ? range.end + delta : range.end;
  return start === range.start && end === range.end ? range : { start, end };
}

/**
 * The smallest range outside which `before` and `after` are equal (the common prefix, then the common suffix
 * of what is left); undefined when they are equal. Compared a chunk at a time with string equality, which
 * the engine does with a memory comparison: a character at a time, 1 MB took ~4 ms; this takes ~0.05 ms
 * when the change is near the start, and a comparison of the whole text (~0.2 ms per MB) in the middle.
 *
 * The last change worked out is kept for the next call about the same two texts: at each validation after an
 * edit the host and the diagnostics' reuse both ask about the version before and this one. (Asked of another
 * text, the test is one comparison of `before` with the last one, which differ in length or early on, but for
 * a text of the same length changed late.) `forgetLastChange` lets go of the two texts.
 */
export function changeBetween(before: string, after: string): TextChange | undefined {
  if (before === last.before && after === last.after) return last.change;
  const change = changeAt(before, after);
  last.before = before;
  last.after = after;
  last.change = change;
  return change;
}

/** The last two texts `changeBetween` compared, and what it found. */
const last: { before: string | undefined; after: string | undefined; change: TextChange | undefined } = { before: undefined, after: undefined, change: undefined };

/** Lets go of the texts `changeBetween` keeps (their document is closed). */
export function forgetLastChange(): void {
  last.before = last.after = last.change = undefined;
}

function changeAt(before: string, after: string): TextChange | undefined {
  if (before === after) return undefined;
  const common = Math.min(before.length, after.length);
  const start = commonLength(common, (from, to) => before.slice(from, to) === after.slice(from, to), (i) => before.charCodeAt(i) === after.charCodeAt(i));
  // The suffix, within what is left after the prefix: counted from the ends.
  const rest = common - start;
  const tail = commonLength(
    rest,
    (from, to) => before.slice(before.length - to, before.length - from) === after.slice(after.length - to, after.length - from),
    (i) => before.charCodeAt(before.length - 1 - i) === after.charCodeAt(after.length - 1 - i),
  );
  return { start, end: before.length - tail, newEnd: after.length - tail };
}

/**
 * The length of the longest run `[0, n)` for which `equal(from, to)` holds of every chunk: galloping chunk
 * sizes up, then halving them, then `same(i)` a character at a time for the last few.
 */
function commonLength(n: number, equal: (from: number, to: number) => boolean, same: (i: number) => boolean): number {
  let length = 0;
  let step = 256;
  while (length + step <= n && equal(length, length + step)) {
    length += step;
    if (step < 1 << 20) step *= 2;
  }
  while (step > 16) {
    step >>= 1;
    while (length + step <= n && equal(length, length + step)) length += step;
  }
  while (length < n && same(length)) length++;
  return length;
}

/**
 * Regions a host made by moving its previous regions past a change that left the file's code as it was — made
 * inside the text of a string VoiceML is read from: what is read from the code (routes, bindings) only moved
 * with the text. The host says so (`recordCodeKept`); the call-flow index then moves the file's routes instead
 * of reading them again (`flow/index.ts`).
 *
 * Only the last step is kept: the index asks only whether the regions it read last are the ones these were
 * moved from. The record of the previous regions is dropped when the next is made, or each keystroke's regions
 * would keep the ones before them alive, and those theirs — every version of a file typed in since it was
 * opened, its text and parses (~3 MB a keystroke in a 1 MB file). (Not a `WeakRef`: what one refers to stays
 * alive until the task that made it ends, and a loop of keystrokes in one task — a bench, a test — would keep
 * them all.)
 */
const kept = new Memo<readonly VoiceMLRegion[], { previous: readonly VoiceMLRegion[]; change: TextChange; confirm?: () => boolean }>('code kept', { hidden: true });

/**
 * `confirm`: asked once, the first time the record is read (see `codeKept`), when the host has more to look at
 * before it can say so, which costs what only a reader of the code should pay for (JS/TS: whether TypeScript
 * reads the change as the templates' scan does).
 */
export function recordCodeKept(regions: readonly VoiceMLRegion[], previous: readonly VoiceMLRegion[], change: TextChange, confirm?: () => boolean): void {
  kept.delete(previous);
  kept.set(regions, { previous, change, confirm });
}

/**
 * The change `regions` were moved past from `previous`, when the host made them so (see `recordCodeKept`);
 * undefined otherwise, and when they were moved from other regions.
 */
export function codeKept(regions: readonly VoiceMLRegion[], previous: readonly VoiceMLRegion[]): TextChange | undefined {
  const record = kept.get(regions);
  if (record?.previous !== previous) return undefined;
  if (record.confirm) {
    const confirmed = record.confirm();
    record.confirm = undefined;
    if (!confirmed) {
      kept.delete(regions);
      return undefined;
    }
  }
  return record.change;
}
