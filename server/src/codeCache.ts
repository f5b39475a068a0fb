/**
 * A CommonJS bundle of ours run from a V8 code cache of it when one is kept: the CLI (`cli/launch.ts`, whose
 * start is mostly compiling its bundle), the server (`launch.ts`: ~30 ms of its start) and the bundled
 * `typescript` (3.5 MB: ~155 ms to load, ~60 ms from a cache, for the first JS/TS document of a server or a
 * run). Node.js 22 keeps such caches itself (`module.enableCompileCache`), Node.js 20, which we support, does not.
 *
 * The cache is a speed-up and nothing else:
 * - it is kept in the user's cache folder (`$XDG_CACHE_HOME/voiceml`, `~/.cache/voiceml`, `~/Library/Caches/
 *   voiceml`, `%LOCALAPPDATA%\voiceml`), never in the project; `VOICEML_NO_CACHE=1` turns it off;
 * - one file per bundle, build of it (a hash of its text), Node.js version, processor and use: another build or
 *   another Node.js never reads it, and a cache of the CLI's `--help` does not stand in for one of `lint`;
 * - its content is checked against a hash written with it before V8 reads it: V8 checks its own version, its
 *   flags and the length of the source, not the content, and a damaged cache would crash it;
 * - it is written whole under a temporary name and renamed, so no process ever reads half of one, however many
 *   run at once; the newest few of each bundle are kept (two installs run in turn keep a cache each), older
 *   ones removed; only the main thread writes (worker threads read);
 * - whatever fails while reading, checking or writing it, the bundle runs as it would without it.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { Script } from 'node:vm';

/** What every cache file starts with, before the hash of the rest. */
const MAGIC = 'VMLC';
const HEADER = 8;
/** Cache files kept of each bundle: each build's, a few uses each. */
const KEPT = 8;

/**
 * A 32-bit hash of `data`, four bytes at a time (a millisecond for the CLI's bundle): every step is invertible,
 * so a change in one place always changes it, and a damaged cache or another build is told apart. Written here
 * because loading `node:crypto` for it would cost more than the hashing.
 */
function hash(data: Uint8Array): number {
  const aligned = data.byteOffset % 4 === 0 ? data : data.slice();
  const words = new Int32Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 2);
  let h = 0x811c9dc5 ^ data.length;
  for (let i = 0; i < words.length; i++) {
    h = Math.imul(h ^ words[i]!, 0x5bd1e995);
    h ^= h >>> 13;
  }
  for (let i = words.length * 4; i < data.length; i++) h = Math.imul(h ^ data[i]!, 0x01000193);
  return h >>> 0;
}

function cacheFolder(): string | undefined {
  if (process.env.VOICEML_NO_CACHE) return undefined;
  try {
    const base =
      process.env.XDG_CACHE_HOME ||
      (process.platform === 'win32' ? process.env.LOCALAPPDATA : process.platform === 'darwin' ? path.join(homedir(), 'Library', 'Caches') : path.join(homedir(), '.cache'));
    return base && path.isAbsolute(base) ? path.join(base, 'voiceml') : undefined;
  } catch {
    return undefined; // no home folder: no cache
  }
}

/** The cached data when the file is whole and of this build, else undefined. */
function readCache(file: string): Buffer | undefined {
  try {
    const data = readFileSync(file);
    if (data.length <= HEADER || data.toString('latin1', 0, 4) !== MAGIC) return undefined;
    const payload = data.subarray(HEADER);
    return data.readUInt32LE(4) === hash(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(script: Script, folder: string, file: string, kind: string): void {
  try {
    const payload = script.createCachedData();
    const header = Buffer.alloc(HEADER);
    header.write(MAGIC, 0, 'latin1');
    header.writeUInt32LE(hash(payload), 4);
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, Buffer.concat([header, payload]), { mode: 0o600 });
    renameSync(temporary, file);
    const caches = readdirSync(folder)
      .filter((name) => name.startsWith(`${kind}-`) && name.endsWith('.bin'))
      .map((name) => ({ name, time: statSync(path.join(folder, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { name } of caches.slice(KEPT)) rmSync(path.join(folder, name), { force: true });
  } catch {
    // No cache: the next run compiles as this one did.
  }
}

/**
 * The exports of the CommonJS file `bundle`, run as `require` would run it, from the cache of `kind` (the
 * bundle's name in the cache: `cli`, `typescript`) and `use` (what it is run for) when one is kept. Without
 * one, a cache is written — with every function compiled by then — when the process exits, or `writeAfter`
 * milliseconds after the load if that comes first (a server lives long: its cache then holds what its first
 * document compiled).
 */
export function requireCached(bundle: string, kind: string, use: string, writeAfter?: number): unknown {
  const bytes = readFileSync(bundle);
  // As Node.js wraps a CommonJS module: the bundle runs as if `require`d.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${bytes.toString('utf8')}\n});`;
  const folder = cacheFolder();
  const file = folder && path.join(folder, `${kind}-${hash(bytes).toString(36)}-${bytes.length}-${process.version}-${process.arch}-${use}.bin`);
  const cached = file ? readCache(file) : undefined;
  const script = new Script(wrapped, { filename: bundle, cachedData: cached });
  // By the main thread only (`node:worker_threads`, a few milliseconds to load on the main thread, is loaded
  // only then).
  if (file && (cached === undefined || script.cachedDataRejected) && (require('node:worker_threads') as typeof import('node:worker_threads')).isMainThread) {
    let written = false;
    const write = (): void => {
      if (written) return;
      written = true;
      writeCache(script, folder!, file, kind);
    };
    process.once('exit', write);
    if (writeAfter !== undefined) setTimeout(write, writeAfter).unref();
  }
  const module = { exports: {} };
  const dirname = path.dirname(bundle);
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname);
  return module.exports;
}
