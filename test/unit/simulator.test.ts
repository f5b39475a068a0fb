/**
 * The call simulator's parts on their own: the platform's parameter data against its schema and the model,
 * how keys end a Gather or Record, where URLs go, what is local, how scenario files read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { getAttribute, getElement, verbNames } from '../../server/src/model';
import { KeyCollector, pressAll, type KeyRequest } from '../../server/src/simulator/caller';
import { isLoopbackHost } from '../../server/src/simulator/request';
import { parseScenarios } from '../../server/src/simulator/scenario';
import { parseMapping, UrlResolver, type UrlMapping } from '../../server/src/simulator/urls';
import { VERBS } from '../../server/src/simulator/verbs';
import { callParameters, webhook } from '../../server/src/model/webhook';

test('schemas/webhook.json matches its JSON Schema', () => {
  const raw = JSON.parse(readFileSync(fileURLToPath(new URL('../../schemas/webhook.json', import.meta.url)), 'utf8')) as object;
  const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../schemas/webhook.schema.json', import.meta.url)), 'utf8')) as object;
  const loaded = createRequire(import.meta.url)('ajv') as { default?: unknown };
  const Ajv = (loaded.default ?? loaded) as new (options: object) => { compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown } };
  const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
  assert.ok(validate(raw), JSON.stringify(validate.errors, null, 2));
});

test('the data names the reference: six parameters on every request, the callbacks of Gather, Record, Dial, Redirect', () => {
  assert.deepEqual(
    webhook.parameters.map((p) => p.name),
    ['CallId', 'AccountId', 'From', 'To', 'CallStatus', 'Direction'],
  );
  assert.deepEqual(
    webhook.callbacks.map((c) => [c.verb, c.method, c.parameters.map((p) => p.name).join(' ')]),
    [
      ['Gather', 'POST', 'Digits'],
      ['Record', 'POST', 'RecordingUrl RecordingDuration Digits'],
      ['Dial', 'POST', 'DialCallStatus'],
      ['Redirect', 'POST', ''],
    ],
  );
  // Each callback's URL is an attribute its element has in the model (or its text body).
  for (const c of webhook.callbacks) {
    assert.ok(getElement(c.verb), c.verb);
    if (c.url === 'body') assert.notEqual(getElement(c.verb)!.body.use, 'none', c.verb);
    else assert.equal(getAttribute(c.verb, c.url)?.type.kind, 'url', `${c.verb} ${c.url}`);
  }
  assert.equal(webhook.response.contentType, 'application/xml');
  assert.equal(webhook.response.maxBytes, 64 * 1024);
  const params = callParameters('abc', { From: '01000000000' });
  assert.deepEqual(params, { CallId: 'CAabc', AccountId: 'ACabc', From: '01000000000', To: '07012340001', CallStatus: 'in-progress', Direction: 'inbound' });
});

test('every verb of the model has a behaviour, and nothing else does', () => {
  assert.deepEqual(Object.keys(VERBS).sort(), [...verbNames].sort());
});

test('keys end a Gather as the reference says', () => {
  const gather = (numDigits?: number, finishOnKey = '#'): KeyRequest => ({ verb: 'Gather', ...(numDigits ? { numDigits } : {}), finishOnKey, timeout: 5 });
  assert.deepEqual(pressAll(gather(4), '1234'), { digits: '1234', ended: 'numDigits' });
  assert.deepEqual(pressAll(gather(4), '123456'), { digits: '1234', ended: 'numDigits', ignored: '56' });
  assert.deepEqual(pressAll(gather(), '12#'), { digits: '12', ended: 'finishOnKey' });
  assert.deepEqual(pressAll(gather(), '12'), { digits: '12', ended: 'timeout' });
  assert.deepEqual(pressAll(gather(), ''), { digits: '', ended: 'silence' });
  assert.deepEqual(pressAll(gather(4), '#'), { digits: '', ended: 'finishOnKey' });
  // finishOnKey="" disables it: # is a digit like any other.
  assert.deepEqual(pressAll(gather(undefined, ''), '1#'), { digits: '1#', ended: 'timeout' });
  // * is a key, not a finishing key, unless finishOnKey says so.
  assert.deepEqual(pressAll(gather(1), '*'), { digits: '*', ended: 'numDigits' });
});

test('keys end a Record: the finishing key is its Digits; no key runs to maxLength', () => {
  const record: KeyRequest = { verb: 'Record', finishOnKey: '#*', timeout: 60 };
  assert.deepEqual(pressAll(record, '12*'), { digits: '*', ended: 'finishOnKey', seconds: 5 });
  assert.deepEqual(pressAll(record, ''), { digits: '', ended: 'timeout', seconds: 60 });
  const collector = new KeyCollector({ ...record, timeout: 3 });
  collector.press('#');
  assert.deepEqual(collector.answer(1.4), { digits: '#', ended: 'finishOnKey', seconds: 1.4 });
  assert.equal(pressAll({ ...record, timeout: 2 }, '#').seconds, 2);
});

test('loopback hosts', () => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', 'app.localhost', '[::1]', '::1']) assert.ok(isLoopbackHost(host), host);
  for (const host of ['10.0.0.1', '0.0.0.0', 'example.com', 'localhost.example.com', '[::]', '128.0.0.1']) assert.ok(!isLoopbackHost(host), host);
});

test('where URLs go: relative, --map by prefix, local as is, other hosts to the entry origin with one note', () => {
  const entry = new URL('http://127.0.0.1:3000/ivr/enter');
  const base = new URL('http://127.0.0.1:3000/ivr/menu');
  const map = (text: string): UrlMapping => parseMapping(text) as UrlMapping;
  const resolver = new UrlResolver(entry, [map('https://api.example.com/v2=http://localhost:4000/api')]);
  const go = (raw: string, kind: 'http' | 'ws' = 'http'): string => {
    const r = resolver.resolve(raw, base, kind);
    return 'url' in r ? `${r.url.href}${r.rewrittenFrom ? ` (from ${r.rewrittenFrom})` : ''}` : `problem: ${r.problem.en}`;
  };
  assert.equal(go('route'), 'http://127.0.0.1:3000/ivr/route');
  assert.equal(go('/handle?x=1'), 'http://127.0.0.1:3000/handle?x=1');
  assert.equal(go('https://api.example.com/v2/menu?a=b'), 'http://localhost:4000/api/menu?a=b');
  // A prefix matches at a path boundary only.
  assert.equal(go('https://api.example.com/v22/menu'), 'http://127.0.0.1:3000/v22/menu (from https://api.example.com)');
  assert.equal(go('https://api.example.com/other'), 'http://127.0.0.1:3000/other');
  assert.equal(go('https://your-server.com/ivr/lang'), 'http://127.0.0.1:3000/ivr/lang (from https://your-server.com)');
  assert.equal(go('https://your-server.com/ivr/verify'), 'http://127.0.0.1:3000/ivr/verify');
  assert.equal(go('wss://your-server.com/ai/billing', 'ws'), 'ws://127.0.0.1:3000/ai/billing (from wss://your-server.com)');
  assert.equal(go('wss://api.example.com/v2/stream', 'ws'), 'ws://localhost:4000/api/stream');
  assert.equal(go('http://localhost:5000/other'), 'http://localhost:5000/other');
  assert.match(go('https://localhost:5000/other'), /^problem: servers on this machine are called over http/);
  assert.equal(UrlResolver.mapEntry(new URL('http://127.0.0.1:3000/ivr/enter'), [map('http://127.0.0.1:3000=http://127.0.0.1:4567')]).href, 'http://127.0.0.1:4567/ivr/enter');
  assert.ok('problem' in parseMapping('https://a.com'));
  assert.ok('problem' in parseMapping('https://a.com=https://b.com'));
});

test('scenario files: keys as written, steps with their lines, several scenarios per file', () => {
  const { scenarios, problems } = parseScenarios(
    'x.scenario.yaml',
    'name: one\nurl: http://127.0.0.1:3000/a\nfrom: 01011112222\nsteps:\n  - press: 0123\n  - expect: { say: hi, end: hangup }\n---\nurl: http://127.0.0.1:3000/b\nmethod: get\nmap: { "https://x.com": "http://127.0.0.1:3001" }\nsteps:\n  - silence: true\n  - dial: busy\n  - hangup: true\n',
  );
  assert.deepEqual(problems, []);
  assert.equal(scenarios.length, 2);
  const [one, two] = scenarios as [(typeof scenarios)[0], (typeof scenarios)[0]];
  assert.equal(one.name, 'one');
  assert.deepEqual(one.overrides, { From: '01011112222' });
  assert.deepEqual(
    one.steps.map((s) => [s.kind, s.line, s.kind === 'press' ? s.keys : s.kind === 'expect' ? s.what : '']),
    [
      ['press', 5, '0123'],
      ['expect', 6, 'say'],
      ['expect', 6, 'end'],
    ],
  );
  assert.equal(two.name, 'x.scenario.yaml #2');
  assert.equal(two.method, 'GET');
  assert.deepEqual(two.map, [{ from: 'https://x.com', to: 'http://127.0.0.1:3001' }]);
  assert.deepEqual(
    two.steps.map((s) => s.kind),
    ['silence', 'dial', 'hangup'],
  );
});
