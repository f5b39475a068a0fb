/**
 * The built CLI (`voiceml lint`, as `npm test` builds it: see `test/support/built.ts`): output formats (text,
 * JSON, SARIF), exit codes as ESLint's, --max-warnings and --quiet, globs and their default ignores, JS/TS
 * files, worker threads, clear errors for bad paths.
 */
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, chmodSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { rules } from '../../server/src/rules';
import { ruleDocumentationUrl } from '../../server/src/rules/documentation';
import { fileUrlOf, languageIdOf } from '../../server/src/cli/files';
import { workerCount } from '../../server/src/cli/run';
import { entry as jsonEntry } from '../../server/src/cli/formats/json';
import { messageText, severityName, type FileResult } from '../../server/src/cli/formats/report';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { CLI } from '../support/built';

const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));

function run(args: string[], cwd?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('voiceml lint', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'voiceml-cli-'));
    writeFileSync(join(dir, 'bad.xml'), '<Response>\n  <Gather numdigits="1" action="/g"><Record/></Gather>\n</Response>\n');
    writeFileSync(join(dir, 'warn.xml'), '<Response><Say voice="alice">x</Say></Response>\n');
    writeFileSync(join(dir, 'good.xml'), '<Response><Say>안녕하세요</Say></Response>\n');
    writeFileSync(join(dir, 'pom.xml'), '<project><broken></project>\n');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'deep.voiceml'), '<Response><Hangup/><Say>x</Say></Response>\n');
  });

  test('the bundled examples are clean', () => {
    const r = run(['lint', `${EXAMPLES}/*.xml`, '--locale', 'en']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^6 files checked: no problems$/m);
  });

  test('errors: file:line:col severity message [code], exit 1', () => {
    const r = run(['lint', 'bad.xml', '--locale', 'en'], dir);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^bad\.xml:2:11 error <Gather> has no attribute numdigits\. .*\[unknown-attribute\]$/m);
    assert.match(r.stdout, /^bad\.xml:2:38 error <Record> is not allowed inside <Gather>.*\[invalid-child\]$/m);
  });

  test('warnings only: exit 0', () => {
    const r = run(['lint', 'warn.xml', 'good.xml', 'pom.xml'], dir);
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /warn\.xml:1:16 warning .*\[twiml-attribute\]/);
  });

  test('Korean by default', () => {
    const r = run(['lint', 'bad.xml'], dir);
    assert.match(r.stdout, /<Record>은\(는\) <Gather> 안에 둘 수 없습니다/);
  });

  test('--format json and globs', () => {
    const r = run(['lint', '**/*.{xml,voiceml}', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string; line: number; column: number; severity: string }[] }[];
    assert.deepEqual(json.map((f) => f.file), ['bad.xml', 'good.xml', 'pom.xml', 'sub/deep.voiceml', 'warn.xml']);
    const deep = json.find((f) => f.file === 'sub/deep.voiceml')!;
    assert.deepEqual(deep.diagnostics.map((d) => [d.code, d.line, d.column, d.severity]), [['unreachable-verb', 1, 20, 'warning']]);
    // Written entry by entry, the report reads as the whole array stringified with an indent of two.
    assert.equal(r.stdout, JSON.stringify(json, null, 2) + '\n');
  });

  test('a JSON entry is written as JSON.stringify writes it', () => {
    const diagnostic = (code: string | number | undefined, message: string, severity?: DiagnosticSeverity): Diagnostic => ({
      range: { start: { line: 0, character: 3 }, end: { line: 11, character: 0 } },
      message,
      code,
      severity,
    });
    const results: FileResult[] = [
      { file: 'clean.xml', diagnostics: [] },
      { file: 'dir/"quoted"\\back\u2028.xml', diagnostics: [diagnostic('unknown-element', '<Sya>는 VoiceML 동사가 아닙니다 "x"\n\t\u0001 \ud800', DiagnosticSeverity.Warning)] },
      { file: 'many.xml', diagnostics: [diagnostic(undefined, 'no code'), diagnostic(42, 'a number', DiagnosticSeverity.Hint), diagnostic('x', '', DiagnosticSeverity.Information)] },
    ];
    for (const r of results) {
      const expected = {
        file: r.file,
        diagnostics: r.diagnostics.map((d) => ({
          line: d.range.start.line + 1,
          column: d.range.start.character + 1,
          endLine: d.range.end.line + 1,
          endColumn: d.range.end.character + 1,
          severity: severityName(d),
          code: d.code,
          message: messageText(d),
        })),
      };
      assert.equal(jsonEntry(r), JSON.stringify(expected, null, 2).replaceAll('\n', '\n  '));
    }
  });

  test('a missing file, a directory without VoiceML files, an unreadable file: clear message, exit 2, no stack trace', () => {
    const missing = run(['lint', 'nope.xml', '--locale', 'en'], dir);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr.trim(), 'voiceml: nope.xml: no such file');
    // A directory is every file under it that voiceml reads, as in ESLint; one with none matches nothing.
    const directory = run(['lint', 'sub', '--locale', 'en', '--format', 'json'], dir);
    assert.equal(directory.code, 0);
    assert.deepEqual((JSON.parse(directory.stdout) as { file: string }[]).map((f) => f.file.split(sep).join('/')), ['sub/deep.voiceml']);
    mkdirSync(join(dir, 'empty'), { recursive: true });
    writeFileSync(join(dir, 'empty', 'notes.txt'), 'x');
    const empty = run(['lint', 'empty', '--locale', 'en'], dir);
    assert.equal(empty.code, 2);
    assert.match(empty.stderr, /no files match empty/);
    if (process.getuid?.() !== 0) {
      writeFileSync(join(dir, 'secret.xml'), '<Response/>');
      chmodSync(join(dir, 'secret.xml'), 0o000);
      const unreadable = run(['lint', 'secret.xml', '--locale', 'en'], dir);
      assert.match(unreadable.stderr, /permission denied/);
    }
    const noMatch = run(['lint', 'nothing/**/*.xml', '--locale', 'en'], dir);
    assert.equal(noMatch.code, 2);
    assert.match(noMatch.stderr, /no files match/);
    assert.doesNotMatch(missing.stderr + directory.stderr + noMatch.stderr, /at .*\.js:\d+/);
  });

  test('usage errors', () => {
    assert.equal(run([]).code, 2);
    assert.equal(run(['lint']).code, 2);
    assert.equal(run(['frobnicate', 'x']).code, 2);
    assert.equal(run(['lint', '--format', 'xml', 'a.xml']).code, 2);
    const help = run(['--help', '--locale', 'en']);
    assert.equal(help.code, 0);
  });
});

describe('voiceml lint for CI', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'voiceml-ci-'));
    writeFileSync(join(dir, 'bad.xml'), '<Response>\n  <Gather numdigits="1" action="/g"><Record/></Gather>\n</Response>\n');
    writeFileSync(join(dir, 'warn.xml'), '<Response><Say voice="alice">x</Say></Response>\n');
    writeFileSync(join(dir, 'twowarn.xml'), '<Response><Say voice="alice">x</Say><Say voice="bob">y</Say></Response>\n');
    writeFileSync(join(dir, 'good.xml'), '<Response><Say>안녕하세요</Say></Response>\n');
    // 😀 is two UTF-16 code units: columns count code units, as LSP positions do.
    writeFileSync(join(dir, 'emoji.xml'), '<Response><Say>😀</Say><Sya/></Response>\n');
    writeFileSync(join(dir, 'bom.xml'), '\ufeff<Response><Sya/></Response>\n');
    for (const ignored of ['node_modules/pkg', 'dist']) {
      mkdirSync(join(dir, ignored), { recursive: true });
      writeFileSync(join(dir, ignored, 'copy.xml'), '<Response><Sya/></Response>\n');
    }
  });

  interface Sarif {
    version: string;
    $schema: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[] } };
      columnKind: string;
      originalUriBaseIds: Record<string, { uri: string }>;
      invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[];
      results: {
        ruleId: string;
        ruleIndex?: number;
        level: string;
        message: { text: string };
        locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: Record<string, number> } }[];
      }[];
    }[];
  }

  test('--format sarif: SARIF 2.1.0 with every rule, levels, and 1-based UTF-16 regions relative to the working directory', () => {
    const r = run(['lint', 'bad.xml', 'emoji.xml', 'warn.xml', '--format', 'sarif', '--locale', 'en'], dir);
    assert.equal(r.code, 1, r.stderr);
    const log = JSON.parse(r.stdout) as Sarif;
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    const [run0] = log.runs;
    assert.ok(run0);
    assert.equal(run0.columnKind, 'utf16CodeUnits');
    assert.equal(run0.tool.driver.name, 'voiceml');
    const descriptors = run0.tool.driver.rules;
    const ids = descriptors.map((d) => d.id);
    assert.equal(new Set(ids).size, ids.length, 'rule ids are unique');
    for (const rule of rules) {
      const descriptor = descriptors.find((d) => d.id === rule.name);
      assert.ok(descriptor, rule.name);
      assert.equal(descriptor.shortDescription.text, rule.description.en);
      assert.equal(descriptor.helpUri, ruleDocumentationUrl(rule.name));
      assert.equal(descriptor.defaultConfiguration.level, { error: 'error', warning: 'warning', information: 'note', hint: 'note' }[rule.severity]);
    }
    for (const result of run0.results) assert.equal(ids[result.ruleIndex!], result.ruleId, 'ruleIndex points at the rule');
    const where = (ruleId: string, uri: string): Record<string, number> => {
      const result = run0.results.find((x) => x.ruleId === ruleId && x.locations[0]!.physicalLocation.artifactLocation.uri === uri);
      assert.ok(result, `${ruleId} in ${uri}: ${JSON.stringify(run0.results)}`);
      assert.equal(result.locations[0]!.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
      return result.locations[0]!.physicalLocation.region;
    };
    assert.deepEqual(where('unknown-attribute', 'bad.xml'), { startLine: 2, startColumn: 11, endLine: 2, endColumn: 20 });
    assert.deepEqual(where('unknown-element', 'emoji.xml'), { startLine: 1, startColumn: 25, endLine: 1, endColumn: 28 });
    assert.equal(run0.results.find((x) => x.ruleId === 'twiml-attribute')!.level, 'warning');
    assert.equal(run0.results.find((x) => x.ruleId === 'invalid-child')!.level, 'error');
    assert.equal(run0.originalUriBaseIds['%SRCROOT%']!.uri, pathToFileURL(dir + sep).href);
    assert.equal(run0.invocations[0]!.executionSuccessful, true);
  });

  test('--format sarif: an unreadable file is a failed invocation with a notification, exit 2', () => {
    const r = run(['lint', 'good.xml', 'missing.xml', '--format', 'sarif', '--locale', 'en'], dir);
    assert.equal(r.code, 2);
    const invocation = (JSON.parse(r.stdout) as Sarif).runs[0]!.invocations[0]!;
    assert.equal(invocation.executionSuccessful, false);
    assert.deepEqual(invocation.toolExecutionNotifications.map((n) => n.message.text), ['missing.xml: no such file']);
  });

  test('--max-warnings: exit 1 only when warnings exceed the maximum, like ESLint', () => {
    assert.equal(run(['lint', 'twowarn.xml', '--max-warnings', '2'], dir).code, 0);
    const over = run(['lint', 'twowarn.xml', '--max-warnings', '1', '--locale', 'en'], dir);
    assert.equal(over.code, 1);
    assert.match(over.stderr, /too many warnings: 2 \(maximum 1\)/);
    assert.equal(run(['lint', 'twowarn.xml'], dir).code, 0, 'no limit by default');
    assert.equal(run(['lint', 'twowarn.xml', '--max-warnings=-1'], dir).code, 0, '-1: no limit');
    assert.equal(run(['lint', 'twowarn.xml', '--max-warnings', 'many'], dir).code, 2);
    assert.equal(run(['lint', 'twowarn.xml', '--max-warnings'], dir).code, 2);
  });

  test('--quiet: errors only, and warnings no longer count against --max-warnings', () => {
    const r = run(['lint', 'bad.xml', 'warn.xml', '--quiet', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.stdout) as { file: string; diagnostics: { severity: string }[] }[];
    assert.deepEqual(json.map((f) => [f.file, f.diagnostics.map((d) => d.severity)]), [['bad.xml', ['error', 'error']], ['warn.xml', []]]);
    assert.equal(run(['lint', 'twowarn.xml', '--quiet', '--max-warnings', '0'], dir).code, 0);
  });

  test('exit codes: 0 clean or warnings, 1 errors, 2 when a file cannot be read even if others have errors', () => {
    assert.equal(run(['lint', 'good.xml', 'warn.xml'], dir).code, 0);
    assert.equal(run(['lint', 'good.xml', 'bad.xml'], dir).code, 1);
    assert.equal(run(['lint', 'bad.xml', 'missing.xml'], dir).code, 2);
  });

  test('globs skip node_modules and dist; a file named explicitly is checked', () => {
    const globbed = JSON.parse(run(['lint', '**/*.xml', '--format', 'json'], dir).stdout) as { file: string }[];
    assert.deepEqual(globbed.filter((f) => /node_modules|dist/.test(f.file)), []);
    const named = JSON.parse(run(['lint', 'dist/copy.xml', '--format', 'json'], dir).stdout) as { file: string; diagnostics: unknown[] }[];
    assert.equal(named[0]!.diagnostics.length, 1);
  });

  test('a byte order mark is dropped, as editors do: columns on the first line are the same as without it', () => {
    const r = run(['lint', 'bom.xml'], dir);
    assert.match(r.stdout, /^bom\.xml:1:12 error /m);
  });

  test('file names map to the language ids the editor uses', () => {
    const cases: [string, string][] = [
      ['a.xml', 'xml'], ['a.XML', 'xml'], ['a.voiceml', 'voiceml'], ['a.voiceml.xml', 'voiceml'], ['a.js', 'javascript'], ['a.mjs', 'javascript'],
      ['a.cjs', 'javascript'], ['a.jsx', 'javascriptreact'], ['a.ts', 'typescript'], ['a.mts', 'typescript'], ['a.cts', 'typescript'],
      ['a.tsx', 'typescriptreact'], ['app.py', 'python'], ['a.twiml', 'xml'], ['menu.xml.j2', 'xml'], ['menu.xml.erb', 'xml'], ['menu.xml.hbs', 'xml'],
    ];
    assert.deepEqual(cases.map(([file]) => [file, languageIdOf(file)]), cases);
    for (const file of ['dir.ts/file', 'index.php', 'a.rb', 'a.erb', 'page.html.j2', 'README.md', 'Makefile']) assert.equal(languageIdOf(file), undefined, file);
  });

  test("a file's URL is the one pathToFileURL writes, its folder's made once", () => {
    const files = [
      'a.xml', 'team0/flow0/response-1.xml', 'team0/flow0/response-2.xml', './a.xml', 'x/../b.xml', 'x/./c.xml', 'x//d.xml', '..', '.', 'x/..',
      'x/', '/abs/e.xml', '/', 'x/응답.xml', 'x/a b.xml', 'x/a%20b.xml', 'x/a#1.xml', 'x/a?.xml', 'x/a\\b.xml', '공백 폴더/a.xml', 'x%/a.xml', 'x#/a.xml', '...xml',
    ];
    // Twice each: the second time from the folder's URL kept.
    for (const file of [...files, ...files]) assert.equal(fileUrlOf(file), pathToFileURL(resolve(file)).href, file);
  });

  test('a folder of mixed files: only the kinds voiceml reads are checked, the rest skipped with one note', () => {
    const mixed = join(dir, 'mixed');
    mkdirSync(join(mixed, 'views'), { recursive: true });
    mkdirSync(join(mixed, 'node_modules', 'pkg'), { recursive: true });
    const misspelt = '<Response><Sya>hi</Sya></Response>';
    writeFileSync(join(mixed, 'app.py'), readFileSync(fileURLToPath(new URL('../fixtures/flask.py', import.meta.url)), 'utf8'));
    writeFileSync(join(mixed, 'bad.py'), `def f():\n    return "${misspelt}"\n`);
    writeFileSync(join(mixed, 'index.php'), `<?php echo '${misspelt}'; ?>\n`);
    writeFileSync(join(mixed, 'app.rb'), `get '/' do\n  '${misspelt}'\nend\n`);
    writeFileSync(join(mixed, 'views', 'menu.erb'), `${misspelt}\n`);
    writeFileSync(join(mixed, 'views', 'menu.xml.j2'), '<Response><Say language="{{ lang }}">{{ text }}</Say>{% if agent %}<Dial><Number>{{ agent }}</Number></Dial>{% endif %}</Response>\n');
    writeFileSync(join(mixed, 'server.js'), `app.post('/v', (req, res) => res.type('xml').send(\`${misspelt}\`));\n`);
    writeFileSync(join(mixed, 'voice.xml'), `${misspelt}\n`);
    writeFileSync(join(mixed, 'node_modules', 'pkg', 'x.xml'), `${misspelt}\n`);
    for (const [args, note] of [
      [['mixed'], ''],
      [['mixed/**/*'], 'voiceml: skipped 3 files of kinds voiceml does not read (.rb 1, .php 1, .erb 1)\n'],
    ] as const) {
      const r = run(['lint', ...args, '--format', 'json', '--locale', 'en'], dir);
      const results = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string }[] }[];
      assert.deepEqual(
        results.map((f) => [f.file.split(sep).join('/'), f.diagnostics.map((d) => d.code).join(' ')]),
        [
          ['mixed/app.py', ''],
          ['mixed/bad.py', 'unknown-element'],
          ['mixed/server.js', 'unknown-element'],
          ['mixed/views/menu.xml.j2', ''],
          ['mixed/voice.xml', 'unknown-element'],
        ],
        args.join(' '),
      );
      // A directory means the files voiceml reads under it: the others are not mentioned.
      assert.equal(r.stderr, note, args.join(' '));
      assert.equal(r.code, 1);
    }
    const named = run(['lint', 'mixed/index.php', '--locale', 'en'], dir);
    assert.equal(named.stderr, 'voiceml: skipped mixed/index.php: not a kind of file voiceml reads\n');
    assert.equal(named.code, 0);
  });

  test("the reference's Flask example is clean (exit 0)", () => {
    const r = run(['lint', fileURLToPath(new URL('../fixtures/flask.py', import.meta.url)), '--locale', 'en']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^1 file checked: no problems$/m);
  });

  test('JS/TS files are read and checked without a crash', () => {
    const scripts = join(dir, 'scripts');
    mkdirSync(scripts, { recursive: true });
    const template = 'export const twiml = (): string => `<Response><Sya>hi</Sya></Response>`;\n';
    for (const ext of ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx']) writeFileSync(join(scripts, `ivr${ext}`), template);
    writeFileSync(join(scripts, 'broken.ts'), 'const x = `<Response><Say>${\n');
    const r = run(['lint', 'scripts/*', '--format', 'json'], dir);
    assert.ok(r.code === 0 || r.code === 1, `exit ${r.code}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /internal error/);
    assert.equal((JSON.parse(r.stdout) as unknown[]).length, 9);
  });

  test('VoiceML templates in JS/TS files get the same diagnostics as in the editor', () => {
    const scripts = join(dir, 'templates');
    mkdirSync(scripts, { recursive: true });
    writeFileSync(join(scripts, 'ivr.ts'), 'export const twiml = (): string => `<Response>\n  <Sya>안녕하세요</Sya>\n</Response>`;\n');
    writeFileSync(join(scripts, 'ivr.jsx'), 'export const twiml = () => `<Response><Say>안녕하세요</Say></Response>`;\n');
    const r = run(['lint', 'templates/*', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string; line: number; column: number }[] }[];
    assert.deepEqual(
      json.map((f) => [f.file, f.diagnostics.map((d) => [d.code, d.line, d.column])]),
      [
        ['templates/ivr.jsx', []],
        ['templates/ivr.ts', [['unknown-element', 2, 4]]],
      ],
    );
  });

  test('builder calls and strings joined by code, in JS and Python: findings at the calls and pieces, as in the editor', () => {
    const scripts = join(dir, 'built');
    mkdirSync(scripts, { recursive: true });
    writeFileSync(
      join(scripts, 'ivr.js'),
      [
        "const { twiml } = require('twilio');",
        "app.post('/voice', (req, res) => {",
        '  const response = new twiml.VoiceResponse();',
        "  response.gather({ input: 'speech dtmf', action: '/g' }).say({ language: 'ko-KR' }, '안녕하세요');",
        "  const dial = response.dial();",
        "  dial.conference('Room');",
        "  let xml = '<Response>';",
        "  xml += '<Dial action=\"/x\" method=\"POST\">+1234567890</Dial>';",
        "  xml += '</Response>';",
        '  res.type("xml").send(response.toString() + xml);',
        '});',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(scripts, 'app.py'),
      [
        'from twilio.twiml.voice_response import VoiceResponse, Gather',
        '',
        'def voice():',
        '    resp = VoiceResponse()',
        "    resp.append(Gather(input='speech', action='/x'))",
        '    return str(resp)',
        '',
        'def joined(name):',
        '    return "<Response><Say voice=\'alice\'>" + name + "</Say></Response>"',
        '',
      ].join('\n'),
    );
    const r = run(['lint', 'built/*', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const json = JSON.parse(r.stdout) as { file: string; diagnostics: { code: string; line: number; column: number }[] }[];
    assert.deepEqual(
      json.map((f) => [f.file, f.diagnostics.map((d) => [d.code, d.line, d.column])]),
      [
        ['built/app.py', [['twiml-value', 5, 31], ['twiml-attribute', 9, 28], ['injection', 9, 46]]],
        [
          'built/ivr.js',
          [
            ['twiml-value', 4, 29],
            ['twiml-element', 6, 8],
            ['twiml-attribute', 8, 29],
            ['text-not-allowed', 8, 43],
          ],
        ],
      ],
    );
  });

  test("the report is written as the files are checked: a file's findings before what a later file says, in one thread and with workers", () => {
    // stdout and stderr into one pipe: the order there is the order of writing. A missing file is said on
    // stderr when its turn comes, after the findings of the files before it and before the summary.
    const stream = join(dir, 'stream');
    mkdirSync(stream, { recursive: true });
    for (let i = 0; i < 60; i++) writeFileSync(join(stream, `f${String(i).padStart(2, '0')}.xml`), `<Response><Sya n="${i}"/></Response>\n`);
    for (const concurrency of ['off', '3']) {
      const r = spawnSync('sh', ['-c', 'exec "$0" "$@" 2>&1', process.execPath, CLI, 'lint', 'stream/*.xml', 'stream/zz-missing.xml', '--locale', 'en', '--concurrency', concurrency], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, LANG: 'C' },
      });
      const lines = r.stdout.trimEnd().split('\n');
      const missing = lines.indexOf('voiceml: stream/zz-missing.xml: no such file');
      assert.equal(r.status, 2, concurrency);
      assert.equal(missing, lines.length - 2, `the note after every finding, before the summary (${concurrency}):\n${lines.slice(-3).join('\n')}`);
      assert.match(lines[0]!, /^stream\/f00\.xml:1:12 error /);
      assert.match(lines[missing - 1]!, /^stream\/f59\.xml:1:12 error /);
      assert.equal(lines.filter((line) => /^stream\/f\d\d\.xml:/.test(line)).length, 60, concurrency);
    }
  });

  test('worker threads: the same report, in file order, as checking in one thread', () => {
    const tree = join(dir, 'tree');
    for (let i = 0; i < 130; i++) {
      const sub = join(tree, `d${i % 7}`);
      mkdirSync(sub, { recursive: true });
      writeFileSync(join(sub, `f${i}.xml`), i % 3 === 0 ? `<Response><Sya n="${i}"/></Response>\n` : `<Response><Say>${i}</Say></Response>\n`);
    }
    chmodSync(join(tree, 'd1', 'f1.xml'), 0o000);
    const one = run(['lint', 'tree/**/*.xml', '--format', 'json', '--concurrency', 'off', '--locale', 'en'], dir);
    const auto = run(['lint', 'tree/**/*.xml', '--format', 'json', '--locale', 'en'], dir);
    const three = run(['lint', 'tree/**/*.xml', '--format', 'json', '--concurrency', '3', '--locale', 'en'], dir);
    const files = (JSON.parse(one.stdout) as { file: string }[]).map((f) => f.file);
    assert.deepEqual(files, [...files].sort());
    for (const other of [auto, three]) {
      assert.equal(other.stdout, one.stdout);
      assert.equal(other.stderr, one.stderr);
      assert.equal(other.code, one.code);
    }
    if (process.getuid?.() !== 0) assert.match(one.stderr, /tree\/d1\/f1\.xml: permission denied/);
    // A worker is told by the arguments it is started with and by being a worker thread: given on the command
    // line, they are an unknown option.
    const posing = run(['lint', '--voiceml-lint-worker', 'tree/d0/f0.xml'], dir);
    assert.equal(posing.code, 2);
    assert.match(posing.stderr, /^voiceml: 알 수 없는 옵션: --voiceml-lint-worker /m);
    // This thread checks files too: n threads of work are n - 1 workers. `auto`: only for much text, and no
    // more threads than the CPUs the machine's load leaves idle.
    const idle = Math.floor(availableParallelism() - loadavg()[0]!);
    assert.equal(workerCount(130, 'auto', 10_000), 0, 'auto: not for little text');
    assert.equal(workerCount(130, 'auto', 500 * 1024 * 1024), Math.max(0, Math.min(idle, 3) - 1), 'auto: one thread per idle CPU for much text');
    assert.equal(workerCount(130, 3), 2);
    assert.equal(workerCount(2, 3), 1);
    assert.equal(workerCount(50, 'auto'), 0, 'not for 50 files or fewer');
    assert.equal(workerCount(130, 'off'), 0);
  });
});
