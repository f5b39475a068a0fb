/**
 * The language service under mutated documents: every facade feature at a few positions of each document,
 * each answer checked for well-formedness (`checks.ts`), each call timed against the per-request ceiling.
 *
 * Everything about a document — the seed document it mutates, its language, the mutations, the positions,
 * the options — comes from one 32-bit seed, so a failure is replayed from its seed alone. Documents of one
 * language share a URI and get increasing versions, so the service's per-URI cache (and, for JS/TS files, its
 * reuse of the previous version's parsed templates) sees one document after another, as when a user edits;
 * a fresh service's answer is compared with the cached one for every document. A failing call is reduced to
 * a small input that fails the same check, printed ready to paste into `test/unit/fuzz-regressions.test.ts`.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, Diagnostic, FormattingOptions, Position, Range } from 'vscode-languageserver-types';
import { getLanguageService, type LanguageService, type ValidationSettings } from '../../server/src/languageService';
import { FIX_ALL_KIND } from '../../server/src/services/codeActions';
import { ruleNames } from '../../server/src/rules';
import { hostFor } from '../../server/src/hosts';
import { readSteps } from '../../server/src/flow/responses';
import { prng } from '../support/random';
import {
  CheckError,
  checkCodeActions,
  checkCompletion,
  checkCompletionItem,
  checkDiagnostics,
  checkFolding,
  checkFormatting,
  checkHover,
  checkLinkedEditing,
  checkLinks,
  checkResolved,
  checkSelectionRanges,
  checkSymbols,
  checkTree,
} from './checks';
import { gentle, itemSeed, mutate, hotOffset, type Random } from './mutate';
import { extensionOf, seeds } from './seeds';
import { MAX_RERUNS, mainThreadCpuMs, newTimings, record, slowInEvery, type Timings } from './timing';

/** The per-request ceiling (ms), for documents up to `CEILING_BYTES`. */
export const CEILING_MS = 100;
export const CEILING_BYTES = 100_000;

/** Characters after which the server says completion is triggered (server.ts `COMPLETION_TRIGGERS`). */
const TRIGGERS = ['<', ' ', '"', "'", '=', '/', '.'];

/**
 * What a feature is asked, apart from the text: JSON, so a reproduction is data. Offsets are UTF-16 offsets
 * into the text (a reduction moves them with the text it deletes).
 */
export interface FeatureArgs {
  offsets: number[];
  locale?: 'ko' | 'en';
  maxFileSize?: number;
  settings?: ValidationSettings;
  snippets?: boolean;
  /** Per offset: use the character before it as the completion trigger character (when it is one). */
  triggered?: boolean[];
  formatting?: FormattingOptions;
  /** A range (offsets) for range formatting and for a code action request over several diagnostics. */
  range?: [number, number];
  rangeLimit?: number;
  /** Random numbers that pick which diagnostics code actions are asked for. */
  picks?: number[];
}

export interface FuzzDocument {
  seed: number;
  seedName: string;
  languageId: string;
  text: string;
  args: FeatureArgs;
}

/** How one run goes; `large`: the share of documents made from the ~95 KB seeds. */
export interface ServiceFuzzOptions {
  seed: number;
  documents: number;
  /** Only documents `i` with `i % shards === shard` (parallel runs). */
  shard?: number;
  shards?: number;
  large?: number;
  /** Stop early after this many ms (the documents done are reported). */
  budgetMs?: number;
  /** Reduce failing inputs (default true); reductions stop after `reduceMs`. */
  reduce?: boolean;
  reduceMs?: number;
  log?: (line: string) => void;
}

export interface Failure {
  seed: number;
  feature: string;
  check: string;
  message: string;
  seedName: string;
  languageId: string;
  bytes: number;
  /** The reduced input that fails the same check (absent when it did not reproduce on a fresh service). */
  reproduction?: Reproduction;
  /** For failures that need the service's memory of the previous document (cache faults): its seed. */
  previousSeed?: number;
}

export interface Reproduction {
  feature: string;
  languageId: string;
  text: string;
  args: FeatureArgs;
  /** The text the same URI held before, for cache faults. */
  previous?: string;
}

export interface ServiceFuzzResult {
  documents: number;
  timings: Timings;
  failures: Failure[];
}

/** Makes document `seed`: a seed document, mutated, with its language and the arguments for every feature. */
export function makeDocument(seed: number, large = 0.004): FuzzDocument {
  const random = prng(seed);
  const pool = seeds();
  const base = random.next() < large ? random.pick(pool.large) : random.pick(pool.small);
  const languageId = random.pick(base.languages);
  const r = random.next();
  const text = r < 0.03 ? base.text : r < 0.13 ? gentle(random, base.text) : mutate(random, base.text);
  return { seed, seedName: base.name, languageId, text, args: makeArgs(random, text) };
}

function makeArgs(random: Random, text: string): FeatureArgs {
  const offsets = [random.int(text.length + 1), hotOffset(random, text), hotOffset(random, text)];
  if (random.next() < 0.1) offsets.push(text.length);
  const r = random.next();
  const settings: ValidationSettings =
    r < 0.8 ? {} : r < 0.83 ? { enable: false } : { rules: Object.fromEntries([0, 1, 2].map(() => [random.pick(ruleNames), random.pick(['off', 'error', 'hint', 'default'] as const)])) };
  const a = random.int(text.length + 1);
  const b = random.int(text.length + 1);
  const m = random.next();
  return {
    offsets,
    locale: random.next() < 0.5 ? 'ko' : 'en',
    maxFileSize: m < 0.05 ? 0.002 : m < 0.07 ? 0 : undefined,
    settings,
    snippets: random.next() < 0.8,
    triggered: offsets.map(() => random.next() < 0.5),
    formatting: { tabSize: random.pick([0, 1, 2, 4, 8]), insertSpaces: random.next() < 0.8 },
    range: [Math.min(a, b), Math.max(a, b)],
    rangeLimit: random.next() < 0.2 ? 1 + random.int(20) : undefined,
    picks: [random.next(), random.next(), random.next()],
  };
}

/** What a feature gets: the service to ask, and a timer for each request it makes. */
export interface Context {
  service: LanguageService;
  /** A service with the same options and an empty cache. */
  fresh(): LanguageService;
  /** Runs one request (`run(service)`), timing it. */
  call<T>(feature: string, run: (service: LanguageService) => T): T;
}

type Feature = (ctx: Context, document: TextDocument, args: FeatureArgs) => void;

const positionsOf = (document: TextDocument, args: FeatureArgs): Position[] => args.offsets.map((o) => document.positionAt(o));

/** Every feature of the facade, each with the checks of its answers. */
export const FEATURES: Record<string, Feature> = {
  regions(ctx, document, args) {
    const text = document.getText();
    const regions = ctx.call('getRegions', (s) => s.getRegions(document));
    for (const region of regions) {
      if (region.mapping) {
        // Built from calls: its text is the XML the calls write, tied to code inside the document.
        const { start, end } = region.mapping.extent;
        if (!(0 <= start && start <= end && end <= text.length)) throw new CheckError('region-outside', `built region's code at [${start}, ${end}) in a ${text.length} document`);
        checkTree(region.xml);
        continue;
      }
      // Same-length virtual documents: a region's text maps 1:1 onto the document's.
      if (region.offset < 0 || region.offset + region.xml.text.length > text.length) {
        throw new CheckError('region-outside', `region at ${region.offset}, ${region.xml.text.length} long, in a ${text.length} document`);
      }
      if (!region.substitutions && region.xml.text !== text.slice(region.offset, region.offset + region.xml.text.length)) {
        throw new CheckError('region-text', `region at ${region.offset} is not the document's text`);
      }
      checkTree(region.xml);
    }
    ctx.call('isVoiceML', (s) => s.isVoiceML(document));
    for (const position of positionsOf(document, args)) ctx.call('regionAt', (s) => s.regionAt(document, position));
  },

  validation(ctx, document, args) {
    const diagnostics = ctx.call('doValidation', (s) => s.doValidation(document, args.settings));
    const regions = ctx.service.getRegions(document);
    const spans = hostFor(document.languageId)?.name !== 'xml' ? regions.map((r) => (r.mapping ? [r.mapping.extent.start, r.mapping.extent.end] : [r.offset, r.offset + r.xml.text.length]) as [number, number]) : undefined;
    checkDiagnostics(document, diagnostics, spans);
    // The cached answer (the service saw this URI's previous document) is a fresh service's answer.
    const fresh = ctx.fresh().doValidation(TextDocument.create(`${document.uri}-fresh`, document.languageId, 1, document.getText()), args.settings);
    if (JSON.stringify(fresh) !== JSON.stringify(diagnostics)) {
      throw new CheckError('cache', `cached diagnostics differ from a fresh service's:\n  cached ${JSON.stringify(diagnostics).slice(0, 600)}\n  fresh  ${JSON.stringify(fresh).slice(0, 600)}`);
    }
  },

  freshEquivalence(ctx, document, args) {
    // Beyond diagnostics: every answer built from the cached tree is the answer of a fresh service.
    const fresh = ctx.fresh();
    const twin = TextDocument.create(document.uri, document.languageId, document.version, document.getText());
    const position = document.positionAt(args.offsets[0] ?? 0);
    const answers = (s: LanguageService, d: TextDocument): unknown[] => [
      s.findDocumentSymbols(d),
      s.getFoldingRanges(d),
      s.findDocumentLinks(d),
      s.doHover(d, position),
      s.doComplete(d, position).items.map((i) => [i.label, i.textEdit]),
      s.getSelectionRanges(d, [position]),
    ];
    const cached = JSON.stringify(answers(ctx.service, document));
    const expected = JSON.stringify(answers(fresh, twin));
    if (cached !== expected) throw new CheckError('cache', `cached answers differ from a fresh service's:\n  cached ${cached.slice(0, 600)}\n  fresh  ${expected.slice(0, 600)}`);
  },

  completion(ctx, document, args) {
    const text = document.getText();
    args.offsets.forEach((offset, i) => {
      const position = document.positionAt(offset);
      const before = text[offset - 1];
      const triggerCharacter = args.triggered?.[i] && before !== undefined && TRIGGERS.includes(before) ? before : undefined;
      const list = ctx.call('doComplete', (s) => s.doComplete(document, position, { snippets: args.snippets, triggerCharacter }));
      checkCompletion(document, position, list);
      const items = list.items;
      if (items.length === 0) return;
      const chosen: CompletionItem[] = [items[0]!, items[(offset * 7919) % items.length]!];
      for (const item of chosen) {
        checkResolved(item, ctx.call('doResolveCompletion', (s) => s.doResolveCompletion(item)));
        // Over LSP the item comes back as JSON: `data` must survive that.
        const wire = JSON.parse(JSON.stringify(item)) as CompletionItem;
        const resolved = ctx.call('doResolveCompletion', (s) => s.doResolveCompletion(wire));
        checkResolved(item, resolved);
        checkCompletionItem(document, position, resolved);
      }
    });
  },

  hover(ctx, document, args) {
    for (const position of positionsOf(document, args)) checkHover(document, position, ctx.call('doHover', (s) => s.doHover(document, position)));
  },

  linkedEditing(ctx, document, args) {
    for (const position of positionsOf(document, args)) {
      checkLinkedEditing(document, position, ctx.call('findLinkedEditingRanges', (s) => s.findLinkedEditingRanges(document, position)));
    }
  },

  autoClose(ctx, document, args) {
    const text = document.getText();
    for (const offset of args.offsets) {
      const typed = text[offset - 1] === '/' ? '/' : '>';
      const position = document.positionAt(offset);
      const close = ctx.call('doAutoClose', (s) => s.doAutoClose(document, position, typed));
      if (close && (close.offset !== document.offsetAt(position) || !close.text || !close.snippet.includes('$0'))) {
        throw new CheckError('auto-close-invalid', JSON.stringify(close));
      }
    }
  },

  selectionRanges(ctx, document, args) {
    const positions = positionsOf(document, args);
    checkSelectionRanges(document, positions, ctx.call('getSelectionRanges', (s) => s.getSelectionRanges(document, positions)));
  },

  codeActions(ctx, document, args) {
    const settings = args.settings ?? {};
    const diagnostics = ctx.service.doValidation(document, settings);
    const asked: { range: Range; diagnostics: Diagnostic[]; only?: string[] }[] = [];
    for (const pick of args.picks ?? []) {
      if (diagnostics.length === 0) break;
      const diagnostic = diagnostics[Math.floor(pick * diagnostics.length)]!;
      asked.push({ range: diagnostic.range, diagnostics: [diagnostic] });
    }
    const [a, b] = args.range ?? [0, 0];
    asked.push({ range: { start: document.positionAt(a), end: document.positionAt(b) }, diagnostics });
    asked.push({ range: { start: document.positionAt(0), end: document.positionAt(0) }, diagnostics, only: [FIX_ALL_KIND] });
    asked.push({ range: { start: document.positionAt(0), end: document.positionAt(0) }, diagnostics: [], only: ['source'] });
    for (const { range, diagnostics: sent, only } of asked) {
      const context = only ? { diagnostics: sent, only } : { diagnostics: sent };
      const actions = ctx.call(only ? 'doCodeActions (fix all)' : 'doCodeActions', (s) => s.doCodeActions(document, range, context, settings));
      const applied = checkCodeActions(document, actions);
      // The fixed document is a document like any other: it is answered, and well.
      const first = applied[0];
      if (first) {
        const fixed = TextDocument.create(`${document.uri}-fixed`, document.languageId, 1, first.result);
        checkDiagnostics(fixed, ctx.call('doValidation (fixed)', (s) => s.doValidation(fixed, settings)));
      }
    }
  },

  symbols(ctx, document) {
    checkSymbols(document, ctx.call('findDocumentSymbols', (s) => s.findDocumentSymbols(document)));
  },

  folding(ctx, document, args) {
    checkFolding(document, ctx.call('getFoldingRanges', (s) => s.getFoldingRanges(document, { rangeLimit: args.rangeLimit })), args.rangeLimit);
  },

  links(ctx, document) {
    checkLinks(document, ctx.call('findDocumentLinks', (s) => s.findDocumentLinks(document)));
  },

  formatting(ctx, document, args) {
    const options = args.formatting ?? { tabSize: 2, insertSpaces: true };
    const edits = ctx.call('format', (s) => s.format(document, options));
    const formatted = checkFormatting(document, edits);
    if (edits.length > 0) {
      // Idempotent (formatting.ts): formatting the result again changes nothing.
      const again = TextDocument.create(`${document.uri}-formatted`, document.languageId, 1, formatted);
      const more = ctx.call('format', (s) => s.format(again, options));
      if (more.length > 0) throw new CheckError('formatting-not-idempotent', `a second formatting edits again: ${JSON.stringify(more).slice(0, 400)}`);
      // Formatting changes white space between tokens only, so the document says the same things after it —
      // but for its size in bytes, which `response-size` tells (the finding stays; its figure follows the text).
      const findings = (d: TextDocument): string =>
        JSON.stringify(ctx.fresh().doValidation(d).map((x) => (x.code === 'response-size' ? 'response-size' : `${String(x.code)} ${x.message}`)).sort());
      const before = findings(document);
      const after = findings(again);
      if (before !== after) throw new CheckError('formatting-changes-meaning', `diagnostics before ${before.slice(0, 400)}\n  after ${after.slice(0, 400)}`);
    }
    const [a, b] = args.range ?? [0, 0];
    const range = { start: document.positionAt(a), end: document.positionAt(b) };
    checkFormatting(document, ctx.call('format (range)', (s) => s.format(document, options, range)));
  },

  // What the call-flow index reads from a file — the steps its responses take, the routes and handler code —
  // read here directly: the index takes a reader's exception for a file with none (one file's facts lost, not
  // the index), which would hide it.
  flowFacts(ctx, document) {
    const text = document.getText();
    const within = (span: { start: number; end: number }, what: string): void => {
      if (!(0 <= span.start && span.start <= span.end && span.end <= text.length)) throw new CheckError('flow-fact-outside', `${what} at [${span.start}, ${span.end}) in a ${text.length} document`);
    };
    const steps = ctx.call('readSteps', (s) => readSteps(s.getRegions(document)));
    for (const response of steps.responses) within(response, 'a response');
    for (const target of steps.targets) within(target, "a step's URL");
    const host = hostFor(document.languageId);
    if (!host?.readRoutes) return;
    const read = ctx.call('readRoutes', () => host.readRoutes!(text, document.languageId));
    for (const route of read.routes) {
      within(route.range, 'a route');
      within(route.pathRange, "a route's path");
      for (const handler of route.handlers) within(handler, "a route's handler");
    }
    for (const fn of read.functions) within(fn.span, 'a function');
  },

  oddPositions(ctx, document) {
    // Positions a client may send after the document changed under it: past the last line, past a line's end.
    const odd: Position[] = [
      { line: document.lineCount + 3, character: 2 },
      { line: Math.max(0, document.lineCount - 1), character: 100_000 },
      { line: 0, character: 100_000 },
    ];
    for (const position of odd) {
      ctx.call('doHover', (s) => s.doHover(document, position));
      ctx.call('doComplete', (s) => s.doComplete(document, position));
      ctx.call('findLinkedEditingRanges', (s) => s.findLinkedEditingRanges(document, position));
      ctx.call('doAutoClose', (s) => s.doAutoClose(document, position, '>'));
    }
    ctx.call('getSelectionRanges', (s) => s.getSelectionRanges(document, odd));
  },
};

const services = new Map<string, LanguageService>();

function serviceOptions(args: FeatureArgs): { locale: string; maxFileSize: number | undefined } {
  return { locale: args.locale ?? 'ko', maxFileSize: args.maxFileSize };
}

/** This process's main thread's CPU ms (`mainThreadCpuMs`), or the whole process's where that cannot be read. */
function threadCpu(): number {
  const main = mainThreadCpuMs(process.pid);
  if (main !== undefined) return main;
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/** Runs every feature on one document, returning what failed (each feature runs even if one before it failed). */
function runDocument(doc: FuzzDocument, version: number, timings: Timings, ceiling: boolean): { feature: string; error: unknown }[] {
  const options = serviceOptions(doc.args);
  const key = `${options.locale}|${options.maxFileSize}`;
  let service = services.get(key);
  if (!service) services.set(key, (service = getLanguageService(options)));
  const document = TextDocument.create(`file:///fuzz/document.${extensionOf(doc.languageId)}`, doc.languageId, version, doc.text);
  const bytes = Buffer.byteLength(doc.text, 'utf8');
  /** Whether an earlier call already parsed this document (the next call then found its tree cached). */
  let parsed = false;
  const ctx: Context = {
    service,
    fresh: () => getLanguageService(options),
    call(feature, run) {
      const warm = parsed;
      const t0 = performance.now();
      const result = run(service);
      const ms = performance.now() - t0;
      parsed = true;
      const slow = { seed: doc.seed, bytes };
      if (ms > CEILING_MS && ceiling && bytes <= CEILING_BYTES) {
        // One slow call on a loaded machine (GC, other processes, code not yet compiled) proves nothing: re-run
        // it, each time on a fresh service in the state the call met (its tree parsed beforehand, untimed, if it
        // was then), until a run is under the ceiling (at most `MAX_RERUNS`). Slow means slow in every re-run
        // both on the clock and in the main thread's CPU time: the clock alone also counts the time other
        // processes held the CPU, which on a busy 2-core machine can be most of it.
        const reruns: number[] = [];
        const cpu: number[] = [];
        for (let i = 0; i < MAX_RERUNS && (i === 0 || slowInEvery(CEILING_MS, reruns, cpu)); i++) {
          const fresh = getLanguageService(options);
          if (warm) fresh.getRegions(document);
          const cpu0 = threadCpu();
          const again = performance.now();
          run(fresh);
          reruns.push(performance.now() - again);
          cpu.push(threadCpu() - cpu0);
        }
        const entry = { feature, ms, reruns, cpu, ...slow };
        const stays = slowInEvery(CEILING_MS, reruns, cpu);
        (stays ? timings.overCeiling : timings.transient).push(entry);
      }
      record(timings, feature, ms, slow);
      return result;
    },
  };
  const failed: { feature: string; error: unknown }[] = [];
  for (const [feature, run] of Object.entries(FEATURES)) {
    try {
      run(ctx, document, doc.args);
    } catch (error) {
      failed.push({ feature, error });
    }
  }
  // Now and then the document is closed (the next one of its language then starts without history).
  if (doc.seed % 16 === 0) ctx.call('forget', (s) => s.forget(document.uri));
  return failed;
}

/** The check an error fails: a `CheckError`'s name, else `exception: <the error's first line>`. */
export function checkOf(error: unknown): string {
  if (error instanceof CheckError) return error.check;
  const first = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return `exception: ${first.split('\n')[0]!.slice(0, 200)}`;
}

/**
 * Runs `feature` on `text` with a fresh service (after `previous` on the same URI, if given); throws what the
 * feature throws. What a regression test calls.
 */
export function runFeature(feature: string, languageId: string, text: string, args: FeatureArgs, previous?: string): void {
  const run = FEATURES[feature];
  if (!run) throw new Error(`no feature ${feature}`);
  const options = serviceOptions(args);
  const service = getLanguageService(options);
  const uri = `file:///fuzz/reproduction.${extensionOf(languageId)}`;
  if (previous !== undefined) {
    const before = TextDocument.create(uri, languageId, 1, previous);
    for (const f of Object.values(FEATURES)) {
      try {
        f({ service, fresh: () => getLanguageService(options), call: (_, r) => r(service) }, before, args);
      } catch {
        // only the second document is under test
      }
    }
  }
  const document = TextDocument.create(uri, languageId, 2, text);
  run({ service, fresh: () => getLanguageService(options), call: (_, r) => r(service) }, document, args);
}

function failsWith(check: string, feature: string, languageId: string, text: string, args: FeatureArgs, previous?: string): boolean {
  try {
    runFeature(feature, languageId, text, args, previous);
    return false;
  } catch (error) {
    return checkOf(error) === check;
  }
}

/** `args` with its offsets moved as if `[start, end)` were deleted from the text. */
function shiftArgs(args: FeatureArgs, start: number, end: number): FeatureArgs {
  const move = (o: number): number => (o < start ? o : o >= end ? o - (end - start) : start);
  return {
    ...args,
    offsets: args.offsets.map(move),
    range: args.range ? [move(args.range[0]), move(args.range[1])] : undefined,
  };
}

/**
 * A small input failing the same check: deletes ever smaller chunks while it still fails (a simple
 * delta-debugging pass), within `budgetMs`. Undefined when the failure does not reproduce on a fresh service.
 */
export function reduce(feature: string, check: string, languageId: string, text: string, args: FeatureArgs, budgetMs: number, previous?: string): Reproduction | undefined {
  if (!failsWith(check, feature, languageId, text, args, previous)) {
    if (previous === undefined) return undefined;
    return reduce(feature, check, languageId, text, args, budgetMs); // maybe it needs no history after all
  }
  const deadline = performance.now() + budgetMs;
  let current = text;
  let currentArgs = args;
  for (let chunk = Math.max(1, current.length >> 1); chunk >= 1; chunk = chunk === 1 ? 0 : Math.max(1, chunk >> 1)) {
    for (let start = 0; start < current.length && performance.now() < deadline; ) {
      const end = Math.min(current.length, start + chunk);
      const candidate = current.slice(0, start) + current.slice(end);
      const candidateArgs = shiftArgs(currentArgs, start, end);
      if (failsWith(check, feature, languageId, candidate, candidateArgs, previous)) {
        current = candidate;
        currentArgs = candidateArgs;
      } else {
        start += chunk;
      }
    }
    if (performance.now() >= deadline) break;
  }
  // Drop the arguments that do not matter for the reproduction.
  let minimal: FeatureArgs = currentArgs;
  for (const key of Object.keys(currentArgs) as (keyof FeatureArgs)[]) {
    if (key === 'offsets') continue;
    const without = { ...minimal };
    delete without[key];
    if (failsWith(check, feature, languageId, current, without, previous)) minimal = without;
  }
  const repro: Reproduction = { feature, languageId, text: current, args: minimal };
  if (previous !== undefined) repro.previous = previous;
  return repro;
}

/** A failure as people read it: the seed, how to replay it, and the reduced reproduction. */
export function describeFailure(f: Failure): string {
  const lines = [
    `FUZZ FAILURE ${f.check} in ${f.feature} — document seed ${f.seed}${f.previousSeed !== undefined ? ` (after document seed ${f.previousSeed})` : ''}`,
    `  replay: npm run fuzz -- --replay ${f.seed}${f.previousSeed !== undefined ? ` --after ${f.previousSeed}` : ''}`,
    `  made from ${f.seedName} as ${f.languageId}, ${f.bytes} bytes after mutation`,
    `  ${f.message.split('\n').join('\n  ')}`,
  ];
  if (f.reproduction) lines.push(`  reduced reproduction (for test/unit/fuzz-regressions.test.ts):\n  ${JSON.stringify(f.reproduction)}`);
  else lines.push('  (did not reproduce on a fresh service: see the replay)');
  return lines.join('\n');
}

/** The fuzz run: `options.documents` documents (this shard's share), features, checks, timings. */
export function fuzzService(options: ServiceFuzzOptions): ServiceFuzzResult {
  const timings = newTimings();
  const failures: Failure[] = [];
  const seen = new Set<string>();
  const shards = options.shards ?? 1;
  const shard = options.shard ?? 0;
  const started = performance.now();
  const previousSeeds = new Map<string, number>();
  let done = 0;
  // `typescript` is loaded on the first template: that one-time load is not a request's cost.
  getLanguageService().doValidation(TextDocument.create('file:///warm.ts', 'typescript', 1, 'f(`<Say>hi</Say>`)'));
  for (let i = shard; i < options.documents; i += shards) {
    if (options.budgetMs !== undefined && performance.now() - started > options.budgetMs) break;
    const seed = itemSeed(options.seed, i);
    const doc = makeDocument(seed, options.large);
    const uriKey = `${doc.languageId}|${doc.args.locale}|${doc.args.maxFileSize}`;
    const previousSeed = previousSeeds.get(uriKey);
    previousSeeds.set(uriKey, seed);
    for (const { feature, error } of runDocument(doc, i + 1, timings, true)) {
      const check = checkOf(error);
      const failure: Failure = {
        seed,
        feature,
        check,
        message: error instanceof Error ? (error instanceof CheckError ? error.message : String(error.stack)) : String(error),
        seedName: doc.seedName,
        languageId: doc.languageId,
        bytes: Buffer.byteLength(doc.text, 'utf8'),
      };
      // One report per kind of fault: a fault found once is found in hundreds of documents.
      const kind = `${feature}|${check}`;
      if (seen.has(kind)) continue;
      seen.add(kind);
      if (options.reduce !== false) {
        const previous = previousSeed !== undefined ? makeDocument(previousSeed, options.large).text : undefined;
        failure.reproduction = reduce(feature, check, doc.languageId, doc.text, doc.args, options.reduceMs ?? 20_000);
        if (!failure.reproduction && previous !== undefined) {
          failure.previousSeed = previousSeed;
          failure.reproduction = reduce(feature, check, doc.languageId, doc.text, doc.args, options.reduceMs ?? 20_000, previous);
        }
      }
      failures.push(failure);
      options.log?.(describeFailure(failure));
    }
    done++;
  }
  return { documents: done, timings, failures };
}

/** Replays one document (after another on the same URI, for cache faults) and returns what failed. */
export function replay(seed: number, after?: number, large?: number): { doc: FuzzDocument; failures: { feature: string; check: string; message: string }[] } {
  services.clear();
  const timings = newTimings();
  if (after !== undefined) runDocument(makeDocument(after, large), 1, timings, false);
  const doc = makeDocument(seed, large);
  const failures = runDocument(doc, 2, timings, false).map(({ feature, error }) => ({
    feature,
    check: checkOf(error),
    message: error instanceof Error ? String(error.stack) : String(error),
  }));
  return { doc, failures };
}
