import { localize } from '../l10n';
import { getTwimlElement, plainText } from '../model';
import { DYNAMIC_NAME } from '../parser/tree';
import type { Rule } from './rule';

/** A TwiML element VoiceML does not support: the reference's reason and the VoiceML way instead. */
export const twimlElement: Rule = {
  name: 'twiml-element',
  severity: 'error',
  description: {
    ko: 'VoiceML이 지원하지 않는 TwiML 요소 (<Queue>, <Conference>, <Sip>, SSML 등)와 그 대안.',
    en: 'A TwiML element VoiceML does not support (<Queue>, <Conference>, <Sip>, SSML …), and the VoiceML way instead.',
  },
  // No TwiML element has a VoiceML name (the model's tests check it).
  appliesTo: (spec) => spec === undefined,
  element(element, ctx) {
    const tree = ctx.tree;
    if (tree.is(element, DYNAMIC_NAME)) return;
    const name = tree.name(element);
    const twiml = getTwimlElement(name);
    if (!twiml) return;
    ctx.report({
      start: tree.nameStart(element),
      end: tree.nameEnd(element),
      message: {
        ko: `<{0}>은(는) VoiceML에서 지원하지 않는 TwiML 요소입니다. ${localize(plainText(twiml.reason), 'ko')} ${localize(plainText(twiml.alternative), 'ko')}`,
        en: `<{0}> is a TwiML element VoiceML does not support. ${localize(plainText(twiml.reason), 'en')} ${localize(plainText(twiml.alternative), 'en')}`,
      },
      args: [name],
      covers: { start: tree.nameEnd(element), end: tree.end(element) },
    });
  },
};
