/**
 * Checks files with the language service, in this thread (with another reading the files ahead, see
 * `readAhead.ts`) or spread over worker threads too. Workers pay off on large trees only: each one loads the
 * whole checker (~40 ms) and warms up its own compiler before its first file, so a few dozen files are faster
 * done here. Work is handed out in small batches as threads become free, so one slow file does not hold up a
 * whole share; outcomes are reported in file order, so the output never depends on who finished first.
 */
import { availableParallelism, loadavg } from 'node:os';
import * as path from 'node:path';
import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { localize, type Localized, type Locale } from '../l10n';
import { CLI_DOCUMENTATION_URL } from '../rules/documentation';
import { DIAGNOSTIC_SOURCE } from '../services/diagnostics';
import { getLanguageService, type LanguageService, type ValidationSettings } from '../languageService';
import type { FlowIndex } from '../flow/index';
import { hasSteps } from '../flow/responses';
import { hasHandlerCode } from '../document/handlers';
import { rules } from '../rules';
import { compareFiles, fileUrlOf, isXmlFile, languageIdOf, readSource, type EncodingProblem, type ReadResult } from './files';
import { readAhead, type Reading } from './readAhead';

export interface FileOutcome {
  file: string;
  /** The file's diagnostics; absent when it could not be read. */
  diagnostics?: Diagnostic[];
  /** Why the file could not be read. */
  failure?: Localized;
  /** Why the file was not read, on purpose (not a regular file): no failure of the run. */
  skipped?: Localized;
  /** Its VoiceML leads somewhere (an `action`, a `<Redirect>`): the flow rules judge it. Told only when they will. */
  leads?: boolean;
}

/** The code of the error for a file that is not valid in its encoding; no rule's (no setting turns it off). */
export const INVALID_ENCODING_CODE = 'invalid-encoding';

/**
 * Threads checking files: `auto` as many as pay off (see `workerCount`), `off` (or 1) this thread alone, a
 * number that many (this thread and workers).
 */
export type Concurrency = 'auto' | 'off' | number;

/** Below this many files, starting workers costs more than it saves. */
export const WORKER_THRESHOLD = 50;

/**
 * `auto` starts workers only for this much text and more, and one thread per this much. A worker loads the
 * whole checker and compiles it anew before its first file (~150–250 ms on 2 cores), and checking is ~50 MB/s
 * cold: measured on 2 cores, 2 000 small files (14 MB) took 0.9 s in one thread and 1.7–2.1 s with a worker,
 * 68 MB of 300 KB files 1.4 s and 1.9 s (the machine busy with other work).
 */
const AUTO_MIN_BYTES = 64 * 1024 * 1024;
const AUTO_BYTES_PER_THREAD = 32 * 1024 * 1024;
/** Files handed out at a time. */
const BATCH = 8;

/**
 * With `auto`, from this many files on, one thread checks them while another reads ahead (see `readAhead.ts`):
 * starting that thread is about a tenth of checking this many small files, and it costs this thread nothing to
 * wait for. Only where the process may use two processors or more: on one, the reader would take turns with the
 * checking thread (2 000 small files took 11 % longer with it, pinned to one processor, before it ran at the
 * lowest priority).
 */
const READ_AHEAD_MIN = 64;
/** The reader's script, beside the CLI's (`entry`). */
const READER = 'reader.js';

const MARK = 'voiceml-lint-worker';
/**
 * The arguments a worker is started with, after its script: `lint`, so that it reads the code cache of `lint`
 * (see launch.ts), and a mark that says it may be a worker.
 */
const WORKER_ARGUMENTS = ['lint', `--${MARK}`];

/**
 * `node:worker_threads`, loaded only where it is used: starting workers, or in a worker (where Node.js has loaded
 * it already). Loading it is a few milliseconds of each run's start, and most runs check their files in one thread.
 */
function threads(): typeof import('node:worker_threads') {
  return require('node:worker_threads') as typeof import('node:worker_threads');
}

interface WorkerSetup {
  [MARK]: true;
  locale: Locale;
  settings: ValidationSettings;
  /** Tell whether each file's VoiceML leads somewhere (only when the flow rules will judge it). */
  leads: boolean;
}

/** True in a worker thread started by `checkFiles`. */
export function isLintWorker(): boolean {
  // The arguments first: a run given them on the command line is no worker, told by loading the module.
  if (process.argv[2] !== WORKER_ARGUMENTS[0] || process.argv[3] !== WORKER_ARGUMENTS[1]) return false;
  const { isMainThread, workerData } = threads();
  return !isMainThread && (workerData as Partial<WorkerSetup> | null)?.[MARK] === true;
}

/** `read`: the file's text (`readSource`). */
function checkOne(service: LanguageService, file: string, read: ReadResult, settings: ValidationSettings, leadsAsked: boolean): FileOutcome {
  if (!read.ok) return read.skipped ? { file, skipped: read.reason } : { file, failure: read.reason };
  const document = TextDocument.create(fileUrlOf(file), languageIdOf(file) ?? 'xml', 0, read.text);
  const diagnostics = service.doValidation(document, settings);
  const leads = leadsAsked && service.getRegions(document).some(hasSteps);
  if (read.encoding) {
    diagnostics.push(encodingDiagnostic(document, read.encoding, service.locale));
    diagnostics.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }
  // Each file is seen once: keeping its tree cached would only grow memory with the size of the tree.
  service.forget(document.uri);
  return { file, diagnostics, leads };
}

/**
 * The error for bytes that are not valid in the file's encoding, on the first character they garble: the
 * platform reads a response as UTF-8 (or as its XML declaration says), so that text reaches a caller garbled.
 */
function encodingDiagnostic(document: TextDocument, problem: EncodingProblem, locale: Locale): Diagnostic {
  const start = document.positionAt(problem.offset);
  const diagnostic = Diagnostic.create(
    { start, end: document.positionAt(problem.offset + 1) },
    localize(
      {
        ko: '이 파일은 올바른 {0}이(가) 아닙니다: {1}번째 바이트(0x{2})부터 {0}(으)로 읽을 수 없어, 이 부분은 깨진 글자로 전달됩니다. 파일을 {0}(으)로 저장하세요.',
        en: 'The file is not valid {0}: from byte {1} (0x{2}) on it cannot be read as {0}, so this text arrives garbled. Save the file as {0}.',
      },
      locale,
      [problem.encoding, String(problem.byte), problem.value.toString(16).toUpperCase().padStart(2, '0')],
    ),
    DiagnosticSeverity.Error,
    INVALID_ENCODING_CODE,
    DIAGNOSTIC_SOURCE,
  );
  diagnostic.codeDescription = { href: CLI_DOCUMENTATION_URL };
  return diagnostic;
}

/**
 * How many worker threads to start for `count` files. The main thread checks files too, so `n` threads of
 * work (`--concurrency n`, or one per CPU for `auto`) means `n - 1` workers.
 */
export function workerCount(count: number, concurrency: Concurrency, bytes = Infinity): number {
  if (concurrency === 'off') return 0;
  if (concurrency === 'auto') {
    if (count <= WORKER_THRESHOLD || bytes < AUTO_MIN_BYTES) return 0;
    // CPUs that other work keeps busy are no help: a thread there only takes turns with it.
    const idle = Math.floor(availableParallelism() - loadavg()[0]!);
    return Math.max(0, Math.min(idle, Math.ceil(count / WORKER_THRESHOLD), Math.ceil(bytes / AUTO_BYTES_PER_THREAD)) - 1);
  }
  return Math.max(0, Math.min(concurrency, count) - 1);
}

/**
 * How much text `files` hold, as far as it takes to tell whether it reaches `AUTO_MIN_BYTES`; and the size of
 * each regular file among those looked at (-1: not looked at, not a regular file, or no status), so that one
 * status a file is enough when this thread checks them all: a status is about a tenth of reading a small file.
 */
function sizesOf(files: readonly string[]): { bytes: number; sizes: Float64Array } {
  const sizes = new Float64Array(files.length).fill(-1);
  let bytes = 0;
  for (let i = 0; i < files.length && bytes < AUTO_MIN_BYTES; i++) {
    try {
      const info = statSync(files[i]!);
      bytes += info.size;
      if (info.isFile()) sizes[i] = info.size;
    } catch {
      // Reported when it is read.
    }
  }
  return { bytes, sizes };
}

/** The rules that read the workspace's call flow: run once over the workspace, in this thread. */
const WORKSPACE_RULES = rules.filter((r) => r.readsWorkspace).map((r) => r.name);

/**
 * Checks `files` and gives each outcome to `report` in file order, each as soon as it and the files before it
 * are checked (`report` may return a promise: the next files wait for it, while output drains). `entry` is
 * the script a worker runs (the CLI's own, which calls `runLintWorker` when `isLintWorker()`). With a
 * `workspace` (the call-flow index of the files checked), the flow rules judge each file against it — in this
 * thread, after the others, so that a file's findings are the same with workers or without; when it has routes
 * to judge against, every outcome waits for the last file.
 */
export async function checkFiles(
  files: readonly string[],
  options: { locale: Locale; concurrency: Concurrency; entry: string; workspace?: FlowIndex; report: (outcome: FileOutcome) => void | Promise<void> },
): Promise<void> {
  const sorted = [...files].sort(compareFiles);
  const measured = options.concurrency === 'auto' && sorted.length > WORKER_THRESHOLD ? sizesOf(sorted) : undefined;
  const workers = workerCount(sorted.length, options.concurrency, measured?.bytes ?? 0);
  const service = getLanguageService({ locale: options.locale });
  const settings: ValidationSettings = options.workspace ? { rules: Object.fromEntries(WORKSPACE_RULES.map((name) => [name, 'off' as const])) } : {};
  const judged = options.workspace !== undefined && options.workspace.routes().length > 0;
  const held: FileOutcome[] = [];
  const report = judged ? (outcome: FileOutcome): void => void held.push(outcome) : options.report;
  if (workers > 0) await checkWithWorkers(sorted, workers, service, { ...options, settings, leads: judged, report });
  else {
    const read = (i: number): ReadResult => {
      const size = measured?.sizes[i] ?? -1;
      return readSource(sorted[i]!, size >= 0 ? size : undefined);
    };
    // Many files, and two processors or more: read ahead in a thread of their own.
    const reading: Reading | undefined =
      options.concurrency === 'auto' && sorted.length >= READ_AHEAD_MIN && availableParallelism() >= 2
        ? readAhead(path.join(path.dirname(options.entry), READER), sorted, isXmlFile, measured?.sizes ?? new Float64Array(sorted.length).fill(-1), read)
        : undefined;
    try {
      for (let i = 0; i < sorted.length; i++) {
        const waiting = report(checkOne(service, sorted[i]!, reading ? reading.take(i) : read(i), settings, judged));
        if (waiting) await waiting;
      }
    } finally {
      reading?.close();
    }
  }
  if (!judged) return;
  addFlowFindings(held, options.workspace!, options.locale);
  for (const outcome of held) await options.report(outcome);
}

/**
 * The flow rules' findings of every file whose VoiceML leads somewhere or whose handlers read the platform's
 * request or answer it, added to its outcome in document order.
 * `workspace` holds the files that can register routes; without any route nothing can be judged.
 */
function addFlowFindings(outcomes: FileOutcome[], workspace: FlowIndex, locale: Locale): void {
  if (workspace.routes().length === 0) return;
  const leading = outcomes.flatMap((outcome) => {
    if (!outcome.diagnostics) return [];
    const uri = fileUrlOf(outcome.file);
    // Its VoiceML leads somewhere, or its handlers read the request or answer it (judged with the routes).
    if (!outcome.leads && !(workspace.has(uri) && hasHandlerCode(workspace.handlerCodeIn(uri)))) return [];
    const read = readSource(outcome.file);
    return read.ok ? [{ outcome, document: TextDocument.create(uri, languageIdOf(outcome.file) ?? 'xml', 0, read.text) }] : [];
  });
  // Every response first (a loop may run through several files), then each file judged.
  for (const { document } of leading) if (!workspace.has(document.uri)) workspace.update(document.uri, document.getText(), document.languageId);
  const service = getLanguageService({ locale, workspace });
  const only: ValidationSettings = { rules: Object.fromEntries(rules.filter((r) => !r.readsWorkspace).map((r) => [r.name, 'off' as const])) };
  for (const { outcome, document } of leading) {
    const found = service.doValidation(document, only);
    service.forget(document.uri);
    if (found.length === 0) continue;
    outcome.diagnostics = [...outcome.diagnostics!, ...found].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }
}

/**
 * One shared queue of batches: each worker asks for the next when it answers, and this thread takes one
 * whenever it is free, between handling the workers' messages. Outcomes are given to `report` in file order as
 * soon as the ones before them are in.
 */
function checkWithWorkers(
  files: readonly string[],
  count: number,
  service: LanguageService,
  options: { locale: Locale; entry: string; settings: ValidationSettings; leads: boolean; report: (outcome: FileOutcome) => void | Promise<void> },
): Promise<void> {
  return new Promise((resolve, reject) => {
    /** Outcomes checked but not reported yet, by file index: those after a file still being checked. */
    const waiting = new Map<number, FileOutcome>();
    let reported = 0;
    let next = 0;
    let running = count + 1;
    let failed = false;
    const started: Worker[] = [];
    const take = (): Batch => {
      const batch = { start: next, files: files.slice(next, next + BATCH) };
      next += batch.files.length;
      return batch;
    };
    const checked = (start: number, outcomes: readonly FileOutcome[]): void => {
      outcomes.forEach((outcome, i) => waiting.set(start + i, outcome));
      for (let outcome = waiting.get(reported); outcome !== undefined; outcome = waiting.get(reported)) {
        waiting.delete(reported++);
        // Written as it comes: this thread keeps handing out work meanwhile, and stdout drains between turns.
        void options.report(outcome);
      }
    };
    const done = (): void => {
      if (--running === 0 && !failed) resolve();
    };
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      for (const worker of started) void worker.terminate();
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    const ended = new Set<Worker>();
    const feed = (worker: Worker): void => {
      if (ended.has(worker)) return;
      const batch = take();
      if (batch.files.length === 0) ended.add(worker);
      worker.postMessage(batch.files.length > 0 ? batch : null);
    };
    for (let i = 0; i < count; i++) {
      const setup: WorkerSetup = { [MARK]: true, locale: options.locale, settings: options.settings, leads: options.leads };
      const worker = new (threads().Worker)(options.entry, { workerData: setup, argv: WORKER_ARGUMENTS });
      started.push(worker);
      worker.on('message', ({ start, outcomes }: { start: number; outcomes: FileOutcome[] }) => {
        try {
          checked(start, outcomes);
        } catch (error) {
          return fail(error);
        }
        feed(worker);
      });
      worker.on('error', fail);
      worker.on('exit', (code) => (code !== 0 ? fail(new Error(`a worker thread stopped with exit code ${code}`)) : done()));
      // Two batches in flight: while this thread is busy with its own, a worker still has the next one to do.
      feed(worker);
      feed(worker);
    }
    // This thread's share, one batch per turn of the event loop so the workers' answers are not kept waiting.
    const work = (): void => {
      if (failed) return;
      const batch = take();
      if (batch.files.length === 0) return done();
      try {
        checked(
          batch.start,
          batch.files.map((file) => checkOne(service, file, readSource(file), options.settings, options.leads)),
        );
      } catch (error) {
        return fail(error);
      }
      setImmediate(work);
    };
    setImmediate(work);
  });
}

/** Files handed out at once, and where the first stands among all. */
interface Batch {
  start: number;
  files: readonly string[];
}

/** The worker side: checks each batch it is sent and answers with the outcomes; `null` ends it. */
export function runLintWorker(): void {
  const { workerData, parentPort } = threads();
  const setup = workerData as WorkerSetup;
  const service = getLanguageService({ locale: setup.locale });
  const port = parentPort!;
  port.on('message', (batch: Batch | null) => {
    if (batch === null) {
      port.close();
      return;
    }
    port.postMessage({ start: batch.start, outcomes: batch.files.map((file) => checkOne(service, file, readSource(file), setup.settings, setup.leads)) });
  });
}
