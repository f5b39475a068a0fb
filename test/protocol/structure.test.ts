/**
 * The structural features through the real, built server over stdio: outline, folding, links, smart
 * selection, formatting (and its setting, statically and by dynamic registration), linked editing, and
 * auto-closing tags as `workspace/applyEdit` with a snippet — for clients with and without snippet edits.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type {
  ApplyWorkspaceEditParams,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  InitializeResult,
  LinkedEditingRanges,
  RegistrationParams,
  SelectionRange,
  TextDocumentEdit,
  TextEdit,
  UnregistrationParams,
} from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { SERVER, startServer, type TestClient } from '../support/lspClient';

const GATHER = `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Gather numDigits="4" timeout="8" action="https://your-server.com/ivr/verify-2">
    <Say language="ko-KR">가입하신 휴대폰 뒷 네 자리를 누르세요.</Say>
  </Gather>
  <Redirect>/ivr/enter</Redirect>
</Response>
`;
const LINK_AT = GATHER.split('\n')[2]!.indexOf('https://');
const open = (client: { connection: ProtocolConnection }, uri: string, text: string, languageId = 'xml') =>
  client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });

describe('structure over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ locale: 'ko' });
  });
  after(() => client.stop());

  test('initialize announces every structural feature', () => {
    const caps = client.initializeResult.capabilities;
    assert.ok(caps.documentSymbolProvider);
    assert.equal(caps.foldingRangeProvider, true);
    assert.deepEqual(caps.documentLinkProvider, { resolveProvider: false });
    assert.equal(caps.selectionRangeProvider, true);
    assert.equal(caps.linkedEditingRangeProvider, true);
    // This client cannot register formatting dynamically: the formatter is announced statically.
    assert.equal(caps.documentFormattingProvider, true);
    assert.equal(caps.documentRangeFormattingProvider, true);
  });

  test('document symbols', async () => {
    const uri = 'file:///ws/structure/symbols.xml';
    await open(client, uri, GATHER);
    const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    assert.equal(symbols[0]!.name, 'Response');
    assert.deepEqual(
      symbols[0]!.children!.map((s) => s.name),
      ['Gather numDigits=4 → https://your-server.com/ivr/verify-2', 'Redirect → /ivr/enter'],
    );
    assert.deepEqual(symbols[0]!.children![0]!.selectionRange, { start: { line: 2, character: 3 }, end: { line: 2, character: 9 } });
    assert.deepEqual(symbols[0]!.children![0]!.children![0]!.name, 'Say "가입하신 휴대폰 뒷 네 자리를 누르세요."');
  });

  test('folding ranges', async () => {
    const uri = 'file:///ws/structure/folding.xml';
    await open(client, uri, GATHER);
    const ranges = (await client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as FoldingRange[];
    assert.deepEqual(ranges.map((r) => [r.startLine, r.endLine]), [[1, 5], [2, 3]]);
  });

  test('document links', async () => {
    const uri = 'file:///ws/structure/links.xml';
    await open(client, uri, GATHER);
    const links = (await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } })) as DocumentLink[];
    assert.deepEqual(links, [
      {
        range: { start: { line: 2, character: LINK_AT }, end: { line: 2, character: LINK_AT + 'https://your-server.com/ivr/verify-2'.length } },
        target: 'https://your-server.com/ivr/verify-2',
      },
    ]);
  });

  test('selection ranges', async () => {
    const uri = 'file:///ws/structure/selection.xml';
    await open(client, uri, GATHER);
    const [range] = (await client.connection.sendRequest('textDocument/selectionRange', {
      textDocument: { uri },
      positions: [{ line: 2, character: 22 }],
    })) as SelectionRange[];
    const document = TextDocument.create(uri, 'xml', 1, GATHER);
    const texts: string[] = [];
    for (let r: SelectionRange | undefined = range; r; r = r.parent) texts.push(document.getText(r.range));
    assert.deepEqual(texts.slice(0, 4), ['4', '"4"', 'numDigits="4"', '<Gather numDigits="4" timeout="8" action="https://your-server.com/ivr/verify-2">']);
    assert.equal(texts[texts.length - 1], GATHER);
  });

  test('linked editing ranges', async () => {
    const uri = 'file:///ws/structure/linked.xml';
    await open(client, uri, GATHER);
    const result = (await client.connection.sendRequest('textDocument/linkedEditingRange', {
      textDocument: { uri },
      position: { line: 4, character: 5 },
    })) as LinkedEditingRanges;
    assert.deepEqual(result.ranges, [
      { start: { line: 2, character: 3 }, end: { line: 2, character: 9 } },
      { start: { line: 4, character: 4 }, end: { line: 4, character: 10 } },
    ]);
    assert.equal(typeof result.wordPattern, 'string');
  });

  test('formatting: whole document, a range, idempotent over the wire, and the setting', async () => {
    const uri = 'file:///ws/structure/format.voiceml';
    const messy = '<Response>\n<Gather   action="/x">\n<Say>  a  </Say>\n</Gather>\n</Response>\n';
    await open(client, uri, messy, 'voiceml');
    const options = { tabSize: 2, insertSpaces: true };
    const edits = (await client.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options })) as TextEdit[];
    const document = TextDocument.create(uri, 'voiceml', 1, messy);
    const formatted = TextDocument.applyEdits(document, edits);
    assert.equal(formatted, '<Response>\n  <Gather action="/x">\n    <Say>  a  </Say>\n  </Gather>\n</Response>\n');

    const rangeEdits = (await client.connection.sendRequest('textDocument/rangeFormatting', {
      textDocument: { uri },
      options,
      range: { start: { line: 2, character: 0 }, end: { line: 2, character: 16 } },
    })) as TextEdit[];
    assert.equal(TextDocument.applyEdits(document, rangeEdits), '<Response>\n<Gather   action="/x">\n    <Say>  a  </Say>\n</Gather>\n</Response>\n');

    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: formatted }],
    });
    assert.deepEqual(await client.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options }), []);

    // As a client does when the user changes a setting: the new value, then the notification.
    client.settings = { format: { enable: false } };
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    try {
      assert.equal(await client.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 8, insertSpaces: false } }), null);
    } finally {
      client.settings = {};
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    }
    const tabbed = (await client.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 8, insertSpaces: false } })) as TextEdit[];
    assert.ok(tabbed.length > 0, 'enabled again without a restart');
  });

  test('every example: formatted already, and its outline, folding and links answer', async () => {
    for (const name of ['ai-agent', 'dial-agent', 'spam-filter', 'tones', 'voicemail', 'welcome']) {
      const uri = `file:///ws/structure/examples/${name}.xml`;
      await open(client, uri, readFileSync(new URL(`../../examples/${name}.xml`, import.meta.url), 'utf8'));
      assert.deepEqual(await client.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), [], name);
      const symbols = (await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
      assert.equal(symbols[0]!.name, 'Response', name);
      assert.ok(Array.isArray(await client.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } })), name);
      assert.ok(Array.isArray(await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } })), name);
    }
  });

  test('XML that is not VoiceML: no outline, no formatting', async () => {
    const uri = 'file:///ws/structure/pom.xml';
    await open(client, uri, '<project>\n<modules>\n</modules>\n</project>');
    assert.deepEqual(await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }), []);
    assert.deepEqual(await client.connection.sendRequest('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
  });
});

/** A client with exactly the capabilities given: for what depends on them (snippet edits, dynamic registration). */
async function startCustomClient(capabilities: object) {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const state = {
    /** The `voiceml` settings for a document (`scopeUri`), or for the window when there is none. */
    settings: (() => ({})) as (scopeUri: string | undefined) => Record<string, unknown>,
    edits: [] as ApplyWorkspaceEditParams[],
    editWaiters: [] as ((p: ApplyWorkspaceEditParams) => void)[],
    registrations: [] as { method: string; id: string }[],
    unregistered: [] as string[],
    registrationWaiters: [] as (() => void)[],
    /** Server-to-client requests in arrival order: `config <scopeUri>`, `edit <uri>`. */
    log: [] as string[],
    logWaiters: [] as (() => void)[],
  };
  const note = (entry: string) => {
    state.log.push(entry);
    for (const waiter of state.logWaiters.splice(0)) waiter();
  };
  connection.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) => {
    for (const item of params.items) note(`config ${item.scopeUri}`);
    return params.items.map((item) => (item.section === 'voiceml' ? state.settings(item.scopeUri) : null));
  });
  connection.onRequest('workspace/applyEdit', (params: ApplyWorkspaceEditParams) => {
    note(`edit ${(params.edit.documentChanges?.[0] as TextDocumentEdit | undefined)?.textDocument.uri}`);
    state.edits.push(params);
    state.editWaiters.shift()?.(params);
    return { applied: true };
  });
  connection.onRequest('client/registerCapability', (params: RegistrationParams) => {
    for (const r of params.registrations) state.registrations.push({ method: r.method, id: r.id });
    for (const waiter of state.registrationWaiters.splice(0)) waiter();
    return null;
  });
  connection.onRequest('client/unregisterCapability', (params: UnregistrationParams) => {
    for (const r of params.unregisterations) state.unregistered.push(r.id);
    for (const waiter of state.registrationWaiters.splice(0)) waiter();
    return null;
  });
  connection.onNotification('textDocument/publishDiagnostics', () => undefined);
  connection.onNotification('window/logMessage', () => undefined);
  connection.listen();
  const initializeResult = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities })) as InitializeResult;
  await connection.sendNotification('initialized', {});
  return {
    connection,
    state,
    initializeResult,
    nextEdit: () =>
      new Promise<ApplyWorkspaceEditParams>((resolve) => {
        state.editWaiters.push(resolve);
      }),
    /** Resolves once `predicate` holds, checked after each server-to-client request. */
    async until(predicate: () => boolean): Promise<void> {
      while (!predicate()) await new Promise<void>((resolve) => state.logWaiters.push(resolve));
    },
    /** Resolves once a registration change satisfying `predicate` has arrived. */
    async registrationsWhere(predicate: () => boolean): Promise<void> {
      while (!predicate()) await new Promise<void>((resolve) => state.registrationWaiters.push(resolve));
    },
    async stop() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        // already gone
      }
      connection.dispose();
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

const type = (connection: ProtocolConnection, uri: string, version: number, line: number, character: number, text: string) =>
  connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version },
    contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text }],
  });

describe('auto-closing tags over stdio', () => {
  test('a snippet-capable client (VS Code): `>` → `$0</Say>`, `</` → `Gather>$0`, versioned', async () => {
    const client = await startCustomClient({
      workspace: { applyEdit: true, configuration: true, workspaceEdit: { documentChanges: true, snippetEditSupport: true } },
    });
    try {
      const uri = 'file:///ws/auto/snippet.xml';
      await open(client, uri, '<Response>\n  <Gather action="/x">\n    <Say\n</Response>');
      let next = client.nextEdit();
      await type(client.connection, uri, 2, 2, 8, '>');
      const close = await next;
      assert.deepEqual(close.edit.documentChanges, [
        {
          textDocument: { uri, version: 2 },
          edits: [{ range: { start: { line: 2, character: 9 }, end: { line: 2, character: 9 } }, snippet: { kind: 'snippet', value: '$0</Say>' } }],
        },
      ]);
      // The client applies it (as VS Code would), then the user types on and opens an end tag for Gather.
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 3 },
        contentChanges: [{ range: { start: { line: 2, character: 9 }, end: { line: 2, character: 9 } }, text: '</Say>' }],
      });
      await type(client.connection, uri, 4, 2, 15, '\n  <');
      next = client.nextEdit();
      await type(client.connection, uri, 5, 3, 3, '/');
      const endTag = await next;
      assert.deepEqual(endTag.edit.documentChanges, [
        {
          textDocument: { uri, version: 5 },
          edits: [{ range: { start: { line: 3, character: 4 }, end: { line: 3, character: 4 } }, snippet: { kind: 'snippet', value: 'Gather>$0' } }],
        },
      ]);
    } finally {
      await client.stop();
    }
  });

  test('a client without snippet edits (neovim): no edits at all, not even asked for settings', async () => {
    const client = await startCustomClient({ workspace: { applyEdit: true, configuration: true, workspaceEdit: { documentChanges: true } } });
    try {
      const uri = 'file:///ws/auto/plain.xml';
      await open(client, uri, '<Response>\n  <Say\n  <Say>hi <\n</Response>');
      await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
      // Validation asks for this document's settings once (then caches them); wait for that to be over.
      await client.until(() => client.state.log.some((m) => m === `config ${uri}`));
      const mark = client.state.log.length;
      await type(client.connection, uri, 2, 1, 6, '>');
      await type(client.connection, uri, 3, 2, 11, '/');
      // Messages arrive in the order the server sends them: an edit sent for the typing, or a settings request
      // made on the way to one, would be here before the answer to a request sent after the typing.
      await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
      assert.deepEqual(client.state.log.slice(mark), []);
    } finally {
      await client.stop();
    }
  });

  test('no edit when the user typed on before the server answered, or when the setting is off', async () => {
    const client = await startCustomClient({
      workspace: { applyEdit: true, configuration: true, workspaceEdit: { documentChanges: true, snippetEditSupport: true } },
    });
    try {
      const stale = 'file:///ws/auto/stale.xml';
      const control = 'file:///ws/auto/control.xml';
      await open(client, stale, '<Response>\n  <Say\n</Response>');
      await open(client, control, '<Response>\n  <Say\n</Response>');
      let next = client.nextEdit();
      // Both changes are on the wire before the server can ask for settings: version 2 is stale by then.
      await type(client.connection, stale, 2, 1, 6, '>');
      await type(client.connection, stale, 3, 1, 7, 'x');
      await type(client.connection, control, 2, 1, 6, '>');
      assert.deepEqual((await next).edit.documentChanges![0], {
        textDocument: { uri: control, version: 2 },
        edits: [{ range: { start: { line: 1, character: 7 }, end: { line: 1, character: 7 } }, snippet: { kind: 'snippet', value: '$0</Say>' } }],
      });
      assert.equal(client.state.edits.length, 1);

      // Per document, as VS Code resolves resource-scoped settings (e.g. a folder turning it off).
      const off = 'file:///ws/auto/off.xml';
      const on = 'file:///ws/auto/on.xml';
      client.state.settings = (scopeUri) => (scopeUri === off ? { autoClosingTags: false } : {});
      await open(client, off, '<Response>\n  <Say\n</Response>');
      await open(client, on, '<Response>\n  <Say\n</Response>');
      next = client.nextEdit();
      await type(client.connection, off, 2, 1, 6, '>');
      await type(client.connection, on, 2, 1, 6, '>');
      assert.equal(((await next).edit.documentChanges![0] as TextDocumentEdit).textDocument.uri, on);
      assert.equal(client.state.edits.length, 2);
    } finally {
      await client.stop();
    }
  });
});

describe('formatter registration', () => {
  test('with dynamic registration the formatter follows voiceml.format.enable', async () => {
    const client = await startCustomClient({
      workspace: { configuration: true, didChangeConfiguration: { dynamicRegistration: true } },
      textDocument: { formatting: { dynamicRegistration: true }, rangeFormatting: { dynamicRegistration: true } },
    });
    try {
      const caps = client.initializeResult.capabilities;
      assert.equal(caps.documentFormattingProvider, undefined, 'not static: registered while enabled');
      const has = (method: string) => client.state.registrations.some((r) => r.method === method && !client.state.unregistered.includes(r.id));
      await client.registrationsWhere(() => has('textDocument/formatting') && has('textDocument/rangeFormatting'));

      client.state.settings = () => ({ format: { enable: false } });
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.registrationsWhere(() => !has('textDocument/formatting') && !has('textDocument/rangeFormatting'));

      client.state.settings = () => ({});
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.registrationsWhere(() => has('textDocument/formatting') && has('textDocument/rangeFormatting'));
      assert.equal(client.state.registrations.filter((r) => r.method === 'textDocument/formatting').length, 2, 'registered once per enable, never twice');
    } finally {
      await client.stop();
    }
  });
});
