/**
 * The real server over stdio under mutated documents: each document is opened, its published diagnostics
 * and the answer to every request we serve are checked like the service's (`checks.ts`), each round trip is
 * timed, and the document is closed again. A request the server fails (an exception in a handler comes back
 * as an error response), an error in its log or its exit is a failure. A failure is then tried on the
 * language service in-process, where it can be reduced; if it does not reproduce there (a fault of the
 * LSP wiring), the document itself is printed.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CodeAction,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  SelectionRange,
  TextEdit,
} from 'vscode-languageserver-types';
import type { LinkedEditingRanges, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import type { TestClient } from '../support/lspClient';
import {
  CheckError,
  checkCodeActions,
  checkCompletion,
  checkDiagnostics,
  checkFolding,
  checkFormatting,
  checkHover,
  checkLinkedEditing,
  checkLinks,
  checkResolved,
  checkSelectionRanges,
  checkSymbols,
} from './checks';
import { itemSeed } from './mutate';
import { CEILING_BYTES, CEILING_MS, checkOf, makeDocument, reduce, type Failure } from './serviceFuzz';
import { extensionOf } from './seeds';
import { MAX_RERUNS, mainThreadCpuMs, newTimings, record, slowInEvery, type Timings } from './timing';

export interface ServerFuzzOptions {
  seed: number;
  documents: number;
  budgetMs?: number;
  reduceMs?: number;
  log?: (line: string) => void;
}

export interface ServerFuzzResult {
  documents: number;
  requests: number;
  timings: Timings;
  failures: Failure[];
}

/** The service feature whose in-process run matches a request (for reducing a server failure). */
const FEATURE_OF: Record<string, string> = {
  'textDocument/publishDiagnostics': 'validation',
  'textDocument/completion': 'completion',
  'completionItem/resolve': 'completion',
  'textDocument/hover': 'hover',
  'textDocument/linkedEditingRange': 'linkedEditing',
  'textDocument/selectionRange': 'selectionRanges',
  'textDocument/codeAction': 'codeActions',
  'textDocument/documentSymbol': 'symbols',
  'textDocument/foldingRange': 'folding',
  'textDocument/documentLink': 'links',
  'textDocument/formatting': 'formatting',
  'textDocument/rangeFormatting': 'formatting',
};

const FIX_ALL = 'source.fixAll.voiceml';

export async function fuzzServer(client: TestClient, options: ServerFuzzOptions): Promise<ServerFuzzResult> {
  const timings = newTimings();
  const failures: Failure[] = [];
  const seen = new Set<string>();
  const logErrors: string[] = [];
  // The test client drops the server's log; an error logged there is a bug of ours caught by the server.
  client.connection.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    if (p.type === 1) logErrors.push(p.message);
  });
  // The server loads `typescript` on the first template it meets: a one-time cost, not a request's.
  const warm = 'file:///fuzz-server/warm-up.ts';
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: warm, languageId: 'typescript', version: 1, text: 'f(`<Say>hi</Say>`);' } });
  await client.waitForDiagnostics(warm, (p) => p.version === 1, 20_000);
  await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: warm } });
  const started = performance.now();
  let requests = 0;
  let done = 0;

  for (let i = 0; i < options.documents; i++) {
    if (options.budgetMs !== undefined && performance.now() - started > options.budgetMs) break;
    if (client.process.exitCode !== null) {
      failures.push(fatal(options.seed, i, `the server exited (${client.process.exitCode}); stderr: ${client.stderr().slice(-2000)}`));
      break;
    }
    const seed = itemSeed(options.seed ^ 0x5e4e4, i);
    const doc = makeDocument(seed);
    const bytes = Buffer.byteLength(doc.text, 'utf8');
    const enforce = bytes <= CEILING_BYTES;
    const document = TextDocument.create(`file:///fuzz-server/${i}.${extensionOf(doc.languageId)}`, doc.languageId, 1, doc.text);
    const textDocument = { uri: document.uri };
    const logged = logErrors.length;

    const report = (method: string, error: unknown): void => {
      const check = checkOf(error);
      const feature = FEATURE_OF[method] ?? method;
      const kind = `${method}|${check}`;
      if (seen.has(kind)) return;
      seen.add(kind);
      const failure: Failure = {
        seed,
        feature: `${method} (server)`,
        check,
        message: error instanceof Error ? (error instanceof CheckError ? error.message : String(error.stack ?? error.message)) : String(error),
        seedName: doc.seedName,
        languageId: doc.languageId,
        bytes,
      };
      const reproduction = reduce(feature, check, doc.languageId, doc.text, doc.args, options.reduceMs ?? 10_000);
      if (reproduction) failure.reproduction = reproduction;
      else failure.message += `\n  not reproduced by the service in-process; the document: ${JSON.stringify(doc.text.length > 4000 ? doc.text.slice(0, 4000) + '…' : doc.text)}`;
      failures.push(failure);
      options.log?.(`${failure.feature}: ${failure.check} (seed ${seed})`);
    };

    /**
     * `once` run again until a run is under the ceiling (`MAX_RERUNS` at most): each run's time on the clock, and
     * the CPU time the server's main thread spent meanwhile (none where it cannot be read: the clock alone judges).
     */
    const rerun = async (once: () => Promise<void>): Promise<{ reruns: number[]; cpu: number[] }> => {
      const reruns: number[] = [];
      const cpu: number[] = [];
      const pid = client.process.pid!;
      do {
        const cpu0 = mainThreadCpuMs(pid);
        const t0 = performance.now();
        await once();
        reruns.push(performance.now() - t0);
        const cpu1 = mainThreadCpuMs(pid);
        if (cpu0 !== undefined && cpu1 !== undefined) cpu.push(cpu1 - cpu0);
      } while (reruns.length < MAX_RERUNS && slowInEvery(CEILING_MS, reruns, cpu));
      return { reruns, cpu };
    };

    /** One request: timed (re-sent when over the ceiling, see `rerun`), its answer checked. */
    const ask = async <T>(method: string, params: object, check: (result: T) => void, where?: string): Promise<T | undefined> => {
      requests++;
      let result: T;
      const t0 = performance.now();
      try {
        result = (await client.connection.sendRequest(method, params)) as T;
      } catch (error) {
        report(method, error);
        return undefined;
      }
      const ms = performance.now() - t0;
      const slow = { seed, bytes, where };
      // As in the service (`serviceFuzz.ts`): slow in every re-run, on the clock and in the CPU time of the
      // server's main thread where it can be read.
      if (ms > CEILING_MS && enforce) {
        const { reruns, cpu } = await rerun(async () => {
          await client.connection.sendRequest(method, params).catch(() => undefined);
        });
        (slowInEvery(CEILING_MS, reruns, cpu) ? timings.overCeiling : timings.transient).push({ feature: method, ms, reruns, cpu, ...slow });
      }
      record(timings, method, ms, slow);
      try {
        check(result);
      } catch (error) {
        report(method, error);
      }
      return result;
    };

    // Open: the server validates at once and publishes; the time to that is the open's cost.
    const t0 = performance.now();
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { ...textDocument, languageId: doc.languageId, version: 1, text: doc.text } });
    let published: PublishDiagnosticsParams | undefined;
    try {
      published = await client.waitForDiagnostics(document.uri, (p) => p.version === 1, 20_000);
    } catch (error) {
      report('textDocument/publishDiagnostics', error);
    }
    if (published) {
      const ms = performance.now() - t0;
      if (ms > CEILING_MS && enforce) {
        // As for requests: open the same text again (under other URIs) before calling it slow.
        let again = 0;
        const { reruns, cpu } = await rerun(async () => {
          const uri = `${document.uri}-again-${again++}`;
          await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: doc.languageId, version: 1, text: doc.text } });
          await client.waitForDiagnostics(uri, (p) => p.version === 1, 20_000).catch(() => undefined);
          await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
        });
        (slowInEvery(CEILING_MS, reruns, cpu) ? timings.overCeiling : timings.transient).push({ feature: 'didOpen → publishDiagnostics', ms, reruns, cpu, seed, bytes });
      }
      record(timings, 'didOpen → publishDiagnostics', ms, { seed, bytes });
      try {
        checkDiagnostics(document, published.diagnostics);
      } catch (error) {
        report('textDocument/publishDiagnostics', error);
      }
    }
    const diagnostics: Diagnostic[] = published?.diagnostics ?? [];

    const positions = doc.args.offsets.slice(0, 3).map((o) => document.positionAt(o));
    for (const position of positions) {
      const list = await ask<CompletionList | null>('textDocument/completion', { textDocument, position }, (r) => checkCompletion(document, position, r));
      const item = list?.items[0];
      if (item) await ask<CompletionItem>('completionItem/resolve', item, (r) => checkResolved(item, r));
      await ask<Hover | null>('textDocument/hover', { textDocument, position }, (r) => checkHover(document, position, r));
      await ask<LinkedEditingRanges | null>('textDocument/linkedEditingRange', { textDocument, position }, (r) => checkLinkedEditing(document, position, r));
    }
    await ask<SelectionRange[] | null>('textDocument/selectionRange', { textDocument, positions }, (r) => checkSelectionRanges(document, positions, r));
    await ask<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument }, (r) => checkSymbols(document, r));
    await ask<FoldingRange[] | null>('textDocument/foldingRange', { textDocument }, (r) => checkFolding(document, r));
    await ask<DocumentLink[] | null>('textDocument/documentLink', { textDocument }, (r) => checkLinks(document, r));
    const formatting = doc.args.formatting ?? { tabSize: 2, insertSpaces: true };
    await ask<TextEdit[] | null>('textDocument/formatting', { textDocument, options: formatting }, (r) => void checkFormatting(document, r));
    const [a, b] = doc.args.range ?? [0, 0];
    const range = { start: document.positionAt(a), end: document.positionAt(b) };
    await ask<TextEdit[] | null>('textDocument/rangeFormatting', { textDocument, range, options: formatting }, (r) => void checkFormatting(document, r));
    const first = diagnostics[0];
    if (first) {
      await ask<CodeAction[] | null>('textDocument/codeAction', { textDocument, range: first.range, context: { diagnostics: [first] } }, (r) => void checkCodeActions(document, r));
    }
    await ask<CodeAction[] | null>('textDocument/codeAction', { textDocument, range: { start: range.start, end: range.start }, context: { diagnostics, only: [FIX_ALL] } }, (r) => void checkCodeActions(document, r), 'fix all');

    await client.connection.sendNotification('textDocument/didClose', { textDocument });
    if (logErrors.length > logged) report('window/logMessage', new CheckError('server-logged-error', logErrors.slice(logged).join('\n').slice(0, 2000)));
    done++;
  }
  return { documents: done, requests, timings, failures };
}

function fatal(seed: number, index: number, message: string): Failure {
  return { seed: itemSeed(seed ^ 0x5e4e4, index), feature: 'server', check: 'server-exited', message, seedName: '-', languageId: '-', bytes: 0 };
}
