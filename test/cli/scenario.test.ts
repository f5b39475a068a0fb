/**
 * `voiceml test` with the example app's scenario files: every branch of the reference's flow passes against
 * the app, and the broken variant fails each scenario that meets one of its mistakes, with the right message,
 * in text, JSON and JUnit XML. Scenario files with mistakes are reported with their line and column.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { EXAMPLE_APP, runCli, startIvr, type IvrServer } from '../support/servers';

const SCENARIOS = join(EXAMPLE_APP, 'scenarios');
const ALL = ['agent-busy', 'billing', 'data', 'english', 'loss', 'menu-again', 'no-input'];
const files = (...names: string[]): string[] => names.map((n) => join(SCENARIOS, `${n}.scenario.yaml`));

describe('voiceml test: the example app', () => {
  let good: IvrServer;
  let broken: IvrServer;
  before(async () => ([good, broken] = await Promise.all([startIvr(), startIvr({ broken: true })])));
  after(() => Promise.all([good.stop(), broken.stop()]));

  test('every scenario passes against the reference IVR', async () => {
    const r = await runCli(['test', ...files(...ALL), '--map', `http://127.0.0.1:3000=${good.origin}`]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const name of ['상담원 통화 중 → 음성사서함', '요금 조회 → AI 상담사 (Stream)', '분실 신고 → 상담원 연결', '별표 → 메뉴 다시 듣기', 'English → unavailable', '입력 없음 → 처음부터 다시', '데이터 서비스 → 메뉴 재안내']) {
      assert.match(r.stdout, new RegExp(`^✓ ${name.replace(/[()]/g, '\\$&')} `, 'm'));
    }
    assert.match(r.stdout, /^7 passed, 0 failed$/m);
  });

  test('without files (or for a folder) it finds the *.scenario.yaml files under it', async () => {
    const r = await runCli(['test', '--map', `http://127.0.0.1:3000=${good.origin}`], { cwd: EXAMPLE_APP });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^7 passed, 0 failed$/m);
    // A folder stands for the scenario files under it.
    const folder = await runCli(['test', 'scenarios/', '--map', `http://127.0.0.1:3000=${good.origin}`], { cwd: EXAMPLE_APP });
    assert.equal(folder.code, 0, folder.stdout + folder.stderr);
    assert.match(folder.stdout, /^7 passed, 0 failed$/m);
  });

  test('the broken variant: each mistake fails its scenarios with the right message, file and line', async () => {
    const r = await runCli(['test', ...files(...ALL), '--map', `http://127.0.0.1:3000=${broken.origin}`]);
    assert.equal(r.code, 1);
    const failure = (name: string): string => {
      const at = r.stdout.indexOf(`✗ ${name} `);
      assert.ok(at >= 0, `${name} did not fail:\n${r.stdout}`);
      return r.stdout.slice(at).split('\n')[1]!;
    };
    assert.match(failure('데이터 서비스 → 메뉴 재안내'), /data\.scenario\.yaml:10 step 6: the call failed: POST \/ivr\/data-menu answered 404 Not Found \(Cannot POST \/ivr\/data-menu\)/);
    assert.match(failure('요금 조회 → AI 상담사 (Stream)'), /billing\.scenario\.yaml:13 step 9: the call failed: The response of POST \/ivr\/route has Content-Type text\/xml; charset=utf-8\. A webhook must return VoiceML with the header Content-Type: application\/xml\./);
    assert.match(failure('상담원 통화 중 → 음성사서함'), /agent-busy\.scenario\.yaml:13 step 9: the call failed: <Record> is not allowed inside <Gather>\. <Gather> allows: <Say>, <Play>/);
    assert.match(failure('별표 → 메뉴 다시 듣기'), /menu-again\.scenario\.yaml:16 step 13: the call failed: <Record> is not allowed inside <Gather>/);
    // The transcript's end is shown under the failure.
    assert.match(r.stdout, /^ {6}error 4:8 <Record> is not allowed inside <Gather>\./m);
    assert.match(r.stdout, /^3 passed, 4 failed$/m);
  });

  test('--from, --to, --method as defaults for the scenarios', async () => {
    const r = await runCli(['test', ...files('english'), '--from', '01033334444', '--method', 'GET', '--map', `http://127.0.0.1:3000=${good.origin}`]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(good.log(), /^GET \/ivr\/enter From=01033334444 To=07012340001$/m);
  });

  test('--format json: each scenario with its failure and the whole call', async () => {
    const r = await runCli(['test', ...files('billing', 'english'), '--format', 'json', '--map', `http://127.0.0.1:3000=${broken.origin}`]);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.stdout) as { scenarios: { name: string; passed: boolean; failure?: { step: number; line: number; message: string }; call: { end: { reason: string }; steps: unknown[] } }[]; passed: number; failed: number };
    assert.deepEqual([json.passed, json.failed], [1, 1]);
    const billing = json.scenarios[0]!;
    assert.equal(billing.passed, false);
    assert.deepEqual([billing.failure!.step, billing.failure!.line], [9, 13]);
    assert.equal(billing.call.end.reason, 'error');
    assert.equal(billing.call.steps.length, 6);
    assert.equal(json.scenarios[1]!.passed, true);
  });

  test('--format junit: one testsuite per file, a failure element with the message, the transcript', async () => {
    const r = await runCli(['test', ...files('billing', 'english', 'loss'), '--format', 'junit', '--map', `http://127.0.0.1:3000=${broken.origin}`]);
    assert.equal(r.code, 1);
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, message) => void errors.push(`${level}: ${message}`) }).parseFromString(r.stdout, 'text/xml');
    assert.deepEqual(errors, []);
    const root = doc.documentElement!;
    assert.equal(root.tagName, 'testsuites');
    assert.deepEqual([root.getAttribute('tests'), root.getAttribute('failures')], ['3', '1']);
    const suites = root.getElementsByTagName('testsuite');
    assert.equal(suites.length, 3);
    const failures = root.getElementsByTagName('failure');
    assert.equal(failures.length, 1);
    assert.match(failures[0]!.getAttribute('message')!, /Content-Type text\/xml/);
    assert.equal((failures[0]!.parentNode as unknown as { getAttribute(name: string): string | null }).getAttribute('name'), '요금 조회 → AI 상담사 (Stream)');
    assert.match(root.getElementsByTagName('system-out')[0]!.textContent!, /▶ POST http:\/\/127\.0\.0\.1:\d+\/ivr\/enter/);
  });

  test('a step that never happens, and a step the call does not ask for', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voiceml-scenario-'));
    writeFileSync(
      join(dir, 'never.scenario.yaml'),
      `url: ${good.url}\nsteps:\n  - press: "2"\n  - expect: { say: "/good ?bye/i" }\n`,
    );
    writeFileSync(join(dir, 'mismatch.scenario.yaml'), `url: ${good.url}\nsteps:\n  - dial: busy\n`);
    writeFileSync(join(dir, 'regex.scenario.yaml'), `url: ${good.url}\nsteps:\n  - press: "2"\n  - expect: { say: "/service UNAVAILABLE/i", end: hangup }\n`);
    const r = await runCli(['test', 'never.scenario.yaml', 'mismatch.scenario.yaml', 'regex.scenario.yaml'], { cwd: dir });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^ {4}never\.scenario\.yaml:4 step 2: expect say: \/good \?bye\/i never happened; the call ended: <Hangup>: the call ended$/m);
    assert.match(r.stdout, /^ {4}mismatch\.scenario\.yaml:3 step 1: instead of dial: busy: the call waits for keys at a <Gather> \(POST \/ivr\/enter\)$/m);
    assert.match(r.stdout, /^✓ regex\.scenario\.yaml /m);
  });
});

describe('voiceml test: scenario files with mistakes (exit 2, file:line:col)', () => {
  const cases: [string, string, RegExp][] = [
    ['yaml', 'url: [\n', /bad\.scenario\.yaml:\d+:\d+ YAML error: /],
    ['no url', 'steps: []\n', /bad\.scenario\.yaml:1:1 the scenario has no url\./],
    ['unknown key', 'url: http://127.0.0.1:3000/\nstep:\n  - press: "1"\n', /bad\.scenario\.yaml:2:1 unknown key step \(did you mean steps\?\)/],
    ['unknown step', 'url: http://127.0.0.1:3000/\nsteps:\n  - pres: "1"\n', /bad\.scenario\.yaml:3:5 unknown key pres \(did you mean press\?\)/],
    ['unquoted #', 'url: http://127.0.0.1:3000/\nsteps:\n  - press: #\n', /bad\.scenario\.yaml:3:12 press takes keys of 0123456789\*#, in quotes/],
    ['bad keys', 'url: http://127.0.0.1:3000/\nsteps:\n  - press: "12a"\n', /bad\.scenario\.yaml:3:12 press takes keys/],
    ['dial status', 'url: http://127.0.0.1:3000/\nsteps:\n  - dial: answered\n', /bad\.scenario\.yaml:3:11 dial takes one of completed, busy, no-answer, failed, canceled\./],
    ['expect kind', 'url: http://127.0.0.1:3000/\nsteps:\n  - expect: { sya: "x" }\n', /bad\.scenario\.yaml:3:15 unknown key sya \(did you mean say\?\)/],
    ['end reason', 'url: http://127.0.0.1:3000/\nsteps:\n  - expect: { end: done }\n', /bad\.scenario\.yaml:3:20 end takes one of hangup, reject, stream/],
    ['bad regex', 'url: http://127.0.0.1:3000/\nsteps:\n  - expect: { say: "/(/" }\n', /bad\.scenario\.yaml:3:20 bad regex: /],
  ];
  for (const [name, text, message] of cases) {
    test(name, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'voiceml-scenario-'));
      writeFileSync(join(dir, 'bad.scenario.yaml'), text);
      const r = await runCli(['test', 'bad.scenario.yaml'], { cwd: dir });
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stderr, message);
    });
  }

  test('a missing file, no matching glob, no scenarios', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voiceml-scenario-'));
    assert.match((await runCli(['test', 'nope.scenario.yaml'], { cwd: dir })).stderr, /nope\.scenario\.yaml: no such file/);
    assert.match((await runCli(['test', '*.yaml'], { cwd: dir })).stderr, /no files match \*\.yaml/);
    const none = await runCli(['test'], { cwd: dir });
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no scenarios to run/);
    assert.equal((await runCli(['test', '--format', 'xml'], { cwd: dir })).code, 2);
  });
});
