/**
 * An element summed up on one line, as the outline and the call-flow graph show it: the name as written and what
 * makes it recognisable at a glance — `Gather numDigits=4 → /verify-2`, `Say "안녕하세요…"`, `Dial → 01099991111`.
 * Which attributes (or body) make it recognisable is model data (`ElementSpec.outline`); how a value is written
 * follows its model type.
 */
import { getAttribute, getElement } from '../model';
import type { ElementSpec, ValueType } from '../model/types';
import { PLACEHOLDER, type XmlElement } from '../parser/ast';

/** Say's text is trimmed to about this many characters (code points); enough to tell prompts apart. */
const TEXT_LIMIT = 30;
/** URLs and other values are kept longer: their distinguishing part is usually the tail (`/verify-2`). */
const VALUE_LIMIT = 60;

/**
 * `Gather numDigits=4 → /verify-2`: the name as written, then the outline entries that have a value. Each
 * substitution in them reads as `dynamic` (the host's `substitutionLabel`). The call-flow graph shows verbs so too.
 */
export function elementSummary(element: XmlElement, dynamic: string): string {
  const spec = element.dynamicName ? undefined : getElement(element.name);
  const parts = [showDynamic(element.name, dynamic)];
  for (const entry of spec?.outline ?? []) {
    const part = describeEntry(element, spec!, entry, dynamic);
    if (part !== undefined) parts.push(part);
  }
  return parts.join(' ');
}

function describeEntry(element: XmlElement, spec: ElementSpec, entry: string, dynamic: string): string | undefined {
  if (entry === '#text') return describeBody(element, spec, dynamic);
  if (entry.startsWith('<') && entry.endsWith('>')) {
    const childName = entry.slice(1, -1);
    const child = element.children.find((c): c is XmlElement => c.kind === 'element' && c.name === childName);
    const childSpec = getElement(childName);
    return child && childSpec ? describeBody(child, childSpec, dynamic) : undefined;
  }
  const attribute = element.attributes.find((a) => a.name === entry);
  if (!attribute?.value) return undefined;
  const value = attribute.value.value;
  const type = getAttribute(spec.name, entry)?.type;
  if (type?.kind === 'url' || type?.kind === 'wssUrl') {
    const shown = clip(showDynamic(value.trim(), dynamic), VALUE_LIMIT);
    return type.kind === 'url' ? `→ ${shown}` : shown;
  }
  const shown = clip(showDynamic(value, dynamic), VALUE_LIMIT);
  return `${entry}=${shown === '' || /\s/.test(shown) ? `"${shown}"` : shown}`;
}

/** The element's text body (text and CDATA), written as its model type reads best; undefined when empty. */
function describeBody(element: XmlElement, spec: ElementSpec, dynamic: string): string | undefined {
  let text = '';
  for (const child of element.children) if (child.kind === 'text' || child.kind === 'cdata') text += child.value;
  const flat = flatten(showDynamic(text, dynamic));
  if (flat === '') return undefined;
  return describeValue(flat, spec.body.type);
}

function describeValue(value: string, type: ValueType | undefined): string {
  switch (type?.kind) {
    case 'text':
    case undefined:
      return `"${clip(value, TEXT_LIMIT)}"`;
    // Where the call goes next: a webhook to fetch, a number to dial.
    case 'url':
    case 'phoneNumber':
      return `→ ${clip(value, VALUE_LIMIT)}`;
    default:
      return clip(value, VALUE_LIMIT);
  }
}

/** A multi-line prompt as one line (in a tree, in a graph): runs of XML white space as one space, trimmed. */
export function flatten(text: string): string {
  return text.replace(/[ \t\r\n]+/g, ' ').trim();
}

/** At most `limit` code points (never half a surrogate pair), with `…` when cut. */
function clip(value: string, limit: number): string {
  const points = Array.from(value);
  return points.length <= limit ? value : points.slice(0, limit - 1).join('').trimEnd() + '…';
}

/** Substitutions (placeholder runs in embedded documents) read as `dynamic`, not as private-use glyphs. */
function showDynamic(value: string, dynamic: string): string {
  return value.includes(PLACEHOLDER) ? value.replace(new RegExp(`${PLACEHOLDER}+`, 'g'), dynamic) : value;
}
