import { plainText } from '../model';
import { twimlParameter as twimlName } from '../model/webhook';
import { renameFix } from './parameters';
import type { Rule } from './rule';

/**
 * Webhook code that reads a request parameter only TwiML sends: `req.body.CallSid` (the platform's `CallId`),
 * `SpeechResult`, `CallerName` … On a real call the value is not there. Where VoiceML sends the same value
 * under another name, the fix reads that name.
 */
export const twimlParameter: Rule = {
  name: 'twiml-parameter',
  severity: 'error',
  readsWorkspace: true,
  description: {
    ko: '웹훅 코드가 TwiML만 보내는 요청 파라미터를 읽습니다 (req.body.CallSid → CallId, SpeechResult 등): 실제 통화에서는 값이 없습니다.',
    en: 'Webhook code reads a request parameter only TwiML sends (req.body.CallSid → CallId, SpeechResult …): on a real call it is not there.',
  },
  handlers(ctx) {
    for (const read of ctx.code.reads) {
      const twiml = twimlName(read.name);
      if (!twiml || !ctx.isWebhookCode(read.span.start)) continue;
      if (twiml.voiceml !== undefined) {
        ctx.report({
          start: read.span.start,
          end: read.span.end,
          message: {
            ko: '{0}은(는) TwiML의 파라미터 이름입니다: 플랫폼은 이 값을 {1}(으)로 보내므로, 실제 통화에서 {0}은(는) 비어 있습니다.',
            en: '{0} is TwiML’s name for this parameter: the platform sends the value as {1}, so on a real call {0} is empty.',
          },
          args: [read.name, twiml.voiceml],
          fixes: () => [renameFix(read, twiml.voiceml!, { preferred: true, safe: true })],
        });
      } else {
        ctx.report({
          start: read.span.start,
          end: read.span.end,
          message: {
            ko: '{0}은(는) TwiML만 보내는 파라미터라 실제 통화에서 비어 있습니다. {1}',
            en: '{0} is a parameter only TwiML sends, so on a real call it is empty. {1}',
          },
          args: [read.name, plainText(twiml.alternative!)],
        });
      }
    }
  },
};
