#!/usr/bin/env node
// UI smoke test of the PACKAGED extension, as a person sees it: installs dist/voiceml.vsix into code-server
// (own config, user-data-dir and extensions-dir under a temporary HOME), opens the fixtures workspace in
// headless Chromium, and checks: red squiggles on the broken file, our entry in the Problems panel, what
// completion shows after typing "<" inside <Response>. Screenshots go to test-results/ui-smoke/.
//
// Usage: node test/e2e/run-ui-smoke.mjs   (needs `bash test/e2e/setup.sh` and `npm run package` first)
// Env: E2E_VSIX (default dist/voiceml.vsix), E2E_TIMEOUT_MS (whole run, default 180000).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  CODE_SERVER_ENTRY,
  HERE,
  NODE24,
  RESULTS,
  ROOT,
  VSIX,
  copyFixtures,
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

const log = logger('ui-smoke');
const OUT = path.join(RESULTS, 'ui-smoke');
const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS || 180000);
const { PENDING_FEATURES } = createRequire(import.meta.url)(path.join(HERE, 'ext-host/suite.cjs'));
const BROKEN = 'broken.xml';

const checks = [];
/** Same semantics as the ext-host suite: a check of a pending feature may fail, but must not pass. */
async function check(name, feature, fn) {
  const pending = feature !== undefined && PENDING_FEATURES.includes(feature);
  let error;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  const status = error ? (pending ? 'PENDING' : 'FAIL') : pending ? 'UNEXPECTED-PASS' : 'PASS';
  const detail = error ? error.message : pending ? `feature '${feature}' works now: remove it from PENDING_FEATURES in test/e2e/ext-host/suite.cjs` : '';
  checks.push({ name, feature, status, detail });
  log(`${status.padEnd(15)} ${name}${detail ? ' — ' + detail : ''}`);
  return !error;
}

async function main() {
  requireFile(NODE24, 'run bash test/e2e/setup.sh');
  requireFile(CODE_SERVER_ENTRY, 'run bash test/e2e/setup.sh');
  requireFile(VSIX, 'run npm run package');
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });

  const tmp = mkTemp('voiceml-ui-smoke-');
  const home = path.join(tmp, 'home');
  const userData = path.join(tmp, 'user-data');
  const extensions = path.join(tmp, 'extensions');
  const config = path.join(tmp, 'config.yaml');
  const ws = copyFixtures(path.join(tmp, 'workspace'));
  const csLog = path.join(OUT, 'code-server.log');
  const port = await freePort();
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  fs.writeFileSync(config, `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
  // Quiet, deterministic workbench: no welcome page, no AI side panel, no update checks.
  fs.writeFileSync(
    path.join(userData, 'User/settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'security.workspace.trust.enabled': false,
        'editor.quickSuggestions': { other: false, comments: false, strings: false },
        'editor.wordBasedSuggestions': 'off',
      },
      null,
      2,
    ),
  );
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share') };
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];

  log(`installing ${path.relative(ROOT, VSIX)} into ${extensions}`);
  const inst = spawnSync(NODE24, [CODE_SERVER_ENTRY, ...common, '--install-extension', VSIX], { env, encoding: 'utf8', timeout: 120000 });
  fs.writeFileSync(path.join(OUT, 'install-extension.log'), `${inst.stdout}\n${inst.stderr}`);
  const installed = fs.existsSync(extensions) ? fs.readdirSync(extensions).filter((d) => !d.startsWith('.') && d !== 'extensions.json') : [];
  if (inst.status !== 0 || installed.length === 0) {
    throw new Error(`--install-extension failed (exit ${inst.status}${inst.error ? ', ' + inst.error.message : ''}): ${(inst.stderr || inst.stdout || '').trim().slice(-800)}`);
  }
  log(`installed: ${installed.join(', ')}`);

  // prettier-ignore
  const server = startGroup(NODE24, [CODE_SERVER_ENTRY, ...common,
    '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none', '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', ws], { logFile: csLog, env, cwd: tmp });

  let context;
  let page;
  let ok = false;
  const shots = [];
  const shot = async (name) => {
    const file = path.join(OUT, name);
    await page.screenshot({ path: file }).catch((e) => log(`screenshot ${name} failed: ${e.message}`));
    shots.push(file);
    log(`screenshot ${path.relative(ROOT, file)}`);
  };
  const seen = {};
  onInterrupt.push(() => {
    copyTree(userData, path.join(OUT, 'user-data-logs'), (rel) => rel.startsWith('logs/') && rel.endsWith('.log'));
    copyTree(path.join(home, '.local/share/code-server'), path.join(OUT, 'code-server-data'), (rel) => rel.endsWith('.log') || rel.includes('logs/'));
    fs.writeFileSync(path.join(OUT, 'result.json'), JSON.stringify({ ok: false, interrupted: true, checks, seen }, null, 2));
    console.error(`[ui-smoke] interrupted: logs in ${path.relative(ROOT, OUT)}/, temp folder ${tmp}`);
  });
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60000, { child: server, what: 'code-server /healthz' });
    log(`code-server is up on port ${port}`);
    const { chromium } = loadPlaywright();
    context = await chromium.launchPersistentContext(path.join(tmp, 'chromium'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1400, height: 900 },
    });
    page = context.pages()[0] || (await context.newPage());
    page.setDefaultTimeout(30000);
    const consoleLines = [];
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));

    await withTimeout(
      (async () => {
        await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
        await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
        log('workbench loaded');

        const opened = await check(`open ${BROKEN} from the explorer`, undefined, async () => {
          const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: BROKEN }).first();
          await row.waitFor({ timeout: 30000 });
          await row.dblclick();
          await page.waitForSelector(`.monaco-editor[data-uri$="${BROKEN}"], .tab.active[aria-label*="${BROKEN}"]`, { timeout: 15000 }).catch(() => {});
          await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: 15000 });
        });

        await check('red squiggles (.squiggly-error) on the broken file', undefined, async () => {
          if (!opened) throw new Error('file not opened');
          await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 45000 });
          seen.squiggles = await page.locator('.monaco-editor .squiggly-error').count();
          log(`  ${seen.squiggles} error squiggle(s)`);
        });
        await shot('1-squiggles.png');

        await check('hovering a squiggle shows our message', undefined, async () => {
          // The squiggle sits under the text layer: move the mouse to it rather than locator.hover().
          const box = await page.locator('.monaco-editor .squiggly-error').first().boundingBox();
          if (!box) throw new Error('the squiggle has no box');
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 3);
          const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents, .monaco-hover:not(.hidden) .marker.hover-contents').first();
          await hover.waitFor({ timeout: 10000 });
          seen.hover = (await hover.innerText()).trim();
          log(`  hover: ${JSON.stringify(seen.hover)}`);
          if (!/voiceml/i.test(seen.hover)) throw new Error(`the hover does not name the source 'voiceml': ${JSON.stringify(seen.hover)}`);
        });
        await shot('2-hover.png');
        await page.keyboard.press('Escape');

        await check('Problems panel (Ctrl+Shift+M) lists our diagnostics', undefined, async () => {
          await page.keyboard.press('Control+Shift+M');
          const rows = page.locator('.markers-panel .monaco-list-row');
          await rows.first().waitFor({ timeout: 15000 });
          await page.waitForTimeout(500);
          seen.problems = await rows.evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') || e.textContent || '').trim()));
          for (const p of seen.problems) log(`  problem: ${p}`);
          const ours = seen.problems.filter((p) => /voiceml/i.test(p));
          if (!ours.some((p) => /Sya/.test(p))) throw new Error(`no voiceml entry about <Sya> among ${seen.problems.length} rows`);
        });
        await shot('3-problems.png');

        await check('quick fix menu (Ctrl+.) on <Sya> offers "<Say>"', 'code-actions', async () => {
          const box = await page.locator('.monaco-editor .squiggly-error').first().boundingBox();
          if (!box) throw new Error('no squiggle to put the cursor on');
          await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2 - 3);
          await page.keyboard.press('Control+Period');
          const rows = page.locator('.action-widget .monaco-list-row');
          await rows.first().waitFor({ timeout: 10000 });
          seen.quickFixes = await rows.evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') || e.textContent || '').trim()));
          log(`  quick fixes: ${seen.quickFixes.join(' | ')}`);
          await shot('4-quick-fix.png');
          await page.keyboard.press('Escape');
          if (!seen.quickFixes.some((t) => /Say/.test(t))) throw new Error('no quick fix mentioning Say');
        });

        await check('completion after "<" inside <Response> offers VoiceML verbs', 'completion', async () => {
          const editor = page.locator('.monaco-editor .view-lines').first();
          await editor.click();
          await page.keyboard.press('Control+Home');
          await page.keyboard.press('ArrowDown'); // line 2: <Response>
          await page.keyboard.press('End');
          await page.keyboard.press('Enter');
          await page.keyboard.type('<');
          await page.waitForTimeout(300);
          if (!(await page.locator('.suggest-widget.visible').count())) await page.keyboard.press('Control+Space');
          const rows = page.locator('.suggest-widget.visible .monaco-list-row');
          try {
            await rows.first().waitFor({ timeout: 8000 });
            seen.completion = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
          } catch {
            const msg = page.locator('.suggest-widget.visible .message');
            seen.completion = (await msg.count()) ? [`(message) ${await msg.innerText()}`] : [];
          }
          log(`  completion shows: ${seen.completion.join(' | ') || '(nothing)'}`);
          await shot('5-completion.png');
          // Hangup and Play are not words of broken.xml, so they cannot come from word-based suggestions.
          for (const want of ['Hangup', 'Play']) {
            if (!seen.completion.some((l) => new RegExp(`\\b${want}\\b`).test(l))) throw new Error(`'${want}' not offered`);
          }
        });
        await page.keyboard.press('Escape');
        ok = checks.every((c) => c.status === 'PASS' || c.status === 'PENDING');
      })(),
      TIMEOUT_MS,
      'UI smoke run',
    );
    fs.writeFileSync(path.join(OUT, 'browser-console.log'), consoleLines.join('\n') + '\n');
  } catch (e) {
    log(`ERROR: ${e.message}`);
    ok = false;
  } finally {
    if (page) await shot(ok ? 'final.png' : 'failure.png');
    if (!ok) {
      const n =
        copyTree(userData, path.join(OUT, 'user-data-logs'), (rel) => rel.startsWith('logs/') && rel.endsWith('.log')) +
        copyTree(path.join(home, '.local/share/code-server'), path.join(OUT, 'code-server-data'), (rel) => rel.endsWith('.log') || rel.includes('logs/'));
      log(`kept ${n} log file(s) (code-server, extension host) under ${path.relative(ROOT, OUT)}/`);
    }
    await context?.close().catch(() => {});
    await killGroup(server.pid);
    fs.writeFileSync(path.join(OUT, 'result.json'), JSON.stringify({ ok, checks, seen, screenshots: shots.map((s) => path.relative(ROOT, s)) }, null, 2));
    if (ok) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept the temp folder ${tmp}`);
  }
  log(`screenshots and logs: ${path.relative(ROOT, OUT)}/`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[ui-smoke] FAILED: ${e.message}`);
    process.exit(1);
  },
);
