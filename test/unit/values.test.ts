/**
 * Value checking: for every type, what passes, what fails, at which severity, and which fix is offered.
 * The last tests feed each check a 100 000-character adversarial string: a check that backtracks would hang
 * here instead of in a user's editor.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localize } from '../../server/src/l10n';
import { getAttribute } from '../../server/src/model';
import { closest } from '../../server/src/model/suggest';
import { editDistance } from '../../server/src/parser/names';
import type { ValueType } from '../../server/src/model/types';
import { checkValue, describeType, isPlainlyValid, normalizePhoneNumber, placeOfNumber, valueCandidates } from '../../server/src/model/values';
import { codeUnits } from '../../server/src/parser/units';
import { isTrimmedSpace } from '../../server/src/model';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const integer1: ValueType = { kind: 'integer', min: 1 };
const integer0: ValueType = { kind: 'integer', min: 0 };
const bounded: ValueType = { kind: 'integer', min: 1, max: 10 };
const boolean: ValueType = { kind: 'boolean' };
const url: ValueType = { kind: 'url' };
const wssUrl: ValueType = { kind: 'wssUrl' };
const dtmfKeyEmpty: ValueType = { kind: 'dtmfKey', allowEmpty: true };
const dtmfKey: ValueType = { kind: 'dtmfKey', allowEmpty: false };
const dtmfKeys: ValueType = { kind: 'dtmfKeys' };
const dtmfString: ValueType = { kind: 'dtmfString' };
const phone: ValueType = { kind: 'phoneNumber' };
const text: ValueType = { kind: 'text' };
const sayLanguage = getAttribute('Say', 'language')!.type;
const track = getAttribute('Stream', 'track')!.type;
const reason = getAttribute('Reject', 'reason')!.type;

function accepts(type: ValueType, values: string[]): void {
  for (const value of values) assert.equal(checkValue(type, value), undefined, `${type.kind} should accept ${JSON.stringify(value)}`);
}

/** Asserts a problem, its severity and its suggestion (undefined: none offered). */
function rejects(type: ValueType, value: string, suggestion?: string, severity: 'error' | 'warning' = 'error'): void {
  const problem = checkValue(type, value);
  assert.ok(problem, `${type.kind} should reject ${JSON.stringify(value)}`);
  assert.equal(problem.severity, severity, `severity for ${JSON.stringify(value)}`);
  assert.equal(problem.suggestion, suggestion, `suggestion for ${JSON.stringify(value)}`);
  // The message must render completely in both languages: no placeholder left without its argument.
  for (const locale of ['ko', 'en'] as const) {
    const message = localize(problem.message, locale, problem.args);
    assert.doesNotMatch(message, /\{\d+\}/, `${locale} message for ${JSON.stringify(value)}: ${message}`);
    assert.ok(message.length > 10);
  }
  // The suggestion is itself fine (or at worst a warning): a quick fix must not produce another error.
  if (suggestion !== undefined) assert.notEqual(checkValue(type, suggestion)?.severity, 'error', `suggestion ${suggestion} is valid`);
}

test('integer: decimal digits only, within range', () => {
  accepts(integer1, ['1', '5', '60', '3600', '007', '99999999999999999999']);
  accepts(integer0, ['0', '1', '10']);
  accepts(bounded, ['1', '10']);
  rejects(integer1, '0');
  rejects(bounded, '11');
  rejects(bounded, '100000000000000000000000');
  rejects(integer1, '');
  rejects(integer1, 'abc');
  rejects(integer1, '1.0', '1');
  rejects(integer1, '2.50');
  rejects(integer1, '0.0'); // would be 0, below the minimum: no fix offered
  rejects(integer1, ' 5 ', '5');
  rejects(integer1, '+5', '5');
  rejects(integer0, '-1');
  rejects(integer1, '5s', '5');
  rejects(integer1, '30 sec', '30');
  rejects(integer1, '5초', '5');
  rejects(integer1, '500ms');
  rejects(integer1, '１０', '10');
  rejects(integer1, '1e3');
  rejects(integer1, '0x10');
  rejects(integer1, '1 000');
});

test('integer messages say what is allowed', () => {
  const problem = checkValue(integer0, 'x')!;
  assert.equal(localize(problem.message, 'ko', problem.args), "'x'은(는) 정수가 아닙니다. 0 이상의 10진수 숫자만 쓸 수 있습니다.");
  assert.equal(localize(problem.message, 'en', problem.args), "'x' is not an integer. Only decimal digits are allowed (an integer ≥ 0).");
  const small = checkValue(integer1, '0')!;
  assert.match(localize(small.message, 'ko', small.args), /1 이상/);
});

test('boolean: true or false exactly', () => {
  accepts(boolean, ['true', 'false']);
  rejects(boolean, 'True', 'true');
  rejects(boolean, 'FALSE', 'false');
  rejects(boolean, ' true', 'true');
  rejects(boolean, '1', 'true');
  rejects(boolean, 'yes', 'true');
  rejects(boolean, '0', 'false');
  rejects(boolean, 'off', 'false');
  rejects(boolean, 'maybe');
  rejects(boolean, '');
});

test('enum: exact values, suggestions from mistakes, case, then edit distance', () => {
  accepts(sayLanguage, ['ko', 'en', 'ja', 'ko-KR', 'en-US', 'ja-JP']);
  rejects(sayLanguage, 'kr', 'ko');
  rejects(sayLanguage, 'kor', 'ko');
  rejects(sayLanguage, 'KR', 'ko'); // mistakes match regardless of case
  rejects(sayLanguage, 'jp', 'ja');
  rejects(sayLanguage, 'ko_KR', 'ko-KR');
  rejects(sayLanguage, 'en_US', 'en-US');
  rejects(sayLanguage, 'english', 'en');
  rejects(sayLanguage, 'korean', 'ko');
  rejects(sayLanguage, '한국어', 'ko');
  rejects(sayLanguage, 'ko-kr', 'ko-KR'); // BCP 47 is case-insensitive, VoiceML values are not
  rejects(sayLanguage, 'KO', 'ko');
  rejects(sayLanguage, ' ko', 'ko');
  rejects(sayLanguage, 'ja-JO', 'ja-JP');
  rejects(sayLanguage, 'fr');
  rejects(sayLanguage, '');
  accepts(reason, ['rejected', 'busy']);
  rejects(reason, 'reject', 'rejected');
  rejects(reason, 'Busy', 'busy');
  rejects(reason, 'decline');
  accepts(track, ['inbound', 'outbound', 'both']);
  // TwiML's spelling is not a VoiceML value; its fix comes from the TwiML table, not from the type.
  const problem = checkValue(track, 'inbound_track');
  assert.ok(problem);
  assert.equal(problem.severity, 'error');
  assert.ok(problem.suggestion === undefined || problem.suggestion === 'inbound');
});

test('enum messages list the allowed values and the suggestion', () => {
  const problem = checkValue(sayLanguage, 'kr')!;
  assert.equal(
    localize(problem.message, 'ko', problem.args),
    "'kr'은(는) 쓸 수 없는 값입니다. 'ko'을(를) 쓰려고 했나요? 쓸 수 있는 값: ko, en, ja, ko-KR, en-US, ja-JP",
  );
  const caseOnly = checkValue(sayLanguage, 'ko-kr')!;
  assert.match(localize(caseOnly.message, 'en', caseOnly.args), /case-sensitive: 'ko-KR'/);
});

test('url: absolute http(s) with a host, or a relative path', () => {
  accepts(url, [
    'https://your-server.com/gather',
    'http://localhost:3000/voice',
    'https://user:pw@example.com:8443/a/b?c=d#e',
    'https://[::1]:8080/x',
    'HTTPS://EXAMPLE.COM/',
    'https://한국.kr/음성',
    '/handle-input',
    'handle-input',
    'x/y',
    './x',
    '../x',
    '?q=1',
    'voicemail.php?step=2',
  ]);
  rejects(url, '');
  rejects(url, 'wss://a/b', 'https://a/b');
  rejects(url, 'ws://a/b', 'http://a/b');
  rejects(url, 'ftp://example.com/a.wav');
  rejects(url, 'mailto:someone@example.com');
  rejects(url, 'javascript:alert(1)');
  rejects(url, 'https://');
  rejects(url, 'https:///path');
  rejects(url, 'http:/example.com/x', 'http://example.com/x');
  rejects(url, 'https:example.com', 'https://example.com');
  rejects(url, 'https://example.com:99999/');
  rejects(url, 'https://example.com:port/');
  rejects(url, 'https://[::1/x');
  rejects(url, '/a b', '/a%20b');
  rejects(url, 'https://exa mple.com/'); // %20 in a host is no fix
  rejects(url, ' /x ', '/x');
  rejects(url, '/a\nb');
  rejects(url, 'a\\b', 'a/b');
  rejects(url, 'localhost:3000/voice', 'http://localhost:3000/voice');
  rejects(url, 'example.com:8080/voice', 'https://example.com:8080/voice');
  rejects(url, 'www.example.com/voice', 'https://www.example.com/voice', 'warning');
  rejects(url, 'example.com/voice', 'https://example.com/voice', 'warning');
  rejects(url, '//example.com/voice', 'https://example.com/voice', 'warning');
});

test('wssUrl: wss:// with a host; other schemes get the same URL with wss://', () => {
  accepts(wssUrl, ['wss://your-server.com/stream', 'wss://a/b', 'WSS://A.COM', 'wss://10.0.0.1:9000/ai/billing?x=1']);
  rejects(wssUrl, 'ws://a/b', 'wss://a/b');
  rejects(wssUrl, 'http://a/b', 'wss://a/b');
  rejects(wssUrl, 'https://your-server.com/stream', 'wss://your-server.com/stream');
  rejects(wssUrl, 'wss:/a/b', 'wss://a/b');
  rejects(wssUrl, 'wss://');
  rejects(wssUrl, 'wss:///x');
  rejects(wssUrl, '/stream');
  rejects(wssUrl, 'stream');
  rejects(wssUrl, 'your-server.com/stream', 'wss://your-server.com/stream');
  rejects(wssUrl, '//your-server.com/stream', 'wss://your-server.com/stream');
  rejects(wssUrl, 'ftp://a/b');
  rejects(wssUrl, 'wss://a b/c');
  rejects(wssUrl, '');
});

test('dtmfKey: one key of 0-9 * #, or empty when allowed', () => {
  accepts(dtmfKeyEmpty, ['', '#', '*', '0', '9']);
  accepts(dtmfKey, ['#', '1']);
  rejects(dtmfKey, '');
  rejects(dtmfKeyEmpty, '##', '#');
  rejects(dtmfKeyEmpty, '#*');
  rejects(dtmfKeyEmpty, 'A');
  rejects(dtmfKeyEmpty, 'w');
  rejects(dtmfKeyEmpty, ' # ', '#');
  rejects(dtmfKeyEmpty, '＃', '#');
  rejects(dtmfKeyEmpty, 'pound', '#');
  rejects(dtmfKeyEmpty, 'star', '*');
  rejects(dtmfKeyEmpty, '별표', '*');
});

test('dtmfKeys: one or more keys of 0-9 * #', () => {
  accepts(dtmfKeys, ['#', '*#', '1234567890*#']);
  rejects(dtmfKeys, '');
  rejects(dtmfKeys, '#,*', '#*');
  rejects(dtmfKeys, '# *', '#*');
  rejects(dtmfKeys, '＃＊', '#*');
  rejects(dtmfKeys, 'hash', '#');
  rejects(dtmfKeys, 'x');
  rejects(dtmfKeys, '#A');
});

test('dtmfString: 0-9 * # w W; A-D undocumented', () => {
  accepts(dtmfString, ['1w2w3#', '0', 'W', 'ww1234567890*#']);
  rejects(dtmfString, '');
  rejects(dtmfString, '1A', undefined, 'warning');
  rejects(dtmfString, 'ABCD', undefined, 'warning');
  rejects(dtmfString, '1x');
  rejects(dtmfString, 'a');
  rejects(dtmfString, '1 2 3', '123');
  rejects(dtmfString, '1,2,3', '123');
  rejects(dtmfString, '１２３', '123');
  rejects(dtmfString, '1 A', '1A'); // the fix leaves only the A-D warning
});

test('phoneNumber: digits with separators, a leading +, at least 3 digits', () => {
  accepts(phone, [
    '01012345678',
    '010-1234-5678',
    '010 1234 5678',
    '010.1234.5678',
    '(02) 123-4567',
    '+82 10-1234-5678',
    '+82-2-123-4567',
    '+82 (0)10 1234 5678',
    '0082-10-1234-5678',
    '07012340001',
    '1588-1234',
    '112',
  ]);
  rejects(phone, '');
  rejects(phone, '12');
  rejects(phone, '1234567890123456');
  rejects(phone, '010-1234-abcd');
  rejects(phone, '010+1234');
  rejects(phone, '++8210');
  rejects(phone, '(02 123-4567');
  rejects(phone, '02) 123-4567');
  rejects(phone, '((02)) 123');
  rejects(phone, 'tel:01012345678', '01012345678');
  rejects(phone, ' 01012345678 ', '01012345678');
  rejects(phone, '０１０１２３４５６７８', '01012345678');
  // Numbers abroad are well-formed: whether the platform can dial them is the foreign-number rule's question.
  accepts(phone, ['+1 415 555 0100', '+81 3-1234-5678', '415-123-4567', '14155551212']);
  // Not a phone number at all: a Twilio Client identity or a SIP address.
  for (const address of ['client:alice', 'Client:alice', 'sip:jack@example.com', 'sips:a@b.example']) {
    rejects(phone, address);
    assert.match(localize(checkValue(phone, address)!.message, 'en', checkValue(phone, address)!.args), /VoiceML dials phone numbers only/);
  }
});

test('placeOfNumber: where a number stands in the numbering plan the platform dials in (read once, the same when asked again)', () => {
  const place = (text: string) => {
    const first = placeOfNumber(text);
    assert.deepEqual(placeOfNumber(text), first, `${text} asked again`);
    return first;
  };
  for (const [text, domestic] of [
    ['010-1234-5678', '01012345678'],
    ['+82 10-1234-5678', '01012345678'],
    ['+82 (0)2 123 4567', '021234567'],
    ['0082 10 1234 5678', '01012345678'],
    ['07012340001', '07012340001'],
    ['1588-1234', '15881234'],
    ['1644 0000', '16440000'],
    ['114', '114'],
    ['1330', '1330'],
  ] as const) {
    assert.deepEqual(place(text), { place: 'domestic', domestic }, text);
  }
  for (const text of ['+1 415 555 0100', '+81 3-1234-5678', '001 1 415 555 0100', '+15558675310']) assert.deepEqual(place(text), { place: 'abroad' }, text);
  for (const text of ['415-123-4567', '14155551212', '918336823947', '858-987-6543', '1588-12345', '+82']) {
    assert.deepEqual(place(text), text === '+82' ? undefined : { place: 'not-domestic' }, text);
  }
  assert.deepEqual(place('821012345678'), { place: 'unprefixed', domestic: '01012345678' });
  assert.deepEqual(place('82 2 123 4567'), { place: 'unprefixed', domestic: '021234567' });
  assert.equal(place('client:alice'), undefined);
});

test('normalizePhoneNumber gives the Korean domestic form', () => {
  assert.equal(normalizePhoneNumber('+82 10-1234-5678'), '01012345678');
  assert.equal(normalizePhoneNumber('+82-2-123-4567'), '021234567');
  assert.equal(normalizePhoneNumber('+821012345678'), '01012345678');
  assert.equal(normalizePhoneNumber('+82 (0)10 1234 5678'), '01012345678');
  assert.equal(normalizePhoneNumber('+82 010-1234-5678'), '01012345678');
  assert.equal(normalizePhoneNumber('0082 10 1234 5678'), '01012345678');
  assert.equal(normalizePhoneNumber('010-1234-5678'), '01012345678');
  assert.equal(normalizePhoneNumber('(02) 123.4567'), '021234567');
  assert.equal(normalizePhoneNumber('  07012340001 '), '07012340001');
  assert.equal(normalizePhoneNumber('1588-1234'), '15881234');
  assert.equal(normalizePhoneNumber('+1 415 555 0100'), undefined);
  assert.equal(normalizePhoneNumber('+82'), undefined);
  assert.equal(normalizePhoneNumber('010-abc'), undefined);
  assert.equal(normalizePhoneNumber('12'), undefined);
  assert.equal(normalizePhoneNumber(''), undefined);
});

test('text accepts anything', () => {
  accepts(text, ['', ' ', 'anything <at> all', '한국어']);
});

test('describeType: one line per type in both languages', () => {
  assert.deepEqual(describeType(integer1), { ko: '정수 (1 이상)', en: 'integer (≥ 1)' });
  assert.deepEqual(describeType(integer0), { ko: '정수 (0 이상)', en: 'integer (≥ 0)' });
  assert.deepEqual(describeType(bounded), { ko: '정수 (1~10)', en: 'integer (1–10)' });
  assert.deepEqual(describeType(reason), { ko: '다음 중 하나: rejected, busy', en: 'one of: rejected, busy' });
  for (const type of [boolean, url, wssUrl, dtmfKeyEmpty, dtmfKey, dtmfKeys, dtmfString, phone, text, sayLanguage, track]) {
    const d = describeType(type);
    assert.ok(d.ko !== '' && d.en !== '' && !d.ko.includes('\n') && !d.en.includes('\n'), type.kind);
  }
});

test('valueCandidates: enum values with docs, booleans, DTMF keys', () => {
  assert.deepEqual(
    valueCandidates(sayLanguage).map((c) => c.value),
    ['ko', 'en', 'ja', 'ko-KR', 'en-US', 'ja-JP'],
  );
  assert.ok(valueCandidates(track).every((c) => c.doc && c.doc.ko !== '' && c.doc.en !== ''));
  assert.deepEqual(valueCandidates(boolean).map((c) => c.value), ['true', 'false']);
  const keys = valueCandidates(dtmfKeyEmpty).map((c) => c.value);
  assert.deepEqual(keys, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#']);
  assert.deepEqual(valueCandidates(dtmfKeys).map((c) => c.value), keys);
  assert.deepEqual(valueCandidates(dtmfString).map((c) => c.value), [...keys, 'w', 'W']);
  for (const type of [integer1, url, wssUrl, phone, text]) assert.deepEqual(valueCandidates(type), [], type.kind);
  // Every candidate is a value the type accepts.
  for (const type of [sayLanguage, track, reason, boolean, dtmfKeyEmpty, dtmfKeys, dtmfString]) {
    for (const c of valueCandidates(type)) assert.equal(checkValue(type, c.value), undefined, `${type.kind} ${c.value}`);
  }
});

test('editDistance: the distance a plain table gives, with rows kept between calls and without', () => {
  // The optimal-string-alignment distance, a whole table per call: what the rows kept between calls must give.
  const reference = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
    return d[a.length]![b.length]!;
  };
  let seed = 7;
  const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
  const word = (length: number): string => Array.from({ length }, () => 'abcde'[next(5)]).join('');
  // Lengths on both sides of the rows kept (256), in an order that leaves longer rows' numbers in them.
  for (const [m, n] of [[300, 280], [5, 7], [0, 4], [12, 255], [255, 12], [40, 300], [3, 3], [200, 256], [1, 1]] as const) {
    for (let k = 0; k < 3; k++) {
      const a = word(m);
      const b = word(n);
      assert.equal(editDistance(a, b), reference(a, b), `${m} × ${n}`);
      // With a cut-off: the distance when within it, else some number past it.
      const cut = editDistance(a, b, 2);
      assert.ok(reference(a, b) <= 2 ? cut === reference(a, b) : cut > 2, `${m} × ${n}, max 2`);
    }
  }
});

test('closest: case first, then Damerau–Levenshtein within a threshold', () => {
  assert.equal(editDistance('Gahter', 'Gather'), 1); // a swap is one edit
  assert.equal(editDistance('abc', 'abc'), 0);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('a'.repeat(50), 'b', 2), 3, 'gives up past max');
  assert.equal(closest('numdigits', ['timeout', 'numDigits', 'finishOnKey', 'action']), 'numDigits');
  assert.equal(closest('Reponse', ['Response', 'Say']), 'Response');
  assert.equal(closest('Dail', ['Say', 'Dial', 'Play']), 'Dial');
  assert.equal(closest('Gahter', ['Gather', 'Hangup']), 'Gather');
  assert.equal(closest('kr', ['ko', 'en', 'ja']), 'ko');
  assert.equal(closest('zzz', ['ko', 'en', 'ja']), undefined);
  assert.equal(closest('', ['a']), undefined);
  assert.equal(closest('Say', ['Say']), undefined, 'never suggests what was typed');
  assert.equal(closest('Sya', ['Say', 'Sy']), 'Say', 'ties keep the case-sensitive nearer one');
});

/* ------------------------------------------------------------------------------------------------------------
 * Linear time. Each string targets one pattern's worst case: a long run that the pattern's quantifier
 * consumes, then a character that makes the match fail at the very end.
 * ---------------------------------------------------------------------------------------------------------- */

const N = 100_000;
const adversarial: [string, ValueType, string][] = [
  ['digits then a letter', integer1, `${'1'.repeat(N)}x`],
  ['digits, a point, digits, a letter', integer1, `1.${'0'.repeat(N)}x`],
  ['digits then a space and a unit', integer1, `${'9'.repeat(N)} secx`],
  ['signed digits then a letter', integer1, `-${'1'.repeat(N)}x`],
  ['spaces', integer1, ' '.repeat(N)],
  ['full-width digits', integer1, '１'.repeat(N)],
  ['a long boolean', boolean, 't'.repeat(N)],
  ['a long enum value', sayLanguage, 'k'.repeat(N)],
  ['a long enum value close to a real one', sayLanguage, `ko${'-'.repeat(N)}`],
  ['scheme characters without a colon', url, 'a'.repeat(N)],
  ['scheme characters then a colon', url, `${'a'.repeat(N)}:`],
  ['a dotted host without a TLD', url, `${'a.'.repeat(N / 2)}/x`],
  ['a long host with a bad port', url, `https://${'a'.repeat(N)}:x`],
  ['slashes after the scheme', url, `http:${'/'.repeat(N)}`],
  ['spaces inside', url, `/${' '.repeat(N)}x`],
  ['backslashes', url, '\\'.repeat(N)],
  ['a long ws URL', wssUrl, `ws://${'a'.repeat(N)}`],
  ['a long relative path for wss', wssUrl, `${'a.'.repeat(N / 2)}com/x`],
  ['many keys', dtmfKeyEmpty, '#'.repeat(N)],
  ['many keys with separators', dtmfKeys, '#,'.repeat(N / 2)],
  ['many tones then a bad one', dtmfString, `${'1w'.repeat(N / 2)}x`],
  ['many undocumented tones', dtmfString, 'A'.repeat(N)],
  ['a long phone number', phone, `+${'8'.repeat(N)}`],
  ['a phone number with many separators', phone, `${'1-'.repeat(N / 2)}x`],
  ['nested parentheses', phone, '('.repeat(N)],
];

for (const [name, type, value] of adversarial) {
  test(`linear time: ${type.kind}, ${name}`, () => {
    const problem = checkValue(type, value);
    // It returned. The message quotes a shortened value, never the whole 100 000 characters.
    if (problem) for (const arg of problem.args) assert.ok(arg.length <= 200, `arg of ${arg.length} characters`);
    describeType(type);
  });
}

test('linear time: closest and normalizePhoneNumber on long input', () => {
  assert.equal(closest('x'.repeat(N), ['Response', 'Say', 'Gather']), undefined);
  assert.equal(closest(`Sa${'y'.repeat(N)}`, ['Say']), undefined);
  assert.equal(normalizePhoneNumber(`+82${'1'.repeat(N)}`), undefined);
  assert.equal(normalizePhoneNumber(`${'0 '.repeat(N / 2)}`), undefined);
});

test('spaces around a value are an error even when the rest is only worth a warning', () => {
  const problem = checkValue({ kind: 'phoneNumber' }, ' +1 555 123 4567');
  assert.equal(problem?.severity, 'error');
  assert.equal(problem?.suggestion, '+1 555 123 4567');
  assert.equal(checkValue({ kind: 'phoneNumber' }, ' 010-1234-5678')?.severity, 'error');
});

/** `isPlainlyValid` reads a value inside a larger text, as validation does. */
const plainlyValid = (type: ValueType, value: string): boolean => isPlainlyValid(type, codeUnits(`<x a="${value}"/>`), 6, 6 + value.length);

test('isPlainlyValid: a value it calls fine is one checkValue calls fine', () => {
  const types = [integer1, integer0, bounded, boolean, url, dtmfKeyEmpty, dtmfKey, dtmfKeys, dtmfString, phone, text, sayLanguage, track, reason];
  const probes = [
    '', '0', '1', '5', '10', '11', '007', '123456789', '1234567890', '-1', '+1', '1.0', ' 1', '1 ', '１', '5s',
    'true', 'false', 'True', 'FALSE', ' true', 'yes', 'ko', 'ko-KR', 'ko-kr', 'KO', 'en-US', 'inbound', 'inbound_track', 'both',
    'rejected', 'busy', '#', '*', '##', '1#', 'A', 'a', 'w', '1w2W#', '1wA', '1 2', '010-1234-5678', '+82 10-1234-5678',
    '/next', 'https://example.com/x', 'example.com/x', 'wss://x', 'https:/x', '\\x', 'a b', '\u00a0', '\u3000',
  ];
  // Random strings over the characters that matter to some type, beside the probes.
  const alphabet = '0123456789#*wWAa-+. :/x\u00a0１';
  let seed = 7;
  const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  for (let k = 0; k < 3000; k++) {
    let value = '';
    for (let length = Math.floor(random() * 6); length > 0; length--) value += alphabet[Math.floor(random() * alphabet.length)];
    probes.push(value);
  }
  for (const type of types) {
    for (const value of probes) {
      if (plainlyValid(type, value)) assert.equal(checkValue(type, value), undefined, `${type.kind}: ${JSON.stringify(value)}`);
    }
  }
});

test('isPlainlyValid: the usual values and every enum value are fine where they stand; URLs once checkValue has seen them', () => {
  assert.ok(plainlyValid(integer1, '5') && plainlyValid(integer1, '3600') && plainlyValid(bounded, '10'));
  assert.ok(!plainlyValid(bounded, '11') && !plainlyValid(integer1, '0') && !plainlyValid(integer1, ''));
  assert.ok(plainlyValid(boolean, 'true') && plainlyValid(boolean, 'false') && !plainlyValid(boolean, 'True'));
  assert.ok(plainlyValid(dtmfKey, '#') && !plainlyValid(dtmfKey, '') && plainlyValid(dtmfKeyEmpty, ''));
  assert.ok(plainlyValid(dtmfKeys, '#*1') && plainlyValid(dtmfString, '1w2W#') && !plainlyValid(dtmfString, '1A'));
  assert.ok(plainlyValid(text, 'anything at all'));
  // An enum value before any check, in the first document that holds it; none of another case or length.
  const freshEnum: ValueType = { kind: 'enum', values: [{ value: 'ko-KR', doc: { ko: '', en: '' } }, { value: 'ko', doc: { ko: '', en: '' } }] };
  assert.ok(plainlyValid(freshEnum, 'ko-KR') && plainlyValid(freshEnum, 'ko'), 'not checked yet');
  for (const wrong of ['ko-kr', 'ko-K', 'ko-KR ', 'k', '', 'en']) {
    assert.equal(plainlyValid(freshEnum, wrong), false, wrong);
    assert.ok(checkValue(freshEnum, wrong), wrong);
    assert.equal(plainlyValid(freshEnum, wrong), false, `${wrong}, checked`);
  }
  const freshUrl: ValueType = { kind: 'url' };
  const value = 'https://your-server.com/ivr/voicemail-done';
  assert.equal(plainlyValid(freshUrl, value), false, 'not checked yet');
  assert.equal(checkValue(freshUrl, value), undefined);
  assert.equal(plainlyValid(freshUrl, value), true, 'found fine before');
  assert.equal(plainlyValid(freshUrl, value.replace('done', 'gone')), false, 'another value of the same length');
  assert.ok(checkValue(freshUrl, 'https://a b'));
  assert.equal(plainlyValid(freshUrl, 'https://a b'), false, 'a value found wrong is never fine');
  // A webhook URL at Twilio is a fine URL, never a plainly valid one (twilio-url looks at those only).
  const webhook: ValueType = { kind: 'url', webhook: true };
  for (const twilio of ['https://webhooks.twilio.com/v1/Accounts/AC1/Flows/FW1', 'HTTPS://Handler.Twilio.com/twiml/EH1', ' https://twilio.com ']) {
    assert.equal(checkValue(webhook, twilio.trim()), undefined, twilio);
    assert.equal(plainlyValid(webhook, twilio.trim()), false, twilio);
  }
  const notTwilio = 'https://twilio.example.com/ivr';
  assert.equal(checkValue(webhook, notTwilio), undefined);
  assert.equal(plainlyValid(webhook, notTwilio), true, 'another host');
  assert.equal(checkValue(freshUrl, 'https://webhooks.twilio.com/v1/x'), undefined);
  assert.equal(plainlyValid(freshUrl, 'https://webhooks.twilio.com/v1/x'), true, 'not a webhook: twilio-url says nothing of it');
});

test('past as many distinct values as are kept, each verdict is still the one checking it gives', () => {
  const fresh: ValueType = { kind: 'url' };
  const stream = Array.from({ length: 6000 }, (_, i) => (i % 3 === 0 ? `htps://example.com/menu/${i}` : `https://example.com/menu/${i}?lang=ko`));
  const verdicts = (): unknown[] => stream.map((value) => checkValue(fresh, value));
  const first = verdicts();
  assert.equal(first.filter(Boolean).length, 2000);
  for (let pass = 0; pass < 2; pass++) assert.deepEqual(verdicts(), first, `pass ${pass}`);
  // A value kept, found fine again: at hand where it stands (the few values at hand so are the last found).
  assert.equal(checkValue(fresh, stream[4]!), undefined);
  assert.equal(plainlyValid(fresh, stream[4]!), true);
  assert.equal(plainlyValid(fresh, stream[3]!), false, 'found wrong');
});

test('a verdict kept holds no view of the document its value was cut from', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const fresh: ValueType = { kind: 'url' };
  gc();
  const before = process.memoryUsage().heapUsed;
  (() => {
    // 40 MB of text; the value a slice of it (a view, in V8, of the whole string), wrong, so its verdict quotes it.
    const document = `<Gather action="htps://example.com/ivr/menu"/>${'요'.repeat(20_000_000)}`;
    const start = document.indexOf('htps');
    const problem = checkValue(fresh, document.slice(start, document.indexOf('"', start)));
    assert.ok(problem);
  })();
  gc();
  const grown = process.memoryUsage().heapUsed - before;
  assert.ok(grown < 10_000_000, `the heap grew by ${(grown / 1e6).toFixed(1)} MB`);
  assert.ok(checkValue(fresh, 'htps://example.com/ivr/menu'), 'the verdict is kept, and still a problem');
});

test('isTrimmedSpace: exactly what String.prototype.trim removes', () => {
  for (let c = 0; c <= 0xffff; c++) assert.equal(isTrimmedSpace(c), String.fromCharCode(c).trim() === '', `U+${c.toString(16)}`);
});
