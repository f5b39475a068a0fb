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
import { moveRoutes, noRoutes, type Condition, type FileRoutes, type Ref, type RouteDecl, type RouterDecl, type Span } from '../document/routes';
import { codeKept, type TextChange } from '../document/change';
import { countBefore, spansHolding } from '../document/search';
import { hostFor } from '../hosts';
import { noHandlerCode, type HandlerCode } from '../document/handlers';
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
  /** Where each line starts (`lineStartsOf`). */
  lineStarts: Int32Array;
  /**
   * What the file says that joins files into routes (`topologyOf`): the same after an edit, a quick join will
   * do. Worked out when a join first compares it (a file's first join has nothing to compare it with).
   */
  topology: () => string;
  /** The regions the steps were read from, when the caller gave them. */
  regions?: readonly VoiceMLRegion[];
  /** The change since the file's last facts when its code only moved (see `codeKept`): its routes, handlers and conditions too. */
  moved?: TextChange;
}

/** A file's code moved past `change` (see `FlowIndex.movedSince`): the generations before and after it. */
interface Move {
  uri: string;
  before: number;
  after: number;
  change: TextChange;
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
  /**
   * The URIs of the files, sorted: the index's file order, made again when a file comes or goes. Not the order
   * the files came in: what the index says (which route a step meets first, where a loop is reported) must
   * follow from the workspace's files alone, not from which the editor opened or the disk gave first.
   */
  private order: string[] | undefined;
  /** Files waiting for analysis, in the order they came. */
  private readonly queue = new Set<string>();
  /** File path → URI, for imports. */
  private readonly byPath = new Map<string, string>();
  private linked: Linked | undefined;
  /** What linking computed from texts alone, kept from one join of the workspace to the next. */
  private readonly memo = new LinkMemo();
  /** The last join, and the facts of each file it was made from. */
  private last: { linked: Linked; facts: Map<string, Facts> } | undefined;
  /** Files whose facts changed since the last join. */
  private readonly dirty = new Set<string>();
  /** Counts every change that can alter what is linked (a file analysed anew or removed). */
  private changes = 0;
  /**
   * The last change when it was a file's code moving past a change in a response's text (`Facts.moved`): the
   * generations before and after it. Told by `movedSince` once a join kept every step of the file.
   */
  private pendingMove: Move | undefined;
  /** `pendingMove`, once the join after it kept every step of the file. */
  private confirmedMove: Move | undefined;
  /** The generation the last join was made at. */
  private linkedAt = -1;

  /** Sets a file's text: from disk, or an open editor's. `regions`: the file's VoiceML regions when the caller has them. */
  update(uri: string, text: string, languageId: string, regions?: readonly VoiceMLRegion[]): void {
    const entry: Entry = { uri, languageId, text, regions, facts: this.entries.get(uri)?.facts };
    if (!this.entries.has(uri)) this.order = undefined;
    this.entries.set(uri, entry);
    const path = pathOfUri(uri);
    if (path !== undefined) this.byPath.set(path, uri);
    this.queue.add(uri);
  }

  remove(uri: string): void {
    if (!this.entries.delete(uri)) return;
    this.order = undefined;
    const path = pathOfUri(uri);
    if (path !== undefined && this.byPath.get(path) === uri) this.byPath.delete(path);
    this.queue.delete(uri);
    this.changed(uri);
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
      facts = { uri, path: pathOfUri(uri), routes: noRoutes(), steps: { responses: [], targets: [] }, lineStarts: FIRST_LINE, topology: noTopology };
    } else {
      let routes: FileRoutes;
      let steps: FileSteps;
      // Regions moved past a change in a response's text: the code, hence the routes, only moved.
      const kept = regions && entry.facts?.regions ? codeKept(regions, entry.facts.regions) : undefined;
      const before = kept ? entry.facts : undefined;
      // The regions first: the routes are the last question asked of the text (see `Host.readRoutes`).
      try {
        steps = readSteps(regions ?? host.findRegions(text, entry.languageId));
      } catch {
        steps = { responses: [], targets: [] }; // a bug of ours must not take the index down
      }
      try {
        routes = before ? moveRoutes(before.routes, kept!) : (host.readRoutes?.(text, entry.languageId, regions) ?? noRoutes());
      } catch {
        routes = noRoutes();
      }
      facts = { uri, path: pathOfUri(uri), routes, steps, lineStarts: before ? movedLineStarts(before.lineStarts, kept!, text) : lineStartsOf(text), topology: before?.topology ?? topologyLater(routes), regions, moved: kept };
    }
    entry.facts = facts;
    const before = this.changes;
    this.changed(uri);
    if (facts.moved) this.pendingMove = { uri, before, after: this.changes, change: facts.moved };
  }

  /** A file's facts changed (analysed anew, or removed). */
  private changed(uri: string): void {
    this.changes++;
    this.linked = undefined;
    this.dirty.add(uri);
    this.pendingMove = undefined;
  }

  /**
   * The change `uri`'s code only moved past since `generation`, when that is all that changed in what the index
   * links: the file analysed once since, after a change made inside a response's text (`Facts.moved`), and the
   * join after it kept every step of the file (none came or went, none resolves otherwise). What the workspace
   * says of the file's handlers — their routes, the steps leading there, the responses they give — is then what
   * it said, moved with the text. Undefined otherwise.
   */
  movedSince(uri: string, generation: number): TextChange | undefined {
    this.analyzeNow(uri);
    this.link();
    const move = this.confirmedMove;
    return move && move.uri === uri && move.before === generation && move.after === this.changes ? move.change : undefined;
  }

  // ----- queries ------------------------------------------------------------------------------------

  /**
   * Every route of the workspace, in file order. The same list (the same object) while the joins only move
   * routes (`Linker.relink`): their paths are the same.
   */
  routes(): readonly Route[] {
    return this.link().routes;
  }

  /** Every step (a URL some VoiceML leads to) of the workspace, in file order. */
  steps(): readonly Step[] {
    const linked = this.link();
    return (linked.steps ??= [...linked.stepsByUri.values()].flat());
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

  /** What a file's handlers do with the platform's request and their answer (`document/handlers.ts`). */
  handlerCodeIn(uri: string): HandlerCode {
    this.analyzeNow(uri);
    return this.entries.get(uri)?.facts?.routes.code ?? noHandlerCode();
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
    return (this.link().handledIn.get(uri) ?? []).filter((r) => r.handlers.some((h) => h.uri === uri && h.span.start <= offset && offset < h.span.end));
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
        const handled = linked.handledIn.get(facts.uri) ?? [];
        if (!handled.some((r) => r.handlers.some((h) => h.uri === facts.uri && response.start >= h.span.start && response.end <= h.span.end))) out.push({ uri: facts.uri, response });
      }
    }
    return out;
  }

  /** Line and character (UTF-16) of an offset in an analysed file. */
  positionOf(uri: string, offset: number): { line: number; character: number } {
    const starts = this.entries.get(uri)?.facts?.lineStarts ?? FIRST_LINE;
    // The last line starting at or before the offset (the first starts at 0).
    const line = Math.max(0, firstAfter(starts, offset) - 1);
    return { line, character: offset - starts[line]! };
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
    const judged = (linked.judged ??= new Map());
    let verdict = judged.get(path);
    if (verdict === undefined) {
      verdict = (linked.servedBases ??= servedBasesOf(linked.routes)).has(segmentsOf(path).slice(0, -1).join('/'));
      judged.set(path, verdict);
    }
    return verdict;
  }

  /** The cycles of responses that only redirect (see `Linked.loops`). */
  loops(): readonly Loop[] {
    return this.link().loops;
  }

  /** The facts of the files analysed, in file order. */
  private analysed(): Facts[] {
    this.order ??= [...this.entries.keys()].sort();
    const files: Facts[] = [];
    for (const uri of this.order) {
      const facts = this.entries.get(uri)!.facts;
      if (facts) files.push(facts);
    }
    return files;
  }

  // ----- linking ------------------------------------------------------------------------------------

  /**
   * The workspace joined. After edits that leave every changed file's topology as it was (a keystroke in a
   * handler, a URL edited), the last join is brought up to date instead of made anew: routes keep their
   * identity and paths, only the changed files' spans and steps are read again (`Linker.relink`).
   */
  private link(): Linked {
    if (this.linked) return this.linked;
    const linker = new Linker(this.entries, this.analysed(), this.byPath, this.memo);
    const last = this.last;
    const quick = last !== undefined && [...this.dirty].every((uri) => (last.facts.get(uri)?.topology() ?? NO_TOPOLOGY) === (this.entries.get(uri)?.facts?.topology() ?? NO_TOPOLOGY));
    const linked = quick ? linker.relink(last.linked, this.dirty, last.facts) : linker.link();
    // The last change only moved a file's code, from the generation of the last join (so no other file changed
    // since): did every step of the file stay?
    const move = this.pendingMove;
    const stepsKept = (uri: string): boolean => {
      const was = last!.linked.stepsByUri.get(uri) ?? NO_STEPS;
      const now = linked.stepsByUri.get(uri) ?? NO_STEPS;
      return was.length === now.length && was.every((step, i) => step === now[i]);
    };
    this.confirmedMove = quick && move && move.before === this.linkedAt && move.after === this.changes && stepsKept(move.uri) ? move : undefined;
    this.linkedAt = this.changes;
    const facts = quick ? last.facts : new Map<string, Facts>();
    if (quick) {
      for (const uri of this.dirty) {
        const now = this.entries.get(uri)?.facts;
        if (now) facts.set(uri, now);
        else facts.delete(uri);
      }
    } else for (const entry of this.entries.values()) if (entry.facts) facts.set(entry.uri, entry.facts);
    this.dirty.clear();
    this.last = { linked, facts };
    this.memo.trim();
    return (this.linked = linked);
  }
}

/**
 * What the join of a workspace computes from texts alone — paths joined and read as patterns, the paths URLs ask
 * for, the conditions around a target — kept from one join to the next: after an edit the workspace is joined
 * again, and all but the edited file's share of this is the same. Bounded: emptied when it grows past
 * `MAX_MEMO` entries (a workspace that large joins from scratch once, then fills it again).
 */
class LinkMemo {
  private readonly joined = new Map<string, string>();
  private readonly patterns = new Map<string, Pattern>();
  private readonly segmentLists = new Map<string, string[]>();
  private readonly urlPaths = new Map<string, string | undefined>();
  private readonly tails = new Map<string, string | undefined>();

  join(prefix: string, path: string): string {
    const key = `${prefix}\n${path}`;
    let joined = this.joined.get(key);
    if (joined === undefined) this.joined.set(key, (joined = joinPaths(prefix, path)));
    return joined;
  }

  pattern(path: string): Pattern {
    let pattern = this.patterns.get(path);
    if (!pattern) this.patterns.set(path, (pattern = patternOf(path)));
    return pattern;
  }

  segments(path: string): string[] {
    let segments = this.segmentLists.get(path);
    if (!segments) this.segmentLists.set(path, (segments = segmentsOf(path)));
    return segments;
  }

  /** `tailPathOf` a URL's known end: the same few ends (`/menu`) close many URLs of a file. */
  tailPath(tail: string): string | undefined {
    if (this.tails.has(tail)) return this.tails.get(tail);
    const path = tailPathOf(tail);
    this.tails.set(tail, path);
    return path;
  }

  pathOfUrl(url: string, base: string | undefined): string | undefined {
    const key = base === undefined ? url : `${base}\n${url}`;
    if (this.urlPaths.has(key)) return this.urlPaths.get(key);
    const path = pathOfUrl(url, base);
    this.urlPaths.set(key, path);
    return path;
  }


  trim(): void {
    for (const map of [this.joined, this.patterns, this.segmentLists, this.urlPaths, this.tails]) if (map.size > MAX_MEMO) map.clear();
  }
}

/** Entries of each of `LinkMemo`'s maps at most. */
const MAX_MEMO = 100_000;

/** A cycle of routes whose responses only redirect to each other. */
export interface Loop {
  /** The routes' paths in the order the call goes round, the first again at the end. */
  paths: string[];
  /** The Redirect steps that close the cycle, one per route, in that order. */
  steps: Step[];
}

interface Linked {
  routes: Route[];
  /** Every step in file order: made when asked for (`stepsByUri` is in file order). */
  steps: Step[] | undefined;
  stepsByUri: Map<string, Step[]>;
  incoming: Map<Route, Step[]>;
  outgoing: Map<Route, Step[]>;
  /** A route of the workspace has a path the code computes: no missing route can be told. */
  unknownPaths: boolean;
  loops: Loop[];
  /** The routes, arranged for looking up the routes a path reaches. */
  table: RouteTable;
  /** The routes whose handler code is in each file. */
  handledIn: Map<string, Route[]>;
  /** `judges` by path, as asked (kept by a quick join: the routes and their paths are the same). */
  judged?: Map<string, boolean>;
  /** What `judges` reads, made when first asked (see `servedBasesOf`; kept as `judged` is). */
  servedBases?: Set<string>;
}

/**
 * The bases the workspace serves for certain, each as its segments joined by `/`: a route of a known path whose
 * literal segments start with the base and go on past it (`/ivr/menu` and `/ivr/:step` serve `` and `ivr`).
 * Made once, not per path asked: each path would go over every route.
 */
function servedBasesOf(routes: readonly Route[]): Set<string> {
  const bases = new Set<string>();
  for (const route of routes) {
    if (!route.prefixKnown || !route.pattern) continue;
    const prefix = literalPrefix(route.pattern);
    const longest = Math.min(prefix.length, route.pattern.segments.length - 1);
    for (let length = 0; length <= longest; length++) bases.add(prefix.slice(0, length).join('/'));
  }
  return bases;
}

/**
 * The routes of known paths, arranged for the questions a step asks: the routes of a literal path (by its text),
 * and the others — with parameters, or under an unknown prefix — by the last segment they match (a literal last
 * segment only matches a path ending in it), so that a step tries only the routes that could be it. Lists are
 * in the routes' order.
 */
class RouteTable {
  /** Routes of known prefix and literal path, by path. */
  private readonly byPath = new Map<string, Route[]>();
  /** The other routes by their literal last segment; `WILD` for those ending in a parameter. */
  private readonly patterned = new Map<string, Route[]>();
  /** Every route by its literal last segment (`WILD` as above). */
  private readonly all = new Map<string, Route[]>();
  private readonly order = new Map<Route, number>();

  constructor(routes: readonly Route[]) {
    for (const route of routes) {
      if (route.path === undefined) continue;
      this.order.set(route, this.order.size);
      const last = route.pattern!.segments[route.pattern!.segments.length - 1];
      const key = last?.kind === 'literal' ? last.text : WILD;
      push(this.all, key, route);
      if (route.prefixKnown && route.pattern!.literal) push(this.byPath, route.path, route);
      else push(this.patterned, key, route);
    }
  }

  withPath(path: string): readonly Route[] {
    return this.byPath.get(path) ?? NO_ROUTES;
  }

  /** The routes with parameters or an unknown prefix that may match a path of these segments. */
  patternedEndingIn(segments: readonly string[]): readonly Route[] {
    return this.merge(this.patterned, segments);
  }

  /** Every route whose path may end in these segments. */
  endingIn(segments: readonly string[]): readonly Route[] {
    return this.merge(this.all, segments);
  }

  private merge(map: ReadonlyMap<string, Route[]>, segments: readonly string[]): readonly Route[] {
    const named = (segments.length > 0 ? map.get(segments[segments.length - 1]!) : undefined) ?? NO_ROUTES;
    const wild = map.get(WILD) ?? NO_ROUTES;
    // One of them alone: the list kept (callers only read what this returns).
    if (wild.length === 0) return named;
    if (named.length === 0) return wild;
    return [...named, ...wild].sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }
}

/**
 * At most this many routes are taken as the ones a step may reach by the end of its path (a route under an unknown
 * prefix, a URL of unknown front): a workspace of many routers mounted where the code does not say — or not read
 * yet, while the index is being built — would otherwise give every step hundreds of guesses.
 */
const MAX_GUESSES = 16;

/** The first `MAX_GUESSES` routes of `routes` that `fits`, in order. */
function firstMatches(routes: readonly Route[], fits: (route: Route) => boolean): Route[] {
  const out: Route[] = [];
  for (const route of routes) {
    if (!fits(route)) continue;
    out.push(route);
    if (out.length === MAX_GUESSES) break;
  }
  return out;
}

/** No route: shared by the steps and lookups that find none (never changed). */
const NO_ROUTES: Route[] = Object.freeze([]) as unknown as Route[];
/** No step: a file's when it has none. */
const NO_STEPS: readonly Step[] = Object.freeze([]);

/** The key of routes whose path ends in a parameter (or is the root): a key no segment can be. */
const WILD = '/';

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
  private readonly prefixes = new Map<RouterNode, Prefix[]>();

  constructor(
    private readonly entries: ReadonlyMap<string, Entry>,
    /** The facts of the files analysed, in file order. */
    private readonly files: readonly Facts[],
    private readonly byPath: ReadonlyMap<string, string>,
    private readonly memo: LinkMemo,
  ) {}

  link(): Linked {
    const files = this.files;
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
        const handlers = this.handlersOf(facts.uri, decl);
        if (!decl.router) {
          const path = decl.exported !== undefined && facts.path !== undefined ? fileRoutePath(facts.path, decl.exported) : undefined;
          if (path !== undefined) routes.push({ uri: facts.uri, decl, path, pattern: this.memo.pattern(path), prefixKnown: true, methods: decl.methods, handlers });
          continue;
        }
        const routers = this.routersOf(facts.uri, decl.router);
        const prefixes = routers.length > 0 ? unique(routers.flatMap((r) => this.prefixesOfRouter(r))) : [{ text: '', known: false }];
        for (const prefix of prefixes) {
          const path = decl.path === undefined ? undefined : this.memo.join(prefix.text, decl.path);
          if (path === undefined) unknownPaths = true;
          routes.push({ uri: facts.uri, decl, path, pattern: path === undefined ? undefined : this.memo.pattern(path), prefixKnown: prefix.known, methods: decl.methods, handlers });
        }
      }
    }
    const table = new RouteTable(routes);

    const stepsByUri = new Map<string, Step[]>();
    const handledIn = handledInOf(routes);
    for (const facts of files) {
      const fileSteps = this.stepsOf(facts, handledIn, table);
      if (fileSteps.length > 0) stepsByUri.set(facts.uri, fileSteps);
    }
    const linked: Linked = { routes, steps: undefined, stepsByUri, incoming: new Map(), outgoing: new Map(), unknownPaths, loops: [], table, handledIn };
    for (const fileSteps of stepsByUri.values()) for (const step of fileSteps) addStep(linked, step);
    // A file's steps come in the order of its regions, those built from calls last: put in the lists' order.
    const order = stepOrder(files);
    for (const lists of [linked.incoming, linked.outgoing]) for (const list of lists.values()) list.sort(order);
    return this.withLoops(linked, files);
  }

  /**
   * `last` brought up to date after the files `changed` were analysed anew with their topology as it was (see
   * `topologyOf`): the same routers, mounts and routes, so every route keeps its path and its identity (the steps
   * of other files lead to it still); the changed files' routes take their new registrations and handler spans,
   * and their steps are resolved again, but for those the change only moved: the same objects, their targets
   * where they are now (a keystroke in a file of hundreds of steps touches a few). `lastFacts`: the facts
   * `last` was made from.
   */
  relink(last: Linked, changed: ReadonlySet<string>, lastFacts: ReadonlyMap<string, Facts>): Linked {
    const files = this.files;
    // The same topology: each registration now is the one at the same place in the file's list.
    const declNow = new Map<RouteDecl, RouteDecl>();
    for (const uri of changed) {
      const before = lastFacts.get(uri)?.routes.routes ?? [];
      const now = this.entries.get(uri)?.facts?.routes.routes ?? [];
      before.forEach((decl, i) => declNow.set(decl, now[i]!));
    }
    for (const route of last.routes) {
      if (changed.has(route.uri)) {
        const decl = declNow.get(route.decl)!;
        route.decl = decl;
        route.methods = decl.methods;
      }
      // Handlers written in a changed file: from the route's own file, or imported from there.
      if (changed.has(route.uri) || route.handlers.some((h) => changed.has(h.uri))) route.handlers = this.handlersOf(route.uri, route.decl);
    }
    // The changed files' steps replaced in the lists of the routes they lead to and from; the lists touched put
    // back in file order (as a join from scratch makes them), and so is the map of steps by file.
    const handledIn = handledInOf(last.routes);
    const linked: Linked = { ...last, steps: undefined, loops: [], handledIn };
    const touched = new Set<Step[]>();
    const stepsByUri = new Map<string, Step[]>();
    const added: Step[] = [];
    for (const facts of files) {
      let fileSteps = last.stepsByUri.get(facts.uri);
      if (changed.has(facts.uri)) {
        const was = fileSteps ?? [];
        fileSteps = this.stepsOf(facts, handledIn, last.table, facts.moved && { steps: was, change: facts.moved });
        // Kept steps are the same objects, at the start and the end of both lists (in the lists of their
        // routes still, in the same order): only the others leave them and join them.
        let head = 0;
        while (head < was.length && head < fileSteps.length && was[head] === fileSteps[head]) head++;
        let tail = 0;
        while (tail < was.length - head && tail < fileSteps.length - head && was[was.length - 1 - tail] === fileSteps[fileSteps.length - 1 - tail]) tail++;
        for (let i = head; i < was.length - tail; i++) for (const list of removeStep(linked, was[i]!)) touched.add(list);
        for (let i = head; i < fileSteps.length - tail; i++) added.push(fileSteps[i]!);
      }
      if (fileSteps && fileSteps.length > 0) stepsByUri.set(facts.uri, fileSteps);
    }
    // A file gone: its steps leave.
    for (const uri of changed) if (!this.entries.get(uri)?.facts) for (const step of last.stepsByUri.get(uri) ?? []) for (const list of removeStep(linked, step)) touched.add(list);
    for (const step of added) for (const list of addStep(linked, step)) touched.add(list);
    linked.stepsByUri = stepsByUri;
    const order = stepOrder(files);
    for (const list of touched) list.sort(order);
    return this.withLoops(linked, files);
  }

  /**
   * The steps of a file, its targets resolved; `handledIn`: the routes whose handler code is in each file.
   * `before`: the file's steps in the last join, when its code only moved since (`Facts.moved`): the targets
   * read as before, at the start and the end of the file's list, resolve as before (the same handlers hold them
   * and the same conditions, moved with them): those steps are kept, with the targets where they are now.
   */
  private stepsOf(facts: Facts, handledIn: ReadonlyMap<string, Route[]>, table: RouteTable, moved?: { steps: readonly Step[]; change: TextChange }): Step[] {
    const targets = facts.steps.targets;
    const before = moved?.steps;
    let head = 0;
    let tail = 0;
    if (moved) {
      // Before the change: where they were; after it: moved by what it added.
      const { change } = moved;
      const delta = change.newEnd - change.end;
      const same = (now: Target, was: Target, by: number): boolean => now.start === was.start + by && sameTarget(now, was);
      while (head < targets.length && head < before!.length && before![head]!.target.end <= change.start && same(targets[head]!, before![head]!.target, 0)) head++;
      while (
        tail < targets.length - head &&
        tail < before!.length - head &&
        before![before!.length - 1 - tail]!.target.start >= change.end &&
        same(targets[targets.length - 1 - tail]!, before![before!.length - 1 - tail]!.target, delta)
      ) {
        tail++;
      }
    }
    // A kept step is the step of the last join, its target where it is now (see `relink`).
    const kept = (i: number): Step | undefined => {
      const step = i < head ? before![i]! : i >= targets.length - tail ? before![before!.length - (targets.length - i)]! : undefined;
      if (step) step.target = targets[i]!;
      return step;
    };
    const handled = handledIn.get(facts.uri) ?? [];
    // Each handler span written in the file, with its route's place in `handled`.
    const spans = handled.flatMap((route, i) => route.handlers.flatMap((h) => (h.uri === facts.uri ? [{ span: h.span, route: i }] : [])));
    return targets.map((target, i) => {
      const step = kept(i);
      if (step) return step;
      let from: Route[];
      if (spans.length === 0) {
        from = NO_ROUTES; // no handler of the file's (an .xml file has none)
      } else if (target.start === target.end) {
        from = handled.filter((r) => r.handlers.some((h) => h.uri === facts.uri && h.span.start <= target.start && target.end <= h.span.end));
      } else {
        // The spans are in the order of their routes, and found in order: each route once, in order, as it comes.
        from = [];
        let last = -1;
        for (const k of spansHolding(spans, spanOfHandler, target.start)) {
          const { span, route } = spans[k]!;
          if (target.end <= span.end && route !== last) from.push(handled[(last = route)]!);
        }
      }
      return this.resolve(facts, target, from, table);
    });
  }

  /** The loops of the workspace, found once its steps are linked. */
  private withLoops(linked: Linked, files: readonly Facts[]): Linked {
    // A loop needs a response that only redirects: most workspaces have none (every response gathers, dials …).
    if (!files.some((facts) => facts.steps.responses.some((r) => !r.stops && !r.open && r.redirects.length > 0))) {
      linked.loops = [];
      return linked;
    }
    const redirects = new Set<Target>();
    for (const facts of files) for (const response of facts.steps.responses) for (const i of response.redirects) redirects.add(facts.steps.targets[i]!);
    linked.loops = findLoops(linked, (route) => this.responsesOf(route), (step) => redirects.has(step.target));
    return linked;
  }

  /** A route's handler code: the spans in its registration, and the functions it names from elsewhere. */
  private handlersOf(uri: string, decl: RouteDecl): Route['handlers'] {
    return [...decl.handlers.map((span) => ({ uri, span })), ...(decl.handlerRefs ?? []).flatMap((ref) => this.functionsOf(uri, ref))];
  }

  private responsesOf(route: Route): ResponseSummary[] {
    const out: ResponseSummary[] = [];
    for (const handler of route.handlers) {
      const facts = this.entries.get(handler.uri)?.facts;
      for (const response of facts?.steps.responses ?? []) if (response.start >= handler.span.start && response.end <= handler.span.end) out.push(response);
    }
    return out;
  }

  private resolve(facts: Facts, target: Target, from: Route[], table: RouteTable): Step {
    // What must hold for the step to be taken, worked out when first read (the graph reads it, no rule does).
    const conditions = facts.routes.conditions;
    const at = target.start;
    const when = (): When[] => whenAt(conditions, at);
    const base = from.find((r) => r.path !== undefined)?.path;
    const path = target.url !== undefined ? this.memo.pathOfUrl(target.url, base) : undefined;
    if (path !== undefined) {
      const segments = this.memo.segments(path);
      const patterned = table.patternedEndingIn(segments);
      // The routes that serve the path for certain, then at most `MAX_GUESSES` that may (of unknown prefix), in one list.
      const to: Route[] = [...table.withPath(path)];
      for (const route of patterned) if (route.prefixKnown && matches(route.pattern!, segments)) to.push(route);
      const guessed = firstMatches(patterned, (r) => !r.prefixKnown && matchesTail(r.pattern!, segments));
      for (const route of guessed) to.push(route);
      return new ResolvedStep(facts.uri, target, from, 'path', path, to, guessed.length === 0, when);
    }
    const tail = target.url === undefined && target.tail !== undefined ? this.memo.tailPath(target.tail) : undefined;
    if (tail !== undefined) {
      const segments = this.memo.segments(tail);
      const to = firstMatches(table.endingIn(segments), (r) => endsWith(r.pattern!, segments));
      return new ResolvedStep(facts.uri, target, from, 'tail', tail, to, false, when);
    }
    return new ResolvedStep(facts.uri, target, from, 'unknown', undefined, [], false, when);
  }

  /** `prefixesOf` a router, once per router in a join (its routes all share them). */
  private prefixesOfRouter(router: RouterNode): Prefix[] {
    let prefixes = this.prefixes.get(router);
    if (!prefixes) this.prefixes.set(router, (prefixes = this.prefixesOf(router, new Set())));
    return prefixes;
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

/**
 * Are two targets read the same way, wherever they stand: the same verb and URL, written the same, laid out the
 * same in their element and region (a JS/TS string moves with its region; in an .xml file the region is the
 * whole file, and a verb after an edit moves within it)?
 */
function sameTarget(a: Target, b: Target): boolean {
  return (
    a.verb === b.verb &&
    a.written === b.written &&
    a.url === b.url &&
    a.tail === b.tail &&
    a.end - a.start === b.end - b.start &&
    a.element - a.start === b.element - b.start &&
    a.local.end - a.local.start === b.local.end - b.local.start &&
    (a.local.editable?.start ?? a.local.start) - a.local.start === (b.local.editable?.start ?? b.local.start) - b.local.start &&
    (a.local.editable?.end ?? a.local.start) - a.local.start === (b.local.editable?.end ?? b.local.start) - b.local.start &&
    (a.local.editable === undefined) === (b.local.editable === undefined) &&
    (a.editable === undefined) === (b.editable === undefined)
  );
}

const spanOfHandler = (handler: { span: Span }): Span => handler.span;

/**
 * A step as a join resolves it. What must hold for it to be taken (`when`) is worked out when first read, from
 * the conditions of its file and where its target was when it was resolved (a step kept by a later join keeps
 * them, as its target moves with them).
 */
class ResolvedStep implements Step {
  private held: When[] | undefined;

  constructor(
    readonly uri: string,
    public target: Target,
    readonly from: Route[],
    readonly resolution: Step['resolution'],
    readonly path: string | undefined,
    readonly to: Route[],
    readonly certain: boolean,
    private conditions: (() => When[]) | undefined,
  ) {}

  get when(): When[] {
    if (this.held === undefined) {
      this.held = this.conditions!();
      this.conditions = undefined;
    }
    return this.held;
  }
}

/** The conditions on platform parameters around `offset`, combined per parameter. */
function whenAt(conditions: readonly Condition[], offset: number): When[] {
  const byParameter = new Map<string, When>();
  for (const i of spansHolding(conditions, (c) => c.span, offset)) {
    const condition = conditions[i]!;
    if (!PARAMETERS.has(condition.parameter)) continue;
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

/** The routes whose handler code is in each file. */
function handledInOf(routes: readonly Route[]): Map<string, Route[]> {
  const handledIn = new Map<string, Route[]>();
  for (const route of routes) for (const uri of new Set(route.handlers.map((h) => h.uri))) push(handledIn, uri, route);
  return handledIn;
}

/** The topology of a file without routers, routes, mounts, imports or exports. */
const NO_TOPOLOGY = '';
const noTopology = (): string => NO_TOPOLOGY;

/** `topologyOf(routes)`, worked out once, when first asked. */
function topologyLater(routes: FileRoutes): () => string {
  let topology: string | undefined;
  return () => (topology ??= topologyOf(routes));
}

/**
 * What a file says that joins the workspace into routes, without where it says it: its routers, mounts, imports,
 * exports, the functions it names, its routes' routers, paths and methods. Two versions of a file with the same
 * topology register the same routes under the same paths.
 */
function topologyOf(routes: FileRoutes): string {
  if (routes.routers.length + routes.routes.length + routes.mounts.length + routes.imports.length + routes.exports.length === 0) return NO_TOPOLOGY;
  return JSON.stringify([
    routes.routers.map(({ range: _, ...router }) => router),
    routes.routes.map((r) => [r.router, r.methods, r.path, r.exported, r.handlerRefs, r.framework]),
    routes.mounts.map(({ range: _, ...mount }) => mount),
    routes.imports,
    routes.exports,
    routes.returns,
    routes.functions.map((f) => f.key),
  ]);
}

function routerId(uri: string, key: string): string {
  return `${uri}\n${key}`;
}

/** A step into the lists of the routes it leads to and from; the lists it joined. */
function addStep(linked: Linked, step: Step): Step[][] {
  const lists: Step[][] = [];
  for (const route of step.to) lists.push(push(linked.incoming, route, step));
  for (const route of step.from) lists.push(push(linked.outgoing, route, step));
  return lists;
}

/**
 * The order of the steps in the lists of the routes they lead to and from (`Linked.incoming`, `outgoing`): by
 * file, in the order of `files`, then by where each is written. A join from scratch and one brought up to date
 * leave them so alike: what is said of a route's steps (the verbs that lead to it, listed in a message) must not
 * depend on how the index came by them.
 */
function stepOrder(files: readonly Facts[]): (a: Step, b: Step) => number {
  const rank = new Map<string, number>();
  for (const facts of files) rank.set(facts.uri, rank.size);
  return (a, b) => rank.get(a.uri)! - rank.get(b.uri)! || a.target.start - b.target.start;
}

/** A step out of the lists of the routes it leads to and from; the lists it left. */
function removeStep(linked: Linked, step: Step): Step[][] {
  const lists: Step[][] = [];
  for (const [map, routes] of [[linked.incoming, step.to], [linked.outgoing, step.from]] as const) {
    for (const route of routes) {
      const list = map.get(route);
      const at = list ? list.indexOf(step) : -1;
      if (at < 0) continue;
      list!.splice(at, 1);
      lists.push(list!);
    }
  }
  return lists;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): V[] {
  let list = map.get(key);
  if (list) list.push(value);
  else map.set(key, (list = [value]));
  return list;
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

/** Where each line of `text` starts: 0, and the offset after each `\n`. */
export function lineStartsOf(text: string): Int32Array {
  // Room for a line every 32 characters to begin with, doubled when it runs out.
  let starts = new Int32Array(Math.max(16, text.length >> 5));
  let count = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (count === starts.length) {
      const more = new Int32Array(count * 2);
      more.set(starts);
      starts = more;
    }
    starts[count++] = i + 1;
  }
  return starts.slice(0, count);
}

/** The line starts of a file not analysed, or of an empty one. */
const FIRST_LINE = new Int32Array(1);

/**
 * `lineStartsOf(text)`, from `starts`, those of the text `change` was made to: the lines before the change as
 * they were, the line breaks of the changed text read again, the lines after it moved. A keystroke in a 1.1 MB
 * .xml file: ~0.02 ms instead of ~0.55 ms for reading the whole text again.
 */
export function movedLineStarts(starts: Int32Array, change: TextChange, text: string): Int32Array {
  // A line starting at or before the change starts after a line break before it.
  const kept = firstAfter(starts, change.start);
  const added: number[] = [];
  for (let i = text.indexOf('\n', change.start); i >= 0 && i < change.newEnd; i = text.indexOf('\n', i + 1)) added.push(i + 1);
  // Lines that started inside the replaced text are gone with it; those after it moved with the text.
  const after = firstAfter(starts, change.end);
  const delta = change.newEnd - change.end;
  const moved = new Int32Array(kept + added.length + starts.length - after);
  moved.set(starts.subarray(0, kept));
  moved.set(added, kept);
  for (let i = after, to = kept + added.length; i < starts.length; i++, to++) moved[to] = starts[i]! + delta;
  return moved;
}

/** The index of the first of the ascending `starts` that is greater than `offset` (`starts.length` if none). */
function firstAfter(starts: Int32Array, offset: number): number {
  return countBefore(starts.length, (i) => starts[i]!, offset, true);
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
