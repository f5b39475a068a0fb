/** `injection` and the reference's IVR example as JS and TS (clean, and with planted mistakes). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/languageService';
import { diagnose, summary } from '../support/diagnose';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');

/** The `[rule, text]` of the injection warnings of a script. */
function injections(text: string, languageId = 'typescript'): string[] {
  return diagnose(text, { languageId })
    .filter((f) => f.rule === 'injection')
    .map((f) => f.at);
}

/** Applies the injection quick fix for the warning on `${…}` text `at`; returns the new file text. */
function applyFix(text: string, at: string, languageId = 'typescript'): { text: string; title: string } {
  const document = TextDocument.create('file:///fix' + (languageId.startsWith('typescript') ? '.ts' : '.js'), languageId, 1, text);
  const service = getLanguageService({ locale: 'en' });
  const diagnostic = service.doValidation(document).find((d) => d.code === 'injection' && document.getText(d.range) === at);
  assert.ok(diagnostic, `an injection warning on ${at}`);
  const [action] = service.doCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] }).filter((a) => a.diagnostics?.[0]?.code === 'injection');
  assert.ok(action, 'a quick fix');
  assert.equal(action.isPreferred, true);
  return { text: TextDocument.applyEdits(document, action.edit!.changes![document.uri]!), title: action.title };
}

/** Syntax errors of a TS/JS text (no type check). */
function syntaxErrors(text: string, fileName: string): string[] {
  const output = ts.transpileModule(text, { fileName, reportDiagnostics: true, compilerOptions: { jsx: ts.JsxEmit.Preserve } });
  return (output.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the reference IVR example', () => {
  for (const [name, languageId] of [
    ['ivr.js', 'javascript'],
    ['ivr.ts', 'typescript'],
  ] as const) {
    test(`${name} has no error and no warning (nor anything else)`, () => {
      assert.deepEqual(summary(diagnose(fixture(name), { languageId })), []);
    });
  }

  test('with planted mistakes, each is found at its exact line and column', () => {
    const found = diagnose(fixture('ivr-mistakes.js'), { languageId: 'javascript' }).map((f) => [
      f.rule,
      f.severity,
      f.diagnostic.range.start.line + 1,
      f.diagnostic.range.start.character + 1,
      f.at,
    ]);
    assert.deepEqual(found, [
      ['invalid-attribute-value', 'error', 12, 20, 'kr'],
      ['unknown-attribute', 'error', 31, 13, 'numdigits'],
      ['unknown-element', 'error', 43, 8, 'Sya'],
      ['xml-syntax', 'error', 54, 24, '&'],
      ['injection', 'warning', 68, 29, '${req.body.Name}'],
      ['unknown-parameter', 'warning', 68, 40, 'Name'], // the platform sends no `Name`
      ['websocket-url', 'error', 70, 22, 'ws://your-server.com/ai/billing'],
      ['unreachable-verb', 'warning', 108, 5, '<Say language="ko-KR">안녕히 계세요.</Say>'],
    ]);
  });
});

describe('what is reported', () => {
  test('${x} from a parameter, a request or a call in text bodies (from the model: Say, Play, Number, Redirect)', () => {
    const text = `
      function reply(name: string, req: any) {
        return voiceml\`<Say>안녕하세요 \${name}님</Say><Play>\${req.query.url}</Play>
          <Dial><Number>\${lookup(req.body.To)}</Number></Dial><Redirect>\${next()}</Redirect>\`;
      }`;
    assert.deepEqual(injections(text), ['${name}', '${req.query.url}', '${lookup(req.body.To)}', '${next()}']);
  });

  test('${x} in attribute values, also next to static text', () => {
    const text = 'const f = (req) => `<Gather numDigits="${req.body.n}" action="/next?d=${req.body.Digits}"></Gather>`;';
    assert.deepEqual(injections(text, 'javascript'), ['${req.body.n}', '${req.body.Digits}']);
  });

  test('let, var and reassigned names are not trusted; a shadowing parameter hides the const', () => {
    const text = `
      const greeting = '안녕하세요';
      let mood = 'good';
      function a(greeting) { return \`<Say>\${greeting}</Say>\`; }
      const b = () => \`<Say>\${greeting} \${mood}</Say>\`;`;
    assert.deepEqual(injections(text, 'javascript'), ['${greeting}', '${mood}']);
    // The same with exact scopes (JSX files are parsed).
    assert.deepEqual(injections(text, 'javascriptreact'), ['${greeting}', '${mood}']);
  });

  test('a const used as a default value is still the const', () => {
    const text = "const BASE = 'https://a.example';\nexport const f = (url = BASE, n = BASE.length) => `<Redirect>${BASE}/x</Redirect>`;";
    assert.deepEqual(injections(text), []);
    assert.deepEqual(injections(text, 'typescriptreact'), []);
  });

  test('a known value that holds & or < (or the attribute quote) breaks the XML too', () => {
    const text = `
      const QUERY = 'https://x.example/ivr?a=1&b=2';
      const NAME = "O'Brien";
      const a = \`<Redirect>\${QUERY}</Redirect><Gather action='/\${NAME}'/><Say>\${NAME}</Say><Say>\${'<Hangup/>'}</Say>\`;`;
    const found = diagnose(text, { languageId: 'typescript' }).filter((f) => f.rule === 'injection');
    assert.deepEqual(
      found.map((f) => f.at),
      ['${QUERY}', '${NAME}', "${'<Hangup/>'}"],
    );
    assert.match(found[0]!.message, /contains &/);
    assert.match(found[1]!.message, /contains '/);
  });

  test('a ${…} longer than any value written into a response is not worked out: unknown, and its message shows its ends', () => {
    // What a template that lost its closing brace does: its `${` runs on over the rest of the file. Here a literal,
    // trusted when it is of a length one writes.
    const literal = (length: number): string => `const f = () => \`<Say>\${'${'가 '.repeat(length)}'}</Say>\`;`;
    assert.deepEqual(injections(literal(100)), []);
    const [diagnostic, ...more] = getLanguageService({ locale: 'en' }).doValidation(TextDocument.create('file:///long.ts', 'typescript', 1, literal(10_000)));
    assert.equal(more.length, 0);
    assert.equal(diagnostic?.code, 'injection');
    // On one line, cut after 40 characters, with its last.
    const message = String(diagnostic.message);
    assert.ok(message.includes(`\${'${'가 '.repeat(18)}가…}`), message);
  });

  test('markup positions are not text: ${body} between elements, names made from code', () => {
    const text = 'const x = (body, tag, attrs) => `<Response>${body}<Gather action="/g">${body}</Gather><${tag}/><Say ${attrs}>hi</Say></Response>`;';
    assert.deepEqual(injections(text, 'javascript'), []);
  });
});

describe('found with the other rules', () => {
  test('a string met first (its tree and host rules run in one pass) gives what its twin gives (tree rules kept, host rules run alone)', () => {
    // Two strings of one text share a tree: the first's findings come from one pass of both lists, parted;
    // the second's tree findings are the kept ones, and the injection rule runs on it by itself.
    const one = '`<Response><Say loop="x">${name}</Say><Pause length="-1"/><Play>${req.query.u}</Play></Response>`';
    const text = `export const a = (name: string, req: any) => ${one};\nexport const b = (name: string, req: any) => ${one};\n`;
    const found = diagnose(text, { languageId: 'typescript' });
    const line = (f: (typeof found)[number]): number => f.diagnostic.range.start.line;
    const of = (n: number): string[] => found.filter((f) => line(f) === n).map((f) => `${f.rule} ${f.at} ${f.diagnostic.range.start.character}`);
    assert.deepEqual(of(0).map((f) => f.split(' ')[0]).sort(), ['injection', 'injection', 'invalid-attribute-value', 'twiml-attribute']);
    assert.deepEqual(of(1), of(0));
  });
});

describe('what is trusted', () => {
  test('literals, numbers, const literals (also through other consts and templates), escaping functions', () => {
    const text = `
      import he from 'he';
      import _ from 'lodash';
      const BASE = 'https://your-server.com/ivr';
      const MENU = \`\${BASE}/menu\`;
      const TIMEOUT = 5;
      export const f = (req: any, name: string) => \`
        <Gather numDigits="\${1}" timeout="\${TIMEOUT}" action="\${MENU}" finishOnKey="\${'#'}">
          <Say>\${escapeXml(name)} \${he.escape(name)} \${_.escape(req.body.x)} \${Number(req.body.n)} \${name.length}</Say>
        </Gather>
        <Redirect>\${BASE}/x?d=\${encodeURIComponent(req.body.Digits)}</Redirect>
        <Say>\${req.body.ok ? '네' : '아니요'} \${parseInt(req.body.n, 10) + 1}</Say>\`;
      function escapeXml(v: unknown) { return String(v); }`;
    assert.deepEqual(injections(text), []);
  });

  test('configuration is not caller input: process.env, import.meta.env, config and settings objects', () => {
    const text = `
      import config from './config';
      export const f = (req: any, settings: any) => \`
        <Gather action="\${process.env.BASE_URL}/menu" timeout="\${process.env['GATHER_TIMEOUT']}">
          <Say>\${config.greeting} \${config.messages.ko.menu} \${settings.get('GREETING')} \${import.meta.env.VITE_X}</Say>
        </Gather>
        <Say>\${req.body.name} \${req.env} \${configure(req.body.x)}</Say>\`;`;
    assert.deepEqual(injections(text), ['${req.body.name}', '${req.env}', '${configure(req.body.x)}']);
  });

  test("string methods keep what their text is made of; Deno.env and a config hung on another object are configuration", () => {
    const text = `
      export const f = (req: any, fastify: any) => {
        const supabaseUrl = Deno.env.get('SUPABASE_URL') || '';
        const baseUrl = supabaseUrl.replace(/\\/$/, '') + '/functions/v1';
        const name = req.body.name.trim();
        return \`<Redirect>\${baseUrl}/menu</Redirect>
          <Stream url="wss://\${req.server.config.DOMAIN.toLowerCase()}/media"/>
          <Say>\${name} \${baseUrl.replace('/v1', req.body.v)} \${baseUrl.replace(/v/, (m) => m)} \${req.body.config.x} \${fastify.settings.padStart(3, '<')}</Say>\`;
      };`;
    assert.deepEqual(injections(text), [
      '${name}',
      "${baseUrl.replace('/v1', req.body.v)}",
      '${baseUrl.replace(/v/, (m) => m)}',
      '${req.body.config.x}',
      "${fastify.settings.padStart(3, '<')}",
    ]);
  });

  test("encodeURIComponent leaves ' : trusted in double-quoted values only", () => {
    const text = "const f = (d) => `<Gather action=\"/a?d=${encodeURIComponent(d)}\"/><Gather action='/a?d=${encodeURIComponent(d)}'/>`;";
    const found = diagnose(text, { languageId: 'javascript' }).filter((f) => f.rule === 'injection');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.diagnostic.range.start.character, text.lastIndexOf('${encodeURIComponent'));
  });

  test("a file's own escaper that leaves the quote: trusted in text, said so in an attribute", () => {
    const text =
      "const esc = (s = '') => s.replace(/[<>&]/g, (m) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[m]);\n" +
      'const f = (lang, text) => `<Say language="${esc(lang)}">${esc(text)}</Say>`;';
    const found = diagnose(text, { languageId: 'javascript' }).filter((f) => f.rule === 'injection');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.diagnostic.range.start.character, text.split('\n')[1]!.indexOf('${esc(lang)}'));
    assert.match(String(found[0]!.diagnostic.message), /^esc escapes < and & but leaves " as it is: a " in the value ends the language attribute value there/);
  });

  test('an escaper that leaves the quote, given a value without one: safe in an attribute too', () => {
    const text =
      "const esc = (s = '') => s.replace(/[<>&]/g, (m) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[m]);\n" +
      "const VOICE = 'Polly.Seoyeon';\nconst QUOTED = 'say \"hi\"';\n" +
      'const f = (req) => `<Say voice="${esc(VOICE)}" language="${esc(process.env.LANG)}"/><Say voice="${esc(QUOTED)}"/><Say voice="${esc(req.query.v)}"/><Gather action="/a?d=${encodeURIComponent(\'x\')}"/>`;';
    const last = text.split('\n')[3]!;
    const found = diagnose(text, { languageId: 'javascript' }).filter((f) => f.rule === 'injection');
    // The constant with a quote and the caller's value: reported; the constant without one and configuration: not.
    assert.deepEqual(
      found.map((f) => f.diagnostic.range.start.character),
      [last.indexOf('${esc(QUOTED)}'), last.indexOf('${esc(req.query.v)}')],
    );
  });

  test("base64 and hex text, and the parts of a URL made of configuration: safe", () => {
    const text =
      'const f = (req, audio) => `<Play>data:audio/mpeg;base64,${Buffer.from(audio).toString("base64")}</Play><Say>${audio.toString("utf8")}</Say>' +
      '<Redirect>${new URL(process.env.BASE_URL).origin}/next</Redirect><Redirect>${new URL(req.body.u).origin}</Redirect>`;';
    assert.deepEqual(injections(text), ['${audio.toString("utf8")}', '${new URL(req.body.u).origin}']);
  });

  test('the rule has its own setting', () => {
    const text = 'const f = (name) => `<Say>${name}</Say>`;';
    assert.equal(diagnose(text, { languageId: 'javascript', settings: { rules: { injection: 'off' } } }).length, 0);
    assert.equal(diagnose(text, { languageId: 'javascript', settings: { rules: { injection: 'error' } } })[0]!.severity, 'error');
  });
});

describe('the quick fix', () => {
  test('TS: wraps in escapeXml(…) and adds a typed helper after the imports, once', () => {
    const text = "import express from 'express';\nimport { x } from './x';\n\nconst f = (name: string, n: string) => `<Say>${name}</Say><Gather numDigits=\"${ n }\"/>`;\n";
    const first = applyFix(text, '${name}');
    assert.equal(first.title, 'Wrap in escapeXml(name) (adds the escapeXml function to the file)');
    assert.equal(
      first.text,
      "import express from 'express';\nimport { x } from './x';\n\n" +
        '/** Escapes a value for VoiceML (XML) text and attribute values: < > & " \' become character references. */\n' +
        "const escapeXml = (value: unknown): string => String(value).replace(/[<>&\"']/g, (c) => `&#${c.charCodeAt(0)};`);\n" +
        '\nconst f = (name: string, n: string) => `<Say>${escapeXml(name)}</Say><Gather numDigits="${ n }"/>`;\n',
    );
    assert.deepEqual(syntaxErrors(first.text, 'a.ts'), []);
    // The helper is there now: the second fix only wraps.
    const second = applyFix(first.text, '${ n }');
    assert.equal(second.title, 'Wrap in escapeXml(n)');
    assert.ok(second.text.includes('numDigits="${escapeXml(n)}"'));
    assert.equal(second.text.split('const escapeXml').length, 2);
    assert.deepEqual(injections(second.text), []);
    // The helper does what it says.
    const helper = new Function(`${ts.transpile(second.text.split('\n').find((l) => l.startsWith('const escapeXml'))!)}; return escapeXml;`)() as (v: unknown) => string;
    assert.equal(helper(`<Dial>&"'`), '&#60;Dial&#62;&#38;&#34;&#39;');
  });

  test('JS with a directive and CRLF: an untyped helper after the directive, CRLF kept', () => {
    const text = "'use strict';\r\nmodule.exports = (name) => `<Say>${name}</Say>`;\r\n";
    const fixed = applyFix(text, '${name}', 'javascript').text;
    assert.ok(fixed.startsWith("'use strict';\r\n\r\n/** Escapes"), JSON.stringify(fixed.slice(0, 40)));
    assert.ok(fixed.includes('const escapeXml = (value) => String(value)'));
    assert.ok(!fixed.replaceAll('\r\n', '').includes('\n'), 'no bare LF');
    assert.deepEqual(syntaxErrors(fixed, 'a.js'), []);
    assert.deepEqual(injections(fixed, 'javascript'), []);
  });

  test('a file that already has escapeXml (imported) gets only the wrap', () => {
    const text = "import { escapeXml } from './xml';\nexport const f = (n: string) => `<Say>${n}</Say>`;\n";
    const fixed = applyFix(text, '${n}');
    assert.equal(fixed.text, "import { escapeXml } from './xml';\nexport const f = (n: string) => `<Say>${escapeXml(n)}</Say>`;\n");
  });

  test('in a nested template and a .tsx file the template stays valid', () => {
    const text = "export const C = () => <div>{String(1)}</div>;\nexport const f = (xs: string[]) => `<Dial>${xs.map((x) => `<Number>${x}</Number>`).join('')}</Dial>`;\n";
    const fixed = applyFix(text, '${x}', 'typescriptreact').text;
    assert.ok(fixed.includes('`<Number>${escapeXml(x)}</Number>`'));
    assert.deepEqual(syntaxErrors(fixed, 'a.tsx'), []);
    assert.deepEqual(injections(fixed, 'typescriptreact'), []);
  });
});
