/**
 * The platform's side of the webhook contract, read from `schemas/webhook.json` (the single source): the
 * parameters sent with every request, the ones each verb's callback adds, and what a response must be.
 */
import data from '../../../schemas/webhook.json';
import type { Localized } from '../l10n';

export type Method = 'POST' | 'GET';

export interface ParameterSpec {
  name: string;
  type: 'string';
  required: boolean;
  example?: string;
  /** The value the simulator sends unless told otherwise; `{id}` is replaced by an ID made for each call. */
  simulated?: string;
  /** The keys its value is made of (`0123456789*#`): any other character never comes. */
  keys?: string;
  /** The values it can have: any other never comes. */
  values?: { value: string; doc: Localized }[];
  doc: Localized;
}

export interface CallbackSpec {
  /** The VoiceML element that makes the request. */
  verb: string;
  /** An attribute's name, or `body` for the element's text. */
  url: string;
  method: Method;
  doc: Localized;
  parameters: ParameterSpec[];
}

/** A name TwiML uses that the platform does not send: the VoiceML name of the same value, or what to do instead. */
export interface TwimlName {
  name: string;
  voiceml?: string;
  use: Localized;
  alternative?: Localized;
}

/** A value TwiML sends for a parameter the platform sends too, but never with that value. */
export interface TwimlValue {
  parameter: string;
  value: string;
  voiceml?: string;
  use: Localized;
}

export interface WebhookSpec {
  request: { methods: Method[]; defaultMethod: Method; contentType: string; doc: Localized; headers: { name: string; doc: Localized }[] };
  parameters: ParameterSpec[];
  callbacks: CallbackSpec[];
  twiml: { doc: Localized; parameters: TwimlName[]; headers: TwimlName[]; values: TwimlValue[] };
  response: { contentType: string; maxBytes: number; doc: Localized };
}

/** The JSON's inferred type widens the literals (`"POST"` to `string`); `webhook.schema.json` keeps the file honest. */
export const webhook: WebhookSpec = data as unknown as WebhookSpec;

/** The request a verb makes to its URL (Gather, Record, Dial: `action`; Redirect: its text), if it makes one. */
export function callbackOf(verb: string): CallbackSpec | undefined {
  return webhook.callbacks.find((c) => c.verb === verb);
}

/** A callback parameter's spec (`Digits` of Gather, `DialCallStatus` of Dial …). */
export function callbackParameter(verb: string, name: string): ParameterSpec | undefined {
  return callbackOf(verb)?.parameters.find((p) => p.name === name);
}

/** The parameters sent with every request, by name. */
const everyRequest = new Map(webhook.parameters.map((p) => [p.name, p]));

/** Each callback parameter's name, with the callbacks that send it (Digits: Gather and Record). */
const byCallback = new Map<string, { callback: CallbackSpec; spec: ParameterSpec }[]>();
for (const callback of webhook.callbacks) {
  for (const spec of callback.parameters) byCallback.set(spec.name, [...(byCallback.get(spec.name) ?? []), { callback, spec }]);
}

/** Every name the platform sends, those of every request first, then the callbacks' in the data's order. */
export const parameterNames: readonly string[] = [...everyRequest.keys(), ...byCallback.keys()];

/** A parameter sent with every request (`CallId`, `From` …), or undefined. */
export function requestParameter(name: string): ParameterSpec | undefined {
  return everyRequest.get(name);
}

/** The callbacks that send a parameter, each with its spec there (`Digits`: Gather's and Record's); empty for others. */
export function callbacksSending(name: string): readonly { callback: CallbackSpec; spec: ParameterSpec }[] {
  return byCallback.get(name) ?? [];
}

const twimlParameters = new Map(webhook.twiml.parameters.map((p) => [p.name, p]));
const twimlHeaders = new Map(webhook.twiml.headers.map((h) => [h.name.toLowerCase(), h]));

/** A TwiML request parameter the platform does not send (`CallSid`, `SpeechResult`), or undefined. */
export function twimlParameter(name: string): TwimlName | undefined {
  return twimlParameters.get(name);
}

/** A TwiML request header the platform does not send (`X-Twilio-Signature`, in any case), or undefined. */
export function twimlHeader(name: string): TwimlName | undefined {
  return twimlHeaders.get(name.toLowerCase());
}

/** A header the platform sends (`X-Signature`, in any case), or undefined. */
export function requestHeader(name: string): { name: string; doc: Localized } | undefined {
  const lower = name.toLowerCase();
  return webhook.request.headers.find((h) => h.name.toLowerCase() === lower);
}

/** A value TwiML sends for `parameter` that the platform never does (`DialCallStatus` `answered`), or undefined. */
export function twimlValue(parameter: string, value: string): TwimlValue | undefined {
  return webhook.twiml.values.find((v) => v.parameter === parameter && v.value === value);
}

/**
 * The parameters the simulator sends with every request of a call: each one's `simulated` value with `{id}`
 * filled in, then `overrides` (`--from`, `--to`) for the names they give.
 */
export function callParameters(id: string, overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  const params: Record<string, string> = {};
  for (const p of webhook.parameters) {
    const value = overrides[p.name] ?? p.simulated?.replaceAll('{id}', id);
    if (value !== undefined) params[p.name] = value;
  }
  return params;
}

/**
 * The parameters `verb`'s callback adds, by name; each name must be one the data lists for that callback, so
 * the code and `schemas/webhook.json` cannot drift apart.
 */
export function callbackParams(verb: string, values: Readonly<Record<string, string>>): Record<string, string> {
  const callback = callbackOf(verb);
  if (!callback) throw new Error(`schemas/webhook.json has no callback of <${verb}>`);
  for (const name of Object.keys(values)) {
    if (!callback.parameters.some((p) => p.name === name)) throw new Error(`schemas/webhook.json: <${verb}> sends no parameter ${name}`);
  }
  return { ...values };
}
