import { DYNAMIC_ATTRIBUTES, NONE } from '../parser/tree';
import type { Rule } from './rule';
import { attributeInsertionOffset } from './support';

/** A required attribute is missing (`<Stream>` without `url`, `<Parameter>` without `name`/`value`). */
export const missingAttribute: Rule = {
  name: 'missing-attribute',
  severity: 'error',
  description: {
    ko: '필수 속성이 없음 (<Stream>의 url, <Parameter>의 name과 value).',
    en: 'A required attribute is missing (<Stream> url, <Parameter> name and value).',
  },
  appliesTo: (spec) => spec?.attributes.some((a) => a.required) === true,
  element(element, ctx, spec) {
    const tree = ctx.tree;
    if (tree.is(element, DYNAMIC_ATTRIBUTES)) return;
    const attributes = spec!.attributes;
    for (let i = 0; i < attributes.length; i++) {
      const attribute = attributes[i]!;
      if (!attribute.required || tree.findAttribute(element, attribute.name) !== NONE) continue;
      const at = attributeInsertionOffset(tree, element);
      ctx.report({
        start: tree.nameStart(element),
        end: tree.nameEnd(element),
        message: { ko: '<{0}>에 필수 속성 {1}이(가) 없습니다.', en: '<{0}> is missing the required attribute {1}.' },
        args: [tree.name(element), attribute.name],
        fixes: () => [
          {
            title: { ko: '{0} 속성 추가', en: 'Add the {0} attribute' },
            args: [attribute.name],
            edits: [{ start: at, end: at, newText: ` ${attribute.name}="${attribute.type.kind === 'wssUrl' ? 'wss://' : ''}"` }],
            preferred: true,
          },
        ],
      });
    }
  },
};
