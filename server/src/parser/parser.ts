/**
 * The tolerant XML parser: one forward pass over the text's code units, writing the flat tree of
 * `tree.ts` as it goes (`parseXml` turns it into the object tree of `ast.ts`).
 *
 * Design choices, and why:
 * - No recursion anywhere: open elements live on an explicit stack, so nesting depth is bounded only by memory
 *   (editors get pathological documents while users type or paste).
 * - Nodes are records in typed arrays, not objects: a tree has tens of thousands of nodes, and allocation, not
 *   scanning, was what a parse spent most on. Each distinct name is kept once, in the tree's table of
 *   symbols; text and values are not copied at all unless a reference or white space had to be decoded.
 * - Every well-formedness problem is reported and the scan continues, recovering the way HTML parsers do, so
 *   the completion engine always has a tree for a half-typed document.
 * - Nothing outside the text is ever read: a DOCTYPE is kept as a node and never resolved, and only the five
 *   predefined entities plus character references are expanded.
 */
import type { ParseError, ParseErrorCode, ParseOptions, XmlDocument, XmlEndTag } from './ast';
import {
  CDATA,
  CLOSED,
  COMMENT,
  DOCTYPE,
  DOCUMENT,
  DOUBLE_QUOTED,
  DYNAMIC,
  DYNAMIC_ATTRIBUTES,
  DYNAMIC_NAME,
  ELEMENT,
  NONE,
  PI,
  SELF_CLOSING,
  SINGLE_QUOTED,
  START_TAG_CLOSED,
  TEXT,
  VALUE_CLOSED,
  VALUE_DYNAMIC,
  VISIBLE,
  WHITESPACE,
  XmlTree,
  type NodeId,
  type SymbolId,
  isXmlSpace,
  isXmlSpaceOnly,
} from './tree';
import { toDocument } from './materialize';
import { QUICK_FROM, quickParse } from './quick';
import { internSlice, knownNames, knownUnits, knownUnitsAt, ownCopy } from './intern';
import { isNearMiss } from './names';
import { characterReferenceAt, decodeReferences, PREDEFINED_ENTITIES } from './references';

const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const BANG = 0x21;
const DQUOTE = 0x22;
const HASH = 0x23;
const AMP = 0x26;
const SQUOTE = 0x27;
const HYPHEN = 0x2d;
const SLASH = 0x2f;
const SEMI = 0x3b;
const LT = 0x3c;
const EQ = 0x3d;
const GT = 0x3e;
const QUESTION = 0x3f;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LOWER_X = 0x78;
const PERCENT = 0x25;
const BOM = 0xfeff;
/** Code unit of `PLACEHOLDER` (kept as a number so the hot loops compare integers). */
const PH = 0xe000;

// Character classes of the ASCII range, as bits in one table: one load answers every question the hot loops
// ask about an ASCII character.
const C_WS = 1; // XML white space: space, tab, CR, LF
const C_NAME_START = 2; // NameStartChar
const C_NAME = 4; // NameChar
const C_TEXT_STOP = 8; // ends the fast path of character data: `<`, `&`, `]`, forbidden controls
const C_VALUE_STOP = 16; // ends the fast path of a quoted value: `<`, `&`, `>`, quotes, forbidden controls
const C_INVALID = 32; // C0 controls XML 1.0 forbids
const C_DELIM = 64; // ends a malformed name: white space, `/`, `>`, `<`, `=`, quotes

const CLASS = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) {
  if (c !== TAB && c !== LF && c !== CR) CLASS[c] = C_INVALID | C_TEXT_STOP | C_VALUE_STOP;
}
for (const c of [SPACE, TAB, LF, CR]) CLASS[c] = C_WS | C_DELIM;
// Literal tab, line feed and carriage return in a quoted value become spaces (XML 1.0 §3.3.3).
for (const c of [TAB, LF, CR]) CLASS[c] |= C_VALUE_STOP;
for (let c = 0x41; c <= 0x5a; c++) CLASS[c] = C_NAME_START | C_NAME;
for (let c = 0x61; c <= 0x7a; c++) CLASS[c] = C_NAME_START | C_NAME;
CLASS[0x5f] = C_NAME_START | C_NAME; // _
CLASS[0x3a] = C_NAME_START | C_NAME; // :
for (let c = 0x30; c <= 0x39; c++) CLASS[c] = C_NAME;
CLASS[HYPHEN] = C_NAME;
CLASS[0x2e] = C_NAME; // .
CLASS[LT] = C_TEXT_STOP | C_VALUE_STOP | C_DELIM;
CLASS[AMP] = C_TEXT_STOP | C_VALUE_STOP;
CLASS[RBRACKET] = C_TEXT_STOP;
CLASS[GT] = C_VALUE_STOP | C_DELIM;
CLASS[DQUOTE] = C_VALUE_STOP | C_DELIM;
CLASS[SQUOTE] = C_VALUE_STOP | C_DELIM;
CLASS[SLASH] = C_DELIM;
CLASS[EQ] = C_DELIM;

/** NameStartChar above ASCII (XML 1.0 fifth edition), BMP only; surrogate pairs are handled by the callers. */
function isNameStartHigh(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xd7ff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

function isNameCharHigh(c: number): boolean {
  return isNameStartHigh(c) || c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040;
}

/** Is `c` a decimal digit, or with `hex` a hexadecimal one? */
function isDigitOf(c: number, hex: boolean): boolean {
  return (c >= 0x30 && c <= 0x39) || (hex && ((c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46)));
}

/** The expansion of the predefined entity whose name is written at `[start, end)` of the text `u`, if it is one. */
function predefinedEntityAt(u: Uint16Array, start: number, end: number): string | undefined {
  for (const [name, expansion] of PREDEFINED_ENTITIES) if (name.length === end - start && codesAt(u, start, name)) return expansion;
  return undefined;
}

/**
 * Well-formedness errors kept per parse: the first ones by position. A document with more is broken
 * beyond what anyone reads one by one (binary data, 5 MB of `&`); the rest are only counted, by code
 * (`XmlTree.omittedErrors`), so that memory stays bounded. As many as a document's diagnostics are ever shown
 * (`services/limits.ts`).
 */
export const MAX_PARSE_ERRORS = 1000;

/** `counts` with `n` more of `code` (made on first use: most parses never need one). */
function countIn<K>(counts: Map<K, number> | undefined, code: K, n: number): Map<K, number> {
  const map = counts ?? new Map<K, number>();
  map.set(code, (map.get(code) ?? 0) + n);
  return map;
}

/** Pieces of decoded text appended to one string before they are collected in a list (see `Parser.add`). */
const MANY_PIECES = 256;
/** Pieces joined into one flat string at a time. */
const CHUNK_PIECES = 4096;

function hex(c: number): string {
  return 'U+' + c.toString(16).toUpperCase().padStart(4, '0');
}

/** One pseudo-attribute of the XML declaration, matched at a fixed position (sticky), never per character. */
const XML_DECL_PSEUDO_ATTRIBUTE = /([ \t\r\n]*)([A-Za-z]+)[ \t\r\n]*=[ \t\r\n]*(?:"([^"]*)"|'([^']*)')/y;
const XML_DECL_ORDER = ['version', 'encoding', 'standalone'] as const;
const XML_DECL_VALUE: Record<(typeof XML_DECL_ORDER)[number], RegExp> = {
  version: /^1\.[0-9]+$/,
  encoding: /^[A-Za-z][A-Za-z0-9._-]*$/,
  standalone: /^(?:yes|no)$/,
};

const MARKUP_DECLARATIONS = ['ELEMENT', 'ATTLIST', 'ENTITY', 'NOTATION'] as const;

// The grammar of the markup declarations an internal DTD subset may hold (XML 1.0 §2.8, §3.2, §3.3, §4.2,
// §4.7), to check that they are well-formed. They are never acted upon. One match per declaration: DTDs are
// rare and small, this is not the scanner's hot path.
const S = '[ \\t\\r\\n]+';
const OS = '[ \\t\\r\\n]*';
const NAME_START_CLASS =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F' +
  '\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CLASS = NAME_START_CLASS + '\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040';
const NAME = `[${NAME_START_CLASS}][${NAME_CLASS}]*`;
const NMTOKEN = `[${NAME_CLASS}]+`;
const REFERENCE = `&${NAME};|&#[0-9]+;|&#x[0-9a-fA-F]+;`;
// In the internal subset a parameter-entity reference may not appear inside a declaration, hence no `%`.
const ENTITY_VALUE = `"(?:[^%&"]|${REFERENCE})*"|'(?:[^%&']|${REFERENCE})*'`;
const SYSTEM_LITERAL = `"[^"]*"|'[^']*'`;
const PUBID_CHARS = "a-zA-Z0-9\\-()+,./:=?;!*#@$_% \\r\\n";
const PUBID_LITERAL = `"[${PUBID_CHARS}']*"|'[${PUBID_CHARS}]*'`;
const EXTERNAL_ID = `SYSTEM${S}(?:${SYSTEM_LITERAL})|PUBLIC${S}(?:${PUBID_LITERAL})${S}(?:${SYSTEM_LITERAL})`;
const ATT_VALUE = `"(?:[^<&"]|${REFERENCE})*"|'(?:[^<&']|${REFERENCE})*'`;
const ATT_TYPE =
  `CDATA|IDREFS|IDREF|ID|ENTITIES|ENTITY|NMTOKENS|NMTOKEN` +
  `|NOTATION${S}\\(${OS}${NAME}(?:${OS}\\|${OS}${NAME})*${OS}\\)|\\(${OS}${NMTOKEN}(?:${OS}\\|${OS}${NMTOKEN})*${OS}\\)`;
const DEFAULT_DECL = `#REQUIRED|#IMPLIED|(?:#FIXED${S})?(?:${ATT_VALUE})`;
const ENTITY_DECL = new RegExp(
  `^<!ENTITY${S}(?:%${S}${NAME}${S}(?:${ENTITY_VALUE}|${EXTERNAL_ID})|${NAME}${S}(?:${ENTITY_VALUE}|(?:${EXTERNAL_ID})(?:${S}NDATA${S}${NAME})?))${OS}>$`,
  'u',
);
const NOTATION_DECL = new RegExp(`^<!NOTATION${S}${NAME}${S}(?:${EXTERNAL_ID}|PUBLIC${S}(?:${PUBID_LITERAL}))${OS}>$`, 'u');
const ATTLIST_DECL = new RegExp(`^<!ATTLIST${S}${NAME}(?:${S}${NAME}${S}(?:${ATT_TYPE})${S}(?:${DEFAULT_DECL}))*${OS}>$`, 'u');
// The content spec is cut out greedily and trimmed in code: a lazy group before optional white space would
// backtrack quadratically on a long run of spaces.
const ELEMENT_DECL = new RegExp(`^<!ELEMENT${S}${NAME}${S}([^>]*)>$`, 'u');
/**
 * One token of a content model: white space, `(`, `)` with its occurrence, a separator, `#PCDATA`, a name
 * with its occurrence. Content models are checked token by token, never by one backtracking regex.
 */
const CONTENT_TOKEN = new RegExp(`${S}|\\(|\\)[?*+]?|[|,]|#PCDATA|${NAME}[?*+]?`, 'uy');
const PI_IN_SUBSET = new RegExp(`^<\\?(${NAME})(?:${S}[^]*)?\\?>$`, 'u');

/** The tokens of a content model, white space left out; undefined when something is not a token. */
function contentTokens(spec: string): string[] | undefined {
  const re = CONTENT_TOKEN;
  const tokens: string[] = [];
  let p = 0;
  while (p < spec.length) {
    re.lastIndex = p;
    const m = re.exec(spec);
    if (m === null) return undefined;
    p = re.lastIndex;
    if (!isXmlSpace(m[0].charCodeAt(0))) tokens.push(m[0]);
  }
  return tokens;
}

/** Is this content-model token a bare name (no occurrence indicator)? */
function isNameToken(token: string): boolean {
  return !/^[()|,#]/.test(token) && !/[?*+]$/.test(token);
}

/** Is `spec` mixed content: `(#PCDATA)` or `(#PCDATA | a | b)*`? */
function isMixedContent(spec: string): boolean {
  const t = contentTokens(spec);
  if (t === undefined || t.length < 3 || t[0] !== '(' || t[1] !== '#PCDATA') return false;
  if (t.length === 3) return t[2] === ')' || t[2] === ')*';
  // `| name` pairs, then `)*`
  if (t[t.length - 1] !== ')*' || t.length % 2 !== 1) return false;
  for (let k = 2; k < t.length - 1; k += 2) if (t[k] !== '|' || !isNameToken(t[k + 1]!)) return false;
  return true;
}

/** Is `spec` an element-content model (`(a, (b | c)*, d?)+`)? Checked with an explicit stack: no recursion. */
function isChildrenContent(spec: string): boolean {
  const tokens = contentTokens(spec);
  if (tokens === undefined || tokens[0] !== '(') return false;
  // Per open group: the separator it uses ('' until its first one) and whether an item is expected next.
  const separators: string[] = [];
  const expectItem: boolean[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    const depth = separators.length;
    const c = token.charCodeAt(0);
    if (c === 0x28) {
      if (depth > 0 && !expectItem[depth - 1]) return false;
      separators.push('');
      expectItem.push(true);
    } else if (c === 0x29) {
      if (expectItem[depth - 1]) return false;
      separators.pop();
      expectItem.pop();
      if (depth === 1) return k === tokens.length - 1; // the model is one parenthesized group
      expectItem[depth - 2] = false;
    } else if (c === 0x7c || c === 0x2c) {
      if (expectItem[depth - 1] || (separators[depth - 1] !== '' && separators[depth - 1] !== token)) return false;
      separators[depth - 1] = token;
      expectItem[depth - 1] = true;
    } else {
      if (c === 0x23 || !expectItem[depth - 1]) return false; // `#PCDATA` only in mixed content
      expectItem[depth - 1] = false;
    }
  }
  return false;
}

/** Is `decl` (from `<!` to `>`) a well-formed markup declaration? */
function isWellFormedDeclaration(decl: string): boolean {
  if (decl.startsWith('<!ENTITY')) return ENTITY_DECL.test(decl);
  if (decl.startsWith('<!ATTLIST')) return ATTLIST_DECL.test(decl);
  if (decl.startsWith('<!NOTATION')) return NOTATION_DECL.test(decl);
  const m = ELEMENT_DECL.exec(decl);
  if (m === null) return false;
  let specEnd = m[1]!.length;
  while (specEnd > 0 && isXmlSpace(m[1]!.charCodeAt(specEnd - 1))) specEnd--;
  const spec = m[1]!.slice(0, specEnd);
  return spec === 'EMPTY' || spec === 'ANY' || isMixedContent(spec) || isChildrenContent(spec);
}

/** Does `part` occur at `at` of the text `u`? */
function codesAt(u: Uint16Array, at: number, part: string): boolean {
  for (let k = 0; k < part.length; k++) if (part.charCodeAt(k) !== u[at + k]) return false;
  return true;
}

/** Are the `length` characters at `a` and at `b` of the text `u` the same? (An end tag's name and its start tag's.) */
function sameAt(u: Uint16Array, a: number, b: number, length: number): boolean {
  for (let k = 0; k < length; k++) if (u[a + k]! !== u[b + k]!) return false;
  return true;
}

/** Attribute places per element name whose name `plainAttribute` expects (a power of two). */
const PREDICTED_PLACES = 8;
/**
 * Names `plainAttribute` expects per place: the last two read there. Two, because one element is often written
 * two ways in turn (`<Gather numDigits timeout action>`, then `<Gather numDigits timeout finishOnKey action>`;
 * `<Play loop>`, `<Play digits>`), and one expected name then missed every other time.
 */
const PREDICTED_WAYS = 2;
/** Element names `startTag` expects, by their first three characters (see `nameSlot`). */
const NAME_SLOTS = 256;

/**
 * Where `Parser.predicted` keeps the element name expected at `p`: by its first three characters (VoiceML's
 * names differ there: Play, Pause; Record, Redirect, Response), mixed so that the model's names have a slot
 * each. Characters past the end of the text count as 0.
 */
function nameSlot(u: Uint16Array, p: number): number {
  return Math.imul((u[p]! << 16) ^ (u[p + 1]! << 8) ^ u[p + 2]!, 0x9e3779b1) >>> 24;
}

/**
 * The names expected a parse left (see `Parser.predicted`), for the next: they are well-known names, the same
 * symbols in every tree, so what one string of a JS/TS or Python file taught holds for the next, and a parse
 * of a small string starts with its names expected. Parses are one at a time: a parse takes it, and another one
 * meanwhile (none is) makes its own.
 */
let sparePredicted: Int32Array | undefined;
/** The pseudo-attributes of the last XML declaration read that was valid (see `Parser.xmlDeclaration`). */
let validDeclaration = '';
function predictedTable(): Int32Array {
  const table = sparePredicted;
  if (table === undefined) return new Int32Array(NAME_SLOTS + knownNames.length * PREDICTED_PLACES * PREDICTED_WAYS);
  sparePredicted = undefined;
  return table;
}

/** The open elements of a parse, outermost first (see `Parser.open`): their ids, names, and whether each name is plain. */
interface OpenElements {
  ids: NodeId[];
  names: string[];
  plain: boolean[];
}

/**
 * The open-element stacks a parse left, for the next (taken and given back as `sparePredicted` is): a JS/TS or
 * Python file's hundreds of small trees otherwise each grew three arrays of their own, 89 KB per 100 KB file
 * opened. Not kept once deeper than `KEPT_DEPTH`: a 100 000-deep document's would hold megabytes for good.
 */
let spareOpen: OpenElements | undefined;
const KEPT_DEPTH = 1024;
function openElements(): OpenElements {
  const open = spareOpen;
  if (open === undefined) return { ids: [], names: [], plain: [] };
  spareOpen = undefined;
  return open;
}

/** Is the known name `symbol`, `length` code units long, written at `p` of `u`? */
function knownAt(u: Uint16Array, p: number, symbol: SymbolId, length: number): boolean {
  const name = knownUnits;
  const at = knownUnitsAt[symbol]!;
  for (let k = 0; k < length; k++) if (u[p + k]! !== name[at + k]!) return false;
  return true;
}

/**
 * Is `c` certainly not white space of any kind (as `String.prototype.trim` reads it)? Printable ASCII, or Hangul,
 * kana or CJK (see `VISIBLE`).
 */
function isVisible(c: number): boolean {
  return (c > SPACE && c < 0x7f) || (c > 0x3000 && c < 0xd800);
}

/** Orders errors by where they start, then end (one function for every parse: not a closure made at each). */
function byPosition(a: ParseError, b: ParseError): number {
  return a.start - b.start || a.end - b.end;
}

/** After this many attributes on one element, duplicates are looked up in a set instead of a linear scan. */
const LINEAR_DUPLICATE_LIMIT = 12;


/** Parses `text` into a flat tree, reporting every well-formedness error; never throws, never gives up. */
export function parseTree(text: string, options?: ParseOptions): XmlTree {
  // A plain text of some size: the quick parser reads it, handing what it does not read to this one (`quick.ts`).
  const quickly = options === undefined ? quickParseTree(text) : undefined;
  if (quickly !== undefined) return quickly;
  const parser = new Parser(text, options?.placeholders === true, options?.trimmed === true, new XmlTree(text, options?.records));
  const tree = parser.parse();
  parser.release();
  return tree;
}

/**
 * The tree `parseTree` makes of `text` (no options) when the quick parser reads it (see `quick.ts`), with the
 * items it hands over read by this parser; undefined when it does not. `from`: the shortest text it tries.
 */
export function quickParseTree(text: string, from = QUICK_FROM): XmlTree | undefined {
  const tree = new XmlTree(text);
  let full: Parser | undefined;
  const read = quickParse(text, tree, () => (full = new Parser(text, false, false, tree)), from);
  full?.release();
  return read ? tree : undefined;
}

/**
 * The tree of `text`, made from `before` — the tree of the text `change` was made to (parsed without
 * options) — when the change lies inside the content of one element: that content is read again and the rest
 * is `before`'s, moved; undefined when the change reaches a tag, or reading the content again closes other
 * elements than before (then `parseTree` reads it all). The result is what `parseTree(text)` makes.
 */
export function reparseTree(before: XmlTree, text: string, change: Change): XmlTree | undefined {
  if (before.omittedErrors !== undefined || before.errors.length >= MAX_PARSE_ERRORS / 2) return undefined;
  // A `<?…` without `?>` anywhere ends at its first `>`: a `?>` typed anywhere after it ends it there instead,
  // so what comes after it is to be read again from it, not from the element the change is in.
  if (before.errors.some((e) => e.code === 'unterminated-pi')) return undefined;
  const el = elementHolding(before, change);
  // Reading most of a long text again (a change between the root's children) is no faster than reading it all.
  if (el === NONE || (text.length > LONG_TEXT && before.endTagStart(el) - before.startTagEnd(el) > text.length / 4)) return undefined;
  const parser = new Parser(text, false, false, before.beginAfter(text, el));
  const tree = parser.reparse(before, el, change);
  parser.release();
  return tree;
}

/**
 * The innermost element whose content (after its start tag, before its end tag) holds `change`, and that has
 * both tags whole; `NONE` when there is none.
 */
function elementHolding(tree: XmlTree, change: Change): NodeId {
  let found = NONE;
  let parent: NodeId = DOCUMENT;
  for (;;) {
    // The last child starting before the change, if it is an element holding it: the last node of the parent's
    // subtree starting before it (ids are in document order, and so are starts), then up to the child.
    let low = parent + 1;
    let high = tree.subtreeEnd(parent);
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (tree.start(mid) < change.start) low = mid + 1;
      else high = mid;
    }
    let child = low - 1;
    if (child <= parent) return found;
    while (tree.parent(child) !== parent) child = tree.parent(child);
    if (tree.kind(child) !== ELEMENT) return found;
    const holds =
      tree.is(child, START_TAG_CLOSED) &&
      !tree.is(child, SELF_CLOSING) &&
      tree.hasEndTag(child) &&
      tree.startTagEnd(child) <= change.start &&
      change.end <= tree.endTagStart(child);
    if (!holds) return found;
    found = child;
    parent = child;
  }
}

/** A text long enough for reading most of it again to cost what reading it all does. */
const LONG_TEXT = 100_000;

/** `[start, end)` of a text replaced by what is now `[start, newEnd)`. */
export interface Change {
  start: number;
  end: number;
  newEnd: number;
}

/** An ASCII name read as it is written, with nothing to report (what VoiceML names are). */
function isPlainName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128 || (CLASS[c]! & (i === 0 ? C_NAME_START : C_NAME)) === 0) return false;
  }
  return true;
}

/** Parses `text` into the object tree of `ast.ts` (see `parseTree`). */
export function parseXml(text: string, options?: ParseOptions): XmlDocument {
  return toDocument(parseTree(text, options));
}

/** The attribute value just read (`quotedValue`, `unquotedValue`), until `attribute` stores it. */
interface ValueRead {
  start: number;
  end: number;
  /** `VALUE_CLOSED`, `VALUE_DYNAMIC`, `DOUBLE_QUOTED`, `SINGLE_QUOTED`. */
  flags: number;
  /** The decoded value when it differs from the text inside the quotes. */
  decoded: string | undefined;
}

class Parser {
  private readonly s: string;
  /**
   * The text's code units (the tree's `units`): what the parser reads; `s` is what it cuts strings from. Past the end
   * of the text `u[i]` is undefined, which every test reads as it read `charCodeAt`'s NaN there: no character
   * of any class, no `<`, not below nor above any bound.
   */
  private readonly u: Uint16Array;
  private readonly n: number;
  private readonly placeholders: boolean;
  private readonly tree: XmlTree;
  private readonly errors: ParseError[];
  /**
   * The open elements, outermost first, their names, and whether each name is a plain one (valid, static): the
   * first `depth` entries of each array. The arrays are kept from parse to parse (`openElements`), and are
   * written over rather than shortened: V8 gives up an array's room when its length drops to 0.
   */
  private readonly open = openElements();
  private depth = 0;
  /** Where new nodes go: the innermost open element, or the document. */
  private cur: NodeId = DOCUMENT;
  /** The start tag being read: where it ends, and `START_TAG_CLOSED` / `SELF_CLOSING` / `DYNAMIC_ATTRIBUTES`. */
  private tagEnd = 0;
  private tagFlags = 0;
  /** The first attribute of the start tag being read, and its element's name. */
  private firstAttribute = 0;
  private tagSymbol: SymbolId = 0;
  /**
   * Per element name and attribute place (the first `PREDICTED_PLACES`, after the first `NAME_SLOTS`), the
   * attribute names last read there by `plainAttribute`, the latest first (`PREDICTED_WAYS` of them, each its
   * symbol + 1; 0: none yet). Documents write the same element with the same attributes in the same order
   * over and over: the names expected are compared where the name stands, and the name's scan and its lookup
   * in the symbol table are skipped. Before them, by `nameSlot`, the plain element name last read with the same
   * first characters, which `startTag` expects the same way. Only well-known names (`knownNames`) are
   * expected, after well-known element names: their symbols are every tree's, so the table is kept from parse
   * to parse (`sparePredicted`), and has room for all of them from the start.
   */
  private predicted = predictedTable();
  /** The attribute value and the end tag just read (reused: one object each for the whole parse). */
  private readonly value: ValueRead = { start: 0, end: 0, flags: 0, decoded: undefined };
  private readonly endTagRead: XmlEndTag = { name: '', start: 0, end: 0, nameStart: 0, nameEnd: 0, closed: false };
  /** Offset after a BOM: the only place an XML declaration may start. */
  private readonly contentStart: number;
  /** Set by the scanning helpers when they pass a placeholder; callers reset it and read it. */
  private ph = false;
  /** Where the reference just parsed by `reference` ends. */
  private refEnd = 0;
  /**
   * Whether that reference reads as written (`R&D`, `&x;`: an error, nothing expanded). Then the text or value
   * around it need not be copied: 5 MB of `&` is no five million pieces of a string.
   */
  private refVerbatim = false;
  /**
   * Decoded text (references expanded, white space in values normalised) is built piece by piece with `add`
   * and ended with `finish`, one decoding at a time. Past `MANY_PIECES` pieces they go to `parts`, joined into
   * flat `chunks` every `CHUNK_PIECES`: a string made by appending millions of pieces (a value of 5 MB of line
   * breaks, each read as a space) would otherwise be a chain of millions of string objects, some ten times
   * the size of the text.
   */
  private pieces = 0;
  private parts: string[] | undefined = undefined;
  private readonly chunks: string[] = [];
  /** While re-decoding a truncated value, errors were already reported on the first pass. */
  private silent = false;
  /** The last invalid-character error, so that a run of bad characters gives one error, not thousands. */
  private lastInvalid: ParseError | undefined = undefined;
  /**
   * Errors are kept in bounded memory whatever the text (5 MB of `&` is five million errors): the first
   * `MAX_PARSE_ERRORS` by position, the others counted by code. The list may grow to twice that before it is
   * cut back (`keep`).
   */
  private omitted: Map<ParseErrorCode, number> | undefined = undefined;
  /**
   * While a quoted attribute value is read, its errors are held here: if its closing quote is missing, the
   * value is cut back and the errors after the cut are forgotten (`quotedValue`). Beyond `MAX_PARSE_ERRORS`
   * in one value they are only counted, apart for those reported after the value's first `>` (the only
   * place it can be cut).
   */
  private inValue = false;
  private readonly valueErrors: ParseError[] = [];
  private valueGtSeen = false;
  private valueOmitted: Map<ParseErrorCode, number> | undefined = undefined;
  private valueOmittedAfterGt: Map<ParseErrorCode, number> | undefined = undefined;
  /**
   * How many open elements carry each name. Built only once an end tag does not match the innermost element,
   * so valid documents never pay for it, while a document full of stray end tags does not search the whole
   * stack for each of them.
   */
  private openCounts: Map<string, number> | undefined = undefined;
  /** Attribute names of the start tag being read, once it has too many for a linear duplicate check. */
  private attributeNames: Set<SymbolId> | undefined = undefined;
  private firstNamedTopElement: NodeId = NONE;
  private firstNamelessTopElement: NodeId = NONE;
  private doctypeSeen = false;
  /** Set by `subsetEnd`: the first offset in an internal subset that is not allowed there, or -1. */
  private subsetProblem = -1;
  /** There is no `?>` at or after this offset (learnt from a failed search). */
  private noPiEndFrom = Infinity;
  /** Top-level text stands for a template substitution: there may be elements we cannot see. */
  private topDynamic = false;
  /** Where the last markup read without a node ends (a stray end tag: see `step`), or -1. */
  private skippedEnd = -1;

  constructor(text: string, placeholders: boolean, trimmed: boolean, tree = new XmlTree(text)) {
    this.s = text;
    this.u = tree.units;
    this.n = text.length;
    this.placeholders = placeholders;
    this.tree = tree;
    this.errors = this.tree.errors;
    let start = text.charCodeAt(0) === BOM ? 1 : 0;
    // Trimmed by the program: the document starts at its first character that is not white space.
    if (trimmed) while (start < text.length && isXmlSpace(text.charCodeAt(start))) start++;
    this.contentStart = start;
    tree.documentStart = start;
  }

  parse(): XmlTree {
    const n = this.n;
    let pos = this.contentStart;
    while (pos < n) pos = this.step(pos);
    return this.end();
  }

  /**
   * Reads for the quick parser (`quick.ts`) the item at `pos` it handed over — the tree holds every record
   * before it —, `root` being the first top element (or NONE) and `open` the element open (or NONE): on to where
   * no more than one element is open again, and past white space after a stray end tag (a node there). Returns
   * where it stopped, `openElement` then what is open.
   */
  readItem(pos: number, root: NodeId, open: NodeId): number {
    this.openOnly(open);
    if (this.firstNamedTopElement === NONE) this.firstNamedTopElement = root;
    while (pos < this.n) {
      pos = this.step(pos);
      if (this.depth <= 1 && pos !== this.skippedEnd) break;
    }
    return pos;
  }

  /** After `readItem`: the element open (no more than one is), or NONE. */
  get openElement(): NodeId {
    return this.depth > 0 ? this.open.ids[0]! : NONE;
  }

  /** Ends the tree once the quick parser read to the end, leaving `open` open (or NONE), or this one did (undefined). */
  finishAfterQuick(open?: NodeId): XmlTree {
    if (open !== undefined) this.openOnly(open);
    return this.end();
  }

  /** Makes `open` (or nothing) the one element open, as the quick parser left them (those it closed are closed). */
  private openOnly(open: NodeId): void {
    if (this.depth === 1 && this.open.ids[0] === open) return;
    while (this.depth > 0) {
      const depth = --this.depth;
      const name = this.open.names[depth]!;
      this.open.names[depth] = '';
      const counts = this.openCounts;
      if (counts !== undefined) counts.set(name, counts.get(name)! - 1);
    }
    this.cur = DOCUMENT;
    if (open !== NONE) this.push(open, this.tree.name(open), true);
  }

  /** Closes what is still open (reported), and finishes the tree. */
  private end(): XmlTree {
    const n = this.n;
    const tree = this.tree;
    while (this.depth > 0) {
      const el = this.pop();
      tree.setEnd(el, n);
      // An element whose start tag has no `>` is already reported; "unclosed" on the same name adds nothing.
      if (tree.is(el, START_TAG_CLOSED)) this.report('unclosed-element', tree.nameStart(el), tree.nameEnd(el), [tree.name(el)]);
    }
    tree.finish();
    tree.root = this.firstNamedTopElement !== NONE ? this.firstNamedTopElement : this.firstNamelessTopElement;
    if (tree.root === NONE && !this.topDynamic) this.report('empty-document', 0, 0);
    this.cutErrors();
    tree.omittedErrors = this.omitted;
    return tree;
  }

  /**
   * Gives the tables of expected names and the open-element stacks back for the next parse (the tree is made:
   * this parser is done).
   */
  release(): void {
    sparePredicted = this.predicted;
    const names = this.open.names;
    if (names.length > KEPT_DEPTH) return;
    // A name longer than a few characters is a view of its text (see `internSlice`): kept, it would keep the
    // text alive after its tree is gone. Those closed are cleared as they close (`pop`), those still open here.
    for (let d = 0; d < this.depth; d++) names[d] = '';
    spareOpen = this.open;
  }

  /** Reads what starts at `pos` (markup, text, white space); the offset after it. */
  private step(pos: number): number {
    const u = this.u;
    const n = this.n;
    const c = u[pos]!;
    if (c === LT) return this.startsMarkup(pos) ? this.markup(pos) : this.text(pos, pos);
    if (c === LF || c === SPACE || c === TAB || c === CR) {
      // White space up to the next tag, the most common text of all, settled here.
      let i = pos + 1;
      while (i < n && isXmlSpace(u[i]!)) i++;
      if (i < n && !(u[i]! === LT && this.startsMarkup(i))) return this.text(pos, i);
      // White space between markup (the indentation of a document: nearly half its nodes) is no node: it is the
      // run of white space where a node or its parent's content ends (`XmlTree.spaceEnd`), and what reads the
      // tree for text finds it there. Not after markup read without a node (a stray end tag): there it is one.
      if (pos === this.skippedEnd) this.tree.addNode(TEXT, WHITESPACE, pos, i, this.cur);
      // The markup after it, known to be markup: read at once rather than told apart again by the next step.
      return i < n ? this.markup(i) : i;
    }
    return this.text(pos, pos);
  }

  /**
   * Reads again the content of element `el` of `before` (the tree of the text before `change`), which the
   * change lies in, into a tree begun from `before` (`XmlTree.beginAfter`); the tree completed, or undefined
   * when the content no longer ends at `el`'s end tag with the same elements open (then the whole text is
   * read again).
   */
  reparse(before: XmlTree, el: NodeId, change: Change): XmlTree | undefined {
    const tree = this.tree;
    // The elements open around the content: `el` and its ancestors, outermost first.
    const path: NodeId[] = [];
    for (let id = el; id > DOCUMENT; id = before.parent(id)) path.push(id);
    path.reverse();
    for (const id of path) {
      const name = before.name(id);
      // A name that is not plain (a `<Say!>` kept whole) is matched another way: not worth the care here.
      if (before.is(id, DYNAMIC_NAME) || !isPlainName(name)) return undefined;
      this.push(id, name, true);
    }
    const delta = change.newEnd - change.end;
    const endTagStart = before.endTagStart(el) + delta;
    const kept = tree.errors.length;
    let pos = before.startTagEnd(el);
    while (pos < this.n && this.depth >= path.length) pos = this.step(pos);
    // Closed by its own end tag, where it was, with its ancestors still open; and few enough errors to keep all.
    if (this.depth !== path.length - 1 || tree.endTagStart(el) !== endTagStart || pos !== before.end(el) + delta) return undefined;
    if (this.omitted !== undefined || this.inValue || tree.errors.length + before.errors.length >= MAX_PARSE_ERRORS) return undefined;
    const read = tree.errors.splice(kept);
    read.sort(byPosition);
    tree.errors.push(...read);
    tree.appendAfter(before, el, delta);
    return tree;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Decoded text

  /** `value` and `piece`: appended, or (past `MANY_PIECES`) set aside, when the result is `''`. */
  private add(value: string, piece: string): string {
    if (this.parts === undefined) {
      if (++this.pieces < MANY_PIECES) return value + piece;
      this.parts = [value];
    }
    this.parts.push(piece);
    if (this.parts.length >= CHUNK_PIECES) {
      this.chunks.push(this.parts.join(''));
      this.parts.length = 0;
    }
    return '';
  }

  /** The decoded text: what `add` built, and `tail`. */
  private finish(value: string, tail: string): string {
    this.pieces = 0;
    const parts = this.parts;
    if (parts === undefined) return value + tail;
    parts.push(tail);
    this.chunks.push(parts.join(''));
    this.parts = undefined;
    const text = this.chunks.join('');
    this.chunks.length = 0;
    return text;
  }

  /** Forgets a decoding that is not needed after all. */
  private dropDecoding(): void {
    this.pieces = 0;
    this.parts = undefined;
    this.chunks.length = 0;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Errors

  private report(code: ParseErrorCode, start: number, end: number, args?: string[]): void {
    if (this.silent) return;
    this.keep(args === undefined ? { code, start, end } : { code, start, end, args });
  }

  /** Keeps an error: in the value being read, or in the document's list (cut back when it grows too long). */
  private keep(error: ParseError): void {
    if (this.inValue) {
      if (this.valueErrors.length < MAX_PARSE_ERRORS) this.valueErrors.push(error);
      else if (this.valueGtSeen) this.valueOmittedAfterGt = countIn(this.valueOmittedAfterGt, error.code, 1);
      else this.valueOmitted = countIn(this.valueOmitted, error.code, 1);
      return;
    }
    this.errors.push(error);
    if (this.errors.length >= 2 * MAX_PARSE_ERRORS) this.cutErrors();
  }

  /** Sorts the errors by position and keeps the first `MAX_PARSE_ERRORS`, counting the others. */
  private cutErrors(): void {
    const errors = this.errors;
    errors.sort(byPosition);
    for (let i = MAX_PARSE_ERRORS; i < errors.length; i++) this.omitted = countIn(this.omitted, errors[i]!.code, 1);
    if (errors.length > MAX_PARSE_ERRORS) errors.length = MAX_PARSE_ERRORS;
  }

  private invalid(i: number, length: number): void {
    if (this.silent) return;
    const last = this.lastInvalid;
    if (last !== undefined && last.end === i) {
      last.end = i + length;
      return;
    }
    const error: ParseError = { code: 'invalid-character', start: i, end: i + length, args: [hex(this.u[i]!)] };
    this.keep(error);
    this.lastInvalid = error;
  }

  /** Reports the characters XML forbids in `[from, to)`; for markup that is not scanned character by character. */
  private checkChars(from: number, to: number): void {
    const u = this.u;
    for (let i = from; i < to; i++) {
      const c = u[i]!;
      if (c >= 0x20) {
        if (c < 0xd800) continue;
        if (c <= 0xdbff) {
          const d = u[i + 1]!;
          if (d >= 0xdc00 && d <= 0xdfff) i++;
          else this.invalid(i, 1);
        } else if (c <= 0xdfff || c >= 0xfffe) {
          this.invalid(i, 1);
        }
      } else if (c !== TAB && c !== LF && c !== CR) {
        this.invalid(i, 1);
      }
    }
  }

  /**
   * A character at or above U+D800 in a scanned run (the callers handle everything below inline): validates
   * surrogate pairs and U+FFFE/U+FFFF, notes placeholders. Returns the offset after it.
   */
  private highChar(i: number, c: number): number {
    if (c <= 0xdbff) {
      const d = this.u[i + 1]!;
      if (d >= 0xdc00 && d <= 0xdfff) return i + 2;
      this.invalid(i, 1);
    } else if (c <= 0xdfff) {
      this.invalid(i, 1);
    } else if (c === PH) {
      if (this.placeholders) this.ph = true;
    } else if (c >= 0xfffe) {
      this.invalid(i, 1);
    }
    return i + 1;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Names

  /** Length of the NameStartChar at `p` (0 when there is none, 2 for a surrogate pair). */
  private nameStartLength(p: number): number {
    const c = this.u[p]!;
    if (c < 128) return CLASS[c]! & C_NAME_START ? 1 : 0;
    if (c >= 0xd800 && c <= 0xdb7f) {
      const d = this.u[p + 1]!;
      return d >= 0xdc00 && d <= 0xdfff ? 2 : 0;
    }
    return isNameStartHigh(c) ? 1 : 0; // also 0 for NaN (end of text)
  }

  /** Can a name (possibly a dynamic one) start at `p`? */
  private canStartName(p: number): boolean {
    return this.nameStartLength(p) > 0 || (this.placeholders && this.u[p]! === PH);
  }

  /** End of the run of NameChars (and placeholders, which set `ph`) starting at `p`. */
  private nameEnd(p: number): number {
    const u = this.u;
    const n = this.n;
    while (p < n) {
      const c = u[p]!;
      if (c < 128) {
        if (CLASS[c]! & C_NAME) {
          p++;
          continue;
        }
        return p;
      }
      if (c === PH && this.placeholders) {
        this.ph = true;
        p++;
      } else if (c >= 0xd800 && c <= 0xdb7f) {
        const d = u[p + 1]!;
        // Written so that NaN (a high surrogate ending the text) is no pair either: the name must not end past the text.
        if (!(d >= 0xdc00 && d <= 0xdfff)) return p;
        p += 2;
      } else if (isNameCharHigh(c)) {
        p++;
      } else {
        return p;
      }
    }
    return p;
  }

  /** Does a name end cleanly at `p` (a delimiter or the end of the text), or is junk glued to it? */
  private endsName(p: number): boolean {
    if (p >= this.n) return true;
    const c = this.u[p]!;
    return (c < 128 && (CLASS[c]! & C_DELIM) !== 0) || (c === PH && this.placeholders);
  }

  /** End of a malformed name: everything up to the next delimiter, so the error covers the whole token. */
  private junkEnd(p: number): number {
    while (!this.endsName(p)) p++;
    return p;
  }

  private skipWs(p: number): number {
    const u = this.u;
    while (p < this.n && isXmlSpace(u[p]!)) p++;
    return p;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Tree

  private push(el: NodeId, name: string, plain: boolean): void {
    const open = this.open;
    const depth = this.depth;
    open.ids[depth] = el;
    open.names[depth] = name;
    open.plain[depth] = plain;
    this.depth = depth + 1;
    this.cur = el;
    const counts = this.openCounts;
    if (counts !== undefined) counts.set(name, (counts.get(name) ?? 0) + 1);
  }

  /** Closes the innermost open element: everything added since it was opened is its content. */
  private pop(): NodeId {
    const ids = this.open.ids;
    const depth = --this.depth;
    const el = ids[depth]!;
    const names = this.open.names;
    const name = names[depth]!;
    names[depth] = '';
    this.tree.closeSubtree(el);
    this.cur = depth > 0 ? ids[depth - 1]! : DOCUMENT;
    const counts = this.openCounts;
    if (counts !== undefined) counts.set(name, counts.get(name)! - 1);
    return el;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Content

  /**
   * Does the `<` at `lt` start markup? `<` followed by a name, `/`, `?`, a known `<!` construct — or by white
   * space, `>` or nothing, which is a tag being typed (an element with an empty name, for completion). Anything
   * else (`a <= b`, `<3`, `<!foo`) is a stray `<` that stays part of the text.
   */
  private startsMarkup(lt: number): boolean {
    const p = lt + 1;
    if (p >= this.n) return true;
    const c = this.u[p]!;
    if (c < 128) {
      if (CLASS[c]! & (C_NAME_START | C_WS)) return true;
      if (c === SLASH || c === QUESTION || c === GT) return true;
      if (c === BANG) {
        const s = this.s;
        return s.startsWith('--', p + 1) || s.startsWith('[CDATA[', p + 1) || s.startsWith('DOCTYPE', p + 1);
      }
      return false;
    }
    return this.canStartName(p);
  }

  private markup(lt: number): number {
    const c = this.u[lt + 1]!;
    if (c === SLASH) return this.endTag(lt);
    if (c === QUESTION) return this.processingInstruction(lt);
    if (c === BANG) {
      const d = this.u[lt + 2]!;
      if (d === HYPHEN) return this.comment(lt);
      if (d === LBRACKET) return this.cdata(lt);
      return this.doctype(lt);
    }
    return this.startTag(lt);
  }

  /**
   * Character data from `start` to the next markup. It holds a character that is not white space, the first
   * one at `from` (white space up to a tag is settled in `parse`): it is white space only if that is a
   * reference and references decode to nothing else.
   */
  private text(start: number, from: number): number {
    const s = this.s;
    const u = this.u;
    const n = this.n;
    let i = from;
    const maybeBlank = u[i]! === AMP;
    // Whether a reference is expanded: the decoded value is made when it is asked for (`XmlTree.textValue`).
    let decoded = false;
    this.ph = false;
    while (i < n) {
      const c = u[i]!;
      if (c < 128) {
        if ((CLASS[c]! & C_TEXT_STOP) === 0) {
          i++;
          continue;
        }
        if (c === LT) {
          if (i > start && this.startsMarkup(i)) break;
          // Only reached for a `<` that starts no markup (the caller checked the one at `start`).
          this.report('stray-lt', i, i + 1);
          i++;
        } else if (c === AMP) {
          this.reference(i);
          if (!this.refVerbatim) decoded = true;
          i = this.refEnd;
        } else if (c === RBRACKET) {
          if (u[i + 1]! === RBRACKET && u[i + 2]! === GT) {
            this.report('cdata-end-in-text', i, i + 3);
            i += 3;
          } else {
            i++;
          }
        } else {
          this.invalid(i, 1);
          i++;
        }
      } else if (c < 0xd800) {
        i++;
      } else {
        i = this.highChar(i, c);
      }
    }
    const parent = this.cur;
    const dynamic = this.ph;
    let flags = dynamic ? DYNAMIC : 0;
    const first = u[from]!;
    if (first !== AMP && isVisible(first)) flags |= VISIBLE;
    // `&#32;` and the like: white space once decoded.
    if (decoded && maybeBlank && isXmlSpaceOnly(decodeReferences(s, start, i))) flags |= WHITESPACE;
    const node = this.tree.addNode(TEXT, flags, start, i, parent);
    if (decoded) this.tree.setDecodedText(node);
    if (parent === DOCUMENT) this.topLevelText(start, i, dynamic);
    // Text ends at markup (or at the end): the markup is read at once, as after white space.
    return i < n ? this.markup(i) : i;
  }

  /** Only white space may surround the root; a substitution there is unknown content, not an error. */
  private topLevelText(start: number, end: number, dynamic: boolean): void {
    const u = this.u;
    const ph = this.placeholders;
    let a = start;
    let b = end;
    let c: number;
    while (a < b && (isXmlSpace((c = u[a]!)) || (ph && c === PH))) a++;
    while (b > a && (isXmlSpace((c = u[b - 1]!)) || (ph && c === PH))) b--;
    if (a < b) this.report('text-outside-root', a, b);
    if (dynamic) this.topDynamic = true;
  }

  /**
   * The reference starting with the `&` at `a`, in text or in an attribute value. Returns its replacement
   * text — the text as written when it cannot be expanded — and sets `refEnd`.
   */
  private reference(a: number): string {
    const s = this.s;
    const u = this.u;
    const p = a + 1;
    this.refVerbatim = true;
    if (u[p]! === HASH) return this.charReference(a);
    const outerPh = this.ph;
    this.ph = false;
    if (!this.canStartName(p)) {
      this.ph = outerPh;
      this.report('bare-ampersand', a, a + 1);
      this.refEnd = p;
      return '&';
    }
    const e = this.nameEnd(p);
    const dynamic = this.ph;
    this.ph = outerPh || dynamic;
    const terminated = u[e]! === SEMI;
    this.refEnd = terminated ? e + 1 : e;
    // The usual reference, `&amp;` and the like: its expansion, with no string cut from the text.
    const expansion = dynamic ? undefined : predefinedEntityAt(u, p, e);
    if (terminated && expansion !== undefined) {
      this.refVerbatim = false;
      return expansion;
    }
    const written = s.slice(a, this.refEnd);
    if (dynamic) return written; // `&${name};`: whatever it becomes, we cannot know
    const name = s.slice(p, e);
    if (terminated) {
      this.report('unknown-entity', a, e + 1, [name]);
    } else if (expansion !== undefined) {
      this.report('unterminated-reference', a, e, [written]);
    } else {
      // `R&D`, `?a=1&b=2`: an `&` meant as a character, not a reference with its `;` forgotten.
      this.report('bare-ampersand', a, a + 1);
    }
    return written;
  }

  /** `&#…;` / `&#x…;` at `a`. */
  private charReference(a: number): string {
    const s = this.s;
    const u = this.u;
    const cp = characterReferenceAt(s, a + 2);
    if (cp >= 0) {
      this.refEnd = s.indexOf(';', a) + 1;
      this.refVerbatim = false;
      return String.fromCodePoint(cp);
    }
    // Not a character: where its digits end tells what it is.
    let p = a + 2;
    const isHex = u[p]! === LOWER_X;
    if (isHex) p++;
    while (isDigitOf(u[p]!, isHex)) p++;
    if (u[p]! === SEMI) {
      this.refEnd = p + 1;
      const written = s.slice(a, p + 1);
      this.report('invalid-char-ref', a, p + 1, [written]);
      return written;
    }
    const outerPh = this.ph;
    this.ph = false;
    const e = this.nameEnd(p); // `&#xZZ;`, `&#12ab;`, or a placeholder (`&#${code};`)
    const dynamic = this.ph;
    this.ph = outerPh || dynamic;
    const terminated = u[e]! === SEMI;
    this.refEnd = terminated ? e + 1 : e;
    const written = s.slice(a, this.refEnd);
    if (dynamic) return written;
    if (terminated) this.report('invalid-char-ref', a, e + 1, [written]);
    else this.report('unterminated-reference', a, e, [written]);
    return written;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Tags

  private startTag(lt: number): number {
    const u = this.u;
    const tree = this.tree;
    const parent = this.cur;
    const ns = lt + 1;
    this.ph = false;
    // A name read before with the same first characters, written again: compared where it stands, followed by
    // white space, `>` or `/` (what the loop below would have stopped at).
    const slot = nameSlot(u, ns);
    const expected = this.predicted[slot]! - 1;
    if (expected >= 0) {
      const length = knownNames[expected]!.length;
      const end = ns + length;
      const after = u[end]!;
      if (after < 128 && (CLASS[after]! & C_DELIM) !== 0 && knownAt(u, ns, expected, length)) return this.startTagNamed(lt, end, expected, false, false);
    }
    // The usual name, ASCII up to white space, `>` or `/`: read in one loop, nothing to check.
    let ne = ns;
    let c = u[ne]!;
    if (c < 128 && (CLASS[c]! & C_NAME_START) !== 0) {
      while ((c = u[++ne]!) < 128 && (CLASS[c]! & C_NAME) !== 0);
      if (!(c < 128 && (CLASS[c]! & C_DELIM) !== 0)) ne = ns;
    }
    if (ne > ns) {
      const symbol = tree.symbol(ns, ne);
      if (symbol < tree.knownSymbols) this.predicted[slot] = symbol + 1;
      return this.startTagNamed(lt, ne, symbol, false, false);
    }
    if (!this.canStartName(ns)) {
      // `<` followed by white space, `>` or nothing: a tag being typed. Kept as an element with an empty
      // name so that completion knows where it is, but never opened: what follows stays in the parent.
      this.report('missing-tag-name', lt, ns);
      const closed = u[ns]! === GT;
      const tagEnd = closed ? ns + 1 : ns;
      const el = tree.addNode(ELEMENT, closed ? START_TAG_CLOSED : 0, lt, tagEnd, parent);
      tree.setName(el, tree.symbol(ns, ns), ns);
      tree.setStartTagEnd(el, tagEnd);
      const attributes = tree.nextAttribute;
      tree.setAttributeRange(el, attributes, attributes);
      if (parent === DOCUMENT && this.firstNamelessTopElement === NONE) this.firstNamelessTopElement = el;
      return tagEnd;
    }
    ne = this.nameEnd(ns);
    const dynamicName = this.ph;
    let invalidName = false;
    if (!this.endsName(ne)) {
      const je = this.junkEnd(ne);
      this.checkChars(ne, je);
      ne = je;
      invalidName = true;
    }
    return this.startTagNamed(lt, ne, tree.symbol(ns, ne), dynamicName, invalidName);
  }

  /** The rest of a start tag whose name, `symbol`, ends at `ne`: the element, its attributes, its `>`. */
  private startTagNamed(lt: number, ne: number, symbol: SymbolId, dynamicName: boolean, invalidName: boolean): number {
    const tree = this.tree;
    const parent = this.cur;
    const ns = lt + 1;
    const name = tree.symbolName(symbol);
    const el = tree.addNode(ELEMENT, dynamicName ? DYNAMIC_NAME : 0, lt, ne, parent);
    tree.setName(el, symbol, ne);
    if (invalidName) this.report('invalid-tag-name', ns, ne, [name]);
    if (parent === DOCUMENT) {
      if (this.firstNamedTopElement === NONE) this.firstNamedTopElement = el;
      else this.report('multiple-roots', ns, ne, [name]);
    }
    this.firstAttribute = tree.nextAttribute;
    this.tagSymbol = symbol;
    this.attributeNames = undefined;
    this.tagFlags = 0;
    this.attributeList(ne);
    const tagEnd = this.tagEnd;
    const flags = this.tagFlags;
    tree.setFlag(el, flags);
    tree.setStartTagEnd(el, tagEnd);
    tree.setAttributeRange(el, this.firstAttribute, tree.nextAttribute);
    if ((flags & START_TAG_CLOSED) === 0) this.report('unterminated-start-tag', ns, ne, [name]);
    if (flags & SELF_CLOSING) tree.setEnd(el, tagEnd);
    else this.push(el, name, !invalidName && !dynamicName);
    return tagEnd;
  }

  /**
   * The attributes of a start tag from `p` (after the name) to its `>`, `/>`, the next `<` or the end. Sets
   * `tagEnd` and `tagFlags`.
   */
  private attributeList(p: number): void {
    const u = this.u;
    const n = this.n;
    let sawSpace = false;
    for (;;) {
      if (p >= n) {
        this.tagEnd = n;
        return;
      }
      const c = u[p]!;
      if (c < 128 && CLASS[c]! & C_WS) {
        p = this.skipWs(p + 1);
        sawSpace = true;
        continue;
      }
      if (c === GT) {
        this.tagEnd = p + 1;
        this.tagFlags |= START_TAG_CLOSED;
        return;
      }
      if (c === SLASH) {
        const d = u[p + 1]!;
        if (d === GT) {
          this.tagEnd = p + 2;
          this.tagFlags |= START_TAG_CLOSED | SELF_CLOSING;
          return;
        }
        if (p + 1 >= n || d === LT) {
          this.tagEnd = p + 1; // `<Hangup/` while `>` is being typed
          return;
        }
        this.report('invalid-attribute-name', p, p + 1, ['/']);
        p++;
        sawSpace = false;
        continue;
      }
      if (c === LT) {
        // No `>`: the start tag stops before the next markup, white space included, so a cursor after
        // `<Say ` is still inside the start tag.
        this.tagEnd = p;
        return;
      }
      if (sawSpace && c < 128 && (CLASS[c]! & C_NAME_START) !== 0) {
        const end = this.plainAttribute(p);
        if (end > 0) {
          p = end;
          sawSpace = false;
          continue;
        }
      }
      p = this.attribute(p, sawSpace);
      sawSpace = false;
    }
  }

  /**
   * The usual attribute at `p`: an ASCII name, `=` and a quote right after it, plain characters up to the
   * closing quote. Read in one pass; returns where it ends, or 0 for anything else (references, line breaks,
   * placeholders, errors …), which `attribute` then reads from `p` again.
   */
  private plainAttribute(p: number): number {
    const u = this.u;
    const tree = this.tree;
    const predicted = this.predicted;
    const place = tree.nextAttribute - this.firstAttribute;
    const slot = NAME_SLOTS + (this.tagSymbol * PREDICTED_PLACES + place) * PREDICTED_WAYS;
    let symbol = -1;
    let ne = 0;
    let c: number;
    // A name the model does not have heads no row of expected names (the table has rows for the known ones).
    if (place < PREDICTED_PLACES && slot < predicted.length) {
      for (let way = 0; way < PREDICTED_WAYS; way++) {
        const expected = predicted[slot + way]! - 1;
        if (expected < 0) break;
        const length = knownNames[expected]!.length;
        if (u[p + length]! === EQ && knownAt(u, p, expected, length)) {
          symbol = expected;
          ne = p + length;
          break;
        }
      }
    }
    if (symbol < 0) {
      ne = p + 1;
      c = u[ne]!;
      while (c < 128 && (CLASS[c]! & C_NAME) !== 0) c = u[++ne]!;
      if (c !== EQ) return 0;
    }
    const q = u[ne + 1]!;
    if (q !== DQUOTE && q !== SQUOTE) return 0;
    let i = ne + 2;
    for (;;) {
      c = u[i]!;
      if (c < 128) {
        if ((CLASS[c]! & C_VALUE_STOP) !== 0) break;
      } else if (!(c < 0xd800)) {
        return 0; // surrogates, placeholders, U+FFFE/U+FFFF, and the end of the text (NaN)
      }
      i++;
    }
    if (c !== q) return 0;
    if (symbol < 0) {
      symbol = tree.symbol(p, ne);
      if (place < PREDICTED_PLACES && slot < predicted.length && symbol < tree.knownSymbols) this.predict(slot, symbol);
    }
    if (tree.nextAttribute > this.firstAttribute && this.hasAttribute(symbol)) this.report('duplicate-attribute', p, ne, [tree.symbolName(symbol)]);
    const attribute = tree.addAttribute(symbol, p, ne);
    tree.setValue(attribute, (q === DQUOTE ? DOUBLE_QUOTED : SINGLE_QUOTED) | VALUE_CLOSED, ne + 1, i + 1, undefined);
    this.attributeNames?.add(symbol);
    return i + 1;
  }

  /** Expects `symbol` first at the place whose names begin at `slot` of `predicted`, the others one way down. */
  private predict(slot: number, symbol: SymbolId): void {
    const predicted = this.predicted;
    for (let way = PREDICTED_WAYS - 1; way > 0; way--) predicted[slot + way] = predicted[slot + way - 1]!;
    predicted[slot] = symbol + 1;
  }

  /** One attribute (or the junk standing where one should be) at `p`. Returns where it stops. */
  private attribute(p: number, sawSpace: boolean): number {
    const s = this.s;
    const u = this.u;
    const n = this.n;
    const ns = p;
    let ne: number;
    let invalidName = false;
    const c = u[p]!;
    this.ph = false;
    if (this.canStartName(p)) {
      ne = this.nameEnd(p);
      if (!this.endsName(ne)) {
        ne = this.junkEnd(ne);
        invalidName = true;
      }
    } else if (c === DQUOTE || c === SQUOTE) {
      // A quoted string where a name should be (`<Say "hello">`): one error for the whole string.
      let j = p + 1;
      while (j < n) {
        const d = u[j]!;
        if (d === c) {
          j++;
          break;
        }
        if (d === LT || d === GT) break;
        j++;
      }
      this.checkChars(p, j);
      this.report('invalid-attribute-name', p, j, [s.slice(p, j)]);
      return j;
    } else if (c === EQ) {
      ne = p; // `<Say ="ko">`: the value is read below, the name is missing
      invalidName = true;
    } else {
      ne = this.junkEnd(p); // `1st="x"`, `@click`, …
      invalidName = true;
    }
    // A placeholder in the name (`<Say ${attrs}>`, `data-${k}="…"`): the attribute set is unknown.
    const dynamicName = this.ph;
    if (dynamicName) this.tagFlags |= DYNAMIC_ATTRIBUTES;
    const symbol = this.tree.symbol(ns, ne);
    const name = this.tree.symbolName(symbol);
    if (invalidName && !dynamicName) {
      if (ne > ns) {
        this.checkChars(ns, ne);
        this.report('invalid-attribute-name', ns, ne, [name]);
      } else {
        this.report('invalid-attribute-name', ns, ns + 1, ['=']);
      }
    } else if (!sawSpace && !dynamicName) {
      this.report('missing-whitespace-between-attributes', ns, ne, [name]);
    }
    // Whether a problem about the value is worth telling: not for junk (already reported) nor for a name
    // we cannot see (the substitution may well contain the `="…"`).
    const checked = !invalidName && !dynamicName;

    const value = this.value;
    let hasValue = false;
    let end = ne;
    const eq = this.skipWs(ne);
    if (u[eq]! === EQ) {
      hasValue = true;
      const v = this.skipWs(eq + 1);
      const vc = u[v]!;
      if (vc === DQUOTE || vc === SQUOTE) {
        this.quotedValue(v, vc);
      } else if (v >= n || vc === GT || vc === LT || (vc === SLASH && u[v + 1]! === GT)) {
        // `loop=` with nothing after it: an empty value right after `=`, where completion will type.
        value.start = value.end = eq + 1;
        value.flags = 0;
        value.decoded = undefined;
        if (checked) this.report('missing-attribute-value', ns, eq + 1, [name]);
      } else {
        this.unquotedValue(v);
        if (checked && (value.flags & VALUE_DYNAMIC) === 0) this.report('unquoted-attribute-value', value.start, value.end, [name]);
      }
      end = value.end;
    } else if (checked) {
      this.report('missing-attribute-value', ns, ne, [name]);
    }

    if (name !== '' && !dynamicName) {
      const tree = this.tree;
      if (tree.nextAttribute > this.firstAttribute && this.hasAttribute(symbol)) this.report('duplicate-attribute', ns, ne, [name]);
      const attribute = tree.addAttribute(symbol, ns, ne);
      if (hasValue) tree.setValue(attribute, value.flags, value.start, value.end, value.decoded);
      this.attributeNames?.add(symbol);
    }
    return end;
  }

  /** Does the start tag being read already have an attribute named `name`? */
  private hasAttribute(name: SymbolId): boolean {
    const tree = this.tree;
    const first = this.firstAttribute;
    const end = tree.nextAttribute;
    if (end - first < LINEAR_DUPLICATE_LIMIT) {
      for (let k = first; k < end; k++) if (tree.attributeSymbol(k) === name) return true;
      return false;
    }
    let names = this.attributeNames;
    if (names === undefined) {
      names = this.attributeNames = new Set();
      for (let k = first; k < end; k++) names.add(tree.attributeSymbol(k));
    }
    return names.has(name);
  }

  /** Reads the value whose opening quote `q` is at `qPos` into `value`. */
  private quotedValue(qPos: number, q: number): void {
    const s = this.s;
    const u = this.u;
    const n = this.n;
    const vs = qPos + 1;
    this.inValue = true;
    this.valueGtSeen = false;
    let i = vs;
    let seg = vs;
    let value = '';
    let decoded = false;
    let firstGt = -1;
    let closed = false;
    this.ph = false;
    while (i < n) {
      const c = u[i]!;
      if (c < 128) {
        if ((CLASS[c]! & C_VALUE_STOP) === 0) {
          i++;
          continue;
        }
        if (c === q) {
          closed = true;
          break;
        }
        if (c === AMP) {
          const replacement = this.reference(i);
          if (!this.refVerbatim) {
            value = this.add(value, s.slice(seg, i) + replacement);
            decoded = true;
            seg = this.refEnd;
          }
          i = this.refEnd;
        } else if (c === TAB || c === LF || c === CR) {
          // Attribute-value normalisation: what the platform reads is a space (a CR LF pair is one space);
          // a character reference such as `&#10;` is kept, as XML says.
          value = this.add(value, s.slice(seg, i) + ' ');
          decoded = true;
          i += c === CR && u[i + 1]! === LF ? 2 : 1;
          seg = i;
        } else if (c === LT) {
          if (this.ltEndsValue(i, q)) break;
          this.report('lt-in-attribute-value', i, i + 1);
          i++;
        } else if (c === GT) {
          if (firstGt < 0) {
            firstGt = i;
            this.valueGtSeen = true;
          }
          i++;
        } else if (c === DQUOTE || c === SQUOTE) {
          i++; // the other quote
        } else {
          this.invalid(i, 1);
          i++;
        }
      } else if (c < 0xd800) {
        i++;
      } else {
        i = this.highChar(i, c);
      }
    }
    const read = this.value;
    const quote = q === DQUOTE ? DOUBLE_QUOTED : SINGLE_QUOTED;
    read.start = qPos;
    if (closed) {
      this.endValue(Infinity);
      read.end = i + 1;
      read.flags = quote | VALUE_CLOSED | (this.ph ? VALUE_DYNAMIC : 0);
      read.decoded = decoded ? this.finish(value, s.slice(seg, i)) : undefined;
      return;
    }
    // No closing quote. Recover where the quote was most likely forgotten: at the first `>` of the value
    // (`language="ko>안녕</Say>` is `language="ko">`, and `action="/x/>` is `action="/x"/>`), else before the
    // markup that stopped the scan, trailing white space left out.
    let ve: number;
    if (firstGt >= 0) {
      ve = firstGt;
      if (ve > vs && u[ve - 1]! === SLASH) ve--;
    } else {
      ve = i;
      while (ve > vs && isXmlSpace(u[ve - 1]!)) ve--;
    }
    let dynamic = this.ph;
    let recovered: string | undefined;
    // What follows `ve` is read again as tag and content: forget what the first pass said about it.
    this.endValue(ve);
    if (ve < i) {
      this.lastInvalid = undefined;
      this.dropDecoding();
      this.silent = true;
      this.ph = false;
      recovered = this.decodeRange(vs, ve);
      dynamic = this.ph;
      this.silent = false;
    } else if (decoded) {
      recovered = this.finish(value, s.slice(seg, i));
    }
    this.report('unterminated-attribute-value', qPos, ve);
    read.end = ve;
    read.flags = quote | (dynamic ? VALUE_DYNAMIC : 0);
    // Only a value that differs from the text between the offsets is kept as a string.
    read.decoded = recovered !== undefined && recovered !== s.slice(vs, ve) ? recovered : undefined;
  }

  /**
   * The value's errors that start before `end` join the document's; those counted beyond the limit too, but
   * for the ones after the value's first `>` when the value is cut there (nothing else can follow `end`).
   */
  private endValue(end: number): void {
    this.inValue = false;
    const errors = this.valueErrors;
    for (let k = 0; k < errors.length; k++) if (errors[k]!.start < end) this.keep(errors[k]!);
    errors.length = 0;
    if (this.valueOmitted !== undefined) {
      for (const [code, count] of this.valueOmitted) this.omitted = countIn(this.omitted, code, count);
      this.valueOmitted = undefined;
    }
    if (this.valueOmittedAfterGt !== undefined) {
      if (end === Infinity) for (const [code, count] of this.valueOmittedAfterGt) this.omitted = countIn(this.omitted, code, count);
      this.valueOmittedAfterGt = undefined;
    }
  }

  /**
   * At a `<` inside a quoted value: is it the sign that the closing quote is missing? It is unless the quote
   * comes before any `>` or `<` (`x="a<b"`). Scans no further than the next `<`, where the next call would
   * start, so the whole value stays linear.
   */
  private ltEndsValue(lt: number, q: number): boolean {
    const u = this.u;
    const n = this.n;
    for (let j = lt + 1; j < n; j++) {
      const c = u[j]!;
      if (c === q) return false;
      if (c === GT || c === LT) return true;
    }
    return true;
  }

  /**
   * The value in `[from, to)` as an attribute value reads (references expanded, white space normalised); sets
   * `ph` when a placeholder is seen.
   */
  private decodeRange(from: number, to: number): string {
    const s = this.s;
    const u = this.u;
    let value = '';
    let seg = from;
    let i = from;
    while (i < to) {
      const c = u[i]!;
      if (c === AMP) {
        const replacement = this.reference(i);
        const end = Math.min(this.refEnd, to);
        if (!this.refVerbatim) {
          value = this.add(value, s.slice(seg, i) + replacement);
          seg = end;
        }
        i = end;
      } else if (c === TAB || c === LF || c === CR) {
        // Normalised as in a closed value (`quotedValue`).
        value = this.add(value, s.slice(seg, i) + ' ');
        i += c === CR && i + 1 < to && u[i + 1]! === LF ? 2 : 1;
        seg = i;
      } else {
        if (c === PH && this.placeholders) this.ph = true;
        i++;
      }
    }
    return this.finish(value, s.slice(seg, to));
  }

  /** Reads an unquoted value at `v` into `value` (an error, but its extent matters to the tree and the fix). */
  private unquotedValue(v: number): void {
    const s = this.s;
    const u = this.u;
    const n = this.n;
    let i = v;
    let seg = v;
    let value = '';
    let decoded = false;
    this.ph = false;
    while (i < n) {
      const c = u[i]!;
      if (c < 128) {
        if (CLASS[c]! & C_WS || c === GT || c === LT || c === DQUOTE || c === SQUOTE) break;
        if (c === SLASH && u[i + 1]! === GT) break;
        if (c === AMP) {
          const replacement = this.reference(i);
          if (!this.refVerbatim) {
            value = this.add(value, s.slice(seg, i) + replacement);
            decoded = true;
            seg = this.refEnd;
          }
          i = this.refEnd;
          continue;
        }
        if (CLASS[c]! & C_INVALID) this.invalid(i, 1);
        i++;
      } else if (c < 0xd800) {
        i++;
      } else {
        i = this.highChar(i, c);
      }
    }
    const read = this.value;
    read.start = v;
    read.end = i;
    read.flags = VALUE_CLOSED | (this.ph ? VALUE_DYNAMIC : 0);
    read.decoded = decoded ? this.finish(value, s.slice(seg, i)) : undefined;
  }

  private endTag(lt: number): number {
    const s = this.s;
    const u = this.u;
    const n = this.n;
    const ns = lt + 2;
    // The usual end tag: `</Say>` right after the content of a `<Say>` with a plain name. Settled at once; the
    // general path below would find the same, one character at a time.
    const open = this.open;
    const top = this.depth - 1;
    if (top >= 0 && open.plain[top]) {
      const innermost = open.names[top]!;
      const ne = ns + innermost.length;
      if (u[ne]! === GT && sameAt(u, ns, this.tree.start(open.ids[top]!) + 1, innermost.length)) {
        this.closeWith(this.pop(), lt, ne, ne + 1, true);
        return ne + 1;
      }
    }
    this.ph = false;
    if (!this.canStartName(ns)) {
      // `</>`, `</ Say>`, `</` at the end: nothing to match; skip to the `>` if the tag has one.
      this.report('missing-tag-name', lt, ns);
      let k = ns;
      while (k < n) {
        const c = u[k]!;
        if (c === GT || c === LT) break;
        k++;
      }
      this.checkChars(ns, k);
      return (this.skippedEnd = u[k]! === GT ? k + 1 : k);
    }
    let ne = this.nameEnd(ns);
    const dynamic = this.ph;
    if (!this.endsName(ne)) {
      const je = this.junkEnd(ne);
      this.checkChars(ne, je);
      ne = je;
      this.report('invalid-tag-name', ns, ne, [s.slice(ns, ne)]);
    }
    // Usually the end tag names the innermost open element: reuse its name rather than slice a new one.
    const innermost = top >= 0 ? open.names[top]! : '';
    const name = innermost.length === ne - ns && codesAt(u, ns, innermost) ? innermost : internSlice(s, ns, ne);
    const p = this.skipWs(ne);
    let end: number;
    let closed = false;
    const c = u[p]!;
    if (c === GT) {
      end = p + 1;
      closed = true;
    } else if (p >= n || c === LT) {
      this.report('unterminated-end-tag', ns, ne, [name]);
      end = p;
    } else {
      // `</Say foo>`: end tags take nothing after the name. One error for the junk, then on to the `>`.
      let k = p;
      while (k < n) {
        const d = u[k]!;
        if (d === GT || d === LT) break;
        k++;
      }
      this.checkChars(p, k);
      this.report('unterminated-end-tag', p, k, [name]);
      closed = u[k]! === GT;
      end = closed ? k + 1 : k;
    }
    const tag = this.endTagRead;
    tag.name = name;
    tag.start = lt;
    tag.end = end;
    tag.nameStart = ns;
    tag.nameEnd = ne;
    tag.closed = closed;
    this.close(tag, dynamic);
    return end;
  }

  /** `el` ends with its end tag: `</` at `start`, the name up to `nameEnd`, the tag up to `end`. */
  private closeWith(el: NodeId, start: number, nameEnd: number, end: number, closed: boolean): void {
    this.tree.setEndTag(el, start, nameEnd, closed);
    this.tree.setEnd(el, end);
  }

  /**
   * Matches an end tag against the open elements. The innermost one: closed. An outer one: the elements in
   * between are closed where this end tag starts, each reported unclosed. None, but the innermost one's name
   * is a near miss: closed, reported misnamed. None at all: reported and ignored, so a typo in one end tag does
   * not unwind the whole document.
   */
  private close(tag: XmlEndTag, dynamic: boolean): void {
    const tree = this.tree;
    const { ids, names } = this.open;
    const top = this.depth - 1;
    if (top < 0) {
      this.report('unexpected-end-tag', tag.nameStart, tag.nameEnd, [tag.name]);
      this.skippedEnd = tag.end;
      return;
    }
    const innermostName = names[top]!;
    // A substitution in either name may produce anything: assume it matches rather than invent errors.
    if (innermostName === tag.name || dynamic || tree.is(ids[top]!, DYNAMIC_NAME)) {
      this.closeWith(this.pop(), tag.start, tag.nameEnd, tag.end, tag.closed);
      return;
    }
    let counts = this.openCounts;
    if (counts === undefined) {
      counts = this.openCounts = new Map();
      for (let d = 0; d <= top; d++) counts.set(names[d]!, (counts.get(names[d]!) ?? 0) + 1);
    }
    if ((counts.get(tag.name) ?? 0) === 0) {
      // `<Sya>…</Say>`: an end tag no open element is named like, a slip away from the innermost one's name,
      // closes it — as tolerant HTML parsers pair near misses — so one misspelt name stays one mistake.
      // Not when the innermost one's own end tag follows (`<Say>hi</Sya></Say>`): that one is a stray.
      const innermost = ids[top]!;
      if (isNearMiss(tag.name, innermostName) && !this.endTagFollows(tag.end, innermostName)) {
        this.errors.push({
          code: 'misnamed-end-tag',
          start: tag.nameStart,
          end: tag.nameEnd,
          args: [tag.name, innermostName],
          startTagName: { start: tree.nameStart(innermost), end: tree.nameEnd(innermost) },
        });
        this.closeWith(this.pop(), tag.start, tag.nameEnd, tag.end, tag.closed);
        return;
      }
      this.report('unexpected-end-tag', tag.nameStart, tag.nameEnd, [tag.name]);
      this.skippedEnd = tag.end;
      return;
    }
    let reported = false;
    // `counts` says an open element is named so, and this stops at it; never below the outermost one, so that
    // counts gone wrong would give a wrong tree, not a loop that never ends.
    while (this.depth > 1 && names[this.depth - 1]! !== tag.name) {
      const el = this.pop();
      tree.setEnd(el, tag.start);
      if (tree.is(el, START_TAG_CLOSED)) {
        this.report('unclosed-element', tree.nameStart(el), tree.nameEnd(el), [tree.name(el)]);
        reported = true;
      }
    }
    // Only worth saying when something was left unclosed; an unterminated start tag is reported already.
    if (reported) this.report('mismatched-end-tag', tag.nameStart, tag.nameEnd, [tag.name, innermostName]);
    this.closeWith(this.pop(), tag.start, tag.nameEnd, tag.end, tag.closed);
  }

  /** Does `</name>` come at `from`, after XML white space only? */
  private endTagFollows(from: number, name: string): boolean {
    const u = this.u;
    const i = this.skipWs(from);
    if (u[i]! !== LT || u[i + 1]! !== SLASH || !codesAt(u, i + 2, name)) return false;
    const after = u[i + 2 + name.length]!;
    return after === GT || isXmlSpace(after);
  }

  // ---------------------------------------------------------------------------------------------------------
  // Comments, CDATA, processing instructions, DOCTYPE

  private comment(lt: number): number {
    const s = this.s;
    const u = this.u;
    const n = this.n;
    let i = lt + 4;
    let end = n;
    let closed = false;
    for (;;) {
      const h = s.indexOf('--', i);
      if (h < 0) {
        this.checkChars(i, n);
        break;
      }
      this.checkChars(i, h);
      let j = h + 2;
      while (u[j]! === HYPHEN) j++;
      if (u[j]! === GT) {
        // `--->`: the comment may not end with `-`; the error is the `--` just before the `>`'s own `-`.
        if (j - h > 2) this.report('double-hyphen-in-comment', h, j - 1);
        end = j + 1;
        closed = true;
        break;
      }
      this.report('double-hyphen-in-comment', h, j);
      i = j;
    }
    if (!closed) this.report('unterminated-comment', lt, lt + 4);
    this.tree.addNode(COMMENT, closed ? CLOSED : 0, lt, end, this.cur);
    return end;
  }

  private cdata(lt: number): number {
    const s = this.s;
    const vs = lt + 9;
    const close = s.indexOf(']]>', vs);
    const ve = close < 0 ? this.n : close;
    const end = close < 0 ? this.n : close + 3;
    this.checkChars(vs, ve);
    if (close < 0) this.report('unterminated-cdata', lt, vs);
    const parent = this.cur;
    if (parent === DOCUMENT) this.report('cdata-outside-root', lt, vs);
    this.tree.addNode(CDATA, (close >= 0 ? CLOSED : 0) | (vs < ve && isVisible(this.u[vs]!) ? VISIBLE : 0), lt, end, parent);
    return end;
  }

  private processingInstruction(lt: number): number {
    const s = this.s;
    const u = this.u;
    const n = this.n;
    const ts = lt + 2;
    let te = this.nameStartLength(ts) > 0 ? this.nameEnd(ts) : ts;
    let badTarget = te === ts;
    // Glued junk belongs to the target (`<?x!y?>`); the target must be followed by white space or `?>`.
    let je = te;
    while (je < n) {
      const c = u[je]!;
      if (isXmlSpace(c) || c === QUESTION || c === LT || c === GT) break;
      je++;
    }
    if (je > te) {
      badTarget = true;
      te = je;
    }
    const after = u[te]!;
    if (te < n && !isXmlSpace(after) && !(after === QUESTION && u[te + 1]! === GT)) badTarget = true;
    const target = s.slice(ts, te);
    // Without `?>` anywhere, end at the first `>` (a `?` forgotten) rather than swallow the document.
    // Once a search found no `?>` up to the end, later PIs need not search again (that would be quadratic).
    const close = te >= this.noPiEndFrom ? -1 : s.indexOf('?>', te);
    if (close < 0) this.noPiEndFrom = Math.min(this.noPiEndFrom, te);
    let contentEnd: number;
    let end: number;
    if (close >= 0) {
      contentEnd = close;
      end = close + 2;
    } else {
      const gt = s.indexOf('>', te);
      contentEnd = gt < 0 ? n : gt;
      end = gt < 0 ? n : gt + 1;
    }
    this.checkChars(ts, contentEnd);
    const node = this.tree.addNode(PI, close >= 0 ? CLOSED : 0, lt, end, this.cur);
    this.tree.setName(node, this.tree.symbol(ts, te), te);
    if (close < 0) this.report('unterminated-pi', lt, te, [target]);
    if (badTarget && te === ts && ts >= n) {
      // `<?` at the very end: being typed, and already reported as unterminated.
    } else if (badTarget) {
      if (te > ts) this.report('invalid-pi-target', ts, te, [target]);
      else this.report('invalid-pi-target', lt, ts, ['']);
    } else if (target === 'xml') {
      if (lt !== this.contentStart) this.report('xml-decl-not-at-start', lt, lt + 5);
      else if (close >= 0) this.xmlDeclaration(lt, te, contentEnd);
    } else if (target.length === 3 && target.toLowerCase() === 'xml') {
      this.report('reserved-pi-target', ts, te, [target]);
    }
    return end;
  }

  /** `version` (required), `encoding`, `standalone`, in this order, each at most once, values checked. */
  private xmlDeclaration(lt: number, from: number, to: number): void {
    const written = this.s.slice(from, to);
    // The same declaration heads most documents of a file (every Python string or template that has one).
    if (written === validDeclaration) return;
    // A copy of its own, kept for the next parse once valid: the slice is a view of the whole text, which would
    // stay alive with it (a closed 20 MB document's 40 MB).
    const content = ownCopy(written);
    const re = XML_DECL_PSEUDO_ATTRIBUTE;
    let p = 0;
    let next = 0; // index in XML_DECL_ORDER of the first pseudo-attribute still allowed
    while (p < content.length) {
      re.lastIndex = p;
      const m = re.exec(content);
      if (m === null) {
        let q = p;
        while (q < content.length && isXmlSpace(content.charCodeAt(q))) q++;
        if (q === content.length) break; // trailing white space before `?>`
        let r = q;
        while (r < content.length && !isXmlSpace(content.charCodeAt(r))) r++;
        this.report('invalid-xml-decl', from + q, from + r);
        return;
      }
      const nameAt = p + m[1]!.length;
      const at = from + nameAt;
      const until = from + re.lastIndex;
      const name = m[2]!;
      const value = m[3] ?? m[4]!;
      const k = (XML_DECL_ORDER as readonly string[]).indexOf(name);
      if (m[1]!.length === 0 || k < next || (next === 0 && k !== 0) || !XML_DECL_VALUE[XML_DECL_ORDER[k]!].test(value)) {
        this.report('invalid-xml-decl', at, until);
        return;
      }
      next = k + 1;
      p = re.lastIndex;
    }
    if (next === 0) this.report('invalid-xml-decl', lt, from); // no version
    else validDeclaration = content;
  }

  /**
   * `<!DOCTYPE name (SYSTEM "…" | PUBLIC "…" "…")? [internal subset]? >`. Its shape is checked, the
   * declarations of the internal subset included (see `subsetEnd`), but nothing in it is ever acted upon: no
   * external DTD is read and no entity it declares is expanded.
   */
  private doctype(lt: number): number {
    const s = this.s;
    const u = this.u;
    const n = this.n;
    let problem = -1;
    let p = lt + 9;
    let q = this.skipWs(p);
    if (q === p || this.nameStartLength(q) === 0) {
      problem = q;
    } else {
      p = this.nameEnd(q);
      q = this.skipWs(p);
      const literals = s.startsWith('SYSTEM', q) ? 1 : s.startsWith('PUBLIC', q) ? 2 : 0;
      if (literals > 0) {
        p = q + 6;
        for (let k = 0; k < literals && problem < 0; k++) {
          q = this.skipWs(p);
          const c = u[q]!;
          const close = c === DQUOTE || c === SQUOTE ? s.indexOf(c === DQUOTE ? '"' : "'", q + 1) : -1;
          if (q === p || close < 0) problem = q;
          else p = close + 1;
        }
        if (problem < 0) q = this.skipWs(p);
      }
      if (problem < 0 && u[q]! === LBRACKET) {
        const e = this.subsetEnd(q + 1, true);
        const bad = this.subsetProblem;
        if (bad >= 0) {
          let r = bad + 1;
          while (r < n && !isXmlSpace(u[r]!) && u[r]! !== LT && u[r]! !== RBRACKET) r++;
          this.report('invalid-doctype', bad, r);
        }
        q = e < 0 ? n : this.skipWs(e);
      }
      if (problem < 0 && q < n && u[q]! !== GT) problem = q;
    }
    let end: number; // after the `>`, or -1 when there is none
    if (problem >= 0) {
      let r = problem;
      while (r < n && !isXmlSpace(u[r]!) && u[r]! !== GT && u[r]! !== LBRACKET) r++;
      if (r > problem) this.report('invalid-doctype', problem, r);
      else if (problem < n) this.report('invalid-doctype', lt, lt + 9); // `<!DOCTYPE>`, `<!DOCTYPE [`
      // (at the end of the text it is unterminated, reported below)
      end = this.doctypeEnd(problem);
    } else {
      end = q < n ? q + 1 : -1;
    }
    const closed = end >= 0;
    const stop = closed ? end : n;
    this.checkChars(lt + 9, stop);
    if (!closed) this.report('unterminated-doctype', lt, lt + 9);
    const parent = this.cur;
    if (parent !== DOCUMENT || this.firstNamedTopElement !== NONE || this.doctypeSeen) {
      this.report('doctype-after-root', lt, lt + 9);
    }
    this.doctypeSeen = true;
    this.tree.addNode(DOCTYPE, closed ? CLOSED : 0, lt, stop, parent);
    return stop;
  }

  /** After a malformed part of a doctype: the offset after the `>` that ends it, or -1. */
  private doctypeEnd(p: number): number {
    const s = this.s;
    const u = this.u;
    const n = this.n;
    while (p < n) {
      const c = u[p]!;
      if (c === DQUOTE || c === SQUOTE) {
        const close = s.indexOf(c === DQUOTE ? '"' : "'", p + 1);
        if (close < 0) return -1;
        p = close + 1;
      } else if (c === LBRACKET) {
        p = this.subsetEnd(p + 1, false);
        if (p < 0) return -1;
      } else if (c === GT) {
        return p + 1;
      } else {
        p++;
      }
    }
    return -1;
  }

  /**
   * The offset after the `]` closing an internal subset that starts at `p`, or -1. The subset may hold only
   * markup declarations, comments, PIs, parameter-entity references and white space; the first thing that is
   * none of these, or is one of them but malformed, goes to `subsetProblem`. What a declaration says is never
   * acted upon: we do not process DTDs.
   */
  private subsetEnd(p: number, check: boolean): number {
    const s = this.s;
    const u = this.u;
    const n = this.n;
    this.subsetProblem = -1;
    while (p < n) {
      const c = u[p]!;
      let close: number;
      if (isXmlSpace(c)) {
        p++;
        continue;
      }
      if (c === RBRACKET) return p + 1;
      const start = p;
      if (c === LT && s.startsWith('<!--', p)) {
        close = s.indexOf('-->', p + 4);
        p = close + 3;
        // `--` inside, or a `-` right before the `-->` (found as the `--` starting one before it)
        for (let h = s.indexOf('--', start + 4); check && close >= 0 && h >= 0 && h < close; h = s.indexOf('--', h + 2)) {
          this.report('double-hyphen-in-comment', h, h + 2);
        }
      } else if (c === LT && u[p + 1]! === QUESTION) {
        close = s.indexOf('?>', p + 2);
        p = close + 2;
        if (check && close >= 0) this.subsetProcessingInstruction(start, close);
      } else if (c === LT && this.markupDeclarationAt(p)) {
        close = this.declarationEnd(p + 2);
        p = close;
        if (close >= 0 && !isWellFormedDeclaration(s.slice(start, close))) this.subsetProblemAt(start);
      } else if (c === PERCENT && this.nameStartLength(p + 1) > 0 && u[this.nameEnd(p + 1)]! === SEMI) {
        close = this.nameEnd(p + 1);
        p = close + 1;
      } else {
        this.subsetProblemAt(p);
        if (c === DQUOTE || c === SQUOTE) {
          close = s.indexOf(c === DQUOTE ? '"' : "'", p + 1);
          p = close + 1;
        } else {
          p++;
          continue;
        }
      }
      if (close < 0) return -1;
    }
    return -1;
  }

  /** Checks the target of a PI in the internal subset, from `<?` at `lt` to `?>` at `close`. */
  private subsetProcessingInstruction(lt: number, close: number): void {
    const m = PI_IN_SUBSET.exec(this.s.slice(lt, close + 2));
    const ts = lt + 2;
    if (m === null) {
      const te = this.nameStartLength(ts) > 0 ? this.nameEnd(ts) : ts;
      this.report('invalid-pi-target', te > ts ? ts : lt, te > ts ? te : ts, [this.s.slice(ts, te)]);
    } else if (m[1] === 'xml') {
      this.report('xml-decl-not-at-start', lt, lt + 5);
    } else if (m[1]!.toLowerCase() === 'xml') {
      this.report('reserved-pi-target', ts, ts + 3, [m[1]!]);
    }
  }

  private subsetProblemAt(p: number): void {
    if (this.subsetProblem < 0) this.subsetProblem = p;
  }

  /** `<!ELEMENT`, `<!ATTLIST`, `<!ENTITY` or `<!NOTATION` followed by white space at `p`? */
  private markupDeclarationAt(p: number): boolean {
    const s = this.s;
    const u = this.u;
    if (u[p + 1]! !== BANG) return false;
    for (const keyword of MARKUP_DECLARATIONS) {
      if (s.startsWith(keyword, p + 2) && isXmlSpace(u[p + 2 + keyword.length]!)) return true;
    }
    return false;
  }

  /** After the `>` ending the declaration whose body starts at `p` (quoted literals may hold `>`), or -1. */
  private declarationEnd(p: number): number {
    const s = this.s;
    const u = this.u;
    const n = this.n;
    while (p < n) {
      const c = u[p]!;
      if (c === GT) return p + 1;
      if (c === DQUOTE || c === SQUOTE) {
        const close = s.indexOf(c === DQUOTE ? '"' : "'", p + 1);
        if (close < 0) return -1;
        p = close + 1;
      } else {
        p++;
      }
    }
    return -1;
  }
}
