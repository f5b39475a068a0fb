/**
 * `voiceml lint <files, directories or globs…>`: checks VoiceML — `.xml` and `.voiceml` files, templates in
 * JS/TS files, strings in Python files — with the same language service the editor uses. Exit codes as ESLint's: 0 no errors (and warnings within
 * `--max-warnings`), 1 errors or too many warnings, 2 usage or file problems. This file only reads the
 * arguments and wires the parts: `files.ts` finds and reads files, `run.ts` checks them (in worker threads
 * for large trees), `formats/` writes the report as they are checked, `output.ts` to stdout.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { localize, toLocale, type Locale, type Localized } from '../l10n';
import { ArgReader, UsageError, usageError } from './args';
import { lintTargets } from './files';
import { json } from './formats/json';
import { addCounts, noCounts, printable, type Format, type ReportEnd } from './formats/report';
import { sarif } from './formats/sarif';
import { text } from './formats/text';
import { checkFiles, isLintWorker, runLintWorker, type Concurrency, type FileOutcome } from './run';
import { stdoutOutput } from './output';
import { indexFiles, registersRoutes, runFlowCommand } from './flow';

const FORMATS: Record<string, Format> = { text, json, sarif };

const USAGE: Localized = {
  ko: `사용법: voiceml lint [옵션] <파일, 디렉터리 또는 glob...>
  VoiceML 파일(.xml, .voiceml, 템플릿 .xml.j2 등), JS/TS 파일(.js .mjs .cjs .jsx .ts .mts .cts .tsx)의 템플릿,
  Python 파일(.py)의 문자열 안의 VoiceML을 검사합니다. 디렉터리는 그 아래의 이런 파일 모두입니다.
  다른 파일은 건너뜁니다. glob과 디렉터리는 node_modules와 dist 아래를 찾지 않습니다.
  -f, --format text|json|sarif   출력 형식 (기본: text; sarif는 코드 스캐닝용 SARIF 2.1.0)
  --locale ko|en                  메시지 언어 (기본: LANG에서)
  --quiet                         오류만 보고합니다
  --hints                         힌트도 보고합니다 (TwiML과 다른 기본값 등; 기본은 보고하지 않음)
  --max-warnings <n>              경고가 n개보다 많으면 종료 코드 1
  --concurrency auto|off|<n>      검사 스레드 수 (기본 auto: 파일이 64 MB 이상일 때 32 MB마다 하나, 놀고 있는 CPU마다 하나까지;
                                  파일이 64개 이상이면 CPU가 둘 이상일 때 다른 스레드가 미리 읽어 둡니다. off: 한 스레드로)
  --                              옵션의 끝: 그 뒤는 모두 파일 (예: -- -이름.xml)
  일반 파일이 아닌 것(FIFO, 장치)은 건너뜁니다. 파일은 UTF-8로 읽습니다 (XML 선언의 encoding이 있으면 그것으로).
  종료 코드: 0 문제 없음, 1 오류가 있거나 경고가 너무 많음, 2 사용법·파일 문제.
다른 명령: voiceml call <웹훅 URL> (통화 시뮬레이션), voiceml test [시나리오...] (시나리오 테스트),
  voiceml flow [경로...] (통화 흐름 그래프). 각각 --help.`,
  en: `usage: voiceml lint [options] <files, directories or globs...>
  Checks VoiceML files (.xml, .voiceml, templates such as .xml.j2), the VoiceML in JS/TS template literals
  (.js .mjs .cjs .jsx .ts .mts .cts .tsx) and in Python strings (.py). A directory means every such file under
  it; other files are skipped. Globs and directories do not search node_modules or dist.
  -f, --format text|json|sarif   output format (default text; sarif is SARIF 2.1.0 for code scanning)
  --locale ko|en                  message language (default: from LANG)
  --quiet                         report errors only
  --hints                         report hints too (defaults that differ from TwiML …; not reported by default)
  --max-warnings <n>              exit code 1 when there are more than n warnings
  --concurrency auto|off|<n>      threads checking files (default auto: for 64 MB of files and more, one per 32 MB, at most one per idle CPU;
                                  for 64 files and more, with 2 CPUs or more, another thread reads them ahead. off: one thread)
  --                              end of the options: all that follows is a file (e.g. -- -name.xml)
  What is no regular file (a FIFO, a device) is skipped. Files are read as UTF-8 (or as their XML declaration says).
  Exit code: 0 no problems, 1 errors or too many warnings, 2 usage or file problems.
Other commands: voiceml call <webhook URL> (simulate a call), voiceml test [scenarios...] (scenario tests),
  voiceml flow [paths...] (the call flow as a graph). Each with --help.`,
};

interface Options {
  format: string;
  locale: Locale;
  quiet: boolean;
  /** Report hints too (`--hints`); without it they are neither shown nor counted. */
  hints: boolean;
  /** -1: no limit (ESLint's default). */
  maxWarnings: number;
  concurrency: Concurrency;
  patterns: string[];
}

/** The options of `voiceml lint`; `--` ends them (`voiceml lint -- -odd-name.xml`). A usage problem throws. */
function parseArguments(args: readonly string[], locale: Locale): Options | 'help' {
  const options: Options = { format: 'text', locale, quiet: false, hints: false, maxWarnings: -1, concurrency: 'auto', patterns: [] };
  const reader = new ArgReader(args);
  for (let arg = reader.next(); arg !== undefined; arg = reader.next()) {
    if ('bare' in arg) {
      options.patterns.push(arg.bare);
      continue;
    }
    const name = arg.option;
    if (name === '--format' || name === '-f') options.format = reader.oneOf(Object.keys(FORMATS));
    else if (name === '--locale') options.locale = toLocale(reader.value());
    else if (name === '--quiet') options.quiet = true;
    else if (name === '--hints') options.hints = true;
    else if (name === '--max-warnings') {
      const raw = reader.value() ?? '';
      if (!/^-?[0-9]{1,9}$/.test(raw) || Number(raw) < -1) {
        throw new UsageError({
          ko: `--max-warnings에는 0 이상의 정수(제한 없음: -1)를 쓰세요: ${raw}`,
          en: `--max-warnings takes an integer of 0 or more (-1: no limit): ${raw}`,
        });
      }
      options.maxWarnings = Number(raw);
    } else if (name === '--concurrency') {
      const raw = reader.value() ?? '';
      if (raw === 'auto' || raw === 'off') options.concurrency = raw;
      else if (/^[1-9][0-9]{0,2}$/.test(raw)) options.concurrency = Number(raw);
      else throw new UsageError({ ko: `--concurrency에는 auto, off 또는 양의 정수를 쓰세요: ${raw}`, en: `--concurrency takes auto, off or a positive integer: ${raw}` });
    } else if (name === '--help' || name === '-h') return 'help';
    else throw new UsageError({ ko: `알 수 없는 옵션: ${name} (이런 이름의 파일은 -- 뒤에 쓰세요)`, en: `unknown option: ${name} (name a file like that after --)` });
  }
  if (options.patterns.length === 0) throw new UsageError({ ko: '검사할 파일을 지정하세요.', en: 'name the files to check.' });
  return options;
}

async function main(argv: string[]): Promise<number> {
  const locale = toLocale(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG);
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) {
    process.stdout.write(localize(USAGE, locale) + '\n');
    return command === undefined ? 2 : 0;
  }
  // The simulator (with its WebSocket and YAML libraries) is loaded only for the commands that run it: `lint`
  // on a tree of files starts without it.
  if (command === 'call') return (await import('./call')).runCallCommand(rest, locale);
  if (command === 'test') return (await import('./test')).runTestCommand(rest, locale);
  if (command === 'flow') return runFlowCommand(rest, locale);
  if (command !== 'lint') return usageError({ ko: `알 수 없는 명령: ${command}`, en: `unknown command: ${command}` }, USAGE, locale);
  let options: Options;
  try {
    const parsed = parseArguments(rest, locale);
    if (parsed === 'help') {
      process.stdout.write(localize(USAGE, locale) + '\n');
      return 0;
    }
    options = parsed;
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.text, USAGE, locale);
    throw error;
  }
  const cwd = process.cwd();
  const note = (message: Localized, args: string[] = []): void => void process.stderr.write(`voiceml: ${printable(localize(message, options.locale, args))}\n`);

  let failed = false;
  const { files, unmatched, skipped } = await lintTargets(options.patterns, cwd);
  for (const pattern of unmatched) {
    note({ ko: '일치하는 파일이 없습니다: {0}', en: 'no files match {0}' }, [pattern]);
    failed = true;
  }
  if (skipped.length > 0) note(skippedNote(skipped));

  // The call flow of the files checked: the flow rules judge each file's URLs against the routes of all of them.
  const workspace = await indexFiles(files.filter(registersRoutes), cwd, () => undefined);
  const format = FORMATS[options.format]!({ locale: options.locale, cwd, version: VERSION });
  const output = stdoutOutput();
  const end: ReportEnd = { files: 0, counts: noCounts(), failures: [], skipped: [] };
  const report = (outcome: FileOutcome): Promise<void> | undefined => {
    if (outcome.failure || outcome.skipped) {
      const reason = localize((outcome.failure ?? outcome.skipped)!, options.locale);
      const flushed = output.flush();
      note({ ko: '{0}: {1}', en: '{0}: {1}' }, [outcome.file, reason]);
      // A file that is no regular file (a FIFO, a device) is skipped, not failed: a glob may well match one.
      if (outcome.skipped) end.skipped.push({ file: outcome.file, reason });
      else {
        end.failures.push({ file: outcome.file, reason });
        failed = true;
      }
      return flushed;
    }
    const diagnostics = shown(outcome.diagnostics ?? [], options);
    addCounts(end.counts, diagnostics);
    return output.write(format.file({ file: outcome.file, diagnostics }, end.files++ === 0));
  };
  // Worker threads start as this process did: from the command beside this bundle, which reads the code cache.
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'voiceml.js');
  await checkFiles(files, { locale: options.locale, concurrency: options.concurrency, entry, workspace, report });
  const written = await output.end(format.end(end));
  if (written !== 'written' && written !== 'closed') {
    note({ ko: '보고서를 쓸 수 없습니다: {0}', en: 'cannot write the report: {0}' }, [written]);
    failed = true;
  }

  const counts = end.counts;
  const tooManyWarnings = options.maxWarnings >= 0 && counts.warning > options.maxWarnings;
  if (tooManyWarnings) note({ ko: '경고가 너무 많습니다: {0}개 (최대 {1}개)', en: 'too many warnings: {0} (maximum {1})' }, [String(counts.warning), String(options.maxWarnings)]);
  return failed ? 2 : counts.error > 0 || tooManyWarnings ? 1 : 0;
}

/**
 * The diagnostics to report: as ESLint's --quiet, errors only (the rest neither shown nor counted against
 * --max-warnings); hints only with --hints (advice for porting from TwiML, not problems).
 */
function shown(diagnostics: Diagnostic[], options: Options): Diagnostic[] {
  const worst = options.quiet ? DiagnosticSeverity.Error : options.hints ? DiagnosticSeverity.Hint : DiagnosticSeverity.Information;
  return diagnostics.filter((d) => (d.severity ?? DiagnosticSeverity.Error) <= worst);
}

/** One note for the files of languages no host reads: how many, and of which kinds. */
function skippedNote(skipped: readonly string[]): Localized {
  const kinds = new Map<string, number>();
  for (const file of skipped) {
    const name = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
    const dot = name.lastIndexOf('.');
    const kind = dot > 0 ? name.slice(dot).toLowerCase() : name;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  const list = [...kinds].map(([kind, count]) => `${kind} ${count}`).join(', ');
  const one = skipped.length === 1 ? skipped[0]! : undefined;
  return one
    ? { ko: `건너뜀: ${one} (voiceml이 읽지 않는 종류의 파일)`, en: `skipped ${one}: not a kind of file voiceml reads` }
    : { ko: `voiceml이 읽지 않는 종류의 파일 ${skipped.length}개를 건너뛰었습니다 (${list})`, en: `skipped ${skipped.length} files of kinds voiceml does not read (${list})` };
}

declare const VERSION: string;

if (isLintWorker()) {
  runLintWorker();
} else {
  // stderr may be closed too (`2>&-`, a reader gone): what cannot be said is not worth a crash.
  process.stderr.on('error', () => undefined);
  const argv = process.argv.slice(2);
  main(argv).then(
    (code) => {
      process.exitCode = code;
      // `lint` is done once its report is written (`Output.end` waits for it) and leaves nothing running: the
      // process ends here, when what it wrote to stderr is out too, rather than winding down, which waits for the
      // compiler's queued background work and takes the heap apart (2–3 % of a run over 2 000 small files).
      if (argv[0] === 'lint') process.stderr.write('', () => process.exit(code));
    },
    (error: unknown) => {
      process.stderr.write(`voiceml: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
