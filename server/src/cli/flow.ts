/**
 * `voiceml flow [paths]`: the call flow of a webhook app as a graph — routes with the verbs they answer with,
 * and the steps between them (Gather, Record and Dial actions, Redirects), each labelled by its verb and by the
 * digit or status the handler's code tests. Mermaid (default), Graphviz DOT, or JSON (`docs/call-flow.md`).
 * Reads the files named (a folder: every file a host reads under it) with the index the editor uses; runs
 * none of their code. Exit codes: 0, or 2 for usage and file problems.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { groupDigits, localize, toLocale, type Locale, type Localized } from '../l10n';
import { FlowIndex, MAX_INDEXED_SIZE } from '../flow/index';
import { buildGraph, toDot, toMermaid } from '../flow/graph';
import { isIndexable } from '../flow/files';
import { ArgReader, UsageError, usageError } from './args';
import { languageIdOf, lintTargets, readSource } from './files';
import { hostFor } from '../hosts';

export const FLOW_USAGE: Localized = {
  ko: `사용법: voiceml flow [옵션] [파일, 디렉터리 또는 glob...]
  웹훅 앱의 통화 흐름을 그래프로 출력합니다: 라우트와 그 응답의 동사, 그리고 라우트 사이의 단계
  (Gather·Record·Dial의 action, Redirect). 단계마다 동사와, 핸들러 코드가 확인하는 숫자나 상태가 붙습니다.
  경로를 쓰지 않으면 현재 폴더입니다. 폴더는 그 아래의 JS/TS, Python, VoiceML 파일 모두입니다 (node_modules, dist 제외).
  코드를 실행하지 않고 읽기만 합니다.
  -f, --format mermaid|dot|json   출력 형식 (기본 mermaid; json 형식은 docs/call-flow.md)
  --locale ko|en                  메시지 언어 (기본: LANG에서)
  종료 코드: 0, 사용법·파일 문제는 2.`,
  en: `usage: voiceml flow [options] [files, directories or globs...]
  Prints a webhook app's call flow as a graph: the routes with the verbs they answer with, and the steps between
  them (Gather, Record and Dial actions, Redirects), each labelled by its verb and by the digit or status the
  handler's code tests. Without paths, the current folder; a folder means every JS/TS, Python and VoiceML file
  under it (not node_modules or dist). The code is read, never run.
  -f, --format mermaid|dot|json   output format (default mermaid; the json format is in docs/call-flow.md)
  --locale ko|en                  message language (default: from LANG)
  Exit code: 0, or 2 for usage and file problems.`,
};

const FORMATS = ['mermaid', 'dot', 'json'] as const;

export async function runFlowCommand(args: readonly string[], defaultLocale: Locale): Promise<number> {
  let locale = defaultLocale;
  let format: (typeof FORMATS)[number] = 'mermaid';
  const patterns: string[] = [];
  try {
    const reader = new ArgReader(args);
    for (let arg = reader.next(); arg; arg = reader.next()) {
      if ('bare' in arg) {
        patterns.push(arg.bare);
        continue;
      }
      const name = arg.option;
      if (name === '--locale') locale = toLocale(reader.value());
      else if (name === '--format' || name === '-f') format = reader.oneOf(FORMATS);
      else if (name === '--help' || name === '-h') {
        process.stdout.write(localize(FLOW_USAGE, locale) + '\n');
        return 0;
      } else throw new UsageError({ ko: `알 수 없는 옵션: ${name}`, en: `unknown option: ${name}` });
    }
  } catch (error) {
    if (error instanceof UsageError) return usageError(error.text, FLOW_USAGE, locale);
    throw error;
  }

  const cwd = process.cwd();
  let failed = false;
  const complain = (text: string): void => {
    process.stderr.write(`voiceml: ${text}\n`);
    failed = true;
  };
  const { files, unmatched, skipped } = await lintTargets(patterns.length > 0 ? patterns : ['.'], cwd);
  for (const pattern of unmatched) complain(localize({ ko: '일치하는 파일이 없습니다: {0}', en: 'no files match {0}' }, locale, [pattern]));
  // A path named that is of no kind the index reads is left out; one that does not exist is a mistake.
  for (const file of skipped) if (!existsSync(path.resolve(cwd, file))) complain(localize({ ko: '{0}: 파일이 없습니다', en: '{0}: no such file' }, locale, [file]));
  const index = await indexFiles(
    files,
    cwd,
    (file, reason) => complain(`${file}: ${localize(reason, locale)}`),
    // Not a failure: the graph is drawn without it, and the user is told why its routes are missing.
    (file) => process.stderr.write(`voiceml: ${localize(NOT_READ_FOR_THE_FLOW, locale, [file, groupDigits(MAX_INDEXED_SIZE)])}\n`),
  );
  const graph = buildGraph(index, cwd.split(path.sep).join('/'));
  process.stdout.write(format === 'json' ? JSON.stringify(graph, null, 2) + '\n' : format === 'dot' ? toDot(graph) : toMermaid(graph));
  return failed ? 2 : 0;
}

/** Can the file register routes (is it of a host that reads them: JS/TS, Python)? */
export function registersRoutes(file: string): boolean {
  const languageId = languageIdOf(file);
  return languageId !== undefined && hostFor(languageId)?.readRoutes !== undefined;
}

/** What `voiceml flow` says of a file over the size the call flow reads (`MAX_INDEXED_SIZE`). */
const NOT_READ_FOR_THE_FLOW: Localized = {
  ko: '{0}: {1}자보다 커서 통화 흐름에 넣지 않았습니다 (그 라우트와 단계는 그래프에 없습니다)',
  en: '{0}: more than {1} characters, not read for the call flow (its routes and steps are not in the graph)',
};

/**
 * An index of `files` (paths relative to `cwd`), read from disk; `problem` hears of each file that cannot be
 * read, `tooLarge` of each one over the size the index reads (`MAX_INDEXED_SIZE`).
 */
export async function indexFiles(
  files: readonly string[],
  cwd: string,
  problem: (file: string, reason: Localized) => void,
  tooLarge: (file: string) => void = () => undefined,
): Promise<FlowIndex> {
  const index = new FlowIndex();
  for (const file of files) {
    if (!isIndexable(file)) continue;
    const read = readSource(file);
    if (!read.ok) {
      problem(file, read.reason);
      continue;
    }
    if (read.text.length > MAX_INDEXED_SIZE) {
      tooLarge(file);
      continue;
    }
    index.update(pathToFileURL(path.resolve(cwd, file)).href, read.text, languageIdOf(file) ?? 'xml');
  }
  index.work(Infinity);
  return index;
}
