import { getElement, isAllowedChild, plainText } from '../model';
import { ELEMENT, NONE } from '../parser/tree';
import type { Rule } from './rule';
import { indentationAt, removalRange } from './support';

/**
 * `<Reject>` after another verb: the call has already been answered (and billed), so it just hangs up.
 * Only as the first verb does it decline the call before answering (SIP 486/603, no charge).
 */
export const rejectNotFirst: Rule = {
  name: 'reject-not-first',
  severity: 'warning',
  description: {
    ko: '<Reject>가 첫 동사가 아님: 이미 통화를 받은 뒤라 과금되고 <Hangup>처럼 끊기만 합니다.',
    en: '<Reject> is not the first verb: the call is already answered and billed, and it just hangs up like <Hangup>.',
  },
  // Only content that may hold an element which must come first.
  appliesTo: (spec) => spec?.children.some((c) => getElement(c.name)?.firstVerb !== undefined) === true,
  content(content, ctx) {
    // Built by code in branches or loops: which verb comes first is not known.
    if (ctx.region.partial) return;
    const tree = ctx.tree;
    const { first, substitutionBeforeFirst, lateFirstVerb } = ctx.verbsOf(content.owner);
    if (first === NONE || substitutionBeforeFirst) return;
    for (let element = lateFirstVerb; element !== NONE; element = tree.nextSibling(element)) {
      if (tree.kind(element) !== ELEMENT) continue;
      const spec = ctx.specOf(element);
      if (!spec?.firstVerb) continue;
      const name = tree.name(element);
      if (!isAllowedChild(content.spec!.name, name)) continue; // misplaced: invalid-child says so
      const start = tree.start(element);
      const end = tree.end(element);
      const firstStart = tree.start(first);
      const removal = removalRange(ctx.text, start, end);
      const indent = indentationAt(ctx.text, firstStart);
      const moved = ctx.text.slice(start, end);
      const sameLine = !ctx.text.slice(firstStart, start).includes('\n');
      ctx.report({
        start: tree.nameStart(element),
        end: tree.nameEnd(element),
        message: {
          ko: '<{0}>가 너무 늦게 나옵니다. {1}',
          en: '<{0}> comes too late. {1}',
        },
        args: [name, plainText(spec.firstVerb)],
        fixes: () => [
          {
            title: { ko: '<{0}>를 맨 앞으로 옮기기', en: 'Move <{0}> first' },
            args: [name],
            edits: [
              { start: firstStart, end: firstStart, newText: sameLine ? moved : `${moved}\n${indent}` },
              { start: removal.start, end: removal.end, newText: '' },
            ],
            // Not preferred: moving it first silences the verbs before it, replacing it keeps them — only
            // the author knows which call flow was meant.
          },
          ...(spec.actsAsWhenNotFirst
            ? [
                {
                  title: { ko: '<{0}>(으)로 바꾸기 (통화를 받은 뒤 종료)', en: 'Replace with <{0}> (hang up after answering)' },
                  args: [spec.actsAsWhenNotFirst],
                  edits: [{ start, end, newText: `<${spec.actsAsWhenNotFirst}/>` }],
                },
              ]
            : []),
        ],
      });
    }
  },
};
