import { getTwimlAttribute, getTwimlValue, plainText } from '../model';
import type { AttributeId, XmlTree } from '../parser/tree';
import type { Fix, Rule } from './rule';
import { removeAttributeFix } from './support';

/** A TwiML attribute VoiceML does not have (`method`, `voice`, `hints` …): the platform ignores it. */
export const twimlAttribute: Rule = {
  name: 'twiml-attribute',
  severity: 'warning',
  description: {
    ko: 'VoiceML에 없는 TwiML 속성 (method, voice, hints, trim 등): 플랫폼이 무시합니다.',
    en: 'A TwiML attribute VoiceML does not have (method, voice, hints, trim …): the platform ignores it.',
  },
  elementsWith: 'attribute-outside-model',
  element(element, ctx, spec) {
    if (!spec || !ctx.hasAttributeOutsideModel(element)) return;
    const tree = ctx.tree;
    const end = tree.attributesEnd(element);
    for (let attribute = tree.firstAttribute(element); attribute < end; attribute++) {
      if (ctx.attributeSpecOf(attribute)) continue;
      const name = tree.attributeName(attribute);
      const elementName = tree.name(element);
      const twiml = getTwimlAttribute(elementName, name);
      if (!twiml || (tree.hasValue(attribute) && getTwimlValue(elementName, name, tree.attributeValue(attribute)!))) continue;
      if (ctx.leftOut(tree.attributeNameStart(attribute), tree.attributeNameEnd(attribute))) continue;
      ctx.report({
        start: tree.attributeNameStart(attribute),
        end: tree.attributeNameEnd(attribute),
        message: MESSAGE,
        args: [name, plainText(twiml.reason)],
        tags: ['unnecessary'],
        fixes: removal(tree, attribute),
      });
    }
  },
};

/** The fix removing the attribute (made when it is asked for; a function, so that the loop makes no closure). */
function removal(tree: XmlTree, attribute: AttributeId): () => Fix[] {
  return () => [removeAttributeFix(tree, attribute, { preferred: true, safe: true })];
}

const MESSAGE = {
  ko: '{0}은(는) TwiML 속성이라 플랫폼이 무시합니다. {1}',
  en: '{0} is a TwiML attribute; the platform ignores it. {1}',
};
