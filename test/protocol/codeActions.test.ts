/**
 * Quick fixes over stdio, as an editor applies them: each one is requested for its diagnostic, applied to
 * the document, sent back as an incremental didChange, and the server's fresh diagnostics are checked.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from '../support/lspClient';

const wrap = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n${body}\n</Response>\n`;

/**
 * [rule, broken document, title of the fix (undefined: the preferred one), expected text after the fix,
 * diagnostics the fixed document still has by design].
 */
const CASES: [string, string, string | undefined, string, string[]?][] = [
  ['unknown-element', wrap('  <Sya>안녕하세요</Sya>'), undefined, wrap('  <Say>안녕하세요</Say>')],
  // The end tag pairs with the misspelt start tag: one finding, and renaming the start tag makes it well-formed.
  ['unknown-element', wrap('  <Sya>안녕하세요</Say>'), undefined, wrap('  <Say>안녕하세요</Say>')],
  ['xml-syntax', wrap('  <Say>안녕하세요</Sya>'), 'Rename the end tag to </Say>', wrap('  <Say>안녕하세요</Say>')],
  ['unknown-attribute', wrap('  <Gather numdigits="1" action="/g"><Say>x</Say></Gather>\n  <Redirect>/g</Redirect>'), undefined, wrap('  <Gather numDigits="1" action="/g"><Say>x</Say></Gather>\n  <Redirect>/g</Redirect>')],
  ['twiml-attribute', wrap('  <Say voice="alice">x</Say>'), undefined, wrap('  <Say>x</Say>')],
  ['twiml-value', wrap('  <Connect><Stream url="wss://a/s" track="inbound_track"/></Connect>'), undefined, wrap('  <Connect><Stream url="wss://a/s" track="inbound"/></Connect>')],
  ['invalid-attribute-value', wrap('  <Say language="kr">x</Say>'), undefined, wrap('  <Say language="ko">x</Say>')],
  ['websocket-url', wrap('  <Connect><Stream url="ws://a/s"/></Connect>'), undefined, wrap('  <Connect><Stream url="wss://a/s"/></Connect>')],
  ['missing-attribute', wrap('  <Connect><Stream url="wss://a/s"><Parameter name="a"/></Stream></Connect>'), undefined, wrap('  <Connect><Stream url="wss://a/s"><Parameter name="a" value=""/></Stream></Connect>')],
  [
    'invalid-child',
    wrap('  <Gather action="/g">\n    <Say>남기실 말씀을 녹음하세요</Say>\n    <Record action="/r" playBeep="true" maxLength="60" finishOnKey="#"/>\n  </Gather>'),
    undefined,
    wrap('  <Gather action="/g">\n    <Say>남기실 말씀을 녹음하세요</Say>\n  </Gather>\n  <Record action="/r" playBeep="true" maxLength="60" finishOnKey="#"/>'),
  ],
  ['text-not-allowed', wrap('  <Dial>010-1234-5678</Dial>'), undefined, wrap('  <Dial><Number>010-1234-5678</Number></Dial>')],
  // Moving <Reject> first is what the user asked; the <Say> after it then never runs, and that is said.
  ['reject-not-first', wrap('  <Say>잠시만요</Say>\n  <Reject reason="busy"/>'), 'Move <Reject> first', wrap('  <Reject reason="busy"/>\n  <Say>잠시만요</Say>'), ['unreachable-verb']],
  ['reject-not-first', wrap('  <Say>잠시만요</Say>\n  <Reject reason="busy"/>'), 'Replace with <Hangup> (hang up after answering)', wrap('  <Say>잠시만요</Say>\n  <Hangup/>')],
  ['unreachable-verb', wrap('  <Hangup/>\n  <Say>bye</Say>'), 'Remove the verbs after <Hangup> that never run', wrap('  <Hangup/>')],
  ['child-count', wrap('  <Dial><Number>01011112222</Number><Number>01033334444</Number></Dial>'), 'Remove the extra <Number>', wrap('  <Dial><Number>01011112222</Number></Dial>')],
  ['conflicting-body', wrap('  <Play digits="1234">https://example.com/a.wav</Play>'), 'Remove the body', wrap('  <Play digits="1234"></Play>')],
  ['root-element', '<Reponse><Say>안녕하세요</Say></Reponse>', undefined, '<Response><Say>안녕하세요</Say></Response>'],
  ['xml-syntax', wrap('  <Say>R&D 팀입니다</Say>'), undefined, wrap('  <Say>R&amp;D 팀입니다</Say>')],
  ['say-language', wrap('  <Say>Thank you for calling.</Say>'), 'Add language="en"', wrap('  <Say language="en">Thank you for calling.</Say>')],
  ['say-language', wrap('  <Say voice="alice">お電話ありがとうございます。</Say>'), 'Add language="ja"', wrap('  <Say voice="alice" language="ja">お電話ありがとうございます。</Say>'), ['twiml-attribute']],
  ['foreign-number', wrap('  <Dial>\n    <Number>82 10-1234-5678</Number>\n  </Dial>'), 'Change to 01012345678', wrap('  <Dial>\n    <Number>01012345678</Number>\n  </Dial>')],
];

function minimalEdit(before: string, after: string): { start: number; end: number; text: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endBefore = before.length;
  let endAfter = after.length;
  while (endBefore > start && endAfter > start && before[endBefore - 1] === after[endAfter - 1]) endBefore--, endAfter--;
  return { start, end: endBefore, text: after.slice(start, endAfter) };
}

/**
 * The action as the client applies it: with its edit, or (a client that resolves actions) answered without one
 * and resolved with `codeAction/resolve`, as the editor does for the action the user chose.
 */
async function chosen(client: TestClient, action: CodeAction, resolves: boolean): Promise<CodeAction> {
  if (!resolves) return action;
  assert.equal(action.edit, undefined, 'an action answered to a client that resolves carries no edit');
  assert.ok(action.data, 'an action answered without its edit carries what resolves it');
  return (await client.connection.sendRequest('codeAction/resolve', action)) as CodeAction;
}

/** A client that resolves code actions' edits (VS Code, Neovim), and one that does not. */
for (const resolves of [false, true]) {
  describe(`quick fixes over stdio${resolves ? ', edits resolved when chosen' : ''}`, () => {
    let client: TestClient;
    before(async () => {
      client = await startServer({
        locale: 'en',
        capabilities: resolves ? { textDocument: { codeAction: { dataSupport: true, resolveSupport: { properties: ['edit'] } } } } : {},
      });
    });
    after(() => client.stop());

    CASES.forEach(([rule, text, title, expected, remainingByDesign = []], index) => {
      test(`${rule}: ${title ?? 'the preferred fix'}`, async () => {
        const uri = `file:///ws/fix-${index}.xml`;
        let document = TextDocument.create(uri, 'xml', 1, text);
        await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
        const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
        const diagnostic = published.diagnostics.find((d: Diagnostic) => d.code === rule);
        assert.ok(diagnostic, `no ${rule} in ${JSON.stringify(published.diagnostics.map((d) => d.code))}`);
        const actions = (await client.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic], only: ['quickfix'] },
        })) as CodeAction[];
        const offered = title ? actions.find((a) => a.title === title) : actions.find((a) => a.isPreferred);
        assert.ok(offered, `no action ${title ?? '(preferred)'} among ${JSON.stringify(actions.map((a) => a.title))}`);
        const action = await chosen(client, offered, resolves);
        assert.equal(action.title, offered.title);
        assert.deepEqual(action.diagnostics?.map((d) => d.code), [rule]);
        const fixed = TextDocument.applyEdits(document, action.edit!.changes![uri] as TextEdit[]);
        assert.equal(fixed, expected);

        const change = minimalEdit(text, fixed);
        const range = { start: document.positionAt(change.start), end: document.positionAt(change.end) };
        document = TextDocument.update(document, [{ range, text: change.text }], 2);
        await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range, text: change.text }] });
        const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
        const remaining = after.diagnostics.filter((d) => d.severity !== 4 && d.code !== 'recommended-attribute');
        assert.deepEqual(remaining.map((d) => d.code), remainingByDesign, 'the fixed document validates clean');
      });
    });

    /** Opens `text` and asks for its `source.fixAll` actions, as an editor does on save. */
    async function fixAllOf(uri: string, text: string): Promise<CodeAction[]> {
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
      await client.waitForDiagnostics(uri, (p) => p.version === 1);
      return (await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      })) as CodeAction[];
    }

    test('source.fixAll.voiceml applies every safe fix at once', async () => {
      const uri = 'file:///ws/fix-all.xml';
      const text = wrap('  <Say voice="alice">R&D 팀</Say>\n  <Connect><Stream url="ws://a/s" track="inbound_track"/></Connect>');
      const actions = await fixAllOf(uri, text);
      assert.equal(actions.length, 1);
      assert.equal(actions[0]!.kind, 'source.fixAll.voiceml');
      const action = await chosen(client, actions[0]!, resolves);
      const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'xml', 1, text), action.edit!.changes![uri] as TextEdit[]);
      assert.equal(fixed, wrap('  <Say>R&amp;D 팀</Say>\n  <Connect><Stream url="wss://a/s" track="inbound"/></Connect>'));
    });

    test('a clean document offers no fix-all action', async () => {
      assert.deepEqual(await fixAllOf('file:///ws/fix-all-clean.xml', wrap('  <Say language="ko-KR">안녕하세요</Say>')), []);
    });

    if (resolves) {
      test('an action resolved after the document changed comes back without an edit: nothing stale is applied', async () => {
        const uri = 'file:///ws/fix-stale.xml';
        const text = wrap('  <Sya>안녕하세요</Sya>');
        await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
        const published = await client.waitForDiagnostics(uri, (p) => p.version === 1);
        const diagnostic = published.diagnostics.find((d: Diagnostic) => d.code === 'unknown-element')!;
        const actions = (await client.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri },
          range: diagnostic.range,
          context: { diagnostics: [diagnostic], only: ['quickfix'] },
        })) as CodeAction[];
        const offered = actions.find((a) => a.isPreferred)!;
        // A line typed above the element: the fix's offsets would now rename the wrong text.
        const range = { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } };
        await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range, text: '  <Pause/>\n' }] });
        await client.waitForDiagnostics(uri, (p) => p.version === 2);
        const resolved = (await client.connection.sendRequest('codeAction/resolve', offered)) as CodeAction;
        assert.equal(resolved.edit, undefined);
        assert.equal(resolved.title, offered.title);
      });
    }
  });
}
