/**
 * Settings over stdio: `voiceml.locale` chooses the language of messages and hovers whatever the client speaks
 * (and `auto` follows it again); settings in `initializationOptions` count for clients that neither answer
 * `workspace/configuration` with them nor send them (Neovim's `init_options`), under what a client does send.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from '../support/lspClient';

const BROKEN = '<Response>\n  <Sya>x</Sya>\n  <Say voice="alice">안녕</Say>\n</Response>\n';
const HANGUL = /[\uac00-\ud7a3]/;

let counter = 0;
async function open(client: TestClient, text = BROKEN): Promise<{ uri: string; published: PublishDiagnosticsParams }> {
  const uri = `file:///settings/${++counter}.xml`;
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
  return { uri, published: await client.waitForDiagnostics(uri, undefined, 10_000) };
}

const codes = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => String(d.code));
const messages = (p: PublishDiagnosticsParams): string[] => p.diagnostics.map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
const english = (p: PublishDiagnosticsParams): boolean => p.diagnostics.length > 0 && messages(p).every((m) => !HANGUL.test(m));
const korean = (p: PublishDiagnosticsParams): boolean => p.diagnostics.length > 0 && messages(p).every((m) => HANGUL.test(m));

describe('voiceml.locale', () => {
  test('ko or en whatever the client speaks; auto follows the client again', { timeout: 60_000 }, async () => {
    const client = await startServer({ locale: 'ko' });
    try {
      client.settings.locale = 'en';
      const { uri, published } = await open(client);
      assert.ok(english(published), JSON.stringify(messages(published)));
      const hover = (await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 4 } })) as Hover;
      assert.match(JSON.stringify(hover.contents), /Reads text aloud/);

      client.settings.locale = 'auto';
      const seen = client.published.length;
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const again = await client.waitForDiagnostics(uri, (p) => client.published.indexOf(p) >= seen && korean(p), 10_000);
      assert.ok(korean(again));

      const englishClient = await startServer({ locale: 'en-US' });
      try {
        englishClient.settings.locale = 'ko';
        assert.ok(korean((await open(englishClient)).published));
      } finally {
        await englishClient.stop();
      }
    } finally {
      await client.stop();
    }
  });
});

describe('settings in initializationOptions', () => {
  test('a client that neither pulls nor pushes settings: its initializationOptions count', { timeout: 60_000 }, async () => {
    for (const initializationOptions of [
      { voiceml: { locale: 'en', rules: { 'unknown-element': 'off' } } },
      { locale: 'en', rules: { 'unknown-element': 'off' } }, // the section itself
    ]) {
      const client = await startServer({ locale: 'ko', configuration: false, initializationOptions });
      try {
        const { published } = await open(client);
        assert.deepEqual(codes(published), ['twiml-attribute'], JSON.stringify(initializationOptions));
        assert.ok(english(published));
      } finally {
        await client.stop();
      }
    }
  });

  test('under what the client sends: pulled settings win, key by key', { timeout: 60_000 }, async () => {
    const client = await startServer({ locale: 'ko', initializationOptions: { voiceml: { locale: 'en', rules: { 'unknown-element': 'off', 'twiml-attribute': 'off' } } } });
    try {
      // The client answers workspace/configuration with a section of its own: its rule wins, the others stay.
      client.settings.rules = { 'twiml-attribute': 'error' };
      const { published } = await open(client);
      assert.deepEqual(
        published.diagnostics.map((d) => [d.code, d.severity]),
        [['twiml-attribute', 1]],
      );
      assert.ok(english(published));
    } finally {
      await client.stop();
    }
  });
});
