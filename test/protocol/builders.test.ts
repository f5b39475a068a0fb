/**
 * VoiceML built with Twilio's helper library through the real server over stdio: findings on the calls'
 * method names, option keys and values; a quick fix applied over the wire edits the code; hover on a
 * method. JS and Python. Run `npm run build` first (`npm test` does).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from '../support/lspClient';

const JS = [
  "const { twiml } = require('twilio');",
  "app.post('/voice', (req, res) => {",
  '  const response = new twiml.VoiceResponse();',
  "  const gather = response.gather({ input: 'speech dtmf', action: '/menu', numDigits: 1 });",
  "  gather.say({ language: 'ko-KR' }, '메뉴를 선택하세요.');",
  '  const dial = response.dial();',
  "  dial.conference('Room');",
  "  response.connect().stream({ url: 'wss://example.com/ai', track: 'inbound_track' });",
  "  res.type('xml').send(response.toString());",
  '});',
  '',
].join('\n');

const PY = [
  'from twilio.twiml.voice_response import VoiceResponse, Gather',
  '',
  "@app.route('/voice', methods=['POST'])",
  'def voice():',
  '    resp = VoiceResponse()',
  "    gather = Gather(input='speech', action='/x', num_digits=1)",
  "    gather.say('메뉴를 선택하세요.', language='ko', voice='alice')",
  '    resp.append(gather)',
  '    return str(resp)',
  '',
].join('\n');

describe('builders over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ locale: 'en' });
  });
  after(() => client.stop());

  for (const [name, languageId, text, expected, fixing] of [
    ['JS', 'javascript', JS, [['twiml-value', 'speech dtmf'], ['twiml-element', 'conference'], ['twiml-value', 'inbound_track']], 'inbound_track'],
    ['Python', 'python', PY, [['twiml-value', 'speech'], ['twiml-attribute', 'voice']], 'voice'],
  ] as const) {
    test(`${name}: findings on the code, and the fix applied over the wire edits the option`, async () => {
      const uri = `file:///ws/builder.${languageId === 'python' ? 'py' : 'js'}`;
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      const { diagnostics } = await client.waitForDiagnostics(uri, (p) => p.version === 1);
      const document = TextDocument.create(uri, languageId, 1, text);
      assert.deepEqual(diagnostics.map((d: Diagnostic) => [d.code, document.getText(d.range)]), expected);
      const diagnostic = diagnostics.find((d) => document.getText(d.range) === fixing)!;
      const actions = (await client.connection.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: diagnostic.range,
        context: { diagnostics: [diagnostic], only: ['quickfix'] },
      })) as CodeAction[];
      assert.ok(actions.length > 0, 'a fix');
      const fixed = TextDocument.applyEdits(document, actions[0]!.edit!.changes![uri]!);
      assert.notEqual(fixed, text);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
      const after = await client.waitForDiagnostics(uri, (p) => p.version === 2);
      assert.equal(after.diagnostics.length, diagnostics.length - 1, `${actions[0]!.title}: ${fixed}`);
      assert.ok(!after.diagnostics.some((d) => d.code === diagnostic.code && d.message === diagnostic.message), `${actions[0]!.title}: ${fixed}`);
      const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: document.positionAt(text.indexOf('ather(') + 1) })) as Hover | null;
      assert.match(JSON.stringify(hover?.contents), /Gather/);
    });
  }
});
