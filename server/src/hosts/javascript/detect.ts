/**
 * Which template literals are VoiceML, and as what (a whole document or a fragment spliced into an element).
 *
 * - Tagged `voiceml` / `twiml`, or marked `/* voiceml *\/`: always VoiceML.
 * - Tagged `xml`, marked `/* xml *\/`, or starting with `<?xml`: VoiceML when the content is (root
 *   `<Response>` or a near miss of it, or VoiceML elements at the top level). Like `.xml` files, other XML
 *   built in templates (RSS, SOAP bodies, sitemaps) is left alone.
 * - Tagged or marked as another language (`html`, `sql`, `/* sql *\/` …): never.
 * - Otherwise: when the static text starts, after white space, with `<Response` or a VoiceML element's start
 *   tag, case-sensitive (`<Say`, `<Gather` …; `<div>`, `<say>` and `SELECT …` never match).
 */
import { elementNames, getElement, model, parentsOf } from '../../model';
import { PLACEHOLDER } from '../../parser/ast';
import { DOCUMENT, DYNAMIC_NAME, ELEMENT, NONE, type XmlTree } from '../../parser/tree';
import { isVoiceMLXml } from '../../document/detect';
import type { TemplateLiteral } from './templates';

/** Tags and comment markers that name VoiceML. */
const VOICEML_NAMES: ReadonlySet<string> = new Set(['voiceml', 'twiml']);
/** Tags and markers for generic XML: VoiceML only when the content is. */
const XML_NAMES: ReadonlySet<string> = new Set(['xml']);
/** Tags and markers of other languages embedded the same way (editor plugins for them use these names). */
const OTHER_LANGUAGES: ReadonlySet<string> = new Set([
  'html', 'svg', 'css', 'sql', 'gql', 'graphql', 'json', 'yaml', 'md', 'markdown', 'js', 'javascript', 'ts',
  'typescript', 'sh', 'bash', 'shell', 'glsl', 'hbs', 'handlebars', 'php', 'python', 'py',
]);

export type Claim = 'voiceml' | 'xml' | 'none' | 'content';

/** `<Say`, `<Gather` …: every element's start tag as it must appear in a template holding VoiceML. */
const START_TAGS: readonly string[] = elementNames.map((name) => '<' + name);

/**
 * Could any template of this file be VoiceML? A plain substring test before any scan: most JS/TS files hold
 * none, and then `typescript` is not even loaded. True when a VoiceML start tag (case-sensitive, as
 * detection is) or one of our tag/marker names (any case) occurs anywhere — in a comment or a type
 * (`Array<Number>`) is fine: this only decides whether to look closer.
 */
export function mayHoldVoiceML(text: string): boolean {
  for (const tag of START_TAGS) if (text.includes(tag)) return true;
  const lower = text.toLowerCase();
  for (const name of [...VOICEML_NAMES, ...XML_NAMES]) if (lower.includes(name)) return true;
  return false;
}

/** What the tag or marker says about the template's language. */
export function claimOf(template: Pick<TemplateLiteral, 'tag' | 'marker'>): Claim {
  for (const name of [template.tag, template.marker]) {
    if (name === undefined) continue;
    const word = name.toLowerCase();
    if (VOICEML_NAMES.has(word)) return 'voiceml';
    if (XML_NAMES.has(word)) return 'xml';
    if (OTHER_LANGUAGES.has(word)) return 'none';
  }
  return 'content';
}

/**
 * First look, before any parse: could this template be VoiceML? `'xml'` when the content decides after the
 * parse (see `acceptParsed`). Cheap: only the first characters of the text are read.
 */
export function firstLook(claim: Claim, virtual: string): 'voiceml' | 'xml' | 'no' {
  if (claim === 'voiceml') return 'voiceml';
  if (claim === 'none') return 'no';
  const start = firstMarkup(virtual);
  if (start < 0) return claim === 'xml' ? 'xml' : 'no';
  if (virtual.startsWith('<?xml', start) && isDelimiter(virtual.charCodeAt(start + 5))) return 'xml';
  if (claim === 'xml') return 'xml';
  const name = nameAt(virtual, start + 1);
  return name === model.root || getElement(name) !== undefined ? 'voiceml' : 'no';
}

/** For `'xml'` templates: is the parsed content VoiceML? */
export function acceptParsed(tree: XmlTree): boolean {
  if (isVoiceMLXml(tree)) return true;
  for (let node = tree.firstChild(DOCUMENT); node !== NONE; node = tree.nextSibling(node)) {
    if (tree.kind(node) === ELEMENT && !tree.is(node, DYNAMIC_NAME) && getElement(tree.name(node))) return true;
  }
  return false;
}

/**
 * A document when the root is `<Response>` (or a misspelling of it, which the root rule reports); otherwise
 * a fragment, spliced into `context` (the element around the `${…}` a nested template sits in) when known,
 * else into the parent of its first element when that is a noun (`<Number>` → Dial), else into Response.
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
