/**
 * `<Dial>`: calls its `<Number>` (shown in the domestic form the platform normalizes to); how that call ends
 * — `completed`, `busy`, `no-answer`, `failed`, `canceled` — is the caller's choice (`--dial-status`, or asked).
 * With an action, `DialCallStatus` is POSTed to it; without, the next verb runs.
 */
import { normalizePhoneNumber } from '../../model/values';
import { callbackParameter, callbackParams } from '../../model/webhook';
import { NEXT, attribute, childElements, defaultedInteger, textOf, type VerbBehaviour } from './verb';

/** The outcomes a Dial can have, from `schemas/webhook.json`. */
export const DIAL_OUTCOMES: readonly string[] = (callbackParameter('Dial', 'DialCallStatus')?.values ?? []).map((v) => v.value);

export const dial: VerbBehaviour = {
  async run(element, context) {
    const written = textOf(childElements(element, 'Number')[0] ?? element);
    const number = normalizePhoneNumber(written) ?? written;
    const callerId = attribute(element, 'callerId');
    const timeout = defaultedInteger(element, 'timeout');
    const action = attribute(element, 'action');
    context.emit({ type: 'dial', number, ...(callerId !== undefined ? { callerId } : {}), timeout, ...(action !== undefined ? { action } : {}) });
    const status = await context.caller.dial({ number, timeout, outcomes: DIAL_OUTCOMES });
    if (status === 'hangup') return { kind: 'end', end: { reason: 'caller-hangup' } };
    context.emit({ type: 'dial-status', status });
    if (action === undefined) return NEXT;
    return { kind: 'request', verb: 'Dial', url: action, params: callbackParams('Dial', { DialCallStatus: status }) };
  },
};
