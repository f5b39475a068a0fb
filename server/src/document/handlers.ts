/**
 * What webhook handler code does with the platform's request and with its answer, as a host reads it from the
 * syntax (`FileRoutes.code`; nothing is run): where it reads the platform's parameters and headers, the values
 * it compares them with, the Content-Type it sets, what it answers with besides VoiceML, and the signature
 * checks it makes. Host-neutral: the rules judge these against `schemas/webhook.json` and the call flow (which
 * routes lead to the handler), and know no host syntax. All offsets are the file's (UTF-16).
 */
import type { Span } from './routes';

export interface HandlerCode {
  /**
   * What handlers answer with — what they send (`res.send(x)`, a `sendXml(res, x)` helper given the response),
   * return (`return str(resp)`, `return xml, 200, {…}`) or build a response from (`new Response(x)`) — and the code
   * it stands for (a name's initializer, a local function called). VoiceML written in one of these is an answer
   * to the platform; VoiceML handed elsewhere (`client.calls.create({ twiml })`) is not.
   */
  sent: Span[];
  reads: ParameterRead[];
  headers: HeaderRead[];
  tests: ValueTest[];
  contentTypes: ContentTypeSet[];
  answers: Answer[];
  signatures: SignatureCheck[];
}

export function noHandlerCode(): HandlerCode {
  return { sent: [], reads: [], headers: [], tests: [], contentTypes: [], answers: [], signatures: [] };
}

/** Does the code read the request or answer it in any way the handler rules judge? */
export function hasHandlerCode(code: HandlerCode): boolean {
  return Object.entries(code).some(([list, items]: [string, readonly unknown[]]) => list !== 'sent' && items.length > 0);
}

/**
 * A read of a request parameter by name: `req.body.Digits`, `req.body['Digits']`, `const { Digits } = req.body`,
 * `req.query.From`, `request.form.get("Digits")`, `request.values["From"]`, a FastAPI `Digits: str = Form()`.
 */
export interface ParameterRead {
  /** The name as the code writes it (a string's value); `''` where one is being typed (`req.body.`). */
  name: string;
  /** Where the name stands — for a string, its text inside the quotes: what a finding marks and completion replaces. */
  span: Span;
  /**
   * Where the code reads it: `body` (a POST's form body: `req.body`, `request.form`), `query` (the query
   * string, where a GET sends the parameters: `req.query`, `request.args`), `any` (either: `request.values`).
   */
  from: 'body' | 'query' | 'any';
  /** Written as a string (`'Digits'`, `"Digits"`), so any name can stand there; else an identifier or a property name. */
  quoted: boolean;
  /**
   * How the code reads it under another name, when that is not `span` replaced by the name: the text to put
   * at `span` with `{0}` standing for the new name — `{0}: CallSid` for `{ CallSid }` (the local name is kept),
   * `, alias="{0}"` added to FastAPI's `Form(…)`. (Its place a `Span` of its own, as every offset of a file's
   * routes is: `moveRoutes` moves spans.)
   */
  rename?: { span: Span; text: string };
  /**
   * Where the code names the query string, and the word that reads the POST body instead (`req.query` →
   * `body`, `request.args` → `form`): for a read of `query` in a route the platform only POSTs to.
   */
  source?: { span: Span; body: string };
}

/** A request header read by name: `req.headers['x-twilio-signature']`, `req.get('X-Signature')`, `request.headers.get(…)`. */
export interface HeaderRead {
  /** As written (header names are case-insensitive). */
  name: string;
  /** The name inside its quotes. */
  span: Span;
}

/**
 * A request parameter compared with a literal: `req.body.DialCallStatus === 'answered'`, `d === '1'` (`d` bound
 * to a read), `case 'busy':`, `['busy', 'failed'].includes(status)`, Python `status == "busy"`, `in (…)`.
 */
export interface ValueTest {
  /** The parameter compared, as the code names it. */
  parameter: string;
  value: string;
  /** The value's text inside its quotes (to its end while the string is being typed). */
  span: Span;
}

/** A Content-Type the code gives a response: `res.type('text/xml')`, `res.set('Content-Type', …)`, Flask's tuple headers. */
export interface ContentTypeSet {
  /** The media type it comes to, in lower case without parameters (Express's `res.type('xml')` is `application/xml`). */
  mediaType: string;
  /** The value as written, inside its quotes: what a fix replaces. */
  span: Span;
  /** The text the fix writes there for `application/xml` (the value keeps its `; charset=…`). */
  fix: string;
  /**
   * What the response it is set on is made of: the sent expression, and the code it stands for (a local
   * name's initializer, a local function called) — VoiceML written in any of these is sent with this type.
   */
  sends: Span[];
}

/** An answer that is not VoiceML: JSON, a redirect, plain text, nothing. */
export interface Answer {
  kind: 'json' | 'redirect' | 'text' | 'empty';
  /** The call or statement that answers. */
  span: Span;
  /** For `text`: the text (`OK`). */
  text?: string;
}

/**
 * A use of Twilio's helper library to check a request's signature: `twilio.validateRequest(…)`,
 * `validateExpressRequest`, the Express middleware `twilio.webhook()`, Python's `RequestValidator(…)`.
 */
export interface SignatureCheck {
  /** The function's or class's name as the library names it. */
  name: string;
  /** Where the code names it. */
  span: Span;
}

/**
 * What a host needs while it reads a file, shared by the hosts: each local name's values in the order of the
 * file (what a name holds where code reads it), and the Content-Types set on a response object tied to what is
 * sent on the same object in the same function.
 */
export class HandlerBindings<Value, Scope> {
  private readonly values = new Map<string, { at: number; value: Value }[]>();
  private readonly sends: { receiver: string; scope: Scope; spans: Span[] }[] = [];
  private readonly types: { set: ContentTypeSet; receiver: string | undefined; scope: Scope }[] = [];

  /** `name` is bound to `value` at offset `at` (bindings come in the order of the file). */
  bind(name: string, at: number, value: Value): void {
    const list = this.values.get(name);
    if (list) list.push({ at, value });
    else this.values.set(name, [{ at, value }]);
  }

  /** What `name` was last bound to before offset `at` (a binary search: a file of many bindings stays linear). */
  valueBefore(name: string, at: number): Value | undefined {
    const list = this.values.get(name);
    if (!list) return undefined;
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (list[mid]!.at < at) low = mid + 1;
      else high = mid;
    }
    return low > 0 ? list[low - 1]!.value : undefined;
  }

  /**
   * A Content-Type as written (`text/xml; charset=utf-8`) at `span`, set on the response object `receiver`
   * (undefined: tied to what it is sent with by the caller) in `scope`. `shorthand` gives the media type of a
   * value without `/` (`xml`) for a framework that looks one up (undefined: one it does not know, not noted);
   * without it the value is the header as written.
   */
  contentType(written: string, span: Span, receiver: string | undefined, scope: Scope, shorthand?: (name: string) => string | undefined): ContentTypeSet | undefined {
    const semicolon = written.indexOf(';');
    let mediaType = (semicolon >= 0 ? written.slice(0, semicolon) : written).trim().toLowerCase();
    if (shorthand && !mediaType.includes('/')) {
      const looked = shorthand(mediaType);
      if (looked === undefined) return undefined;
      mediaType = looked;
    }
    const set: ContentTypeSet = { mediaType, span, fix: 'application/xml' + (semicolon >= 0 ? written.slice(semicolon) : ''), sends: [] };
    this.types.push({ set, receiver, scope });
    return set;
  }

  /** What is sent on the response object `receiver` in `scope`, and the code it stands for. */
  send(receiver: string, scope: Scope, spans: Span[]): void {
    this.sends.push({ receiver, scope, spans });
  }

  /** Everything sent on a response object, for `HandlerCode.sent`. */
  sentSpans(): Span[] {
    return this.sends.flatMap((s) => s.spans);
  }

  /** Every Content-Type, with what is sent on its response object in its function added to its `sends`. */
  contentTypes(): ContentTypeSet[] {
    for (const { set, receiver, scope } of this.types) {
      if (receiver !== undefined) for (const send of this.sends) if (send.receiver === receiver && send.scope === scope) set.sends.push(...send.spans);
    }
    return this.types.map((t) => t.set);
  }
}
