import { changedDefaultsOf } from '../model';
import type { ChangedDefault } from '../model/types';
import { DYNAMIC_ATTRIBUTES, NONE } from '../parser/tree';
import type { Rule } from './rule';

/** A hint for users porting TwiML: an omitted attribute whose VoiceML default differs from TwiML's. */
export const changedDefault: Rule = {
  name: 'changed-default',
  severity: 'hint',
  description: {
    ko: 'TwiML과 기본값이 다른 속성을 생략함 (<Record>의 playBeep 기본값 false, maxLength 60 등).',
    en: 'An omitted attribute whose default differs from TwiML (<Record> playBeep defaults to false, maxLength to 60 …).',
  },
  appliesTo: (spec) => spec !== undefined && changedDefaultsOf(spec.name).length > 0,
  findsNothingWith: (spec) => changedDefaultsOf(spec.name).map((d) => d.attribute),
  element(element, ctx, spec) {
    const tree = ctx.tree;
    if (tree.is(element, DYNAMIC_ATTRIBUTES)) return;
    // The list is only built once an omitted attribute is found.
    let omitted: ChangedDefault[] | undefined;
    const defaults = changedDefaultsOf(spec!.name);
    for (let i = 0; i < defaults.length; i++) {
      const d = defaults[i]!;
      if (tree.findAttribute(element, d.attribute) === NONE) (omitted ??= []).push(d);
    }
    if (omitted === undefined || ctx.leftOut(tree.nameStart(element), tree.nameEnd(element))) return;
    const list = omitted.map((d: ChangedDefault) => `${d.attribute}="${d.voiceml}" (TwiML: "${d.twiml}")`).join(', ');
    ctx.report({
      start: tree.nameStart(element),
      end: tree.nameEnd(element),
      message: MESSAGE,
      args: [spec!.name, list],
    });
  },
};

const MESSAGE = {
  ko: 'TwiML과 기본값이 다릅니다: {1}. 생략된 속성은 VoiceML 기본값으로 동작합니다.',
  en: 'Defaults differ from TwiML: {1}. Omitted attributes take the VoiceML default.',
};
