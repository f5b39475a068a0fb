/**
 * The person on the phone: who answers a Gather or a Record with keys, and decides how a Dial ends. The
 * engine asks; a scripted caller answers from `--digits` / `--dial-status`, the terminal caller from the
 * keyboard, a scenario from its steps.
 */
import type { InputEnd } from './events';

/** What a Gather or a Record waits for, with the platform's defaults filled in. */
export interface KeyRequest {
  verb: 'Gather' | 'Record';
  /** Gather: ends when this many keys were pressed. */
  numDigits?: number;
  /** Keys that end the input and are not part of the digits; '' none. */
  finishOnKey: string;
  /** Gather: seconds of silence (reset by every key) that end it. Record: its maxLength. */
  timeout: number;
}

export interface KeyAnswer {
  /** Gather: the digits (without the finishing key). Record: the key that ended it, or ''. */
  digits: string;
  ended: InputEnd;
  /** Keys pressed after the input had ended (they go nowhere). */
  ignored?: string;
  /** Record: how long the caller spoke, in seconds. */
  seconds?: number;
}

export interface DialRequest {
  number: string;
  timeout: number;
  /** The outcomes a Dial can have (`completed`, `busy` …), from the platform's parameter data. */
  outcomes: readonly string[];
}

export interface Caller {
  /** Keys for a Gather or a Record; `hangup` when the caller hangs up instead. */
  keys(request: KeyRequest): Promise<KeyAnswer | 'hangup'>;
  /** How the dialled call ends; `hangup` when the caller hangs up instead. */
  dial(request: DialRequest): Promise<string | 'hangup'>;
}

/** How long a scripted caller speaks into a Record that is ended by a key. */
export const SCRIPTED_RECORDING_SECONDS = 5;

/**
 * Feeds keys to a Gather or Record the way the platform reads them: a key of `finishOnKey` ends the input and
 * is not kept (Record keeps it as the key that ended it); `numDigits` keys end a Gather at once. Shared by
 * every caller, so scripted and typed keys behave alike.
 */
export class KeyCollector {
  digits = '';
  ended: InputEnd | undefined;
  ignored = '';

  constructor(private readonly request: KeyRequest) {}

  /** Takes one key; true when the input has ended with it. */
  press(key: string): boolean {
    if (this.ended) {
      this.ignored += key;
      return true;
    }
    if (this.request.finishOnKey.includes(key)) {
      if (this.request.verb === 'Record') this.digits = key;
      this.ended = 'finishOnKey';
      return true;
    }
    if (this.request.verb === 'Record') return false;
    this.digits += key;
    if (this.request.numDigits !== undefined && this.digits.length >= this.request.numDigits) {
      this.ended = 'numDigits';
      return true;
    }
    return false;
  }

  /** The answer once the keys stop: a time-out (with what was typed, or silence when nothing was). */
  answer(seconds?: number): KeyAnswer {
    const ended = this.ended ?? (this.request.verb === 'Gather' && this.digits === '' ? 'silence' : 'timeout');
    const answer: KeyAnswer = { digits: this.digits, ended };
    if (this.ignored) answer.ignored = this.ignored;
    if (this.request.verb === 'Record') answer.seconds = seconds ?? (ended === 'finishOnKey' ? Math.min(SCRIPTED_RECORDING_SECONDS, this.request.timeout) : this.request.timeout);
    return answer;
  }
}

/** The DTMF keys a caller can press. */
export const DTMF_KEYS = '0123456789*#';

/**
 * A caller that answers from lists: `inputs[i]` are the keys for the i-th Gather or Record (an empty item is
 * silence, and so is every one past the end), `dialStatuses[i]` the outcome of the i-th Dial (past the end:
 * `completed`).
 */
export class ScriptedCaller implements Caller {
  private input = 0;
  private dials = 0;

  constructor(
    private readonly inputs: readonly string[],
    private readonly dialStatuses: readonly string[],
  ) {}

  async keys(request: KeyRequest): Promise<KeyAnswer> {
    const keys = this.inputs[this.input++] ?? '';
    return pressAll(request, keys);
  }

  async dial(request: DialRequest): Promise<string> {
    return this.dialStatuses[this.dials++] ?? request.outcomes[0]!;
  }
}

/** The answer to `request` when the caller presses `keys` and then waits. */
export function pressAll(request: KeyRequest, keys: string): KeyAnswer {
  const collector = new KeyCollector(request);
  for (const key of keys) collector.press(key);
  return collector.answer();
}
