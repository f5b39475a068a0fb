/** VoiceML in JS/TS template literals: detection, virtual documents, offsets, the scan, and `${…}` confinement. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { regionAt } from '../../server/src/document/regions';
import { findRegions } from '../../server/src/hosts';
import type { VoiceMLRegion } from '../../server/src/document/region';
import { PLACEHOLDER } from '../../server/src/parser/ast';
import { confineToLiteralText } from '../../server/src/rules/confine';
import { findTemplates, parseFile, parseTemplates, scanTemplates } from '../../server/src/hosts/javascript/templates';
import { moveBindings, parseBindings, resolve, tapeBindings } from '../../server/src/hosts/javascript/bindings';
import { rules } from '../../server/src/rules';
import type { Rule } from '../../server/src/rules/rule';
import type { Finding } from '../../server/src/rules/run';
import { findProblems } from '../../server/src/services/diagnostics';
import { getLanguageService } from '../../server/src/languageService';
import { diagnose, summary } from '../support/diagnose';
import { prng } from '../support/random';
import { generateScript } from '../support/scriptCorpus';
import * as ts from 'typescript';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');

/** `[kind, fragmentParent, text]` of each region, for compact comparisons. */
function shapes(text: string, languageId = 'typescript'): [string, string | undefined, string][] {
  return findRegions(text, languageId).map((r) => [r.kind, r.fragmentParent, r.xml.text]);
}

describe('which templates are VoiceML', () => {
  test('tagged voiceml / twiml / xml, also as a member (tags.voiceml)', () => {
    assert.equal(shapes('f(voiceml`<Say>a</Say>`)').length, 1);
    assert.equal(shapes('f(twiml`<Say>a</Say>`)').length, 1);
    assert.equal(shapes('f(tags.voiceml`<Response><Say>a</Say></Response>`)').length, 1);
    assert.equal(shapes('f(xml`<Response><Hangup/></Response>`)').length, 1);
    // A voiceml tag claims even text that does not look like VoiceML: the rules then say what is wrong.
    assert.deepEqual(shapes('voiceml`<Sya>hi</Sya>`'), [['fragment', 'Response', '<Sya>hi</Sya>']]);
  });

  test('/* voiceml */ and /* xml */ markers, on the same line or the line before', () => {
    assert.equal(shapes('const a = /* voiceml */ `<Say>a</Say>`;').length, 1);
    assert.equal(shapes('const a = /*VoiceML*/`<Sya/>`;').length, 1);
    assert.equal(shapes('const a =\n  /* xml */\n  `<Response><Hangup/></Response>`;').length, 1);
  });

  test('a marker is the block comment that ends the trivia before the template, whatever white space follows it; a line comment after it, or one ending in */, is none', () => {
    const markers = (text: string): (string | undefined)[] => scanTemplates(text)!.templates.map((t) => t.marker);
    assert.deepEqual(markers('a = /* sql */\u00a0\u2028\v\f\t `<p/>`'), ['sql']);
    assert.deepEqual(markers('a = /* xml */ /* sql */\n\n    `<p/>`'), ['sql']);
    assert.deepEqual(markers('a = /**/`<p/>`'), ['']);
    assert.deepEqual(markers('a = /* sql */ // not a marker */\n    `<p/>`'), [undefined]);
    assert.deepEqual(markers('a = // sql */\n    `<p/>`'), [undefined]);
    assert.deepEqual(markers('a = /* sql */ b +\n    `<p/>`'), [undefined]);
  });

  test('untagged: static text starting with <?xml, <Response or a VoiceML start tag', () => {
    assert.equal(shapes('a = `<?xml version="1.0"?><Response><Hangup/></Response>`').length, 1);
    assert.equal(shapes('a = `<Response/>`').length, 1);
    assert.equal(shapes('a = `\n   <Gather numDigits="1" action="/g"></Gather>`').length, 1);
    assert.equal(shapes('a = `<Hangup/>`').length, 1);
    // Substitutions and white space before the first tag are skipped.
    assert.equal(shapes('a = `${indent}  <Say>a</Say>`').length, 1);
  });

  test('a first tag that is a near miss of a VoiceML name is VoiceML: the typo is the first mistake to catch', () => {
    // (A file is looked at closer when it holds a VoiceML tag somewhere, in any case: here the other template.)
    for (const typo of ['<Sya language="ko-KR">안녕하세요</Say>', '<Gahter numDigits="1"/>', '<response><say>hi</say></response>', '<say>hi</say>', '<Sy']) {
      const text = `b = \`<Hangup/>\`;\na = \`${typo}\``;
      assert.equal(shapes(text).length, 2, text);
    }
    // The README's case: one unknown-element finding, with the <Say> fix, and nothing else for the typo.
    const found = diagnose('sendXml(res, `<Sya language="ko-KR">안녕하세요</Say>`);', { languageId: 'javascript' });
    assert.deepEqual(summary(found), [['unknown-element', 'Sya']]);
  });

  test('plain string literals and strings joined from pieces are VoiceML too', () => {
    assert.deepEqual(shapes("a = '<Say>a plain string</Say>'"), [['fragment', 'Response', '<Say>a plain string</Say>']]);
    assert.deepEqual(shapes('a = "<Response><Hangup/></Response>"'), [['document', undefined, '<Response><Hangup/></Response>']]);
    // A piece that opens what another piece closes is not checked alone (the response is built elsewhere).
    assert.deepEqual(shapes("a = '<Response>'; f(a)"), []);
  });

  test('a template starting with markup is VoiceML when its call receives VoiceML elsewhere in the file', () => {
    const text = [
      'sendXml(res, `<Say language="ko-KR">안녕하세요</Say>`);',
      'sendXml(res, `<Zzz>hi</Zzz>`);', // the same call, the same argument
      'res.type("xml").send(`<Response><Hangup/></Response>`);',
      'res.type("xml").send(`<Blah/>`);',
      'log(`<Zzz>hi</Zzz>`);', // another call
      'sendXml(`<Zzz>hi</Zzz>`, res);', // another argument
      'sendXml(res, `plain text`);', // no markup
      'mailer.send(`<Zzz>hi</Zzz>`);', // a call whose last name is the same, another callee
      'res.type("xml")\n  .send(`<Blahh/>`);', // the same callee written over two lines
    ].join('\n');
    assert.deepEqual(
      summary(diagnose(text, { languageId: 'javascript' })).filter(([rule]) => rule === 'unknown-element'),
      [['unknown-element', 'Blah'], ['unknown-element', 'Blahh'], ['unknown-element', 'Zzz']],
    );
    assert.equal(shapes(text).length, 5);
    // The same read from the parsed file (JSX, which the scanner leaves to the parser).
    const jsx = `${text}\nconst page = <div className="x">{count}</div>;`;
    assert.deepEqual(
      summary(diagnose(jsx, { languageId: 'javascriptreact' })).filter(([rule]) => rule === 'unknown-element'),
      [['unknown-element', 'Blah'], ['unknown-element', 'Blahh'], ['unknown-element', 'Zzz']],
    );
  });

  test('… also when the VoiceML it receives comes hundreds of templates later (each template found on the tokens from the last)', () => {
    const others = Array.from({ length: 300 }, (_, i) => `other(\`<Say>${i}</Say>\`, { n: ${i} }, [${i}]);`);
    const text = ['sendXml(res, `<Zzz>hi</Zzz>`);', ...others, 'sendXml(res, `<Say>끝</Say>`);', 'log(`<Zzz>hi</Zzz>`);'].join('\n');
    assert.deepEqual(
      summary(diagnose(text, { languageId: 'javascript' })).filter(([rule]) => rule === 'unknown-element'),
      [['unknown-element', 'Zzz']],
    );
  });

  test('never: HTML, SQL, lower-case or longer names, plain strings, other languages, other XML', () => {
    const none = [
      'a = `<div class="x">${y}</div>`',
      'a = `SELECT * FROM calls WHERE id = ${id}`',
      'a = `<dialog open>x</dialog>`', // HTML, a near miss of Dial
      'a = `<select><option>1</option></select>`',
      'a = `<svg><rect width="1"/></svg>`',
      'a = `<Sayings>hi</Sayings>`',
      'a = `<SayHello/>`',
      "a = '<div>not VoiceML</div>'",
      "import x from '<Say>';",
      'a = /* sql */ `<Say>a</Say>`',
      'a = /* html */ `<Say>a</Say>`',
      'a = html`<Say>a</Say>`',
      'a = sql`<Response/>`',
      'a = `hello <Say>later</Say>`',
      'a = xml`<rss version="2.0"><channel/></rss>`',
      'a = `<?xml version="1.0"?><project><modelVersion>4.0.0</modelVersion></project>`',
      '// `<Say>in a comment</Say>`',
      '/* `<Say>in a comment</Say>` */',
      'a = `<!-- <Say> -->`',
    ];
    for (const text of none) assert.deepEqual(shapes(text), [], text);
  });

  test('a file without VoiceML costs nothing: typescript is not loaded for it, nor for .xml', () => {
    const script = fileURLToPath(new URL('../support/typescriptLoad.ts', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), { afterXml: false, afterPlainScript: false, afterTemplate: true });
  });
});

describe('documents and fragments', () => {
  test('a root <Response> is a document; anything else a fragment of Response', () => {
    assert.deepEqual(shapes('a = `<Response><Hangup/></Response>`')[0]!.slice(0, 2), ['document', undefined]);
    assert.deepEqual(shapes('a = `<?xml version="1.0"?>\\n<Response>${body}</Response>`')[0]!.slice(0, 2), ['document', undefined]);
    assert.deepEqual(shapes('a = `<Say>a</Say><Hangup/>`')[0]!.slice(0, 2), ['fragment', 'Response']);
  });

  test('nouns are checked as children of their parent (from the model)', () => {
    assert.deepEqual(shapes('a = `<Number>01012345678</Number>`')[0]!.slice(0, 2), ['fragment', 'Dial']);
    assert.deepEqual(shapes('a = `<Stream url="wss://a.example/s"/>`')[0]!.slice(0, 2), ['fragment', 'Connect']);
    assert.deepEqual(shapes('a = `<Parameter name="a" value="b"/>`')[0]!.slice(0, 2), ['fragment', 'Stream']);
  });

  test('a template nested in ${…} is its own region, spliced into the element around it', () => {
    const text = 'a = `<Dial>${nums.map((n) => `<Number>${n}</Number>`).join("")}</Dial><Gather action="/g">${`<Say>x</Say>`}</Gather>`';
    const regions = findRegions(text, 'typescript');
    assert.deepEqual(
      regions.map((r) => [r.kind, r.fragmentParent]),
      [
        ['fragment', 'Response'],
        ['fragment', 'Dial'],
        ['fragment', 'Gather'],
      ],
    );
    // Each nested template lies inside one of the outer template's substitutions.
    const outer = regions[0]!;
    for (const inner of regions.slice(1)) {
      const local = inner.offset - outer.offset;
      assert.ok(outer.substitutions!.some((s) => s.start < local && inner.offset + inner.xml.text.length - outer.offset < s.end));
    }
  });

  test('a nested template is checked against the element around it', () => {
    const found = diagnose('a = `<Gather action="/g">${ok ? `<Dial><Number>01012345678</Number></Dial>` : ""}</Gather>`', { languageId: 'typescript' });
    // (Nothing follows the Gather in the outer template: on a time-out the call ends.)
    assert.deepEqual(summary(found), [['gather-timeout-end', 'Gather'], ['invalid-child', 'Dial']]);
  });
});

describe('virtual documents: same length, offsets 1:1', () => {
  test('each ${…} becomes placeholders of its length; the region starts after the backtick', () => {
    const text = 'const x = voiceml`<Say>${a + b}</Say><Play>${url}</Play>`;';
    const [region] = findRegions(text, 'typescript');
    const content = text.slice(text.indexOf('`') + 1, text.lastIndexOf('`'));
    assert.equal(region!.offset, text.indexOf('`') + 1);
    assert.equal(region!.xml.text.length, content.length);
    assert.equal(region!.xml.text, content.replace('${a + b}', PLACEHOLDER.repeat(8)).replace('${url}', PLACEHOLDER.repeat(6)));
    assert.deepEqual(
      region!.substitutions!.map((s) => [s.start, s.end, s.expression, text.slice(region!.offset + s.expressionStart, region!.offset + s.expressionEnd)]),
      [
        [5, 13, 'a + b', 'a + b'],
        [25, 31, 'url', 'url'],
      ],
    );
  });

  test("the templates' trees read their code units from one room, each its own text's", () => {
    const text = generateScript(20_000);
    const regions = findRegions(text, 'typescript');
    assert.ok(regions.length > 20, `${regions.length}`);
    const rooms = new Set(regions.map((r) => r.tree.units.buffer));
    assert.equal(rooms.size, 1);
    for (const region of regions) {
      const units = region.tree.units;
      assert.equal(units.length, region.tree.text.length);
      assert.equal(String.fromCharCode(...units), region.tree.text);
    }
  });

  test('escaped backticks and \\${ stay template text; escapes read as the runtime string, padded', () => {
    const text = 'a = `<Say>it\\`s \\${not} ${yes}</Say>`; b = 1;';
    const [region] = findRegions(text, 'typescript');
    assert.equal(region!.substitutions!.length, 1);
    assert.equal(region!.substitutions![0]!.expression, 'yes');
    assert.equal(region!.xml.text, '<Say>it` s $ {not} ' + PLACEHOLDER.repeat(6) + '</Say>');
  });

  test('escapes of a template after a template nested in it, and of the one nested, read as each stands', () => {
    // The file is searched for backslashes as its templates are read in order: the nested template comes after
    // its container, whose text goes on past it.
    const text = 'a = `<Gather>${b ? `<Say>\\x3Cb</Say>` : ""}<Say>it\\`s</Say></Gather>`; c = `<Say>\\u0041</Say>`;';
    const regions = findRegions(text, 'typescript');
    assert.deepEqual(
      regions.map((r) => [r.xml.text, r.escapes]),
      [
        ['<Gather>' + PLACEHOLDER.repeat(30) + '<Say>it` s</Say></Gather>', [{ start: 45, end: 47, at: 45 }]],
        ['<Say>   <b</Say>', [{ start: 5, end: 9, at: 8 }]],
        ['<Say>A     </Say>', [{ start: 5, end: 11, at: 5 }]],
      ],
    );
  });

  test('\\n after the XML declaration is white space, not text outside the root', () => {
    const found = diagnose('const xml = (body) => `<?xml version="1.0" encoding="UTF-8"?>\\n<Response>${body}</Response>`;', { languageId: 'javascript' });
    assert.deepEqual(found, []);
  });

  test('an escaped quote ends the attribute value, as it will at run time', () => {
    const found = diagnose('a = `<Say language=\\"ko\\">hi</Say>`', { languageId: 'javascript' });
    assert.deepEqual(summary(found), []);
    const broken = diagnose('a = `<Say language="k\\"o">hi</Say>`', { languageId: 'javascript' });
    assert.ok(broken.some((f) => f.rule === 'xml-syntax'), JSON.stringify(summary(broken)));
  });

  test('\\x3C is a < in the XML (reported on the whole escape)', () => {
    const text = 'a = `<Say>가 \\x3C 나</Say>`';
    const found = diagnose(text, { languageId: 'javascript' });
    assert.deepEqual(summary(found), [['xml-syntax', '\\x3C']]);
    assert.equal(found[0]!.diagnostic.range.start.character, text.indexOf('\\x3C'));
  });

  test('CRLF files: lines and columns are exact', () => {
    const text = 'const a = 1;\r\nsendXml(res, `\r\n  <Say language="kr">hi</Say>\r\n`);\r\n';
    const [found] = diagnose(text, { languageId: 'typescript' });
    assert.equal(found!.rule, 'invalid-attribute-value');
    assert.deepEqual(found!.diagnostic.range, { start: { line: 2, character: 17 }, end: { line: 2, character: 19 } });
  });

  test('an unterminated template (being typed) runs to the end of the file', () => {
    const text = 'app.post("/a", (req, res) => {\n  sendXml(res, `<Say>안녕하세요</Say>\n  <Gather numDigits="1">';
    const [region] = findRegions(text, 'typescript');
    assert.equal(region!.offset + region!.xml.text.length, text.length);
    const found = diagnose(text, { languageId: 'typescript' });
    assert.ok(found.every((f) => f.diagnostic.range.start.line >= 1));
    // Also with an open `${` at the end.
    const open = findRegions('a = `<Say>${name', 'typescript')[0]!;
    assert.deepEqual(open.substitutions!.map((s) => [s.start, s.end, s.expression]), [[5, 11, 'name']]);
  });
});

describe('finding the templates: scanner and parser agree', () => {
  const samples = [
    fixture('ivr.js'),
    fixture('ivr.ts'),
    generateScript(20_000),
    'const re = /`[a-z]`/g; const t = `<Say>${re.source}</Say>`;',
    'x = a / b / `t` / 2; y = (c) / `<Say>d</Say>`;',
    'if (ok) { return /x/.test(s) ? `<Say>a</Say>` : `<Say>b</Say>` }',
    'const s = "`"; const t = \'`\'; // `\nconst u = `<Say>${`${`deep`}`}</Say>`;',
    'class A { #p = 1; m<T>(x: T) { return voiceml`<Say>${this.#p}</Say>`; } }',
    'const o = { a: `x${{ b: 1 }.b}y`, c: `z` };',
    // (Not `tag<T>\`…\``: tokens cannot tell type arguments from `a < b > \`…\``; the tag is then unknown.)
    'a?.b`<Say>x</Say>`; f()`<Say/>`',
    'let t = `open ${a} <Say>',
    'let t = `<Say>${a',
    'switch (x) { case 1: return `<Say>one</Say>`; default: {} }\n`<Hangup/>`',
  ];
  for (const [i, text] of samples.entries()) {
    test(`sample ${i}`, () => {
      const scanned = scanTemplates(text);
      assert.ok(scanned, 'the scanner is confident here');
      assert.deepEqual(scanned.templates, parseTemplates(parseFile(text, 'typescript')));
    });
  }

  test('when the scanner cannot be sure of a `/`, the parser decides', () => {
    const text = "if (a) /'/.test(s);\nconst t = `<Say>hi</Say>`;";
    assert.equal(scanTemplates(text), undefined);
    const found = findTemplates(text, 'typescript');
    assert.equal(found.source, 'parser');
    assert.equal(found.templates.length, 1);
  });

  test('JSX files are parsed (JSX text is not JavaScript tokens)', () => {
    const text = "const C = () => <p>Don't use `backticks` here</p>;\nconst t = `<Say>hi</Say>`;";
    const found = findTemplates(text, 'typescriptreact');
    assert.equal(found.source, 'parser');
    assert.deepEqual(found.templates.map((t) => text.slice(t.start, t.end)), ['`<Say>hi</Say>`']);
    assert.equal(findRegions(text, 'typescriptreact').length, 1);
    assert.equal(findRegions(text.replace('C = () =>', 'C = () =>'), 'javascriptreact').length, 1);
  });

  test('a file parsed twice in a row is parsed once; the tree is let go when the event loop turns, and a new text replaces it', async () => {
    const text = fixture('ivr.ts');
    const first = parseFile(text, 'typescript');
    assert.equal(parseFile(text, 'typescript'), first, 'the routes and the regions of one text share its parse');
    assert.notEqual(parseFile(text, 'javascript'), first, 'another language is another parse');
    const other = parseFile(text + '\n', 'typescript');
    assert.notEqual(parseFile(text, 'typescript'), first, 'one tree is held at most: a new text replaced it');
    assert.notEqual(parseFile(text + '\n', 'typescript'), other, 'and the one before it was let go');
    const held = parseFile(text, 'typescript');
    await new Promise((resolve) => setImmediate(resolve));
    assert.notEqual(parseFile(text, 'typescript'), held, 'nothing is held once the event loop has turned');
  });

  test('bindings from the scan: the same answer for a name whichever names were asked before it, and moved by a change', () => {
    const text = fixture('ivr.ts') + '\nfunction f(BASE: string) { return `<Say>${BASE}</Say>`; }\n';
    const tape = scanTemplates(text)!.tape;
    // Every word of the file, asked of one table in turn (the first ones are looked for record by record, the
    // later ones in an index of the records by name) and each of a table of its own.
    const names = [...new Set(text.match(/[A-Za-z_$][\w$]*/g))];
    assert.ok(names.length > 100);
    const shared = tapeBindings(text, tape)!;
    for (const name of names) assert.deepEqual(shared.bindingsOf(name), tapeBindings(text, tape)!.bindingsOf(name), name);
    assert.equal(shared.bindingsOf('nowhere'), undefined);
    assert.ok(shared.bindingsOf('BASE')!.length >= 2, 'the const and the parameter');
    // Three characters typed in the middle of the file: what starts or ends after them moves by three.
    const at = text.indexOf('sendXml(res, `');
    const moved = moveBindings(tapeBindings(text, tape)!, { start: at, end: at, newEnd: at + 3 });
    const move = (offset: number): number => (offset >= at ? offset + 3 : offset);
    for (const name of names) {
      const expected = shared.bindingsOf(name)?.map((b) => ({ scopeStart: move(b.scopeStart), scopeEnd: move(b.scopeEnd), init: b.init && { start: move(b.init.start), end: move(b.init.end) }, initValue: undefined }));
      assert.deepEqual(moved.bindingsOf(name), expected, name);
    }
  });

  test('bindings from the scan agree with bindings from the parse on the names that matter', () => {
    const text = fixture('ivr.ts') + '\nfunction f(BASE: string) { return `<Say>${BASE}</Say>`; }\n';
    const scanned = tapeBindings(text, scanTemplates(text)!.tape)!;
    const parsed = parseBindings(parseFile(text, 'typescript'));
    const top = text.indexOf('sendXml(res, `');
    const inF = text.lastIndexOf('${BASE}');
    for (const table of [scanned, parsed]) {
      const atTop = resolve(table, 'BASE', top);
      assert.ok(atTop && atTop !== 'unclear' && atTop.init, 'BASE is the const at the top');
      assert.equal(text.slice(atTop.init.start, atTop.init.end).trim(), "'https://your-server.com/ivr'");
      const inside = resolve(table, 'BASE', inF);
      assert.ok(inside && inside !== 'unclear' && !inside.init, 'inside f, BASE is the parameter');
      assert.equal(resolve(table, 'nowhere', top), undefined);
    }
  });
  test('bindings from the scan: a name in nested parameter lists is bound once, by its own list (20 000 arrow functions deep)', () => {
    const depth = 20_000;
    const text = `const f = ${'('.repeat(depth)}x${') => 1'.repeat(depth)};\nconst t = \`<Say>\${x}</Say>\`;\n`;
    const found = scanTemplates(text)!;
    assert.equal(tapeBindings(text, found.tape)!.bindingsOf('x')!.length, 1);
    // And a name in a function type's parameters or a default value's call is no parameter of the outer list.
    const typed = 'const g = (cb: (y: string) => void, n = h(z)) => `<Say>${cb}${n}</Say>`;';
    const table = tapeBindings(typed, scanTemplates(typed)!.tape)!;
    assert.equal(table.bindingsOf('z'), undefined);
    assert.deepEqual(
      ['cb', 'n', 'y'].map((name) => table.bindingsOf(name)?.length),
      [1, 1, 1],
    );
  });

  test('bindings from the scan: at every name of a webhook file, the const with its initializer the parse sees, and no other', () => {
    const K = ts.SyntaxKind;
    for (const [label, text] of [
      ['ivr.ts', fixture('ivr.ts')],
      ['ivr.js', fixture('ivr.js')],
      ["the bench's file", generateScript(100_000)],
    ] as const) {
      const { tape } = scanTemplates(text)!;
      const scanned = tapeBindings(text, tape)!;
      const parsed = parseBindings(parseFile(text, 'typescript'));
      // The initializer of the const bound to `name` at `offset` (its text: the scan's starts after the `=`).
      const constAt = (table: typeof parsed, name: string, offset: number): string | undefined => {
        const binding = resolve(table, name, offset);
        return binding && binding !== 'unclear' && binding.init ? text.slice(binding.init.start, binding.init.end).trim() : undefined;
      };
      let consts = 0;
      for (let i = 0; i < tape.length; i++) {
        if (tape.kinds[i] !== K.Identifier) continue;
        const name = text.slice(tape.starts[i], tape.ends[i]);
        const expected = constAt(parsed, name, tape.starts[i]!);
        if (expected !== undefined) consts++;
        assert.equal(constAt(scanned, name, tape.starts[i]!), expected, `${label}: ${name} at ${tape.starts[i]}`);
      }
      assert.ok(consts > 40, `${label}: ${consts} names are consts with an initializer where they stand`);
    }
  });
});

describe('no finding points into ${…}', () => {
  const region = (): VoiceMLRegion => findRegions('a = voiceml`<Say>${name}</Say><Play>${url}</Play>`', 'typescript')[0]!;
  const finding = (start: number, end: number, edits: { start: number; end: number }[] = []): Finding =>
    ({
      start,
      end,
      message: { ko: '', en: '' },
      rule: rules[0]!,
      fixes: edits.length ? () => [{ title: { ko: '', en: '' }, edits: edits.map((e) => ({ ...e, newText: 'x' })) }] : undefined,
    }) as Finding;

  test('clips findings that start or end inside one, drops those inside one, keeps those around one', () => {
    // `<Say>${name}</Say><Play>${url}</Play>`: ${name} is [5, 12), ${url} is [24, 30).
    const r = region();
    const out = confineToLiteralText(r, [finding(7, 9), finding(8, 18), finding(0, 8), finding(0, 18), finding(12, 12), finding(6, 6), finding(10, 26)]);
    assert.deepEqual(
      out.map((f) => [f.start, f.end]),
      [
        [12, 18],
        [0, 5],
        [0, 18],
        [12, 12],
        [12, 24],
      ],
    );
  });

  test('drops fixes whose edits cut into one; whole replacements and edits beside it stay', () => {
    const r = region();
    const [kept] = confineToLiteralText(r, [
      finding(0, 4, [{ start: 5, end: 12 }]), // the whole ${name}: allowed
    ]);
    assert.equal(kept!.fixes!().length, 1);
    const [cut] = confineToLiteralText(r, [finding(0, 4, [{ start: 7, end: 7 }])]);
    assert.equal(cut!.fixes!().length, 0);
    const [partial] = confineToLiteralText(r, [finding(0, 4, [{ start: 0, end: 8 }])]);
    assert.equal(partial!.fixes!().length, 0);
  });

  test('text a fix writes into the template is escaped for the template; code and outside edits are not', () => {
    const r = region();
    const fix = (start: number, end: number, newText: string): Finding =>
      ({ start: 0, end: 4, message: { ko: '', en: '' }, rule: rules[0]!, fixes: () => [{ title: { ko: '', en: '' }, edits: [{ start, end, newText }] }] }) as Finding;
    const [inText, wholeSubstitution, outside] = confineToLiteralText(r, [fix(0, 4, 'a`b${c}\\d'), fix(5, 12, '${escapeXml(name)}'), fix(-20, -20, 'const a = `x`;')]);
    assert.equal(inText!.fixes!()[0]!.edits[0]!.newText, 'a\\`b\\${c}\\\\d');
    assert.equal(wholeSubstitution!.fixes!()[0]!.edits[0]!.newText, '${escapeXml(name)}');
    assert.equal(outside!.fixes!()[0]!.edits[0]!.newText, 'const a = `x`;');
  });

  test('enforced for every rule: a rule pointing into a substitution is clipped in the published diagnostics', () => {
    const rogue: Rule = {
      name: 'rogue-test-rule',
      severity: 'error',
      description: { ko: '', en: '' },
      document(ctx) {
        for (const s of ctx.region.substitutions ?? []) {
          ctx.report({ start: s.start + 2, end: s.end + 3, message: { ko: 'x', en: 'x' }, fixes: () => [{ title: { ko: '', en: '' }, edits: [{ start: s.start + 2, end: s.start + 3, newText: 'X' }] }] });
          ctx.report({ start: s.start + 1, end: s.end - 1, message: { ko: 'y', en: 'y' } });
        }
      },
    };
    const registry = rules as Rule[];
    registry.push(rogue);
    try {
      const text = 'a = voiceml`<Say>${name}</Say>`;';
      const service = getLanguageService({ locale: 'en' });
      const document = TextDocument.create('file:///rogue.ts', 'typescript', 1, text);
      const diagnostics = service.doValidation(document).filter((d) => d.code === 'rogue-test-rule');
      // The first finding [s.start + 2, s.end + 3) is clipped to the text after `${name}`; the second, wholly
      // inside it, is dropped; the fix editing inside it is dropped.
      assert.deepEqual(diagnostics.map((d) => document.getText(d.range)), ['</S']);
      const actions = service.doCodeActions(document, diagnostics[0]!.range, { diagnostics });
      assert.deepEqual(actions.filter((a) => a.diagnostics?.some((d) => d.code === 'rogue-test-rule')), []);
    } finally {
      registry.splice(registry.indexOf(rogue), 1);
    }
  });

  test('property: random templates and edits never yield a finding inside a substitution of its region', () => {
    const random = prng(20240611);
    const pieces = ['<Say>', '</Say>', '<Gather numDigits="', '">', '</Gather>', '<Dial>', '</Dial>', '<Number>', '</Number>', '${a}', '${b.c}', '${`<Say>${d}</Say>`}', ' language="', '"', '&', '<', '>', '/>', 'text ', '<Hangup/>', '<Play loop=', '<Stream url="ws://', '<!--', '-->', '\\n', '\\`'];
    for (let round = 0; round < 300; round++) {
      let body = '';
      const count = 1 + random.int(12);
      for (let i = 0; i < count; i++) body += random.pick(pieces);
      const text = `const t = voiceml\`${body}\`;\n`;
      const regions = findRegions(text, 'typescript');
      for (const { region, finding } of findProblems(regions, {}).findings) {
        for (const s of region?.substitutions ?? []) {
          const inside = (at: number): boolean => at > s.start && at < s.end;
          assert.ok(!inside(finding.start) && !inside(finding.end), `${finding.rule.name} [${finding.start}, ${finding.end}) cuts into [${s.start}, ${s.end}) in ${text}`);
          for (const fix of finding.fixes?.() ?? []) {
            for (const edit of fix.edits) {
              const whole = edit.start <= s.start && edit.end >= s.end;
              assert.ok(whole || (!inside(edit.start) && !inside(edit.end)), `a fix of ${finding.rule.name} cuts into a substitution in ${text}`);
            }
          }
        }
      }
    }
  });
});

describe('no edit lands inside an escape sequence', () => {
  test('an attribute added after a value closed by \\" goes after the escape, not between \\ and "', () => {
    const text = 'const a = `<Response><Connect><Stream url=\\"wss://x\\"><Parameter name=\\"a\\"/></Stream></Connect></Response>`;\n';
    const document = TextDocument.create('file:///e.js', 'javascript', 1, text);
    const service = getLanguageService({ locale: 'en' });
    const diagnostic = service.doValidation(document).find((d) => d.code === 'missing-attribute');
    assert.ok(diagnostic);
    const [action] = service.doCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] });
    const fixed = TextDocument.applyEdits(document, action!.edit!.changes![document.uri]!);
    assert.equal(fixed, text.replace('name=\\"a\\"/>', 'name=\\"a\\" value=""/>'));
  });

  test('an edit ending on the character of an escape replaces the whole escape; one before it, none of it', () => {
    // `<Say>\x3C</Say>`: the escape [5, 9) stands for `<`, which the virtual text has at 8.
    const r = findRegions('a = `<Say>\\x3C</Say>`', 'javascript')[0]!;
    assert.deepEqual(r.escapes, [{ start: 5, end: 9, at: 8 }]);
    const edit = (start: number, end: number): Finding =>
      ({ start: 0, end: 1, message: { ko: '', en: '' }, rule: rules[0]!, fixes: () => [{ title: { ko: '', en: '' }, edits: [{ start, end, newText: 'x' }] }] }) as Finding;
    const edges = (start: number, end: number) => confineToLiteralText(r, [edit(start, end)])[0]!.fixes!()[0]!.edits.map((e) => [e.start, e.end]);
    assert.deepEqual(edges(8, 9), [[5, 9]]);
    assert.deepEqual(edges(6, 6), [[5, 5]]);
    assert.deepEqual(edges(9, 9), [[9, 9]]);
  });
});

describe('regionAt: positions route to the innermost template, never into code', () => {
  test('template text, substitutions, nested templates, outside', () => {
    const text = 'f(`<Dial>${xs.map((x) => `<Number>${x}</Number>`)}</Dial>`); const y = 1;';
    const regions = findRegions(text, 'typescript');
    const at = (needle: string, delta = 0): { region: VoiceMLRegion; offset: number } | undefined => regionAt(regions, text.indexOf(needle) + delta);
    assert.equal(at('Dial>')!.region, regions[0]);
    assert.equal(at('xs.map'), undefined, 'code in ${…}');
    assert.equal(at('Number>')!.region, regions[1]);
    assert.equal(at('${x}', 1), undefined, 'code in the nested ${…}');
    assert.equal(at('const y'), undefined, 'outside every template');
    // Right after the opening backtick and right before the closing one are in the template.
    assert.equal(regionAt(regions, regions[0]!.offset)!.offset, 0);
    const end = regions[0]!.offset + regions[0]!.xml.text.length;
    assert.equal(regionAt(regions, end)!.region, regions[0]);
  });
});

describe('keystrokes reuse what did not change', () => {
  test('unchanged templates keep their parsed tree; the edited one is parsed again', () => {
    const text = fixture('ivr.ts');
    const before = findRegions(text, 'typescript');
    const at = text.indexOf('본인 확인이 완료되었습니다');
    const edited = text.slice(0, at) + '고객님, ' + text.slice(at);
    const after = findRegions(edited, 'typescript', before);
    assert.equal(after.length, before.length);
    let reused = 0;
    for (let i = 0; i < after.length; i++) if (after[i]!.tree === before[i]!.tree) reused++;
    assert.equal(reused, before.length - 1);
    // A fresh analysis of the same text gives equal trees.
    assert.deepEqual(
      after.map((r) => [r.offset, r.xml.text]),
      findRegions(edited, 'typescript').map((r) => [r.offset, r.xml.text]),
    );
  });
});
