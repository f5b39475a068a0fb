/**
 * Keeps findings out of `${…}`. Inside a substitution is JavaScript — TypeScript's to judge — and its text
 * is only placeholders to the XML parser, so a rule's range or fix there would be about code it never saw.
 * Applied to every rule's findings in one place, so no rule can forget it:
 *
 * - a finding that starts or ends inside a substitution is clipped to the template text beside it, and one
 *   lying wholly inside a substitution is dropped (a finding covering whole substitutions, like an element
 *   `<Say>${x}</Say>`, is fine);
 * - a fix with an edit that cuts into a substitution is dropped (replacing a whole `${…}`, as the injection
 *   rule's fix does, or deleting an element around one keeps the code whole).
 */
import type { Substitution, VoiceMLRegion } from '../document/region';
import type { Finding } from '../rules/run';

export function confineToTemplateText(region: VoiceMLRegion, findings: Finding[]): Finding[] {
  const substitutions = region.substitutions;
  if (!substitutions || substitutions.length === 0) return findings;
  const out: Finding[] = [];
  for (const finding of findings) {
    let { start, end } = finding;
    const inside = containing(substitutions, start);
    if (inside && end <= inside.end) continue; // wholly inside one `${…}`
    if (inside) start = inside.end;
    const last = containing(substitutions, end);
    if (last) end = last.start;
    if (end < start || (end === start && finding.end > finding.start)) continue;
    const fixes = finding.fixes?.filter((fix) => fix.edits.every((edit) => !cutsInto(substitutions, edit.start, edit.end)));
    out.push(start === finding.start && end === finding.end && fixes?.length === finding.fixes?.length ? finding : { ...finding, start, end, fixes });
  }
  return out;
}

/** The substitution with `offset` strictly inside it (its ends are template text). */
function containing(substitutions: readonly Substitution[], offset: number): Substitution | undefined {
  for (const s of substitutions) {
    if (s.start >= offset) return undefined; // ordered
    if (offset < s.end) return s;
  }
  return undefined;
}

/** Does an edit of `[start, end)` change part of a substitution without replacing all of it? */
function cutsInto(substitutions: readonly Substitution[], start: number, end: number): boolean {
  for (const s of substitutions) {
    if (s.start >= end && start < end) break;
    const overlaps = start < s.end && end > s.start;
    const whole = start <= s.start && end >= s.end;
    if (start === end ? start > s.start && start < s.end : overlaps && !whole) return true;
  }
  return false;
}
