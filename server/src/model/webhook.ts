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

export interface WebhookSpec {
  request: { methods: Method[]; defaultMethod: Method; contentType: string; doc: Localized; headers: { name: string; doc: Localized }[] };
  parameters: ParameterSpec[];
  callbacks: CallbackSpec[];
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
