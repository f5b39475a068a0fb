import { plainText } from '../model';
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
  element(element, ctx, spec) {
    if (!spec || element.dynamicAttributes || !element.startTagClosed) return;
    for (const attribute of spec.attributes) {
      if (!attribute.recommended || element.attributes.some((a) => a.name === attribute.name)) continue;
      const at = attributeInsertionOffset(element);
      ctx.report({
        start: element.nameStart,
        end: element.nameEnd,
        message: { ko: '<{0}>에 {1} 속성이 없습니다. {2}', en: '<{0}> has no {1} attribute. {2}' },
        args: [element.name, attribute.name, plainText(attribute.recommended)],
        fixes: [
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
