/** A small seeded PRNG (mulberry32) so every random test is reproducible from the seed it prints. */
export function prng(seed: number): { next(): number; int(n: number): number; pick<T>(items: readonly T[]): T } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (items) => items[Math.floor(next() * items.length)]! };
}

/** Snippets random edits insert: markup characters, entities, NUL, lone surrogates, Korean text. */
export const EDIT_SNIPPETS: readonly string[] = [
  '<', '>', '/', '"', "'", '&', ';', '=', '</', '/>', '<!--', '-->', '<![CDATA[', ']]>', '&amp;', '&#', '&#x',
  '\u0000', '\ud800', '\udc00', '\r\n', '\n', ' ', '안녕하세요', '번', '<Say>', '</Say>', '<Gather numDigits="1">',
  '</Gather>', '<Dial>', '<Number>010</Number>', 'language="ko"', '`', '${', '}', '<?xml version="1.0"?>', '<Response>', '</Response>',
];
