/**
 * `voiceml call <url>`: one simulated call against a webhook server on this machine. This file reads the
 * options and wires the parts in `../simulator/`: the engine, a caller (scripted or the terminal), the output.
 */
import { localize, toLocale, type Locale, type Localized } from '../l10n';
import { getLanguageService } from '../languageService';
import { ScriptedCaller, DTMF_KEYS, type Caller } from '../simulator/caller';
import { DEFAULT_MAX_STEPS, runCall, type CallOptions } from '../simulator/engine';
import { exitCodeOf } from '../simulator/events';
import { describeEnd, describeEvent, type Style } from '../simulator/transcript';
import { parseEntryUrlOrProblem } from '../simulator/entry';
import { parseMapping, type UrlMapping } from '../simulator/urls';
import { DIAL_OUTCOMES } from '../simulator/verbs';
import { webhook, type Method } from '../model/webhook';
import { TerminalCaller } from '../simulator/terminal';
import { parsePositiveInteger } from '../simulator/text';
import { ArgReader, UsageError, usageError } from './args';

declare const VERSION: string;

const simulated = (name: string): string => webhook.parameters.find((p) => p.name === name)?.simulated ?? '';

export const CALL_USAGE: Localized = {
  ko: `사용법: voiceml call [옵션] <웹훅 URL>
  이 컴퓨터에서 실행 중인 웹훅 서버(http://127.0.0.1…, http://localhost…)에 플랫폼처럼 전화를 겁니다.
  응답마다 상태 코드, Content-Type, 64 KB 한도와 모든 규칙을 검사하고, 오류가 있으면 거기서 통화를 멈춥니다.
  --digits "1,1234,,#"        Gather와 Record마다 차례로 누를 키 (빈 항목: 입력 없음). 없으면 터미널에서 직접 누릅니다
  --dial-status <상태,…>      Dial마다 결과: ${DIAL_OUTCOMES.join(', ')} (없으면 물어봄; 스크립트에서는 ${DIAL_OUTCOMES[0]})
  --from <번호>, --to <번호>  From, To 파라미터 (기본: ${simulated('From')}, ${simulated('To')})
  --method POST|GET           웹훅 요청 방식 (기본 POST; action과 Redirect는 항상 POST)
  --map FROM=TO               FROM으로 시작하는 URL을 TO로 보냅니다 (여러 번 가능). 다른 호스트의 URL은 웹훅 URL의 origin으로 갑니다
  --max-steps <n>             요청이 n번을 넘으면 멈춤 (기본 ${DEFAULT_MAX_STEPS})
  --fast                      <Pause>를 기다리지 않습니다
  --interactive               표준 입력이 터미널이 아니어도 키를 표준 입력에서 읽습니다 (편집기 터미널용)
  -f, --format text|json      출력 형식 (기본 text)
  --locale ko|en              메시지 언어 (기본: LANG에서)
  종료 코드: 0 통화가 정상 종료, 1 응답 오류·요청 실패·--max-steps, 2 사용법 문제.`,
  en: `usage: voiceml call [options] <webhook URL>
  Calls a webhook server running on this machine (http://127.0.0.1…, http://localhost…) the way the platform does.
  Each response is checked for its status, Content-Type, the 64 KB budget and every rule; an error stops the call there.
  --digits "1,1234,,#"        keys for each Gather and Record in turn (an empty item: no input). Without it you press keys on the terminal
  --dial-status <status,…>    how each Dial ends: ${DIAL_OUTCOMES.join(', ')} (default: asked; when scripted ${DIAL_OUTCOMES[0]})
  --from <number>, --to <number>  the From and To parameters (default ${simulated('From')}, ${simulated('To')})
  --method POST|GET           how the webhook is requested (default POST; actions and Redirects are always POSTed)
  --map FROM=TO               send URLs starting with FROM to TO (repeatable). URLs on other hosts go to the webhook URL's origin
  --max-steps <n>             stop after n requests (default ${DEFAULT_MAX_STEPS})
  --fast                      <Pause> takes no time
  --interactive               read keys from standard input even when it is not a terminal (editor terminals)
  -f, --format text|json      output format (default text)
  --locale ko|en              message language (default: from LANG)
  Exit code: 0 the call ended normally, 1 an error in a response, a failed request or --max-steps, 2 usage problems.`,
};

/** What `call` and `test` share: how requests are made and where URLs go. */
export interface RequestOptions {
  method: Method;
  overrides: Record<string, string>;
  mappings: UrlMapping[];
  maxSteps: number;
}

interface Options extends RequestOptions {
  url: URL | undefined;
  format: 'text' | 'json';
  locale: Locale;
  digits: string[] | undefined;
  dialStatuses: string[] | undefined;
  fast: boolean;
  interactive: boolean;
}

/**
 * Reads one option shared by `call` and `test` into `options`; false when `name` is not one of them.
 * Throws `UsageError` for a bad value.
 */
export function readRequestOption(name: string, reader: ArgReader, options: RequestOptions): boolean {
  switch (name) {
    case '--from':
    case '--to': {
      const value = reader.value();
      if (!value) throw new UsageError({ ko: `${name}에 번호를 쓰세요.`, en: `${name} takes a number.` });
      options.overrides[name === '--from' ? 'From' : 'To'] = value;
      return true;
    }
    case '--method': {
      const value = (reader.value() ?? '').toUpperCase();
      if (!(webhook.request.methods as string[]).includes(value)) {
        throw new UsageError({ ko: `--method에는 ${webhook.request.methods.join(' 또는 ')}를 쓰세요: ${value}`, en: `--method takes ${webhook.request.methods.join(' or ')}: ${value}` });
      }
      options.method = value as Method;
      return true;
    }
    case '--map': {
      const mapping = parseMapping(reader.value() ?? '');
      if ('problem' in mapping) throw new UsageError(mapping.problem);
      options.mappings.push(mapping);
      return true;
    }
    case '--max-steps': {
      const raw = reader.value() ?? '';
      const steps = parsePositiveInteger(raw, 6);
      if (steps === undefined) throw new UsageError({ ko: `--max-steps에는 양의 정수를 쓰세요: ${raw}`, en: `--max-steps takes a positive integer: ${raw}` });
      options.maxSteps = steps;
      return true;
    }
    default:
      return false;
  }
}

/** Checks a webhook URL given on the command line: absolute, http, on this machine. */
export function parseEntryUrl(text: string): URL {
  const entry = parseEntryUrlOrProblem(text);
  if ('problem' in entry) throw new UsageError(entry.problem);
  return entry.url;
}

function parseOptions(args: readonly string[], locale: Locale): Options | 'help' {
  const options: Options = {
    url: undefined,
    format: 'text',
    locale,
    digits: undefined,
    dialStatuses: undefined,
    fast: false,
    interactive: false,
    method: webhook.request.defaultMethod,
    overrides: {},
    mappings: [],
    maxSteps: DEFAULT_MAX_STEPS,
  };
  const reader = new ArgReader(args);
  for (let arg = reader.next(); arg; arg = reader.next()) {
    if ('bare' in arg) {
      if (options.url) throw new UsageError({ ko: `웹훅 URL은 하나만 쓰세요: ${arg.bare}`, en: `give one webhook URL: ${arg.bare}` });
      options.url = parseEntryUrl(arg.bare);
      continue;
    }
    const name = arg.option;
    if (readRequestOption(name, reader, options)) continue;
    if (name === '--help' || name === '-h') return 'help';
    else if (name === '--locale') options.locale = toLocale(reader.value());
    else if (name === '--fast') options.fast = true;
    else if (name === '--interactive') options.interactive = true;
    else if (name === '--format' || name === '-f') options.format = reader.oneOf(['text', 'json'] as const);
    else if (name === '--digits') {
      const items = (reader.value() ?? '').split(',').map((s) => s.trim());
      const bad = items.find((item) => [...item].some((key) => !DTMF_KEYS.includes(key)));
      if (bad !== undefined) throw new UsageError({ ko: `--digits에는 ${DTMF_KEYS} 키만 쓰세요: ${bad}`, en: `--digits takes the keys ${DTMF_KEYS} only: ${bad}` });
      options.digits = items;
    } else if (name === '--dial-status') {
      const items = (reader.value() ?? '').split(',').map((s) => s.trim());
      const bad = items.find((item) => !DIAL_OUTCOMES.includes(item));
      if (bad !== undefined) throw new UsageError({ ko: `--dial-status에는 ${DIAL_OUTCOMES.join(', ')}를 쓰세요: ${bad}`, en: `--dial-status takes ${DIAL_OUTCOMES.join(', ')}: ${bad}` });
      options.dialStatuses = items;
    } else throw new UsageError({ ko: `알 수 없는 옵션: ${name}`, en: `unknown option: ${name}` });
  }
  if (!options.url) throw new UsageError({ ko: '웹훅 URL을 쓰세요 (예: http://127.0.0.1:3000/ivr/enter).', en: 'give the webhook URL (e.g. http://127.0.0.1:3000/ivr/enter).' });
  return options;
}

export async function runCallCommand(args: readonly string[], locale: Locale): Promise<number> {
  let options: Options | 'help';
  try {
    options = parseOptions(args, locale);
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.text, CALL_USAGE, locale);
    throw error;
  }
  if (options === 'help') {
    process.stdout.write(localize(CALL_USAGE, locale) + '\n');
    return 0;
  }
  const interactive = options.digits === undefined && options.format === 'text' && (options.interactive || process.stdin.isTTY === true);
  const style: Style = { color: options.format === 'text' && (process.stdout.isTTY === true || !!process.env.FORCE_COLOR) && !process.env.NO_COLOR };
  const terminal = interactive ? new TerminalCaller(process.stdin, process.stdout, options.locale, style, options.dialStatuses ?? []) : undefined;
  const caller: Caller = terminal ?? new ScriptedCaller(options.digits ?? [], options.dialStatuses ?? []);
  // A reader that goes away (`voiceml call … | head`) ends the call quietly: as if the caller hung up.
  const readerGone = new AbortController();
  let closed = false;
  const write = (text: string): void => {
    if (!closed) process.stdout.write(text);
  };
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
    readerGone.abort();
  });
  const signals = [readerGone.signal, ...(terminal ? [terminal.hangupSignal] : [])];
  const callOptions: CallOptions = {
    entry: options.url!,
    method: options.method,
    overrides: options.overrides,
    mappings: options.mappings,
    maxSteps: options.maxSteps,
    fast: options.fast,
    caller,
    service: getLanguageService({ locale: options.locale }),
    locale: options.locale,
    userAgent: `voiceml-call/${VERSION}`,
    signal: AbortSignal.any(signals),
  };
  if (options.format === 'text') {
    callOptions.onEvent = (event) => {
      const lines = describeEvent(event, options.locale, style);
      if (lines.length > 0) write(lines.join('\n') + '\n');
    };
  }
  try {
    terminal?.start();
    const result = await runCall(callOptions);
    if (options.format === 'json') write(JSON.stringify(result, null, 2) + '\n');
    else write(describeEnd(result.end, result.steps.length, result.ms, options.locale, style) + '\n');
    return exitCodeOf(result.end);
  } finally {
    terminal?.stop();
  }
}

