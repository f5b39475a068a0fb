/**
 * The virtual document of a template literal: its text with every `${…}` replaced by `PLACEHOLDER` of the
 * same length, so an offset in it plus the template's content offset is the offset in the file.
 *
 * Escape sequences. The platform receives the string the template evaluates to, so where it matters the XML
 * must see that string: `\n` is a line break (`…?>\n<Response>` is white space between the declaration and
 * the root, not the text `\n`), `\"` is a quote that ends an attribute value, `\x3C` is a `<`. An escape is
 * longer than the character it stands for, so the character is followed by spaces to keep the length:
 * `\n` → line break + space, `\u0041` → `A` + five spaces, a line continuation (`\` + line break) → a space
 * and the line break kept; an escaped quote that opens an attribute value is padded before it instead, so
 * the value is not. The padding is white space, which XML ignores between markup and which only
 * text bodies and attribute values would see — where escapes other than `\n` are rare. Tagged templates
 * are read the same way: tag functions usually join the cooked strings.
 */
import { PLACEHOLDER } from '../../parser/ast';
import type { TemplateLiteral } from './templates';
import { pieceRange, type Joined } from './joined';
import { escapeSpan, sameLength } from '../../document/embedding';
import type { EscapeSpan } from '../../document/region';
import type { NextOccurrence } from '../../document/search';

/**
 * The template's virtual text, and its escape sequences (region offsets). `backslashes`: where the file's next
 * backslash is, for a caller reading its templates in order (the templates' text is then not read a character
 * at a time to find their escapes); without it, each piece of text is read for them.
 */
export function virtualText(text: string, template: TemplateLiteral, backslashes?: NextOccurrence): { text: string; escapes: EscapeSpan[] } {
  let out = '';
  const escapes: EscapeSpan[] = [];
  let pos = template.contentStart;
  for (const span of template.substitutions) {
    out += cook(text, pos, span.start, escapes, template.contentStart, backslashes);
    out += PLACEHOLDER.repeat(span.end - span.start);
    pos = span.end;
  }
  return { text: out + cook(text, pos, template.contentEnd, escapes, template.contentStart, backslashes), escapes };
}

/** Single-character escapes and what they stand for. */
const SIMPLE: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v' };

/**
 * `text[from, to)` of template text (no substitution inside) with escapes cooked, same length; each escape's
 * span is added to `escapes` (region offsets from `base`).
 */
function cook(text: string, from: number, to: number, escapes: EscapeSpan[], base: number, backslashes?: NextOccurrence): string {
  let backslash = nextBackslash(text, from, to, backslashes);
  if (backslash < 0) return text.slice(from, to);
  let out = '';
  let pos = from;
  while (backslash >= 0 && backslash < to - 1) {
    out += text.slice(pos, backslash);
    const length = escapeLength(text, backslash, to);
    const value = sameLength(cooked(text, backslash, length), length, text, backslash, from);
    out += value;
    escapes.push(escapeSpan(backslash, value, base));
    pos = backslash + length;
    backslash = nextBackslash(text, pos, to, backslashes);
  }
  return out + text.slice(pos, to);
}

/**
 * The next `\\` in `[from, to)`, or -1: from `backslashes` when given, else by reading the range (`indexOf`
 * alone cannot stop at `to`: it would search the rest of the file).
 */
function nextBackslash(text: string, from: number, to: number, backslashes: NextOccurrence | undefined): number {
  if (backslashes) {
    const at = backslashes.after(from);
    return at < to ? at : -1;
  }
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 0x5c) return i;
  return -1;
}

/** The escape at `at` (a backslash) in code units; at least 2. Malformed `\x`/`\u` escapes count 2. */
function escapeLength(text: string, at: number, to: number): number {
  const c = text[at + 1]!;
  if (c === 'x') return isHex(text, at + 2, 2, to) ? 4 : 2;
  if (c === 'u') {
    if (isHex(text, at + 2, 4, to)) return 6;
    if (text[at + 2] === '{') {
      const close = text.indexOf('}', at + 3);
      if (close > at + 3 && close < to && isHex(text, at + 3, close - at - 3, to) && parseInt(text.slice(at + 3, close), 16) <= 0x10ffff) {
        return close - at + 1;
      }
    }
    return 2;
  }
  if (c === '\r' && text[at + 2] === '\n' && at + 2 < to) return 3;
  const code = c.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdbff && at + 2 < to) {
    const low = text.charCodeAt(at + 2);
    if (low >= 0xdc00 && low <= 0xdfff) return 3;
  }
  return 2;
}

/** What the escape `text[at, at + length)` stands for. */
function cooked(text: string, at: number, length: number): string {
  const c = text[at + 1]!;
  const simple = SIMPLE[c];
  if (simple !== undefined) return simple;
  switch (c) {
    case 'x':
      return length === 4 ? String.fromCharCode(parseInt(text.slice(at + 2, at + 4), 16)) : 'x';
    case 'u':
      if (length === 6) return String.fromCharCode(parseInt(text.slice(at + 2, at + 6), 16));
      return length > 2 ? String.fromCodePoint(parseInt(text.slice(at + 3, at + length - 1), 16)) : 'u';
    case '0':
      // `\0` is NUL unless a digit follows (an octal escape, a syntax error in templates: keep it as written).
      return isDigit(text.charCodeAt(at + 2)) ? text.slice(at, at + length) : '\0';
    case '\n':
    case '\r':
    case '\u2028':
    case '\u2029':
      // A line continuation stands for nothing: a space for the backslash, and the line break kept so the
      // virtual text has the same lines as the file.
      return ' ' + text.slice(at + 1, at + length);
    default:
      if (isDigit(c.charCodeAt(0))) return text.slice(at, at + length); // `\1`: invalid, keep as written
      return text.slice(at + 1, at + length); // `\``, `\$`, `\\`, `\"`, any other character: itself
  }
}

function isHex(text: string, from: number, count: number, to: number): boolean {
  if (count <= 0 || from + count > to) return false;
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i);
    if (!(isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * The virtual document of a joined string (`joined.ts`): each piece's text at its place — a string literal's
 * or a template's cooked, an expression as placeholders — and between the pieces seams of white space, line
 * breaks kept. Region offsets start at the first piece.
 */
export function joinedVirtualText(text: string, joined: Joined): { text: string; escapes: EscapeSpan[]; seams: { start: number; end: number }[] } {
  const base = pieceRange(joined.pieces[0]!).start;
  const escapes: EscapeSpan[] = [];
  const seams: { start: number; end: number }[] = [];
  let out = '';
  let pos = base;
  for (const piece of joined.pieces) {
    const { start, end } = pieceRange(piece);
    if (start > pos) {
      seams.push({ start: pos - base, end: start - base });
      for (let i = pos; i < start; i++) out += text[i] === '\n' || text[i] === '\r' ? text[i] : ' ';
    }
    if (piece.kind === 'code') out += PLACEHOLDER.repeat(end - start);
    else if (piece.kind === 'string') out += cook(text, start, end, escapes, base);
    else {
      const template = virtualText(text, piece.template);
      out += template.text;
      const shift = piece.template.contentStart - base;
      for (const e of template.escapes) escapes.push({ start: e.start + shift, end: e.end + shift, at: e.at + shift });
    }
    pos = end;
  }
  return { text: out, escapes, seams };
}
