/**
 * The CLI's code cache (`server/src/cli/launch.ts`): kept in the user's cache folder, read by the next run, and
 * never able to change what a run does — damaged, cut, foreign or impossible to write, the CLI runs as without
 * it. Each test has a cache folder of its own (`XDG_CACHE_HOME`).
 */
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, mkdirSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../support/built';

function run(args: string[], cwd: string, cache: string, extra: Record<string, string> = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C', XDG_CACHE_HOME: cache, ...extra } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the code cache of the CLI', () => {
  let dir: string;
  const lint = ['lint', '.', '--format', 'json', '--locale', 'en'];
  let expected: { code: number | null; stdout: string; stderr: string };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'voiceml-cache-'));
    writeFileSync(join(dir, 'bad.xml'), '<Response>\n  <Gather numdigits="1" action="/g"><Sya/></Gather>\n</Response>\n');
    writeFileSync(join(dir, 'good.xml'), '<Response><Say>안녕하세요</Say></Response>\n');
    expected = run(lint, dir, join(dir, 'unused'), { VOICEML_NO_CACHE: '1' });
    assert.equal(expected.code, 1, expected.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['bad.xml', 'good.xml'], 'VOICEML_NO_CACHE: no cache folder made');
  });

  const cacheFiles = (cache: string): string[] => readdirSync(join(cache, 'voiceml')).sort();

  test('written on the first run, one per command, and read by the next: the same report each time', () => {
    const cache = mkdtempSync(join(tmpdir(), 'voiceml-cache-home-'));
    assert.deepEqual(run(lint, dir, cache), expected);
    const [first, ...others] = cacheFiles(cache);
    assert.match(first!, /^cli-.*-lint\.bin$/);
    assert.deepEqual(others, []);
    const written = readFileSync(join(cache, 'voiceml', first!));
    assert.deepEqual(run(lint, dir, cache), expected);
    assert.deepEqual(readFileSync(join(cache, 'voiceml', first!)), written, 'a cache read is not written again');
    assert.equal(run(['--help'], dir, cache).code, 0);
    assert.deepEqual(cacheFiles(cache), [first!.replace(/-lint\.bin$/, '-other.bin'), first!].sort());
  });

  test('worker threads, started with no cache yet, use the cache of lint and leave the writing to the main thread', () => {
    const cache = mkdtempSync(join(tmpdir(), 'voiceml-cache-home-'));
    const many = mkdtempSync(join(tmpdir(), 'voiceml-cache-many-'));
    for (let i = 0; i < 60; i++) writeFileSync(join(many, `f${i}.xml`), i % 2 ? '<Response><Sya/></Response>\n' : '<Response><Say>안녕</Say></Response>\n');
    const threads = ['lint', '.', '--format', 'json', '--locale', 'en', '--concurrency', '2'];
    const alone = run([...threads.slice(0, -2), '--concurrency', 'off'], many, cache, { VOICEML_NO_CACHE: '1' });
    assert.equal(alone.code, 1, alone.stderr);
    assert.deepEqual(run(threads, many, cache), alone);
    const [first, ...others] = cacheFiles(cache);
    assert.match(first!, /^cli-.*-lint\.bin$/);
    assert.deepEqual(others, [], 'one cache, no temporary file left by a worker');
    assert.deepEqual(run(threads, many, cache), alone);
  });

  test('damaged, cut, empty or of another build: never read, the run is as without it, and a good cache is written', () => {
    const cache = mkdtempSync(join(tmpdir(), 'voiceml-cache-home-'));
    run(lint, dir, cache);
    const [name] = cacheFiles(cache);
    const file = join(cache, 'voiceml', name!);
    const good = readFileSync(file);
    const damaged = Buffer.from(good);
    // Bytes changed all through what V8 would read: V8 itself does not check them, and would crash.
    for (let i = 64; i < damaged.length; i += 997) damaged[i] ^= 0xff;
    const cut = good.subarray(0, good.length >> 1);
    for (const bad of [damaged, cut, Buffer.alloc(0), Buffer.from('VMLC'), Buffer.from('not a cache at all')]) {
      writeFileSync(file, bad);
      assert.deepEqual(run(lint, dir, cache), expected);
      assert.deepEqual(cacheFiles(cache), [name]);
      assert.ok(readFileSync(file).length > 1000, 'written anew');
    }
    // The newest eight are kept when one is written (other builds': another install of the CLI run in turn).
    const others = Array.from({ length: 9 }, (_, i) => `cli-otherbuild${i}-1-v0.0.0-x64-lint.bin`);
    others.forEach((other, i) => {
      writeFileSync(join(cache, 'voiceml', other), good);
      utimesSync(join(cache, 'voiceml', other), 1_000_000 + i, 1_000_000 + i);
    });
    writeFileSync(file, Buffer.alloc(0));
    assert.deepEqual(run(lint, dir, cache), expected);
    assert.deepEqual(cacheFiles(cache), [name!, ...others.slice(-7)].sort());
  });

  test('the bundled TypeScript, loaded for a JS/TS file, runs from a cache of its own, read by the next run', () => {
    const cache = mkdtempSync(join(tmpdir(), 'voiceml-cache-home-'));
    const scripts = mkdtempSync(join(tmpdir(), 'voiceml-cache-ts-'));
    writeFileSync(join(scripts, 'ivr.ts'), "app.post('/ivr', (req, res) => res.type('text/xml').send(`<Response><Gather numdigits=\"1\" action=\"/menu\"><Sya>안녕</Sya></Gather></Response>`));\n");
    const alone = run(lint, scripts, cache, { VOICEML_NO_CACHE: '1' });
    assert.equal(alone.code, 1, alone.stderr);
    assert.match(alone.stdout, /unknown-element/);
    assert.deepEqual(run(lint, scripts, cache), alone);
    const typescript = cacheFiles(cache).filter((name) => name.startsWith('typescript-'));
    assert.equal(typescript.length, 1, cacheFiles(cache).join(', '));
    assert.match(typescript[0]!, /^typescript-.*-any\.bin$/);
    const file = join(cache, 'voiceml', typescript[0]!);
    const written = readFileSync(file);
    assert.deepEqual(run(lint, scripts, cache), alone);
    assert.deepEqual(readFileSync(file), written, 'a cache read is not written again');
    // Damaged: not read, the run as without it, a good one written again.
    const damaged = Buffer.from(written);
    for (let i = 64; i < damaged.length; i += 997) damaged[i] ^= 0xff;
    writeFileSync(file, damaged);
    assert.deepEqual(run(lint, scripts, cache), alone);
    const again = readFileSync(file);
    assert.ok(again.length > 1000 && !again.equals(damaged), 'written anew');
  });

  test('no folder to keep it in (a file in its place, a relative path): the CLI runs as without it', () => {
    const cache = mkdtempSync(join(tmpdir(), 'voiceml-cache-home-'));
    writeFileSync(join(cache, 'voiceml'), 'a file, not a folder');
    assert.deepEqual(run(lint, dir, cache), expected);
    assert.equal(readFileSync(join(cache, 'voiceml'), 'utf8'), 'a file, not a folder');
    mkdirSync(join(dir, 'sub'));
    assert.deepEqual(run(['lint', '../bad.xml', '../good.xml', '--format', 'json', '--locale', 'en'], join(dir, 'sub'), 'relative'), {
      ...expected,
      stdout: expected.stdout.replaceAll('"bad.xml"', '"../bad.xml"').replaceAll('"good.xml"', '"../good.xml"'),
    });
    assert.deepEqual(readdirSync(join(dir, 'sub')), [], 'no cache under a relative XDG_CACHE_HOME');
  });
});
