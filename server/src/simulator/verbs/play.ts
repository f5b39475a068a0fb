/**
 * `<Play>`: an audio URL (its text) or DTMF tones (`digits`), `loop` times. The simulator does not fetch the
 * audio. `loop="0"` repeats for ever: outside a Gather nothing after it ever runs, and the call lasts until
 * the caller hangs up.
 */
import { localize } from '../../l10n';
import { NEXT, attribute, defaultedInteger, isNested, textOf, type VerbBehaviour } from './verb';

export const play: VerbBehaviour = {
  async run(element, context) {
    const digits = attribute(element, 'digits');
    const loop = defaultedInteger(element, 'loop');
    const nested = isNested(element);
    context.emit({ type: 'play', ...(digits !== undefined ? { digits } : { url: textOf(element) }), loop, nested });
    if (loop === 0 && !nested) {
      const message = localize({ ko: '<Play loop="0">은 발신자가 끊을 때까지 반복됩니다.', en: '<Play loop="0"> repeats until the caller hangs up.' }, context.locale);
      return { kind: 'end', end: { reason: 'caller-hangup', message } };
    }
    return NEXT;
  },
};
