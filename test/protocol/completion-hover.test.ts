/**
 * Completion and hover through the real server over stdio: capabilities, completion at typed positions after
 * incremental edits, `completionItem/resolve`, hover ranges and locale, and the settings that turn them off.
 * Run `npm run build` first (`npm test` does).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, Hover, MarkupContent, TextEdit } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from '../support/lspClient';

const TEXT = '<Response>\n  <Gather numDigits="1" action="/menu">\n    \n  </Gather>\n</Response>\n';

async function open(client: TestClient, uri: string, text: string, languageId = 'xml'): Promise<void> {
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
}

async function complete(client: TestClient, uri: string, line: number, character: number, triggerCharacter?: string): Promise<CompletionItem[]> {
  const context = triggerCharacter === undefined ? { triggerKind: 1 } : { triggerKind: 2, triggerCharacter };
  const result = (await client.connection.sendRequest('textDocument/completion', {
    textDocument: { uri },
    position: { line, character },
    context,
  })) as CompletionList | CompletionItem[] | null;
  if (result === null) return [];
  return Array.isArray(result) ? result : result.items;
}

function hover(client: TestClient, uri: string, line: number, character: number): Promise<Hover | null> {
  return client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } }) as Promise<Hover | null>;
}

describe('completion and hover over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ locale: 'ko' });
  });
  after(() => client.stop());

  test('initialize announces completion (trigger characters, resolve) and hover', () => {
    const caps = client.initializeResult.capabilities;
    assert.deepEqual([...(caps.completionProvider?.triggerCharacters ?? [])].sort(), ['"', "'", ' ', '/', '<', '=', '.'].sort());
    assert.equal(caps.completionProvider?.resolveProvider, true);
    assert.equal(caps.hoverProvider, true);
  });

  test('typing < inside <Gather> (incremental edit) offers Say and Play; resolve adds Korean docs', async () => {
    const uri = 'file:///ws/complete.xml';
    await open(client, uri, TEXT);
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 2, character: 4 }, end: { line: 2, character: 4 } }, text: '<' }],
    });
    const items = await complete(client, uri, 2, 5, '<');
    assert.deepEqual(items.map((i) => i.label).sort(), ['Play', 'Say']);
    const say = items.find((i) => i.label === 'Say')!;
    // This client declares no snippet support: plain text, the same tags without tab stops.
    assert.deepEqual(say.textEdit as TextEdit, { range: { start: { line: 2, character: 5 }, end: { line: 2, character: 5 } }, newText: 'Say></Say>' });
    assert.equal(say.insertTextFormat, 1);
    const resolved = (await client.connection.sendRequest('completionItem/resolve', say)) as CompletionItem;
    const doc = resolved.documentation as MarkupContent;
    assert.equal(doc.kind, 'markdown');
    assert.match(doc.value, /텍스트를 음성으로 읽어줍니다/);
  });

  test('attribute values after typing language="', async () => {
    const uri = 'file:///ws/values.xml';
    await open(client, uri, '<Response>\n  <Say language="">안녕</Say>\n</Response>\n');
    const items = await complete(client, uri, 1, 17, '"');
    assert.deepEqual(
      items.map((i) => i.label),
      ['ko', 'en', 'ja', 'ko-KR', 'en-US', 'ja-JP'],
    );
    const ko = items.find((i) => i.label === 'ko')!;
    assert.equal(ko.labelDetails?.detail, ' (기본값)');
    assert.ok(ko.sortText! < items.find((i) => i.label === 'en')!.sortText!);
  });

  test('a typed space in text offers nothing; a comment offers nothing', async () => {
    const uri = 'file:///ws/nothing.xml';
    await open(client, uri, '<Response>\n  <Say>안녕 하세요</Say>\n  <!-- < -->\n</Response>\n');
    assert.deepEqual(await complete(client, uri, 1, 10, ' '), []);
    assert.deepEqual(await complete(client, uri, 2, 8, '<'), []);
  });

  test('hover on an element end tag, an attribute, a value and a <Number> body', async () => {
    const uri = 'file:///ws/hover.xml';
    await open(client, uri, '<Response>\n  <Dial timeout="30">\n    <Number>+82 10-1234-5678</Number>\n  </Dial>\n</Response>\n');
    const end = await hover(client, uri, 3, 5);
    assert.deepEqual(end?.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 8 } });
    assert.match((end!.contents as MarkupContent).value, /\*\*`<Dial>`\*\*/);
    const attribute = await hover(client, uri, 1, 9);
    assert.deepEqual(attribute?.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 15 } });
    assert.match((attribute!.contents as MarkupContent).value, /연결 대기 시간/);
    const number = await hover(client, uri, 2, 15);
    assert.deepEqual(number?.range, { start: { line: 2, character: 12 }, end: { line: 2, character: 28 } });
    assert.match((number!.contents as MarkupContent).value, /`01012345678`/);
    assert.equal(await hover(client, uri, 0, 0), null);
  });

  test('a TwiML element is explained as unsupported', async () => {
    const uri = 'file:///ws/twiml.xml';
    await open(client, uri, '<Response><Enqueue>support</Enqueue></Response>');
    const shown = await hover(client, uri, 0, 12);
    assert.match((shown!.contents as MarkupContent).value, /지원하지 않는 TwiML 요소/);
  });

  test('voiceml.completion.enable and voiceml.hover.enable turn them off without a restart', async () => {
    const uri = 'file:///ws/settings.xml';
    await open(client, uri, '<Response><Say language="ko">x</Say></Response>');
    assert.ok((await complete(client, uri, 0, 25)).length > 0);
    assert.ok(await hover(client, uri, 0, 12));
    client.settings = { completion: { enable: false }, hover: { enable: false } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(await complete(client, uri, 0, 25), []);
    assert.equal(await hover(client, uri, 0, 12), null);
    client.settings = {};
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.ok((await complete(client, uri, 0, 25)).length > 0);
  });

  test('non-VoiceML XML gets neither', async () => {
    const uri = 'file:///ws/pom.xml';
    await open(client, uri, '<project>\n  <\n</project>\n');
    assert.deepEqual(await complete(client, uri, 1, 3, '<'), []);
    assert.equal(await hover(client, uri, 0, 3), null);
  });
});

describe('completion and hover in English', () => {
  test('an English client gets English details and docs', async () => {
    const client = await startServer({ locale: 'en-US', configuration: false });
    try {
      const uri = 'file:///ws/en.voiceml';
      await open(client, uri, '<Response>\n  <\n</Response>\n', 'voiceml');
      const items = await complete(client, uri, 1, 3, '<');
      const gather = items.find((i) => i.label === 'Gather')!;
      assert.match(gather.detail!, /verb · ✅ Verified/);
      const resolved = (await client.connection.sendRequest('completionItem/resolve', gather)) as CompletionItem;
      assert.match((resolved.documentation as MarkupContent).value, /Collects DTMF/);
      const shown = await hover(client, uri, 0, 3);
      assert.match((shown!.contents as MarkupContent).value, /The root element of a VoiceML response/);
      assert.equal(client.stderr(), '');
    } finally {
      await client.stop();
    }
  });
});
