/**
 * Which template literals are VoiceML, and as what (a whole document or a fragment spliced into an element).
 *
 * - Tagged `voiceml` / `twiml`, or marked `/* voiceml *\/`: always VoiceML.
 * - Tagged `xml`, marked `/* xml *\/`, or starting with `<?xml`: VoiceML when the content is (root
 *   `<Response>` or a near miss of it, or VoiceML elements at the top level). Like `.xml` files, other XML
 *   built in templates (RSS, SOAP bodies, sitemaps) is left alone.
 * - Tagged or marked as another language (`html`, `sql`, `/* sql *\/` …): never.
 * - Otherwise: when the static text starts, after white space, with `<Response` or a VoiceML element's start
 *   tag, case-sensitive (`<Say`, `<Gather` …; `<div>`, `<say>` and `SELECT …` never match); see
 *   `document/embedding.ts`, shared by every host that holds VoiceML in strings.
 */
import { firstLook as firstLookAt, mentionsVoiceML } from '../../document/embedding';
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

/**
 * Could any template of this file be VoiceML? A plain substring test before any scan: most JS/TS files hold
 * none, and then `typescript` is not even loaded. True when a VoiceML start tag (case-sensitive, as
 * detection is) or one of our tag/marker names (any case) occurs anywhere — in a comment or a type
 * (`Array<Number>`) is fine: this only decides whether to look closer.
 */
export function mayHoldVoiceML(text: string): boolean {
  if (mentionsVoiceML(text)) return true;
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
  const look = firstLookAt(virtual);
  return claim === 'xml' ? 'xml' : look;
}
