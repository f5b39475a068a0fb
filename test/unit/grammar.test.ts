/**
 * The VoiceML injection grammars, run the way VS Code runs them: `vscode-textmate` with the Oniguruma WASM and
 * VS Code's own JS/TS/JSX/TSX and Python grammars (from `tm-grammars`), our grammars injected as the
 * manifest's `injectTo` says.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as onigurumaModule from 'vscode-oniguruma';
import * as textmateModule from 'vscode-textmate';
import { elementNames } from '../../server/src/model';

// Both are CommonJS: depending on how the test file is loaded, their exports come as the namespace or as its default.
const oniguruma = ('loadWASM' in onigurumaModule ? onigurumaModule : (onigurumaModule as { default: typeof onigurumaModule }).default) as typeof onigurumaModule;
const textmate = ('Registry' in textmateModule ? textmateModule : (textmateModule as { default: typeof textmateModule }).default) as typeof textmateModule;

const root = fileURLToPath(new URL('../../', import.meta.url));
const GRAMMAR = 'syntaxes/voiceml-injection.tmLanguage.json';
const PYTHON_GRAMMAR = 'syntaxes/voiceml-python-injection.tmLanguage.json';
const HOSTS: Record<string, string> = { 'source.js': 'javascript', 'source.ts': 'typescript', 'source.tsx': 'tsx', 'source.js.jsx': 'jsx' };
/** The manifest's grammar contributions: which grammar is injected into which host. */
const manifest = JSON.parse(readFileSync(root + 'package.json', 'utf8')) as { contributes: { grammars: { scopeName: string; path: string; injectTo?: string[] }[] } };

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

let registry: textmateModule.Registry;

before(async () => {
  const wasm = readFileSync(root + 'node_modules/vscode-oniguruma/release/onig.wasm');
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer);
  registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => {
      const ours = manifest.contributes.grammars.find((g) => g.scopeName === scopeName);
      if (ours) return textmate.parseRawGrammar(readFileSync(root + ours.path, 'utf8'), ours.path);
      const host = scopeName === 'source.python' ? 'python' : HOSTS[scopeName];
      if (!host) return null;
      const file = `node_modules/tm-grammars/grammars/${host}.json`;
      return textmate.parseRawGrammar(readFileSync(root + file, 'utf8'), file);
    },
    // As the manifest's `injectTo` asks.
    getInjections: (scopeName: string) => {
      const injected = manifest.contributes.grammars.filter((g) => g.injectTo?.includes(scopeName)).map((g) => g.scopeName);
      return injected.length > 0 ? injected : undefined;
    },
  });
});

async function tokenize(text: string, scopeName: string): Promise<Token[]> {
  const grammar = await registry.loadGrammar(scopeName);
  assert.ok(grammar, scopeName);
  const tokens: Token[] = [];
  let state = textmate.INITIAL;
  text.split(/\r?\n/).forEach((line, index) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    for (const t of result.tokens) tokens.push({ line: index + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
  });
  return tokens;
}

/** The `nth` token (0-based) with exactly `text`, optionally on `line`. */
function token(tokens: Token[], text: string, line?: number, nth = 0): Token {
  const found = tokens.filter((t) => t.text === text && (line === undefined || t.line === line));
  assert.ok(found[nth], `no token ${JSON.stringify(text)}${line ? ` on line ${line}` : ''}`);
  return found[nth]!;
}

const has = (t: Token, scope: string): boolean => t.scopes.some((s) => s === scope || s.startsWith(scope + '.'));
const voiceml = (t: Token): boolean => t.scopes.some((s) => s.endsWith('.voiceml'));

const fixture = (name: string): string => readFileSync(root + 'test/fixtures/' + name, 'utf8');

describe('VoiceML injection grammar', () => {
  test('the element list is the model’s, in every host grammar', () => {
    for (const file of [GRAMMAR, PYTHON_GRAMMAR]) {
      const grammar = JSON.parse(readFileSync(root + file, 'utf8')) as { repository: { 'start-tag': { begin: string } } };
      const names = /\(<\)\(([^)]*)\)/.exec(grammar.repository['start-tag'].begin)![1]!.split('|');
      assert.deepEqual([...names].sort(), [...elementNames].sort(), file);
    }
  });

  for (const [file, scope] of [
    ['ivr.js', 'source.js'],
    ['ivr.ts', 'source.ts'],
  ] as const) {
    test(`${file}: tags, attributes and values in templates that open with a bare backtick`, async () => {
      const tokens = await tokenize(fixture(file), scope);
      // Line 11 ends with a bare backtick; line 12 is the first line of VoiceML.
      assert.ok(has(token(tokens, '`', 11), 'punctuation.definition.string.template.begin'));
      const say = token(tokens, 'Say', 12);
      assert.ok(has(say, 'entity.name.tag.voiceml') && has(say, 'string.template'), say.scopes.join(' '));
      assert.ok(has(token(tokens, '<', 12), 'punctuation.definition.tag.voiceml'));
      assert.ok(has(token(tokens, 'language', 12), 'entity.other.attribute-name.voiceml'));
      assert.ok(has(token(tokens, '=', 12), 'punctuation.separator.key-value.voiceml'));
      assert.ok(has(token(tokens, 'ko-KR', 12), 'string.quoted.double.voiceml'));
      assert.ok(has(token(tokens, 'Say', 12, 1), 'entity.name.tag.voiceml'), 'the end tag');
      // Text between tags stays a plain template string.
      const text = token(tokens, '안녕하세요. 상담 품질 향상을 위해 통화 내용이 녹음됩니다.', 12);
      assert.ok(has(text, 'string.template') && !voiceml(text));
      // `${BASE}` inside an attribute value is code again.
      const gather = tokens.filter((t) => t.line === 13);
      const base = gather.find((t) => t.text === 'BASE')!;
      assert.ok(has(base, 'meta.template.expression') && has(base, 'string.quoted.double.voiceml'), base.scopes.join(' '));
      assert.ok(has(token(tokens, '/lang', 13), 'string.quoted.double.voiceml'));
      // Self-closing tags, and the XML declaration of the helper.
      assert.ok(has(token(tokens, 'Hangup'), 'entity.name.tag.voiceml'));
      assert.ok(has(token(tokens, '/>'), 'punctuation.definition.tag.voiceml'));
      assert.ok(has(token(tokens, 'xml', 6, 1), 'entity.name.tag.voiceml'), 'the <?xml declaration');
      // After the template the code is code: the grammar never runs past a closing backtick.
      const close = tokens.filter((t) => t.line === 17);
      assert.ok(close.every((t) => !voiceml(t)), close.map((t) => t.text).join(''));
    });
  }

  test('HTML, SQL and other templates keep their plain string scopes', async () => {
    const text = [
      'const page = `<div class="a"><span>${x}</span></div>`;',
      'const q = /* sql */ `SELECT * FROM calls WHERE a < 3 AND b > 2`;',
      'const say = `<say>lower case is not VoiceML</say>`;',
      "const s = '<Say>a plain string</Say>';",
    ].join('\n');
    for (const scope of Object.keys(HOSTS)) {
      const tokens = await tokenize(text, scope);
      for (const name of ['<div', 'span>', '<say>']) {
        const found = tokens.filter((t) => t.text.includes(name));
        assert.ok(found.length > 0 && found.every((t) => has(t, 'string.template') && !voiceml(t)), `${scope}: ${name}`);
      }
      const sql = tokens.find((t) => t.text.includes('SELECT'))!;
      assert.ok(has(sql, 'string.template') && !voiceml(sql));
      const quoted = tokens.filter((t) => t.line === 4);
      assert.ok(quoted.every((t) => !voiceml(t)), `${scope}: a quoted string is not a template`);
    }
  });

  test('nested templates are coloured; code in ${…} is not (also in TSX and JSX)', async () => {
    const text = 'const n = `<Dial>${nums.map((n) => `<Number>${n < 3 ? "<Say>" : n}</Number>`)}</Dial>`;';
    for (const scope of Object.keys(HOSTS)) {
      const tokens = await tokenize(text, scope);
      assert.ok(has(token(tokens, 'Dial'), 'entity.name.tag.voiceml'), scope);
      assert.ok(has(token(tokens, 'Number'), 'entity.name.tag.voiceml'), scope);
      assert.ok(has(token(tokens, 'Number', undefined, 1), 'entity.name.tag.voiceml'), scope);
      const less = tokens.find((t) => t.text === '<' && has(t, 'keyword.operator.relational'));
      assert.ok(less && !voiceml(less), `${scope}: the < in code is an operator`);
      assert.ok(tokens.filter((t) => t.text.includes('"<Say>"') || t.text === '<Say>').every((t) => !voiceml(t)), `${scope}: a string in code`);
    }
  });

  test('a tag spanning lines, an escaped backtick, a tag left open before the backtick', async () => {
    const text = ['const a = `<Gather', '  numDigits="1" action="${url}">`; const after = 1;', 'const b = `<Say a="\\`">x</Say>`; const c = 2;', 'const d = `<Say language="ko`; const e = 3;'].join('\n');
    const tokens = await tokenize(text, 'source.ts');
    assert.ok(has(token(tokens, 'numDigits', 2), 'entity.other.attribute-name.voiceml'));
    assert.ok(has(token(tokens, 'url', 2), 'meta.template.expression'));
    assert.ok(has(token(tokens, 'after', 2), 'variable.other.constant') && !voiceml(token(tokens, 'after', 2)));
    assert.ok(has(token(tokens, '\\`', 3), 'string.quoted.double.voiceml'));
    assert.ok(!voiceml(token(tokens, 'c', 3)));
    assert.ok(!voiceml(token(tokens, 'e', 4)), 'the unclosed tag stops at the backtick');
  });
});

describe('VoiceML in Python strings', () => {
  test('the Flask example: tags, attributes and values in a triple-quoted string; the code around stays code', async () => {
    const tokens = await tokenize(fixture('flask.py'), 'source.python');
    const say = token(tokens, 'Say', 11);
    assert.ok(has(say, 'entity.name.tag.voiceml') && has(say, 'string.quoted.multi.python'), say.scopes.join(' '));
    assert.ok(has(token(tokens, 'language', 11), 'entity.other.attribute-name.voiceml'));
    assert.ok(has(token(tokens, 'ko', 11), 'string.quoted.double.voiceml'));
    assert.ok(has(token(tokens, 'Hangup', 12), 'entity.name.tag.voiceml'));
    assert.ok(has(token(tokens, 'xml', 9, 0), 'entity.name.tag.voiceml'), 'the <?xml declaration');
    const text = token(tokens, '안녕하세요. ClawOps에 연결되었습니다.', 11);
    assert.ok(!voiceml(text), 'text between tags is a plain string');
    // After the string, the code is code.
    assert.ok(tokens.filter((t) => t.line === 13 && t.text.includes('Content-Type')).every((t) => !voiceml(t)));
    assert.ok(!voiceml(token(tokens, 'request', 7)));
  });

  test('f-strings: tags coloured, a field in a value or the text is code', async () => {
    const text = 'x = f\'<Say language="{lang}">{name}님</Say><Gather numDigits="1"/>\'';
    const tokens = await tokenize(text, 'source.python');
    assert.ok(has(token(tokens, 'Say'), 'entity.name.tag.voiceml'));
    const lang = token(tokens, 'lang');
    assert.ok(has(lang, 'string.quoted.double.voiceml') && !has(lang, 'string.quoted.double.voiceml.x') && lang.scopes.some((s) => s.includes('meta.fstring')), lang.scopes.join(' '));
    assert.ok(has(token(tokens, 'numDigits'), 'entity.other.attribute-name.voiceml'));
    assert.ok(has(token(tokens, 'Gather'), 'entity.name.tag.voiceml'));
  });

  test('a tag being typed in a one-line string stops at the closing quote; HTML and docstrings are not VoiceML', async () => {
    const text = ['say(\'<Say language="ko\', after)', 'html = "<div><span>hi</span></div>"', 'def f():', '    """Returns <Say> markup."""', '    return 1'].join('\n');
    const tokens = await tokenize(text, 'source.python');
    assert.ok(has(token(tokens, 'Say', 1), 'entity.name.tag.voiceml'));
    assert.ok(!voiceml(token(tokens, 'after', 1)), token(tokens, 'after', 1).scopes.join(' '));
    assert.ok(tokens.filter((t) => t.line === 2).every((t) => !voiceml(t)));
    assert.ok(tokens.filter((t) => t.line === 4).every((t) => !voiceml(t)), 'a docstring');
  });
});
