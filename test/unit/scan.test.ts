/**
 * The scan of JS/TS files (`hosts/javascript/scan.ts`, WebAssembly) against `typescript`'s own scanner, token
 * by token: the same kinds, starts and ends, line breaks before tokens and unterminated literals, with the
 * template and regular-expression rescans the scan makes, on tricky snippets, this repository's TypeScript,
 * the bench's generated webhook file and thousands of random edits of them. Where the scan leaves a text to
 * `typescript` (a name written with a `\u` escape, a merge-conflict marker) it must say so.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { scanScript, scriptScannerAvailable, SPAN, TEMPLATE } from '../../server/src/hosts/javascript/scan';
import { scanTemplates } from '../../server/src/hosts/javascript/templates';
import { generateScript } from '../support/scriptCorpus';
import { prng } from '../support/random';

/**
 * Can a `/` after `kind` (and `before` it) start a regular expression? The scan's rule (see `scriptScan.ts`),
 * by which `typescript`'s scanner is driven here: not after what ends an expression, nor after a `.`.
 */
function regexMayStartAfter(kind: ts.SyntaxKind, before: ts.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  switch (kind) {
    case K.Identifier:
    case K.PrivateIdentifier:
    case K.NumericLiteral:
    case K.BigIntLiteral:
    case K.StringLiteral:
    case K.RegularExpressionLiteral:
    case K.NoSubstitutionTemplateLiteral:
    case K.TemplateTail:
    case K.CloseParenToken:
    case K.CloseBracketToken:
    case K.CloseBraceToken:
    case K.PlusPlusToken:
    case K.MinusMinusToken:
    case K.ThisKeyword:
    case K.SuperKeyword:
    case K.TrueKeyword:
    case K.FalseKeyword:
    case K.NullKeyword:
      return false;
  }
  if (before === K.DotToken || before === K.QuestionDotToken) return false;
  return !(kind > K.LastReservedWord && kind <= K.LastKeyword);
}

/** `typescript`'s reading, as the scan drives it, and whether it met an unterminated string or regular expression. */
function scannerReading(text: string): { tokens: string[]; untrusted: boolean } {
  let untrusted = false;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text, (message) => {
    if (message.code === 1002 || message.code === 1161) untrusted = true;
  });
  const K = ts.SyntaxKind;
  const tokens: string[] = [];
  const braces: boolean[] = [];
  let previous: ts.SyntaxKind = K.Unknown;
  let beforePrevious: ts.SyntaxKind = K.Unknown;
  for (let token = scanner.scan(); token !== K.EndOfFileToken; token = scanner.scan()) {
    if (token === K.TemplateHead) braces.push(true);
    else if (token === K.OpenBraceToken) braces.push(false);
    else if (token === K.CloseBraceToken && braces.pop()) {
      token = scanner.reScanTemplateToken(false);
      if (token === K.TemplateMiddle) braces.push(true);
    } else if ((token === K.SlashToken || token === K.SlashEqualsToken) && regexMayStartAfter(previous, beforePrevious)) {
      token = scanner.reScanSlashToken();
    }
    tokens.push(`${K[token]} ${scanner.getTokenStart()}-${scanner.getTokenEnd()}${scanner.hasPrecedingLineBreak() ? ' after a line break' : ''}${scanner.isUnterminated() ? ' unterminated' : ''}`);
    beforePrevious = previous;
    previous = token;
  }
  return { tokens, untrusted };
}

/**
 * The scan's reading, in the same words: a template's last token is unterminated when its template is not
 * closed, unless the file ended in one of its `${…}` (the scan ends that span at the end of the file).
 */
function scanReading(text: string): { tokens: string[]; problem: 'unterminated' | 'not read' | undefined } {
  const scan = scanScript(text)!;
  const K = ts.SyntaxKind;
  const { tape, templates, spans } = scan;
  const endedInSpan = new Set<number>();
  for (let at = 0; at < spans.length; at += SPAN) if (spans[at + 2] === text.length && spans[at + 3] === text.length) endedInSpan.add(spans[at]!);
  const openEnds = new Set<number>();
  for (let at = 0, k = 0; at < templates.length; at += TEMPLATE, k++) if (templates[at + 3] === 0 && !endedInSpan.has(k)) openEnds.add(templates[at + 1]!);
  const tokens: string[] = [];
  for (let i = 0; i < tape.length; i++) {
    const kind = tape.kinds[i]!;
    const last = (kind === K.NoSubstitutionTemplateLiteral || kind === K.TemplateTail) && openEnds.has(tape.ends[i]!);
    const unterminated = last || (i === tape.length - 1 && scan.problem === 'unterminated');
    tokens.push(`${K[kind]} ${tape.starts[i]}-${tape.ends[i]}${/[\n\r\u2028\u2029]/.test(text.slice(i > 0 ? tape.ends[i - 1]! : 0, tape.starts[i]!)) ? ' after a line break' : ''}${unterminated ? ' unterminated' : ''}`);
  }
  return { tokens, problem: scan.problem };
}

/**
 * The tokens up to the first unterminated string or regular expression (its start kept, not its end): after
 * one the template scan trusts nothing it read, and the scanner's guess where an unterminated regular
 * expression ends is not the scan's.
 */
function upToDistrust(tokens: string[]): string[] {
  const at = tokens.findIndex((token) => /^(StringLiteral|RegularExpressionLiteral) .* unterminated$/.test(token));
  return at < 0 ? tokens : [...tokens.slice(0, at), tokens[at]!.replace(/-\d+.*$/, '')];
}

/** The scan reads `text` as the scanner does, or says it leaves it to `typescript`. */
function assertSameReading(text: string, label: string): 'same' | 'left' {
  const scanner = scannerReading(text);
  const scan = scanReading(text);
  if (scan.problem === 'not read') return 'left';
  const expected = { ...scanner, tokens: upToDistrust(scanner.tokens) };
  const actual = { ...scan, tokens: upToDistrust(scan.tokens) };
  const at = actual.tokens.findIndex((token, i) => token !== expected.tokens[i]);
  assert.ok(
    at < 0 && actual.tokens.length === expected.tokens.length,
    `${label}: token ${at < 0 ? actual.tokens.length : at} differs: scan ${actual.tokens[at] ?? '(end)'}, typescript ${expected.tokens[at < 0 ? actual.tokens.length : at] ?? '(end)'} in ${JSON.stringify(text.length > 300 ? text.slice(0, 300) + '…' : text)}`,
  );
  assert.equal(actual.problem !== undefined, expected.untrusted, `${label}: an unterminated string or regular expression: ${JSON.stringify(text.slice(0, 300))}`);
  return 'same';
}

const SNIPPETS: readonly string[] = [
  'a >>= b >= c ?. d ?.5 : e ?? f ??= g || h ||= i && j &&= k ** l **= m',
  '1 1.5 .5 1e5 1E-5 1e 1_000 0x1f 0X1F_0 0b101 0o17 0b102 07 07.5 08.5 00 0_1 07_1 1n 0x1fn 1.5n 1e5n 08n 1..a 1abc 3in x',
  "'a' \"b\" 'a\\'b' \"a\\\"b\" 'line\\\ncontinued' 'crlf\\\r\ncontinued' 'unterminated\n'",
  '"a\u2028b" + `t\u2029` // separators in literals',
  'x = /re[/]g/gi.test(y) / 2 / z; if (a) /x/.test(b); (/a\\/b/) [/c/]',
  'a = b\n/re/g.exec(c)',
  'x = `a${b}c${`d${e}f`}g` + `h`; y = tag`i${ {j: 1} }k`',
  'let t = `open ${a + `inner',
  'let t = `open ${ {',
  'class A { #p = 1; m() { return this.#p + #p in this; } } # b @dec #',
  'x #!y',
  '#!/usr/bin/env node\nconst a = 1;',
  '/* block\n comment */ a /* same line */ b // line\n c /** doc */ d',
  '/* unterminated comment',
  'a\u00a0b\u2028c\u2029d\ufeffe\u0085f\u3000g\u000bh\u000ci',
  'const \u00e9t\u00e9 = 1; const \ud835\udc9c = 2; const 한글 = 3; 😀 \ud800 x',
  'conso\\nle \\ a \\x',
  'const a\\u0062 = 1',
  '<<<<<<< HEAD\na\n=======\nb\n>>>>>>> branch',
  'a <<< b <<= c << d <= e < f',
  'x = "bad \ufffd rest" and more',
  'for (const x of y) { break; } typeof a instanceof b satisfies C as D; async function* g() { yield await 1; }',
  'if (x) { } /foo/.test(s); f(function () {} / 2)',
];

/** The snippets the scan leaves to `typescript`: a name written with an escape, merge-conflict markers. */
const LEFT_TO_TYPESCRIPT: readonly string[] = ['const a\\u0062 = 1', '<<<<<<< HEAD\na\n=======\nb\n>>>>>>> branch'];

describe('the scan reads tokens as typescript does', () => {
  test('the scan is built', () => assert.ok(scriptScannerAvailable(), 'scriptScan.wasm is missing: `npm run build` compiles it'));

  test('tricky snippets', () => {
    const left: string[] = [];
    for (const text of SNIPPETS) if (assertSameReading(text, 'snippet') === 'left') left.push(text);
    // Only the name written with an escape and the conflict markers are left to `typescript`.
    assert.deepEqual(left, LEFT_TO_TYPESCRIPT);
  });

  test("this repository's TypeScript and the bench's webhook file", () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.ts')) files.push(path);
      }
    };
    walk(new URL('../../server/src', import.meta.url).pathname);
    assert.ok(files.length > 100, `${files.length} files`);
    for (const file of files) assert.equal(assertSameReading(readFileSync(file, 'utf8'), file), 'same');
    assert.equal(assertSameReading(generateScript(100_000), 'the bench file'), 'same');
  });

  test('random edits of them', () => {
    const seed = Number(process.env.SEED ?? 20261205);
    const random = prng(seed);
    const pieces = ["'", '"', '`', '/', '\\', '*', '{', '}', '${', '$', '#', '0', 'n', '.', 'e', '_', '<', '>', '=', '|', '!', '?', '\n', '\r', '\u2028', ' ', '\u00a0', 'x', '7', '9', '[', ']', '(', ')', '+', '-', '&', '@', ';', '\t', '😀', 'é', '\ud800', '\ufffd', '/*', '*/', '//'];
    const bases = [...SNIPPETS.filter((snippet) => !LEFT_TO_TYPESCRIPT.includes(snippet)), generateScript(4_000), readFileSync(new URL('../fixtures/ivr.ts', import.meta.url), 'utf8'), readFileSync(new URL('../fixtures/ivr.js', import.meta.url), 'utf8')];
    let same = 0;
    for (let run = 0; run < 3000; run++) {
      let text = random.pick(bases);
      for (let edit = 0, edits = 1 + random.int(4); edit < edits; edit++) {
        const at = random.int(text.length + 1);
        if (random.int(3) === 0) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + random.int(20)));
        else text = text.slice(0, at) + random.pick(pieces) + random.pick(pieces) + text.slice(at);
      }
      if (assertSameReading(text, `seed ${seed}, run ${run}`) === 'same') same++;
    }
    // An edit may write a `\u` escape into a name; little else is left to `typescript`.
    assert.ok(same > 2950, `${same} of 3000 read by the scan`);
  });

  test('hostile texts: a million of one token, a million open braces, half a million templates', () => {
    const million = 1_000_000;
    const cases: [string, string, number][] = [
      ['semicolons', ';'.repeat(million), million],
      ['open braces', '{'.repeat(million), million],
      ['empty templates', '``'.repeat(million / 2), million / 2],
      ['templates open in their `${`', '`${'.repeat(333_333), 333_333],
    ];
    for (const [what, text, tokens] of cases) {
      const scan = scanScript(text)!;
      assert.equal(scan.problem, undefined, what);
      assert.equal(scan.tape.length, tokens, what);
    }
    // Each `${` holds the next template: every one is open, with its one span running to the end.
    const nested = scanTemplates('`${'.repeat(1000))!;
    assert.equal(nested.templates.length, 1000);
    assert.ok(nested.templates.every((t) => !t.closed && t.end === 3000 && t.substitutions.length === 1 && t.substitutions[0]!.end === 3000));
  });

  test('the template scan keeps what the scan found', () => {
    const found = scanTemplates('const a = /* voiceml */ `<Say>${x}</Say>`;\nconst b = tag`<Play/>`;')!;
    assert.deepEqual(
      found.templates.map((t) => [t.marker, t.tag, t.start, t.end, t.substitutions.map((s) => [s.start, s.end])]),
      [
        ['voiceml', undefined, 24, 41, [[30, 34]]],
        [undefined, 'tag', 56, 65, []],
      ],
    );
    // An unterminated string may mean a `/` was read in the wrong role: not trusted, the parse decides.
    assert.equal(scanTemplates("const a = `<Say/>`; const b = 'open\n"), undefined);
  });
});
