/**
 * The workspace call-flow index: for every file, the routes it registers (`Host.readRoutes`) and the URLs its
 * VoiceML leads to (`responses.ts`); joined over the workspace into routes with their full paths (routers
 * followed through mounts and imports across files), and targets resolved to the routes that serve them.
 * Shared by the language server and the CLI; it reads no file itself (callers give it texts: from disk, or an
 * open editor's unsaved text) and never runs code.
 *
 * Incremental: `update` replaces one file's text; its analysis (a parse of that file) runs when `work` is given
 * time or when a query needs that very file; the joining over the workspace is redone on the next query after
 * any change, and costs in proportion to the routes and targets, not to the text. Queries answer with what is
 * analysed so far: a file still waiting is simply not known yet.
 */
import * as posix from 'node:path/posix';
import type { VoiceMLRegion } from '../document/region';
import { noRoutes, type Condition, type FileRoutes, type Ref, type RouteDecl, type RouterDecl, type Span } from '../document/routes';
import { hostFor } from '../hosts';
import { webhook } from '../model/webhook';
import { endsWith, fileRoutePath, joinPaths, literalPrefix, matches, matchesTail, pathOfUrl, patternOf, segmentsOf, tailPathOf, type Pattern } from './paths';
import { readSteps, type FileSteps, type ResponseSummary, type Target } from './responses';

/** Files larger than this are not indexed: webhook code is small, and a bundle would only cost time. */
export const MAX_INDEXED_SIZE = 1_000_000;

/** A route of the workspace: one registration, under one of the places its router is mounted. */
export interface Route {
  /** The file registering it. */
  uri: string;
  decl: RouteDecl;
  /** The full path (`/ivr/lang`), as written with the prefixes joined; undefined when the code computes it. */
  path: string | undefined;
  pattern: Pattern | undefined;
  /** False when a prefix in front of it is unknown: its router is mounted where the code does not say, or nowhere. */
  prefixKnown: boolean;
  methods: readonly string[];
  /** Where its handler code is, possibly in other files (an imported controller). */
  handlers: { uri: string; span: Span }[];
}

/** Where a target leads. */
export interface Step {
  uri: string;
  target: Target;
  /** The routes whose handler holds the target (none: VoiceML outside any handler). */
  from: Route[];
  /** `path`: the URL's path is known; `tail`: only its end is (the front is unknown); `unknown`: nothing certain. */
  resolution: 'path' | 'tail' | 'unknown';
  /** The path asked for (`resolution: 'path'`), or its known end (`'tail'`). */
  path: string | undefined;
  /** The routes serving it. For `path`, certain matches come first; a route of unknown prefix matches by its end. */
  to: Route[];
  /** True when every route in `to` is a certain match (known prefix, exact path). */
  certain: boolean;
  /** What the handler's code says must hold for the step to be taken (`Digits` is `1`). */
  when: When[];
}

/** A condition on one request parameter around a step or a response. */
export interface When {
  parameter: string;
  equals?: string[];
  otherThan?: string[];
}

/** One file's analysis. */
interface Facts {
  uri: string;
  /** The file's path (posix, decoded) for `file:` URIs; undefined for others (`untitled:`). */
  path: string | undefined;
  routes: FileRoutes;
  steps: FileSteps;
  lineStarts: number[];
}

interface Entry {
  uri: string;
  languageId: string;
  /** The text waiting for analysis (dropped once analysed). */
  text: string | undefined;
  regions: readonly VoiceMLRegion[] | undefined;
  facts: Facts | undefined;
}

/** Platform parameter names: conditions on other names are not call-flow branches. */
const PARAMETERS: ReadonlySet<string> = new Set([...webhook.parameters.map((p) => p.name), ...webhook.callbacks.flatMap((c) => c.parameters.map((p) => p.name))]);

export class FlowIndex {
  private readonly entries = new Map<string, Entry>();
  /** Files waiting for analysis, in the order they came. */
  private readonly queue = new Set<string>();
  /** File path → URI, for imports. */
  private readonly byPath = new Map<string, string>();
  private linked: Linked | undefined;
  /** Counts every change that can alter what is linked (a file analysed anew or removed). */
  private changes = 0;

  /** Sets a file's text: from disk, or an open editor's. `regions`: the file's VoiceML regions when the caller has them. */
  update(uri: string, text: string, languageId: string, regions?: readonly VoiceMLRegion[]): void {
    const entry: Entry = { uri, languageId, text, regions, facts: this.entries.get(uri)?.facts };
    this.entries.set(uri, entry);
    const path = pathOfUri(uri);
    if (path !== undefined) this.byPath.set(path, uri);
    this.queue.add(uri);
  }

  remove(uri: string): void {
    if (!this.entries.delete(uri)) return;
    const path = pathOfUri(uri);
    if (path !== undefined && this.byPath.get(path) === uri) this.byPath.delete(path);
    this.queue.delete(uri);
    this.changed();
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  /** The URIs of the files known. */
  uris(): string[] {
    return [...this.entries.keys()];
  }

  /** The files known (analysed or waiting). */
  get size(): number {
    return this.entries.size;
  }

  /** Files waiting for analysis. */
  get pending(): number {
    return this.queue.size;
  }

  /** A number that changes whenever what the index links may have changed. */
  get generation(): number {
    return this.changes;
  }

  /** Analyses waiting files for about `budgetMs`; true while some remain. */
  work(budgetMs: number): boolean {
    const deadline = performance.now() + budgetMs;
    for (const uri of this.queue) {
      this.analyze(uri);
      if (performance.now() >= deadline) break;
    }
    return this.queue.size > 0;
  }

  /** Analyses `uri` now if it is waiting (a query about an open document must see its latest text). */
  analyzeNow(uri: string): void {
    if (this.queue.has(uri)) this.analyze(uri);
  }

  private analyze(uri: string): void {
    this.queue.delete(uri);
    const entry = this.entries.get(uri);
    if (!entry || entry.text === undefined) return;
    const text = entry.text;
    entry.text = undefined;
    const regions = entry.regions;
    entry.regions = undefined;
    const host = hostFor(entry.languageId);
    let facts: Facts;
    if (!host || text.length > MAX_INDEXED_SIZE) {
      facts = { uri, path: pathOfUri(uri), routes: noRoutes(), steps: { responses: [], targets: [] }, lineStarts: [0] };
    } else {
      let routes: FileRoutes;
      let steps: FileSteps;
      try {
        routes = host.readRoutes?.(text, entry.languageId) ?? noRoutes();
      } catch {
        routes = noRoutes(); // a bug of ours must not take the index down
      }
      try {
        steps = readSteps(regions ?? host.findRegions(text, entry.languageId));
      } catch {
        steps = { responses: [], targets: [] };
      }
      facts = { uri, path: pathOfUri(uri), routes, steps, lineStarts: lineStartsOf(text) };
    }
    entry.facts = facts;
    this.changed();
  }

  private changed(): void {
    this.changes++;
    this.linked = undefined;
  }

  // ----- queries ------------------------------------------------------------------------------------

  /** Every route of the workspace, in file order. */
  routes(): readonly Route[] {
    return this.link().routes;
  }

  /** Every step (a URL some VoiceML leads to) of the workspace, in file order. */
  steps(): readonly Step[] {
    return this.link().steps;
  }

  /** Does a file's VoiceML lead anywhere (without joining the workspace)? */
  hasTargets(uri: string): boolean {
    this.analyzeNow(uri);
    return (this.entries.get(uri)?.facts?.steps.targets.length ?? 0) > 0;
  }

  /** The steps written in a file. */
  stepsIn(uri: string): readonly Step[] {
    this.analyzeNow(uri);
    return this.link().stepsByUri.get(uri) ?? [];
  }

  /** The step whose URL is at `offset` (inclusive of its end) in a file. */
  stepAt(uri: string, offset: number): Step | undefined {
    return this.stepsIn(uri).find((s) => s.target.start <= offset && offset <= s.target.end);
  }

  /** The routes a file registers. */
  routesIn(uri: string): readonly Route[] {
    this.analyzeNow(uri);
    return this.link().routes.filter((r) => r.uri === uri);
  }

  /** The routes whose registration (the call or decorated function) holds `offset`, innermost path first. */
  routesAt(uri: string, offset: number): Route[] {
    return this.routesIn(uri).filter((r) => r.decl.range.start <= offset && offset <= r.decl.range.end);
  }

  /** The routes whose handler holds `offset` of a file: the routes a response written there answers. */
  routesAnswering(uri: string, offset: number): Route[] {
    this.analyzeNow(uri);
    return this.link().routes.filter((r) => r.handlers.some((h) => h.uri === uri && h.span.start <= offset && offset < h.span.end));
  }

  /**
   * The steps that lead to a route: which verbs (Gather, Record, Dial, Redirect) the platform follows to reach
   * it, hence which callback parameters it receives.
   */
  incoming(route: Route): readonly Step[] {
    return this.link().incoming.get(route) ?? [];
  }

  /** The steps a route's responses lead to. */
  outgoing(route: Route): readonly Step[] {
    return this.link().outgoing.get(route) ?? [];
  }

  /** The responses a route answers with (in its handler code), with the conditions on each. */
  responsesOf(route: Route): { uri: string; response: ResponseSummary; when: When[] }[] {
    const out: { uri: string; response: ResponseSummary; when: When[] }[] = [];
    for (const handler of route.handlers) {
      const facts = this.entries.get(handler.uri)?.facts;
      if (!facts) continue;
      for (const response of facts.steps.responses) {
        if (response.start >= handler.span.start && response.end <= handler.span.end) out.push({ uri: handler.uri, response, when: whenAt(facts.routes.conditions, response.start) });
      }
    }
    return out;
  }

  /** The responses written outside any route's handler, by file (helpers, `.xml` files). */
  looseResponses(): { uri: string; response: ResponseSummary }[] {
    const linked = this.link();
    const out: { uri: string; response: ResponseSummary }[] = [];
    for (const facts of this.analysed()) {
      for (const response of facts.steps.responses) {
        if (!linked.routes.some((r) => r.handlers.some((h) => h.uri === facts.uri && response.start >= h.span.start && response.end <= h.span.end))) out.push({ uri: facts.uri, response });
      }
    }
    return out;
  }

  /** Line and character (UTF-16) of an offset in an analysed file. */
  positionOf(uri: string, offset: number): { line: number; character: number } {
    const starts = this.entries.get(uri)?.facts?.lineStarts ?? [0];
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >>> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - starts[low]! };
  }

  /** The file's path for a `file:` URI (posix), else undefined. */
  pathOf(uri: string): string | undefined {
    return pathOfUri(uri);
  }

  /**
   * Can the workspace tell that no route serves `path`: it serves the same base (a route whose path starts with
   * the same segments but the last), and no route whose path or prefix is unknown could be it.
   */
  judges(path: string): boolean {
    const linked = this.link();
    if (linked.unknownPaths) return false;
    const segments = segmentsOf(path);
    const base = segments.slice(0, -1);
    return linked.routes.some((r) => {
      if (!r.prefixKnown || !r.pattern) return false;
      const prefix = literalPrefix(r.pattern);
      return r.pattern.segments.length > base.length && base.every((s, i) => prefix[i] === s);
    });
  }

  /** The cycles of responses that only redirect (see `Linked.loops`). */
  loops(): readonly Loop[] {
    return this.link().loops;
  }

  private *analysed(): Generator<Facts> {
    for (const entry of this.entries.values()) if (entry.facts) yield entry.facts;
  }

  // ----- linking ------------------------------------------------------------------------------------

  private link(): Linked {
    if (this.linked) return this.linked;
    this.linked = new Linker(this.entries, this.byPath).link();
    return this.linked;
  }
}

/** A cycle of routes whose responses only redirect to each other. */
export interface Loop {
  /** The routes' paths in the order the call goes round, the first again at the end. */
  paths: string[];
  /** The Redirect steps that close the cycle, one per route, in that order. */
  steps: Step[];
}

interface Linked {
  routes: Route[];
  steps: Step[];
  stepsByUri: Map<string, Step[]>;
  incoming: Map<Route, Step[]>;
  outgoing: Map<Route, Step[]>;
  /** A route of the workspace has a path the code computes: no missing route can be told. */
  unknownPaths: boolean;
  loops: Loop[];
}

/** A router somewhere in the workspace. */
interface RouterNode {
  uri: string;
  decl: RouterDecl;
  /** Mounts that place it under another router. */
  parents: { parent: RouterNode; prefix: string | undefined; replacesOwnPrefix: boolean }[];
}

/** A prefix in front of a router's routes: its text, and whether the front of it is known. */
interface Prefix {
  text: string;
  known: boolean;
}

/** At most this many prefixes per router (a router mounted in many places, or a chain of them). */
const MAX_PREFIXES = 16;
/** How many imports and exports are followed in a row (also stops cycles of re-exports). */
const MAX_HOPS = 8;

class Linker {
  private readonly routers = new Map<string, RouterNode>();

  constructor(
    private readonly entries: ReadonlyMap<string, Entry>,
    private readonly byPath: ReadonlyMap<string, string>,
  ) {}

  link(): Linked {
    const files = [...this.entries.values()].flatMap((e) => (e.facts ? [e.facts] : []));
    for (const facts of files) for (const decl of facts.routes.routers) this.routers.set(routerId(facts.uri, decl.key), { uri: facts.uri, decl, parents: [] });
    for (const facts of files) {
      for (const mount of facts.routes.mounts) {
        const parents = this.routersOf(facts.uri, mount.parent);
        const children = this.routersOf(facts.uri, mount.child);
        for (const child of children) for (const parent of parents) child.parents.push({ parent, prefix: mount.prefix, replacesOwnPrefix: mount.replacesOwnPrefix === true });
      }
    }
    const routes: Route[] = [];
    let unknownPaths = false;
    for (const facts of files) {
      for (const decl of facts.routes.routes) {
        const handlers = [...decl.handlers.map((span) => ({ uri: facts.uri, span })), ...(decl.handlerRefs ?? []).flatMap((ref) => this.functionsOf(facts.uri, ref))];
        if (!decl.router) {
          const path = decl.exported !== undefined && facts.path !== undefined ? fileRoutePath(facts.path, decl.exported) : undefined;
          if (path !== undefined) routes.push({ uri: facts.uri, decl, path, pattern: patternOf(path), prefixKnown: true, methods: decl.methods, handlers });
          continue;
        }
        const routers = this.routersOf(facts.uri, decl.router);
        const prefixes = routers.length > 0 ? routers.flatMap((r) => this.prefixesOf(r, new Set())) : [{ text: '', known: false }];
        for (const prefix of unique(prefixes)) {
          const path = decl.path === undefined ? undefined : joinPaths(prefix.text, decl.path);
          if (path === undefined) unknownPaths = true;
          routes.push({ uri: facts.uri, decl, path, pattern: path === undefined ? undefined : patternOf(path), prefixKnown: prefix.known, methods: decl.methods, handlers });
        }
      }
    }
    const byPath = new Map<string, Route[]>();
    const patterned: Route[] = [];
    for (const route of routes) {
      if (route.path === undefined) continue;
      if (route.prefixKnown && route.pattern!.literal) {
        const list = byPath.get(route.path) ?? [];
        list.push(route);
        byPath.set(route.path, list);
      } else patterned.push(route);
    }

    const steps: Step[] = [];
    const stepsByUri = new Map<string, Step[]>();
    const incoming = new Map<Route, Step[]>();
    const outgoing = new Map<Route, Step[]>();
    for (const facts of files) {
      const fileSteps: Step[] = [];
      for (const target of facts.steps.targets) {
        const from = routes.filter((r) => r.handlers.some((h) => h.uri === facts.uri && h.span.start <= target.start && target.end <= h.span.end));
        const step = this.resolve(facts, target, from, byPath, patterned);
        fileSteps.push(step);
        steps.push(step);
        for (const route of step.to) push(incoming, route, step);
        for (const route of from) push(outgoing, route, step);
      }
      if (fileSteps.length > 0) stepsByUri.set(facts.uri, fileSteps);
    }
    const linked: Linked = { routes, steps, stepsByUri, incoming, outgoing, unknownPaths, loops: [] };
    const redirects = new Set<Target>();
    for (const facts of files) for (const response of facts.steps.responses) for (const i of response.redirects) redirects.add(facts.steps.targets[i]!);
    linked.loops = findLoops(linked, (route) => this.responsesOf(route), (step) => redirects.has(step.target));
    return linked;
  }

  private responsesOf(route: Route): ResponseSummary[] {
    const out: ResponseSummary[] = [];
    for (const handler of route.handlers) {
      const facts = this.entries.get(handler.uri)?.facts;
      for (const response of facts?.steps.responses ?? []) if (response.start >= handler.span.start && response.end <= handler.span.end) out.push(response);
    }
    return out;
  }

  private resolve(facts: Facts, target: Target, from: Route[], byPath: Map<string, Route[]>, patterned: Route[]): Step {
    const when = whenAt(facts.routes.conditions, target.start);
    const base = from.find((r) => r.path !== undefined)?.path;
    const path = target.url !== undefined ? pathOfUrl(target.url, base) : undefined;
    if (path !== undefined) {
      const segments = segmentsOf(path);
      const certain = [...(byPath.get(path) ?? []), ...patterned.filter((r) => r.prefixKnown && matches(r.pattern!, segments))];
      const guessed = patterned.filter((r) => !r.prefixKnown && matchesTail(r.pattern!, segments));
      return { uri: facts.uri, target, from, resolution: 'path', path, to: [...certain, ...guessed], certain: guessed.length === 0, when };
    }
    const tail = target.url === undefined && target.tail !== undefined ? tailPathOf(target.tail) : undefined;
    if (tail !== undefined) {
      const segments = segmentsOf(tail);
      const to = [...byPath.values()].flat().concat(patterned).filter((r) => r.pattern && endsWith(r.pattern, segments));
      return { uri: facts.uri, target, from, resolution: 'tail', path: tail, to, certain: false, when };
    }
    return { uri: facts.uri, target, from, resolution: 'unknown', path: undefined, to: [], certain: false, when };
  }

  /** The prefixes in front of a router's routes: through every chain of mounts up to an app, or to where the chain is lost. */
  private prefixesOf(router: RouterNode, visiting: Set<RouterNode>): Prefix[] {
    const own = router.decl.prefix;
    if (visiting.has(router)) return [{ text: '', known: false }];
    if (router.parents.length === 0) {
      // An app is the root of the URL space; a router mounted nowhere we can see is under an unknown prefix.
      return [{ text: own ?? '', known: router.decl.kind === 'app' && own !== undefined }];
    }
    visiting.add(router);
    const out: Prefix[] = [];
    for (const { parent, prefix, replacesOwnPrefix } of router.parents) {
      for (const above of this.prefixesOf(parent, visiting)) {
        const mine = replacesOwnPrefix ? '' : own;
        const known = above.known && prefix !== undefined && mine !== undefined;
        out.push({ text: joinPaths(above.text, prefix ?? '', mine ?? ''), known });
        if (out.length >= MAX_PREFIXES) break;
      }
      if (out.length >= MAX_PREFIXES) break;
    }
    visiting.delete(router);
    return out;
  }

  /** The routers a reference in a file stands for (through imports, function parameters and return values). */
  private routersOf(uri: string, ref: Ref, hops = 0): RouterNode[] {
    const entity = this.entityOf(uri, ref, hops);
    if (!entity) return [];
    const facts = this.entries.get(entity.uri)?.facts;
    if (!facts) return [];
    if (ref.parameter !== undefined) {
      const decl = facts.routes.routers.find((r) => r.kind === 'parameter' && r.function === entity.key && r.index === ref.parameter);
      const node = decl && this.routers.get(routerId(entity.uri, decl.key));
      return node ? [node] : [];
    }
    if (ref.returned) {
      return facts.routes.returns.filter((r) => r.function === entity.key).flatMap((r) => (hops < MAX_HOPS ? this.routersOf(entity.uri, r.router, hops + 1) : []));
    }
    const node = this.routers.get(routerId(entity.uri, entity.key));
    return node ? [node] : [];
  }

  /** The function spans a handler reference stands for (an imported controller). */
  private functionsOf(uri: string, ref: Ref): { uri: string; span: Span }[] {
    const entity = this.entityOf(uri, ref, 0);
    if (!entity) return [];
    const fn = this.entries.get(entity.uri)?.facts?.routes.functions.find((f) => f.key === entity.key);
    return fn ? [{ uri: entity.uri, span: fn.span }] : [];
  }

  /** What a reference names, in the file that defines it: a key there, after following imports and exports. */
  private entityOf(uri: string, ref: Ref, hops: number): { uri: string; key: string } | undefined {
    const facts = this.entries.get(uri)?.facts;
    if (!facts || hops > MAX_HOPS) return undefined;
    const imports = facts.routes.imports.filter((i) => i.key === ref.key);
    if (imports.length === 0) return { uri, key: ref.key };
    for (const decl of imports) {
      for (const file of this.candidates(facts, decl.candidates, decl.anchor)) {
        const exports = this.entries.get(file)?.facts?.routes.exports;
        if (!exports) continue;
        // `import * as ns` + `ns.router`; `require('./x').router` read as the default's member when there is no default.
        const names = decl.imported === '*' ? (ref.member !== undefined ? [ref.member] : []) : decl.imported === 'default' && ref.member !== undefined ? [ref.member, 'default'] : [decl.imported];
        for (const name of names) {
          const exported = exports.find((e) => e.name === name);
          const entity = exported && this.entityOf(file, { ...exported.ref, member: undefined }, hops + 1);
          if (entity) return entity;
        }
      }
    }
    return undefined;
  }

  /** The URIs of the workspace files an import may name. */
  private *candidates(facts: Facts, candidates: readonly string[], anchor: 'file' | 'ancestors'): Generator<string> {
    if (facts.path === undefined) return;
    let folder = posix.dirname(facts.path);
    for (;;) {
      for (const candidate of candidates) {
        const uri = this.byPath.get(posix.join(folder, candidate));
        if (uri !== undefined) yield uri;
      }
      if (anchor === 'file') return;
      const up = posix.dirname(folder);
      if (up === folder) return;
      folder = up;
    }
  }
}

/**
 * Cycles of responses that only redirect: routes all of whose responses have a `<Redirect>` and no verb that
 * waits for the caller or ends the call (`ResponseSummary.stops`), whose every redirect leads only to such
 * routes. A route with a way out — a branch that gathers, a redirect that goes elsewhere or cannot be told —
 * is not in a loop. One loop per cycle, its steps in the order the call goes round.
 */
function findLoops(linked: Linked, responsesOf: (route: Route) => ResponseSummary[], isRedirect: (step: Step) => boolean): Loop[] {
  const redirectsOf = new Map<Route, Step[]>();
  for (const route of linked.routes) {
    const responses = responsesOf(route);
    if (responses.length === 0 || responses.some((r) => r.stops || r.open || r.redirects.length === 0)) continue;
    redirectsOf.set(route, (linked.outgoing.get(route) ?? []).filter(isRedirect));
  }
  // The platform always POSTs: a redirect reaches the routes of the path that take POST.
  const next = (step: Step): Route[] => step.to.filter((r) => r.methods.includes('POST') || r.methods.includes('*'));
  let candidates = new Set(redirectsOf.keys());
  for (let changed = true; changed; ) {
    changed = false;
    for (const route of candidates) {
      const steps = redirectsOf.get(route)!;
      const escapes = steps.length === 0 || steps.some((s) => s.resolution !== 'path' || !s.certain || next(s).length === 0 || next(s).some((r) => !candidates.has(r)));
      if (escapes) {
        candidates.delete(route);
        changed = true;
      }
    }
  }
  // Walk each remaining route round its cycle; report each cycle once, from its first route in file order.
  const loops: Loop[] = [];
  const reported = new Set<Route>();
  const order = [...candidates].sort((a, b) => compareRoutes(a, b));
  for (const start of order) {
    if (reported.has(start)) continue;
    const path: Route[] = [];
    const steps: Step[] = [];
    const seen = new Map<Route, number>();
    let route: Route | undefined = start;
    while (route && !seen.has(route)) {
      seen.set(route, path.length);
      path.push(route);
      const step: Step | undefined = redirectsOf.get(route)![0];
      if (!step) break;
      steps.push(step);
      route = next(step).find((r) => candidates.has(r));
    }
    if (!route || !seen.has(route)) continue;
    const at = seen.get(route)!;
    const cycle = path.slice(at);
    if (cycle.some((r) => reported.has(r))) continue;
    for (const r of cycle) reported.add(r);
    // Start the cycle at its first route in file order, so the finding stands at a stable place.
    const first = cycle.indexOf([...cycle].sort(compareRoutes)[0]!);
    const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
    const cycleSteps = steps.slice(at);
    const rotatedSteps = [...cycleSteps.slice(first), ...cycleSteps.slice(0, first)];
    loops.push({ paths: [...rotated, rotated[0]!].map((r) => r.path ?? '?'), steps: rotatedSteps });
  }
  return loops;
}

function compareRoutes(a: Route, b: Route): number {
  return a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.decl.range.start - b.decl.range.start;
}

/** The conditions on platform parameters around `offset`, combined per parameter. */
function whenAt(conditions: readonly Condition[], offset: number): When[] {
  const byParameter = new Map<string, When>();
  for (const condition of conditions) {
    if (condition.span.start > offset || offset >= condition.span.end || !PARAMETERS.has(condition.parameter)) continue;
    const when = byParameter.get(condition.parameter) ?? { parameter: condition.parameter };
    if (condition.equals) when.equals = when.equals ? when.equals.filter((v) => condition.equals!.includes(v)) : [...condition.equals];
    if (condition.otherThan) when.otherThan = [...new Set([...(when.otherThan ?? []), ...condition.otherThan])];
    byParameter.set(condition.parameter, when);
  }
  for (const when of byParameter.values()) {
    // Known to be one value: the values it is not add nothing.
    if (when.equals && when.otherThan) {
      when.equals = when.equals.filter((v) => !when.otherThan!.includes(v));
      delete when.otherThan;
    }
  }
  return [...byParameter.values()];
}

function routerId(uri: string, key: string): string {
  return `${uri}\n${key}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique(prefixes: Prefix[]): Prefix[] {
  const seen = new Set<string>();
  return prefixes.filter((p) => {
    const key = `${p.known}${p.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** The decoded posix path of a `file:` URI; undefined for other schemes. */
export function pathOfUri(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return posix.normalize(decodeURIComponent(new URL(uri).pathname));
  } catch {
    return undefined;
  }
}
