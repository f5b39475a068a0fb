/** `<Hangup>`: ends the call at once. */
import type { VerbBehaviour } from './verb';

export const hangup: VerbBehaviour = {
  async run() {
    return { kind: 'end', end: { reason: 'hangup' } };
  },
};
