import { callbacksSending, parameterNames } from '../model/webhook';
import { sendingVerbs } from './parameters';
import type { Rule } from './rule';

/**
 * A route's handler reads a callback parameter that never comes to it: `Digits` where no `<Gather>` or `<Record>`
 * leads, `DialCallStatus` where no `<Dial>` does (as far as the workspace can tell: every URL such a verb asks
 * for is known). Also a parameter read from the query string of a route the platform only POSTs to: there it
 * is in the body.
 */
export const parameterNotSent: Rule = {
  name: 'parameter-not-sent',
  severity: 'warning',
  readsWorkspace: true,
  description: {
    ko: '라우트에 오지 않는 파라미터를 읽습니다: <Gather>·<Record>가 이끌지 않는 라우트의 Digits, <Dial>이 이끌지 않는 라우트의 DialCallStatus, POST로만 오는 라우트의 쿼리 문자열.',
    en: 'Reads a parameter that never comes to the route: Digits where no <Gather> or <Record> leads, DialCallStatus where no <Dial> does, the query string of a route only POSTed to.',
  },
  handlers(ctx) {
    for (const read of ctx.code.reads) {
      if (read.name === '') continue;
      const route = ctx.routeAt(read.span.start);
      if (!route) continue;
      if (callbacksSending(read.name).length > 0 && route.receives(read.name) === false && ctx.isWebhookCode(read.span.start)) {
        ctx.report({
          start: read.span.start,
          end: read.span.end,
          message:
            route.reachedBy.length > 0
              ? {
                  ko: '{0}에는 {1}이(가) 오지 않습니다: {1}은(는) {2}의 action 요청에만 실리는데, 작업 공간에서 이 라우트로 이끄는 것은 {3}뿐입니다.',
                  en: '{1} never comes to {0}: only the action request of {2} carries it, and what leads to this route in the workspace is {3} only.',
                }
              : {
                  ko: '{0}에는 {1}이(가) 오지 않습니다: {1}은(는) {2}의 action 요청에만 실리는데, 작업 공간의 어떤 VoiceML도 이 라우트로 이끌지 않습니다.',
                  en: '{1} never comes to {0}: only the action request of {2} carries it, and no VoiceML of the workspace leads to this route.',
                },
          args: [route.path ?? '?', read.name, sendingVerbs(read.name), route.reachedBy.map((v) => `<${v}>`).join(', ')],
        });
        continue;
      }
      // The platform requests `action` and `<Redirect>` URLs with POST: its parameters are in the body (the app's
      // own, in the URL it gave, are in the query string: `action="/next?step=2"`).
      const postOnly = route.reached && !route.methods.some((m) => m === 'GET' || m === '*');
      const source = read.source;
      if (read.from === 'query' && source && parameterNames.includes(read.name) && postOnly && route.receives(read.name) !== false && ctx.isWebhookCode(read.span.start)) {
        ctx.report({
          start: source.span.start,
          end: read.span.end,
          message: {
            ko: '플랫폼은 {0}에 POST로 요청하므로 {1}은(는) 쿼리 문자열이 아니라 요청 본문에 있습니다.',
            en: 'The platform POSTs to {0}, so {1} is in the request body, not in the query string.',
          },
          args: [route.path ?? '?', read.name],
          fixes: () => [
            {
              title: { ko: '요청 본문에서 읽기 ({0})', en: 'Read it from the body ({0})' },
              args: [source.body],
              edits: [{ start: source.span.start, end: source.span.end, newText: source.body }],
              preferred: true,
            },
          ],
        });
      }
    }
  },
};
