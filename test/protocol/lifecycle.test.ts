/**
 * The real server through the LSP lifecycle, as the protocol says: started without a transport it prints its
 * usage; before `initialize` requests get ServerNotInitialized (-32002) and notifications are dropped; a
 * second `initialize` and any request after `shutdown` get InvalidRequest (-32600); a request cancelled
 * before it ran gets RequestCancelled (-32800) instead of an answer; `exit` ends the process with 0 after
 * `shutdown`, 1 without. The warm-up after start-up waits for the client to be quiet and is seen only in the log.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createProtocolConnection, Message, StreamMessageReader, StreamMessageWriter, type ProtocolConnection, type ResponseMessage } from 'vscode-languageserver-protocol/node';
import { SERVER, startServer, type TestClient } from '../support/lspClient';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

/** The error code a request was answered with, or `answered` when it got a result. */
async function codeOf(request: Promise<unknown>): Promise<number | 'answered'> {
  try {
    await request;
    return 'answered';
  } catch (error) {
    return (error as { code: number }).code;
  }
}

/** A server over stdio that has not been initialized. */
function rawServer(): { connection: ProtocolConnection; exited: Promise<number | null>; published: string[] } {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: string[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (p: { uri: string }) => void published.push(p.uri));
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { connection, exited, published };
}

const initialize = (connection: ProtocolConnection) =>
  connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });

describe('the server outside its running stage', () => {
  test('without a transport flag it prints its usage and exits with 2, without a stack trace', { timeout: 30_000 }, () => {
    const r = spawnSync(process.execPath, [SERVER], { encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' } });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^usage: voiceml-language-server --stdio \| --node-ipc \| --socket=<port> \| --pipe=<name>$/m);
    assert.doesNotMatch(r.stderr, /^\s+at /m);
    assert.equal(r.stdout, '');
    const korean = spawnSync(process.execPath, [SERVER, 'stdio'], { encoding: 'utf8', env: { ...process.env, LANG: 'ko_KR.UTF-8', LC_ALL: '' } });
    assert.equal(korean.status, 2);
    assert.match(korean.stderr, /^사용법: voiceml-language-server --stdio/m);
    const help = spawnSync(process.execPath, [SERVER, '--help'], { encoding: 'utf8', env: { ...process.env, LANG: 'en', LC_ALL: '' } });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^usage: voiceml-language-server/);
    const v = spawnSync(process.execPath, [SERVER, '--version'], { encoding: 'utf8' });
    assert.equal(v.status, 0);
    assert.equal(v.stdout, `${version}\n`);
  });

  test('before initialize: requests get ServerNotInitialized (-32002) and notifications are dropped', { timeout: 30_000 }, async () => {
    const { connection, exited, published } = rawServer();
    const uri = 'file:///lifecycle/early.voiceml';
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'voiceml', version: 1, text: '<Response><Sya/></Response>' } });
    const textDocument = { uri };
    assert.equal(await codeOf(connection.sendRequest('textDocument/hover', { textDocument, position: { line: 0, character: 12 } })), -32002);
    assert.equal(await codeOf(connection.sendRequest('textDocument/documentSymbol', { textDocument })), -32002);
    assert.equal(await codeOf(connection.sendRequest('voiceml/unknown', {})), -32002);
    assert.equal(await codeOf(connection.sendRequest('shutdown')), -32002);
    await initialize(connection);
    await connection.sendNotification('initialized', {});
    // The document opened before initialize was never opened: nothing to outline, nothing published.
    assert.equal(await connection.sendRequest('textDocument/documentSymbol', { textDocument }), null);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(published, []);
    assert.equal(await codeOf(connection.sendRequest('voiceml/unknown', {})), -32601, 'MethodNotFound once running');
    assert.equal(await codeOf(initialize(connection)), -32600, 'initialize is sent once');
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
    connection.dispose();
  });

  test('after shutdown: requests get InvalidRequest (-32600); exit without shutdown ends with 1', { timeout: 30_000 }, async () => {
    const { connection, exited } = rawServer();
    await initialize(connection);
    await connection.sendNotification('initialized', {});
    const uri = 'file:///lifecycle/late.voiceml';
    await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'voiceml', version: 1, text: '<Response><Say>x</Say></Response>' } });
    assert.equal(await connection.sendRequest('shutdown'), null);
    assert.equal(await codeOf(connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })), -32600);
    assert.equal(await codeOf(connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 12 } })), -32600);
    assert.equal(await codeOf(connection.sendRequest('shutdown')), -32600);
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
    connection.dispose();

    const other = rawServer();
    await initialize(other.connection);
    await other.connection.sendNotification('exit');
    assert.equal(await other.exited, 1);
    other.connection.dispose();
  });
});

describe('cancellation', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ locale: 'en' });
  });
  after(() => client.stop());

  test('a request cancelled while an earlier one runs gets RequestCancelled (-32800), not an answer', { timeout: 60_000 }, async () => {
    // Formatting 45 000 nested elements keeps the server busy for a while; the outline asked behind it is
    // cancelled at once, as VS Code does when the user types on. The three messages go in one write, so that
    // the cancellation is in the server's input before the outline is dispatched however loaded the machine
    // is (sent one by one, a slow client could cancel after the formatting had ended and the outline been
    // answered). Their answers are read beside the test client's, by their ids.
    const depth = 45_000;
    const uri = 'file:///lifecycle/busy.xml';
    const text = '<Response>\n' + '<Gather>\n'.repeat(depth) + '</Gather>\n'.repeat(depth) + '</Response>\n';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
    await client.waitForDiagnostics(uri, undefined, 60_000);
    const textDocument = { uri };
    const answers = new Map<string, ResponseMessage>();
    const both = new Promise<void>((resolve) => {
      const reader = new StreamMessageReader(client.process.stdout!);
      reader.listen((message) => {
        if (!Message.isResponse(message) || (message.id !== 'busy' && message.id !== 'outline')) return;
        answers.set(message.id, message);
        if (answers.size === 2) (reader.dispose(), resolve());
      });
    });
    const frame = (message: object): string => {
      const body = JSON.stringify({ jsonrpc: '2.0', ...message });
      return `Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n${body}`;
    };
    client.process.stdin!.write(
      frame({ id: 'busy', method: 'textDocument/formatting', params: { textDocument, options: { tabSize: 2, insertSpaces: true } } }) +
        frame({ id: 'outline', method: 'textDocument/documentSymbol', params: { textDocument } }) +
        frame({ method: '$/cancelRequest', params: { id: 'outline' } }),
    );
    await both;
    assert.equal(answers.get('outline')!.error?.code, -32800);
    assert.equal(answers.get('outline')!.result, undefined);
    assert.equal(answers.get('busy')!.error, undefined);
    assert.ok(Array.isArray(answers.get('busy')!.result));
    // Not cancelled: answered as ever.
    assert.equal(await codeOf(client.connection.sendRequest('textDocument/documentSymbol', { textDocument })), 'answered');
  });
});

describe('the warm-up after start-up', () => {
  test('waits for a quiet spell after the first documents, publishes nothing and leaves the call flow as it was', { timeout: 30_000 }, async () => {
    const client = await startServer({ locale: 'en' });
    try {
      const uri = 'file:///warm/menu.xml';
      // Opened right behind `initialized`, as when opening it started the server.
      const text = '<Response><Gather action="/warm/route"><Sya>메뉴</Sya></Gather><Redirect>/warm/next</Redirect></Response>';
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
      const first = await client.waitForDiagnostics(uri);
      const flow = await client.connection.sendRequest('voiceml/callFlow', {});
      assert.ok(!client.logged.some((m) => m.includes('warmed up')), 'not while the client was talking');
      const started = Date.now();
      while (!client.logged.some((m) => m.includes('warmed up')) && Date.now() - started < 20_000) await new Promise((r) => setTimeout(r, 50));
      const said = client.logged.find((m) => m.includes('warmed up'));
      assert.match(said ?? '', /^VoiceML: warmed up \(\d+ ms of checks over \d+ ms\)$/);
      // Over a quiet spell of a second at least, counted from the last answer.
      assert.ok(Date.now() - started >= 900, `${Date.now() - started} ms after the last answer`);
      assert.deepEqual(
        client.published.map((p) => p.uri),
        [uri],
      );
      assert.deepEqual(await client.connection.sendRequest('voiceml/callFlow', {}), flow);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
      assert.deepEqual((await client.waitForDiagnostics(uri, (p) => p.version === 2)).diagnostics, first.diagnostics);
    } finally {
      await client.stop();
    }
  });
});
