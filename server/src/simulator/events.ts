/**
 * What happens during a simulated call, as a stream of events: every output (the transcript, the JSON, a
 * scenario's expectations) is built from these and from the steps in `CallResult`.
 */
import type { Localized } from '../l10n';
import type { Method } from '../model/webhook';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** A problem with a response: from the HTTP exchange (code `http-status` …) or from our rules (their codes). */
export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  /** 1-based position in the response body, for findings of the rules. */
  line?: number;
  column?: number;
  /** The response's line the finding is on, for showing it. */
  source?: string;
}

/** How a Gather's or Record's input ended. */
export type InputEnd = 'numDigits' | 'finishOnKey' | 'timeout' | 'silence';

export type EndReason = 'hangup' | 'reject' | 'stream' | 'no-more-verbs' | 'caller-hangup' | 'error' | 'max-steps';

export interface CallEnd {
  reason: EndReason;
  /** Index of the step (request) the call ended in; -1 when it ended before the first. */
  step: number;
  /** `error`: what stopped the call. */
  message?: string;
  /** `reject`: the reason attribute and whether it came before the call was answered (no charge). */
  rejectReason?: string;
  beforeAnswer?: boolean;
  /** `stream`: the WebSocket URL as written and as opened, and the `<Parameter>`s. */
  url?: string;
  localUrl?: string;
  parameters?: Record<string, string>;
}

export type CallEvent =
  | { type: 'request'; step: number; method: Method; url: string; params: Record<string, string>; added: Record<string, string>; by?: string }
  | { type: 'response'; step: number; status: number; statusText: string; contentType: string; bytes: number; ms: number }
  | { type: 'finding'; step: number; finding: Finding }
  | { type: 'note'; message: Localized }
  | { type: 'say'; text: string; language: string; nested: boolean }
  | { type: 'play'; url?: string; digits?: string; loop: number; nested: boolean }
  | { type: 'pause'; seconds: number }
  | { type: 'gather'; numDigits?: number; timeout: number; finishOnKey: string; action?: string }
  | { type: 'keys'; verb: string; digits: string; ended: InputEnd; ignored?: string }
  | { type: 'record'; maxLength: number; finishOnKey: string; playBeep: boolean; action?: string }
  | { type: 'recorded'; url: string; seconds: number; digits: string }
  | { type: 'dial'; number: string; callerId?: string; timeout: number; action?: string }
  | { type: 'dial-status'; status: string }
  | { type: 'redirect'; url: string }
  | { type: 'stream'; url: string; localUrl: string; track: string; parameters: Record<string, string> }
  | { type: 'stream-open'; status: number; sent: string[]; received: string[] }
  | { type: 'end'; end: CallEnd };

/** A verb of a response as the JSON shows it. */
export interface VerbView {
  name: string;
  attributes: Record<string, string>;
  text?: string;
  children?: VerbView[];
}

/** One request of the call and what came back. */
export interface Step {
  method: Method;
  url: string;
  params: Record<string, string>;
  /** Absent when no response came. */
  status?: number;
  contentType?: string;
  verbs: VerbView[];
  findings: Finding[];
}

export interface CallResult {
  steps: Step[];
  end: CallEnd;
  notes: string[];
  /** Wall-clock milliseconds of the whole call. */
  ms: number;
}

/** 0 when the call ended as a call can end; 1 when a response or request failed, or the call looped past --max-steps. */
export function exitCodeOf(end: CallEnd): 0 | 1 {
  return end.reason === 'error' || end.reason === 'max-steps' ? 1 : 0;
}
