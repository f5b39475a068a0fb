/** `<Pause>`: waits `length` seconds (at once with `--fast`). */
import { NEXT, defaultedInteger, type VerbBehaviour } from './verb';

export const pause: VerbBehaviour = {
  async run(element, context) {
    const seconds = defaultedInteger(element, 'length');
    context.emit({ type: 'pause', seconds });
    await context.sleep(seconds);
    return NEXT;
  },
};
