import { parseXml } from '../parser';
import type { VoiceMLRegion } from './region';
import { isVoiceMLXml } from './detect';

/** Language ids whose documents are whole XML files. */
export const XML_LANGUAGES: ReadonlySet<string> = new Set(['voiceml', 'xml']);

/**
 * The VoiceML regions of a text document: for `voiceml` documents the whole text; for `xml` documents the
 * whole text when it is VoiceML (see `isVoiceMLXml`), else none.
 */
export function findRegions(text: string, languageId: string): VoiceMLRegion[] {
  if (!XML_LANGUAGES.has(languageId)) return [];
  const xml = parseXml(text);
  if (languageId !== 'voiceml' && !isVoiceMLXml(xml)) return [];
  return [{ offset: 0, xml, kind: 'document', fragmentParent: undefined }];
}
