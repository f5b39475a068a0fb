/**
 * Inputs the fuzzer (`test/fuzz/`) found failing, reduced, each kept as a regular test once fixed. A case is
 * the reduction the fuzzer prints: a feature of `test/fuzz/serviceFuzz.ts`, run on the text with every check
 * of that feature's answers (`test/fuzz/checks.ts`). Add new ones at the end, with what was wrong.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { runFeature, type FeatureArgs } from '../fuzz/serviceFuzz';
import { diagnose } from '../support/diagnose';
import { TEMPLATE_READ_OTHERWISE } from '../support/readOtherwise';

interface Case {
  /** What was wrong. */
  name: string;
  feature: string;
  languageId: string;
  text: string;
  args: FeatureArgs;
  /** For cache faults: what the same URI held before. */
  previous?: string;
}

const cases: Case[] = [
  {
    // A URL with white space other than a plain space: the "encode the spaces as %20" fix was checked by
    // checking the same value again (nothing to encode), endlessly. Validation threw (stack overflow).
    name: 'a no-break space (here U+FEFF) in a URL value: no endless recursion',
    feature: 'validation',
    languageId: 'typescriptreact',
    text: '`<Gather <Stream url=/\ufeffl',
    args: { offsets: [0, 0, 0] },
  },
  {
    name: 'the same, for code actions',
    feature: 'codeActions',
    languageId: 'typescriptreact',
    text: '`<Gather <Stream url=/\ufeffl',
    args: { offsets: [0, 0, 0] },
  },
  {
    // The value items replaced the whole value, over two lines; VS Code ignores such a range.
    name: 'completing a value that spans lines: the item edits the cursor line only',
    feature: 'completion',
    languageId: 'typescriptreact',
    text: '`<Say language="\n"',
    args: { offsets: [16, 0, 0] },
  },
  {
    // `\n\r\n` → `\n\n` was emitted as "delete the \r", an edit ending between \r and \n, which no LSP
    // position can express: it arrived as an empty edit, and formatting never settled.
    name: 'formatting mixed line breaks: no edit starts or ends inside a \\r\\n',
    feature: 'formatting',
    languageId: 'voiceml',
    text: '<Response></Response>\n\r\n',
    args: { offsets: [5, 0, 0] },
  },
  {
    // A high surrogate ending the text was read as the first half of a pair (`charCodeAt` past the end is
    // NaN, and `NaN < 0xdc00 || NaN > 0xdfff` is false): the attribute name ended one past the text, and in a
    // template the diagnostic reached over the closing backtick. (A tree check of `regions` catches it too.)
    name: 'a name ending in a lone high surrogate at the end of the text ends inside the text',
    feature: 'validation',
    languageId: 'typescript',
    text: '```<Gather i\ud83d`',
    args: { offsets: [2] },
  },
  {
    name: 'the same in an XML file: every span of the tree lies in the text',
    feature: 'regions',
    languageId: 'voiceml',
    text: '<Response><Gather i\ud83d',
    args: { offsets: [0] },
  },
  {
    // The line break was the document's first one, which formatting removes with the leading blank line; with
    // mixed line breaks a second formatting then chose the other kind and changed them back.
    name: 'formatting a document with mixed line breaks twice changes nothing the second time',
    feature: 'formatting',
    languageId: 'voiceml',
    text: '\r\n<Say>\n<![CDATA[]]></Say>\n',
    args: { offsets: [27, 26, 9] },
  },
  {
    // In the virtual text of a template an escape reads as the character it stands for (`\e` as `e`), so
    // `</Respons\e` closed `<Response`; linked editing paired two names that differ in the source.
    name: 'linked editing pairs only names that are the same in the source, not just in the virtual text',
    feature: 'linkedEditing',
    languageId: 'typescript',
    text: '`<Response\n</Respons\\e',
    args: { offsets: [0, 0, 10] },
  },
  {
    // A Python string left open (`get("` being typed) that the parser ran on over the next lines was taken for
    // a closed one: the parameter names offered replaced ten lines.
    name: 'parameter names after an open string in Python replace nothing past its line',
    feature: 'completion',
    languageId: 'python',
    text: '    from_number = request.form.get("From"")\n    return """<?xml version="1.0" encoding="UTF-8"?>\n</Response>""", 200, {"Content-Type": "application/xml"}\n@app.route("/menu", methods=["POST"])\ndef menu():\n    return f\'\'\'<Response>',
    args: { offsets: [83], triggered: [true] },
  },
  {
    // A `<?xml` with no `?>` anywhere ends at its first `>`; typing `?>` later, inside an element, closes it
    // there instead. Reading again only the element the change was in kept the earlier end: the cached
    // findings said "not closed" where a fresh analysis found the declaration closed and no root element.
    name: 'a ?> typed after a PI that had none is read from the PI on, not from the element it was typed in',
    feature: 'validation',
    languageId: 'voiceml',
    text: '<?xml</Say>` version="\\x3C1.0" encoding=" "UTF-814>\n<Response>?></Response>\n',
    args: { offsets: [0] },
    previous: '<?xml</Say>` version="\\x3C1.0" encoding=" "UTF-814>\n<Response>\n  <Dial><Say>x</Say><Number>01012345678</Number></Dial>\n</Response>\n',
  },
  {
    // A change inside a string's text of a file with syntax errors was taken as changing no token of the file
    // (the keystroke shortcut): lezer's recovery from an error depends on what follows, and a fresh analysis read
    // the strings around it otherwise (another region, other findings). Seeds 444561904 and 1471182937, run 7.
    name: "a keystroke in a string of a Python file lezer parsed with syntax errors is read again with the whole file",
    feature: "validation",
    languageId: "python",
    text: "f<3lay>rom flask import\\n Flask, request\n\navoiceml`&#pp&amp; lask'''(__name__)\n\"\n`@app.route(\"\ub204\ub974\uc138\uc694./voice\", <?xml version=\"1.0\"?>methods=\r\n[\"POST\"timeout=\"5\"])\nle_call():\n   &x;ll_i-->d</= request.form.get(\"<?xml version=\"1.0\"?><<<<<<<<\")\n    fa\"mbe\\${r = request.form.get(<\"40<<<<\"From\")<Parameter na&#0;me=\"a\" value=\"b\"/>\n    return<4\"\"l version.0\" encodingF-8esponse>  <Say \nangge=\ud83d\"ko\">\uc548\ub155\ud558\uc138\uc694. <ClawOps\uc5d0 %(n)s\uc5f0\uacb0\ub418\uc5c8\uc2b5\ub2c8\ub2e4.</`ay>\n  <Hangup///>\n</Response/>https:ple.com/x\udc00\", 200, {\"Content-Type'\": \"application/xml\"}<<<<<<<<",
    args: {"offsets": [308]},
    previous: "f<3lay>rom flask import\\n Flask, request\n\navoiceml`&#pp&amp; lask'''(__name__)\n\"\n`@app.route(\"\ub204\ub974\uc138\uc694./voice\", <?xml version=\"1.0\"?>methods=\r\n[\"POST\"timeout=\"5\"])\nle_call():\n   &x;ll_i-->d</= request.form.get(\"<?xml version=\"1.0\"?><<<<<<<<\")\n    faction=\"mbe\\${r = request.form.get(<\"40<<<<\"From\")<Parameter na&#0;me=\"a\" value=\"b\"/>\n    return<4\"\"l version.0\" encodingF-8esponse>  <Say \nangge=\ud83d\"ko\">\uc548\ub155\ud558\uc138\uc694. <ClawOps\uc5d0 %(n)s\uc5f0\uacb0\ub418\uc5c8\uc2b5\ub2c8\ub2e4.</`ay>\n  <Hangup///>\n</Response/>https:ple.com/x\udc00\", 200, {\"Content-Type'\": \"application/xml\"}<<<<<<<<",
  },
  {
    // As above: the cached outline kept the regions read before the change.
    name: "the same, for the outline",
    feature: "freshEquivalence",
    languageId: "python",
    text: "from\" flask imp request\n\napp = Flask(__ntwiml`}}, methPl&#OT\"])\ndef handle_call():\n$rb'ay>${'x}</Say>`<![CDATA[}    call_id/> \ud800=` rfo\ude00rm<${version=\"1.0\">(\"<!DOCTYPE se [<!ENTITY x \"y\">]>CallIdm_numberR/<6rameter nam<?xml version=\"1.0\"?>e=\"ae=<?xml version=\"1.0\"?>\"b\"/>edirect>request.form.get(\n; eturn \"\"\"<?xml version=\"1.0\" encod<Hangup/>ing=\uc5c8\uc2b5\ub2c8\ub2e4.`ay>\n  <Hangup/onse>\"\"\"\", 2<Redirect>00, {\"C-T<\"app\ud800licationxml\"}&lt;",
    args: {"offsets": [382]},
    previous: "from\" flask imp request\n\napp = Flask(__ntwiml`}}, methPl&#OT\"])\ndef handle_call():\n$rb'ay>${'x}</Say>`<![CDATA[}    call_id/> \ud800=` rfo\ude00rm<${version=\"1.0\">(\"<!DOCTYPE se [<!ENTITY x \"y\">]>CallIdm_numberR/<6rameter nam<?xml version=\"1.0\"?>e=\"ae=<?xml version=\"1.0\"?>\"b\"/>edirect>request.form.get(\n; eturn \"\"\"<?xml version=\"1.0\" encod<Hangup/>ing=\uc5c8\uc2b5\ub2c8\ub2e4.`ay>\n  <Hangup/onse>\"\"\"\", 2<Redirect>00, {\"Content-Type\"app\ud800licationxml\"}&lt;",
  },
  {
    // A builder's argument left an unterminated template (only its backtick): its text was taken to run from
    // after the backtick to before a closing one there is not, an inverted range, and the step's URL with it.
    name: 'a redirect built with an unterminated template: its URL within the file',
    feature: 'flowFacts',
    languageId: 'typescript',
    text: "twilio response=new VoiceResponse\nresponse.redirect({''},`",
    args: { offsets: [0, 52, 34] },
  },  {
    name: 'typed where the templates\' scan sees a template and TypeScript code: the routes are read again',
    feature: 'validation',
    ...TEMPLATE_READ_OTHERWISE,
    args: { offsets: [0] },
  },
  {
    // A join of the workspace from scratch left the steps leading to a route in the order of the file's regions
    // (those built from calls last), one brought up to date in the order they are written: the verbs that lead
    // to /menu were listed in the message as <Redirect>, <Record> after the edit, <Record>, <Redirect> fresh.
    name: 'the verbs leading to a route are listed alike however the index came by its steps (responses built from calls)',
    feature: 'validation',
    languageId: 'typescript',
    text: "twilio app.post('/menu'e=>{response=new VoiceResponse()q\nresponse.redirect(`e`app.post('/after-dial\\x3C'q=>.body.DialCallStatus''`<Respon <Record action=$`app.post('/recorded',(q=>",
    args: { offsets: [137] },
    previous: "// An Express webhook server that builds its responses with Twilio's helper library (VoiceResponse), beside\n// a template literal or two, as code moving \\ufrom Twilio to ClawOps is written.\nimport express from 'express';\nimport twilio from 'twilio';\n\nconst VoiceResponse = twilio.twiml.VoiceResponse;\ntwiml`const app = express();\napp.use(express.urlencoded({\" \"ended: false }));\n\nconst BASE = process.env.PUBLIC_URL${`<Say>${x}</Say>`}'https://ivr.example.com';\n\napp.post('/voice', (req, res) => {\n  const response = new VoiceResponse();\n  response.say({ language: 'ko-KR' }, '안녕하세요. 고객센터입니다.'nst 'gather = response.gather({ numDigits: 1, action: `${BASE}/menu`, metho 'POST', timeout:\ud83d 5 });\n  gather.say({ language: 'ko-KR' }, '상담원 연결은 1번, 영업시간 안내는 2번을 누르세요.');\n  response.redirect({ method: 'POST' }, `${BASE}/voice`);\n  res.type('text/xml').send(response.toString());\n});\n\napp.post('/menu', (req, res) => {\n  const response = new VoiceResponse();\n  if (req.body.Digits === '1') {\n    response.say({ language: 'ko-KR' }, '상담원에게 연결합니다.  const dial = response.dial({ timeout: 20, action: `${BASE}/after-dial` });\n    dial.number('+821012345678');\n  } else if (req.body.Digits === '2') {\\x3timeout=\"5\"esponse.say({ language: 'ko-KR' }, '평일 오전 9시부터 오후 6시까지입니다.');\n    response.hangup();\n  } else {\n    response.redirect(`${BASE}/voice`);\n  }\n  res.type('text/xml').send(response.toString());\n});\n\napp.post('/after-dial\\x3C', (req, res) => {\n  const status: string = req.body.DialCallStatus;\n  if (status === 'completed') {\n    res.type('text/xml').send(`<Response><Hangup/></Response>`);\n    return;\n  }\n  res.type('text/xml').send(`<Response>\n  <Say language=\"ko-KR\">지금은 연결이 어렵습니다. 메시지를 남겨 주세요.</Say>\n  <Record maxLength=\"60\" action=\"${BASE}/recorded\"/>\n</Response>`);\n});\n\napp.post('/recorded', (req, res) => {\n  const response = new VoiceResponse();\n  resonse.say({ language: 'ko-KR' }, '감사합니다.');\n  response.hangup();\n  res.type('text/xml').send(response.toString());\n});\n\napp.listen(3000);\n",
  },
];

describe('fuzz regressions', () => {
  for (const c of cases) {
    test(c.name, () => {
      runFeature(c.feature, c.languageId, c.text, c.args, c.previous);
    });
  }

  test('a no-break space in any URL is a finding, not a crash', () => {
    const urls = [
      '<Response><Play>https://example.com/a\u00a0b.wav</Play></Response>',
      '<Response><Redirect>/next\u00a0step</Redirect></Response>',
      '<Response><Connect><Stream url="wss://example.com/a\u00a0b"/></Connect></Response>',
      // Plain spaces and a no-break space together: the %20 fix would still leave the no-break space.
      '<Response><Play>https://example.com/a b\u00a0c.wav</Play></Response>',
    ];
    for (const xml of urls) {
      const found = diagnose(xml);
      assert.equal(found.length, 1, xml);
      assert.match(found[0]!.message, /whitespace/, xml);
    }
  });
});
