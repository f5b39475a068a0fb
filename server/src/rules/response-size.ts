import { groupDigits } from '../l10n';
import { webhook } from '../model/webhook';
import { DOCUMENT, ELEMENT, NONE } from '../parser/tree';
import type { Rule } from './rule';

/**
 * A response whose own text — what is written, substitutions left out — already exceeds the size budget of a
 * response (64 KB, `schemas/webhook.json`): whatever the code puts into it, the platform cannot take it whole.
 */
export const responseSize: Rule = {
  name: 'response-size',
  severity: 'warning',
  description: {
    ko: '응답의 고정된 텍스트만으로 응답 크기 한도(64 KB)를 넘습니다: 코드가 무엇을 넣든 플랫폼이 온전히 받을 수 없습니다.',
    en: 'A response’s written text alone is over the response size budget (64 KB): whatever the code puts in, the platform cannot take it whole.',
  },
  document(ctx) {
    const max = webhook.response.maxBytes;
    const text = ctx.text;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: most responses are judged by their length alone.
    if (text.length * 3 <= max) return;
    let bytes = utf8Length(text, 0, text.length);
    for (const s of ctx.region.substitutions ?? []) bytes -= utf8Length(text, s.start, s.end);
    for (const s of ctx.region.seams ?? []) bytes -= utf8Length(text, s.start, s.end);
    // An escape (`\n`) stands for one character, padded to its length.
    for (const e of ctx.region.escapes ?? []) bytes -= e.end - e.start - 1;
    if (bytes <= max) return;
    const tree = ctx.tree;
    let element = tree.root;
    for (let node = tree.firstChild(DOCUMENT); element === NONE && node !== NONE; node = tree.nextSibling(node)) if (tree.kind(node) === ELEMENT) element = node;
    const start = element !== NONE ? tree.nameStart(element) : 0;
    const end = element !== NONE ? tree.nameEnd(element) : Math.min(text.length, 1);
    ctx.report({
      start,
      end,
      message: {
        ko: '이 응답은 고정된 텍스트만 {0} 바이트로, 응답 크기 한도 {1} 바이트(64 KB)를 넘습니다. 한 번에 보내는 VoiceML을 줄이고 나머지는 <Redirect>로 이어 보내세요.',
        en: 'This response’s written text alone is {0} bytes, over the response size budget of {1} bytes (64 KB). Send less VoiceML at once and go on with a <Redirect>.',
      },
      args: [groupDigits(bytes), groupDigits(max)],
    });
  },
};

/**
 * The UTF-8 length of `text[start, end)`, as Node writes the string for the platform (a lone surrogate as
 * U+FFFD, 3 bytes). Measured natively: a loop over the characters took ~2.9 ms for 1.2 MB of Korean text
 * (every validation of a large response pays it), `Buffer.byteLength` ~0.75 ms.
 */
function utf8Length(text: string, start: number, end: number): number {
  return Buffer.byteLength(start === 0 && end === text.length ? text : text.slice(start, end), 'utf8');
}
