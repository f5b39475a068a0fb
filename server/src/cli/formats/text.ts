/** `--format text` (the default): `file:line:col severity message [code]`, one per line, then the counts. */
import { localize } from '../../l10n';
import { countBySeverity, messageText, severityName, type Formatter } from './report';

export const text: Formatter = (report) => {
  const lines: string[] = [];
  for (const r of report.results) {
    for (const d of r.diagnostics) {
      lines.push(`${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severityName(d)} ${messageText(d)} [${d.code}]`);
    }
  }
  const counts = countBySeverity(report.results);
  lines.push(
    localize(
      { ko: '파일 {0}개 검사: 오류 {1}, 경고 {2}, 정보 {3}, 힌트 {4}', en: '{0} files checked: {1} errors, {2} warnings, {3} infos, {4} hints' },
      report.locale,
      [String(report.results.length), String(counts.error), String(counts.warning), String(counts.info), String(counts.hint)],
    ),
  );
  return lines.join('\n') + '\n';
};
