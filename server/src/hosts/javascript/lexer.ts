/**
 * The tokens of a JS/TS file as `typescript`'s scanner reads them with trivia skipped (the same kinds, starts
 * and ends; `>` always alone, as the scanner leaves `>=` and `>>` to the parser), for the template scan
 * (`scanTemplates`): which only needs where tokens are and of what kind.
 *
 * Written by hand because the scanner does more than that for every token: it cooks the value of every
 * string and template literal (the VoiceML text of each template copied, escapes decoded) and interns every
 * identifier: on the bench's 100 KB file the scan took 1.1 ms with it, 0.7 ms with this. What this lexer cannot
 * read exactly as the scanner would — a name written with `\u` escapes, a merge-conflict marker — it
 * reports as not trusted, and the caller reads the file with `typescript` instead.
 */
import type * as TS from 'typescript';
import { NextOccurrence } from '../../document/search';
import { codeUnits } from '../../parser/units';

/** Why `scanTemplates` may not trust what the lexer read (the first such thing met). */
export const enum LexProblem {
  None = 0,
  /** An unterminated string or regular expression: a `/` or a quote may have been read in the wrong role. */
  Unterminated = 1,
  /** Something this lexer leaves to `typescript` (a `\u` escape in a name, a conflict marker). */
  NotRead = 2,
}

const enum C {
  tab = 9,
  lineFeed = 10,
  verticalTab = 11,
  formFeed = 12,
  carriageReturn = 13,
  space = 32,
  exclamation = 33,
  doubleQuote = 34,
  hash = 35,
  dollar = 36,
  percent = 37,
  ampersand = 38,
  singleQuote = 39,
  openParen = 40,
  closeParen = 41,
  asterisk = 42,
  plus = 43,
  comma = 44,
  minus = 45,
  dot = 46,
  slash = 47,
  _0 = 48,
  _1 = 49,
  _7 = 55,
  _9 = 57,
  colon = 58,
  semicolon = 59,
  lessThan = 60,
  equals = 61,
  greaterThan = 62,
  question = 63,
  at = 64,
  A = 65,
  F = 70,
  Z = 90,
  openBracket = 91,
  backslash = 92,
  closeBracket = 93,
  caret = 94,
  underscore = 95,
  backtick = 96,
  a = 97,
  b = 98,
  e = 101,
  f = 102,
  n = 110,
  o = 111,
  u = 117,
  x = 120,
  z = 122,
  openBrace = 123,
  bar = 124,
  closeBrace = 125,
  tilde = 126,
  lineSeparator = 0x2028,
  paragraphSeparator = 0x2029,
}

/**
 * The keywords by first two letters and length (`keywordSlot`), made from `typescript`'s own list once, in
 * typed arrays: a name is compared with the one or two keywords of its letters and length, without a string
 * made, and most names (whose slot holds none) with none. (Arrays of `{ text, kind }` in each slot cost a load
 * of the slot's array, of each keyword and of its text, and a `charCodeAt` per letter: 3 % more of the scan.)
 */
interface KeywordTable {
  /** By slot: 1 + the index of its first keyword; 0 when it holds none. */
  firsts: Uint8Array;
  /** By keyword: 1 + the index of the next keyword in its slot (`default`, `declare`); 0 after the last. */
  nexts: Uint8Array;
  kinds: Uint16Array;
  /** By keyword: its text's code units, from `KEYWORD_ROOM * index`. */
  units: Uint16Array;
}

/** Room for a keyword's code units (keywords have 2 to 12). */
const KEYWORD_ROOM = 16;

let keywordTable: KeywordTable | undefined;

/** A name's slot in the keyword table by its first two letters (lowercase ASCII) and its length (2 to 15). */
const keywordSlot = (first: number, second: number, length: number): number => ((first - C.a) * 26 + (second - C.a)) * 16 + length;

function keywordsOf(ts: typeof TS): KeywordTable {
  if (keywordTable) return keywordTable;
  const K = ts.SyntaxKind;
  const count = K.LastKeyword - K.FirstKeyword + 1;
  const table: KeywordTable = { firsts: new Uint8Array(26 * 26 * 16), nexts: new Uint8Array(count), kinds: new Uint16Array(count), units: new Uint16Array(count * KEYWORD_ROOM) };
  for (let k = 0; k < count; k++) {
    const kind = K.FirstKeyword + k;
    const text = ts.tokenToString(kind)!;
    table.kinds[k] = kind;
    for (let i = 0; i < text.length; i++) table.units[k * KEYWORD_ROOM + i] = text.charCodeAt(i);
    // Put first in its slot: the order within a slot does not matter, a name is at most one keyword.
    const slot = keywordSlot(text.charCodeAt(0), text.charCodeAt(1), text.length);
    table.nexts[k] = table.firsts[slot]!;
    table.firsts[slot] = k + 1;
  }
  return (keywordTable = table);
}

const isDigit = (c: number): boolean => c >= C._0 && c <= C._9;
/** 1 for the ASCII characters a name may go on with (letters, digits, `$`, `_`): one load per character of a name. */
const ASCII_NAME_PART = new Uint8Array(128).map((_, c) => ((c >= C.a && c <= C.z) || (c >= C.A && c <= C.Z) || (c >= C._0 && c <= C._9) || c === C.dollar || c === C.underscore ? 1 : 0));
/** 1 for the ASCII characters a name may start with (letters, `$`, `_`). */
const ASCII_NAME_START = new Uint8Array(128).map((_, c) => ((c >= C.a && c <= C.z) || (c >= C.A && c <= C.Z) || c === C.dollar || c === C.underscore ? 1 : 0));
const isHexDigit = (c: number): boolean => isDigit(c) || (c >= C.A && c <= C.F) || (c >= C.a && c <= C.f);
const isAsciiLetter = (c: number): boolean => (c >= C.a && c <= C.z) || (c >= C.A && c <= C.Z);

/**
 * Whether `text[from, to)` holds a line break (LF, CR, U+2028, U+2029, as `ts.isLineBreak` has them): for
 * trivia, whether the token after it follows a line break.
 */
export function lineBreakIn(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) {
    const c = text.charCodeAt(at);
    if (c === C.lineFeed || c === C.carriageReturn || c === C.lineSeparator || c === C.paragraphSeparator) return true;
  }
  return false;
}

export class Lexer {
  private readonly K: typeof TS.SyntaxKind;
  private readonly keywords: KeywordTable;
  private readonly end: number;
  /** The text's code units (`codeUnits`): what the lexer reads. */
  private readonly u: Uint16Array;
  private pos = 0;
  private fullStart = 0;
  private tokenStart = 0;
  private unterminated = false;
  /** The first problem met, if any (see `LexProblem`). */
  problem: LexProblem = LexProblem.None;
  /** The characters that end a run of template text, where each is next (see `template`). */
  private readonly backticks: NextOccurrence;
  private readonly dollars: NextOccurrence;
  private readonly backslashes: NextOccurrence;

  constructor(
    private readonly ts: typeof TS,
    private readonly text: string,
  ) {
    this.K = ts.SyntaxKind;
    this.keywords = keywordsOf(ts);
    this.end = text.length;
    this.u = codeUnits(text);
    this.backticks = new NextOccurrence(text, '`');
    this.dollars = new NextOccurrence(text, '$');
    this.backslashes = new NextOccurrence(text, '\\');
  }

  getTokenFullStart(): number {
    return this.fullStart;
  }
  getTokenStart(): number {
    return this.tokenStart;
  }
  getTokenEnd(): number {
    return this.pos;
  }
  /** Whether the trivia before the token holds a line break: read from the text when asked, not kept at every token. */
  hasPrecedingLineBreak(): boolean {
    return lineBreakIn(this.text, this.fullStart, this.tokenStart);
  }
  /** True when the last string, template part or regular expression read ran to the end without its close. */
  isUnterminated(): boolean {
    return this.unterminated;
  }

  private fail(problem: LexProblem): void {
    if (this.problem === LexProblem.None) this.problem = problem;
  }

  /** The next token's kind, trivia (white space, line breaks, comments, a shebang) skipped. */
  scan(): number {
    const { u, end, K } = this;
    let pos = this.pos;
    this.fullStart = pos;
    this.unterminated = false;
    // Trivia.
    for (;;) {
      if (pos >= end) {
        this.tokenStart = this.pos = end;
        return K.EndOfFileToken;
      }
      const c = u[pos]!;
      if (c === C.space || c === C.tab) {
        pos++;
        continue;
      }
      if (c === C.lineFeed || c === C.carriageReturn) {
        pos++;
        continue;
      }
      if (c === C.slash) {
        const next = u[pos + 1]!;
        if (next === C.slash) {
          pos += 2;
          while (pos < end && !this.isLineBreak(u[pos]!)) pos++;
          continue;
        }
        if (next === C.asterisk) {
          pos += 2;
          for (;;) {
            if (pos >= end) break;
            const d = u[pos]!;
            if (d === C.asterisk && u[pos + 1]! === C.slash) {
              pos += 2;
              break;
            }
            pos++;
          }
          continue;
        }
        break;
      }
      if (c === C.verticalTab || c === C.formFeed) {
        pos++;
        continue;
      }
      if (c === C.hash && pos === 0 && u[1]! === C.exclamation) {
        while (pos < end && !this.isLineBreak(u[pos]!)) pos++;
        continue;
      }
      if (c >= 128) {
        if (this.ts.isLineBreak(c)) {
          pos++;
          continue;
        }
        if (this.ts.isWhiteSpaceSingleLine(c)) {
          pos++;
          continue;
        }
      }
      break;
    }
    this.tokenStart = pos;
    const c = u[pos]!;
    // A name (or keyword) first: most tokens are.
    if (c < 128 && ASCII_NAME_START[c] === 1) return this.word(pos);
    const next = pos + 1 < end ? u[pos + 1]! : -1;
    switch (c) {
      case C.doubleQuote:
      case C.singleQuote:
        return this.string(pos, c);
      case C.backtick:
        return this.template(pos + 1, true);
      case C.exclamation:
        if (next === C.equals) return this.token(pos, u[pos + 2]! === C.equals ? 3 : 2, u[pos + 2]! === C.equals ? K.ExclamationEqualsEqualsToken : K.ExclamationEqualsToken);
        return this.token(pos, 1, K.ExclamationToken);
      case C.percent:
        return next === C.equals ? this.token(pos, 2, K.PercentEqualsToken) : this.token(pos, 1, K.PercentToken);
      case C.ampersand:
        if (next === C.ampersand) return u[pos + 2]! === C.equals ? this.token(pos, 3, K.AmpersandAmpersandEqualsToken) : this.token(pos, 2, K.AmpersandAmpersandToken);
        return next === C.equals ? this.token(pos, 2, K.AmpersandEqualsToken) : this.token(pos, 1, K.AmpersandToken);
      case C.openParen:
        return this.token(pos, 1, K.OpenParenToken);
      case C.closeParen:
        return this.token(pos, 1, K.CloseParenToken);
      case C.asterisk:
        if (next === C.equals) return this.token(pos, 2, K.AsteriskEqualsToken);
        if (next === C.asterisk) return u[pos + 2]! === C.equals ? this.token(pos, 3, K.AsteriskAsteriskEqualsToken) : this.token(pos, 2, K.AsteriskAsteriskToken);
        return this.token(pos, 1, K.AsteriskToken);
      case C.plus:
        if (next === C.plus) return this.token(pos, 2, K.PlusPlusToken);
        return next === C.equals ? this.token(pos, 2, K.PlusEqualsToken) : this.token(pos, 1, K.PlusToken);
      case C.comma:
        return this.token(pos, 1, K.CommaToken);
      case C.minus:
        if (next === C.minus) return this.token(pos, 2, K.MinusMinusToken);
        return next === C.equals ? this.token(pos, 2, K.MinusEqualsToken) : this.token(pos, 1, K.MinusToken);
      case C.dot:
        if (isDigit(next)) return this.number(pos);
        if (next === C.dot && u[pos + 2]! === C.dot) return this.token(pos, 3, K.DotDotDotToken);
        return this.token(pos, 1, K.DotToken);
      case C.slash:
        return next === C.equals ? this.token(pos, 2, K.SlashEqualsToken) : this.token(pos, 1, K.SlashToken);
      case C.colon:
        return this.token(pos, 1, K.ColonToken);
      case C.semicolon:
        return this.token(pos, 1, K.SemicolonToken);
      case C.lessThan:
        if (this.conflictMarkerAt(pos)) return this.notRead(pos);
        if (next === C.lessThan) return u[pos + 2]! === C.equals ? this.token(pos, 3, K.LessThanLessThanEqualsToken) : this.token(pos, 2, K.LessThanLessThanToken);
        return next === C.equals ? this.token(pos, 2, K.LessThanEqualsToken) : this.token(pos, 1, K.LessThanToken);
      case C.equals:
        if (this.conflictMarkerAt(pos)) return this.notRead(pos);
        if (next === C.equals) return u[pos + 2]! === C.equals ? this.token(pos, 3, K.EqualsEqualsEqualsToken) : this.token(pos, 2, K.EqualsEqualsToken);
        return next === C.greaterThan ? this.token(pos, 2, K.EqualsGreaterThanToken) : this.token(pos, 1, K.EqualsToken);
      case C.greaterThan:
        if (this.conflictMarkerAt(pos)) return this.notRead(pos);
        return this.token(pos, 1, K.GreaterThanToken);
      case C.question:
        if (next === C.dot && !isDigit(u[pos + 2]!)) return this.token(pos, 2, K.QuestionDotToken);
        if (next === C.question) return u[pos + 2]! === C.equals ? this.token(pos, 3, K.QuestionQuestionEqualsToken) : this.token(pos, 2, K.QuestionQuestionToken);
        return this.token(pos, 1, K.QuestionToken);
      case C.openBracket:
        return this.token(pos, 1, K.OpenBracketToken);
      case C.closeBracket:
        return this.token(pos, 1, K.CloseBracketToken);
      case C.caret:
        return next === C.equals ? this.token(pos, 2, K.CaretEqualsToken) : this.token(pos, 1, K.CaretToken);
      case C.openBrace:
        return this.token(pos, 1, K.OpenBraceToken);
      case C.bar:
        if (this.conflictMarkerAt(pos)) return this.notRead(pos);
        if (next === C.bar) return u[pos + 2]! === C.equals ? this.token(pos, 3, K.BarBarEqualsToken) : this.token(pos, 2, K.BarBarToken);
        return next === C.equals ? this.token(pos, 2, K.BarEqualsToken) : this.token(pos, 1, K.BarToken);
      case C.closeBrace:
        return this.token(pos, 1, K.CloseBraceToken);
      case C.tilde:
        return this.token(pos, 1, K.TildeToken);
      case C.at:
        return this.token(pos, 1, K.AtToken);
      case C.backslash:
        // `\u0061bc`: a name written with an escape, left to `typescript`; any other `\` one unknown character.
        return next === C.u ? this.notRead(pos) : this.token(pos, 1, K.Unknown);
      case C.hash:
        // `#!` anywhere but at the start is one unknown character; `#` alone a private name without its name.
        if (next === C.exclamation) return this.token(pos, 1, K.Unknown);
        if (pos + 1 < end && this.identifierStartAt(pos + 1) > 0) {
          this.pos = this.identifierEnd(pos + 1);
          return K.PrivateIdentifier;
        }
        return this.token(pos, 1, K.PrivateIdentifier);
    }
    // U+FFFD, as a text decoded from bytes that are not UTF-8 has: the scanner takes the rest for binary.
    if (c === 0xfffd) return this.token(pos, end - pos, K.NonTextFileMarkerTrivia);
    if (isDigit(c)) return this.number(pos);
    if (c >= 128 && this.identifierStartAt(pos) > 0) return this.word(pos);
    // A character no token starts with: one `Unknown` token, as the scanner makes.
    return this.token(pos, this.text.codePointAt(pos)! > 0xffff ? 2 : 1, K.Unknown);
  }

  /**
   * After a `}` that closes a `${…}`: the template's text from that `}` on — a `TemplateMiddle` up to the next
   * `${`, or a `TemplateTail` to the closing backtick.
   */
  reScanTemplateToken(): number {
    this.unterminated = false;
    return this.template(this.tokenStart + 1, false);
  }

  /** After a `/` or `/=` where a regular expression may start: the whole literal, its flags included. */
  reScanSlashToken(): number {
    const { u, end } = this;
    let pos = this.tokenStart + 1;
    let inEscape = false;
    let inClass = false;
    for (;;) {
      if (pos >= end || this.isLineBreak(u[pos]!)) {
        this.unterminated = true;
        this.fail(LexProblem.Unterminated);
        break;
      }
      const c = u[pos]!;
      if (inEscape) inEscape = false;
      else if (c === C.slash && !inClass) {
        pos++;
        break;
      } else if (c === C.openBracket) inClass = true;
      else if (c === C.backslash) inEscape = true;
      else if (c === C.closeBracket) inClass = false;
      pos++;
    }
    // The flags: the name characters right after it.
    while (pos < end) {
      const size = this.identifierPartAt(pos);
      if (size === 0) break;
      pos += size;
    }
    this.pos = pos;
    return this.K.RegularExpressionLiteral;
  }

  private token(pos: number, length: number, kind: number): number {
    this.pos = pos + length;
    return kind;
  }

  private notRead(pos: number): number {
    this.fail(LexProblem.NotRead);
    this.pos = pos + 1;
    return this.K.Unknown;
  }

  private isLineBreak(c: number): boolean {
    return c === C.lineFeed || c === C.carriageReturn || c === C.lineSeparator || c === C.paragraphSeparator;
  }

  /** Seven `<`, `=`, `>` or `|` at the start of a line: a merge-conflict marker, which the scanner skips in its own way. */
  private conflictMarkerAt(pos: number): boolean {
    const { u } = this;
    if (pos > 0 && !this.isLineBreak(u[pos - 1]!)) return false;
    if (pos + 7 > this.end) return false;
    const c = u[pos]!;
    for (let i = 1; i < 7; i++) if (u[pos + i]! !== c) return false;
    return true;
  }

  private string(pos: number, quote: number): number {
    const { u, end } = this;
    pos++;
    for (;;) {
      if (pos >= end) {
        this.unterminated = true;
        this.fail(LexProblem.Unterminated);
        break;
      }
      const c = u[pos]!;
      if (c === quote) {
        pos++;
        break;
      }
      if (c === C.backslash) {
        // An escaped line break continues the string (`\` CR LF is one).
        pos += u[pos + 1]! === C.carriageReturn && u[pos + 2]! === C.lineFeed ? 3 : 2;
        continue;
      }
      if (c === C.lineFeed || c === C.carriageReturn) {
        this.unterminated = true;
        this.fail(LexProblem.Unterminated);
        break;
      }
      pos++;
    }
    this.pos = Math.min(pos, end);
    return this.K.StringLiteral;
  }

  /**
   * Template text from `pos` (after the backtick, or after the `}` of a `${…}`) to a backtick or a `${`: from
   * one of the three characters that can end a run of it (`` ` ``, `$`, `\`) to the next, as `indexOf` finds
   * them, not character by character. Template text is most of a webhook file: on the bench's 100 KB file the
   * scan took 0.63 ms reading it a character at a time, 0.555 ms this way.
   */
  private template(pos: number, first: boolean): number {
    const { end, K } = this;
    for (;;) {
      const backtick = this.backticks.after(pos);
      const backslash = this.backslashes.after(pos);
      const at = Math.min(backtick, this.dollars.after(pos), backslash);
      if (at >= end) {
        this.unterminated = true;
        this.pos = end;
        return first ? K.NoSubstitutionTemplateLiteral : K.TemplateTail;
      }
      if (at === backtick) {
        this.pos = at + 1;
        return first ? K.NoSubstitutionTemplateLiteral : K.TemplateTail;
      }
      if (at === backslash) {
        pos = at + 2;
        continue;
      }
      if (this.u[at + 1]! === C.openBrace) {
        this.pos = at + 2;
        return first ? K.TemplateHead : K.TemplateMiddle;
      }
      pos = at + 1;
    }
  }

  /**
   * A numeric literal, where the scanner ends it: `07` (legacy octal) at its digits, `08.5` (a leading zero)
   * after its fraction and exponent, `0x1f` at its digits and a BigInt's `n`; a decimal one takes in an `n`
   * right after it (`1n`, and `1.5n` or `1nn`, which it reports), but not a longer name (`1abc` is `1`, `abc`).
   */
  private number(pos: number): number {
    const { u, end, K } = this;
    const digitsFrom = (from: number, digit: (d: number) => boolean): number => {
      while (from < end && (digit(u[from]!) || u[from]! === C.underscore)) from++;
      return from;
    };
    let kind: number = K.NumericLiteral;
    const c = u[pos]!;
    // `0x` … with a character after it, whatever it is (`0x` at the very end is `0`, `x`).
    const radix = c === C._0 && pos + 2 < end ? u[pos + 1]! | 0x20 : 0;
    if (radix === C.x || radix === C.b || radix === C.o) {
      pos = digitsFrom(pos + 2, radix === C.x ? isHexDigit : radix === C.b ? (d) => d === C._0 || d === C._1 : (d) => d >= C._0 && d <= C._7);
      if (u[pos]! === C.n) {
        pos++;
        kind = K.BigIntLiteral;
      }
      return this.token(pos, 0, kind);
    }
    let leadingZero = false;
    if (c === C._0 && isDigit(u[pos + 1]!)) {
      // `0` and more digits (no separators): all octal is a legacy octal literal, which ends there.
      let octal = true;
      pos++;
      while (pos < end && isDigit(u[pos]!)) {
        if (u[pos]! > C._7) octal = false;
        pos++;
      }
      if (octal) return this.token(pos, 0, K.NumericLiteral);
      leadingZero = true;
    } else {
      pos = digitsFrom(pos, isDigit);
    }
    let integer = true;
    if (u[pos]! === C.dot) {
      integer = false;
      pos = digitsFrom(pos + 1, isDigit);
    }
    if ((u[pos]! | 0x20) === C.e) {
      integer = false;
      pos++;
      const sign = u[pos]!;
      if (sign === C.plus || sign === C.minus) pos++;
      pos = digitsFrom(pos, isDigit);
    }
    if (leadingZero) return this.token(pos, 0, K.NumericLiteral);
    if (integer && u[pos]! === C.n) {
      pos++;
      kind = K.BigIntLiteral;
    }
    return this.token(this.loneN(pos), 0, kind);
  }

  /** After a number: past an `n` that is a whole name by itself. */
  private loneN(pos: number): number {
    return this.u[pos]! === C.n && (pos + 1 >= this.end || this.identifierPartAt(pos + 1) === 0) ? pos + 1 : pos;
  }

  /** A name, or the keyword it spells (keywords are 2 to 12 lowercase letters). */
  private word(start: number): number {
    const { u } = this;
    const end = this.identifierEnd(start);
    this.pos = end;
    const length = end - start;
    const first = u[start]!;
    const second = u[start + 1]!;
    if (length >= 2 && length <= 12 && first >= C.a && first <= C.z && second >= C.a && second <= C.z) {
      // Compared where the name stands, from its third letter (a call of `startsWith` per keyword cost more).
      const { firsts, nexts, kinds, units } = this.keywords;
      for (let k = firsts[keywordSlot(first, second, length)]! - 1; k >= 0; k = nexts[k]! - 1) {
        const keyword = k * KEYWORD_ROOM;
        let i = 2;
        while (i < length && u[start + i]! === units[keyword + i]!) i++;
        if (i === length) return kinds[k]!;
      }
    }
    return this.K.Identifier;
  }

  /** Where the name that starts at `start` ends; a `\u` escape in it is left to `typescript`. */
  private identifierEnd(start: number): number {
    const { u, end } = this;
    // The callers found a name's first character at `start`: one code unit when it is ASCII.
    let pos = start + (u[start]! < 128 ? 1 : this.identifierStartAt(start));
    while (pos < end) {
      const c = u[pos]!;
      if (c < 128 && ASCII_NAME_PART[c] === 1) {
        pos++;
        continue;
      }
      if (c === C.backslash) {
        if (u[pos + 1]! !== C.u) break;
        this.fail(LexProblem.NotRead);
        return pos + 1;
      }
      if (c < 128) break;
      const size = this.identifierPartAt(pos);
      if (size === 0) break;
      pos += size;
    }
    return pos;
  }

  /** The length of the name-starting character at `pos` (2 for one outside the BMP), 0 when there is none. */
  private identifierStartAt(pos: number): number {
    const c = this.text.codePointAt(pos)!;
    if (c < 128) return isAsciiLetter(c) || c === C.dollar || c === C.underscore ? 1 : 0;
    return this.ts.isIdentifierStart(c, this.ts.ScriptTarget.Latest) ? (c > 0xffff ? 2 : 1) : 0;
  }

  private identifierPartAt(pos: number): number {
    const c = this.text.codePointAt(pos)!;
    if (c < 128) return isAsciiLetter(c) || isDigit(c) || c === C.dollar || c === C.underscore ? 1 : 0;
    return this.ts.isIdentifierPart(c, this.ts.ScriptTarget.Latest) ? (c > 0xffff ? 2 : 1) : 0;
  }
}
