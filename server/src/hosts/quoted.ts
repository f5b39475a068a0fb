/**
 * Text written into a one-line `'…'` or `"…"` string literal, escaped alike by the hosts whose literals
 * escape alike (JavaScript and Python, not raw): so that the literal comes out as the text.
 */

/** `text` as written in a `'…'` or `"…"` literal: backslashes, the quote and line breaks escaped. */
export function escapeQuoted(text: string, quote: '"' | "'"): string {
  let out = '';
  for (const c of text) {
    if (c === '\\' || c === quote) out += '\\' + c;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else out += c;
  }
  return out;
}
