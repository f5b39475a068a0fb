import { attributesWithTwimlValues, getTwimlValue } from '../model';
import { checkValue } from '../model/values';
import { VALUE_DYNAMIC } from '../parser/tree';
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
  elementsWith: 'value-not-plain',
  element(element, ctx, spec) {
    if (!spec) return;
    const tree = ctx.tree;
    const end = tree.attributesEnd(element);
    for (let a = tree.firstAttribute(element); a < end; a++) {
      // No value (`<Play loop>`) or a partly unknown one: nothing to check. Flags first, the value last: reading
      // it makes a string.
      if (!tree.hasValue(a) || tree.attributeIs(a, VALUE_DYNAMIC)) continue;
      const attributeSpec = ctx.attributeSpecOf(a);
      // WebSocket URLs have a rule of their own, which also checks partly dynamic values.
      if (!attributeSpec || attributeSpec.type.kind === 'wssUrl') continue;
      // The usual value, read where it stands: no string made.
      if (ctx.valueIsPlainlyValid(a)) continue;
      const value = tree.attributeValue(a)!;
      const name = attributeSpec.name;
      if (attributesWithTwimlValues(spec.name)?.has(name) && getTwimlValue(spec.name, name, value)) continue;
      const problem = checkValue(attributeSpec.type, value);
      if (!problem) continue;
      reportValueProblem(
        ctx,
        problem,
        { start: tree.valueInnerStart(a), end: tree.valueInnerEnd(a), empty: { start: tree.valueStart(a), end: tree.valueEnd(a) } },
        { quoted: true },
      );
    }
  },
};
