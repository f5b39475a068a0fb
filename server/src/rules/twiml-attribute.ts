import { getAttribute, getTwimlAttribute, getTwimlValue, plainText } from '../model';
import type { Rule } from './rule';
import { removeAttributeFix } from './support';

/** A TwiML attribute VoiceML does not have (`method`, `voice`, `hints` …): the platform ignores it. */
export const twimlAttribute: Rule = {
  name: 'twiml-attribute',
  severity: 'warning',
  description: {
    ko: 'VoiceML에 없는 TwiML 속성 (method, voice, hints, trim 등): 플랫폼이 무시합니다.',
    en: 'A TwiML attribute VoiceML does not have (method, voice, hints, trim …): the platform ignores it.',
  },
  element(element, ctx, spec) {
    if (!spec) return;
    for (const attribute of element.attributes) {
      if (getAttribute(spec.name, attribute.name)) continue;
      const twiml = getTwimlAttribute(element.name, attribute.name);
      if (!twiml || (attribute.value && getTwimlValue(element.name, attribute.name, attribute.value.value))) continue;
      const fix = removeAttributeFix(attribute, ctx.text);
      ctx.report({
        start: attribute.nameStart,
        end: attribute.nameEnd,
        message: {
          ko: '{0}은(는) TwiML 속성으로, VoiceML에는 없어 무시됩니다. {1}',
          en: '{0} is a TwiML attribute that VoiceML does not have; it is ignored. {1}',
        },
        args: [attribute.name, plainText(twiml.reason)],
        tags: ['unnecessary'],
        fixes: [{ ...fix, preferred: true, safe: true }],
      });
    }
  },
};
