/**
 * One mistake, one finding: where several rules see the same mistake, the finding that explains it is the one
 * reported (`rules/redundant.ts`), on documents from the issue and from the corpus of code others wrote.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, summary, wrap } from '../support/diagnose';
import type { ValidationSettings } from '../../server/src/languageService';

const expectExactly = (xml: string, expected: [string, string][], options: { languageId?: string; settings?: ValidationSettings } = {}): void => {
  const found = diagnose(xml, options);
  assert.deepEqual(
    summary(found),
    [...expected].sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1])),
    found.map((f) => `${f.rule} @ ${JSON.stringify(f.at)}: ${f.message}`).join('\n'),
  );
};

describe('one mistake, one finding', () => {
  test('a misspelt start tag whose end tag is right is one unknown-element, and its fix makes the XML well-formed', () => {
    const text = wrap('  <Sya language="ko">안녕하세요</Say>');
    expectExactly(text, [['unknown-element', 'Sya']]);
    const [finding] = diagnose(text);
    assert.match(finding!.message, /Did you mean <Say>\?/);
    expectExactly(wrap('  <say language="ko">안녕하세요</Say>'), [['unknown-element', 'say']]);
    expectExactly(wrap('  <Gahter action="/g"><Say language="ko">1번</Say></Gather>'), [['unknown-element', 'Gahter']]);
    expectExactly('<Reponse><Hangup/></Response>', [['root-element', 'Reponse']]);
  });

  test('a misspelt end tag is one xml-syntax error on it', () => {
    expectExactly(wrap('  <Say language="ko">안녕하세요</Sya>'), [['xml-syntax', 'Sya']]);
    // With the rule that knows the start tag is wrong turned off, the markup error stands.
    expectExactly(wrap('  <Sya language="ko">안녕하세요</Say>'), [['xml-syntax', 'Say']], { settings: { rules: { 'unknown-element': 'off' } } });
  });

  test('a missing end tag is one error on the element left open, not also one on the end tag after it', () => {
    expectExactly(wrap('  <Say language="ko">안녕하세요\n  <Hangup/>'), [['xml-syntax', 'Say']]);
    expectExactly(wrap('  <Gather action="/g"><Say>1번</Say>'), [['xml-syntax', 'Gather']]);
    // Two elements left open: two mistakes.
    expectExactly(wrap('  <Gather action="/g"><Say>1번'), [['xml-syntax', 'Gather'], ['xml-syntax', 'Say']]);
  });

  test('a <Dial> with text or an unsupported child gets the finding that explains it, not also child-count', () => {
    expectExactly(wrap('  <Dial record="true">01012345678</Dial>'), [
      ['twiml-attribute', 'record'],
      ['text-not-allowed', '01012345678'],
    ]);
    for (const child of ['<Sip>sip:a@b.example</Sip>', '<Client>alice</Client>', '<Conference>room</Conference>']) {
      const name = child.slice(1, child.indexOf('>'));
      expectExactly(wrap(`  <Dial>${child}</Dial>`), [['twiml-element', name]]);
    }
    expectExactly(wrap('  <Dial><Numbr>01012345678</Numbr></Dial>'), [['unknown-element', 'Numbr']]);
    expectExactly(wrap('  <Dial><Say language="ko">연결합니다</Say></Dial>'), [['invalid-child', 'Say']]);
    expectExactly(wrap('  <Connect><Room>standup</Room></Connect>'), [['twiml-element', 'Room']]);
    // An empty <Dial>, or one whose only mistake is elsewhere, still needs its <Number>.
    expectExactly(wrap('  <Dial></Dial>'), [['child-count', 'Dial']]);
    expectExactly(wrap('  <Dial timeout="soon"></Dial>'), [['child-count', 'Dial'], ['invalid-attribute-value', 'soon']]);
  });

  test('what an element that is not VoiceML holds is not checked again', () => {
    expectExactly(wrap('  <Message><Body>hi</Body><Media>https://a.example/x.png</Media></Message>'), [['twiml-element', 'Message']]);
    expectExactly(wrap('  <Dial><Client><Identity>jane</Identity><Parameter name="a"/></Client></Dial>'), [['twiml-element', 'Client']]);
    expectExactly(wrap('  <Start><Stream name="x" url="ws://a.example/s"/></Start>'), [['twiml-element', 'Start']]);
    // Well-formedness still counts inside: the platform rejects the whole response.
    expectExactly(wrap('  <Sms to="x">R&D</Sms>'), [['twiml-element', 'Sms'], ['xml-syntax', '&']]);
  });

  test('a verb after <Connect> that is also a <Reject> not first: one finding, on one range', () => {
    const text = wrap('  <Connect><Stream url="wss://a.example/s"/></Connect>\n  <Reject/>');
    expectExactly(text, [['unreachable-verb', '<Reject/>']]);
  });

  test('an error\'s range carries no information or hint about the same element; code that never runs, no warnings', () => {
    // <Record> in <Gather>: the nesting error, not also "no action" and "defaults differ from TwiML".
    expectExactly(wrap('  <Gather action="/g"><Record/></Gather>'), [['invalid-child', 'Record']]);
    expectExactly(wrap('  <Hangup/>\n  <Record timeout="5"/>'), [['unreachable-verb', '<Record timeout="5"/>']]);
    // Not inside: a hint on <Record> beside a warning on its attribute stay both.
    expectExactly(wrap('  <Record action="/r" timeout="5" playBeep="true" maxLength="60"/>'), [['twiml-attribute', 'timeout'], ['changed-default', 'Record']]);
  });

  test('an unescaped value breaks the XML wherever it is: injection stays in code that never runs', () => {
    const text = 'const f = (q) => `<Response><Hangup/><Redirect>/next?${q}</Redirect></Response>`;';
    const found = diagnose(text, { languageId: 'javascript' });
    assert.deepEqual(found.map((f) => f.rule).sort(), ['injection', 'unreachable-verb']);
  });
});
