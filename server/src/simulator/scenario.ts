/**
 * Scenario files for `voiceml test`: YAML (read with `yaml`), one scenario per YAML document. A scenario
 * names its webhook URL and lists what the caller does and what the call must do, in order:
 *
 *   name: 분실 신고 → 상담원
 *   url: http://127.0.0.1:3000/ivr/enter
 *   steps:
 *     - expect: { say: "휴대폰 뒷 네 자리" }   # a substring, or /a regex/
 *     - press: "1234"                           # keys for the next Gather or Record
 *     - silence: true                           # no input for the next Gather or Record
 *     - dial: busy                              # how the next Dial ends
 *     - expect: { dial: "01099991111", end: hangup }
 *
 * Also: `method`, `from`, `to`, `map` (FROM: TO), `maxSteps`. Every problem in a file is reported with its
 * line and column.
 */
import { basename } from 'node:path';
import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Localized } from '../l10n';
import { closest } from '../model/suggest';
import { DTMF_KEYS } from './caller';
import { parsePositiveInteger } from './text';
import type { EndReason } from './events';
import { DIAL_OUTCOMES } from './verbs';
import { webhook, type Method } from '../model/webhook';

/** What an `expect` can look at. */
export const EXPECT_KINDS = ['say', 'play', 'dial', 'stream', 'redirect', 'request', 'finding', 'end'] as const;
export type ExpectKind = (typeof EXPECT_KINDS)[number];
const END_REASONS: readonly EndReason[] = ['hangup', 'reject', 'stream', 'no-more-verbs', 'caller-hangup', 'error', 'max-steps'];

export type Matcher = { text: string } | { regex: RegExp };

export type ScenarioStep = { line: number; source: string } & (
  | { kind: 'expect'; what: ExpectKind; matcher: Matcher }
  | { kind: 'press'; keys: string }
  | { kind: 'silence' }
  | { kind: 'dial'; status: string }
  | { kind: 'hangup' }
);

export interface Scenario {
  file: string;
  /** The scenario's `name`, else the file name (and its number in the file when it holds several). */
  name: string;
  line: number;
  url: string;
  method?: Method;
  overrides: Record<string, string>;
  map: { from: string; to: string }[];
  maxSteps?: number;
  steps: ScenarioStep[];
}

export interface ScenarioProblem {
  file: string;
  line: number;
  column: number;
  message: Localized;
}

const TOP_KEYS = ['name', 'url', 'method', 'from', 'to', 'map', 'maxSteps', 'steps'];
const STEP_KEYS = ['expect', 'press', 'silence', 'dial', 'hangup'];

/** Reads every scenario of a file's text; problems instead of scenarios for what cannot be read. */
export function parseScenarios(file: string, text: string): { scenarios: Scenario[]; problems: ScenarioProblem[] } {
  const counter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: counter, prettyErrors: false });
  const scenarios: Scenario[] = [];
  const problems: ScenarioProblem[] = [];
  const at = (node: { range?: [number, number, number] | null } | null | undefined, message: Localized): void => {
    const pos = counter.linePos(node?.range?.[0] ?? 0);
    problems.push({ file, line: pos.line, column: pos.col, message });
  };
  const list = Array.isArray(documents) ? documents : [];
  const base = basename(file);
  list.forEach((document, index) => {
    for (const error of document.errors) {
      const pos = counter.linePos(error.pos[0]);
      problems.push({ file, line: pos.line, column: pos.col, message: { ko: `YAML 오류: ${error.message}`, en: `YAML error: ${error.message}` } });
    }
    if (document.errors.length > 0) return;
    const root = document.contents;
    if (root === null || (isScalar(root) && root.value === null)) return;
    if (!isMap(root)) return at(root, { ko: '시나리오는 url과 steps가 있는 매핑입니다.', en: 'a scenario is a mapping with url and steps.' });
    const scenario: Scenario = {
      file,
      name: list.length > 1 ? `${base} #${index + 1}` : base,
      line: counter.linePos(root.range?.[0] ?? 0).line,
      url: '',
      overrides: {},
      map: [],
      steps: [],
    };
    const before = problems.length;
    for (const pair of root.items) {
      const key = keyOf(pair);
      const value = pair.value as Node | null;
      switch (key) {
        case 'name':
        case 'url':
        case 'from':
        case 'to': {
          const text = scalarText(value);
          if (text === undefined || text === '') {
            at(value ?? (pair.key as Node), { ko: `${key}에는 문자열을 쓰세요.`, en: `${key} takes a string.` });
            break;
          }
          if (key === 'name') scenario.name = text;
          else if (key === 'url') scenario.url = text;
          else scenario.overrides[key === 'from' ? 'From' : 'To'] = text;
          break;
        }
        case 'method': {
          const text = (scalarText(value) ?? '').toUpperCase();
          if ((webhook.request.methods as string[]).includes(text)) scenario.method = text as Method;
          else at(value, { ko: `method에는 ${webhook.request.methods.join(', ')}를 쓰세요.`, en: `method takes ${webhook.request.methods.join(', ')}.` });
          break;
        }
        case 'maxSteps': {
          const steps = parsePositiveInteger(scalarText(value) ?? '', 6);
          if (steps !== undefined) scenario.maxSteps = steps;
          else at(value, { ko: 'maxSteps에는 양의 정수를 쓰세요.', en: 'maxSteps takes a positive integer.' });
          break;
        }
        case 'map':
          if (!isMap(value)) {
            at(value ?? (pair.key as Node), { ko: 'map은 FROM: TO 매핑입니다.', en: 'map is a mapping of FROM: TO.' });
            break;
          }
          for (const entry of value.items) {
            const from = keyOf(entry);
            const to = scalarText(entry.value as Node | null);
            if (!from || !to) at(entry.key as Node, { ko: 'map의 항목은 FROM: TO 입니다.', en: 'each map entry is FROM: TO.' });
            else scenario.map.push({ from, to });
          }
          break;
        case 'steps':
          if (!isSeq(value)) {
            at(value ?? (pair.key as Node), { ko: 'steps는 목록입니다.', en: 'steps is a list.' });
            break;
          }
          for (const item of value.items) readStep(item as Node, scenario.steps, at, counter);
          break;
        default:
          at(pair.key as Node, unknownKey(key ?? '', TOP_KEYS));
      }
    }
    if (!scenario.url) at(root, { ko: '시나리오에 url이 없습니다.', en: 'the scenario has no url.' });
    if (problems.length === before) scenarios.push(scenario);
  });
  return { scenarios, problems };
}

function readStep(item: Node, steps: ScenarioStep[], at: (node: Node | null | undefined, message: Localized) => void, counter: LineCounter): void {
  if (!isMap(item) || item.items.length === 0) {
    return at(item, { ko: `단계는 ${STEP_KEYS.join(', ')} 중 하나입니다.`, en: `a step is one of ${STEP_KEYS.join(', ')}.` });
  }
  const line = counter.linePos(item.range?.[0] ?? 0).line;
  if (item.items.length > 1 && keyOf(item.items[0]!) !== 'expect') {
    return at(item, { ko: '한 단계에는 동작 하나만 쓰세요 (예: - press: "1").', en: 'one action per step (e.g. - press: "1").' });
  }
  const pair = item.items[0]!;
  const key = keyOf(pair) ?? '';
  const value = pair.value as Node | null;
  const source = `${key}: ${scalarText(value) ?? (isMap(value) ? JSON.stringify((value as YAMLMap).toJSON()) : '')}`;
  switch (key) {
    case 'press': {
      // The text as written: `press: 0123` must keep its 0, which a YAML number would not.
      const keys = isScalar(value) ? (value.source ?? String(value.value ?? '')) : '';
      if (!keys || [...keys].some((k) => !DTMF_KEYS.includes(k))) {
        return at(value ?? (pair.key as Node), { ko: `press에는 ${DTMF_KEYS} 키를 따옴표 안에 쓰세요 (예: press: "1#").`, en: `press takes keys of ${DTMF_KEYS}, in quotes (e.g. press: "1#").` });
      }
      steps.push({ kind: 'press', keys, line, source });
      return;
    }
    case 'silence':
    case 'hangup':
      if (!isScalar(value) || value.value !== true) return at(value ?? (pair.key as Node), { ko: `${key}: true 로 쓰세요.`, en: `write ${key}: true.` });
      steps.push({ kind: key, line, source });
      return;
    case 'dial': {
      const status = scalarText(value) ?? '';
      if (!DIAL_OUTCOMES.includes(status)) return at(value ?? (pair.key as Node), { ko: `dial에는 ${DIAL_OUTCOMES.join(', ')} 중 하나를 쓰세요.`, en: `dial takes one of ${DIAL_OUTCOMES.join(', ')}.` });
      steps.push({ kind: 'dial', status, line, source });
      return;
    }
    case 'expect':
      if (!isMap(value) || value.items.length === 0) return at(value ?? (pair.key as Node), { ko: `expect에는 ${EXPECT_KINDS.join(', ')} 중 하나 이상을 쓰세요.`, en: `expect takes one or more of ${EXPECT_KINDS.join(', ')}.` });
      for (const entry of value.items) {
        const what = keyOf(entry) ?? '';
        if (!(EXPECT_KINDS as readonly string[]).includes(what)) {
          at(entry.key as Node, unknownKey(what, EXPECT_KINDS));
          continue;
        }
        const text = scalarText(entry.value as Node | null);
        if (text === undefined || text === '') {
          at((entry.value as Node | null) ?? (entry.key as Node), { ko: `${what}에는 문자열이나 /정규식/을 쓰세요.`, en: `${what} takes a string or a /regex/.` });
          continue;
        }
        if (what === 'end' && !(END_REASONS as readonly string[]).includes(text)) {
          at(entry.value as Node, { ko: `end에는 ${END_REASONS.join(', ')} 중 하나를 쓰세요.`, en: `end takes one of ${END_REASONS.join(', ')}.` });
          continue;
        }
        const matcher = toMatcher(text);
        if ('problem' in matcher) {
          at(entry.value as Node, matcher.problem);
          continue;
        }
        const entryLine = counter.linePos(entry.key && (entry.key as Node).range ? (entry.key as Node).range![0] : (item.range?.[0] ?? 0)).line;
        steps.push({ kind: 'expect', what: what as ExpectKind, matcher, line: entryLine, source: `expect ${what}: ${text}` });
      }
      return;
    default:
      at(pair.key as Node, unknownKey(key, STEP_KEYS));
  }
}

/**
 * `/…/` with nothing or only the flags `i m s u` after it is a regular expression; anything else a substring
 * (so a path such as `/ivr/menu` is text).
 */
function toMatcher(text: string): Matcher | { problem: Localized } {
  const last = text.lastIndexOf('/');
  const flags = text.slice(last + 1);
  if (!text.startsWith('/') || last < 2 || [...flags].some((f) => !'imsu'.includes(f))) return { text };
  try {
    // The user's own expression, for their own tests: it runs on this call's text only.
    return { regex: new RegExp(text.slice(1, last), flags) };
  } catch (error) {
    return { problem: { ko: `정규식 오류: ${(error as Error).message}`, en: `bad regex: ${(error as Error).message}` } };
  }
}

export function matches(matcher: Matcher, value: string): boolean {
  return 'regex' in matcher ? matcher.regex.test(value) : value.includes(matcher.text);
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function scalarText(node: Node | null | undefined): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  return typeof node.value === 'string' ? node.value : (node.source ?? String(node.value));
}

function unknownKey(key: string, known: readonly string[]): Localized {
  const suggestion = closest(key, known);
  const hint = suggestion ? { ko: ` (${suggestion}?)`, en: ` (did you mean ${suggestion}?)` } : { ko: '', en: '' };
  return { ko: `알 수 없는 키 ${key}${hint.ko}. 쓸 수 있는 키: ${known.join(', ')}`, en: `unknown key ${key}${hint.en}. Known keys: ${known.join(', ')}` };
}
