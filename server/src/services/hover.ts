/**
 * Hover: the model's documentation for the element, attribute or value under the cursor (the same Markdown
 * completion shows, from `docs.ts`); for TwiML look-alikes, that VoiceML does not support them and what to
 * do instead; for a phone number body, the domestic form the platform dials. The hover's range is exactly
 * the hovered name or value.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { MarkupKind, type Hover } from 'vscode-languageserver-types';
import type { Locale } from '../l10n';
import { getAttribute, getElement, getTwimlAttribute, getTwimlElement, getTwimlValue } from '../model';
import type { VoiceMLRegion } from '../document/region';
import type { XmlAttribute, XmlAttributeValue, XmlElement, XmlParent } from '../parser/ast';
import { PLACEHOLDER } from '../parser';
import { bodyOf } from '../rules/support';
import { attributeDoc, elementDoc, phoneNumberDoc, twimlAttributeDoc, twimlElementDoc, twimlValueDoc, valueDoc } from './docs';
import { builtRegionAt, regionAt } from '../document/regions';
import { spotAt } from './locate';

interface Found {
  markdown: string;
  /** Region offsets. */
  start: number;
  end: number;
}

/** The hover at `offset` (a document offset) among the document's VoiceML regions, or null. */
export function getHover(document: TextDocument, regions: readonly VoiceMLRegion[], offset: number, locale: Locale): Hover | null {
  // In a string holding VoiceML, or on a builder call's method name, option key or value.
  const at = regionAt(regions, offset) ?? builtRegionAt(regions, offset);
  if (!at) return null;
  const { region } = at;
  const spot = spotAt(region.tree, region.xml, at.offset);
  let found: Found | undefined;
  switch (spot.kind) {
    case 'startTagName':
      found = elementHover(spot.element, spot.element.nameStart, spot.element.nameEnd, locale);
      break;
    case 'endTagName':
      // `</${tag}>`: whatever the substitution produces, it is not known to be this element.
      if (!spot.endTag.name.includes(PLACEHOLDER)) found = elementHover(spot.element, spot.endTag.nameStart, spot.endTag.nameEnd, locale);
      break;
    case 'attributeName':
      found = attributeHover(spot.element, spot.attribute, locale);
      break;
    case 'attributeValue':
      found = valueHover(spot.element, spot.attribute, spot.value, locale);
      break;
    case 'content':
      found = spot.text ? bodyHover(spot.parent, region, at.offset, locale) : undefined;
      break;
    case 'startTag':
    case 'other':
      break;
  }
  if (!found) return null;
  const range = region.mapping ? region.mapping.range(found.start, found.end) : { start: region.offset + found.start, end: region.offset + found.end };
  return {
    contents: { kind: MarkupKind.Markdown, value: found.markdown },
    range: { start: document.positionAt(range.start), end: document.positionAt(range.end) },
  };
}

function elementHover(element: XmlElement, start: number, end: number, locale: Locale): Found | undefined {
  // A name with a template substitution in it could become anything; a bare `<` has no name to explain.
  if (element.dynamicName || element.name === '') return undefined;
  const spec = getElement(element.name);
  if (spec) return { markdown: elementDoc(spec, locale), start, end };
  const twiml = getTwimlElement(element.name);
  if (twiml) return { markdown: twimlElementDoc(twiml, locale), start, end };
  return undefined;
}

function attributeHover(element: XmlElement, attribute: XmlAttribute, locale: Locale): Found | undefined {
  if (element.dynamicName) return undefined;
  const markdown = attributeMarkdown(element.name, attribute.name, locale);
  return markdown === undefined ? undefined : { markdown, start: attribute.nameStart, end: attribute.nameEnd };
}

function attributeMarkdown(elementName: string, attributeName: string, locale: Locale): string | undefined {
  const spec = getElement(elementName);
  const attributeSpec = spec && getAttribute(elementName, attributeName);
  if (spec && attributeSpec) return attributeDoc(spec, attributeSpec, locale);
  const twiml = getTwimlAttribute(elementName, attributeName);
  return twiml ? twimlAttributeDoc(attributeName, twiml, locale) : undefined;
}

/**
 * On a value: its own doc when the model has one (an enum value, `true`, a DTMF key, a phone number's
 * domestic form), else a TwiML value's replacement, else the attribute's doc — hovering a URL still tells
 * what the URL is for.
 */
function valueHover(element: XmlElement, attribute: XmlAttribute, value: XmlAttributeValue, locale: Locale): Found | undefined {
  if (element.dynamicName || value.dynamic || value.valueStart === value.valueEnd) return undefined;
  const range = { start: value.valueStart, end: value.valueEnd };
  const spec = getElement(element.name);
  const attributeSpec = spec && getAttribute(element.name, attribute.name);
  if (spec && attributeSpec) {
    const own = valueDoc(spec, attributeSpec, value.value, locale);
    if (own !== undefined) return { markdown: own, ...range };
  }
  const twiml = getTwimlValue(element.name, attribute.name, value.value);
  if (twiml) return { markdown: twimlValueDoc(value.value, twiml, locale), ...range };
  const markdown = attributeMarkdown(element.name, attribute.name, locale);
  return markdown === undefined ? undefined : { markdown, ...range };
}

/** In the text body of an element whose body is a phone number (`<Number>`): the normalized form. */
function bodyHover(parent: XmlParent, region: VoiceMLRegion, offset: number, locale: Locale): Found | undefined {
  if (parent.kind !== 'element' || parent.dynamicName) return undefined;
  const type = getElement(parent.name)?.body.type;
  if (type?.kind !== 'phoneNumber') return undefined;
  const body = bodyOf(region.tree, region.tree.nodeStartingAt(parent.start));
  if (body.dynamic || body.start === body.end || offset < body.start || offset > body.end) return undefined;
  return { markdown: phoneNumberDoc(body.value, locale), start: body.start, end: body.end };
}
