/** `--format json`: one entry per checked file, positions 1-based (columns in UTF-16 code units, as editors count). */
import { messageText, severityName, type Formatter } from './report';

export const json: Formatter = (report) =>
  JSON.stringify(
    report.results.map((r) => ({
      file: r.file,
      diagnostics: r.diagnostics.map((d) => ({
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: severityName(d),
        code: d.code,
        message: messageText(d),
      })),
    })),
    null,
    2,
  ) + '\n';
