/**
 * The parse tree as flat records (an arena): a run of integers per node, per element or PI (its tag) and per
 * attribute, in `Int32Array`s; names once each in a table of symbols; and only the few decoded values that
 * differ from the source text as strings. Nodes are numbered in document order (pre-order), the document
 * itself is node 0, so a walk is a loop over ids and an element's descendants are the ids right after its own.
 *
 * Why not objects: a 1 MB document is ~24 000 nodes and ~27 000 attributes. As objects (one per node, per
 * attribute, per value, plus their arrays) the garbage collector spent more time copying the live tree than
 * the parser spent reading the text. Validation runs on every keystroke and only needs offsets, flags and
 * names, so it walks these records directly; the object tree of `ast.ts` that the editor features read is
 * built from them on first use (`toDocument` in `materialize.ts`).
 *
 * Offsets are UTF-16 code unit offsets into `text`, `end` exclusive, with the meanings documented in `ast.ts`.
 */
import type { ParseError, ParseErrorCode, RecordSource, XmlDocument } from './ast';
import { hashRange, internSlice, knownNames, knownSymbol, nameSlice, useKnownNames } from './intern';
import { codeUnits, isCurrent, unitsOf, UnitsRoom } from './units';
import { decodeReferences } from './references';

/** A node's index in its tree. */
export type NodeId = number;
/** An attribute's index in its tree (the attributes of one element are consecutive). */
export type AttributeId = number;
/**
 * A name's index in its tree's table of distinct names (element names, PI targets, attribute names): equal
 * names have equal symbols, so code that looks something up per name can do it once per symbol. The first
 * ones (below `XmlTree.knownSymbols`) are the well-known names, the same in every tree (`knownNames`).
 */
export type SymbolId = number;
/** No node (no parent, no next sibling, no root …). */
export const NONE = -1;

export const DOCUMENT = 0;
export const ELEMENT = 1;
export const TEXT = 2;
export const COMMENT = 3;
export const CDATA = 4;
export const PI = 5;
export const DOCTYPE = 6;
export type NodeKind = typeof DOCUMENT | typeof ELEMENT | typeof TEXT | typeof COMMENT | typeof CDATA | typeof PI | typeof DOCTYPE;

// Node flags (bits above the kind's four).
const KIND_MASK = 0xf;
export const START_TAG_CLOSED = 1 << 4;
export const SELF_CLOSING = 1 << 5;
export const DYNAMIC_NAME = 1 << 6;
export const DYNAMIC_ATTRIBUTES = 1 << 7;
export const HAS_END_TAG = 1 << 8;
export const END_TAG_CLOSED = 1 << 9;
/**
 * Text: only XML white space once decoded (`&#32;`), or white space right after markup read without a node (a
 * stray end tag). Other white space between markup is no node at all: see `spaceEnd`.
 */
export const WHITESPACE = 1 << 10;
/** Text: holds a template placeholder. */
export const DYNAMIC = 1 << 11;
/** Comment, CDATA, PI, doctype: has its terminator. */
export const CLOSED = 1 << 12;
/** Text: its decoded value differs from its source (made when asked for, kept in `decodedTexts`). */
const DECODED_TEXT = 1 << 13;
/**
 * Text: its first character after XML white space is one that is certainly not white space of any kind (as
 * `String.prototype.trim` reads it) nor a reference — printable ASCII, or Hangul, kana or CJK — so its value is
 * not blank. CDATA: so is the first character of its value. Set where the parser reads that character anyway: a
 * rule asking whether a body is empty need not read the text again (on a large document, from memory far from
 * the processor). Unset says nothing.
 */
export const VISIBLE = 1 << 14;

// Node records: every node has one.
const N_FLAGS = 0;
const N_START = 1;
const N_END = 2;
const N_PARENT = 3;
/** The first id after this node's subtree. */
const N_AFTER = 4;
/** Elements and PIs: the index of their tag record. */
const N_TAG = 5;
const NODE_SIZE = 6;

// Tag records: elements and PIs only (half the nodes are text, which needs none of this). A name starts right
// after `<` (`<?` for a PI) and an end tag's name right after `</`, so neither start is stored; an element
// with an end tag ends where its end tag does.
/** The element name / PI target (a symbol). */
const T_NAME = 0;
const T_NAME_END = 1;
const T_START_TAG_END = 2;
const T_ATTRIBUTES = 3;
const T_ATTRIBUTES_END = 4;
const T_END_TAG_START = 5;
const T_END_TAG_NAME_END = 6;
const TAG_SIZE = 7;

// Attribute flags.
export const HAS_VALUE = 1;
export const VALUE_CLOSED = 2;
export const VALUE_DYNAMIC = 4;
export const DOUBLE_QUOTED = 8;
export const SINGLE_QUOTED = 16;
/** The decoded value differs from the source (kept in `decodedValues`). */
const DECODED_VALUE = 32;
const QUOTED = DOUBLE_QUOTED | SINGLE_QUOTED;

// Attribute records. The name starts where the attribute does; the attribute ends where its value does (or
// its name, without one); the value's inside starts after its opening quote and ends before its closing one.
const A_FLAGS = 0;
/** The name (a symbol). */
const A_NAME = 1;
const A_START = 2;
const A_NAME_END = 3;
/** The value: its opening quote (or first character) … after its closing quote. */
const A_VALUE_START = 4;
const A_VALUE_END = 5;
const ATTRIBUTE_SIZE = 6;

/** Slots of a tree's own symbol table to begin with (a power of two): a VoiceML document seldom has a name the model does not. */
const FIRST_SYMBOL_SLOTS = 16;
/**
 * The symbol slots and symbols of a tree with no names of its own yet (most VoiceML trees: their names are all
 * well-known). Never added to: a tree's first name of its own makes it arrays of its own.
 */
const NO_SLOTS = new Int32Array(0);
const NO_SYMBOLS: string[] = [];

/**
 * The integers each table of a new tree over `text` has room for: for a long text, as many as a sample of it
 * says it needs (`roomFor`); else by its length (see the constructor).
 */
function roomOf(text: string): { nodes: number; tags: number; attributes: number } {
  return text.length > SAMPLED_LENGTH ? roomFor(text) : firstRoom(text.length);
}

/** XML white space (space, tab, LF, CR) — not a no-break space. Shared by everything that reads XML text. */
export function isXmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Is `text` only XML white space (or empty)? */
export function isXmlSpaceOnly(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isXmlSpace(text.charCodeAt(i))) return false;
  return true;
}

/** Texts longer than this are sampled for the room of their tree. */
const SAMPLED_LENGTH = 65_536;
const SAMPLES = 16;
const SAMPLE_LENGTH = 2048;

/**
 * The room of a long text's tree from the `<`, `</` and `=` of 16 stretches of it spread over it: a text has
 * at most a node per `<` but for end tags (the markup it starts) and one more per `<` after text (white space
 * after a `>` is none), a tag record per start tag, and about an attribute per `=`. A room by length alone was
 * twice what a document with Korean text needs: on a 5 MB document, 17 MB at every parse, zeroed then.
 * A fifth more than the sample says, and never less than a node every 64 characters: a tree that outgrows it
 * moves to larger tables (`reserveNodes`).
 */
function roomFor(text: string): { nodes: number; tags: number; attributes: number } {
  const length = text.length;
  let lts = 0;
  let ends = 0;
  let texts = 0;
  let eqs = 0;
  for (let k = 0; k < SAMPLES; k++) {
    const from = Math.floor(((length - SAMPLE_LENGTH) * k) / (SAMPLES - 1));
    // A slice to search (a view, not a copy): a search in the text would run past the stretch to the next one.
    const stretch = text.slice(from, from + SAMPLE_LENGTH);
    for (let at = stretch.indexOf('<'); at >= 0; at = stretch.indexOf('<', at + 1)) {
      lts++;
      if (stretch.charCodeAt(at + 1) === 0x2f) ends++; // `</`
      let before = at - 1;
      while (before >= 0 && isXmlSpace(stretch.charCodeAt(before))) before--;
      if (before >= 0 && stretch.charCodeAt(before) !== 0x3e) texts++; // `>`
    }
    for (let at = stretch.indexOf('='); at >= 0; at = stretch.indexOf('=', at + 1)) eqs++;
  }
  const scale = (1.2 * length) / (SAMPLES * SAMPLE_LENGTH);
  return {
    nodes: Math.max(Math.ceil(length / 64), Math.ceil((lts - ends + texts) * scale)) * NODE_SIZE,
    tags: Math.max(Math.ceil(length / 256), Math.ceil((lts - ends) * scale)) * TAG_SIZE,
    attributes: Math.max(Math.ceil(length / 256), Math.ceil(eqs * scale)) * ATTRIBUTE_SIZE,
  };
}

/** The integers each table of a new tree over a text of `length` characters has room for (see the constructor). */
function firstRoom(length: number): { nodes: number; tags: number; attributes: number } {
  return {
    nodes: Math.max(16, Math.ceil(length / 12)) * NODE_SIZE,
    tags: Math.max(8, Math.ceil(length / 48)) * TAG_SIZE,
    attributes: Math.max(8, length >> 5) * ATTRIBUTE_SIZE,
  };
}

/**
 * Room for the records of the trees of many strings parsed together (those of one JS/TS file), in one buffer:
 * each tree's first records a part of it, never handed out twice. A typed array of its own for each of a
 * file's hundreds of short strings cost more than its parse (each is allocated outside the JavaScript heap,
 * and tracked by every garbage collection after). The buffer lives as long as one of its trees does; a tree
 * that outgrows its part moves to arrays of its own, as any tree does.
 */
export class RecordArena implements RecordSource {
  private readonly buffer: Int32Array;
  private used = 0;
  private readonly units: UnitsRoom;

  /** Room for trees over texts of `lengths` characters (and for their code units). */
  constructor(lengths: readonly number[]) {
    let size = 0;
    let characters = 0;
    for (const length of lengths) {
      const { nodes, tags, attributes } = firstRoom(length);
      size += nodes + tags + attributes;
      characters += length;
    }
    // Not filled with zeros when large (see `unzeroed`): a tree writes every record whole when it adds it.
    this.buffer = unzeroed(size);
    this.units = new UnitsRoom(characters);
  }

  unitsOf(text: string): Uint16Array | undefined {
    return this.units.take(text);
  }

  /** Room for `size` integers (not zeroed), or undefined when no room is left. */
  take(size: number): Int32Array | undefined {
    if (this.used + size > this.buffer.length) return undefined;
    const part = this.buffer.subarray(this.used, this.used + size);
    this.used += size;
    return part;
  }
}

/**
 * A parsed document. Read it through the methods (each one line, inlined by the JIT); only the parser
 * writes, through the `add…`/`set…` methods at the end.
 */
export class XmlTree {
  /** The top-level element (see `XmlDocument.root`), or `NONE`. */
  root: NodeId = NONE;
  /**
   * Where the document's content starts: after a byte order mark, or (a text the program trimmed) at its first
   * character that is not white space. Set by the parser.
   */
  documentStart = 0;
  /** Well-formedness errors in document order: the first `MAX_PARSE_ERRORS` of them. */
  errors: ParseError[] = [];
  /**
   * What the layers above keep of this tree for as long as it lives, each in its own slot (declared here so
   * that every tree has the same shape): the rule runner its model lookup, validation the findings of the
   * rules that read the tree alone, the editor features the object tree made of it (`toDocument`). A JS/TS or
   * Python file has hundreds of trees: a WeakMap entry per tree is an ephemeron every garbage collection
   * examines again, a field is not; and a WeakMap's value outlives its key in young-generation collections
   * (see `memo.ts`).
   */
  ruleLookup: unknown = undefined;
  treeFindings: unknown = undefined;
  objectTree: XmlDocument | undefined = undefined;
  /** How many more errors there were, by code (undefined: none). */
  omittedErrors: ReadonlyMap<ParseErrorCode, number> | undefined = undefined;
  /**
   * The records, at first all four tables in one buffer (a JS/TS or Python file has hundreds of small trees,
   * and each typed array is an object the garbage collector copies while it is young): the node records at
   * its start, up to `nodeLimit`; the tag records from `tagBase` up to `tagLimit`; the attribute records from
   * `attributeBase` up to `attributeLimit`. A table that outgrows its part moves to an array of its own (its
   * base then 0).
   */
  private nodes: Int32Array;
  private nodeLimit: number;
  private tags: Int32Array;
  private tagBase: number;
  private tagLimit: number;
  private attributes: Int32Array;
  private attributeBase: number;
  private attributeLimit: number;
  private nodeCount = 1;
  private tagCount = 0;
  private attributeTotal = 0;
  /** How many symbols are the well-known names (`knownNames`), the same in every tree. */
  private known: number = useKnownNames();
  /** The tree's own distinct names, by symbol after the known ones (`symbols[s - known]`), made with `symbolSlots`. */
  private symbols: string[] = NO_SYMBOLS;
  /** Open addressing over `symbols` (made at the first): a slot holds its index + 1, or 0 when empty. Never more than half full. */
  private symbolSlots: Int32Array = NO_SLOTS;
  /** Decoded text and values where they differ from the source (references; in values also white space). */
  private decodedTexts: Map<NodeId, string> | undefined;
  private decodedValues: Map<AttributeId, string> | undefined;

  /**
   * The text's code units, as `units` gives them: maybe lent (see `unitsOf`), the lending's `lease` then. Two
   * fields rather than the `LentUnits` that lent them: one object less for each of a JS/TS file's hundreds of trees.
   */
  private codes: Uint16Array;
  private lease: number;

  /** `records`: where the tree's records are to be made, with others' (see `RecordArena`); else in a buffer of its own. */
  constructor(readonly text: string, records?: RecordSource) {
    const units = records?.unitsOf(text);
    if (units !== undefined) {
      this.codes = units;
      this.lease = 0;
    } else {
      const lent = unitsOf(text);
      this.codes = lent.units;
      this.lease = lent.lease;
    }
    // Room for a node every 12 characters, a tag every 48 and an attribute every 32: more than real documents
    // need (VoiceML averages a node every 30 — white space between tags is none —, a tag every 66, an attribute
    // every 37), so they seldom grow, which copies the records (see `reserveNodes`). Not much more: the garbage
    // collector counts the whole buffer (about 3.3 MB for 1 MB of text), and runs sooner the more there is. A
    // long text's room is what a sample of it says it needs (`roomFor`).
    // One buffer for all three tables to begin with, and no view of each part (see `nodes`); three for a room
    // of `SPLIT_FROM` or more. Every record is written whole when it is added.
    const { nodes, tags, attributes } = roomOf(text);
    const size = nodes + tags + attributes;
    const buffer = records?.take(size) ?? (size < SPLIT_FROM ? unzeroed(size) : undefined);
    if (buffer !== undefined) {
      this.nodes = this.tags = this.attributes = buffer;
      this.nodeLimit = this.tagBase = nodes;
      this.tagLimit = this.attributeBase = nodes + tags;
      this.attributeLimit = nodes + tags + attributes;
    } else {
      this.nodes = unzeroed(nodes);
      this.nodeLimit = nodes;
      this.tags = unzeroed(tags);
      this.tagBase = 0;
      this.tagLimit = tags;
      this.attributes = unzeroed(attributes);
      this.attributeBase = 0;
      this.attributeLimit = attributes;
    }
    const document = this.nodes;
    document[N_FLAGS] = 0;
    document[N_START] = 0;
    document[N_END] = text.length;
    document[N_PARENT] = NONE;
    document[N_AFTER] = 1;
    document[N_TAG] = 0;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Nodes

  /** How many nodes there are (ids `0 … size - 1`). */
  get size(): number {
    return this.nodeCount;
  }
  /** How many attributes there are (ids `0 … attributeCount - 1`). */
  get attributeCount(): number {
    return this.attributeTotal;
  }
  kind(id: NodeId): NodeKind {
    return (this.nodes[id * NODE_SIZE + N_FLAGS]! & KIND_MASK) as NodeKind;
  }
  is(id: NodeId, flag: number): boolean {
    return (this.nodes[id * NODE_SIZE + N_FLAGS]! & flag) !== 0;
  }
  start(id: NodeId): number {
    return this.nodes[id * NODE_SIZE + N_START]!;
  }
  end(id: NodeId): number {
    return this.nodes[id * NODE_SIZE + N_END]!;
  }
  parent(id: NodeId): NodeId {
    return this.nodes[id * NODE_SIZE + N_PARENT]!;
  }
  firstChild(id: NodeId): NodeId {
    return id + 1 < this.nodes[id * NODE_SIZE + N_AFTER]! ? id + 1 : NONE;
  }
  /** The first id after `id`'s subtree: its descendants are the ids between. */
  subtreeEnd(id: NodeId): NodeId {
    return this.nodes[id * NODE_SIZE + N_AFTER]!;
  }
  nextSibling(id: NodeId): NodeId {
    const next = this.nodes[id * NODE_SIZE + N_AFTER]!;
    const parent = this.nodes[id * NODE_SIZE + N_PARENT]!;
    return parent !== NONE && next < this.nodes[parent * NODE_SIZE + N_AFTER]! ? next : NONE;
  }
  /** Where the content of element `id` (or of the document) starts: after its start tag. */
  contentStart(id: NodeId): number {
    return id === DOCUMENT ? this.documentStart : this.startTagEnd(id);
  }
  /** Where it ends: at its end tag; without one (left open, self-closing), where the element ends. */
  contentEnd(id: NodeId): number {
    return id === DOCUMENT ? this.text.length : this.hasEndTag(id) ? this.endTagStart(id) : this.end(id);
  }
  /**
   * White space between markup is no node (see `Parser.step`): it is the run of XML white space that starts
   * where a node ends (or its parent's content starts), at `from`, and ends before `to` (where the next node
   * starts, or the content ends). The end of that run: `from` when there is none.
   */
  spaceEnd(from: number, to: number): number {
    const text = this.text;
    let i = from;
    while (i < to && isXmlSpace(text.charCodeAt(i))) i++;
    return i;
  }

  // Elements (and PI targets: `name`, `nameStart`, `nameEnd`)

  /** Offset of `id`'s tag record. */
  private tag(id: NodeId): number {
    return this.tagBase + this.nodes[id * NODE_SIZE + N_TAG]! * TAG_SIZE;
  }
  /** The name as written (`''` when missing; see `XmlElement.name`). */
  name(id: NodeId): string {
    return this.symbolName(this.tags[this.tag(id) + T_NAME]!);
  }
  nameSymbol(id: NodeId): SymbolId {
    return this.tags[this.tag(id) + T_NAME]!;
  }
  nameStart(id: NodeId): number {
    const at = id * NODE_SIZE;
    return this.nodes[at + N_START]! + ((this.nodes[at + N_FLAGS]! & KIND_MASK) === PI ? 2 : 1);
  }
  nameEnd(id: NodeId): number {
    return this.tags[this.tag(id) + T_NAME_END]!;
  }
  startTagEnd(id: NodeId): number {
    return this.tags[this.tag(id) + T_START_TAG_END]!;
  }
  firstAttribute(id: NodeId): AttributeId {
    return this.tags[this.tag(id) + T_ATTRIBUTES]!;
  }
  /** After the element's last attribute: its attributes are `firstAttribute(id) … attributesEnd(id) - 1`. */
  attributesEnd(id: NodeId): AttributeId {
    return this.tags[this.tag(id) + T_ATTRIBUTES_END]!;
  }
  hasEndTag(id: NodeId): boolean {
    return (this.nodes[id * NODE_SIZE + N_FLAGS]! & HAS_END_TAG) !== 0;
  }
  endTagStart(id: NodeId): number {
    return this.tags[this.tag(id) + T_END_TAG_START]!;
  }
  endTagEnd(id: NodeId): number {
    return this.nodes[id * NODE_SIZE + N_END]!;
  }
  endTagNameStart(id: NodeId): number {
    return this.tags[this.tag(id) + T_END_TAG_START]! + 2;
  }
  endTagNameEnd(id: NodeId): number {
    return this.tags[this.tag(id) + T_END_TAG_NAME_END]!;
  }

  /**
   * The node that starts at `offset`, or `NONE`: how a node of the object tree (`toDocument`) finds itself
   * here. Nodes in document order start at strictly increasing offsets, so this is a binary search.
   */
  nodeStartingAt(offset: number): NodeId {
    let low = 1;
    let high = this.nodeCount - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const start = this.nodes[mid * NODE_SIZE + N_START]!;
      if (start === offset) return mid;
      if (start < offset) low = mid + 1;
      else high = mid - 1;
    }
    return NONE;
  }

  /** The element's attribute named `name`, or `NONE`. */
  findAttribute(id: NodeId, name: string): AttributeId {
    const end = this.attributesEnd(id);
    for (let a = this.firstAttribute(id); a < end; a++) if (this.attributeName(a) === name) return a;
    return NONE;
  }

  // Text, CDATA

  /** Is a text node's value exactly its source text (no reference decoded)? Always true for CDATA. */
  textIsVerbatim(id: NodeId): boolean {
    return (this.nodes[id * NODE_SIZE + N_FLAGS]! & DECODED_TEXT) === 0;
  }
  /** Where the value of a text node or CDATA section starts in the text (after `<![CDATA[`). */
  textValueStart(id: NodeId): number {
    const at = id * NODE_SIZE;
    return this.nodes[at + N_START]! + ((this.nodes[at + N_FLAGS]! & KIND_MASK) === CDATA ? 9 : 0);
  }
  /** Where the value of a text node or CDATA section ends in the text (before `]]>` when there is one). */
  textValueEnd(id: NodeId): number {
    const at = id * NODE_SIZE;
    const flags = this.nodes[at + N_FLAGS]!;
    const end = this.nodes[at + N_END]!;
    return (flags & KIND_MASK) === CDATA && (flags & CLOSED) !== 0 ? end - 3 : end;
  }
  /** Decoded text of a text node (references resolved), or the content of a CDATA section. */
  textValue(id: NodeId): string {
    const at = id * NODE_SIZE;
    if ((this.nodes[at + N_FLAGS]! & DECODED_TEXT) !== 0) {
      let value = this.decodedTexts?.get(id);
      if (value === undefined) (this.decodedTexts ??= new Map()).set(id, (value = decodeReferences(this.text, this.textValueStart(id), this.textValueEnd(id))));
      return value;
    }
    return this.text.slice(this.textValueStart(id), this.textValueEnd(id));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Attributes

  /** Where attribute `a`'s record starts in `attributes`. */
  private attribute(a: AttributeId): number {
    return this.attributeBase + a * ATTRIBUTE_SIZE;
  }
  attributeName(a: AttributeId): string {
    return this.symbolName(this.attributes[this.attribute(a) + A_NAME]!);
  }
  attributeSymbol(a: AttributeId): SymbolId {
    return this.attributes[this.attribute(a) + A_NAME]!;
  }
  attributeStart(a: AttributeId): number {
    return this.attributes[this.attribute(a) + A_START]!;
  }
  attributeEnd(a: AttributeId): number {
    const at = this.attribute(a);
    return this.attributes[at + ((this.attributes[at + A_FLAGS]! & HAS_VALUE) !== 0 ? A_VALUE_END : A_NAME_END)]!;
  }
  /** The name starts where the attribute does. */
  attributeNameStart(a: AttributeId): number {
    return this.attributeStart(a);
  }
  attributeNameEnd(a: AttributeId): number {
    return this.attributes[this.attribute(a) + A_NAME_END]!;
  }
  /** `VALUE_CLOSED`, `VALUE_DYNAMIC`, `HAS_VALUE`, `DOUBLE_QUOTED`, `SINGLE_QUOTED`. */
  attributeIs(a: AttributeId, flag: number): boolean {
    return (this.attributes[this.attribute(a) + A_FLAGS]! & flag) !== 0;
  }
  hasValue(a: AttributeId): boolean {
    return (this.attributes[this.attribute(a) + A_FLAGS]! & HAS_VALUE) !== 0;
  }
  /** Offset of the opening quote (or of the first character when unquoted). */
  valueStart(a: AttributeId): number {
    return this.attributes[this.attribute(a) + A_VALUE_START]!;
  }
  /** Offset after the closing quote. */
  valueEnd(a: AttributeId): number {
    return this.attributes[this.attribute(a) + A_VALUE_END]!;
  }
  /** Offsets of the value inside its quotes. */
  valueInnerStart(a: AttributeId): number {
    const at = this.attribute(a);
    return this.attributes[at + A_VALUE_START]! + ((this.attributes[at + A_FLAGS]! & QUOTED) !== 0 ? 1 : 0);
  }
  valueInnerEnd(a: AttributeId): number {
    const at = this.attribute(a);
    const flags = this.attributes[at + A_FLAGS]!;
    return this.attributes[at + A_VALUE_END]! - ((flags & QUOTED) !== 0 && (flags & VALUE_CLOSED) !== 0 ? 1 : 0);
  }
  valueQuote(a: AttributeId): '"' | "'" | '' {
    const flags = this.attributes[this.attribute(a) + A_FLAGS]!;
    return flags & DOUBLE_QUOTED ? '"' : flags & SINGLE_QUOTED ? "'" : '';
  }
  /** Is the value exactly its source text between `valueInnerStart` and `valueInnerEnd` (nothing decoded)? */
  valueIsVerbatim(a: AttributeId): boolean {
    return (this.attributes[this.attribute(a) + A_FLAGS]! & DECODED_VALUE) === 0;
  }
  /**
   * The decoded value (references resolved, white space normalised); undefined without `=value`. Short values
   * (`1`, `ko-KR`, `true`) come from a cache: reading them allocates nothing.
   */
  attributeValue(a: AttributeId): string | undefined {
    const at = this.attribute(a);
    const flags = this.attributes[at + A_FLAGS]!;
    if ((flags & HAS_VALUE) === 0) return undefined;
    if ((flags & DECODED_VALUE) !== 0) return this.decodedValues!.get(a)!;
    return internSlice(this.text, this.valueInnerStart(a), this.valueInnerEnd(a));
  }

  // ---------------------------------------------------------------------------------------------------------
  // Names

  /** How many symbols there are (`0 … symbolCount - 1`): every well-known name, held by the tree or not, then its own. */
  get symbolCount(): number {
    return this.known + this.symbols.length;
  }
  /**
   * How many of the symbols are the well-known names, the same in every tree (`knownNames`): symbols below it
   * can be looked up in tables shared by all trees. A name the model has is always one of them.
   */
  get knownSymbols(): number {
    return this.known;
  }
  /**
   * The text's code units: what the parser reads, and what code reading the text where it stands (the value
   * checks of validation) reads faster than the string. A long text's are lent (`unitsOf`), and made again
   * should they be asked for once lent to another text.
   */
  get units(): Uint16Array {
    if (isCurrent(this.lease)) return this.codes;
    this.lease = 0;
    return (this.codes = codeUnits(this.text));
  }
  symbolName(symbol: SymbolId): string {
    const known = this.known;
    return symbol < known ? knownNames[symbol]! : this.symbols[symbol - known]!;
  }
  /** The symbol of the name written at `[start, end)` of the text, added when it is new. */
  symbol(start: number, end: number): SymbolId {
    const text = this.text;
    const hash = hashRange(text, start, end);
    const known = knownSymbol(text, start, end, hash);
    if (known >= 0) return known;
    const length = end - start;
    let slots = this.symbolSlots;
    if (slots.length === 0) {
      slots = this.symbolSlots = new Int32Array(FIRST_SYMBOL_SLOTS);
      this.symbols = [];
    }
    const mask = slots.length - 1;
    let slot = hash & mask;
    probe: for (let entry = slots[slot]!; entry !== 0; entry = slots[slot]!) {
      slot = (slot + 1) & mask;
      const name = this.symbols[entry - 1]!;
      if (name.length !== length) continue;
      for (let k = 0; k < length; k++) if (name.charCodeAt(k) !== text.charCodeAt(start + k)) continue probe;
      return this.known + entry - 1;
    }
    const own = this.symbols.length;
    this.symbols.push(nameSlice(text, start, end));
    slots[slot] = own + 1;
    if (this.symbols.length * 2 > slots.length) this.growSymbolSlots();
    return this.known + own;
  }
  private growSymbolSlots(): void {
    const slots = new Int32Array(this.symbolSlots.length * 2);
    const mask = slots.length - 1;
    this.symbols.forEach((name, own) => {
      let slot = hashRange(name, 0, name.length) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = own + 1;
    });
    this.symbolSlots = slots;
  }

  /** Room for `length` ints of node records (`nodes` moved to a larger array of its own when needed). */
  private reserveNodes(length: number): void {
    if (length <= this.nodeLimit) return;
    this.nodes = relocated(this.nodes, 0, this.nodeLimit, length);
    this.nodeLimit = this.nodes.length;
  }
  private reserveTags(length: number): void {
    if (this.tagBase + length <= this.tagLimit) return;
    this.tags = relocated(this.tags, this.tagBase, this.tagLimit, length);
    this.tagBase = 0;
    this.tagLimit = this.tags.length;
  }
  private reserveAttributes(length: number): void {
    if (this.attributeBase + length <= this.attributeLimit) return;
    this.attributes = relocated(this.attributes, this.attributeBase, this.attributeLimit, length);
    this.attributeBase = 0;
    this.attributeLimit = this.attributes.length;
  }

  // ---------------------------------------------------------------------------------------------------------
  // Building (the parser only)

  /** Appends a node as the last child of `parent` (whose subtree grows to include it). */
  addNode(kind: NodeKind, flags: number, start: number, end: number, parent: NodeId): NodeId {
    const id = this.nodeCount++;
    let at = id * NODE_SIZE;
    if (at + NODE_SIZE > this.nodeLimit) this.reserveNodes(at + NODE_SIZE);
    const nodes = this.nodes;
    nodes[at] = kind | flags;
    nodes[++at] = start;
    nodes[++at] = end;
    nodes[++at] = parent;
    nodes[++at] = id + 1;
    nodes[++at] = 0;
    return id;
  }
  /** Closes `id`'s subtree: every node added since (up to `after`, when given) belongs to it. */
  closeSubtree(id: NodeId, after = this.nodeCount): void {
    this.nodes[id * NODE_SIZE + N_AFTER] = after;
  }
  setFlag(id: NodeId, flag: number): void {
    this.nodes[id * NODE_SIZE + N_FLAGS]! |= flag;
  }
  setEnd(id: NodeId, end: number): void {
    this.nodes[id * NODE_SIZE + N_END] = end;
  }
  /**
   * Gives an element or PI its tag record, with its name (which starts right after `<`, or `<?` for a PI) and
   * the name's end. Called once per element or PI, before the other `set…` below.
   */
  setName(id: NodeId, name: SymbolId, nameEnd: number): void {
    const t = this.tagCount++;
    if (this.tagBase + (t + 1) * TAG_SIZE > this.tagLimit) this.reserveTags((t + 1) * TAG_SIZE);
    let at = this.tagBase + t * TAG_SIZE;
    this.nodes[id * NODE_SIZE + N_TAG] = t;
    const tags = this.tags;
    tags[at] = name;
    tags[++at] = nameEnd;
    tags[++at] = 0;
    tags[++at] = 0;
    tags[++at] = 0;
    tags[++at] = 0;
    tags[++at] = 0;
  }
  setStartTagEnd(id: NodeId, end: number): void {
    this.tags[this.tag(id) + T_START_TAG_END] = end;
  }
  setAttributeRange(id: NodeId, first: AttributeId, end: AttributeId): void {
    const at = this.tag(id);
    this.tags[at + T_ATTRIBUTES] = first;
    this.tags[at + T_ATTRIBUTES_END] = end;
  }
  /** The element's end tag: `</` at `start`, the name up to `nameEnd`; the element ends where it does (`setEnd`). */
  setEndTag(id: NodeId, start: number, nameEnd: number, closed: boolean): void {
    this.nodes[id * NODE_SIZE + N_FLAGS]! |= closed ? HAS_END_TAG | END_TAG_CLOSED : HAS_END_TAG;
    const at = this.tag(id);
    this.tags[at + T_END_TAG_START] = start;
    this.tags[at + T_END_TAG_NAME_END] = nameEnd;
  }
  /** The text expands a reference (see `references.ts`): its value is decoded when it is first asked for. */
  setDecodedText(id: NodeId): void {
    this.nodes[id * NODE_SIZE + N_FLAGS]! |= DECODED_TEXT;
  }
  /** The id the next attribute will get. */
  get nextAttribute(): AttributeId {
    return this.attributeTotal;
  }
  addAttribute(name: SymbolId, start: number, nameEnd: number): AttributeId {
    const a = this.attributeTotal++;
    if (this.attributeBase + (a + 1) * ATTRIBUTE_SIZE > this.attributeLimit) this.reserveAttributes((a + 1) * ATTRIBUTE_SIZE);
    const at = this.attribute(a);
    const attributes = this.attributes;
    attributes[at + A_FLAGS] = 0;
    attributes[at + A_NAME] = name;
    attributes[at + A_START] = start;
    attributes[at + A_NAME_END] = nameEnd;
    attributes[at + A_VALUE_START] = 0;
    attributes[at + A_VALUE_END] = 0;
    return a;
  }
  /**
   * The attribute's value, from its opening quote (or first character) at `start` to after its closing quote
   * at `end`. `decoded`: the value when it differs from the text inside the quotes.
   */
  setValue(a: AttributeId, flags: number, start: number, end: number, decoded: string | undefined): void {
    const at = this.attribute(a);
    const attributes = this.attributes;
    attributes[at + A_FLAGS] = decoded === undefined ? flags | HAS_VALUE : flags | HAS_VALUE | DECODED_VALUE;
    attributes[at + A_VALUE_START] = start;
    attributes[at + A_VALUE_END] = end;
    if (decoded !== undefined) (this.decodedValues ??= new Map()).set(a, decoded);
  }
  /** Called once the whole text is read. */
  finish(): void {
    this.nodes[N_AFTER] = this.nodeCount;
  }
  /**
   * Records written in this layout by the quick parser (`quick.ts`), numbered from this tree's next ones: node
   * records up to node `nodesEnd`, tag records up to `tagsEnd`, attribute records up to `attributesEnd` (each
   * table as the quick parser holds it, every record at its number).
   */
  appendRecords(nodes: Int32Array, nodesEnd: number, tags: Int32Array, tagsEnd: number, attributes: Int32Array, attributesEnd: number): void {
    this.reserveNodes(nodesEnd * NODE_SIZE);
    copyRecords(nodes, this.nodeCount * NODE_SIZE, nodesEnd * NODE_SIZE, this.nodes, this.nodeCount * NODE_SIZE);
    this.nodeCount = nodesEnd;
    this.reserveTags(tagsEnd * TAG_SIZE);
    copyRecords(tags, this.tagCount * TAG_SIZE, tagsEnd * TAG_SIZE, this.tags, this.tagBase + this.tagCount * TAG_SIZE);
    this.tagCount = tagsEnd;
    this.reserveAttributes(attributesEnd * ATTRIBUTE_SIZE);
    copyRecords(attributes, this.attributeTotal * ATTRIBUTE_SIZE, attributesEnd * ATTRIBUTE_SIZE, this.attributes, this.attributeBase + this.attributeTotal * ATTRIBUTE_SIZE);
    this.attributeTotal = attributesEnd;
  }
  /** The number the next tag record will have. */
  get nextTag(): number {
    return this.tagCount;
  }

  // ---------------------------------------------------------------------------------------------------------
  // After a change inside an element's content (`reparseTree`): this tree's records around the content, moved

  /**
   * A tree for `text` — this tree's text after a change inside the content of element `el` — holding this
   * tree's records up to `el` (its names, and the errors before its content) with `el` open: the parser reads
   * `el`'s content again into it, then `appendAfter` adds the rest.
   */
  beginAfter(text: string, el: NodeId): XmlTree {
    const tree = new XmlTree(text);
    const nodes = (el + 1) * NODE_SIZE;
    const tags = (this.nodes[el * NODE_SIZE + N_TAG]! + 1) * TAG_SIZE;
    const attributes = this.tags[this.tag(el) + T_ATTRIBUTES_END]! * ATTRIBUTE_SIZE;
    tree.reserveNodes(nodes);
    tree.nodes.set(this.nodes.subarray(0, nodes));
    tree.reserveTags(tags);
    tree.tags.set(this.tags.subarray(this.tagBase, this.tagBase + tags), tree.tagBase);
    tree.reserveAttributes(attributes);
    tree.attributes.set(this.attributes.subarray(this.attributeBase, this.attributeBase + attributes), tree.attributeBase);
    tree.nodes[N_END] = text.length;
    tree.nodeCount = el + 1;
    tree.tagCount = tags / TAG_SIZE;
    tree.attributeTotal = attributes / ATTRIBUTE_SIZE;
    tree.known = this.known;
    tree.symbols = [...this.symbols];
    tree.symbolSlots = this.symbolSlots.length === 0 ? NO_SLOTS : this.symbolSlots.slice();
    tree.decodedValues = below(this.decodedValues, tree.attributeTotal);
    const contentStart = this.startTagEnd(el);
    tree.errors = this.errors.filter((e) => e.start < contentStart);
    tree.root = this.root;
    tree.documentStart = this.documentStart;
    return tree;
  }

  /**
   * Completes a tree begun with `before.beginAfter(…, el)` once the parser has read `el`'s content again and
   * closed it at its end tag, where `before` has it moved by `delta`: `before`'s records after `el`, moved;
   * `el`'s ancestors (still open when it closed) grow by what the change added.
   */
  appendAfter(before: XmlTree, el: NodeId, delta: number): void {
    const oldAfter = before.nodes[el * NODE_SIZE + N_AFTER]!;
    const nodeShift = this.nodeCount - oldAfter;
    // The first tag and attribute of the records after `el`'s subtree: those of the first element after it.
    let firstTag = before.tagCount;
    let firstAttribute = before.attributeTotal;
    for (let id = oldAfter; id < before.nodeCount; id++) {
      const kind = before.nodes[id * NODE_SIZE + N_FLAGS]! & KIND_MASK;
      if (kind !== ELEMENT && kind !== PI) continue;
      firstTag = before.nodes[id * NODE_SIZE + N_TAG]!;
      firstAttribute = before.tags[before.tagBase + firstTag * TAG_SIZE + T_ATTRIBUTES]!;
      break;
    }
    const tagShift = this.tagCount - firstTag;
    const attributeShift = this.attributeTotal - firstAttribute;
    // Nodes: ids, parents (those inside the records moved), subtree ends, tags; offsets.
    const count = before.nodeCount - oldAfter;
    this.reserveNodes((this.nodeCount + count) * NODE_SIZE);
    for (let k = 0; k < count; k++) {
      const from = (oldAfter + k) * NODE_SIZE;
      const to = (this.nodeCount + k) * NODE_SIZE;
      const parent = before.nodes[from + N_PARENT]!;
      const kind = before.nodes[from + N_FLAGS]! & KIND_MASK;
      this.nodes[to + N_FLAGS] = before.nodes[from + N_FLAGS]!;
      this.nodes[to + N_START] = before.nodes[from + N_START]! + delta;
      this.nodes[to + N_END] = before.nodes[from + N_END]! + delta;
      this.nodes[to + N_PARENT] = parent > el ? parent + nodeShift : parent;
      this.nodes[to + N_AFTER] = before.nodes[from + N_AFTER]! + nodeShift;
      this.nodes[to + N_TAG] = kind === ELEMENT || kind === PI ? before.nodes[from + N_TAG]! + tagShift : 0;
    }
    // Tags: names stay, offsets move, attribute ranges move with the attributes.
    const tags = before.tagCount - firstTag;
    this.reserveTags((this.tagCount + tags) * TAG_SIZE);
    for (let k = 0; k < tags; k++) {
      const from = before.tagBase + (firstTag + k) * TAG_SIZE;
      const to = this.tagBase + (this.tagCount + k) * TAG_SIZE;
      this.tags[to + T_NAME] = before.tags[from + T_NAME]!;
      this.tags[to + T_NAME_END] = before.tags[from + T_NAME_END]! + delta;
      this.tags[to + T_START_TAG_END] = before.tags[from + T_START_TAG_END]! + delta;
      this.tags[to + T_ATTRIBUTES] = before.tags[from + T_ATTRIBUTES]! + attributeShift;
      this.tags[to + T_ATTRIBUTES_END] = before.tags[from + T_ATTRIBUTES_END]! + attributeShift;
      this.tags[to + T_END_TAG_START] = before.tags[from + T_END_TAG_START]! + delta;
      this.tags[to + T_END_TAG_NAME_END] = before.tags[from + T_END_TAG_NAME_END]! + delta;
    }
    const attributes = before.attributeTotal - firstAttribute;
    this.reserveAttributes((this.attributeTotal + attributes) * ATTRIBUTE_SIZE);
    for (let k = 0; k < attributes; k++) {
      const from = before.attribute(firstAttribute + k);
      const to = this.attribute(this.attributeTotal + k);
      this.attributes[to + A_FLAGS] = before.attributes[from + A_FLAGS]!;
      this.attributes[to + A_NAME] = before.attributes[from + A_NAME]!;
      this.attributes[to + A_START] = before.attributes[from + A_START]! + delta;
      this.attributes[to + A_NAME_END] = before.attributes[from + A_NAME_END]! + delta;
      this.attributes[to + A_VALUE_START] = before.attributes[from + A_VALUE_START]! + delta;
      this.attributes[to + A_VALUE_END] = before.attributes[from + A_VALUE_END]! + delta;
    }
    for (const [a, value] of before.decodedValues ?? []) if (a >= firstAttribute) (this.decodedValues ??= new Map()).set(a + attributeShift, value);
    // The ancestors, open around the change: they end (and their end tags stand) further on, and hold more.
    for (let id = before.nodes[el * NODE_SIZE + N_PARENT]!; id > DOCUMENT; id = this.nodes[id * NODE_SIZE + N_PARENT]!) {
      const at = id * NODE_SIZE;
      this.nodes[at + N_END]! += delta;
      this.nodes[at + N_AFTER]! += nodeShift;
      if ((this.nodes[at + N_FLAGS]! & HAS_END_TAG) !== 0) {
        const t = this.tag(id);
        this.tags[t + T_END_TAG_START]! += delta;
        this.tags[t + T_END_TAG_NAME_END]! += delta;
      }
    }
    this.nodeCount += count;
    this.tagCount += tags;
    this.attributeTotal += attributes;
    const after = before.end(el);
    for (const e of before.errors) {
      if (e.start >= after) this.errors.push({ ...e, start: e.start + delta, end: e.end + delta, ...(e.startTagName && { startTagName: moved(e.startTagName, el, before, delta) }) });
    }
    this.finish();
  }
}


/** The entries of `map` whose key is below `limit`. */
function below<V>(map: Map<number, V> | undefined, limit: number): Map<number, V> | undefined {
  if (!map) return undefined;
  const kept = new Map<number, V>();
  for (const [key, value] of map) if (key < limit) kept.set(key, value);
  return kept.size > 0 ? kept : undefined;
}

/** A range in a moved error: moved too when it is after `el`. */
function moved(range: { start: number; end: number }, el: NodeId, before: XmlTree, delta: number): { start: number; end: number } {
  return range.start >= before.end(el) ? { start: range.start + delta, end: range.end + delta } : range;
}

/**
 * `size` integers, for a large room as they were left in memory, not zeroed: a tree's records are written
 * whole as they are added (`addNode`, `setName`, `addAttribute`), and the room of a 1 MB document (3.3 MB)
 * was zeroed at every parse, 3 % of a validation. A small room is zeroed: memory handed out unzeroed costs a
 * few microseconds more to get, more than zeroing a few kilobytes (289 strings of a TypeScript file, each
 * parsed alone: 0.83 → 1.5 ms).
 */
function unzeroed(size: number): Int32Array {
  if (size < UNZEROED_FROM) return new Int32Array(size);
  const bytes = Buffer.allocUnsafeSlow(size * 4);
  return new Int32Array(bytes.buffer, bytes.byteOffset, size);
}

/** Rooms of this many integers (256 KB, a text of some 20 000 characters) and more are not zeroed. */
const UNZEROED_FROM = 65_536;

/**
 * A tree's room of this many integers (32 MB, the records of a text of some 14 M characters) or more is three
 * buffers, one per table. glibc's allocator (Linux) maps a block of 32 MB or more fresh from the system at every
 * request, and the system hands it out page by page as each is first written: the one room of a 20 MB document
 * (45 MB) was 8 000 page faults at every parse, each ~3.5 µs on this machine. Smaller blocks come from memory
 * the allocator keeps and hands out again: 3 300 faults for the three.
 */
const SPLIT_FROM = 8_000_000;

/**
 * Copies `[from, to)` of `source` to `target` at `at`: a few integers one by one (a document with many items the
 * quick parser hands over has thousands of short runs, and a view of each to copy from cost more than the
 * copy), more at once.
 */
function copyRecords(source: Int32Array, from: number, to: number, target: Int32Array, at: number): void {
  if (to - from < 64) for (let k = from; k < to; k++) target[at++] = source[k]!;
  else target.set(source.subarray(from, to), at);
}

/** The records `[from, to)` of `table` at the start of an array of their own with room for `length` (at least twice theirs). */
function relocated(table: Int32Array, from: number, to: number, length: number): Int32Array {
  let size = (to - from) * 2;
  while (size < length) size *= 2;
  const bigger = unzeroed(size);
  bigger.set(table.subarray(from, to));
  return bigger;
}
