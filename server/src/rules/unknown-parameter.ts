import { closest } from '../model/suggest';
import { parameterNames, twimlParameter } from '../model/webhook';
import { renameFix } from './parameters';
import type { Rule } from './rule';

/**
 * A webhook route's handler reads a request parameter the platform never sends, neither VoiceML's nor TwiML's:
 * `req.body.Digit`, `request.form["callId"]`. A read of the query string (`req.query.step`) may be the app's own
 * parameter in the URL it gave (`action="/next?step=2"`), so it is reported only when it is a near miss of one
 * of the platform's names; a body read of a name the code also reads from the query string (`req.query.id ||
 * req.body.id`) is the app's own parameter too.
 */
export const unknownParameter: Rule = {
  name: 'unknown-parameter',
  severity: 'warning',
  readsWorkspace: true,
  description: {
    ko: '웹훅 라우트의 핸들러가 플랫폼이 보내지 않는 요청 파라미터를 읽습니다 (req.body.Digit, callId 등). 가장 가까운 이름을 제안합니다.',
    en: 'A webhook route’s handler reads a request parameter the platform never sends (req.body.Digit, callId …), with the nearest name suggested.',
  },
  handlers(ctx) {
    for (const read of ctx.code.reads) {
      if (read.name === '' || parameterNames.includes(read.name) || twimlParameter(read.name)) continue;
      if (!ctx.routeAt(read.span.start) || !ctx.isWebhookCode(read.span.start)) continue;
      const suggestion = closest(read.name, parameterNames);
      if (read.from !== 'body' && suggestion === undefined) continue;
      if (read.from === 'body' && suggestion === undefined && ctx.code.reads.some((r) => r.name === read.name && r.from !== 'body')) continue;
      const caseOnly = suggestion !== undefined && suggestion.toLowerCase() === read.name.toLowerCase();
      ctx.report({
        start: read.span.start,
        end: read.span.end,
        message: caseOnly
          ? { ko: '플랫폼은 {0}을(를) 보내지 않습니다. 파라미터 이름은 대소문자를 구분합니다: {1}', en: 'The platform sends no {0}. Parameter names are case-sensitive: {1}' }
          : suggestion
            ? { ko: '플랫폼은 {0}을(를) 보내지 않습니다. {1}을(를) 쓰려고 했나요?', en: 'The platform sends no {0}. Did you mean {1}?' }
            : { ko: '플랫폼은 {0}을(를) 보내지 않습니다: 이 라우트가 받는 요청 파라미터가 아닙니다.', en: 'The platform sends no {0}: it is not a request parameter this route gets.' },
        args: suggestion ? [read.name, suggestion] : [read.name],
        fixes: suggestion ? () => [renameFix(read, suggestion, { preferred: true })] : undefined,
      });
    }
  },
};
