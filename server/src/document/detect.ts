import { getElement, model } from '../model';
import { isNearMiss } from '../parser/names';
import { ELEMENT, NONE, type XmlTree } from '../parser/tree';

/**
 * Is this XML document VoiceML? Yes when its root is `<Response>`, or a near miss of it (`Reponse`,
 * `response`) holding VoiceML verbs — a misspelt root is the first mistake to catch. Every other XML file
 * (pom.xml, Android layouts, XSDs) is left alone entirely.
 */
export function isVoiceMLXml(tree: XmlTree): boolean {
  const root = tree.root;
  if (root === NONE) return false;
  const name = tree.name(root);
  if (name === model.root) return true;
  // A fragment's root (`<Gather>`, `<Redirect>`) is no misspelt <Response>.
  if (getElement(name) !== undefined || !isNearMiss(name, model.root)) return false;
  for (let child = tree.firstChild(root); child !== NONE; child = tree.nextSibling(child)) {
    if (tree.kind(child) === ELEMENT && getElement(tree.name(child))?.role === 'verb') return true;
  }
  return false;
}
