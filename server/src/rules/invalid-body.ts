import { checkValue, plainValidator } from '../model/values';
import type { Rule } from './rule';
import { bodyOf, bodyText, hasDynamicContent, isPlainBody, reportValueProblem } from './support';

/** A body of the wrong type: a `<Redirect>` that is not a URL, a `<Number>` that is not a phone number. */
export const invalidBody: Rule = {
  name: 'invalid-body',
  severity: 'error',
  description: {
    ko: '본문의 형식 오류 (<Redirect>/<Play>의 URL, <Number>의 전화번호).',
    en: 'A body of the wrong form (<Redirect>/<Play> URL, <Number> phone number).',
  },
  appliesTo: (spec) => spec?.body.type !== undefined && spec.body.type.kind !== 'text',
  // The usual body, one plain text node holding a fine value, is told apart where the elements are looked up
  // in the model, as attribute values are: the rule runs on the others.
  elementsWith: 'value-not-plain',
  // No content, no body to check (`<Play digits="1w2"/>`).
  findsNothingWithoutContent: true,
  element(element, ctx, spec) {
    const type = spec!.body.type!;
    const tree = ctx.tree;
    // Called as well on an element whose body is fine but an attribute's value is not plainly valid.
    if (isPlainBody(tree, element, plainValidator(type))) return;
    // A body holding a template substitution: its value is unknown.
    if (hasDynamicContent(tree, element)) return;
    const value = bodyText(tree, element).trim();
    if (value === '') return;
    const problem = checkValue(type, value);
    if (!problem) return;
    // The body's range is only worked out for a finding.
    reportValueProblem(ctx, problem, bodyOf(tree, element));
  },
};
