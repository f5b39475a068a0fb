import type { Localized } from '../l10n';
import type { Answer } from '../document/handlers';
import { reachedByText } from './parameters';
import type { Rule } from './rule';

/**
 * A route VoiceML leads to (an `action`, a `<Redirect>`) answers with something the platform cannot run: JSON,
 * an HTTP redirect (3xx), plain text such as `OK`, or nothing. Answers with an error status
 * (`res.status(500).json(…)`) are left alone: they fail the call on purpose.
 */
export const nonVoicemlResponse: Rule = {
  name: 'non-voiceml-response',
  severity: 'warning',
  readsWorkspace: true,
  description: {
    ko: 'VoiceML이 이끄는 라우트(action, <Redirect>)가 플랫폼이 실행할 수 없는 것으로 답합니다: JSON, HTTP 리다이렉트(3xx), "OK" 같은 일반 텍스트, 빈 응답.',
    en: 'A route VoiceML leads to (action, <Redirect>) answers with something the platform cannot run: JSON, an HTTP redirect (3xx), plain text such as "OK", nothing.',
  },
  handlers(ctx) {
    for (const answer of ctx.code.answers) {
      const route = ctx.routeAt(answer.span.start);
      if (!route?.reached) continue;
      ctx.report({
        start: answer.span.start,
        end: answer.span.end,
        message: MESSAGES[answer.kind],
        args: [route.path ?? '?', reachedByText(route.reachedBy), answer.text ?? ''],
      });
    }
  },
};

const MESSAGES: Record<Answer['kind'], Localized> = {
  json: {
    ko: '{0}은(는) {1}에서 오는 플랫폼의 요청에 JSON으로 답합니다: 플랫폼은 VoiceML만 실행합니다. <Response>로 답하세요.',
    en: '{0} answers the platform’s request (from {1}) with JSON: the platform runs VoiceML only. Answer with a <Response>.',
  },
  redirect: {
    ko: '{0}은(는) {1}에서 오는 플랫폼의 요청에 HTTP 리다이렉트(3xx)로 답합니다: 플랫폼은 VoiceML만 실행합니다. 다른 URL의 VoiceML로 넘기려면 <Redirect>로 답하세요.',
    en: '{0} answers the platform’s request (from {1}) with an HTTP redirect (3xx): the platform runs VoiceML only. To go on with another URL’s VoiceML, answer with <Redirect>.',
  },
  text: {
    ko: '{0}은(는) {1}에서 오는 플랫폼의 요청에 일반 텍스트 "{2}"(으)로 답합니다: 플랫폼은 VoiceML만 실행합니다. <Response>로 답하세요.',
    en: '{0} answers the platform’s request (from {1}) with the plain text "{2}": the platform runs VoiceML only. Answer with a <Response>.',
  },
  empty: {
    ko: '{0}은(는) {1}에서 오는 플랫폼의 요청에 빈 응답으로 답합니다: 플랫폼이 실행할 VoiceML이 없습니다. 통화를 끝내려면 <Response><Hangup/></Response>로 답하세요.',
    en: '{0} answers the platform’s request (from {1}) with nothing: the platform has no VoiceML to run. To end the call, answer <Response><Hangup/></Response>.',
  },
};
