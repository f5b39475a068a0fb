/**
 * Hostile documents against the language service: nothing outside the text is ever read (no DTD, external
 * entity, parameter entity or XInclude), no entity is expanded (billion laughs), huge and binary files are
 * answered or skipped with a clear message, every regular expression run on user text is linear, and the
 * server bundle has no way to run code from the workspace. The same over stdio: `test/protocol/security.test.ts`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import ts from 'typescript';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService, type LanguageService } from '../../server/src/languageService';
import { DEFAULT_MAX_ITEMS_COMPUTED, MAX_PUBLISHED_DIAGNOSTICS } from '../../server/src/services/limits';
import { findProblems, toDiagnostic } from '../../server/src/services/diagnostics';
import { rules } from '../../server/src/rules';
import { runRules } from '../../server/src/rules/run';
import { generateVoiceML } from '../support/corpus';
import { generatePython } from '../support/pythonCorpus';
import { generatePlainScript, generateScript } from '../support/scriptCorpus';
import { MAX_INDEXED_SIZE } from '../../server/src/flow/index';
import { hostileDocuments, hostname as hostnameOf, interestingOffsets } from '../support/hostile';
import { prng } from '../support/random';
import { findRegexes, PROBES, REGEXES } from '../support/regexProbes';
import { BUILT, SERVER, SERVER_BUNDLE } from '../support/built';

const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** Every answer the service gives about `document`, as one JSON text. */
function everyAnswer(service: LanguageService, document: TextDocument): string {
  const positions = interestingOffsets(document.getText()).map((o) => document.positionAt(o));
  const diagnostics = service.doValidation(document);
  const whole = { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) };
  const answers: unknown[] = [
    diagnostics,
    service.doCodeActions(document, whole, { diagnostics }),
    service.findDocumentSymbols(document),
    service.getFoldingRanges(document),
    service.findDocumentLinks(document),
    service.getSelectionRanges(document, positions),
    service.format(document, { tabSize: 2, insertSpaces: true }),
  ];
  for (const position of positions) {
    const completions = service.doComplete(document, position);
    answers.push(
      service.doHover(document, position),
      completions,
      completions.items.slice(0, 10).map((item) => service.doResolveCompletion(item)),
      service.findLinkedEditingRanges(document, position),
      service.doAutoClose(document, position, '>'),
    );
  }
  return JSON.stringify(answers);
}

/** Read-like file system calls, network and process calls made while `fn` runs (recorded, not blocked). */
function ioDuring(fn: () => void): string[] {
  const calls: string[] = [];
  const modules: [string, Record<string, unknown>][] = [
    ['fs', fs as unknown as Record<string, unknown>],
    ['fs.promises', fs.promises as unknown as Record<string, unknown>],
    ['http', require('node:http') as Record<string, unknown>],
    ['https', require('node:https') as Record<string, unknown>],
    ['net', require('node:net') as Record<string, unknown>],
    ['tls', require('node:tls') as Record<string, unknown>],
    ['dgram', require('node:dgram') as Record<string, unknown>],
    ['child_process', require('node:child_process') as Record<string, unknown>],
  ];
  // Writes are left out: the test runner may report through them. Reading, opening, listing, connecting and
  // starting processes are what resolving a DTD, an entity or an XInclude would do.
  const watched = (module: string, key: string): boolean => module !== 'fs' && module !== 'fs.promises' ? true : /^(open|read|stat|lstat|access|exists|realpath|opendir|watch|createReadStream|cp|copy)/i.test(key);
  const restore: (() => void)[] = [];
  for (const [name, module] of modules) {
    for (const key of Object.keys(module)) {
      const original = module[key];
      const descriptor = Object.getOwnPropertyDescriptor(module, key);
      if (typeof original !== 'function' || !descriptor?.writable || !watched(name, key) || /^[A-Z]/.test(key)) continue;
      module[key] = function (this: unknown, ...args: unknown[]) {
        calls.push(`${name}.${key}(${String(args[0]).slice(0, 80)})`);
        return (original as (...a: unknown[]) => unknown).apply(this, args);
      };
      restore.push(() => (module[key] = original));
    }
  }
  const fetch = globalThis.fetch;
  globalThis.fetch = ((input: unknown) => {
    calls.push(`fetch(${String(input)})`);
    return fetch(input as string);
  }) as typeof globalThis.fetch;
  restore.push(() => (globalThis.fetch = fetch));
  syncBuiltinESMExports();
  try {
    fn();
  } finally {
    for (const undo of restore) undo();
    syncBuiltinESMExports();
  }
  return calls;
}

describe('no DTD, external entity or XInclude is ever resolved', () => {
  let dir: string;
  let secretFile: string;
  let secret: string;
  const past = new Date('2001-02-03T04:05:06Z');
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'voiceml-xxe-'));
    secretFile = join(dir, 'secret.xml');
    secret = `VOICEML-SECRET-${randomUUID()}`;
    writeFileSync(secretFile, `<Say>${secret}</Say>`);
    // An access time older than the modification time: any read moves it (relatime), see the last test.
    utimesSync(secretFile, past, new Date());
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('the parser has no I/O: it imports nothing but its own modules and names no global that could', () => {
    const parserDir = join(ROOT, 'server/src/parser');
    for (const file of readdirSync(parserDir).filter((f) => f.endsWith('.ts'))) {
      const source = ts.createSourceFile(file, readFileSync(join(parserDir, file), 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
          // Types may come from anywhere in the server (they vanish at build time); code only from the parser.
          const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly === true : node.isTypeOnly;
          assert.match(node.moduleSpecifier.text, typeOnly ? /^\.\.?\/[a-z0-9/]+$/ : /^\.\/[a-z]+$/, `${file} imports ${node.moduleSpecifier.text}`);
        }
        if (node.kind === ts.SyntaxKind.ImportKeyword && ts.isCallExpression(node.parent)) assert.fail(`${file} has a dynamic import()`);
        if (ts.isIdentifier(node) && ['require', 'process', 'fetch', 'globalThis', 'XMLHttpRequest', 'eval', 'Function', 'WebAssembly'].includes(node.text)) {
          assert.fail(`${file} names ${node.text}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  });

  for (const languageId of ['xml', 'voiceml']) {
    test(`no answer to a hostile ${languageId} document holds the file, every reference stays unexpanded, and nothing is read or fetched`, () => {
      const service = getLanguageService({ locale: 'en' });
      const documents = hostileDocuments(pathToFileURL(secretFile).href, 'secret.xml');
      // Warm-up: modules the features load lazily are loaded now, with harmless documents.
      for (const text of Object.values(hostileDocuments('file:///nonexistent/x.xml', 'x.xml'))) everyAnswer(service, TextDocument.create('file:///warm.xml', languageId, 1, text));
      let answers = '';
      const io = ioDuring(() => {
        for (const [name, text] of Object.entries(documents)) {
          const document = TextDocument.create(`file:///hostile/${encodeURIComponent(name)}.xml`, languageId, 1, text);
          answers += everyAnswer(service, document);
          // The reference is reported, not replaced by anything: `&x;` is an entity no XML document without a DTD has.
          if (text.includes('&x;')) {
            assert.ok(service.doValidation(document).some((d) => d.code === 'xml-syntax' && messageOf(d).includes('Unknown entity &x;')), name);
          }
        }
      });
      assert.deepEqual(io, [], 'no file was read, nothing fetched, no process started');
      assert.ok(answers.length > 1000, 'the features did answer');
      assert.ok(!answers.includes(secret), 'the file content appears in an answer');
      const hostname = hostnameOf((path) => readFileSync(path, 'utf8'));
      if (hostname) assert.ok(!answers.includes(hostname), 'the content of /etc/hostname appears in an answer');
    });
  }

  test('the file was never read (its access time is unchanged)', (t) => {
    assert.equal(fs.statSync(secretFile).atime.getTime(), past.getTime());
    // Control: reading it does move the access time here, so the check above could have failed.
    readFileSync(secretFile);
    if (fs.statSync(secretFile).atime.getTime() === past.getTime()) t.diagnostic('this file system does not update access times; the check relied on the I/O spy alone');
  });
});

describe('entities are never expanded', () => {
  test('billion laughs: ten levels of ten references each stay ten characters', () => {
    const levels = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i++) levels.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const text = `<?xml version="1.0"?>\n<!DOCTYPE Response [\n  ${levels.join('\n  ')}\n]>\n<Response><Say>&lol9;</Say><Say language="&lol9;">x</Say></Response>`;
    const service = getLanguageService({ locale: 'en' });
    const document = TextDocument.create('file:///lol.xml', 'xml', 1, text);
    const answers = everyAnswer(service, document);
    assert.ok(answers.length < 500_000, `${answers.length} characters of answers`);
    assert.ok(!answers.includes('lollollol'));
    const say = service.getRegions(document)[0]!.xml.root!.children.find((n) => n.kind === 'element');
    assert.ok(say?.kind === 'element');
    assert.deepEqual(say.children.map((n) => (n.kind === 'text' ? n.value : n.kind)), ['&lol9;']);
    assert.ok(service.doValidation(document).some((d) => messageOf(d).includes('lol9')));
  });

  test('the quadratic blow-up: a 100 000-character entity referenced 10 000 times', () => {
    const text = `<!DOCTYPE Response [<!ENTITY a "${'x'.repeat(100_000)}">]>\n<Response><Say>${'&a;'.repeat(10_000)}</Say></Response>`;
    const service = getLanguageService({ locale: 'en' });
    const document = TextDocument.create('file:///blowup.xml', 'xml', 1, text);
    const diagnostics = service.doValidation(document);
    assert.ok(diagnostics.length > 0);
    const say = service.getRegions(document)[0]!.xml.root!.children.find((n) => n.kind === 'element');
    assert.ok(say?.kind === 'element');
    const body = say.children.map((n) => (n.kind === 'text' ? n.value : '')).join('');
    assert.equal(body.length, '&a;'.length * 10_000);
  });
});

describe('huge and binary files are answered or skipped with a clear message', () => {
  const fifty = generateVoiceML(50 * 1024 * 1024 + 1);

  test('a 50 MB VoiceML file: one information diagnostic says why it is not checked, and nothing else is computed', () => {
    const service = getLanguageService({ locale: 'en' });
    const document = TextDocument.create('file:///huge.xml', 'xml', 1, fifty);
    const diagnostics = service.doValidation(document);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0]!.code, 'max-file-size');
    assert.equal(diagnostics[0]!.severity, 3);
    assert.match(messageOf(diagnostics[0]!), /about 50\.0 MB, larger than voiceml\.maxFileSize \(20 MB\)/);
    assert.deepEqual(service.getRegions(document), []);
    const end = document.positionAt(fifty.length);
    assert.deepEqual(service.findDocumentSymbols(document), []);
    assert.deepEqual(service.getFoldingRanges(document), []);
    assert.deepEqual(service.findDocumentLinks(document), []);
    assert.equal(service.doHover(document, { line: 3, character: 5 }), null);
    assert.deepEqual(service.doComplete(document, end).items, []);
    assert.deepEqual(service.format(document, { tabSize: 2, insertSpaces: true }), []);
    assert.match(messageOf(getLanguageService({ locale: 'ko' }).doValidation(document)[0]!), /voiceml\.maxFileSize\(20 MB\)보다 커서/);
  });

  test('a 50 MB file that is not VoiceML (XML data, a script bundle) gets no diagnostic at all', () => {
    const service = getLanguageService({ locale: 'en' });
    const data = `<?xml version="1.0"?>\n<rows>${'<row a="1">x</row>\n'.repeat(3_000_000)}</rows>`;
    assert.ok(data.length > 50 * 1024 * 1024);
    assert.deepEqual(service.doValidation(TextDocument.create('file:///data.xml', 'xml', 1, data)), []);
    assert.deepEqual(service.doValidation(TextDocument.create('file:///bundle.js', 'javascript', 1, `const x = \`<Response>${'a'.repeat(50 * 1024 * 1024)}\`;`)), []);
    assert.equal(service.doValidation(TextDocument.create('file:///huge.voiceml', 'voiceml', 1, data))[0]?.code, 'max-file-size');
  });

  test('webhook code over the size the call flow reads: its VoiceML is checked, and one information says the flow rules were not applied', () => {
    const service = getLanguageService({ locale: 'en' });
    const python = generatePython(1_100_000).replace('<Say language="ko-KR">', '<Sya language="ko-KR">');
    assert.ok(python.length > MAX_INDEXED_SIZE);
    const diagnostics = service.doValidation(TextDocument.create('file:///big.py', 'python', 1, python));
    assert.equal(diagnostics[0]!.code, 'flow-size');
    assert.equal(diagnostics[0]!.severity, 3);
    assert.deepEqual(diagnostics[0]!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    assert.match(messageOf(diagnostics[0]!), /has 1,1\d\d,\d\d\d characters, more than the 1,000,000 the call flow reads/);
    // The VoiceML is checked all the same: the planted typo is found.
    assert.ok(diagnostics.some((d) => d.code === 'unknown-element'));
    const script = generateScript(1_100_000);
    assert.deepEqual(service.doValidation(TextDocument.create('file:///big.ts', 'typescript', 1, script)).map((d) => d.code), ['flow-size']);
    assert.match(messageOf(getLanguageService({ locale: 'ko' }).doValidation(TextDocument.create('file:///big.ts', 'typescript', 1, script))[0]!), /통화 흐름 규칙/);
    // Not said when the flow rules are off, nor for code without VoiceML, nor for a file the flow reads.
    const noFlow = { rules: Object.fromEntries(rules.filter((r) => r.readsWorkspace).map((r) => [r.name, 'off' as const])) };
    assert.deepEqual(service.doValidation(TextDocument.create('file:///big2.ts', 'typescript', 1, script), noFlow), []);
    assert.deepEqual(service.doValidation(TextDocument.create('file:///plain.ts', 'typescript', 1, generatePlainScript(1_100_000))), []);
    assert.deepEqual(service.doValidation(TextDocument.create('file:///small.py', 'python', 1, generatePython(900_000))), []);
  });

  test('voiceml.maxFileSize moves the limit; 0 removes it', () => {
    const text = generateVoiceML(2 * 1024 * 1024).replace('</Response>', '<Sya/></Response>');
    const document = TextDocument.create('file:///two.xml', 'xml', 1, text);
    assert.deepEqual(getLanguageService({ maxFileSize: 1 }).doValidation(document).map((d) => d.code), ['max-file-size']);
    // Checked, and over the size budget of a response (64 KB).
    assert.deepEqual(getLanguageService({ maxFileSize: 0 }).doValidation(document).map((d) => d.code), ['response-size', 'unknown-element']);
    assert.deepEqual(getLanguageService({ maxFileSize: 3 }).doValidation(document).map((d) => d.code), ['response-size', 'unknown-element']);
  });

  test('random bytes: answered, and published as at most 1000 diagnostics and one saying how many more', () => {
    const random = prng(42);
    let binary = '';
    for (let i = 0; i < 1_000_000; i++) binary += String.fromCharCode(random.int(256));
    const service = getLanguageService({ locale: 'en' });
    const asXml = TextDocument.create('file:///bytes.xml', 'xml', 1, binary);
    assert.deepEqual(service.doValidation(asXml), [], 'not VoiceML: nothing to say');
    const document = TextDocument.create('file:///bytes.voiceml', 'voiceml', 1, `<Response>${binary}</Response>`);
    const published = service.doValidation(document);
    // The same rules without the cap: the published ones are its first 1000 in document order, and the last
    // diagnostic counts the rest.
    const all = findProblems(service.getRegions(document), {});
    const total = all.findings.length + all.omitted;
    assert.ok(total > MAX_PUBLISHED_DIAGNOSTICS, `${total} findings`);
    assert.equal(published.length, MAX_PUBLISHED_DIAGNOSTICS + 1);
    assert.deepEqual(
      published.slice(0, -1),
      all.findings.slice(0, MAX_PUBLISHED_DIAGNOSTICS).map(({ region, finding }) => toDiagnostic(document, region, finding, {}, 'en')),
    );
    assert.equal(published.at(-1)!.code, 'too-many-problems');
    // Up to how many more: at least what is left after the redundant ones are left out, at most all found.
    const raw = service.getRegions(document).reduce((sum, region) => {
      const found = runRules(region, rules);
      return sum + found.findings.length + found.omitted;
    }, 0);
    const more = Number(/^Too many problems: showing the first 1000; up to (\d+) more are not shown\. The file may be binary/.exec(messageOf(published.at(-1)!))?.[1]);
    assert.ok(more >= total - 1000 && more <= raw - 1000, `${more} more: between ${total - 1000} and ${raw - 1000}`);
    service.findDocumentSymbols(document);
    service.getFoldingRanges(document);
  });

  test('a million NUL characters: one clear message, not a million', () => {
    const service = getLanguageService({ locale: 'en' });
    const diagnostics = service.doValidation(TextDocument.create('file:///nul.xml', 'xml', 1, `<Response>${'\0'.repeat(1_000_000)}</Response>`));
    assert.ok(diagnostics.length >= 1 && diagnostics.length <= 3, JSON.stringify(diagnostics));
    assert.ok(diagnostics.some((d) => /U\+0000/.test(messageOf(d))), JSON.stringify(diagnostics));
  });

  test('a 10 MB single line: checked, with positions on that line', () => {
    const verbs = '<Say>안녕하세요</Say>'.repeat(600_000);
    const text = `<Response>${verbs}<Sya/></Response>`;
    const service = getLanguageService({ locale: 'en' });
    const document = TextDocument.create('file:///line.xml', 'xml', 1, text);
    const diagnostics = service.doValidation(document);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range.start]), [
      ['response-size', { line: 0, character: 1 }],
      ['unknown-element', { line: 0, character: 10 + verbs.length + 1 }],
    ]);
    // The outline: <Response> and its first children, as many as `voiceml.maxItemsComputed` allows (5000),
    // and word that it stopped there.
    const exceeded: string[] = [];
    const outline = service.findDocumentSymbols(document, { onResultLimitExceeded: (uri) => exceeded.push(uri) });
    assert.equal(outline[0]!.children!.length, DEFAULT_MAX_ITEMS_COMPUTED - 1);
    assert.deepEqual(exceeded, [document.uri]);
    assert.equal(service.findDocumentSymbols(document, { resultLimit: 700_000 })[0]!.children!.length, 600_001);
    assert.deepEqual(service.getFoldingRanges(document), []);
  });
});

describe('regular expressions on user text are linear', () => {
  test('every regular expression in server/src is listed with what it reads and a probe', () => {
    const found = findRegexes(join(ROOT, 'server/src'));
    const listed = new Set(REGEXES.map((r) => r.key));
    const unlisted = found.filter((f) => !listed.has(f.key)).map((f) => `${f.key} (line ${f.line})`);
    assert.deepEqual(unlisted, [], 'new regular expressions: add each to REGEXES in test/support/regexProbes.ts, with a probe that drives it with long input');
    const present = new Set(found.map((f) => f.key));
    assert.deepEqual(REGEXES.filter((r) => !present.has(r.key)).map((r) => r.key), [], 'gone from the source: remove from REGEXES');
    for (const entry of REGEXES) assert.ok(entry.probe in PROBES, entry.key);
  });

  // Each probe runs in a worker thread that can be stopped: a super-linear expression must fail the test, not
  // hang it. The limit is generous (the probes take seconds at most); only minutes of backtracking exceed it.
  const LIMIT_MS = 60_000;
  const results = new Map<string, Promise<void>>();
  before(() => {
    const settle = new Map<string, { resolve: () => void; reject: (e: Error) => void }>();
    for (const name of Object.keys(PROBES)) {
      results.set(name, new Promise<void>((resolve, reject) => settle.set(name, { resolve, reject })));
      results.get(name)!.catch(() => undefined);
    }
    // A worker does not inherit the TypeScript loader the tests run under: it registers it, then loads the probes.
    const bootstrap = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(fileURLToPath(new URL('../support/regexProbes.ts', import.meta.url)))});`;
    /** Runs the probes not yet settled in a new worker; a probe over the limit is stopped and the rest go on in another. */
    const start = (): void => {
      const names = [...settle.keys()];
      if (names.length === 0) return;
      // The stack of a main thread (where the server runs), not a worker's larger default: deep recursion or a
      // huge argument spread must fail here as it would there.
      const worker = new Worker(bootstrap, { eval: true, workerData: { probes: names }, resourceLimits: { stackSizeMb: 1 } });
      stop = () => void worker.terminate();
      let current: string | undefined;
      let timer: NodeJS.Timeout | undefined;
      const finish = (name: string, error?: Error): void => {
        clearTimeout(timer);
        const s = settle.get(name);
        settle.delete(name);
        if (error) s?.reject(error);
        else s?.resolve();
      };
      worker.on('message', (m: { name: string; state: 'started' | 'finished' | 'failed'; error?: string }) => {
        if (m.state === 'finished') return finish(m.name);
        if (m.state === 'failed') return finish(m.name, new Error(m.error));
        current = m.name;
        timer = setTimeout(() => {
          finish(m.name, new Error(`not done after ${LIMIT_MS / 1000} s: an expression it drives is super-linear`));
          void worker.terminate().then(start);
        }, LIMIT_MS);
      });
      worker.on('error', (error) => {
        if (current) finish(current, error);
        for (const name of [...settle.keys()]) finish(name, new Error(`not run: the probe worker failed: ${error.message}`));
      });
    };
    start();
  });
  let stop = (): void => undefined;
  after(() => stop());

  for (const name of Object.keys(PROBES)) {
    const expressions = REGEXES.filter((r) => r.probe === name).map((r) => r.key);
    test(`${name}: ${expressions.length} expression(s), inputs of ${(500_000).toLocaleString('en')}+ characters, answered`, { timeout: LIMIT_MS * 2 }, async () => {
      await results.get(name);
    });
  }
});

describe('the server runs nothing from the workspace', () => {
  /** The modules of an esbuild bundle (not minified: each starts with a `// path` comment line). */
  function modulesOf(bundle: string): Map<string, string> {
    const modules = new Map<string, string>();
    const marker = /^\/\/ ((?:node_modules|server|schemas)\/\S+)$/gm;
    const starts = [...bundle.matchAll(marker)];
    assert.ok(starts.length > 10, 'no module markers: run npm run build (not --production) before this test');
    starts.forEach((m, i) => modules.set(m[1]!, bundle.slice(m.index, starts[i + 1]?.index ?? bundle.length)));
    return modules;
  }

  const DANGEROUS: [string, RegExp][] = [
    ['child_process', /\bchild_process\b/],
    ['eval', /(?<![\w$.])eval\s*\(/],
    ['new Function', /\bnew\s+Function\s*\(|(?<![\w$.])Function\s*\(/],
    ['vm', /require\(\s*["'](?:node:)?vm["']\s*\)/],
    ['a require of a computed path', /(?<![\w$.])require\s*\(\s*(?!["'])[^)]/],
    ['import()', /(?<![\w$.])import\s*\(/],
    ['process.binding / dlopen', /process\.(?:binding|dlopen)\b/],
  ];

  test('the server bundle: child_process only in the LSP library helpers nothing here calls; no eval, new Function, computed require or import()', () => {
    const bundle = readFileSync(SERVER_BUNDLE, 'utf8');
    const found: string[] = [];
    for (const [module, text] of modulesOf(bundle)) for (const [name, pattern] of DANGEROUS) if (pattern.test(text)) found.push(`${module}: ${name}`);
    // `Files.resolve…` in vscode-languageserver locate global npm/yarn packages with `fork` and `spawnSync`; they run
    // only when a server calls them, and ours does not (checked below). The code cache compiles our own bundles
    // beside the server (`typescript.js`), and nothing else (checked below).
    assert.deepEqual(found, ['node_modules/vscode-languageserver/lib/node/files.js: child_process', 'server/src/codeCache.ts: vm']);
  });

  test('the command that starts the server holds only the code cache, which runs the server bundle beside it', () => {
    const modules = [...readFileSync(SERVER, 'utf8').matchAll(/^\/\/ ((?:node_modules|server|schemas)\/\S+)$/gm)].map((m) => m[1]!);
    // (esbuild marks the entry again where its code goes on after what it imports.)
    assert.deepEqual([...new Set(modules)].sort(), ['server/src/codeCache.ts', 'server/src/launch.ts']);
  });

  test('our sources call none of the helpers that start processes or load code', () => {
    const sources = readSources(join(ROOT, 'server/src'));
    for (const [file, text] of sources) {
      assert.doesNotMatch(text, /\bFiles\.(?:resolve|resolveModulePath|resolveGlobalNodePath|resolveGlobalYarnPath)\b/, file);
      // TypeScript is used for its scanner and parser only: nothing of it that reads files or loads plugins.
      assert.doesNotMatch(
        text,
        /\.sys\b|\b(?:createProgram|createLanguageService|createCompilerHost|createWatchProgram|createWatchCompilerHost|createSolutionBuilder|findConfigFile|readConfigFile|getParsedCommandLineOfConfigFile|resolveModuleName)\b/,
        file,
      );
      // The CLI starts worker threads of its own scripts (checking, reading ahead); nothing starts processes or
      // compiles code — but the code cache, which compiles our own bundles (the CLI's, typescript.js) beside it.
      const forbidden = file.endsWith('/codeCache.ts')
        ? /from ['"](?:node:)?child_process['"]/
        : file.includes('/cli/')
          ? /from ['"](?:node:)?(?:child_process|vm)['"]/
          : /from ['"](?:node:)?(?:child_process|vm|worker_threads)['"]/;
      assert.doesNotMatch(text, forbidden, file);
    }
  });

  test('the code cache compiles only our own bundles: a path from the bundle\'s own folder and a name the build gives', () => {
    const calls = [...readSources(join(ROOT, 'server/src'))].flatMap(([file, text]) =>
      [...text.matchAll(/(?<!function )\brequireCached\((path\.join\([^)]*\)|[^,)]*)/g)].map((m) => `${file.slice(file.indexOf('server/src/'))}: ${m[1]!.trim()}`),
    );
    assert.deepEqual(calls.sort(), [
      "server/src/cli/launch.ts: path.join(__dirname, 'main.js')",
      'server/src/hosts/javascript/typescript.ts: path.join(__dirname, TYPESCRIPT_BUNDLE)',
      "server/src/launch.ts: path.join(__dirname, 'main.js')",
    ]);
  });

  test('the bundled typescript.js (loaded for JS/TS templates): only the compiler\'s own plugin loader requires computed paths', () => {
    const file = join(BUILT, 'server/typescript.js');
    if (!fs.existsSync(file)) return; // the JS/TS template support is not in this build
    const bundle = readFileSync(file, 'utf8');
    const hits = (pattern: RegExp): string[] => [...bundle.matchAll(new RegExp(pattern.source, 'g'))].map((m) => bundle.slice(m.index! - 40, m.index! + 40).replace(/\s+/g, ' ').trim());
    assert.deepEqual(hits(/(?<![\w$.])eval\s*\(/), []);
    assert.deepEqual(hits(/\bnew\s+Function\s*\(|(?<![\w$.])Function\s*\(/), []);
    assert.deepEqual(hits(/\bchild_process\b/).map((h) => /"child_process",/.test(h)), [true], 'only the list of Node.js core module names');
    // `ts.sys.require` and the language service's plugin loading; neither runs for `createScanner`/`createSourceFile`.
    // (`host.require(…)`, the plugin loader, is a method of a host we never create.) The others are message texts.
    const computed = hits(/(?<![\w$.])require\s*\(\s*(?!["'])[^)]/).filter((h) => !/require\(\$\{|require\(\{\d\}\)/.test(h));
    assert.equal(computed.length, 1, computed.join('\n'));
    // (The bundle is minified: the names are the minifier's.)
    assert.match(computed[0]!, /return ?\{ ?module: ?require\(([\w$]+)\), ?modulePath: ?\1/);
  });
});

function readSources(dir: string): [string, string][] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return readSources(path);
    return entry.name.endsWith('.ts') ? [[path.slice(ROOT.length), readFileSync(path, 'utf8')] as [string, string]] : [];
  });
}
