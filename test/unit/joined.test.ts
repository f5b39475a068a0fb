/** VoiceML in JS/TS strings joined from pieces (`+`, `+=` runs, `[…].join('')`), plain string literals, `.trim()`. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/languageService';
import { findRegions } from '../../server/src/hosts';
import { PLACEHOLDER } from '../../server/src/parser/ast';
import { diagnose, summary } from '../support/diagnose';

const js = (text: string) => diagnose(text, { languageId: 'javascript' });
const service = getLanguageService({ locale: 'en' });

/** Syntax errors of a JS text (no type check). */
function syntaxErrors(text: string): string[] {
  const output = ts.transpileModule(text, { fileName: 'x.js', reportDiagnostics: true });
  return (output.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function fix(text: string, rule: string, at?: string): { title: string; text: string } {
  const document = TextDocument.create('file:///joined.js', 'javascript', 1, text);
  const diagnostic = service.doValidation(document).find((d) => d.code === rule && (at === undefined || document.getText(d.range) === at));
  assert.ok(diagnostic, `a ${rule} finding`);
  const action = service.doCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] }).find((a) => a.diagnostics?.[0]?.code === rule);
  assert.ok(action, `a fix for ${rule}`);
  return { title: action.title, text: TextDocument.applyEdits(document, action.edit!.changes![document.uri]!) };
}

describe('strings joined with +', () => {
  test('one region: the literals at their places, the expression a substitution, the rest a seam', () => {
    const text = "res.send('<Response><Say language=\"ko\">' + msg + '</Say></Response>');";
    const [region] = findRegions(text, 'javascript');
    assert.ok(region);
    assert.equal(region.offset, text.indexOf('<Response>'));
    assert.equal(region.tree.text, '<Response><Say language="ko">' + "    " + PLACEHOLDER.repeat(3) + "    " + '</Say></Response>');
    assert.deepEqual(region.substitutions?.map((s) => s.text), ['msg']);
    assert.equal(region.seams?.length, 2);
  });

  test('the mistakes of each piece are found at their places; an expression is never reported on', () => {
    const text = "const x = '<Response><Say voice=\"alice\">' + req.body.name + '</Say>' + '<Gather input=\"speech\" action=\"/g\"/></Response>';";
    assert.deepEqual(summary(js(text)), [
      ['injection', 'req.body.name'],
      ['twiml-attribute', 'voice'],
      ['twiml-value', 'speech'],
    ]);
  });

  test('the injection fix wraps the expression itself: escapeXml(msg), the helper added once', () => {
    const text = "res.send('<Response><Say language=\"ko\">' + msg + '</Say></Response>');\n";
    const fixed = fix(text, 'injection', 'msg');
    assert.match(fixed.text, /\+ escapeXml\(msg\) \+/);
    assert.match(fixed.text, /^\/\*\* Escapes a value for VoiceML/);
    assert.deepEqual(syntaxErrors(fixed.text), []);
  });

  test('a template joined to strings is one region with them, not a region of its own too', () => {
    const text = "const x = `<Response><Say language=\"ko\">${a}</Say>` + '<Sya/>' + `</Response>`;";
    const regions = findRegions(text, 'javascript');
    assert.equal(regions.length, 1);
    assert.deepEqual(summary(js(text)), [['injection', '${a}'], ['unknown-element', 'Sya']]);
  });
});

describe('a run of x = … and x += …', () => {
  test("twiml += '<Dial …>…</Dial>' gets the findings the same XML gets", () => {
    const run = ["let twiml = '<Response>';", "console.log('building');", "twiml += '<Dial action=\"/x\" method=\"POST\">+1234567890</Dial>';", "twiml += '</Response>';"].join('\n');
    const xml = '<Response><Dial action="/x" method="POST">+1234567890</Dial></Response>';
    const brief = (found: ReturnType<typeof js>) => found.map((f) => [f.rule, f.at, f.message]);
    assert.deepEqual(brief(js(run)), brief(diagnose(xml)));
    assert.ok(js(run).length >= 2);
    // Alone, as most handlers write it.
    assert.deepEqual(brief(js("twiml += '<Dial action=\"/x\" method=\"POST\">+1234567890</Dial>';")), brief(diagnose(xml)));
  });

  test('a statement that names the variable otherwise ends the run; a loop body is checked on its own', () => {
    const text = [
      "let out = '<Response>';",
      "out = out.toUpperCase();", // ends the run: '<Response>' alone opens what it does not close
      "out += '<Say>안녕</Say>';",
      'for (const n of numbers) {',
      "  out += '<Gather input=\"speech\" action=\"/g\">' + n + '</Gather>';",
      '}',
    ].join('\n');
    assert.deepEqual(summary(js(text)), [['twiml-value', 'speech']]);
  });
});

describe('[…].join and .trim()', () => {
  test("['<Response>', …, '</Response>'].join('') is one region", () => {
    const text = "res.send(['<Response>', '<Say>hi</Say>', '<Gahter/>', '</Response>'].join(''));";
    assert.deepEqual(summary(js(text)).map(([rule, at]) => `${rule} ${at}`), ['say-language Say', 'unknown-element Gahter']);
    assert.deepEqual(findRegions("x = ['<Response>', '</Response>'].join(',')", 'javascript'), [], 'a separator that is not white space');
  });

  test('`…`.trim(): white space before <?xml is not part of the response', () => {
    const trimmed = 'res.send(`\n  <?xml version="1.0" encoding="UTF-8"?>\n  <Response><Hangup/></Response>`.trim());';
    assert.deepEqual(js(trimmed), []);
    const untrimmed = 'res.send(`\n  <?xml version="1.0" encoding="UTF-8"?>\n  <Response><Hangup/></Response>`);';
    assert.deepEqual(summary(js(untrimmed)).map(([rule]) => rule), ['xml-syntax']);
  });
});

describe('plain string literals', () => {
  test('a response in one string literal is checked; escapes read as the string holds them', () => {
    assert.deepEqual(summary(js("res.send('<Response><Sya>hi</Sya></Response>');")), [['unknown-element', 'Sya']]);
    assert.deepEqual(js('res.send("<Response><Say language=\\"ko\\">안녕</Say></Response>");'), []);
  });

  test("fixes write the string's own syntax: a quote escaped, a line break as \\n", () => {
    const text = "res.send('<Response><Connect><Stream track=\"inbound_track\"/></Connect></Response>');\n";
    for (const rule of ['missing-attribute', 'twiml-value']) {
      const fixed = fix(text, rule);
      assert.deepEqual(syntaxErrors(fixed.text), [], `${rule}: ${fixed.title}\n${fixed.text}`);
    }
    const moved = fix("res.send('<Response><Gather action=\"/g\"><Record/></Gather></Response>');\n", 'invalid-child');
    assert.deepEqual(syntaxErrors(moved.text), [], moved.text);
    assert.match(moved.text, /<\/Gather>\\n<Record\/>/);
  });
});
