/** `<Say>`: the text, spoken in its language (Korean when none is given). */
import { NEXT, attribute, isNested, textOf, type VerbBehaviour } from './verb';

export const say: VerbBehaviour = {
  async run(element, context) {
    context.emit({ type: 'say', text: textOf(element), language: attribute(element, 'language') ?? '', nested: isNested(element) });
    return NEXT;
  },
};
