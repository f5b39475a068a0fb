/**
 * Value checking for attribute values and element bodies, one function per `ValueType` kind. The rules report
 * what `checkValue` returns; completion and hover use `describeType` and `valueCandidates`.
 *
 * Everything here runs on user text on every keystroke, so it is pure and linear: character scans and anchored
 * regexes with a single quantifier, never a nested one, so no input can make them backtrack.
 */

import type { Localized } from '../l10n';
import { closest } from './suggest';
import type { ValueType } from './types';
import { model, twilioHostAt } from './index';
import { isXmlSpace } from '../parser';
import { ValueCache, charCodes, hashOf, hashUnits, stringOf, unitsAt } from './valueCache';

export interface ValueProblem {
  severity: 'error' | 'warning';
  /** `{0}` is the value as written (shortened when long); further placeholders are explained per message. */
  message: Localized;
  args: string[];
  /** The corrected value, for did-you-mean and quick fixes. */
  suggestion?: string;
}

type IntegerType = Extract<ValueType, { kind: 'integer' }>;
type EnumType = Extract<ValueType, { kind: 'enum' }>;

/** Checks `value` (already decoded from XML) against `type`; undefined when it is fine. */
export function checkValue(type: ValueType, value: string): ValueProblem | undefined {
  // A document repeats the same few values thousands of times (action URLs, languages, timeouts): remember
  // the verdicts per type, bounded in number and length (see `ValueCache`: under more distinct values than it
  // holds, those in use stay), as character codes: a value cut from a document is a view of its whole text,
  // which the cache must not keep alive. A valid value is remembered as `null`, so that the usual answer costs
  // one lookup.
  if (value.length > MEMO_VALUE_LENGTH) return check(type, value);
  const verdicts = verdictsOf(type);
  const hash = hashOf(value, 0, value.length);
  const place = verdicts.byValue.find(value, 0, value.length, hash);
  if (place >= 0) {
    const known = verdicts.byValue.answerAt(place);
    if (known === null) remember(verdicts, type, value, verdicts.byValue.charactersAt(place));
    return known ?? undefined;
  }
  const verdict = check(type, value);
  const codes = charCodes(value);
  // A problem's message quotes the value: what is kept is made again from a copy of it.
  verdicts.byValue.set(codes, () => (verdict === undefined ? null : (check(type, stringOf(codes)) ?? null)), hash);
  if (verdict === undefined) remember(verdicts, type, value, codes);
  return verdict;
}

/**
 * A value found fine (`codes`: its characters), at hand for `isPlainlyValid` in `fine`, unless it is a webhook
 * URL at a Twilio host: a fine URL, but not one to pass over, for the rule `twilio-url` has something to say
 * about it and looks only at values that are not plainly valid. (An enum's values are at hand from the start.)
 */
function remember(verdicts: Verdicts, type: ValueType, value: string, codes: Uint16Array): void {
  if (type.kind === 'enum') return;
  const slot = hashUnits(codes, 0, codes.length) & (FINE_SLOTS - 1);
  if (verdicts.fine[slot] === codes || (type.kind === 'url' && type.webhook === true && twilioHostAt(value, 0, value.length))) return;
  verdicts.fine[slot] = codes;
}

/** What is remembered of one type's values. */
interface Verdicts {
  /** Every verdict by value; `null` for a fine one. */
  byValue: ValueCache<ValueProblem | null>;
  /**
   * Values found fine, by a hash of their characters: looked up from a document's text without making a string.
   * Kept as their character codes, which a document's text is compared with faster than with a string (a clean
   * 1 MB document compares 10 600 values, 4 500 of them URLs: 0.14 ms less than `startsWith`).
   */
  fine: (Uint16Array | undefined)[];
}

/** Values remembered per type at most, and their length at most: a few MB per type whatever the documents. */
const MEMO_LIMIT = 4096;
const MEMO_VALUE_LENGTH = 512;
const FINE_SLOTS = 256;
const memo = new WeakMap<ValueType, Verdicts>();

function verdictsOf(type: ValueType): Verdicts {
  let verdicts = memo.get(type);
  if (!verdicts) memo.set(type, (verdicts = { byValue: new ValueCache(MEMO_LIMIT, MEMO_VALUE_LENGTH), fine: new Array<Uint16Array | undefined>(FINE_SLOTS).fill(undefined) }));
  return verdicts;
}

/**
 * Is `[start, end)` of a text (`units`: its code units, as `codeUnits` gives them) certainly a fine value of
 * `type`, read where it stands? No string is made: validation asks this first for every attribute on every
 * keystroke, and most values are short and plain (`1`, `true`, `#`, `ko-KR`). `false` means "not sure": ask
 * `checkValue`, which explains what is wrong. The text must be the value itself (nothing decoded). For the
 * other types (URLs, phone numbers) the answer is whether `checkValue` found the same value fine before: one
 * hash and one comparison. A webhook URL at a Twilio host is never plainly valid (see `checkValue`).
 */
export function isPlainlyValid(type: ValueType, units: Uint16Array, start: number, end: number): boolean {
  return plainValidator(type)(units, start, end);
}

/** `isPlainlyValid` for one type. */
export type PlainValidator = (units: Uint16Array, start: number, end: number) => boolean;

/** The `isPlainlyValid` check of `type`, made once per type: code that asks per attribute keeps it at hand. */
export function plainValidator(type: ValueType): PlainValidator {
  let validator = validators.get(type);
  if (!validator) validators.set(type, (validator = makePlainValidator(type)));
  return validator;
}

const validators = new WeakMap<ValueType, PlainValidator>();
const TRUE = charCodes('true');
const FALSE = charCodes('false');

function makePlainValidator(type: ValueType): PlainValidator {
  switch (type.kind) {
    case 'integer': {
      // Up to 9 decimal digits (no overflow to think about) within the type's range.
      const min = type.min ?? 0;
      const max = type.max ?? Infinity;
      return (units, start, end) => {
        if (end <= start || end - start > 9) return false;
        let n = 0;
        for (let i = start; i < end; i++) {
          const d = units[i]! - 0x30;
          if (d < 0 || d > 9) return false;
          n = n * 10 + d;
        }
        return n >= min && n <= max;
      };
    }
    case 'boolean':
      return (units, start, end) => (end - start === 4 && unitsAt(units, start, TRUE)) || (end - start === 5 && unitsAt(units, start, FALSE));
    case 'dtmfKey': {
      const allowEmpty = type.allowEmpty;
      return (units, start, end) => (end === start ? allowEmpty : end - start === 1 && isDtmfKeyCode(units[start]!));
    }
    case 'dtmfKeys':
      return (units, start, end) => areKeysAt(units, start, end, false);
    case 'dtmfString':
      return (units, start, end) => areKeysAt(units, start, end, true);
    case 'text':
      return () => true;
    case 'enum': {
      // The allowed values themselves, compared where they stand. Through the values found fine before (below),
      // a value no document had shown yet was plain in none of its places in the first document holding it (a
      // document is looked up whole before its first value is checked): each `language="ko-KR"` of the first
      // 1 MB document opened was read as a string and checked, 1 540 of them.
      const allowed = type.values.map((v) => charCodes(v.value));
      return (units, start, end) => {
        const length = end - start;
        for (const codes of allowed) if (codes.length === length && unitsAt(units, start, codes)) return true;
        return false;
      };
    }
    default: {
      // Did `checkValue` find the same text fine before?
      const fine = verdictsOf(type).fine;
      return (units, start, end) => {
        const seen = fine[hashUnits(units, start, end) & (FINE_SLOTS - 1)];
        return seen !== undefined && seen.length === end - start && unitsAt(units, start, seen);
      };
    }
  }
}

/** One or more DTMF keys (and with `waits`, `w`/`W`) at `[start, end)`. */
function areKeysAt(units: Uint16Array, start: number, end: number, waits: boolean): boolean {
  if (end === start) return false;
  for (let i = start; i < end; i++) {
    const c = units[i]!;
    if (!isDtmfKeyCode(c) && !(waits && (c === 0x77 || c === 0x57))) return false; // w, W
  }
  return true;
}

function check(type: ValueType, value: string): ValueProblem | undefined {
  switch (type.kind) {
    case 'integer':
      return checkInteger(type, value);
    case 'boolean':
      return checkBoolean(value);
    case 'enum':
      return checkEnum(type, value);
    case 'url':
      return checkUrl(value);
    case 'wssUrl':
      return checkWssUrl(value);
    case 'dtmfKey':
      return checkDtmfKey(value, type.allowEmpty);
    case 'dtmfKeys':
      return checkDtmfKeys(value);
    case 'dtmfString':
      return checkDtmfString(value);
    case 'phoneNumber':
      return checkPhoneNumber(value);
    case 'text':
      return undefined;
  }
}

/* ------------------------------------------------------------------------------------------------------------
 * Shared helpers
 * ---------------------------------------------------------------------------------------------------------- */

/** Messages quote the value; a pasted essay must not become a 100 KB diagnostic. */
const SHOWN_MAX = 60;
function shown(value: string): string {
  return value.length <= SHOWN_MAX ? value : `${value.slice(0, SHOWN_MAX - 1)}…`;
}

/** Every argument is shortened here, so no message path can forget to; the suggestion stays whole for the fix. */
function problem(severity: ValueProblem['severity'], message: Localized, args: string[], suggestion?: string): ValueProblem {
  const shortened = args.map(shown);
  return suggestion === undefined ? { severity, message, args: shortened } : { severity, message, args: shortened, suggestion };
}

function error(message: Localized, args: string[], suggestion?: string): ValueProblem {
  return problem('error', message, args, suggestion);
}

function warning(message: Localized, args: string[], suggestion?: string): ValueProblem {
  return problem('warning', message, args, suggestion);
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isAllDigits = (s: string): boolean => /^[0-9]+$/.test(s);

/**
 * Full-width forms (U+FF01–U+FF5E) mapped to ASCII: a Korean or Japanese IME in full-width mode types `１２＃`,
 * which looks right on screen and is wrong in the file.
 */
function toHalfWidth(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    out += c >= 0xff01 && c <= 0xff5e ? String.fromCharCode(c - 0xfee0) : value[i];
  }
  return out;
}

/** The value trimmed of XML whitespace, when trimming changes it and fixes it; for "spaces around" messages. */
function trimmedFix(value: string, type: ValueType): string | undefined {
  const trimmed = value.trim();
  if (trimmed === value || trimmed === '') return undefined;
  // A trimmed value that is fine or only worth a warning (a number abroad) is the fix: the spaces are the error.
  return checkValue(type, trimmed)?.severity !== 'error' ? trimmed : undefined;
}

const SURROUNDING_SPACE: Localized = {
  ko: "'{0}' 앞뒤에 공백이 있습니다. 공백 없이 '{1}'(으)로 쓰세요.",
  en: "'{0}' has spaces around it. Write '{1}' without them.",
};

/* ------------------------------------------------------------------------------------------------------------
 * Integers
 * ---------------------------------------------------------------------------------------------------------- */

function rangeText(type: IntegerType): Localized {
  const min = type.min ?? 0;
  if (type.max !== undefined) return { ko: `${min}~${type.max}`, en: `${min}–${type.max}` };
  return { ko: `${min} 이상`, en: `≥ ${min}` };
}

/** Compares a string of decimal digits with a number without overflowing on a 100-digit value. */
function compareDigits(digits: string, n: number): number {
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 0x30) i++;
  const significant = digits.slice(i);
  if (significant.length > 15) return 1; // beyond any limit the model can state
  const v = Number(significant);
  return v < n ? -1 : v > n ? 1 : 0;
}

function inRange(type: IntegerType, digits: string): boolean {
  if (type.min !== undefined && compareDigits(digits, type.min) < 0) return false;
  if (type.max !== undefined && compareDigits(digits, type.max) > 0) return false;
  return true;
}

function checkInteger(type: IntegerType, value: string): ValueProblem | undefined {
  const range = rangeText(type);
  const only: Localized = {
    ko: `${range.ko}의 10진수 숫자만 쓸 수 있습니다.`,
    en: `Only decimal digits are allowed (an integer ${range.en}).`,
  };
  const args = [shown(value)];
  const fix = (candidate: string): string | undefined => (isAllDigits(candidate) && inRange(type, candidate) ? candidate : undefined);

  if (value === '') {
    return error({ ko: `값이 비어 있습니다. ${only.ko}`, en: `The value is empty. ${only.en}` }, args);
  }
  if (isAllDigits(value)) {
    if (type.min !== undefined && compareDigits(value, type.min) < 0) {
      return error(
        { ko: `'{0}'은(는) 너무 작습니다. ${type.min} 이상이어야 합니다.`, en: `'{0}' is too small; it must be at least ${type.min}.` },
        args,
      );
    }
    if (type.max !== undefined && compareDigits(value, type.max) > 0) {
      return error(
        { ko: `'{0}'은(는) 너무 큽니다. ${type.max} 이하여야 합니다.`, en: `'{0}' is too large; it must be at most ${type.max}.` },
        args,
      );
    }
    return undefined;
  }

  const trimmed = value.trim();
  if (trimmed !== value && isAllDigits(trimmed)) {
    return error(SURROUNDING_SPACE, [shown(value), trimmed], fix(trimmed));
  }
  const halfWidth = toHalfWidth(trimmed);
  if (halfWidth !== trimmed && isAllDigits(halfWidth)) {
    return error(
      { ko: "'{0}'에 전각 숫자가 있습니다. 반각 숫자 '{1}'(으)로 쓰세요.", en: "'{0}' has full-width digits. Write '{1}' in ASCII digits." },
      [shown(value), halfWidth],
      fix(halfWidth),
    );
  }
  if (/^[+-][0-9]+$/.test(trimmed)) {
    const digits = trimmed.slice(1);
    return trimmed[0] === '-'
      ? error({ ko: `'{0}'은(는) 음수입니다. ${only.ko}`, en: `'{0}' is negative. ${only.en}` }, args)
      : error({ ko: `'{0}'에는 부호를 쓸 수 없습니다. ${only.ko}`, en: `'{0}' must not have a sign. ${only.en}` }, args, fix(digits));
  }
  if (/^[0-9]+\.[0-9]*$/.test(trimmed)) {
    // `1.0` is an integer written as a decimal: safe to fix. `2.5` has no integer meaning we could guess.
    const [whole, fraction] = trimmed.split('.') as [string, string];
    const zeroFraction = /^0*$/.test(fraction);
    return error(
      { ko: `'{0}'은(는) 정수가 아닙니다 (소수점). ${only.ko}`, en: `'{0}' is not an integer (it has a decimal point). ${only.en}` },
      args,
      zeroFraction ? fix(whole) : undefined,
    );
  }
  // `5s`, `5 sec`, `5초`: the unit is implied (seconds) and must go.
  const unit = /^([0-9]+) ?(s|sec|secs|second|seconds|초|ms)$/i.exec(trimmed);
  if (unit) {
    const isMillis = unit[2]!.toLowerCase() === 'ms';
    return error(
      {
        ko: `'{0}'에는 단위를 쓸 수 없습니다. 초 단위 숫자만 씁니다. ${only.ko}`,
        en: `'{0}' must not have a unit; the number is in seconds. ${only.en}`,
      },
      args,
      isMillis ? undefined : fix(unit[1]!),
    );
  }
  return error({ ko: `'{0}'은(는) 정수가 아닙니다. ${only.ko}`, en: `'{0}' is not an integer. ${only.en}` }, args);
}

/* ------------------------------------------------------------------------------------------------------------
 * Booleans
 * ---------------------------------------------------------------------------------------------------------- */

const TRUTHY = new Set(['1', 'yes', 'y', 'on', '참', '예']);
const FALSY = new Set(['0', 'no', 'n', 'off', '거짓', '아니오', '아니요']);

function checkBoolean(value: string): ValueProblem | undefined {
  if (value === 'true' || value === 'false') return undefined;
  const args = [shown(value)];
  if (value === '') {
    return error({ ko: '값이 비어 있습니다. true 또는 false를 쓰세요.', en: 'The value is empty. Write true or false.' }, args);
  }
  const trimmed = value.trim();
  if (trimmed !== value && (trimmed === 'true' || trimmed === 'false')) {
    return error(SURROUNDING_SPACE, [shown(value), trimmed], trimmed);
  }
  const lower = trimmed.toLowerCase();
  if (lower === 'true' || lower === 'false') {
    return error(
      {
        ko: "'{0}'은(는) 쓸 수 없습니다. 불리언 값은 소문자로 true 또는 false라고 씁니다.",
        en: "'{0}' is not allowed. Booleans are written in lower case: true or false.",
      },
      args,
      lower,
    );
  }
  const guess = TRUTHY.has(lower) ? 'true' : FALSY.has(lower) ? 'false' : undefined;
  return error(
    guess
      ? {
          ko: "'{0}'은(는) 불리언 값이 아닙니다. true 또는 false만 쓸 수 있습니다. '{1}'을(를) 쓰려고 했나요?",
          en: "'{0}' is not a boolean. Only true or false are allowed. Did you mean '{1}'?",
        }
      : { ko: "'{0}'은(는) 불리언 값이 아닙니다. true 또는 false만 쓸 수 있습니다.", en: "'{0}' is not a boolean. Only true or false are allowed." },
    guess ? [shown(value), guess] : args,
    guess,
  );
}

/* ------------------------------------------------------------------------------------------------------------
 * Enums
 * ---------------------------------------------------------------------------------------------------------- */

/** The fix for a wrong enum value: a known mistake first, then the same value in other case, then the nearest. */
function enumSuggestion(type: EnumType, value: string): string | undefined {
  const values = type.values.map((v) => v.value);
  const trimmed = value.trim();
  if (trimmed !== value && values.includes(trimmed)) return trimmed;
  if (type.mistakes) {
    const direct = type.mistakes[trimmed];
    if (direct !== undefined) return direct;
    const lower = trimmed.toLowerCase();
    for (const [wrong, right] of Object.entries(type.mistakes)) if (wrong.toLowerCase() === lower) return right;
  }
  return closest(trimmed, values);
}

function checkEnum(type: EnumType, value: string): ValueProblem | undefined {
  if (type.values.some((v) => v.value === value)) return undefined;
  const allowed = type.values.map((v) => v.value).join(', ');
  if (value === '') {
    return error({ ko: '값이 비어 있습니다. 쓸 수 있는 값: {1}', en: 'The value is empty. Allowed values: {1}' }, ['', allowed]);
  }
  const suggestion = enumSuggestion(type, value);
  if (suggestion === undefined) {
    return error({ ko: "'{0}'은(는) 쓸 수 없는 값입니다. 쓸 수 있는 값: {1}", en: "'{0}' is not an allowed value. Allowed values: {1}" }, [
      shown(value),
      allowed,
    ]);
  }
  const caseOnly = suggestion.toLowerCase() === value.toLowerCase();
  return error(
    caseOnly
      ? {
          ko: "'{0}'은(는) 쓸 수 없는 값입니다. 값은 대소문자를 구분합니다: '{2}'. 쓸 수 있는 값: {1}",
          en: "'{0}' is not an allowed value. Values are case-sensitive: '{2}'. Allowed values: {1}",
        }
      : {
          ko: "'{0}'은(는) 쓸 수 없는 값입니다. '{2}'을(를) 쓰려고 했나요? 쓸 수 있는 값: {1}",
          en: "'{0}' is not an allowed value. Did you mean '{2}'? Allowed values: {1}",
        },
    [shown(value), allowed, suggestion],
    suggestion,
  );
}

/* ------------------------------------------------------------------------------------------------------------
 * URLs
 * ---------------------------------------------------------------------------------------------------------- */

/** `scheme:` at the start (RFC 3986: a letter, then letters, digits, `+`, `-`, `.`). */
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/** Top-level domains common enough that `example.com/x` is surely a host, not a relative path. */
const COMMON_TLDS = new Set([
  'com', 'net', 'org', 'io', 'kr', 'dev', 'app', 'ai', 'co', 'me', 'biz', 'info', 'xyz', 'cloud', 'site', 'jp', 'us',
]);

/** The part before the first `/`, `?` or `#`: the host of an absolute URL, or a relative path's first segment. */
function firstSegment(value: string): string {
  let end = 0;
  while (end < value.length) {
    const c = value[end];
    if (c === '/' || c === '?' || c === '#') break;
    end++;
  }
  return value.slice(0, end);
}

/** True for `www.anything` and `name.tld` with a common TLD, optionally with `:port`: a host typed without a scheme. */
function looksLikeHost(segment: string): boolean {
  const colon = segment.indexOf(':');
  const host = colon >= 0 ? segment.slice(0, colon) : segment;
  if (colon >= 0 && !isAllDigits(segment.slice(colon + 1))) return false;
  if (host.length === 0 || host.length > 253) return false;
  if (host.toLowerCase() === 'localhost') return colon >= 0;
  const labels = host.split('.');
  if (labels.length < 2 || labels.some((l) => !/^[A-Za-z0-9-]+$/.test(l))) return false;
  if (labels[0]!.toLowerCase() === 'www') return true;
  return COMMON_TLDS.has(labels[labels.length - 1]!.toLowerCase());
}

/**
 * Problems with the authority (`user@host:port`) of an absolute URL, or undefined. Deliberately lenient on
 * the host's characters (internationalized names are fine); strict on what is certainly wrong.
 */
function authorityProblem(authority: string): Localized | undefined {
  const at = authority.lastIndexOf('@');
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  let host = hostPort;
  let port: string | undefined;
  if (hostPort.startsWith('[')) {
    const close = hostPort.indexOf(']');
    if (close < 0) return { ko: "'{0}'의 IPv6 주소에 닫는 ']'가 없습니다.", en: "The IPv6 address in '{0}' has no closing ']'." };
    host = hostPort.slice(0, close + 1);
    const rest = hostPort.slice(close + 1);
    if (rest !== '') {
      if (!rest.startsWith(':')) return { ko: "'{0}'의 호스트 뒤에 알 수 없는 문자가 있습니다.", en: "'{0}' has stray characters after the host." };
      port = rest.slice(1);
    }
  } else {
    const colon = hostPort.indexOf(':');
    if (colon >= 0) {
      host = hostPort.slice(0, colon);
      port = hostPort.slice(colon + 1);
    }
  }
  if (host === '') return { ko: "'{0}'에 호스트가 없습니다.", en: "'{0}' has no host." };
  if (port !== undefined && !(isAllDigits(port) && port.length <= 5 && Number(port) <= 65535)) {
    return { ko: "'{0}'의 포트 번호가 잘못되었습니다. 0~65535 사이의 숫자여야 합니다.", en: "The port in '{0}' is invalid; it must be a number from 0 to 65535." };
  }
  for (let i = 0; i < host.length; i++) {
    const c = host[i]!;
    if (c === '@' || c === '[' || c === ']' || c === '\\' || c === '%' || c === '"' || c === '<' || c === '>') {
      if (host.startsWith('[') && (c === '[' || c === ']')) continue;
      return { ko: "'{0}'의 호스트 이름에 쓸 수 없는 문자 '{1}'이(가) 있습니다.", en: "The host name in '{0}' contains '{1}', which is not allowed." };
    }
  }
  return undefined;
}

/** Spaces, backslashes: problems shared by every URL kind, with their fixes. */
function commonUrlProblem(value: string, type: ValueType): ValueProblem | undefined {
  const args = [shown(value)];
  if (value === '') {
    return error({ ko: 'URL이 비어 있습니다.', en: 'The URL is empty.' }, args);
  }
  const trimmed = value.trim();
  if (trimmed !== value && !/\s/.test(trimmed)) {
    return error(SURROUNDING_SPACE, [shown(value), shown(trimmed)], trimmedFix(value, type));
  }
  if (/\s/.test(value)) {
    // Only plain spaces have an obvious fix (percent-encoding); a line break inside a URL is a different mistake.
    // Other white space (a no-break space) gets no fix: encoding the plain spaces would leave it, and checking
    // that candidate would land here again with the same value — endless recursion.
    const encoded = /[\t\n\r]/.test(value) || !value.includes(' ') ? undefined : value.split(' ').join('%20');
    return error(
      {
        ko: "URL '{0}'에 공백이 들어 있습니다. URL에는 공백을 쓸 수 없으므로 %20으로 인코딩하세요.",
        en: "The URL '{0}' contains whitespace. URLs cannot contain spaces; encode them as %20.",
      },
      args,
      encoded !== undefined && checkValue(type, encoded) === undefined ? encoded : undefined,
    );
  }
  if (value.includes('\\')) {
    const slashed = value.split('\\').join('/');
    return error(
      {
        ko: "URL '{0}'에 역슬래시(\\)가 있습니다. URL의 경로는 슬래시(/)로 구분합니다.",
        en: "The URL '{0}' contains a backslash (\\). URL paths are separated by slashes (/).",
      },
      args,
      checkValue(type, slashed) === undefined ? slashed : undefined,
    );
  }
  return undefined;
}

function checkUrl(value: string): ValueProblem | undefined {
  const type: ValueType = { kind: 'url' };
  const common = commonUrlProblem(value, type);
  if (common) return common;
  const args = [shown(value)];
  const scheme = SCHEME.exec(value)?.[1];

  if (scheme === undefined) {
    if (value.startsWith('//')) {
      return warning(
        {
          ko: "'{0}'에는 스킴이 없습니다. 어떤 프로토콜로 호출될지 분명하도록 https://를 붙여 쓰세요.",
          en: "'{0}' has no scheme. Write https:// in front so the protocol is unambiguous.",
        },
        args,
        `https:${value}`,
      );
    }
    if (looksLikeHost(firstSegment(value))) {
      return warning(
        {
          ko: "'{0}'은(는) 호스트 이름으로 시작하지만 스킴이 없어 웹훅 URL 기준의 상대 경로로 해석됩니다. 다른 서버라면 https://를 붙이세요.",
          en: "'{0}' starts with a host name but has no scheme, so it is read as a path relative to the webhook URL. For another server, add https://.",
        },
        args,
        `https://${value}`,
      );
    }
    return undefined; // a relative path: `/x`, `x/y`, `./x`, `?q=1`
  }

  const lower = scheme.toLowerCase();
  const rest = value.slice(scheme.length + 1);
  if (lower === 'http' || lower === 'https') {
    if (!rest.startsWith('//')) {
      let start = 0;
      while (start < rest.length && rest[start] === '/') start++;
      const fixed = `${scheme}://${rest.slice(start)}`;
      return error(
        { ko: "'{0}'에 '//'가 빠졌습니다. '{1}://호스트/경로' 형식으로 쓰세요.", en: "'{0}' is missing '//'. Write it as '{1}://host/path'." },
        [shown(value), scheme],
        checkUrl(fixed) === undefined ? fixed : undefined,
      );
    }
    const problem = authorityProblem(firstSegment(rest.slice(2)));
    return problem ? error(problem, [shown(value), offendingHostChar(firstSegment(rest.slice(2)))]) : undefined;
  }
  if (lower === 'ws' || lower === 'wss') {
    const fixed = `${lower === 'wss' ? 'https' : 'http'}${value.slice(scheme.length)}`;
    return error(
      {
        ko: "'{0}'은(는) WebSocket URL입니다. 여기에는 http:// 또는 https:// URL을 씁니다 (wss://는 <Stream url>에만 씁니다).",
        en: "'{0}' is a WebSocket URL. This takes an http:// or https:// URL (wss:// belongs in <Stream url> only).",
      },
      args,
      checkUrl(fixed) === undefined ? fixed : undefined,
    );
  }
  // `localhost:3000/x`, `example.com:8080/x`: a host and port typed without a scheme, not a scheme at all.
  if (looksLikeHost(firstSegment(value))) {
    const fixed = `${lower === 'localhost' ? 'http' : 'https'}://${value}`;
    return error(
      { ko: "'{0}'에 스킴이 없습니다. http:// 또는 https://를 붙여 쓰세요.", en: "'{0}' has no scheme. Add http:// or https://." },
      args,
      checkUrl(fixed) === undefined ? fixed : undefined,
    );
  }
  return error(
    {
      ko: "'{1}:' URL은 쓸 수 없습니다. http:// 또는 https:// 절대 URL이나 상대 경로(/path)만 쓸 수 있습니다.",
      en: "A '{1}:' URL is not allowed. Only absolute http:// or https:// URLs and relative paths (/path) are.",
    },
    [shown(value), scheme],
  );
}

/** The first character of a host that `authorityProblem` objects to, for its message's `{1}`. */
function offendingHostChar(authority: string): string {
  const at = authority.lastIndexOf('@');
  const host = at >= 0 ? authority.slice(at + 1) : authority;
  for (const c of host) if ('@\\%"<>'.includes(c)) return c;
  return '';
}

function checkWssUrl(value: string): ValueProblem | undefined {
  const type: ValueType = { kind: 'wssUrl' };
  const common = commonUrlProblem(value, type);
  if (common) return common;
  const args = [shown(value)];
  const scheme = SCHEME.exec(value)?.[1];
  const lower = scheme?.toLowerCase();
  const withWss = (rest: string): string | undefined => {
    const fixed = `wss://${rest}`;
    return checkWssUrl(fixed) === undefined ? fixed : undefined;
  };
  const afterSlashes = (s: string): string => {
    let start = 0;
    while (start < s.length && s[start] === '/') start++;
    return s.slice(start);
  };

  if (scheme === undefined || (lower !== 'wss' && lower !== 'ws' && lower !== 'http' && lower !== 'https' && looksLikeHost(firstSegment(value)))) {
    const hostFirst = value.startsWith('//') || looksLikeHost(firstSegment(value));
    return error(
      {
        ko: "'{0}'은(는) 절대 WebSocket URL이 아닙니다. <Stream url>에는 wss://로 시작하는 URL을 씁니다 (상대 경로는 쓸 수 없습니다).",
        en: "'{0}' is not an absolute WebSocket URL. <Stream url> takes a URL starting with wss:// (relative paths are not allowed).",
      },
      args,
      hostFirst ? withWss(afterSlashes(value)) : undefined,
    );
  }
  const rest = value.slice(scheme.length + 1);
  if (lower === 'wss') {
    if (!rest.startsWith('//')) {
      return error(
        { ko: "'{0}'에 '//'가 빠졌습니다. 'wss://호스트/경로' 형식으로 쓰세요.", en: "'{0}' is missing '//'. Write it as 'wss://host/path'." },
        args,
        withWss(afterSlashes(rest)),
      );
    }
    const authority = firstSegment(rest.slice(2));
    const problem = authorityProblem(authority);
    return problem ? error(problem, [shown(value), offendingHostChar(authority)]) : undefined;
  }
  if (lower === 'ws') {
    return error(
      {
        ko: "'{0}'은(는) 암호화되지 않은 ws:// URL입니다. <Stream url>은 wss://만 쓸 수 있습니다.",
        en: "'{0}' is an unencrypted ws:// URL. <Stream url> accepts wss:// only.",
      },
      args,
      withWss(afterSlashes(rest)),
    );
  }
  if (lower === 'http' || lower === 'https') {
    return error(
      {
        ko: "'{0}'은(는) HTTP URL입니다. <Stream url>에는 WebSocket URL(wss://)을 씁니다.",
        en: "'{0}' is an HTTP URL. <Stream url> takes a WebSocket URL (wss://).",
      },
      args,
      withWss(afterSlashes(rest)),
    );
  }
  return error(
    { ko: "'{1}:' URL은 쓸 수 없습니다. <Stream url>에는 wss:// URL만 씁니다.", en: "A '{1}:' URL is not allowed. <Stream url> takes wss:// URLs only." },
    [shown(value), scheme],
  );
}

/* ------------------------------------------------------------------------------------------------------------
 * DTMF
 * ---------------------------------------------------------------------------------------------------------- */

const DTMF_KEYS = '0123456789*#';
const isDtmfKey = (c: string): boolean => c.length === 1 && DTMF_KEYS.includes(c);
const isDtmfKeyCode = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === 0x2a || c === 0x23; // 0-9 * #

/** Names people type for the two symbol keys, in English and Korean. */
const KEY_WORDS = new Map<string, string>([
  ['pound', '#'], ['hash', '#'], ['sharp', '#'], ['shop', '#'], ['샵', '#'], ['우물정', '#'], ['우물 정', '#'],
  ['star', '*'], ['asterisk', '*'], ['별', '*'], ['별표', '*'],
]);

/** The key meant by a single full-width character or a key name, if any. */
function keyAlias(value: string): string | undefined {
  const trimmed = value.trim();
  const half = toHalfWidth(trimmed);
  if (half !== trimmed && [...half].every(isDtmfKey)) return half;
  return KEY_WORDS.get(trimmed.toLowerCase());
}

function checkDtmfKey(value: string, allowEmpty: boolean): ValueProblem | undefined {
  if (value === '' ? allowEmpty : isDtmfKey(value)) return undefined;
  const allowed: Localized = allowEmpty
    ? { ko: '0-9, *, # 중 키 하나 또는 빈 문자열(비활성화)', en: 'one key of 0-9, *, #, or an empty string (disabled)' }
    : { ko: '0-9, *, # 중 키 하나', en: 'one key of 0-9, *, #' };
  const args = [shown(value)];
  if (value === '') {
    return error({ ko: `값이 비어 있습니다. ${allowed.ko}를 쓰세요.`, en: `The value is empty. Write ${allowed.en}.` }, args);
  }
  const trimmed = value.trim();
  if (trimmed !== value && isDtmfKey(trimmed)) return error(SURROUNDING_SPACE, [shown(value), trimmed], trimmed);
  const alias = keyAlias(value);
  if (alias !== undefined && alias.length === 1) {
    return error(
      { ko: `'{0}'은(는) DTMF 키가 아닙니다. '{1}'을(를) 쓰려고 했나요? ${allowed.ko}만 쓸 수 있습니다.`, en: `'{0}' is not a DTMF key. Did you mean '{1}'? Only ${allowed.en} is allowed.` },
      [shown(value), alias],
      alias,
    );
  }
  if (value.length > 1 && [...value].every(isDtmfKey)) {
    // `##` can only mean `#`; `#*` could mean either, so no guess.
    const same = [...value].every((c) => c === value[0]);
    return error(
      { ko: `'{0}'에는 키가 여러 개입니다. 여기에는 ${allowed.ko}만 쓸 수 있습니다.`, en: `'{0}' has several keys; only ${allowed.en} is allowed here.` },
      args,
      same ? value[0] : undefined,
    );
  }
  return error({ ko: `'{0}'은(는) DTMF 키가 아닙니다. ${allowed.ko}만 쓸 수 있습니다.`, en: `'{0}' is not a DTMF key. Only ${allowed.en} is allowed.` }, args);
}

/** Separators people put between keys (`#,*`, `1 2`), which the platform would read as keys. */
const isKeySeparator = (c: string): boolean => c === ',' || c === ';' || c === '|' || c === '/' || isXmlSpace(c.charCodeAt(0));

function checkDtmfKeys(value: string): ValueProblem | undefined {
  if (value !== '' && [...value].every(isDtmfKey)) return undefined;
  const args = [shown(value)];
  if (value === '') {
    return error({ ko: '값이 비어 있습니다. 0-9, *, # 중 키를 하나 이상 쓰세요.', en: 'The value is empty. Write one or more keys of 0-9, *, #.' }, args);
  }
  const alias = keyAlias(value);
  if (alias !== undefined) {
    return error(
      { ko: "'{0}'은(는) DTMF 키가 아닙니다. '{1}'을(를) 쓰려고 했나요?", en: "'{0}' is not a DTMF key. Did you mean '{1}'?" },
      [shown(value), alias],
      alias,
    );
  }
  const joined = [...toHalfWidth(value)].filter((c) => !isKeySeparator(c)).join('');
  if (joined !== '' && [...joined].every(isDtmfKey)) {
    return error(
      {
        ko: "'{0}'에 키가 아닌 문자가 섞여 있습니다. 키는 구분자 없이 이어 씁니다: '{1}'",
        en: "'{0}' mixes in characters that are not keys. Write the keys together without separators: '{1}'",
      },
      [shown(value), joined],
      joined,
    );
  }
  const bad = [...value].find((c) => !isDtmfKey(c)) ?? '';
  return error(
    {
      ko: "'{0}'에 DTMF 키가 아닌 문자 '{1}'이(가) 있습니다. 0-9, *, #만 쓸 수 있습니다.",
      en: "'{0}' contains '{1}', which is not a DTMF key. Only 0-9, *, # are allowed.",
    },
    [shown(value), bad],
  );
}

function checkDtmfString(value: string): ValueProblem | undefined {
  const args = [shown(value)];
  if (value === '') {
    return error(
      { ko: '값이 비어 있습니다. 송출할 DTMF 키(0-9, *, #)와 대기(w, W)를 쓰세요.', en: 'The value is empty. Write the DTMF keys to send (0-9, *, #) and waits (w, W).' },
      args,
    );
  }
  let bad: string | undefined;
  let undocumented: string | undefined;
  for (const c of value) {
    if (isDtmfKey(c) || c === 'w' || c === 'W') continue;
    if (c >= 'A' && c <= 'D') {
      undocumented ??= c;
      continue;
    }
    bad = c;
    break;
  }
  if (bad !== undefined) {
    const cleaned = [...toHalfWidth(value)].filter((c) => !isXmlSpace(c.charCodeAt(0)) && c !== ',' && c !== '-').join('');
    const fixable = cleaned !== '' && cleaned !== value && checkDtmfString(cleaned)?.severity !== 'error';
    if (isXmlSpace(bad.charCodeAt(0))) {
      return error(
        {
          ko: "'{0}'에 공백이 있습니다. 키는 공백 없이 이어 쓰고, 쉬려면 w(0.5초 대기)나 W(1초 대기)를 넣으세요.",
          en: "'{0}' contains whitespace. Write the keys together; to pause, insert w (wait 0.5 s) or W (wait 1 s).",
        },
        args,
        fixable ? cleaned : undefined,
      );
    }
    return error(
      {
        ko: "'{0}'에 쓸 수 없는 문자 '{1}'이(가) 있습니다. 0-9, *, #와 w(0.5초 대기), W(1초 대기)만 쓸 수 있습니다.",
        en: "'{0}' contains '{1}', which is not allowed. Only 0-9, *, # and w (wait 0.5 s), W (wait 1 s) are.",
      },
      [shown(value), bad],
      fixable ? cleaned : undefined,
    );
  }
  if (undocumented !== undefined) {
    return warning(
      {
        ko: "'{0}'의 '{1}'은(는) 레퍼런스에 없는 DTMF 키(A–D)입니다. 플랫폼에서 동작한다는 보장이 없습니다.",
        en: "'{1}' in '{0}' is a DTMF key (A–D) the reference does not document; the platform may not send it.",
      },
      [shown(value), undocumented],
    );
  }
  return undefined;
}

/* ------------------------------------------------------------------------------------------------------------
 * Phone numbers
 * ---------------------------------------------------------------------------------------------------------- */

/** E.164 allows at most 15 digits; anything longer is certainly not a phone number. */
const MAX_PHONE_DIGITS = 15;
const MIN_PHONE_DIGITS = 3;

type PhoneScan =
  | { ok: true; digits: string; plus: boolean }
  | { ok: false; reason: 'char' | 'plus' | 'paren'; char: string };

/**
 * One pass over a phone number: digits, a leading `+`, and the separators people write (`-`, space, `.`,
 * one level of parentheses). Returns the bare digits.
 */
function scanPhone(value: string): PhoneScan {
  let digits = '';
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const c = value.charCodeAt(i);
    if (isDigit(c)) digits += ch;
    else if (ch === '+') {
      if (i !== 0) return { ok: false, reason: 'plus', char: ch };
    } else if (ch === '(') {
      if (depth !== 0) return { ok: false, reason: 'paren', char: ch };
      depth = 1;
    } else if (ch === ')') {
      if (depth !== 1) return { ok: false, reason: 'paren', char: ch };
      depth = 0;
    } else if (ch !== '-' && ch !== ' ' && ch !== '.') {
      return { ok: false, reason: 'char', char: ch };
    }
  }
  if (depth !== 0) return { ok: false, reason: 'paren', char: '(' };
  return { ok: true, digits, plus: value.startsWith('+') };
}

/** Korean national number from the digits after a `+82` / `0082` prefix: the trunk `0` comes back. */
function domesticFromKorean(national: string): string | undefined {
  // `+82 (0)10 …` and `+82 010 …` are common ways of writing it; the 0 is the trunk prefix either way.
  const withoutTrunk = national.startsWith(TRUNK) ? national.slice(TRUNK.length) : national;
  return withoutTrunk === '' ? undefined : `${TRUNK}${withoutTrunk}`;
}

/**
 * The Korean domestic form of a phone number — the form the platform normalizes `<Number>` to:
 * `+82 10-1234-5678` → `01012345678`, `+82-2-123-4567` → `021234567`, `010-1234-5678` → `01012345678`.
 * Undefined when the text is not a phone number or is a foreign (non-+82) international number.
 */
export function normalizePhoneNumber(text: string): string | undefined {
  const scan = scanPhone(text.trim());
  if (!scan.ok || scan.digits.length < MIN_PHONE_DIGITS || scan.digits.length > MAX_PHONE_DIGITS) return undefined;
  if (scan.plus) return scan.digits.startsWith(COUNTRY) ? domesticFromKorean(scan.digits.slice(COUNTRY.length)) : undefined;
  if (scan.digits.startsWith(`00${COUNTRY}`)) return domesticFromKorean(scan.digits.slice(2 + COUNTRY.length));
  return scan.digits;
}

const { countryCode: COUNTRY, trunkPrefix: TRUNK, serviceNumbers: SERVICE_NUMBERS } = model.numbering;

/**
 * Where a well-formed phone number stands in the numbering plan the platform dials in (`model.numbering`):
 * - `domestic`: a Korean number (`010…`, `+82 10…`, `1588-1234`), in its domestic form;
 * - `abroad`: an international number with another country code (`+1 415…`, `001 …`);
 * - `unprefixed`: Korea's country code without the `+` (`821012345678`), with the domestic form it means;
 * - `not-domestic`: none of these (`415-123-4567`, `14155551212`): no trunk `0`, not a service number.
 * Undefined for text that is not a phone number (`checkValue` says why).
 */
export type NumberPlace =
  | { place: 'domestic'; domestic: string }
  | { place: 'abroad' }
  | { place: 'unprefixed'; domestic: string }
  | { place: 'not-domestic' };

export function placeOfNumber(text: string): NumberPlace | undefined {
  // The same few numbers stand in every response of a file (the account's callerId, the agents' numbers):
  // each is read once, its place kept as `checkValue` keeps verdicts (`null`: not a phone number).
  if (text.length > MEMO_VALUE_LENGTH) return readPlaceOfNumber(text);
  const hash = hashOf(text, 0, text.length);
  const known = numberPlaces.find(text, 0, text.length, hash);
  if (known >= 0) return numberPlaces.answerAt(known) ?? undefined;
  const place = readPlaceOfNumber(text);
  numberPlaces.set(charCodes(text), () => (place === undefined ? null : Object.freeze(place)), hash);
  return place;
}

const numberPlaces = new ValueCache<Readonly<NumberPlace> | null>(MEMO_LIMIT, MEMO_VALUE_LENGTH);

function readPlaceOfNumber(text: string): NumberPlace | undefined {
  const scan = scanPhone(text.trim());
  if (!scan.ok || scan.digits.length < MIN_PHONE_DIGITS || scan.digits.length > MAX_PHONE_DIGITS) return undefined;
  const digits = scan.digits;
  const korean = (national: string): NumberPlace => {
    const domestic = domesticFromKorean(national);
    return domestic === undefined ? { place: 'not-domestic' } : { place: 'domestic', domestic };
  };
  if (scan.plus) return digits.startsWith(COUNTRY) ? korean(digits.slice(COUNTRY.length)) : { place: 'abroad' };
  // `00` is the international prefix dialled from Korea.
  if (digits.startsWith('00')) return digits.startsWith(`00${COUNTRY}`) ? korean(digits.slice(2 + COUNTRY.length)) : { place: 'abroad' };
  if (digits.startsWith(TRUNK)) return { place: 'domestic', domestic: digits };
  if (SERVICE_NUMBERS.some((s) => s.digits === digits.length && s.prefixes.some((p) => digits.startsWith(p)))) return { place: 'domestic', domestic: digits };
  // `82 10 1234 5678` written without its `+`: a mobile or area number after the country code.
  if (digits.startsWith(COUNTRY) && digits.length >= COUNTRY.length + 8 && !digits.startsWith(TRUNK, COUNTRY.length)) {
    return { place: 'unprefixed', domestic: `${TRUNK}${digits.slice(COUNTRY.length)}` };
  }
  return { place: 'not-domestic' };
}

function checkPhoneNumber(value: string): ValueProblem | undefined {
  const type: ValueType = { kind: 'phoneNumber' };
  const args = [shown(value)];
  const allowedChars: Localized = {
    ko: '숫자와 맨 앞의 +, 그리고 -, 공백, 괄호, 점만 쓸 수 있습니다.',
    en: 'Only digits, a leading +, and -, spaces, parentheses and dots are allowed.',
  };
  if (value === '') {
    return error({ ko: '전화번호가 비어 있습니다.', en: 'The phone number is empty.' }, args);
  }
  const trimmed = value.trim();
  if (trimmed !== value) {
    const fix = trimmedFix(value, type);
    if (fix !== undefined) return error(SURROUNDING_SPACE, [shown(value), fix], fix);
  }
  const address = /^(client|sips?):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (address !== undefined) {
    return error(
      address === 'client'
        ? {
            ko: "'{0}'은(는) Twilio Client 식별자입니다. VoiceML은 전화번호로만 전화를 겁니다 (앱·브라우저 클라이언트를 위한 <Client>가 없습니다).",
            en: "'{0}' is a Twilio Client identity. VoiceML dials phone numbers only (it has no <Client> for app or browser clients).",
          }
        : {
            ko: "'{0}'은(는) SIP 주소입니다. VoiceML은 전화번호로만 전화를 겁니다 (<Sip>은 아직 지원하지 않습니다).",
            en: "'{0}' is a SIP address. VoiceML dials phone numbers only (<Sip> is not supported yet).",
          },
      args,
    );
  }
  if (/^tel:/i.test(trimmed)) {
    const rest = trimmed.slice(4);
    return error(
      { ko: "'{0}'에서 'tel:'을 빼고 전화번호만 쓰세요.", en: "Drop 'tel:' from '{0}' and write just the number." },
      args,
      checkPhoneNumber(rest) === undefined ? rest : undefined,
    );
  }
  const half = toHalfWidth(trimmed);
  if (half !== trimmed && scanPhone(half).ok) {
    return error(
      { ko: "'{0}'에 전각 문자가 있습니다. 반각 '{1}'(으)로 쓰세요.", en: "'{0}' has full-width characters. Write '{1}' in ASCII." },
      [shown(value), half],
      checkPhoneNumber(half) === undefined ? half : undefined,
    );
  }
  const scan = scanPhone(trimmed);
  if (!scan.ok) {
    if (scan.reason === 'plus') {
      return error({ ko: `'{0}'의 +는 맨 앞에만 올 수 있습니다. ${allowedChars.ko}`, en: `The + in '{0}' may only come first. ${allowedChars.en}` }, args);
    }
    if (scan.reason === 'paren') {
      return error({ ko: "'{0}'의 괄호 짝이 맞지 않습니다.", en: "The parentheses in '{0}' do not match." }, args);
    }
    return error(
      { ko: `'{0}'에 전화번호에 쓸 수 없는 문자 '{1}'이(가) 있습니다. ${allowedChars.ko}`, en: `'{0}' contains '{1}', which is not allowed in a phone number. ${allowedChars.en}` },
      [shown(value), scan.char],
    );
  }
  if (scan.digits.length < MIN_PHONE_DIGITS) {
    return error(
      { ko: "'{0}'은(는) 전화번호로 보기에 너무 짧습니다. 숫자가 3자리 이상이어야 합니다.", en: "'{0}' is too short for a phone number; it needs at least 3 digits." },
      args,
    );
  }
  if (scan.digits.length > MAX_PHONE_DIGITS) {
    return error(
      { ko: "'{0}'은(는) 전화번호로 보기에 너무 깁니다. 국제 표준(E.164)상 숫자는 최대 15자리입니다.", en: "'{0}' is too long for a phone number; E.164 allows at most 15 digits." },
      args,
    );
  }
  // Whether it is a number the platform can dial (a Korean one) is the foreign-number rule's question.
  return undefined;
}

/* ------------------------------------------------------------------------------------------------------------
 * Descriptions and completion candidates
 * ---------------------------------------------------------------------------------------------------------- */

/** One line saying what a type accepts, for hovers and messages: `정수 (1 이상)` / `integer (≥ 1)`. */
export function describeType(type: ValueType): Localized {
  switch (type.kind) {
    case 'integer': {
      const range = rangeText(type);
      return { ko: `정수 (${range.ko})`, en: `integer (${range.en})` };
    }
    case 'boolean':
      return { ko: '불리언 (true 또는 false)', en: 'boolean (true or false)' };
    case 'enum': {
      const values = type.values.map((v) => v.value).join(', ');
      return { ko: `다음 중 하나: ${values}`, en: `one of: ${values}` };
    }
    case 'url':
      return { ko: 'URL (http:// 또는 https:// 절대 URL, 또는 상대 경로)', en: 'URL (absolute http:// or https://, or a relative path)' };
    case 'wssUrl':
      return { ko: 'WebSocket URL (wss://)', en: 'WebSocket URL (wss://)' };
    case 'dtmfKey':
      return type.allowEmpty
        ? { ko: 'DTMF 키 하나 (0-9, *, #) 또는 빈 문자열 (비활성화)', en: 'one DTMF key (0-9, *, #) or an empty string (disabled)' }
        : { ko: 'DTMF 키 하나 (0-9, *, #)', en: 'one DTMF key (0-9, *, #)' };
    case 'dtmfKeys':
      return { ko: 'DTMF 키 하나 이상 (0-9, *, #)', en: 'one or more DTMF keys (0-9, *, #)' };
    case 'dtmfString':
      return { ko: 'DTMF 톤 (0-9, *, #; w = 0.5초 대기, W = 1초 대기)', en: 'DTMF tones (0-9, *, #; w = wait 0.5 s, W = wait 1 s)' };
    case 'phoneNumber':
      return { ko: '전화번호 (예: 01012345678, +82 10-1234-5678)', en: 'phone number (e.g. 01012345678, +82 10-1234-5678)' };
    case 'text':
      return { ko: '텍스트', en: 'text' };
  }
}

export interface ValueCandidate {
  value: string;
  doc?: Localized;
}

const KEY_CANDIDATES: readonly ValueCandidate[] = Object.freeze([
  ...'0123456789'.split('').map((d) => ({ value: d, doc: { ko: `숫자 ${d} 키`, en: `The ${d} key` } })),
  { value: '*', doc: { ko: '별표(*) 키', en: 'The star (*) key' } },
  { value: '#', doc: { ko: '우물 정(#) 키', en: 'The pound (#) key' } },
]);

const WAIT_CANDIDATES: readonly ValueCandidate[] = Object.freeze([
  { value: 'w', doc: { ko: '0.5초(500ms) 대기', en: 'Wait 0.5 s (500 ms)' } },
  { value: 'W', doc: { ko: '1초(1000ms) 대기', en: 'Wait 1 s (1000 ms)' } },
]);

/** Values worth offering in completion: enum values, `true`/`false`, DTMF keys. Empty for free-form types. */
export function valueCandidates(type: ValueType): ValueCandidate[] {
  switch (type.kind) {
    case 'enum':
      return type.values.map((v) => ({ value: v.value, doc: v.doc }));
    case 'boolean':
      return [
        { value: 'true', doc: { ko: '참 (켜기)', en: 'True (on)' } },
        { value: 'false', doc: { ko: '거짓 (끄기)', en: 'False (off)' } },
      ];
    case 'dtmfKey':
    case 'dtmfKeys':
      return [...KEY_CANDIDATES];
    case 'dtmfString':
      return [...KEY_CANDIDATES, ...WAIT_CANDIDATES];
    default:
      return [];
  }
}
