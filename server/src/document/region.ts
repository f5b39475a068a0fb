import type { XmlDocument } from '../parser/ast';
import type { XmlTree } from '../parser/tree';
import { toDocument } from '../parser/materialize';

/**
 * One piece of VoiceML inside a text document: the whole `.xml` file, or one JS/TS template literal. Rules
 * and services work in region offsets (offsets into `tree.text`); `offset` maps them 1:1 back into the
 * source document, because embedded regions are same-length virtual documents.
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
   * Template literals only: the `${…}` in the template, in region offsets and in order. In `tree.text` their
   * characters are `PLACEHOLDER`s. No finding starts, ends or lies inside one (the expression is code, not
   * VoiceML); `services/diagnostics.ts` enforces it for every rule.
   */
  substitutions?: readonly Substitution[];
  /** Template literals only: the JS/TS file around the template. */
  host?: EmbeddingHost;
}

/**
 * A region for `fields`, whose `xml` is built from its `tree` when first read — once per tree, so a template
 * that a keystroke left unchanged keeps its objects too.
 */
export function createRegion(fields: Omit<VoiceMLRegion, 'xml'>): VoiceMLRegion {
  return {
    ...fields,
    get xml(): XmlDocument {
      let xml = documents.get(fields.tree);
      if (xml === undefined) documents.set(fields.tree, (xml = toDocument(fields.tree)));
      return xml;
    },
  };
}

const documents = new WeakMap<XmlTree, XmlDocument>();

/** One `${…}` of a template literal. */
export interface Substitution {
  /** Offset of `$` and after `}` (region offsets). */
  start: number;
  end: number;
  /** The expression between `${` and `}` (region offsets) and its text as written. */
  expressionStart: number;
  expressionEnd: number;
  expression: string;
  /**
   * What the value can put into the XML. Computed on first call: following a name to its `const` needs a
   * look at the whole file.
   */
  value(): SubstitutionValue;
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

/** The JS/TS file a template literal sits in, as far as fixes need it. */
export interface EmbeddingHost {
  languageId: string;
  /** Whether the file binds `name` anywhere (import, declaration, parameter). */
  declares(name: string): boolean;
  /** Where and how to insert top-level `code` (a helper function): after the imports, or at the top. */
  topLevelInsertion(code: string): { offset: number; newText: string };
}
