/**
 * `--format json`: one entry per checked file, positions 1-based (columns in UTF-16 code units, as editors count).
 * The array is written entry by entry, as `JSON.stringify(entries, null, 2)` would write it whole.
 */
import { messageText, severityName, type FileResult, type Format } from './report';

export const json: Format = () => ({
  file: (r, first) => `${first ? '[' : ','}\n  ${JSON.stringify(entry(r), null, 2).replaceAll('\n', '\n  ')}`,
  end: (report) => (report.files === 0 ? '[]\n' : '\n]\n'),
});

function entry(r: FileResult): object {
  return {
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
  };
}
