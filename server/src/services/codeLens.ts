/**
 * A code lens above each route (`textDocument/codeLens`): the steps that lead to it, by verb and by the route
 * they are written in — `← Gather in /ivr/menu · Redirect in /ivr/route` — and a click lists them (the
 * `voiceml.showReferences` command, which the VS Code extension turns into its references view). A route that
 * answers with VoiceML and that no step leads to says so: it is the number's webhook, or unreachable.
 */
import type { CodeLens } from 'vscode-languageserver-types';
import { localize, type Locale } from '../l10n';
import type { FlowIndex, Route, Step } from '../flow/index';
import { fileName, routePath, routeSelection, stepLocation } from '../flow/locations';

/** The command a lens runs: `[uri, position, locations]`, as VS Code's `editor.action.showReferences` takes them. */
export const SHOW_REFERENCES_COMMAND = 'voiceml.showReferences';
/** The client's call simulator: `[{ path }]` starts a call at that path of the user's running server. */
export const SIMULATE_CALL_COMMAND = 'voiceml.simulateCall';

export interface CodeLensOptions {
  /**
   * The client commands the client runs (it says so at start). With `SHOW_REFERENCES_COMMAND` a click on a
   * route's lens lists its steps (else the lens only tells); with `SIMULATE_CALL_COMMAND` each route that
   * answers with VoiceML, takes POST (as the platform calls) and has a path the code says whole gets a
   * "▶ Simulate call" lens.
   */
  commands?: readonly string[];
}

/** At most this many callers are named in a lens; the rest are counted. */
const NAMED_CALLERS = 3;

export function getCodeLenses(index: FlowIndex, uri: string, locale: Locale, options: CodeLensOptions = {}): CodeLens[] {
  const lenses: CodeLens[] = [];
  const routes = index.routesIn(uri);
  for (const decl of new Set(routes.map((r) => r.decl))) {
    const same = routes.filter((r) => r.decl === decl);
    const steps = [...new Set(same.flatMap((r) => index.incoming(r)))];
    const range = routeSelection(index, same[0]!);
    if (options.commands?.includes(SIMULATE_CALL_COMMAND)) lenses.push(...simulateLenses(index, same, range, locale));
    if (steps.length === 0) {
      if (!same.some((r) => index.responsesOf(r).length > 0)) continue;
      lenses.push({ range, command: { title: localize({ ko: '← 이 라우트로 오는 VoiceML 단계가 없습니다', en: '← no VoiceML step leads here' }, locale), command: '' } });
      continue;
    }
    // Steps from routes first (the flow of the app), then those written outside any handler.
    steps.sort((a, b) => (a.from.length > 0 ? 0 : 1) - (b.from.length > 0 ? 0 : 1));
    const callers = [...new Set(steps.map((step) => localize({ ko: '{1}의 {0}', en: '{0} in {1}' }, locale, [step.target.verb, sourceOf(index, step)])))];
    const named = callers.slice(0, NAMED_CALLERS).join(' · ');
    const more = callers.length > NAMED_CALLERS ? localize({ ko: ' 외 {0}개', en: ' · {0} more' }, locale, [String(callers.length - NAMED_CALLERS)]) : '';
    const title = `← ${named}${more}`;
    const listed = options.commands?.includes(SHOW_REFERENCES_COMMAND) === true;
    lenses.push({ range, command: listed ? { title, command: SHOW_REFERENCES_COMMAND, arguments: [uri, range.start, steps.map((s) => stepLocation(index, s))] } : { title, command: '' } });
  }
  return lenses;
}

/** "▶ Simulate call" on a registration, once per path it serves that a call can start at. */
function simulateLenses(index: FlowIndex, routes: readonly Route[], range: CodeLens['range'], locale: Locale): CodeLens[] {
  const paths = routes.filter(
    (r) => r.prefixKnown && r.pattern?.literal === true && (r.methods.includes('POST') || r.methods.includes('*')) && index.responsesOf(r).length > 0,
  );
  const unique = [...new Set(paths.map((r) => r.path!))];
  return unique.map((path) => ({
    range,
    command: {
      title: unique.length > 1 ? localize({ ko: '▶ {0}에서 통화 시뮬레이션', en: '▶ Simulate call at {0}' }, locale, [path]) : localize({ ko: '▶ 통화 시뮬레이션', en: '▶ Simulate call' }, locale),
      command: SIMULATE_CALL_COMMAND,
      arguments: [{ path }],
    },
  }));
}

/** Where a step is written: the route whose handler holds it, else the file. */
function sourceOf(index: FlowIndex, step: Step): string {
  const from: Route | undefined = step.from[0];
  return from ? routePath(from) : fileName(index, step.uri);
}
