#!/usr/bin/env node
// Runs test/e2e/ext-host/suite.cjs inside the real VS Code extension host: code-server's bundled VS Code
// server (server-main.js, with the smoke-test driver) + headless Chromium opening the workbench with an
// `extensionDevelopmentPath` (the repo root: no .vsix needed) and an `extensionTestsPath` (the suite).
// The suite's verdict comes back through window.codeAutomationExit; its console through codeAutomationLog.
//
// Usage: node test/e2e/run-ext-host.mjs   (needs `bash test/e2e/setup.sh` and `npm run build` first)
// Env: E2E_EXT_DIR (extension folder, default the repo root), E2E_TIMEOUT_MS (default 300000).
import fs from 'node:fs';
import path from 'node:path';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  EXT_DIR,
  HERE,
  NODE24,
  RESULTS,
  ROOT,
  VSCODE_SERVER_MAIN,
  copyFixtures,
  startIvrExample,
  copyTree,
  freePort,
  killGroup,
  loadPlaywright,
  logger,
  onInterrupt,
  mkTemp,
  requireFile,
  startGroup,
  waitForHttp,
  withTimeout,
} from './lib.mjs';

const log = logger('ext-host');
const SUITE = path.join(HERE, 'ext-host/suite.cjs');
const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS || 300000);
const OUT = path.join(RESULTS, 'ext-host');
/** Known harmless noise of an offline workbench (kept in the log file, not echoed). */
const NOISE = /open-vsx|ENOTFOUND|Service Worker|vsda|github|marketplace/i;

async function main() {
  requireFile(NODE24, 'run bash test/e2e/setup.sh');
  requireFile(VSCODE_SERVER_MAIN, 'run bash test/e2e/setup.sh');
  const pkg = JSON.parse(fs.readFileSync(path.join(EXT_DIR, 'package.json'), 'utf8'));
  requireFile(path.resolve(EXT_DIR, pkg.main || 'extension.js'), 'run npm run build');

  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = mkTemp('voiceml-ext-host-');
  const ws = copyFixtures(path.join(tmp, 'workspace'));
  const data = path.join(tmp, 'data');
  const resultFile = path.join(tmp, 'result.json');
  const serverLog = path.join(OUT, 'vscode-server.log');
  const port = await freePort();
  log(`extension ${EXT_DIR}, workspace ${ws}, port ${port}`);

  // The call simulator's check calls the example IVR app; the suite reads what it received from its log.
  const ivrLog = path.join(OUT, 'ivr-example.log');
  const ivr = await startIvrExample(ivrLog);
  log(`example IVR app on ${ivr.url}`);
  const env = { ...process.env, HOME: path.join(tmp, 'home'), E2E_RESULT_FILE: resultFile, E2E_EXT_DIR: EXT_DIR, E2E_IVR_URL: ivr.url, E2E_IVR_LOG: ivrLog };
  delete env.ELECTRON_RUN_AS_NODE;
  delete env.VSCODE_IPC_HOOK_CLI;
  fs.mkdirSync(env.HOME, { recursive: true });
  // prettier-ignore
  const server = startGroup(NODE24, [VSCODE_SERVER_MAIN,
    '--host', '127.0.0.1', '--port', String(port), '--without-connection-token', '--accept-server-license-terms',
    '--telemetry-level', 'off', '--disable-workspace-trust', '--enable-smoke-test-driver',
    '--server-data-dir', path.join(data, 's'), '--user-data-dir', path.join(data, 'u'), '--extensions-dir', path.join(data, 'x'),
  ], { logFile: serverLog, env, cwd: tmp });

  let context;
  let page;
  let exitCode;
  const lines = [];
  onInterrupt.push(() => {
    fs.writeFileSync(path.join(OUT, 'extension-host-console.log'), lines.join('\n') + '\n');
    copyTree(data, path.join(OUT, 'data-logs'), (rel) => /(^|\/)logs\//.test(rel) && rel.endsWith('.log'));
    console.error(`[ext-host] interrupted: logs in ${path.relative(ROOT, OUT)}/, temp folder ${tmp}`);
  });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/version`, 60000, { child: server, what: 'VS Code server' });
    log('VS Code server is up');
    const { chromium } = loadPlaywright();
    context = await chromium.launchPersistentContext(path.join(tmp, 'chromium'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
    });
    page = context.pages()[0] || (await context.newPage());
    const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(EXT_DIR)],
      ['extensionTestsPath', remote(SUITE)],
      ['skipWelcome', 'true'],
    ];
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      lines.push(`[${type}] ${text}`);
      if (/\[suite\]/.test(text) || (type === 'error' && !NOISE.test(text))) console.log(`  ${text}`);
    });
    page.on('pageerror', (e) => lines.push(`[pageerror] ${e.message}`));
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    log('workbench opened, running the suite in the extension host');
    exitCode = await withTimeout(exited, TIMEOUT_MS, 'the suite (no codeAutomationExit)');
    log(`extension host exited with ${exitCode}`);
  } catch (e) {
    log(`ERROR: ${e.message}`);
    exitCode = exitCode ?? 1;
  } finally {
    fs.writeFileSync(path.join(OUT, 'extension-host-console.log'), lines.join('\n') + '\n');
    if (exitCode !== 0) {
      if (page) await page.screenshot({ path: path.join(OUT, 'failure.png') }).catch(() => {});
      const n = copyTree(data, path.join(OUT, 'data-logs'), (rel) => /(^|\/)logs\//.test(rel) && rel.endsWith('.log'));
      log(`kept ${n} log file(s) under ${path.relative(ROOT, OUT)}/data-logs`);
    }
    await context?.close().catch(() => {});
    await killGroup(server.pid);
    await killGroup(ivr.child.pid);
    if (fs.existsSync(resultFile)) fs.copyFileSync(resultFile, path.join(OUT, 'result.json'));
    if (exitCode === 0) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept the temp folder ${tmp}`);
  }
  let result;
  try {
    result = JSON.parse(fs.readFileSync(path.join(OUT, 'result.json'), 'utf8'));
  } catch {}
  if (result) log(`${result.passed} checks passed, ${result.failed} failed, ${result.pending} pending`);
  log(`results and logs: ${path.relative(ROOT, OUT)}/`);
  return exitCode === 0 && (!result || result.failed === 0) ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[ext-host] FAILED: ${e.message}`);
    process.exit(1);
  },
);
