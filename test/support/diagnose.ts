/** Test helpers: run the language service on a text and describe its diagnostics compactly. */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService, type ValidationSettings } from '../../server/src/languageService';

export interface Found {
  /** The rule's name (the diagnostic's code). */
  rule: string;
  /** The document text the diagnostic's range covers. */
  at: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  diagnostic: Diagnostic;
}

const SEVERITIES = ['error', 'error', 'warning', 'information', 'hint'] as const;

let counter = 0;
export function diagnose(text: string, options: { languageId?: string; locale?: string; settings?: ValidationSettings } = {}): Found[] {
  const document = TextDocument.create(`file:///test/${++counter}.xml`, options.languageId ?? 'xml', 1, text);
  const service = getLanguageService({ locale: 'locale' in options ? options.locale : 'en' });
  return service.doValidation(document, options.settings).map((d) => ({
    rule: String(d.code),
    at: document.getText(d.range),
    severity: SEVERITIES[d.severity ?? 1]!,
    message: typeof d.message === 'string' ? d.message : d.message.value,
    diagnostic: d,
  }));
}

/** `[rule, text under the range]` pairs, sorted, for exact comparisons. */
export function summary(found: Found[]): [string, string][] {
  return found.map((f) => [f.rule, f.at] as [string, string]).sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]));
}

export const wrap = (body: string): string => `<?xml version="1.0" encoding="UTF-8"?>\n<Response>\n${body}\n</Response>\n`;
