/** `<Redirect>`: fetches the VoiceML at its URL (its text), always with a POST; nothing after it runs. */
import { textOf, type VerbBehaviour } from './verb';

export const redirect: VerbBehaviour = {
  async run(element, context) {
    const url = textOf(element);
    context.emit({ type: 'redirect', url });
    return { kind: 'request', verb: 'Redirect', url, params: {} };
  },
};
