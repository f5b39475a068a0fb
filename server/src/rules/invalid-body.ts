import { checkValue } from '../model/values';
import type { Rule } from './rule';
import { bodyOf, reportValueProblem } from './support';

/** A body of the wrong type: a `<Redirect>` that is not a URL, a `<Number>` that is not a phone number. */
export const invalidBody: Rule = {
  name: 'invalid-body',
  severity: 'error',
  description: {
    ko: '본문의 형식 오류 (<Redirect>/<Play>의 URL, <Number>의 전화번호).',
    en: 'A body of the wrong form (<Redirect>/<Play> URL, <Number> phone number).',
  },
  element(element, ctx, spec) {
    const type = spec?.body.type;
    if (!spec || !type || type.kind === 'text') return;
    const body = bodyOf(element, ctx.text);
    const value = body.value.trim();
    if (body.dynamic || value === '') return;
    const problem = checkValue(type, value);
    if (!problem) return;
    reportValueProblem(ctx, problem, body);
  },
};
