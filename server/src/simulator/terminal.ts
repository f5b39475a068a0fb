/**
 * The interactive caller: the person at the keyboard. Keys typed on the terminal (in raw mode) or arriving
 * on a pipe from an editor's terminal are the phone's keypad; a Gather waits for them as long as its timeout
 * says (reset by each key), a Record until a finishing key or its maxLength, a Dial asks how the dialled call
 * ends. Ctrl+C or Ctrl+D hangs up. Keys typed before a prompt are kept for it, as a phone keeps keys pressed
 * during a prompt.
 */
import type { Locale, Localized } from '../l10n';
import { localize } from '../l10n';
import { DTMF_KEYS, KeyCollector, type Caller, type DialRequest, type KeyAnswer, type KeyRequest } from './caller';
import { paint, type Style } from './transcript';

const HANG_UP = new Set(['\x03', '\x04']);
/** Drops the escape sequences of cursor and function keys from typed input (`ESC [ 1 ~` must not press 1). */
export function stripEscapes(input: string): string {
  return input.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1bO.|\x1b/g, '');
}

export class TerminalCaller implements Caller {
  private readonly controller = new AbortController();
  private readonly pending: string[] = [];
  private listener: ((key: string) => void) | undefined;
  private readonly onData = (data: Buffer | string): void => {
    for (const key of stripEscapes(String(data))) {
      if (HANG_UP.has(key)) return this.hangUp();
      if (!DTMF_KEYS.includes(key)) continue;
      if (this.listener) this.listener(key);
      else if (this.pending.length < 64) this.pending.push(key);
    }
  };
  private readonly onEnd = (): void => this.hangUp();
  private readonly queuedDials: string[];

  constructor(
    private readonly input: NodeJS.ReadStream,
    private readonly output: NodeJS.WriteStream,
    private readonly locale: Locale,
    private readonly style: Style,
    /** Dial outcomes given on the command line, used before asking. */
    dialStatuses: readonly string[],
  ) {
    this.queuedDials = [...dialStatuses];
  }

  /** Aborted when the caller hangs up. */
  get hangupSignal(): AbortSignal {
    return this.controller.signal;
  }

  start(): void {
    if (this.input.isTTY) this.input.setRawMode(true);
    this.input.on('data', this.onData);
    this.input.on('end', this.onEnd);
    this.input.resume();
    this.say({ ko: '키패드: 0-9 * # — 물어볼 때 누르세요. Ctrl+C: 끊기', en: 'Keypad: 0-9 * # — press them when asked. Ctrl+C hangs up' });
  }

  stop(): void {
    this.input.off('data', this.onData);
    this.input.off('end', this.onEnd);
    if (this.input.isTTY) this.input.setRawMode(false);
    this.input.pause();
  }

  keys(request: KeyRequest): Promise<KeyAnswer | 'hangup'> {
    if (this.controller.signal.aborted) return Promise.resolve('hangup');
    const collector = new KeyCollector(request);
    const started = Date.now();
    const prompt =
      request.verb === 'Gather'
        ? this.t(
            { ko: '⌨ 키를 누르세요{0}{1} — {2}초 동안 누르지 않으면 끝: ', en: '⌨ press keys{0}{1} — ends after {2} s without a key: ' },
            request.numDigits !== undefined ? this.t({ ko: ` (${request.numDigits}자리)`, en: ` (${request.numDigits} ${request.numDigits === 1 ? 'key' : 'keys'})` }) : '',
            request.finishOnKey ? this.t({ ko: `, ${request.finishOnKey}로 마침`, en: `, ${request.finishOnKey} to finish` }) : '',
            String(request.timeout),
          )
        : this.t({ ko: '● 녹음 중{0} — 최대 {1}초: ', en: '● recording{0} — at most {1} s: ' }, request.finishOnKey ? this.t({ ko: `, ${request.finishOnKey}로 마침`, en: `, ${request.finishOnKey} to stop` }) : '', String(request.timeout));
    this.output.write(paint(this.style, 'yellow', `  ${prompt}`));
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const finish = (answer: KeyAnswer | 'hangup'): void => {
        clearTimeout(timer);
        this.listener = undefined;
        this.controller.signal.removeEventListener('abort', onAbort);
        // The prompt gives way to the transcript's line for the keys.
        this.output.write(this.style.color ? '\r\x1b[2K' : '\n');
        resolve(answer);
      };
      const onAbort = (): void => finish('hangup');
      const arm = (): void => {
        clearTimeout(timer);
        // A Gather's timeout restarts with every key; a Record runs for maxLength in all.
        const ms = request.verb === 'Gather' ? request.timeout * 1000 : Math.max(0, request.timeout * 1000 - (Date.now() - started));
        timer = setTimeout(() => finish(collector.answer((Date.now() - started) / 1000)), ms);
      };
      this.controller.signal.addEventListener('abort', onAbort, { once: true });
      this.listener = (key) => {
        this.output.write(key);
        if (collector.press(key)) finish(collector.answer((Date.now() - started) / 1000));
        else if (request.verb === 'Gather') arm();
      };
      arm();
      while (this.pending.length > 0 && this.listener) this.listener(this.pending.shift()!);
    });
  }

  dial(request: DialRequest): Promise<string | 'hangup'> {
    const given = this.queuedDials.shift();
    if (given !== undefined) return Promise.resolve(given);
    if (this.controller.signal.aborted) return Promise.resolve('hangup');
    const choices = request.outcomes.map((o, i) => `${i + 1} ${o}`).join('  ');
    this.output.write(paint(this.style, 'yellow', `  ${this.t({ ko: '☎ {0}에 건 전화의 결과는? {1}: ', en: '☎ how does the call to {0} end? {1}: ' }, request.number, choices)}`));
    this.pending.length = 0;
    return new Promise((resolve) => {
      const finish = (answer: string | 'hangup'): void => {
        this.listener = undefined;
        this.controller.signal.removeEventListener('abort', onAbort);
        this.output.write(this.style.color ? '\r\x1b[2K' : '\n');
        resolve(answer);
      };
      const onAbort = (): void => finish('hangup');
      this.controller.signal.addEventListener('abort', onAbort, { once: true });
      this.listener = (key) => {
        const outcome = request.outcomes[Number(key) - 1];
        if (outcome !== undefined && key !== '0') finish(outcome);
      };
    });
  }

  private hangUp(): void {
    if (!this.controller.signal.aborted) this.controller.abort();
  }

  private say(text: Localized): void {
    this.output.write(paint(this.style, 'dim', this.t(text)) + '\n');
  }

  private t(text: Localized, ...args: string[]): string {
    return localize(text, this.locale, args);
  }
}
