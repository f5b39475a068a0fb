/**
 * Messages read once: a rule's sentence and the model text after it (the reason, the way instead) each say
 * their own thing, in both languages — no "The TwiML track name. VoiceML spells it inbound." after
 * "is a TwiML value. VoiceML uses inbound".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, wrap } from '../support/diagnose';
import { groupDigits } from '../../server/src/l10n';

const message = (xml: string, rule: string, locale: 'en' | 'ko' = 'en'): string => {
  const found = diagnose(wrap(xml), { locale }).find((f) => f.rule === rule);
  assert.ok(found, `no ${rule}`);
  return found.message;
};

test('each message says each thing once, in English and Korean', () => {
  const cases: [string, string, string, string][] = [
    [
      '  <Connect><Stream url="wss://a.example/s" track="inbound_track"/></Connect>',
      'twiml-value',
      'track="inbound_track" is a TwiML value; VoiceML takes "inbound". The tracks are inbound, outbound and both.',
      'track="inbound_track"은(는) TwiML 값입니다. VoiceML에서는 "inbound"를 씁니다. 트랙 이름은 inbound, outbound, both입니다.',
    ],
    [
      '  <Gather input="speech" action="/g"><Say>말씀하세요</Say></Gather>',
      'twiml-value',
      'input="speech" is not supported in VoiceML. <Gather> takes keypad (DTMF) input only. For spoken dialogue, receive the audio with <Connect><Stream> and recognize it on your server.',
      'input="speech"은(는) VoiceML에서 지원하지 않습니다. <Gather>는 키패드(DTMF) 입력만 받습니다. 음성으로 대화하려면 <Connect><Stream>으로 오디오를 받아 서버에서 인식하세요.',
    ],
    [
      '  <Say language="en-GB">Hello</Say>',
      'twiml-value',
      'language="en-GB" is a TwiML value; VoiceML takes "en". Its <Say> speaks one English, with no regional voices.',
      'language="en-GB"은(는) TwiML 값입니다. VoiceML에서는 "en"를 씁니다. <Say>의 영어는 하나뿐이라 지역별 음성이 없습니다.',
    ],
    [
      '  <Gather action="/g" hints="sales"><Say>1번</Say></Gather>',
      'twiml-attribute',
      "hints is a TwiML attribute; the platform ignores it. It tunes speech recognition, and VoiceML's <Gather> takes keys only (DTMF).",
      'hints은(는) TwiML 속성이라 플랫폼이 무시합니다. 음성 인식을 조정하는데, VoiceML의 <Gather>는 키 입력(DTMF)만 받습니다.',
    ],
    [
      '  <Dial><Conference>room</Conference></Dial>',
      'twiml-element',
      "<Conference> is a TwiML element VoiceML does not support. Three-way calls and conferences are among the reference's system limits. Use <Dial><Number> for a one-to-one connection, <Connect><Stream> for an AI agent.",
      '<Conference>은(는) VoiceML에서 지원하지 않는 TwiML 요소입니다. 3자 통화와 Conference는 레퍼런스의 시스템 한계에 들어 있습니다. 1:1 연결은 <Dial><Number>를, AI 연동은 <Connect><Stream>을 쓰세요.',
    ],
    [
      '  <Hangup/>\n  <Say>안녕히 계세요</Say>',
      'unreachable-verb',
      '<Say> after <Hangup> never runs. <Hangup> ends the call at once.',
      '<Hangup> 뒤에 있는 <Say>은(는) 실행되지 않습니다. <Hangup>은 통화를 즉시 종료합니다.',
    ],
    [
      '  <Say>잠시만요</Say>\n  <Reject/>',
      'reject-not-first',
      '<Reject> comes too late. Only as the first verb does it decline the call unanswered, at no call charge or AI cost; after another verb the call is already answered, and it just hangs up like <Hangup>, billed.',
      '<Reject>가 너무 늦게 나옵니다. 응답의 첫 동사일 때만 통화를 받지 않고(answer 전) 거절하며 통화료·AI 비용이 들지 않습니다. 앞에 다른 동사가 있으면 이미 통화를 받은 뒤라 <Hangup>처럼 끊기만 하고 과금됩니다.',
    ],
  ];
  for (const [xml, rule, en, ko] of cases) {
    assert.equal(message(xml, rule), en);
    assert.equal(message(xml, rule, 'ko'), ko);
  }
});

test('sizes in messages: digits grouped by commas, as toLocaleString(\'en-US\') writes them', () => {
  const numbers = [0, 7, 999, 1000, 65_536, 999_999, 1_000_000, 1_170_382, 20_000_000, Number.MAX_SAFE_INTEGER, -1, -1234, -999_999, 12.7];
  for (let n = 1; n < 1e15; n = n * 7 + 3) numbers.push(n);
  for (const n of numbers) assert.equal(groupDigits(n), Math.trunc(n).toLocaleString('en-US'), String(n));
});
