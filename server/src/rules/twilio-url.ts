import { plainText, twilioHostAt } from '../model';
import type { ElementSpec } from '../model/types';
import type { Rule, RuleContext } from './rule';
import { bodyOf } from './support';

/**
 * A webhook URL on Twilio's own hosts (`model.twiml.hosts`): an `action` or `<Redirect>` left pointing at a
 * Studio flow or a TwiML Bin when porting. The platform POSTs the call there and runs the VoiceML it gets
 * back, and Twilio does not answer it with any. Only the host is read, so a URL with code after its host
 * (`https://webhooks.twilio.com/v1/Accounts/${sid}/Flows/…`) is checked too.
 */
export const twilioUrl: Rule = {
  name: 'twilio-url',
  severity: 'warning',
  description: {
    ko: 'Twilio를 가리키는 웹훅 URL (action, <Redirect>가 Studio 흐름, TwiML Bin 등 *.twilio.com): 플랫폼의 요청에 VoiceML이 오지 않습니다.',
    en: 'A webhook URL pointing at Twilio (action or <Redirect> at a Studio flow, a TwiML Bin, *.twilio.com): the platform gets no VoiceML from it.',
  },
  appliesTo: (spec) => spec !== undefined && (hasWebhookBody(spec) || spec.attributes.some((a) => a.type.kind === 'url' && a.type.webhook === true)),
  // A webhook URL at a Twilio host is never plainly valid (see `checkValue`): an element whose values all are
  // has none among its attributes. Its body, where it takes one, is read whatever its attributes.
  elementsWith: (spec) => (hasWebhookBody(spec) ? undefined : 'value-not-plain'),
  element(element, ctx, spec) {
    const tree = ctx.tree;
    const end = tree.attributesEnd(element);
    for (let a = tree.firstAttribute(element); a < end; a++) {
      const type = ctx.attributeSpecOf(a)?.type;
      if (type?.kind !== 'url' || !type.webhook || !tree.hasValue(a)) continue;
      // Read as written: a value partly made of code may still have a literal host.
      check(ctx, tree.valueInnerStart(a), tree.valueInnerEnd(a), tree.attributeName(a));
    }
    const type = spec!.body.type;
    if (type?.kind === 'url' && type.webhook) {
      const body = bodyOf(tree, element);
      if (body.start < body.end) check(ctx, body.start, body.end, `<${spec!.name}>`);
    }
  },
};

/** The URL written at `[start, end)` of the region's text, when its host is one of Twilio's. */
function check(ctx: RuleContext, start: number, end: number, where: string): void {
  const found = twilioHostAt(ctx.text, start, end);
  if (!found) return;
  const { host, twilio } = found;
  ctx.report({
    start,
    end,
    message: {
      ko: '{0}이(가) {1}({2})을(를) 가리킵니다. {3} 웹훅 서버의 URL로 바꾸세요.',
      en: '{0} points at {1} ({2}). {3} Point it at your webhook server.',
    },
    args: [where, plainText(twilio.what), host, plainText(twilio.reason)],
  });
}

const hasWebhookBody = (spec: ElementSpec): boolean => spec.body.type?.kind === 'url' && spec.body.type.webhook === true;
