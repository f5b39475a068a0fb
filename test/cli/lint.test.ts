/** The built CLI (`dist/cli/voiceml.js lint`): output formats, exit codes, clear errors for bad paths. */
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../dist/cli/voiceml.js', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));

function run(args: string[], cwd?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('voiceml lint', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'voiceml-cli-'));
    writeFileSync(join(dir, 'bad.xml'), '<Response>\n  <Gather numdigits="1" action="/g"><Record/></Gather>\n</Response>\n');
    writeFileSync(join(dir, 'warn.xml'), '<Response><Say voice="alice">x</Say></Response>\n');
    writeFileSync(join(dir, 'good.xml'), '<Response><Say>안녕하세요</Say></Response>\n');
    writeFileSync(join(dir, 'pom.xml'), '<project><broken></project>\n');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'deep.voiceml'), '<Response><Hangup/><Say>x</Say></Response>\n');
  });

  test('the bundled examples are clean', () => {
    const r = run(['lint', `${EXAMPLES}/*.xml`, '--locale', 'en']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /6 files checked: 0 errors, 0 warnings/);
  });

  test('errors: file:line:col severity message [code], exit 1', () => {
    const r = run(['lint', 'bad.xml', '--locale', 'en'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^bad\.xml:2:11 error <Gather> has no attribute numdigits\. .*\[voiceml\/unknown-attribute\]$/m);
    assert.match(r.stdout, /^bad\.xml:2:38 error <Record> is not allowed inside <Gather>.*\[voiceml\/invalid-child\]$/m);
  });

  test('warnings only: exit 0', () => {
    const r = run(['lint', 'warn.xml', 'good.xml', 'pom.xml'], dir);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /warn\.xml:1:16 warning .*\[voiceml\/twiml-attribute\]/);
  });

  test('Korean by default', () => {
    const r = run(['lint', 'bad.xml'], dir);
    assert.match(r.stdout, /<Record>은\(는\) <Gather> 안에 둘 수 없습니다/);
  });

  test('--format json and globs', () => {
    const r = run(['lint', '**/*.{xml,voiceml}', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string; line: number; column: number; severity: string }[] }[];
    assert.deepEqual(json.map((f) => f.file), ['bad.xml', 'good.xml', 'pom.xml', 'sub/deep.voiceml', 'warn.xml']);
    const deep = json.find((f) => f.file === 'sub/deep.voiceml')!;
    assert.deepEqual(deep.diagnostics.map((d) => [d.code, d.line, d.column, d.severity]), [['voiceml/unreachable-verb', 1, 20, 'warning']]);
  });

  test('a missing file, a directory, an unreadable file: clear message, exit 2, no stack trace', () => {
    const missing = run(['lint', 'nope.xml', '--locale', 'en'], dir);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.trim(), 'voiceml: nope.xml: no such file');
    const directory = run(['lint', 'sub', '--locale', 'en'], dir);
    assert.equal(directory.code, 2);
    assert.match(directory.stderr, /sub: is a directory/);
    if (process.getuid?.() !== 0) {
      writeFileSync(join(dir, 'secret.xml'), '<Response/>');
      chmodSync(join(dir, 'secret.xml'), 0o000);
      const unreadable = run(['lint', 'secret.xml', '--locale', 'en'], dir);
      assert.match(unreadable.stderr, /permission denied/);
    }
    const noMatch = run(['lint', 'nothing/**/*.xml', '--locale', 'en'], dir);
    assert.equal(noMatch.code, 2);
    assert.match(noMatch.stderr, /no files match/);
    assert.doesNotMatch(missing.stderr + directory.stderr + noMatch.stderr, /at .*\.js:\d+/);
  });

  test('usage errors', () => {
    assert.equal(run([]).code, 2);
    assert.equal(run(['lint']).code, 2);
    assert.equal(run(['frobnicate', 'x']).code, 2);
    assert.equal(run(['lint', '--format', 'xml', 'a.xml']).code, 2);
    const help = run(['--help', '--locale', 'en']);
    assert.equal(help.code, 0);
  });
});
