import { closest } from '../model/suggest';
import { callbacksSending, requestParameter, twimlValue, type ParameterSpec } from '../model/webhook';
import type { Fix, Rule } from './rule';
import { CHANGE_TO_QUOTED } from './support';

/**
 * Webhook code compares a request parameter with a value it never has: `DialCallStatus === 'no_answer'` (the
 * platform sends `no-answer`), `'answered'` (TwiML's; the platform sends `completed`), `Digits == "one"` (keys
 * only). The comparison is never true on a call.
 */
export const invalidParameterValue: Rule = {
  name: 'invalid-parameter-value',
  severity: 'error',
  readsWorkspace: true,
  description: {
    ko: '요청 파라미터를 그 파라미터가 가질 수 없는 값과 비교합니다 (DialCallStatus === "no_answer" → "no-answer", "answered" → "completed"): 비교가 결코 참이 되지 않습니다.',
    en: 'Compares a request parameter with a value it never has (DialCallStatus === "no_answer" → "no-answer", "answered" → "completed"): the comparison is never true.',
  },
  handlers(ctx) {
    for (const test of ctx.code.tests) {
      if (test.value === '' || !ctx.isWebhookCode(test.span.start)) continue;
      const spec = requestParameter(test.parameter) ?? callbacksSending(test.parameter)[0]?.spec;
      if (!spec) continue;
      const problem = valueProblem(spec, test.value);
      if (!problem) continue;
      const fix = (value: string): Fix => ({
        title: CHANGE_TO_QUOTED,
        args: [value],
        edits: [{ start: test.span.start, end: test.span.end, newText: value }],
        preferred: true,
      });
      ctx.report({ start: test.span.start, end: test.span.end, ...problem, fixes: problem.replacement !== undefined ? () => [fix(problem.replacement!)] : undefined });
    }
  },
};

function valueProblem(spec: ParameterSpec, value: string): { message: { ko: string; en: string }; args: string[]; replacement?: string } | undefined {
  if (spec.values) {
    const values = spec.values.map((v) => v.value);
    if (values.includes(value)) return undefined;
    const list = values.join(', ');
    const twiml = twimlValue(spec.name, value);
    if (twiml?.voiceml !== undefined) {
      return {
        message: {
          ko: '"{1}"은(는) TwiML의 {0} 값입니다: 플랫폼은 "{2}"을(를) 보내므로 이 비교는 참이 되지 않습니다. {0} 값: {3}',
          en: '"{1}" is TwiML’s value of {0}: the platform sends "{2}", so this comparison is never true. {0} is one of: {3}',
        },
        args: [spec.name, value, twiml.voiceml, list],
        replacement: twiml.voiceml,
      };
    }
    const suggestion = closest(value, values);
    return {
      message: suggestion
        ? { ko: '{0}은(는) "{1}"이(가) 되지 않으므로 이 비교는 참이 되지 않습니다. "{2}"을(를) 쓰려고 했나요? {0} 값: {3}', en: '{0} is never "{1}", so this comparison is never true. Did you mean "{2}"? {0} is one of: {3}' }
        : { ko: '{0}은(는) "{1}"이(가) 되지 않으므로 이 비교는 참이 되지 않습니다. {0} 값: {2}', en: '{0} is never "{1}", so this comparison is never true. {0} is one of: {2}' },
      args: suggestion ? [spec.name, value, suggestion, list] : [spec.name, value, list],
      ...(suggestion !== undefined ? { replacement: suggestion } : {}),
    };
  }
  if (spec.keys !== undefined && [...value].some((c) => !spec.keys!.includes(c))) {
    return {
      message: {
        ko: '{0}에는 전화 키({2})만 들어 있어 "{1}"이(가) 될 수 없으므로 이 비교는 참이 되지 않습니다.',
        en: '{0} holds phone keys ({2}) only and is never "{1}", so this comparison is never true.',
      },
      args: [spec.name, value, [...spec.keys].join(' ')],
    };
  }
  return undefined;
}
