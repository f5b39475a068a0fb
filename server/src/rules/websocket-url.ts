import { checkValue } from '../model/values';
import { PLACEHOLDER } from '../parser/ast';
import { VALUE_DYNAMIC } from '../parser/tree';
import type { Rule, RuleContext } from './rule';
import { reportValueProblem } from './support';

/** Schemes a WebSocket URL is mistakenly written with; the platform connects only over `wss://`. */
const WRONG_SCHEME = /^(wss?|https?):\/\//i;

/**
 * `<Stream url>` must be a `wss://` URL. Checked even when part of the value comes from a template
 * substitution: `url="ws://${host}/x"` still has the wrong scheme.
 */
export const websocketUrl: Rule = {
  name: 'websocket-url',
  severity: 'error',
  description: {
    ko: 'WebSocket URL은 wss://로 시작해야 합니다 (<Stream url>). ws://, https:// 는 연결되지 않습니다.',
    en: 'WebSocket URLs must start with wss:// (<Stream url>); ws:// and https:// do not connect.',
  },
  appliesTo: (spec) => spec?.attributes.some((a) => a.type.kind === 'wssUrl') === true,
  element(element, ctx) {
    const tree = ctx.tree;
    const end = tree.attributesEnd(element);
    for (let attribute = tree.firstAttribute(element); attribute < end; attribute++) {
      if (!tree.hasValue(attribute)) continue;
      const attributeSpec = ctx.attributeSpecOf(attribute);
      if (attributeSpec?.type.kind !== 'wssUrl') continue;
      const value = tree.attributeValue(attribute)!;
      const valueStart = tree.valueInnerStart(attribute);
      if (tree.attributeIs(attribute, VALUE_DYNAMIC)) {
        // Only the static text before the first substitution is known.
        const known = value.slice(0, value.indexOf(PLACEHOLDER));
        const scheme = WRONG_SCHEME.exec(known);
        if (!scheme || scheme[1]!.toLowerCase() === 'wss') continue;
        reportScheme(ctx, valueStart, valueStart + scheme[0].length, scheme[0]);
        continue;
      }
      const problem = checkValue(attributeSpec.type, value);
      if (!problem) continue;
      reportValueProblem(
        ctx,
        problem,
        {
          start: valueStart,
          end: tree.valueInnerEnd(attribute),
          empty: { start: tree.valueStart(attribute), end: tree.valueEnd(attribute) },
        },
        { quoted: true, safe: true },
      );
    }
  },
};

function reportScheme(ctx: RuleContext, start: number, end: number, written: string): void {
  ctx.report({
    start,
    end,
    message: {
      ko: 'WebSocket URL은 wss://로 시작해야 합니다. {0}(으)로는 연결되지 않습니다.',
      en: 'A WebSocket URL must start with wss://; {0} does not connect.',
    },
    args: [written],
    fixes: () => [
      {
        title: { ko: 'wss://로 바꾸기', en: 'Change to wss://' },
        edits: [{ start, end, newText: 'wss://' }],
        preferred: true,
        safe: true,
      },
    ],
  });
}
