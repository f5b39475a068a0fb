/**
 * Document and range formatting: re-indents the markup and changes nothing else.
 *
 * What it does, and why it is safe:
 * - Only white space *between tokens* is ever edited: between elements in element-only content (Response,
 *   Gather, Dial, Connect, Stream, and unknown elements that hold only elements), between the attributes of a
 *   start tag, before `>` / `/>`, inside `</Name >`. Every edit replaces white space by white space, so no
 *   character the user typed other than white space can be lost, and the result parses to the same tree.
 * - Attributes are tokens: never reordered, requoted or respaced inside (`a = "v"` stays as written).
 * - Text content is never touched: not a `<Say>` body (spaces and line breaks are part of what is spoken),
 *   not CDATA, not comments, not anything inside an element that holds text — including markup mixed into
 *   that text. Such an element stays on one line as written; only where it starts is re-indented.
 * - A document with any well-formedness error gets no edits: the tree of a broken document is a guess, and
 *   formatting by a guess could move text into or out of an element.
 * - Line structure is the user's where it carries intent: one blank line between siblings is kept (more are
 *   reduced to one), attributes the user wrapped onto several lines stay wrapped (re-indented one level
 *   deeper than their element), and a comment written after an element on the same line stays there.
 * - Idempotent: every decision depends only on the tree and on whether a gap holds 0, 1 or ≥ 2 line breaks,
 *   which formatting itself preserves; formatting a formatted document yields no edits (tested).
 * - Minimal: one edit per gap that differs, never a whole-document replacement, so cursors, folding and
 *   undo in the editor stay where they were.
 * - Bounded: indentation stops at `MAX_INDENT_DEPTH` levels and `tabSize` is taken between 1 and 16, so the
 *   edits grow linearly with the document whatever its nesting and whatever the client asks.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FormattingOptions, Range, TextEdit } from 'vscode-languageserver-types';
import { getElement } from '../model';
import type { XmlElement } from '../parser/ast';
import { isXmlSpace, isXmlSpaceOnly } from '../parser';
import type { VoiceMLRegion } from '../document/region';

interface Edit {
  start: number;
  end: number;
  newText: string;
}

/**
 * Indentation stops growing past this depth: a document nested 45 000 deep would otherwise be given
 * 45 000²/2 indentation characters (gigabytes, for a few hundred KB). Real responses are five levels deep.
 * With it the edits grow linearly with the document.
 */
const MAX_INDENT_DEPTH = 32;

/** `tabSize` as given when it is an integer from 1 to 16 (no one indents wider); else VS Code's default, 4. */
function tabSizeOf(options: FormattingOptions): number {
  const size = options.tabSize;
  return Number.isInteger(size) && size >= 1 && size <= 16 ? size : 4;
}

/**
 * Edits formatting the document, or only the part of it `range` covers. Empty when the document is not one
 * whole VoiceML document (a template inside JS/TS is laid out by the code around it) or is not well-formed.
 */
export function format(document: TextDocument, regions: readonly VoiceMLRegion[], options: FormattingOptions, range?: Range): TextEdit[] {
  const text = document.getText();
  const region = regions.find((r) => r.offset === 0 && r.tree.text === text);
  if (!region || region.xml.errors.length > 0) return [];
  let edits = formatEdits(region, options);
  if (range) {
    const start = document.offsetAt(range.start);
    const end = document.offsetAt(range.end);
    // An edit touching the range is in it: re-indenting the range's first line inserts right at its start.
    edits = edits.filter((e) => e.end >= start && e.start <= end);
  }
  return edits.map((e) => ({ range: { start: document.positionAt(e.start), end: document.positionAt(e.end) }, newText: e.newText }));
}

function formatEdits(region: VoiceMLRegion, options: FormattingOptions): Edit[] {
  const xml = region.xml;
  const text = xml.text;
  const eol = lineBreakOf(text);
  const unit = options.insertSpaces ? ' '.repeat(tabSizeOf(options)) : '\t';
  const indent = (depth: number): string => unit.repeat(Math.min(depth, MAX_INDENT_DEPTH));
  const edits: Edit[] = [];

  /**
   * Replaces the white space in `[start, end)` by `wanted` when it differs (and is white space at all). Only
   * the part that differs is edited — `\n` → `\n  ` inserts two spaces at the line start — so an edit lies
   * on the line it re-indents, which is what range formatting selects by.
   */
  const gap = (start: number, end: number, wanted: string): void => {
    if (end < start) return;
    const current = text.slice(start, end);
    if (current === wanted || !isXmlSpaceOnly(current)) return;
    let head = 0;
    while (head < current.length && head < wanted.length && current.charCodeAt(head) === wanted.charCodeAt(head)) head++;
    let tail = 0;
    while (
      tail < current.length - head &&
      tail < wanted.length - head &&
      current.charCodeAt(current.length - 1 - tail) === wanted.charCodeAt(wanted.length - 1 - tail)
    ) {
      tail++;
    }
    // An LSP position cannot fall between the `\r` and `\n` of a line break (it is read as the position before
    // the `\r`): an edit starting or ending there would lose or keep half of it (`\n\r\n` → `\n\n` would become
    // an empty edit, and formatting never settle). Widen such an edit to the whole line break.
    if (head > 0 && current.charCodeAt(head - 1) === 0x0d && current.charCodeAt(head) === 0x0a) head--;
    if (tail > 0 && current.charCodeAt(current.length - tail - 1) === 0x0d && current.charCodeAt(current.length - tail) === 0x0a) tail--;
    edits.push({ start: start + head, end: end - tail, newText: wanted.slice(head, wanted.length - tail) });
  };

  /** Lays out one start tag (and end tag) of an element at `depth`; its content is handled separately. */
  const tags = (element: XmlElement, depth: number): void => {
    let previousEnd = element.nameEnd;
    for (const attribute of element.attributes) {
      const current = text.slice(previousEnd, attribute.start);
      gap(previousEnd, attribute.start, lineBreaks(current) > 0 ? eol + indent(depth + 1) : ' ');
      previousEnd = attribute.end;
    }
    const closer = element.selfClosing ? element.startTagEnd - 2 : element.startTagEnd - 1;
    const beforeCloser = text.slice(previousEnd, closer);
    if (lineBreaks(beforeCloser) > 0) gap(previousEnd, closer, eol + indent(depth));
    // `<Hangup/>` and `<Hangup />` are both common; keep the user's choice, with one space at most.
    else gap(previousEnd, closer, element.selfClosing && beforeCloser.length > 0 ? ' ' : '');
    const endTag = element.endTag;
    if (endTag) gap(endTag.nameEnd, endTag.end - 1, '');
  };

  // Containers to lay out: their children each start a line at `depth`. Explicit stack: any nesting depth.
  const work: { parent: XmlElement | undefined; depth: number }[] = [{ parent: undefined, depth: 0 }];
  while (work.length > 0) {
    const { parent, depth } = work.pop()!;
    const nodes = parent ? parent.children : xml.children;
    const placed = nodes.filter((n) => !(n.kind === 'text' && isXmlSpaceOnly(text.slice(n.start, n.end))));
    // The document's first node starts the text (after a byte order mark, which the parser skips).
    let previousEnd = parent ? parent.startTagEnd : text.charCodeAt(0) === 0xfeff ? 1 : 0;
    for (let i = 0; i < placed.length; i++) {
      const node = placed[i]!;
      const breaks = lineBreaks(text.slice(previousEnd, node.start));
      // A comment written after its neighbour on the same line comments on it: it stays there, as written.
      const trailingComment = node.kind === 'comment' && i > 0 && breaks === 0;
      if (!parent && i === 0) gap(previousEnd, node.start, '');
      else if (!trailingComment) gap(previousEnd, node.start, eol.repeat(i === 0 ? 1 : Math.min(Math.max(breaks, 1), 2)) + indent(depth));
      if (node.kind === 'element') {
        tags(node, depth);
        if (!node.selfClosing && isBlock(node, text)) work.push({ parent: node, depth: depth + 1 });
      }
      previousEnd = node.end;
    }
    if (parent) {
      const closeAt = parent.endTag ? parent.endTag.start : parent.end;
      const current = text.slice(previousEnd, closeAt);
      // An empty container keeps its end tag on the start tag's line unless the user broke the line.
      if (placed.length > 0 || lineBreaks(current) > 0) gap(previousEnd, closeAt, eol + indent(depth - 1));
      else gap(previousEnd, closeAt, '');
    } else {
      const current = text.slice(previousEnd);
      let breaks = lineBreaks(current);
      if (options.trimFinalNewlines && breaks > 1) breaks = 1;
      if (options.insertFinalNewline && breaks === 0) breaks = 1;
      gap(previousEnd, text.length, eol.repeat(breaks));
    }
  }
  return edits.sort((a, b) => a.start - b.start);
}

/**
 * Is the element's content laid out one child per line? Only element-only content: a VoiceML element without
 * a text body (Response, Gather, Dial, Connect, Stream, and the empty ones), or an unknown element holding
 * only elements (its white space is then indentation too). Anything with text, CDATA or white space written
 * as a character reference (`&#32;`) is left exactly as it is.
 */
function isBlock(element: XmlElement, text: string): boolean {
  if (element.dynamicName) return false;
  const spec = getElement(element.name);
  if (spec && spec.body.use !== 'none') return false;
  let elements = 0;
  for (const child of element.children) {
    if (child.kind === 'text') {
      if (!isXmlSpaceOnly(text.slice(child.start, child.end))) return false;
    } else if (child.kind === 'cdata') {
      return false;
    } else if (child.kind === 'element') {
      elements++;
    }
  }
  return spec !== undefined || elements > 0;
}

/**
 * The document's line break: the first one after its content starts, else the first one, else `\n`. Not
 * simply the first one: leading blank lines are what formatting removes, and a document whose line breaks
 * are mixed must get the same answer once formatted, or a second formatting would change them back.
 */
function lineBreakOf(text: string): string {
  let content = 0;
  while (content < text.length && isXmlSpace(text.charCodeAt(content))) content++;
  return firstLineBreak(text, content, text.length) ?? firstLineBreak(text, 0, content) ?? '\n';
}

function firstLineBreak(text: string, from: number, to: number): string | undefined {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) return '\n';
    if (c === 0x0d) return text.charCodeAt(i + 1) === 0x0a ? '\r\n' : '\r';
  }
  return undefined;
}

/** Line breaks in white space: `\r\n`, `\n` and a lone `\r` each count once. */
function lineBreaks(space: string): number {
  let count = 0;
  for (let i = 0; i < space.length; i++) {
    const c = space.charCodeAt(i);
    if (c === 0x0a) count++;
    else if (c === 0x0d && space.charCodeAt(i + 1) !== 0x0a) count++;
  }
  return count;
}

