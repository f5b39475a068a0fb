import { childrenAllowedIn, isAllowedChild } from '../model';
import type { ElementSpec } from '../model/types';
import { DOCUMENT, type NodeId, type XmlTree } from '../parser/tree';
import type { Fix, Rule } from './rule';
import { indentationAt, isLeftOpen, removalRange, tagList } from './support';

/** The reference's nesting table (중첩 규칙): each element allows only its listed children. */
export const invalidChild: Rule = {
  name: 'invalid-child',
  severity: 'error',
  description: {
    ko: '중첩 규칙 위반: 이 위치에 올 수 없는 자식 요소 (예: <Gather> 안의 <Record>).',
    en: 'Nesting rule broken: a child element that is not allowed here (e.g. <Record> inside <Gather>).',
  },
  // Unknown and TwiML elements have rules of their own; a dynamic name has no spec either. Each element asks
  // its container, rather than each container walking its children (text and comments included).
  appliesTo: (spec) => spec !== undefined,
  elementsWith: 'misplaced',
  element(child, ctx, spec) {
    const parent = ctx.containerSpecOf(child);
    if (!parent) return; // the document's top level (root-element) or content that is not VoiceML
    const tree = ctx.tree;
    const name = spec!.name;
    if (childrenAllowedIn(parent.name).has(name)) return;
    // In an element left open, where it ends is the parser's guess (<Say>hi then <Hangup/>): not a nesting.
    const owner = tree.parent(child);
    if (isLeftOpen(tree, owner)) return;
    const allowed = parent.children.map((c) => c.name);
    ctx.report({
      start: tree.nameStart(child),
      end: tree.nameEnd(child),
      message:
        allowed.length === 0
          ? {
              ko: '<{1}>은(는) 자식 요소를 가질 수 없습니다. <{0}>을(를) <{1}> 밖으로 옮기세요.',
              en: '<{1}> cannot have child elements. Move <{0}> out of <{1}>.',
            }
          : {
              ko: '<{0}>은(는) <{1}> 안에 둘 수 없습니다. <{1}>에 허용되는 자식: {2}',
              en: '<{0}> is not allowed inside <{1}>. <{1}> allows: {2}',
            },
      args: [name, parent.name, tagList(allowed)],
      fixes: fixesFor(tree, child, owner === DOCUMENT ? undefined : ctx.containerSpecOf(owner)),
    });
  },
};

/**
 * Moving `child` out of the element holding it, or removing it: made when they are asked for. `grand`: the
 * model element the holder's content is in (see `RuleContext.containerSpecOf`).
 */
function fixesFor(tree: XmlTree, child: NodeId, grand: ElementSpec | undefined): () => Fix[] {
  return () => {
    const fixes: Fix[] = [];
    const text = tree.text;
    const owner = tree.parent(child);
    const name = tree.name(child);
    const removal = removalRange(text, tree.start(child), tree.end(child));
    // Move it out, just after its parent, when the grandparent accepts it there (<Record> out of <Gather>).
    if (grand && owner !== DOCUMENT && isAllowedChild(grand.name, name) && tree.hasEndTag(owner)) {
      const indent = indentationAt(text, tree.start(owner));
      const moved = text.slice(tree.start(child), tree.end(child));
      const ownerEnd = tree.end(owner);
      fixes.push({
        title: { ko: '<{0}>을(를) </{1}> 뒤로 옮기기', en: 'Move <{0}> after </{1}>' },
        args: [name, tree.name(owner)],
        edits: [
          { start: removal.start, end: removal.end, newText: '' },
          // The element is copied as its source is written: a `${…}` in it moves with it.
          { start: ownerEnd, end: ownerEnd, newText: `\n${indent}${moved}`, parts: [`\n${indent}`, { start: tree.start(child), end: tree.end(child) }] },
        ],
        preferred: true,
      });
    }
    fixes.push({
      title: { ko: '<{0}> 삭제', en: 'Remove <{0}>' },
      args: [name],
      edits: [{ start: removal.start, end: removal.end, newText: '' }],
    });
    return fixes;
  };
}
