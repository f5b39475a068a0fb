/**
 * `--format json`: one entry per checked file, positions 1-based (columns in UTF-16 code units, as editors count).
 * The array is written entry by entry, as `JSON.stringify(entries, null, 2)` would write it whole.
 */
import type { Diagnostic } from 'vscode-languageserver-types';
import { messageText, severityName, type FileResult, type Format } from './report';

export const json: Format = () => ({
  file: (r, first) => `${first ? '[' : ','}\n  ${entry(r)}`,
  end: (report) => (report.files === 0 ? '[]\n' : '\n]\n'),
});

/**
 * One file's entry, as `JSON.stringify({ file, diagnostics: [{ line, column, endLine, endColumn, severity, code,
 * message }] }, null, 2)` writes it, indented to stand in the array. Written out here, with `JSON.stringify`
 * for each string: stringifying an object of each file and indenting the lines again was a fiftieth of a run
 * over 2 000 small files, most of them clean.
 */
export function entry(r: FileResult): string {
  const file = `{\n    "file": ${JSON.stringify(r.file)},\n    "diagnostics": `;
  if (r.diagnostics.length === 0) return `${file}[]\n  }`;
  return `${file}[\n${r.diagnostics.map(diagnosticEntry).join(',\n')}\n    ]\n  }`;
}

function diagnosticEntry(d: Diagnostic): string {
  // As `JSON.stringify` leaves out a property whose value is undefined.
  const code = d.code === undefined ? '' : `        "code": ${JSON.stringify(d.code)},\n`;
  return (
    `      {\n        "line": ${d.range.start.line + 1},\n        "column": ${d.range.start.character + 1},\n` +
    `        "endLine": ${d.range.end.line + 1},\n        "endColumn": ${d.range.end.character + 1},\n` +
    `        "severity": "${severityName(d)}",\n${code}        "message": ${JSON.stringify(messageText(d))}\n      }`
  );
}
