/**
 * The shape of the VoiceML model. The data itself lives in `schemas/voiceml.json` — the single source of
 * truth for elements, nesting, attributes, value types, docs (ko + en), verification status and the TwiML
 * look-alikes VoiceML does not support. Validation, completion, hover and the XSD export all read it through
 * `model/index.ts`; nothing else in the code base names a VoiceML element or attribute.
 */

import type { Localized } from '../l10n';

export type { Localized };

/** The platform's own verification table (동사별 검증 상태). */
export type VerificationLevel = 'verified' | 'partial' | 'indirect' | 'unverified';

export interface Verification {
  level: VerificationLevel;
  /** What the reference lists as verified (or not) for this verb. */
  note: Localized;
}

/** A writing system, as far as telling which voice can read a text goes (kana and kanji: `Japanese`). */
export type Script = 'Hangul' | 'Latin' | 'Japanese';

export interface EnumValue {
  value: string;
  /** For a language value (`<Say language>`): the script of text spoken in it. */
  script?: Script;
  doc: Localized;
}

/** The type of an attribute value or of an element's text body. */
export type ValueType =
  /** Decimal digits only; `min`/`max` inclusive. */
  | { kind: 'integer'; min?: number; max?: number }
  | { kind: 'boolean' }
  /**
   * One of `values` (exact, case-sensitive). `mistakes` maps common wrong spellings to the right value
   * (`kr` → `ko`) so the message can suggest it even when edit distance would not.
   */
  | { kind: 'enum'; values: EnumValue[]; mistakes?: Record<string, string> }
  /**
   * An absolute http(s) URL or a path relative to the webhook URL (`/handle-input`). `webhook`: the platform
   * POSTs the call there and runs the VoiceML the server answers (`action`, `<Redirect>`), as opposed to a
   * file it fetches (`<Play>`).
   */
  | { kind: 'url'; webhook?: true }
  /** An absolute WebSocket URL; only `wss://` is accepted. */
  | { kind: 'wssUrl' }
  /** A single DTMF key from `0-9 * #`; `allowEmpty` lets `""` disable the key. */
  | { kind: 'dtmfKey'; allowEmpty: boolean }
  /** One or more DTMF keys from `0-9 * #` (any of them ends the action). */
  | { kind: 'dtmfKeys' }
  /** DTMF tones to send: `0-9 * #`, `w` (500 ms pause), `W` (1 s pause); `A-D` undocumented (warning). */
  | { kind: 'dtmfString' }
  /**
   * A phone number: digits, an optional leading `+`, `-`, spaces, dots, parentheses; dialled in the numbering
   * plan (`VoiceMLModel.numbering`). `owned`: it must be a number the account owns (`callerId`).
   */
  | { kind: 'phoneNumber'; owned?: true }
  /** Free text (no constraint beyond well-formed XML). */
  | { kind: 'text' };

export interface AttributeSpec {
  name: string;
  type: ValueType;
  required: boolean;
  /** The platform default when the attribute is omitted, as written in the reference. */
  default?: string;
  /**
   * Omitting it is legal but usually a mistake (Gather without `action`: the digits go nowhere).
   * Reported as information by `recommended-attribute`.
   */
  recommended?: Localized;
  doc: Localized;
}

export interface ChildSpec {
  name: string;
  /** Minimum number of such children (default 0). */
  min?: number;
  /** Maximum number of such children (default unbounded). */
  max?: number;
}

/** What an element may contain as text. */
export interface BodySpec {
  /** `none`: whitespace only; `optional`/`required`: text body of `type`. */
  use: 'none' | 'optional' | 'required';
  type?: ValueType;
  /**
   * An attribute that replaces the body (Play: `digits`). With it the body is not required; with both the
   * body and the attribute a warning is reported.
   */
  alternativeAttribute?: string;
  /** When non-whitespace text is found where `use` is `none`: the element to wrap it in (Dial → Number). */
  wrapStrayTextIn?: string;
  /**
   * The attribute naming the language the body is read aloud in (Say: `language`); when it is omitted, its
   * default. Its values' `script` tells which texts that voice reads.
   */
  spokenIn?: string;
  doc?: Localized;
}

export interface ElementSpec {
  name: string;
  /** `root`: Response; `verb`: a child of Response; `noun`: only inside a verb (Number, Stream, Parameter). */
  role: 'root' | 'verb' | 'noun';
  doc: Localized;
  verification?: Verification;
  attributes: AttributeSpec[];
  /** Allowed child elements (the reference's nesting table); empty: no child elements. */
  children: ChildSpec[];
  body: BodySpec;
  /** Verbs after this one never run (Hangup, Reject, Redirect, Connect). */
  endsCall?: Localized;
  /** Only meaningful as the first verb of the response (Reject). */
  firstVerb?: Localized;
  /** What it amounts to when it is not the first verb (Reject → Hangup): offered as a quick fix. */
  actsAsWhenNotFirst?: string;
  /**
   * What the outline shows beside the element's name, in order: an attribute name (`numDigits`), `#text` for
   * the element's own text body, or `<Child>` for the text body of its first such child (Dial → `<Number>`).
   * How each value is written follows its model type (a `url` reads `→ /next`). Absent: the name alone.
   */
  outline?: string[];
  /** A short example, as in the reference. */
  example: string;
}

/** A TwiML element VoiceML does not support. */
export interface TwimlElement {
  name: string;
  /** `ruledOut`: the reference says it is not supported; `unmentioned`: the reference does not have it. */
  status: 'ruledOut' | 'unmentioned';
  reason: Localized;
  /** The VoiceML way to do it instead. */
  alternative: Localized;
}

/** A TwiML attribute VoiceML does not have (a warning: the platform ignores it). */
export interface TwimlAttribute {
  /** Element it belongs to, or `*` for any element. */
  element: string;
  name: string;
  reason: Localized;
}

/** A TwiML value with a VoiceML replacement (or none, when the feature does not exist). */
export interface TwimlValue {
  element: string;
  attribute: string;
  value: string;
  /** The VoiceML value to use instead; absent when there is none. */
  replacement?: string;
  reason: Localized;
}

/** One of Twilio's own hosts: a webhook URL there is Twilio's, not the user's server. */
export interface TwilioHost {
  /** The host, or the domain whose subdomains are meant too (`twilio.com`). */
  host: string;
  /** What a webhook there is: a Studio flow, a TwiML Bin. */
  what: Localized;
  /** What happens when the platform requests it. */
  reason: Localized;
}

/** The numbering plan numbers are dialled in: the platform normalizes `<Number>` to the domestic form. */
export interface Numbering {
  /** The country calling code (`82`). */
  countryCode: string;
  /** The digit domestic numbers start with (`+82 10…` → `010…`). */
  trunkPrefix: string;
  /** Domestic numbers without the trunk prefix (`1588-1234`, `114`), by first digits and length. */
  serviceNumbers: { prefixes: string[]; digits: number }[];
  doc: Localized;
}

/** A default that differs from TwiML's: worth a hint to users porting TwiML. */
export interface ChangedDefault {
  element: string;
  attribute: string;
  voiceml: string;
  twiml: string;
  note: Localized;
}

export interface VoiceMLModel {
  /** Points editors at `voiceml.model.schema.json`, so the data file is checked as it is edited. */
  $schema?: string;
  /** The root element's name (Response). */
  root: string;
  numbering: Numbering;
  elements: ElementSpec[];
  twiml: {
    elements: TwimlElement[];
    attributes: TwimlAttribute[];
    values: TwimlValue[];
    hosts: TwilioHost[];
    changedDefaults: ChangedDefault[];
  };
}
