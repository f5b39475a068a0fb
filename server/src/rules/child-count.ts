import type { Rule } from './rule';
import type { XmlElement } from '../parser/ast';
import { hasDynamicContent, removalRange } from './support';

/** How many of a child an element needs: `<Dial>` exactly one `<Number>`, `<Connect>` exactly one `<Stream>`. */
export const childCount: Rule = {
  name: 'child-count',
  severity: 'error',
  description: {
    ko: '필요한 자식 요소의 개수 (예: <Dial>에는 <Number>가 정확히 하나).',
    en: 'How many of a child an element needs (e.g. <Dial> needs exactly one <Number>).',
  },
  content(content, ctx) {
    const { spec, owner } = content;
    // A fragment's top level is only part of its parent's content: counts are checked on whole elements only.
    if (!spec || !owner) return;
    for (const child of spec.children) {
      const min = child.min ?? 0;
      const max = child.max ?? Infinity;
      if (min === 0 && max === Infinity) continue;
      const found: XmlElement[] = [];
      for (const node of content.nodes) if (node.kind === 'element' && node.name === child.name) found.push(node);
      if (found.length >= min && found.length <= max) continue;
      const dynamic = hasDynamicContent(content.nodes) || content.nodes.some((n) => n.kind === 'element' && n.dynamicName);
      const expectation =
        min === max
          ? { ko: `정확히 ${min}개`, en: `exactly ${min}` }
          : max === Infinity
            ? { ko: `${min}개 이상`, en: `at least ${min}` }
            : { ko: `${min}~${max}개`, en: `${min} to ${max}` };
      if (found.length < min && !dynamic) {
        ctx.report({
          start: owner.nameStart,
          end: owner.nameEnd,
          message: {
            ko: `<{0}>에는 <{1}>이(가) ${expectation.ko} 있어야 합니다. 지금은 {2}개입니다.`,
            en: `<{0}> needs ${expectation.en} <{1}>; it has {2}.`,
          },
          args: [owner.name, child.name, String(found.length)],
        });
      }
      for (const extra of found.slice(max)) {
        const removal = removalRange(ctx.text, extra.start, extra.end);
        ctx.report({
          start: extra.nameStart,
          end: extra.nameEnd,
          message: {
            ko: `<{0}>에는 <{1}>이(가) ${expectation.ko}만 올 수 있습니다. 이 <{1}>은(는) 넘치는 것입니다.`,
            en: `<{0}> takes ${expectation.en} <{1}>; this one is one too many.`,
          },
          args: [owner.name, child.name],
          fixes: [
            {
              title: { ko: '넘치는 <{0}> 삭제', en: 'Remove the extra <{0}>' },
              args: [child.name],
              edits: [{ start: removal.start, end: removal.end, newText: '' }],
            },
          ],
        });
      }
    }
  },
};
