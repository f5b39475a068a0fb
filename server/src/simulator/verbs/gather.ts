/**
 * `<Gather>`: plays its `<Say>`/`<Play>` children, then collects keys. A key of `finishOnKey` ends it and is
 * not part of `Digits`; `numDigits` keys end it at once; `timeout` seconds without a key (reset by each key)
 * end it with what was typed so far (the reference's verified "부분 입력 전달"). With digits, `Digits` is
 * POSTed to `action`. With none — silence, or only the finishing key — the action is not called and the
 * next verb runs (the reference: "Digits 가 비어있거나 timeout 시 호출되지 않음").
 */
import { callbackParams } from '../../model/webhook';
import { NEXT, attribute, childElements, defaultedInteger, integer, type VerbBehaviour } from './verb';

export const gather: VerbBehaviour = {
  async run(element, context) {
    const numDigits = integer(element, 'numDigits');
    const timeout = defaultedInteger(element, 'timeout');
    const finishOnKey = attribute(element, 'finishOnKey') ?? '';
    const action = attribute(element, 'action');
    context.emit({ type: 'gather', ...(numDigits !== undefined ? { numDigits } : {}), timeout, finishOnKey, ...(action !== undefined ? { action } : {}) });
    for (const child of childElements(element)) {
      const outcome = await context.runNested(child);
      if (outcome.kind !== 'next') return outcome;
    }
    const answer = await context.caller.keys({ verb: 'Gather', ...(numDigits !== undefined ? { numDigits } : {}), timeout, finishOnKey });
    if (answer === 'hangup') return { kind: 'end', end: { reason: 'caller-hangup' } };
    context.emit({ type: 'keys', verb: 'Gather', digits: answer.digits, ended: answer.ended, ...(answer.ignored ? { ignored: answer.ignored } : {}) });
    if (answer.digits === '' || action === undefined) return NEXT;
    return { kind: 'request', verb: 'Gather', url: action, params: callbackParams('Gather', { Digits: answer.digits }) };
  },
};
