/** The webhook URL a call starts at: absolute, plain http, on this machine. */
import type { Localized } from '../l10n';
import { checkLocal } from './urls';

export function parseEntryUrlOrProblem(text: string): { url: URL } | { problem: Localized } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { problem: { ko: `웹훅 URL이 아닙니다 (예: http://127.0.0.1:3000/ivr/enter): ${text}`, en: `not a webhook URL (e.g. http://127.0.0.1:3000/ivr/enter): ${text}` } };
  }
  if (url.protocol !== 'http:') return { problem: { ko: `웹훅 URL은 http:// 로 쓰세요: ${text}`, en: `a webhook URL starts with http://: ${text}` } };
  const problem = checkLocal(url);
  return problem ? { problem } : { url };
}
