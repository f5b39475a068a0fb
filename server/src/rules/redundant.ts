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
 * Runs after the rules, on what they found: a finding only hides others when its rule is enabled. Cost: a
 * sort and a binary search per finding, whatever the number of findings.
 */
import type { MessageArg, Range, Severity } from './rule';
import type { Finding } from './run';

export function dropRedundant(findings: readonly Finding[]): Finding[] {
  if (findings.length < 2) return [...findings];
  let kept = findings.filter(notCovered(findings));
  kept = kept.filter(notExplained(kept));
  return kept.filter(notOutranked(kept)).filter(firstOfItsKind());
}

const severityOf = (finding: Finding): Severity => finding.severity ?? finding.rule.severity;

/** Ranges sorted by start, each with the greatest end of those up to it: "is `r` inside one of them?" in O(log n). */
class Enclosures {
  private readonly starts: number[];
  private readonly maxEnds: number[];

  constructor(ranges: readonly Range[]) {
    const sorted = [...ranges].sort((a, b) => a.start - b.start);
    this.starts = sorted.map((r) => r.start);
    this.maxEnds = [];
    let max = -1;
    for (const r of sorted) this.maxEnds.push((max = Math.max(max, r.end)));
  }

  /** Does a range other than `r` itself enclose it (start before it, or end after it)? */
  enclosesOtherThan(r: Range): boolean {
    return this.encloses({ start: r.start - 1, end: r.end }) || this.encloses({ start: r.start, end: r.end + 1 });
  }

  /** Does one range start at or before `r.start` and end at or after `r.end`? */
  encloses(r: Range): boolean {
    // The last range starting at or before r.start; the greatest end among it and those before it.
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! <= r.start) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && this.maxEnds[lo - 1]! >= r.end;
  }
}

function notCovered(findings: readonly Finding[]): (finding: Finding) => boolean {
  const covers = findings.flatMap((f) => (f.covers ? [f.covers] : []));
  if (covers.length === 0) return () => true;
  const enclosures = new Enclosures(covers);
  return (finding) => finding.rule.markup === true || !enclosures.encloses(finding);
}

function notExplained(findings: readonly Finding[]): (finding: Finding) => boolean {
  if (!findings.some((f) => f.yieldsTo)) return () => true;
  const errors = findings.filter((f) => severityOf(f) === 'error').sort((a, b) => a.start - b.start);
  // Which findings have a fix rewriting a range, by range.
  const rewriters = new Map<string, Finding[]>();
  for (const f of findings) {
    for (const fix of f.fixes ?? []) {
      for (const edit of fix.edits) {
        const key = `${edit.start}:${edit.end}`;
        const list = rewriters.get(key);
        if (!list) rewriters.set(key, [f]);
        else if (list[list.length - 1] !== f) list.push(f);
      }
    }
  }
  return (finding) => {
    const yields = finding.yieldsTo;
    if (!yields) return true;
    if (yields.rewriteOf && rewriters.get(`${yields.rewriteOf.start}:${yields.rewriteOf.end}`)?.some((f) => f !== finding)) return false;
    return !(yields.errorsIn && hasErrorWithin(errors, yields.errorsIn, finding));
  };
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

function notOutranked(findings: readonly Finding[]): (finding: Finding) => boolean {
  const errors = new Enclosures(findings.filter((f) => severityOf(f) === 'error'));
  const neverRun = new Enclosures(findings.filter((f) => f.tags?.includes('unnecessary')));
  return (finding) => {
    const severity = severityOf(finding);
    if (severity === 'error' || finding.rule.markup === true) return true;
    // An unneeded attribute in a verb that never runs; the verb's own finding is among those ranges.
    if (finding.tags?.includes('unnecessary') ? neverRun.enclosesOtherThan(finding) : neverRun.encloses(finding)) return false;
    return severity === 'warning' || !errors.encloses(finding);
  };
}

function firstOfItsKind(): (finding: Finding) => boolean {
  // By start, those kept so far: findings alike start alike, and few start at one place.
  const seen = new Map<number, Finding[]>();
  return (finding) => {
    const there = seen.get(finding.start);
    if (!there) {
      seen.set(finding.start, [finding]);
      return true;
    }
    if (there.some((other) => alike(other, finding))) return false;
    there.push(finding);
    return true;
  };
}

/** The same rule, range, message and arguments. */
function alike(a: Finding, b: Finding): boolean {
  if (a.rule.name !== b.rule.name || a.end !== b.end || a.message.en !== b.message.en) return false;
  const x = a.args ?? [];
  const y = b.args ?? [];
  return x.length === y.length && x.every((arg, i) => sameArg(arg, y[i]!));
}

const sameArg = (a: MessageArg, b: MessageArg): boolean => (typeof a === 'string' || typeof b === 'string' ? a === b : a.ko === b.ko && a.en === b.en);
