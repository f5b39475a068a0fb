/**
 * The `voiceml` command: runs the CLI — `main.js` beside this file, the bundle of `voiceml.ts` — from a V8 code
 * cache of it when one is kept. Compiling the bundle and the functions a run calls is about a tenth of
 * `voiceml lint` on a tree of small files, and all of a short run's start; Node.js 22 keeps such a cache itself
 * (`module.enableCompileCache`), Node.js 20, which we support, does not.
 *
 * The cache is a speed-up and nothing else:
 * - it is kept in the user's cache folder (`$XDG_CACHE_HOME/voiceml`, `~/.cache/voiceml`, `~/Library/Caches/
 *   voiceml`, `%LOCALAPPDATA%\voiceml`), never in the project; `VOICEML_NO_CACHE=1` turns it off;
 * - one file per build of the bundle (a hash of its text), Node.js version, processor and command: another
 *   build or another Node.js never reads it, and a cache of `--help` does not stand in for one of `lint`;
 * - its content is checked against a hash written with it before V8 reads it: V8 checks its own version, its
 *   flags and the length of the source, not the content, and a damaged cache would crash it;
 * - it is written whole under a temporary name and renamed, so no run ever reads half of one, however many run
 *   at once; the newest few are kept (two installs of the CLI run in turn keep a cache each), older ones removed;
 * - whatever fails while reading, checking or writing it, the CLI runs as it would without it.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { Script } from 'node:vm';

const bundle = path.join(__dirname, 'main.js');
const bytes = readFileSync(bundle);
// As Node.js wraps a CommonJS module: the bundle runs as if `require`d.
const wrapped = `(function (exports, require, module, __filename, __dirname) { ${bytes.toString('utf8')}\n});`;

/** What every cache file starts with, before the hash of the rest. */
const MAGIC = 'VMLC';
const HEADER = 8;
/** Cache files kept: each build's, a few commands each. */
const KEPT = 8;

/**
 * A 32-bit hash of `data`, four bytes at a time (a millisecond for the bundle): every step is invertible, so a
 * change in one place always changes it, and a damaged cache or another build is told apart. Written here
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

function writeCache(script: Script, folder: string, file: string): void {
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
      .filter((name) => name.startsWith('cli-') && name.endsWith('.bin'))
      .map((name) => ({ name, time: statSync(path.join(folder, name)).mtimeMs }))
      .sort((a, b) => b.time - a.time);
    for (const { name } of caches.slice(KEPT)) rmSync(path.join(folder, name), { force: true });
  } catch {
    // No cache: the next run compiles as this one did.
  }
}

const folder = cacheFolder();
/** This build, and the command (the worker threads of `lint` are started with `lint` as theirs, see run.ts). */
const build = `cli-${hash(bytes).toString(36)}-${bytes.length}-${process.version}-${process.arch}-`;
const command = process.argv[2] ?? '';
const file = folder && path.join(folder, `${build}${['lint', 'call', 'test', 'flow'].includes(command) ? command : 'other'}.bin`);
const cached = file ? readCache(file) : undefined;
const script = new Script(wrapped, { filename: bundle, cachedData: cached });
// Written once the run is over, with every function it compiled; by the main thread only (`node:worker_threads`,
// a few milliseconds to load on the main thread, is loaded only then).
if (file && (cached === undefined || script.cachedDataRejected) && (require('node:worker_threads') as typeof import('node:worker_threads')).isMainThread) {
  process.once('exit', () => writeCache(script, folder!, file));
}
const main = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(main.exports, main.exports, createRequire(bundle), main, bundle, __dirname);
