/**
 * Random edits of a document's text, character (UTF-16 code unit) edits favouring what the parsers decide on:
 * markup characters, quotes, entities, backticks and `${` / `}` of template literals, NUL, lone surrogate
 * halves and Korean text. Edits land near such characters more often than anywhere else, because that is
 * where a tolerant parser's decisions change.
 */
import { EDIT_SNIPPETS, prng } from '../support/random';

export type Random = ReturnType<typeof prng>;

/** Single characters (code units) the edits favour. */
const HOT = ['<', '>', '/', '"', "'", '&', '`', '$', '{', '}', '=', '\\', '\u0000', '\ud800', '\udc00', '\n', ' '];

/** Longer snippets: the shared edit snippets and the JS/TS and XML pieces that change how text is read. */
export const SNIPPETS: readonly string[] = [
  ...EDIT_SNIPPETS,
  '${', '}', '${name}', '${`<Say>${x}</Say>`}', '`', '\\`', '\\${', '\\', '\\u', '\\x3C', '\\n', '/* voiceml */', 'voiceml`',
  '"""', "'''", 'f"', "rb'", '{name!r:>10}', '{{', '}}', '%s', '%(n)s', '.format(x)', '" "', '# comment', 'N{DASH}',
  'twiml`', '`<Say>', '</Say>`', '//', '/*', '*/', '/', '\'', '"', '<?', '?>', '<!DOCTYPE Response [<!ENTITY x "y">]>', '&x;',
  '&lt;', '&#xD800;', '&#0;', '&#1114112;', '<Hangup/>', '<Play>', '</Play>', '<Redirect>', '</Redirect>', '<Stream url="wss://',
  '<Parameter name="a" value="b"/>', 'action="', 'https://example.com/x', 'numDigits="', 'timeout="5"', ' voice="alice"', 'xmlns="',
  '😀', '\ud83d', '\ude00', '한국어', '누르세요.', '\t', '\r', '\u2028', '\ufeff', 'a'.repeat(40), '<'.repeat(8), '>'.repeat(8),
];

/** A position biased towards a hot character: a random offset, then the next hot character within 64 units. */
export function hotOffset(random: Random, text: string): number {
  const from = random.int(text.length + 1);
  if (random.next() < 0.4) return from;
  const limit = Math.min(text.length, from + 64);
  for (let i = from; i < limit; i++) {
    if (HOT.includes(text[i]!)) return random.next() < 0.5 ? i : i + 1;
  }
  return from;
}

/** A random code unit: mostly ASCII, some from anywhere in the BMP (surrogate halves included). */
function randomUnit(random: Random): string {
  const r = random.next();
  if (r < 0.6) return String.fromCharCode(0x20 + random.int(0x5f));
  if (r < 0.7) return String.fromCharCode(random.int(0x20));
  if (r < 0.8) return String.fromCharCode(0xac00 + random.int(11172)); // a Hangul syllable
  return String.fromCharCode(random.int(0x10000));
}

function insertion(random: Random): string {
  const r = random.next();
  if (r < 0.45) return random.pick(HOT);
  if (r < 0.85) return random.pick(SNIPPETS);
  return randomUnit(random);
}

/** One edit, as `[start, end, newText]` in offsets of `text`. */
export type Edit = [start: number, end: number, newText: string];

export function randomEdit(random: Random, text: string): Edit {
  const at = hotOffset(random, text);
  const op = random.next();
  const span = (): number => Math.min(text.length - at, random.next() < 0.8 ? 1 + random.int(8) : random.int(200));
  if (op < 0.35) return [at, at, insertion(random)]; // insert
  if (op < 0.55) return [at, at + span(), '']; // delete
  if (op < 0.75) return [at, at + span(), insertion(random)]; // replace
  if (op < 0.85) {
    // Copy a piece of the document elsewhere: makes nesting and repeated structure.
    const from = random.int(text.length + 1);
    const piece = text.slice(from, from + 1 + random.int(120));
    return [at, at, piece];
  }
  if (op < 0.9) return [at, at + Math.min(text.length - at, 1), randomUnit(random)]; // flip one unit
  if (op < 0.93) return [at, text.length, '']; // truncate
  if (op < 0.96) return [0, at, '']; // lose the head
  return [at, at, random.pick(HOT).repeat(1 + random.int(30))]; // a run of one character
}

export function applyEdit(text: string, [start, end, newText]: Edit): string {
  return text.slice(0, start) + newText + text.slice(end);
}

/** `text` after a random number of random edits (mostly a few, sometimes dozens). */
export function mutate(random: Random, text: string): string {
  const r = random.next();
  const count = r < 0.5 ? 1 + random.int(3) : r < 0.9 ? 1 + random.int(10) : 1 + random.int(60);
  for (let i = 0; i < count; i++) text = applyEdit(text, randomEdit(random, text));
  return text;
}

/** What `gentle` inserts between tags: layout and markup that keep a well-formed document well-formed. */
const BETWEEN_TAGS = [' ', '  ', '\t', '\n', '\n\n\n', '\r\n', '\n    ', '<!-- 메모 -->', '<!-- #region -->', '<!-- #endregion -->', '<Pause length="1"/>', '<Say>안녕하세요</Say>', '<Hangup />', '<![CDATA[x]]>'];

/**
 * Edits that keep a well-formed document well-formed (white space, comments, elements between tags), so
 * that formatting, the outline and the rules of clean documents get their share: most random edits break
 * the document, and a broken document is not formatted at all.
 */
export function gentle(random: Random, text: string): string {
  const count = 1 + random.int(8);
  for (let i = 0; i < count; i++) {
    let at = hotOffset(random, text);
    // Only right after a `>` or right before a `<`: between tags (or inside text, where it is text).
    const gt = text.indexOf('>', at);
    if (gt < 0) continue;
    at = random.next() < 0.5 ? gt + 1 : Math.max(0, text.indexOf('<', gt));
    text = text.slice(0, at) + random.pick(BETWEEN_TAGS) + text.slice(at);
  }
  return text;
}

/** A 32-bit seed for item `index` of a run seeded `seed`, independent of the other items' (for replays). */
export function itemSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
