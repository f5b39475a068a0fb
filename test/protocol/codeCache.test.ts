/**
 * The server's code cache (`server/src/launch.ts`): the command editors start runs the server bundle from a V8
 * code cache kept in the user's cache folder, written when the server exits (or some seconds after its start),
 * read by the next start; the server answers the same with it, without it, and with a damaged one. Each test
 * has a cache folder of its own (`XDG_CACHE_HOME`).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { startServer } from '../support/lspClient';

const URI = 'file:///cache/broken.xml';
const TEXT = '<Response>\n  <Gather numdigits="1" action="/g"><Sya>안녕</Sya></Gather>\n</Response>\n';

/** A server started with `env`: its initialize result and the diagnostics of a broken document, then stopped. */
async function answers(env: Record<string, string>): Promise<{ capabilities: unknown; diagnostics: Diagnostic[] }> {
  const client = await startServer({ locale: 'en', env });
  try {
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: URI, languageId: 'xml', version: 1, text: TEXT } });
    const { diagnostics } = await client.waitForDiagnostics(URI, (p) => p.diagnostics.length > 0);
    assert.equal(client.stderr(), '');
    return { capabilities: client.initializeResult.capabilities, diagnostics };
  } finally {
    await client.stop();
  }
}

describe("the server's code cache", () => {
  const caches = (home: string): string[] => (existsSync(join(home, 'voiceml')) ? readdirSync(join(home, 'voiceml')).sort() : []);

  test('written when the server exits, read by the next start (not written again): the same answers each time, and without it', async () => {
    const unused = mkdtempSync(join(tmpdir(), 'voiceml-server-cache-'));
    const without = await answers({ XDG_CACHE_HOME: unused, VOICEML_NO_CACHE: '1' });
    assert.deepEqual(caches(unused), [], 'VOICEML_NO_CACHE: no cache folder made');
    assert.ok(without.diagnostics.some((d) => d.code === 'unknown-element'));
    const home = mkdtempSync(join(tmpdir(), 'voiceml-server-cache-'));
    assert.deepEqual(await answers({ XDG_CACHE_HOME: home }), without);
    const [name, ...others] = caches(home);
    assert.match(name ?? '', /^server-.*-server\.bin$/);
    assert.deepEqual(others, []);
    const written = readFileSync(join(home, 'voiceml', name!));
    assert.ok(written.length > 1000);
    assert.deepEqual(await answers({ XDG_CACHE_HOME: home }), without);
    assert.deepEqual(readFileSync(join(home, 'voiceml', name!)), written, 'a cache read is not written again');
  });

  test('a damaged cache is not read: the server answers as without it, and a good one is written in its place', async () => {
    const home = mkdtempSync(join(tmpdir(), 'voiceml-server-cache-'));
    const first = await answers({ XDG_CACHE_HOME: home });
    const [name] = caches(home);
    const file = join(home, 'voiceml', name!);
    const damaged = Buffer.from(readFileSync(file));
    // Bytes changed all through what V8 would read: V8 itself does not check them, and would crash.
    for (let i = 64; i < damaged.length; i += 997) damaged[i] ^= 0xff;
    writeFileSync(file, damaged);
    assert.deepEqual(await answers({ XDG_CACHE_HOME: home }), first);
    const again = readFileSync(file);
    assert.ok(again.length > 1000 && !again.equals(damaged), 'written anew');
    assert.deepEqual(caches(home), [name]);
  });
});
