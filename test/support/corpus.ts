/** Generates realistic VoiceML documents of a given size (benchmarks, large-input tests). */

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
