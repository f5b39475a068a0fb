/**
 * Small tree and text helpers shared by the rules and their quick fixes. Nothing here knows VoiceML.
 */
import { CDATA, DOCUMENT, DYNAMIC, HAS_END_TAG, NONE, SELF_CLOSING, START_TAG_CLOSED, TEXT, VISIBLE, WHITESPACE, type AttributeId, type NodeId, type XmlTree } from '../parser/tree';
import type { PlainValidator, ValueProblem } from '../model/values';
import type { Edit, Fix, RuleContext } from './rule';
import { isXmlSpace, isXmlSpaceOnly } from '../parser';
import { isTrimmedSpace } from '../model';

/** True when some text among `owner`'s children stands for a template substitution (unknown markup). */
export function hasDynamicContent(tree: XmlTree, owner: NodeId): boolean {
  for (let node = tree.firstChild(owner); node !== NONE; node = tree.nextSibling(node)) {
    if (tree.kind(node) === TEXT && tree.is(node, DYNAMIC)) return true;
  }
  return false;
}

export interface Body {
  /** The decoded text of the element's text and CDATA children, concatenated. */
  value: string;
  /** Range of the body from its first to its last non-whitespace character (start === end when empty). */
  start: number;
  end: number;
  /** The body contains a template substitution: its value is unknown. */
  dynamic: boolean;
}

/*
 * Two kinds of "empty", on purpose:
 * - where no text is allowed (`<Hangup>`, between verbs), anything but XML white space (space, tab, CR, LF) is
 *   text — a no-break space is content to an XML processor, in text and CDATA alike;
 * - where a body is required (`<Say>`, `<Redirect>`, `<Number>`), a body of nothing but white space of any kind
 *   (no-break spaces included) says nothing, dials nothing, redirects nowhere: it counts as missing.
 */

/** True when the element has a body that is not blank, or one that may not be (a template substitution). */
export function hasBody(tree: XmlTree, element: NodeId): boolean {
  for (let node = tree.firstChild(element); node !== NONE; node = tree.nextSibling(node)) {
    const kind = tree.kind(node);
    if (kind === TEXT && (tree.is(node, DYNAMIC) || (!tree.is(node, WHITESPACE) && !isBlankText(tree, node)))) return true;
    if (kind === CDATA && !isBlankText(tree, node)) return true;
  }
  return false;
}

/** Is a text or CDATA node's value white space of any kind only? Read where it stands when nothing is decoded. */
function isBlankText(tree: XmlTree, node: NodeId): boolean {
  if (tree.is(node, VISIBLE)) return false;
  const text = tree.text;
  const end = tree.textValueEnd(node);
  const verbatim = tree.textIsVerbatim(node);
  for (let i = tree.textValueStart(node); i < end; i++) {
    const c = text.charCodeAt(i);
    if (isTrimmedSpace(c)) continue;
    // A character before any reference is in the value too (`안녕 &amp; …`): only from a reference on is the
    // decoded value read.
    return !verbatim && c === 0x26 && tree.textValue(node).trim() === '';
  }
  return true;
}

/**
 * The text of an element's body: its text and CDATA children and the white space between its nodes (which is
 * no node: see `XmlTree.spaceEnd`), decoded and concatenated; comments and child elements are skipped.
 */
export function bodyText(tree: XmlTree, element: NodeId): string {
  const text = tree.text;
  let value = '';
  let at = tree.contentStart(element);
  for (let node = tree.firstChild(element); node !== NONE; at = tree.end(node), node = tree.nextSibling(node)) {
    if (tree.start(node) > at) value += text.slice(at, tree.spaceEnd(at, tree.start(node)));
    const kind = tree.kind(node);
    if (kind === TEXT || kind === CDATA) value += tree.textValue(node);
  }
  const end = tree.contentEnd(element);
  return end > at ? value + text.slice(at, tree.spaceEnd(at, end)) : value;
}

/** The text body of an element (`bodyText`), with where its words are and whether a substitution is in it. */
export function bodyOf(tree: XmlTree, element: NodeId): Body {
  const text = tree.text;
  let start = -1;
  let end = -1;
  let dynamic = false;
  for (let node = tree.firstChild(element); node !== NONE; node = tree.nextSibling(node)) {
    const kind = tree.kind(node);
    if (kind !== TEXT && kind !== CDATA) continue;
    if (kind === TEXT && tree.is(node, DYNAMIC)) dynamic = true;
    const range = kind === CDATA ? { start: tree.start(node), end: tree.end(node) } : trimRange(text, tree.start(node), tree.end(node));
    if (range.start === range.end || (kind === TEXT && tree.is(node, WHITESPACE))) continue;
    if (start < 0) start = range.start;
    end = range.end;
  }
  if (start < 0) start = end = tree.startTagEnd(element);
  return { value: bodyText(tree, element), start, end, dynamic };
}

/**
 * Was `element` left open (`<Say>hi` with no `</Say>`)? Then the tolerant parser guessed where it ends, and
 * what it seems to hold is that guess: the missing end tag is the mistake, and xml-syntax reports it.
 */
export function isLeftOpen(tree: XmlTree, element: NodeId): boolean {
  return element !== DOCUMENT && tree.is(element, START_TAG_CLOSED) && !tree.is(element, SELF_CLOSING) && !tree.is(element, HAS_END_TAG);
}

/** True when a text or CDATA node holds something other than whitespace. */
export function isSignificantText(tree: XmlTree, node: NodeId): boolean {
  const kind = tree.kind(node);
  if (kind === TEXT) return !tree.is(node, WHITESPACE);
  if (kind === CDATA) return !isXmlSpaceOnly(tree.textValue(node));
  return false;
}

/**
 * Is the body of `element` the usual one: one plain text node alone (no substitution, no reference) whose value,
 * without the XML white space around it, `valid` finds plainly valid (`isPlainlyValid`)? Read where it stands,
 * no string made.
 */
export function isPlainBody(tree: XmlTree, element: NodeId, valid: PlainValidator): boolean {
  const only = element + 1;
  if (tree.subtreeEnd(element) !== only + 1 || tree.kind(only) !== TEXT || tree.is(only, DYNAMIC) || !tree.textIsVerbatim(only)) return false;
  const units = tree.units;
  let start = tree.start(only);
  let end = tree.end(only);
  while (start < end && isXmlSpace(units[start]!)) start++;
  while (end > start && isXmlSpace(units[end - 1]!)) end--;
  return valid(units, start, end);
}

/** `[start, end)` without leading and trailing XML whitespace. */
export function trimRange(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && isXmlSpace(text.charCodeAt(start))) start++;
  while (end > start && isXmlSpace(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

/**
 * Reports a value that failed its type check (`checkValue`) on `[start, end)`, with the checker's suggestion
 * as the preferred fix. An empty value is reported on `empty` (its quotes), so the squiggle is visible.
 */
export function reportValueProblem(
  ctx: RuleContext,
  problem: ValueProblem,
  range: { start: number; end: number; empty?: { start: number; end: number } },
  options: { safe?: boolean; quoted?: boolean } = {},
): void {
  const shown = range.start === range.end && range.empty ? range.empty : range;
  if (ctx.leftOut(shown.start, shown.end)) return;
  ctx.report({
    start: shown.start,
    end: shown.end,
    message: problem.message,
    args: problem.args,
    severity: problem.severity,
    fixes: problem.suggestion === undefined ? undefined : changeTo(problem.suggestion, range, options),
  });
}

/** The fix putting `value` in place of `range` (preferred; in "fix all" when `safe`), made when it is asked for. */
export function changeTo(value: string, range: { start: number; end: number }, options: { safe?: boolean; quoted?: boolean }): () => Fix[] {
  return () => [
    {
      title: options.quoted ? CHANGE_TO_QUOTED : CHANGE_TO,
      args: [value],
      edits: [{ start: range.start, end: range.end, newText: value }],
      preferred: true,
      safe: options.safe === true,
    },
  ];
}

/** The title of a fix putting `{0}` in place of what is written: one object, shared by the rules' fixes. */
export const CHANGE_TO = { ko: '{0}(으)로 바꾸기', en: 'Change to {0}' };
/** The same, for a value (`{0}` in quotes). */
export const CHANGE_TO_QUOTED = { ko: '"{0}"(으)로 바꾸기', en: 'Change to "{0}"' };

/** Edits renaming an element in its start tag and, when it has one not named so yet, its end tag. */
export function renameElement(tree: XmlTree, element: NodeId, newName: string): Edit[] {
  const edits: Edit[] = [{ start: tree.nameStart(element), end: tree.nameEnd(element), newText: newName }];
  if (tree.hasEndTag(element) && endTagName(tree, element) !== newName) {
    edits.push({ start: tree.endTagNameStart(element), end: tree.endTagNameEnd(element), newText: newName });
  }
  return edits;
}

/** The name written in an element's end tag (it may differ from the start tag's: `<Sya>…</Say>`); undefined without one. */
export function endTagName(tree: XmlTree, element: NodeId): string | undefined {
  return tree.hasEndTag(element) ? tree.text.slice(tree.endTagNameStart(element), tree.endTagNameEnd(element)) : undefined;
}

/**
 * The range to delete to remove a node cleanly: when the node sits alone on its line(s), the whole lines
 * including the line break, so no blank line is left behind; otherwise just the node.
 */
export function removalRange(text: string, start: number, end: number): { start: number; end: number } {
  let lineStart = start;
  while (lineStart > 0 && (text.charCodeAt(lineStart - 1) === 0x20 || text.charCodeAt(lineStart - 1) === 0x09)) lineStart--;
  let lineEnd = end;
  while (lineEnd < text.length && (text.charCodeAt(lineEnd) === 0x20 || text.charCodeAt(lineEnd) === 0x09)) lineEnd++;
  const atLineStart = lineStart === 0 || text.charCodeAt(lineStart - 1) === 0x0a;
  const atLineEnd = lineEnd === text.length || text.charCodeAt(lineEnd) === 0x0a || text.charCodeAt(lineEnd) === 0x0d;
  if (!atLineStart || !atLineEnd) return { start, end };
  if (text.charCodeAt(lineEnd) === 0x0d) lineEnd++;
  if (text.charCodeAt(lineEnd) === 0x0a) lineEnd++;
  return { start: lineStart, end: lineEnd };
}

/** The indentation (spaces and tabs) of the line `offset` is on. */
export function indentationAt(text: string, offset: number): string {
  let lineStart = offset;
  while (lineStart > 0 && text.charCodeAt(lineStart - 1) !== 0x0a) lineStart--;
  let i = lineStart;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i++;
  return text.slice(lineStart, i);
}

/** Where to insert a new attribute in a start tag: after the last attribute, or after the name. */
export function attributeInsertionOffset(tree: XmlTree, element: NodeId): number {
  const end = tree.attributesEnd(element);
  return end > tree.firstAttribute(element) ? tree.attributeEnd(end - 1) : tree.nameEnd(element);
}

/** `a`, `b`, `c` → `<a>, <b>, <c>` for messages. */
export function tagList(names: readonly string[]): string {
  return names.map((n) => `<${n}>`).join(', ');
}

/** Attributes every XML element may carry: namespace declarations and the `xml:` attributes. */
export function isXmlAttribute(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:') || name.startsWith('xml:');
}

const REMOVE_ATTRIBUTE = { ko: '{0} 속성 삭제', en: 'Remove the {0} attribute' };

/** A fix removing an attribute together with the whitespace before it. */
export function removeAttributeFix(tree: XmlTree, attribute: AttributeId, options: { preferred?: boolean; safe?: boolean } = {}): Fix {
  const text = tree.text;
  const attributeStart = tree.attributeStart(attribute);
  const attributeEnd = tree.attributeEnd(attribute);
  let start = attributeStart;
  while (start > 0 && isXmlSpace(text.charCodeAt(start - 1))) start--;
  const range = start === attributeStart ? removalRange(text, attributeStart, attributeEnd) : { start, end: attributeEnd };
  return {
    title: REMOVE_ATTRIBUTE,
    args: [tree.attributeName(attribute)],
    edits: [{ start: range.start, end: range.end, newText: '' }],
    ...options,
  };
}
