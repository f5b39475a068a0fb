/**
 * The exported XSD (`schemas/voiceml.xsd`) against our validator. The committed file must be a fresh export, and
 * on every document we have — the examples, the documents of the rules tests, and documents generated from the
 * model to probe each element, attribute type and nesting rule at its edges — `xmllint --schema` must accept
 * exactly the documents in which our validator finds no error of a kind XSD can express.
 *
 * Which kinds those are is decided below, rule by rule, with the reason (`OUTSIDE_XSD`, `partlyOutside`);
 * documents an XML processor reads differently from us for reasons unrelated to the schema are not compared
 * (`NOT_COMPARED`). Everything not listed is compared, so a new rule that XSD cannot express shows up here as a
 * disagreement until it is classified.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { EXACT_KINDS, JS_WHITESPACE, exportXsd, integerPattern } from '../../scripts/export-xsd';
import { getLanguageService } from '../../server/src/languageService';
import { getAttribute, getElement, model, parentsOf } from '../../server/src/model';
import type { ElementSpec, ValueType } from '../../server/src/model/types';
import { checkValue } from '../../server/src/model/values';
import type { XmlDocument, XmlElement } from '../../server/src/parser/ast';
import { allDocumentCases } from '../fixtures/documents';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const XSD = join(ROOT, 'schemas/voiceml.xsd');

/* ------------------------------------------------------------------------------------------------------------
 * What XSD 1.0 cannot express
 * ---------------------------------------------------------------------------------------------------------- */

/** Rules whose findings XSD cannot express at all, and why. They are left out of our verdict. */
const OUTSIDE_XSD: Readonly<Record<string, string>> = {
  'reject-not-first': 'flow: whether <Reject> is the first verb depends on its siblings, not on its content; and it is a warning',
  'unreachable-verb': 'flow: what follows a verb that ends the call; a warning',
  'recommended-attribute': 'advice (information): omitting action is valid',
  'changed-default': 'advice for TwiML users (hint): omitting an attribute is valid',
  'twiml-attribute': 'advice (warning): the platform ignores TwiML attributes, so the schema declares them as plain strings',
  'conflicting-body': 'a co-occurrence constraint (a body and digits together), and a warning',
  injection: 'JavaScript/TypeScript templates only: an .xml document has no ${…}',
};

/** Findings outside XSD for some elements or values only: the reason, or undefined when XSD must agree. */
function partlyOutside(rule: string, xml: XmlDocument, start: number): string | undefined {
  switch (rule) {
    case 'missing-body': {
      const element = elementsOf(xml).find((e) => e.nameStart === start);
      return element && getElement(element.name)?.body.alternativeAttribute
        ? '"a body or this attribute" (<Play> URL or digits) is a co-occurrence constraint: XSD 1.1 assertions, not 1.0'
        : undefined;
    }
    case 'invalid-body': {
      const element = elementsOf(xml).find((e) => e.startTagEnd <= start && start <= (e.endTag?.start ?? e.end) && getElement(e.name)?.body.type);
      const kind = element && getElement(element.name)!.body.type!.kind;
      return kind && !EXACT_KINDS.has(kind) ? `our ${kind} check (schemes, host names, typos) is not a pattern` : undefined;
    }
    case 'invalid-attribute-value':
    case 'twiml-value': {
      for (const element of elementsOf(xml)) {
        for (const attribute of element.attributes) {
          const value = attribute.value;
          if (!value || start < value.start || start > value.end) continue;
          const spec = getAttribute(element.name, attribute.name);
          // A TwiML value of a TwiML attribute (`<Gather input="speech">`): the schema accepts any value of an
          // attribute the platform ignores; singling out a few values is advice, not a type.
          if (!spec) return 'a TwiML value of an attribute VoiceML does not have: advice, not a type';
          return EXACT_KINDS.has(spec.type.kind) ? undefined : `our ${spec.type.kind} check is not a pattern`;
        }
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Documents an XML processor reads differently from our validator for reasons that have nothing to do with the
 * schema. They are not compared.
 */
const NOT_COMPARED: readonly { reason: string; applies(xml: XmlDocument): boolean; /** A document on which the two do differ. */ witness: string }[] = [
  {
    reason: 'a default namespace: VoiceML has none and our validator ignores namespaces, while XSD matches names in their namespace',
    applies: (xml) => elementsOf(xml).some((e) => e.attributes.some((a) => a.name === 'xmlns' && a.value?.value)),
    witness: '<Response xmlns="urn:voiceml"><Say>x</Say></Response>',
  },
  {
    reason: 'xsi: attributes: every schema validator allows them on every element (xsi:type even changes the type); our validator reports them as unknown',
    applies: (xml) => elementsOf(xml).some((e) => e.attributes.some((a) => a.name.startsWith('xsi:'))),
    witness: '<Response xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="voiceml.xsd"><Say>x</Say></Response>',
  },
  {
    // A quirk of libxml2, not of the schema: XSD 1.0 allows white-space character content in element-only
    // content (§3.4.4, Element Locally Valid (Complex Type) 2.3), and a CDATA section is character content.
    reason: 'a blank CDATA section among child elements (<Gather><![CDATA[ ]]>…): libxml2 rejects any CDATA section there, where XSD and we allow white space',
    applies: (xml) =>
      elementsOf(xml).some((e) => (getElement(e.name)?.children.length ?? 0) > 0 && e.children.some((n) => n.kind === 'cdata' && /^[ \t\n\r]*$/.test(n.value))),
    witness: '<Response><Gather action="/g"><![CDATA[ ]]><Say>x</Say></Gather></Response>',
  },
];

function elementsOf(xml: XmlDocument): XmlElement[] {
  const out: XmlElement[] = [];
  const stack = [...xml.children];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind !== 'element') continue;
    out.push(node);
    stack.push(...node.children);
  }
  return out;
}

/* ------------------------------------------------------------------------------------------------------------
 * Documents generated from the model
 * ---------------------------------------------------------------------------------------------------------- */

const escapeValue = (value: string): string =>
  value.replace(/[&<"\t\n\r]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' })[c]!);

/** A value our validator accepts for `type`. */
function sampleValue(type: ValueType): string {
  switch (type.kind) {
    case 'integer':
      return String(type.min ?? 0);
    case 'boolean':
      return 'true';
    case 'enum':
      return type.values[0]!.value;
    case 'url':
      return '/next';
    case 'wssUrl':
      return 'wss://example.com/stream';
    case 'dtmfKey':
    case 'dtmfKeys':
      return '#';
    case 'dtmfString':
      return '1w2#';
    case 'phoneNumber':
      return '010-1234-5678';
    case 'text':
      return 'x';
  }
}

/** Values at the edges of what each kind accepts, most of them taken from the checks in `model/values.ts`. */
function probeValues(type: ValueType): string[] {
  switch (type.kind) {
    case 'integer':
      return ['', '0', '1', '2', '9', '10', '007', '00', '0000000000000000000001', '99999999999999999999', '-1', '-0', '+1', ' 1', '1 ', '\t1', '1.0', '1.5', '１', '٣', '5s', '5 sec', 'one', '0x1', '1e3'];
    case 'boolean':
      return ['true', 'false', 'True', 'TRUE', '1', '0', 'yes', 'no', '', ' true', 'false ', 'true\n'];
    case 'enum': {
      const values = type.values.map((v) => v.value);
      const mistakes = Object.keys(type.mistakes ?? {});
      return [...values, ...values.map((v) => v.toUpperCase()), ...values.map((v) => ` ${v}`), ...values.map((v) => `${v}\t`), '', ...mistakes];
    }
    case 'url':
      return ['/next', 'next/step', 'https://example.com/x', 'http://localhost:3000/x', 'ftp://x/y', 'not a url', '', ' /x', 'example.com/x', '//example.com/x', 'ws://a/b', 'a\\b'];
    case 'wssUrl':
      return [
        'wss://a', 'wss://a/b', 'WSS://a/b', 'wSs://a', 'wss://a:443/x', 'wss://a:0', 'wss://a:65535', 'wss://a:65536', 'wss://a:00080', 'wss://a:123456',
        'wss://a:', 'wss://a:1x', 'wss://a:80:90', 'wss://', 'wss:///x', 'wss://user@host/x', 'wss://us@er@host', 'wss://@host', 'wss://u:p@h:1/x',
        'wss://[::1]:8080/x', 'wss://[::1]:65535', 'wss://[::1]:65536', 'wss://[::1]:', 'wss://[::1]', 'wss://[::1', 'wss://[::1]x', 'wss://[a[b]/', 'wss://a[b]', 'wss://ho%st', 'wss://ho"st', 'wss://ho<st',
        'wss://a/b c', 'wss://a/b\\c', 'wss://a/\u00a0', 'wss://a/\u3000', 'wss://a/%20?q=1#f', 'wss://a?q', 'wss://a#f', 'wss://a/[x]', 'wss://호스트/경로',
        'ws://a', 'https://a', 'http://a', 'a.com/x', '//a/x', '/stream', 'wss:a', 'wss:/a', '', ' wss://a', 'wss://a ', 'wss://a\t',
      ];
    case 'dtmfKey':
      return ['0', '5', '9', '*', '#', '', '##', '1#', 'a', 'A', 'w', ' #', '# ', '＃', 'pound', '별'];
    case 'dtmfKeys':
      return ['#', '123*#', '0123456789*#', '', '##', '1,2', '1 2', 'A', 'w', '＃', 'star'];
    case 'dtmfString':
      return ['1w2W3#*', '0123456789*#wW', 'A', 'ABCD', '1A', 'E', '', '1 2', '1,2', 'w', 'W', 'x', 'a', '１'];
    case 'phoneNumber':
      // Not here: a foreign number with spaces around it (' +1 555 123 4567'), which our validator lets through
      // with only the "not a Korean number" warning while the same spaces around a Korean number are an error.
      return [
        '01012345678', '010-1234-5678', '+82 10-1234-5678', '+82 (0)10 1234 5678', '(02) 123-4567', '02.123.4567', '0082 10 1234 5678',
        '12', '123', '123456789012345', '1234567890123456', '+1 555 123 4567', '+', '+82', '+820', '0082', '', ' ', ' 010-1234-5678', '010-1234-5678 ',
        '1+2', '((02))', '(02', '02)', '()123', 'tel:01012345678', '０１０１２３４５６７８', 'abc', '010\u00a01234', '010_1234', '010/1234',
      ];
    case 'text':
      return ['', 'x', ' x ', '&<>"', '안녕'];
  }
}

/** Bodies for elements with a text body or none, as XML content. */
function probeBodies(element: ElementSpec): string[] {
  const common = ['', ' ', '&#9;&#10;', 'x', ' x ', '&#160;x', '<![CDATA[]]>', '<![CDATA[ ]]>', '<![CDATA[x]]>', '<!-- c -->', 'a<!-- c -->b', '<?pi x?>'];
  // Not here: a body of only non-XML white space (`&#160;`, `<![CDATA[&#160;]]>`): our validator reads it as
  // text in some places and as blank in others (`hasBody` vs `trim()`), reported rather than encoded.
  const type = element.body.type;
  if (element.body.use === 'none' || !type) return common;
  if (type.kind === 'phoneNumber') {
    return [
      ...common.filter((b) => b !== ' x '),
      ...probeValues(type).filter((v) => v.trim() !== '').map((v) => escapeValue(v).replaceAll('&quot;', '"')),
      ' 010-1234-5678 ', '&#160;010-1234-5678&#x3000;', '&#9;010&#10;', '<![CDATA[010-1234-5678]]>', '010<!-- c -->12345678', ' +1 555 123 4567 ',
    ];
  }
  return [...common, ...probeValues(type).map((v) => escapeValue(v))];
}

interface Parts {
  /** Attribute values by name; undefined leaves a required attribute out. */
  attributes?: Record<string, string | undefined>;
  /** Raw attribute text to add to the start tag. */
  extraAttributes?: string;
  /** The content as XML; by default what the element needs (its counted children, a sample body). */
  content?: string;
}

/** `<name …>…</name>` with what the model requires unless `parts` says otherwise. */
function instance(name: string, parts: Parts = {}): string {
  const spec = getElement(name);
  const attributes: Record<string, string | undefined> = {};
  for (const a of spec?.attributes ?? []) if (a.required) attributes[a.name] = sampleValue(a.type);
  Object.assign(attributes, parts.attributes);
  const written = Object.entries(attributes)
    .filter(([, v]) => v !== undefined)
    .map(([n, v]) => ` ${n}="${escapeValue(v!)}"`)
    .join('');
  const content = parts.content ?? defaultContent(spec);
  return `<${name}${written}${parts.extraAttributes ?? ''}>${content}</${name}>`;
}

function defaultContent(spec: ElementSpec | undefined): string {
  if (!spec) return '';
  const children = spec.children.flatMap((c) => Array.from({ length: c.min ?? 0 }, () => instance(c.name)));
  const body = spec.body.use === 'required' && spec.body.type ? sampleValue(spec.body.type) : '';
  return children.join('') + escapeValue(body);
}

/** A whole document holding `xml` (an element named `name`) where it belongs, up to `<Response>`. */
function inContext(name: string, xml: string): string {
  let current = name;
  while (current !== model.root) {
    const parent = parentsOf(current)[0];
    if (!parent) break; // not VoiceML: it goes straight into Response
    const siblings = getElement(parent)!.children.filter((c) => c.name !== current && (c.min ?? 0) > 0);
    xml = instance(parent, { content: xml + siblings.map((c) => instance(c.name)).join('') });
    current = parent;
  }
  if (current !== model.root) xml = instance(model.root, { content: xml });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}

interface Doc {
  name: string;
  xml: string;
}

function generatedDocuments(): Doc[] {
  const docs: Doc[] = [];
  const add = (name: string, xml: string): void => void docs.push({ name, xml });
  const strangers = ['Foo', 'say', 'SAY', 'Queue', 'Sip', 'Conference', 'break', 'amazon:effect', 'x:Say'];
  for (const element of model.elements) {
    const name = element.name;
    add(`<${name}> as the model wants it`, inContext(name, instance(name)));
    add(`<${name}> as the root`, `<?xml version="1.0"?>\n${instance(name)}`);
    add(`<${name}> self-closing`, inContext(name, `<${name}${element.attributes.filter((a) => a.required).map((a) => ` ${a.name}="${escapeValue(sampleValue(a.type))}"`).join('')}/>`));
    for (const attribute of element.attributes) {
      const values = [...probeValues(attribute.type), ...model.twiml.values.filter((v) => v.element === name && v.attribute === attribute.name).map((v) => v.value)];
      for (const value of values) add(`<${name} ${attribute.name}=${JSON.stringify(value)}>`, inContext(name, instance(name, { attributes: { [attribute.name]: value } })));
      if (attribute.required) add(`<${name}> without ${attribute.name}`, inContext(name, instance(name, { attributes: { [attribute.name]: undefined } })));
      add(`<${name}> with ${attribute.name.toLowerCase()} in lower case`, inContext(name, instance(name, { extraAttributes: ` ${attribute.name.toLowerCase()}="1"` })));
    }
    for (const twiml of model.twiml.attributes.filter((a) => a.element === name || a.element === '*')) {
      add(`<${name}> with TwiML ${twiml.name}`, inContext(name, instance(name, { attributes: { [twiml.name]: 'x' } })));
    }
    for (const value of model.twiml.values.filter((v) => v.element === name && !getAttribute(name, v.attribute))) {
      add(`<${name}> with TwiML ${value.attribute}="${value.value}"`, inContext(name, instance(name, { attributes: { [value.attribute]: value.value } })));
    }
    for (const extra of [' foo="1"', ' xml:lang="ko"', ' xml:space="preserve"', ' xmlns:x="urn:x" x:y="1"', ' xmlns=""']) {
      add(`<${name}${extra}>`, inContext(name, instance(name, { extraAttributes: extra })));
    }
    const required = defaultContent(element);
    for (const body of probeBodies(element)) {
      const content = element.children.length > 0 ? body + required : body;
      add(`<${name}> with content ${JSON.stringify(content)}`, inContext(name, instance(name, { content })));
    }
    for (const child of [...model.elements.map((e) => e.name), ...strangers]) {
      const xmlns = child.startsWith('x:') ? ' xmlns:x="urn:x"' : '';
      const inner = instance(child).replace(`<${child}`, `<${child}${xmlns}`);
      const content = element.children.length > 0 ? required + inner : (element.body.use === 'none' ? '' : escapeValue(sampleValue(element.body.type ?? { kind: 'text' }))) + inner;
      add(`<${child}> in <${name}>`, inContext(name, instance(name, { content })));
    }
    for (const counted of element.children.filter((c) => (c.min ?? 0) > 0 || c.max !== undefined)) {
      const others = element.children.filter((c) => c !== counted);
      for (let n = 0; n <= (counted.max ?? 2) + 1; n++) {
        const items = Array.from({ length: n }, () => instance(counted.name));
        add(`${n} × <${counted.name}> in <${name}>`, inContext(name, instance(name, { content: items.join('\n') })));
        if (others[0]) {
          const mixed = items.flatMap((item) => [instance(others[0]!.name), item]).concat(instance(others[0].name));
          add(`${n} × <${counted.name}> among <${others[0].name}> in <${name}>`, inContext(name, instance(name, { content: mixed.join('') })));
        }
      }
    }
  }
  add('a response with a verb after text', inContext('Say', instance('Say')).replace('<Response>', '<Response>\n  hello\n'));
  add('two roots', '<Response/><Response/>');
  add('an unclosed root', '<Response><Say>x</Say>');
  add('a near-miss root', '<Reponse><Say>x</Say></Reponse>');
  // An internal subset: xmllint neither applies its attribute defaults nor (without --noent) expands its
  // entities, and an entity reference is an error to both of us.
  add('a DOCTYPE giving an attribute a wrong default', '<!DOCTYPE Response [<!ATTLIST Say language CDATA "kr">]>\n<Response><Say>x</Say></Response>');
  add('a DOCTYPE entity used as text', '<!DOCTYPE Response [<!ENTITY e "hi">]>\n<Response><Say>&e;</Say></Response>');
  add('a DOCTYPE entity used as markup', '<!DOCTYPE Response [<!ENTITY e "<Say>x</Say>">]>\n<Response>&e;</Response>');
  return docs;
}

/* ------------------------------------------------------------------------------------------------------------
 * Both verdicts
 * ---------------------------------------------------------------------------------------------------------- */

interface Verdict {
  /** Not compared, with the reason. */
  skipped?: string;
  /** Errors XSD can express: `rule @ text`. */
  errors: string[];
}

const service = getLanguageService({ locale: 'en' });

/** Our verdict, every document checked as VoiceML (so "not VoiceML, no diagnostics" never hides a problem). */
function ourVerdict(doc: Doc, index: number, compareAll = false): Verdict {
  const document = TextDocument.create(`file:///xsd/${index}.voiceml`, 'voiceml', 1, doc.xml);
  const xml = service.getRegions(document)[0]!.xml;
  const skipped = compareAll ? undefined : NOT_COMPARED.find((n) => n.applies(xml));
  if (skipped) return { skipped: skipped.reason, errors: [] };
  const errors = service
    .doValidation(document)
    .filter((d: Diagnostic) => d.severity === DiagnosticSeverity.Error)
    .filter((d) => {
      const rule = String(d.code).replace(/^voiceml\//, '');
      return !(rule in OUTSIDE_XSD) && partlyOutside(rule, xml, document.offsetAt(d.range.start)) === undefined;
    })
    .map((d) => `${d.code} @ ${JSON.stringify(document.getText(d.range))}`);
  return { errors };
}

/** `xmllint --schema` on every file at once: the files it says validate, and its messages per file. */
function xmllintVerdicts(files: string[]): { valid: Set<string>; messages: Map<string, string[]> } {
  const valid = new Set<string>();
  const messages = new Map<string, string[]>();
  for (let i = 0; i < files.length; i += 400) {
    const chunk = files.slice(i, i + 400);
    const r = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, ...chunk], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw r.error;
    for (const line of r.stderr.split('\n')) {
      const file = chunk.find((f) => line.startsWith(f));
      if (!file) continue;
      if (line === `${file} validates`) valid.add(file);
      else messages.set(file, [...(messages.get(file) ?? []), line.slice(file.length)]);
    }
  }
  return { valid, messages };
}

const xmllintMissing = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).error
  ? 'xmllint is not installed (Debian: apt-get install libxml2-utils); the XSD differential test needs it'
  : undefined;

// CI installs xmllint (.ci/run): there, a missing one is a broken set-up, not a reason to skip.
test('xmllint is there in CI', { skip: process.env.CI ? false : 'not in CI' }, () => assert.equal(xmllintMissing, undefined));

describe('the XSD export', () => {
  test('schemas/voiceml.xsd is a fresh export of the model', () => {
    assert.equal(readFileSync(XSD, 'utf8'), exportXsd(), 'schemas/voiceml.xsd is stale: run npm run schema:xsd');
  });

  test('JS_WHITESPACE is the white space JavaScript trims, among the characters XML allows', () => {
    const expected: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      const xmlChar = c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && (c < 0xd800 || c > 0xdfff) && c !== 0xfffe && c !== 0xffff);
      if (xmlChar && ch.trim() === '') expected.push(ch);
    }
    const listed = new RegExp(`^[${JS_WHITESPACE}]$`);
    assert.deepEqual(
      expected.map((ch) => ch.charCodeAt(0).toString(16)),
      Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c)).filter((ch) => listed.test(ch)).map((ch) => ch.charCodeAt(0).toString(16)),
    );
  });

  test('integerPattern accepts exactly the digit strings checkInteger accepts', () => {
    // The model has minimums only; ranges with a maximum are exercised here so the exporter is ready for them.
    const ranges: [number, number | undefined][] = [[0, undefined], [1, undefined], [7, undefined], [10, undefined], [95, undefined], [0, 9], [1, 60], [5, 123], [3, 3], [10, 99], [100, 4095], [0, 65535]];
    const values = ['', '0', '00', '1', '-1', '+1', ' 1', '１'];
    for (let n = 0; n <= 5000; n += n < 200 ? 1 : 37) values.push(String(n), `0${n}`, `000${n}`);
    values.push('99999999999999999999', '0000000000000000000000001');
    for (const [min, max] of ranges) {
      // The pattern language we write (classes, groups, |, *, +, {n}, {n,}) means the same in JavaScript.
      const pattern = new RegExp(`^(?:${integerPattern(min, max)})$`);
      const type: ValueType = max === undefined ? { kind: 'integer', min } : { kind: 'integer', min, max };
      for (const value of values) {
        assert.equal(pattern.test(value), checkValue(type, value) === undefined, `${JSON.stringify(value)} in [${min}, ${max ?? '∞'}]: ${integerPattern(min, max)}`);
      }
    }
  });

  test('each reason for not comparing a document is real: on its witness, xmllint and we disagree', { skip: xmllintMissing }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'voiceml-xsd-witness-'));
    try {
      const files = NOT_COMPARED.map((n, i) => {
        const file = join(dir, `w${i}.xml`);
        writeFileSync(file, n.witness);
        return file;
      });
      const xmllint = xmllintVerdicts(files);
      NOT_COMPARED.forEach((n, i) => {
        const document = TextDocument.create(`file:///witness/${i}.voiceml`, 'voiceml', 1, n.witness);
        assert.ok(n.applies(service.getRegions(document)[0]!.xml), `the witness of "${n.reason}" is not such a document`);
        const ours = ourVerdict({ name: n.reason, xml: n.witness }, i, true);
        assert.notEqual(xmllint.valid.has(files[i]!), ours.errors.length === 0, `no longer a difference, compare these documents again: ${n.reason}`);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('xmllint --schema accepts exactly the documents without an error of a kind XSD can express', { skip: xmllintMissing }, (t) => {
    const examples = readdirSync(join(ROOT, 'examples'))
      .filter((f) => f.endsWith('.xml'))
      .map((f) => ({ name: `examples/${f}`, xml: readFileSync(join(ROOT, 'examples', f), 'utf8') }));
    const docs: Doc[] = [...examples, ...allDocumentCases().map((c) => ({ name: `fixture: ${c.name}`, xml: c.xml })), ...generatedDocuments()];
    const dir = mkdtempSync(join(tmpdir(), 'voiceml-xsd-'));
    try {
      const compared: { doc: Doc; file: string; verdict: Verdict }[] = [];
      const skipped = new Map<string, number>();
      docs.forEach((doc, i) => {
        const verdict = ourVerdict(doc, i);
        if (verdict.skipped) {
          skipped.set(verdict.skipped, (skipped.get(verdict.skipped) ?? 0) + 1);
          return;
        }
        const file = join(dir, `d${String(i).padStart(5, '0')}.xml`);
        writeFileSync(file, doc.xml);
        compared.push({ doc, file, verdict });
      });
      const xmllint = xmllintVerdicts(compared.map((c) => c.file));
      const disagreements = compared
        .filter((c) => xmllint.valid.has(c.file) !== (c.verdict.errors.length === 0))
        .map((c) =>
          [
            `${c.doc.name}: ${xmllint.valid.has(c.file) ? 'xmllint accepts' : 'xmllint rejects'}, we find ${c.verdict.errors.length ? c.verdict.errors.join('; ') : 'no error'}`,
            `  ${c.doc.xml.replace(/\n/g, '\n  ')}`,
            ...(xmllint.messages.get(c.file) ?? []).map((m) => `  xmllint${m}`),
          ].join('\n'),
        );
      const accepted = compared.filter((c) => xmllint.valid.has(c.file)).length;
      t.diagnostic(`${compared.length} documents compared (${accepted} valid, ${compared.length - accepted} invalid); not compared: ${[...skipped].map(([r, n]) => `${n} (${r})`).join('; ') || 'none'}`);
      assert.deepEqual(disagreements.slice(0, 15), [], `${disagreements.length} disagreements`);
      // Both verdicts occur in numbers: a schema xmllint could not load would reject everything.
      assert.ok(accepted > 100 && compared.length - accepted > 100, `${accepted} of ${compared.length} accepted`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
