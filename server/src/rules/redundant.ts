/**
 * One mistake, one finding. Rules look at the document each from its own side, so one mistake can catch the
 * eye of several: `<Dial>sip:x</Dial>` is text where none belongs and a `<Dial>` without `<Number>`; an
 * unknown element's attributes are unknown too; a `<Record>` that never runs has no `action`. The rules say
 * how their findings relate (`Problem.covers`, `Problem.yieldsTo`), and this pass keeps the finding that
 * explains the mistake:
 *
 * - a finding that `covers` an element (it is not VoiceML) hides every other finding inside it, but those of
 *   `markup` rules (what breaks the XML breaks the whole response, wherever it is);
 * - a finding that `yieldsTo` errors within a range is left out when there is one; one that yields to a
 *   rewrite of a range, when another finding's fix rewrites exactly that range;
 * - an information or a hint lying within an error's range says less than the error about the same place; a
 *   warning, information or hint within code that never runs (a finding tagged `unnecessary`) is moot — but
 *   for `markup` rules again: XML broken in a verb that never runs still breaks the response;
 * - of findings alike (rule, range, message), one is kept.
 *
 * Runs after the rules, on what they found: a finding only hides others when its rule is enabled. Cost: a few
 * sweeps over the findings by position, whatever their number (a sort first when they do not come sorted).
 */
import type { MessageArg, Range, Severity } from './rule';
import type { Finding } from './run';

export function dropRedundant(findings: readonly Finding[]): Finding[] {
  const n = findings.length;
  if (n < 2) return [...findings];
  // Each pass sweeps the findings by position (they nearly always come so: then no sorting at all), marking
  // those it leaves out; each reads only what the passes before it kept.
  const order = byPosition(findings);
  const dropped = new Uint8Array(n);
  dropCovered(findings, order, dropped);
  if (findings.some((f, i) => f.yieldsTo && dropped[i] === 0)) dropExplained(findings, dropped);
  dropOutranked(findings, order, dropped);
  dropAlike(findings, order, dropped);
  const kept: Finding[] = [];
  for (let i = 0; i < n; i++) if (dropped[i] === 0) kept.push(findings[i]!);
  return kept;
}

const severityOf = (finding: Finding): Severity => finding.severity ?? finding.rule.severity;

/**
 * The indexes of the findings by start, then end, then index (a stable order): undefined when that is their
 * order already.
 */
function byPosition(findings: readonly Finding[]): Int32Array | undefined {
  let sorted = true;
  for (let i = 1; i < findings.length && sorted; i++) {
    const a = findings[i - 1]!;
    const b = findings[i]!;
    sorted = a.start < b.start || (a.start === b.start && a.end <= b.end);
  }
  if (sorted) return undefined;
  return Int32Array.from(findings.keys()).sort((x, y) => findings[x]!.start - findings[y]!.start || findings[x]!.end - findings[y]!.end || x - y);
}

/** A finding inside what another `covers` (an element that is not VoiceML), but for those of `markup` rules. */
function dropCovered(findings: readonly Finding[], order: Int32Array | undefined, dropped: Uint8Array): void {
  const covers: Range[] = [];
  for (const f of findings) if (f.covers) covers.push(f.covers);
  if (covers.length === 0) return;
  covers.sort((a, b) => a.start - b.start);
  // The covered ranges starting at or before a finding, swept along with the findings: the greatest end.
  let next = 0;
  let maxEnd = -1;
  for (let k = 0; k < findings.length; k++) {
    const i = order ? order[k]! : k;
    const finding = findings[i]!;
    while (next < covers.length && covers[next]!.start <= finding.start) maxEnd = Math.max(maxEnd, covers[next++]!.end);
    if (maxEnd >= finding.end && finding.rule.markup !== true) dropped[i] = 1;
  }
}

/** A finding that `yieldsTo` an error within a range, or to a rewrite of a range, when there is one. */
function dropExplained(all: readonly Finding[], dropped: Uint8Array): void {
  const findings = all.filter((_, i) => dropped[i] === 0);
  const errors = findings.filter((f) => severityOf(f) === 'error').sort((a, b) => a.start - b.start);
  // Which findings have a fix rewriting a range, by range: their fixes made only when some finding yields to
  // a rewrite (a misnamed end tag), as they are seldom asked for.
  const rewriters = new Map<string, Finding[]>();
  const rewritesWanted = findings.some((f) => f.yieldsTo?.rewriteOf);
  for (const f of rewritesWanted ? findings : []) {
    for (const fix of f.fixes?.() ?? []) {
      for (const edit of fix.edits) {
        const key = `${edit.start}:${edit.end}`;
        const list = rewriters.get(key);
        if (!list) rewriters.set(key, [f]);
        else if (list[list.length - 1] !== f) list.push(f);
      }
    }
  }
  all.forEach((finding, i) => {
    const yields = finding.yieldsTo;
    if (!yields || dropped[i] === 1) return;
    if (
      (yields.rewriteOf && rewriters.get(`${yields.rewriteOf.start}:${yields.rewriteOf.end}`)?.some((f) => f !== finding)) ||
      (yields.errorsIn && hasErrorWithin(errors, yields.errorsIn, finding))
    ) {
      dropped[i] = 1;
    }
  });
}

/** Is an error other than `self` within `range`? `errors` sorted by start. */
function hasErrorWithin(errors: readonly Finding[], range: Range, self: Finding): boolean {
  let lo = 0;
  let hi = errors.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (errors[mid]!.start < range.start) lo = mid + 1;
    else hi = mid;
  }
  // Findings lie within elements, so the first error starting in the range nearly always ends in it too.
  for (let i = lo; i < errors.length && errors[i]!.start <= range.end; i++) {
    const error = errors[i]!;
    if (error !== self && error.end <= range.end) return true;
  }
  return false;
}

/**
 * A warning, information or hint within code that never runs (another finding tagged `unnecessary`, or for one
 * so tagged itself, a larger one), and an information or hint within an error; but for `markup` rules.
 *
 * The findings are swept by position a start at a time: of the errors and of the unnecessary findings, the
 * greatest end among those starting before it and among those starting at it or before.
 */
function dropOutranked(findings: readonly Finding[], order: Int32Array | undefined, dropped: Uint8Array): void {
  const n = findings.length;
  let errorsBefore = -1;
  let unneededBefore = -1;
  for (let k = 0; k < n; ) {
    // The findings kept so far starting where this one does: k … end - 1 (in `order`).
    const start = findings[order ? order[k]! : k]!.start;
    let end = k;
    let errorsThrough = errorsBefore;
    let unneededThrough = unneededBefore;
    for (; end < n; end++) {
      const f = findings[order ? order[end]! : end]!;
      if (f.start !== start) break;
      if (dropped[order ? order[end]! : end] === 1) continue;
      if (severityOf(f) === 'error') errorsThrough = Math.max(errorsThrough, f.end);
      if (f.tags?.includes('unnecessary')) unneededThrough = Math.max(unneededThrough, f.end);
    }
    for (; k < end; k++) {
      const i = order ? order[k]! : k;
      const finding = findings[i]!;
      if (dropped[i] === 1) continue;
      const severity = severityOf(finding);
      if (severity === 'error' || finding.rule.markup === true) continue;
      // An unneeded attribute in a verb that never runs: the verb's own finding is among those ranges, so
      // only a larger one (starting before it, or at it and ending after it) counts.
      const neverRuns = finding.tags?.includes('unnecessary')
        ? unneededBefore >= finding.end || unneededThrough >= finding.end + 1
        : unneededThrough >= finding.end;
      if (neverRuns || (severity !== 'warning' && errorsThrough >= finding.end)) dropped[i] = 2;
    }
    errorsBefore = errorsThrough;
    unneededBefore = unneededThrough;
  }
  for (let i = 0; i < n; i++) if (dropped[i] === 2) dropped[i] = 1;
}

/**
 * Of findings alike, the first. Alike findings have one range, so they stand together in the sweep; few
 * findings share a range.
 */
function dropAlike(findings: readonly Finding[], order: Int32Array | undefined, dropped: Uint8Array): void {
  let runFrom = 0;
  for (let k = 0; k < findings.length; k++) {
    const i = order ? order[k]! : k;
    if (dropped[i] === 1) continue;
    const finding = findings[i]!;
    const first = findings[order ? order[runFrom]! : runFrom]!;
    if (first.start !== finding.start || first.end !== finding.end) {
      runFrom = k;
      continue;
    }
    for (let j = runFrom; j < k; j++) {
      const other = order ? order[j]! : j;
      if (dropped[other] === 0 && alike(findings[other]!, finding)) {
        dropped[i] = 1;
        break;
      }
    }
  }
}

/** The same rule, range, message and arguments. */
function alike(a: Finding, b: Finding): boolean {
  if (a.rule.name !== b.rule.name || a.end !== b.end || a.message.en !== b.message.en) return false;
  const x = a.args ?? [];
  const y = b.args ?? [];
  return x.length === y.length && x.every((arg, i) => sameArg(arg, y[i]!));
}

const sameArg = (a: MessageArg, b: MessageArg): boolean => (typeof a === 'string' || typeof b === 'string' ? a === b : a.ko === b.ko && a.en === b.en);
