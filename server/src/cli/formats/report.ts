/** What every output format gets: the checked files with the diagnostics to show, and the files that failed. */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { Locale } from '../../l10n';

export interface Report {
  /** Every file checked, sorted, with the diagnostics to report (after `--quiet`). */
  results: { file: string; diagnostics: Diagnostic[] }[];
  /** Files that could not be read, with the reason in `locale`. */
  failures: { file: string; reason: string }[];
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

export function countBySeverity(results: Report['results']): Record<SeverityName, number> {
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of results) for (const d of r.diagnostics) counts[severityName(d)]++;
  return counts;
}
