import type { Localized } from '../l10n';
import { plainText } from '../model';
import type { Rule } from './rule';
import { removalRange } from './support';

/** Verbs after `<Hangup>`, `<Reject>`, `<Redirect>` or `<Connect>` never run. */
export const unreachableVerb: Rule = {
  name: 'unreachable-verb',
  severity: 'warning',
  description: {
    ko: '실행되지 않는 동사: <Hangup>, <Reject>, <Redirect>, <Connect> 뒤의 동사.',
    en: 'Verbs that never run: those after <Hangup>, <Reject>, <Redirect> or <Connect>.',
  },
  content(content, ctx) {
    if (!content.spec) return;
    let stopper: { name: string; reason: Localized } | undefined;
    let firstUnreachable = -1;
    let lastUnreachable = -1;
    const pending: { start: number; end: number; name: string }[] = [];
    for (const node of content.nodes) {
      if (node.kind !== 'element') continue;
      if (stopper) {
        pending.push({ start: node.start, end: node.end, name: node.name });
        if (firstUnreachable < 0) firstUnreachable = node.start;
        lastUnreachable = node.end;
        continue;
      }
      const spec = ctx.specOf(node);
      if (spec?.endsCall) stopper = { name: node.name, reason: plainText(spec.endsCall) };
    }
    if (!stopper || pending.length === 0) return;
    const removal = removalRange(ctx.text, firstUnreachable, lastUnreachable);
    for (const verb of pending) {
      ctx.report({
        start: verb.start,
        end: verb.end,
        message: {
          ko: '<{1}> 뒤에 있는 <{0}>은(는) 실행되지 않습니다. {2}',
          en: '<{0}> after <{1}> never runs. {2}',
        },
        args: [verb.name, stopper.name, stopper.reason],
        tags: ['unnecessary'],
        fixes: [
          {
            title: { ko: '<{0}> 뒤의 실행되지 않는 동사 삭제', en: 'Remove the verbs after <{0}> that never run' },
            args: [stopper.name],
            edits: [{ start: removal.start, end: removal.end, newText: '' }],
          },
        ],
      });
    }
  },
};
