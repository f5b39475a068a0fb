import type { Localized } from '../l10n';
import { model } from '../model';
import type { ValueType } from '../model/types';
import { checkValue, placeOfNumber } from '../model/values';
import { VALUE_DYNAMIC } from '../parser/tree';
import type { Range, Rule, RuleContext } from './rule';
import { bodyOf, CHANGE_TO } from './support';

/**
 * A phone number the platform cannot dial as written: it normalizes `<Number>` to the Korean domestic form
 * (`model.numbering`), so `415-123-4567` or `+1 415…` does not connect, and `callerId` must be one of the
 * account's own (Korean) numbers or the dial fails. Numbers of the wrong form are invalid-body's and
 * invalid-attribute-value's; this rule reads only well-formed ones.
 */
export const foreignNumber: Rule = {
  name: 'foreign-number',
  severity: 'warning',
  description: {
    ko: '한국 번호일 수 없는 전화번호 (415-123-4567, +1 …): <Number>는 한국 국내 형식으로 걸리고, callerId는 계정이 소유한 번호여야 합니다.',
    en: 'A phone number that cannot be a Korean one (415-123-4567, +1 …): <Number> is dialled in the Korean domestic form, and callerId must be a number the account owns.',
  },
  appliesTo: (spec) => spec !== undefined && (spec.body.type?.kind === 'phoneNumber' || spec.attributes.some((a) => a.type.kind === 'phoneNumber')),
  element(element, ctx, spec) {
    const tree = ctx.tree;
    const end = tree.attributesEnd(element);
    for (let a = tree.firstAttribute(element); a < end; a++) {
      const type = ctx.attributeSpecOf(a)?.type;
      if (type?.kind !== 'phoneNumber' || !tree.hasValue(a) || tree.attributeIs(a, VALUE_DYNAMIC)) continue;
      check(ctx, type, tree.attributeValue(a)!, { start: tree.valueInnerStart(a), end: tree.valueInnerEnd(a) }, tree.attributeName(a));
    }
    const type = spec!.body.type;
    if (type?.kind === 'phoneNumber') {
      const body = bodyOf(tree, element);
      // White space around a body is no mistake (invalid-body reads it trimmed too).
      if (!body.dynamic && body.start < body.end) check(ctx, type, body.value.trim(), body, `<${spec!.name}>`);
    }
  },
};

/** `where`: the attribute's name or the element as `<Number>`, for the message. */
function check(ctx: RuleContext, type: Extract<ValueType, { kind: 'phoneNumber' }>, value: string, range: Range, where: string): void {
  if (checkValue(type, value)) return; // not a phone number at all: the type check says why
  const place = placeOfNumber(value);
  if (!place || place.place === 'domestic') return;
  const shown = value.trim();
  if (place.place === 'unprefixed') {
    ctx.report({
      ...range,
      message: {
        ko: "'{0}'은(는) 한국 국가번호 {1}로 시작하지만 +가 없습니다. 국내 형식 {2} 또는 +{1}로 쓰세요.",
        en: "'{0}' starts with Korea's country code {1} but has no +. Write it in the domestic form {2}, or as +{1} ….",
      },
      args: [shown, model.numbering.countryCode, place.domestic],
      fixes: () => [
        {
          title: CHANGE_TO,
          args: [place.domestic],
          edits: [{ ...range, newText: place.domestic }],
          preferred: true,
          safe: true,
        },
      ],
    });
    return;
  }
  ctx.report({ ...range, message: type.owned ? NOT_OWNED : place.place === 'abroad' ? ABROAD : NOT_DOMESTIC, args: [shown, where] });
}

// {0}: the number as written, {1}: where it is (`callerId`, `<Number>`).
const NOT_OWNED: Localized = {
  ko: "{1} '{0}'은(는) 계정이 소유한 번호일 수 없습니다. 발신 번호는 계정의 한국 번호(070… 등)여야 하며, 다른 번호면 전화 연결이 실패합니다 (DialCallStatus=failed).",
  en: "{1} '{0}' cannot be a number the account owns: the caller ID must be one of the account's Korean numbers (070…), and with any other the dial fails (DialCallStatus=failed).",
};

const ABROAD: Localized = {
  ko: "{1}의 '{0}'은(는) 한국(+82) 번호가 아닌 해외 번호입니다. 번호는 한국 국내 형식으로 정규화되어 걸리므로 연결되지 않을 수 있습니다.",
  en: "'{0}' in {1} is a number abroad, not a Korean (+82) one. Numbers are dialled in the Korean domestic form, so it may not connect.",
};

const NOT_DOMESTIC: Localized = {
  ko: "{1}의 '{0}'은(는) 한국 번호일 수 없습니다. 국내 번호는 0으로 (010…, 02…, 070…) 또는 +82로 시작하고, 1588-1234 같은 대표번호도 있습니다. 국가번호를 뺀 해외 번호로 보이며, 번호는 한국 국내 형식으로 걸리므로 연결되지 않습니다.",
  en: "'{0}' in {1} cannot be a Korean number: Korean numbers start with 0 (010…, 02…, 070…) or +82, or are service numbers such as 1588-1234. It looks like a number abroad without its country code; numbers are dialled in the Korean domestic form, so it will not connect.",
};
