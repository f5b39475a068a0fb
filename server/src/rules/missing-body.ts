import { describeType } from '../model/values';
import { DYNAMIC_ATTRIBUTES, ELEMENT, NONE, START_TAG_CLOSED, type NodeId, type XmlTree } from '../parser/tree';
import type { Rule } from './rule';
import { hasBody } from './support';

/** Say needs text, Redirect a URL, Number a phone number, Play a URL unless `digits` is set. */
export const missingBody: Rule = {
  name: 'missing-body',
  severity: 'error',
  description: {
    ko: '본문이 필요한 요소의 본문이 비어 있음 (<Say>의 텍스트, <Redirect>의 URL, <Number>의 번호, <Play>의 URL 또는 digits).',
    en: 'An element that needs a body has none (<Say> text, <Redirect> URL, <Number> phone number, <Play> URL or digits).',
  },
  appliesTo: (spec) => spec?.body.use === 'required',
  findsNothingWith: (spec) => (spec.body.alternativeAttribute ? [spec.body.alternativeAttribute] : undefined),
  findsNothingWithText: true,
  element(element, ctx, spec) {
    const tree = ctx.tree;
    if (!tree.is(element, START_TAG_CLOSED)) return;
    const alternative = spec!.body.alternativeAttribute;
    if (alternative && (tree.is(element, DYNAMIC_ATTRIBUTES) || tree.findAttribute(element, alternative) !== NONE)) return;
    if (hasBody(tree, element)) return;
    if (hasChildElement(tree, element)) return; // nested markup has its own diagnostics
    ctx.report({
      start: tree.nameStart(element),
      end: tree.nameEnd(element),
      message: alternative
        ? {
            ko: '<{0}>에 본문({1})이나 {2} 속성이 필요합니다.',
            en: '<{0}> needs a body ({1}) or the {2} attribute.',
          }
        : { ko: '<{0}>에 본문({1})이 필요합니다.', en: '<{0}> needs a body ({1}).' },
      args: [tree.name(element), describeType(spec!.body.type ?? { kind: 'text' }), alternative ?? ''],
    });
  },
};

/** True when `element` has an element among its children. */
function hasChildElement(tree: XmlTree, element: NodeId): boolean {
  for (let node = tree.firstChild(element); node !== NONE; node = tree.nextSibling(node)) {
    if (tree.kind(node) === ELEMENT) return true;
  }
  return false;
}
