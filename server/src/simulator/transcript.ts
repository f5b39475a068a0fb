/**
 * The call as text: one or a few lines per event, in Korean or English, coloured on a terminal. Both the
 * scripted output (`--format text`) and the interactive terminal print these lines as the call goes.
 */
import { localize, type Locale, type Localized } from '../l10n';
import { getAttribute, plainText } from '../model';
import type { CallEnd, CallEvent, Finding, InputEnd } from './events';

export interface Style {
  color: boolean;
}

const CODES = { bold: '1', dim: '2', red: '31', green: '32', yellow: '33', blue: '34', magenta: '35', cyan: '36' } as const;
type Paint = keyof typeof CODES;

export function paint(style: Style, name: Paint, text: string): string {
  return style.color ? `\x1b[${CODES[name]}m${text}\x1b[0m` : text;
}

const INPUT_ENDS: Record<InputEnd, Localized> = {
  numDigits: { ko: 'numDigits 도달', en: 'numDigits reached' },
  finishOnKey: { ko: 'finishOnKey로 끝남', en: 'ended by finishOnKey' },
  timeout: { ko: 'timeout', en: 'timeout' },
  silence: { ko: '입력 없음: action을 부르지 않고 다음 동사로', en: 'no input: the action is not called, the next verb runs' },
};

/** The lines for one event (none for events that only other outputs use). */
export function describeEvent(event: CallEvent, locale: Locale, style: Style): string[] {
  const t = (text: Localized, ...args: string[]): string => localize(text, locale, args);
  const indent = (nested: boolean): string => (nested ? '    ' : '  ');
  switch (event.type) {
    case 'request': {
      const shown = event.by ? event.added : pick(event.params, ['From', 'To']);
      const params = Object.entries(shown)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      // A GET's query repeats the parameters: shown once, after the URL.
      const query = event.url.indexOf('?');
      const url = event.method === 'GET' && query >= 0 ? event.url.slice(0, query) + '?…' : event.url;
      return [`${paint(style, 'bold', `▶ ${event.method} ${url}`)}${params ? '  ' + paint(style, 'dim', params) : ''}`];
    }
    case 'response':
      return [
        paint(
          style,
          'dim',
          `  ${event.status} ${event.statusText} · ${event.contentType || t({ ko: 'Content-Type 없음', en: 'no Content-Type' })} · ${event.bytes} B · ${event.ms} ms`,
        ),
      ];
    case 'finding':
      // Information and hints (a Gather without action …) are in the JSON; the transcript keeps to what matters.
      return event.finding.severity === 'error' || event.finding.severity === 'warning' ? describeFinding(event.finding, style) : [];
    case 'note':
      return [paint(style, 'dim', `  ${t({ ko: '참고', en: 'note' })}: ${t(event.message)}`)];
    case 'say':
      return [`${indent(event.nested)}${paint(style, 'cyan', `Say (${event.language})`)}  ${event.text}`];
    case 'play': {
      const loop = event.loop === 1 ? '' : event.loop === 0 ? t({ ko: ' ×∞ (끊을 때까지)', en: ' ×∞ (until hang-up)' }) : ` ×${event.loop}`;
      const what = event.digits !== undefined ? `${t({ ko: 'DTMF 톤', en: 'DTMF tones' })} ${event.digits}` : event.url;
      return [`${indent(event.nested)}${paint(style, 'cyan', 'Play')}  ${what}${loop}`];
    }
    case 'pause':
      return [`  ${paint(style, 'cyan', 'Pause')}  ${event.seconds} s`];
    case 'gather': {
      const parts = [event.numDigits !== undefined ? `numDigits=${event.numDigits}` : '', `timeout ${event.timeout} s`, event.finishOnKey ? `finishOnKey ${event.finishOnKey}` : ''];
      return [`  ${paint(style, 'magenta', 'Gather')}  ${parts.filter(Boolean).join(' · ')}${arrow(event.action)}`];
    }
    case 'keys': {
      const keys = event.verb === 'Record' ? (event.digits ? `${event.digits}` : '') : event.digits;
      const ignored = event.ignored ? paint(style, 'yellow', ` ${t({ ko: '(그 뒤의 키 {0}는 버려짐)', en: '(keys after it dropped: {0})' }, event.ignored)}`) : '';
      return [`  ${paint(style, 'green', `⌨ ${keys || '—'}`)}  ${paint(style, 'dim', `(${t(INPUT_ENDS[event.ended])})`)}${ignored}`];
    }
    case 'record': {
      const parts = [`maxLength ${event.maxLength} s`, event.finishOnKey ? `finishOnKey ${event.finishOnKey}` : '', event.playBeep ? t({ ko: '삐 소리', en: 'beep' }) : ''];
      return [`  ${paint(style, 'magenta', 'Record')}  ${parts.filter(Boolean).join(' · ')}${arrow(event.action)}`];
    }
    case 'recorded':
      return [`  ${paint(style, 'green', '●')} ${t({ ko: '{0}초 녹음', en: 'recorded {0} s' }, String(event.seconds))}  ${paint(style, 'dim', event.url)}`];
    case 'dial': {
      const parts = [event.callerId ? `callerId ${event.callerId}` : '', `timeout ${event.timeout} s`];
      return [`  ${paint(style, 'magenta', 'Dial')}  ${event.number}  ${paint(style, 'dim', parts.filter(Boolean).join(' · '))}${arrow(event.action)}`];
    }
    case 'dial-status':
      return [`  ${paint(style, 'green', `☎ ${event.status}`)}`];
    case 'redirect':
      return [`  ${paint(style, 'magenta', 'Redirect')}${arrow(event.url)}`];
    case 'stream': {
      const params = Object.entries(event.parameters)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      const local = event.localUrl !== event.url ? paint(style, 'dim', ` (${event.localUrl})`) : '';
      return [`  ${paint(style, 'magenta', 'Connect/Stream')}  ${event.url}${local} · track ${event.track}${params ? ' · ' + params : ''}`];
    }
    case 'stream-open':
      return [
        `  ${paint(style, 'green', '⇄')} ${t(
          { ko: 'WebSocket 연결됨 ({0}): {1} 보냄, 서버가 보낸 메시지 {2}개{3}', en: 'WebSocket open ({0}): sent {1}; the server sent {2} messages{3}' },
          String(event.status),
          event.sent.join(', '),
          String(event.received.length),
          event.received.length ? ` (${event.received.join(', ')})` : '',
        )}`,
      ];
    case 'end':
      return [];
  }
}

function arrow(url: string | undefined): string {
  return url === undefined ? '' : ` → ${url}`;
}

function pick(params: Record<string, string>, names: readonly string[]): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of names) if (params[name] !== undefined) picked[name] = params[name]!;
  return picked;
}

function describeFinding(finding: Finding, style: Style): string[] {
  const color: Paint = finding.severity === 'error' ? 'red' : finding.severity === 'warning' ? 'yellow' : 'blue';
  const at = finding.line !== undefined ? ` ${finding.line}:${finding.column}` : '';
  const lines = [`  ${paint(style, color, finding.severity)}${at} ${finding.message} ${paint(style, 'dim', `[${finding.code}]`)}`];
  if (finding.source !== undefined && finding.source.trim()) lines.push(paint(style, 'dim', `      | ${finding.source.trim()}`));
  return lines;
}

/** How the call ended, in words (`<Hangup>: the call ended`). */
export function describeEndReason(end: CallEnd, locale: Locale): string {
  const t = (text: Localized, ...args: string[]): string => localize(text, locale, args);
  switch (end.reason) {
    case 'hangup':
      return t({ ko: '<Hangup>: 통화 종료', en: '<Hangup>: the call ended' });
    case 'reject': {
      const value = getAttribute('Reject', 'reason');
      const doc = value?.type.kind === 'enum' ? value.type.values.find((v) => v.value === end.rejectReason)?.doc : undefined;
      const sip = doc ? ` — ${t(plainText(doc))}` : '';
      return end.beforeAnswer
        ? t({ ko: '<Reject reason="{0}">: 받기 전에 거절{1}. 통화료 없음', en: '<Reject reason="{0}">: rejected before answer{1}. No charge' }, end.rejectReason ?? '', sip)
        : t({ ko: '<Reject>가 다른 동사 뒤에 있어 이미 받은 통화를 끊습니다 (<Hangup>과 같음, 과금됨)', en: '<Reject> after another verb ends the answered call like <Hangup> (billed)' });
    }
    case 'stream':
      return t({ ko: '통화가 WebSocket 스트림으로 넘어갔습니다 ({0})', en: 'the call is on the WebSocket stream ({0})' }, end.url ?? '');
    case 'no-more-verbs':
      return t({ ko: '더 실행할 동사가 없어 플랫폼이 통화를 끊습니다', en: 'no more verbs: the platform hangs up' });
    case 'caller-hangup':
      return t({ ko: '발신자가 끊었습니다', en: 'the caller hung up' }) + (end.message ? ` (${end.message})` : '');
    case 'error':
      return t({ ko: '통화 실패: {0}', en: 'the call failed: {0}' }, end.message ?? '');
    case 'max-steps':
      return t({ ko: '중단: {0}', en: 'stopped: {0}' }, end.message ?? '');
  }
}

/** The last line: how the call ended, with the count of requests and the time. */
export function describeEnd(end: CallEnd, requests: number, ms: number, locale: Locale, style: Style): string {
  const color: Paint = end.reason === 'error' || end.reason === 'max-steps' ? 'red' : 'green';
  const count = localize({ ko: '요청 {0}번, {1} ms', en: '{0} requests, {1} ms' }, locale, [String(requests), String(ms)]);
  return `${paint(style, color, `■ ${describeEndReason(end, locale)}`)}  ${paint(style, 'dim', `(${count})`)}`;
}
