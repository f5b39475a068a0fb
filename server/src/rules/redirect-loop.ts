import { callbackOf } from '../model/webhook';
import type { Rule } from './rule';

/**
 * A cycle of responses that only redirect: each route of it answers with `<Redirect>`s (and perhaps speech)
 * and nothing that waits for the caller or a callee (Gather, Record, Dial) or ends the call (Connect, Hangup,
 * Reject), and every redirect leads back into the cycle. The call goes round until the platform gives up.
 * Reported once per cycle, at the Redirect of its first route (in file order), the others as related places.
 */
export const redirectLoop: Rule = {
  name: 'redirect-loop',
  severity: 'warning',
  readsWorkspace: true,
  description: {
    ko: '<Redirect>만 하는 응답들의 순환: 발신자를 기다리거나 통화를 끝내는 동사가 없어 통화가 끝없이 돕니다.',
    en: 'A cycle of responses that only redirect: no verb waits for the caller or ends the call, so the call goes round forever.',
  },
  appliesTo: (spec) => spec !== undefined && callbackOf(spec.name)?.url === 'body',
  element(element, ctx) {
    const step = ctx.flow?.step(ctx.region, element);
    const loop = step?.loop;
    if (!step || !loop) return;
    ctx.report({
      start: step.start,
      end: step.end,
      message: {
        ko: '<Redirect>만 하는 응답들이 순환합니다: {0}. 발신자를 기다리거나(Gather, Record, Dial) 통화를 끝내는(Connect, Hangup, Reject) 동사가 없어 통화가 끝없이 돕니다.',
        en: 'These responses only redirect, in a cycle: {0}. No verb waits for the caller (Gather, Record, Dial) or ends the call (Connect, Hangup, Reject), so the call goes round forever.',
      },
      args: [loop.paths.join(' → ')],
      related: loop.others.map((location) => ({ location, message: { ko: '순환의 다음 <Redirect>', en: 'the next <Redirect> of the cycle' } })),
    });
  },
};
