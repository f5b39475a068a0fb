/**
 * The warm-up of a server that has just started. The first check of a large document in a fresh process runs
 * mostly in V8's interpreter while its optimizing compiler catches up: a 1.2 MB document's first check took
 * 7–10× a warm one's (in-process, with nothing checked before it). A server checks the document made here a
 * number of times while it is idle after start-up, so that a large document opened later is checked with the
 * parser and the rules compiled: in the server, the first open of 1.2 MB went from ~3.5× a warm open to
 * ~1.4–1.8× (5.9 MB: ~2× to ~1.2–1.4×), and to ~1.2–1.3× with twenty rounds whose URLs are new in each
 * (`warmUpRound`). What is left is the values a document holds that no check saw before (a warm open of the
 * same text finds them remembered) and the memory the first large document grows the heap by. (A warm-up at
 * start that the first document waited for cost what it saved.)
 *
 * The document is made of the reference's examples in the model (`schemas/voiceml.json`), written out as a
 * user writes them: each verb's example under one `<Response>` with a comment before it, and every other round
 * of them with their texts in CDATA sections or with entity and character references, as real responses hold
 * them. It is clean but for its size (`response-size`): only the paths a document without mistakes takes are
 * warmed (a document with mistakes also takes the findings' paths, which cost little beside the checks).
 */
import { getElement, isHostCharacter, model } from '../model';

/**
 * The verbs' examples, each with the comment a user puts before a step: `steps`, those of verbs the call goes on
 * after, and `last`, the first of a verb that ends the call (a step after it would be a finding), which ends the
 * document. A verb that only works first is left out.
 */
function exampleBlocks(): { steps: string[]; last: string } {
  const steps: string[] = [];
  let last = '';
  for (const element of model.elements) {
    // An example's outermost element: the example of `<Number>` is a `<Dial>` holding one, that of `<Response>` a whole response.
    const outer = getElement(outerName(element.example));
    if (outer?.role !== 'verb' || outer.firstVerb) continue;
    const block = `  <!-- ${element.name} -->\n${element.example
      .split('\n')
      .map((line) => `  ${line}`)
      .join('\n')}\n`;
    if (!outer.endsCall) steps.push(block);
    else last ||= block;
  }
  return { steps, last };
}

/** The name in the tag an example starts with (`?xml` for one starting with the XML declaration). */
function outerName(example: string): string {
  let end = 1;
  while (end < example.length && !' \t\n/>'.includes(example[end]!)) end++;
  return example.slice(1, end);
}

/**
 * `block` as a user may also write it: a text with commas writes its first as `&amp;` and the others as
 * character references; any other text is a CDATA section. (The examples' texts hold no `<`, `>` or `&`.)
 */
function varied(block: string): string {
  let written = '';
  let copied = 0;
  for (let close = block.indexOf('>'); close >= 0; close = block.indexOf('>', close + 1)) {
    const open = block.indexOf('<', close);
    if (open < 0) break;
    const text = block.slice(close + 1, open);
    if (text.trim() === '') continue;
    written += block.slice(copied, close + 1);
    written += text.includes(', ') ? text.replace(', ', ' &amp; ').replaceAll(', ', '&#44; ') : `<![CDATA[${text}]]>`;
    copied = open;
  }
  return written + block.slice(copied);
}

/**
 * How many times the warm-up document is checked, and its size in UTF-16 code units: the first check ~80–110 ms
 * in a fresh process, the others ~6 ms each, ~400 ms in all, a round at a time while the server is idle. Ten
 * rounds (~300 ms) left the checks a large document runs a thousand times and more (an entity reference, a
 * DTMF value, an element's body) short of being compiled: the first open of 1.2 MB was 1.53–1.76× a warm one in
 * four fresh servers; twenty rounds 1.21–1.28×, twenty with the same URLs in each 1.29–1.59×.
 */
export const WARM_UP_ROUNDS = 20;
export const WARM_UP_SIZE = 100_000;

/**
 * The warm-up document as checked in round `round`: every URL with the round as its first path segment
 * (`https://example.com/w3/handle-key`). A value once checked is remembered (`model/values.ts`) and passed over
 * after: with the same URLs in every round, what checking a URL costs (its syntax, its host, the rules on
 * webhooks) ran in the first round alone, too few times to be compiled, and a large document opened first, with
 * thousands of URLs never seen, ran it in V8's interpreter.
 */
export function warmUpRound(text: string, round: number): string {
  let written = '';
  let copied = 0;
  for (let at = text.indexOf('://'); at >= 0; at = text.indexOf('://', at + 3)) {
    let end = at + 3;
    while (end < text.length && isHostCharacter(text.charCodeAt(end))) end++;
    written += `${text.slice(copied, end)}/w${round}`;
    copied = end;
  }
  return written + text.slice(copied);
}

/** The warm-up document, at least `size` UTF-16 code units long. */
export function warmUpDocument(size = WARM_UP_SIZE): string {
  const { steps: blocks, last } = exampleBlocks();
  const head = `<?xml version="1.0" encoding="UTF-8"?>\n<${model.root}>\n`;
  const tail = `${last}</${model.root}>\n`;
  const parts = [head];
  let length = head.length + tail.length;
  for (let i = 0; length < size; i++) {
    const block = blocks[i % blocks.length]!;
    const written = Math.floor(i / blocks.length) % 2 === 0 ? block : varied(block);
    parts.push(written);
    length += written.length;
  }
  parts.push(tail);
  return parts.join('');
}
