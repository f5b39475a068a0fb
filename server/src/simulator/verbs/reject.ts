/**
 * `<Reject>`: as the first verb of a response, before anything answered the call, it rejects the call
 * unanswered (SIP 486/603 to the caller, no charge); after another verb it only ends the answered,
 * billed call, like `<Hangup>`.
 */
import { attribute, type VerbBehaviour } from './verb';

export const reject: VerbBehaviour = {
  async run(element, context) {
    const rejectReason = attribute(element, 'reason') ?? '';
    return { kind: 'end', end: { reason: 'reject', rejectReason, beforeAnswer: context.firstVerb && !context.answered } };
  },
};
