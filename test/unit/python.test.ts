/** VoiceML in Python strings: every literal form, substitutions, fixes that stay valid Python, the injection rule. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/languageService';
import { findRegions } from '../../server/src/hosts';
import { regionAt } from '../../server/src/document/regions';
import { PLACEHOLDER } from '../../server/src/parser/ast';
import { diagnose, summary } from '../support/diagnose';
import { lezer } from '../../server/src/hosts/python/lezer';
import { pythonConstant } from '../../server/src/hosts/python/constants';
import { hasErrors } from '../../server/src/hosts/python/file';
import { generatePython } from '../support/pythonCorpus';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');
const py = (text: string) => diagnose(text, { languageId: 'python' });
const rules = (text: string): string[] => py(text).map((f) => `${f.rule} ${f.at}`);

/** Python's own verdict on a text: the syntax errors `ast.parse` reports (none: valid Python). */
function pythonErrors(text: string): string {
  const result = spawnSync('python3', ['-c', 'import ast, sys\ntry:\n  ast.parse(sys.stdin.read())\nexcept SyntaxError as e:\n  print(e)'], { input: text, encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return result.stdout.trim();
}

/** The quick fixes for the finding of `rule` on `at`, each applied to the text. */
function fixes(text: string, rule: string, at: string): { title: string; text: string }[] {
  const document = TextDocument.create('file:///app.py', 'python', 1, text);
  const service = getLanguageService({ locale: 'en' });
  const diagnostic = service.doValidation(document).find((d: Diagnostic) => d.code === rule && document.getText(d.range) === at);
  assert.ok(diagnostic, `a ${rule} finding on ${at}`);
  const actions = service.doCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] }).filter((a: CodeAction) => a.diagnostics?.[0]?.code === rule);
  return actions.map((a) => ({ title: a.title, text: TextDocument.applyEdits(document, a.edit!.changes![document.uri]!) }));
}

describe('the reference Flask example', () => {
  test('is clean, and its request.form code is not VoiceML', () => {
    assert.deepEqual(summary(py(fixture('flask.py'))), []);
    const regions = findRegions(fixture('flask.py'), 'python');
    assert.equal(regions.length, 1);
    assert.equal(regions[0]!.kind, 'document');
  });

  test('with planted mistakes, each is found at its exact line and column', () => {
    const found = py(fixture('flask-mistakes.py'))
      .filter((f) => f.severity === 'error' || f.severity === 'warning')
      .map((f) => [f.rule, f.diagnostic.range.start.line + 1, f.diagnostic.range.start.character + 1, f.at]);
    assert.deepEqual(found, [
      ['unknown-element', 11, 4, 'Sya'],
      ['unknown-attribute', 12, 11, 'numdigits'],
      ['invalid-child', 14, 6, 'Record'],
      ['unknown-parameter', 22, 30, 'name'], // the platform sends no `name`
      ['injection', 24, 22, '{name}'],
      ['twiml-value', 26, 51, 'inbound_track'],
    ]);
  });

  test('each fix gives valid Python that no longer has the finding', () => {
    const text = fixture('flask-mistakes.py');
    for (const [rule, at] of [
      ['unknown-element', 'Sya'],
      ['unknown-attribute', 'numdigits'],
      ['invalid-child', 'Record'],
      ['twiml-value', 'inbound_track'],
      ['injection', '{name}'],
    ] as const) {
      const applied = fixes(text, rule, at);
      assert.ok(applied.length > 0, `a fix for ${rule}`);
      const fixed = applied[0]!.text;
      assert.equal(pythonErrors(fixed), '', `${rule}: ${applied[0]!.title}`);
      assert.ok(!rules(fixed).some((r) => r.startsWith(rule)), `${rule} gone after "${applied[0]!.title}"`);
    }
  });
});

describe('every literal form', () => {
  const forms: [string, string][] = [
    ['"""…"""', 'x = """<Response><Sya/></Response>"""'],
    ["'''…'''", "x = '''<Response><Sya/></Response>'''"],
    ['"…"', 'x = "<Response><Sya/></Response>"'],
    ["'…'", "x = '<Response><Sya/></Response>'"],
    ['r', 'x = r"<Response><Sya/></Response>"'],
    ['R', 'x = R"<Response><Sya/></Response>"'],
    ['b', 'x = b"<Response><Sya/></Response>"'],
    ['u', 'x = u"<Response><Sya/></Response>"'],
    ['f', 'x = f"<Response><Sya/></Response>"'],
    ['rf', 'x = rf"<Response><Sya/></Response>"'],
    ['Fr', 'x = Fr"<Response><Sya/></Response>"'],
    ['BR', "x = BR'''<Response><Sya/></Response>'''"],
  ];
  for (const [name, text] of forms) {
    test(`${name}: the misspelt tag is found at its place`, () => {
      const found = py(text);
      assert.deepEqual(summary(found), [['unknown-element', 'Sya']], name);
      assert.equal(found[0]!.diagnostic.range.start.character, text.indexOf('Sya'));
    });
  }

  test('adjacent literals are one string; a position in the seam between them is no VoiceML', () => {
    const text = 'x = ("<Response>"\n     "<Say language=\\"ko\\">안녕</Say>"  # greeting\n     \'<Sya/></Response>\')\n';
    assert.deepEqual(summary(py(text)), [['unknown-element', 'Sya']]);
    const [region] = findRegions(text, 'python');
    assert.ok(region);
    assert.equal(region.seams?.length, 2);
    const seam = text.indexOf('  # greeting');
    assert.equal(regionAt([region], seam + 3), undefined);
    assert.ok(regionAt([region], text.indexOf('<Say')));
  });

  test('escapes are read as the string holds them: \\n, \\", \\x3C; raw strings keep their backslashes', () => {
    assert.deepEqual(rules('x = "<?xml version=\\"1.0\\"?>\\n<Response>\\x3CSay language=\\"ko\\">안녕</Say></Response>"'), []);
    // In a raw string `\\"` is a backslash and a quote: the value is `\\"ko\\"`, not `ko`.
    assert.deepEqual(rules('x = r\'<Response><Say language="ko\\n">안녕</Say></Response>\''), ['invalid-attribute-value ko\\n']);
  });

  test('CRLF files: positions are exact', () => {
    const text = 'import os\r\n\r\nx = """<Response>\r\n  <Sya/>\r\n</Response>"""\r\n';
    const [found] = py(text);
    assert.equal(found?.rule, 'unknown-element');
    assert.deepEqual(found?.diagnostic.range.start, { line: 3, character: 3 });
  });

  test('an unterminated string while typing: checked up to the end of the file, and nothing breaks', () => {
    const text = 'def f():\n    return """<Response>\n  <Say language="ko">안녕</Say>\n  <Gahter';
    const found = py(text);
    assert.ok(found.some((f) => f.rule === 'unknown-element' && f.at === 'Gahter'));
    assert.deepEqual(rules('x = "<Response><Sya'), ['xml-syntax Response', 'xml-syntax Sya', 'unknown-element Sya']);
  });
});

describe('substitutions', () => {
  test('f-string fields are code, same length, mapped 1:1: {lang}, {x!r:>10}, {a:{b}}, nested quotes', () => {
    const text = 'x = f"<Response><Say language=\\"{lang}\\">{x!r:>10} {a:{b}} {d["k"]}</Say><Sya/></Response>"';
    const [region] = findRegions(text, 'python');
    assert.ok(region);
    assert.equal(region.tree.text.length, text.length - region.offset - 1);
    assert.deepEqual(region.substitutions?.map((s) => s.text), ['{lang}', '{x!r:>10}', '{a:{b}}', '{d["k"]}']);
    assert.deepEqual(region.substitutions?.map((s) => s.expression), ['lang', 'x', 'a', 'd["k"]']);
    for (const s of region.substitutions ?? []) assert.equal(region.tree.text.slice(s.start, s.end), PLACEHOLDER.repeat(s.end - s.start));
    assert.deepEqual(summary(py(text)).filter(([rule]) => rule !== 'injection'), [['unknown-element', 'Sya']]);
  });

  test('{{ and }} are braces, not fields', () => {
    const [region] = findRegions('x = f"<Response><Say language=\\"ko\\">{{안녕}}</Say></Response>"', 'python');
    assert.equal(region?.substitutions?.length, 0);
    assert.match(region!.tree.text, /\{ 안녕\} /);
  });

  test('"…".format(…) and % formatting keep their fields as substitutions', () => {
    const format = findRegions('x = "<Response><Say language=\\"{0}\\">{name}</Say></Response>".format(lang, name=n)', 'python')[0];
    assert.deepEqual(format?.substitutions?.map((s) => s.text), ['{0}', '{name}']);
    const percent = findRegions('x = "<Response><Say>%s %(n)s 100%%</Say></Response>" % (a,)', 'python')[0];
    assert.deepEqual(percent?.substitutions?.map((s) => s.text), ['%s', '%(n)s']);
    // Without .format, braces are text.
    assert.equal(findRegions('x = "<Response><Say>{name}</Say></Response>"', 'python')[0]?.substitutions?.length, 0);
  });

  test('a string in a field holding VoiceML is checked as children of the element around the field', () => {
    const text = 'x = f"<Response><Dial>{\'\'.join(f\'<Number>{n}</Number>\' for n in ns)}</Dial></Response>"';
    const regions = findRegions(text, 'python');
    assert.equal(regions.length, 2);
    assert.equal(regions[1]!.kind, 'fragment');
    assert.equal(regions[1]!.fragmentParent, 'Dial');
  });
});

describe('detection', () => {
  test('HTML, SQL and log lines are never VoiceML; a near miss of a VoiceML tag first is', () => {
    const text = ['a = "<div>hi</div>"', "b = 'SELECT * FROM calls WHERE id < 3'", 'c = f"call {cid} <Say> said"', 'd = "<dialog>hi</dialog>"', 'e = "Number of calls: 3"'].join('\n');
    assert.deepEqual(findRegions(text, 'python'), []);
  });

  test('a file without a VoiceML tag is not parsed at all', () => {
    assert.deepEqual(findRegions('import os\nprint("hello")\n' + 'x = 1\n'.repeat(1000), 'python'), []);
  });

  test('one piece of a response joined from strings is not checked alone when it opens what another closes', () => {
    const text = 'parts = ["<?xml version=\'1.0\'?>", "<Response>", f"<Say language=\\"ko\\">{msg}</Say>", "</Response>"]\nxml = "<Response>" + body + "</Response>"';
    assert.deepEqual(rules(text), ['injection {msg}']);
  });
});

describe('injection', () => {
  test('request values are reported; literals, constants, numbers, configuration and escaping calls are not', () => {
    const text = `import os
import html
from xml.sax.saxutils import escape
from django.conf import settings
BASE = "https://your-server.com/ivr"
TIMEOUT = 5

def f(request):
    name = request.form.get("name")
    url = os.environ.get("STREAM_URL")
    return f"""<Response>
  <Gather action="{BASE}/menu" timeout="{TIMEOUT}" numDigits="{len(name)}">
    <Say language="ko">{escape(name)} {html.escape(name)} {int(request.form["n"])} {settings.GREETING}</Say>
  </Gather>
  <Connect><Stream url="{url}"/></Connect>
  <Say language="ko">{name}</Say>
  <Play>{escape(name)}</Play>
  <Redirect method="POST">{request.url_root}next</Redirect>
  <Say language="ko">{request.args.get("x")}</Say>
</Response>"""`;
    // The host of the platform's own request (request.url_root) is not the caller's to choose.
    assert.deepEqual(
      py(text).filter((f) => f.rule === 'injection').map((f) => f.at),
      ['{name}', '{request.args.get("x")}'],
    );
  });

  test("string methods keep what their text is made of: configuration stays trusted, the caller's input does not", () => {
    const text = `import os
def f(request):
    base = os.environ.get("BASE_URL", "").rstrip("/").replace("http://", "https://")
    host = request.headers.get("host").lower()
    name = request.form.get("name").strip()
    return f"""<Response>
  <Redirect>{base}/next</Redirect>
  <Connect><Stream url="wss://{host}/media"/></Connect>
  <Say language="ko">{name} {base.replace("/ivr", name)} {base.replace(old="a", new="b")}</Say>
</Response>"""`;
    assert.deepEqual(
      py(text).filter((f) => f.rule === 'injection').map((f) => f.at),
      ['{name}', '{base.replace("/ivr", name)}', '{base.replace(old="a", new="b")}'],
    );
  });

  test('saxutils.escape leaves quotes: not enough in an attribute value, enough in text', () => {
    const text = 'from xml.sax.saxutils import escape\ndef f(x):\n    return f\'<Response><Gather action="{escape(x)}"/><Say language="ko">{escape(x)}</Say></Response>\'';
    const found = py(text).filter((f) => f.rule === 'injection');
    assert.equal(found.length, 1);
    assert.equal(found[0]!.diagnostic.range.start.character, text.split('\n')[2]!.indexOf('{escape(x)}'));
  });

  test('escape() given a value without quotes (a constant, configuration): enough in an attribute too', () => {
    const text =
      'import os\nfrom xml.sax.saxutils import escape\nVOICE = "Polly.Seoyeon"\nQUOTED = \'say "hi"\'\n' +
      'def f(x):\n    return f\'<Response><Say voice="{escape(VOICE)}" language="{escape(os.environ["LANG"])}"/><Say voice="{escape(QUOTED)}"/><Say voice="{escape(x)}"/></Response>\'';
    const line = text.split('\n')[5]!;
    const found = py(text).filter((f) => f.rule === 'injection');
    assert.deepEqual(
      found.map((f) => f.diagnostic.range.start.character),
      [line.indexOf('{escape(QUOTED)}'), line.indexOf('{escape(x)}')],
    );
  });

  test('fix in text: escape() with one import after the imports; in an attribute: html.escape', () => {
    const text = 'import os\nfrom flask import request\n\ndef f():\n    n = request.form["n"]\n    return f"<Response><Gather action=\\"/x?n={n}\\"/><Say language=\\"ko\\">{n!s}</Say></Response>"\n';
    const [inText] = fixes(text, 'injection', '{n!s}');
    assert.equal(inText!.title, 'Wrap in escape(n) (adds from xml.sax.saxutils import escape)');
    assert.equal(inText!.text, text.replace('from flask import request\n', 'from flask import request\nfrom xml.sax.saxutils import escape\n').replace('{n!s}', '{escape(n)!s}'));
    assert.equal(pythonErrors(inText!.text), '');
    const [inAttribute] = fixes(text, 'injection', '{n}');
    assert.equal(inAttribute!.text, text.replace('from flask import request\n', 'from flask import request\nimport html\n').replace('{n}\\"', '{html.escape(n)}\\"'));
    assert.equal(pythonErrors(inAttribute!.text), '');
  });

  test('a file that imports an escaping function keeps using it; .format and % wrap the argument', () => {
    const text = 'from markupsafe import escape as esc\ndef f(n):\n    return "<Response><Say language=\\"ko\\">{name}</Say></Response>".format(name=n)\n';
    const [fix] = fixes(text, 'injection', '{name}');
    assert.equal(fix!.text, text.replace('name=n)', 'name=esc(n))'));
    const percent = 'def f(n):\n    return "<Response><Say language=\\"ko\\">%s</Say></Response>" % (n,)\n';
    const [fixed] = fixes(percent, 'injection', '%s');
    assert.equal(fixed!.text, 'from xml.sax.saxutils import escape\n\n' + percent.replace('(n,)', '(escape(n),)'));
    assert.equal(pythonErrors(fixed!.text), '');
  });
});

describe('fixes write the literal\'s own syntax', () => {
  test('a quote in a one-line string is escaped; a brace in an f-string doubled', () => {
    const text = 'x = f"<Response><Gather><Sya/></Gather></Response>"\n';
    const [fix] = fixes(text, 'unknown-element', 'Sya');
    assert.equal(pythonErrors(fix!.text), '');
    const attribute = "x = '<Response><Say language=\"kr\">안녕</Say></Response>'\n";
    const applied = fixes(attribute, 'invalid-attribute-value', 'kr');
    assert.ok(applied.length > 0);
    for (const each of applied) assert.equal(pythonErrors(each.text), '', each.title);
  });

  test('a fix inserting text with quotes into a one-line string escapes them', () => {
    // Stream without url: the fix inserts url="wss://…".
    const text = "x = '<Response><Connect><Stream/></Connect></Response>'\n";
    for (const each of fixes(text, 'missing-attribute', 'Stream')) assert.equal(pythonErrors(each.text), '', each.title);
  });
});

describe('editor features inside Python strings', () => {
  const service = getLanguageService({ locale: 'en' });
  test('completion offers what the nesting table allows; hover documents the element; nothing in a field', () => {
    const text = 'x = f"""<Response>\n  <Gather action="/m">\n    <\n  </Gather>{name}\n</Response>"""\n';
    const document = TextDocument.create('file:///c.py', 'python', 1, text);
    const labels = service.doComplete(document, document.positionAt(text.indexOf('    <') + 5)).items.map((i) => i.label);
    assert.deepEqual(labels, ['Say', 'Play']);
    const hover = service.doHover(document, document.positionAt(text.indexOf('Gather') + 2));
    assert.match(JSON.stringify(hover?.contents), /Gather/);
    assert.equal(service.doHover(document, document.positionAt(text.indexOf('{name}') + 2)), null);
    assert.deepEqual(service.doComplete(document, document.positionAt(text.indexOf('{name}') + 3)).items, []);
  });

  test('outline and folding come from the string', () => {
    const text = 'x = """<Response>\n  <Gather numDigits="1" action="/m">\n    <Say language="ko">안녕</Say>\n  </Gather>\n</Response>"""\n';
    const document = TextDocument.create('file:///o.py', 'python', 1, text);
    const symbols = service.findDocumentSymbols(document);
    assert.equal(symbols[0]?.name, 'Response');
    assert.match(symbols[0]!.children![0]!.name, /^Gather numDigits=1 → \/m/);
    assert.ok(service.getFoldingRanges(document).some((r) => r.startLine === 0 && r.endLine === 3));
  });
});

describe('what a name holds, scope by scope', () => {
  const injected = (text: string): string[] => py(text).filter((f) => f.rule === 'injection').map((f) => `${f.diagnostic.range.start.line + 1}:${f.at}`);

  test('a name assigned once in its function holds that value there; each function has its own', () => {
    const text = [
      'from xml.sax.saxutils import escape',
      'def a(request):',
      '    name = escape(request.form["n"])',
      '    return f"<Response><Say language=\\"ko\\">{name}</Say></Response>"',
      'def b(request):',
      '    name = request.form["n"]',
      '    return f"<Response><Say language=\\"ko\\">{name}</Say></Response>"',
      'def c(name):',
      '    return f"<Response><Say language=\\"ko\\">{name}</Say></Response>"',
      'def d(request):',
      '    name = "고객"',
      '    if request.form.get("vip"):',
      '        name = request.form["n"]',
      '    return f"<Response><Say language=\\"ko\\">{name}</Say></Response>"',
    ].join('\n');
    assert.deepEqual(injected(text), ['7:{name}', '9:{name}', '14:{name}']);
  });

  test('module constants are seen from functions, unless the function binds the name itself or declares it global', () => {
    const text = [
      'GREETING = "안녕하세요"',
      'class Menu:',
      '    PROMPT = "메뉴"',
      '    def say(self):',
      '        return f"<Response><Say language=\\"ko\\">{GREETING} {PROMPT}</Say></Response>"',
      'def later(x):',
      '    global GREETING',
      '    GREETING = x',
      'def f():',
      '    return f"<Response><Say language=\\"ko\\">{GREETING}</Say></Response>"',
    ].join('\n');
    // PROMPT is the class's, not visible in the method: an unknown name. GREETING is rebound through `global`.
    assert.deepEqual(injected(text), ['5:{GREETING}', '5:{PROMPT}', '10:{GREETING}']);
  });
});

describe('the text a string expression certainly has', () => {
  /** The constant of the expression assigned to `x` in `code`. */
  const constantOf = (code: string): string | undefined => {
    const text = `x = ${code}\n`;
    const statement = lezer().parser.parse(text).topNode.firstChild!;
    return pythonConstant(statement.lastChild!, text, () => undefined);
  };

  test('plain literals as written; escapes, prefixes, formatting and joins read in full', () => {
    const cases: [string, string | undefined][] = [
      ['"Digits"', 'Digits'],
      ["'POST'", 'POST'],
      ['""', ''],
      ['"{name}%s"', '{name}%s'],
      ['"a\\"b"', 'a"b'],
      ['"a\\nb"', 'a\nb'],
      ["'it\"s'", 'it"s'],
      ['r"a\\nb"', 'a\\nb'],
      ['b"x"', undefined],
      ['"""x"""', 'x'],
      ["'a' 'b'", 'ab'],
      ['("a")', 'a'],
      ['"a" + "b"', 'ab'],
      ['"{}/x".format("a")', 'a/x'],
      ['"{{}}".format()', '{}'],
      ['"%s/x" % "a"', 'a/x'],
      ['"100%%" % ()', '100%'],
      ['f"{\'a\'}b"', 'ab'],
      ['"a', undefined],
    ];
    for (const [code, expected] of cases) assert.equal(constantOf(code), expected, code);
    // A string compared, or an argument: read plainly where it stands; the string `%` formats: with its arguments.
    const text = 'x = d == "0" or "%s" % ("a",)\n';
    const or = lezer().parser.parse(text).topNode.firstChild!.lastChild!;
    const compared = or.firstChild!.lastChild!;
    const formatted = or.lastChild!.firstChild!;
    assert.deepEqual([compared.name, pythonConstant(compared, text, () => undefined)], ['String', '0']);
    assert.deepEqual([formatted.name, pythonConstant(formatted, text, () => undefined)], ['String', 'a']);
  });
});

describe('a misspelt first tag', () => {
  test('is VoiceML, with one finding', () => {
    assert.deepEqual(rules('x = "<Sya language=\\"ko\\">안녕하세요</Say>"'), ['unknown-element Sya']);
    assert.deepEqual(rules('x = "<response><Say language=\\"ko\\">안녕</Say></response>"').slice(0, 1), ['root-element response']);
  });
});

describe('strings joined by code', () => {
  const brief = (found: ReturnType<typeof py>) => found.map((f) => [f.rule, f.at, f.message]);

  test('a + chain is one region: the literals at their places, each expression a substitution, the rest a seam', () => {
    const text = 'xml = "<Response><Say language=\\"ko\\">" + name + "</Say></Response>"';
    const [region, ...rest] = findRegions(text, 'python');
    assert.ok(region);
    assert.equal(rest.length, 0);
    assert.equal(region.offset, text.indexOf('<Response>'));
    // `\"` is read as the quote it stands for, padded to its length.
    assert.equal(region.tree.text, '<Response><Say language= "ko" >' + '    ' + PLACEHOLDER.repeat(4) + '    ' + '</Say></Response>');
    assert.deepEqual(region.substitutions?.map((s) => s.text), ['name']);
    assert.equal(region.seams?.length, 2);
  });

  test('each mistake is found where it is written, across pieces; an expression is never reported on but as a value', () => {
    const text = [
      'def a(request):',
      '    name = request.values.get("Name")',
      '    return ("<Response><Say voice=\'alice\'>" + name + "</Say>"  # greeting',
      '            + "<Gather numdigits=\'1\' action=\'/g\'/></Response>")',
    ].join('\n');
    assert.deepEqual(rules(text), ['twiml-attribute voice', 'injection name', 'unknown-attribute numdigits']);
  });

  test("twiml += '<Dial …>…</Dial>' gets the findings the same XML gets, in a run and alone", () => {
    const xml = '<Response><Dial action="/x" method="POST">+1234567890</Dial></Response>';
    const run = ['def voice():', "    twiml = '<Response>'", "    print('building')", "    twiml += '<Dial action=\"/x\" method=\"POST\">+1234567890</Dial>'", "    twiml += '</Response>'", '    return twiml'].join('\n');
    assert.ok(diagnose(xml).length >= 2);
    assert.deepEqual(brief(py(run)), brief(diagnose(xml)));
    assert.deepEqual(brief(py("twiml += '<Dial action=\"/x\" method=\"POST\">+1234567890</Dial>'")), brief(diagnose(xml)));
  });

  test('a statement that names the variable otherwise ends the run; a loop body is checked on its own', () => {
    const text = [
      "out = '<Response>'",
      'out = out.upper()', // ends the run: '<Response>' alone opens what it does not close
      "out += '<Say>안녕</Say>'",
      'for n in numbers:',
      "    out += '<Gather input=\"speech\" action=\"/g\">' + n + '</Gather>'",
    ].join('\n');
    assert.deepEqual(rules(text), ['twiml-value speech']);
  });

  test('"".join([…]) of pieces is one region; a separator other than white space joins nothing', () => {
    const text = 'def b():\n    return "".join(["<Response>", "<Say language=\'ko\'>안녕</Say>", "<Reject/>", "</Response>"])\n';
    assert.deepEqual(rules(text), ['reject-not-first Reject']);
    const moved = fixes(text, 'reject-not-first', 'Reject').find((f) => f.title.startsWith('Move'));
    assert.ok(moved, 'the move fix');
    assert.equal(pythonErrors(moved.text), '');
    assert.match(moved.text, /"<Response>", "<Reject\/><Say language='ko'>안녕<\/Say>", "", "<\/Response>"/);
    assert.deepEqual(rules('x = ",".join(["<Response>", "<Say>안녕</Say>", "</Response>"])'), [], 'pieces that open and close alone are left');
  });

  test('a literal with % or .format applied is a piece with its own fields', () => {
    const text = 'def d(request):\n    return ("<Response><Say language=\'ko\'>%s</Say>" % request.values["x"] + "<Gather input=\'speech\' action=\'/g\'/>" + "</Response>")\n';
    assert.deepEqual(rules(text), ['injection %s', 'twiml-value speech']);
    const text2 = 'def d(request):\n    return "<Response><Say language=\'ko\'>{}</Say>".format(request.values["x"]) + "</Response>"\n';
    assert.deepEqual(rules(text2), ['injection {}']);
  });

  test('the injection fix wraps the expression between pieces, and the file stays Python', () => {
    const text = 'def a(request):\n    name = request.values.get("Name")\n    return "<Response><Say language=\'ko\'>" + name + "</Say></Response>"\n';
    const [fixed] = fixes(text, 'injection', 'name');
    assert.ok(fixed);
    assert.match(fixed.text, /\+ escape\(name\) \+/);
    assert.match(fixed.text, /^from xml\.sax\.saxutils import escape/);
    assert.equal(pythonErrors(fixed.text), '');
  });

  test('no fix writes into the code between pieces, and every fix leaves valid Python', () => {
    const text = [
      'def c(request):',
      '    n = request.values.get("n")',
      '    xml = "<Response><Gather input=\'speech\'>" + n',
      '    xml += "<Record/></Gather><Say voice=\'alice\'>hi</Say></Response>"',
      '    return xml',
    ].join('\n');
    const document = TextDocument.create('file:///c.py', 'python', 1, text);
    const service = getLanguageService({ locale: 'en' });
    const found = service.doValidation(document);
    assert.ok(found.length >= 4, found.map((d) => d.code).join());
    for (const diagnostic of found) {
      for (const action of service.doCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] })) {
        const edits = action.edit!.changes![document.uri]!;
        for (const edit of edits) {
          const start = document.offsetAt(edit.range.start);
          const end = document.offsetAt(edit.range.end);
          // The code of the file (the expression `n`, the `+` and `+=`) is never touched; an edit may only
          // wrap `n` (the injection fix) or add an import.
          if (edit.newText.includes('escape(n)')) continue;
          assert.ok(!text.slice(start, end).includes('+') && !text.slice(start, end).includes('xml'), `${action.title}: ${JSON.stringify(text.slice(start, end))}`);
        }
        assert.equal(pythonErrors(TextDocument.applyEdits(document, edits)), '', action.title);
      }
    }
  });

  test('.strip() and .lstrip(): white space before <?xml is not part of the response', () => {
    const stripped = 'def c():\n    return """\n<?xml version="1.0" encoding="UTF-8"?>\n<Response><Hangup/></Response>""".strip()\n';
    assert.deepEqual(rules(stripped), []);
    assert.deepEqual(rules(stripped.replace('.strip()', '.lstrip()')), []);
    assert.deepEqual(rules(stripped.replace('.strip()', '')).map((r) => r.split(' ')[0]), ['xml-syntax']);
    const chain = 'def c(body):\n    return ("""\n<?xml version="1.0" encoding="UTF-8"?>\n<Response>""" + body + "</Response>").strip()\n';
    assert.deepEqual(rules(chain), []);
  });
});

test('a tree parsed from the fragments of one without a syntax error is found with or without one as a walk of every node finds it', () => {
  // The error search passes over the subtrees a tree shares with the one it was parsed from (`hasErrors`): typed
  // into, taken back, typed again, each version's answer is that of every node looked at.
  const { parser, TreeFragment } = lezer();
  const anyError = (tree: import('@lezer/common').Tree): boolean => {
    let found = false;
    tree.iterate({ enter: (node) => !(found ||= node.type.isError) });
    return found;
  };
  const pieces = ['(', ')', '"', "'", ':', '\n', '    ', 'x', '"""', '#', '[', 'def ', 'if x', '\\'];
  let seed = 7;
  const random = (n: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
  let text = generatePython(20_000);
  let tree = parser.parse(text);
  let fragments = TreeFragment.addTree(tree);
  let undo: { at: number; removed: number; inserted: string } | undefined;
  const seen = { clean: 0, broken: 0 };
  for (let i = 0; i < 400; i++) {
    let edit: { at: number; removed: number; inserted: string };
    if (undo) [edit, undo] = [undo, undefined];
    else {
      edit = { at: random(text.length), removed: random(3), inserted: random(3) === 0 ? '' : pieces[random(pieces.length)]! };
      undo = { at: edit.at, removed: edit.inserted.length, inserted: text.slice(edit.at, edit.at + edit.removed) };
    }
    text = text.slice(0, edit.at) + edit.inserted + text.slice(edit.at + edit.removed);
    fragments = TreeFragment.applyChanges(fragments, [{ fromA: edit.at, toA: edit.at + edit.removed, fromB: edit.at, toB: edit.at + edit.inserted.length }]);
    tree = parser.parse(text, fragments);
    fragments = TreeFragment.addTree(tree, fragments);
    const expected = anyError(tree);
    seen[expected ? 'broken' : 'clean']++;
    assert.equal(hasErrors(tree), expected, `edit ${i}: ${JSON.stringify(edit)}`);
  }
  assert.ok(seen.clean > 100 && seen.broken > 100, JSON.stringify(seen));
});
