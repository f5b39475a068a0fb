/**
 * The scan of a JS/TS file: its tokens as `typescript`'s scanner reads them with trivia skipped (the same kinds,
 * starts and ends), on a tape (`TokenTape`), and its template literals with their `${…}` spans, as records —
 * read by WebAssembly (`server/wasm/scriptScan.ts`, compiled by the build). `templates.ts` makes the templates
 * of them; the calls receiving VoiceML (`sinks.ts`) read the tape, and the names the file binds are read from
 * it by the same WebAssembly (`bindingRecords`, for `bindings.ts`).
 *
 * A scan alone cannot know whether `/` starts a regular expression: it decides from the previous token, as
 * editors' highlighters do, and says when it read a text it cannot be sure of (an unterminated string or
 * regular expression usually means a `/` or a quote was read in the wrong role, `if (x) /'/.test(s)`, and every
 * token after it may be off) or cannot read as the scanner would (a name written with a `\u` escape, a
 * merge-conflict marker): the caller parses the file then, as it does without the WebAssembly (the sources
 * never built).
 *
 * Written by hand, and in WebAssembly, because the scan runs at every open and every change of every open
 * JS/TS file that may hold VoiceML: `typescript`'s scanner cooks the value of every string and template (the
 * VoiceML text of each copied, escapes decoded) and interns every name: 1.1 ms for the bench's 100 KB file. A
 * lexer of our own in JavaScript, which read only where tokens are and of what kind, took 0.42 ms with the
 * tape and the templates, and its binding pass over the tape ~0.2 ms more: together over a quarter of opening
 * that file. This one takes 0.33 ms for the scan and half the binding pass's time (measured in pairs of
 * builds in one process: the open 12–14 % faster); and the optimizing compiler's state after large XML
 * documents, which slows JavaScript by some per cent, does not reach it.
 */
import type * as TS from 'typescript';
import { typescript } from './typescript';
import { instantiate } from '../../webAssembly';
import { align, grown, releaseWhenIdle, type WasmMemory } from '../../parser/wasm';

/** What the scan asks of `typescript` about characters above ASCII (imports of the WebAssembly). */
interface ScanImports {
  whiteSpace(c: number): boolean;
  identifierStart(c: number): boolean;
  identifierPart(c: number): boolean;
}

/** An instance of `scriptScan.wasm`: its exports. */
export interface ScriptScanner {
  memory: WasmMemory;
  TEXT: { value: number };
  setKind(code: number, kind: number, divides: boolean): void;
  keywordUnitsAt(k: number): number;
  addKeyword(k: number, length: number): void;
  scan(
    n: number,
    tapeAt: number,
    tapeRoom: number,
    templatesAt: number,
    templateRoom: number,
    spansAt: number,
    spanRoom: number,
    bracesAt: number,
    braceRoom: number,
  ): number;
  tokens(): number;
  templates(): number;
  spans(): number;
  problem(): number;
  setRole(kind: number, role: number, flags: number): void;
  bind(n: number, count: number, startsAt: number, endsAt: number, kindsAt: number, recordsAt: number, room: number, workAt: number, helperFrom: number): number;
  helperOffset(): number;
}

/**
 * The scan's token codes, in order (`scriptScan.ts` numbers them so): the names of their `ts.SyntaxKind`.
 * Keywords come after, from `KEYWORD`, in `typescript`'s order.
 */
const TOKEN_NAMES = [
  'Unknown',
  'Identifier',
  'PrivateIdentifier',
  'StringLiteral',
  'NoSubstitutionTemplateLiteral',
  'TemplateHead',
  'TemplateMiddle',
  'TemplateTail',
  'RegularExpressionLiteral',
  'NumericLiteral',
  'BigIntLiteral',
  'NonTextFileMarkerTrivia',
  'ExclamationEqualsEqualsToken',
  'ExclamationEqualsToken',
  'ExclamationToken',
  'PercentEqualsToken',
  'PercentToken',
  'AmpersandAmpersandEqualsToken',
  'AmpersandAmpersandToken',
  'AmpersandEqualsToken',
  'AmpersandToken',
  'OpenParenToken',
  'CloseParenToken',
  'AsteriskEqualsToken',
  'AsteriskAsteriskEqualsToken',
  'AsteriskAsteriskToken',
  'AsteriskToken',
  'PlusPlusToken',
  'PlusEqualsToken',
  'PlusToken',
  'CommaToken',
  'MinusMinusToken',
  'MinusEqualsToken',
  'MinusToken',
  'DotDotDotToken',
  'DotToken',
  'SlashEqualsToken',
  'SlashToken',
  'ColonToken',
  'SemicolonToken',
  'LessThanLessThanEqualsToken',
  'LessThanLessThanToken',
  'LessThanEqualsToken',
  'LessThanToken',
  'EqualsEqualsEqualsToken',
  'EqualsEqualsToken',
  'EqualsGreaterThanToken',
  'EqualsToken',
  'GreaterThanToken',
  'QuestionDotToken',
  'QuestionQuestionEqualsToken',
  'QuestionQuestionToken',
  'QuestionToken',
  'OpenBracketToken',
  'CloseBracketToken',
  'CaretEqualsToken',
  'CaretToken',
  'OpenBraceToken',
  'BarBarEqualsToken',
  'BarBarToken',
  'BarEqualsToken',
  'BarToken',
  'CloseBraceToken',
  'TildeToken',
  'AtToken',
] as const satisfies readonly (keyof typeof TS.SyntaxKind)[];
const KEYWORD = 128;

/**
 * The tokens after which a `/` divides (it starts a regular expression after the others): what ends an
 * expression. Keywords that are not reserved words (`type`, `of`, `as` …) too: usually names there.
 */
const DIVIDES_AFTER: readonly (keyof typeof TS.SyntaxKind)[] = [
  'Identifier',
  'PrivateIdentifier',
  'NumericLiteral',
  'BigIntLiteral',
  'StringLiteral',
  'RegularExpressionLiteral',
  'NoSubstitutionTemplateLiteral',
  'TemplateTail',
  'CloseParenToken',
  'CloseBracketToken',
  'CloseBraceToken',
  'PlusPlusToken',
  'MinusMinusToken',
  'ThisKeyword',
  'SuperKeyword',
  'TrueKeyword',
  'FalseKeyword',
  'NullKeyword',
];

/** The kinds `bind` (in `scriptScan.ts`) tells apart, in the order of its roles (from 1): those it looks at wherever they stand first (`MARKED`). */
const ROLE_NAMES = [
  'TemplateHead',
  'TemplateMiddle',
  'TemplateTail',
  'OpenBraceToken',
  'CloseBraceToken',
  'OpenParenToken',
  'CloseParenToken',
  'OpenBracketToken',
  'CloseBracketToken',
  'EqualsGreaterThanToken',
  'LetKeyword',
  'ConstKeyword',
  'VarKeyword',
  'ImportKeyword',
  'FunctionKeyword',
  'AsteriskToken',
  'ClassKeyword',
  'EnumKeyword',
  'Identifier',
  'StringLiteral',
  'SemicolonToken',
  'CommaToken',
  'EqualsToken',
  'DotToken',
  'QuestionDotToken',
  'ColonToken',
] as const satisfies readonly (keyof typeof TS.SyntaxKind)[];

// What `bind` asks of a kind (its flags, `scriptScan.ts`).
/**
 * Looked at wherever it stands: what opens or closes something, starts a declaration or an import — the roles
 * up to `import`.
 */
const MARKED: readonly (keyof typeof TS.SyntaxKind)[] = ROLE_NAMES.slice(0, ROLE_NAMES.indexOf('ImportKeyword') + 1);
/** Names the name after it (`function f`, `function* g`, `class C`, `enum E`). */
const NAMES: readonly (keyof typeof TS.SyntaxKind)[] = ['FunctionKeyword', 'AsteriskToken', 'ClassKeyword', 'EnumKeyword'];
/** Keywords whose `( … )` is a condition or an operand, not a parameter list. */
const CONDITIONS: readonly (keyof typeof TS.SyntaxKind)[] = [
  'IfKeyword',
  'WhileKeyword',
  'ForKeyword',
  'SwitchKeyword',
  'WithKeyword',
  'ReturnKeyword',
  'TypeOfKeyword',
  'AwaitKeyword',
  'YieldKeyword',
  'VoidKeyword',
  'DeleteKeyword',
  'NewKeyword',
  'InKeyword',
  'OfKeyword',
  'CaseKeyword',
];
const F_MARKED = 1;
const F_NAMES = 2;
const F_CONDITION = 4;
const F_STARTS_STATEMENT = 8;
const F_DECLARATION_START = 16;

/** The flags of `kind` in `bind`. */
function bindFlags(ts: typeof TS, kind: TS.SyntaxKind): number {
  const K = ts.SyntaxKind;
  const isKeyword = kind >= K.FirstKeyword && kind <= K.LastKeyword;
  const named = (names: readonly (keyof typeof TS.SyntaxKind)[]): boolean => names.some((name) => K[name] === kind);
  // After a line break, a token that starts a new statement rather than continue an expression.
  const startsStatement =
    [K.Identifier, K.StringLiteral, K.NumericLiteral, K.OpenBraceToken, K.PlusPlusToken, K.MinusMinusToken, K.ExclamationToken, K.AtToken].includes(kind) ||
    (isKeyword && ![K.InKeyword, K.InstanceOfKeyword, K.AsKeyword, K.SatisfiesKeyword].includes(kind));
  // After `let` (also a name: `let = 1`, `let[0]`), what makes it a declaration: a name or a pattern.
  const declarationStart = kind === K.Identifier || kind === K.OpenBraceToken || kind === K.OpenBracketToken || (kind > K.LastReservedWord && kind <= K.LastKeyword);
  return (
    (named(MARKED) ? F_MARKED : 0) |
    (named(NAMES) ? F_NAMES : 0) |
    (named(CONDITIONS) ? F_CONDITION : 0) |
    (startsStatement ? F_STARTS_STATEMENT : 0) |
    (declarationStart ? F_DECLARATION_START : 0)
  );
}

/**
 * The significant tokens of a scan (no trivia), as the scan read them (a `}` closing a `${…}` is the
 * template part it starts, a `/` starting a regular expression is the whole literal), in typed arrays.
 */
export class TokenTape {
  readonly kinds: Uint16Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** Told apart from every other tape by this number. */
  readonly serial = ++tapesMade;

  constructor(readonly length: number) {
    // One allocation outside the JavaScript heap instead of three, not filled with zeros (all is written).
    const { buffer } = Buffer.allocUnsafeSlow(length * 10);
    this.starts = new Int32Array(buffer, 0, length);
    this.ends = new Int32Array(buffer, length * 4, length);
    this.kinds = new Uint16Array(buffer, length * 8, length);
  }
}

/** What a scan read: the tape, and the templates and spans as records (see `TEMPLATE` and `SPAN`). */
export interface ScriptScan {
  /**
   * Why it is not to be trusted, if it is not: an unterminated string or regular expression, or something
   * only `typescript` reads so (a name written with a `\u` escape, a merge-conflict marker). The scan stops
   * there: the tape ends with the token it is in (its end may not be the scanner's), the records with what
   * was found before.
   */
  problem: 'unterminated' | 'not read' | undefined;
  tape: TokenTape;
  /** Per template, in order of their start: start, end, content end, closed (1 or 0), the full start of its token (trivia before it included), its tag's start and end (-1: none). */
  templates: Int32Array;
  /** Per `${…}`, in the order they close: its template's index, start, end, the expression's end. */
  spans: Int32Array;
}

/** Numbers per record (`scriptScan.ts` writes them). */
export const TEMPLATE = 7;
export const SPAN = 4;

/** What `scan` returns: done (0), not to be trusted (1, see `problem`), or in need of more room for the tape, the templates, the spans or the open braces (2 to 5). */
const FULL = 2;
const PROBLEMS = [undefined, 'unterminated', 'not read'] as const;

let instance: ScriptScanner | undefined;

/** Lets a large instance go once nothing was scanned for a while (see `releaseWhenIdle`). */
const keepAwhile = releaseWhenIdle(() => {
  instance = undefined;
});

/** Is the scan there (built)? */
export function scriptScannerAvailable(): boolean {
  return scanner() !== undefined;
}

/** The instance, made (and given the kinds and the keywords) when there is none. */
function scanner(): ScriptScanner | undefined {
  if (instance !== undefined) return instance;
  const ts = typescript();
  const imports: ScanImports = {
    whiteSpace: (c) => ts.isWhiteSpaceSingleLine(c),
    identifierStart: (c) => ts.isIdentifierStart(c, ts.ScriptTarget.Latest),
    identifierPart: (c) => ts.isIdentifierPart(c, ts.ScriptTarget.Latest),
  };
  const made = instantiate('scriptScan', { ...imports }) as ScriptScanner | undefined;
  if (made === undefined) return undefined;
  const K = ts.SyntaxKind;
  const divides = new Set(DIVIDES_AFTER.map((name) => K[name] as number));
  TOKEN_NAMES.forEach((name, code) => made.setKind(code, K[name], divides.has(K[name])));
  for (let kind = K.FirstKeyword; kind <= K.LastKeyword; kind++) {
    const k = kind - K.FirstKeyword;
    const word = ts.tokenToString(kind)!;
    const units = new Uint16Array(made.memory.buffer, made.keywordUnitsAt(k), word.length);
    for (let i = 0; i < word.length; i++) units[i] = word.charCodeAt(i);
    made.addKeyword(k, word.length);
    made.setKind(KEYWORD + k, kind, divides.has(kind) || kind > K.LastReservedWord);
  }
  const roles = new Map<number, number>(ROLE_NAMES.map((name, k) => [K[name], k + 1]));
  for (let kind = 0; kind < K.Count; kind++) made.setRole(kind, roles.get(kind) ?? 0, bindFlags(ts, kind));
  return (instance = made);
}

/** The scan of `text`; undefined when there is none (not built). */
export function scanScript(text: string): ScriptScan | undefined {
  const wasm = scanner();
  if (wasm === undefined) return undefined;
  const n = text.length;
  // Room for each kind of record, times the usual: twice as much for the one that runs out.
  const rooms = [1, 1, 1, 1];
  for (;;) {
    const layout = layoutFor(n, wasm.TEXT.value, rooms);
    if (!grown(wasm.memory, layout.size)) return undefined;
    const { buffer } = wasm.memory;
    // The text's code units, and four zeros after them: a look past the end reads one.
    const bytes = Buffer.from(buffer, layout.textAt, 2 * n + 8);
    bytes.write(text, 0, 'utf16le');
    bytes.fill(0, 2 * n);
    const done = wasm.scan(n, layout.tapeAt, layout.tapeRoom, layout.templatesAt, layout.templateRoom, layout.spansAt, layout.spanRoom, layout.bracesAt, layout.braceRoom);
    keepAwhile(wasm.memory);
    if (done >= FULL) {
      rooms[done - FULL]! *= 2;
      continue;
    }
    const tokens = wasm.tokens();
    const tape = new TokenTape(tokens);
    tape.starts.set(new Int32Array(buffer, layout.tapeAt, tokens));
    tape.ends.set(new Int32Array(buffer, layout.tapeAt + layout.tapeRoom * 4, tokens));
    tape.kinds.set(new Uint16Array(buffer, layout.tapeAt + layout.tapeRoom * 8, tokens));
    resident = { instance: wasm, serial: tape.serial, startsAt: layout.tapeAt, endsAt: layout.tapeAt + layout.tapeRoom * 4, kindsAt: layout.tapeAt + layout.tapeRoom * 8, freeAt: align(layout.size) };
    return {
      problem: PROBLEMS[wasm.problem()],
      tape,
      templates: new Int32Array(buffer, layout.templatesAt, wasm.templates() * TEMPLATE).slice(),
      spans: new Int32Array(buffer, layout.spansAt, wasm.spans() * SPAN).slice(),
    };
  }
}

/** The bindings `bind` found: six arrays of one number per binding (see `bind`), and where a helper may go. */
export interface BindingRecords {
  nameStarts: Int32Array;
  nameEnds: Int32Array;
  scopeStarts: Int32Array;
  scopeEnds: Int32Array;
  initStarts: Int32Array;
  initEnds: Int32Array;
  helperOffset: number;
}

/**
 * Where the last scan left its text and tape in memory, with the instance it is in and the tape's serial
 * number (not the tape, which this would keep): the binding pass
 * (`bindingRecords`), which is asked for right after the scan of the same file, finds them there.
 */
let resident: { instance: ScriptScanner; serial: number; startsAt: number; endsAt: number; kindsAt: number; freeAt: number } | undefined;
let tapesMade = 0;

/**
 * The names `text` binds, from its `tape` (see `bind` in `scriptScan.ts` and `bindings.ts`); `helperFrom`: where
 * a helper may go before any import. Undefined when there is no scan (not built).
 */
export function bindingRecords(text: string, tape: TokenTape, helperFrom: number): BindingRecords | undefined {
  const wasm = scanner();
  if (wasm === undefined) return undefined;
  const n = text.length;
  const count = tape.length;
  let place = resident !== undefined && resident.instance === wasm && resident.serial === tape.serial ? resident : undefined;
  if (place === undefined) {
    // Not the last scan's: the text and the tape written again.
    const startsAt = align(wasm.TEXT.value + 2 * n + 8);
    const endsAt = startsAt + 4 * count;
    const kindsAt = endsAt + 4 * count;
    if (!grown(wasm.memory, kindsAt + 2 * count)) return undefined;
    const { buffer } = wasm.memory;
    Buffer.from(buffer, wasm.TEXT.value, 2 * n).write(text, 0, 'utf16le');
    new Int32Array(buffer, startsAt, count).set(tape.starts);
    new Int32Array(buffer, endsAt, count).set(tape.ends);
    new Uint16Array(buffer, kindsAt, count).set(tape.kinds);
    place = resident = { instance: wasm, serial: tape.serial, startsAt, endsAt, kindsAt, freeAt: align(kindsAt + 2 * count) };
  }
  for (let room = count + 16; ; room *= 2) {
    const recordsAt = place.freeAt;
    const workAt = recordsAt + 24 * room;
    if (!grown(wasm.memory, workAt + 20 * (count + 1) + 8 * room)) return undefined;
    const found = wasm.bind(n, count, place.startsAt, place.endsAt, place.kindsAt, recordsAt, room, workAt, helperFrom);
    keepAwhile(wasm.memory);
    if (found < 0) continue;
    const records = (k: number): Int32Array => new Int32Array(wasm.memory.buffer, recordsAt + 4 * room * k, found).slice();
    return { nameStarts: records(0), nameEnds: records(1), scopeStarts: records(2), scopeEnds: records(3), initStarts: records(4), initEnds: records(5), helperOffset: wasm.helperOffset() };
  }
}

/**
 * Where the text and the records go in memory, with room for the tape, the templates, the spans and the open
 * braces `rooms` times the usual: about one token per 4 characters of code, a template per 64, a span per 32, a
 * brace open per 16 (more only in odd files, which are scanned again with more room for what ran out).
 */
function layoutFor(n: number, textAt: number, rooms: readonly number[]) {
  const tapeRoom = rooms[0]! * ((n >> 2) + 16);
  const templateRoom = rooms[1]! * ((n >> 6) + 16);
  const spanRoom = rooms[2]! * ((n >> 5) + 16);
  const braceRoom = rooms[3]! * ((n >> 4) + 16);
  const tapeAt = align(textAt + 2 * n + 8);
  const templatesAt = align(tapeAt + tapeRoom * 10);
  const spansAt = templatesAt + templateRoom * TEMPLATE * 4;
  const bracesAt = spansAt + spanRoom * SPAN * 4;
  return { textAt, tapeAt, tapeRoom, templatesAt, templateRoom, spansAt, spanRoom, bracesAt, braceRoom, size: bracesAt + braceRoom * 8 };
}
