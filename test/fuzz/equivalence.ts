/**
 * Incremental equivalence: after any sequence of incremental edits, what the server (or the service) says
 * about a document is what it says about the same text opened fresh. Edits are typing-sized and land in and
 * around tags, attribute values, template literals, backticks and `${…}`, where the caches — the per-URI
 * tree, the findings of a version, the parsed templates reused by virtual text — could go stale.
 *
 * Server: real `didChange` notifications (one to three content changes each, applied in order as LSP says),
 * with requests in between so that the server analyses intermediate versions too (a code action request
 * computes that version's findings). At the end, and at pauses long enough for a debounced validation to
 * run mid-way, the published diagnostics of the current version must equal those of a fresh open of its
 * text, and so must the outline and folding ranges. The fresh open goes to a second server (`reference`),
 * under the same URI: see `serverEquivalence` for why it cannot be the same server.
 *
 * Service: the same kind of sequence on one long-lived service; after every edit its cached answers are
 * compared with a fresh service's (`validation` and `freshEquivalence` of serviceFuzz.ts), so a fault is
 * caught at the edit that caused it and reduced with the text before it as the cache's history.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { getLanguageService, type LanguageService } from '../../server/src/languageService';
import type { TestClient } from '../support/lspClient';
import { prng } from '../support/random';
import { CheckError, checkCodeActions, checkCompletion, checkHover, checkSymbols } from './checks';
import { hotOffset, itemSeed, SNIPPETS, type Random } from './mutate';
import { checkOf, describeFailure, FEATURES, reduce, type Context, type Failure, type FeatureArgs } from './serviceFuzz';
import { extensionOf, seeds, type Seed } from './seeds';

/** The languages sequences run in, and the seeds each starts from. */
const KINDS = {
  xml: (s: Seed) => s.languages.includes('xml') || s.languages.includes('voiceml'),
  typescript: (s: Seed) => s.languages.includes('typescript'),
  javascript: (s: Seed) => s.languages.includes('javascript'),
  python: (s: Seed) => s.languages.includes('python'),
} as const;
export type SequenceLanguage = keyof typeof KINDS;

/** Typing-sized pieces, weighted towards what opens or closes markup, values and templates. */
const TYPED: readonly string[] = [...SNIPPETS, '<', '>', '"', '`', '${', '}', '/', ' ', 'a', '번', '\n'];

export interface Change {
  start: number;
  end: number;
  text: string;
}

/** One edit as a user makes them: type a piece, delete a few characters, replace some, or undo the last edit. */
function typingChange(random: Random, text: string, last: { change: Change; removed: string } | undefined): Change {
  const r = random.next();
  if (r < 0.06 && last) return { start: last.change.start, end: last.change.start + last.change.text.length, text: last.removed }; // undo
  const at = hotOffset(random, text);
  if (r < 0.14 && at < text.length) {
    // Overwriting (a digit of a value, a quote for the other quote): the text keeps its length, which is what
    // a cache keyed by version or by length alone would miss.
    const end = Math.min(text.length, at + 1 + random.int(3));
    const pieces = '0123456789"\'`<>/ab번';
    let replacement = '';
    for (let i = at; i < end; i++) replacement += pieces[random.int(pieces.length)];
    return { start: at, end, text: replacement };
  }
  if (r < 0.6) return { start: at, end: at, text: random.pick(TYPED) };
  const end = Math.min(text.length, at + 1 + random.int(random.next() < 0.9 ? 6 : 60));
  if (r < 0.88) return { start: at, end, text: '' };
  return { start: at, end, text: random.pick(TYPED) };
}

function startText(random: Random, language: SequenceLanguage): { seed: Seed; languageId: string; text: string } {
  const pool = seeds().small.filter(KINDS[language]);
  const seed = random.pick(pool);
  const languageId = language === 'xml' ? random.pick(seed.languages) : language;
  return { seed, languageId, text: seed.text };
}

export interface EquivalenceOptions {
  seed: number;
  sequences: number;
  /** The first sequence to run (the ones before it are skipped, not run): one failing sequence again. */
  from?: number;
  /** Edits (`didChange` notifications) per sequence. */
  edits: number;
  languages?: readonly SequenceLanguage[];
  /** Chance per edit of a pause for a debounced validation mid-sequence, compared like the last (server only). */
  pause?: number;
  budgetMs?: number;
  log?: (line: string) => void;
}

export interface EquivalenceResult {
  sequences: number;
  /** Notifications (server) or updates (service) sent, and the content changes in them. */
  edits: number;
  changes: number;
  requests: number;
  failures: string[];
}

/**
 * Random edit sequences over stdio to `client`; each ends with the final version's diagnostics compared to
 * those of a fresh open of its text on `reference`, a second server started like the first.
 *
 * Not a second document on the same server: every open document joins the server's call-flow index, and the
 * flow rules read the whole index, so a copy opened beside the edited document is a second file registering
 * the same routes. That changes findings legitimately: `redirect-loop` reports a cycle once, at the first
 * route in file order, so of two copies of a file with a loop only one reports it (the fuzzer found this, run
 * seed 7, sequence 69: the edited copy reported the loop, the fresh copy beside it did not). On its own
 * server, under the same URI, the fresh copy is judged with the same workspace as the edited document was —
 * that one file — and its findings, related places included, must be equal to the character.
 */
export async function serverEquivalence(client: TestClient, reference: TestClient, options: EquivalenceOptions): Promise<EquivalenceResult> {
  const languages = options.languages ?? (['xml', 'typescript', 'javascript', 'python'] as const);
  const result: EquivalenceResult = { sequences: 0, edits: 0, changes: 0, requests: 0, failures: [] };
  const started = performance.now();
  for (let n = options.from ?? 0; n < options.sequences; n++) {
    if (options.budgetMs !== undefined && performance.now() - started > options.budgetMs) break;
    const seed = itemSeed(options.seed ^ 0xe9e9, n);
    const random = prng(seed);
    const language = languages[n % languages.length]!;
    const start = startText(random, language);
    const uri = `file:///equivalence/${seed}.${extensionOf(start.languageId)}`;
    let document = TextDocument.create(uri, start.languageId, 1, start.text);
    const sent: TextDocumentContentChangeEvent[][] = [];
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: start.languageId, version: 1, text: start.text } });
    let last: { change: Change; removed: string } | undefined;
    const problems: string[] = [];
    for (let k = 0; k < options.edits; k++) {
      const changes: TextDocumentContentChangeEvent[] = [];
      const count = random.next() < 0.8 ? 1 : 2 + random.int(2);
      // Several changes in one notification each apply to the text the previous one left (LSP).
      let text = document.getText();
      // A copy: `TextDocument.update` changes the document it is given.
      let scratch = TextDocument.create(uri, start.languageId, 0, text);
      for (let c = 0; c < count; c++) {
        const change = typingChange(random, text, last);
        const range: Range = { start: scratch.positionAt(change.start), end: scratch.positionAt(change.end) };
        last = { change, removed: text.slice(change.start, change.end) };
        changes.push({ range, text: change.text });
        scratch = TextDocument.update(scratch, [{ range, text: change.text }], scratch.version);
        text = scratch.getText();
      }
      document = TextDocument.update(document, changes, document.version + 1);
      sent.push(changes);
      result.edits++;
      result.changes += changes.length;
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: document.version }, contentChanges: changes });
      const r = random.next();
      const textDocument = { uri };
      const position = document.positionAt(hotOffset(random, document.getText()));
      const snapshot = document;
      try {
        // Ask about this version now and then: the server analyses it, so the next version meets warm caches.
        if (r < 0.05) {
          result.requests++;
          checkSymbols(snapshot, await client.connection.sendRequest('textDocument/documentSymbol', { textDocument }));
        } else if (r < 0.1) {
          result.requests++;
          const context = { diagnostics: [] };
          checkCodeActions(snapshot, await client.connection.sendRequest('textDocument/codeAction', { textDocument, range: { start: position, end: position }, context }));
        } else if (r < 0.14) {
          result.requests++;
          checkCompletion(snapshot, position, await client.connection.sendRequest('textDocument/completion', { textDocument, position }));
        } else if (r < 0.17) {
          result.requests++;
          checkHover(snapshot, position, await client.connection.sendRequest('textDocument/hover', { textDocument, position }));
        }
      } catch (error) {
        problems.push(`request on version ${snapshot.version}: ${checkOf(error)} ${error instanceof CheckError ? error.message : ''}`);
      }
      // Now and then a pause past the 150 ms debounce: a validation runs mid-way, and is checked like the last.
      if (random.next() < (options.pause ?? 0)) await compare(k + 1);
    }
    const final = document.getText();
    async function compare(step: number): Promise<void> {
      result.requests += 4;
      for (const problem of await compareWithFresh(client, reference, document)) problems.push(`after edit ${step}, ${problem}`);
    }
    await compare(options.edits);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    for (const [name, server] of [['the server', client], ['the reference server', reference]] as const) {
      if (server.process.exitCode !== null) problems.push(`${name} exited; stderr: ${server.stderr().slice(-2000)}`);
    }
    if (problems.length > 0) {
      const edits = JSON.stringify(sent);
      result.failures.push(
        [
          `EQUIVALENCE FAILURE over stdio — sequence seed ${seed} (${start.languageId}, from ${start.seed.name}, ${options.edits} edits; run seed ${options.seed}, sequence ${n})`,
          ...problems.map((p) => `  ${p}`),
          `  final text: ${shown(final)}`,
          edits.length < 20_000 ? `  didChange contentChanges, in order: ${edits}` : '  (the edits are longer than shown here: replay the seed)',
        ].join('\n'),
      );
      options.log?.(result.failures[result.failures.length - 1]!);
      if (client.process.exitCode !== null || reference.process.exitCode !== null) break;
    }
    result.sequences++;
  }
  return result;
}

/**
 * What differs between an open document's published diagnostics (of its current version), outline and
 * folding on `client`, and those of a fresh open of its text on `reference` under the same URI (see
 * `serverEquivalence` for why on another server); nothing when they are equal to the character.
 */
export async function compareWithFresh(client: TestClient, reference: TestClient, document: TextDocument): Promise<string[]> {
  const { uri, version, languageId } = document;
  const text = document.getText();
  const problems: string[] = [];
  try {
    const edited = await client.waitForDiagnostics(uri, (p) => p.version === version, 20_000);
    // The same URI may have been opened there before (an earlier pause): only what is published from now on.
    const from = reference.published.length;
    await reference.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const fresh = await reference.waitForDiagnostics(uri, (p) => p.version === 1 && reference.published.indexOf(p) >= from, 20_000);
    if (JSON.stringify(edited.diagnostics) !== JSON.stringify(fresh.diagnostics)) {
      problems.push(`diagnostics differ:\n${differences(edited.diagnostics, fresh.diagnostics)}\n    text then: ${shown(text)}`);
    }
    for (const method of ['textDocument/documentSymbol', 'textDocument/foldingRange']) {
      const a = JSON.stringify(await client.connection.sendRequest(method, { textDocument: { uri } }));
      const b = JSON.stringify(await reference.connection.sendRequest(method, { textDocument: { uri } }));
      if (a !== b) problems.push(`${method} differs:\n    after edits ${a.slice(0, 600)}\n    fresh open  ${b.slice(0, 600)}`);
    }
    await reference.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  } catch (error) {
    problems.push(String(error instanceof Error ? error.message : error));
  }
  return problems;
}

/** What only one of two lists of diagnostics holds (the order, if that is all, as both lists). */
function differences(edited: readonly Diagnostic[], fresh: readonly Diagnostic[]): string {
  const a = edited.map((d) => JSON.stringify(d));
  const b = fresh.map((d) => JSON.stringify(d));
  const onlyA = a.filter((d) => !b.includes(d));
  const onlyB = b.filter((d) => !a.includes(d));
  if (onlyA.length === 0 && onlyB.length === 0) return `    in another order or number:\n      after edits ${a.join('\n        ')}\n      fresh open  ${b.join('\n        ')}`;
  return [`    only after edits (${onlyA.length} of ${a.length}):`, ...onlyA.map((d) => `      ${d}`), `    only fresh open (${onlyB.length} of ${b.length}):`, ...onlyB.map((d) => `      ${d}`)].join('\n');
}

const shown = (text: string): string => JSON.stringify(text.length > 4000 ? text.slice(0, 4000) + '…' : text);

/** Random edit sequences on one service; after every edit its cached answers equal a fresh service's. */
export function serviceEquivalence(options: EquivalenceOptions): EquivalenceResult & { reduced: Failure[] } {
  const languages = options.languages ?? (['xml', 'typescript', 'javascript', 'python'] as const);
  const result: EquivalenceResult & { reduced: Failure[] } = { sequences: 0, edits: 0, changes: 0, requests: 0, failures: [], reduced: [] };
  const started = performance.now();
  const seen = new Set<string>();
  for (let n = 0; n < options.sequences; n++) {
    if (options.budgetMs !== undefined && performance.now() - started > options.budgetMs) break;
    const seed = itemSeed(options.seed ^ 0x5e9, n);
    const random = prng(seed);
    const start = startText(random, languages[n % languages.length]!);
    const locale = random.next() < 0.5 ? 'ko' : 'en';
    const service: LanguageService = getLanguageService({ locale });
    const ctx: Context = { service, fresh: () => getLanguageService({ locale }), call: (_, run) => run(service) };
    let document = TextDocument.create(`file:///equivalence/${seed}.${extensionOf(start.languageId)}`, start.languageId, 1, start.text);
    let last: { change: Change; removed: string } | undefined;
    for (let k = 0; k < options.edits; k++) {
      const previous = document.getText();
      const change = typingChange(random, previous, last);
      last = { change, removed: previous.slice(change.start, change.end) };
      const range = { start: document.positionAt(change.start), end: document.positionAt(change.end) };
      document = TextDocument.update(document, [{ range, text: change.text }], document.version + 1);
      result.edits++;
      result.changes++;
      const args: FeatureArgs = { offsets: [hotOffset(random, document.getText())], locale };
      for (const feature of ['validation', 'freshEquivalence'] as const) {
        result.requests++;
        try {
          FEATURES[feature]!(ctx, document, args);
        } catch (error) {
          const check = checkOf(error);
          if (seen.has(`${feature}|${check}`)) continue;
          seen.add(`${feature}|${check}`);
          const failure: Failure = {
            seed,
            feature,
            check,
            message: `after edit ${k + 1} of sequence seed ${seed} (run seed ${options.seed}, sequence ${n}): ${error instanceof Error ? error.message : String(error)}`,
            seedName: start.seed.name,
            languageId: start.languageId,
            bytes: Buffer.byteLength(document.getText(), 'utf8'),
          };
          const reproduction = reduce(feature, check, start.languageId, document.getText(), args, 20_000, previous);
          if (reproduction) failure.reproduction = reproduction;
          result.reduced.push(failure);
          result.failures.push(describeFailure(failure));
          options.log?.(result.failures[result.failures.length - 1]!);
        }
      }
    }
    result.sequences++;
  }
  return result;
}
