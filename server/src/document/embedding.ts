/**
 * What every host that holds VoiceML in strings shares (a JS/TS template literal, a Python string): which
 * strings are VoiceML by their first markup, whether a parsed string is, as what (a whole document or a
 * fragment spliced into an element), and the element a string nested in another one's substitution is
 * spliced into. Hosts add their own signs (a template's tag, a marker comment) on top.
 */
import { elementNames, getElement, model, parentsOf } from '../model';
import { PLACEHOLDER } from '../parser/ast';
import { DOCUMENT, DYNAMIC_NAME, ELEMENT, NONE, START_TAG_CLOSED, type NodeId, type XmlTree } from '../parser/tree';
import { isVoiceMLXml } from './detect';
import { isNearMiss } from '../parser/names';
import type { EscapeSpan, VoiceMLRegion } from './region';

/** Every VoiceML element name and the root's, in lower case: the names a tag is looked up by. */
const TAG_NAMES: ReadonlySet<string> = new Set([model.root, ...elementNames].map((name) => name.toLowerCase()));
const LONGEST_NAME = Math.max(...[...TAG_NAMES].map((name) => name.length));
/** `TAG_NAMES` by length: a tag's name is compared where it stands, letter by letter (no slice, no lower case per tag). */
const NAMES_BY_LENGTH: readonly (readonly string[])[] = Array.from({ length: LONGEST_NAME + 1 }, (_, length) => [...TAG_NAMES].filter((name) => name.length === length));

/**
 * Could any string of this text be VoiceML by its content? A scan before any parse of the host language:
 * most files hold none. True when a start or end tag of a VoiceML element occurs anywhere, in any case
 * (`<Say`, `</Gather`, `<response`; in a comment or a type such as `Array<Number>` is fine: this only
 * decides whether to look closer).
 */
export function mentionsVoiceML(text: string): boolean {
  return nextTag(text, 0) >= 0;
}

/**
 * Where VoiceML start and end tags (`<Say`, `</Response`, any case) stand in a text, in order: every string
 * holding VoiceML holds one, so a host can look for its strings around these offsets instead of everywhere.
 */
export function tagOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (let at = nextTag(text, 0); at >= 0; at = nextTag(text, at + 1)) offsets.push(at);
  return offsets;
}

/** Does a VoiceML start or end tag (see `tagOffsets`) start in `text[from, to)`? */
export function tagWithin(text: string, from: number, to: number): boolean {
  return nextTag(text, from, to) >= 0;
}

/**
 * The offset of the next `<` or `</` from `from` on (before `to`) that a VoiceML name follows (then a non-name
 * character), or -1.
 */
export function nextTag(text: string, from: number, to = text.length): number {
  for (let lt = text.indexOf('<', from); lt >= 0 && lt < to; lt = text.indexOf('<', lt + 1)) if (isTagAt(text, lt)) return lt;
  return -1;
}

/**
 * Does a VoiceML start or end tag (see `tagOffsets`) start outside the ranges `[starts[k], ends[k])` (disjoint,
 * in order)? One pass over the `<` of the text: a range's `<` are passed over, never searched from again.
 */
export function tagOutside(text: string, starts: readonly number[], ends: readonly number[]): boolean {
  let lt = text.indexOf('<');
  // The gaps between the ranges, the last one up to the end of the text.
  for (let k = 0, from = 0; k <= starts.length && lt >= 0; from = ends[k]!, k++) {
    const to = k < starts.length ? starts[k]! : text.length;
    if (lt < from) lt = text.indexOf('<', from);
    for (; lt >= 0 && lt < to; lt = text.indexOf('<', lt + 1)) if (isTagAt(text, lt)) return true;
  }
  return false;
}

/** Is the `<` at `lt` a VoiceML start or end tag: `<` or `</`, a name of `TAG_NAMES` in any case, then no name character? */
function isTagAt(text: string, lt: number): boolean {
  let start = lt + 1;
  if (text.charCodeAt(start) === 0x2f) start++;
  let end = start;
  while (end < text.length && end - start <= LONGEST_NAME && isLetter(text.charCodeAt(end))) end++;
  return end > start && end - start <= LONGEST_NAME && !isNameCharacter(text.charCodeAt(end)) && isTagName(text, start, end);
}

/** Is `text[start, end)`, letters only, a name of `TAG_NAMES` in any case? */
function isTagName(text: string, start: number, end: number): boolean {
  names: for (const name of NAMES_BY_LENGTH[end - start]!) {
    for (let i = 0; i < name.length; i++) if ((text.charCodeAt(start + i) | 0x20) !== name.charCodeAt(i)) continue names;
    return true;
  }
  return false;
}

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isNameCharacter(c: number): boolean {
  return isLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f || c === 0x2e || c === 0x3a;
}

/**
 * Names of HTML and SVG elements that are a near miss of a VoiceML name (`dialog` of Dial, `select` and
 * `object` of Reject, `rect` of Reject): a string starting with one is HTML or SVG, not misspelt VoiceML.
 */
const MARKUP_OF_OTHER_LANGUAGES: ReadonlySet<string> = new Set(['dialog', 'object', 'select', 'rect']);

/**
 * A tag name that means VoiceML at the start of a string: a VoiceML element's or the root's, or a near miss
 * of one (`Sya`, `Gahter`, `response` — a misspelt first tag is the first mistake to catch), never an HTML or
 * SVG element's.
 */
export function startsVoiceML(name: string): boolean {
  if (name === model.root || getElement(name) !== undefined) return true;
  if (MARKUP_OF_OTHER_LANGUAGES.has(name.toLowerCase())) return false;
  const lower = name.toLowerCase();
  for (const candidate of TAG_NAMES) if (isNearMiss(lower, candidate)) return true;
  return false;
}

/**
 * First look at a string's virtual text, before any parse: `'voiceml'` when it starts (after white space and
 * substitutions) with the start tag of `<Response`, a VoiceML element, or a near miss of one (`<Sya`,
 * `<Gahter`, `<response`; `<div>`, `<dialog>` and `SELECT …` never match); `'xml'` when it starts with an XML
 * declaration, and the content decides after the parse (`acceptParsed`); else `'no'`. Only the first
 * characters are read.
 */
export function firstLook(virtual: string): 'voiceml' | 'xml' | 'no' {
  const start = firstMarkup(virtual);
  if (start < 0) return 'no';
  if (virtual.startsWith('<?xml', start) && isDelimiter(virtual.charCodeAt(start + 5))) return 'xml';
  return startsVoiceML(nameAt(virtual, start + 1)) ? 'voiceml' : 'no';
}

/** Is the parsed content VoiceML (root `<Response>` or a near miss of it, or VoiceML elements at the top)? */
export function acceptParsed(tree: XmlTree): boolean {
  if (isVoiceMLXml(tree)) return true;
  for (let node = tree.firstChild(DOCUMENT); node !== NONE; node = tree.nextSibling(node)) {
    if (tree.kind(node) === ELEMENT && !tree.is(node, DYNAMIC_NAME) && getElement(tree.name(node))) return true;
  }
  return false;
}

/**
 * Does the XML close what it opens, and open what it closes? A string that does not is taken for one piece
 * of a response built from several, when the host cannot follow the others (`"<Response>" + body`).
 */
export function isBalanced(xml: XmlTree): boolean {
  return !xml.errors.some((e) => e.code === 'unclosed-element' || e.code === 'unexpected-end-tag' || e.code === 'mismatched-end-tag');
}

/**
 * A document when the root is `<Response>` (or a misspelling of it, which the root rule reports); otherwise
 * a fragment, spliced into `context` (the element around the substitution a nested string sits in) when
 * known, else into the parent of its first element when that is a noun (`<Number>` → Dial), else into
 * Response.
 */
export function shapeOf(tree: XmlTree, context: string | undefined): { kind: 'document' | 'fragment'; fragmentParent: string | undefined } {
  const root = tree.root;
  const named = root !== NONE && !tree.is(root, DYNAMIC_NAME);
  if (named && (tree.name(root) === model.root || isVoiceMLXml(tree))) return { kind: 'document', fragmentParent: undefined };
  if (context !== undefined) return { kind: 'fragment', fragmentParent: context };
  const first = named ? getElement(tree.name(root)) : undefined;
  if (first?.role === 'noun') {
    const parent = parentsOf(first.name)[0];
    if (parent !== undefined) return { kind: 'fragment', fragmentParent: parent };
  }
  return { kind: 'fragment', fragmentParent: model.root };
}

/**
 * The VoiceML element whose content `offset` (a substitution holding a nested string) is in, so the nested
 * string is checked as children of that element: `<Dial>${numbers.map((n) => `<Number>${n}</Number>`)}`.
 * Undefined in a start tag, an attribute value, or outside any VoiceML element.
 */
export function contentParentAt(region: VoiceMLRegion, offset: number): string | undefined {
  const tree = region.tree;
  let parent: NodeId = DOCUMENT;
  descend: for (;;) {
    for (let child = tree.firstChild(parent); child !== NONE; child = tree.nextSibling(child)) {
      if (tree.kind(child) !== ELEMENT || offset < tree.start(child) || offset >= tree.end(child)) continue;
      if (offset < tree.startTagEnd(child) || !tree.is(child, START_TAG_CLOSED)) return undefined;
      if (tree.hasEndTag(child) && offset >= tree.endTagStart(child)) return undefined;
      parent = child;
      continue descend;
    }
    break;
  }
  if (parent === DOCUMENT) return region.kind === 'fragment' ? region.fragmentParent : undefined;
  const name = tree.name(parent);
  return !tree.is(parent, DYNAMIC_NAME) && getElement(name) ? name : undefined;
}

/**
 * An escape sequence of a host string, `text[at, at + length)`, standing for `value`, as virtual text of the
 * same length: the character followed by spaces (`\n` → line break + space). The padding is white space,
 * which XML ignores between markup and which only text bodies and attribute values would see. A character
 * that starts markup is padded before it instead, so what follows it is not cut off: an escaped quote that
 * opens an attribute value (after `=`, from `from` on) — `language=\"ko\"` reads as `language= "ko" ` — and
 * an escaped `<` or `&` (`\x3CSay>` reads as `   <Say>`).
 */
export function sameLength(value: string, length: number, text: string, at: number, from: number): string {
  if (value === '<' || value === '&' || ((value === '"' || value === "'") && opensValue(text, at, from))) return ' '.repeat(length - 1) + value;
  return value.length >= length ? value : value + ' '.repeat(length - value.length);
}

/**
 * The span of an escape sequence at `start` (file offset) whose virtual text is `cooked`, in region offsets
 * (`base`: the region's offset): where its character stands is where the padding is not.
 */
export function escapeSpan(start: number, cooked: string, base: number): EscapeSpan {
  let at = 0;
  while (at < cooked.length - 1 && cooked.charCodeAt(at) === 0x20) at++;
  return { start: start - base, end: start - base + cooked.length, at: start - base + at };
}

/** Does the quote escaped at `at` follow an `=` (white space between allowed)? */
function opensValue(text: string, at: number, from: number): boolean {
  let i = at - 1;
  while (i >= from && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i--;
  return i >= from && text.charCodeAt(i) === 0x3d;
}

/** Offset of the first `<` after white space and substitutions, or -1 when something else comes first. */
function firstMarkup(virtual: string): number {
  for (let i = 0; i < virtual.length; i++) {
    const c = virtual.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === PH) continue;
    return c === 0x3c ? i : -1;
  }
  return -1;
}

const PH = PLACEHOLDER.charCodeAt(0);

/** The tag name starting at `at`: up to white space, `>`, `/` or a placeholder. */
function nameAt(virtual: string, at: number): string {
  let end = at;
  while (end < virtual.length && !isDelimiter(virtual.charCodeAt(end))) end++;
  return virtual.slice(at, end);
}

function isDelimiter(c: number): boolean {
  return Number.isNaN(c) || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3e || c === 0x2f || c === 0x3f || c === PH;
}
