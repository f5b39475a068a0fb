import { getTwimlValue, plainText } from '../model';
import type { Fix, Rule } from './rule';

/** A TwiML value: `track="inbound_track"` → `inbound`; `input="speech"` (VoiceML gathers DTMF only). */
export const twimlValue: Rule = {
  name: 'twiml-value',
  severity: 'error',
  description: {
    ko: 'VoiceML에서 쓰지 않는 TwiML 값 (track="inbound_track" → "inbound", input="speech" 미지원).',
    en: 'A TwiML value VoiceML does not use (track="inbound_track" → "inbound"; input="speech" is not supported).',
  },
  element(element, ctx) {
    if (element.dynamicName) return;
    for (const attribute of element.attributes) {
      const value = attribute.value;
      if (!value || value.dynamic) continue;
      const twiml = getTwimlValue(element.name, attribute.name, value.value);
      if (!twiml) continue;
      const fixes: Fix[] = twiml.replacement
        ? [
            {
              title: { ko: '"{0}"(으)로 바꾸기', en: 'Change to "{0}"' },
              args: [twiml.replacement],
              edits: [{ start: value.valueStart, end: value.valueEnd, newText: twiml.replacement }],
              preferred: true,
              safe: true,
            },
          ]
        : [];
      ctx.report({
        start: value.valueStart,
        end: value.valueEnd,
        message: twiml.replacement
          ? {
              ko: '{0}="{1}"은(는) TwiML 값입니다. VoiceML에서는 "{2}"를 씁니다. {3}',
              en: '{0}="{1}" is a TwiML value. VoiceML uses "{2}". {3}',
            }
          : { ko: '{0}="{1}"은(는) VoiceML에서 지원하지 않습니다. {3}', en: '{0}="{1}" is not supported in VoiceML. {3}' },
        args: [attribute.name, value.value, twiml.replacement ?? '', plainText(twiml.reason)],
        fixes,
      });
    }
  },
};
