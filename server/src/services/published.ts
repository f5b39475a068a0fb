/**
 * The diagnostics a document's findings are published as, made from those of the document's last version where
 * a finding is the same: a keystroke in a document with a thousand findings places and words only the findings
 * its change touched, and the others' diagnostics are those published before — the same objects, or moved down
 * by the lines the change added (removed) when they are after it. Found again every time, a thousand
 * diagnostics were ~0.6 ms and 400 KB of every keystroke in a 1 MB document with a mistake on a tenth of its
 * lines.
 *
 * A finding is the same as one of the last version when it lies wholly before the change at the same offsets,
 * or wholly after it at offsets moved by what the change added, and says the same: its rule, message, arguments,
 * severity and tags (a finding relating other places is made anew: they may have moved).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Position } from 'vscode-languageserver-types';
import type { Locale } from '../l10n';
import { changeBetween } from '../document/change';
import type { MessageArg } from '../rules/rule';
import { toDiagnostic, type LocatedFinding, type ValidationSettings } from './diagnostics';

/** What was published for one document: its text, findings (with their document offsets) and diagnostics. */
interface Published {
  text: string;
  /** The severities set per rule, which the diagnostics' severities are. */
  rules: ValidationSettings['rules'];
  locale: Locale;
  findings: readonly LocatedFinding[];
  starts: Int32Array;
  ends: Int32Array;
  diagnostics: readonly Diagnostic[];
}

export class PublishedDiagnostics {
  private readonly last = new Map<string, Published>();

  /** The diagnostics of `findings` (in document order), `document`'s now. */
  of(document: TextDocument, findings: readonly LocatedFinding[], settings: ValidationSettings, locale: Locale): Diagnostic[] {
    const text = document.getText();
    const before = this.last.get(document.uri);
    const starts = new Int32Array(findings.length);
    const ends = new Int32Array(findings.length);
    for (let i = 0; i < findings.length; i++) {
      const { region, finding } = findings[i]!;
      const offset = region?.offset ?? 0;
      starts[i] = offset + finding.start;
      ends[i] = offset + finding.end;
    }
    const diagnostics =
      before && before.locale === locale && sameSeverities(before.rules, settings.rules)
        ? reused(before, document, text, findings, starts, ends, settings, locale)
        : findings.map(({ region, finding }) => toDiagnostic(document, region, finding, settings, locale));
    this.last.set(document.uri, { text, rules: settings.rules, locale, findings, starts, ends, diagnostics });
    return [...diagnostics];
  }

  /** Lets go of what was published for `uri` (the document closed). */
  forget(uri: string): void {
    this.last.delete(uri);
  }
}

function reused(
  before: Published,
  document: TextDocument,
  text: string,
  findings: readonly LocatedFinding[],
  starts: Int32Array,
  ends: Int32Array,
  settings: ValidationSettings,
  locale: Locale,
): Diagnostic[] {
  const change = changeBetween(before.text, text) ?? { start: text.length, end: text.length, newEnd: text.length };
  const moved = movedPositions(before.text, document, change);
  if (!moved) return findings.map(({ region, finding }) => toDiagnostic(document, region, finding, settings, locale));
  const delta = change.newEnd - change.end;
  const out: Diagnostic[] = [];
  let j = 0;
  for (let i = 0; i < findings.length; i++) {
    const start = starts[i]!;
    const end = ends[i]!;
    const ahead = end <= change.start;
    const behind = !ahead && start >= change.newEnd;
    // Where it was in the last version, if it lies outside the change: the same findings there, if any.
    let k = -1;
    if (ahead || behind) {
      const was = behind ? start - delta : start;
      while (j < before.starts.length && before.starts[j]! < was) j++;
      k = alikeAt(before, j, was, end - start, findings[i]!);
    }
    if (k >= 0) out.push(behind ? movedDiagnostic(before.diagnostics[k]!, moved) : before.diagnostics[k]!);
    else out.push(toDiagnostic(document, findings[i]!.region, findings[i]!.finding, settings, locale));
  }
  return out;
}

/** Of the last version's findings at `was` (from the `j`th on), the first one alike `located`, as long; else -1. */
function alikeAt(before: Published, j: number, was: number, length: number, located: LocatedFinding): number {
  for (let k = j; k < before.starts.length && before.starts[k] === was; k++) {
    if (before.ends[k]! - was === length && alike(before.findings[k]!, located)) return k;
  }
  return -1;
}

/**
 * How positions after the change move: those on the line the change ended on (in the last version) to the line
 * and column it ends at now, the others down by the lines it added. Undefined where the change begins or ends
 * right after a `\r` (between it and a `\n`, maybe): the lines there are not simply moved, nor the positions
 * right before the change kept; every diagnostic is made anew then.
 */
function movedPositions(
  previous: string,
  document: TextDocument,
  change: { start: number; end: number; newEnd: number },
): { line: number; endedOn: Position; endsAt: Position } | undefined {
  const text = document.getText();
  if (previous.charCodeAt(change.start - 1) === 0x0d || previous.charCodeAt(change.end - 1) === 0x0d || text.charCodeAt(change.newEnd - 1) === 0x0d) return undefined;
  const from = document.positionAt(change.start);
  // Where the change ended in the last version: from its start (the same in both), over the text it replaced.
  let line = from.line;
  let lineStart = change.start - from.character;
  for (let i = change.start; i < change.end; i++) {
    const c = previous.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && previous.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      lineStart = i + 1;
    }
  }
  const endedOn = { line, character: change.end - lineStart };
  const endsAt = document.positionAt(change.newEnd);
  return { line: endsAt.line - endedOn.line, endedOn, endsAt };
}

/** A diagnostic of the last version after the change, where it is now. */
function movedDiagnostic(diagnostic: Diagnostic, moved: { line: number; endedOn: Position; endsAt: Position }): Diagnostic {
  const { start, end } = diagnostic.range;
  if (moved.line === 0 && start.line !== moved.endedOn.line) return diagnostic;
  return { ...diagnostic, range: { start: movedPosition(start, moved), end: movedPosition(end, moved) } };
}

function movedPosition(position: Position, moved: { line: number; endedOn: Position; endsAt: Position }): Position {
  if (position.line === moved.endedOn.line) return { line: moved.endsAt.line, character: position.character - moved.endedOn.character + moved.endsAt.character };
  return moved.line === 0 ? position : { line: position.line + moved.line, character: position.character };
}

/** Do two settings set the same severities (as each validation's own object may)? */
function sameSeverities(a: ValidationSettings['rules'], b: ValidationSettings['rules']): boolean {
  if (a === b) return true;
  const keys = Object.keys(a ?? {});
  if (keys.length !== Object.keys(b ?? {}).length) return false;
  for (const key of keys) if (a![key] !== b?.[key]) return false;
  return true;
}

/** Do two findings say the same (their places aside)? */
function alike(a: LocatedFinding, b: LocatedFinding): boolean {
  const x = a.finding;
  const y = b.finding;
  if (x === y) return !x.related?.length;
  return (
    x.rule === y.rule &&
    x.message === y.message &&
    x.severity === y.severity &&
    !x.related?.length &&
    !y.related?.length &&
    sameArgs(x.args, y.args) &&
    sameTags(x.tags, y.tags)
  );
}

function sameArgs(a: readonly MessageArg[] | undefined, b: readonly MessageArg[] | undefined): boolean {
  if (a === b) return true;
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  for (let i = 0; i < a!.length; i++) {
    const x = a![i]!;
    const y = b![i]!;
    if (x !== y && (typeof x === 'string' || typeof y === 'string' || x.ko !== y.ko || x.en !== y.en)) return false;
  }
  return true;
}

function sameTags(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  for (let i = 0; i < (a?.length ?? 0); i++) if (a![i] !== b![i]) return false;
  return true;
}
