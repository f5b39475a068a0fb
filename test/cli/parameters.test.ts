/**
 * The built CLI on webhook code: the reference's IVR (Express; Flask as an app and a blueprint) is clean, and each
 * planted fault — `req.body.CallSid`, `DialCallStatus === 'answered'`, `res.type('text/xml')`, `Digits` read where
 * no `<Record>` leads — gets exactly one finding, at its line and column, with its rule; also with worker threads.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { CLI } from '../support/built';
import { writeWorkspace } from '../support/flowWorkspace';
import { EXPRESS_IVR, FLASK_IVR, plantedExpress, plantedFlask, type Planted } from '../support/plantedIvr';

function lint(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'lint', '--locale', 'en', '--format', 'json', ...args, '.'], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every finding of a run, as `file:line:column rule`. */
function findings(stdout: string): string[] {
  const files = JSON.parse(stdout) as { file: string; diagnostics: { code: string; line: number; column: number }[] }[];
  return files.flatMap((f) => f.diagnostics.map((d) => `${f.file}:${d.line}:${d.column} ${d.code}`));
}

/** Where the fault's finding belongs. */
function expected(fault: Planted): string {
  const lines = fault.files[fault.file]!.split('\n');
  const line = lines.findIndex((l) => l.includes(fault.line));
  const column = lines[line]!.indexOf(fault.marked, lines[line]!.indexOf(fault.line)) + 1;
  return `${fault.file}:${line + 1}:${column} ${fault.rule}`;
}

describe('voiceml lint on webhook code', () => {
  test('the reference’s IVR is clean: Express, and Flask as an app and a blueprint', () => {
    for (const files of [{ 'ivr.js': EXPRESS_IVR }, FLASK_IVR]) {
      const r = lint(writeWorkspace(files));
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(findings(r.stdout), []);
    }
  });

  for (const fault of [...plantedExpress(), ...plantedFlask()]) {
    test(`${fault.file}: ${fault.name} — one finding of ${fault.rule}`, () => {
      const root = writeWorkspace(fault.files);
      for (const concurrency of ['off', '2']) {
        const r = lint(root, '--concurrency', concurrency);
        assert.equal(r.code, fault.rule === 'twiml-parameter' || fault.rule === 'invalid-parameter-value' ? 1 : 0, r.stderr);
        assert.deepEqual(findings(r.stdout), [expected(fault)], `--concurrency ${concurrency}`);
      }
    });
  }
});
