import { getTwimlAttribute, getTwimlValue } from '../model';
import { closest } from '../model/suggest';
import type { ElementSpec } from '../model/types';
import type { AttributeId, XmlTree } from '../parser/tree';
import type { Fix, Rule } from './rule';
import { CHANGE_TO, isXmlAttribute, removeAttributeFix } from './support';

/** An attribute the element does not have; names are case-sensitive (`numdigits` → `numDigits`). */
export const unknownAttribute: Rule = {
  name: 'unknown-attribute',
  severity: 'error',
  description: {
    ko: '요소에 없는 속성 (대소문자 구분, 예: numdigits → numDigits). 가장 가까운 이름을 제안합니다.',
    en: 'An attribute the element does not have (case-sensitive, e.g. numdigits → numDigits), with the nearest name suggested.',
  },
  elementsWith: 'attribute-outside-model',
  element(element, ctx, spec) {
    if (!spec || !ctx.hasAttributeOutsideModel(element)) return;
    const tree = ctx.tree;
    const first = tree.firstAttribute(element);
    const end = tree.attributesEnd(element);
    let present: Set<string> | undefined; // built once, and only for an element that has an unknown attribute
    for (let attribute = first; attribute < end; attribute++) {
      if (ctx.attributeSpecOf(attribute)) continue;
      const name = tree.attributeName(attribute);
      if (name === '' || isXmlAttribute(name)) continue;
      const elementName = tree.name(element);
      if (getTwimlAttribute(elementName, name) || (tree.hasValue(attribute) && getTwimlValue(elementName, name, tree.attributeValue(attribute)!))) {
        continue;
      }
      if (ctx.leftOut(tree.attributeNameStart(attribute), tree.attributeNameEnd(attribute))) continue;
      if (!present) {
        present = new Set();
        for (let a = first; a < end; a++) present.add(tree.attributeName(a));
      }
      const names = attributeNames(spec);
      const suggestion = closest(name, names.list.filter((n) => !present!.has(n)));
      const caseOnly = suggestion !== undefined && suggestion.toLowerCase() === name.toLowerCase();
      ctx.report({
        start: tree.attributeNameStart(attribute),
        end: tree.attributeNameEnd(attribute),
        message: spec.attributes.length === 0 ? NO_ATTRIBUTES : caseOnly ? CASE_ONLY : suggestion ? DID_YOU_MEAN : ITS_ATTRIBUTES,
        args: [name, elementName, suggestion ?? '', names.joined],
        fixes: fixesFor(tree, attribute, suggestion),
      });
    }
  },
};

const NO_ATTRIBUTES = { ko: '<{1}>에는 속성이 없습니다. {0}을(를) 지우세요.', en: '<{1}> has no attributes. Remove {0}.' };
const CASE_ONLY = {
  ko: '<{1}>에 {0} 속성은 없습니다. 속성 이름은 대소문자를 구분합니다: {2}',
  en: '<{1}> has no attribute {0}. Attribute names are case-sensitive: {2}',
};
const DID_YOU_MEAN = { ko: '<{1}>에 {0} 속성은 없습니다. {2}을(를) 쓰려고 했나요?', en: '<{1}> has no attribute {0}. Did you mean {2}?' };
const ITS_ATTRIBUTES = { ko: '<{1}>에 {0} 속성은 없습니다. 쓸 수 있는 속성: {3}', en: '<{1}> has no attribute {0}. Its attributes: {3}' };

/** A model element's attribute names, and the list of them as a message says it: made once per element. */
function attributeNames(spec: ElementSpec): { list: readonly string[]; joined: string } {
  let names = attributeNamesOf.get(spec);
  if (names === undefined) {
    const list = spec.attributes.map((a) => a.name);
    attributeNamesOf.set(spec, (names = { list, joined: list.join(', ') }));
  }
  return names;
}

const attributeNamesOf = new WeakMap<ElementSpec, { list: readonly string[]; joined: string }>();

/** Renaming the attribute to `suggestion`, or removing it: made when they are asked for. */
function fixesFor(tree: XmlTree, attribute: AttributeId, suggestion: string | undefined): () => Fix[] {
  return () => {
    const fixes: Fix[] = [];
    if (suggestion) {
      fixes.push({
        title: CHANGE_TO,
        args: [suggestion],
        edits: [{ start: tree.attributeNameStart(attribute), end: tree.attributeNameEnd(attribute), newText: suggestion }],
        preferred: true,
      });
    }
    fixes.push(removeAttributeFix(tree, attribute));
    return fixes;
  };
}
