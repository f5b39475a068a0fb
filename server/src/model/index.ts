/**
 * The only way code reads the VoiceML model. The data is `schemas/voiceml.json`, bundled into the server at
 * build time; this module indexes it once, at load, so every lookup the rules make on every keystroke is a
 * Map access. Pure: no I/O, nothing mutable escapes.
 */

import data from '../../../schemas/voiceml.json';
import { isXmlSpace } from '../parser';
import { addWellKnownNames, occursAt } from '../parser/intern';
import type {
  AttributeSpec,
  BodySpec,
  Localized,
  ChangedDefault,
  ElementSpec,
  EnumValue,
  TwimlAttribute,
  TwimlElement,
  TwimlValue,
  TwilioHost,
  ValueType,
  VoiceMLModel,
} from './types';

export type * from './types';

/**
 * The JSON's inferred type widens string literals (`"kind": "integer"` becomes `string`), so it has to be
 * asserted; the model's own tests and the JSON Schema keep the file honest.
 */
export const model: VoiceMLModel = deepFreeze(uniform(data as unknown as VoiceMLModel));

/**
 * The model with every element, body, attribute and value type built with the same properties in the same
 * order (`undefined` where the data leaves one out; a value type has the fields of every kind, `valueType`).
 * The rules read them on every element of every keystroke: objects of one shape each are read by the JIT's
 * inline caches; the JSON's half-dozen shapes per kind made every such read a generic lookup.
 */
function uniform(data: VoiceMLModel): VoiceMLModel {
  const attribute = (a: AttributeSpec): AttributeSpec => ({ name: a.name, type: valueType(a.type), required: a.required, default: a.default, recommended: a.recommended, doc: a.doc });
  const body = (b: BodySpec): BodySpec => ({
    use: b.use,
    type: b.type && valueType(b.type),
    alternativeAttribute: b.alternativeAttribute,
    wrapStrayTextIn: b.wrapStrayTextIn,
    spokenIn: b.spokenIn,
    doc: b.doc,
  });
  const element = (e: ElementSpec): ElementSpec => ({
    name: e.name,
    role: e.role,
    doc: e.doc,
    verification: e.verification,
    attributes: e.attributes.map(attribute),
    children: e.children,
    body: body(e.body),
    endsCall: e.endsCall,
    firstVerb: e.firstVerb,
    actsAsWhenNotFirst: e.actsAsWhenNotFirst,
    outline: e.outline,
    example: e.example,
  });
  return { ...data, elements: data.elements.map(element) };
}

/**
 * A value type with every kind's fields, in one order (those of other kinds undefined): one shape for all of
 * them. Read as the JSON made them, a type of each kind had a shape of its own, and a rule compiled on the
 * types of one document was thrown away at the first attribute of another kind — in the first large document
 * opened after the warm-up (`services/warmUp.ts`), whose attributes are not the examples'.
 */
function valueType(type: ValueType): ValueType {
  const t = type as { kind: ValueType['kind']; min?: number; max?: number; values?: EnumValue[]; mistakes?: Record<string, string>; webhook?: true; allowEmpty?: boolean; owned?: true };
  return { kind: t.kind, min: t.min, max: t.max, values: t.values, mistakes: t.mistakes, webhook: t.webhook, allowEmpty: t.allowEmpty, owned: t.owned } as ValueType;
}

/**
 * Two-level indexes (outer key, inner key). The rules ask these on every attribute of every element on every
 * keystroke, so lookups must not build strings: nested Maps cost two hash lookups and allocate nothing.
 */
class Index2<T> {
  private readonly outer = new Map<string, Map<string, T>>();
  set(a: string, b: string, value: T): void {
    let inner = this.outer.get(a);
    if (!inner) this.outer.set(a, (inner = new Map()));
    inner.set(b, value);
  }
  get(a: string, b: string): T | undefined {
    return this.outer.get(a)?.get(b);
  }
  has(a: string, b: string): boolean {
    return this.outer.get(a)?.has(b) ?? false;
  }
  /** Everything under `a`, by inner key. */
  under(a: string): ReadonlyMap<string, T> | undefined {
    return this.outer.get(a);
  }
}

const elements = new Map<string, ElementSpec>();
const attributes = new Index2<AttributeSpec>();
const children = new Map<string, readonly string[]>();
const parents = new Map<string, string[]>();
for (const element of model.elements) {
  elements.set(element.name, element);
  children.set(element.name, Object.freeze(element.children.map((c) => c.name)));
  for (const attribute of element.attributes) attributes.set(element.name, attribute.name, attribute);
  for (const child of element.children) {
    const list = parents.get(child.name) ?? [];
    list.push(element.name);
    parents.set(child.name, list);
  }
}

const childSets = new Map<string, ReadonlySet<string>>([...children].map(([name, list]) => [name, new Set(list)]));

const twimlElements = new Map<string, TwimlElement>(model.twiml.elements.map((e) => [e.name, e]));
const twimlAttributes = new Index2<TwimlAttribute>();
for (const a of model.twiml.attributes) twimlAttributes.set(a.element, a.name, a);
/** TwiML values by element, then attribute; the innermost map is keyed by the normalised value. */
const twimlValues = new Index2<Map<string, TwimlValue>>();
for (const v of model.twiml.values) {
  let values = twimlValues.get(v.element, v.attribute);
  if (!values) twimlValues.set(v.element, v.attribute, (values = new Map()));
  values.set(normalizeListValue(v.value), v);
}
const changedDefaults = new Map<string, ChangedDefault[]>();
for (const change of model.twiml.changedDefaults) {
  const list = changedDefaults.get(change.element) ?? [];
  list.push(change);
  changedDefaults.set(change.element, list);
}

// A parsed tree's names are then the model's own strings: comparing them with the model's is one pointer test.
addWellKnownNames([
  ...model.elements.flatMap((e) => [e.name, ...e.attributes.map((a) => a.name)]),
  ...model.twiml.elements.map((e) => e.name),
  ...model.twiml.attributes.map((a) => a.name),
]);

/** Every VoiceML element name, in model order (Response first, then the verbs as the reference lists them). */
export const elementNames: readonly string[] = Object.freeze(model.elements.map((e) => e.name));

/** The elements that may stand directly in `<Response>`. */
export const verbNames: readonly string[] = Object.freeze(model.elements.filter((e) => e.role === 'verb').map((e) => e.name));

const documentChildren: readonly string[] = Object.freeze([model.root]);
const none: readonly string[] = Object.freeze([]);

/** The VoiceML element named exactly `name` (case-sensitive), or undefined. */
export function getElement(name: string): ElementSpec | undefined {
  return elements.get(name);
}

/** The attribute `name` of VoiceML element `element` (both case-sensitive), or undefined. */
export function getAttribute(element: string, name: string): AttributeSpec | undefined {
  return attributes.get(element, name);
}

/**
 * The attributes of VoiceML element `element` by name (undefined for an element that has none or is not
 * VoiceML): one lookup per element, then one per attribute, for code that checks every attribute it meets.
 */
export function attributesOf(element: string): ReadonlyMap<string, AttributeSpec> | undefined {
  return attributes.under(element);
}

/**
 * The names of the elements allowed directly inside `parent`, in model order; for `undefined` (the document
 * level) just the root. Unknown parents allow nothing.
 */
export function allowedChildren(parent: string | undefined): readonly string[] {
  if (parent === undefined) return documentChildren;
  return children.get(parent) ?? none;
}

/** True when the nesting table allows `child` directly inside `parent`. */
export function isAllowedChild(parent: string, child: string): boolean {
  return childrenAllowedIn(parent).has(child);
}

/** The names of the elements allowed directly inside `parent`, as a set; empty for unknown parents. */
export function childrenAllowedIn(parent: string): ReadonlySet<string> {
  return childSets.get(parent) ?? noChildren;
}

const noChildren: ReadonlySet<string> = new Set();

/** The elements `name` may sit in; empty for the root (it sits in the document) and for unknown names. */
export function parentsOf(name: string): readonly string[] {
  return parents.get(name) ?? none;
}

/** A TwiML element VoiceML does not support (`Queue`, `Sip`, SSML `break` …), by exact name. */
export function getTwimlElement(name: string): TwimlElement | undefined {
  return twimlElements.get(name);
}

/**
 * A TwiML attribute VoiceML does not have on `element`: the entry for that element first, then the one for
 * any element (`*`, e.g. `method`). Never an attribute the VoiceML element does have.
 */
export function getTwimlAttribute(element: string, name: string): TwimlAttribute | undefined {
  if (attributes.has(element, name)) return undefined;
  return twimlAttributes.get(element, name) ?? twimlAttributes.get('*', name);
}

/**
 * A TwiML value with its VoiceML replacement (or none): `track="inbound_track"` → `inbound`,
 * `input="speech"` → none. TwiML's `input` is a space-separated list, so runs of whitespace and the ends are
 * ignored when matching (`input=" dtmf  speech"`).
 */
export function getTwimlValue(element: string, attribute: string, value: string): TwimlValue | undefined {
  // Most attributes have no TwiML values at all: answer those without touching the value.
  const values = twimlValues.get(element, attribute);
  if (!values) return undefined;
  const exact = values.get(value);
  if (exact || !hasListSeparator(value)) return exact;
  return values.get(normalizeListValue(value));
}

/**
 * The attributes of `element` that have TwiML values at all (the pairs `getTwimlValue` knows), or undefined
 * when none has. Most attributes have none, and a caller can pass them over without reading their value
 * (which costs a string).
 */
export function attributesWithTwimlValues(element: string): { has(attribute: string): boolean } | undefined {
  return twimlValues.under(element);
}

/**
 * The Twilio host a URL's host belongs to (`handler.twilio.com`, any `*.twilio.com`), most specific first;
 * undefined for every other host. `host` in lower case.
 */
export function twilioHostOf(host: string): TwilioHost | undefined {
  return model.twiml.hosts.find((h) => host === h.host || host.endsWith(`.${h.host}`));
}

/**
 * The Twilio host (`twilioHostOf`) of the `http(s)://` URL written at `[start, end)` of `text`, white space
 * around it left out, with the URL's host in lower case; undefined for any other URL or text. Only the host is
 * read, so a URL with code after its host is read too. Every webhook URL of every document is read here on
 * every keystroke: a URL whose host is no Twilio host makes no string (and the usual one is rejected at its
 * first letters).
 */
export function twilioHostAt(text: string, start: number, end: number): { host: string; twilio: TwilioHost } | undefined {
  while (start < end && isTrimmedSpace(text.charCodeAt(start))) start++;
  while (end > start && isTrimmedSpace(text.charCodeAt(end - 1))) end--;
  const c = text.charCodeAt(start) | 0x20;
  if (c !== 0x68 || end - start < 8) return undefined; // h, H
  // A host: `http://` or `https://`, then letters, digits, dots and hyphens up to the end or / : ? #.
  let i = start + 4;
  if ((text.charCodeAt(i) | 0x20) === 0x73) i++; // s
  if (!occursAt(text, i, '://') || (text.charCodeAt(start + 1) | 0x20) !== 0x74 || (text.charCodeAt(start + 2) | 0x20) !== 0x74 || (text.charCodeAt(start + 3) | 0x20) !== 0x70) return undefined;
  const hostStart = i + 3;
  let hostEnd = hostStart;
  while (hostEnd < end && isHostCharacter(text.charCodeAt(hostEnd))) hostEnd++;
  if (hostEnd === hostStart || (hostEnd < end && !isHostEnd(text.charCodeAt(hostEnd)))) return undefined;
  if (!mayBeTwilioHost(text, hostStart, hostEnd)) return undefined;
  const host = HOST.exec(text.slice(start, end))?.[1]?.toLowerCase();
  const twilio = host === undefined ? undefined : twilioHostOf(host);
  return twilio && { host: host!, twilio };
}

/** `http(s)://host` and the host's end: the end of the URL, or a port, path, query or fragment. */
const HOST = /^https?:\/\/([a-z0-9.-]+)(?=$|[/:?#])/i;

/** A character of a host name as URLs write it: ASCII letters and digits, `.` and `-`. */
export const isHostCharacter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;
const isHostEnd = (c: number): boolean => c === 0x2f || c === 0x3a || c === 0x3f || c === 0x23;

const TWILIO_HOSTS: readonly string[] = model.twiml.hosts.map(({ host }) => host);

/** Does the host at `[start, end)` end (in any case) with one of Twilio's hosts, whole or after a dot? */
function mayBeTwilioHost(text: string, start: number, end: number): boolean {
  for (let h = 0; h < TWILIO_HOSTS.length; h++) {
    const host = TWILIO_HOSTS[h]!;
    const at = end - host.length;
    if (at < start || (at > start && text.charCodeAt(at - 1) !== 0x2e)) continue;
    let k = 0;
    while (k < host.length && (text.charCodeAt(at + k) | 0x20) === host.charCodeAt(k)) k++;
    if (k === host.length) return true;
  }
  return false;
}

/** The white space `String.prototype.trim` removes (ECMAScript WhiteSpace and LineTerminator), by UTF-16 code unit. */
export function isTrimmedSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Defaults of `element` that differ from TwiML's (a hint when porting). */
export function changedDefaultsOf(element: string): readonly ChangedDefault[] {
  return changedDefaults.get(element) ?? noChangedDefaults;
}

const noChangedDefaults: readonly ChangedDefault[] = Object.freeze([]);

/**
 * Model texts are Markdown (inline code in backticks, so `<Say>` survives a Markdown hover instead of being
 * taken for HTML). Diagnostics are plain text: this drops the backticks for them.
 */
export function plainText(text: Localized): Localized {
  // The model's texts are few and never change: each made plain once (a rule may say one on every element).
  let plain = plainTexts.get(text);
  if (plain === undefined) plainTexts.set(text, (plain = Object.freeze({ ko: text.ko.replaceAll('`', ''), en: text.en.replaceAll('`', '') })));
  return plain;
}

const plainTexts = new WeakMap<Localized, Localized>();

/** The model is shared by every request; freezing it turns an accidental mutation into an immediate error. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Does `value` hold white space that separates list items (XML white space)? */
function hasListSeparator(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (isXmlSpace(value.charCodeAt(i))) return true;
  return false;
}

/** The items of a white-space separated list, one space apart (` dtmf  speech ` → `dtmf speech`). */
function normalizeListValue(value: string): string {
  // A loop over the characters: linear on any input, and no array of empty strings for a value of white space.
  const items: string[] = [];
  let start = -1;
  for (let i = 0; i <= value.length; i++) {
    const separator = i === value.length || isXmlSpace(value.charCodeAt(i));
    if (separator && start >= 0) {
      items.push(value.slice(start, i));
      start = -1;
    } else if (!separator && start < 0) {
      start = i;
    }
  }
  return items.join(' ');
}
