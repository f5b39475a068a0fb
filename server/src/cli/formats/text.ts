/**
 * `--format text` (the default): `file:line:col severity message [code]`, one per line, then the counts
 * (`1 file checked: 1 error, 2 warnings`). Everything from a file (its name, values in messages) is printed
 * with its control characters escaped (`printable`).
 */
import type { Locale } from '../../l10n';
import { messageText, printable, severityName, type Format, type SeverityName } from './report';

export const text: Format = ({ locale }) => ({
  file: (r) => {
    let lines = '';
    for (const d of r.diagnostics) {
      lines += printable(`${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${severityName(d)} ${messageText(d)} [${d.code}]`) + '\n';
    }
    return lines;
  },
  end: (report) => summary(report.files, report.counts, locale) + '\n',
});

/** Korean counts with 개; English ones in the singular for one. */
const NOUNS: Record<SeverityName | 'file', { ko: string; en: [string, string] }> = {
  file: { ko: '파일', en: ['file', 'files'] },
  error: { ko: '오류', en: ['error', 'errors'] },
  warning: { ko: '경고', en: ['warning', 'warnings'] },
  info: { ko: '정보', en: ['info', 'infos'] },
  hint: { ko: '힌트', en: ['hint', 'hints'] },
};

const counted = (n: number, noun: keyof typeof NOUNS, locale: Locale): string =>
  locale === 'ko' ? `${NOUNS[noun].ko} ${n}개` : `${n} ${NOUNS[noun].en[n === 1 ? 0 : 1]}`;

/** `1 file checked: 1 error, 2 warnings`; the kinds there are none of are left out, `no problems` when all. */
function summary(files: number, counts: Record<SeverityName, number>, locale: Locale): string {
  const found = (Object.keys(counts) as SeverityName[]).filter((kind) => counts[kind] > 0).map((kind) => counted(counts[kind], kind, locale));
  const what = found.length > 0 ? found.join(', ') : locale === 'ko' ? '문제 없음' : 'no problems';
  return locale === 'ko' ? `${counted(files, 'file', locale)} 검사: ${what}` : `${counted(files, 'file', locale)} checked: ${what}`;
}
