import { getAttribute, getTwimlValue } from '../model';
import { checkValue } from '../model/values';
import type { Rule } from './rule';

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
      const empty = value.valueStart === value.valueEnd;
      ctx.report({
        start: empty ? value.start : value.valueStart,
        end: empty ? value.end : value.valueEnd,
        message: problem.message,
        args: problem.args,
        severity: problem.severity,
        fixes:
          problem.suggestion !== undefined
            ? [
                {
                  title: { ko: '"{0}"(으)로 바꾸기', en: 'Change to "{0}"' },
                  args: [problem.suggestion],
                  edits: [{ start: value.valueStart, end: value.valueEnd, newText: problem.suggestion }],
                  preferred: true,
                },
              ]
            : [],
      });
    }
  },
};
