import type { Rule } from './rule';
import { DYNAMIC_NAME, ELEMENT, NONE, type NodeId, type XmlTree } from '../parser/tree';
import { hasDynamicContent, removalRange } from './support';

/**
 * How many of a child an element needs: `<Dial>` exactly one `<Number>`, `<Connect>` exactly one `<Stream>`.
 *
 * Checked per element rather than per content: the runner skips the content of childless elements, and
 * `<Dial></Dial>` or `<Connect/>` is exactly what must be reported. A fragment's top level is only part of its
 * parent's content, so counts are checked on whole elements only (which the element hook gives for free).
 */
export const childCount: Rule = {
  name: 'child-count',
  severity: 'error',
  description: {
    ko: '필요한 자식 요소의 개수 (예: <Dial>에는 <Number>가 정확히 하나).',
    en: 'How many of a child an element needs (e.g. <Dial> needs exactly one <Number>).',
  },
  appliesTo: (spec) => spec?.children.some((c) => (c.min ?? 0) > 0 || (c.max ?? Infinity) < Infinity) === true,
  element(owner, ctx, spec) {
    // Built by code in branches or loops: how many children there are is not known.
    if (ctx.region.partial) return;
    const tree = ctx.tree;
    const children = spec!.children;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      const min = child.min ?? 0;
      const max = child.max ?? Infinity;
      if (min === 0 && max === Infinity) continue;
      const found = countChildren(tree, owner, child.name);
      if (found >= min && found <= max) continue;
      const dynamic = hasDynamicContent(tree, owner) || hasDynamicElement(tree, owner);
      const expectation =
        min === max
          ? { ko: `정확히 ${min}개`, en: `exactly ${min}` }
          : max === Infinity
            ? { ko: `${min}개 이상`, en: `at least ${min}` }
            : { ko: `${min}~${max}개`, en: `${min} to ${max}` };
      if (found < min && !dynamic) {
        ctx.report({
          start: tree.nameStart(owner),
          end: tree.nameEnd(owner),
          message: {
            ko: `<{0}>에는 <{1}>이(가) ${expectation.ko} 있어야 합니다. 지금은 {2}개입니다.`,
            en: `<{0}> needs ${expectation.en} <{1}>; it has {2}.`,
          },
          args: [tree.name(owner), child.name, String(found)],
          // What the content holds instead (text, `<Sip>`, a misspelt `<Numbr>`) is the mistake to read.
          yieldsTo: { errorsIn: { start: tree.startTagEnd(owner), end: tree.hasEndTag(owner) ? tree.endTagStart(owner) : tree.end(owner) } },
        });
      }
      if (found <= max) continue;
      // Every such child after the first `max` is one too many.
      let seen = 0;
      for (let extra = tree.firstChild(owner); extra !== NONE; extra = tree.nextSibling(extra)) {
        if (tree.kind(extra) !== ELEMENT || tree.name(extra) !== child.name || ++seen <= max) continue;
        const removal = removalRange(ctx.text, tree.start(extra), tree.end(extra));
        ctx.report({
          start: tree.nameStart(extra),
          end: tree.nameEnd(extra),
          message: {
            ko: `<{0}>에는 <{1}>이(가) ${expectation.ko}만 올 수 있습니다. 이 <{1}>은(는) 넘치는 것입니다.`,
            en: `<{0}> takes ${expectation.en} <{1}>; this one is one too many.`,
          },
          args: [tree.name(owner), child.name],
          fixes: () => [
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

/** How many child elements of `owner` are named exactly `name`. */
function countChildren(tree: XmlTree, owner: NodeId, name: string): number {
  let count = 0;
  for (let node = tree.firstChild(owner); node !== NONE; node = tree.nextSibling(node)) {
    if (tree.kind(node) === ELEMENT && tree.name(node) === name) count++;
  }
  return count;
}

/** True when a child element of `owner` has a template placeholder in its name (it may be any element). */
function hasDynamicElement(tree: XmlTree, owner: NodeId): boolean {
  for (let node = tree.firstChild(owner); node !== NONE; node = tree.nextSibling(node)) {
    if (tree.kind(node) === ELEMENT && tree.is(node, DYNAMIC_NAME)) return true;
  }
  return false;
}
