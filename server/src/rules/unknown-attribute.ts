import { getAttribute, getTwimlAttribute, getTwimlValue } from '../model';
import { closest } from '../model/suggest';
import type { XmlAttribute } from '../parser/ast';
import type { Fix, Rule } from './rule';
import { isXmlAttribute, removeAttributeFix } from './support';

/** An attribute the element does not have; names are case-sensitive (`numdigits` → `numDigits`). */
export const unknownAttribute: Rule = {
  name: 'unknown-attribute',
  severity: 'error',
  description: {
    ko: '요소에 없는 속성 (대소문자 구분, 예: numdigits → numDigits). 가장 가까운 이름을 제안합니다.',
    en: 'An attribute the element does not have (case-sensitive, e.g. numdigits → numDigits), with the nearest name suggested.',
  },
  element(element, ctx, spec) {
    if (!spec) return;
    let present: Set<string> | undefined; // built once, and only for an element that has an unknown attribute
    for (const attribute of element.attributes) {
      const name = attribute.name;
      if (name === '' || getAttribute(spec.name, name) || isXmlAttribute(name)) continue;
      if (getTwimlAttribute(element.name, name) || (attribute.value && getTwimlValue(element.name, name, attribute.value.value))) continue;
      present ??= new Set(element.attributes.map((a) => a.name));
      const candidates = spec.attributes.map((a) => a.name).filter((n) => !present!.has(n));
      const suggestion = closest(name, candidates);
      const caseOnly = suggestion !== undefined && suggestion.toLowerCase() === name.toLowerCase();
      ctx.report({
        start: attribute.nameStart,
        end: attribute.nameEnd,
        message:
          spec.attributes.length === 0
            ? { ko: '<{1}>에는 속성이 없습니다. {0}을(를) 지우세요.', en: '<{1}> has no attributes. Remove {0}.' }
            : caseOnly
              ? {
                  ko: '<{1}>에 {0} 속성은 없습니다. 속성 이름은 대소문자를 구분합니다: {2}',
                  en: '<{1}> has no attribute {0}. Attribute names are case-sensitive: {2}',
                }
              : suggestion
                ? { ko: '<{1}>에 {0} 속성은 없습니다. {2}을(를) 쓰려고 했나요?', en: '<{1}> has no attribute {0}. Did you mean {2}?' }
                : {
                    ko: '<{1}>에 {0} 속성은 없습니다. 쓸 수 있는 속성: {3}',
                    en: '<{1}> has no attribute {0}. Its attributes: {3}',
                  },
        args: [name, element.name, suggestion ?? '', spec.attributes.map((a) => a.name).join(', ')],
        fixes: fixesFor(attribute, suggestion, ctx.text),
      });
    }
  },
};

function fixesFor(attribute: XmlAttribute, suggestion: string | undefined, text: string): Fix[] {
  const fixes: Fix[] = [];
  if (suggestion) {
    fixes.push({
      title: { ko: '{0}(으)로 바꾸기', en: 'Change to {0}' },
      args: [suggestion],
      edits: [{ start: attribute.nameStart, end: attribute.nameEnd, newText: suggestion }],
      preferred: true,
    });
  }
  fixes.push(removeAttributeFix(attribute, text));
  return fixes;
}
