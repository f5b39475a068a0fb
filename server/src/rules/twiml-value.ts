import { attributesWithTwimlValues, getTwimlValue, plainText } from '../model';
import { VALUE_DYNAMIC } from '../parser/tree';
import type { Rule } from './rule';
import { changeTo } from './support';

/** A TwiML value: `track="inbound_track"` → `inbound`; `input="speech"` (VoiceML gathers DTMF only). */
export const twimlValue: Rule = {
  name: 'twiml-value',
  severity: 'error',
  description: {
    ko: 'VoiceML에서 쓰지 않는 TwiML 값 (track="inbound_track" → "inbound", input="speech" 미지원).',
    en: 'A TwiML value VoiceML does not use (track="inbound_track" → "inbound"; input="speech" is not supported).',
  },
  // TwiML values are listed for VoiceML elements only (the model's tests check it), and for few of them.
  appliesTo: (spec) => spec !== undefined && attributesWithTwimlValues(spec.name) !== undefined,
  elementsWith: 'value-not-plain',
  element(element, ctx, spec) {
    const tree = ctx.tree;
    const elementName = spec!.name;
    // Most attributes have no TwiML values: pass them over without reading their value (a string).
    const candidates = attributesWithTwimlValues(elementName)!;
    const end = tree.attributesEnd(element);
    for (let attribute = tree.firstAttribute(element); attribute < end; attribute++) {
      // A fine VoiceML value is no TwiML one (the model's tests check it): most values end here.
      if (ctx.valueIsPlainlyValid(attribute)) continue;
      if (!tree.hasValue(attribute) || tree.attributeIs(attribute, VALUE_DYNAMIC)) continue;
      const name = tree.attributeName(attribute);
      if (!candidates.has(name)) continue;
      const value = tree.attributeValue(attribute)!;
      const twiml = getTwimlValue(elementName, name, value);
      if (!twiml) continue;
      const valueStart = tree.valueInnerStart(attribute);
      const valueEnd = tree.valueInnerEnd(attribute);
      if (ctx.leftOut(valueStart, valueEnd)) continue;
      ctx.report({
        start: valueStart,
        end: valueEnd,
        message: twiml.replacement ? REPLACED : UNSUPPORTED,
        args: [name, value, twiml.replacement ?? '', plainText(twiml.reason)],
        fixes: twiml.replacement ? changeTo(twiml.replacement, { start: valueStart, end: valueEnd }, { quoted: true, safe: true }) : undefined,
      });
    }
  },
};

const REPLACED = {
  ko: '{0}="{1}"은(는) TwiML 값입니다. VoiceML에서는 "{2}"를 씁니다. {3}',
  en: '{0}="{1}" is a TwiML value; VoiceML takes "{2}". {3}',
};
const UNSUPPORTED = { ko: '{0}="{1}"은(는) VoiceML에서 지원하지 않습니다. {3}', en: '{0}="{1}" is not supported in VoiceML. {3}' };
