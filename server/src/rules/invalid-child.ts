import { isAllowedChild } from '../model';
import type { ElementSpec } from '../model/types';
import type { XmlElement } from '../parser/ast';
import type { Fix, Rule, RuleContext } from './rule';
import { indentationAt, removalRange, tagList } from './support';

/** The reference's nesting table (중첩 규칙): each element allows only its listed children. */
export const invalidChild: Rule = {
  name: 'invalid-child',
  severity: 'error',
  description: {
    ko: '중첩 규칙 위반: 이 위치에 올 수 없는 자식 요소 (예: <Gather> 안의 <Record>).',
    en: 'Nesting rule broken: a child element that is not allowed here (e.g. <Record> inside <Gather>).',
  },
  content(content, ctx) {
    const parent = content.spec;
    if (!parent) return;
    for (const child of content.nodes) {
      if (child.kind !== 'element' || child.dynamicName) continue;
      const childSpec = ctx.specOf(child);
      if (!childSpec) continue; // unknown and TwiML elements have rules of their own
      if (isAllowedChild(parent.name, child.name)) continue;
      const allowed = parent.children.map((c) => c.name);
      ctx.report({
        start: child.nameStart,
        end: child.nameEnd,
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
        args: [child.name, parent.name, tagList(allowed)],
        fixes: fixesFor(child, content.owner, ctx),
      });
    }
  },
};

function fixesFor(child: XmlElement, owner: XmlElement | undefined, ctx: RuleContext): Fix[] {
  const fixes: Fix[] = [];
  const text = ctx.text;
  const removal = removalRange(text, child.start, child.end);
  // Move it out, just after its parent, when the grandparent accepts it there (<Record> out of <Gather>).
  if (owner) {
    const grand: ElementSpec | undefined = ctx.containerSpecOf(owner);
    if (grand && isAllowedChild(grand.name, child.name) && owner.endTag) {
      const indent = indentationAt(text, owner.start);
      const moved = text.slice(child.start, child.end);
      fixes.push({
        title: { ko: '<{0}>을(를) </{1}> 뒤로 옮기기', en: 'Move <{0}> after </{1}>' },
        args: [child.name, owner.name],
        edits: [
          { start: removal.start, end: removal.end, newText: '' },
          { start: owner.end, end: owner.end, newText: `\n${indent}${moved}` },
        ],
        preferred: true,
      });
    }
  }
  fixes.push({
    title: { ko: '<{0}> 삭제', en: 'Remove <{0}>' },
    args: [child.name],
    edits: [{ start: removal.start, end: removal.end, newText: '' }],
  });
  return fixes;
}
