/** The real server over stdio: initialize, didOpen, incremental didChange, settings, locale, stale versions. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleDocumentationUrl } from '../../server/src/rules/documentation';
import { startServer, type TestClient } from '../support/lspClient';

const BROKEN = '<Response>\n  <Gather numdigits="1" action="/g">\n    <Record/>\n  </Gather>\n  <Redirect>/g</Redirect>\n</Response>\n';

describe('diagnostics over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ locale: 'ko' });
  });
  after(() => client.stop());

  test('initialize announces incremental sync and the server name', () => {
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(client.initializeResult.serverInfo?.name, 'voiceml-language-server');
  });

  test('didOpen publishes Korean diagnostics at the right ranges', async () => {
    const uri = 'file:///ws/broken.xml';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: BROKEN } });
    const published = await client.waitForDiagnostics(uri);
    assert.equal(published.version, 1);
    const byCode = Object.fromEntries(published.diagnostics.map((d) => [d.code, d]));
    assert.deepEqual(byCode['unknown-attribute']!.range, { start: { line: 1, character: 10 }, end: { line: 1, character: 19 } });
    assert.deepEqual(byCode['invalid-child']!.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 11 } });
    assert.match(byCode['invalid-child']!.message, /<Record>은\(는\) <Gather> 안에 둘 수 없습니다/);
    // The code is the rule's name alone (the source says whose it is), linked to the rule's page.
    assert.equal(byCode['invalid-child']!.source, 'voiceml');
    assert.deepEqual(byCode['invalid-child']!.codeDescription, { href: ruleDocumentationUrl('invalid-child') });
    assert.match(ruleDocumentationUrl('invalid-child'), /^https:\/\/github\.com\/[\w-]+\/[\w.-]+\/blob\/main\/docs\/rules\/invalid-child\.md$/);
  });

  test('what the reference makes plain: text for the Korean voice, numbers it cannot dial, webhooks on Twilio', async () => {
    const uri = 'file:///ws/ported.xml';
    const text = [
      '<Response>',
      '  <Say>Thanks for calling.</Say>',
      '  <Dial callerId="+15551112222" action="https://webhooks.twilio.com/v1/Accounts/AC1/Flows/FW1">',
      '    <Number>415-123-4567</Number>',
      '  </Dial>',
      '</Response>',
      '',
    ].join('\n');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const shown = published.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character, d.severity]);
    assert.deepEqual(shown, [
      ['say-language', 1, 3, 2],
      ['foreign-number', 2, 18, 2],
      ['twilio-url', 2, 40, 2],
      ['foreign-number', 3, 12, 2],
    ]);
    assert.match(String(published.diagnostics[0]!.message), /language 속성이 없는 <Say>는 한국어로 읽지만 이 텍스트는 로마자입니다/);
    assert.match(String(published.diagnostics[1]!.message), /^callerId '\+15551112222'은\(는\) 계정이 소유한 번호일 수 없습니다/);
    assert.match(String(published.diagnostics[2]!.message), /Twilio Studio 흐름\(webhooks\.twilio\.com\)을\(를\) 가리킵니다/);
    assert.match(String(published.diagnostics[3]!.message), /^<Number>의 '415-123-4567'은\(는\) 한국 번호일 수 없습니다/);
    for (const d of published.diagnostics) assert.deepEqual(d.codeDescription, { href: ruleDocumentationUrl(String(d.code)) });
  });

  test('incremental didChange fixes the document and clears the diagnostics', async () => {
    const uri = 'file:///ws/fixme.xml';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: BROKEN } });
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    // numdigits → numDigits (one character), then delete the <Record/> line.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 1, character: 13 }, end: { line: 1, character: 14 } }, text: 'D' }],
    });
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } }, text: '    <Say>1번을 누르세요</Say>\n' }],
    });
    const published = await client.waitForDiagnostics(uri, (p) => p.version === 3);
    assert.deepEqual(published.diagnostics, []);
  });

  test('rapid edits: only the newest version is published, never an older one after it', async () => {
    const uri = 'file:///ws/typing.xml';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: '<Response>\n</Response>' } });
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const typed = '<Say>안녕</Say>';
    for (let i = 0; i < typed.length; i++) {
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: i + 2 },
        contentChanges: [{ range: { start: { line: 0, character: 10 + i }, end: { line: 0, character: 10 + i } }, text: typed[i] }],
      });
    }
    const last = typed.length + 1;
    const published = await client.waitForDiagnostics(uri, (p) => p.version === last);
    assert.deepEqual(published.diagnostics, []);
    await new Promise((r) => setTimeout(r, 300));
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version!);
    assert.deepEqual([...versions].sort((a, b) => a - b), versions, 'versions are published in order');
    assert.equal(versions[versions.length - 1], last);
    assert.ok(versions.length < typed.length, `typing is debounced (${versions.length} publications)`);
  });

  test('non-VoiceML XML gets no diagnostics, even when broken', async () => {
    const uri = 'file:///ws/pom.xml';
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'xml', version: 1, text: '<project><unclosed></project>' },
    });
    const published = await client.waitForDiagnostics(uri);
    assert.deepEqual(published.diagnostics, []);
  });

  test('a changed rule severity takes effect without a restart', async () => {
    const uri = 'file:///ws/settings.xml';
    const text = '<Response><Say voice="alice">x</Say></Response>';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
    const before = await client.waitForDiagnostics(uri);
    assert.equal(before.diagnostics[0]!.severity, 2);
    client.settings = { rules: { 'twiml-attribute': 'error' } };
    const count = client.published.length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const afterChange = await client.waitForDiagnostics(uri, (p) => client.published.indexOf(p) >= count);
    assert.equal(afterChange.diagnostics[0]!.severity, 1);
    client.settings = { validate: { enable: false } };
    const count2 = client.published.length;
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const disabled = await client.waitForDiagnostics(uri, (p) => client.published.indexOf(p) >= count2);
    assert.deepEqual(disabled.diagnostics, []);
    client.settings = {};
  });

  test('didClose clears the diagnostics', async () => {
    const uri = 'file:///ws/broken.xml';
    const count = client.published.length;
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    const cleared = await client.waitForDiagnostics(uri, (p) => client.published.indexOf(p) >= count);
    assert.deepEqual(cleared.diagnostics, []);
  });
});

describe('locale', () => {
  test('English messages for an English client', async () => {
    const client = await startServer({ locale: 'en-US' });
    try {
      const uri = 'file:///ws/en.xml';
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: BROKEN } });
      const published = await client.waitForDiagnostics(uri);
      assert.ok(published.diagnostics.some((d) => /is not allowed inside <Gather>/.test(String(d.message))), JSON.stringify(published.diagnostics));
    } finally {
      await client.stop();
    }
  });
  test('a client without workspace/configuration gets pushed settings', async () => {
    const client = await startServer({ configuration: false });
    try {
      const uri = 'file:///ws/push.xml';
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'xml', version: 1, text: '<Response><Say voice="a">x</Say></Response>' },
      });
      await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1);
      const count = client.published.length;
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { voiceml: { rules: { 'twiml-attribute': 'off' } } } });
      const after = await client.waitForDiagnostics(uri, (p) => client.published.indexOf(p) >= count);
      assert.deepEqual(after.diagnostics, []);
    } finally {
      await client.stop();
    }
  });
});
