import { parseTree } from '../parser';
import { createRegion, type VoiceMLRegion } from './region';
import { isVoiceMLXml } from './detect';
import { findEmbeddedRegions } from '../embedded/regions';
import { isScriptLanguage } from '../embedded/templates';

/** Language ids whose documents are whole XML files. */
export const XML_LANGUAGES: ReadonlySet<string> = new Set(['voiceml', 'xml']);

/**
 * The VoiceML regions of a text document: for `voiceml` documents the whole text; for `xml` documents the
 * whole text when it is VoiceML (see `isVoiceMLXml`), else none; for JavaScript/TypeScript (and their JSX
 * variants) one region per template literal holding VoiceML, in order of their start (a template nested in
 * another's `${…}` comes after it). `previous`: what this returned for the same document before, so
 * unchanged templates are not parsed again.
 */
export function findRegions(text: string, languageId: string, previous?: readonly VoiceMLRegion[]): VoiceMLRegion[] {
  if (isScriptLanguage(languageId)) return findEmbeddedRegions(text, languageId, previous);
  if (!XML_LANGUAGES.has(languageId)) return [];
  const tree = parseTree(text);
  if (languageId !== 'voiceml' && !isVoiceMLXml(tree)) return [];
  return [createRegion({ offset: 0, tree, kind: 'document', fragmentParent: undefined })];
}

/**
 * The region at `offset` (a document offset) and the offset inside it. In a JS/TS file that is the innermost
 * template literal whose text holds the offset outside its `${…}` — inside one it is code, and belongs to
 * the template nested there if any, else to no region at all (TypeScript's features answer there, not ours).
 * Both ends of a region count as inside it (a cursor right before the closing backtick is typing VoiceML).
 */
export function regionAt(regions: readonly VoiceMLRegion[], offset: number): { region: VoiceMLRegion; offset: number } | undefined {
  let found: { region: VoiceMLRegion; offset: number } | undefined;
  // Regions are ordered by start and nested ones come after their container: the last match is innermost.
  for (const region of regions) {
    if (region.offset > offset) break;
    const local = offset - region.offset;
    if (local > region.tree.text.length) continue;
    if (region.substitutions?.some((s) => local > s.start && local < s.end)) continue;
    found = { region, offset: local };
  }
  return found;
}
