/**
 * Runs a scenario: the call is the engine's, the caller is the scenario. Its steps are met in order: an
 * `expect` by the first later event that matches it, `press`/`silence`/`hangup` by the next Gather or
 * Record, `dial` by the next Dial. When the call asks for something the scenario does not give next (keys
 * while an `expect` is still open, a Dial outcome where keys come next), the scenario fails there and the
 * caller hangs up. When the steps run out, the caller hangs up: the scenario has said all it wanted to.
 */
import { localize, type Locale, type Localized } from '../l10n';
import { normalizePhoneNumber } from '../model/values';
import { pressAll, type Caller, type DialRequest, type KeyAnswer, type KeyRequest } from './caller';
import { runCall } from './engine';
import type { CallEvent, CallResult } from './events';
import type { LanguageService } from '../languageService';
import { matches, type Scenario, type ScenarioStep } from './scenario';
import { describeEnd, describeEndReason, describeEvent } from './transcript';
import { parseMapping, type UrlMapping } from './urls';
import type { Method } from '../model/webhook';
import { parseEntryUrlOrProblem } from './entry';

export interface ScenarioOutcome {
  scenario: Scenario;
  passed: boolean;
  /** Why it failed: the step (1-based) and its line in the file, when a step is to blame. */
  failure?: { step?: number; line?: number; message: string };
  call?: CallResult;
  /** The call as text, for reports. */
  transcript: string[];
  ms: number;
}

class ScenarioCaller implements Caller {
  next = 0;
  failure: { step: number; line: number; message: Localized } | undefined;
  readonly controller = new AbortController();
  /** Where the call is, for messages: the last request. */
  where = '';

  constructor(private readonly steps: readonly ScenarioStep[]) {}

  observe(event: CallEvent): void {
    if (event.type === 'request') this.where = `${event.method} ${new URL(event.url).pathname}`;
    const step = this.steps[this.next];
    if (step?.kind === 'expect' && satisfies(step, event)) this.next++;
  }

  async keys(request: KeyRequest): Promise<KeyAnswer | 'hangup'> {
    const step = this.steps[this.next];
    if (!step) return 'hangup';
    if (step.kind === 'press' || step.kind === 'silence') {
      this.next++;
      return pressAll(request, step.kind === 'press' ? step.keys : '');
    }
    if (step.kind === 'hangup') {
      this.next++;
      return 'hangup';
    }
    return this.fail(step, { ko: `<${request.verb}>가 ${this.where}에서 키를 기다립니다`, en: `the call waits for keys at a <${request.verb}> (${this.where})` });
  }

  async dial(request: DialRequest): Promise<string | 'hangup'> {
    const step = this.steps[this.next];
    if (!step) return 'hangup';
    if (step.kind === 'dial') {
      this.next++;
      return step.status;
    }
    if (step.kind === 'hangup') {
      this.next++;
      return 'hangup';
    }
    return this.fail(step, { ko: `${this.where}의 <Dial>이 ${request.number}에 전화를 겁니다 (결과는 dial: 로)`, en: `the call dials ${request.number} at ${this.where} (give its outcome with dial:)` });
  }

  private fail(step: ScenarioStep, happening: Localized): 'hangup' {
    this.failure = {
      step: this.next + 1,
      line: step.line,
      message: { ko: `${step.source} 단계 대신: ${happening.ko}`, en: `instead of ${step.source}: ${happening.en}` },
    };
    this.controller.abort();
    return 'hangup';
  }
}

function satisfies(step: ScenarioStep & { kind: 'expect' }, event: CallEvent): boolean {
  const m = step.matcher;
  switch (step.what) {
    case 'say':
      return event.type === 'say' && matches(m, event.text);
    case 'play':
      return event.type === 'play' && matches(m, event.url ?? event.digits ?? '');
    case 'dial':
      if (event.type !== 'dial') return false;
      return matches(m, event.number) || ('text' in m && normalizePhoneNumber(m.text) === event.number);
    case 'stream':
      return event.type === 'stream' && (matches(m, event.url) || matches(m, event.localUrl));
    case 'redirect':
      return event.type === 'redirect' && matches(m, event.url);
    case 'request':
      return event.type === 'request' && matches(m, event.url);
    case 'finding':
      return event.type === 'finding' && (matches(m, event.finding.code) || matches(m, event.finding.message));
    case 'end':
      return event.type === 'end' && matches(m, event.end.reason) && ('regex' in m || m.text === event.end.reason);
  }
}

export interface ScenarioRunOptions {
  service: LanguageService;
  locale: Locale;
  /**
   * The command line's `--method`, `--from`/`--to` and `--max-steps` (for scenarios that do not set them) and
   * `--map` (tried before the scenario's own).
   */
  defaults: { method: Method; overrides: Record<string, string>; mappings: readonly UrlMapping[]; maxSteps: number };
  userAgent?: string;
}

export async function runScenario(scenario: Scenario, options: ScenarioRunOptions): Promise<ScenarioOutcome> {
  const started = performance.now();
  const t = (text: Localized): string => localize(text, options.locale);
  const transcript: string[] = [];
  const done = (outcome: Omit<ScenarioOutcome, 'scenario' | 'transcript' | 'ms'>): ScenarioOutcome => ({ scenario, transcript, ms: Math.round(performance.now() - started), ...outcome });
  const mappings: UrlMapping[] = [...options.defaults.mappings];
  for (const { from, to } of scenario.map) {
    const mapping = parseMapping(`${from}=${to}`);
    if ('problem' in mapping) return done({ passed: false, failure: { line: scenario.line, message: t(mapping.problem) } });
    mappings.push(mapping);
  }
  const entry = parseEntryUrlOrProblem(scenario.url);
  if ('problem' in entry) return done({ passed: false, failure: { line: scenario.line, message: t(entry.problem) } });
  const caller = new ScenarioCaller(scenario.steps);
  const call = await runCall({
    entry: entry.url,
    method: scenario.method ?? options.defaults.method,
    overrides: { ...options.defaults.overrides, ...scenario.overrides },
    mappings,
    maxSteps: scenario.maxSteps ?? options.defaults.maxSteps,
    fast: true,
    caller,
    service: options.service,
    locale: options.locale,
    signal: caller.controller.signal,
    ...(options.userAgent ? { userAgent: options.userAgent } : {}),
    onEvent: (event) => {
      caller.observe(event);
      transcript.push(...describeEvent(event, options.locale, { color: false }));
    },
  });
  transcript.push(describeEnd(call.end, call.steps.length, call.ms, options.locale, { color: false }));
  if (caller.failure) return done({ passed: false, call, failure: { step: caller.failure.step, line: caller.failure.line, message: t(caller.failure.message) } });
  const open = scenario.steps[caller.next];
  const endExpected = scenario.steps.some((s) => s.kind === 'expect' && s.what === 'end');
  if ((call.end.reason === 'error' || call.end.reason === 'max-steps') && !(endExpected && open === undefined)) {
    const at = open ? { step: caller.next + 1, line: open.line } : {};
    return done({ passed: false, call, failure: { ...at, message: `${t({ ko: '통화 실패', en: 'the call failed' })}: ${call.end.message ?? call.end.reason}` } });
  }
  if (open) {
    const ended = describeEndReason(call.end, options.locale);
    return done({
      passed: false,
      call,
      failure: { step: caller.next + 1, line: open.line, message: localize({ ko: '{0} 단계가 이루어지지 않고 통화가 끝났습니다: {1}', en: '{0} never happened; the call ended: {1}' }, options.locale, [open.source, ended]) },
    });
  }
  return done({ passed: true, call });
}
