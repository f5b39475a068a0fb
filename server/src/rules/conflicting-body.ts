import { NONE } from '../parser/tree';
import type { Rule } from './rule';
import { hasBody, removeAttributeFix } from './support';

/** `<Play digits="…">url</Play>`: with `digits` the platform sends tones and never plays the body. */
export const conflictingBody: Rule = {
  name: 'conflicting-body',
  severity: 'warning',
  description: {
    ko: '본문과 그 본문을 대신하는 속성이 함께 있음 (<Play>의 URL 본문과 digits): 본문은 쓰이지 않습니다.',
    en: 'A body together with the attribute that replaces it (<Play> URL body and digits): the body is not used.',
  },
  appliesTo: (spec) => spec?.body.alternativeAttribute !== undefined,
  findsNothingWithout: (spec) => spec.body.alternativeAttribute,
  // No content, no body to conflict with (`<Play digits="1w2"/>`, the usual one).
  findsNothingWithoutContent: true,
  element(element, ctx, spec) {
    const alternative = spec!.body.alternativeAttribute!;
    const tree = ctx.tree;
    const attribute = tree.findAttribute(element, alternative);
    if (attribute === NONE) return;
    if (!hasBody(tree, element)) return;
    const bodyRemoval = { start: tree.startTagEnd(element), end: tree.hasEndTag(element) ? tree.endTagStart(element) : tree.end(element) };
    ctx.report({
      start: tree.attributeNameStart(attribute),
      end: tree.attributeNameEnd(attribute),
      message: {
        ko: '<{0}>에 본문과 {1} 속성이 함께 있습니다. {1}이(가) 있으면 본문은 쓰이지 않습니다.',
        en: '<{0}> has both a body and the {1} attribute. With {1} set, the body is not used.',
      },
      args: [tree.name(element), alternative],
      fixes: () => [
        {
          title: { ko: '본문 삭제', en: 'Remove the body' },
          edits: [{ start: bodyRemoval.start, end: bodyRemoval.end, newText: '' }],
        },
        removeAttributeFix(tree, attribute),
      ],
    });
  },
};
