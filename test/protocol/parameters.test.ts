/**
 * Webhook code through the real server over stdio: the reference's IVR (Express in one file; Flask as an app and
 * a blueprint, in a workspace folder on disk) is clean; each planted fault — `req.body.CallSid`, `DialCallStatus
 * === 'answered'`, `res.type('text/xml')`, `Digits` read where no `<Record>` leads — gets exactly one diagnostic
 * at its range, and its quick fix, applied, leaves none; completion after `req.body.` / `request.form.get("`
 * offers `Digits` first where a `<Gather action>` leads, and the five `DialCallStatus` values after `=== '` / `== "`;
 * hover shows the reference's description. In Express and in Flask. Run `npm run build` first (`npm test` does).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionList, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from '../support/lspClient';
import { writeWorkspace } from '../support/flowWorkspace';
import { EXPRESS_IVR, FLASK_IVR, plantedExpress, plantedFlask, type Planted } from '../support/plantedIvr';

const HANDLER_RULES = new Set(['twiml-parameter', 'unknown-parameter', 'parameter-not-sent', 'invalid-parameter-value', 'response-content-type', 'non-voiceml-response', 'twilio-signature']);

/** A server on a workspace folder holding `files`, with `file` open; its diagnostics once the folder is indexed. */
async function open(files: Readonly<Record<string, string>>, file: string) {
  const root = writeWorkspace(files);
  const uri = pathToFileURL(path.join(root, file)).href;
  const languageId = file.endsWith('.py') ? 'python' : 'javascript';
  const client = await startServer({ locale: 'en', workspaceFolders: [pathToFileURL(root).href] });
  const text = files[file]!;
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  const document = TextDocument.create(uri, languageId, 1, text);
  return { client, uri, document, text };
}

/** The handler rules' diagnostics published for `uri`, once those of the whole workspace (the other files indexed) settle. */
async function handlerDiagnostics(client: TestClient, uri: string, expected: number): Promise<Diagnostic[]> {
  const published = await client.waitForDiagnostics(uri, (p) => p.diagnostics.filter((d) => HANDLER_RULES.has(String(d.code))).length === expected, 10_000);
  return published.diagnostics.filter((d) => HANDLER_RULES.has(String(d.code)));
}

describe('webhook code over stdio: the reference’s IVR is clean', () => {
  for (const [name, files, file] of [
    ['Express', { 'ivr.js': EXPRESS_IVR }, 'ivr.js'],
    ['Flask', FLASK_IVR, 'ivr.py'],
  ] as const) {
    test(name, async () => {
      const { client, uri } = await open(files, file);
      try {
        const published = await client.waitForDiagnostics(uri);
        // Settled: a flow refresh may publish again; what matters is the last.
        await new Promise((r) => setTimeout(r, 300));
        const last = client.published.filter((p) => p.uri === uri).at(-1) ?? published;
        assert.deepEqual(last.diagnostics.map((d) => `${d.code}: ${d.message}`), []);
      } finally {
        await client.stop();
      }
    });
  }
});

describe('webhook code over stdio: each planted fault, one diagnostic at its range, its fix', () => {
  const faults: [string, Planted][] = [...plantedExpress().map((p) => ['Express', p] as [string, Planted]), ...plantedFlask().map((p) => ['Flask', p] as [string, Planted])];
  for (const [framework, fault] of faults) {
    test(`${framework}: ${fault.name}`, async () => {
      const opened = await open(fault.files, fault.file);
      const { client, uri } = opened;
      let { document, text } = opened;
      try {
        /** Where the finding stands in `text`. */
        const markedAt = (): number => {
          const line = text.split('\n').findIndex((l) => l.includes(fault.line));
          return text.split('\n').slice(0, line).join('\n').length + 1 + text.split('\n')[line]!.indexOf(fault.marked, fault.line === fault.marked ? 0 : text.split('\n')[line]!.indexOf(fault.line));
        };
        const [first, ...more] = await handlerDiagnostics(client, uri, 1);
        assert.deepEqual(more, []);
        assert.equal(first!.code, fault.rule);
        assert.equal(first!.source, 'voiceml');
        assert.ok(first!.codeDescription?.href.endsWith(`docs/rules/${fault.rule}.md`));
        assert.deepEqual(first!.range, { start: document.positionAt(markedAt()), end: document.positionAt(markedAt() + fault.marked.length) });
        // Two characters typed into the text of a <Say> (before the finding where one is), as an editor sends
        // them: the finding on the code, kept or found again, and its fix stand where the code is now.
        const sayAt = Math.max(text.lastIndexOf('<Say', markedAt()), text.indexOf('<Say'));
        const typedAt = text.indexOf('>', sayAt) + 1;
        for (const typed of ['안', '녕']) {
          const at = document.positionAt(typedAt);
          const change = { range: { start: at, end: at }, text: typed };
          document = TextDocument.update(document, [change], document.version + 1);
          await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [change] });
        }
        text = document.getText();
        const published = await client.waitForDiagnostics(uri, (p) => p.version === document.version, 10_000);
        const [diagnostic, ...others] = published.diagnostics.filter((d) => HANDLER_RULES.has(String(d.code)));
        assert.deepEqual(others, []);
        assert.equal(diagnostic!.code, fault.rule);
        const start = markedAt();
        assert.deepEqual(diagnostic!.range, { start: document.positionAt(start), end: document.positionAt(start + fault.marked.length) });
        const actions = (await client.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostic!.range,
          context: { diagnostics: [diagnostic], only: ['quickfix'] },
        })) as CodeAction[];
        if (!fault.fixed) {
          assert.deepEqual(actions.filter((a) => a.diagnostics?.[0]?.code === fault.rule), []);
          return;
        }
        const action = actions.find((a) => a.isPreferred)!;
        assert.ok(action, 'a preferred fix');
        const fixed = TextDocument.applyEdits(document, action.edit!.changes![uri]!);
        assert.ok(fixed.split('\n').some((l) => l.includes(fault.fixed!)), `after the fix: ${fault.fixed}`);
        const version = document.version + 1;
        await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: fixed }] });
        await client.waitForDiagnostics(uri, (p) => p.version === version && !p.diagnostics.some((d) => HANDLER_RULES.has(String(d.code))));
      } finally {
        await client.stop();
      }
    });
  }
});

describe('webhook code over stdio: completion and hover', () => {
  let client: TestClient;
  let uri: string;
  let document: TextDocument;
  let text: string;
  before(async () => {
    ({ client, uri, document, text } = await open({ 'ivr.js': EXPRESS_IVR }, 'ivr.js'));
    await client.waitForDiagnostics(uri);
  });
  after(() => client.stop());

  /** Types `insert` after `after` (an incremental edit), then asks for completion at its end. */
  let version = 1;
  async function complete(after: string, insert: string, triggerCharacter: string): Promise<string[]> {
    const offset = text.indexOf(after) + after.length;
    const at = document.positionAt(offset);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: at, end: at }, text: insert }] });
    const typed = TextDocument.create(uri, 'javascript', version, text.slice(0, offset) + insert + text.slice(offset));
    const list = (await client.connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: typed.positionAt(offset + insert.length),
      context: { triggerKind: 2, triggerCharacter },
    })) as CompletionList;
    // Back to the text as it was.
    const end = typed.positionAt(offset + insert.length);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: at, end }, text: '' }] });
    const items = [...list.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
    return items.map((i) => `${i.label}${typeof i.documentation === 'object' && i.documentation.value.length > 0 ? ' (documented)' : ''}`);
  }

  test('after req.body. in the route a <Gather action> leads to: Digits first, with its description', async () => {
    assert.deepEqual(await complete("app.post('/ivr/lang', (req, res) => {", '\n  const key = req.body.', '.'), [
      'Digits (documented)',
      'CallId (documented)',
      'AccountId (documented)',
      'From (documented)',
      'To (documented)',
      'CallStatus (documented)',
      'Direction (documented)',
    ]);
  });

  test("after req.body.DialCallStatus === ' the five values", async () => {
    assert.deepEqual(await complete("app.post('/ivr/after-dial', (req, res) => {", "\n  if (req.body.DialCallStatus === '", "'"), [
      'completed (documented)',
      'busy (documented)',
      'no-answer (documented)',
      'failed (documented)',
      'canceled (documented)',
    ]);
  });

  test('hover on req.body.RecordingUrl: the reference’s description', async () => {
    const offset = text.lastIndexOf('req.body.RecordingUrl') + 'req.body.'.length + 2;
    const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: document.positionAt(offset) })) as Hover;
    assert.match((hover.contents as { value: string }).value, /A signed URL of the recording, valid for 24 hours/);
  });
});

describe('webhook code over stdio: Flask completion and hover', () => {
  /** The labels offered, in their order, once `insert` is typed after `after` in the Flask IVR's blueprint. */
  async function offered(after: string, insert: string, triggerCharacter: string): Promise<string[]> {
    const { client, uri, text } = await open(FLASK_IVR, 'ivr.py');
    try {
      await client.waitForDiagnostics(uri);
      const offset = text.indexOf(after) + after.length;
      const typed = TextDocument.create(uri, 'python', 2, text.slice(0, offset) + insert + text.slice(offset));
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: typed.getText() }] });
      const list = (await client.connection.sendRequest('textDocument/completion', {
        textDocument: { uri },
        position: typed.positionAt(offset + insert.length),
        context: { triggerKind: 2, triggerCharacter },
      })) as CompletionList;
      return [...list.items].sort((a, b) => (a.sortText ?? '').localeCompare(b.sortText ?? '')).map((i) => i.label);
    } finally {
      await client.stop();
    }
  }

  test('after request.form.get(" in the route a <Gather action> leads to: Digits first', async () => {
    assert.deepEqual(await offered('def lang():', '\n    key = request.form.get("', '"'), ['Digits', 'CallId', 'AccountId', 'From', 'To', 'CallStatus', 'Direction']);
  });

  test('after request.form["DialCallStatus"] == " the five values', async () => {
    assert.deepEqual(await offered('def after_dial():', '\n    if request.form["DialCallStatus"] == "', '"'), ['completed', 'busy', 'no-answer', 'failed', 'canceled']);
  });

  test('hover on request.form.get("RecordingUrl"): the reference’s description', async () => {
    const { client, uri, text, document } = await open(FLASK_IVR, 'ivr.py');
    try {
      await client.waitForDiagnostics(uri);
      const offset = text.indexOf('"RecordingUrl"') + 3;
      const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: document.positionAt(offset) })) as Hover;
      assert.match((hover.contents as { value: string }).value, /A signed URL of the recording, valid for 24 hours/);
    } finally {
      await client.stop();
    }
  });
});
