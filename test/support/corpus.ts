/** Generates realistic VoiceML documents of a given size (benchmarks, large-input tests). */
import { prng } from './random';

const BLOCKS = [
  `  <Say language="ko-KR">안녕하세요. 상담 품질 향상을 위해 통화 내용이 녹음됩니다.</Say>\n`,
  `  <Gather numDigits="1" timeout="5" action="https://your-server.com/ivr/lang">\n    <Say language="ko-KR">한국어는 1번, English press 2.</Say>\n    <Play loop="1">https://example.com/beep.wav</Play>\n  </Gather>\n`,
  `  <!-- 본인확인 1단계 -->\n  <Gather numDigits="4" timeout="8" finishOnKey="#" action="/ivr/verify-2">\n    <Say language="ko">가입하신 휴대폰 뒷 네 자리를 누르세요 &amp; 기다리세요.</Say>\n  </Gather>\n`,
  `  <Play digits="1w2w3#"/>\n  <Pause length="2"/>\n`,
  `  <Record maxLength="60" finishOnKey="#" playBeep="true" action="https://your-server.com/ivr/voicemail-done"/>\n`,
  `  <Say language="en-US"><![CDATA[Press <1> & wait]]></Say>\n`,
];
const TAIL = `  <Dial timeout="30" action="https://your-server.com/ivr/after-dial" callerId="07012340001">\n    <Number>010-9999-1111</Number>\n  </Dial>\n`;

/** A valid VoiceML document of about `bytes` UTF-16 code units (one Response with many verbs). */
export function generateVoiceML(bytes: number): string {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n';
  const parts = [head];
  let size = head.length + TAIL.length + 12;
  for (let i = 0; size < bytes; i++) {
    const block = BLOCKS[i % BLOCKS.length]!;
    parts.push(block);
    size += block.length;
  }
  parts.push(TAIL, '</Response>\n');
  return parts.join('');
}

/**
 * Mistakes users make, each a rewrite of one line of a `generateVoiceML` document that gives it one finding:
 * misspelt tags and attributes, TwiML leftovers, values of the wrong form, a bare `&` in Korean text.
 */
const MISTAKES: readonly { when: RegExp; from: RegExp | string; to: string }[] = [
  { when: /<Say language="ko-KR">/, from: 'language="ko-KR"', to: 'language="kr"' },
  { when: /<Say language="ko-KR">/, from: /<Say (.*)<\/Say>/, to: '<Sya $1</Sya>' },
  { when: /<Say language="ko/, from: '<Say ', to: '<Say voice="alice" ' },
  { when: /녹음됩니다/, from: '녹음됩니다', to: '녹음 & 저장됩니다' },
  { when: /&amp; 기다리세요/, from: '&amp;', to: '&' },
  { when: /<Gather numDigits/, from: 'numDigits', to: 'numdigits' },
  { when: /<Gather .*timeout="5"/, from: 'timeout="5"', to: 'timeout="5s"' },
  { when: /<Gather /, from: '<Gather ', to: '<Gather input="speech" ' },
  { when: /<Gather /, from: '<Gather ', to: '<Gather method="GET" ' },
  { when: /<Play loop/, from: 'https://example.com/beep.wav', to: 'example.com/beep.wav' },
  { when: /<Play loop/, from: 'loop="1"', to: 'loop="-1"' },
  { when: /<Play digits/, from: 'digits="1w2w3#"', to: 'digits="1w2w3#x"' },
  { when: /<Pause length/, from: 'length="2"', to: 'length="two"' },
  { when: /<Record /, from: 'playBeep="true"', to: 'playBeep="yes"' },
  { when: /<Record /, from: 'finishOnKey="#"', to: 'finishonkey="#"' },
  { when: /<!\[CDATA\[/, from: 'language="en-US"', to: 'language="english"' },
  { when: /<Number>/, from: '010-9999-1111', to: '010-9999-111x' },
];

/**
 * `text` (a `generateVoiceML` document) with a mistake on `fraction` of its lines, chosen and varied by a
 * seeded random generator; `mistakes` is how many lines were changed (lines without a mistake to make,
 * such as comments and end tags, are never chosen).
 */
export function withMistakes(text: string, fraction: number, seed = 1): { text: string; mistakes: number } {
  const lines = text.split('\n');
  const eligible = lines.flatMap((line, i) => (MISTAKES.some((m) => m.when.test(line)) ? [i] : []));
  const wanted = Math.min(eligible.length, Math.round(lines.length * fraction));
  const random = prng(seed);
  for (let k = 0; k < wanted; k++) {
    // A partial Fisher–Yates shuffle: the first `wanted` of a random order, each line at most once.
    const j = k + random.int(eligible.length - k);
    [eligible[k], eligible[j]] = [eligible[j]!, eligible[k]!];
    const i = eligible[k]!;
    const line = lines[i]!;
    const mistake = random.pick(MISTAKES.filter((m) => m.when.test(line)));
    lines[i] = line.replace(mistake.from, mistake.to);
  }
  return { text: lines.join('\n'), mistakes: wanted };
}
