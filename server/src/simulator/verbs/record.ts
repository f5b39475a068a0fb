/**
 * `<Record>`: a beep when `playBeep`, then the caller speaks until a key of `finishOnKey` or `maxLength`
 * seconds. The recording is served by the simulator itself (a WAV of silence as long as the message), and
 * `RecordingUrl`, `RecordingDuration` and `Digits` (the finishing key, or '' at maxLength) go to `action`.
 * Without an action the next verb runs.
 */
import { callbackParams } from '../../model/webhook';
import { NEXT, attribute, defaultedInteger, type VerbBehaviour } from './verb';

export const record: VerbBehaviour = {
  async run(element, context) {
    const maxLength = defaultedInteger(element, 'maxLength');
    const finishOnKey = attribute(element, 'finishOnKey') ?? '';
    const playBeep = attribute(element, 'playBeep') === 'true';
    const action = attribute(element, 'action');
    context.emit({ type: 'record', maxLength, finishOnKey, playBeep, ...(action !== undefined ? { action } : {}) });
    const answer = await context.caller.keys({ verb: 'Record', finishOnKey, timeout: maxLength });
    if (answer === 'hangup') return { kind: 'end', end: { reason: 'caller-hangup' } };
    const seconds = Math.max(0, Math.min(maxLength, Math.round(answer.seconds ?? maxLength)));
    const url = await context.recordings.add(context.callId, seconds);
    context.emit({ type: 'keys', verb: 'Record', digits: answer.digits, ended: answer.ended, ...(answer.ignored ? { ignored: answer.ignored } : {}) });
    context.emit({ type: 'recorded', url, seconds, digits: answer.digits });
    if (action === undefined) return NEXT;
    return { kind: 'request', verb: 'Record', url: action, params: callbackParams('Record', { RecordingUrl: url, RecordingDuration: String(seconds), Digits: answer.digits }) };
  },
};
