import type { XmlDocument } from '../parser/ast';

/**
 * One piece of VoiceML inside a text document: the whole `.xml` file, or one JS/TS template literal. Rules
 * and services work in region offsets (offsets into `xml.text`); `offset` maps them 1:1 back into the
 * source document, because embedded regions are same-length virtual documents.
 */
export interface VoiceMLRegion {
  /** Offset of `xml.text` in the source document (0 for a whole XML file). */
  offset: number;
  xml: XmlDocument;
  /**
   * `document`: a complete VoiceML document (root `<Response>`);
   * `fragment`: content spliced into an element at run time (a template without `<Response>`).
   */
  kind: 'document' | 'fragment';
  /** For fragments: the VoiceML element whose children the fragment's top level is (Response, Dial …). */
  fragmentParent: string | undefined;
}
