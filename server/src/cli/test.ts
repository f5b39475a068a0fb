/**
 * `voiceml test [files]`: runs scenario files (YAML) against webhook servers on this machine, for CI. This
 * file reads the options and wires `../simulator/scenario*.ts` and the reports. Exit codes as ESLint's: 0 every
 * scenario passed, 1 a scenario failed, 2 usage or file problems.
 */
import { statSync } from 'node:fs';
import { localize, toLocale, type Locale, type Localized } from '../l10n';
import { getLanguageService } from '../languageService';
import { jsonReport, junitReport, textReport, type TestReport } from '../simulator/report';
import { parseScenarios, type Scenario } from '../simulator/scenario';
import { runScenario, type ScenarioOutcome } from '../simulator/scenarioRun';
import { webhook } from '../model/webhook';
import { ArgReader, UsageError, usageError } from './args';
import { DEFAULT_MAX_STEPS } from '../simulator/engine';
import { readRequestOption, type RequestOptions } from './call';
import { expandPatterns, readSource } from './files';

declare const VERSION: string;

/** What `voiceml test` runs when no file is named. */
export const DEFAULT_SCENARIOS = ['**/*.scenario.yaml', '**/*.scenario.yml'];

export const TEST_USAGE: Localized = {
  ko: `사용법: voiceml test [옵션] [시나리오 파일 또는 glob...]
  시나리오 파일(YAML)마다 이 컴퓨터의 웹훅 서버에 전화를 걸어, 단계(expect, press, silence, dial, hangup)를 차례로 확인합니다.
  파일을 쓰지 않거나 폴더를 쓰면 그 아래의 ${DEFAULT_SCENARIOS.join(', ')} 를 찾습니다 (node_modules, dist 제외).
  -f, --format text|json|junit   출력 형식 (기본 text; junit은 CI용 JUnit XML)
  --map FROM=TO                  FROM으로 시작하는 URL을 TO로 보냅니다 (시나리오의 url 포함, 여러 번 가능)
  --from, --to, --method, --max-steps   시나리오가 정하지 않을 때의 값 (voiceml call과 같음)
  --locale ko|en                 메시지 언어 (기본: LANG에서)
  종료 코드: 0 모두 통과, 1 실패한 시나리오가 있음, 2 사용법·파일 문제.`,
  en: `usage: voiceml test [options] [scenario files or globs...]
  Calls the webhook server on this machine once per scenario (YAML) and checks its steps (expect, press, silence, dial, hangup) in order.
  Without files, or for a folder, it looks for ${DEFAULT_SCENARIOS.join(', ')} (not under node_modules or dist).
  -f, --format text|json|junit   output format (default text; junit: JUnit XML for CI)
  --map FROM=TO                  send URLs starting with FROM to TO (the scenarios' url too; repeatable)
  --from, --to, --method, --max-steps   defaults for scenarios that do not set them (as for voiceml call)
  --locale ko|en                 message language (default: from LANG)
  Exit code: 0 every scenario passed, 1 a scenario failed, 2 usage or file problems.`,
};

const FORMATS = ['text', 'json', 'junit'] as const;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export async function runTestCommand(args: readonly string[], defaultLocale: Locale): Promise<number> {
  let locale = defaultLocale;
  let format: (typeof FORMATS)[number] = 'text';
  const patterns: string[] = [];
  const request: RequestOptions = { method: webhook.request.defaultMethod, overrides: {}, mappings: [], maxSteps: DEFAULT_MAX_STEPS };
  try {
    const reader = new ArgReader(args);
    for (let arg = reader.next(); arg; arg = reader.next()) {
      if ('bare' in arg) {
        patterns.push(arg.bare);
        continue;
      }
      const name = arg.option;
      if (readRequestOption(name, reader, request)) continue;
      if (name === '--locale') locale = toLocale(reader.value());
      else if (name === '--format' || name === '-f') format = reader.oneOf(FORMATS);
      else if (name === '--help' || name === '-h') {
        process.stdout.write(localize(TEST_USAGE, locale) + '\n');
        return 0;
      } else throw new UsageError({ ko: `알 수 없는 옵션: ${name}`, en: `unknown option: ${name}` });
    }
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.text, TEST_USAGE, locale);
    throw error;
  }

  let failed = false;
  const complain = (text: string): void => {
    process.stderr.write(`voiceml: ${text}\n`);
    failed = true;
  };
  // A folder stands for the scenario files under it.
  const expanded = patterns.flatMap((p) => (isDirectory(p) ? DEFAULT_SCENARIOS.map((glob) => (p.endsWith('/') ? p + glob : `${p}/${glob}`)) : [p]));
  const { files, unmatched } = await expandPatterns(expanded.length > 0 ? expanded : DEFAULT_SCENARIOS, process.cwd());
  // A folder without scenarios is reported below as "no scenarios"; a glob or file that matched nothing here.
  for (const pattern of unmatched) if (patterns.length > 0 && !pattern.endsWith(DEFAULT_SCENARIOS[1]!) && !pattern.endsWith(DEFAULT_SCENARIOS[0]!)) complain(localize({ ko: '일치하는 파일이 없습니다: {0}', en: 'no files match {0}' }, locale, [pattern]));
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const read = readSource(file);
    if (!read.ok) {
      complain(`${file}: ${localize(read.reason, locale)}`);
      continue;
    }
    const parsed = parseScenarios(file, read.text);
    for (const p of parsed.problems) complain(`${p.file}:${p.line}:${p.column} ${localize(p.message, locale)}`);
    scenarios.push(...parsed.scenarios);
  }
  if (scenarios.length === 0 && !failed) complain(localize({ ko: '실행할 시나리오가 없습니다.', en: 'no scenarios to run.' }, locale));
  if (failed) return 2;

  const started = performance.now();
  const service = getLanguageService({ locale });
  const outcomes: ScenarioOutcome[] = [];
  // One after another: scenarios usually share one server, and a call's order of requests is part of what it tests.
  for (const scenario of scenarios) outcomes.push(await runScenario(scenario, { service, locale, defaults: request, userAgent: `voiceml-test/${VERSION}` }));
  const report: TestReport = { outcomes, locale, ms: Math.round(performance.now() - started) };
  const color = format === 'text' && (process.stdout.isTTY === true || !!process.env.FORCE_COLOR) && !process.env.NO_COLOR;
  process.stdout.write(format === 'json' ? jsonReport(report) : format === 'junit' ? junitReport(report) : textReport(report, { color }));
  return outcomes.every((o) => o.passed) ? 0 : 1;
}
