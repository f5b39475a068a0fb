/**
 * The Markdown documentation of elements, attributes and values, built from the model in one place so that
 * completion items and hovers show the same text. Model texts are Markdown already (names in backticks);
 * what this module adds — headings, type descriptions, labels — is escaped where Markdown would misread it.
 */
import { localize, type Locale, type Localized } from '../l10n';
import { changedDefaultsOf, plainText } from '../model';
import type {
  AttributeSpec,
  ChildSpec,
  ElementSpec,
  TwimlAttribute,
  TwimlElement,
  TwimlValue,
  ValueType,
  VerificationLevel,
} from '../model/types';
import { describeType, normalizePhoneNumber, valueCandidates } from '../model/values';
import { callbacksSending, requestHeader, requestParameter, twimlHeader, twimlParameter, twimlValue as twimlParameterValue } from '../model/webhook';
import { WEBHOOK_DOCUMENTATION_URL } from '../rules/documentation';

const ROLE: Record<ElementSpec['role'], Localized> = {
  root: { ko: '루트 요소', en: 'root element' },
  verb: { ko: '동사(verb)', en: 'verb' },
  noun: { ko: '명사(noun)', en: 'noun' },
};

/** The labels of the reference's verification table (동사별 검증 상태), with its own marks. */
const VERIFICATION: Record<VerificationLevel, Localized> = {
  verified: { ko: '✅ 검증 완료', en: '✅ Verified' },
  partial: { ko: '✅ 부분 검증', en: '✅ Partially verified' },
  indirect: { ko: '✅ 검증 완료 (간접)', en: '✅ Verified (indirectly)' },
  unverified: { ko: '⚠️ 미검증', en: '⚠️ Not verified' },
};

const L = {
  verification: { ko: '검증 상태', en: 'Verification' },
  attributes: { ko: '속성', en: 'Attributes' },
  noAttributes: { ko: '속성 없음', en: 'No attributes' },
  children: { ko: '자식 요소', en: 'Child elements' },
  noChildren: { ko: '없음 (중첩 불가)', en: 'none (nothing can be nested)' },
  body: { ko: '본문', en: 'Body' },
  noBody: { ko: '없음 (빈 요소)', en: 'none (empty element)' },
  noText: { ko: '없음 (텍스트 없이 자식 요소만)', en: 'none (child elements only, no text)' },
  required: { ko: '필수', en: 'required' },
  optional: { ko: '선택', en: 'optional' },
  recommended: { ko: '권장', en: 'recommended' },
  default: { ko: '기본값', en: 'default' },
  type: { ko: '타입', en: 'Type' },
  values: { ko: '값', en: 'Values' },
  example: { ko: '예', en: 'Example' },
  endsCall: { ko: '통화 흐름', en: 'Call flow' },
  nothingRunsAfter: { ko: '뒤에 오는 동사는 실행되지 않습니다.', en: 'The verbs after it never run.' },
  firstVerb: { ko: '위치', en: 'Position' },
  changedDefaults: { ko: 'TwiML과 다른 기본값', en: 'Defaults that differ from TwiML' },
  exactlyOne: { ko: '정확히 {0}개', en: 'exactly {0}' },
  atLeast: { ko: '{0}개 이상', en: 'at least {0}' },
  atMost: { ko: '최대 {0}개', en: 'at most {0}' },
  between: { ko: '{0}~{1}개', en: '{0} to {1}' },
  unlessAttribute: { ko: '`{0}` 속성을 쓰면 생략', en: 'omitted when `{0}` is set' },
  attributeOf: { ko: '`<{0}>`의 속성', en: 'attribute of `<{0}>`' },
} satisfies Record<string, Localized>;

/** The short name of an element's role: `동사(verb)`, `noun` … */
export function roleLabel(spec: ElementSpec, locale: Locale): string {
  return localize(ROLE[spec.role], locale);
}

export function verificationLabel(spec: ElementSpec, locale: Locale): string | undefined {
  return spec.verification ? localize(VERIFICATION[spec.verification.level], locale) : undefined;
}

/**
 * The first sentence of a model text as plain text, for the one-line places (completion label details):
 * `텍스트를 음성으로 읽어줍니다 (TTS).` Long sentences are cut with an ellipsis.
 */
export function summary(text: Localized, locale: Locale, max = 60): string {
  const paragraph = localize(plainText(text), locale).split('\n\n')[0]!.replace(/\s+/g, ' ').trim();
  const stop = paragraph.search(/\.(\s|$)/);
  const sentence = stop >= 0 ? paragraph.slice(0, stop + 1) : paragraph;
  return sentence.length <= max ? sentence : `${sentence.slice(0, max - 1)}…`;
}

/** A type description from `describeType`, made safe for Markdown (`*` and `#` are DTMF keys there). */
export function typeText(type: ValueType, locale: Locale): string {
  return escapeMarkdown(localize(describeType(type), locale));
}

/**
 * The full documentation of an element: what it does, its verification status, its attributes with types
 * and defaults, its children and body, how it affects the call flow, the defaults that differ from TwiML,
 * and the reference's example.
 */
export function elementDoc(spec: ElementSpec, locale: Locale): string {
  const t = (text: Localized, ...args: string[]): string => localize(text, locale, args);
  const parts: string[] = [];
  parts.push(`**\`<${spec.name}>\`** · ${roleLabel(spec, locale)}`);
  parts.push(t(spec.doc));
  if (spec.verification) {
    parts.push(`**${t(L.verification)}**: ${verificationLabel(spec, locale)} — ${t(spec.verification.note)}`);
  }

  if (spec.attributes.length === 0) {
    parts.push(`**${t(L.attributes)}**: ${t(L.noAttributes)}`);
  } else {
    const lines = spec.attributes.map((a) => `- \`${a.name}\` — ${attributeFacts(a, locale).join(' · ')}`);
    parts.push(`**${t(L.attributes)}**\n\n${lines.join('\n')}`);
  }

  const children = spec.children.length === 0 ? t(L.noChildren) : spec.children.map((c) => childText(c, locale)).join(', ');
  parts.push(`**${t(L.children)}**: ${children}`);
  parts.push(`**${t(L.body)}**: ${bodyText(spec, locale)}`);
  if (spec.endsCall) parts.push(`**${t(L.endsCall)}**: ${t(spec.endsCall)} ${t(L.nothingRunsAfter)}`);
  if (spec.firstVerb) parts.push(`**${t(L.firstVerb)}**: ${t(spec.firstVerb)}`);

  const changed = changedDefaultsOf(spec.name);
  if (changed.length > 0) {
    parts.push(`**${t(L.changedDefaults)}**\n\n${changed.map((c) => `- ${t(c.note)}`).join('\n')}`);
  }
  parts.push(`**${t(L.example)}**\n\n${codeBlock(spec.example)}`);
  return parts.join('\n\n');
}

/** The full documentation of one attribute of `element`. */
export function attributeDoc(element: ElementSpec, attribute: AttributeSpec, locale: Locale): string {
  const t = (text: Localized, ...args: string[]): string => localize(text, locale, args);
  const parts: string[] = [];
  parts.push(`**\`${attribute.name}\`** · ${t(L.attributeOf, element.name)}`);
  parts.push(t(attribute.doc));
  const facts = [`- ${t(L.type)}: ${typeText(attribute.type, locale)}`];
  facts.push(`- ${requirement(attribute, locale)}`);
  if (attribute.recommended) facts.push(`- ${t(L.recommended)}: ${t(attribute.recommended)}`);
  parts.push(facts.join('\n'));
  if (attribute.type.kind === 'enum' || attribute.type.kind === 'boolean') {
    const values = valueCandidates(attribute.type).map((v) => {
      const mark = v.value === attribute.default ? ` **(${t(L.default)})**` : '';
      return `- \`${v.value}\`${mark}${v.doc ? ` — ${t(v.doc)}` : ''}`;
    });
    parts.push(`**${t(L.values)}**\n\n${values.join('\n')}`);
  }
  const changed = changedDefaultsOf(element.name).filter((c) => c.attribute === attribute.name);
  for (const change of changed) parts.push(`**${t(L.changedDefaults)}**: ${t(change.note)}`);
  return parts.join('\n\n');
}

/**
 * The documentation of one value of an attribute: the enum value's (or `true`/`false`'s, a DTMF key's) own
 * text, then the attribute's type and default in one line. Undefined when the model says nothing about
 * that value in particular.
 */
export function valueDoc(element: ElementSpec, attribute: AttributeSpec, value: string, locale: Locale): string | undefined {
  const t = (text: Localized, ...args: string[]): string => localize(text, locale, args);
  if (attribute.type.kind === 'phoneNumber') return phoneNumberDoc(value, locale);
  const candidate = valueCandidates(attribute.type).find((c) => c.value === value);
  if (!candidate?.doc) return undefined;
  const mark = value === attribute.default ? ` **(${t(L.default)})**` : '';
  return [
    `**\`${value}\`**${mark} — ${t(candidate.doc)}`,
    `\`<${element.name} ${attribute.name}>\`: ${attributeFacts(attribute, locale).join(' · ')}`,
  ].join('\n\n');
}

const PHONE: Record<'normalized' | 'notNormalized', Localized> = {
  normalized: {
    ko: '**전화번호** {0} → `{1}`\n\n플랫폼은 번호를 한국 국내 형식으로 정규화해서 씁니다: `{1}`',
    en: '**Phone number** {0} → `{1}`\n\nThe platform normalizes numbers to the Korean domestic form: `{1}`',
  },
  notNormalized: {
    ko: '**전화번호** {0}\n\n한국 국내 형식으로 정규화할 수 없는 번호입니다 (한국(+82) 번호가 아니거나 전화번호 형식이 아님).',
    en: '**Phone number** {0}\n\nThis cannot be normalized to the Korean domestic form (not a Korean (+82) number, or not a phone number).',
  },
};

/** A phone number as written and the Korean domestic form the platform dials (`+82 10-…` → `010…`). */
export function phoneNumberDoc(text: string, locale: Locale): string {
  const written = inlineCode(text.trim());
  const normalized = normalizePhoneNumber(text);
  return normalized === undefined
    ? localize(PHONE.notNormalized, locale, [written])
    : localize(PHONE.normalized, locale, [written, normalized]);
}

const TWIML = {
  element: { ko: '**`<{0}>`** · VoiceML에서 지원하지 않는 TwiML 요소', en: '**`<{0}>`** · a TwiML element VoiceML does not support' },
  ruledOut: { ko: '레퍼런스가 미지원으로 명시한 기능입니다.', en: 'The reference states that it is not supported.' },
  unmentioned: { ko: 'VoiceML 레퍼런스에 없는 요소입니다.', en: 'The VoiceML reference does not have it.' },
  alternative: { ko: 'VoiceML에서는', en: 'The VoiceML way' },
  attribute: {
    ko: '**`{0}`** · VoiceML에 없는 TwiML 속성 — 플랫폼이 무시합니다',
    en: '**`{0}`** · a TwiML attribute VoiceML does not have — the platform ignores it',
  },
  valueReplaced: {
    ko: '**`{0}`** · TwiML 값입니다. VoiceML에서는 `{1}`을(를) 쓰세요.',
    en: '**`{0}`** · a TwiML value. In VoiceML, write `{1}`.',
  },
  valueUnsupported: { ko: '**`{0}`** · VoiceML이 지원하지 않는 TwiML 값입니다.', en: '**`{0}`** · a TwiML value VoiceML does not support.' },
} satisfies Record<string, Localized>;

/** A TwiML element VoiceML lacks: that it is unsupported, why, and the VoiceML way instead. */
export function twimlElementDoc(twiml: TwimlElement, locale: Locale): string {
  const t = (text: Localized, ...args: string[]): string => localize(text, locale, args);
  return [
    t(TWIML.element, twiml.name),
    `${t(twiml.status === 'ruledOut' ? TWIML.ruledOut : TWIML.unmentioned)} ${t(twiml.reason)}`,
    `**${t(TWIML.alternative)}**: ${t(twiml.alternative)}`,
  ].join('\n\n');
}

/** A TwiML attribute VoiceML lacks, with the reason (and what to use, as the model words it). */
export function twimlAttributeDoc(name: string, twiml: TwimlAttribute, locale: Locale): string {
  return [localize(TWIML.attribute, locale, [name]), localize(twiml.reason, locale)].join('\n\n');
}

/** A TwiML value: its VoiceML replacement, or that the feature does not exist. */
export function twimlValueDoc(value: string, twiml: TwimlValue, locale: Locale): string {
  const head =
    twiml.replacement !== undefined
      ? localize(TWIML.valueReplaced, locale, [value, twiml.replacement])
      : localize(TWIML.valueUnsupported, locale, [value]);
  return [head, localize(twiml.reason, locale)].join('\n\n');
}

const P = {
  everyRequest: { ko: '모든 요청에 실립니다', en: 'sent with every request' },
  after: { ko: '{0}의 action 요청에 실립니다', en: 'sent with the action request of {0}' },
  keys: { ko: '키', en: 'Keys' },
  values: { ko: '값', en: 'Values' },
  example: { ko: '예', en: 'e.g.' },
  header: { ko: '요청 헤더', en: 'request header' },
  twimlName: { ko: '`{0}`은(는) TwiML의 이름입니다: 플랫폼은 이 값을 `{1}`(으)로 보냅니다.', en: '`{0}` is TwiML’s name: the platform sends this value as `{1}`.' },
  twimlOnly: { ko: '`{0}`은(는) TwiML만 보냅니다: 플랫폼의 요청에는 없습니다.', en: '`{0}` is sent by TwiML only: the platform’s requests do not have it.' },
  inTwiml: { ko: 'TwiML에서', en: 'In TwiML' },
  instead: { ko: '대신', en: 'Instead' },
  twimlValue: { ko: '`{0}`은(는) TwiML의 `{1}` 값입니다: 플랫폼은 `{2}`을(를) 보냅니다.', en: '`{0}` is TwiML’s value of `{1}`: the platform sends `{2}`.' },
  reference: { ko: '웹훅 요청과 응답', en: 'The webhook request and response' },
} satisfies Record<string, Localized>;

const referenceLink = (locale: Locale): string => `[${localize(P.reference, locale)}](${WEBHOOK_DOCUMENTATION_URL})`;

/**
 * A request parameter the platform sends (`Digits`, `CallId` …): when it comes, what it holds, its values, as the
 * reference says; a TwiML name the platform does not send, with the VoiceML name or what to do instead.
 */
export function parameterDoc(name: string, locale: Locale): string | undefined {
  const t = (text: Localized, ...args: string[]): string => localize(text, locale, args);
  const every = requestParameter(name);
  const sending = callbacksSending(name);
  if (every || sending.length > 0) {
    const specs = every ? [every] : sending.map((s) => s.spec);
    const when = every ? t(P.everyRequest) : t(P.after, sending.map((s) => `\`<${s.callback.verb}>\``).join(', '));
    const lines = [`**\`${name}\`** · ${specs[0]!.type} · ${when}`];
    if (every || sending.length === 1) lines.push(t(specs[0]!.doc));
    else for (const { callback, spec } of sending) lines.push(`\`<${callback.verb}>\`: ${t(spec.doc)}`);
    const values = specs[0]!.values;
    if (values) lines.push(`**${t(P.values)}**:\n\n${values.map((v) => `- \`${v.value}\` — ${t(v.doc)}`).join('\n')}`);
    else if (specs[0]!.keys !== undefined) lines.push(`**${t(P.keys)}**: ${[...specs[0]!.keys].map((k) => `\`${k}\``).join(' ')}`);
    lines.push(referenceLink(locale));
    return lines.join('\n\n');
  }
  const twiml = twimlParameter(name);
  if (!twiml) return undefined;
  return [
    twiml.voiceml !== undefined ? t(P.twimlName, name, twiml.voiceml) : t(P.twimlOnly, name),
    `**${t(P.inTwiml)}**: ${t(twiml.use)}`,
    ...(twiml.alternative ? [`**${t(P.instead)}**: ${t(twiml.alternative)}`] : []),
    referenceLink(locale),
  ].join('\n\n');
}

/** A request header: the platform's (`X-Signature`), or TwiML's (`X-Twilio-Signature`) with the platform's name. */
export function headerDoc(name: string, locale: Locale): string | undefined {
  const sent = requestHeader(name);
  if (sent) return [`**\`${sent.name}\`** · ${localize(P.header, locale)}`, localize(sent.doc, locale), referenceLink(locale)].join('\n\n');
  const twiml = twimlHeader(name);
  if (!twiml) return undefined;
  return [
    twiml.voiceml !== undefined ? localize(P.twimlName, locale, [twiml.name, twiml.voiceml]) : localize(P.twimlOnly, locale, [twiml.name]),
    `**${localize(P.inTwiml, locale)}**: ${localize(twiml.use, locale)}`,
    referenceLink(locale),
  ].join('\n\n');
}

/** A value a parameter is compared with: what it means, or TwiML's value and the platform's. */
export function parameterValueDoc(parameter: string, value: string, locale: Locale): string | undefined {
  const spec = requestParameter(parameter) ?? callbacksSending(parameter)[0]?.spec;
  const known = spec?.values?.find((v) => v.value === value);
  if (known) return `\`${parameter}\` = \`${value}\` — ${localize(known.doc, locale)}`;
  const twiml = twimlParameterValue(parameter, value);
  if (twiml?.voiceml !== undefined) return [localize(P.twimlValue, locale, [value, parameter, twiml.voiceml]), localize(twiml.use, locale)].join('\n\n');
  return undefined;
}

/**
 * Type, required/default and "recommended" of an attribute, as short facts: Markdown for docs, or plain text
 * for `detail` fields, which every client shows as is (escapes and `**` would appear literally there).
 */
export function attributeFacts(attribute: AttributeSpec, locale: Locale, format: 'markdown' | 'plain' = 'markdown'): string[] {
  const markdown = format === 'markdown';
  const type = markdown ? typeText(attribute.type, locale) : localize(describeType(attribute.type), locale);
  const facts = [type, requirement(attribute, locale, markdown)];
  if (attribute.recommended) facts.push(localize(L.recommended, locale));
  return facts;
}

/** `**필수**`, or `선택 · 기본값 \`5\``, or `선택`. */
function requirement(attribute: AttributeSpec, locale: Locale, markdown = true): string {
  if (attribute.required) {
    const required = localize(L.required, locale);
    return markdown ? `**${required}**` : required;
  }
  const optional = localize(L.optional, locale);
  if (attribute.default === undefined) return optional;
  const value = markdown ? inlineCode(attribute.default) : attribute.default === '' ? '""' : attribute.default;
  return `${optional} · ${localize(L.default, locale)} ${value}`;
}

function childText(child: ChildSpec, locale: Locale): string {
  const name = `\`<${child.name}>\``;
  const min = child.min ?? 0;
  const max = child.max;
  let count: string | undefined;
  if (max !== undefined && min === max) count = localize(L.exactlyOne, locale, [String(min)]);
  else if (max !== undefined && min > 0) count = localize(L.between, locale, [String(min), String(max)]);
  else if (max !== undefined) count = localize(L.atMost, locale, [String(max)]);
  else if (min > 0) count = localize(L.atLeast, locale, [String(min)]);
  return count === undefined ? name : `${name} (${count})`;
}

function bodyText(spec: ElementSpec, locale: Locale): string {
  const body = spec.body;
  if (body.use === 'none') return localize(spec.children.length > 0 ? L.noText : L.noBody, locale);
  const facts: string[] = [];
  if (body.doc) facts.push(localize(body.doc, locale));
  if (body.type) facts.push(typeText(body.type, locale));
  const use = localize(body.use === 'required' ? L.required : L.optional, locale);
  const unless = body.alternativeAttribute !== undefined ? `, ${localize(L.unlessAttribute, locale, [body.alternativeAttribute])}` : '';
  facts.push(`${use}${unless}`);
  return facts.join(' · ');
}

/** Markdown's inline-code delimiters grow with the backticks inside; `""` shows an empty value. */
function inlineCode(text: string): string {
  if (text === '') return '`""`';
  const fence = '`'.repeat(longestRun(text, 0) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function codeBlock(code: string): string {
  const fence = '`'.repeat(Math.max(2, longestRun(code, 0)) + 1);
  return `${fence}xml\n${code}\n${fence}`;
}

/** The longest run of backticks in `text` (at least `floor`). A loop: user text may hold any number of runs. */
function longestRun(text: string, floor: number): number {
  let longest = floor;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    run = text.charCodeAt(i) === 0x60 ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/** Escapes the characters of generated plain text that Markdown would take for markup. */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}
