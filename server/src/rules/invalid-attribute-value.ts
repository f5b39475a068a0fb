import { getAttribute, getTwimlValue } from '../model';
import { checkValue } from '../model/values';
import type { Rule } from './rule';
import { reportValueProblem } from './support';

/** A value of the wrong type: `numDigits="one"`, `playBeep="yes"`, `reason="declined"` … */
export const invalidAttributeValue: Rule = {
  name: 'invalid-attribute-value',
  severity: 'error',
  description: {
    ko: '속성 값의 형식 오류 (정수, true/false, 허용된 값 목록, URL, DTMF 키, 전화번호).',
    en: 'An attribute value of the wrong form (integer, true/false, allowed values, URL, DTMF keys, phone number).',
  },
  element(element, ctx, spec) {
    if (!spec) return;
    for (const attribute of element.attributes) {
      const value = attribute.value;
      const attributeSpec = getAttribute(spec.name, attribute.name);
      // WebSocket URLs have a rule of their own, which also checks partly dynamic values.
      if (!value || value.dynamic || !attributeSpec || attributeSpec.type.kind === 'wssUrl') continue;
      if (getTwimlValue(element.name, attribute.name, value.value)) continue;
      const problem = checkValue(attributeSpec.type, value.value);
      if (!problem) continue;
      reportValueProblem(ctx, problem, { start: value.valueStart, end: value.valueEnd, empty: value }, { quoted: true });
    }
  },
};
