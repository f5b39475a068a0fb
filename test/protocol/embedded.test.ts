/**
 * VoiceML in JS/TS template literals through the real server over stdio: diagnostics and quick fixes in .ts,
 * .js and .tsx files (substitutions in attribute values, in element content, nested templates), completion
 * and hover inside templates and nothing outside them, and random edits around templates that end exactly
 * like a fresh open. Run `npm run build` first (`npm test` does).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { startServer, type TestClient } from '../support/lspClient';
import { prng } from '../support/random';

const SEED = Number(process.env.VOICEML_SEED ?? 20261125);
const EDITS = 300;

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');

/** A handler in the reference's style with three mistakes: in an attribute value, in element content, and in a nested template. */
const HANDLER = [
  "const BASE = 'https://your-server.com/ivr';", // 0
  'app.post("/ivr/menu", (req, res) => {', // 1
  '  sendXml(res, `', // 2
  '    <Gather numDigits="1" language="kr" action="${BASE}/route">', // 3
  '      <Say language="kr">${req.body.Name}님, 안녕하세요.</Say>', // 4
  '    </Gather>', // 5
  '    <Dial>${numbers.map((n) => `<Number>${n}</Number><Pause/>`).join("")}</Dial>', // 6
  '  `);', // 7
  '});', // 8
  '',
].join('\n');

async function open(client: TestClient, uri: string, languageId: string, text: string): Promise<Diagnostic[]> {
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  return (await client.waitForDiagnostics(uri, (p) => p.version === 1)).diagnostics;
}

const brief = (d: Diagnostic): [string, number, number, number, number] => [String(d.code), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];

async function codeActions(client: TestClient, uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  return (await client.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic], only: ['quickfix'] },
  })) as CodeAction[];
}

describe('VoiceML in JS/TS over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ locale: 'en' });
  });
  after(() => client.stop());

  for (const [extension, languageId] of [
    ['ts', 'typescript'],
    ['js', 'javascript'],
    ['tsx', 'typescriptreact'],
  ] as const) {
    test(`.${extension}: diagnostics at exact ranges, none inside \${…}`, async () => {
      // In .tsx the file also holds JSX, which the scanner cannot read: the parser finds the templates.
      const text = extension === 'tsx' ? 'export const Page = () => <p>Don\'t `quote` me</p>;\n' + HANDLER : HANDLER;
      const shift = extension === 'tsx' ? 1 : 0;
      const diagnostics = await open(client, `file:///ws/handler.${extension}`, languageId, text);
      const lines = HANDLER.split('\n');
      const at = (code: string, line: number, needle: string): [string, number, number, number, number] => {
        const character = lines[line]!.indexOf(needle);
        assert.ok(character >= 0, needle);
        return [code, line + shift, character, line + shift, character + needle.length];
      };
      assert.deepEqual(diagnostics.map(brief), [
        at('twiml-attribute', 3, 'language'), // TwiML's Gather language: not VoiceML
        at('invalid-attribute-value', 4, 'kr'),
        at('injection', 4, '${req.body.Name}'), // element content
        at('unknown-parameter', 4, 'Name'), // the platform sends no `Name`
        // In the nested template, spliced into <Dial>; in document order.
        at('injection', 6, '${n}'),
        at('invalid-child', 6, 'Pause'),
      ]);
      // `${BASE}` in the attribute value is a const bound to a literal: nothing to report there.
      assert.equal(client.process.exitCode, null);
    });
  }

  test('quick fixes land in the source and keep the template valid', async () => {
    const uri = 'file:///ws/fix.ts';
    const diagnostics = await open(client, uri, 'typescript', HANDLER);
    let document = TextDocument.create(uri, 'typescript', 1, HANDLER);
    const apply = async (code: string, nth = 0): Promise<void> => {
      const diagnostic = diagnostics.filter((d) => d.code === code)[nth]!;
      const [action] = await codeActions(client, uri, diagnostic);
      assert.ok(action?.edit?.changes?.[uri], `a fix for ${code}`);
      const edits = action.edit.changes[uri]!;
      const text = TextDocument.applyEdits(document, edits);
      document = TextDocument.create(uri, 'typescript', document.version + 1, text);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [{ text }] });
    };
    // `kr` → `ko`, then the injection fix (helper added at the top, `${…}` wrapped).
    await apply('invalid-attribute-value');
    await apply('injection');
    const text = document.getText();
    assert.ok(text.includes('<Say language="ko">${escapeXml(req.body.Name)}님'), text);
    assert.ok(text.startsWith('/** Escapes a value for VoiceML'), text.slice(0, 60));
    const after = await client.waitForDiagnostics(uri, (p) => p.version === document.version);
    assert.deepEqual(
      after.diagnostics.map((d) => [d.code, document.getText(d.range)]),
      [
        ['twiml-attribute', 'language'],
        ['unknown-parameter', 'Name'],
        ['injection', '${n}'],
        ['invalid-child', 'Pause'],
      ],
    );
    // The nested template's fix reuses the helper added by the first one.
    await apply2(after.diagnostics.find((d) => d.code === 'injection')!);
    assert.ok(document.getText().includes('`<Number>${escapeXml(n)}</Number><Pause/>`'));
    assert.equal(document.getText().split('const escapeXml').length, 2);
    const last = await client.waitForDiagnostics(uri, (p) => p.version === document.version);
    assert.deepEqual(last.diagnostics.map((d) => d.code), ['twiml-attribute', 'unknown-parameter', 'invalid-child']);

    async function apply2(diagnostic: Diagnostic): Promise<void> {
      const [action] = await codeActions(client, uri, diagnostic);
      const text = TextDocument.applyEdits(document, action!.edit!.changes![uri]!);
      document = TextDocument.create(uri, 'typescript', document.version + 1, text);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: [{ text }] });
    }
  });

  test('the reference IVR example (JS and TS) is clean over the wire too', async () => {
    assert.deepEqual(await open(client, 'file:///ws/ivr.js', 'javascript', fixture('ivr.js')), []);
    assert.deepEqual(await open(client, 'file:///ws/ivr.ts', 'typescript', fixture('ivr.ts')), []);
  });

  test('completion and hover inside templates; nothing outside them or in ${…}', async () => {
    const uri = 'file:///ws/complete.ts';
    const text = 'const a = 1;\nconst t = `<Gather numDigits="1" action="/g">\n  <\n</Gather><Say>${a}</Say>`;\n';
    await open(client, uri, 'typescript', text);
    const complete = async (line: number, character: number): Promise<CompletionItem[]> => {
      const result = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } })) as
        | CompletionList
        | CompletionItem[]
        | null;
      return result === null ? [] : Array.isArray(result) ? result : result.items;
    };
    const hover = (line: number, character: number): Promise<Hover | null> =>
      client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } }) as Promise<Hover | null>;

    const items = await complete(2, 3);
    assert.deepEqual(items.map((i) => i.label).sort(), ['Play', 'Say']);
    const edit = items.find((i) => i.label === 'Say')!.textEdit as TextEdit;
    assert.equal(edit.range.start.line, 2, 'the edit lands in the template');
    const onGather = await hover(1, 13);
    assert.ok(onGather && JSON.stringify(onGather.contents).includes('Gather'));
    // Outside the template and inside `${a}`: the server answers nothing, TypeScript's features answer.
    assert.deepEqual(await complete(0, 8), []);
    assert.equal(await hover(0, 6), null);
    const inSubstitution = text.split('\n')[3]!.indexOf('${a}') + 2;
    assert.deepEqual(await complete(3, inSubstitution), []);
    assert.equal(await hover(3, inSubstitution), null);
  });

  test(`${EDITS} random edits in and around templates (seed ${SEED}) end like a fresh open`, async () => {
    const random = prng(SEED);
    const uri = 'file:///ws/random.ts';
    const base = fixture('ivr.ts');
    let document = TextDocument.create(uri, 'typescript', 1, base);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: base } });
    const snippets = ['`', '`', '${', '}', '${x}', '\\`', '\\', '<Say>', '</Say>', '"', '<', '&', '<Sya/>', '${`<Say>${y}</Say>`}', '/* voiceml */', '\n', '\r\n', ' ', '요'];
    for (let i = 0; i < EDITS; i++) {
      const text = document.getText();
      // Mostly near backticks and `${`, where the template structure is decided.
      let start = random.int(text.length + 1);
      if (random.next() < 0.6) {
        const anchor = text.indexOf(random.next() < 0.5 ? '`' : '${', start);
        if (anchor >= 0) start = anchor + random.int(3);
      }
      start = Math.min(start, text.length);
      const end = Math.min(text.length, start + (random.next() < 0.5 ? 0 : random.int(6)));
      const insert = random.next() < 0.85 ? random.pick(snippets) : '';
      const range = { start: document.positionAt(start), end: document.positionAt(end) };
      const version = document.version + 1;
      document = TextDocument.update(document, [{ range, text: insert }], version);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range, text: insert }] });
      if (i % 50 === 49) await new Promise((r) => setTimeout(r, 200)); // let some validations run mid-way
    }
    const final = await client.waitForDiagnostics(uri, (p) => p.version === document.version, 15000);
    assert.equal(client.process.exitCode, null, `server exited; seed ${SEED}; stderr: ${client.stderr()}`);
    const freshUri = 'file:///ws/random-fresh.ts';
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: freshUri, languageId: 'typescript', version: 1, text: document.getText() } });
    const fresh = await client.waitForDiagnostics(freshUri, undefined, 15000);
    assert.deepEqual(final.diagnostics, fresh.diagnostics, `seed ${SEED}`);
    assert.ok(final.diagnostics.length > 0, 'the edits broke something: the comparison is not between two empty lists');
    assert.doesNotMatch(client.stderr(), /validation failed/, `seed ${SEED}`);
  });
});

describe('the TypeScript the server loads for the first JS/TS document, from its code cache', () => {
  const uri = 'file:///cache/ivr.ts';
  const text = "app.post('/ivr', (req, res) => res.type('text/xml').send(`<Response><Gather numdigits=\"1\" action=\"/menu\"><Sya>안녕</Sya></Gather></Response>`));\n";
  /**
   * A server with `cache` as its cache folder: the codes of what it finds in `text`, and the cache files of
   * TypeScript when it has exited (the server's own, of its bundle, is written beside them: codeCache.test.ts).
   */
  async function findings(cache: string, env: Record<string, string> = {}): Promise<{ codes: string[]; files: string[] }> {
    const server = await startServer({ locale: 'en', env: { XDG_CACHE_HOME: cache, ...env } });
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    const published = await server.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 20000);
    await server.stop();
    let files: string[] = [];
    try {
      files = readdirSync(join(cache, 'voiceml'))
        .filter((name) => !name.startsWith('server-'))
        .sort();
    } catch {
      // no cache folder
    }
    return { codes: published.diagnostics.map((d) => String(d.code)).sort(), files };
  }

  test('written when the server exits, read by the next one with the same findings; damaged, not read and written again', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'voiceml-server-cache-'));
    const alone = await findings(join(cache, 'unused'), { VOICEML_NO_CACHE: '1' });
    assert.deepEqual(alone.files, []);
    assert.ok(alone.codes.includes('unknown-element') && alone.codes.includes('unknown-attribute'), alone.codes.join(', '));
    const first = await findings(cache);
    assert.deepEqual(first.codes, alone.codes);
    assert.equal(first.files.length, 1, first.files.join(', '));
    assert.match(first.files[0]!, /^typescript-.*-any\.bin$/);
    const file = join(cache, 'voiceml', first.files[0]!);
    const written = readFileSync(file);
    assert.ok(written.length > 100_000);
    assert.deepEqual(await findings(cache), first);
    assert.deepEqual(readFileSync(file), written, 'a cache read is not written again');
    writeFileSync(file, written.subarray(0, written.length >> 1));
    assert.deepEqual(await findings(cache), first);
    assert.ok(readFileSync(file).length > 100_000, 'written anew');
  });
});
