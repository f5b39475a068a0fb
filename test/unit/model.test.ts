/**
 * The model file is data that people edit by hand; these tests are what keep it consistent with itself, with
 * the reference (nesting table, verification table, defaults) and with the product decisions in the design
 * notes. When one fails after an edit to voiceml.json, the edit is what needs another look.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  allowedChildren,
  changedDefaultsOf,
  elementNames,
  getAttribute,
  getElement,
  getTwimlAttribute,
  getTwimlElement,
  getTwimlValue,
  model,
  parentsOf,
  plainText,
  verbNames,
} from '../../server/src/model';
import type { Localized, ValueType } from '../../server/src/model/types';
import { checkValue } from '../../server/src/model/values';

const schemaUrl = new URL('../../schemas/voiceml.model.schema.json', import.meta.url);
const modelUrl = new URL('../../schemas/voiceml.json', import.meta.url);

/** The reference's 중첩 규칙 table, plus <Response> taking every verb (응답 형식 + 동사 레퍼런스). */
const REFERENCE_NESTING: Record<string, string[]> = {
  Response: ['Say', 'Play', 'Gather', 'Record', 'Dial', 'Connect', 'Hangup', 'Reject', 'Pause', 'Redirect'],
  Gather: ['Say', 'Play'],
  Dial: ['Number'],
  Connect: ['Stream'],
  Stream: ['Parameter'],
  Say: [],
  Play: [],
  Record: [],
  Hangup: [],
  Reject: [],
  Pause: [],
  Redirect: [],
  Number: [],
  Parameter: [],
};

/** Every Localized anywhere in a value, found by shape (an object with exactly `ko` and `en`). */
function localizedIn(value: unknown, path: string, out: [string, Localized][] = []): [string, Localized][] {
  if (Array.isArray(value)) {
    value.forEach((item, i) => localizedIn(item, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 2 && keys.includes('ko') && keys.includes('en')) out.push([path, value as Localized]);
    else for (const k of keys) localizedIn((value as Record<string, unknown>)[k], `${path}.${k}`, out);
  }
  return out;
}

const hangul = /[\uac00-\ud7a3]/;

test('the model file points at its JSON Schema and conforms to it', () => {
  const raw = JSON.parse(readFileSync(fileURLToPath(modelUrl), 'utf8')) as Record<string, unknown>;
  assert.equal(raw.$schema, './voiceml.model.schema.json');
  // ajv comes with the packaging tool's dependencies, not ours; load it by name so type-checking never needs it.
  let Ajv: new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };
  try {
    const loaded = createRequire(import.meta.url)('ajv') as { default?: unknown };
    Ajv = (loaded.default ?? loaded) as typeof Ajv;
  } catch {
    assert.fail('ajv is needed to validate the model against its JSON Schema');
  }
  const schema = JSON.parse(readFileSync(fileURLToPath(schemaUrl), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: true, strictTuples: false }).compile(schema);
  assert.ok(validate(raw), JSON.stringify(validate.errors, null, 2));
});

test('the model\'s specs and value types each have one shape: the same fields in the same order', () => {
  // What the rules read of every element they check: objects of one shape keep the code compiled on one
  // document's elements good for the next one's (a type of another kind threw it away).
  const shapes = (objects: readonly object[]): Set<string> => new Set(objects.map((o) => Object.keys(o).join(',')));
  const attributes = model.elements.flatMap((e) => e.attributes);
  const types = [...attributes.map((a) => a.type), ...model.elements.flatMap((e) => (e.body.type ? [e.body.type] : []))];
  assert.ok(new Set(types.map((t) => t.kind)).size >= 8, 'types of most kinds are looked at');
  assert.equal(shapes(types).size, 1, [...shapes(types)].join(' | '));
  assert.equal(shapes(attributes).size, 1);
  assert.equal(shapes(model.elements).size, 1);
  assert.equal(shapes(model.elements.map((e) => e.body)).size, 1);
  // Made one shape, they say all the model file says: no field of it left out (one the schema gains later too).
  const raw = JSON.parse(readFileSync(modelUrl, 'utf8')) as { elements: { name: string; attributes: { name: string; type: object }[]; body: { type?: object } }[] };
  const written = (o: unknown): unknown => (o === undefined ? undefined : JSON.parse(JSON.stringify(o)));
  for (const element of raw.elements) {
    const spec = model.elements.find((e) => e.name === element.name)!;
    for (const a of element.attributes) assert.deepEqual(written(spec.attributes.find((b) => b.name === a.name)!.type), a.type, `${element.name}@${a.name}`);
    assert.deepEqual(written(spec.body.type), element.body.type, `<${element.name}> body`);
  }
});

test('the nesting equals the reference table exactly', () => {
  assert.deepEqual([...elementNames].sort(), Object.keys(REFERENCE_NESTING).sort());
  for (const [parent, children] of Object.entries(REFERENCE_NESTING)) {
    assert.deepEqual([...allowedChildren(parent)].sort(), [...children].sort(), `children of <${parent}>`);
  }
  assert.deepEqual(allowedChildren(undefined), ['Response']);
  assert.equal(model.root, 'Response');
});

test('child counts: Dial exactly one Number, Connect exactly one Stream, the rest unbounded', () => {
  const counts = (parent: string, child: string) => getElement(parent)!.children.find((c) => c.name === child)!;
  assert.deepEqual(counts('Dial', 'Number'), { name: 'Number', min: 1, max: 1 });
  assert.deepEqual(counts('Connect', 'Stream'), { name: 'Stream', min: 1, max: 1 });
  for (const element of model.elements) {
    for (const child of element.children) {
      if ((element.name === 'Dial' && child.name === 'Number') || (element.name === 'Connect' && child.name === 'Stream')) continue;
      assert.equal(child.min, undefined, `${element.name}/${child.name} min`);
      assert.equal(child.max, undefined, `${element.name}/${child.name} max`);
    }
  }
});

test('every child is an element and every element but the root is reachable from it', () => {
  for (const element of model.elements) {
    for (const child of element.children) assert.ok(getElement(child.name), `<${element.name}> lists unknown child <${child.name}>`);
  }
  const seen = new Set<string>([model.root]);
  const queue = [model.root];
  while (queue.length > 0) {
    for (const child of allowedChildren(queue.shift()!)) {
      if (!seen.has(child)) {
        seen.add(child);
        queue.push(child);
      }
    }
  }
  assert.deepEqual([...seen].sort(), [...elementNames].sort());
});

test('roles: the root, the verbs are exactly what Response takes, nouns only inside verbs', () => {
  assert.equal(getElement('Response')!.role, 'root');
  assert.deepEqual([...verbNames].sort(), [...allowedChildren('Response')].sort());
  for (const noun of ['Number', 'Stream', 'Parameter']) {
    assert.equal(getElement(noun)!.role, 'noun');
    assert.ok(!allowedChildren('Response').includes(noun));
  }
  assert.equal(model.elements.filter((e) => e.role === 'root').length, 1);
});

test('element and attribute names are unique', () => {
  assert.equal(new Set(elementNames).size, elementNames.length);
  for (const element of model.elements) {
    const names = element.attributes.map((a) => a.name);
    assert.equal(new Set(names).size, names.length, `<${element.name}> attributes`);
    const children = element.children.map((c) => c.name);
    assert.equal(new Set(children).size, children.length, `<${element.name}> children`);
  }
});

test('every text has both languages, non-empty, and the Korean is Korean', () => {
  const texts = localizedIn(model, 'model');
  assert.ok(texts.length > 200, `found only ${texts.length} texts`);
  for (const [path, text] of texts) {
    assert.ok(text.ko.trim() !== '', `${path}.ko is empty`);
    assert.ok(text.en.trim() !== '', `${path}.en is empty`);
    assert.ok(!hangul.test(text.en), `${path}.en contains Hangul`);
  }
  for (const element of model.elements) {
    assert.ok(hangul.test(element.doc.ko), `<${element.name}> doc.ko`);
    for (const attribute of element.attributes) assert.ok(hangul.test(attribute.doc.ko), `${element.name}@${attribute.name} doc.ko`);
    assert.ok(element.example.includes(`<${element.name}`), `<${element.name}> example shows the element`);
  }
});

test('every default passes its own type', () => {
  for (const element of model.elements) {
    for (const attribute of element.attributes) {
      if (attribute.default === undefined) continue;
      assert.equal(checkValue(attribute.type, attribute.default), undefined, `${element.name}@${attribute.name}="${attribute.default}"`);
    }
  }
});

test('the defaults are the ones the reference states', () => {
  const defaults: Record<string, string | undefined> = {};
  for (const element of model.elements) for (const a of element.attributes) defaults[`${element.name}@${a.name}`] = a.default;
  assert.deepEqual(defaults, {
    'Say@language': 'ko',
    'Play@loop': '1',
    'Play@digits': undefined,
    'Gather@timeout': '5',
    'Gather@numDigits': undefined,
    'Gather@finishOnKey': '#',
    'Gather@action': undefined,
    'Record@maxLength': '60',
    'Record@finishOnKey': '#',
    'Record@playBeep': 'false',
    'Record@action': undefined,
    'Dial@callerId': undefined,
    'Dial@timeout': '30',
    'Dial@action': undefined,
    'Stream@url': undefined,
    'Stream@track': 'inbound',
    'Parameter@name': undefined,
    'Parameter@value': undefined,
    'Reject@reason': 'rejected',
    'Pause@length': '1',
  });
});

test('attribute types follow the design notes', () => {
  const types: Record<string, ValueType> = {};
  const required: string[] = [];
  for (const element of model.elements) {
    for (const a of element.attributes) {
      const t = a.type;
      // Enum docs are checked elsewhere; compare the values only. The fields of other kinds, which every type
      // has (undefined) for one shape of them all, are left out.
      types[`${element.name}@${a.name}`] = t.kind === 'enum' ? ({ kind: 'enum', values: t.values.map((v) => v.value) } as never) : (JSON.parse(JSON.stringify(t)) as ValueType);
      if (a.required) required.push(`${element.name}@${a.name}`);
    }
  }
  const enumOf = (...values: string[]) => ({ kind: 'enum', values }) as never;
  assert.deepEqual(types, {
    'Say@language': enumOf('ko', 'en', 'ja', 'ko-KR', 'en-US', 'ja-JP'),
    'Play@loop': { kind: 'integer', min: 0 },
    'Play@digits': { kind: 'dtmfString' },
    'Gather@timeout': { kind: 'integer', min: 1 },
    'Gather@numDigits': { kind: 'integer', min: 1 },
    'Gather@finishOnKey': { kind: 'dtmfKey', allowEmpty: true },
    'Gather@action': { kind: 'url', webhook: true },
    'Record@maxLength': { kind: 'integer', min: 1 },
    'Record@finishOnKey': { kind: 'dtmfKeys' },
    'Record@playBeep': { kind: 'boolean' },
    'Record@action': { kind: 'url', webhook: true },
    'Dial@callerId': { kind: 'phoneNumber', owned: true },
    'Dial@timeout': { kind: 'integer', min: 1 },
    'Dial@action': { kind: 'url', webhook: true },
    'Stream@url': { kind: 'wssUrl' },
    'Stream@track': enumOf('inbound', 'outbound', 'both'),
    'Parameter@name': { kind: 'text' },
    'Parameter@value': { kind: 'text' },
    'Reject@reason': enumOf('rejected', 'busy'),
    'Pause@length': { kind: 'integer', min: 1 },
  });
  assert.deepEqual(required.sort(), ['Parameter@name', 'Parameter@value', 'Stream@url']);
  for (const name of ['Response', 'Number', 'Connect', 'Hangup', 'Redirect']) {
    assert.deepEqual(getElement(name)!.attributes, [], `<${name}> has no attributes`);
  }
});

test('enum values are unique, documented, and their mistakes point at real values', () => {
  for (const element of model.elements) {
    for (const attribute of element.attributes) {
      const type = attribute.type;
      if (type.kind !== 'enum') continue;
      const values = type.values.map((v) => v.value);
      assert.equal(new Set(values).size, values.length, `${element.name}@${attribute.name} values`);
      for (const [wrong, right] of Object.entries(type.mistakes ?? {})) {
        assert.ok(values.includes(right), `mistake ${wrong} → ${right} is not a value`);
        assert.ok(!values.includes(wrong), `mistake ${wrong} is itself a value`);
        assert.equal(checkValue(type, wrong)?.suggestion, right, `${wrong} suggests ${right}`);
      }
    }
  }
  const say = getAttribute('Say', 'language')!.type;
  assert.equal(say.kind, 'enum');
  const mistakes = say.kind === 'enum' ? say.mistakes ?? {} : {};
  for (const [wrong, right] of [['kr', 'ko'], ['kor', 'ko'], ['jp', 'ja'], ['ko_KR', 'ko-KR'], ['en_US', 'en-US'], ['english', 'en'], ['korean', 'ko']]) {
    assert.equal(mistakes[wrong!], right, `Say language mistake ${wrong}`);
  }
});

test('bodies follow the design notes', () => {
  const bodies = Object.fromEntries(model.elements.map((e) => [e.name, e.body]));
  assert.equal(bodies.Say!.use, 'required');
  assert.equal(bodies.Say!.type?.kind, 'text');
  assert.equal(bodies.Play!.use, 'required');
  assert.equal(bodies.Play!.type?.kind, 'url');
  assert.equal(bodies.Play!.alternativeAttribute, 'digits');
  assert.equal(bodies.Redirect!.use, 'required');
  assert.equal(bodies.Redirect!.type?.kind, 'url');
  assert.equal(bodies.Number!.use, 'required');
  assert.equal(bodies.Number!.type?.kind, 'phoneNumber');
  assert.equal(bodies.Dial!.use, 'none');
  assert.equal(bodies.Dial!.wrapStrayTextIn, 'Number');
  for (const name of ['Response', 'Gather', 'Dial', 'Connect', 'Stream', 'Hangup', 'Reject', 'Pause', 'Record', 'Parameter']) {
    assert.equal(bodies[name]!.use, 'none', `<${name}> body`);
  }
  for (const element of model.elements) {
    const body = element.body;
    if (body.use !== 'none') assert.ok(body.type, `<${element.name}> body needs a type`);
    if (body.alternativeAttribute) assert.ok(getAttribute(element.name, body.alternativeAttribute), `<${element.name}> alternativeAttribute`);
    if (body.wrapStrayTextIn) assert.ok(allowedChildren(element.name).includes(body.wrapStrayTextIn), `<${element.name}> wrapStrayTextIn`);
  }
});

test('flow facts: what ends the call, Reject first, recommended actions', () => {
  assert.deepEqual(
    model.elements.filter((e) => e.endsCall).map((e) => e.name).sort(),
    ['Connect', 'Hangup', 'Redirect', 'Reject'],
  );
  assert.deepEqual(model.elements.filter((e) => e.firstVerb).map((e) => e.name), ['Reject']);
  assert.match(getElement('Reject')!.firstVerb!.ko, /과금/);
  const recommended = model.elements.flatMap((e) => e.attributes.filter((a) => a.recommended).map((a) => `${e.name}@${a.name}`));
  assert.deepEqual(recommended.sort(), ['Gather@action', 'Record@action']);
});

test('verification levels are the reference table', () => {
  const levels = Object.fromEntries(model.elements.map((e) => [e.name, e.verification?.level]));
  assert.deepEqual(levels, {
    Response: undefined,
    Say: 'verified',
    Play: 'unverified',
    Gather: 'verified',
    Record: 'verified',
    Dial: 'partial',
    Number: 'verified',
    Connect: 'verified',
    Stream: 'verified',
    Parameter: undefined,
    Hangup: 'verified',
    Reject: 'verified',
    Pause: 'unverified',
    Redirect: 'indirect',
  });
  assert.match(getElement('Dial')!.verification!.note.ko, /미검증.*callerId/);
});

test('TwiML elements: none is a VoiceML name, none repeats, the ruled-out ones are the reference\'s', () => {
  const names = model.twiml.elements.map((e) => e.name);
  assert.equal(new Set(names).size, names.length);
  for (const name of names) assert.equal(getElement(name), undefined, `${name} is a VoiceML element`);
  assert.deepEqual(
    model.twiml.elements.filter((e) => e.status === 'ruledOut').map((e) => e.name).sort(),
    ['Conference', 'Enqueue', 'Queue', 'Sip'],
  );
  const expected = [
    'Client', 'Sim', 'Pay', 'Start', 'Stop', 'Refer', 'Leave', 'Echo', 'Sms', 'Message', 'Siprec', 'Transcription',
    'Autopilot', 'VirtualAgent', 'Conversation', 'Prompt', 'Task', 'Room', 'Identity', 'Application',
    'break', 'emphasis', 'lang', 'p', 'phoneme', 'prosody', 's', 'say-as', 'sub', 'w', 'amazon:effect',
  ];
  for (const name of expected) assert.equal(getTwimlElement(name)?.status, 'unmentioned', name);
  assert.match(getTwimlElement('Queue')!.alternative.ko, /<Record>/);
  assert.match(getTwimlElement('Sip')!.alternative.ko, /<Number>/);
  assert.equal(getTwimlElement('queue'), undefined, 'names are case-sensitive');
});

test('TwiML attributes: unique, on real elements, never a VoiceML attribute', () => {
  const keys = model.twiml.attributes.map((a) => `${a.element}@${a.name}`);
  assert.equal(new Set(keys).size, keys.length);
  for (const a of model.twiml.attributes) {
    if (a.element === '*') {
      for (const element of model.elements) assert.equal(getAttribute(element.name, a.name), undefined, `*@${a.name} shadows ${element.name}@${a.name}`);
    } else {
      assert.ok(getElement(a.element), `${a.element} is not an element`);
      assert.equal(getAttribute(a.element, a.name), undefined, `${a.element}@${a.name} is a VoiceML attribute`);
    }
  }
  const expected: [string, string][] = [
    ['Say', 'method'], ['Redirect', 'method'], ['Gather', 'method'], ['Say', 'voice'], ['Say', 'loop'],
    ['Gather', 'input'], ['Gather', 'hints'], ['Gather', 'speechTimeout'], ['Gather', 'speechModel'], ['Gather', 'enhanced'],
    ['Gather', 'actionOnEmptyResult'], ['Gather', 'partialResultCallback'], ['Gather', 'profanityFilter'],
    ['Gather', 'language'], ['Gather', 'maxSpeechTime'], ['Record', 'trim'], ['Record', 'timeout'], ['Record', 'transcribe'],
    ['Record', 'transcribeCallback'], ['Record', 'recordingStatusCallback'], ['Dial', 'record'], ['Dial', 'trim'],
    ['Dial', 'timeLimit'], ['Dial', 'hangupOnStar'], ['Dial', 'answerOnBridge'], ['Dial', 'ringTone'],
    ['Number', 'sendDigits'], ['Number', 'url'], ['Number', 'statusCallback'], ['Number', 'statusCallbackEvent'],
    ['Stream', 'name'], ['Stream', 'statusCallback'], ['Connect', 'action'],
  ];
  for (const [element, name] of expected) assert.ok(getTwimlAttribute(element, name), `${element}@${name}`);
  assert.equal(getTwimlAttribute('Gather', 'method')!.element, '*');
  assert.equal(getTwimlAttribute('Gather', 'input')!.element, 'Gather');
  assert.equal(getTwimlAttribute('Gather', 'timeout'), undefined, 'a VoiceML attribute is never TwiML-only');
  assert.equal(getTwimlAttribute('Say', 'sendDigits'), undefined, 'element-specific entries stay on their element');
});

test('TwiML values: replacements are valid VoiceML, the TwiML value is not', () => {
  for (const v of model.twiml.values) {
    assert.ok(getElement(v.element), `${v.element} is not an element`);
    const attribute = getAttribute(v.element, v.attribute);
    if (attribute) {
      assert.ok(checkValue(attribute.type, v.value), `${v.element}@${v.attribute}="${v.value}" is already valid VoiceML`);
      if (v.replacement !== undefined) assert.equal(checkValue(attribute.type, v.replacement), undefined, `replacement ${v.replacement}`);
    } else {
      assert.ok(getTwimlAttribute(v.element, v.attribute), `${v.element}@${v.attribute} is neither VoiceML nor TwiML`);
      assert.equal(v.replacement, undefined, 'a TwiML-only attribute has no VoiceML value to replace with');
    }
  }
  // Validation skips the TwiML lookup for a value that is fine VoiceML: no fine value may be a TwiML one.
  for (const v of model.twiml.values) {
    const type = getAttribute(v.element, v.attribute)?.type;
    if (type?.kind !== 'enum') continue;
    for (const { value } of type.values) assert.equal(getTwimlValue(v.element, v.attribute, value), undefined, `${v.element}@${v.attribute}="${value}"`);
  }
  assert.equal(getTwimlValue('Stream', 'track', 'inbound_track')?.replacement, 'inbound');
  assert.equal(getTwimlValue('Stream', 'track', 'outbound_track')?.replacement, 'outbound');
  assert.equal(getTwimlValue('Stream', 'track', 'both_tracks')?.replacement, 'both');
  for (const input of ['speech', 'dtmf speech', 'speech dtmf', '  dtmf   speech ']) {
    const value = getTwimlValue('Gather', 'input', input);
    assert.ok(value, `input="${input}"`);
    assert.equal(value.replacement, undefined);
    assert.match(value.reason.en, /keypad \(DTMF\) input only/);
  }
  assert.equal(getTwimlValue('Gather', 'input', 'dtmf'), undefined, 'input="dtmf" is just a TwiML attribute');
});

test('changed defaults match the VoiceML defaults', () => {
  for (const change of model.twiml.changedDefaults) {
    const attribute = getAttribute(change.element, change.attribute);
    assert.ok(attribute, `${change.element}@${change.attribute}`);
    assert.equal(attribute.default, change.voiceml, `${change.element}@${change.attribute} default`);
    assert.notEqual(change.voiceml, change.twiml);
  }
  assert.deepEqual(
    changedDefaultsOf('Record').map((c) => [c.attribute, c.voiceml, c.twiml]),
    [
      ['playBeep', 'false', 'true'],
      ['maxLength', '60', '3600'],
      ['finishOnKey', '#', '1234567890*#'],
    ],
  );
  assert.deepEqual(changedDefaultsOf('Hangup'), []);
});

test('lookups', () => {
  assert.equal(getElement('Say')?.name, 'Say');
  assert.equal(getElement('say'), undefined);
  assert.equal(getAttribute('Gather', 'numDigits')?.name, 'numDigits');
  assert.equal(getAttribute('Gather', 'numdigits'), undefined);
  assert.equal(getAttribute('Nope', 'x'), undefined);
  assert.deepEqual([...parentsOf('Say')].sort(), ['Gather', 'Response']);
  assert.deepEqual(parentsOf('Number'), ['Dial']);
  assert.deepEqual(parentsOf('Parameter'), ['Stream']);
  assert.deepEqual(parentsOf('Response'), []);
  assert.deepEqual(allowedChildren('Nope'), []);
  assert.deepEqual(allowedChildren('Hangup'), []);
  assert.equal(elementNames[0], 'Response');
});

test('the model is frozen and plainText drops Markdown backticks', () => {
  assert.ok(Object.isFrozen(model));
  assert.ok(Object.isFrozen(getElement('Say')!.attributes[0]!.type));
  assert.throws(() => {
    (getElement('Say') as { name: string }).name = 'Speak';
  }, TypeError);
  assert.deepEqual(plainText({ ko: '`<Say>`를 쓰세요', en: 'Use `<Say>`' }), { ko: '<Say>를 쓰세요', en: 'Use <Say>' });
});

test('actsAsWhenNotFirst names a VoiceML element', () => {
  for (const element of model.elements) {
    if (element.actsAsWhenNotFirst !== undefined) assert.ok(getElement(element.actsAsWhenNotFirst), element.name);
  }
});

test("model texts shown after a rule's own sentence do not say it again", () => {
  // Each is shown after a sentence that already says it (`<X> is a TwiML element VoiceML does not support.`,
  // `x is a TwiML attribute; the platform ignores it.`, `<Say> after <Hangup> never runs.` …): it adds the why.
  const restates = (text: { ko: string; en: string }, en: RegExp, ko: RegExp, what: string): void => {
    assert.doesNotMatch(text.en, en, what);
    assert.doesNotMatch(text.ko, ko, what);
  };
  for (const e of model.twiml.elements) restates(e.reason, /not support|does not have it|not in the VoiceML reference/i, /지원하지 않|레퍼런스에 없/, e.name);
  for (const a of model.twiml.attributes) restates(a.reason, /\battribute\b|ignored/i, /속성|무시/, a.name);
  for (const v of model.twiml.values) restates(v.reason, /TwiML|not supported/, /TwiML|지원하지 않/, v.value);
  for (const e of model.elements) if (e.endsCall) restates(e.endsCall, /never run/, /실행되지 않/, e.name);
  for (const h of model.twiml.hosts) restates(h.reason, new RegExp(h.what.en.replace(/^an? /, ''), 'i'), new RegExp(h.what.ko), h.host);
});
