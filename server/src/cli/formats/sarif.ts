/**
 * `--format sarif`: SARIF 2.1.0, the format code scanning services read (GitHub, GitLab, Azure DevOps). One run;
 * the driver lists every rule with its description, default level and documentation page (`helpUri`), so a
 * result's `ruleIndex` points at it. Rule ids are the plain rule names, as ESLint prints its own rules'.
 * Columns count UTF-16 code units (`columnKind`), as the language server does; paths are relative to the
 * working directory (`%SRCROOT%`), so the results line up with the repository wherever CI checked it out.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { localize, type Localized } from '../../l10n';
import { rules, type Severity } from '../../rules';
import { CLI_DOCUMENTATION_URL, ruleDocumentationUrl, SETTINGS_DOCUMENTATION_URL } from '../../rules/documentation';
import { MAX_FILE_SIZE_CODE, MAX_FILE_SIZE_DESCRIPTION, TOO_MANY_PROBLEMS_CODE } from '../../services/limits';
import { INVALID_ENCODING_CODE } from '../run';
import { messageText, type Format, type ReportEnd, type RunInfo } from './report';

type Level = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, Level> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

const DIAGNOSTIC_LEVEL: Record<DiagnosticSeverity, Level> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'note',
  [DiagnosticSeverity.Hint]: 'note',
};

interface Descriptor {
  id: string;
  name: string;
  description: Localized;
  level: Level;
  helpUri: string;
}

/** Every rule, then the codes that are not rules but can appear in results. */
function descriptors(): Descriptor[] {
  return [
    ...rules.map((r) => ({ id: r.name, name: r.name, description: r.description, level: LEVEL[r.severity], helpUri: ruleDocumentationUrl(r.name) })),
    { id: MAX_FILE_SIZE_CODE, name: MAX_FILE_SIZE_CODE, description: MAX_FILE_SIZE_DESCRIPTION, level: 'note' as const, helpUri: SETTINGS_DOCUMENTATION_URL },
    {
      id: TOO_MANY_PROBLEMS_CODE,
      name: TOO_MANY_PROBLEMS_CODE,
      description: { ko: '한 문서에 문제가 1000개를 넘으면 처음 1000개만 보고합니다.', en: 'Beyond 1000 problems in a document, only the first 1000 are reported.' },
      level: 'note' as const,
      helpUri: SETTINGS_DOCUMENTATION_URL,
    },
    {
      id: INVALID_ENCODING_CODE,
      name: INVALID_ENCODING_CODE,
      description: { ko: 'UTF-8(또는 XML 선언의 인코딩)으로 올바르게 읽을 수 없는 파일.', en: 'A file that is not valid UTF-8 (or the encoding its XML declaration names).' },
      level: 'error' as const,
      helpUri: CLI_DOCUMENTATION_URL,
    },
  ];
}

const SRCROOT = '%SRCROOT%';

/** A file as an artifact location: relative to the working directory when inside it, else an absolute URI. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
  return { uri: relative.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function region(d: Diagnostic): Record<string, number> {
  return {
    startLine: d.range.start.line + 1,
    startColumn: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
  };
}

/**
 * One JSON document, whose run records the files that could not be read before its results: written whole at
 * the end (for a code scanning service to read, not a person to watch), each file's results kept until then.
 */
export const sarif: Format = (run) => {
  const all = descriptors();
  const index = new Map(all.map((d, i) => [d.id, i]));
  const results: object[] = [];
  return {
    file(r) {
      for (const d of r.diagnostics) {
        const ruleId = String(d.code ?? '');
        const ruleIndex = index.get(ruleId);
        results.push({
          ruleId,
          ...(ruleIndex !== undefined ? { ruleIndex } : {}),
          level: DIAGNOSTIC_LEVEL[d.severity ?? DiagnosticSeverity.Error],
          message: { text: messageText(d) },
          locations: [{ physicalLocation: { artifactLocation: artifactLocation(r.file, run.cwd), region: region(d) } }],
        });
      }
      return '';
    },
    end: (report) => JSON.stringify(sarifLog(all, results, { ...run, ...report }), null, 2) + '\n',
  };
};

function sarifLog(all: readonly Descriptor[], results: readonly object[], report: RunInfo & ReportEnd): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'voiceml',
            version: report.version,
            rules: all.map((d) => ({
              id: d.id,
              name: d.name,
              shortDescription: { text: localize(d.description, report.locale) },
              fullDescription: { text: `${d.description.ko}\n${d.description.en}` },
              helpUri: d.helpUri,
              defaultConfiguration: { level: d.level },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: report.failures.length === 0,
            toolExecutionNotifications: [
              ...report.failures.map((f) => ({ level: 'error', file: f.file, reason: f.reason })),
              ...report.skipped.map((f) => ({ level: 'warning', file: f.file, reason: f.reason })),
            ].map(({ level, file, reason }) => ({
              level,
              message: { text: `${file}: ${reason}` },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(file, report.cwd) } }],
            })),
          },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(report.cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}
