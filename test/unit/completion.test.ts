/**
 * Completion at the language-service level: what is offered at each kind of position (also in half-typed
 * and broken documents), the exact text each item leaves in the document, snippet fallback, locales, and
 * that everything comes from the model (never a TwiML name).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { InsertTextFormat, type CompletionItem, type MarkupContent } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/languageService';
import { allowedChildren, model, verbNames } from '../../server/src/model';
import { valueCandidates } from '../../server/src/model/values';
import { parseTree } from '../../server/src/parser';
import { createRegion } from '../../server/src/document/region';
import { wholeFileHost } from '../../server/src/hosts/xml';
import { getCompletions, type CompletionOptions } from '../../server/src/services/completion';
import { accept, atCursor } from '../support/cursor';

const ko = getLanguageService({ locale: 'ko' });
const en = getLanguageService({ locale: 'en-US' });

function complete(marked: string, options: CompletionOptions & { languageId?: string; service?: typeof ko } = {}): {
  items: CompletionItem[];
  labels: string[];
  accepted: (label: string) => string;
} {
  const { document, position } = atCursor(marked, options.languageId);
  const items = (options.service ?? ko).doComplete(document, position, options).items;
  // Clients sort by sortText (then label); tests look at the order users see.
  items.sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  return {
    items,
    labels: items.map((i) => i.label),
    accepted(label) {
      const item = items.find((i) => i.label === label);
      if (!item) throw new Error(`no item ${label} among ${items.map((i) => i.label).join(', ')}`);
      return accept(document, item);
    },
  };
}

const item = (items: CompletionItem[], label: string): CompletionItem => {
  const found = items.find((i) => i.label === label);
  assert.ok(found, `no item ${label} among ${items.map((i) => i.label).join(', ')}`);
  return found;
};

describe('element names after <', () => {
  test('inside <Gather>: only Say and Play, as whole elements with the end tag', () => {
    const c = complete('<Response><Gather><|');
    assert.deepEqual(c.labels, ['Say', 'Play']);
    assert.equal(c.accepted('Say'), '<Response><Gather><Say>$0</Say>');
    assert.equal(item(c.items, 'Say').insertTextFormat, InsertTextFormat.Snippet);
  });

  test('inside <Dial> only Number, inside <Connect> only Stream, inside <Stream> only Parameter', () => {
    assert.deepEqual(complete('<Response><Dial><|').labels, ['Number']);
    const connect = complete('<Response><Connect>\n  <|\n</Connect></Response>');
    assert.deepEqual(connect.labels, ['Stream']);
    // The required attribute, its scheme begun; optional children only, so it self-closes.
    assert.equal(connect.accepted('Stream'), '<Response><Connect>\n  <Stream url="wss://$1"/>\n</Connect></Response>');
    const stream = complete('<Response><Connect><Stream url="wss://x"><|');
    assert.deepEqual(stream.labels, ['Parameter']);
    assert.equal(stream.accepted('Parameter'), '<Response><Connect><Stream url="wss://x"><Parameter name="$1" value="$2"/>');
  });

  test('in <Response>: the verbs in model order; typing <Sa replaces exactly Sa', () => {
    const c = complete('<Response><Sa|');
    assert.deepEqual(c.labels, [...verbNames]);
    assert.equal(c.accepted('Say'), '<Response><Say>$0</Say>');
    assert.equal(c.accepted('Hangup'), '<Response><Hangup/>');
    assert.equal(c.accepted('Record'), '<Response><Record/>');
    // Required children come along: a Dial needs exactly one Number, a Connect exactly one Stream.
    assert.equal(c.accepted('Dial'), '<Response><Dial><Number>$0</Number></Dial>');
    assert.equal(c.accepted('Connect'), '<Response><Connect><Stream url="wss://$1"/>$0</Connect>');
    const edit = item(c.items, 'Say').textEdit as { range: { start: { character: number }; end: { character: number } } };
    assert.deepEqual([edit.range.start.character, edit.range.end.character], [11, 13]);
  });

  test('a tag being typed before existing content keeps that content', () => {
    const c = complete('<Response>\n  <Ga|\n  <Say>x</Say>\n</Response>');
    assert.equal(c.accepted('Gather'), '<Response>\n  <Gather>$0</Gather>\n  <Say>x</Say>\n</Response>');
  });

  test('a < typed right before other markup (kept as text by the parser) still gets the elements', () => {
    const c = complete('<Response>\n  <Gather><|</Gather>\n</Response>');
    assert.deepEqual(c.labels, ['Say', 'Play']);
    assert.equal(c.accepted('Say'), '<Response>\n  <Gather><Say>$0</Say></Gather>\n</Response>');
    assert.deepEqual(complete('<Response><|<Say>x</Say></Response>').labels, [...verbNames]);
    assert.deepEqual(complete('<Response><Say>a <|</Say></Response>').labels, [], 'no elements inside <Say>');
  });

  test('an auto-closed <> is replaced whole', () => {
    assert.equal(complete('<Response><|></Response>').accepted('Pause'), '<Response><Pause/></Response>');
  });

  test('renaming an existing tag changes only the name, and its end tag with it', () => {
    const c = complete('<Response><Ga|ther numDigits="1"></Gather></Response>');
    assert.deepEqual(c.labels, [...verbNames]);
    assert.equal(c.accepted('Record'), '<Response><Record numDigits="1"></Record></Response>');
    assert.equal(item(c.items, 'Record').insertTextFormat, InsertTextFormat.PlainText);
  });

  test('<Response> only where the root belongs', () => {
    assert.deepEqual(complete('<|').labels, ['Response']);
    assert.equal(complete('<?xml version="1.0" encoding="UTF-8"?>\n<|').accepted('Response'), '<?xml version="1.0" encoding="UTF-8"?>\n<Response>$0</Response>');
    assert.deepEqual(complete('<|\n<Response></Response>').labels, ['Response']);
    assert.deepEqual(complete('<Response></Response>\n<|').labels, [], 'a second root is an error: nothing offered');
    assert.equal(complete('<Res|').accepted('Response'), '<Response>$0</Response>');
  });

  test('an empty document, asked with Ctrl+Space: the root with its <', () => {
    for (const languageId of ['voiceml', 'xml']) {
      const c = complete('|', { languageId });
      assert.deepEqual(c.labels, ['Response'], languageId);
      assert.equal(c.accepted('Response'), '<Response>$0</Response>');
    }
    assert.deepEqual(complete('|', { languageId: 'voiceml', triggerCharacter: ' ' }).labels, []);
  });

  test('white space between elements, when asked: the allowed elements with their <; a typed space: nothing', () => {
    const c = complete('<Response>\n  <Gather>\n    |\n  </Gather>\n</Response>');
    assert.deepEqual(c.labels, ['Say', 'Play']);
    assert.equal(c.accepted('Play'), '<Response>\n  <Gather>\n    <Play>$0</Play>\n  </Gather>\n</Response>');
    assert.deepEqual(complete('<Response>\n  <Gather>\n    |\n  </Gather>\n</Response>', { triggerCharacter: ' ' }).labels, []);
  });

  test('elements that allow no children, unknown and TwiML elements: nothing', () => {
    assert.deepEqual(complete('<Response><Say><|').labels, []);
    assert.deepEqual(complete('<Response><Hangup><|').labels, []);
    assert.deepEqual(complete('<Response><Queue><|').labels, []);
    assert.deepEqual(complete('<Response><Foo><|').labels, []);
  });

  test('a fragment completes its top level as children of its parent, and ranges follow the region offset', () => {
    // As an embedded template would be: the region starts inside a bigger document.
    const prefix = 'const dial = `';
    const body = '<Number>010</Number><';
    const document = TextDocument.create('file:///t.ts', 'typescript', 1, `${prefix}${body}\`;`);
    const region = createRegion({ offset: prefix.length, tree: parseTree(body), kind: 'fragment', fragmentParent: 'Dial', host: wholeFileHost });
    const items = getCompletions(document, [region], prefix.length + body.length, 'ko').items;
    assert.deepEqual(items.map((i) => i.label), ['Number']);
    assert.equal(accept(document, items[0]!), `${prefix}<Number>010</Number><Number>$0</Number>\`;`);
    const verbs = getCompletions(document, [createRegion({ offset: prefix.length, tree: region.tree, kind: 'fragment', fragmentParent: 'Response', host: wholeFileHost })], prefix.length + body.length, 'ko').items;
    assert.deepEqual(verbs.map((i) => i.label), [...verbNames]);
  });

  test('every element with children offers exactly its nesting-table children (from the model)', () => {
    for (const element of model.elements) {
      const text = '<';
      const document = TextDocument.create('file:///f.xml', 'xml', 1, text);
      const region = createRegion({ offset: 0, tree: parseTree(text), kind: 'fragment', fragmentParent: element.name, host: wholeFileHost });
      const labels = getCompletions(document, [region], 1, 'ko').items.map((i) => i.label);
      assert.deepEqual(labels, [...allowedChildren(element.name)], element.name);
    }
  });
});

describe('in JS/TS template literals', () => {
  const ts = (marked: string) => complete(marked, { languageId: 'typescript' });
  test('a tagged template being typed, with nothing after it yet', () => {
    const c = ts('const twiml = voiceml`<Response><Gather><|');
    assert.deepEqual(c.labels, ['Say', 'Play']);
    assert.equal(c.accepted('Play'), 'const twiml = voiceml`<Response><Gather><Play>$0</Play>');
  });
  test('a fragment is completed as the children of its parent', () => {
    assert.deepEqual(ts('const dial = `<Number>010</Number><|`;').labels, ['Number']);
    assert.equal(ts('const dial = `<Dial><Number>1</Number></|`;').accepted('/Dial'), 'const dial = `<Dial><Number>1</Number></Dial>`;');
  });
  test('a template nested in ${…}', () => {
    assert.deepEqual(ts('const r = `<Response>${items.map((x) => `<Say>${x}</Say><|`)}</Response>`;').labels, [...verbNames]);
  });
  test('nothing inside ${…}, for a substituted value, or for a substituted end tag name', () => {
    assert.deepEqual(ts('const r = voiceml`<Response><Say language="${la|ng}">x</Say></Response>`;').labels, []);
    assert.deepEqual(ts('const r = voiceml`<Response><Say language="${lang}|">x</Say></Response>`;').labels, []);
    assert.deepEqual(ts('const r = voiceml`<Response><Say>x</${tag}|></Response>`;').labels, []);
    assert.deepEqual(ts('const r = voiceml`<Response><${tag}|>x</Response>`;').labels, []);
  });
  test('nothing in code outside templates', () => {
    assert.deepEqual(ts('const less = 1 <| 2;').labels, []);
    assert.deepEqual(ts('const el = <div><|</div>;').labels, []);
  });
});

describe('closing tags after </', () => {
  test('the open element, with the > added', () => {
    const c = complete('<Response><Say>안녕</|');
    assert.deepEqual(c.labels, ['/Say']);
    assert.equal(c.accepted('/Say'), '<Response><Say>안녕</Say>');
  });
  test('a partial name is replaced; an existing > is not doubled', () => {
    assert.equal(complete('<Response><Say>x</Sa|').accepted('/Say'), '<Response><Say>x</Say>');
    assert.equal(complete('<Response><Say>x</S|></Response>').accepted('/Say'), '<Response><Say>x</Say></Response>');
  });
  test('after a closed child, the parent', () => {
    assert.equal(complete('<Response><Dial><Number>010</Number></|').accepted('/Dial'), '<Response><Dial><Number>010</Number></Dial>');
    assert.equal(complete('<Response>\n  <Say>x</Say>\n</|').accepted('/Response'), '<Response>\n  <Say>x</Say>\n</Response>');
  });
  test('in an end tag that is there already: its own name', () => {
    assert.deepEqual(complete('<Response><Say>x</Say|').labels, ['/Say']);
  });
  test('at the top level, nothing to close', () => {
    assert.deepEqual(complete('<Response></Response></|').labels, []);
  });
});

describe('attribute names in a start tag', () => {
  test('those the element has and does not have yet, each as name="…" that asks for values next', () => {
    const c = complete('<Response><Gather numDigits="1" |');
    assert.deepEqual(c.labels, ['timeout', 'finishOnKey', 'action']);
    assert.equal(c.accepted('action'), '<Response><Gather numDigits="1" action="$1"');
    assert.equal(item(c.items, 'finishOnKey').command?.command, 'editor.action.triggerSuggest');
    // No values to offer for a URL: no empty list popping up.
    assert.equal(item(c.items, 'action').command, undefined);
  });
  test('a partial name is replaced whole', () => {
    assert.equal(complete('<Response><Gather num|').accepted('numDigits'), '<Response><Gather numDigits="$1"');
  });
  test('renaming a name that has a value keeps the value', () => {
    assert.equal(complete('<Response><Say lang|="ko">x</Say></Response>').accepted('language'), '<Response><Say language="ko">x</Say></Response>');
  });
  test('right before another attribute: a new one, spaced', () => {
    const c = complete('<Response><Gather |action="/x"></Gather></Response>');
    assert.deepEqual(c.labels, ['timeout', 'numDigits', 'finishOnKey']);
    assert.equal(c.accepted('timeout'), '<Response><Gather timeout="$1" action="/x"></Gather></Response>');
  });
  test('required attributes first, with their scheme', () => {
    const c = complete('<Response><Connect><Stream |/></Connect></Response>');
    assert.deepEqual(c.labels, ['url', 'track']);
    assert.equal(c.accepted('url'), '<Response><Connect><Stream url="wss://$1"/></Connect></Response>');
  });
  test('no white space before the cursor, or an element without more attributes: nothing', () => {
    assert.deepEqual(complete('<Response><Say language="ko"|>x</Say></Response>').labels, []);
    assert.deepEqual(complete('<Response><Say language="ko" |>x</Say></Response>').labels, []);
    assert.deepEqual(complete('<Response><Hangup |/></Response>').labels, []);
  });
  test('TwiML look-alikes and unknown elements get no attributes', () => {
    assert.deepEqual(complete('<Response><Queue |').labels, []);
    assert.deepEqual(complete('<Response><Foo |').labels, []);
  });
  test('every element offers exactly its model attributes', () => {
    for (const element of model.elements) {
      const labels = complete(`<${element.name} |`, { languageId: 'voiceml' }).labels;
      const expected = [...element.attributes].sort((a, b) => Number(b.required) - Number(a.required)).map((a) => a.name);
      assert.deepEqual(labels, expected, element.name);
    }
  });
});

describe('attribute values', () => {
  test('<Say language="|": the languages, the default first and marked', () => {
    const c = complete('<Response><Say language="|"');
    assert.deepEqual(c.labels, ['ko', 'en', 'ja', 'ko-KR', 'en-US', 'ja-JP']);
    const first = c.items[0]!;
    assert.equal(first.labelDetails?.detail, ' (기본값)');
    assert.equal(first.preselect, true);
    assert.equal(item(c.items, 'en').labelDetails?.detail, undefined);
    assert.equal(c.accepted('ja'), '<Response><Say language="ja"');
  });
  test('<Stream track="| with the quote still open: the value closes it', () => {
    const c = complete('<Response><Connect><Stream track="|');
    assert.deepEqual(c.labels, ['inbound', 'outbound', 'both']);
    assert.equal(c.accepted('both'), '<Response><Connect><Stream track="both"');
    const gt = complete('<Response><Say language="|>안녕</Say></Response>');
    assert.equal(gt.accepted('en'), '<Response><Say language="en">안녕</Say></Response>');
  });
  test('an existing value is replaced whole', () => {
    assert.equal(complete('<Response><Reject reason="re|jected"/></Response>').accepted('busy'), '<Response><Reject reason="busy"/></Response>');
  });
  test('right after = the value gets its quotes', () => {
    assert.equal(complete('<Response><Record playBeep=|/></Response>').accepted('true'), '<Response><Record playBeep="true"/></Response>');
    assert.equal(complete('<Response><Reject reason=b|').accepted('busy'), '<Response><Reject reason="busy"');
  });
  test('booleans and DTMF keys; the default key marked', () => {
    assert.deepEqual(complete('<Response><Record playBeep="|"/></Response>').labels, ['false', 'true']);
    const keys = complete('<Response><Gather finishOnKey="|"/></Response>');
    assert.equal(keys.labels[0], '#');
    assert.equal(keys.items.length, 12);
  });
  test('key sequences are built at the cursor', () => {
    const c = complete('<Response><Play digits="1w|3"/></Response>');
    assert.ok(c.labels.includes('W'));
    assert.equal(c.accepted('2'), '<Response><Play digits="1w23"/></Response>');
  });
  test('free-form values (URLs, integers, text): nothing', () => {
    assert.deepEqual(complete('<Response><Gather action="|"/></Response>').labels, []);
    assert.deepEqual(complete('<Response><Play loop="|"/></Response>').labels, []);
  });
  test('every attribute offers exactly its model candidates', () => {
    for (const element of model.elements) {
      for (const attribute of element.attributes) {
        const labels = complete(`<${element.name} ${attribute.name}="|"`, { languageId: 'voiceml' }).labels;
        const expected = valueCandidates(attribute.type).map((c) => c.value);
        assert.deepEqual([...labels].sort(), [...expected].sort(), `${element.name} ${attribute.name}`);
      }
    }
  });
});

describe('nothing where nothing applies', () => {
  test('inside a comment, closed or still being typed', () => {
    assert.deepEqual(complete('<Response><!-- <| --></Response>').labels, []);
    assert.deepEqual(complete('<Response><!-- <|').labels, []);
    assert.deepEqual(complete('<Response><!-- |\n</Response>').labels, []);
  });
  test('in text, CDATA and processing instructions', () => {
    assert.deepEqual(complete('<Response><Say>안녕하|세요</Say></Response>').labels, []);
    assert.deepEqual(complete('<Response><Say>안녕 |', { triggerCharacter: ' ' }).labels, []);
    assert.deepEqual(complete('<Response><Redirect>https:/|', { triggerCharacter: '/' }).labels, []);
    assert.deepEqual(complete('<Response><Say><![CDATA[<|]]></Say></Response>').labels, []);
    assert.deepEqual(complete('<?xml |?><Response/>').labels, []);
  });
  test('XML that is not VoiceML', () => {
    assert.deepEqual(complete('<project><|</project>').labels, []);
    assert.deepEqual(complete('<project><modules |').labels, []);
  });
});

describe('items', () => {
  test('every label anywhere in a real document is a model name or value, never a TwiML one', () => {
    const text =
      '<?xml version="1.0"?>\n<Response>\n  <Say language="ko-KR">안녕</Say>\n  <Gather numDigits="1" action="/x">\n    <Say>x</Say>\n  </Gather>\n' +
      '  <Queue>support</Queue>\n  <Say voice="alice">x</Say>\n  <Dial timeout="30"><Number>010</Number></Dial>\n' +
      '  <Connect><Stream url="wss://x" track="inbound_track"><Parameter name="a" value="b"/></Stream></Connect>\n  <Record playBeep="true"/>\n</Response>\n';
    const allowed = new Set<string>();
    for (const element of model.elements) {
      allowed.add(element.name).add(`/${element.name}`);
      for (const attribute of element.attributes) {
        allowed.add(attribute.name);
        for (const candidate of valueCandidates(attribute.type)) allowed.add(candidate.value);
      }
    }
    const twiml = new Set([...model.twiml.elements.map((e) => e.name), ...model.twiml.attributes.map((a) => a.name), ...model.twiml.values.map((v) => v.value)]);
    const document = TextDocument.create('file:///all.xml', 'xml', 1, text);
    let offered = 0;
    for (let offset = 0; offset <= text.length; offset++) {
      for (const candidate of ko.doComplete(document, document.positionAt(offset)).items) {
        offered++;
        if (candidate.label.startsWith('/')) {
          // A closing tag closes the user's own element (even a TwiML one): its name must be in the text.
          assert.match(text, new RegExp(`<${candidate.label.slice(1)}[\\s>]`), `${candidate.label} at ${offset}`);
          continue;
        }
        assert.ok(allowed.has(candidate.label), `${candidate.label} at ${offset}`);
        assert.ok(!twiml.has(candidate.label) || allowed.has(candidate.label), candidate.label);
      }
    }
    assert.ok(offered > 100, `only ${offered} items over the whole document`);
  });

  test('kind, detail and label details in Korean; documentation on resolve', () => {
    const c = complete('<Response><Gather><|');
    const say = item(c.items, 'Say');
    assert.ok(say.kind !== undefined);
    assert.match(say.detail!, /<Say> · 동사\(verb\) · ✅ 검증 완료/);
    assert.equal(say.labelDetails?.description, '텍스트를 음성으로 읽어줍니다 (TTS).');
    assert.equal(say.documentation, undefined, 'documentation comes on resolve');
    const resolved = ko.doResolveCompletion(say);
    const doc = (resolved.documentation as MarkupContent).value;
    assert.equal((resolved.documentation as MarkupContent).kind, 'markdown');
    assert.match(doc, /텍스트를 음성으로 읽어줍니다/);
    assert.match(doc, /`language` — 다음 중 하나: ko, en, ja/);
    assert.match(doc, /```xml\n<Say language="ko">/);
  });

  test('attributes and values resolve to their own docs', () => {
    const attribute = item(complete('<Response><Gather |').items, 'finishOnKey');
    assert.match(attribute.detail!, /DTMF 키 하나/);
    const attributeDoc = (ko.doResolveCompletion(attribute).documentation as MarkupContent).value;
    assert.match(attributeDoc, /입력 완료 키/);
    assert.match(attributeDoc, /기본값 `#`/);
    const value = item(complete('<Response><Reject reason="|"/></Response>').items, 'busy');
    assert.match((ko.doResolveCompletion(value).documentation as MarkupContent).value, /486 Busy Here/);
  });

  test('English for an English client', () => {
    const c = complete('<Response><Say language="|"', { service: en });
    assert.equal(c.items[0]!.labelDetails?.detail, ' (default)');
    const say = item(complete('<Response><|', { service: en }).items, 'Say');
    assert.match(say.detail!, /verb · ✅ Verified/);
    assert.match((en.doResolveCompletion(say).documentation as MarkupContent).value, /Reads text aloud \(TTS\)/);
  });

  test('resolving an item that is not ours leaves it alone', () => {
    const foreign: CompletionItem = { label: 'x', data: { other: true } };
    assert.deepEqual(ko.doResolveCompletion(foreign), foreign);
  });

  test('without snippet support: the same text, no tab stops, no value re-trigger', () => {
    const elements = complete('<Response><Connect><|', { snippets: false });
    assert.equal(elements.accepted('Stream'), '<Response><Connect><Stream url="wss://"/>');
    assert.equal(item(elements.items, 'Stream').insertTextFormat, InsertTextFormat.PlainText);
    const dial = complete('<Response><Di|', { snippets: false });
    assert.equal(dial.accepted('Dial'), '<Response><Dial><Number></Number></Dial>');
    const attributes = complete('<Response><Gather |', { snippets: false });
    assert.equal(attributes.accepted('finishOnKey'), '<Response><Gather finishOnKey=""');
    for (const i of [...elements.items, ...dial.items, ...attributes.items]) {
      assert.notEqual(i.insertTextFormat, InsertTextFormat.Snippet, i.label);
      assert.equal(i.command, undefined, i.label);
    }
  });
});
