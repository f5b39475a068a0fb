import { plainText } from '../model';
import { DYNAMIC_ATTRIBUTES, NONE, START_TAG_CLOSED } from '../parser/tree';
import type { Rule } from './rule';
import { attributeInsertionOffset } from './support';

/** Legal to omit but usually a mistake: `<Gather>` without `action` — the digits go nowhere. */
export const recommendedAttribute: Rule = {
  name: 'recommended-attribute',
  severity: 'information',
  description: {
    ko: '생략해도 되지만 보통은 실수인 속성 (action 없는 <Gather>: 입력한 숫자가 어디로도 가지 않습니다).',
    en: 'An attribute that may be omitted but usually should not be (<Gather> without action: the digits go nowhere).',
  },
  appliesTo: (spec) => spec?.attributes.some((a) => a.recommended) === true,
  findsNothingWith: (spec) => spec.attributes.filter((a) => a.recommended).map((a) => a.name),
  element(element, ctx, spec) {
    const tree = ctx.tree;
    if (tree.is(element, DYNAMIC_ATTRIBUTES) || !tree.is(element, START_TAG_CLOSED)) return;
    const attributes = spec!.attributes;
    for (let i = 0; i < attributes.length; i++) {
      const attribute = attributes[i]!;
      if (!attribute.recommended || tree.findAttribute(element, attribute.name) !== NONE) continue;
      const at = attributeInsertionOffset(tree, element);
      ctx.report({
        start: tree.nameStart(element),
        end: tree.nameEnd(element),
        message: { ko: '<{0}>에 {1} 속성이 없습니다. {2}', en: '<{0}> has no {1} attribute. {2}' },
        args: [tree.name(element), attribute.name, plainText(attribute.recommended)],
        fixes: () => [
          {
            title: { ko: '{0} 속성 추가', en: 'Add the {0} attribute' },
            args: [attribute.name],
            edits: [{ start: at, end: at, newText: ` ${attribute.name}=""` }],
          },
        ],
      });
    }
  },
};
