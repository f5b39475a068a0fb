/** VoiceML built with Twilio's helper library, in JS/TS and Python: the same findings as the XML, on the code. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import ts from 'typescript';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/languageService';
import { findRegions } from '../../server/src/hosts';
import { diagnose } from '../support/diagnose';

const service = getLanguageService({ locale: 'en' });
const found = (text: string, languageId: string) => diagnose(text, { languageId }).map((f) => [f.rule, f.at, f.message]);
/** The findings of the same VoiceML written as XML, as [rule, message]. */
const xml = (body: string) => diagnose(`<Response>${body}</Response>`).map((f) => [f.rule, f.message]);
const brief = (text: string, languageId: string) => found(text, languageId).map(([rule, , message]) => [rule, message]);

function fixed(text: string, languageId: string, rule: string, title?: string): string {
  const document = TextDocument.create(`file:///b.${languageId === 'python' ? 'py' : 'js'}`, languageId, 1, text);
  const diagnostic = service.doValidation(document).find((d: Diagnostic) => d.code === rule);
  assert.ok(diagnostic, `a ${rule} finding`);
  const actions = service.doCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] }).filter((a) => a.diagnostics?.[0]?.code === rule);
  const action = title ? actions.find((a) => a.title === title) : actions[0];
  assert.ok(action, `the fix ${title ?? ''} among ${JSON.stringify(actions.map((a) => a.title))}`);
  return TextDocument.applyEdits(document, action.edit!.changes![document.uri]!);
}

const JS_HEAD = "const twilio = require('twilio');\nconst VoiceResponse = twilio.twiml.VoiceResponse;\n";

describe('JS/TS: twilio.twiml.VoiceResponse', () => {
  test("response.gather({ input: 'speech dtmf', … }) gets the finding <Gather input=\"speech dtmf\"> gets, on the option's value", () => {
    const text = JS_HEAD + "const response = new VoiceResponse();\nresponse.gather({ input: 'speech dtmf', action: '/g', numDigits: 1 });\nres.send(response.toString());\n";
    assert.deepEqual(brief(text, 'javascript'), xml('<Gather input="speech dtmf" action="/g" numDigits="1"/>'));
    assert.deepEqual(found(text, 'javascript').map(([rule, at]) => [rule, at]), [['twiml-value', 'speech dtmf']]);
  });

  test("dial.conference('Room') is a TwiML element VoiceML does not support, on the method's name", () => {
    const text = JS_HEAD + "const response = new VoiceResponse();\nconst dial = response.dial();\ndial.conference('Room');\n";
    assert.deepEqual(found(text, 'javascript').map(([rule, at]) => [rule, at]), [['twiml-element', 'conference']]);
    assert.deepEqual(brief(text, 'javascript'), xml('<Dial><Conference>Room</Conference></Dial>'));
  });

  test('chains, variables holding a nested verb, every way of importing the library', () => {
    for (const head of [
      JS_HEAD,
      "import twilio from 'twilio';\nconst VoiceResponse = twilio.twiml.VoiceResponse;\n",
      "const { twiml: { VoiceResponse } } = require('twilio');\n",
      "import VoiceResponse from 'twilio/lib/twiml/VoiceResponse';\n",
    ]) {
      const text = head + "const r = new VoiceResponse();\nconst g = r.gather({ action: '/g' });\ng.say({ voice: 'alice', language: 'ko-KR' }, '안녕하세요');\nr.connect().stream({ url: 'wss://a', track: 'inbound_track' });\n";
      assert.deepEqual(found(text, 'javascript').map(([rule, at]) => [rule, at]), [['twiml-attribute', 'voice'], ['twiml-value', 'inbound_track']], head);
    }
    const inline = "import { twiml } from 'twilio';\nconst x = new twiml.VoiceResponse().say({ voice: 'man' }, 'hi').toString();\n";
    assert.deepEqual(found(inline, 'typescript').map(([rule, at]) => [rule, at]), [['twiml-attribute', 'voice'], ['say-language', 'say']].sort());
  });

  test('branches make the response partial: no order or count findings, but every option still checked', () => {
    const text = JS_HEAD + [
      'app.post("/v", (req, res) => {',
      '  const r = new VoiceResponse();',
      "  if (req.body.Digits) r.say({ language: 'ko' }, '감사합니다');",
      "  else r.reject({ reason: 'declined' });",
      '  res.send(r.toString());',
      '});',
    ].join('\n');
    const regions = findRegions(text, 'javascript');
    assert.equal(regions.length, 1);
    assert.equal(regions[0]!.partial, true);
    assert.deepEqual(found(text, 'javascript').map(([rule, at]) => [rule, at]), [['invalid-attribute-value', 'declined']]);
  });

  test('a response handed to other code may get more content: no count finding on what the reading cannot see', () => {
    const text = JS_HEAD + "const r = new VoiceResponse();\nconst dial = r.dial({ timeout: 'x' });\naddNumbers(dial);\n";
    assert.deepEqual(found(text, 'javascript').map(([rule, at]) => [rule, at]), [['invalid-attribute-value', 'x']]);
  });

  test('fixes are written as code: a value replaced, a key renamed, an option removed, a method renamed', () => {
    const text = JS_HEAD + "const r = new VoiceResponse();\nr.sya('x');\nr.gather({ numdigits: 1, action: '/g', method: 'GET' });\nr.connect().stream({ url: \"wss://a\", track: 'inbound_track' });\n";
    assert.match(fixed(text, 'javascript', 'twiml-value'), /track: 'inbound' \}/);
    assert.match(fixed(text, 'javascript', 'unknown-attribute', 'Change to numDigits'), /\{ numDigits: 1,/);
    assert.match(fixed(text, 'javascript', 'twiml-attribute'), /\{ numdigits: 1, action: '\/g' \}/);
    assert.match(fixed(text, 'javascript', 'unknown-element'), /r\.say\('x'\)/);
    for (const rule of ['twiml-value', 'unknown-attribute', 'twiml-attribute', 'unknown-element']) {
      const output = ts.transpileModule(fixed(text, 'javascript', rule), { reportDiagnostics: true, fileName: 'b.js' });
      assert.deepEqual(output.diagnostics, [], rule);
    }
  });

  test('hover on a builder method or option shows the VoiceML docs', () => {
    const text = JS_HEAD + "const r = new VoiceResponse();\nr.gather({ numDigits: 1, action: '/g' });\n";
    const document = TextDocument.create('file:///h.js', 'javascript', 1, text);
    const onMethod = service.doHover(document, document.positionAt(text.indexOf('gather') + 2));
    assert.match(JSON.stringify(onMethod?.contents), /Gather/);
    assert.equal(document.getText(onMethod!.range!), 'gather');
    const onKey = service.doHover(document, document.positionAt(text.indexOf('numDigits') + 2));
    assert.match(JSON.stringify(onKey?.contents), /numDigits/);
    assert.equal(service.doHover(document, document.positionAt(text.indexOf('require') + 2)), null);
  });

  test('two responses held by the same name in two blocks are two responses, each with its own calls', () => {
    const text = JS_HEAD + [
      'try {',
      '  const twiml = new VoiceResponse();',
      "  twiml.gather({ input: 'speech', action: '/g' });",
      '} catch (error) {',
      '  const twiml = new VoiceResponse();',
      "  twiml.say({ language: 'ko' }, '오류');",
      '}',
    ].join('\n');
    const regions = findRegions(text, 'javascript');
    assert.deepEqual(regions.map((r) => r.tree.text), ['<Response><Gather input="speech" action="/g"/></Response>', '<Response><Say language="ko">오류</Say></Response>']);
    assert.deepEqual(found(text, 'javascript').map(([rule, at]) => [rule, at]), [['twiml-value', 'speech']]);
  });

  test('a file without the library is not parsed for it', () => {
    assert.deepEqual(findRegions('const r = new VoiceResponse();\nr.say("x");\n', 'javascript'), []);
  });
});

describe('Python: twilio.twiml.voice_response', () => {
  const PY_HEAD = 'from twilio.twiml.voice_response import VoiceResponse, Gather, Dial\n';

  test("Gather(input='speech', action='/x') gets the finding <Gather input=\"speech\"> gets", () => {
    const text = PY_HEAD + "def voice():\n    resp = VoiceResponse()\n    gather = Gather(input='speech', action='/x', num_digits=1)\n    resp.append(gather)\n    return str(resp)\n";
    assert.deepEqual(brief(text, 'python'), xml('<Gather input="speech" action="/x" numDigits="1"/>'));
    assert.deepEqual(found(text, 'python').map(([rule, at]) => [rule, at]), [['twiml-value', 'speech']]);
  });

  test('methods, chains, append and nest; keywords in snake case are attributes in camel case', () => {
    const text = PY_HEAD + [
      'resp = VoiceResponse()',
      "resp.say('안녕하세요', language='ko', voice='alice')",
      "resp.gather(numdigits=1, action='/g').say('메뉴', language='ko')",
      "dial = Dial(caller_id='07012340001')",
      "dial.number('010-1234-5678')",
      'resp.append(dial)',
      "resp.nest(Gather(action='/h')).play('https://a/b.wav')",
      'print(str(resp))',
    ].join('\n');
    const [region] = findRegions(text, 'python');
    assert.ok(region?.mapping);
    assert.equal(
      region.tree.text,
      '<Response><Say language="ko" voice="alice">안녕하세요</Say><Gather numdigits="1" action="/g"><Say language="ko">메뉴</Say></Gather><Dial callerId="07012340001"><Number>010-1234-5678</Number></Dial><Gather action="/h"><Play>https://a/b.wav</Play></Gather></Response>',
    );
    // (The response ends with a Gather: on a time-out the call ends.)
    assert.deepEqual(found(text, 'python').map(([rule, at]) => [rule, at]), [['twiml-attribute', 'voice'], ['unknown-attribute', 'numdigits'], ['gather-timeout-end', 'Gather']]);
  });

  test('fixes are written as Python: a keyword renamed in snake case, a keyword argument removed, a method renamed', () => {
    const text = PY_HEAD + "resp = VoiceResponse()\nresp.sya('x')\nresp.gather(numdigits=1, action='/g', method='GET')\nresp.connect().stream(url='wss://a', track='inbound_track')\n";
    assert.match(fixed(text, 'python', 'unknown-attribute', 'Change to numDigits'), /gather\(num_digits=1,/);
    assert.match(fixed(text, 'python', 'twiml-attribute'), /gather\(numdigits=1, action='\/g'\)/);
    assert.match(fixed(text, 'python', 'twiml-value'), /track='inbound'\)/);
    assert.match(fixed(text, 'python', 'unknown-element'), /resp\.say\('x'\)/);
    for (const rule of ['unknown-attribute', 'twiml-attribute', 'twiml-value', 'unknown-element']) {
      const result = spawnSync('python3', ['-c', 'import ast, sys; ast.parse(sys.stdin.read())'], { input: fixed(text, 'python', rule), encoding: 'utf8' });
      assert.equal(result.status, 0, `${rule}: ${result.stderr}`);
    }
  });

  test('calls in a branch make the response partial; a response handed to another function too', () => {
    const text = PY_HEAD + "def v(d):\n    resp = VoiceResponse()\n    if d:\n        resp.hangup()\n    resp.reject(reason='nope')\n    return str(resp)\n";
    const [region] = findRegions(text, 'python');
    assert.equal(region?.partial, true);
    assert.deepEqual(found(text, 'python').map(([rule, at]) => [rule, at]), [['invalid-attribute-value', 'nope']]);
  });
});
