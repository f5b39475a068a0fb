import { checkValue, isPlainlyValid } from '../model/values';
import { DYNAMIC, NONE, TEXT } from '../parser/tree';
import type { Rule } from './rule';
import { bodyOf, bodyText, hasDynamicContent, reportValueProblem, trimRange } from './support';

/** A body of the wrong type: a `<Redirect>` that is not a URL, a `<Number>` that is not a phone number. */
export const invalidBody: Rule = {
  name: 'invalid-body',
  severity: 'error',
  description: {
    ko: '본문의 형식 오류 (<Redirect>/<Play>의 URL, <Number>의 전화번호).',
    en: 'A body of the wrong form (<Redirect>/<Play> URL, <Number> phone number).',
  },
  appliesTo: (spec) => spec?.body.type !== undefined && spec.body.type.kind !== 'text',
  // No content, no body to check (`<Play digits="1w2"/>`).
  findsNothingWithoutContent: true,
  element(element, ctx, spec) {
    const type = spec!.body.type!;
    const tree = ctx.tree;
    // The usual body, one plain text node holding a fine value: read where it stands, no string made.
    const only = tree.firstChild(element);
    if (only !== NONE && tree.nextSibling(only) === NONE && tree.kind(only) === TEXT && !tree.is(only, DYNAMIC) && tree.textIsVerbatim(only)) {
      const body = trimRange(tree.text, tree.start(only), tree.end(only));
      if (isPlainlyValid(type, tree.units, body.start, body.end)) return;
    }
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
