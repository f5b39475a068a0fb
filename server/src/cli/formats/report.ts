/** What every output format gets: the checked files with the diagnostics to show, and the files that failed. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { Locale } from '../../l10n';

export interface Report {
  /** Every file checked, sorted, with the diagnostics to report (after `--quiet` and `--hints`). */
  results: { file: string; diagnostics: Diagnostic[] }[];
  /** Files that could not be read, with the reason in `locale`. */
  failures: { file: string; reason: string }[];
  /** Files not read on purpose (not regular files: a FIFO, a device), with the reason in `locale`. */
  skipped: { file: string; reason: string }[];
  locale: Locale;
  /** The directory relative paths are relative to. */
  cwd: string;
  /** The tool's version, for formats that record it. */
  version: string;
}

export type Formatter = (report: Report) => string;

export type SeverityName = 'error' | 'warning' | 'info' | 'hint';

const NAMES: Record<DiagnosticSeverity, SeverityName> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

export function severityName(diagnostic: Diagnostic): SeverityName {
  return NAMES[diagnostic.severity ?? DiagnosticSeverity.Error];
}

/** A diagnostic's message as plain text (LSP allows Markdown there; ours are plain). */
export function messageText(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/**
 * `text` safe to print on a terminal: control characters (C0, DEL, C1), line and paragraph separators and the
 * bidirectional overrides are written as escapes (`\n`, `\x1b`, `\u202e`). A file name or a value from a
 * file holding them could otherwise move the cursor, recolour or clear the terminal, or make a line read
 * other than it is (`a\u202eLMX.xml`).
 */
export function printable(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const unsafe = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
    if (!unsafe) continue;
    out += text.slice(from, i) + escapeOf(c);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

const SHORT_ESCAPES: Record<number, string> = { 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' };

function escapeOf(c: number): string {
  return SHORT_ESCAPES[c] ?? (c <= 0xff ? `\\x${c.toString(16).padStart(2, '0')}` : `\\u${c.toString(16).padStart(4, '0')}`);
}

export function countBySeverity(results: Report['results']): Record<SeverityName, number> {
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of results) for (const d of r.diagnostics) counts[severityName(d)]++;
  return counts;
}
