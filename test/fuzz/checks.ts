/**
 * Well-formedness of the language features' answers, as an editor relies on it. Each check throws a
 * `CheckError` naming the property (`range-outside`, `edits-overlap` …); the name is what a reduction keeps
 * failing on, so a reduced input shows the same fault and not just any fault.
 *
 * Used by the service fuzzer (answers of the facade) and the server fuzzer (answers over stdio, which must be
 * the same shapes after JSON).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ruleNames, rules } from '../../server/src/rules';
import { MAX_FILE_SIZE_CODE, TOO_MANY_PROBLEMS_CODE } from '../../server/src/services/limits';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Position,
  Range,
  SelectionRange,
  TextEdit,
} from 'vscode-languageserver-types';
import type { LinkedEditingRanges } from 'vscode-languageserver-protocol';
import type { XmlDocument, XmlNode } from '../../server/src/parser/ast';

export class CheckError extends Error {
  constructor(
    readonly check: string,
    detail: string,
  ) {
    super(`${check}: ${detail}`);
  }
}

function fail(check: string, detail: string): never {
  throw new CheckError(check, detail);
}

const show = (value: unknown): string => JSON.stringify(value)?.slice(0, 400) ?? String(value);

/** A position is inside the document: an existing line, a character not past the line's end (before its line break). */
export function checkPosition(document: TextDocument, position: Position, what: string): void {
  const { line, character } = position ?? {};
  if (!Number.isInteger(line) || !Number.isInteger(character) || line < 0 || character < 0) fail('position-invalid', `${what} ${show(position)}`);
  if (line >= document.lineCount) fail('range-outside', `${what} ${show(position)}: the document has ${document.lineCount} lines`);
  const length = lineRange(document, line).end.character;
  if (character > length) fail('range-outside', `${what} ${show(position)}: line ${line} has ${length} characters`);
}

/** The line's range, its line break excluded (`TextDocument` clamps a character past the end to it). */
function lineRange(document: TextDocument, line: number): Range {
  const end = document.positionAt(document.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }));
  return { start: { line, character: 0 }, end: end.line === line ? end : { line, character: 0 } };
}

export function checkRange(document: TextDocument, range: Range, what: string): void {
  if (!range || typeof range !== 'object') fail('range-invalid', `${what} ${show(range)}`);
  checkPosition(document, range.start, `${what} start`);
  checkPosition(document, range.end, `${what} end`);
  if (before(range.end, range.start)) fail('range-reversed', `${what} ${show(range)}`);
}

export const before = (a: Position, b: Position): boolean => a.line < b.line || (a.line === b.line && a.character < b.character);
const contains = (outer: Range, inner: Range): boolean => !before(inner.start, outer.start) && !before(outer.end, inner.end);
const holds = (range: Range, position: Position): boolean => !before(position, range.start) && !before(range.end, position);

/** Edits of one change: inside the document, none overlapping another (LSP), and they apply. */
export function checkEdits(document: TextDocument, edits: readonly TextEdit[], what: string): string {
  if (!Array.isArray(edits)) fail('edits-invalid', `${what}: ${show(edits)}`);
  for (const edit of edits) {
    checkRange(document, edit.range, `${what} edit`);
    if (typeof edit.newText !== 'string') fail('edits-invalid', `${what}: ${show(edit)}`);
  }
  const spans = edits.map((e) => [document.offsetAt(e.range.start), document.offsetAt(e.range.end)] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (let i = 1; i < spans.length; i++) {
    // Touching is fine (an insertion at the end of a replaced span); sharing characters is not.
    if (spans[i]![0] < spans[i - 1]![1]) fail('edits-overlap', `${what}: ${show(edits)}`);
  }
  try {
    return TextDocument.applyEdits(document, edits as TextEdit[]);
  } catch (error) {
    fail('edits-do-not-apply', `${what}: ${(error as Error).message} ${show(edits)}`);
  }
}

/** The rules that judge webhook code (`Rule.handlers`): their findings stand in the code, outside any region. */
const ON_CODE: ReadonlySet<string> = new Set(rules.filter((r) => r.handlers).map((r) => r.name));

/** Every code a diagnostic may have: a rule's name, or one of the limits'. */
const CODES: ReadonlySet<string> = new Set([...ruleNames, MAX_FILE_SIZE_CODE, TOO_MANY_PROBLEMS_CODE]);

export function checkDiagnostics(document: TextDocument, diagnostics: readonly Diagnostic[], spans?: readonly [number, number][]): void {
  if (!Array.isArray(diagnostics)) fail('diagnostics-invalid', show(diagnostics));
  for (const d of diagnostics) {
    checkRange(document, d.range, `diagnostic ${String(d.code)}`);
    const message = typeof d.message === 'string' ? d.message : (d.message as { value?: string } | undefined)?.value;
    if (!message) fail('diagnostic-invalid', `empty message ${show(d)}`);
    if (d.severity !== undefined && ![1, 2, 3, 4].includes(d.severity)) fail('diagnostic-invalid', `severity ${show(d)}`);
    if (typeof d.code !== 'string' || !CODES.has(d.code)) fail('diagnostic-invalid', `code ${show(d)}`);
    if (d.source !== 'voiceml') fail('diagnostic-invalid', `source ${show(d)}`);
    if (!/^https:\/\/\S+$/.test(d.codeDescription?.href ?? '')) fail('diagnostic-invalid', `codeDescription ${show(d)}`);
    if (spans && !ON_CODE.has(String(d.code))) {
      // A template's finding stays in its template (its range is in the VoiceML, not in the code around it).
      const start = document.offsetAt(d.range.start);
      const end = document.offsetAt(d.range.end);
      if (!spans.some(([s, e]) => s <= start && end <= e)) fail('diagnostic-outside-region', `${show(d)} not inside any of ${show(spans)}`);
    }
  }
}

export function checkCompletion(document: TextDocument, position: Position, list: CompletionList | null): void {
  if (list === null) return;
  if (!list || !Array.isArray(list.items)) fail('completion-invalid', show(list));
  for (const item of list.items) checkCompletionItem(document, position, item);
}

export function checkCompletionItem(document: TextDocument, position: Position, item: CompletionItem): void {
  if (typeof item.label !== 'string' || item.label === '') fail('completion-invalid', `label ${show(item)}`);
  const edit = item.textEdit;
  const mainRanges: Range[] = [];
  if (edit) {
    const ranges = 'range' in edit ? [edit.range] : [edit.insert, edit.replace];
    for (const range of ranges) {
      checkRange(document, range, `completion ${item.label}`);
      // What VS Code requires of an item's range (it drops the item otherwise): one line, holding the cursor.
      if (range.start.line !== range.end.line) fail('completion-range-multiline', `${item.label} ${show(range)}`);
      if (!holds(range, position)) fail('completion-range-misses-cursor', `${item.label} ${show(range)} at ${show(position)}`);
      mainRanges.push(range);
    }
    if ('insert' in edit && (edit.insert.start.line !== edit.replace.start.line || edit.insert.start.character !== edit.replace.start.character || !contains(edit.replace, edit.insert))) {
      fail('completion-insert-replace', `${item.label} ${show(edit)}`);
    }
  }
  if (item.additionalTextEdits) {
    checkEdits(document, item.additionalTextEdits, `completion ${item.label} additional`);
    for (const extra of item.additionalTextEdits) {
      for (const main of mainRanges) {
        if (before(extra.range.start, main.end) && before(main.start, extra.range.end)) fail('edits-overlap', `${item.label}: additional edit ${show(extra)} overlaps ${show(main)}`);
      }
    }
  }
}

export function checkResolved(item: CompletionItem, resolved: CompletionItem): void {
  if (!resolved || resolved.label !== item.label) fail('resolve-invalid', `${show(item)} → ${show(resolved)}`);
}

export function checkHover(document: TextDocument, position: Position, hover: Hover | null): void {
  if (hover === null) return;
  const contents = hover.contents as { value?: string } | string | unknown[];
  const empty = typeof contents === 'string' ? contents === '' : Array.isArray(contents) ? contents.length === 0 : !(contents as { value?: string })?.value;
  if (empty) fail('hover-empty', show(hover));
  if (hover.range) {
    checkRange(document, hover.range, 'hover');
    if (!holds(hover.range, position)) fail('hover-range-misses-cursor', `${show(hover.range)} at ${show(position)}`);
  }
}

export function checkCodeActions(document: TextDocument, actions: readonly CodeAction[] | null): { action: CodeAction; result: string }[] {
  if (actions === null) return [];
  if (!Array.isArray(actions)) fail('code-actions-invalid', show(actions));
  const applied: { action: CodeAction; result: string }[] = [];
  for (const action of actions) {
    if (!action.title) fail('code-action-invalid', `no title ${show(action)}`);
    const changes = action.edit?.changes;
    if (!changes) {
      if (!action.command) fail('code-action-invalid', `neither edit nor command ${show(action)}`);
      continue;
    }
    for (const uri of Object.keys(changes)) if (uri !== document.uri) fail('code-action-other-document', `${action.title}: ${uri}`);
    const edits = changes[document.uri] ?? [];
    if (edits.length === 0) fail('code-action-invalid', `no edits ${show(action)}`);
    applied.push({ action, result: checkEdits(document, edits, `code action "${action.title}"`) });
  }
  return applied;
}

export function checkSymbols(document: TextDocument, symbols: readonly DocumentSymbol[] | null, parent?: DocumentSymbol): void {
  if (symbols === null) return;
  if (!Array.isArray(symbols)) fail('symbols-invalid', show(symbols));
  for (const symbol of symbols) {
    // VS Code throws on an empty name ("name must not be falsy"); an invisible one (`\ufeff` is an XML name) is allowed.
    if (typeof symbol.name !== 'string' || symbol.name === '') fail('symbol-name-empty', show(symbol));
    checkRange(document, symbol.range, `symbol ${symbol.name}`);
    checkRange(document, symbol.selectionRange, `symbol ${symbol.name} selection`);
    // VS Code rejects a symbol whose selection range is not inside its range.
    if (!contains(symbol.range, symbol.selectionRange)) fail('symbol-selection-outside', show({ ...symbol, children: undefined }));
    if (parent && !contains(parent.range, symbol.range)) fail('symbol-outside-parent', `${symbol.name} ${show(symbol.range)} in ${parent.name} ${show(parent.range)}`);
    checkSymbols(document, symbol.children ?? [], symbol);
  }
}

export function checkFolding(document: TextDocument, ranges: readonly FoldingRange[] | null, rangeLimit?: number): void {
  if (ranges === null) return;
  if (!Array.isArray(ranges)) fail('folding-invalid', show(ranges));
  if (rangeLimit !== undefined && ranges.length > rangeLimit) fail('folding-over-limit', `${ranges.length} > ${rangeLimit}`);
  for (const r of ranges) {
    if (!Number.isInteger(r.startLine) || !Number.isInteger(r.endLine) || r.startLine < 0 || r.endLine >= document.lineCount) fail('folding-outside', show(r));
    if (r.endLine <= r.startLine) fail('folding-reversed', show(r));
  }
}

export function checkLinks(document: TextDocument, links: readonly DocumentLink[] | null): void {
  if (links === null) return;
  if (!Array.isArray(links)) fail('links-invalid', show(links));
  for (const link of links) {
    checkRange(document, link.range, 'link');
    if (link.target !== undefined && (typeof link.target !== 'string' || link.target === '')) fail('link-invalid', show(link));
  }
}

export function checkSelectionRanges(document: TextDocument, positions: readonly Position[], result: readonly SelectionRange[] | null): void {
  if (result === null) return;
  if (!Array.isArray(result) || result.length !== positions.length) fail('selection-count', `${positions.length} positions, ${show(result)}`);
  result.forEach((chain, i) => {
    let current: SelectionRange | undefined = chain;
    // LSP: positions[i] is in result[i].range, and every parent holds its child (VS Code throws otherwise).
    if (!holds(chain.range, positions[i]!)) fail('selection-misses-cursor', `${show(chain.range)} at ${show(positions[i])}`);
    let depth = 0;
    while (current) {
      checkRange(document, current.range, 'selection range');
      if (current.parent && !contains(current.parent.range, current.range)) fail('selection-parent-not-containing', `${show(current.parent.range)} ⊅ ${show(current.range)}`);
      current = current.parent;
      if (++depth > 100_000) fail('selection-cycle', 'chain too long');
    }
  });
}

const SPACE = /^[ \t\r\n]*$/;

/** Formatting edits: apply, never overlap, and replace white space by white space only (see formatting.ts). */
export function checkFormatting(document: TextDocument, edits: readonly TextEdit[] | null): string {
  if (edits === null) return document.getText();
  const result = checkEdits(document, edits, 'formatting');
  for (const edit of edits) {
    if (!SPACE.test(edit.newText) || !SPACE.test(document.getText(edit.range))) fail('formatting-not-whitespace', show(edit));
  }
  return result;
}

export function checkLinkedEditing(document: TextDocument, position: Position, result: LinkedEditingRanges | null): void {
  if (result === null) return;
  if (!Array.isArray(result.ranges) || result.ranges.length === 0) fail('linked-editing-invalid', show(result));
  for (const range of result.ranges) checkRange(document, range, 'linked editing');
  if (!result.ranges.some((r) => holds(r, position))) fail('linked-editing-misses-cursor', `${show(result.ranges)} at ${show(position)}`);
  // VS Code's linked editing requires the ranges to hold the same text, and not to overlap.
  const texts = new Set(result.ranges.map((r) => document.getText(r)));
  if (texts.size !== 1) fail('linked-editing-different-texts', show([...texts]));
  checkEdits(document, result.ranges.map((range) => ({ range, newText: '' })), 'linked editing ranges');
  if (result.wordPattern !== undefined) {
    try {
      new RegExp(result.wordPattern);
    } catch {
      fail('linked-editing-invalid', `word pattern ${result.wordPattern}`);
    }
  }
}

/**
 * Every span of a parsed tree and every parse error lies in the parsed text, in order. Checked on the tree
 * itself, because the answers hide such a fault: `TextDocument.positionAt` clamps an offset past the end.
 */
export function checkTree(xml: XmlDocument): void {
  const length = xml.text.length;
  const span = (what: string, ...offsets: number[]): void => {
    for (let i = 0; i < offsets.length; i++) {
      const o = offsets[i]!;
      if (!Number.isInteger(o) || o < 0 || o > length || (i > 0 && o < offsets[i - 1]!)) {
        fail('tree-span', `${what}: offsets ${offsets.join(' ≤ ')} in a text of ${length}`);
      }
    }
  };
  for (const error of xml.errors) span(`parse error ${error.code}`, error.start, error.end);
  const stack: XmlNode[] = [...xml.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    span(node.kind, node.start, node.end);
    if (node.kind !== 'element') continue;
    span(`<${node.name}> name`, node.start, node.nameStart, node.nameEnd, node.startTagEnd);
    for (const a of node.attributes) {
      span(`attribute ${a.name}`, a.start, a.nameStart, a.nameEnd, a.end);
      if (a.value) span(`attribute ${a.name} value`, a.value.start, a.value.valueStart, a.value.valueEnd, a.value.end);
    }
    if (node.endTag) span(`</${node.endTag.name}>`, node.endTag.start, node.endTag.nameStart, node.endTag.nameEnd, node.endTag.end);
    stack.push(...node.children);
  }
}
