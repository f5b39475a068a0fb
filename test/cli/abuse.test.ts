/**
 * The built CLI under abuse: a reader that goes away (EPIPE) and a full disk (ENOSPC) end it quietly with the
 * right exit code; FIFOs and devices are skipped with a message, never waited on or read forever; a file that
 * is not valid UTF-8 gets an error finding where it stops being so; `--` ends the options; control characters
 * in names and values are escaped in the text output; counts read as English counts; hints only when asked.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI } from '../support/built';

const ENV = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' };

function run(args: string[], cwd: string, env: NodeJS.ProcessEnv = ENV): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env, timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('voiceml lint under abuse', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'voiceml-abuse-'));
    writeFileSync(join(dir, 'good.xml'), '<Response><Say>안녕하세요</Say></Response>\n');
    writeFileSync(join(dir, 'bad.xml'), '<Response><Sya>x</Sya></Response>\n');
    // Enough findings for more output than a pipe holds (64 KB).
    writeFileSync(join(dir, 'many.xml'), '<Response>' + '<Say voice="alice">안녕하세요</Say>'.repeat(2000) + '</Response>\n');
  });

  test('a reader that goes away (EPIPE) ends the run quietly, with the verdict as exit code', async () => {
    const child = spawn(process.execPath, [CLI, 'lint', 'many.xml', 'bad.xml'], { cwd: dir, env: ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    // As `| head -c 0`: the reading end is closed before the report is written.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    assert.equal(code, 1, stderr);
    assert.equal(stderr, '');
  });

  test('a reader that is slow gets the whole report and every note before the process ends', () => {
    const missing = Array.from({ length: 400 }, (_, i) => `missing-${i}-${'x'.repeat(150)}.xml`);
    const args = ['lint', 'many.xml', 'bad.xml', ...missing];
    // As a reader that reads at once gets them: more than a pipe holds of each.
    const expected = run(args, dir);
    assert.equal(expected.code, 2);
    assert.ok(expected.stdout.length > 64 * 1024 && expected.stderr.length > 64 * 1024);
    assert.match(expected.stdout, /^2 files checked: /m);
    assert.equal(expected.stderr.match(/: no such file$/gm)?.length, 400);
    // The same through a pipe that is not read for half a second: the report, then the notes.
    const slowly = (script: string): string =>
      spawnSync('sh', ['-c', script, process.execPath, CLI, ...args], { cwd: dir, env: ENV, encoding: 'utf8', timeout: 30_000, maxBuffer: 16 * 1024 * 1024 }).stdout;
    assert.equal(slowly('"$0" "$@" 2>/dev/null | { sleep 0.5; cat; }'), expected.stdout);
    assert.equal(slowly('"$0" "$@" 2>&1 >/dev/null | { sleep 0.5; cat; }'), expected.stderr);
  });

  test('a full disk (ENOSPC) is said, with exit code 2', { skip: !existsSync('/dev/full') && 'no /dev/full here' }, () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [CLI, 'lint', 'good.xml'], { cwd: dir, env: ENV, stdio: ['ignore', full, 'pipe'], encoding: 'utf8', timeout: 30_000 });
      assert.equal(r.status, 2);
      assert.equal(r.stderr, 'voiceml: cannot write the report: ENOSPC\n');
    } finally {
      closeSync(full);
    }
  });

  test('a FIFO and a device are skipped with a message, named or matched, never waited on or read forever', () => {
    execFileSync('mkfifo', [join(dir, 'pipe.xml')]);
    // /dev/zero under a name voiceml reads: read, it would never end.
    symlinkSync('/dev/zero', join(dir, 'zero.voiceml'));
    const named = run(['lint', 'pipe.xml', 'zero.voiceml', 'good.xml'], dir);
    assert.equal(named.code, 0, named.stderr);
    assert.match(named.stderr, /^voiceml: pipe\.xml: skipped: not a regular file \(a FIFO\)$/m);
    assert.match(named.stderr, /^voiceml: zero\.voiceml: skipped: not a regular file \(a device\)$/m);
    assert.match(named.stdout, /^1 file checked: no problems$/m);
    // Matched by a glob: the link to the device is skipped the same way; the FIFO is no file a glob lists. (A
    // run that waited or read forever would be killed by the time-out, without a status.)
    const globbed = run(['lint', '*.xml', '*.voiceml'], dir);
    assert.notEqual(globbed.code, null);
    assert.match(globbed.stderr, /^voiceml: zero\.voiceml: skipped: not a regular file \(a device\)$/m);
    const sarif = run(['lint', 'pipe.xml', 'good.xml', '--format', 'sarif'], dir);
    const log = JSON.parse(sarif.stdout) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[] };
    const [invocation] = log.runs[0]!.invocations;
    assert.deepEqual(invocation!.toolExecutionNotifications.map((n) => [n.level, n.message.text]), [['warning', 'pipe.xml: skipped: not a regular file (a FIFO)']]);
    assert.equal(invocation!.executionSuccessful, true);
  });

  test('among many files (where --concurrency auto takes every status before reading), special, empty, missing and unreadable files are told as with off', () => {
    const many = join(dir, 'many-files');
    mkdirSync(many);
    for (let i = 0; i < 60; i++) writeFileSync(join(many, `f${String(i).padStart(2, '0')}.xml`), i % 2 ? '<Response><Say>안녕</Say></Response>\n' : '<Response><Sya>x</Sya></Response>\n');
    writeFileSync(join(many, 'empty.xml'), '');
    execFileSync('mkfifo', [join(many, 'pipe.xml')]);
    symlinkSync('/dev/zero', join(many, 'zero.xml'));
    writeFileSync(join(many, 'secret.xml'), '<Response/>\n');
    chmodSync(join(many, 'secret.xml'), 0o000);
    const args = ['lint', ...Array.from({ length: 60 }, (_, i) => `many-files/f${String(i).padStart(2, '0')}.xml`)];
    args.push('many-files/empty.xml', 'many-files/pipe.xml', 'many-files/zero.xml', 'many-files/secret.xml', 'many-files/gone.xml');
    const off = run([...args, '--concurrency', 'off', '--format', 'json'], dir);
    const auto = run([...args, '--concurrency', 'auto', '--format', 'json'], dir);
    assert.equal(off.code, 2, off.stderr);
    assert.deepEqual(auto, off);
    const files = JSON.parse(auto.stdout) as { file: string; diagnostics: { code: string }[] }[];
    assert.equal(files.length, 61 + (process.getuid?.() === 0 ? 1 : 0));
    // Read (a size of 0 says nothing of the end of a file), and empty: nothing to find.
    assert.deepEqual(files.find((f) => f.file === 'many-files/empty.xml')?.diagnostics, []);
    assert.equal(files.filter((f) => f.diagnostics.some((d) => d.code === 'unknown-element')).length, 30);
    assert.match(auto.stderr, /^voiceml: many-files\/pipe\.xml: skipped: not a regular file \(a FIFO\)$/m);
    assert.match(auto.stderr, /^voiceml: many-files\/zero\.xml: skipped: not a regular file \(a device\)$/m);
    assert.match(auto.stderr, /^voiceml: many-files\/gone\.xml: no such file$/m);
  });

  test('a file that is not valid UTF-8 gets an error where it stops being so; a declared encoding or a BOM is read as such', () => {
    // 한 in EUC-KR (0xC7 0xD1), with no declaration: not UTF-8.
    writeFileSync(join(dir, 'euc.xml'), Buffer.concat([Buffer.from('<Response>\n  <Say>'), Buffer.from([0xc7, 0xd1]), Buffer.from('</Say>\n</Response>\n')]));
    const r = run(['lint', 'euc.xml', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const [file] = JSON.parse(r.stdout) as { diagnostics: { line: number; column: number; severity: string; code: string; message: string }[] }[];
    assert.deepEqual(
      file!.diagnostics.map((d) => [d.code, d.line, d.column, d.severity]),
      [['invalid-encoding', 2, 8, 'error']],
    );
    assert.match(file!.diagnostics[0]!.message, /^The file is not valid UTF-8: from byte 18 \(0xC7\) on it cannot be read as UTF-8/);
    // The same bytes, declared as EUC-KR: read as Korean, nothing to say.
    writeFileSync(join(dir, 'declared.xml'), Buffer.concat([Buffer.from('<?xml version="1.0" encoding="EUC-KR"?>\n<Response><Say>'), Buffer.from([0xc7, 0xd1]), Buffer.from('</Say></Response>\n')]));
    // UTF-16 with its byte order mark.
    writeFileSync(join(dir, 'utf16.xml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<Response><Say>한국어</Say></Response>\n', 'utf16le')]));
    const clean = run(['lint', 'declared.xml', 'utf16.xml'], dir);
    assert.equal(clean.code, 0, clean.stdout);
    assert.match(clean.stdout, /^2 files checked: no problems$/m);
  });

  test('-- ends the options: a file named like an option is checked after it', () => {
    writeFileSync(join(dir, '-dash.xml'), '<Response><Sya>x</Sya></Response>\n');
    const after = run(['lint', '--format', 'json', '--', '-dash.xml'], dir);
    assert.equal(after.code, 1);
    assert.deepEqual((JSON.parse(after.stdout) as { file: string }[]).map((f) => f.file), ['-dash.xml']);
    const before = run(['lint', '-dash.xml'], dir);
    assert.equal(before.code, 2);
    assert.match(before.stderr, /^voiceml: unknown option: -dash\.xml \(name a file like that after --\)$/m);
  });

  test('control characters in file names and values are escaped in the text output', () => {
    const name = 'a\u001b[31mred\u202eLMX.xml';
    writeFileSync(join(dir, name), '<Response><Say language="k\u0007o">x</Say></Response>\n');
    const r = run(['lint', name], dir);
    assert.equal(r.code, 1);
    assert.doesNotMatch(r.stdout, /[\u0000-\u0009\u000b-\u001f\u007f\u202e]/);
    assert.ok(r.stdout.startsWith('a\\x1b[31mred\\u202eLMX.xml:1:'), r.stdout);
    const missing = run(['lint', 'no\u001b[2Jpe.xml'], dir);
    assert.equal(missing.stderr.split('\n')[0], 'voiceml: no\\x1b[2Jpe.xml: no such file');
  });

  test('counts read as counts: one file, one error; Korean counts with 개', () => {
    const r = run(['lint', 'bad.xml'], dir);
    assert.match(r.stdout, /^1 file checked: 1 error$/m);
    const two = run(['lint', 'bad.xml', 'many.xml'], dir);
    assert.match(two.stdout, /^2 files checked: 1 error, 1000 warnings, 1 info$/m);
    const korean = run(['lint', 'bad.xml'], dir, { ...process.env, LANG: 'ko_KR.UTF-8', LC_ALL: '' });
    assert.match(korean.stdout, /^파일 1개 검사: 오류 1개$/m);
  });

  test('hints only when asked (--hints)', () => {
    writeFileSync(join(dir, 'record.xml'), '<Response><Record action="/done"/></Response>\n');
    const quiet = run(['lint', 'record.xml'], dir);
    assert.equal(quiet.code, 0);
    assert.equal(quiet.stdout, '1 file checked: no problems\n');
    const asked = run(['lint', 'record.xml', '--hints'], dir);
    assert.equal(asked.code, 0);
    assert.match(asked.stdout, /^record\.xml:1:12 hint .*\[changed-default\]$/m);
    assert.match(asked.stdout, /^1 file checked: 1 hint$/m);
  });
});
