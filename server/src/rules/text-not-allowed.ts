import type { ElementSpec } from '../model/types';
import { DYNAMIC, ELEMENT, NONE, TEXT, type NodeId, type XmlTree } from '../parser/tree';
import type { Fix, Rule } from './rule';
import { isLeftOpen, isSignificantText, removalRange, trimRange } from './support';

/** Text where only elements (or nothing) may stand: inside Response, Gather, Dial, Connect, Stream … */
export const textNotAllowed: Rule = {
  name: 'text-not-allowed',
  severity: 'error',
  description: {
    ko: '텍스트를 둘 수 없는 위치의 텍스트 (예: <Dial> 안에 바로 쓴 번호, <Gather> 안의 문장).',
    en: 'Text where none is allowed (e.g. a number written directly in <Dial>, a sentence directly in <Gather>).',
  },
  appliesTo: (spec) => spec?.body.use === 'none',
  text(node, ctx, container) {
    const spec = container!;
    const tree = ctx.tree;
    if (!isSignificantText(tree, node)) return;
    const isText = tree.kind(node) === TEXT;
    if (isText && tree.is(node, DYNAMIC)) return;
    const owner = tree.parent(node);
    // Text after an element left open (<Hangup>, then words) is in it only by the parser's guess.
    if (isLeftOpen(tree, owner)) return;
    const range = isText ? trimRange(ctx.text, tree.start(node), tree.end(node)) : { start: tree.start(node), end: tree.end(node) };
    const wrapIn = spec.body.wrapStrayTextIn;
    ctx.report({
      start: range.start,
      end: range.end,
      message: spec.children.length
        ? {
            ko: '<{0}> 안에는 텍스트를 직접 쓸 수 없습니다. {1} 요소 안에 넣으세요.',
            en: 'Text cannot go directly inside <{0}>. Put it in {1}.',
          }
        : { ko: '<{0}>은(는) 비어 있어야 합니다. 텍스트를 쓸 수 없습니다.', en: '<{0}> must be empty; it takes no text.' },
      args: [spec.name, wrapIn ? `<${wrapIn}>` : spec.children.map((c) => `<${c.name}>`).join(', ')],
      fixes: fixesFor(tree, owner, range, spec),
    });
  },
};

/** Wrapping the text in the element it belongs in, or removing it: made when they are asked for. */
function fixesFor(tree: XmlTree, owner: NodeId, range: { start: number; end: number }, spec: ElementSpec): () => Fix[] {
  return () => {
    const text = tree.text;
    const fixes: Fix[] = [];
    const wrapIn = spec.body.wrapStrayTextIn;
    if (wrapIn) {
      // Only the obvious fix while there is room for one more (<Dial> takes one <Number>): "fix all" must
      // never trade this error for a child-count one.
      const max = spec.children.find((c) => c.name === wrapIn)?.max ?? Infinity;
      let present = 0;
      for (let n = tree.firstChild(owner); n !== NONE; n = tree.nextSibling(n)) {
        if (tree.kind(n) === ELEMENT && tree.name(n) === wrapIn) present++;
      }
      const room = present < max;
      fixes.push({
        title: { ko: '<{0}>(으)로 감싸기', en: 'Wrap in <{0}>' },
        args: [wrapIn],
        edits: [{ start: range.start, end: range.end, newText: `<${wrapIn}>${text.slice(range.start, range.end)}</${wrapIn}>` }],
        preferred: room,
        safe: room,
      });
    }
    const removal = removalRange(text, range.start, range.end);
    fixes.push({
      title: { ko: '텍스트 삭제', en: 'Remove the text' },
      edits: [{ start: removal.start, end: removal.end, newText: '' }],
    });
    return fixes;
  };
}
