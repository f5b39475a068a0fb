/**
 * The virtual document of a Python string: the text its pieces evaluate to, at the same length, so that an
 * offset in it plus the first piece's content offset is the offset in the file.
 *
 * - Escapes (`\n`, `\"`, `\x3C`, `\u00e9`, `\N{…}`, octal) are cooked as the platform receives them: the
 *   character, padded with spaces to the escape's length (`document/embedding.ts`, `sameLength`). Raw strings
 *   keep their backslashes; bytes know no `\u`, `\U` or `\N`.
 * - Substitutions (f-string fields, `.format` fields, `%` conversions) become placeholders of their length.
 * - `{{` and `}}` in f-strings and `.format` strings, and `%%` in `%` strings, are one brace or percent sign
 *   and a space.
 * - An expression joined between literals (`"<Say>" + msg`) is a placeholder of its length, as a field is.
 * - Between adjacent literals (`"<Say>" "…"`), the closing and opening quotes, prefixes, white space and
 *   comments are a seam: spaces, line breaks kept; so is the code that joins pieces (` + `, `x += `,
 *   `.format(…)` after a literal). XML ignores white space between markup, and a seam inside text only adds
 *   spaces to what the rules read.
 */
import { PLACEHOLDER } from '../../parser/ast';
import { escapeSpan, sameLength } from '../../document/embedding';
import type { EscapeSpan } from '../../document/region';
import type { Field, Piece, PythonString } from './literals';

export interface Virtual {
  text: string;
  /** The seams between pieces, in region offsets. */
  seams: { start: number; end: number }[];
  /** The escape sequences, in region offsets. */
  escapes: EscapeSpan[];
}

export function virtualText(source: string, string: PythonString): Virtual {
  const base = string.pieces[0]!.contentStart;
  let out = '';
  const seams: { start: number; end: number }[] = [];
  const escapes: EscapeSpan[] = [];
  let fieldIndex = 0;
  string.pieces.forEach((piece, i) => {
    if (i > 0) {
      const from = string.pieces[i - 1]!.contentEnd;
      seams.push({ start: from - base, end: piece.contentStart - base });
      out += blank(source, from, piece.contentStart);
    }
    const fields: Field[] = [];
    while (fieldIndex < string.fields.length && string.fields[fieldIndex]!.start < piece.contentEnd) fields.push(string.fields[fieldIndex++]!);
    out += cookPiece(source, piece, fields, escapes, base);
  });
  return { text: out, seams, escapes };
}

/** `source[from, to)` as white space: spaces, with its line breaks kept. */
function blank(source: string, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i++) {
    const c = source.charCodeAt(i);
    out += c === 0x0a || c === 0x0d ? source[i] : ' ';
  }
  return out;
}

function cookPiece(source: string, piece: Piece, fields: readonly Field[], escapes: EscapeSpan[], base: number): string {
  const braces = piece.format || piece.formatting === 'format';
  const percents = piece.formatting === 'percent';
  let out = '';
  let pos = piece.contentStart;
  // The text from `run` to `pos` stands as written: added in one slice, not character by character.
  let run = pos;
  let next = 0;
  const end = piece.contentEnd;
  const raw = piece.raw;
  while (pos < end) {
    const field = fields[next];
    if (field && field.start === pos) {
      out += source.slice(run, pos) + PLACEHOLDER.repeat(field.end - field.start);
      pos = run = field.end;
      next++;
      continue;
    }
    // To the next character that may start something (most of a string is none), or the next field.
    const stop = field && field.start > pos && field.start < end ? field.start : end;
    let c = source.charCodeAt(pos);
    while (!(c === 0x5c ? !raw : c === 0x7b || c === 0x7d ? braces : c === 0x25 && percents) && ++pos < stop) c = source.charCodeAt(pos);
    if (pos >= stop) continue;
    if (c === 0x5c && !piece.raw && pos + 1 < end) {
      const length = escapeLength(source, pos, end, piece.bytes);
      const value = sameLength(cooked(source, pos, length, piece.bytes), length, source, pos, piece.contentStart);
      out += source.slice(run, pos) + value;
      if (value !== source.slice(pos, pos + length)) escapes.push(escapeSpan(pos, value, base));
      pos = run = pos + length;
      continue;
    }
    if ((braces && (c === 0x7b || c === 0x7d) && source.charCodeAt(pos + 1) === c && pos + 1 < end) || (percents && c === 0x25 && source.charCodeAt(pos + 1) === 0x25 && pos + 1 < end)) {
      out += source.slice(run, pos + 1) + ' ';
      pos = run = pos + 2;
      continue;
    }
    pos++;
  }
  return out + source.slice(run, end);
}

/** The escape at `at` (a backslash) in code units; at least 2. */
function escapeLength(source: string, at: number, end: number, bytes: boolean): number {
  const c = source[at + 1]!;
  if (c === 'x') return isHex(source, at + 2, 2, end) ? 4 : 2;
  if (!bytes && c === 'u') return isHex(source, at + 2, 4, end) ? 6 : 2;
  if (!bytes && c === 'U') return isHex(source, at + 2, 8, end) ? 10 : 2;
  if (!bytes && c === 'N' && source[at + 2] === '{') {
    const close = source.indexOf('}', at + 3);
    return close > at + 3 && close < end ? close - at + 1 : 2;
  }
  if (c >= '0' && c <= '7') {
    let length = 2;
    while (length < 4 && at + length < end && source[at + length]! >= '0' && source[at + length]! <= '7') length++;
    return length;
  }
  if (c === '\r' && source[at + 2] === '\n' && at + 2 < end) return 3;
  const code = c.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdbff && at + 2 < end) {
    const low = source.charCodeAt(at + 2);
    if (low >= 0xdc00 && low <= 0xdfff) return 3;
  }
  return 2;
}

/** Single-character escapes and what they stand for. */
const SIMPLE: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** What the escape `source[at, at + length)` stands for. */
function cooked(source: string, at: number, length: number, bytes: boolean): string {
  const c = source[at + 1]!;
  const simple = SIMPLE[c];
  if (simple !== undefined) return simple;
  switch (c) {
    case 'x':
      return length === 4 ? String.fromCharCode(parseInt(source.slice(at + 2, at + 4), 16)) : source.slice(at, at + length);
    case 'u':
    case 'U': {
      if (bytes || length === 2) return source.slice(at, at + length);
      const code = parseInt(source.slice(at + 2, at + length), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '\ufffd';
    }
    case 'N':
      // A character by its Unicode name: which one does not matter to the XML (it is not markup).
      return length > 2 ? '\ufffd' : source.slice(at, at + length);
    case '\n':
    case '\r':
      // A line continuation stands for nothing: a space for the backslash, the line break kept.
      return ' ' + source.slice(at + 1, at + length);
    default:
      if (c >= '0' && c <= '7') return String.fromCharCode(parseInt(source.slice(at + 1, at + length), 8));
      return source.slice(at, at + length); // an unknown escape keeps its backslash, as Python does
  }
}

function isHex(source: string, from: number, count: number, to: number): boolean {
  if (from + count > to) return false;
  for (let i = from; i < from + count; i++) {
    const c = source.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}
