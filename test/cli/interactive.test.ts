/**
 * The interactive call through a real pseudo-terminal: `script` (util-linux) runs the CLI on a pty, the
 * test types keys into it when the prompts appear, and reads the transcript back. Raw mode, timeouts in real
 * time, the Dial question, a recording ended by #, Ctrl+C hanging up, cursor keys that must not press digits.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { CLI, startFixed, startIvr, type IvrServer } from '../support/servers';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

/** The CLI on a pseudo-terminal: keys in, the terminal's output (escape sequences removed) out. */
class Pty {
  private raw = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;

  constructor(args: string[]) {
    const command = [process.execPath, CLI, ...args].map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ');
    this.child = spawn('script', ['-qfec', command, '/dev/null'], { env: { ...process.env, LANG: 'en_US.UTF-8', TERM: 'xterm-256color', NO_COLOR: '' } });
    this.child.stdout.on('data', (d: Buffer) => (this.raw += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** What the terminal shows so far, colours and line erasing removed. */
  get text(): string {
    return this.raw.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r\n/g, '\n');
  }

  get coloured(): boolean {
    return this.raw.includes('\x1b[36mSay');
  }

  type(keys: string): void {
    this.child.stdin.write(keys);
  }

  /** Waits until the output has `count` matches of `pattern` (the prompts repeat along a call). */
  async waitFor(pattern: RegExp, count = 1, ms = 10000): Promise<void> {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
    const deadline = Date.now() + ms;
    while ((this.text.match(global)?.length ?? 0) < count) {
      if (Date.now() > deadline) throw new Error(`no ${pattern} (×${count}) in:\n${this.text}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  kill(): void {
    this.child.kill();
  }
}

describe('voiceml call on a terminal', { skip: hasScript ? false : 'needs script (util-linux)' }, () => {
  let ivr: IvrServer;
  let fixed: Awaited<ReturnType<typeof startFixed>>;
  before(async () => {
    ivr = await startIvr();
    fixed = await startFixed({
      '/quick': { body: '<Response><Gather numDigits="4" timeout="1" action="/done"><Say>네 자리</Say></Gather><Say>입력 없음</Say></Response>' },
      '/done': { body: '<Response><Hangup/></Response>' },
    });
  });
  after(() => Promise.all([ivr.stop(), fixed.stop()]));

  test('the agent branch, typed: keys at each Gather, the Dial asked, a recording ended by #', async () => {
    const pty = new Pty(['call', ivr.url]);
    try {
      await pty.waitFor(/press keys \(1 key\), # to finish — ends after 5 s without a key: /);
      pty.type('1');
      await pty.waitFor(/press keys \(4 keys\)/);
      pty.type('12');
      await new Promise((r) => setTimeout(r, 150));
      pty.type('34');
      await pty.waitFor(/press keys \(6 keys\)/);
      pty.type('900101');
      await pty.waitFor(/press keys \(1 key\)/, 2);
      pty.type('0');
      await pty.waitFor(/how does the call to 01099991111 end\? 1 completed {2}2 busy {2}3 no-answer {2}4 failed {2}5 canceled: /);
      pty.type('2');
      await pty.waitFor(/recording, # to stop — at most 60 s: /);
      pty.type('#');
      assert.equal(await pty.exited, 0);
      const text = pty.text;
      assert.ok(pty.coloured, 'a terminal gets colours');
      assert.match(text, /^ {2}⌨ 1234 {2}\(numDigits reached\)$/m);
      assert.match(text, /^ {2}☎ busy$/m);
      assert.match(text, /^ {2}⌨ # {2}\(ended by finishOnKey\)$/m);
      assert.match(text, /^▶ POST http:\/\/127\.0\.0\.1:\d+\/ivr\/voicemail-done {2}RecordingUrl=\S+ RecordingDuration=\d+ Digits=#$/m);
      assert.match(text, /^■ <Hangup>: the call ended {2}\(9 requests, \d+ ms\)$/m);
      assert.match(ivr.log(), /^POST \/ivr\/after-dial From=\S+ To=\S+ DialCallStatus=busy$/m);
    } finally {
      pty.kill();
    }
  });

  test('the Gather timeout runs in real time and sends the partial input; cursor keys press nothing', async () => {
    const pty = new Pty(['call', `${fixed.origin}/quick`]);
    await pty.waitFor(/press keys \(4 keys\), # to finish — ends after 1 s without a key: /);
    const typed = Date.now();
    pty.type('\x1b[1~\x1b[A9');
    assert.equal(await pty.exited, 0);
    assert.ok(Date.now() - typed >= 900, 'waited for the timeout');
    assert.match(pty.text, /^ {2}⌨ 9 {2}\(timeout\)$/m);
    assert.equal(fixed.requests.find((r) => r.url === '/done')?.body.includes('Digits=9'), true);
  });

  test('Ctrl+C hangs up', async () => {
    const pty = new Pty(['call', ivr.url, '--locale', 'ko']);
    await pty.waitFor(/키를 누르세요 \(1자리\)/);
    pty.type('\x03');
    assert.equal(await pty.exited, 0);
    assert.match(pty.text, /^■ 발신자가 끊었습니다 {2}\(요청 1번, \d+ ms\)$/m);
  });
});
