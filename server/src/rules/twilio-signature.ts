import { requestHeader, twimlHeader, webhook } from '../model/webhook';
import type { Rule } from './rule';
import { CHANGE_TO } from './support';

/**
 * Webhook code that checks Twilio's request signature: it reads `X-Twilio-Signature`, or calls Twilio's
 * `validateRequest` / `twilio.webhook()` / `RequestValidator`. The platform signs its requests with the
 * `X-Signature` header (when the number has a signing key): a Twilio check finds no Twilio signature, and
 * rejects every call. Judged in any file of a workspace that answers the platform: a signature middleware often
 * has a file of its own.
 */
export const twilioSignature: Rule = {
  name: 'twilio-signature',
  severity: 'warning',
  readsWorkspace: true,
  description: {
    ko: 'Twilio의 요청 서명을 검사합니다 (X-Twilio-Signature, validateRequest, twilio.webhook(), RequestValidator): 플랫폼은 X-Signature 헤더로 서명합니다.',
    en: 'Checks Twilio’s request signature (X-Twilio-Signature, validateRequest, twilio.webhook(), RequestValidator): the platform signs with the X-Signature header.',
  },
  handlers(ctx) {
    for (const header of ctx.code.headers) {
      const twiml = twimlHeader(header.name);
      if (twiml?.voiceml === undefined || !(ctx.isWebhookCode(header.span.start) || ctx.answersPlatform())) continue;
      const name = requestHeader(twiml.voiceml)!.name;
      // The header's name as the code writes it: `x-twilio-signature` → `x-signature`.
      const written = header.name === header.name.toLowerCase() ? name.toLowerCase() : header.name === header.name.toUpperCase() ? name.toUpperCase() : name;
      ctx.report({
        start: header.span.start,
        end: header.span.end,
        message: {
          ko: '플랫폼은 {0} 헤더를 보내지 않습니다: 서명 키가 등록된 번호의 요청에는 {1} 헤더가 실립니다.',
          en: 'The platform sends no {0} header: requests to a number with a signing key carry the {1} header.',
        },
        args: [header.name, name],
        fixes: () => [{ title: CHANGE_TO, args: [written], edits: [{ start: header.span.start, end: header.span.end, newText: written }], preferred: true }],
      });
    }
    for (const check of ctx.code.signatures) {
      if (!(ctx.isWebhookCode(check.span.start) || ctx.answersPlatform())) continue;
      ctx.report({
        start: check.span.start,
        end: check.span.end,
        message: {
          ko: 'Twilio의 {0}은(는) X-Twilio-Signature를 Twilio 인증 토큰으로 검사합니다: 플랫폼의 요청에는 그 서명이 없으므로 모든 요청이 거부됩니다. 플랫폼은 번호의 서명 키로 만든 {1} 헤더를 보냅니다.',
          en: 'Twilio’s {0} checks X-Twilio-Signature against a Twilio auth token: the platform’s requests carry no such signature, so every request is rejected. The platform sends the {1} header, made with the number’s signing key.',
        },
        args: [check.name, webhook.request.headers.map((h) => h.name).join(', ')],
      });
    }
  },
};
