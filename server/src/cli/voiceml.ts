/**
 * `voiceml lint <files or globs…>`: checks VoiceML files with the same language service the editor uses.
 *   --format text|json   output (default text: `file:line:col severity message [code]`)
 *   --locale ko|en       message language (default: from LANG, Korean unless English)
 * Exit code: 0 no errors, 1 errors found, 2 usage or file problems.
 */
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { glob, isDynamicPattern } from 'tinyglobby';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService } from '../languageService';
import { localize, toLocale, type Localized } from '../l10n';

const USAGE: Localized = {
  ko: `사용법: voiceml lint [--format text|json] [--locale ko|en] <파일 또는 glob...>
  VoiceML 파일(.xml, .voiceml)을 검사합니다. 오류가 있으면 종료 코드 1, 사용법·파일 문제는 2.`,
  en: `usage: voiceml lint [--format text|json] [--locale ko|en] <files or globs...>
  Checks VoiceML files (.xml, .voiceml). Exit code 1 when there are errors, 2 for usage or file problems.`,
};

const SEVERITY_NAME: Record<DiagnosticSeverity, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

interface FileResult {
  file: string;
  diagnostics: Diagnostic[];
}

async function main(argv: string[]): Promise<number> {
  let format = 'text';
  let locale = toLocale(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG);
  const patterns: string[] = [];
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === undefined) {
    process.stdout.write(localize(USAGE, locale) + '\n');
    return command === undefined ? 2 : 0;
  }
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (arg === '--format' || arg === '-f') format = rest[++i] ?? '';
    else if (arg.startsWith('--format=')) format = arg.slice('--format='.length);
    else if (arg === '--locale') locale = toLocale(rest[++i]);
    else if (arg.startsWith('--locale=')) locale = toLocale(arg.slice('--locale='.length));
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write(localize(USAGE, locale) + '\n');
      return 0;
    } else if (arg.startsWith('-')) return usageError(locale, { ko: `알 수 없는 옵션: ${arg}`, en: `unknown option: ${arg}` });
    else patterns.push(arg);
  }
  if (command !== 'lint') return usageError(locale, { ko: `알 수 없는 명령: ${command}`, en: `unknown command: ${command}` });
  if (format !== 'text' && format !== 'json') return usageError(locale, { ko: `지원하지 않는 형식: ${format}`, en: `unsupported format: ${format}` });
  if (patterns.length === 0) return usageError(locale, { ko: '검사할 파일을 지정하세요.', en: 'name the files to check.' });

  let failed = false;
  const files: string[] = [];
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) {
      const matches = await glob(pattern, { absolute: false, dot: false, ignore: ['**/node_modules/**'] });
      if (matches.length === 0) {
        process.stderr.write(`voiceml: ${localize({ ko: '일치하는 파일이 없습니다: {0}', en: 'no files match {0}' }, locale, [pattern])}\n`);
        failed = true;
      }
      files.push(...matches.sort());
    } else files.push(pattern);
  }

  const service = getLanguageService({ locale });
  const results: FileResult[] = [];
  for (const file of files) {
    let text: string;
    try {
      const info = await stat(file);
      if (info.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === 'ENOENT'
          ? { ko: '파일이 없습니다', en: 'no such file' }
          : code === 'EACCES'
            ? { ko: '읽을 권한이 없습니다', en: 'permission denied' }
            : code === 'EISDIR'
              ? { ko: '디렉터리입니다 (glob을 쓰세요, 예: "dir/**/*.xml")', en: 'is a directory (use a glob, e.g. "dir/**/*.xml")' }
              : { ko: '읽을 수 없습니다', en: 'cannot be read' };
      process.stderr.write(`voiceml: ${file}: ${localize(reason, locale)}\n`);
      failed = true;
      continue;
    }
    const languageId = /\.voiceml(\.xml)?$/i.test(file) ? 'voiceml' : 'xml';
    const document = TextDocument.create(pathToFileURL(path.resolve(file)).href, languageId, 0, text);
    results.push({ file, diagnostics: service.doValidation(document) });
  }

  if (format === 'json') {
    const json = results.map((r) => ({
      file: r.file,
      diagnostics: r.diagnostics.map((d) => ({
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error],
        code: d.code,
        message: d.message,
      })),
    }));
    process.stdout.write(JSON.stringify(json, null, 2) + '\n');
  } else {
    for (const r of results) {
      for (const d of r.diagnostics) {
        const severity = SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error];
        process.stdout.write(`${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severity} ${d.message} [${d.code}]\n`);
      }
    }
    const counts = countBySeverity(results);
    process.stdout.write(
      localize(
        { ko: '파일 {0}개 검사: 오류 {1}, 경고 {2}, 정보 {3}, 힌트 {4}', en: '{0} files checked: {1} errors, {2} warnings, {3} infos, {4} hints' },
        locale,
        [String(results.length), String(counts.error), String(counts.warning), String(counts.info), String(counts.hint)],
      ) + '\n',
    );
  }
  const errors = countBySeverity(results).error;
  return failed ? 2 : errors > 0 ? 1 : 0;
}

function countBySeverity(results: FileResult[]): Record<'error' | 'warning' | 'info' | 'hint', number> {
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of results) for (const d of r.diagnostics) counts[SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Error] as keyof typeof counts]++;
  return counts;
}

function usageError(locale: 'ko' | 'en', message: Localized): number {
  process.stderr.write(`voiceml: ${localize(message, locale)}\n${localize(USAGE, locale)}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`voiceml: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
