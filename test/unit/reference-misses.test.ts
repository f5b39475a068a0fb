/**
 * What the reference makes plain and the rules used to miss: text the Korean voice would read (say-language),
 * numbers the platform cannot dial (foreign-number, and `client:` / `sip:` in invalid-body), webhooks left on
 * Twilio (twilio-url). Each with its messages in both languages and its quick fixes.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/languageService';
import { FIX_ALL_KIND } from '../../server/src/services/codeActions';
import { diagnose, summary, wrap } from '../support/diagnose';

const only = (text: string, rule: string, languageId?: string) => diagnose(text, languageId ? { languageId } : {}).filter((f) => f.rule === rule);
const at = (text: string, rule: string, languageId?: string) => only(text, rule, languageId).map((f) => f.at);

/** The text after the preferred fix of the first finding of `rule`. */
function fixed(text: string, rule: string, languageId = 'xml'): string {
  const service = getLanguageService({ locale: 'en' });
  const document = TextDocument.create(`file:///fix.${languageId === 'xml' ? 'xml' : languageId === 'python' ? 'py' : 'js'}`, languageId, 1, text);
  const diagnostic = service.doValidation(document).find((d) => d.code === rule);
  assert.ok(diagnostic, `no ${rule}`);
  const action = service.doCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] }).find((a) => a.isPreferred);
  assert.ok(action, 'no preferred fix');
  return TextDocument.applyEdits(document, action.edit!.changes![document.uri]!);
}

describe('say-language: text the Korean voice would read', () => {
  test('English and Japanese text without language, with the fix that names the language', () => {
    const english = wrap('  <Say>Thank you for calling.</Say>');
    const [finding] = only(english, 'say-language');
    assert.equal(finding!.at, 'Say');
    assert.equal(finding!.severity, 'warning');
    assert.equal(finding!.message, '<Say> without language is read in Korean, but this text is in Latin script. To read it in English, add language="en".');
    assert.equal(fixed(english, 'say-language'), wrap('  <Say language="en">Thank you for calling.</Say>'));
    const japanese = wrap('  <Say>お電話ありがとうございます。</Say>');
    assert.match(only(japanese, 'say-language')[0]!.message, /this text is Japanese\. Add language="ja"\./);
    assert.equal(fixed(japanese, 'say-language'), wrap('  <Say language="ja">お電話ありがとうございます。</Say>'));
    // Kanji with kana is Japanese; the fix goes after the attributes already there.
    assert.equal(fixed(wrap('  <Say voice="alice">東京駅です</Say>'), 'say-language'), wrap('  <Say voice="alice" language="ja">東京駅です</Say>'));
  });

  test('a reference counts as the character it stands for, not as the letters it is written with', () => {
    // `amp`, `lt` and `quot` are no Latin words: these are digits and punctuation.
    assert.deepEqual(only(wrap('  <Say>1 &amp; 2 &lt; 3 &quot;</Say>'), 'say-language'), []);
    assert.equal(only(wrap('  <Say>&#x48;&#x69;, &#72;i</Say>'), 'say-language').length, 1);
    assert.match(only(wrap('  <Say>&#x3042;&#x3044;</Say>'), 'say-language')[0]!.message, /this text is Japanese/);
    assert.deepEqual(only(wrap('  <Say>Tom &amp; Jerry &#xD55C;</Say>'), 'say-language'), []);
    assert.match(only(wrap('  <Say>&#x0E01;&#x0E02; &amp;</Say>'), 'say-language')[0]!.message, /is not in the language of any voice|none of/i);
  });

  test('Korean messages', () => {
    const found = diagnose(wrap('  <Say>Hello there</Say>'), { locale: 'ko' }).find((f) => f.rule === 'say-language')!;
    assert.equal(found.message, 'language 속성이 없는 <Say>는 한국어로 읽지만 이 텍스트는 로마자입니다. 영어로 읽게 하려면 language="en"을(를) 쓰세요.');
  });

  test('mixed text is Korean as soon as it has Hangul; digits, code and a lone letter say nothing', () => {
    for (const body of ['한국어는 1번, English press 2.', 'ARS 상담', '010-1234-5678', '1, 2, 3 #', 'A', '${name}', '${name}님, 안녕하세요', '&#44032;&#45208;']) {
      const text = `x = \`<Response><Say>${body}</Say></Response>\``;
      assert.deepEqual(at(text, 'say-language', 'javascript'), [], body);
    }
    // The literal part of a template is read; a substitution is no letter.
    assert.deepEqual(at('x = `<Response><Say>Hello ${name}</Say></Response>`', 'say-language', 'javascript'), ['Say']);
    // Character references and CDATA are text too.
    assert.deepEqual(at(wrap('  <Say>&#72;ello</Say>\n  <Say><![CDATA[Press 1 & wait]]></Say>'), 'say-language'), ['Say', 'Say']);
  });

  test('other scripts: a warning without a fix, as VoiceML speaks ko, en and ja only', () => {
    const text = wrap('  <Say>สวัสดีค่ะ</Say>');
    const [finding] = only(text, 'say-language');
    assert.equal(finding!.message, '<Say> without language is read in Korean, but this text is in none of the languages it speaks (ko, en, ja).');
    const service = getLanguageService({ locale: 'en' });
    const document = TextDocument.create('file:///t.xml', 'xml', 1, text);
    const diagnostic = service.doValidation(document).find((d) => d.code === 'say-language')!;
    assert.deepEqual(service.doCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] }).filter((a) => a.kind === 'quickfix'), []);
  });

  test('a language written, even as code, is the language', () => {
    assert.deepEqual(at(wrap('  <Say language="en">Hello</Say>\n  <Say language="ko">Hello</Say>'), 'say-language'), []);
    assert.deepEqual(at('x = `<Response><Say language="${lang}">Hello</Say></Response>`', 'say-language', 'javascript'), []);
  });

  test('Python strings and f-strings', () => {
    const text = 'def voice(name):\n    return f"""<Response><Say>Hi {name}, thanks for calling.</Say></Response>"""\n';
    assert.deepEqual(at(text, 'say-language', 'python'), ['Say']);
    assert.equal(fixed(text, 'say-language', 'python'), 'def voice(name):\n    return f"""<Response><Say language="en">Hi {name}, thanks for calling.</Say></Response>"""\n');
  });

  test('fix all adds the language', () => {
    const service = getLanguageService({ locale: 'en' });
    const document = TextDocument.create('file:///all.xml', 'xml', 1, wrap('  <Say>Hello</Say>\n  <Say>さようなら</Say>'));
    const [all] = service.doCodeActions(document, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [], only: [FIX_ALL_KIND] });
    assert.equal(TextDocument.applyEdits(document, all!.edit!.changes![document.uri]!), wrap('  <Say language="en">Hello</Say>\n  <Say language="ja">さようなら</Say>'));
  });
});

describe('foreign-number: numbers the platform cannot dial', () => {
  test('a number that cannot be Korean, one abroad, and a callerId the account cannot own: each its own message', () => {
    const text = wrap('  <Dial callerId="+15551112222">\n    <Number>415-123-4567</Number>\n  </Dial>\n  <Dial callerId="14155551212"><Number>+1 415 555 0100</Number></Dial>');
    const found = only(text, 'foreign-number');
    assert.deepEqual(
      found.map((f) => [f.at, f.severity]),
      [
        ['+15551112222', 'warning'],
        ['415-123-4567', 'warning'],
        ['14155551212', 'warning'],
        ['+1 415 555 0100', 'warning'],
      ],
    );
    assert.match(found[0]!.message, /^callerId '\+15551112222' cannot be a number the account owns: .*DialCallStatus=failed/);
    assert.match(found[1]!.message, /^'415-123-4567' in <Number> cannot be a Korean number: Korean numbers start with 0/);
    assert.match(found[2]!.message, /^callerId '14155551212' cannot be a number the account owns/);
    assert.match(found[3]!.message, /^'\+1 415 555 0100' in <Number> is a number abroad, not a Korean \(\+82\) one/);
    // Three messages: a caller ID the account cannot own, a number abroad, one that cannot be Korean.
    assert.equal(new Set(found.map((f) => f.message.replace(/'[^']*'/, ''))).size, 3);
  });

  test('a number on a line of its own, as TwiML examples write it', () => {
    assert.deepEqual(at(wrap('  <Dial>\n    <Number>\n      415-123-4567\n    </Number>\n  </Dial>'), 'foreign-number'), ['415-123-4567']);
  });

  test('Korean numbers in every form pass', () => {
    for (const number of ['01012345678', '010-1234-5678', '+82 10-1234-5678', '+82 (0)2 123 4567', '0082-10-1234-5678', '07012340001', '1588-1234', '1644 0000', '114']) {
      assert.deepEqual(at(wrap(`  <Dial callerId="07012340001"><Number>${number}</Number></Dial>`), 'foreign-number'), [], number);
    }
  });

  test("Korea's country code without its +: the domestic form as the fix", () => {
    const text = wrap('  <Dial><Number>82 10 1234 5678</Number></Dial>');
    assert.match(only(text, 'foreign-number')[0]!.message, /starts with Korea's country code 82 but has no \+\. Write it in the domestic form 01012345678/);
    assert.equal(fixed(text, 'foreign-number'), wrap('  <Dial><Number>01012345678</Number></Dial>'));
  });

  test('not a phone number at all is the type check, once: client: and sip: say VoiceML dials numbers only', () => {
    const text = wrap('  <Dial callerId="client:support"><Number>client:alice</Number></Dial>\n  <Dial><Number>sip:jack@example.com</Number></Dial>');
    const found = diagnose(text);
    assert.deepEqual(summary(found), [
      ['invalid-attribute-value', 'client:support'],
      ['invalid-body', 'client:alice'],
      ['invalid-body', 'sip:jack@example.com'],
    ]);
    assert.match(found.find((f) => f.at === 'client:alice')!.message, /is a Twilio Client identity\. VoiceML dials phone numbers only \(it has no <Client>/);
    assert.match(found.find((f) => f.at.startsWith('sip:'))!.message, /is a SIP address\. VoiceML dials phone numbers only \(<Sip> is not supported yet\)/);
  });

  test('a number made by code is not judged; one in a template literal is', () => {
    assert.deepEqual(at('x = `<Response><Dial><Number>${to}</Number></Dial></Response>`', 'foreign-number', 'javascript'), []);
    assert.deepEqual(at('x = `<Response><Dial callerId="${from}"><Number>415-123-4567</Number></Dial></Response>`', 'foreign-number', 'javascript'), ['415-123-4567']);
  });
});

describe('twilio-url: webhooks left on Twilio', () => {
  test('a Studio flow, a TwiML Bin and another Twilio host, each named', () => {
    const text = wrap(
      '  <Gather action="https://handler.twilio.com/twiml/EH123"><Say>1번</Say></Gather>\n' +
        '  <Record action="https://demo.twilio.com/record" maxLength="60" playBeep="true" finishOnKey="#"/>\n' +
        '  <Redirect>https://webhooks.twilio.com/v1/Accounts/AC1/Flows/FW1?FlowEvent=return</Redirect>',
    );
    const found = only(text, 'twilio-url');
    assert.deepEqual(
      found.map((f) => [f.at, f.severity]),
      [
        ['https://handler.twilio.com/twiml/EH123', 'warning'],
        ['https://demo.twilio.com/record', 'warning'],
        ['https://webhooks.twilio.com/v1/Accounts/AC1/Flows/FW1?FlowEvent=return', 'warning'],
      ],
    );
    assert.match(found[0]!.message, /^action points at a Twilio TwiML Bin \(handler\.twilio\.com\)\. It answers only requests Twilio signs/);
    assert.match(found[2]!.message, /^<Redirect> points at a Twilio Studio flow \(webhooks\.twilio\.com\)\. It runs only inside a Twilio call/);
    const ko = diagnose(text, { locale: 'ko' }).filter((f) => f.rule === 'twilio-url');
    assert.match(ko[2]!.message, /^<Redirect>이\(가\) Twilio Studio 흐름\(webhooks\.twilio\.com\)을\(를\) 가리킵니다\./);
  });

  test('only webhooks: a recording played from twilio.com, and hosts that only look alike, pass', () => {
    const text = wrap(
      '  <Play>https://demo.twilio.com/docs/classic.mp3</Play>\n  <Redirect>https://mytwilio.com/next</Redirect>\n  <Redirect>https://twilio.com.example.org/next</Redirect>',
    );
    assert.deepEqual(at(text, 'twilio-url'), []);
  });

  test('the host of a URL partly made by code is still read', () => {
    const js = 'x = `<Response><Redirect>https://webhooks.twilio.com/v1/Accounts/${sid}/Flows/${flow}</Redirect></Response>`';
    assert.equal(only(js, 'twilio-url', 'javascript').length, 1);
    assert.deepEqual(at('x = `<Response><Redirect>https://${host}/next</Redirect></Response>`', 'twilio-url', 'javascript'), []);
  });
});
