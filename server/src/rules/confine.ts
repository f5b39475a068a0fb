/**
 * Keeps findings out of substitutions (a template's `${…}`). Inside one is host code — the host language's
 * tools judge it — and its text is only placeholders to the XML parser, so a rule's range or fix there would
 * be about code it never saw. Applied to every rule's findings in one place, so no rule can forget it:
 *
 * - a finding that starts or ends inside a substitution is clipped to the literal text beside it, and one
 *   lying wholly inside a substitution is dropped (a finding covering whole substitutions, like an element
 *   `<Say>${x}</Say>`, is fine);
 * - a fix with an edit that cuts into a substitution is dropped (replacing a whole substitution, as the
 *   injection rule's fix does, or deleting an element around one keeps the code whole);
 * - text a fix writes into the literal is escaped as the host writes it (`RegionHost.escapeText`: in a
 *   template literal `` ` ``, `${`, `\`), so that it is what the XML receives at run time and the literal
 *   stays one literal; a fix the literal cannot hold there is dropped;
 * - a finding or an edit that starts or ends inside an escape sequence (`\"`, `\x3C`) is moved to its edge:
 *   the side of the escape's character the virtual offset is on, so an edit replaces the whole escape or
 *   none of it.
 */
import type { EscapeSpan, RegionMapping, Substitution, VoiceMLRegion } from '../document/region';
import type { Span } from '../document/substitutions';
import { lastStartingBefore } from '../document/substitutions';
import type { Finding } from './run';
import type { Edit, Fix } from './rule';

export function confineToLiteralText(region: VoiceMLRegion, findings: Finding[]): Finding[] {
  const substitutions = region.substitutions;
  if (!substitutions) return findings; // a whole XML file: nothing to keep out of, nothing to escape
  const out: Finding[] = [];
  const seams = region.seams ?? [];
  const escapes = region.escapes;
  for (const finding of findings) {
    let { start, end } = finding;
    // Wholly inside one substitution or seam: dropped; else clipped to the literal text beside them.
    for (const spans of [substitutions, seams]) {
      const inside = containing(spans, start);
      if (inside && end <= inside.end) start = end = -1;
      else if (inside) start = inside.end;
      const last = containing(spans, end);
      if (last) end = last.start;
    }
    if (start < 0 || end < start || (end === start && finding.end > finding.start)) continue;
    if (escapes) {
      start = edgeOf(escapes, start, 'start');
      end = edgeOf(escapes, end, 'end');
    }
    const same = start === finding.start && end === finding.end && !finding.fixes;
    out.push(same ? finding : { ...finding, start, end, fixes: finding.fixes && confinedFixes(region, finding.fixes) });
  }
  return out;
}

/** `fixes` without those that cut into a substitution, each written as the host writes it there: made when asked for. */
function confinedFixes(region: VoiceMLRegion, fixes: () => readonly Fix[]): () => Fix[] {
  return () => {
    const substitutions = region.substitutions!;
    const escapes = region.escapes;
    const length = region.tree.text.length;
    return fixes()
      .filter((fix) => fix.edits.every((edit) => !cutsInto(substitutions, edit.start, edit.end)))
      .map((fix) => {
        // Only edits of literal text: not one replacing a whole substitution (its new text is code) nor one
        // outside the literal (a helper added to the file).
        const escaped: Edit[] = [];
        for (const original of fix.edits) {
          const edit = escapes ? onEdges(escapes, original) : original;
          if (edit.start < 0 || edit.end > length || replacesSubstitution(substitutions, edit.start, edit.end)) {
            escaped.push(edit);
            continue;
          }
          const newText = edit.parts ? writeParts(region, edit) : region.host.escapeText(edit.newText, edit.start, edit.end);
          if (newText === undefined) return undefined; // the literal cannot hold it there
          escaped.push(newText === edit.newText ? edit : { ...edit, newText });
        }
        return escaped.every((edit, i) => edit === fix.edits[i]) ? fix : { ...fix, edits: escaped };
      })
      .filter((fix) => fix !== undefined);
  };
}

/**
 * The findings of a region built from code (`VoiceMLRegion.mapping`), moved onto the code: each range to what
 * it stands for (a method name, an option's key or value), each fix written as code, or not offered where
 * code cannot say it.
 */
export function placeOnCode(mapping: RegionMapping, findings: Finding[]): Finding[] {
  return findings.map((finding) => {
    const range = mapping.range(finding.start, finding.end);
    return { ...finding, start: range.start, end: range.end, fixes: finding.fixes && placedFixes(mapping, finding.fixes) };
  });
}

/** `fixes` written as code, those code cannot say left out: made when they are asked for. */
function placedFixes(mapping: RegionMapping, fixes: () => readonly Fix[]): () => Fix[] {
  return () =>
    fixes().flatMap((fix) => {
      const edits = mapping.edits(fix.edits);
      return edits && edits.length > 0 ? [{ ...fix, edits }] : [];
    });
}

/** An edit's parts as the host writes them at the edit: text escaped, copied ranges as their source is written. */
function writeParts(region: VoiceMLRegion, edit: Edit): string | undefined {
  let out = '';
  for (const part of edit.parts!) {
    const written = typeof part === 'string' ? region.host.escapeText(part, edit.start, edit.end) : region.host.copySource(part.start, part.end, edit.start, region.offset);
    if (written === undefined) return undefined;
    out += written;
  }
  return out;
}

/**
 * `offset` moved out of the escape sequence it is strictly inside, if any: a finding's start to the escape's
 * start and its end to the escape's end (the whole escape is shown).
 */
function edgeOf(escapes: readonly EscapeSpan[], offset: number, side: 'start' | 'end'): number {
  const e = containing(escapes, offset);
  return e ? (side === 'start' ? e.start : e.end) : offset;
}

/**
 * An edit with each end moved out of the escape sequence it is strictly inside: to the escape's start when
 * the virtual offset is before (or at) the escape's character, else to its end — so the edit replaces the
 * whole escape exactly when it replaces the character the escape stands for.
 */
function onEdges(escapes: readonly EscapeSpan[], edit: Edit): Edit {
  const move = (offset: number): number => {
    const e = containing(escapes, offset);
    return !e ? offset : offset <= e.at ? e.start : e.end;
  };
  const start = move(edit.start);
  const end = edit.end === edit.start ? start : move(edit.end);
  return start === edit.start && end === edit.end ? edit : { ...edit, start, end };
}

/** Does `[start, end)` cover at least one whole substitution? */
function replacesSubstitution(substitutions: readonly Substitution[], start: number, end: number): boolean {
  const first = substitutions[lastStartingBefore(substitutions, start) + 1];
  return first !== undefined && first.end <= end;
}

/** The span (substitution or seam) with `offset` strictly inside it (its ends are literal text). */
function containing<T extends Span>(spans: readonly T[], offset: number): T | undefined {
  const s = spans[lastStartingBefore(spans, offset)];
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
