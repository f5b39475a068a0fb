/**
 * The call: the platform's side, step by step. A step is one request — the webhook, then each action,
 * Redirect and callback — and the verbs of its response, run in order until one leads to the next request or
 * ends the call. Every response is judged first (`judge.ts`); an error stops the call there.
 */
import { randomBytes } from 'node:crypto';
import { localize, type Locale } from '../l10n';
import type { LanguageService } from '../languageService';
import type { XmlElement } from '../parser';
import type { Caller } from './caller';
import type { CallEnd, CallEvent, CallResult, Finding, Step, VerbView } from './events';
import { judge } from './judge';
import { RecordingServer } from './recordings';
import { requestUrl, send } from './request';
import { UrlResolver, type UrlMapping } from './urls';
import { VERBS, type VerbContext, type VerbOutcome } from './verbs';
import { childElements, textOf, writtenAttributes } from './verbs/verb';
import { callbackOf, callParameters, webhook, type Method } from '../model/webhook';

export const DEFAULT_MAX_STEPS = 50;

export interface CallOptions {
  /** The webhook URL (already checked to be on this machine). */
  entry: URL;
  /** How the first request is sent (the number's webhook setting); callbacks use their own method. */
  method?: Method;
  /** Parameter values instead of the simulated ones (`From`, `To` …). */
  overrides?: Record<string, string>;
  mappings?: readonly UrlMapping[];
  /** Requests at most; one more ends the call with `max-steps`. */
  maxSteps?: number;
  /** Pauses take no time. */
  fast?: boolean;
  caller: Caller;
  service: LanguageService;
  locale: Locale;
  /** Called for every event as it happens. */
  onEvent?: (event: CallEvent) => void;
  /** Ends the call from outside (a scenario that failed, a terminal closed): as if the caller hung up. */
  signal?: AbortSignal;
  userAgent?: string;
}

export async function runCall(options: CallOptions): Promise<CallResult> {
  const started = performance.now();
  const callId = `CA${randomBytes(16).toString('hex')}`;
  const params = callParameters(callId.slice(2), options.overrides);
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const entry = UrlResolver.mapEntry(options.entry, options.mappings ?? []);
  const resolver = new UrlResolver(entry, options.mappings ?? []);
  const recordings = new RecordingServer();
  const steps: Step[] = [];
  const notes: string[] = [];
  const emit = (event: CallEvent): void => {
    if (event.type === 'note') notes.push(localize(event.message, options.locale));
    options.onEvent?.(event);
  };
  let answered = false;
  let end: CallEnd | undefined;
  const finish = (e: Omit<CallEnd, 'step'>): CallEnd => (end = { ...e, step: steps.length - 1 });

  let next: { url: URL; method: Method; added: Record<string, string>; by?: string } = { url: entry, method: options.method ?? webhook.request.defaultMethod, added: {} };
  try {
    while (!end) {
      if (options.signal?.aborted) {
        finish({ reason: 'caller-hangup' });
        break;
      }
      if (steps.length >= maxSteps) {
        finish({ reason: 'max-steps', message: localize({ ko: '요청이 {0}번을 넘었습니다 (--max-steps).', en: 'more than {0} requests (--max-steps).' }, options.locale, [String(maxSteps)]) });
        break;
      }
      const sent = { ...params, ...next.added };
      const index = steps.length;
      const url = requestUrl(next.url, next.method, sent).href;
      const step: Step = { method: next.method, url, params: sent, verbs: [], findings: [] };
      steps.push(step);
      emit({ type: 'request', step: index, method: next.method, url, params: sent, added: next.added, ...(next.by ? { by: next.by } : {}) });
      const exchange = await send(next.url, next.method, sent, { ...(options.userAgent ? { userAgent: options.userAgent } : {}), ...(options.signal ? { signal: options.signal } : {}) });
      if (options.signal?.aborted) {
        finish({ reason: 'caller-hangup' });
        break;
      }
      if (exchange.response) {
        const r = exchange.response;
        step.status = r.status;
        step.contentType = r.contentType;
        emit({ type: 'response', step: index, status: r.status, statusText: r.statusText, contentType: r.contentType, bytes: r.bytes, ms: exchange.ms });
      }
      const verdict = judge(exchange, options.service, options.locale);
      step.findings = verdict.findings;
      for (const finding of verdict.findings) emit({ type: 'finding', step: index, finding });
      if (!verdict.root) {
        finish({ reason: 'error', message: verdict.findings.find((f) => f.severity === 'error')?.message ?? '' });
        break;
      }
      const verbs = childElements(verdict.root);
      step.verbs = verbs.map(view);
      // Relative URLs resolve against the request as the code sees it (a GET's added query is not part of it).
      const base = next.url;
      let outcome: VerbOutcome = { kind: 'next' };
      for (let i = 0; i < verbs.length && outcome.kind === 'next'; i++) {
        outcome = await runVerb(verbs[i]!, i === 0);
        if (options.signal?.aborted && outcome.kind === 'next') outcome = { kind: 'end', end: { reason: 'caller-hangup' } };
      }
      if (outcome.kind === 'next') finish({ reason: 'no-more-verbs' });
      else if (outcome.kind === 'end') {
        if (outcome.finding) {
          step.findings.push(outcome.finding);
          emit({ type: 'finding', step: index, finding: outcome.finding });
        }
        finish(outcome.end);
      } else {
        const resolved = resolveUrl(outcome.url, base, 'http');
        if ('problem' in resolved) {
          const finding: Finding = { severity: 'error', code: 'url', message: resolved.problem };
          step.findings.push(finding);
          emit({ type: 'finding', step: index, finding });
          finish({ reason: 'error', message: resolved.problem });
        } else {
          next = { url: resolved.url, method: callbackOf(outcome.verb)!.method, added: outcome.params, by: outcome.verb };
        }
      }

      function runVerb(element: XmlElement, firstVerb: boolean): Promise<VerbOutcome> {
        const behaviour = VERBS[element.name];
        // The rules let no other element through to here (an unknown verb is an error that stops the call).
        if (!behaviour) throw new Error(`no behaviour for <${element.name}>`);
        const context: VerbContext = {
          locale: options.locale,
          caller: options.caller,
          callId,
          callParams: params,
          recordings,
          firstVerb,
          answered,
          emit,
          sleep: (seconds) => (options.fast ? Promise.resolve() : sleep(seconds * 1000, options.signal)),
          resolve: (raw, kind) => resolveUrl(raw, base, kind),
          runNested: (child) => runVerb(child, false),
        };
        if (element.name !== 'Redirect' && element.name !== 'Reject') answered = true;
        return behaviour.run(element, context);
      }
    }
  } finally {
    await recordings.close();
  }
  const result: CallResult = { steps, end: end!, notes, ms: Math.round(performance.now() - started) };
  emit({ type: 'end', end: result.end });
  return result;

  function resolveUrl(raw: string, base: URL, kind: 'http' | 'ws'): { url: URL } | { problem: string } {
    const resolved = resolver.resolve(raw, base, kind);
    if ('problem' in resolved) return { problem: localize(resolved.problem, options.locale) };
    if (resolved.rewrittenFrom) {
      emit({
        type: 'note',
        message: {
          ko: `${resolved.rewrittenFrom} 는 ${resolved.url.origin} 로 보냅니다 (다른 곳으로 보내려면 --map FROM=TO).`,
          en: `${resolved.rewrittenFrom} is sent to ${resolved.url.origin} (--map FROM=TO to choose another).`,
        },
      });
    }
    return { url: resolved.url };
  }
}

/** A verb as the JSON shows it: its attributes as written, its text, its child elements. */
function view(element: XmlElement): VerbView {
  const v: VerbView = { name: element.name, attributes: writtenAttributes(element) };
  const text = textOf(element);
  if (text) v.text = text;
  const children = childElements(element);
  if (children.length > 0) v.children = children.map(view);
  return v;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
