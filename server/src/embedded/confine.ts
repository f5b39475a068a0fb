/**
 * Keeps findings out of `${…}`. Inside a substitution is JavaScript — TypeScript's to judge — and its text
 * is only placeholders to the XML parser, so a rule's range or fix there would be about code it never saw.
 * Applied to every rule's findings in one place, so no rule can forget it:
 *
 * - a finding that starts or ends inside a substitution is clipped to the template text beside it, and one
 *   lying wholly inside a substitution is dropped (a finding covering whole substitutions, like an element
 *   `<Say>${x}</Say>`, is fine);
 * - a fix with an edit that cuts into a substitution is dropped (replacing a whole `${…}`, as the injection
 *   rule's fix does, or deleting an element around one keeps the code whole);
 * - text a fix writes into the template is escaped for a template literal (`` ` ``, `${`, `\`), so that it
 *   is what the XML receives at run time and the template stays one template.
 */
import type { Substitution, VoiceMLRegion } from '../document/region';
import type { Finding } from '../rules/run';

export function confineToTemplateText(region: VoiceMLRegion, findings: Finding[]): Finding[] {
  const substitutions = region.substitutions;
  if (!substitutions) return findings; // not a template literal
  const length = region.tree.text.length;
  const out: Finding[] = [];
  for (const finding of findings) {
    let { start, end } = finding;
    const inside = containing(substitutions, start);
    if (inside && end <= inside.end) continue; // wholly inside one `${…}`
    if (inside) start = inside.end;
    const last = containing(substitutions, end);
    if (last) end = last.start;
    if (end < start || (end === start && finding.end > finding.start)) continue;
    const fixes = finding.fixes
      ?.filter((fix) => fix.edits.every((edit) => !cutsInto(substitutions, edit.start, edit.end)))
      .map((fix) => {
        // Only edits of template text: not one replacing whole `${…}` (its new text is code) nor one outside
        // the template (a helper added to the file).
        const escaped = fix.edits.map((edit) =>
          edit.start >= 0 && edit.end <= length && !replacesSubstitution(substitutions, edit.start, edit.end) ? { ...edit, newText: escapeTemplateText(edit.newText) } : edit,
        );
        return escaped.every((edit, i) => edit === fix.edits[i]) ? fix : { ...fix, edits: escaped };
      });
    const same = start === finding.start && end === finding.end && fixes?.length === finding.fixes?.length && fixes?.every((fix, i) => fix === finding.fixes![i]);
    out.push(same ? finding : { ...finding, start, end, fixes });
  }
  return out;
}

/** `text` as it must be written inside a template literal to come out as `text`. */
export function escapeTemplateText(text: string): string {
  if (!text.includes('\\') && !text.includes('`') && !text.includes('${')) return text;
  return text.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('${', '\\${');
}

/** Does `[start, end)` cover at least one whole substitution? */
function replacesSubstitution(substitutions: readonly Substitution[], start: number, end: number): boolean {
  const first = substitutions[lastStartingBefore(substitutions, start) + 1];
  return first !== undefined && first.end <= end;
}

/** The substitution with `offset` strictly inside it (its ends are template text). */
function containing(substitutions: readonly Substitution[], offset: number): Substitution | undefined {
  const s = substitutions[lastStartingBefore(substitutions, offset)];
  return s && offset < s.end ? s : undefined;
}

/** Does an edit of `[start, end)` change part of a substitution without replacing all of it? */
function cutsInto(substitutions: readonly Substitution[], start: number, end: number): boolean {
  // Only substitutions starting before `end` (or at an insertion point) can be touched; they are ordered.
  for (let i = Math.max(0, lastStartingBefore(substitutions, start)); i < substitutions.length; i++) {
    const s = substitutions[i]!;
    if (s.start >= end && start < end) break;
    if (start === end) {
      if (start > s.start && start < s.end) return true;
      if (s.start >= start) break;
      continue;
    }
    const overlaps = start < s.end && end > s.start;
    const whole = start <= s.start && end >= s.end;
    if (overlaps && !whole) return true;
  }
  return false;
}

/** Index of the last substitution starting before `offset`, or -1 (binary search: templates can be long). */
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
