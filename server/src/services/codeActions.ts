import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CodeAction,
  CodeActionKind,
  type CodeActionContext,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver-types';
import { localize, type Locale } from '../l10n';
import type { VoiceMLRegion } from '../document/region';
import type { Finding } from '../rules/run';
import type { Fix } from '../rules/rule';
import { fixesOf, toDiagnostic, type LocatedFinding, type ValidationSettings } from './diagnostics';
import { resultLimitOf, type ResultLimit } from './limits';

/** The "fix all" source action's kind: `source.fixAll.voiceml` (VS Code runs it from `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.voiceml`;

/**
 * What an action answered without its edit carries for `resolveCodeAction`: the document's version it was made
 * for, and which fix it is (the finding's place among the document's findings, the fix's among the finding's),
 * or that it is "fix all".
 */
export interface CodeActionData {
  uri: string;
  version: number;
  finding?: number;
  fix?: number;
  fixAll?: true;
}

/**
 * Quick fixes for the diagnostics in `context` (each fix was written by the rule beside its finding, and is made
 * now), at most `resultLimit` of them (`voiceml.maxItemsComputed`), plus the "fix all" source action applying
 * every fix marked safe. `editsOnResolve`: the client resolves actions (`codeAction/resolve`); each action is
 * answered with its title and what `resolveCodeAction` needs, not its edit — an editor asks for the actions at
 * the cursor as it moves, and a fix moving a large element carries the element's text.
 */
export function getCodeActions(
  document: TextDocument,
  range: Range,
  context: CodeActionContext,
  findings: readonly LocatedFinding[],
  settings: ValidationSettings,
  locale: Locale,
  limits?: ResultLimit,
  editsOnResolve = false,
): CodeAction[] {
  const actions: CodeAction[] = [];
  const wants = (kind: string): boolean => !context.only || context.only.some((only) => kind === only || kind.startsWith(only + '.'));
  if (wants(CodeActionKind.QuickFix)) {
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    const limit = resultLimitOf(limits);
    const sent = byPlace(context.diagnostics);
    quickFixes: for (let index = 0; index < findings.length; index++) {
      const located = findings[index]!;
      const { region, finding } = located;
      if (!finding.fixes) continue;
      const findingStart = (region?.offset ?? 0) + finding.start;
      const findingEnd = (region?.offset ?? 0) + finding.end;
      if (findingEnd < start || findingStart > end) continue;
      const diagnostic = matchingDiagnostic(sent, document, region, finding, settings, locale);
      const fixes = fixesOf(located);
      for (let k = 0; k < fixes.length; k++) {
        if (actions.length === limit) {
          limits?.onResultLimitExceeded?.(document.uri);
          break quickFixes;
        }
        const fix = fixes[k]!;
        const action = CodeAction.create(localize(fix.title, locale, fix.args), CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.preferred === true;
        if (editsOnResolve) action.data = { uri: document.uri, version: document.version, finding: index, fix: k } satisfies CodeActionData;
        else action.edit = { changes: { [document.uri]: toTextEdits(document, region, fix) } };
        actions.push(action);
      }
    }
  }
  if (wants(FIX_ALL_KIND) && (context.only?.length ?? 0) > 0) {
    const action = CodeAction.create(localize({ ko: 'VoiceML: 안전한 수정 모두 적용', en: 'VoiceML: apply all safe fixes' }, locale), FIX_ALL_KIND);
    if (editsOnResolve) {
      if (findings.some(hasSafeFix)) {
        action.data = { uri: document.uri, version: document.version, fixAll: true } satisfies CodeActionData;
        actions.push(action);
      }
    } else {
      const edits = safeEdits(document, findings);
      if (edits.length > 0) {
        action.edit = { changes: { [document.uri]: edits } };
        actions.push(action);
      }
    }
  }
  return actions;
}

/**
 * `action` (from `getCodeActions` with `editsOnResolve`) with its edit, made from `findings`, the document's as
 * they are now. Made for another version of the document than this one (edited since), or not one of ours, it
 * is answered as it came: without an edit, it changes nothing.
 */
export function resolveCodeAction(document: TextDocument, action: CodeAction, findings: readonly LocatedFinding[], locale: Locale): CodeAction {
  const data = action.data as Partial<CodeActionData> | undefined;
  if (!isObject(data) || data.uri !== document.uri || data.version !== document.version) return action;
  if (data.fixAll === true) {
    const edits = safeEdits(document, findings);
    return edits.length > 0 ? { ...action, edit: { changes: { [document.uri]: edits } } } : action;
  }
  const located = typeof data.finding === 'number' ? findings[data.finding] : undefined;
  const fix = located && typeof data.fix === 'number' ? fixesOf(located)[data.fix] : undefined;
  // The same fix as the action was made from, or none: its title says which.
  if (!located || !fix || localize(fix.title, locale, fix.args) !== action.title) return action;
  return { ...action, edit: { changes: { [document.uri]: toTextEdits(document, located.region, fix) } } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Has the finding a fix that "fix all" applies? */
function hasSafeFix(located: LocatedFinding): boolean {
  return located.finding.fixes?.().some((f) => f.safe) === true;
}

/**
 * Every safe fix, one per finding, skipping any whose edits touch text another chosen fix already edits —
 * applying them together must give exactly what applying them one by one would.
 */
export function safeEdits(document: TextDocument, findings: readonly LocatedFinding[]): TextEdit[] {
  const taken: { start: number; end: number }[] = [];
  const edits: TextEdit[] = [];
  for (const located of findings) {
    // Asked of the fixes as found first: those of a rule that reads the host are made again where they apply.
    const fix = hasSafeFix(located) ? fixesOf(located).find((f) => f.safe) : undefined;
    const region = located.region;
    if (!fix) continue;
    const spans = fix.edits.map((e) => ({ start: (region?.offset ?? 0) + e.start, end: (region?.offset ?? 0) + e.end }));
    if (spans.some((s) => taken.some((t) => s.start <= t.end && t.start <= s.end))) continue;
    taken.push(...spans);
    edits.push(...toTextEdits(document, region, fix));
  }
  return edits;
}

/** A fix's edits in the document (a handler finding's, with no region, are in document offsets already). */
function toTextEdits(document: TextDocument, region: VoiceMLRegion | undefined, fix: Fix): TextEdit[] {
  const offset = region?.offset ?? 0;
  return fix.edits.map((e) => ({
    range: { start: document.positionAt(offset + e.start), end: document.positionAt(offset + e.end) },
    newText: e.newText,
  }));
}

/** The diagnostics a client sent back, by place (the first of equal ones): found in one lookup each. */
function byPlace(sent: readonly Diagnostic[]): Map<string, Diagnostic> {
  const places = new Map<string, Diagnostic>();
  for (const d of sent) {
    const key = placeOf(d);
    if (!places.has(key)) places.set(key, d);
  }
  return places;
}

/** Code, range and message: two findings of one rule may share a range (two problems of one value). */
const placeOf = (d: Diagnostic): string =>
  `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${typeof d.message === 'string' ? d.message : ''}`;

/** The client's own diagnostic object when it sent it back (keeps `data` and identity), else ours. */
function matchingDiagnostic(
  sent: ReadonlyMap<string, Diagnostic>,
  document: TextDocument,
  region: VoiceMLRegion | undefined,
  finding: Finding,
  settings: ValidationSettings,
  locale: Locale,
): Diagnostic {
  const ours = toDiagnostic(document, region, finding, settings, locale);
  return sent.get(placeOf(ours)) ?? ours;
}
