/**
 * The real server over stdio under hostile documents: no DTD, external entity, parameter entity or XInclude is
 * resolved — the file they name never appears in any response or message and is never read — entities are not
 * expanded, and huge or binary documents are answered with a clear message while the server stays responsive.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, CompletionList, Diagnostic } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from '../support/lspClient';
import { generateVoiceML } from '../support/corpus';
import { generatePython } from '../support/pythonCorpus';
import { hostileDocuments, hostname, interestingOffsets } from '../support/hostile';
import { prng } from '../support/random';

describe('security over stdio', () => {
  let client: TestClient;
  let dir: string;
  let secretFile: string;
  let secret: string;
  const past = new Date('2001-02-03T04:05:06Z');
  /** Every message the server sent besides responses: log and show-message notifications. */
  const messages: unknown[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voiceml-xxe-lsp-'));
    secretFile = join(dir, 'secret.xml');
    secret = `VOICEML-SECRET-${randomUUID()}`;
    writeFileSync(secretFile, `<Say>${secret}</Say>`);
    // Older than the modification time: a read moves it (relatime).
    utimesSync(secretFile, past, new Date());
    client = await startServer({ locale: 'en' });
    for (const method of ['window/logMessage', 'window/showMessage', 'telemetry/event']) {
      client.connection.onNotification(method, (params: unknown) => void messages.push(params));
    }
  });
  after(async () => {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(uri: string, text: string, languageId = 'xml'): Promise<Diagnostic[]> {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return (await client.waitForDiagnostics(uri, (p) => p.version === 1, 60_000)).diagnostics;
  }

  /** Every request a client makes about a document, at every interesting position; the answers as JSON. */
  async function askEverything(uri: string, text: string, diagnostics: Diagnostic[]): Promise<string> {
    const document = TextDocument.create(uri, 'xml', 1, text);
    const textDocument = { uri };
    const positions = interestingOffsets(text).map((o) => document.positionAt(o));
    const whole = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
    const c = client.connection;
    const answers: unknown[] = [
      diagnostics,
      await c.sendRequest('textDocument/codeAction', { textDocument, range: whole, context: { diagnostics } }),
      await c.sendRequest('textDocument/documentSymbol', { textDocument }),
      await c.sendRequest('textDocument/foldingRange', { textDocument }),
      await c.sendRequest('textDocument/documentLink', { textDocument }),
      await c.sendRequest('textDocument/selectionRange', { textDocument, positions }),
      await c.sendRequest('textDocument/formatting', { textDocument, options: { tabSize: 2, insertSpaces: true } }),
    ];
    for (const position of positions) {
      answers.push(await c.sendRequest('textDocument/hover', { textDocument, position }));
      const completion = (await c.sendRequest('textDocument/completion', { textDocument, position })) as CompletionList | CompletionItem[] | null;
      const items = Array.isArray(completion) ? completion : (completion?.items ?? []);
      answers.push(completion);
      for (const item of items.slice(0, 5)) answers.push(await c.sendRequest('completionItem/resolve', item));
      answers.push(await c.sendRequest('textDocument/linkedEditingRange', { textDocument, position }));
    }
    return JSON.stringify(answers);
  }

  test('no response or message holds the file a DTD, an entity or an XInclude names, and the server never reads it', async () => {
    const documents = hostileDocuments(pathToFileURL(secretFile).href, 'secret.xml');
    let answers = '';
    let index = 0;
    for (const [name, text] of Object.entries(documents)) {
      const uri = `file:///ws/hostile-${++index}.xml`;
      const diagnostics = await open(uri, text);
      if (text.includes('&x;')) assert.ok(diagnostics.some((d) => String(d.message).includes('Unknown entity &x;')), name);
      answers += await askEverything(uri, text, diagnostics);
    }
    const everything = answers + JSON.stringify(messages) + JSON.stringify(client.published) + client.stderr();
    assert.ok(answers.length > 1000, 'the server did answer');
    assert.ok(!everything.includes(secret), 'the file content was sent to the client');
    const host = hostname((path) => readFileSync(path, 'utf8'));
    if (host) assert.ok(!everything.includes(host), 'the content of /etc/hostname was sent to the client');
    assert.equal(statSync(secretFile).atime.getTime(), past.getTime(), 'the server read the file');
    assert.equal(client.process.exitCode, null);
  });

  test('billion laughs: answered at once, nothing expanded', async () => {
    const levels = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const text = `<!DOCTYPE Response [${levels.join('')}]>\n<Response><Say>&lol9;</Say></Response>`;
    const uri = 'file:///ws/lol.xml';
    const diagnostics = await open(uri, text);
    assert.ok(diagnostics.some((d) => String(d.message).includes('&lol9;')));
    const answers = await askEverything(uri, text, diagnostics);
    assert.ok(answers.length < 500_000 && !answers.includes('lollollol'));
  });

  test('a 50 MB document: one information diagnostic, and the server goes on answering', async () => {
    const diagnostics = await open('file:///ws/huge.xml', generateVoiceML(50 * 1024 * 1024 + 1));
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [['max-file-size', 3]]);
    assert.match(String(diagnostics[0]!.message), /larger than voiceml\.maxFileSize \(20 MB\)/);
    const symbols = await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: 'file:///ws/huge.xml' } });
    assert.deepEqual(symbols, []);
    assert.deepEqual((await open('file:///ws/after-huge.xml', '<Response><Sya/></Response>')).map((d) => d.code), ['unknown-element']);
  });

  test('a Python webhook over the size the call flow reads: its VoiceML checked, and one information says the flow rules were not applied', async () => {
    const text = generatePython(1_100_000).replace('<Say language="ko-KR">', '<Sya language="ko-KR">');
    const diagnostics = await open('file:///ws/big-app.py', text, 'python');
    assert.deepEqual([diagnostics[0]!.code, diagnostics[0]!.severity], ['flow-size', 3]);
    assert.match(String(diagnostics[0]!.message), /more than the 1,000,000 the call flow reads/);
    assert.ok(diagnostics.some((d) => d.code === 'unknown-element'));
  });

  test('random bytes: at most 1000 diagnostics are published, and one more says how many were left out', async () => {
    const random = prng(7);
    let bytes = '';
    for (let i = 0; i < 500_000; i++) bytes += String.fromCharCode(random.int(256));
    const diagnostics = await open('file:///ws/bytes.voiceml', `<Response>${bytes}</Response>`, 'voiceml');
    assert.equal(diagnostics.length, 1001);
    assert.equal(diagnostics[1000]!.code, 'too-many-problems');
    assert.equal(client.process.exitCode, null);
  });

  test('voiceml.maxFileSize applies as soon as it changes', async () => {
    const text = generateVoiceML(2 * 1024 * 1024).replace('</Response>', '<Sya/></Response>');
    const uri = 'file:///ws/two-megabytes.xml';
    assert.deepEqual((await open(uri, text)).map((d) => d.code), ['response-size', 'unknown-element']);
    client.settings = { maxFileSize: 1 };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'max-file-size'), 30_000);
    client.settings = { maxFileSize: 0 };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const published = client.published.length;
    await client.waitForDiagnostics(uri, (p) => client.published.indexOf(p) >= published && p.diagnostics.some((d) => d.code === 'unknown-element'), 30_000);
  });
});
