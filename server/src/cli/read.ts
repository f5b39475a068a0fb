/**
 * Reading a file's text for `voiceml lint`: only regular files, in the encoding the file is in, with where its
 * bytes stop being valid there. Nothing here knows the languages (the caller says whether a file is XML), so the
 * thread that reads ahead of the checking (`readAhead.ts`) loads this alone.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { TextDecoder } from 'node:util';
import type { Localized } from '../l10n';

export type ReadResult =
  | { ok: true; text: string; encoding?: EncodingProblem }
  /** `skipped`: not a regular file (a FIFO, a device, a socket): never read, and no failure of the run. */
  | { ok: false; reason: Localized; skipped?: boolean };

/** Where a file stops being valid in the encoding it is read in. */
export interface EncodingProblem {
  /** The encoding it was read in (`UTF-8`, or what its XML declaration names). */
  encoding: string;
  /** The first byte that is not valid there, and its value. */
  byte: number;
  value: number;
  /** Where the text read from it starts being garbled (UTF-16 offset into `text`). */
  offset: number;
}

/**
 * Synchronous on purpose: each file is read whole before it is checked, and for the many small files of a
 * tree the thread-pool round trips of the promise API (stat, open, fstat, read, close) cost more than the
 * reading itself — several times more once worker threads share that pool.
 *
 * Only regular files are read: a FIFO would wait for a writer forever, `/dev/zero` never ends. Text is read as
 * UTF-8, or (`xml`) as the encoding an XML file declares (`<?xml … encoding="EUC-KR"?>`), or as its byte order
 * mark says (UTF-16); bytes that are not valid there are read as U+FFFD, and where they start is returned.
 *
 * `size`: the size of a file whose status was just taken and said it is a regular file, so that its status is
 * not asked again.
 */
export function readText(file: string, xml: boolean, size?: number): ReadResult {
  if (size !== undefined) return readRegular(file, size, xml);
  const status = statusOf(file);
  return 'size' in status ? readRegular(file, status.size, xml) : status;
}

/** The size of `file` when it is a regular file; else why it is not read (a failure, or skipped). */
export function statusOf(file: string): { size: number } | (ReadResult & { ok: false }) {
  try {
    const info = statSync(file);
    if (info.isDirectory()) {
      return { ok: false, reason: { ko: '디렉터리입니다 (glob을 쓰세요, 예: "dir/**/*.xml")', en: 'is a directory (use a glob, e.g. "dir/**/*.xml")' } };
    }
    if (!info.isFile()) {
      const kind: Localized = info.isFIFO()
        ? { ko: 'FIFO(이름 있는 파이프)', en: 'a FIFO' }
        : info.isCharacterDevice() || info.isBlockDevice()
          ? { ko: '장치', en: 'a device' }
          : info.isSocket()
            ? { ko: '소켓', en: 'a socket' }
            : { ko: '특수 파일', en: 'a special file' };
      return {
        ok: false,
        skipped: true,
        reason: { ko: `일반 파일이 아니라 건너뜁니다 (${kind.ko})`, en: `skipped: not a regular file (${kind.en})` },
      };
    }
    return { size: info.size };
  } catch (error) {
    return failure(error);
  }
}

/** A regular file of `size` bytes (as its status said), read whole. */
export function readRegular(file: string, size: number, xml: boolean): ReadResult {
  try {
    return { ok: true, ...decode(readBytes(file, size), xml) };
  } catch (error) {
    return failure(error);
  }
}

function failure(error: unknown): ReadResult & { ok: false } {
  const code = (error as NodeJS.ErrnoException).code;
  const reason: Localized =
    code === 'ENOENT'
      ? { ko: '파일이 없습니다', en: 'no such file' }
      : code === 'EACCES' || code === 'EPERM'
        ? { ko: '읽을 권한이 없습니다', en: 'permission denied' }
        : { ko: '읽을 수 없습니다', en: 'cannot be read' };
  return { ok: false, reason };
}

/**
 * The file's bytes, `size` of them as its status said (as `readFileSync` reads, without asking the status again):
 * fewer if it has shrunk since, and those that were there if it has grown. A size of 0 may be a file whose
 * size the system does not know (`/proc`): read to its end. Valid until the next call: the bytes of a file up
 * to `SCRATCH_MAX` are read into one buffer for the run, since they are decoded at once (a buffer of its own
 * for each of thousands of small files kept the garbage collector busy with memory it does not hold).
 */
function readBytes(file: string, size: number): Uint8Array {
  if (size === 0) return readFileSync(file);
  if (size <= SCRATCH_MAX && size > scratch.length) scratch = Buffer.allocUnsafe(Math.max(size, 2 * scratch.length));
  const bytes = size <= SCRATCH_MAX ? scratch : Buffer.allocUnsafe(size);
  const fd = openSync(file, 'r');
  try {
    let length = 0;
    while (length < size) {
      const read = readSync(fd, bytes, length, size - length, null);
      if (read === 0) break;
      length += read;
    }
    return length < bytes.length ? bytes.subarray(0, length) : bytes;
  } finally {
    closeSync(fd);
  }
}

/** Files up to this size are read into `scratch`, kept for the run; larger ones into a buffer of their own. */
const SCRATCH_MAX = 1024 * 1024;
let scratch = Buffer.allocUnsafe(64 * 1024);

/** The bytes as text (a byte order mark dropped, as editors do), and where they stop being valid if they do. */
function decode(bytes: Uint8Array, xml: boolean): { text: string; encoding?: EncodingProblem } {
  const label = encodingOf(bytes, xml);
  try {
    return { text: strictDecoder(label).decode(bytes) };
  } catch {
    // The longest valid start, by halves: a start that decodes (a character cut at its end waits, `stream`)
    // stays valid when shortened.
    let valid = 0;
    let invalid = bytes.length;
    while (invalid - valid > 1) {
      const middle = (valid + invalid) >>> 1;
      try {
        new TextDecoder(label, { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
        valid = middle;
      } catch {
        invalid = middle;
      }
    }
    // The first byte of the character that is not valid: back from there to where a character ends.
    let byte = valid;
    while (byte > 0 && !decodes(label, bytes.subarray(0, byte))) byte--;
    return {
      text: new TextDecoder(label).decode(bytes),
      encoding: { encoding: label.toUpperCase(), byte, value: bytes[byte] ?? 0, offset: new TextDecoder(label).decode(bytes.subarray(0, byte)).length },
    };
  }
}

/**
 * One strict decoder per encoding for the whole run: a tree of thousands of files is read in a handful of
 * encodings, and making a decoder costs about as much as decoding a small file. (A call without `stream`
 * starts afresh, also after one that threw.)
 */
const strictDecoders = new Map<string, TextDecoder>();

function strictDecoder(label: string): TextDecoder {
  let decoder = strictDecoders.get(label);
  if (decoder === undefined) strictDecoders.set(label, (decoder = new TextDecoder(label, { fatal: true })));
  return decoder;
}

function decodes(label: string, bytes: Uint8Array): boolean {
  try {
    new TextDecoder(label, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * The encoding to read a file in: UTF-16 when a byte order mark says so, what an XML declaration names when
 * this runtime knows it (`EUC-KR`, `Shift_JIS` …), else UTF-8 — what XML assumes, and how the platform reads
 * a response.
 */
function encodingOf(bytes: Uint8Array, xml: boolean): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (!xml) return 'utf-8';
  const declared = declaredEncoding(bytes);
  if (declared === undefined) return 'utf-8';
  let known = knownEncodings.get(declared);
  if (known === undefined) {
    try {
      known = new TextDecoder(declared).encoding;
    } catch {
      known = 'utf-8'; // a name this runtime does not know: read as UTF-8, where its bytes will be judged
    }
    knownEncodings.set(declared, known);
  }
  return known;
}

/** Each name a declaration gave, as this runtime names its encoding (`UTF-8` → `utf-8`): looked up once. */
const knownEncodings = new Map<string, string>();

/** `<?xml` in ASCII, which a declaration starts with in every encoding it can name. */
const DECLARATION_START = [0x3c, 0x3f, 0x78, 0x6d, 0x6c];

/** The `encoding` of an XML declaration at the start of the bytes (ASCII in every encoding it can name). */
function declaredEncoding(bytes: Uint8Array): string | undefined {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (DECLARATION_START.some((byte, i) => bytes[start + i] !== byte)) return undefined;
  // One byte a character, whatever the bytes (latin1): the declaration is ASCII.
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1', start, start + 256);
  const end = head.indexOf('?>');
  const declaration = end < 0 ? head : head.slice(0, end);
  const at = declaration.indexOf('encoding');
  if (at < 0) return undefined;
  let i = at + 'encoding'.length;
  while (declaration[i] === ' ' || declaration[i] === '\t' || declaration[i] === '\r' || declaration[i] === '\n') i++;
  if (declaration[i] !== '=') return undefined;
  i++;
  while (declaration[i] === ' ' || declaration[i] === '\t' || declaration[i] === '\r' || declaration[i] === '\n') i++;
  const quote = declaration[i];
  if (quote !== '"' && quote !== "'") return undefined;
  const close = declaration.indexOf(quote, i + 1);
  return close < 0 ? undefined : declaration.slice(i + 1, close);
}
