import { elementNames, getTwimlElement } from '../model';
import { closest } from '../model/suggest';
import type { Fix, Rule } from './rule';
import { renameElement } from './support';

/** An element that is neither VoiceML nor a known TwiML look-alike; names are case-sensitive. */
export const unknownElement: Rule = {
  name: 'unknown-element',
  severity: 'error',
  description: {
    ko: 'VoiceML에 없는 요소 (대소문자 구분). 가장 가까운 요소 이름을 제안합니다.',
    en: 'An element VoiceML does not have (case-sensitive), with the nearest valid name suggested.',
  },
  element(element, ctx) {
    if (element.dynamicName || element.name === '' || ctx.specOf(element) || getTwimlElement(element.name)) return;
    // A document's root that is not <Response> is root-element's finding (with a better fix).
    if (ctx.region.kind === 'document' && element === ctx.region.xml.root) return;
    const suggestion = closest(element.name, elementNames);
    const fixes: Fix[] = suggestion
      ? [
          {
            title: { ko: '<{0}>(으)로 바꾸기', en: 'Change to <{0}>' },
            args: [suggestion],
            edits: renameElement(element, suggestion),
            preferred: true,
          },
        ]
      : [];
    const caseOnly = suggestion !== undefined && suggestion.toLowerCase() === element.name.toLowerCase();
    ctx.report({
      start: element.nameStart,
      end: element.nameEnd,
      message: caseOnly
        ? {
            ko: '<{0}>은(는) VoiceML 요소가 아닙니다. 요소 이름은 대소문자를 구분합니다: <{1}>',
            en: '<{0}> is not a VoiceML element. Element names are case-sensitive: <{1}>',
          }
        : suggestion
          ? { ko: '<{0}>은(는) VoiceML 요소가 아닙니다. <{1}>을(를) 쓰려고 했나요?', en: '<{0}> is not a VoiceML element. Did you mean <{1}>?' }
          : { ko: '<{0}>은(는) VoiceML 요소가 아닙니다.', en: '<{0}> is not a VoiceML element.' },
      args: suggestion ? [element.name, suggestion] : [element.name],
      fixes,
    });
  },
};
