/**
 * `voiceml call` against real servers: the example IVR app (every branch of the reference's flow diagram,
 * and its broken variant), and small fixed servers for the platform's edge cases. What the server received
 * is read from its own log, so the requests are checked on the wire, not only in our output.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { CLI, runCli, startFixed, startIvr, type IvrServer } from '../support/servers';

interface CallJson {
  steps: { method: string; url: string; params: Record<string, string>; status?: number; contentType?: string; verbs: { name: string; attributes: Record<string, string>; text?: string; children?: unknown[] }[]; findings: { severity: string; code: string; message: string; line?: number }[] }[];
  end: { reason: string; step: number; message?: string; url?: string; localUrl?: string; parameters?: Record<string, string>; beforeAnswer?: boolean; rejectReason?: string };
  notes: string[];
}

async function callJson(url: string, ...args: string[]): Promise<{ code: number | null; json: CallJson; stderr: string }> {
  const r = await runCli(['call', url, '--format', 'json', ...args]);
  assert.ok(r.stdout.trim().startsWith('{'), `no JSON: ${r.stdout}${r.stderr}`);
  return { code: r.code, json: JSON.parse(r.stdout) as CallJson, stderr: r.stderr };
}

const paths = (json: CallJson): string[] => json.steps.map((s) => new URL(s.url).pathname);
const VERIFIED = '1,1234,900101';

describe('voiceml call: the reference IVR', () => {
  let ivr: IvrServer;
  before(async () => (ivr = await startIvr()));
  after(() => ivr.stop());

  test('the first request carries the reference parameters, form-encoded', async () => {
    const { code, json } = await callJson(ivr.url, '--digits', '2');
    assert.equal(code, 0);
    const first = json.steps[0]!;
    assert.equal(first.method, 'POST');
    assert.deepEqual(Object.keys(first.params), ['CallId', 'AccountId', 'From', 'To', 'CallStatus', 'Direction']);
    assert.match(first.params.CallId!, /^CA[0-9a-f]{32}$/);
    assert.match(first.params.AccountId!, /^AC[0-9a-f]{32}$/);
    assert.equal(first.params.CallStatus, 'in-progress');
    assert.equal(first.params.Direction, 'inbound');
    assert.equal(first.status, 200);
    assert.match(first.contentType!, /^application\/xml/);
    assert.deepEqual(
      first.verbs.map((v) => v.name),
      ['Say', 'Gather', 'Redirect'],
    );
    assert.deepEqual(first.verbs[1]!.attributes, { numDigits: '1', timeout: '5', action: 'https://your-server.com/ivr/lang' });
    assert.equal(first.verbs[2]!.text, 'https://your-server.com/ivr/enter');
    // The language choice (2) POSTs Digits=2 to /ivr/lang, which says goodbye in English.
    assert.deepEqual(paths(json), ['/ivr/enter', '/ivr/lang']);
    assert.equal(json.steps[1]!.params.Digits, '2');
    assert.equal(json.steps[1]!.params.CallId, first.params.CallId);
    assert.equal(json.end.reason, 'hangup');
    assert.match(ivr.log(), /^POST \/ivr\/lang From=01012345678 To=07012340001 Digits=2$/m);
    // The code's https://your-server.com went to the server on this machine, with one note saying so.
    assert.equal(json.notes.length, 1);
    assert.match(json.notes[0]!, /https:\/\/your-server\.com is sent to http:\/\/127\.0\.0\.1:\d+/);
  });

  test('billing (1) → Connect/Stream: the WebSocket opens with the Parameter, the call ends on the stream', async () => {
    const before = ivr.log().length;
    const { code, json } = await callJson(ivr.url, '--digits', `${VERIFIED},1`);
    assert.equal(code, 0);
    assert.deepEqual(paths(json), ['/ivr/enter', '/ivr/lang', '/ivr/verify', '/ivr/verify-2', '/ivr/menu', '/ivr/route']);
    assert.deepEqual(
      json.steps.slice(1).map((s) => s.params.Digits),
      ['1', undefined, '1234', '900101', '1'],
    );
    assert.equal(json.end.reason, 'stream');
    assert.equal(json.end.url, 'wss://your-server.com/ai/billing');
    assert.match(json.end.localUrl!, /^ws:\/\/127\.0\.0\.1:\d+\/ai\/billing$/);
    assert.deepEqual(json.end.parameters, { topic: 'billing' });
    // The example's WebSocket server got `start` with the call's ID and the parameter, then `stop`.
    const log = ivr.log().slice(before);
    assert.match(log, new RegExp(`stream started: \\{[^}]*callId: '${json.steps[0]!.params.CallId}',\\s*parameters: \\{ topic: 'billing' \\}`));
    assert.match(log, /stream stopped/);
  });

  test('loss (3) → Dial completed → Hangup', async () => {
    const { code, json } = await callJson(ivr.url, '--digits', `${VERIFIED},3`, '--dial-status', 'completed');
    assert.equal(code, 0);
    assert.deepEqual(paths(json).slice(-2), ['/ivr/route', '/ivr/after-dial']);
    assert.equal(json.steps.at(-1)!.params.DialCallStatus, 'completed');
    assert.equal(json.end.reason, 'hangup');
  });

  test('agent (0) → Dial busy → voicemail → Record → voicemail-done, with a recording the server can download', async () => {
    const before = ivr.log().length;
    const { code, json } = await callJson(ivr.url, '--digits', `${VERIFIED},0,#`, '--dial-status', 'busy');
    assert.equal(code, 0);
    assert.deepEqual(paths(json).slice(-4), ['/ivr/route', '/ivr/after-dial', '/ivr/voicemail', '/ivr/voicemail-done']);
    const done = json.steps.at(-1)!.params;
    assert.equal(done.Digits, '#');
    assert.equal(done.RecordingDuration, '5');
    assert.match(done.RecordingUrl!, /^http:\/\/127\.0\.0\.1:\d+\/recordings\/CA[0-9a-f]+\/1\.wav$/);
    assert.equal(json.end.reason, 'hangup');
    assert.match(ivr.log().slice(before), /voicemail saved: \{[^}]*duration: '5'/);
  });

  test('* → the menu again; each Dial outcome reaches after-dial', async () => {
    const again = await callJson(ivr.url, '--digits', `${VERIFIED},*,3`, '--dial-status', 'completed');
    assert.deepEqual(paths(again.json).slice(4), ['/ivr/menu', '/ivr/route', '/ivr/menu', '/ivr/route', '/ivr/after-dial']);
    for (const status of ['no-answer', 'failed', 'canceled']) {
      const { json } = await callJson(ivr.url, '--digits', `${VERIFIED},3`, '--dial-status', status);
      const afterDial = paths(json).indexOf('/ivr/after-dial');
      assert.equal(json.steps[afterDial]!.params.DialCallStatus, status, status);
      assert.equal(paths(json)[afterDial + 1], '/ivr/voicemail', status);
    }
  });

  test('no input: the Gather does not call its action, the next verb (Redirect) runs; --max-steps stops the loop', async () => {
    const { code, json } = await callJson(ivr.url, '--max-steps', '4');
    assert.equal(code, 1);
    assert.deepEqual(paths(json), ['/ivr/enter', '/ivr/enter', '/ivr/enter', '/ivr/enter']);
    assert.ok(json.steps.every((s) => s.params.Digits === undefined));
    assert.equal(json.end.reason, 'max-steps');
  });

  test('partial input is sent at the timeout; keys after numDigits go nowhere; finishOnKey ends without being sent', async () => {
    // verify wants 4 digits: "12" then silence → Digits=12; "123456" → Digits=1234 (56 dropped).
    const partial = await callJson(ivr.url, '--digits', '1,12', '--max-steps', '4');
    assert.equal(partial.json.steps[3]!.params.Digits, '12');
    const text = await runCli(['call', ivr.url, '--digits', '1,123456', '--max-steps', '4']);
    assert.match(text.stdout, /⌨ 1234 {2}\(numDigits reached\) \(keys after it dropped: 56\)/);
    const finished = await callJson(ivr.url, '--digits', '1,12#', '--max-steps', '4');
    assert.equal(finished.json.steps[3]!.params.Digits, '12');
    // Only the finishing key: no digits, so no action; the Redirect after the Gather runs.
    const empty = await callJson(ivr.url, '--digits', '1,#', '--max-steps', '4');
    assert.equal(new URL(empty.json.steps[3]!.url).pathname, '/ivr/enter');
  });

  test('--from and --to', async () => {
    const { json } = await callJson(ivr.url, '--digits', '2', '--from', '01055556666', '--to', '07099998888');
    assert.equal(json.steps[0]!.params.From, '01055556666');
    assert.equal(json.steps[1]!.params.To, '07099998888');
    assert.match(ivr.log(), /^POST \/ivr\/enter From=01055556666 To=07099998888$/m);
  });

  test('--method GET: the webhook gets the parameters in the query string; the action is still POSTed', async () => {
    const { code, json } = await callJson(ivr.url, '--method', 'GET', '--digits', '2', '--from', '01077778888');
    assert.equal(code, 0);
    assert.equal(json.steps[0]!.method, 'GET');
    const query = new URL(json.steps[0]!.url).searchParams;
    assert.equal(query.get('From'), '01077778888');
    assert.equal(query.get('Direction'), 'inbound');
    assert.equal(json.steps[1]!.method, 'POST');
    assert.match(ivr.log(), /^GET \/ivr\/enter From=01077778888 To=07012340001$/m);
  });

  test('--map sends the public origin where it says (and notes nothing); a wrong port fails the request', async () => {
    const mapped = await callJson(ivr.url, '--digits', '2', '--map', `https://your-server.com/ivr=${ivr.origin}/ivr`);
    assert.equal(mapped.code, 0);
    assert.deepEqual(mapped.json.notes, []);
    const wrong = await callJson(ivr.url, '--digits', '2', '--map', 'https://your-server.com=http://127.0.0.1:1');
    assert.equal(wrong.code, 1);
    assert.equal(wrong.json.end.reason, 'error');
    assert.equal(wrong.json.steps[1]!.findings[0]!.code, 'request-failed');
    assert.match(wrong.json.steps[1]!.findings[0]!.message, /connection refused/);
  });

  test('the text transcript: what is said, the keys, how the call ended', async () => {
    const r = await runCli(['call', ivr.url, '--digits', `${VERIFIED},0,#`, '--dial-status', 'busy']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ {2}Say \(ko-KR\) {2}안녕하세요\. 상담 품질 향상을 위해 통화 내용이 녹음됩니다\.$/m);
    assert.match(r.stdout, /^ {4}Say \(ko-KR\) {2}한국어는 1번, English press 2\.$/m);
    assert.match(r.stdout, /^ {2}Dial {2}01099991111 {2}callerId 07012340001 · timeout 30 s → https:\/\/your-server\.com\/ivr\/after-dial$/m);
    assert.match(r.stdout, /^ {2}☎ busy$/m);
    assert.match(r.stdout, /^ {2}Record {2}maxLength 60 s · finishOnKey # · beep → /m);
    assert.match(r.stdout, /^■ <Hangup>: the call ended {2}\(9 requests, \d+ ms\)$/m);
  });

  test('a reader that goes away (| head) ends the call quietly', async () => {
    const child = spawn(process.execPath, [CLI, 'call', ivr.url, '--digits', `${VERIFIED},0,#`, '--dial-status', 'busy'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    assert.equal(stderr, '');
  });

  test('Korean by default', async () => {
    const r = await runCli(['call', ivr.url, '--digits', '2'], { env: { LANG: 'ko_KR.UTF-8' } });
    assert.match(r.stdout, /■ <Hangup>: 통화 종료 {2}\(요청 2번, \d+ ms\)/);
  });
});

describe('voiceml call: the broken IVR fails with the right message', () => {
  let ivr: IvrServer;
  before(async () => (ivr = await startIvr({ broken: true })));
  after(() => ivr.stop());

  test('a Gather action to a missing route: 404, exit 1', async () => {
    const { code, json } = await callJson(ivr.url, '--digits', `${VERIFIED},2,1`);
    assert.equal(code, 1);
    assert.equal(new URL(json.steps.at(-1)!.url).pathname, '/ivr/data-menu');
    assert.equal(json.steps.at(-1)!.status, 404);
    assert.equal(json.end.reason, 'error');
    assert.equal(json.end.message, 'POST /ivr/data-menu answered 404 Not Found (Cannot POST /ivr/data-menu). The platform runs VoiceML from a 2xx response only.');
  });

  test('text/xml: the Content-Type finding stops the call before its verbs run', async () => {
    const { code, json } = await callJson(ivr.url, '--digits', `${VERIFIED},1`);
    assert.equal(code, 1);
    const last = json.steps.at(-1)!;
    assert.deepEqual(
      last.findings.map((f) => f.code),
      ['content-type'],
    );
    assert.match(last.findings[0]!.message, /has Content-Type text\/xml; charset=utf-8\. A webhook must return VoiceML with the header Content-Type: application\/xml/);
    assert.deepEqual(last.verbs, []);
  });

  test('<Record> inside <Gather>: our invalid-child rule, with its line', async () => {
    const r = await runCli(['call', ivr.url, '--digits', `${VERIFIED},0`, '--dial-status', 'busy']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^ {2}error 4:8 <Record> is not allowed inside <Gather>\. <Gather> allows: <Say>, <Play> \[(voiceml\/)?invalid-child\]$/m);
    assert.match(r.stdout, /^ {6}\| <Record maxLength="60" finishOnKey="#" playBeep="true"\/>$/m);
    assert.match(r.stdout, /^■ the call failed: <Record> is not allowed inside <Gather>/m);
  });
});

describe('voiceml call: the platform edge cases', () => {
  const xml = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<Response>${body}</Response>`;
  let fixed: Awaited<ReturnType<typeof startFixed>>;
  before(async () => {
    fixed = await startFixed({
      '/pause': { body: xml('<Pause length="1"/><Say>끝</Say>') },
      '/reject': { body: xml('<Reject reason="busy"/>') },
      '/say-reject': { body: xml('<Say>잠시만요</Say><Reject/>') },
      '/redirect-reject': { body: xml('<Redirect>/reject</Redirect>') },
      '/big': { body: xml(`<Say>${'가'.repeat(30000)}</Say>`) },
      '/no-type': { contentType: '', body: xml('<Hangup/>') },
      '/html': { contentType: 'text/html', body: '<html><body>hello</body></html>' },
      '/500': { status: 500, contentType: 'text/plain', body: 'database down' },
      '/warn': { body: xml('<Say voice="alice">hi</Say><Hangup/>') },
      '/play': { body: xml('<Play loop="2">https://example.com/a.wav</Play><Play digits="1w2"/><Play loop="0">https://example.com/hold.wav</Play>') },
      '/stream-missing': { body: xml('<Connect><Stream url="wss://x.example/nowhere"/></Connect>') },
      '/gather-no-action': { body: xml('<Gather numDigits="1"><Say>누르세요</Say></Gather><Say>다음</Say>') },
      '/record-timeout': { body: xml('<Record maxLength="3" action="/after"/>') },
      '/after': { body: xml('<Hangup/>') },
    });
  });
  after(() => fixed.stop());

  test('<Pause> waits its length; --fast does not', async () => {
    const slow = await runCli(['call', `${fixed.origin}/pause`]);
    // The quicker of two runs: other test files run beside this one, and a process start slowed by them once
    // is not to be taken for a pause waited.
    const fastRuns = [await runCli(['call', `${fixed.origin}/pause`, '--fast']), await runCli(['call', `${fixed.origin}/pause`, '--fast'])];
    const fast = fastRuns[0]!.ms <= fastRuns[1]!.ms ? fastRuns[0]! : fastRuns[1]!;
    assert.equal(slow.code, 0);
    for (const run of fastRuns) assert.equal(run.code, 0);
    assert.match(slow.stdout, /Pause {2}1 s/);
    assert.ok(slow.ms >= 1000, `waited ${slow.ms} ms`);
    assert.ok(fast.ms < slow.ms - 500, `--fast ${fast.ms} ms vs ${slow.ms} ms`);
    assert.match(slow.stdout, /no more verbs: the platform hangs up/);
  });

  test('<Reject> first: rejected before answer, no charge; after another verb: billed like Hangup', async () => {
    const first = await callJson(`${fixed.origin}/reject`);
    assert.equal(first.code, 0);
    assert.deepEqual([first.json.end.reason, first.json.end.rejectReason, first.json.end.beforeAnswer], ['reject', 'busy', true]);
    const text = await runCli(['call', `${fixed.origin}/reject`]);
    assert.match(text.stdout, /<Reject reason="busy">: rejected before answer — Busy — SIP 486 Busy Here to the caller\. No charge/);
    const late = await callJson(`${fixed.origin}/say-reject`);
    assert.deepEqual([late.json.end.rejectReason, late.json.end.beforeAnswer], ['rejected', false]);
    // A Redirect does not answer the call: the Reject it leads to is still before answer.
    const redirected = await callJson(`${fixed.origin}/redirect-reject`);
    assert.equal(redirected.json.end.beforeAnswer, true);
  });

  test('over the 64 KB budget: an error, and the body is not read further', async () => {
    const { code, json } = await callJson(`${fixed.origin}/big`);
    assert.equal(code, 1);
    assert.equal(json.steps[0]!.findings[0]!.code, 'response-size');
    assert.match(json.steps[0]!.findings[0]!.message, /larger than 65,536 bytes/);
  });

  test('no Content-Type, HTML, a 500: each an error with what the server said', async () => {
    const none = await callJson(`${fixed.origin}/no-type`);
    assert.match(none.json.end.message!, /has Content-Type \(none\)/);
    const html = await callJson(`${fixed.origin}/html`);
    const codes = html.json.steps[0]!.findings.filter((f) => f.severity === 'error').map((f) => f.code.replace('voiceml/', ''));
    assert.deepEqual(codes.slice(0, 2), ['content-type', 'root-element']);
    const failed = await callJson(`${fixed.origin}/500`);
    assert.equal(failed.code, 1);
    assert.match(failed.json.end.message!, /GET|POST \/500 answered 500 Internal Server Error \(database down\)/);
  });

  test('a warning is shown and the call goes on', async () => {
    const r = await runCli(['call', `${fixed.origin}/warn`]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^ {2}warning 2:16 voice is a TwiML attribute; the platform ignores it\. .*\[(voiceml\/)?twiml-attribute\]$/m);
    assert.match(r.stdout, /<Hangup>: the call ended/);
  });

  test('<Play>: URL, loop, tones; loop="0" plays until the caller hangs up', async () => {
    const r = await runCli(['call', `${fixed.origin}/play`]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Play {2}https:\/\/example\.com\/a\.wav ×2/);
    assert.match(r.stdout, /Play {2}DTMF tones 1w2/);
    assert.match(r.stdout, /■ the caller hung up \(<Play loop="0"> repeats until the caller hangs up\.\)/);
  });

  test('a Stream whose WebSocket is not there: the call fails with the reason', async () => {
    const { code, json } = await callJson(`${fixed.origin}/stream-missing`);
    assert.equal(code, 1);
    assert.equal(json.steps[0]!.findings.at(-1)!.code, 'stream-failed');
    assert.match(json.end.message!, /could not open the WebSocket ws:\/\/127\.0\.0\.1:\d+\/nowhere/);
  });

  test('a Gather without action: its digits go nowhere and the next verb runs', async () => {
    const r = await runCli(['call', `${fixed.origin}/gather-no-action`, '--digits', '5']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /⌨ 5 {2}\(numDigits reached\)\n {2}Say \(ko\) {2}다음/);
    assert.equal(fixed.requests.filter((q) => q.url === '/gather-no-action').length, 1);
  });

  test('a Record that runs to maxLength sends an empty Digits and the full duration', async () => {
    const { json } = await callJson(`${fixed.origin}/record-timeout`, '--digits', '');
    const params = json.steps[1]!.params;
    assert.equal(params.Digits, '');
    assert.equal(params.RecordingDuration, '3');
  });
});

describe('voiceml call: usage', () => {
  for (const [args, message] of [
    [[], /give the webhook URL/],
    [['https://example.com/voice'], /a webhook URL starts with http:\/\//],
    [['http://example.com/voice'], /only calls a server on this machine/],
    [['http://127.0.0.1:3000/', '--digits', '12a'], /--digits takes the keys 0123456789\*# only: 12a/],
    [['http://127.0.0.1:3000/', '--dial-status', 'answered'], /--dial-status takes completed, busy, no-answer, failed, canceled: answered/],
    [['http://127.0.0.1:3000/', '--method', 'PUT'], /--method takes POST or GET/],
    [['http://127.0.0.1:3000/', '--map', 'https://a.com=https://b.com'], /only calls a server on this machine|plain http/],
    [['http://127.0.0.1:3000/', '--max-steps', '0'], /--max-steps takes a positive integer/],
    [['http://127.0.0.1:3000/', '--bogus'], /unknown option: --bogus/],
  ] as const) {
    test(`${args.join(' ') || '(nothing)'} → exit 2`, async () => {
      const r = await runCli(['call', ...args]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /usage: voiceml call/);
    });
  }

  test('nothing listening: exit 1 with the reason', async () => {
    const r = await runCli(['call', 'http://127.0.0.1:1/voice']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /request failed: connection refused: nothing listens on 127\.0\.0\.1:1/);
  });
});
