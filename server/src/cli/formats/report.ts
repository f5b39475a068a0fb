/**
 * What every output format gets: each checked file with the diagnostics to show, as soon as it and the files
 * before it are checked, then the totals and the files that failed.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { Locale } from '../../l10n';

/** A file checked, with the diagnostics to report (after `--quiet` and `--hints`). */
export interface FileResult {
  file: string;
  diagnostics: Diagnostic[];
}

/** What a run knows before its first file. */
export interface RunInfo {
  locale: Locale;
  /** The directory relative paths are relative to. */
  cwd: string;
  /** The tool's version, for formats that record it. */
  version: string;
}

/** What the report ends with, once every file is checked. */
export interface ReportEnd {
  /** How many files were checked, and their diagnostics (those reported) by severity. */
  files: number;
  counts: Record<SeverityName, number>;
  /** Files that could not be read, with the reason in the run's locale. */
  failures: { file: string; reason: string }[];
  /** Files not read on purpose (not regular files: a FIFO, a device), with the reason in the run's locale. */
  skipped: { file: string; reason: string }[];
}

/**
 * An output format, one for each run. Its text is written as the files are checked — each file's as soon as the
 * files before it are, in file order — so a tree of many thousand files is not held to be printed at the end,
 * and a reader sees the first findings while the rest are being checked.
 */
export interface Formatter {
  /** The text for one file (`first`: the first file of the run); may be empty. */
  file(result: FileResult, first: boolean): string;
  /** The text after the last file. */
  end(report: ReportEnd): string;
}

export type Format = (run: RunInfo) => Formatter;

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

/** No diagnostics yet, by severity. */
export function noCounts(): Record<SeverityName, number> {
  return { error: 0, warning: 0, info: 0, hint: 0 };
}

/** Adds `diagnostics` to `counts`, by severity. */
export function addCounts(counts: Record<SeverityName, number>, diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) counts[severityName(d)]++;
}
