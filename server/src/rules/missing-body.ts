import { describeType } from '../model/values';
import type { Rule } from './rule';
import { hasBody } from './support';

/** Say needs text, Redirect a URL, Number a phone number, Play a URL unless `digits` is set. */
export const missingBody: Rule = {
  name: 'missing-body',
  severity: 'error',
  description: {
    ko: '본문이 필요한 요소의 본문이 비어 있음 (<Say>의 텍스트, <Redirect>의 URL, <Number>의 번호, <Play>의 URL 또는 digits).',
    en: 'An element that needs a body has none (<Say> text, <Redirect> URL, <Number> phone number, <Play> URL or digits).',
  },
  element(element, ctx, spec) {
    if (!spec || spec.body.use !== 'required' || !element.startTagClosed) return;
    const alternative = spec.body.alternativeAttribute;
    if (alternative && (element.dynamicAttributes || element.attributes.some((a) => a.name === alternative))) return;
    if (hasBody(element)) return;
    if (element.children.some((c) => c.kind === 'element')) return; // nested markup has its own diagnostics
    ctx.report({
      start: element.nameStart,
      end: element.nameEnd,
      message: alternative
        ? {
            ko: '<{0}>에 본문({1})이나 {2} 속성이 필요합니다.',
            en: '<{0}> needs a body ({1}) or the {2} attribute.',
          }
        : { ko: '<{0}>에 본문({1})이 필요합니다.', en: '<{0}> needs a body ({1}).' },
      args: [element.name, describeType(spec.body.type ?? { kind: 'text' }), alternative ?? ''],
    });
  },
};
