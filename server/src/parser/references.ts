/**
 * The references the parser expands in text: the five predefined entities (`&amp;` …) written with their `;`,
 * and character references (`&#12;`, `&#xAC00;`) to a character XML allows. Every other `&` (a bare one, an
 * unknown entity, a reference without its `;`, one holding a substitution) stays as it is written — the parser
 * reports it, and reads on after it without passing another `&`.
 *
 * A text's decoded value is made from these when it is asked for (`XmlTree.textValue`), not while parsing:
 * most texts with a reference are never read as a string (1 MB of VoiceML with `&amp;` in its Korean text
 * parsed 6 % faster without). The parser reads the same references with its errors (`Parser.reference`).
 */

const HASH = 0x23;
const SEMI = 0x3b;
const LOWER_X = 0x78;

/** The five predefined entities, by name. */
export const PREDEFINED_ENTITIES: readonly (readonly [string, string])[] = [
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
];

/** A code point XML 1.0 allows as a character (what a character reference may produce). */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * The code point that the reference starting at `at` (an `&`) of `text` stands for, or -1 when the parser
 * keeps it as written. An expanded reference ends at the first `;` after `at`.
 */
export function referenceAt(text: string, at: number): number {
  if (text.charCodeAt(at + 1) === HASH) return characterReferenceAt(text, at + 2);
  for (const [name, expansion] of PREDEFINED_ENTITIES) {
    if (text.charCodeAt(at + 1 + name.length) === SEMI && text.startsWith(name, at + 1)) return expansion.charCodeAt(0);
  }
  return -1;
}

/** `&#…;` or `&#x…;` (a lower-case `x`) whose `x` or digits start at `p`: the code point it stands for, or -1. */
export function characterReferenceAt(text: string, p: number): number {
  const hex = text.charCodeAt(p) === LOWER_X;
  if (hex) p++;
  const digits = p;
  let cp = 0;
  for (;;) {
    const c = text.charCodeAt(p);
    let d: number;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (hex && c >= 0x61 && c <= 0x66) d = c - 0x57;
    else if (hex && c >= 0x41 && c <= 0x46) d = c - 0x37;
    else break;
    // Saturated: anything past U+10FFFF is equally invalid.
    cp = Math.min(cp * (hex ? 16 : 10) + d, 0x110000);
    p++;
  }
  return text.charCodeAt(p) === SEMI && p > digits && isXmlChar(cp) ? cp : -1;
}

/**
 * `text[start … end)` with the references the parser expands in place of what they are written as: one flat
 * string, joined from its pieces at the end (a million references appended one by one make a string of a
 * million joins, which the engine may flatten by recursion).
 */
export function decodeReferences(text: string, start: number, end: number): string {
  const pieces: string[] = [];
  let from = start;
  for (let at = text.indexOf('&', start); at >= 0 && at < end; at = text.indexOf('&', at + 1)) {
    const cp = referenceAt(text, at);
    if (cp < 0) continue;
    pieces.push(text.slice(from, at), String.fromCodePoint(cp));
    at = text.indexOf(';', at);
    from = at + 1;
  }
  pieces.push(text.slice(from, end));
  return pieces.join('');
}

