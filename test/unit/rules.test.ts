/**
 * Every rule on the broken examples derived from the reference: each gets exactly the diagnostics it
 * deserves (rule and the exact text under the range); every valid example gets none.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, summary, wrap } from '../support/diagnose';

function expectExactly(xml: string, expected: [string, string][]): void {
  const found = diagnose(xml);
  assert.deepEqual(
    summary(found),
    [...expected].sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1])),
    found.map((f) => `${f.rule} @ ${JSON.stringify(f.at)}: ${f.message}`).join('\n'),
  );
}

const clean = (xml: string): void => expectExactly(xml, []);

describe('valid documents are clean', () => {
  test('the reference response example', () =>
    clean(`<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say language="ko">안녕하세요.</Say>
  <Gather timeout="5" action="https://your-server.com/gather">
    <Say language="ko">서비스를 선택하세요. 1번 상담, 2번 안내</Say>
  </Gather>
  <Say language="ko">응답이 없습니다.</Say>
  <Hangup/>
</Response>`));
  test('every verb with every attribute', () =>
    clean(
      wrap(`  <Say language="ko-KR">안녕하세요 &amp; 반갑습니다 &#44032;&#xAC00; <!-- 주석 --></Say>
  <Say language="en"><![CDATA[Press <1> & wait]]></Say>
  <Play loop="2">https://example.com/welcome.wav</Play>
  <Play loop="0" digits="1w2W3#*"/>
  <Gather timeout="5" numDigits="1" finishOnKey="" action="/handle-input">
    <Say language="ja">こんにちは</Say>
    <Play>https://example.com/beep.wav</Play>
  </Gather>
  <Gather finishOnKey="*" action="/x"/>
  <Record maxLength="60" finishOnKey="#" playBeep="true" action="https://your-server.com/voicemail-done"/>
  <Pause length="2"/>
  <Dial callerId="07012340001" timeout="30" action="https://your-server.com/after-dial">
    <Number>010-1234-5678</Number>
  </Dial>
  <Connect>
    <Stream url="wss://your-server.com/stream" track="inbound">
      <Parameter name="userId" value="123"/>
      <Parameter name="language" value="ko"/>
    </Stream>
  </Connect>`),
    ));
  test('Reject alone, Redirect, Hangup', () => {
    clean('<Response>\n  <Reject reason="busy"/>\n</Response>');
    clean('<Response><Redirect>https://your-server.com/next-step</Redirect></Response>');
    clean('<Response><Say>bye</Say><Hangup/></Response>');
  });
  test('a namespace declaration and a comment before the root', () =>
    clean('<?xml version="1.0"?>\n<!-- IVR entry -->\n<Response xmlns="urn:voiceml"><Say>x</Say></Response>'));
});

describe('which documents are VoiceML', () => {
  test('other XML gets nothing, even broken', () => {
    assert.deepEqual(diagnose('<project><modelVersion>4.0.0</modelVersion></project>'), []);
    assert.deepEqual(diagnose('<LinearLayout><Button/></LinearLayout'), []);
    assert.deepEqual(diagnose('<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>'), []);
    assert.deepEqual(diagnose(''), []);
  });
  test('a near-miss root with VoiceML verbs is VoiceML', () => {
    expectExactly('<Reponse><Say>hi</Say></Reponse>', [['root-element', 'Reponse']]);
    expectExactly('<response><Hangup/></response>', [['root-element', 'response']]);
  });
  test('a near-miss root without verbs is not', () => assert.deepEqual(diagnose('<Reponse><Foo/></Reponse>'), []));
  test('the voiceml language id always is', () =>
    assert.deepEqual(summary(diagnose('<Say>hi</Say>', { languageId: 'voiceml' })), [['root-element', 'Say']]));
});

describe('rules', () => {
  test('xml-syntax: well-formedness errors', () => {
    const found = diagnose(wrap('  <Say>a & b</Say>\n  <Play loop=2>x.wav</Play>'));
    assert.deepEqual(
      found.map((f) => f.rule),
      ['xml-syntax', 'xml-syntax'],
    );
    assert.equal(found[0]!.at, '&');
  });
  test('unknown-element: did-you-mean, case', () => {
    expectExactly(wrap('  <Sya>hi</Sya>'), [['unknown-element', 'Sya']]);
    const [f] = diagnose(wrap('  <say>hi</say>'));
    assert.equal(f!.rule, 'unknown-element');
    assert.match(f!.message, /case-sensitive.*<Say>/);
    expectExactly(wrap('  <Foo/>'), [['unknown-element', 'Foo']]);
  });
  test('twiml-element: ruled out and unmentioned TwiML', () => {
    expectExactly(wrap('  <Enqueue>support</Enqueue>'), [['twiml-element', 'Enqueue']]);
    expectExactly(wrap('  <Dial><Conference>room</Conference></Dial>'), [
      ['twiml-element', 'Conference'],
      ['child-count', 'Dial'],
    ]);
    expectExactly(wrap('  <Dial><Sip>sip:a@b</Sip></Dial>'), [
      ['twiml-element', 'Sip'],
      ['child-count', 'Dial'],
    ]);
    expectExactly(wrap('  <Say>hi <break time="1s"/></Say>'), [['twiml-element', 'break']]);
    assert.match(diagnose(wrap('  <Queue>q</Queue>'))[0]!.message, /Record/);
  });
  test('invalid-child: the nesting table', () => {
    expectExactly(wrap('  <Gather action="/g"><Record action="/r" playBeep="true" maxLength="60" finishOnKey="#"/></Gather>'), [
      ['invalid-child', 'Record'],
    ]);
    expectExactly(wrap('  <Say><Play>x.wav</Play></Say>'), [['invalid-child', 'Play']]);
    expectExactly(wrap('  <Dial><Say>x</Say><Number>01012345678</Number></Dial>'), [['invalid-child', 'Say']]);
    expectExactly(wrap('  <Number>01012345678</Number>'), [['invalid-child', 'Number']]);
    expectExactly(wrap('  <Response/>'), [['invalid-child', 'Response']]);
    expectExactly(wrap('  <Connect><Stream url="wss://a/b"><Say>x</Say></Stream></Connect>'), [['invalid-child', 'Say']]);
  });
  test('child-count: Dial needs exactly one Number, Connect one Stream', () => {
    expectExactly(wrap('  <Dial timeout="30"></Dial>'), [['child-count', 'Dial']]);
    expectExactly(wrap('  <Dial><Number>01011112222</Number><Number>01033334444</Number></Dial>'), [['child-count', 'Number']]);
    expectExactly(wrap('  <Connect/>'), [['child-count', 'Connect']]);
  });
  test('text-not-allowed: text where only elements go', () => {
    expectExactly(wrap('  <Dial>01012345678</Dial>'), [
      ['text-not-allowed', '01012345678'],
      ['child-count', 'Dial'],
    ]);
    expectExactly(wrap('  <Gather action="/g">1번을 누르세요</Gather>'), [['text-not-allowed', '1번을 누르세요']]);
    expectExactly(wrap('  hello\n  <Hangup/>'), [['text-not-allowed', 'hello']]);
    expectExactly(wrap('  <Hangup>now</Hangup>'), [['text-not-allowed', 'now']]);
    expectExactly(wrap('  <Pause length="1"> </Pause>'), []);
  });
  test('missing-body: Say, Redirect, Number, Play', () => {
    expectExactly(wrap('  <Say language="ko"></Say>'), [['missing-body', 'Say']]);
    expectExactly(wrap('  <Say/>'), [['missing-body', 'Say']]);
    expectExactly(wrap('  <Redirect/>'), [['missing-body', 'Redirect']]);
    expectExactly(wrap('  <Play/>'), [['missing-body', 'Play']]);
    expectExactly(wrap('  <Dial><Number> </Number></Dial>'), [['missing-body', 'Number']]);
  });
  test('invalid-body: URL and phone number bodies', () => {
    expectExactly(wrap('  <Redirect>not a url</Redirect>'), [['invalid-body', 'not a url']]);
    expectExactly(wrap('  <Dial><Number>call me</Number></Dial>'), [['invalid-body', 'call me']]);
    expectExactly(wrap('  <Play>ftp://example.com/a.wav</Play>'), [['invalid-body', 'ftp://example.com/a.wav']]);
  });
  test('conflicting-body: Play with both a URL and digits', () => {
    const found = diagnose(wrap('  <Play digits="1234">https://example.com/a.wav</Play>'));
    assert.deepEqual(summary(found), [['conflicting-body', 'digits']]);
    assert.equal(found[0]!.severity, 'warning');
  });
  test('unknown-attribute: did-you-mean and case', () => {
    const [f] = diagnose(wrap('  <Gather numdigits="1" action="/g"><Say>x</Say></Gather>'));
    assert.deepEqual([f!.rule, f!.at], ['unknown-attribute', 'numdigits']);
    assert.match(f!.message, /case-sensitive: numDigits/);
    expectExactly(wrap('  <Say lang="ko">x</Say>'), [['unknown-attribute', 'lang']]);
    expectExactly(wrap('  <Hangup after="1"/>'), [['unknown-attribute', 'after']]);
  });
  test('twiml-attribute: warning, TwiML-only attributes', () => {
    const found = diagnose(wrap('  <Say voice="alice">x</Say>\n  <Gather method="GET" action="/g"><Say>x</Say></Gather>'));
    assert.deepEqual(summary(found), [
      ['twiml-attribute', 'method'],
      ['twiml-attribute', 'voice'],
    ]);
    assert.ok(found.every((f) => f.severity === 'warning'));
  });
  test('missing-attribute: Stream url, Parameter name and value', () => {
    expectExactly(wrap('  <Connect><Stream/></Connect>'), [['missing-attribute', 'Stream']]);
    expectExactly(wrap('  <Connect><Stream url="wss://a/s"><Parameter name="a"/></Stream></Connect>'), [['missing-attribute', 'Parameter']]);
  });
  test('invalid-attribute-value: every type', () => {
    expectExactly(wrap('  <Gather numDigits="one" action="/g"/>'), [['invalid-attribute-value', 'one']]);
    expectExactly(wrap('  <Gather numDigits="0" action="/g"/>'), [['invalid-attribute-value', '0']]);
    expectExactly(wrap('  <Gather timeout="-1" action="/g"/>'), [['invalid-attribute-value', '-1']]);
    expectExactly(wrap('  <Play loop="1.5">a.wav</Play>'), [['invalid-attribute-value', '1.5']]);
    expectExactly(wrap('  <Record playBeep="yes" maxLength="60" finishOnKey="#" action="/r"/>'), [['invalid-attribute-value', 'yes']]);
    expectExactly(wrap('  <Record finishOnKey="x" playBeep="false" maxLength="60" action="/r"/>'), [['invalid-attribute-value', 'x']]);
    expectExactly(wrap('  <Say language="kr">x</Say>'), [['invalid-attribute-value', 'kr']]);
    expectExactly(wrap('  <Reject reason="declined"/>'), [['invalid-attribute-value', 'declined']]);
    expectExactly(wrap('  <Gather finishOnKey="##" action="/g"/>'), [['invalid-attribute-value', '##']]);
    expectExactly(wrap('  <Play digits="12x"/>'), [['invalid-attribute-value', '12x']]);
    expectExactly(wrap('  <Gather action="ftp://x/y"/>'), [['invalid-attribute-value', 'ftp://x/y']]);
    expectExactly(wrap('  <Dial callerId="abc"><Number>01012345678</Number></Dial>'), [['invalid-attribute-value', 'abc']]);
    const [undocumented] = diagnose(wrap('  <Play digits="1A"/>'));
    assert.deepEqual([undocumented!.rule, undocumented!.severity], ['invalid-attribute-value', 'warning']);
    assert.match(diagnose(wrap('  <Say language="kr">x</Say>'))[0]!.message, /ko/);
  });
  test('twiml-value: TwiML values and their VoiceML replacement', () => {
    expectExactly(wrap('  <Connect><Stream url="wss://a/s" track="inbound_track"/></Connect>'), [['twiml-value', 'inbound_track']]);
    assert.match(diagnose(wrap('  <Connect><Stream url="wss://a/s" track="both_tracks"/></Connect>'))[0]!.message, /"both"/);
    expectExactly(wrap('  <Gather input="speech" action="/g"/>'), [['twiml-value', 'speech']]);
  });
  test('websocket-url: Stream url must be wss://', () => {
    expectExactly(wrap('  <Connect><Stream url="ws://a/s"/></Connect>'), [['websocket-url', 'ws://a/s']]);
    expectExactly(wrap('  <Connect><Stream url="https://a/s"/></Connect>'), [['websocket-url', 'https://a/s']]);
  });
  test('reject-not-first: warning', () => {
    const found = diagnose(wrap('  <Say>잠시만요</Say>\n  <Reject/>'));
    assert.deepEqual(summary(found), [['reject-not-first', 'Reject']]);
    assert.equal(found[0]!.severity, 'warning');
  });
  test('unreachable-verb: after Hangup, Reject, Redirect, Connect', () => {
    const found = diagnose(wrap('  <Hangup/>\n  <Say>bye</Say>\n  <Pause/>'));
    assert.deepEqual(summary(found), [
      ['unreachable-verb', '<Pause/>'],
      ['unreachable-verb', '<Say>bye</Say>'],
    ]);
    assert.deepEqual(found[0]!.diagnostic.tags, [1]);
    expectExactly(wrap('  <Redirect>/next</Redirect><Say>x</Say>'), [['unreachable-verb', '<Say>x</Say>']]);
    expectExactly(wrap('  <Connect><Stream url="wss://a/s"/></Connect><Hangup/>'), [['unreachable-verb', '<Hangup/>']]);
  });
  test('recommended-attribute: Gather without action is information', () => {
    const found = diagnose(wrap('  <Gather numDigits="1"><Say>x</Say></Gather>'));
    assert.deepEqual(summary(found), [['recommended-attribute', 'Gather']]);
    assert.equal(found[0]!.severity, 'information');
  });
  test('changed-default: a hint when porting TwiML', () => {
    const found = diagnose(wrap('  <Record action="/r"/>'));
    assert.deepEqual(summary(found), [['changed-default', 'Record']]);
    assert.equal(found[0]!.severity, 'hint');
    assert.match(found[0]!.message, /playBeep/);
  });
});

describe('settings and locale', () => {
  test('a rule can be turned off or re-graded', () => {
    const xml = wrap('  <Say voice="alice">x</Say>');
    assert.deepEqual(diagnose(xml, { settings: { rules: { 'twiml-attribute': 'off' } } }), []);
    assert.equal(diagnose(xml, { settings: { rules: { 'twiml-attribute': 'error' } } })[0]!.severity, 'error');
    assert.deepEqual(diagnose(xml, { settings: { enable: false } }), []);
  });
  test('Korean by default, English for en', () => {
    const xml = wrap('  <Sya>x</Sya>');
    assert.match(diagnose(xml, { locale: 'ko' })[0]!.message, /요소가 아닙니다/);
    assert.match(diagnose(xml, { locale: undefined as unknown as string })[0]!.message, /요소가 아닙니다/);
    assert.match(diagnose(xml, { locale: 'en-US' })[0]!.message, /is not a VoiceML element/);
  });
});
