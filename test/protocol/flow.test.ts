/**
 * The call flow through the real server over stdio, with multi-file workspaces on disk: the reference's IVR split
 * over two files (Express: a router mounted with `app.use('/ivr', router)` in another file; Flask: a blueprint
 * registered in another file). Go to Definition from every action and Redirect lands on its handler; references,
 * the code lens, call hierarchy, workspace symbols, document links and the `voiceml/callFlow` graph; the index
 * follows edits of open documents and files changed on disk. Run `npm run build` first (`npm test` does).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CallHierarchyIncomingCall, CallHierarchyItem, CallHierarchyOutgoingCall, CodeLens, DocumentLink, Location, LocationLink, PublishDiagnosticsParams, WorkspaceSymbol } from 'vscode-languageserver-protocol';
import type { FlowGraph } from '../../server/src/flow/graph';
import { startServer, type TestClient } from '../support/lspClient';
import { expressIvr, fixtureFiles, writeWorkspace } from '../support/flowWorkspace';

/** Asks until `ready` accepts the answer: the index is built in the background, and requests never wait for it. */
async function eventually<T>(ask: () => Promise<T>, ready: (answer: T) => boolean, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await ask();
    if (ready(answer)) return answer;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(answer)?.slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every occurrence of `needle` in `text`, as the offset of its first character. */
function offsetsOf(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) out.push(at);
  return out;
}

describe('the call flow over stdio: Express, the router mounted in another file', () => {
  let client: TestClient;
  let root: string;
  let routesUri: string;
  let appUri: string;
  let text: string;
  let document: TextDocument;

  before(async () => {
    const files = expressIvr();
    root = writeWorkspace(files);
    routesUri = pathToFileURL(path.join(root, 'routes/ivr.js')).href;
    appUri = pathToFileURL(path.join(root, 'app.js')).href;
    text = files['routes/ivr.js']!;
    client = await startServer({
      locale: 'en',
      workspaceFolders: [pathToFileURL(root).href],
      capabilities: {
        textDocument: { definition: { linkSupport: true } },
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, codeLens: { refreshSupport: true } },
        experimental: { commands: { commands: ['voiceml.showReferences'] } },
      },
    });
    document = TextDocument.create(routesUri, 'javascript', 1, text);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: routesUri, languageId: 'javascript', version: 1, text } });
    // app.js (not open) is read from disk in the background; until it puts the router under /ivr the routes are
    // under an unknown prefix, and a `${BASE}/…` URL still reaches its route by its end. Every test here starts
    // once the mount is known (a loaded machine took longer than the first test's own wait).
    await eventually(
      (): Promise<CodeLens[]> => client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: routesUri } }),
      (lenses) => lenses.some((lens) => lens.command?.title.includes('in /ivr/')),
      'the mount in app.js',
    );
  });
  after(() => client.stop());

  const definition = (offset: number): Promise<LocationLink[] | null> =>
    client.connection.sendRequest('textDocument/definition', { textDocument: { uri: routesUri }, position: document.positionAt(offset) });

  test('Go to Definition from each action and Redirect lands on the handler of its path', async () => {
    const urls = [...text.matchAll(/(?:action="|<Redirect>)(\$\{BASE\}\/([a-z-0-9]+))/g)];
    assert.equal(urls.length, 14);
    for (const url of urls) {
      const offset = url.index + url[0].indexOf('$');
      const links = await definition(offset + 3);
      const path = url[2]!;
      const registration = text.indexOf(`ivr.post('/${path}'`);
      assert.ok(registration >= 0, path);
      assert.deepEqual(links, [
        {
          originSelectionRange: { start: document.positionAt(offset), end: document.positionAt(offset + url[1]!.length) },
          targetUri: routesUri,
          targetRange: links![0]!.targetRange,
          targetSelectionRange: { start: document.positionAt(registration + 9), end: document.positionAt(registration + 9 + path.length + 3) },
        },
      ], `${url[1]} at ${offset}`);
      assert.deepEqual(links![0]!.targetRange.start, document.positionAt(registration));
    }
    // Elsewhere nothing: the host language's own definition answers there.
    assert.equal(await definition(text.indexOf('sendXml(res')), null);
  });

  test('references of a route: every step leading to it; the code lens says which', async () => {
    const menu = text.indexOf("'/menu'");
    const references = (await client.connection.sendRequest('textDocument/references', { textDocument: { uri: routesUri }, position: document.positionAt(menu + 2), context: { includeDeclaration: false } })) as Location[];
    const expected = [...offsetsOf(text, '${BASE}/menu')].map((o) => ({ uri: routesUri, range: { start: document.positionAt(o), end: document.positionAt(o + '${BASE}/menu'.length) } }));
    assert.deepEqual(references, expected);
    assert.equal(expected.length, 3);
    const lenses = (await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: routesUri } })) as CodeLens[];
    const titles = lenses.map((l) => `${document.offsetAt(l.range.start)} ${l.command?.title}`);
    assert.ok(titles.includes(`${menu} ← Gather in /ivr/verify-2 · Redirect in /ivr/menu · Redirect in /ivr/route`), titles.join('\n'));
    assert.ok(titles.includes(`${text.indexOf("'/after-dial'")} ← Dial in /ivr/route`), titles.join('\n'));
    assert.equal(lenses.length, 9);
    const lens = lenses.find((l) => document.offsetAt(l.range.start) === menu)!;
    assert.equal(lens.command!.command, 'voiceml.showReferences');
    assert.deepEqual(lens.command!.arguments, [routesUri, document.positionAt(menu), expected]);
  });

  test('lenses run only the commands the client lists: ▶ Simulate call on each route for one with the simulator, titles alone for one with none', async () => {
    for (const commands of [['voiceml.showReferences', 'voiceml.simulateCall'], undefined]) {
      const other = await startServer({ locale: 'en', workspaceFolders: [pathToFileURL(root).href], capabilities: commands ? { experimental: { commands: { commands } } } : {} });
      try {
        await other.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: routesUri, languageId: 'javascript', version: 1, text } });
        const lensesAt = (): Promise<CodeLens[]> => other.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: routesUri } });
        // The mount in app.js is read in the background: until then the routes are under an unknown prefix.
        const lenses = await eventually(lensesAt, (l) => l.some((lens) => lens.command?.title.startsWith('← Gather in /ivr/enter')), 'the mount in app.js');
        const simulate = lenses.filter((l) => l.command?.command === 'voiceml.simulateCall');
        const references = lenses.filter((l) => l.command?.title.startsWith('←'));
        if (commands) {
          // Every route of the IVR answers VoiceML and takes POST: one lens each, at its path, starting the call there.
          assert.deepEqual(simulate.map((l) => [document.offsetAt(l.range.start), l.command!.title, l.command!.arguments]), [...text.matchAll(/ivr\.post\('([^']+)'/g)].map((m) => [m.index + 9, '▶ Simulate call', [{ path: `/ivr${m[1]}` }]]));
          assert.ok(references.every((l) => l.command!.command === 'voiceml.showReferences'));
        } else {
          assert.deepEqual(simulate, []);
          assert.equal(references.length, 9);
          assert.ok(references.every((l) => l.command!.command === '' && l.command!.arguments === undefined));
        }
      } finally {
        await other.stop();
      }
    }
  });

  test('call hierarchy: the steps into and out of a route', async () => {
    const route = text.indexOf("'/route'");
    const [item] = (await client.connection.sendRequest('textDocument/prepareCallHierarchy', { textDocument: { uri: routesUri }, position: document.positionAt(route + 1) })) as CallHierarchyItem[];
    assert.equal(item!.name, '/ivr/route');
    assert.equal(item!.detail, 'POST · express · ivr.js');
    const incoming = (await client.connection.sendRequest('callHierarchy/incomingCalls', { item })) as CallHierarchyIncomingCall[];
    assert.deepEqual(incoming.map((c) => [c.from.name, c.fromRanges.length]), [['/ivr/menu', 1]]);
    const outgoing = (await client.connection.sendRequest('callHierarchy/outgoingCalls', { item })) as CallHierarchyOutgoingCall[];
    assert.deepEqual(outgoing.map((c) => [c.to.name, c.fromRanges.length]).sort(), [['/ivr/after-dial', 2], ['/ivr/menu', 1]]);
  });

  test('workspace symbols: the routes by path; document links open the handler', async () => {
    const symbols = (await client.connection.sendRequest('workspace/symbol', { query: 'ivr/ver' })) as WorkspaceSymbol[];
    assert.deepEqual(symbols.map((s) => [s.name, s.containerName]), [['/ivr/verify', 'POST · express'], ['/ivr/verify-2', 'POST · express']]);
    const links = (await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri: routesUri } })) as DocumentLink[];
    const lang = links.find((l) => document.offsetAt(l.range.start) === text.indexOf('${BASE}/lang'))!;
    const at = document.positionAt(text.indexOf("'/lang'"));
    assert.equal(lang.target, `${routesUri}#L${at.line + 1},${at.character + 1}`);
    assert.equal(lang.tooltip, 'Open the handler of POST /ivr/lang');
    // The WebSocket URL is no route: it stays a web link.
    assert.ok(links.some((l) => l.target === 'wss://your-server.com/ai/billing'));
  });

  test('voiceml/callFlow: the graph of the workspace, files relative to its folder', async () => {
    const graph = (await client.connection.sendRequest('voiceml/callFlow', {})) as FlowGraph;
    assert.equal(graph.edges.length, 14);
    assert.ok(graph.edges.every((e) => e.match === 'exact' && e.location.file === 'routes/ivr.js'));
  });

  test('an edit of the open document and a change on disk are followed', async () => {
    // Rename the route /lang: the Gather that leads there now leads nowhere.
    const at = text.indexOf("'/lang'") + 2;
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: routesUri, version: 2 },
      contentChanges: [{ range: { start: document.positionAt(at), end: document.positionAt(at + 4) }, text: 'language' }],
    });
    await eventually(() => definition(text.indexOf('${BASE}/lang')), (links) => links === null, 'the renamed route');
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: routesUri, version: 3 },
      contentChanges: [{ range: { start: document.positionAt(at), end: document.positionAt(at + 8) }, text: 'lang' }],
    });
    await eventually(() => definition(text.indexOf('${BASE}/lang')), (links) => links?.length === 1, 'the route named back');
    // Mount the router elsewhere on disk: no step reaches a route any more, until it is mounted back.
    const appPath = path.join(root, 'app.js');
    const app = readFileSync(appPath, 'utf8');
    writeFileSync(appPath, app.replace("app.use('/ivr', ivr);", "app.use('/voice', ivr);"));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: appUri, type: 2 }] });
    await eventually(() => definition(text.indexOf('${BASE}/lang')), (links) => links === null, 'the router mounted under /voice');
    writeFileSync(appPath, app);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: appUri, type: 2 }] });
    await eventually(() => definition(text.indexOf('${BASE}/lang')), (links) => links?.length === 1, 'the router mounted back');
  });

  test('a document checked again when the flow changed is published again only when its diagnostics changed', async () => {
    const uri = pathToFileURL(path.join(root, 'other.xml')).href;
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n  <Pause length="two"/>\n  <Redirect>/ivr/lang</Redirect>\n</Response>\n';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text: xml } });
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    const publishes = (): PublishDiagnosticsParams[] => client.published.filter((p) => p.uri === uri);
    const codes = (): string[] => publishes().at(-1)!.diagnostics.map((d) => String(d.code));
    assert.deepEqual(codes(), ['invalid-attribute-value']);
    let version = 10;
    /** Replaces `length` characters at `at` in the open routes file; waits for its diagnostics. */
    const replace = async (at: number, length: number, by: string): Promise<void> => {
      const before = TextDocument.create(routesUri, 'javascript', version, text);
      text = text.slice(0, at) + by + text.slice(at + length);
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: routesUri, version: ++version },
        contentChanges: [{ range: { start: before.positionAt(at), end: before.positionAt(at + length) }, text: by }],
      });
      await client.waitForDiagnostics(routesUri, (p) => p.version === version);
    };
    // The route renamed: the <Redirect> leads nowhere now, and other.xml is published again; named back, again.
    await replace(text.indexOf("'/lang'") + 1, '/lang'.length, '/language');
    await eventually(async () => codes(), (c) => c.includes('unknown-route'), 'unknown-route on the <Redirect>');
    await replace(text.indexOf("'/language'") + 1, '/language'.length, '/lang');
    await eventually(async () => codes(), (c) => !c.includes('unknown-route'), 'unknown-route gone');
    // A word typed in a response of the routes file: no route changes; other.xml is checked again, nothing is sent.
    const count = publishes().length;
    await replace(text.indexOf('<Say') + text.slice(text.indexOf('<Say')).indexOf('>') + 1, 0, '네, ');
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(publishes().length, count, JSON.stringify(publishes().slice(count)));
  });
});

describe('the call flow over stdio: Flask, the blueprint registered in another file', () => {
  let client: TestClient;
  let root: string;
  before(async () => {
    root = writeWorkspace(fixtureFiles('flask-ivr'));
    client = await startServer({ locale: 'en', workspaceFolders: [pathToFileURL(root).href], capabilities: { textDocument: { definition: { linkSupport: false } } } });
  });
  after(() => client.stop());

  test('Go to Definition from each f-string URL lands on the decorated handler (as plain locations for a client without links)', async () => {
    const uri = pathToFileURL(path.join(root, 'ivr.py')).href;
    const text = readFileSync(path.join(root, 'ivr.py'), 'utf8');
    const document = TextDocument.create(uri, 'python', 1, text);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
    const ask = (offset: number): Promise<Location[] | null> => client.connection.sendRequest('textDocument/definition', { textDocument: { uri }, position: document.positionAt(offset) });
    const urls = [...text.matchAll(/\{BASE\}\/([a-z-0-9]+)/g)];
    assert.equal(urls.length, 14);
    await eventually(() => ask(urls[0]!.index + 2), (l) => l !== null, 'the blueprint registered in app.py');
    for (const url of urls) {
      const decorator = text.indexOf(`@bp.route("/${url[1]}"`);
      assert.deepEqual(await ask(url.index + 1), [{ uri, range: { start: document.positionAt(decorator + 10), end: document.positionAt(decorator + 10 + url[1]!.length + 3) } }], url[0]);
    }
  });
});

describe('the flow rules over stdio: findings at the URL, fixes over the wire, refreshed when another file changes', () => {
  let client: TestClient;
  let root: string;
  before(async () => {
    const files = expressIvr();
    files['routes/ivr.js'] = files['routes/ivr.js']!.replace('action="${BASE}/lang"', 'action="${BASE}/lnag"').replace("ivr.post('/verify-2'", "ivr.get('/verify-2'");
    root = writeWorkspace(files);
    client = await startServer({ locale: 'en', workspaceFolders: [pathToFileURL(root).href] });
  });
  after(() => client.stop());

  test('planted faults: one finding each at the URL; the did-you-mean fix applied; a change in app.js refreshes the findings', async () => {
    const uri = pathToFileURL(path.join(root, 'routes/ivr.js')).href;
    const text = readFileSync(path.join(root, 'routes/ivr.js'), 'utf8');
    const document = TextDocument.create(uri, 'javascript', 1, text);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'javascript', version: 1, text } });
    const flow = (p: { diagnostics: { code?: string | number }[] }) => p.diagnostics.filter((d) => ['unknown-route', 'route-method'].includes(String(d.code)));
    // The mount in app.js is read from disk in the background; the findings follow once it is.
    const published = await client.waitForDiagnostics(uri, (p) => flow(p).length === 2, 10_000);
    const found = flow(published) as import('vscode-languageserver-protocol').Diagnostic[];
    assert.deepEqual(
      found.map((d) => [d.code, document.getText(d.range)]),
      [
        ['unknown-route', '${BASE}/lnag'],
        ['route-method', '${BASE}/verify-2'],
      ],
    );
    const [unknown] = found;
    const actions = (await client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: unknown!.range, context: { diagnostics: [unknown] } })) as import('vscode-languageserver-protocol').CodeAction[];
    const fix = actions.find((a) => a.isPreferred)!;
    assert.equal(fix.title, 'Change to /ivr/lang');
    const fixed = TextDocument.applyEdits(document, fix.edit!.changes![uri]!);
    assert.ok(fixed.includes('action="${BASE}/lang"'));
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    await client.waitForDiagnostics(uri, (p) => p.version === 2 && flow(p).map((d) => d.code).join() === 'route-method');
    // Another file: app.js, opened and edited (unsaved), mounts the router under /ivr/v2: every step now leads nowhere.
    const appUri = pathToFileURL(path.join(root, 'app.js')).href;
    const app = readFileSync(path.join(root, 'app.js'), 'utf8');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: appUri, languageId: 'javascript', version: 1, text: app } });
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: appUri, version: 2 }, contentChanges: [{ text: app.replace("app.use('/ivr', ivr)", "app.use('/ivr/v2', ivr)") }] });
    const after = await client.waitForDiagnostics(uri, (p) => p.version === 2 && flow(p).length === 14, 10_000);
    assert.ok(flow(after).every((d) => d.code === 'unknown-route'));
    // Closed without saving: the text on disk counts again.
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: appUri } });
    await client.waitForDiagnostics(uri, (p) => p.version === 2 && flow(p).map((d) => d.code).join() === 'route-method', 10_000);
  });
});
