import { isAllowedChild, plainText } from '../model';
import type { XmlElement } from '../parser/ast';
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
  content(content, ctx) {
    if (!content.spec) return;
    let first: XmlElement | undefined;
    for (const node of content.nodes) {
      // A substitution before the verb may or may not produce verbs: nothing can be said.
      if (node.kind === 'text' && node.dynamic && first === undefined) return;
      if (node.kind === 'element') {
        first ??= node;
      }
    }
    for (const element of content.nodes) {
      if (element.kind !== 'element') continue;
      const spec = ctx.specOf(element);
      if (!spec?.firstVerb || element === first || first === undefined) continue;
      if (!isAllowedChild(content.spec.name, element.name)) continue; // misplaced: invalid-child says so
      const removal = removalRange(ctx.text, element.start, element.end);
      const indent = indentationAt(ctx.text, first.start);
      const moved = ctx.text.slice(element.start, element.end);
      const sameLine = !ctx.text.slice(first.start, element.start).includes('\n');
      ctx.report({
        start: element.nameStart,
        end: element.nameEnd,
        message: {
          ko: '<{0}>가 첫 동사가 아닙니다. {1}',
          en: '<{0}> is not the first verb. {1}',
        },
        args: [element.name, plainText(spec.firstVerb)],
        fixes: [
          {
            title: { ko: '<{0}>를 맨 앞으로 옮기기', en: 'Move <{0}> first' },
            args: [element.name],
            edits: [
              { start: first.start, end: first.start, newText: sameLine ? moved : `${moved}\n${indent}` },
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
                  edits: [{ start: element.start, end: element.end, newText: `<${spec.actsAsWhenNotFirst}/>` }],
                },
              ]
            : []),
        ],
      });
    }
  },
};
