/**
 * Limits that keep the server responsive on files nobody writes by hand. A VoiceML response is a few KB; a
 * 50 MB file takes seconds and a gigabyte of memory to parse and check on every keystroke, and a binary file
 * opened as XML yields a syntax error every few bytes. Such files are answered, not checked in full:
 * - over `voiceml.maxFileSize` MB a document is not parsed at all, and one information diagnostic says why;
 * - at most `MAX_PUBLISHED_DIAGNOSTICS` findings are kept per document, the first by position, then one
 *   diagnostic says how many more there were; the others are only counted, never converted or kept.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { groupDigits, localize, type Localized, type Locale } from '../l10n';
import { MAX_PARSE_ERRORS } from '../parser/parser';
import { SETTINGS_DOCUMENTATION_URL } from '../rules/documentation';
import { DIAGNOSTIC_SOURCE } from './diagnostics';

/** The default of `voiceml.maxFileSize`, in MB. Well above any response, and checked in well under a second. */
export const DEFAULT_MAX_FILE_SIZE_MB = 20;

/**
 * Diagnostics published for one document at most; the rest are summed up in one more. The parser keeps as
 * many well-formedness errors (`MAX_PARSE_ERRORS`).
 */
export const MAX_PUBLISHED_DIAGNOSTICS = MAX_PARSE_ERRORS;

const MB = 1024 * 1024;

/**
 * The default of `voiceml.maxItemsComputed`: outline symbols, folding ranges and quick fixes computed per
 * request at most, as VS Code's JSON server (`json.maxItemsComputed`). Beyond it the server says so once.
 */
export const DEFAULT_MAX_ITEMS_COMPUTED = 5000;

/**
 * How deep an answer nests at most: outline levels, selection-range steps. A 20 000-deep document is valid
 * XML, but no one reads an outline 20 000 levels deep, JSON readers of editors stop earlier (Neovim's at 1000
 * levels; each outline level is two), and serializing one overflows the stack of the server.
 */
export const MAX_RESULT_DEPTH = 200;

/** How many items a feature computes at most, and who hears when a document has more. */
export interface ResultLimit {
  /** Items at most (outline symbols, folding ranges, quick fixes); default `DEFAULT_MAX_ITEMS_COMPUTED`. */
  resultLimit?: number;
  /** Called when an answer was cut at the limit (or, for the outline, at `MAX_RESULT_DEPTH`). */
  onResultLimitExceeded?: (uri: string) => void;
}

/** The limit to apply: the setting when it is a positive integer, else the default. */
export function resultLimitOf(limits: ResultLimit | undefined): number {
  const limit = limits?.resultLimit;
  return typeof limit === 'number' && Number.isInteger(limit) && limit > 0 ? limit : DEFAULT_MAX_ITEMS_COMPUTED;
}

/** The code of the diagnostic for a document too large to check; not a rule (no setting turns it off). */
export const MAX_FILE_SIZE_CODE = 'max-file-size';
/** The code of the diagnostic saying how many more were left out; not a rule either. */
export const TOO_MANY_PROBLEMS_CODE = 'too-many-problems';
/** Both link to the README's settings, where `voiceml.maxFileSize` and the cap are explained. */
const LIMITS_DESCRIPTION = { href: SETTINGS_DOCUMENTATION_URL };
export const MAX_FILE_SIZE_DESCRIPTION: Localized = {
  ko: 'voiceml.maxFileSize보다 큰 문서는 검사하지 않습니다.',
  en: 'Documents larger than voiceml.maxFileSize are not checked.',
};

/**
 * The size limit in characters (UTF-16 code units, what parsing time and memory grow with) for a setting in
 * MB; `0` (or a negative or non-numeric setting) means no limit.
 */
export function maxFileSizeInCharacters(megabytes: number | undefined): number {
  const mb = megabytes ?? DEFAULT_MAX_FILE_SIZE_MB;
  return typeof mb === 'number' && Number.isFinite(mb) && mb > 0 ? Math.floor(mb * MB) : Infinity;
}

/**
 * The diagnostic for a document too large to check, given to documents that look like they hold VoiceML
 * (`Host.mayBeVoiceML`: an `.xml` data dump of 50 MB or a minified bundle gets none).
 */
export function tooLargeDiagnostic(document: TextDocument, limit: number, locale: Locale): Diagnostic {
  const size = (document.getText().length / MB).toFixed(1);
  const max = String(Math.round((limit / MB) * 10) / 10);
  return limitDiagnostic(
    {
      ko: '이 문서는 약 {0} MB로 voiceml.maxFileSize({1} MB)보다 커서 VoiceML 검사를 하지 않았습니다. 검사하려면 이 설정을 늘리세요 (0이면 제한 없음).',
      en: 'This document is about {0} MB, larger than voiceml.maxFileSize ({1} MB), so it was not checked as VoiceML. Raise the setting to check it (0: no limit).',
    },
    [size, max],
    MAX_FILE_SIZE_CODE,
    locale,
  );
}

/** The code of the diagnostic for webhook code too large for the call flow to read; not a rule either. */
export const FLOW_SIZE_CODE = 'flow-size';

/**
 * The diagnostic for a file of webhook code with VoiceML that is over the size the call flow reads
 * (`MAX_INDEXED_SIZE`): its VoiceML is checked, but its routes and handlers are not read, so the rules on the
 * call flow say nothing about it — which the user would otherwise take for a clean bill of health.
 */
export function flowSizeDiagnostic(document: TextDocument, limit: number, locale: Locale): Diagnostic {
  return limitDiagnostic(
    {
      ko: '이 파일은 {0}자로, 통화 흐름이 읽는 크기({1}자)보다 커서 라우트와 핸들러를 읽지 않았습니다. VoiceML은 검사했지만 통화 흐름 규칙(없는 라우트, 보내지 않는 파라미터 등)은 이 파일에 적용하지 않았습니다. 라우트를 더 작은 파일로 나누면 검사됩니다.',
      en: 'This file has {0} characters, more than the {1} the call flow reads, so its routes and handlers were not read. Its VoiceML is checked, but the call-flow rules (unknown routes, parameters not sent, …) were not applied to it. Split the routes into smaller files to have them checked.',
    },
    [groupDigits(document.getText().length), groupDigits(limit)],
    FLOW_SIZE_CODE,
    locale,
  );
}

/**
 * The diagnostic that ends a document's list when validation kept only the first `shown` findings: how many
 * more there were at most (they are neither converted nor published: the cap comes first, see `findProblems`;
 * some of them may have been left out as redundant, which only a look at each would tell).
 */
export function tooManyProblemsDiagnostic(shown: number, omitted: number, locale: Locale): Diagnostic {
  return limitDiagnostic(
    {
      ko: '문제가 너무 많아 처음 {0}개만 표시합니다. 표시하지 않은 문제가 최대 {1}개 더 있습니다. 바이너리 파일이거나 XML이 아닌 파일일 수 있습니다.',
      en: 'Too many problems: showing the first {0}; up to {1} more are not shown. The file may be binary or not XML at all.',
    },
    [String(shown), String(omitted)],
    TOO_MANY_PROBLEMS_CODE,
    locale,
  );
}

/** An information at the document's start, from a limit rather than a rule: linked to the README's settings. */
function limitDiagnostic(message: Localized, args: string[], code: string, locale: Locale): Diagnostic {
  const diagnostic = Diagnostic.create(
    { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    localize(message, locale, args),
    DiagnosticSeverity.Information,
    code,
    DIAGNOSTIC_SOURCE,
  );
  diagnostic.codeDescription = LIMITS_DESCRIPTION;
  return diagnostic;
}
