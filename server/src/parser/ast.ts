/**
 * The tree the tolerant XML parser builds. Every offset is a UTF-16 code unit offset into the parsed text
 * (LSP's unit), `end` exclusive. The parser never gives up: a half-typed document still yields a tree, and
 * every well-formedness problem is reported in `XmlDocument.errors`.
 */

export interface XmlDocument {
  kind: 'document';
  text: string;
  start: number;
  end: number;
  /**
   * Top-level nodes in order: XML declaration / PIs, comments, doctype, the root element, stray text. Text
   * nodes include the white space between them (`whitespace: true`), as in elements.
   */
  children: XmlNode[];
  /**
   * The first top-level element, if any. An element with an empty name (a bare `<` being typed) is the root
   * only when there is no named top-level element.
   */
  root: XmlElement | undefined;
  errors: ParseError[];
}

export type XmlNode = XmlElement | XmlText | XmlComment | XmlCData | XmlProcessingInstruction | XmlDoctype;
export type XmlParent = XmlElement | XmlDocument;

export interface XmlElement {
  kind: 'element';
  /**
   * The name as written; `''` when missing (`<` followed by a space, `>` or the end of the text). Such a
   * nameless element covers just the `<` (or `<>`), has no attributes and is never opened: what follows it
   * stays in its parent. A name with characters no XML name may have (`<Say!>`) is kept whole.
   */
  name: string;
  /** Offset of `<`. */
  start: number;
  /**
   * Offset after the end tag's `>` or the `/>`; for an unclosed element, the end of its last content: where
   * the ancestor's end tag that closes it starts (`</` offset), or the end of the text.
   */
  end: number;
  nameStart: number;
  nameEnd: number;
  /** Offset after the start tag's `>` (or `/>`); where the start tag stops if it has no `>`. */
  startTagEnd: number;
  /** False while the start tag has no `>` yet (being typed). */
  startTagClosed: boolean;
  selfClosing: boolean;
  attributes: XmlAttribute[];
  children: XmlNode[];
  /** The matching end tag; absent for `<X/>` and for an element never closed. */
  endTag: XmlEndTag | undefined;
  parent: XmlParent;
  /** True when the name contains a template placeholder (see `PLACEHOLDER`). */
  dynamicName: boolean;
  /** True when a placeholder stands where attributes go (`<Say ${attrs}>`): the attribute set is unknown. */
  dynamicAttributes: boolean;
}

export interface XmlEndTag {
  name: string;
  /** Offset of `</`. */
  start: number;
  /** Offset after `>` (or where the end tag stops if it has no `>`). */
  end: number;
  nameStart: number;
  nameEnd: number;
  /** True when the end tag has its `>` (also after junk: `</Say x>`, which is reported). */
  closed: boolean;
}

export interface XmlAttribute {
  name: string;
  /** Start of the name. */
  start: number;
  /** After the closing quote (or the last character of the attribute). */
  end: number;
  nameStart: number;
  nameEnd: number;
  /**
   * Absent when the attribute has no `=value` at all (`<Play loop>`). For `loop=` with nothing after the `=`
   * (being typed), an empty value sits right after the `=`: `quote: ''`, `closed: false`, zero length.
   */
  value: XmlAttributeValue | undefined;
}

export interface XmlAttributeValue {
  /** Decoded value: entity and character references resolved (unknown ones left as written). */
  value: string;
  /** Offset of the opening quote (or of the first character when unquoted). */
  start: number;
  /** Offset after the closing quote (or after the last character). */
  end: number;
  /** Offsets of the value inside the quotes. */
  valueStart: number;
  valueEnd: number;
  quote: '"' | "'" | '';
  /**
   * False when the closing quote is missing. The value then ends where the quote was most likely forgotten:
   * before the first `>` (or `/>`) in it, else before the next tag, trailing white space left out.
   */
  closed: boolean;
  /** True when the value contains a template placeholder: its exact value is unknown. */
  dynamic: boolean;
}

export interface XmlText {
  kind: 'text';
  start: number;
  end: number;
  /** Decoded text: entity and character references resolved (unknown ones left as written). */
  value: string;
  /** True when the decoded text is only XML whitespace (space, tab, CR, LF). */
  whitespace: boolean;
  /** True when the text contains a template placeholder (unknown content). */
  dynamic: boolean;
  parent: XmlParent;
}

export interface XmlComment {
  kind: 'comment';
  start: number;
  end: number;
  closed: boolean;
  parent: XmlParent;
}

export interface XmlCData {
  kind: 'cdata';
  start: number;
  end: number;
  /** The text between `<![CDATA[` and `]]>`. */
  value: string;
  closed: boolean;
  parent: XmlParent;
}

export interface XmlProcessingInstruction {
  kind: 'pi';
  /** `xml` for the XML declaration. */
  target: string;
  start: number;
  end: number;
  targetStart: number;
  targetEnd: number;
  closed: boolean;
  parent: XmlParent;
}

/** `<!DOCTYPE …>`: kept as a node, never resolved (no DTD, no external entity is ever read). */
export interface XmlDoctype {
  kind: 'doctype';
  start: number;
  end: number;
  closed: boolean;
  parent: XmlParent;
}

export interface ParseError {
  code: ParseErrorCode;
  start: number;
  end: number;
  /** Values for the message (tag names, the entity, …), see `parser/messages.ts`. */
  args?: string[];
  /** `misnamed-end-tag`: the name in the start tag the end tag closes. */
  startTagName?: { start: number; end: number };
}

/**
 * In embedded documents (JS/TS templates) each `${…}` is replaced by this character repeated to the same
 * length, so offsets map 1:1 back. Only honoured when `ParseOptions.placeholders` is set.
 */
export const PLACEHOLDER = '\uE000';

export interface ParseOptions {
  /** Treat runs of `PLACEHOLDER` as unknown content (template substitutions). */
  placeholders?: boolean;
  /**
   * The program trims the text before it is sent (`.trim()`): white space before the first markup is not part
   * of the document, so an XML declaration right after it comes first.
   */
  trimmed?: boolean;
  /** Where the tree's records are made, with those of other trees parsed together (`RecordArena` in `tree.ts`). */
  records?: RecordSource;
}

/** Room for the records of trees parsed together, handed out in parts (`RecordArena` in `tree.ts` is one). */
export interface RecordSource {
  /** Room for `size` integers (not zeroed), never handed out before; undefined when no room is left. */
  take(size: number): Int32Array | undefined;
  /** The code units of `text`, in room never handed out before; undefined when no room is left. */
  unitsOf(text: string): Uint16Array | undefined;
}

export type ParseErrorCode =
  | 'empty-document' // no element at all
  | 'xml-decl-not-at-start' // `<?xml` after anything, even whitespace
  | 'invalid-xml-decl' // `<?xml?>`, `<?xml version="2.0"?>`, pseudo-attributes out of order (added by the parser)
  | 'invalid-pi-target' // `<? x ?>`, `<?x!y ?>`: a PI needs a name right after `<?` (added by the parser)
  | 'reserved-pi-target' // `<?XmL …?>` elsewhere than at the start
  | 'unterminated-pi'
  | 'unterminated-comment'
  | 'double-hyphen-in-comment'
  | 'unterminated-cdata'
  | 'cdata-outside-root'
  | 'unterminated-doctype'
  | 'invalid-doctype' // `<!DOCTYPE>`, `<!DOCTYPE a SYSTEM>`, junk or a malformed declaration in `[…]` (checked, never acted upon; added by the parser)
  | 'doctype-after-root' // also a second DOCTYPE, or one inside an element
  | 'unterminated-start-tag' // `<Say` with no `>` before the next `<` or the end (not also reported unclosed)
  | 'missing-tag-name' // `<` followed by white space, `>` or the end (a tag being typed); `</` without a name
  | 'invalid-tag-name'
  | 'unclosed-element' // start tag without end tag (reported on the start tag's name)
  | 'mismatched-end-tag' // `</Gather>` closing `<Say>` (on the end tag's name; the elements it skips are reported unclosed)
  | 'misnamed-end-tag' // `<Sya>…</Say>`: no open element is named so, the innermost one nearly (it is closed)
  | 'unexpected-end-tag' // end tag with no open element of that name
  | 'unterminated-end-tag'
  | 'duplicate-attribute'
  | 'missing-attribute-value' // `<Play loop>`
  | 'unquoted-attribute-value' // `loop=2`
  | 'unterminated-attribute-value' // missing closing quote
  | 'missing-whitespace-between-attributes' // `a="1"b="2"`
  | 'invalid-attribute-name'
  | 'lt-in-attribute-value' // `<` inside a value
  | 'stray-lt' // `<` in text that does not start markup (`a <= b`, `<3`, `<!foo`): kept as text
  | 'bare-ampersand' // `&` that does not start a reference (also `R&D`, `?a=1&b=2`: a name, no `;`, not one of the five)
  | 'unterminated-reference' // `&amp` without `;` (one of the five predefined names, or `&#…`)
  | 'unknown-entity' // `&nbsp;` (only the five predefined entities exist without a DTD)
  | 'invalid-char-ref' // `&#0;`, `&#xD800;`, `&#xZZ;`
  | 'cdata-end-in-text' // `]]>` in text
  | 'invalid-character' // NUL or another character XML 1.0 does not allow
  | 'text-outside-root' // non-whitespace text before or after the root element
  | 'multiple-roots'; // a second top-level element
