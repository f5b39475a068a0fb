// The script scan (AssemblyScript, compiled to WebAssembly by the build): the tokens of a JS/TS file as
// `typescript`'s scanner reads them with trivia skipped — the same kinds, starts and ends; `>` always alone, as
// the scanner leaves `>=` and `>>` to the parser —, with a `}` that closes a `${…}` read as the template text
// after it and a `/` where a regular expression may start read as one, into a tape of tokens; and every
// template literal with its `${…}` spans. What it cannot read exactly as the scanner would (a name written
// with a `\u` escape, a merge-conflict marker) or cannot trust (an unterminated string or regular expression:
// a `/` or a quote was likely read in the wrong role) it reports, and the caller parses the file instead.
// Then, when asked (`bind`, at the end), the names the file binds, from the tape. Why it exists and what it is
// measured to save: `server/src/hosts/javascript/scan.ts`.
//
// Its token codes are its own (`TOKEN_NAMES` in scan.ts names them in this order); JS gives each one's
// `ts.SyntaxKind`, which the tape holds, and the keywords from `typescript`'s own list. Whether a character
// above ASCII starts or goes on with a name, or is white space, it asks JS (`typescript` again): such
// characters are rare in code (text, strings and comments are passed over without asking).

// Token codes (see `TOKEN_NAMES` in scan.ts, same order).
const UNKNOWN: i32 = 0;
const IDENTIFIER: i32 = 1;
const PRIVATE_IDENTIFIER: i32 = 2;
const STRING: i32 = 3;
const NO_SUBSTITUTION_TEMPLATE: i32 = 4;
const TEMPLATE_HEAD: i32 = 5;
const TEMPLATE_MIDDLE: i32 = 6;
const TEMPLATE_TAIL: i32 = 7;
const REGULAR_EXPRESSION: i32 = 8;
const NUMERIC: i32 = 9;
const BIGINT: i32 = 10;
const NON_TEXT: i32 = 11;
const EXCLAMATION_EQUALS_EQUALS: i32 = 12;
const EXCLAMATION_EQUALS: i32 = 13;
const EXCLAMATION: i32 = 14;
const PERCENT_EQUALS: i32 = 15;
const PERCENT: i32 = 16;
const AMPERSAND_AMPERSAND_EQUALS: i32 = 17;
const AMPERSAND_AMPERSAND: i32 = 18;
const AMPERSAND_EQUALS: i32 = 19;
const AMPERSAND: i32 = 20;
const OPEN_PAREN: i32 = 21;
const CLOSE_PAREN: i32 = 22;
const ASTERISK_EQUALS: i32 = 23;
const ASTERISK_ASTERISK_EQUALS: i32 = 24;
const ASTERISK_ASTERISK: i32 = 25;
const ASTERISK: i32 = 26;
const PLUS_PLUS: i32 = 27;
const PLUS_EQUALS: i32 = 28;
const PLUS: i32 = 29;
const COMMA: i32 = 30;
const MINUS_MINUS: i32 = 31;
const MINUS_EQUALS: i32 = 32;
const MINUS: i32 = 33;
const DOT_DOT_DOT: i32 = 34;
const DOT: i32 = 35;
const SLASH_EQUALS: i32 = 36;
const SLASH: i32 = 37;
const COLON: i32 = 38;
const SEMICOLON: i32 = 39;
const LESS_THAN_LESS_THAN_EQUALS: i32 = 40;
const LESS_THAN_LESS_THAN: i32 = 41;
const LESS_THAN_EQUALS: i32 = 42;
const LESS_THAN: i32 = 43;
const EQUALS_EQUALS_EQUALS: i32 = 44;
const EQUALS_EQUALS: i32 = 45;
const EQUALS_GREATER_THAN: i32 = 46;
const EQUALS: i32 = 47;
const GREATER_THAN: i32 = 48;
const QUESTION_DOT: i32 = 49;
const QUESTION_QUESTION_EQUALS: i32 = 50;
const QUESTION_QUESTION: i32 = 51;
const QUESTION: i32 = 52;
const OPEN_BRACKET: i32 = 53;
const CLOSE_BRACKET: i32 = 54;
const CARET_EQUALS: i32 = 55;
const CARET: i32 = 56;
const OPEN_BRACE: i32 = 57;
const BAR_BAR_EQUALS: i32 = 58;
const BAR_BAR: i32 = 59;
const BAR_EQUALS: i32 = 60;
const BAR: i32 = 61;
const CLOSE_BRACE: i32 = 62;
const TILDE: i32 = 63;
const AT: i32 = 64;
/** Keyword `k` of `typescript`'s list (`ts.SyntaxKind.FirstKeyword + k`). */
const KEYWORD: i32 = 128;

// What `scan` returns.
const DONE: i32 = 0;
/** Something the scanner would read otherwise, or an unterminated string or regular expression. */
const NOT_TRUSTED: i32 = 1;
/** The tape, the templates, the spans or the open braces need more room than they were given (which, in turn). */
const TAPE_FULL: i32 = 2;
const TEMPLATES_FULL: i32 = 3;
const SPANS_FULL: i32 = 4;
const BRACES_FULL: i32 = 5;

// Memory: the first page is the compiler's; then, by token code, its `ts.SyntaxKind` (u16) and whether a `/`
// after it divides (u8); the keywords by their first two letters and length (see `slotOf`); the ASCII name
// characters; by `ts.SyntaxKind`, its role and flags in `bind`; the text (at `TEXT`) and the records where
// `scan` and `bind` are told.
const KIND_OF: usize = 65536;
const DIVIDES: usize = KIND_OF + 512;
const FIRSTS: usize = DIVIDES + 256; // by slot: 1 + the first keyword's index, or 0 (u8)
const NEXTS: usize = FIRSTS + 26 * 26 * 16; // by keyword: 1 + the next keyword's index in its slot, or 0 (u8)
const KEYWORD_UNITS: usize = NEXTS + 128; // by keyword: its code units, 16 each (u16)
const KEYWORD_ROOM: usize = 32;
const NAMES: usize = KEYWORD_UNITS + 128 * KEYWORD_ROOM; // by ASCII character: NAME_START | NAME_PART (u8)
const ROLES: usize = NAMES + 128; // by `ts.SyntaxKind`: its role in `bind` (u8)
const FLAGS: usize = ROLES + 1024; // by `ts.SyntaxKind`: what `bind` asks of it (u8)
/** Where JS writes the text: after everything above (a constant address is one load per character read). */
export const TEXT: usize = FLAGS + 1024;

/** Gives token code `code` its `ts.SyntaxKind`, and says whether a `/` after it divides. */
export function setKind(code: i32, kind: i32, divides: bool): void {
  store<u16>(KIND_OF + (<usize>code << 1), <u16>kind);
  store<u8>(DIVIDES + <usize>code, divides ? 1 : 0);
}

/** Where JS writes the code units of keyword `k` before `addKeyword(k, …)`. */
export function keywordUnitsAt(k: i32): usize {
  return KEYWORD_UNITS + <usize>k * KEYWORD_ROOM;
}

/** Adds keyword `k` (`length` units, at `keywordUnitsAt(k)`): its token code is `KEYWORD + k`. */
export function addKeyword(k: i32, length: i32): void {
  const units = keywordUnitsAt(k);
  const slot = slotOf(<i32>load<u16>(units), <i32>load<u16>(units + 2), length);
  store<u8>(NEXTS + <usize>k, load<u8>(FIRSTS + <usize>slot));
  store<u8>(FIRSTS + <usize>slot, <u8>(k + 1));
}

/** A name's slot in the keyword table by its first two letters (lowercase ASCII) and its length (2 to 15). */
@inline
function slotOf(first: i32, second: i32, length: i32): i32 {
  return ((first - 97) * 26 + (second - 97)) * 16 + length;
}

// Asked of JS (`typescript`) about characters above ASCII.
@external("env", "whiteSpace")
declare function isWhiteSpace(c: i32): bool;
@external("env", "identifierStart")
declare function isIdentifierStart(c: i32): bool;
@external("env", "identifierPart")
declare function isIdentifierPart(c: i32): bool;

// The text's length (its code units at `TEXT`, and zeros after: a look past the end reads one) and where the
// lexer stands.
let end: i32 = 0;
let pos: i32 = 0;
let fullStart: i32 = 0;
let tokenStart: i32 = 0;
let unterminated: bool = false;
/** The first problem met (see `problem`), or 0. */
let problemMet: i32 = 0;
const UNTERMINATED: i32 = 1;
const NOT_READ: i32 = 2;

/** Why the last scan was not trusted: an unterminated string or regular expression (1), something left to `typescript` (2); 0 when it was. */
export function problem(): i32 {
  return problemMet;
}

function fail(which: i32): void {
  if (problemMet == 0) problemMet = which;
}

@inline
function u(at: i32): i32 {
  return <i32>load<u16>(TEXT + (<usize>at << 1));
}

@inline
function isLineBreak(c: i32): bool {
  return c == 10 || c == 13 || c == 0x2028 || c == 0x2029;
}

@inline
function isDigit(c: i32): bool {
  return c >= 48 && c <= 57;
}

// ASCII by what it may be in a name: 1 its start (letters, `$`, `_`), 2 its rest (those and digits).
const NAME_START: u8 = 1;
const NAME_PART: u8 = 2;

/** `c` (ASCII) is one a name may start with. */
@inline
function isAsciiNameStart(c: i32): bool {
  return (load<u8>(NAMES + <usize>c) & NAME_START) != 0;
}

@inline
function isAsciiNamePart(c: i32): bool {
  return (load<u8>(NAMES + <usize>c) & NAME_PART) != 0;
}

/** Fills the table of ASCII name characters (`NAMES`). */
function fillNames(): void {
  for (let c = 0; c < 128; c++) {
    const start = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 36 || c == 95;
    store<u8>(NAMES + <usize>c, start ? NAME_START | NAME_PART : c >= 48 && c <= 57 ? NAME_PART : 0);
  }
}
fillNames();

/** The code point at `at` (a surrogate pair's, or the unit). */
function codePointAt(at: i32): i32 {
  const c = u(at);
  if (c >= 0xd800 && c <= 0xdbff && at + 1 < end) {
    const d = u(at + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** The length of the name-starting character at `at` (2 for one outside the BMP), 0 when there is none. */
function identifierStartAt(at: i32): i32 {
  const c = codePointAt(at);
  if (c < 128) return isAsciiNameStart(c) ? 1 : 0;
  return isIdentifierStart(c) ? (c > 0xffff ? 2 : 1) : 0;
}

function identifierPartAt(at: i32): i32 {
  const c = codePointAt(at);
  if (c < 128) return isAsciiNamePart(c) ? 1 : 0;
  return isIdentifierPart(c) ? (c > 0xffff ? 2 : 1) : 0;
}

function token(at: i32, length: i32, code: i32): i32 {
  pos = at + length;
  return code;
}

function notRead(at: i32): i32 {
  fail(NOT_READ);
  pos = at + 1;
  return UNKNOWN;
}

/** Seven `<`, `=`, `>` or `|` at the start of a line: a merge-conflict marker, which the scanner skips in its own way. */
function conflictMarkerAt(at: i32): bool {
  if (at > 0 && !isLineBreak(u(at - 1))) return false;
  if (at + 7 > end) return false;
  const c = u(at);
  for (let i = 1; i < 7; i++) if (u(at + i) != c) return false;
  return true;
}

/** Where the trivia (white space, line breaks, comments, a shebang) from `at` ends. */
@inline
function afterTrivia(at: i32): i32 {
  let p = at;
  while (p < end) {
    const c = u(p);
    if (c == 32 || c == 9 || c == 10 || c == 13 || c == 11 || c == 12) {
      p++;
    } else if (c == 47 && u(p + 1) == 47) {
      p += 2;
      while (p < end && !isLineBreak(u(p))) p++;
    } else if (c == 47 && u(p + 1) == 42) {
      p += 2;
      while (p < end && !(u(p) == 42 && u(p + 1) == 47)) p++;
      if (p < end) p += 2;
    } else if (c == 35 && p == 0 && u(1) == 33) {
      while (p < end && !isLineBreak(u(p))) p++;
    } else if (c >= 128 && (c == 0x2028 || c == 0x2029 || isWhiteSpace(c))) {
      p++;
    } else {
      break;
    }
  }
  return p;
}

/** The next token's code, trivia skipped; -1 at the end. */
@inline
function scanToken(): i32 {
  fullStart = pos;
  unterminated = false;
  const p = afterTrivia(pos);
  if (p >= end) {
    tokenStart = pos = end;
    return -1;
  }
  tokenStart = p;
  const c = u(p);
  // A name (or keyword) first: most tokens are.
  if (c < 128 && isAsciiNameStart(c)) return word(p);
  const n1 = p + 1 < end ? u(p + 1) : -1;
  const n2 = u(p + 2);
  switch (c) {
    case 34:
    case 39:
      return stringAt(p, c);
    case 96:
      return template(p + 1, true);
    case 33: // !
      if (n1 == 61) return n2 == 61 ? token(p, 3, EXCLAMATION_EQUALS_EQUALS) : token(p, 2, EXCLAMATION_EQUALS);
      return token(p, 1, EXCLAMATION);
    case 37: // %
      return n1 == 61 ? token(p, 2, PERCENT_EQUALS) : token(p, 1, PERCENT);
    case 38: // &
      if (n1 == 38) return n2 == 61 ? token(p, 3, AMPERSAND_AMPERSAND_EQUALS) : token(p, 2, AMPERSAND_AMPERSAND);
      return n1 == 61 ? token(p, 2, AMPERSAND_EQUALS) : token(p, 1, AMPERSAND);
    case 40:
      return token(p, 1, OPEN_PAREN);
    case 41:
      return token(p, 1, CLOSE_PAREN);
    case 42: // *
      if (n1 == 61) return token(p, 2, ASTERISK_EQUALS);
      if (n1 == 42) return n2 == 61 ? token(p, 3, ASTERISK_ASTERISK_EQUALS) : token(p, 2, ASTERISK_ASTERISK);
      return token(p, 1, ASTERISK);
    case 43: // +
      if (n1 == 43) return token(p, 2, PLUS_PLUS);
      return n1 == 61 ? token(p, 2, PLUS_EQUALS) : token(p, 1, PLUS);
    case 44:
      return token(p, 1, COMMA);
    case 45: // -
      if (n1 == 45) return token(p, 2, MINUS_MINUS);
      return n1 == 61 ? token(p, 2, MINUS_EQUALS) : token(p, 1, MINUS);
    case 46: // .
      if (isDigit(n1)) return numberAt(p);
      if (n1 == 46 && n2 == 46) return token(p, 3, DOT_DOT_DOT);
      return token(p, 1, DOT);
    case 47: // /
      return n1 == 61 ? token(p, 2, SLASH_EQUALS) : token(p, 1, SLASH);
    case 58:
      return token(p, 1, COLON);
    case 59:
      return token(p, 1, SEMICOLON);
    case 60: // <
      if (conflictMarkerAt(p)) return notRead(p);
      if (n1 == 60) return n2 == 61 ? token(p, 3, LESS_THAN_LESS_THAN_EQUALS) : token(p, 2, LESS_THAN_LESS_THAN);
      return n1 == 61 ? token(p, 2, LESS_THAN_EQUALS) : token(p, 1, LESS_THAN);
    case 61: // =
      if (conflictMarkerAt(p)) return notRead(p);
      if (n1 == 61) return n2 == 61 ? token(p, 3, EQUALS_EQUALS_EQUALS) : token(p, 2, EQUALS_EQUALS);
      return n1 == 62 ? token(p, 2, EQUALS_GREATER_THAN) : token(p, 1, EQUALS);
    case 62: // >
      if (conflictMarkerAt(p)) return notRead(p);
      return token(p, 1, GREATER_THAN);
    case 63: // ?
      if (n1 == 46 && !isDigit(n2)) return token(p, 2, QUESTION_DOT);
      if (n1 == 63) return n2 == 61 ? token(p, 3, QUESTION_QUESTION_EQUALS) : token(p, 2, QUESTION_QUESTION);
      return token(p, 1, QUESTION);
    case 91:
      return token(p, 1, OPEN_BRACKET);
    case 93:
      return token(p, 1, CLOSE_BRACKET);
    case 94: // ^
      return n1 == 61 ? token(p, 2, CARET_EQUALS) : token(p, 1, CARET);
    case 123:
      return token(p, 1, OPEN_BRACE);
    case 124: // |
      if (conflictMarkerAt(p)) return notRead(p);
      if (n1 == 124) return n2 == 61 ? token(p, 3, BAR_BAR_EQUALS) : token(p, 2, BAR_BAR);
      return n1 == 61 ? token(p, 2, BAR_EQUALS) : token(p, 1, BAR);
    case 125:
      return token(p, 1, CLOSE_BRACE);
    case 126:
      return token(p, 1, TILDE);
    case 64:
      return token(p, 1, AT);
    case 92: // `\u0061bc`: a name written with an escape, left to `typescript`; any other `\` one unknown character.
      return n1 == 117 ? notRead(p) : token(p, 1, UNKNOWN);
    case 35: // `#!` anywhere but at the start is one unknown character; `#` alone a private name without its name.
      if (n1 == 33) return token(p, 1, UNKNOWN);
      if (p + 1 < end && identifierStartAt(p + 1) > 0) {
        pos = identifierEnd(p + 1);
        return PRIVATE_IDENTIFIER;
      }
      return token(p, 1, PRIVATE_IDENTIFIER);
  }
  // U+FFFD, as a text decoded from bytes that are not UTF-8 has: the scanner takes the rest for binary.
  if (c == 0xfffd) return token(p, end - p, NON_TEXT);
  if (isDigit(c)) return numberAt(p);
  if (c >= 128 && identifierStartAt(p) > 0) return word(p);
  // A character no token starts with: one unknown token, as the scanner makes.
  return token(p, codePointAt(p) > 0xffff ? 2 : 1, UNKNOWN);
}

/** After a `/` or `/=` where a regular expression may start: the whole literal, its flags included. */
function reScanSlash(): i32 {
  let p = tokenStart + 1;
  let inEscape = false;
  let inClass = false;
  for (;;) {
    if (p >= end || isLineBreak(u(p))) {
      unterminated = true;
      fail(UNTERMINATED);
      break;
    }
    const c = u(p);
    if (inEscape) inEscape = false;
    else if (c == 47 && !inClass) {
      p++;
      break;
    } else if (c == 91) inClass = true;
    else if (c == 92) inEscape = true;
    else if (c == 93) inClass = false;
    p++;
  }
  // The flags: the name characters right after it.
  while (p < end) {
    const size = identifierPartAt(p);
    if (size == 0) break;
    p += size;
  }
  pos = p;
  return REGULAR_EXPRESSION;
}

function stringAt(at: i32, quote: i32): i32 {
  let p = at + 1;
  for (;;) {
    if (p >= end) {
      unterminated = true;
      fail(UNTERMINATED);
      break;
    }
    const c = u(p);
    if (c == quote) {
      p++;
      break;
    }
    if (c == 92) {
      // An escaped line break continues the string (`\` CR LF is one).
      p += u(p + 1) == 13 && u(p + 2) == 10 ? 3 : 2;
      continue;
    }
    if (c == 10 || c == 13) {
      unterminated = true;
      fail(UNTERMINATED);
      break;
    }
    p++;
  }
  pos = p < end ? p : end;
  return STRING;
}

/**
 * Template text from `at` (after the backtick, or after the `}` of a `${…}`) to a backtick or a `${`; `first`:
 * right after the backtick.
 */
function template(at: i32, first: bool): i32 {
  let p = at;
  for (;;) {
    let c = 0;
    while (p < end) {
      c = u(p);
      if (c == 96 || c == 36 || c == 92) break;
      p++;
    }
    if (p >= end) {
      unterminated = true;
      pos = end;
      return first ? NO_SUBSTITUTION_TEMPLATE : TEMPLATE_TAIL;
    }
    if (c == 96) {
      pos = p + 1;
      return first ? NO_SUBSTITUTION_TEMPLATE : TEMPLATE_TAIL;
    }
    if (c == 92) {
      p += 2;
      continue;
    }
    if (u(p + 1) == 123) {
      pos = p + 2;
      return first ? TEMPLATE_HEAD : TEMPLATE_MIDDLE;
    }
    p++;
  }
  return unreachable();
}

// Digits of a numeric literal (separators `_` among them).
@inline
function isHexDigit(c: i32): bool {
  return isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}
function decimalsFrom(at: i32): i32 {
  while (at < end && (isDigit(u(at)) || u(at) == 95)) at++;
  return at;
}
function radixDigitsFrom(at: i32, radix: i32): i32 {
  for (; at < end; at++) {
    const c = u(at);
    const digit = radix == 120 ? isHexDigit(c) : radix == 98 ? c == 48 || c == 49 : c >= 48 && c <= 55;
    if (!digit && c != 95) break;
  }
  return at;
}

/**
 * A numeric literal, where the scanner ends it: `07` (legacy octal) at its digits, `08.5` (a leading zero)
 * after its fraction and exponent, `0x1f` at its digits and a BigInt's `n`; a decimal one takes in an `n`
 * right after it (`1n`, and `1.5n` or `1nn`, which it reports), but not a longer name (`1abc` is `1`, `abc`).
 */
function numberAt(at: i32): i32 {
  let p = at;
  let code = NUMERIC;
  const c = u(p);
  // `0x` … with a character after it, whatever it is (`0x` at the very end is `0`, `x`).
  const radix = c == 48 && p + 2 < end ? u(p + 1) | 0x20 : 0;
  if (radix == 120 || radix == 98 || radix == 111) {
    p = radixDigitsFrom(p + 2, radix);
    if (u(p) == 110) {
      p++;
      code = BIGINT;
    }
    return token(p, 0, code);
  }
  let leadingZero = false;
  if (c == 48 && isDigit(u(p + 1))) {
    // `0` and more digits (no separators): all octal is a legacy octal literal, which ends there.
    let octal = true;
    p++;
    while (p < end && isDigit(u(p))) {
      if (u(p) > 55) octal = false;
      p++;
    }
    if (octal) return token(p, 0, NUMERIC);
    leadingZero = true;
  } else {
    p = decimalsFrom(p);
  }
  let integer = true;
  if (u(p) == 46) {
    integer = false;
    p = decimalsFrom(p + 1);
  }
  if ((u(p) | 0x20) == 101) {
    integer = false;
    p++;
    const sign = u(p);
    if (sign == 43 || sign == 45) p++;
    p = decimalsFrom(p);
  }
  if (leadingZero) return token(p, 0, NUMERIC);
  if (integer && u(p) == 110) {
    p++;
    code = BIGINT;
  }
  // Past an `n` that is a whole name by itself.
  if (u(p) == 110 && (p + 1 >= end || identifierPartAt(p + 1) == 0)) p++;
  return token(p, 0, code);
}

/** A name, or the keyword it spells (keywords are 2 to 12 lowercase letters). */
@inline
function word(start: i32): i32 {
  const stop = identifierEnd(start);
  pos = stop;
  const length = stop - start;
  const first = u(start);
  const second = u(start + 1);
  if (length >= 2 && length <= 12 && first >= 97 && first <= 122 && second >= 97 && second <= 122) {
    // Compared where the name stands, from its third letter.
    for (let k = <i32>load<u8>(FIRSTS + <usize>slotOf(first, second, length)) - 1; k >= 0; k = <i32>load<u8>(NEXTS + <usize>k) - 1) {
      const units = keywordUnitsAt(k);
      let i = 2;
      while (i < length && u(start + i) == <i32>load<u16>(units + (<usize>i << 1))) i++;
      if (i == length) return KEYWORD + k;
    }
  }
  return IDENTIFIER;
}

/** Where the name that starts at `start` ends; a `\u` escape in it is left to `typescript`. */
function identifierEnd(start: i32): i32 {
  // The callers found a name's first character at `start`: one code unit when it is ASCII.
  let p = start + (u(start) < 128 ? 1 : identifierStartAt(start));
  while (p < end) {
    const c = u(p);
    if (c < 128 && isAsciiNamePart(c)) {
      p++;
      continue;
    }
    if (c == 92) {
      if (u(p + 1) != 117) break;
      fail(NOT_READ);
      return p + 1;
    }
    if (c < 128) break;
    const size = identifierPartAt(p);
    if (size == 0) break;
    p += size;
  }
  return p;
}

// What `scan` leaves for JS: how many tokens, templates and spans it wrote.
let tokenCount: i32 = 0;
let templateCount: i32 = 0;
let spanCount: i32 = 0;

export function tokens(): i32 {
  return tokenCount;
}
export function templates(): i32 {
  return templateCount;
}
export function spans(): i32 {
  return spanCount;
}

// Record sizes in bytes: templates [start, end, contentEnd, closed, fullStart (of the trivia before it),
// tagStart, tagEnd (the name right before it, or -1)]; spans [template, start, end, expressionEnd].
const TEMPLATE: usize = 28;
const SPAN: usize = 16;

/**
 * Scans the `n` code units JS wrote at `TEXT` (followed by 8 zero bytes). The tape: `tapeRoom` starts (i32)
 * at `tapeAt`, then as many ends (i32), then as many kinds (u16). The templates (`TEMPLATE` bytes each, room
 * for `templateRoom`) at `templatesAt`, their spans (`SPAN` bytes, `spanRoom`) at `spansAt`; the open braces
 * (`braceRoom`: a template's index for a `${`, -1 for a `{`, then the spans' starts) at `bracesAt`.
 */
export function scan(
  n: i32,
  tapeAt: usize,
  tapeRoom: i32,
  templatesAt: usize,
  templateRoom: i32,
  spansAt: usize,
  spanRoom: i32,
  bracesAt: usize,
  braceRoom: i32,
): i32 {
  end = n;
  pos = 0;
  problemMet = 0;
  tokenCount = templateCount = spanCount = 0;
  const startsAt = tapeAt;
  const endsAt = tapeAt + (<usize>tapeRoom << 2);
  const kindsAt = tapeAt + (<usize>tapeRoom << 3);
  const spanStartsAt = bracesAt + (<usize>braceRoom << 2);
  let braces = 0; // open `{` and `${`
  let spanOpen = 0; // of them `${`
  let previous = UNKNOWN; // the last token's code
  let beforePrevious = UNKNOWN;
  let previousStart = 0;
  let previousEnd = 0;

  for (let code = scanToken(); code >= 0; code = scanToken()) {
    switch (code) {
      case NO_SUBSTITUTION_TEMPLATE:
      case TEMPLATE_HEAD: {
        if (templateCount == templateRoom) return TEMPLATES_FULL;
        const record = templatesAt + <usize>templateCount * TEMPLATE;
        store<i32>(record, tokenStart);
        store<i32>(record, pos, 4);
        store<i32>(record, pos, 8);
        store<i32>(record, 0, 12);
        store<i32>(record, fullStart, 16);
        // An identifier right before a template is its tag.
        store<i32>(record, previous == IDENTIFIER ? previousStart : -1, 20);
        store<i32>(record, previous == IDENTIFIER ? previousEnd : -1, 24);
        if (code == NO_SUBSTITUTION_TEMPLATE) {
          closeTemplate(record);
        } else {
          if (braces == braceRoom) return BRACES_FULL;
          store<i32>(bracesAt + (<usize>braces << 2), templateCount);
          store<i32>(spanStartsAt + (<usize>spanOpen << 2), pos - 2);
          braces++;
          spanOpen++;
        }
        templateCount++;
        break;
      }
      case OPEN_BRACE:
        if (braces == braceRoom) return BRACES_FULL;
        store<i32>(bracesAt + (<usize>braces << 2), -1);
        braces++;
        break;
      case CLOSE_BRACE: {
        if (braces == 0) break;
        braces--;
        const owner = load<i32>(bracesAt + (<usize>braces << 2));
        if (owner < 0) break;
        // This `}` ends a `${…}`: what follows is template text again, up to the next `${` or backtick.
        const brace = tokenStart;
        unterminated = false;
        code = template(brace + 1, false);
        spanOpen--;
        if (spanCount == spanRoom) return SPANS_FULL;
        const span = spansAt + <usize>spanCount * SPAN;
        store<i32>(span, owner);
        store<i32>(span, load<i32>(spanStartsAt + (<usize>spanOpen << 2)), 4);
        store<i32>(span, brace + 1, 8);
        store<i32>(span, brace, 12);
        spanCount++;
        if (code == TEMPLATE_MIDDLE) {
          store<i32>(bracesAt + (<usize>braces << 2), owner);
          store<i32>(spanStartsAt + (<usize>spanOpen << 2), pos - 2);
          braces++;
          spanOpen++;
        } else {
          closeTemplate(templatesAt + <usize>owner * TEMPLATE);
        }
        break;
      }
      case SLASH:
      case SLASH_EQUALS:
        if (regexMayStartAfter(previous, beforePrevious)) code = reScanSlash();
        break;
    }
    beforePrevious = previous;
    previous = code;
    previousStart = tokenStart;
    previousEnd = pos;
    if (tokenCount == tapeRoom) return TAPE_FULL;
    const at = <usize>tokenCount;
    store<i32>(startsAt + (at << 2), tokenStart);
    store<i32>(endsAt + (at << 2), pos);
    store<u16>(kindsAt + (at << 1), load<u16>(KIND_OF + (<usize>code << 1)));
    tokenCount++;
    // Nothing after the first problem is trusted: the tape ends with the token it is in.
    if (problemMet != 0) return NOT_TRUSTED;
  }
  // Templates still open at the end of the file (being typed): their last span and their text run to the end.
  while (braces > 0) {
    braces--;
    const owner = load<i32>(bracesAt + (<usize>braces << 2));
    if (owner < 0) continue;
    spanOpen--;
    if (spanCount == spanRoom) return SPANS_FULL;
    const span = spansAt + <usize>spanCount * SPAN;
    store<i32>(span, owner);
    store<i32>(span, load<i32>(spanStartsAt + (<usize>spanOpen << 2)), 4);
    store<i32>(span, n, 8);
    store<i32>(span, n, 12);
    spanCount++;
    const record = templatesAt + <usize>owner * TEMPLATE;
    store<i32>(record, 0, 12);
    store<i32>(record, n, 4);
    store<i32>(record, n, 8);
  }
  return DONE;
}

/** The template whose record is at `record` ends where the lexer stands: closed unless its text ran to the end. */
function closeTemplate(record: usize): void {
  const closed = !unterminated;
  store<i32>(record, pos, 4);
  store<i32>(record, closed ? pos - 1 : pos, 8);
  store<i32>(record, closed ? 1 : 0, 12);
}

/**
 * Can a `/` after `previous` (and `beforePrevious`) start a regular expression? A scanner cannot know; like
 * editors' highlighters, decide from the previous token: not after something that ends an expression (JS
 * marks those, `setKind`: names, literals, closing brackets, `++`, `this` …, and the keywords that are not
 * reserved words, usually names there), nor after a `.` (`a.delete / 2`).
 */
@inline
function regexMayStartAfter(previous: i32, beforePrevious: i32): bool {
  if (load<u8>(DIVIDES + <usize>previous) != 0) return false;
  return beforePrevious != DOT && beforePrevious != QUESTION_DOT;
}

// ---------------------------------------------------------------------------------------------------------
// The names a file binds, read from a tape (`scan`'s, the kinds `ts.SyntaxKind`s), for `bindings.ts`. Tokens do
// not give exact scopes, so every estimate errs on the safe side: a binding's scope is never smaller than the
// real one, and anything that might bind a name (parameters, destructuring, `var` hoisting, imports) counts.

// Roles of token kinds (`setRole`): the kinds `bind` tells apart.
const R_OTHER: i32 = 0;
const R_TEMPLATE_HEAD: i32 = 1;
const R_TEMPLATE_MIDDLE: i32 = 2;
const R_TEMPLATE_TAIL: i32 = 3;
const R_OPEN_BRACE: i32 = 4;
const R_CLOSE_BRACE: i32 = 5;
const R_OPEN_PAREN: i32 = 6;
const R_CLOSE_PAREN: i32 = 7;
const R_OPEN_BRACKET: i32 = 8;
const R_CLOSE_BRACKET: i32 = 9;
const R_ARROW: i32 = 10;
const R_LET: i32 = 11;
const R_CONST: i32 = 12;
const R_VAR: i32 = 13;
const R_IMPORT: i32 = 14;
const R_FUNCTION: i32 = 15;
const R_ASTERISK: i32 = 16;
const R_CLASS: i32 = 17;
const R_ENUM: i32 = 18;
const R_IDENTIFIER: i32 = 19;
const R_STRING: i32 = 20;
const R_SEMICOLON: i32 = 21;
const R_COMMA: i32 = 22;
const R_EQUALS: i32 = 23;
const R_DOT: i32 = 24;
const R_QUESTION_DOT: i32 = 25;
const R_COLON: i32 = 26;
// Flags of token kinds (`setRole`).
/** Looked at wherever it stands (what opens or closes something, starts a declaration or an import). */
const F_MARKED: i32 = 1;
/** Names the name after it (`function f`, `function* g`, `class C`, `enum E`). */
const F_NAMES: i32 = 2;
/** A keyword whose `( … )` is a condition or an operand, not a parameter list (`if`, `while`, `return` …). */
const F_CONDITION: i32 = 4;
/** After a line break, starts a new statement rather than go on with an expression. */
const F_STARTS_STATEMENT: i32 = 8;
/** After `let`, makes it a declaration (a name or a pattern follows). */
const F_DECLARATION_START: i32 = 16;

/** Gives token kind `kind` its role and flags in `bind`. */
export function setRole(kind: i32, role: i32, flags: i32): void {
  store<u8>(ROLES + <usize>kind, <u8>role);
  store<u8>(FLAGS + <usize>kind, <u8>flags);
}

// What is being read of a declaration.
const NOT_DECLARING: i32 = 0;
const CONST: i32 = 1;
const LET: i32 = 2;
const VAR: i32 = 3;
// A binding's scope.
const BLOCK: i32 = 0;
const FUNCTION: i32 = 1;
const FILE: i32 = 2;
const PARAMETER: i32 = 3;

// The tape being read, the records being written and the room `bind` was given (see there).
let starts: usize = 0;
let ends: usize = 0;
let kinds: usize = 0;
let bindingRoom: i32 = 0;
let bindingCount: i32 = 0;
let nameStarts: usize = 0;
let nameEnds: usize = 0;
let scopeStarts: usize = 0;
let scopeEnds: usize = 0;
let initStarts: usize = 0;
let initEnds: usize = 0;
let frameStarts: usize = 0;
let frameNumbers: usize = 0;
let frameEnds: usize = 0;
let parens: usize = 0;
let partners: usize = 0;
let pending: usize = 0;
let pendingFrames: usize = 0;
// Open blocks (on the stack of `frameStarts` and `frameNumbers`), blocks opened so far (`frameEnds`, by
// number), bindings waiting for their block's end (`pending`).
let frameCount: i32 = 0;
let blockCount: i32 = 0;
let pendingCount: i32 = 0;
let helper: i32 = 0;

/** Where code may be inserted at the top (after the last top-level import), as the last `bind` found it. */
export function helperOffset(): i32 {
  return helper;
}

@inline
function startOf(i: i32): i32 {
  return load<i32>(starts + (<usize>i << 2));
}
@inline
function endOf(i: i32): i32 {
  return load<i32>(ends + (<usize>i << 2));
}
@inline
function kindOf(i: i32): i32 {
  return <i32>load<u16>(kinds + (<usize>i << 1));
}
@inline
function roleOf(kind: i32): i32 {
  return <i32>load<u8>(ROLES + <usize>kind);
}
@inline
function flagsOf(kind: i32): i32 {
  return <i32>load<u8>(FLAGS + <usize>kind);
}
@inline
function at(base: usize, i: i32): usize {
  return base + (<usize>i << 2);
}

/** Whether a line break comes before token `i`: in the trivia between it and the token before. */
function lineBreakBefore(i: i32): bool {
  for (let p = i > 0 ? endOf(i - 1) : 0, to = startOf(i); p < to; p++) if (isLineBreak(u(p))) return true;
  return false;
}

function openFrame(start: i32): void {
  store<i32>(at(frameStarts, frameCount), start);
  store<i32>(at(frameNumbers, frameCount), blockCount);
  frameCount++;
  store<i32>(at(frameEnds, blockCount), end);
  blockCount++;
}

function closeFrame(stop: i32): void {
  frameCount--;
  store<i32>(at(frameEnds, load<i32>(at(frameNumbers, frameCount))), stop);
}

/** Binds the name that token `i` is, in `scope` (a parameter's from `from`); its record, or -1 when out of room. */
function bindName(i: i32, scope: i32, from: i32): i32 {
  if (bindingCount == bindingRoom) return -1;
  const binding = bindingCount++;
  const top = frameCount - 1;
  store<i32>(at(nameStarts, binding), startOf(i));
  store<i32>(at(nameEnds, binding), endOf(i));
  // `block`: the enclosing block; `function` (var, function declarations: hoisted, and a scan cannot tell
  // function bodies from other blocks): from the block to the end of the file; `parameter`: from the parameter
  // list to the end of the block around it (or of the body just opened).
  store<i32>(at(scopeStarts, binding), scope == FILE ? 0 : scope == PARAMETER ? from : load<i32>(at(frameStarts, top)));
  store<i32>(at(scopeEnds, binding), end);
  store<i32>(at(initStarts, binding), -1);
  store<i32>(at(initEnds, binding), -1);
  if (scope == BLOCK || scope == PARAMETER) {
    store<i32>(at(pending, pendingCount), binding);
    store<i32>(at(pendingFrames, pendingCount), load<i32>(at(frameNumbers, top)));
    pendingCount++;
  }
  return binding;
}

/**
 * The bindings of the `n` characters at `TEXT`, from their `count` tokens (starts at `startsAt`, ends at
 * `endsAt`, kinds at `kindsAt`): their records, `room` each, at `recordsAt` — where each name is written (its
 * start, its end), its scope (start, end), the initializer of `const NAME = …` (start, end; -1 when none), six
 * arrays one after another —, with `workAt` for the rest (`5 * 4 * (count + 1) + 8 * room` bytes). Returns
 * how many; -1 when they need more room. `helperFrom`: where code may be inserted at the top before any import.
 */
export function bind(n: i32, count: i32, startsAt: usize, endsAt: usize, kindsAt: usize, recordsAt: usize, room: i32, workAt: usize, helperFrom: i32): i32 {
  end = n;
  starts = startsAt;
  ends = endsAt;
  kinds = kindsAt;
  bindingRoom = room;
  bindingCount = 0;
  const roomBytes = <usize>room << 2;
  nameStarts = recordsAt;
  nameEnds = nameStarts + roomBytes;
  scopeStarts = nameEnds + roomBytes;
  scopeEnds = scopeStarts + roomBytes;
  initStarts = scopeEnds + roomBytes;
  initEnds = initStarts + roomBytes;
  const countBytes = <usize>(count + 1) << 2;
  frameStarts = workAt;
  frameNumbers = frameStarts + countBytes;
  frameEnds = frameNumbers + countBytes;
  parens = frameEnds + countBytes;
  partners = parens + countBytes;
  pending = partners + countBytes;
  pendingFrames = pending + roomBytes;
  frameCount = blockCount = pendingCount = 0;
  helper = helperFrom;
  // Brace blocks and `${…}` (the file is block 0): a block-scoped binding's scope ends where its block closes.
  openFrame(0);
  let parenCount = 0; // open `(`: their token indexes at `parens`
  let depth = 0; // ( [ { and ${ nesting, for declaration lists and initializers
  // A parameter list whose `)` was just passed (its parentheses' token indexes, or -1): bound once the body's
  // `{` (if that follows) is open.
  let parametersOpen = -1;
  let parametersClose = -1;
  // The declaration being read after `const` / `let` / `var`, at depth `declarationDepth`, inside `pattern`
  // brackets of a destructuring pattern.
  let declaring = NOT_DECLARING;
  let declarationDepth = 0;
  let pattern = 0;
  let expectName = false;
  // The initializer of `const NAME =`: its binding (or -1) once the name is read, its start and depth once
  // its `=` is (`initStart` -1 until then), and the end of its last token so far.
  let initBinding = -1;
  let initDepth = -1;
  let initStart = -1;
  let initLastEnd = -1;
  let importing = false;

  for (let i = 0; i < count; i++) {
    if (i > 0 && declaring == NOT_DECLARING && initStart < 0 && parametersOpen < 0 && !importing) {
      // Outside all of those, to the next token that counts (a token passed over is no `F_NAMES` one: only the
      // token before the first can be).
      if ((flagsOf(kindOf(i - 1)) & F_NAMES) == 0) while (i < count && (flagsOf(kindOf(i)) & (F_MARKED | F_NAMES)) == 0) i++;
      if (i == count) break;
    }
    const role = roleOf(kindOf(i));
    const previous = i > 0 ? roleOf(kindOf(i - 1)) : R_OTHER;
    const start = startOf(i);

    if (initStart >= 0) {
      // The initializer ends at `,` / `;` at its own depth, where its enclosing bracket closes, or where a
      // line break is followed by a token that cannot continue an expression (automatic semicolon).
      const closing = role == R_CLOSE_PAREN || role == R_CLOSE_BRACKET || role == R_CLOSE_BRACE || role == R_TEMPLATE_MIDDLE || role == R_TEMPLATE_TAIL;
      if (
        (closing && depth <= initDepth) ||
        (depth == initDepth && (role == R_COMMA || role == R_SEMICOLON)) ||
        (depth == initDepth && initLastEnd > initStart && (flagsOf(kindOf(i)) & F_STARTS_STATEMENT) != 0 && lineBreakBefore(i))
      ) {
        store<i32>(at(initStarts, initBinding), initStart);
        store<i32>(at(initEnds, initBinding), initLastEnd);
        initBinding = -1;
        initStart = -1;
      }
    }

    switch (role) {
      case R_TEMPLATE_HEAD:
      case R_OPEN_BRACE:
        openFrame(start);
        depth++;
        break;
      case R_TEMPLATE_MIDDLE:
        if (frameCount > 1) closeFrame(start + 1);
        openFrame(start);
        break;
      case R_TEMPLATE_TAIL:
      case R_CLOSE_BRACE:
        if (frameCount > 1) {
          closeFrame(start + 1);
          depth--;
        }
        break;
      case R_OPEN_PAREN:
        store<i32>(at(parens, parenCount++), i);
        depth++;
        break;
      case R_OPEN_BRACKET:
        depth++;
        break;
      case R_CLOSE_PAREN: {
        depth--;
        // A parameter list is recognized by what follows its `)`: `=>`, `{` of a function or method body, or
        // `:` of a return type. (`c ? f(x) : y` is taken for one too: counting a name too often only errs on
        // the safe side.)
        if (parenCount == 0) break;
        const opened = load<i32>(at(parens, --parenCount));
        store<i32>(at(partners, opened), i);
        const next = i + 1 < count ? roleOf(kindOf(i + 1)) : R_OTHER;
        if (next == R_ARROW || next == R_COLON || (next == R_OPEN_BRACE && !(opened > 0 && (flagsOf(kindOf(opened - 1)) & F_CONDITION) != 0))) {
          parametersOpen = opened;
          parametersClose = i;
        }
        break;
      }
      case R_CLOSE_BRACKET:
        depth--;
        break;
    }

    if (parametersOpen >= 0 && parametersClose < i) {
      const from = startOf(parametersOpen);
      for (let j = parametersOpen + 1; j < parametersClose; j++) {
        const role = roleOf(kindOf(j));
        // Parentheses of their own (a function type's or an arrow function's parameters, a call in a default
        // value) bind nothing here: passed over whole, so that nested lists cost their tokens once.
        if (role == R_OPEN_PAREN) {
          j = load<i32>(at(partners, j));
          continue;
        }
        // Every other name in the list counts (types too: counting too many is safe), except what follows `=`
        // (a default value, `(url = BASE) =>`) or `.`: those are uses, never bindings.
        const before = roleOf(kindOf(j - 1));
        if (role == R_IDENTIFIER && before != R_EQUALS && before != R_DOT && before != R_QUESTION_DOT && bindName(j, PARAMETER, from) < 0) return -1;
      }
      parametersOpen = parametersClose = -1;
    }
    if (role == R_ARROW && previous == R_IDENTIFIER && bindName(i - 1, PARAMETER, start) < 0) return -1; // `x => …`

    if (declaring != NOT_DECLARING) {
      if (role == R_IDENTIFIER && expectName) {
        const binding = bindName(i, declaring == VAR ? FUNCTION : BLOCK, 0);
        if (binding < 0) return -1;
        if (pattern == 0) {
          expectName = false;
          if (declaring == CONST) {
            initBinding = binding;
            initStart = -1;
          }
        }
        // Inside a pattern every name counts (also the keys of `{ key: name }`: too many errs on the safe side).
      } else if ((role == R_OPEN_BRACE || role == R_OPEN_BRACKET) && expectName) {
        pattern++;
      } else if ((role == R_CLOSE_BRACE || role == R_CLOSE_BRACKET) && pattern > 0) {
        if (--pattern == 0) expectName = false;
      } else if (role == R_EQUALS && pattern == 0 && depth == declarationDepth) {
        if (initBinding >= 0 && initStart < 0) {
          initStart = initLastEnd = endOf(i);
          initDepth = depth;
        }
      } else if (role == R_COMMA && depth == declarationDepth && pattern == 0) {
        expectName = true;
      } else if (depth < declarationDepth || (depth == declarationDepth && role == R_SEMICOLON)) {
        declaring = NOT_DECLARING;
      }
    }

    // What the token starts or names.
    switch (role) {
      case R_LET:
      case R_CONST:
      case R_VAR:
        // `let` is also a name (`let = 1`, `let[0]`): a declaration when a name or pattern follows.
        if (role == R_LET && !(i + 1 < count && (flagsOf(kindOf(i + 1)) & F_DECLARATION_START) != 0)) break;
        declaring = role == R_CONST ? CONST : role == R_LET ? LET : VAR;
        declarationDepth = depth;
        pattern = 0;
        expectName = true;
        initBinding = -1;
        initStart = -1;
        break;
      case R_IDENTIFIER: {
        let scope = -1;
        if (previous == R_FUNCTION || (previous == R_ASTERISK && i > 1 && roleOf(kindOf(i - 2)) == R_FUNCTION)) scope = FUNCTION;
        else if (previous == R_CLASS || previous == R_ENUM) scope = BLOCK;
        else if (importing) scope = FILE;
        if (scope >= 0 && bindName(i, scope, 0) < 0) return -1;
        break;
      }
      case R_IMPORT:
        if (depth == 0 && previous != R_DOT) {
          const next = i + 1 < count ? roleOf(kindOf(i + 1)) : R_OTHER;
          importing = next != R_OPEN_PAREN && next != R_DOT; // not `import(…)` nor `import.meta`
        }
        break;
      case R_STRING:
        if (importing) {
          importing = false;
          helper = endOf(i);
          if (i + 1 < count && roleOf(kindOf(i + 1)) == R_SEMICOLON && !lineBreakBefore(i + 1)) helper = endOf(i + 1);
        } else if (i == 0) {
          // A directive prologue (`'use strict';`) must stay first.
          helper = i + 1 < count && roleOf(kindOf(i + 1)) == R_SEMICOLON ? endOf(i + 1) : endOf(i);
        }
        break;
      case R_SEMICOLON:
        if (importing) {
          importing = false;
          helper = endOf(i);
        }
        break;
    }

    if (initStart >= 0 && endOf(i) > initStart) initLastEnd = endOf(i);
  }
  if (initStart >= 0) {
    store<i32>(at(initStarts, initBinding), initStart);
    store<i32>(at(initEnds, initBinding), initLastEnd);
  }
  for (let k = 0; k < pendingCount; k++) store<i32>(at(scopeEnds, load<i32>(at(pending, k))), load<i32>(at(frameEnds, load<i32>(at(pendingFrames, k)))));
  return bindingCount;
}
