/**
 * Judges a response as the platform would before running it: the HTTP status, the Content-Type, the size
 * budget (all from `schemas/webhook.json`), then every diagnostic of our rules, through the language
 * service the editor uses. Any error stops the call.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { groupDigits, localize, type Locale } from '../l10n';
import type { LanguageService } from '../languageService';
import type { XmlElement } from '../parser';
import type { Finding, Severity } from './events';
import type { Exchange } from './request';
import { gist, lineAt } from './text';
import { webhook } from '../model/webhook';

export interface Verdict {
  findings: Finding[];
  /** The `<Response>` to run; absent when an error stops the call. */
  root?: XmlElement;
}

const SEVERITIES: Record<DiagnosticSeverity, Severity> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

let documents = 0;

export function judge(exchange: Exchange, service: LanguageService, locale: Locale): Verdict {
  const response = exchange.response;
  if (!response) {
    const why =
      exchange.errorCode === 'ECONNREFUSED'
        ? localize({ ko: '{0}에서 기다리는 서버가 없습니다 (연결 거부)', en: 'connection refused: nothing listens on {0}' }, locale, [new URL(exchange.url).host])
        : (exchange.error ?? '?');
    return { findings: [{ severity: 'error', code: 'request-failed', message: localize({ ko: '요청 실패: {0}', en: 'request failed: {0}' }, locale, [why]) }] };
  }
  const path = new URL(exchange.url).pathname;
  if (response.status < 200 || response.status > 299) {
    const said = gist(response.body);
    return {
      findings: [
        {
          severity: 'error',
          code: 'http-status',
          message: localize(
            { ko: '{0} {1} 응답이 {2} {3}입니다{4}. 플랫폼은 2xx 응답의 VoiceML만 실행합니다.', en: '{0} {1} answered {2} {3}{4}. The platform runs VoiceML from a 2xx response only.' },
            locale,
            [exchange.method, path, String(response.status), response.statusText, said ? ` (${said})` : ''],
          ),
        },
      ],
    };
  }
  const findings: Finding[] = [];
  const mediaType = response.contentType.split(';')[0]!.trim().toLowerCase();
  if (mediaType !== webhook.response.contentType) {
    findings.push({
      severity: 'error',
      code: 'content-type',
      message: localize(
        {
          ko: '{0} {1} 응답의 Content-Type이 {2}입니다. 웹훅 서버는 Content-Type: {3} 헤더와 함께 VoiceML을 반환해야 합니다.',
          en: 'The response of {0} {1} has Content-Type {2}. A webhook must return VoiceML with the header Content-Type: {3}.',
        },
        locale,
        [exchange.method, path, response.contentType || localize({ ko: '(없음)', en: '(none)' }, locale), webhook.response.contentType],
      ),
    });
  }
  if (response.overBudget) {
    findings.push({
      severity: 'error',
      code: 'response-size',
      message: localize(
        { ko: '{0} {1} 응답이 {2} 바이트(64 KB)를 넘습니다. 그 이상은 읽지 않았습니다.', en: 'The response of {0} {1} is larger than {2} bytes (64 KB); it was not read further.' },
        locale,
        [exchange.method, path, groupDigits(webhook.response.maxBytes)],
      ),
    });
    return { findings };
  }
  const document = TextDocument.create(`voiceml-call:/response/${++documents}`, 'voiceml', 0, response.body);
  for (const diagnostic of service.doValidation(document)) findings.push(toFinding(diagnostic, response.body));
  const root = service.getRegions(document)[0]?.xml.root;
  service.forget(document.uri);
  findings.sort((a, b) => rank(a.severity) - rank(b.severity));
  return findings.some((f) => f.severity === 'error') ? { findings } : { findings, root };
}

function toFinding(d: Diagnostic, body: string): Finding {
  return {
    severity: SEVERITIES[d.severity ?? DiagnosticSeverity.Error],
    code: String(d.code ?? ''),
    message: typeof d.message === 'string' ? d.message : (d.message as { value: string }).value,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    source: lineAt(body, d.range.start.line)?.slice(0, 500),
  };
}

function rank(severity: Severity): number {
  return ['error', 'warning', 'info', 'hint'].indexOf(severity);
}
