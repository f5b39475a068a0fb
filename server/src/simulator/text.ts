/** Small text helpers of the simulator, each linear in its input (responses are read up to 64 KB). */

/** Runs of white space as one space, trimmed: how speech and URLs read an element's text. */
export function collapseWhiteSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A positive integer of at most `maxDigits` digits, or undefined. */
export function parsePositiveInteger(text: string, maxDigits: number): number | undefined {
  if (text.length === 0 || text.length > maxDigits || text[0] === '0') return undefined;
  for (const c of text) if (c < '0' || c > '9') return undefined;
  return Number(text);
}

/** Line `n` (0-based) of `text`, lines ending at CR LF, CR or LF. */
export function lineAt(text: string, n: number): string | undefined {
  let start = 0;
  for (let line = 0; line < n; line++) {
    const cr = text.indexOf('\r', start);
    const lf = text.indexOf('\n', start);
    if (cr < 0 && lf < 0) return undefined;
    start = cr >= 0 && (lf < 0 || cr < lf) ? (text[cr + 1] === '\n' ? cr + 2 : cr + 1) : lf + 1;
  }
  let end = start;
  while (end < text.length && text[end] !== '\r' && text[end] !== '\n') end++;
  return text.slice(start, end);
}

/**
 * What an error page says, in one short line: the text of Express's `<pre>Cannot POST /x</pre>`, or the body
 * without its tags, the usual entities decoded.
 */
export function gist(body: string, max = 160): string {
  const open = body.indexOf('<pre>');
  const close = open >= 0 ? body.indexOf('</pre>', open) : -1;
  const inner = open >= 0 && close >= 0 ? body.slice(open + 5, close) : body;
  let text = '';
  let inTag = false;
  for (const c of inner) {
    if (c === '<') inTag = true;
    else if (c === '>' && inTag) {
      inTag = false;
      text += ' ';
    } else if (!inTag) text += c;
  }
  const decoded = collapseWhiteSpace(
    text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&'),
  );
  return decoded.length > max ? decoded.slice(0, max - 1) + '…' : decoded;
}
