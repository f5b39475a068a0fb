/**
 * The files `voiceml lint` checks: patterns expanded to paths, each path's language id, reading a file. Kept
 * apart from the checking so the worker threads (`run.ts`) and the main thread share it.
 */
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDecoder } from 'node:util';
import { globSync, isDynamicPattern } from 'tinyglobby';
import type { Localized } from '../l10n';
import { hosts, languageIdOfFile } from '../hosts';

/**
 * Never searched by a glob: dependencies and build output hold other people's XML and bundled copies of our
 * own templates. A path named explicitly is always checked.
 */
export const DEFAULT_IGNORES: readonly string[] = ['**/node_modules/**', '**/dist/**'];

/**
 * The language id the editor gives a file, from its name (see `Host.fileEndings`): the same checks run on the
 * same text. Undefined for a file no host reads (`.php`, `.rb`, `.md` …): it is skipped, never read as XML.
 */
export function languageIdOf(file: string): string | undefined {
  return languageIdOfFile(file);
}

/** A glob for every file a host reads: `**\/*.{cjs,js,…,xml}` (template endings such as `.xml.j2` by their last part). */
const KNOWN_FILES = `**/*.{${[...new Set(hosts.flatMap((host) => Object.keys(host.fileEndings).map((ending) => ending.slice(ending.lastIndexOf('.') + 1))))].sort().join(',')}}`;

export interface Expanded {
  /** Every file, once each, sorted. */
  files: string[];
  /** Patterns that matched nothing. */
  unmatched: string[];
}

/**
 * Files named by `patterns`: globs expanded (relative to `cwd`, default ignores applied), plain paths as given.
 * Folders are walked synchronously, as files are read (see `readSource`): nothing else runs meanwhile.
 */
export async function expandPatterns(patterns: readonly string[], cwd: string): Promise<Expanded> {
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    if (!isDynamicPattern(pattern)) {
      files.add(pattern);
      continue;
    }
    const matches = globSync(pattern, { cwd, absolute: false, dot: false, ignore: [...DEFAULT_IGNORES] });
    if (matches.length === 0) unmatched.push(pattern);
    for (const match of matches) files.add(match);
  }
  return { files: [...files].sort(compareFiles), unmatched };
}

/**
 * The files `voiceml lint` checks for `patterns`: as `expandPatterns`, and a directory as every file under it
 * that a host reads (as ESLint does). Files named or matched of a kind no host reads (`.php`, `.rb` …) are
 * `skipped`, sorted: never read as XML.
 */
export async function lintTargets(patterns: readonly string[], cwd: string): Promise<Expanded & { skipped: string[] }> {
  const directories = patterns.filter((pattern) => !isDynamicPattern(pattern) && isDirectory(path.resolve(cwd, pattern)));
  const { files: named, unmatched } = await expandPatterns(
    patterns.filter((pattern) => !directories.includes(pattern)),
    cwd,
  );
  const files = new Set(named.filter((file) => languageIdOf(file) !== undefined));
  const skipped = named.filter((file) => languageIdOf(file) === undefined);
  for (const directory of directories) {
    const matches = globSync(KNOWN_FILES, { cwd: path.resolve(cwd, directory), absolute: false, dot: false, ignore: [...DEFAULT_IGNORES] });
    const known = matches.map((match) => path.join(directory, match)).filter((file) => languageIdOf(file) !== undefined);
    if (known.length === 0) unmatched.push(directory);
    for (const file of known) files.add(file);
  }
  return { files: [...files].sort(compareFiles), unmatched, skipped };
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false; // missing or unreadable: named as it is, and reported when read
  }
}

/**
 * The `file:` URL of a path (relative to the working directory), as `pathToFileURL` writes it. A folder's URL is
 * made once, and a file's name that no URL escapes (`response-1.xml`) is added to it as it is: a tree's
 * thousands of files lie in a few folders, and each URL made whole cost a tenth of checking a small file.
 */
export function fileUrlOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf(path.sep)) + 1;
  const name = file.slice(cut);
  if (!PLAIN_NAME.test(name)) return pathToFileURL(path.resolve(file)).href;
  const folder = file.slice(0, cut);
  let url = folderUrls.get(folder);
  if (url === undefined) {
    // With its trailing slash, which `pathToFileURL` keeps.
    const absolute = path.resolve(folder);
    url = pathToFileURL(absolute.endsWith(path.sep) ? absolute : absolute + path.sep).href;
    folderUrls.set(folder, url);
  }
  return url + name;
}

/** A name of letters, digits, `-`, `_` and dots, not `.` or `..` alone: written in a URL as it is. */
const PLAIN_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;
const folderUrls = new Map<string, string>();

/** Output order: by path, code unit by code unit, so every run and every machine lists files alike. */
export function compareFiles(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

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
 * UTF-8, or as the encoding an XML file declares (`<?xml … encoding="EUC-KR"?>`) or its byte order mark says
 * (UTF-16); bytes that are not valid there are read as U+FFFD, and where they start is returned.
 *
 * `size`: the size of a file whose status was just taken and said it is a regular file (`checkFiles` takes them
 * all to choose its threads), so that its status is not asked again.
 */
export function readSource(file: string, size?: number): ReadResult {
  try {
    if (size !== undefined) return { ok: true, ...decode(readBytes(file, size), isXmlFile(file)) };
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
    return { ok: true, ...decode(readBytes(file, info.size), isXmlFile(file)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason: Localized =
      code === 'ENOENT'
        ? { ko: '파일이 없습니다', en: 'no such file' }
        : code === 'EACCES' || code === 'EPERM'
          ? { ko: '읽을 권한이 없습니다', en: 'permission denied' }
          : { ko: '읽을 수 없습니다', en: 'cannot be read' };
    return { ok: false, reason };
  }
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

function isXmlFile(file: string): boolean {
  const languageId = languageIdOf(file);
  return languageId === 'xml' || languageId === 'voiceml';
}

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
