/**
 * The real server under hostile input: hundreds of random incremental edits never crash or hang it and end
 * in exactly the diagnostics of a fresh open; a 20 000-deep document and a 10 MB document are answered.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startServer, type TestClient } from '../support/lspClient';
import { EDIT_SNIPPETS, prng } from '../support/random';
import { generateVoiceML } from '../support/corpus';

const SEED = Number(process.env.VOICEML_SEED ?? 20261124);
const EDITS = 400;

describe('robustness over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ locale: 'ko' });
  });
  after(() => client.stop());

  test(`${EDITS} random incremental edits (seed ${SEED}) end like a fresh open`, async () => {
    const random = prng(SEED);
    const uri = 'file:///ws/random.xml';
    let document = TextDocument.create(uri, 'xml', 1, generateVoiceML(3000));
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'xml', version: 1, text: document.getText() },
    });
    for (let i = 0; i < EDITS; i++) {
      const text = document.getText();
      const start = random.int(text.length + 1);
      const end = Math.min(text.length, start + (random.next() < 0.5 ? 0 : random.int(12)));
      const insert = random.next() < 0.8 ? random.pick(EDIT_SNIPPETS) : '';
      const range = { start: document.positionAt(start), end: document.positionAt(end) };
      const version = document.version + 1;
      document = TextDocument.update(document, [{ range, text: insert }], version);
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range, text: insert }],
      });
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 200)); // let some validations run mid-way
    }
    const final = await client.waitForDiagnostics(uri, (p) => p.version === document.version, 15000);
    assert.equal(client.process.exitCode, null, `server exited; seed ${SEED}; stderr: ${client.stderr()}`);

    const freshUri = 'file:///ws/random-fresh.xml';
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: freshUri, languageId: 'xml', version: 1, text: document.getText() },
    });
    const fresh = await client.waitForDiagnostics(freshUri, undefined, 15000);
    assert.deepEqual(final.diagnostics, fresh.diagnostics, `seed ${SEED}`);
    assert.doesNotMatch(client.stderr(), /validation failed/, `seed ${SEED}`);
  });

  test('a 20 000-deep document is answered', async () => {
    const depth = 20_000;
    const text = '<Response>' + '<Gather>'.repeat(depth) + '</Gather>'.repeat(depth) + '</Response>';
    const uri = 'file:///ws/deep.xml';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
    const published = await client.waitForDiagnostics(uri, undefined, 30000);
    // Every nested Gather is a child Gather does not allow; the outermost lacks an action.
    assert.ok(published.diagnostics.some((d) => d.code === 'invalid-child'));
  });

  test('a 10 MB document is answered', async () => {
    const text = generateVoiceML(10_000_000).replace('<Hangup/>', '').replace('</Response>', '<Sya>x</Sya></Response>');
    const uri = 'file:///ws/huge.xml';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
    const published = await client.waitForDiagnostics(uri, undefined, 60000);
    // Also over the size budget of a response (64 KB).
    assert.deepEqual(
      published.diagnostics.map((d) => d.code),
      ['response-size', 'unknown-element'],
    );
  });
});
