import { model, plainText, twilioHostOf } from '../model';
import { occursAt } from '../parser/intern';
import type { Rule, RuleContext } from './rule';
import { bodyOf, isTrimmedSpace } from './support';

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
  appliesTo: (spec) => spec !== undefined && ((spec.body.type?.kind === 'url' && spec.body.type.webhook === true) || spec.attributes.some((a) => a.type.kind === 'url' && a.type.webhook === true)),
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

/** `http(s)://host` and the host's end: the end of the URL, or a port, path, query or fragment. */
const HOST = /^https?:\/\/([a-z0-9.-]+)(?=$|[/:?#])/i;

/** The URL written at `[start, end)` of the region's text, when its host is one of Twilio's. */
function check(ctx: RuleContext, start: number, end: number, where: string): void {
  const host = hostOf(ctx.text, start, end);
  const twilio = host === undefined ? undefined : twilioHostOf(host);
  if (!twilio) return;
  ctx.report({
    start,
    end,
    message: {
      ko: '{0}이(가) {1}({2})을(를) 가리킵니다. {3} 웹훅 서버의 URL로 바꾸세요.',
      en: '{0} points at {1} ({2}). {3} Point it at your webhook server.',
    },
    args: [where, plainText(twilio.what), host!, plainText(twilio.reason)],
  });
}

/**
 * The host (in lower case) of the `http(s)://` URL at `[start, end)`, white space around it left out; undefined
 * for anything else. Every URL of every document is read here on every keystroke: a URL whose host is no
 * Twilio host makes no string (and the usual one is rejected at its first letters).
 */
function hostOf(text: string, start: number, end: number): string | undefined {
  while (start < end && isTrimmedSpace(text.charCodeAt(start))) start++;
  while (end > start && isTrimmedSpace(text.charCodeAt(end - 1))) end--;
  const c = text.charCodeAt(start) | 0x20;
  if (c !== 0x68 || end - start < 8) return undefined; // h, H
  // A host: `http://` or `https://`, then letters, digits, dots and hyphens up to the end or / : ? #.
  let i = start + 4;
  if ((text.charCodeAt(i) | 0x20) === 0x73) i++; // s
  if (!occursAt(text, i, '://') || (text.charCodeAt(start + 1) | 0x20) !== 0x74 || (text.charCodeAt(start + 2) | 0x20) !== 0x74 || (text.charCodeAt(start + 3) | 0x20) !== 0x70) return undefined;
  const hostStart = i + 3;
  let hostEnd = hostStart;
  while (hostEnd < end && isHostCharacter(text.charCodeAt(hostEnd))) hostEnd++;
  if (hostEnd === hostStart || (hostEnd < end && !isHostEnd(text.charCodeAt(hostEnd)))) return undefined;
  if (!mayBeTwilioHost(text, hostStart, hostEnd)) return undefined;
  return HOST.exec(text.slice(start, end))?.[1]?.toLowerCase();
}

const isHostCharacter = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;
const isHostEnd = (c: number): boolean => c === 0x2f || c === 0x3a || c === 0x3f || c === 0x23;

const TWILIO_HOSTS: readonly string[] = model.twiml.hosts.map(({ host }) => host);

/** Does the host at `[start, end)` end (in any case) with one of Twilio's hosts, whole or after a dot? */
function mayBeTwilioHost(text: string, start: number, end: number): boolean {
  for (let h = 0; h < TWILIO_HOSTS.length; h++) {
    const host = TWILIO_HOSTS[h]!;
    const at = end - host.length;
    if (at < start || (at > start && text.charCodeAt(at - 1) !== 0x2e)) continue;
    let k = 0;
    while (k < host.length && (text.charCodeAt(at + k) | 0x20) === host.charCodeAt(k)) k++;
    if (k === host.length) return true;
  }
  return false;
}
