/**
 * The handler rules' view of one document's webhook code (`HandlerContext`): what its host read (the parameters
 * read, values compared, Content-Types set, answers given), and what the call flow says of the routes whose
 * handlers hold it — which verbs lead there, hence which parameters the platform sends there. Made from the
 * index for the document as the service has just given it; the routes of a handler are looked up once per
 * place, every rule asking the same.
 */
import { documentRange, type VoiceMLRegion } from '../document/region';
import type { Span } from '../document/routes';
import { callbacksSending, requestParameter } from '../model/webhook';
import type { HandlerContext, HandlerRoute, Range, WebhookCode } from '../rules/rule';
import type { FlowIndex, Route } from './index';
import { spansHolding } from '../document/search';

export function handlerContextOf(index: FlowIndex, uri: string, text: string, regions: readonly VoiceMLRegion[], voiceml = voicemlRanges(regions)): Omit<HandlerContext, 'report'> {
  const code = index.handlerCodeIn(uri);
  // The handlers written in this document, each with its route: a handler shared by several routes (a path
  // array, a router mounted twice) is judged as all of them.
  let handlers: { span: Span; route: Route }[] | undefined;
  const handlersHere = (): { span: Span; route: Route }[] =>
    (handlers ??= index.routes().flatMap((route) => route.handlers.filter((h) => h.uri === uri).map((h) => ({ span: h.span, route }))));
  let answers: boolean | undefined;
  const atOffset = new Map<number, { routes: Route[]; route: HandlerRoute | undefined; webhook: boolean }>();
  const webhookRoutes = new Map<Route, boolean>();
  const isWebhookRoute = (route: Route): boolean => {
    let webhook = webhookRoutes.get(route);
    if (webhook === undefined) webhookRoutes.set(route, (webhook = index.incoming(route).length > 0 || answersVoiceML(index, route)));
    return webhook;
  };
  // The handlers holding an offset, found by a search (asked for each parameter read, each value compared);
  // the same routes asked about once, however many places of their handlers ask.
  const byRoutes = new Map<string, HandlerRoute>();
  const numbers = new Map<Route, number>();
  const numberOf = (route: Route): number => {
    let n = numbers.get(route);
    if (n === undefined) numbers.set(route, (n = numbers.size));
    return n;
  };
  // What the places held by the same handlers find, by those handlers (their indices): most places are in one.
  const byHandlers = new Map<number | string, { routes: Route[]; route: HandlerRoute | undefined; webhook: boolean }>();
  const at = (offset: number) => {
    let found = atOffset.get(offset);
    if (!found) {
      const here = handlersHere();
      const holding = spansHolding(here, spanOf, offset);
      const handlers = holding.length === 1 ? holding[0]! : holding.join(' ');
      found = byHandlers.get(handlers);
      if (!found) {
        const routes = [...new Set(holding.map((i) => here[i]!.route))];
        let route: HandlerRoute | undefined;
        if (routes.length > 0) {
          const key = routes.map(numberOf).join(' ');
          route = byRoutes.get(key);
          if (!route) byRoutes.set(key, (route = handlerRoute(index, routes)));
        }
        found = { routes, route, webhook: routes.length > 0 ? routes.some(isWebhookRoute) : voiceml.length > 0 };
        byHandlers.set(handlers, found);
      }
      atOffset.set(offset, found);
    }
    return found;
  };
  return {
    text,
    code,
    routeAt: (offset) => at(offset).route,
    isWebhookCode: (offset) => at(offset).webhook,
    answersPlatform: () => (answers ??= voiceml.length > 0 || index.routes().some(isWebhookRoute)),
    holdsVoiceML: (spans: readonly Range[]) => voiceml.some((v) => spans.some((s) => s.start < v.end && v.start < s.end)),
  };
}

const spanOf = (handler: { span: Span }): Span => handler.span;

/** Where a document's VoiceML is: its regions' ranges in the document. */
function voicemlRanges(regions: readonly VoiceMLRegion[]): Range[] {
  return regions.map((r) => documentRange(r, 0, r.tree.text.length));
}

/**
 * A document's webhook code for the handler rules (`WebhookCode`), as the index has the document now;
 * `lineage`: the document's own object across its versions.
 */
export function webhookCodeOf(index: FlowIndex, uri: string, text: string, regions: readonly VoiceMLRegion[], lineage: object): WebhookCode {
  // The generation the rules will read: the document's latest text analysed first.
  index.analyzeNow(uri);
  const voiceml = voicemlRanges(regions);
  return {
    context: () => handlerContextOf(index, uri, text, regions, voiceml),
    lineage,
    generation: index.generation,
    voiceml,
    movedSince: (generation) => index.movedSince(uri, generation),
  };
}

/**
 * Does the route answer with VoiceML its handler writes: a response that is sent or returned (not one handed to
 * other code, as `client.calls.create({ twiml })` of a route that starts an outgoing call)?
 */
function answersVoiceML(index: FlowIndex, route: Route): boolean {
  return index.responsesOf(route).some(({ uri, response }) => index.handlerCodeIn(uri).sent.some((s) => s.start < response.end && response.start < s.end));
}

function handlerRoute(index: FlowIndex, routes: readonly Route[]): HandlerRoute {
  const incoming = routes.flatMap((r) => index.incoming(r));
  const reachedBy = [...new Set(incoming.map((s) => s.target.verb))];
  const received = new Map<string, boolean | undefined>();
  return {
    path: routes.find((r) => r.path !== undefined)?.path,
    methods: [...new Set(routes.flatMap((r) => r.methods))],
    reached: incoming.length > 0,
    reachedBy,
    receives(parameter) {
      if (!received.has(parameter)) received.set(parameter, receives(parameter));
      return received.get(parameter);
    },
  };

  function receives(parameter: string): boolean | undefined {
    if (requestParameter(parameter)) return true;
    const verbs = callbacksSending(parameter).map((c) => c.callback.verb);
    if (verbs.length === 0) return undefined;
    if (reachedBy.some((v) => verbs.includes(v))) return true;
    // None of the verbs that send it leads here. Certain only when every such verb's URL is known, and the
    // workspace shows how the route is reached or does such verbs at all (else they may be in files unseen).
    const sending = index.steps().filter((s) => verbs.includes(s.target.verb));
    if (sending.some((s) => s.resolution === 'unknown')) return undefined;
    if (routes.some((r) => r.path === undefined)) return undefined;
    return incoming.length > 0 || sending.length > 0 ? false : undefined;
  }
}
