import { webhook } from '../model/webhook';
import type { Rule } from './rule';
import { CHANGE_TO } from './support';

/**
 * VoiceML sent with a Content-Type other than `application/xml`: `res.type('text/xml')` (TwiML's habit),
 * `res.set('Content-Type', 'text/html')`, Flask's `return xml, 200, {"Content-Type": "text/xml"}`. An XML type
 * is judged wherever webhook code sets it; another type (`text/html`, `text/plain`) where what that response
 * sends is VoiceML.
 */
export const responseContentType: Rule = {
  name: 'response-content-type',
  severity: 'warning',
  readsWorkspace: true,
  description: {
    ko: 'VoiceML 응답의 Content-Type이 application/xml이 아닙니다 (res.type("text/xml"), Flask의 {"Content-Type": "text/xml"} 등): 플랫폼은 Content-Type: application/xml을 요구합니다.',
    en: 'A VoiceML response’s Content-Type is not application/xml (res.type("text/xml"), Flask’s {"Content-Type": "text/xml"} …): the platform requires Content-Type: application/xml.',
  },
  handlers(ctx) {
    const wanted = webhook.response.contentType;
    for (const set of ctx.code.contentTypes) {
      if (set.mediaType === wanted) continue;
      const xml = set.mediaType === 'text/xml' || set.mediaType.endsWith('+xml');
      const sendsVoiceML = ctx.holdsVoiceML(set.sends);
      if (!(sendsVoiceML || (xml && ctx.isWebhookCode(set.span.start)))) continue;
      ctx.report({
        start: set.span.start,
        end: set.span.end,
        message: {
          ko: 'VoiceML 응답의 Content-Type이 {0}입니다: 웹훅 서버는 Content-Type: {1} 헤더와 함께 VoiceML을 반환해야 합니다.',
          en: 'The VoiceML response has Content-Type {0}: a webhook must return VoiceML with the header Content-Type: {1}.',
        },
        args: [set.mediaType === '' ? '?' : set.mediaType, wanted],
        fixes: () => [
          {
            title: CHANGE_TO,
            args: [set.fix],
            edits: [{ start: set.span.start, end: set.span.end, newText: set.fix }],
            preferred: true,
            safe: true,
          },
        ],
      });
    }
  },
};
