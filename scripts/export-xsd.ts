/**
 * Writes `schemas/voiceml.xsd`, an XML Schema 1.0 for VoiceML derived from the model (`schemas/voiceml.json`),
 * for XML tools that do not speak LSP: XML editors, `xmllint --schema`, schema-aware code generators.
 *   npm run schema:xsd                                   rewrite the file
 *   node --import tsx scripts/export-xsd.ts --check      exit 1 when the committed file is stale
 *
 * The schema checks exactly what XSD can check the way `voiceml lint` does — nesting, unknown elements and
 * attributes, required attributes, text where none is allowed, required bodies, and attribute values of the
 * kinds in `EXACT_KINDS` — and nothing else, so a document the schema rejects is one our validator reports an
 * error in. Every pattern mirrors a check in `server/src/model/values.ts`; `test/unit/xsd.test.ts` holds the two
 * to that with `xmllint`. Where XSD cannot say what we check (URLs, flow, co-occurrence), the schema accepts and
 * says so in its documentation.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { model as voicemlModel, plainText } from '../server/src/model';
import type { AttributeSpec, ElementSpec, Localized, ValueType, VoiceMLModel } from '../server/src/model/types';
import { describeType } from '../server/src/model/values';

/**
 * Value kinds whose XSD type accepts exactly the values our validator accepts without an error. `url` is not
 * among them: our URL check knows host names, schemes and typos no pattern should encode, so URLs are plain
 * strings in the schema. `text` is free either way.
 */
export const EXACT_KINDS: ReadonlySet<ValueType['kind']> = new Set<ValueType['kind']>([
  'integer',
  'boolean',
  'enum',
  'wssUrl',
  'dtmfKey',
  'dtmfKeys',
  'dtmfString',
  'phoneNumber',
  'text',
]);

/**
 * The white space JavaScript's `String.prototype.trim` and `/\s/` see, restricted to characters XML allows (no
 * U+000B, U+000C). Our validator trims bodies and rejects URLs containing any of it, so the patterns must name
 * the same set; `test/unit/xsd.test.ts` checks this list against the engine.
 */
export const JS_WHITESPACE = '\t\n\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';
/** The same set inside an XSD character class (`\s` is XSD's own space, tab, CR, LF). */
const WS = '\\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/** XSD patterns are anchored at both ends: each is the whole value. */
const PATTERN = {
  /** Only XML white space: the content of an element without text and children (`<Hangup> </Hangup>`). */
  whitespace: '\\s*',
  /**
   * A required body (`<Say>` text, `<Redirect>` URL): something other than white space of any kind — a body of
   * no-break spaces says nothing, as `hasBody` in the rules has it.
   */
  someText: `[\\s\\S]*[^${WS}][\\s\\S]*`,
  dtmfKey: '[0-9*#]',
  dtmfKeyOrEmpty: '[0-9*#]?',
  dtmfKeys: '[0-9*#]+',
  /** `A`–`D` are accepted with a warning (undocumented keys), not an error: the schema accepts them. */
  dtmfString: '[0-9*#wWA-D]+',
  /** `checkWssUrl`: a `wss:` scheme in any case, `//`, an authority `authorityProblem` accepts, no space or `\`. */
  wssUrl: (() => {
    const port = '([0-9]{1,4}|[0-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])';
    const userinfo = `([^/?#\\\\${WS}]*@)?`;
    const bracketHost = `\\[[^\\]/?#@\\\\%"<>${WS}]*\\](:${port})?`;
    const plainHost = `[^\\[\\]/?#@\\\\%"<>:${WS}]+(:${port})?`;
    const rest = `([/?#][^\\\\${WS}]*)?`;
    return `[wW][sS][sS]://${userinfo}(${bracketHost}|${plainHost})${rest}`;
  })(),
  /**
   * `scanPhone`: a leading `+`, digits, `-`, space, `.` and non-nested parentheses. The digit count (3–15) is a
   * second pattern: patterns in successive derivation steps must all match.
   */
  phoneChars: '\\+?([0-9 .\\-]|\\([0-9 .\\-]*\\))*',
  phoneDigits: '[^0-9]*([0-9][^0-9]*){3,15}',
  /** Attribute values are not trimmed: a value may not start or end with white space. */
  noSurroundingSpace: '\\S([\\s\\S]*\\S)?',
};

/** Digits of non-negative integers from `lo` to `hi` (same length, no leading zeros unless length 1). */
function sameLengthRange(lo: string, hi: string): string {
  if (lo === hi) return lo;
  if (lo.length === 1) return lo === '0' && hi === '9' ? '[0-9]' : `[${lo}-${hi}]`;
  if (lo[0] === hi[0]) return lo[0] + sameLengthRange(lo.slice(1), hi.slice(1));
  const rest = lo.length - 1;
  const any = (n: number): string => (n === 1 ? '[0-9]' : `[0-9]{${n}}`);
  const allZero = /^0*$/.test(lo.slice(1));
  const allNine = /^9*$/.test(hi.slice(1));
  const parts: string[] = [];
  let first = Number(lo[0]);
  let last = Number(hi[0]);
  if (!allZero) parts.push(lo[0] + sameLengthRange(lo.slice(1), '9'.repeat(rest)));
  if (allZero) first--;
  if (!allNine) last--;
  if (first + 1 <= last) parts.push((first + 1 === last ? String(last) : `[${first + 1}-${last}]`) + any(rest));
  if (!allNine) parts.push(hi[0] + sameLengthRange('0'.repeat(rest), hi.slice(1)));
  return parts.length === 1 ? parts[0]! : `(${parts.join('|')})`;
}

/**
 * A pattern for decimal digit strings whose value is in [min, max] (no max: unbounded), leading zeros allowed,
 * as `checkInteger` reads them: digits only, no sign, no spaces, compared by value.
 */
export function integerPattern(min = 0, max?: number): string {
  if (!Number.isSafeInteger(min) || min < 0 || (max !== undefined && (!Number.isSafeInteger(max) || max < min || max >= 1e15))) {
    // `compareDigits` treats more than 15 significant digits as "beyond any limit"; larger bounds would differ.
    throw new Error(`integer range ${min}..${max ?? ''} cannot be exported exactly`);
  }
  if (max === undefined) {
    if (min === 0) return '[0-9]+';
    if (min === 1) return '0*[1-9][0-9]*';
  }
  const alternatives: string[] = [];
  const lo = String(min);
  const top = max === undefined ? '9'.repeat(lo.length) : String(max);
  for (let length = lo.length; length <= top.length; length++) {
    const from = length === lo.length ? lo : '1' + '0'.repeat(length - 1);
    const to = length === top.length ? top : '9'.repeat(length);
    alternatives.push(sameLengthRange(from, to));
  }
  if (max === undefined) alternatives.push(`[1-9][0-9]{${lo.length},}`);
  return `0*(${alternatives.join('|')})`;
}

/* ------------------------------------------------------------------------------------------------------------
 * Simple types
 * ---------------------------------------------------------------------------------------------------------- */

interface SimpleType {
  name: string;
  doc: Localized;
  /** The base: `xs:string` or another of our types (patterns of successive steps must all match). */
  base: string;
  patterns?: string[];
  enumeration?: { value: string; doc?: Localized }[];
}

const NOT_CHECKED: Localized = {
  ko: 'XSD는 이 값을 검사하지 않습니다 (voiceml lint와 편집기는 검사합니다).',
  en: 'The XSD does not check this value (voiceml lint and the editor do).',
};

class Schema {
  readonly types = new Map<string, SimpleType>();

  constructor(readonly m: VoiceMLModel) {}

  add(type: SimpleType): string {
    const known = this.types.get(type.name);
    if (known && JSON.stringify(known) !== JSON.stringify(type)) throw new Error(`two different types named ${type.name}`);
    this.types.set(type.name, type);
    return type.name;
  }

  /** The XSD type of an attribute value (not trimmed: what is written is what is checked). */
  attributeType(element: ElementSpec, attribute: AttributeSpec): string {
    const type = attribute.type;
    const doc = describeType(type);
    switch (type.kind) {
      case 'text':
        return 'xs:string';
      case 'url':
        return this.add({ name: 'Url', base: 'xs:string', doc: both(doc, NOT_CHECKED) });
      case 'enum':
        return this.add({
          name: element.name + attribute.name[0]!.toUpperCase() + attribute.name.slice(1),
          base: 'xs:string',
          doc,
          enumeration: type.values.map((v) => ({ value: v.value, doc: v.doc })),
        });
      case 'boolean':
        return this.add({ name: 'TrueOrFalse', base: 'xs:string', doc, enumeration: [{ value: 'true' }, { value: 'false' }] });
      case 'integer': {
        const name = type.max === undefined ? `IntegerFrom${type.min ?? 0}` : `Integer${type.min ?? 0}To${type.max}`;
        return this.add({ name, base: 'xs:string', doc, patterns: [integerPattern(type.min, type.max)] });
      }
      case 'dtmfKey':
        return type.allowEmpty
          ? this.add({ name: 'DtmfKeyOrEmpty', base: 'xs:string', doc, patterns: [PATTERN.dtmfKeyOrEmpty] })
          : this.add({ name: 'DtmfKey', base: 'xs:string', doc, patterns: [PATTERN.dtmfKey] });
      case 'dtmfKeys':
        return this.add({ name: 'DtmfKeys', base: 'xs:string', doc, patterns: [PATTERN.dtmfKeys] });
      case 'dtmfString':
        return this.add({ name: 'DtmfTones', base: 'xs:string', doc, patterns: [PATTERN.dtmfString] });
      case 'wssUrl':
        return this.add({ name: 'WssUrl', base: 'xs:string', doc, patterns: [PATTERN.wssUrl] });
      case 'phoneNumber':
        return this.add({ name: 'PhoneNumber', base: this.phoneDigits(), doc, patterns: [PATTERN.noSurroundingSpace] });
    }
  }

  /** A phone number as `scanPhone` reads it, with 3 to 15 digits; may have spaces at its ends. */
  private phoneDigits(): string {
    const chars = this.add({
      name: 'PhoneNumberCharacters',
      base: 'xs:string',
      doc: { ko: '전화번호에 쓸 수 있는 문자: 숫자, 맨 앞의 +, -, 공백, 점, 중첩되지 않은 괄호', en: 'Characters of a phone number: digits, a leading +, -, spaces, dots, parentheses (not nested)' },
      patterns: [PATTERN.phoneChars],
    });
    return this.add({
      name: 'PhoneNumberDigits',
      base: chars,
      doc: { ko: '숫자 3~15자리의 전화번호', en: 'A phone number of 3 to 15 digits' },
      patterns: [PATTERN.phoneDigits],
    });
  }

  /**
   * The XSD type of an element's text content. Bodies are trimmed before they are checked (`invalid-body`),
   * so the value patterns allow the white space `trim()` removes around them.
   */
  bodyType(element: ElementSpec): string {
    const body = element.body;
    if (body.use === 'none') {
      return this.add({
        name: 'NoText',
        base: 'xs:string',
        doc: { ko: '텍스트 없음 (공백만 허용)', en: 'No text (white space only)' },
        patterns: [PATTERN.whitespace],
      });
    }
    const type = body.type ?? { kind: 'text' };
    // `<Play digits="…"/>` needs no body: "a body or this attribute" is a co-occurrence constraint (XSD 1.1
    // assertions), so with an alternative attribute the body is optional here.
    const required = body.use === 'required' && body.alternativeAttribute === undefined;
    const name = `${element.name}Body`;
    const doc = both(body.doc ?? describeType(type), type.kind === 'url' ? NOT_CHECKED : undefined);
    if (type.kind === 'text' || type.kind === 'url') {
      return required ? this.add({ name, base: 'xs:string', doc, patterns: [PATTERN.someText] }) : this.add({ name, base: 'xs:string', doc });
    }
    if (type.kind !== 'phoneNumber' || !required) {
      // Each other kind needs its own pattern for "valid once trimmed", as below for phone numbers; none does yet.
      throw new Error(`<${element.name}>: a ${body.use} ${type.kind} body is not supported by the exporter yet`);
    }
    // `phoneChars` already allows spaces at the ends; around it, the rest of what trim() removes.
    const chars = this.add({
      name: `${element.name}BodyCharacters`,
      base: 'xs:string',
      doc: { ko: '앞뒤 공백을 뺀 전화번호 문자', en: 'Phone number characters, surrounding white space aside' },
      patterns: [`[${WS}]*${PATTERN.phoneChars}[${WS}]*`],
    });
    return this.add({ name, base: chars, doc, patterns: [PATTERN.phoneDigits] });
  }
}

/* ------------------------------------------------------------------------------------------------------------
 * Output
 * ---------------------------------------------------------------------------------------------------------- */

function both(a: Localized, b: Localized | undefined): Localized {
  return b ? { ko: `${a.ko}\n\n${b.ko}`, en: `${a.en}\n\n${b.en}` } : a;
}

/** Text and attribute values escaped for XML; `ascii` also turns every non-ASCII character into a reference. */
function escape(text: string, ascii = false): string {
  let out = text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  if (ascii) out = out.replace(/[^\x20-\x7e]/gu, (c) => `&#x${c.codePointAt(0)!.toString(16).toUpperCase()};`);
  return out;
}

class Writer {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text: string): void {
    this.lines.push('  '.repeat(this.depth) + text);
  }
  open(text: string): void {
    this.line(text);
    this.depth++;
  }
  close(text: string): void {
    this.depth--;
    this.line(text);
  }
  docs(text: Localized | undefined): void {
    if (!text) return;
    const plain = plainText(text);
    this.open('<xs:annotation>');
    for (const lang of ['ko', 'en'] as const) {
      // Indented continuation lines would become part of the text: documentation is written flush left.
      this.lines.push(`${'  '.repeat(this.depth)}<xs:documentation xml:lang="${lang}">${escape(plain[lang])}</xs:documentation>`);
    }
    this.close('</xs:annotation>');
  }
  toString(): string {
    return this.lines.join('\n') + '\n';
  }
}

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

const SCHEMA_DOC: Localized = {
  ko: [
    'VoiceML (ClawOps의 TwiML 호환 통화 제어 XML) 스키마. schemas/voiceml.json 모델에서 생성됩니다 (npm run schema:xsd). 직접 고치지 마세요.',
    '',
    '이 스키마가 검사하는 것: 요소 중첩과 자식 개수, 알 수 없는 요소와 속성, 필수 속성, 텍스트를 둘 수 없는 곳의 텍스트, 필수 본문, 속성 값의 형식 (정수 범위, true/false, 허용 값 목록, wss:// URL, DTMF 키, 전화번호).',
    '검사하지 않는 것 (voiceml lint와 편집기는 검사합니다): http(s) URL의 형식, 실행 흐름 (<Reject>가 첫 동사가 아님, <Hangup> 뒤의 동사), <Play>의 본문 또는 digits 중 하나 (동시 조건), TwiML 값 (input="speech"), 권장 속성과 TwiML과 다른 기본값, 네임스페이스 (VoiceML에는 네임스페이스가 없습니다).',
    'TwiML 속성 (voice, method …)은 플랫폼이 무시하므로 받아들입니다. 각 속성의 설명에 그렇게 적혀 있습니다.',
  ].join('\n'),
  en: [
    'Schema of VoiceML, the TwiML-compatible call-control XML of ClawOps. Generated from the model schemas/voiceml.json (npm run schema:xsd); do not edit.',
    '',
    'What it checks: nesting and child counts, unknown elements and attributes, required attributes, text where none is allowed, required bodies, and attribute values (integer ranges, true/false, allowed values, wss:// URLs, DTMF keys, phone numbers).',
    'What it does not check (voiceml lint and the editor do): the form of http(s) URLs, the call flow (<Reject> not first, verbs after <Hangup>), a <Play> body or digits (a co-occurrence constraint), TwiML values (input="speech"), recommended attributes and defaults that differ from TwiML, namespaces (VoiceML has none).',
    'TwiML attributes (voice, method …) are accepted, because the platform ignores them; their documentation says so.',
  ].join('\n'),
};

/** The XSD for `m` (the VoiceML model by default), as the text of `schemas/voiceml.xsd`. */
export function exportXsd(m: VoiceMLModel = voicemlModel): string {
  const schema = new Schema(m);
  const byName = new Map(m.elements.map((e) => [e.name, e]));
  const w = new Writer();
  w.line('<?xml version="1.0" encoding="UTF-8"?>');
  w.line('<!-- Generated from schemas/voiceml.json by scripts/export-xsd.ts (npm run schema:xsd). Do not edit. -->');
  w.open('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">');
  w.docs(SCHEMA_DOC);

  const root = byName.get(m.root);
  if (!root) throw new Error(`the root element ${m.root} is not in the model`);
  // Only the root is global, so only <Response> is accepted as a document's root element.
  w.open(`<xs:element name="${root.name}" type="${root.name}Type">`);
  w.docs(elementDoc(root));
  w.close('</xs:element>');

  // Simple types are collected while the complex types are written, and follow them.
  for (const element of m.elements) writeComplexType(w, element, schema, byName);

  for (const type of [...schema.types.values()].sort((a, b) => a.name.localeCompare(b.name))) {
    w.open(`<xs:simpleType name="${type.name}">`);
    w.docs(type.doc);
    w.open(`<xs:restriction base="${type.base}">`);
    for (const pattern of type.patterns ?? []) w.line(`<xs:pattern value="${escape(pattern, true)}"/>`);
    for (const value of type.enumeration ?? []) {
      if (!value.doc) {
        w.line(`<xs:enumeration value="${escape(value.value, true)}"/>`);
        continue;
      }
      w.open(`<xs:enumeration value="${escape(value.value, true)}">`);
      w.docs(value.doc);
      w.close('</xs:enumeration>');
    }
    w.close('</xs:restriction>');
    w.close('</xs:simpleType>');
  }
  w.close('</xs:schema>');
  return w.toString();
}

function elementDoc(element: ElementSpec): Localized {
  return both(element.doc, element.verification?.note);
}

function writeComplexType(w: Writer, element: ElementSpec, schema: Schema, byName: Map<string, ElementSpec>): void {
  w.open(`<xs:complexType name="${element.name}Type">`);
  if (element.children.length > 0) {
    if (element.body.use !== 'none') throw new Error(`<${element.name}>: text and child elements together (mixed content) cannot be typed in XSD`);
    writeContentModel(w, element, byName);
    writeAttributes(w, element, schema);
  } else {
    w.open('<xs:simpleContent>');
    w.open(`<xs:extension base="${schema.bodyType(element)}">`);
    writeAttributes(w, element, schema);
    w.close('</xs:extension>');
    w.close('</xs:simpleContent>');
  }
  w.close('</xs:complexType>');
}

/**
 * The nesting table as a content model. Children without bounds may come in any order and number; one child
 * with bounds (`<Dial>`: exactly one `<Number>`) is counted among them: `U*, (B, U*){min,max}`. Two bounded
 * children in any order would need every interleaving spelled out (`xs:all` allows neither `maxOccurs > 1`
 * nor unbounded siblings in XSD 1.0), so the exporter refuses rather than write a schema that disagrees.
 */
function writeContentModel(w: Writer, element: ElementSpec, byName: Map<string, ElementSpec>): void {
  const bounded = element.children.filter((c) => (c.min ?? 0) > 0 || c.max !== undefined);
  const free = element.children.filter((c) => !bounded.includes(c));
  if (bounded.length > 1) throw new Error(`<${element.name}>: more than one counted child cannot be expressed in XSD 1.0`);
  const child = (name: string, occurs = ''): void => {
    const spec = byName.get(name);
    if (!spec) throw new Error(`<${element.name}> allows <${name}>, which is not in the model`);
    w.open(`<xs:element name="${name}" type="${name}Type"${occurs}>`);
    w.docs(elementDoc(spec));
    w.close('</xs:element>');
  };
  const freeChoice = (): void => {
    if (free.length === 0) return;
    w.open('<xs:choice minOccurs="0" maxOccurs="unbounded">');
    for (const c of free) child(c.name);
    w.close('</xs:choice>');
  };
  const [counted] = bounded;
  if (!counted) {
    freeChoice();
    return;
  }
  const occurs = ` minOccurs="${counted.min ?? 0}" maxOccurs="${counted.max ?? 'unbounded'}"`;
  w.open('<xs:sequence>');
  if (free.length === 0) {
    child(counted.name, occurs);
  } else {
    freeChoice();
    w.open(`<xs:sequence${occurs}>`);
    child(counted.name);
    freeChoice();
    w.close('</xs:sequence>');
  }
  w.close('</xs:sequence>');
}

function writeAttributes(w: Writer, element: ElementSpec, schema: Schema): void {
  for (const attribute of element.attributes) {
    const use = attribute.required ? ' use="required"' : attribute.default !== undefined ? ` default="${escape(attribute.default, true)}"` : '';
    w.open(`<xs:attribute name="${attribute.name}" type="${schema.attributeType(element, attribute)}"${use}>`);
    w.docs(attribute.doc);
    w.close('</xs:attribute>');
  }
  // TwiML attributes the platform ignores: a warning in the editor, so the schema must not reject them.
  const own = new Set(element.attributes.map((a) => a.name));
  const twiml = schema.m.twiml.attributes.filter((a) => (a.element === element.name || a.element === '*') && !own.has(a.name));
  const seen = new Set<string>();
  for (const attribute of [...twiml.filter((a) => a.element !== '*'), ...twiml.filter((a) => a.element === '*')]) {
    if (seen.has(attribute.name)) continue;
    seen.add(attribute.name);
    w.open(`<xs:attribute name="${attribute.name}" type="xs:string">`);
    w.docs({
      ko: `TwiML 속성입니다. VoiceML에는 없어 플랫폼이 무시합니다. ${attribute.reason.ko}`,
      en: `A TwiML attribute VoiceML does not have; the platform ignores it. ${attribute.reason.en}`,
    });
    w.close('</xs:attribute>');
  }
  // `xml:lang`, `xml:space` … are allowed on every element, as in our validator.
  w.line(`<xs:anyAttribute namespace="${XML_NAMESPACE}" processContents="skip"/>`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = fileURLToPath(new URL('../schemas/voiceml.xsd', import.meta.url));
  const xsd = exportXsd();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== xsd) {
      console.error('schemas/voiceml.xsd is out of date: run npm run schema:xsd');
      process.exit(1);
    }
  } else {
    writeFileSync(file, xsd);
    console.log(`wrote schemas/voiceml.xsd (${xsd.length} characters)`);
  }
}
