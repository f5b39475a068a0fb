/** The outline: names with key attributes from the model, kinds, nesting, ranges. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/languageService';
import { getAttribute, getElement, model } from '../../server/src/model';
import { MAX_RESULT_DEPTH } from '../../server/src/services/limits';

const service = getLanguageService({ locale: 'ko' });
let counter = 0;
const open = (text: string, languageId = 'xml') => TextDocument.create(`file:///symbols/${++counter}.xml`, languageId, 1, text);

/** `name` lines indented by depth, for whole-outline comparisons. */
function outline(symbols: DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name}`, ...outline(s.children ?? [], depth + 1)]);
}

const example = (name: string) => readFileSync(new URL(`../../examples/${name}.xml`, import.meta.url), 'utf8');

describe('document symbols', () => {
  test('the IVR flow reads at a glance', () => {
    const text = `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say language="ko-KR">안녕하세요. 상담 품질 향상을 위해 통화 내용이 녹음됩니다.</Say>
  <Gather numDigits="4" timeout="8" action="/ivr/verify-2">
    <Say language="ko-KR">가입하신 휴대폰 뒷 네 자리를 누르세요.</Say>
  </Gather>
  <Dial timeout="30"><Number>01099991111</Number></Dial>
  <Connect><Stream url="wss://your-server.com/ai/billing" track="inbound"><Parameter name="topic" value="billing"/></Stream></Connect>
  <Redirect>/next</Redirect>
  <Pause length="2"/>
  <Reject reason="busy"/>
  <Record maxLength="60" action="https://your-server.com/ivr/voicemail-done"/>
  <Play loop="2">https://example.com/beep.wav</Play>
  <Play digits="1w2w3#"/>
  <Hangup/>
</Response>`;
    assert.deepEqual(outline(service.findDocumentSymbols(open(text))), [
      'Response',
      '  Say "안녕하세요. 상담 품질 향상을 위해 통화 내용이 녹음…"',
      '  Gather numDigits=4 → /ivr/verify-2',
      '    Say "가입하신 휴대폰 뒷 네 자리를 누르세요."',
      '  Dial → 01099991111',
      '    Number → 01099991111',
      '  Connect',
      '    Stream wss://your-server.com/ai/billing',
      '      Parameter name=topic value=billing',
      '  Redirect → /next',
      '  Pause length=2',
      '  Reject reason=busy',
      '  Record → https://your-server.com/ivr/voicemail-done',
      '  Play loop=2 → https://example.com/beep.wav',
      '  Play digits=1w2w3#',
      '  Hangup',
    ]);
  });

  test('Say text: whitespace collapsed, entities and CDATA decoded, trimmed to 30 code points', () => {
    const symbols = service.findDocumentSymbols(
      open('<Response>\n<Say>\n   첫째 줄\n   둘째 &amp; 셋째\n</Say><Say><![CDATA[Press <1>]]></Say><Say>😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀</Say><Say></Say></Response>'),
    );
    const names = symbols[0]!.children!.map((s) => s.name);
    assert.equal(names[0], 'Say "첫째 줄 둘째 & 셋째"');
    assert.equal(names[1], 'Say "Press <1>"');
    // 29 emoji (surrogate pairs, never split) and the ellipsis
    assert.equal(names[2], `Say "${'😀'.repeat(29)}…"`);
    assert.equal(names[3], 'Say', 'an empty Say shows no quotes');
  });

  test('values with spaces or empty are quoted; absent outline attributes are skipped', () => {
    const symbols = service.findDocumentSymbols(open('<Response><Connect><Stream url="wss://x"><Parameter name="a b" value=""/><Parameter/></Stream></Connect><Gather action="/x"/><Gather numDigits="1"/></Response>'));
    assert.deepEqual(outline(symbols), [
      'Response',
      '  Connect',
      '    Stream wss://x',
      '      Parameter name="a b" value=""',
      '      Parameter',
      '  Gather → /x',
      '  Gather numDigits=1',
    ]);
  });

  test('kinds: root, verbs, nouns, unknown elements', () => {
    const [response] = service.findDocumentSymbols(open('<Response><Say>x</Say><Dial><Number>010</Number></Dial><Queue>q</Queue></Response>'));
    assert.equal(response!.kind, SymbolKind.Module);
    const [say, dial, queue] = response!.children!;
    assert.equal(say!.kind, SymbolKind.Function);
    assert.equal(dial!.kind, SymbolKind.Function);
    assert.equal(dial!.children![0]!.kind, SymbolKind.Field);
    assert.equal(queue!.kind, SymbolKind.Object);
    assert.equal(queue!.name, 'Queue', 'an element the model does not know is still listed, by name');
  });

  test('range is the whole element, selectionRange its name', () => {
    const text = '<Response>\n  <Gather numDigits="1" action="/x">\n    <Say>hi</Say>\n  </Gather>\n</Response>';
    const document = open(text);
    const gather = service.findDocumentSymbols(document)[0]!.children![0]!;
    assert.equal(document.getText(gather.range), '<Gather numDigits="1" action="/x">\n    <Say>hi</Say>\n  </Gather>');
    assert.equal(document.getText(gather.selectionRange), 'Gather');
  });

  test('half-typed documents: unclosed elements are listed, a bare `<` is not (no empty names)', () => {
    const document = open('<Response>\n  <Gather numDigits="1">\n    <Say>hi\n  <\n');
    const symbols = service.findDocumentSymbols(document);
    assert.deepEqual(outline(symbols), ['Response', '  Gather numDigits=1', '    Say "hi"']);
    const walk = (list: DocumentSymbol[]): void => {
      for (const s of list) {
        assert.ok(s.name.length > 0);
        const r = s.range;
        const sel = s.selectionRange;
        const inside = (a: typeof r.start, b: typeof r.start) => a.line < b.line || (a.line === b.line && a.character <= b.character);
        assert.ok(inside(r.start, sel.start) && inside(sel.end, r.end), `selectionRange inside range for ${s.name}`);
        walk(s.children ?? []);
      }
    };
    walk(symbols);
  });

  test('VoiceML in a JS/TS template: document positions, substitutions shown as ${…}', () => {
    const TS = [
      "const BASE = 'https://your-server.com/ivr';",
      'export const menu = voiceml`',
      '  <Gather numDigits="1" action="${BASE}/menu">',
      '    <Say>메뉴를 선택하세요.</Say>',
      '  </Gather>',
      '  <Redirect>https://your-server.com/ivr/enter</Redirect>',
      '`;',
    ].join('\n');
    const document = open(TS, 'typescript');
    const symbols = service.findDocumentSymbols(document);
    assert.deepEqual(outline(symbols), ['Gather numDigits=1 → ${…}/menu', '  Say "메뉴를 선택하세요."', 'Redirect → https://your-server.com/ivr/enter']);
    assert.equal(document.getText(symbols[0]!.selectionRange), 'Gather');
    assert.equal(symbols[0]!.range.start.line, 2);
  });

  test('documents that are not VoiceML have no outline from us', () => {
    assert.deepEqual(service.findDocumentSymbols(open('<project><modules/></project>')), []);
  });

  test('every example has an outline rooted at Response', () => {
    for (const name of ['ai-agent', 'dial-agent', 'spam-filter', 'tones', 'voicemail', 'welcome']) {
      const symbols = service.findDocumentSymbols(open(example(name)));
      assert.equal(symbols.length, 1, name);
      assert.equal(symbols[0]!.name, 'Response', name);
      assert.ok(symbols[0]!.children!.length > 0, name);
    }
  });

  test('the model: every outline entry names an attribute, #text of an element with a body, or an allowed child', () => {
    let entries = 0;
    for (const element of model.elements) {
      for (const entry of element.outline ?? []) {
        entries++;
        if (entry === '#text') {
          assert.notEqual(element.body.use, 'none', `${element.name}: #text but no body`);
        } else if (entry.startsWith('<')) {
          const child = entry.slice(1, -1);
          assert.ok(element.children.some((c) => c.name === child), `${element.name}: ${entry} is not a child`);
          assert.notEqual(getElement(child)?.body.use ?? 'none', 'none', `${element.name}: ${entry} has no body`);
        } else {
          assert.ok(getAttribute(element.name, entry), `${element.name}: no attribute ${entry}`);
        }
      }
    }
    assert.ok(entries > 5);
  });
});

describe('a bounded outline', () => {
  test('at most resultLimit symbols, the upper levels first, and word that it stopped', () => {
    const document = open('<Response><Gather action="/a"><Say>1</Say></Gather><Gather action="/b"><Say>2</Say></Gather><Hangup/></Response>');
    const told: string[] = [];
    const symbols = service.findDocumentSymbols(document, { resultLimit: 4, onResultLimitExceeded: (uri) => told.push(uri) });
    // Level by level: Response, then its three children; the Says inside are what is left out.
    assert.deepEqual(outline(symbols), ['Response', '  Gather → /a', '  Gather → /b', '  Hangup']);
    assert.deepEqual(told, [document.uri]);
    assert.equal(outline(service.findDocumentSymbols(document, { resultLimit: 6 })).length, 6);
    const all: string[] = [];
    service.findDocumentSymbols(document, { resultLimit: 6, onResultLimitExceeded: (uri) => all.push(uri) });
    assert.deepEqual(all, [], 'no word when everything fits');
  });

  test('at most MAX_RESULT_DEPTH levels, however deep the document', () => {
    const depth = 20_000;
    const document = open('<Response>' + '<Gather>'.repeat(depth) + '</Gather>'.repeat(depth) + '</Response>');
    const told: string[] = [];
    let level: DocumentSymbol[] = service.findDocumentSymbols(document, { onResultLimitExceeded: (uri) => told.push(uri) });
    let levels = 0;
    while (level.length > 0) {
      levels++;
      level = level[0]!.children ?? [];
    }
    assert.equal(levels, MAX_RESULT_DEPTH);
    assert.deepEqual(told, [document.uri]);
    // And it can be serialized, as the server does: 20 000 levels overflowed the stack there.
    assert.ok(JSON.stringify(service.findDocumentSymbols(document)).length > 0);
  });
});
