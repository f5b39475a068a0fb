// Shared helpers of the real-editor runners: paths (all derived from this file's location), tools installed
// by setup.sh, process groups, ports, Chromium.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { splitIvr } from '../support/splitIvr.mjs';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const E2E = path.join(ROOT, '.e2e');
export const NODE24 = path.join(E2E, 'node24/bin/node');
export const CODE_SERVER_PKG = path.join(E2E, 'cs/node_modules/code-server');
export const CODE_SERVER_ENTRY = path.join(CODE_SERVER_PKG, 'out/node/entry.js');
export const VSCODE_SERVER_MAIN = path.join(CODE_SERVER_PKG, 'lib/vscode/out/server-main.js');
export const CHROMIUM = process.env.E2E_CHROMIUM || '/usr/bin/chromium';
export const FIXTURES = path.join(HERE, 'fixtures');
export const RESULTS = path.join(ROOT, 'test-results');

/** The extension under test (folder with package.json), the packaged .vsix, and the server bundle. */
export const EXT_DIR = path.resolve(process.env.E2E_EXT_DIR || ROOT);
export const VSIX = path.resolve(process.env.E2E_VSIX || path.join(ROOT, 'dist/voiceml.vsix'));
export const SERVER_JS = path.resolve(process.env.E2E_SERVER_JS || path.join(ROOT, 'dist/server/server.js'));

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const t0 = Date.now();
export function logger(tag) {
  return (...a) => console.log(`[${tag} ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s]`, ...a);
}

export function requireFile(file, hint) {
  if (!fs.existsSync(file)) throw new Error(`missing ${path.relative(ROOT, file) || file}: ${hint}`);
}

export function loadPlaywright() {
  const req = createRequire(path.join(E2E, 'pw/package.json'));
  try {
    return req('playwright-core');
  } catch {
    throw new Error('playwright-core is not installed in .e2e/pw: run bash test/e2e/setup.sh');
  }
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function mkTemp(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh copy of the fixtures, so editors and settings never touch the repo's files. */
export function copyFixtures(dest) {
  fs.cpSync(FIXTURES, dest, { recursive: true });
  // The reference's IVR split over two files (a router, and the app mounting it), for the call flow.
  for (const [file, text] of Object.entries(splitIvr())) {
    fs.mkdirSync(path.dirname(path.join(dest, SPLIT_IVR, file)), { recursive: true });
    fs.writeFileSync(path.join(dest, SPLIT_IVR, file), text);
  }
  return dest;
}

/** The folder of the workspace holding the split IVR (`app.js`, `routes/ivr.js`). */
export const SPLIT_IVR = 'split-ivr';

const groups = new Set();
/**
 * Starts a command in its own session/process group (setsid: `detached`), output appended to `logFile`.
 * The group is killed by `killGroup` or, at the latest, when this process exits or is interrupted.
 */
export function startGroup(cmd, args, { logFile, env, cwd } = {}) {
  const out = logFile ? fs.openSync(logFile, 'a') : 'ignore';
  const child = spawn(cmd, args, { detached: true, stdio: ['ignore', out, out], env: env || process.env, cwd });
  if (typeof out === 'number') fs.closeSync(out);
  groups.add(child.pid);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return child;
}

export async function killGroup(pid, graceMs = 3000) {
  if (!pid || !groups.has(pid)) return;
  groups.delete(pid);
  const alive = () => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const end = Date.now() + graceMs;
  while (alive() && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  if (alive()) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
  }
}

function killAllSync() {
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {}
  }
  groups.clear();
}
process.on('exit', killAllSync);
/** Synchronous functions run when the runner is interrupted (e.g. by a timeout): keep logs, say where. */
export const onInterrupt = [];
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    console.error(`[e2e] ${sig}: stopping`);
    for (const hook of onInterrupt.splice(0)) {
      try {
        hook();
      } catch (e) {
        console.error(`[e2e] clean-up hook failed: ${e.message}`);
      }
    }
    killAllSync();
    process.exit(128 + (os.constants.signals[sig] || 1));
  });
}

/** Polls `url` until it answers with a status below 500 (or `okStatus`). */
export async function waitForHttp(url, timeoutMs, { child, what = url } = {}) {
  const end = Date.now() + timeoutMs;
  let exited = null;
  child?.exited.then((r) => (exited = r));
  let lastErr;
  while (Date.now() < end) {
    if (exited) throw new Error(`${what}: process exited (${JSON.stringify(exited)}) before it answered`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return res;
      lastErr = new Error(`HTTP ${res.status}`);
    } catch (e) {
      lastErr = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not answer within ${timeoutMs} ms (${lastErr?.message})`);
}

/** Copies every file under `src` whose path matches `filter` to `dest`, keeping the relative layout. */
export function copyTree(src, dest, filter = () => true) {
  if (!fs.existsSync(src)) return 0;
  let n = 0;
  for (const entry of fs.readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const abs = path.join(entry.parentPath ?? entry.path, entry.name);
    const rel = path.relative(src, abs);
    if (!filter(rel)) continue;
    fs.mkdirSync(path.dirname(path.join(dest, rel)), { recursive: true });
    fs.copyFileSync(abs, path.join(dest, rel));
    n++;
  }
  return n;
}

export function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
    }),
  ]);
}

/**
 * The example IVR app (examples/ivr-app/server.mjs) on a free port, for the call simulator's checks: its log
 * file gets one line per request it received. Returns the webhook URL and the process (a group of its own).
 */
export async function startIvrExample(logFile) {
  const child = startGroup(process.execPath, [path.join(ROOT, 'examples/ivr-app/server.mjs')], { logFile, env: { ...process.env, PORT: '0' }, cwd: ROOT });
  const end = Date.now() + 15000;
  for (;;) {
    const m = /on (http:\/\/127\.0\.0\.1:\d+\/ivr\/enter)/.exec(fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '');
    if (m) return { url: m[1], child };
    if (Date.now() > end || child.exitCode !== null) throw new Error(`the example IVR app did not start: ${fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '(no log)'}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
