import { getElement, model } from '../model';
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
function isNearMiss(name: string, target: string): boolean {
  if (name.toLowerCase() === target.toLowerCase()) return true;
  if (Math.abs(name.length - target.length) > 2) return false;
  return editDistance(name.toLowerCase(), target.toLowerCase()) <= 2;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
