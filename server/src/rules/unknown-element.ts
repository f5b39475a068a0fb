import { elementNames, getElement, getTwimlElement } from '../model';
import { closest } from '../model/suggest';
import { DYNAMIC_NAME } from '../parser/tree';
import type { Fix, Rule } from './rule';
import { endTagName, renameElement } from './support';

/** An element that is neither VoiceML nor a known TwiML look-alike; names are case-sensitive. */
export const unknownElement: Rule = {
  name: 'unknown-element',
  severity: 'error',
  description: {
    ko: 'VoiceML에 없는 요소 (대소문자 구분). 가장 가까운 요소 이름을 제안합니다.',
    en: 'An element VoiceML does not have (case-sensitive), with the nearest valid name suggested.',
  },
  appliesTo: (spec) => spec === undefined,
  element(element, ctx) {
    const tree = ctx.tree;
    const name = tree.name(element);
    if (tree.is(element, DYNAMIC_NAME) || name === '' || getTwimlElement(name)) return;
    // A document's root that is not <Response> is root-element's finding (with a better fix).
    if (ctx.region.kind === 'document' && element === tree.root) return;
    if (ctx.leftOut(tree.nameStart(element), tree.nameEnd(element))) return;
    // `<Sya>…</Say>`: the end tag says which element was meant.
    const closing = endTagName(tree, element);
    const suggestion = closing !== undefined && closing !== name && getElement(closing) ? closing : closest(name, elementNames);
    const fixes = suggestion ? (): Fix[] => [{ title: CHANGE_TO, args: [suggestion], edits: renameElement(tree, element, suggestion), preferred: true }] : undefined;
    const caseOnly = suggestion !== undefined && suggestion.toLowerCase() === name.toLowerCase();
    ctx.report({
      start: tree.nameStart(element),
      end: tree.nameEnd(element),
      message: caseOnly ? CASE_ONLY : suggestion ? DID_YOU_MEAN : NOT_VOICEML,
      args: suggestion ? [name, suggestion] : [name],
      fixes,
      covers: { start: tree.nameEnd(element), end: tree.end(element) },
    });
  },
};

const CASE_ONLY = {
  ko: '<{0}>은(는) VoiceML 요소가 아닙니다. 요소 이름은 대소문자를 구분합니다: <{1}>',
  en: '<{0}> is not a VoiceML element. Element names are case-sensitive: <{1}>',
};
const DID_YOU_MEAN = { ko: '<{0}>은(는) VoiceML 요소가 아닙니다. <{1}>을(를) 쓰려고 했나요?', en: '<{0}> is not a VoiceML element. Did you mean <{1}>?' };
const NOT_VOICEML = { ko: '<{0}>은(는) VoiceML 요소가 아닙니다.', en: '<{0}> is not a VoiceML element.' };
const CHANGE_TO = { ko: '<{0}>(으)로 바꾸기', en: 'Change to <{0}>' };
