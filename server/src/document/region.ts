import type { Localized } from '../l10n';
import type { XmlDocument } from '../parser/ast';
import type { XmlTree } from '../parser/tree';
import { toDocument } from '../parser/materialize';

/**
 * One piece of VoiceML inside a text document: the whole `.xml` file, or one string of a host language (a
 * JS/TS template literal …). Rules and services work in region offsets (offsets into `tree.text`); `offset`
 * maps them 1:1 back into the source document, because embedded regions are same-length virtual documents.
 * Each region is made by its host (`hosts/`), which alone knows the syntax around it (`host`).
 */
export interface VoiceMLRegion {
  /** Offset of `tree.text` in the source document (0 for a whole XML file). */
  offset: number;
  /** The parse tree, which the rules walk. */
  tree: XmlTree;
  /** The same tree as objects, which the editor features read; built from `tree` on first use. */
  readonly xml: XmlDocument;
  /**
   * `document`: a complete VoiceML document (root `<Response>`);
   * `fragment`: content spliced into an element at run time (a template without `<Response>`).
   */
  kind: 'document' | 'fragment';
  /** For fragments: the VoiceML element whose children the fragment's top level is (Response, Dial …). */
  fragmentParent: string | undefined;
  /**
   * The substitutions in the region (a template's `${…}`), in region offsets and in order; undefined when the
   * host has none. In `tree.text` their characters are `PLACEHOLDER`s. No finding starts, ends or lies inside
   * one (the expression is code, not VoiceML); `rules/confine.ts` enforces it for every rule.
   */
  substitutions?: readonly Substitution[];
  /**
   * Host syntax inside the region that the program does not put into the string, in region offsets and in
   * order: between adjacent literals joined into one (`"<Say>" "…"`), their quotes, white space and comments.
   * The virtual text has white space there. A position inside one belongs to no region, and no fix may
   * start or end inside one (`rules/confine.ts`).
   */
  seams?: readonly { start: number; end: number }[];
  /**
   * The escape sequences of the host string that stand for one character (`\"`, `\n`, `\x3C`), in region
   * offsets and in order; undefined when there are none. A finding or an edit that would start or end inside
   * one is moved to its edge (`rules/confine.ts`): the literal never gets half an escape.
   */
  escapes?: readonly EscapeSpan[];
  /** The host language around the region, as far as rules and services need it. */
  host: RegionHost;
  /**
   * For VoiceML a host builds from code rather than finds in a string (helper-library builder calls such as
   * `twiml.gather({ numDigits: 1 })`, see `document/built.ts`): where each part of the region's text stands in
   * the document, and how an edit of it is written as code. Such a region's `offset` is 0, its findings are
   * moved to the document by this map, and only diagnostics, their fixes and hover read it.
   */
  mapping?: RegionMapping;
  /**
   * The code builds parts of this response in branches or loops, or hands it to code that adds more: which
   * verbs it holds, how many and in which order is not known. Rules about order and count say nothing then.
   */
  partial?: boolean;
  /**
   * Stands for everything rules read of the region besides its tree — its shape, its substitutions and what
   * they hold, the host code around it. A host hands it on to the region's next version when the document
   * changed elsewhere (a keystroke in another string only moved this one), so that what was found for one
   * version holds for the next: `services/diagnostics.ts` keeps a region's findings per tree and lineage.
   * What is kept is held on the object itself (`Memo`): an object of the host's own, not frozen, whose shape no
   * hot code depends on. Undefined: only what the tree alone decides is kept.
   */
  lineage?: object;
}

/** The document range that region range `[start, end)` stands for: moved by the region's offset, or mapped onto code. */
export function documentRange(region: VoiceMLRegion, start: number, end: number): { start: number; end: number } {
  return region.mapping ? region.mapping.range(start, end) : { start: region.offset + start, end: region.offset + end };
}

/** Where a built region's text stands in the document (see `VoiceMLRegion.mapping`). */
export interface RegionMapping {
  /** The document range of the code that built the region: from its first call to its last. */
  readonly extent: { start: number; end: number };
  /** The document range that region range `[start, end)` stands for. */
  range(start: number, end: number): { start: number; end: number };
  /** The region offset that document offset `offset` stands on (a method name, a key, a value), if any. */
  at(offset: number): number | undefined;
  /** The document edits that an edit of the region's text amounts to; undefined when code cannot say it. */
  edits(edits: readonly Edit[]): Edit[] | undefined;
}

/**
 * A region for `fields`, whose `xml` is built from its `tree` when first read — once per tree, so a template
 * that a keystroke left unchanged keeps its objects too.
 */
export function createRegion(fields: Omit<VoiceMLRegion, 'xml'>): VoiceMLRegion {
  return new Region(fields);
}

/**
 * Every region has the same fields in the same order (one shape for the engine), and `xml` on the prototype:
 * a keystroke in a large JS/TS file makes thousands of regions again, moved.
 */
class Region implements VoiceMLRegion {
  offset: number;
  tree: XmlTree;
  kind: 'document' | 'fragment';
  fragmentParent: string | undefined;
  substitutions: readonly Substitution[] | undefined;
  seams: readonly { start: number; end: number }[] | undefined;
  escapes: readonly EscapeSpan[] | undefined;
  host: RegionHost;
  mapping: RegionMapping | undefined;
  partial: boolean | undefined;
  lineage: object | undefined;

  constructor(fields: Omit<VoiceMLRegion, 'xml'>) {
    this.offset = fields.offset;
    this.tree = fields.tree;
    this.kind = fields.kind;
    this.fragmentParent = fields.fragmentParent;
    this.substitutions = fields.substitutions;
    this.seams = fields.seams;
    this.escapes = fields.escapes;
    this.host = fields.host;
    this.mapping = fields.mapping;
    this.partial = fields.partial;
    this.lineage = fields.lineage;
  }

  get xml(): XmlDocument {
    return (this.tree.objectTree ??= toDocument(this.tree));
  }
}

/** One substitution: code whose value the program puts into the VoiceML (a template's `${…}`). */
export interface Substitution {
  /** Offset of `$` and after `}` (region offsets). */
  start: number;
  end: number;
  /** The substitution as written in the source (`${ name }`), for messages. */
  text: string;
  /** The expression (between `${` and `}`, region offsets) and its text as written. */
  expressionStart: number;
  expressionEnd: number;
  expression: string;
  /**
   * What the value can put into the XML. Computed on first call: following a name to its `const` needs a
   * look at the whole file.
   */
  value(): SubstitutionValue;
  /**
   * The text the substitution certainly puts there, when the code says it plainly: `${BASE}` with `const BASE =
   * 'https://host/ivr'`, a Python f-string's `{BASE}` with a module-level `BASE = "…"`, templates and `+` of
   * such. Undefined when the code does not say (a parameter, configuration, a call): unknown, never guessed.
   * Computed on first call. Absent where the host cannot tell (templating engines' placeholders).
   */
  constant?(): string | undefined;
}

export type SubstitutionValue =
  /** Anything: a parameter, `req.body.Digits`, a function's result — it may carry user input. */
  | { kind: 'unknown' }
  /**
   * A literal, a number, a `const` bound to one, or the result of an escaping function. `specials`: the
   * XML-special characters (`<`, `&`, `"`, `'`) it may contain (`''`: none). `escaped`: the escaping
   * function, as called (`he.escape`).
   */
  | { kind: 'known'; specials: string; escaped?: string };

/**
 * The host language around a region, as rules and services need it: how text is written into the region's
 * literal, how a substitution is shown and made safe. Each host (`hosts/…`) implements it, so rules and
 * services never write host syntax themselves.
 */
export interface RegionHost {
  /** The host's name, as its folder is named (`xml`, `javascript` …). */
  readonly name: string;
  /**
   * `text` as it must be written into the region's literal, replacing `[start, end)` (region offsets), for the
   * program to produce `text` (a template literal escapes `` ` ``, `${` and `\`); itself in a whole XML
   * file. Undefined when the literal cannot hold it there (a line break in a one-line raw string): the fix
   * is then not offered.
   */
  escapeText(text: string, start: number, end: number): string | undefined;
  /** How the outline shows a substitution whose code it does not show: `${…}` in a template literal. */
  readonly substitutionLabel: string;
  /**
   * The source of region range `[start, end)` as written (its substitutions and escapes), to be written again at
   * region offset `at` (a moved element); undefined when it cannot be carried there (across a seam between
   * two literals, into a literal of another kind). `regionOffset`: the region's offset in the document.
   */
  copySource(start: number, end: number, at: number, regionOffset: number): string | undefined;
  /**
   * The fix that makes substitution `s` safe in XML text or an attribute value: the host's escaping call
   * around it, and whatever the file needs for that call (a helper function, an import). Undefined when the
   * host has no way to write one. `regionOffset`: the region's offset in the document (edits outside the
   * region, such as an import at the top, get negative region offsets). `place`: where the value lands — an
   * attribute value also needs its quotes escaped.
   */
  escapeSubstitution(s: Substitution, regionOffset: number, place: 'text' | 'attribute'): SubstitutionEscape | undefined;
  /** The escaping functions the host recognizes as safe, named for messages (`he.escape, lodash _.escape …`). */
  readonly escapeFunctions: Localized | undefined;
}

/** How a host escapes one substitution (see `RegionHost.escapeSubstitution`). */
export interface SubstitutionEscape {
  /** The escaping call as written around the expression: `escapeXml(name)`. */
  call: string;
  /** The substitution as the fix writes it: `${escapeXml(name)}`. */
  text: string;
  /**
   * What the edits add to the file besides the call, when the file lacks it: for the fix's title (`adds the
   * escapeXml function to the file`) and for the message (`escapeXml is a one-line function the quick fix
   * adds to this file.`).
   */
  adds: { title: Localized; note: Localized } | undefined;
  /** Replaces the whole substitution (an edit that cut into one would be taken for one breaking code), then any addition elsewhere. */
  edits: Edit[];
}

/** One escape sequence: `[start, end)`, with the character it stands for at `at` in the virtual text (white space around it). */
export interface EscapeSpan {
  start: number;
  end: number;
  at: number;
}

/** A text replacement in region offsets (negative before the region: an import at the top of the file). */
export interface Edit {
  start: number;
  end: number;
  /** What the string must hold there (the host escapes it for its literal), or, with `parts`, its virtual text. */
  newText: string;
  /**
   * For an edit that writes part of the region again elsewhere (a move): `newText` as pieces — text to write,
   * and ranges of the region copied as their source is written (substitutions, escapes and all), so no code
   * of what moves is lost.
   */
  parts?: readonly (string | { start: number; end: number })[];
}
