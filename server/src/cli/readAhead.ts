/**
 * Files read ahead of the checking, in a thread of their own at the lowest priority: while this thread checks one
 * file, the next ones are opened, read and decoded there, on time the processors would otherwise idle away. On a
 * tree of small files, reading and decoding is about a sixth of what the checking thread does alone (system
 * calls, and UTF-8 made into strings); taking a text sent by the reader costs it about a quarter of that. The
 * reader loads `reader.js` (this file and `read.ts`), not the checker: it starts in a few milliseconds of this
 * thread's time.
 *
 * The two threads share a counter of the next file nobody has claimed. The reader claims a few files at a time,
 * reads them and sends their texts; this thread takes each file's text when it comes to it, or, when the next
 * file is still unclaimed (the reader is starting up, or has no processor to run on), claims and reads it itself;
 * a file the reader has claimed but not sent is waited for a little, once in a run, then read here too. So the
 * checking never waits for a reader that is slow to start or has no processor, and a file is read twice only then. The
 * reader stays at most `AHEAD` files (and `AHEAD_CHARACTERS` of text) ahead of the checking and leaves files over
 * `LARGE` bytes to this thread, which reads them as it would without it: the text held for the checking stays
 * that of a few small files.
 *
 * Synchronous for this thread, as reading is: it takes texts off the channel with `receiveMessageOnPort` and
 * waits with `Atomics.wait`, so the checking loop stays as it was and no turn of the event loop is spent per file.
 */
import { setPriority } from 'node:os';
import type { MessagePort, Worker } from 'node:worker_threads';
import { readRegular, statusOf, type ReadResult } from './read';

/** Files the reader claims at a time, and sends in one message. */
const BATCH = 8;
/** Files, and characters of their texts, the reader may be ahead of the checking. */
const AHEAD = 64;
const AHEAD_CHARACTERS = 4 * 1024 * 1024;
/**
 * Files larger than this, and empty ones (a size of 0 may be a file whose size the system does not know), are
 * read by the checking thread.
 */
const LARGE = 256 * 1024;
/**
 * How long the checking thread waits for a file the reader has claimed (ms), about the time it takes to read a
 * few small files: then it reads it itself (the reader's text for it, if it comes, is dropped).
 */
const PATIENCE = 0.5;

/** The shared counters, by index. */
const NEXT = 0; // the first file nobody has claimed
const TAKEN = 1; // files the checking thread has taken (all before this index)
const SENT = 2; // messages the reader has sent
const STOP = 3; // 1: the reader stops
const WAKE = 4; // when the reader waits for the checking: the count of files taken to wake it at (0: it does not wait)

interface ReaderSetup {
  files: readonly string[];
  /** Per file: 1 when it is read as XML (its declaration names the encoding). */
  xml: Uint8Array;
  /** Per file: its size when known to be a regular file, else -1. */
  sizes: Float64Array;
  state: Int32Array;
  port: MessagePort;
}

/** One message of the reader: the files from `start` on, each read, or `null` for one left to the checking thread. */
interface Batch {
  start: number;
  results: (ReadResult | null)[];
}

function threads(): typeof import('node:worker_threads') {
  return require('node:worker_threads') as typeof import('node:worker_threads');
}

export interface Reading {
  /** File `i`'s text: `i` goes up by one from 0, each file taken once. */
  take(i: number): ReadResult;
  /** Ends the reader (also when not every file was taken). */
  close(): void;
}

/**
 * Reads `files` in order for the checking, ahead in a thread started from `script` (`read(i)` reads file `i`
 * here, as it would without). Whatever goes wrong with the reader — it cannot start, it fails, it is slow —
 * this thread reads the files it has not sent.
 */
export function readAhead(
  script: string,
  files: readonly string[],
  xml: (file: string) => boolean,
  sizes: Float64Array,
  read: (i: number) => ReadResult,
): Reading {
  const { MessageChannel, Worker: WorkerThread, receiveMessageOnPort } = threads();
  const state = new Int32Array(new SharedArrayBuffer(5 * Int32Array.BYTES_PER_ELEMENT));
  const { port1: port, port2 } = new MessageChannel();
  const received = new Map<number, ReadResult | null>();
  /** The next file to take: a text the reader sends late, for a file read here meanwhile, is dropped. */
  let next = 0;
  /** The reader was waited for in vain: it is not waited for again. */
  let stalled = false;
  let worker: Worker | undefined;
  try {
    const setup: ReaderSetup = { files, xml: Uint8Array.from(files, (file) => (xml(file) ? 1 : 0)), sizes, state, port: port2 };
    worker = new WorkerThread(script, { workerData: setup, transferList: [port2] });
    // It never holds the process open, and what fails there is this thread's to make up for: the files it does
    // not send are read here.
    worker.unref();
    worker.on('error', () => Atomics.store(state, STOP, 1));
  } catch {
    Atomics.store(state, STOP, 1);
  }
  const receive = (): boolean => {
    let any = false;
    for (let message = receiveMessageOnPort(port); message !== undefined; message = receiveMessageOnPort(port)) {
      const { start, results } = message.message as Batch;
      results.forEach((result, k) => start + k >= next && received.set(start + k, result));
      any = true;
    }
    return any;
  };
  const taken = (i: number, result: ReadResult): ReadResult => {
    next = i + 1;
    Atomics.store(state, TAKEN, next);
    // The reader is woken when it has room for a few batches again, not on every file (each wake is a system call).
    const wake = Atomics.load(state, WAKE);
    if (wake !== 0 && next >= wake) {
      Atomics.store(state, WAKE, 0);
      Atomics.notify(state, TAKEN);
    }
    return result;
  };
  return {
    take(i) {
      for (;;) {
        if (received.has(i) || (receive() && received.has(i))) {
          const result = received.get(i);
          received.delete(i);
          return taken(i, result ?? read(i));
        }
        // Not claimed yet, or the reader is stopped: read here.
        if (Atomics.load(state, STOP) === 1 || Atomics.compareExchange(state, NEXT, i, i + 1) === i) return taken(i, read(i));
        // Claimed by the reader, not sent yet: wait a little for its next message, once in the run; when it sends
        // nothing (it has no processor now, or has stopped), the file is read here, and so is every file from then
        // on that it has claimed and not sent when the checking comes to it (on a busy machine, waiting for a
        // reader at the lowest priority each time it fell behind cost more than reading the files).
        const sent = Atomics.load(state, SENT);
        if (receive()) continue;
        if (stalled || Atomics.wait(state, SENT, sent, PATIENCE) === 'timed-out') {
          stalled = true;
          return taken(i, read(i));
        }
      }
    },
    close() {
      Atomics.store(state, STOP, 1);
      Atomics.notify(state, TAKEN);
      port.close();
    },
  };
}

/** The reader's side: claims files, reads them and sends their texts, until every file is claimed or it is told to stop. */
export function runReader(): void {
  const { workerData } = threads();
  const { files, xml, sizes, state, port } = workerData as ReaderSetup;
  // The reader runs on time the processors would otherwise idle away: at the lowest priority, so that on a busy
  // machine it does not take turns with the checking thread (which then reads the files itself). On Linux a
  // priority is a thread's own; elsewhere it would be the whole process's, and is left as it is.
  if (process.platform === 'linux') {
    try {
      setPriority(19);
    } catch {
      // As it is.
    }
  }
  /** The characters read here of each file, and of those not taken yet (from `oldest` on). */
  const read = new Float64Array(files.length);
  let ahead = 0;
  let oldest = 0;
  while (Atomics.load(state, STOP) === 0) {
    const taken = Atomics.load(state, TAKEN);
    for (; oldest < taken; oldest++) ahead -= read[oldest]!;
    const next = Atomics.load(state, NEXT);
    if (next >= files.length) break;
    if (next - taken >= AHEAD || ahead >= AHEAD_CHARACTERS) {
      // Until half of the files read ahead are taken (told by the checking thread; woken anyway now and then).
      Atomics.store(state, WAKE, taken + Math.max(1, (next - taken) >> 1));
      Atomics.wait(state, TAKEN, taken, 1000);
      continue;
    }
    const start = Atomics.add(state, NEXT, BATCH);
    if (start >= files.length) break;
    const results: (ReadResult | null)[] = [];
    for (let i = start; i < Math.min(start + BATCH, files.length); i++) {
      const result = readOne(files[i]!, xml[i] === 1, sizes[i]!);
      if (result?.ok) ahead += read[i] = result.text.length;
      results.push(result);
    }
    port.postMessage({ start, results } satisfies Batch);
    Atomics.add(state, SENT, 1);
    Atomics.notify(state, SENT);
  }
  port.close();
}

/** A file's text, or `null` to leave it to the checking thread: larger than `LARGE`, or of a size not known. */
function readOne(file: string, xml: boolean, size: number): ReadResult | null {
  if (size >= 0) return size > 0 && size <= LARGE ? readRegular(file, size, xml) : null;
  const status = statusOf(file);
  if (!('size' in status)) return status;
  return status.size > 0 && status.size <= LARGE ? readRegular(file, status.size, xml) : null;
}
