import { getElement, model } from '../model';
import { editDistance } from '../model/suggest';
import type { XmlDocument } from '../parser/ast';

/**
 * Is this XML document VoiceML? Yes when its root is `<Response>`, or a near miss of it (`Reponse`,
 * `response`) holding VoiceML verbs — a misspelt root is the first mistake to catch. Every other XML file
 * (pom.xml, Android layouts, XSDs) is left alone entirely.
 */
export function isVoiceMLXml(xml: XmlDocument): boolean {
  const root = xml.root;
  if (!root) return false;
  if (root.name === model.root) return true;
  if (!isNearMiss(root.name, model.root)) return false;
  return root.children.some((c) => c.kind === 'element' && getElement(c.name)?.role === 'verb');
}

/** Same name up to case, or at most two edits away (`Reponse`, `Respones`, `Responce`). */
export function isNearMiss(name: string, target: string): boolean {
  if (name.toLowerCase() === target.toLowerCase()) return true;
  if (Math.abs(name.length - target.length) > 2) return false;
  return editDistance(name.toLowerCase(), target.toLowerCase()) <= 2;
}
