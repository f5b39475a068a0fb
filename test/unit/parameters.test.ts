/**
 * The platform's request parameters as data (`schemas/webhook.json`): the TwiML names it never sends, each
 * with the VoiceML name of the same value or what to do instead.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { callbacksSending, parameterNames, requestHeader, requestParameter, twimlHeader, twimlParameter, twimlValue, webhook } from '../../server/src/model/webhook';

test('TwiML names are none of the platform’s, and each one’s VoiceML name is one it sends', () => {
  for (const twiml of webhook.twiml.parameters) {
    assert.ok(!parameterNames.includes(twiml.name), `${twiml.name} is sent by the platform`);
    if (twiml.voiceml !== undefined) assert.ok(parameterNames.includes(twiml.voiceml), `${twiml.name} → ${twiml.voiceml}`);
    else assert.ok(twiml.alternative, `${twiml.name} says what to do instead`);
  }
  for (const header of webhook.twiml.headers) {
    assert.equal(requestHeader(header.name), undefined);
    if (header.voiceml !== undefined) assert.ok(requestHeader(header.voiceml), `${header.name} → ${header.voiceml}`);
  }
  for (const value of webhook.twiml.values) {
    const sent = callbacksSending(value.parameter)[0]?.spec ?? requestParameter(value.parameter);
    assert.ok(sent?.values, `${value.parameter} has a list of values`);
    assert.ok(!sent.values.some((v) => v.value === value.value), `${value.value} is not one of them`);
    if (value.voiceml !== undefined) assert.ok(sent.values.some((v) => v.value === value.voiceml));
  }
  assert.equal(new Set(webhook.twiml.parameters.map((p) => p.name)).size, webhook.twiml.parameters.length, 'no name twice');
});

test('the issue’s names: CallSid → CallId, AccountSid → AccountId, X-Twilio-Signature → X-Signature; SpeechResult, Confidence, CallerName have none', () => {
  assert.equal(twimlParameter('CallSid')?.voiceml, 'CallId');
  assert.equal(twimlParameter('AccountSid')?.voiceml, 'AccountId');
  assert.equal(twimlHeader('x-twilio-signature')?.voiceml, 'X-Signature');
  for (const name of ['SpeechResult', 'Confidence', 'CallerName']) {
    assert.ok(twimlParameter(name), name);
    assert.equal(twimlParameter(name)!.voiceml, undefined, name);
  }
  assert.equal(twimlValue('DialCallStatus', 'answered')?.voiceml, 'completed');
  assert.equal(twimlParameter('Digits'), undefined, 'Digits is VoiceML too');
});

test('who sends what: every request’s six, Digits from Gather and Record, DialCallStatus from Dial with its five values', () => {
  assert.deepEqual(parameterNames, ['CallId', 'AccountId', 'From', 'To', 'CallStatus', 'Direction', 'Digits', 'RecordingUrl', 'RecordingDuration', 'DialCallStatus']);
  assert.deepEqual(callbacksSending('Digits').map((c) => c.callback.verb), ['Gather', 'Record']);
  assert.deepEqual(callbacksSending('DialCallStatus')[0]!.spec.values!.map((v) => v.value), ['completed', 'busy', 'no-answer', 'failed', 'canceled']);
  assert.equal(callbacksSending('From').length, 0);
  assert.ok(requestParameter('From'));
});

// ----- webhook code: what the hosts read, what the rules find --------------------------------------------------

import { describe } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/languageService';
import { hostFor, languageIdOfFile } from '../../server/src/hosts';
import { indexOf, uriOf } from '../support/flowWorkspace';
import { EXPRESS_IVR, FLASK_IVR, plantedExpress, plantedFlask, type Planted } from '../support/plantedIvr';

const HANDLER_RULES = ['twiml-parameter', 'unknown-parameter', 'parameter-not-sent', 'invalid-parameter-value', 'response-content-type', 'non-voiceml-response', 'twilio-signature'];

/** The handler code a host reads from `text`: each list as `what "text at its span"`. */
function readCode(file: string, text: string): Record<string, string[]> {
  const languageId = languageIdOfFile(file)!;
  const code = hostFor(languageId)!.readRoutes!(text, languageId).code;
  const at = (s: { start: number; end: number }): string => JSON.stringify(text.slice(s.start, s.end));
  return {
    reads: code.reads.map((r) => `${r.name} ${r.from} ${at(r.span)}${r.rename ? ` rename ${JSON.stringify(r.rename.text)}` : ''}${r.source ? ` source ${at(r.source.span)}→${r.source.body}` : ''}`),
    headers: code.headers.map((h) => `${h.name} ${at(h.span)}`),
    tests: code.tests.map((t) => `${t.parameter} ${t.value} ${at(t.span)}`),
    contentTypes: code.contentTypes.map((c) => `${c.mediaType} ${at(c.span)} → ${c.fix}`),
    answers: code.answers.map((a) => `${a.kind}${a.text !== undefined ? ` ${JSON.stringify(a.text)}` : ''} ${at(a.span)}`),
    signatures: code.signatures.map((s) => `${s.name} ${at(s.span)}`),
  };
}

/** The findings of the handler rules in each file of a workspace: `file:line rule "text"`. */
function handlerFindings(files: Readonly<Record<string, string>>): string[] {
  const workspace = indexOf(files);
  const service = getLanguageService({ locale: 'en', workspace });
  return Object.entries(files).flatMap(([file, text]) => {
    const document = TextDocument.create(uriOf(file), languageIdOfFile(file)!, 1, text);
    return service
      .doValidation(document)
      .filter((d) => HANDLER_RULES.includes(String(d.code)))
      .map((d) => `${file}:${d.range.start.line + 1} ${d.code} ${JSON.stringify(text.slice(document.offsetAt(d.range.start), document.offsetAt(d.range.end)))}`);
  });
}

describe('JS/TS handlers: what is read', () => {
  test('body, query, brackets, destructuring (a shorthand renamed keeps its local name), formData, searchParams, Hono, headers', () => {
    const text = [
      "app.post('/a', async (req, res) => {",
      "  const a = req.body.CallSid + req.body['From'] + req.query.Digits + req.body?.To;",
      "  const { CallId, DialCallStatus: status, 'To': to, ...rest } = req.body;",
      '  const form = await req.formData();',
      "  form.get('RecordingUrl');",
      "  new URL(req.url).searchParams.get('Direction');",
      "  c.req.query('AccountId'); req.param('CallStatus');",
      "  req.headers['x-twilio-signature']; req.get('X-Signature'); req.headers.get('X-Twilio-Signature');",
      '  req.body.hasOwnProperty(x); res.body.nothing;',
      '});',
    ].join('\n');
    const code = readCode('a.js', text);
    assert.deepEqual(code.reads, [
      'CallSid body "CallSid"',
      'From body "From"',
      'Digits query "Digits" source "query"→body',
      'To body "To"',
      'CallId body "CallId" rename "{0}: CallId"',
      'DialCallStatus body "DialCallStatus"',
      'To body "To"',
      'RecordingUrl body "RecordingUrl"',
      'Direction query "Direction"',
      'AccountId query "AccountId"',
      'CallStatus any "CallStatus"',
    ]);
    assert.deepEqual(code.headers, ['x-twilio-signature "x-twilio-signature"', 'X-Signature "X-Signature"', 'X-Twilio-Signature "X-Twilio-Signature"']);
  });

  test('values compared: ===, !==, reversed, through a name, switch, includes; a string being typed ends at the cursor', () => {
    const text = [
      "app.post('/a', (req, res) => {",
      "  const d = req.body.Digits;",
      "  if (d === '1' || '2' !== d) {}",
      "  switch (req.body.DialCallStatus) { case 'busy': case 'no_answer': break; }",
      "  if (['failed', 'canceled'].includes(req.body.DialCallStatus)) {}",
      "  if (req.body.DialCallStatus === '",
      '});',
    ].join('\n');
    assert.deepEqual(readCode('a.ts', text).tests, [
      'Digits 1 "1"',
      'Digits 2 "2"',
      'DialCallStatus busy "busy"',
      'DialCallStatus no_answer "no_answer"',
      'DialCallStatus failed "failed"',
      'DialCallStatus canceled "canceled"',
      'DialCallStatus  ""',
    ]);
  });

  test('Content-Types, each with what its response sends; answers that are not VoiceML; Twilio’s signature checks', () => {
    const text = [
      "const twilio = require('twilio');",
      "const xml = (body) => `<Response>${body}</Response>`;",
      "app.use(twilio.webhook()); app.use(twilio.webhook({ validate: false })); // the second checks nothing",
      "app.post('/a', (req, res) => {",
      "  twilio.validateRequest(token, sig, url, req.body);",
      "  res.type('text/xml'); res.send(xml('<Hangup/>'));",
      "  res.set('Content-Type', 'text/html; charset=utf-8').send(`<Response/>`);",
      "  res.writeHead(200, { 'content-type': 'text/xml' }); res.writeHead(403, { 'Content-Type': 'text/plain' }); res.status(500).type('text/plain');",
      "  res.type('json'); res.type('.xml');",
      "  res.json({ ok: true }); res.redirect('/b'); res.send('OK'); res.sendStatus(200); res.sendStatus(204); res.end();",
      "  res.status(500).json({ error: 1 }); res.status(404).send('no'); res.send({ a: 1 }); res.send(`<Response/>`);",
      "  const twiml = new VoiceResponse(); twiml.redirect('/voice'); socket.end(); // a verb of the builder, a value's method: no answers",
      '});',
      "export async function POST(request) { return new Response(body, { headers: { 'Content-Type': 'text/xml' } }); }",
    ].join('\n');
    const code = readCode('a.js', text);
    assert.deepEqual(code.contentTypes, [
      'text/xml "text/xml" → application/xml',
      'text/html "text/html; charset=utf-8" → application/xml; charset=utf-8',
      'text/xml "text/xml" → application/xml',
      'application/json "json" → application/xml',
      'application/xml ".xml" → application/xml',
      'text/xml "text/xml" → application/xml',
    ]);
    assert.deepEqual(code.answers, [
      'json "res.json({ ok: true })"',
      'redirect "res.redirect(\'/b\')"',
      'text "OK" "res.send(\'OK\')"',
      'text "OK" "res.sendStatus(200)"',
      'empty "res.sendStatus(204)"',
      'empty "res.end()"',
      'json "res.send({ a: 1 })"',
    ]);
    assert.deepEqual(code.signatures, ['webhook "webhook"', 'validateRequest "validateRequest"']);
  });
});

describe('Python handlers: what is read', () => {
  test('Flask form, values, args (the query string), brackets, headers; FastAPI Form parameters and aliases, Annotated, await request.form()', () => {
    const text = [
      'from flask import request',
      'from fastapi import Form, Header',
      '',
      '@app.route("/a", methods=["POST"])',
      'def a():',
      '    x = request.form.get("CallSid") or request.values["From"] or request.args.get("Digits")',
      '    sig = request.headers.get("X-Twilio-Signature")',
      '',
      '@fa.post("/f")',
      'async def f(request, CallSid: str = Form(...), Digits: str = Form(None, alias="Digits"), To: Annotated[str, Form()] = "", x_twilio_signature: str = Header(None)):',
      '    form = await request.form()',
      '    form.get("RecordingUrl")',
    ].join('\n');
    const code = readCode('a.py', text);
    assert.deepEqual(code.reads, [
      'CallSid body "CallSid"',
      'From any "From"',
      'Digits query "Digits" source "args"→form',
      'CallSid body "CallSid" rename ", alias=\\"{0}\\""',
      'Digits body "Digits"',
      'To body "To" rename "alias=\\"{0}\\""',
      'RecordingUrl body "RecordingUrl"',
    ]);
    assert.deepEqual(code.headers, ['X-Twilio-Signature "X-Twilio-Signature"', 'x-twilio-signature "x_twilio_signature"']);
  });

  test('values compared, Content-Types of tuples and responses, answers that are not VoiceML, RequestValidator', () => {
    const text = [
      'from twilio.request_validator import RequestValidator',
      '@app.route("/a", methods=["POST"])',
      'def a():',
      '    validator = RequestValidator(token)',
      '    d = request.form.get("Digits")',
      '    if d == "1" or d in ("2", "x"):',
      '        return jsonify(ok=True)',
      '    match request.form["DialCallStatus"]:',
      '        case "busy" | "answered":',
      '            return redirect("/b")',
      '    xml = "<Response><Hangup/></Response>"',
      '    resp = make_response(xml)',
      '    resp.headers["Content-Type"] = "text/xml"',
      '    if d == "9":',
      '        return Response(xml, mimetype="text/html")',
      '    if d == "8":',
      '        return "OK", 200',
      '    if d == "7":',
      '        return "", 204',
      '    if d == "6":',
      '        return {"ok": True}',
      '    if d == "5":',
      '        return "no", 404, {"Content-Type": "text/plain"}',
      '    return xml, 200, {"Content-Type": "text/xml; charset=utf-8"}',
    ].join('\n');
    const code = readCode('a.py', text);
    assert.deepEqual(code.tests, ['Digits 1 "1"', 'Digits 2 "2"', 'Digits x "x"', 'DialCallStatus busy "busy"', 'DialCallStatus answered "answered"', 'Digits 9 "9"', 'Digits 8 "8"', 'Digits 7 "7"', 'Digits 6 "6"', 'Digits 5 "5"']);
    assert.deepEqual(code.contentTypes, ['text/xml "text/xml" → application/xml', 'text/html "text/html" → application/xml', 'text/xml "text/xml; charset=utf-8" → application/xml; charset=utf-8']);
    assert.deepEqual(code.answers, ['json "return jsonify(ok=True)"', 'redirect "return redirect(\\"/b\\")"', 'text "OK" "return \\"OK\\", 200"', 'empty "return \\"\\", 204"', 'json "return {\\"ok\\": True}"']);
    assert.deepEqual(code.signatures, ['RequestValidator "RequestValidator"']);
  });

  test("FastAPI's Response with its body as content=: the body, its media_type judged; an answer, not nothing", () => {
    const text = [
      'from fastapi import FastAPI, Form',
      'from fastapi.responses import Response',
      'app = FastAPI()',
      '',
      '@app.post("/menu")',
      'async def menu():',
      '    return Response(content=\'<Response><Gather action="/route" numDigits="1"><Say>번호를 누르세요</Say></Gather></Response>\', media_type="application/xml")',
      '',
      '@app.post("/route")',
      'async def route(Digits: str = Form()):',
      '    if Digits == "1":',
      '        return Response(content=\'<Response><Say>하나</Say></Response>\', media_type="text/xml")',
      '    return Response(content=\'{"ok": true}\', media_type="application/json")',
    ].join('\n');
    assert.deepEqual(readCode('app.py', text).contentTypes, [
      'application/xml "application/xml" → application/xml',
      'text/xml "text/xml" → application/xml',
      'application/json "application/json" → application/xml',
    ]);
    // The body given as content= is what each response answers: VoiceML twice (no answer of "nothing", which the
    // route a <Gather> leads to was told it gave), and JSON, as its media type says.
    assert.deepEqual(readCode('app.py', text).answers, [`json "return Response(content='{\\"ok\\": true}', media_type=\\"application/json\\")"`]);
    assert.deepEqual(handlerFindings({ 'app.py': text }), [
      'app.py:12 response-content-type "text/xml"',
      `app.py:13 non-voiceml-response "return Response(content='{\\"ok\\": true}', media_type=\\"application/json\\")"`,
    ]);
  });
});

describe('the reference’s IVR and its planted faults', () => {
  test('the reference’s IVR is clean: Express in one file, Flask as an app and a blueprint', () => {
    assert.deepEqual(handlerFindings({ 'ivr.js': EXPRESS_IVR }), []);
    assert.deepEqual(handlerFindings(FLASK_IVR), []);
  });

  test("the IVR built with Twilio's helper library on a base URL from the environment is clean too (its actions end in the routes' paths)", () => {
    // Answered as the platform asks (the fixture keeps Twilio's text/xml, which other tests find).
    const fixture = readFileSync(fileURLToPath(new URL('../fixtures/ivr-builder.ts', import.meta.url)), 'utf8').replaceAll("type('text/xml')", "type('application/xml')");
    assert.deepEqual(handlerFindings({ 'ivr-builder.ts': fixture }), []);
    const flask = [
      'import os',
      'from flask import Flask, request',
      'from twilio.twiml.voice_response import VoiceResponse',
      'app = Flask(__name__)',
      'BASE = os.environ["PUBLIC_URL"]',
      '@app.route("/voice", methods=["POST"])',
      'def voice():',
      '    r = VoiceResponse()',
      '    r.gather(num_digits=1, action=f"{BASE}/menu")',
      '    return str(r), 200, {"Content-Type": "application/xml"}',
      '@app.route("/menu", methods=["POST"])',
      'def menu():',
      '    r = VoiceResponse()',
      '    r.say("1" if request.form["Digits"] == "1" else "2")',
      '    return str(r), 200, {"Content-Type": "application/xml"}',
    ].join('\n');
    assert.deepEqual(handlerFindings({ 'app.py': flask }), []);
  });

  for (const [framework, planted] of [
    ['Express', plantedExpress()],
    ['Flask', plantedFlask()],
  ] as const) {
    for (const fault of planted) {
      test(`${framework}: ${fault.name} gets exactly one finding, of ${fault.rule}, on ${fault.marked}${fault.fixed ? ', and its fix mends it' : ''}`, () => {
        const lineNumber = fault.files[fault.file]!.split('\n').findIndex((l) => l.includes(fault.line)) + 1;
        assert.ok(lineNumber > 0, `${fault.line} is in ${fault.file}`);
        assert.deepEqual(handlerFindings(fault.files), [`${fault.file}:${lineNumber} ${fault.rule} ${JSON.stringify(fault.marked)}`]);
        if (fault.fixed) assert.deepEqual(handlerFindings({ ...fault.files, [fault.file]: applyFix(fault) }), []);
      });
    }
  }
});

/** The fault's file with the preferred fix of its finding applied, checked to change `line` into `fixed`. */
function applyFix(fault: Planted): string {
  const text = fault.files[fault.file]!;
  const workspace = indexOf(fault.files);
  const service = getLanguageService({ locale: 'en', workspace });
  const document = TextDocument.create(uriOf(fault.file), languageIdOfFile(fault.file)!, 1, text);
  const diagnostic = service.doValidation(document).find((d) => d.code === fault.rule)!;
  const action = service.doCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] }).find((a) => a.isPreferred)!;
  const fixed = TextDocument.applyEdits(document, action.edit!.changes![document.uri]!);
  assert.ok(fixed.split('\n').some((l) => l.includes(fault.fixed!)), `after the fix: ${fault.fixed}`);
  return fixed;
}

describe('completion and hover in webhook code', () => {
  /** The workspace with `insert` typed after `after` in `file`, and the cursor at its end. */
  function typed(files: Readonly<Record<string, string>>, file: string, after: string, insert: string) {
    const text = files[file]!;
    const at = text.indexOf(after);
    assert.ok(at >= 0, `${after} is in ${file}`);
    const offset = at + after.length;
    const edited = { ...files, [file]: text.slice(0, offset) + insert + text.slice(offset) };
    const workspace = indexOf(edited);
    const service = getLanguageService({ locale: 'en', workspace });
    const document = TextDocument.create(uriOf(file), languageIdOfFile(file)!, 1, edited[file]!);
    return { service, document, position: document.positionAt(offset + insert.length) };
  }
  const labels = (list: { items: { label: string; sortText?: string }[] }): string[] =>
    [...list.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((i) => i.label);
  const EXPRESS = { 'ivr.js': EXPRESS_IVR };
  const EVERY = ['CallId', 'AccountId', 'From', 'To', 'CallStatus', 'Direction'];

  test('Express: after req.body. in the route a <Gather action> leads to, Digits first with its description, then what every request has', () => {
    const { service, document, position } = typed(EXPRESS, 'ivr.js', "app.post('/ivr/lang', (req, res) => {", '\n  const key = req.body.');
    const list = service.doComplete(document, position);
    assert.deepEqual(labels(list), ['Digits', ...EVERY]);
    const digits = list.items.find((i) => i.label === 'Digits')!;
    assert.match((digits.documentation as { value: string }).value, /The keys the caller pressed/);
    assert.deepEqual(digits.textEdit && 'range' in digits.textEdit ? digits.textEdit.range : undefined, { start: position, end: position });
  });

  test('Express: the Record’s route gets its three first; the Dial’s DialCallStatus; brackets and a name being typed', () => {
    const record = typed(EXPRESS, 'ivr.js', "app.post('/ivr/voicemail-done', (req, res) => {", "\n  req.body['Rec");
    assert.deepEqual(labels(record.service.doComplete(record.document, record.position)), ['Digits', 'RecordingUrl', 'RecordingDuration', ...EVERY]);
    const dial = typed(EXPRESS, 'ivr.js', "app.post('/ivr/after-dial', (req, res) => {", '\n  const { DialCallStatus } = req.body; req.body.Dia');
    const list = dial.service.doComplete(dial.document, dial.position);
    assert.deepEqual(labels(list), ['DialCallStatus', ...EVERY]);
    const edit = list.items[0]!.textEdit as { range: { start: { character: number } } };
    assert.equal(edit.range.start.character, dial.position.character - 'Dia'.length, 'the typed name is replaced');
  });

  test("Express: after req.body.DialCallStatus === ' the five values, each with its meaning", () => {
    const { service, document, position } = typed(EXPRESS, 'ivr.js', "app.post('/ivr/after-dial', (req, res) => {", "\n  if (req.body.DialCallStatus === '");
    const list = service.doComplete(document, position);
    assert.deepEqual(labels(list), ['completed', 'busy', 'no-answer', 'failed', 'canceled']);
    assert.match((list.items.find((i) => i.label === 'no-answer')!.documentation as { value: string }).value, /No answer within the timeout/);
  });

  test('Flask: the same after request.form.get(" and request.form[", and after == "', () => {
    const lang = typed(FLASK_IVR, 'ivr.py', 'def lang():', '\n    key = request.form.get("');
    assert.deepEqual(labels(lang.service.doComplete(lang.document, lang.position)), ['Digits', ...EVERY]);
    const done = typed(FLASK_IVR, 'ivr.py', 'def voicemail_done():', '\n    url = request.form["');
    assert.deepEqual(labels(done.service.doComplete(done.document, done.position)), ['Digits', 'RecordingUrl', 'RecordingDuration', ...EVERY]);
    const dial = typed(FLASK_IVR, 'ivr.py', 'def after_dial():', '\n    if request.form.get("DialCallStatus") == "');
    assert.deepEqual(labels(dial.service.doComplete(dial.document, dial.position)), ['completed', 'busy', 'no-answer', 'failed', 'canceled']);
  });

  test('nothing outside webhook code: a REST route that neither answers VoiceML nor is led to', () => {
    const api = "const app = require('express')();\napp.post('/api/users', (req, res) => { res.json(req.body.); });\n";
    const document = TextDocument.create('file:///api.js', 'javascript', 1, api);
    const service = getLanguageService({ locale: 'en' });
    assert.deepEqual(service.doComplete(document, document.positionAt(api.indexOf('req.body.') + 9)).items, []);
  });

  test('hover: a parameter with the reference’s description, a TwiML name with the platform’s, a value, a header', () => {
    const service = getLanguageService({ locale: 'ko' });
    const text = [
      "const app = require('express')();",
      "app.post('/voice', (req, res) => {",
      "  const id = req.body.CallSid || req.body.CallId;",
      "  if (req.body.DialCallStatus === 'busy') {}",
      "  const signature = req.get('X-Signature');",
      "  res.type('xml').send(`<Response><Hangup/></Response>`);",
      '});',
    ].join('\n');
    const document = TextDocument.create('file:///voice.js', 'javascript', 1, text);
    const hover = (word: string, nth = 0): string => {
      let at = -1;
      for (let i = 0; i <= nth; i++) at = text.indexOf(word, at + 1);
      const h = service.doHover(document, document.positionAt(at + 1));
      assert.ok(h, `a hover on ${word}`);
      assert.equal(document.offsetAt((h.range as { start: Position }).start), at, `the hover's range starts at ${word}`);
      return (h.contents as { value: string }).value;
    };
    assert.match(hover('CallId'), /통화 고유 ID/);
    assert.match(hover('CallSid'), /TwiML의 이름입니다: 플랫폼은 이 값을 `CallId`\(으\)로 보냅니다/);
    assert.match(hover('busy'), /통화 중/);
    assert.match(hover('X-Signature'), /서명 키/);
  });
});

describe('signature checks', () => {
  const MIDDLEWARE = [
    "const twilio = require('twilio');",
    'module.exports = function validate(req, res, next) {',
    "  const signature = req.headers['x-twilio-signature'];",
    '  if (!twilio.validateRequest(process.env.TWILIO_AUTH_TOKEN, signature, process.env.URL, req.body)) return res.status(403).end();',
    '  next();',
    '};',
  ].join('\n');

  test('a signature middleware in a file of its own is judged when the workspace answers the platform, not alone', () => {
    assert.deepEqual(handlerFindings({ 'validate.js': MIDDLEWARE, 'ivr.js': EXPRESS_IVR }), [
      'validate.js:3 twilio-signature "x-twilio-signature"',
      'validate.js:4 twilio-signature "validateRequest"',
    ]);
    assert.deepEqual(handlerFindings({ 'validate.js': MIDDLEWARE }), []);
  });

  test('the header fix keeps the case the code writes it in', () => {
    const files = { 'validate.js': MIDDLEWARE, 'ivr.js': EXPRESS_IVR };
    const workspace = indexOf(files);
    const service = getLanguageService({ locale: 'en', workspace });
    const document = TextDocument.create(uriOf('validate.js'), 'javascript', 1, MIDDLEWARE);
    const diagnostic = service.doValidation(document).find((d) => d.code === 'twilio-signature' && document.getText(d.range) === 'x-twilio-signature')!;
    const [action] = service.doCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] });
    assert.ok(TextDocument.applyEdits(document, action!.edit!.changes![document.uri]!).includes("req.headers['x-signature']"));
  });
});

describe('what is webhook code', () => {
  test('a route that hands VoiceML to the REST API (an outgoing call) is no webhook: its form fields are the app’s own', () => {
    const app = [
      'from flask import Flask, request',
      'app = Flask(__name__)',
      '@app.route("/make_call", methods=["POST"])',
      'def make_call():',
      '    to_number = request.form.get("to_number")',
      "    client.calls.create(to=to_number, from_=FROM, twiml=f'<Response><Say>{escape(message)}</Say></Response>')",
      '    return "queued"',
    ].join('\n');
    assert.deepEqual(handlerFindings({ 'app.py': app }), []);
  });

  test('a route that answers through a helper given the response is one, reached by nothing or not', () => {
    const app = [
      "const app = require('express')();",
      'const sendXml = (res, body) => res.type(\'xml\').send(`<Response>${body}</Response>`);',
      "app.post('/voice', (req, res) => {",
      '  const who = req.body.Caller;',
      '  sendXml(res, `<Say>안녕하세요.</Say><Hangup/>`);',
      '});',
    ].join('\n');
    assert.deepEqual(handlerFindings({ 'app.js': app }), ['app.js:4 twiml-parameter "Caller"']);
  });

  test("a body read of the app's own parameter, also read from the query string, is not reported", () => {
    const app = [
      "const app = require('express')();",
      "app.post('/voice', (req, res) => {",
      '  const id = req.query.agentId || req.body.agentId;',
      '  const typo = req.body.agent;',
      "  res.type('xml').send(`<Response><Hangup/></Response>`);",
      '});',
    ].join('\n');
    assert.deepEqual(handlerFindings({ 'app.js': app }), ['app.js:4 unknown-parameter "agent"']);
  });
});

describe('the query string of a route only POSTed to', () => {
  test("the platform's parameter is in the body (fix: req.body); the app's own in the URL it gave stays in the query string", () => {
    const app = [
      "const app = require('express')();",
      "app.post('/menu', (req, res) => {",
      "  res.type('xml').send(`<Response><Gather numDigits=\"1\" action=\"/choice?step=2\"><Say>번호를 누르세요.</Say></Gather><Redirect>/menu</Redirect></Response>`);",
      '});',
      "app.post('/choice', (req, res) => {",
      '  const key = req.query.Digits;',
      '  const step = req.query.step;',
      "  res.type('xml').send(`<Response><Hangup/></Response>`);",
      '});',
    ].join('\n');
    assert.deepEqual(handlerFindings({ 'app.js': app }), ['app.js:6 parameter-not-sent "query.Digits"']);
  });
});
