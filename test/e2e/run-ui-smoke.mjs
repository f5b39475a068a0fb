#!/usr/bin/env node
// UI smoke test of the PACKAGED extension, as a person sees it: installs dist/voiceml.vsix into code-server
// (own config, user-data-dir and extensions-dir under a temporary HOME), opens the fixtures workspace in
// headless Chromium, and checks: red squiggles on the broken file, our entry in the Problems panel, what
// completion shows after typing "<" inside <Response>, our Markdown docs in the hover on <Gather>; then, in a
// TypeScript file with sendXml(res, `…`) templates: the squiggle inside a template, VoiceML highlighting (the
// token colours of a <Say> tag differ from plain template text; an HTML template stays plain), completion
// after "<" in a template; in an Express webhook, the squiggles on a TwiML parameter and a text/xml Content-Type
// and completion after `req.body.` (Digits first where a <Gather> leads). Screenshots go to test-results/ui-smoke/;
// readme-screenshot.png is the source of images/screenshot.png, call-flow-readme.png of images/call-flow.png
// (copied by hand when the look changes).
//
// Usage: node test/e2e/run-ui-smoke.mjs   (needs `bash test/e2e/setup.sh` and `npm run package` first)
// Env: E2E_VSIX (default dist/voiceml.vsix), E2E_TIMEOUT_MS (whole run, default 180000).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { splitIvr } from '../support/splitIvr.mjs';
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
  SPLIT_IVR,
  startIvrExample,
  waitForHttp,
  withTimeout,
} from './lib.mjs';

const log = logger('ui-smoke');
const OUT = path.join(RESULTS, 'ui-smoke');
const TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS || 180000);
const { PENDING_FEATURES } = createRequire(import.meta.url)(path.join(HERE, 'ext-host/suite.cjs'));
const BROKEN = 'broken.xml';
/** The TypeScript file: the reference's IVR webhook with sendXml(res, `…`) templates, one planted mistake. */
const TS = 'ivr.ts';
/** The size of the TypeScript part's screenshots, and of the README's (images/screenshot.png). */
const README_VIEWPORT = { width: 1200, height: 700 };
/** The code editor of the editor area (not the panel, not a hover). */
const EDITOR = '.part.editor .monaco-editor';

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
        // The DOM renderer, so the terminal's text can be read from the page (the simulated call).
        'terminal.integrated.gpuAcceleration': 'off',
      },
      null,
      2,
    ),
  );
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DATA_HOME: path.join(home, '.local/share') };
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];

  // "VoiceML: Simulate Call" calls the example IVR app; its log shows what it received.
  const ivrLog = path.join(OUT, 'ivr-example.log');
  const ivr = await startIvrExample(ivrLog);
  log(`example IVR app on ${ivr.url}`);

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
  /** The text of the line the cursor is on in the editor, once it holds `needle` (or what it is after 15 s). */
  const waitForCurrentLine = async (needle) => {
    const end = Date.now() + 15000;
    for (;;) {
      const line = await page.evaluate((editor) => {
        const current = document.querySelector(`${editor} .view-overlays .current-line`);
        if (!current) return '';
        const top = current.getBoundingClientRect().top;
        const lines = [...document.querySelectorAll(`${editor} .view-lines .view-line`)];
        const hit = lines.find((l) => Math.abs(l.getBoundingClientRect().top - top) < 2);
        return hit ? hit.textContent.replace(/\u00a0/g, ' ') : '';
      }, EDITOR);
      if (line.includes(needle) || Date.now() > end) return line;
      await page.waitForTimeout(200);
    }
  };
  /** Opens a file by Quick Open (Ctrl+P): `query` typed, the row named `name` chosen, its editor drawn. */
  const quickOpen = async (query, name = query) => {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10000 });
    await input.fill(query);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 10000 });
    await page.keyboard.press('Enter');
    await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: 15000 });
    await page.locator(`${EDITOR} .view-lines`).waitFor({ timeout: 15000 });
  };
  /** Where `needle` is drawn in the editor (the `nth` occurrence among the rendered lines), or null. */
  const textBox = (needle, nth = 0) =>
    page.evaluate(
      ({ needle, nth, editor }) => {
        const root = document.querySelector(`${editor} .view-lines`);
        let hits = 0;
        for (const line of root ? root.querySelectorAll('.view-line') : []) {
          const text = line.textContent.replace(/\u00a0/g, ' ');
          for (let idx = text.indexOf(needle); idx >= 0; idx = text.indexOf(needle, idx + 1)) {
            if (hits++ !== nth) continue;
            const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
            let pos = 0;
            let start;
            let end;
            for (let n = walker.nextNode(); n && !end; n = walker.nextNode()) {
              const len = n.textContent.length;
              if (!start && idx < pos + len) start = [n, idx - pos];
              if (idx + needle.length <= pos + len) end = [n, idx + needle.length - pos];
              pos += len;
            }
            const range = document.createRange();
            range.setStart(...start);
            range.setEnd(...end);
            const b = range.getBoundingClientRect();
            return { x: b.x, y: b.y, width: b.width, height: b.height };
          }
        }
        return null;
      },
      { needle, nth, editor: EDITOR },
    );
  /** The tokens (text, class, colour) of the first rendered line containing `needle`, or null. */
  const lineTokens = (needle) =>
    page.evaluate(
      ({ needle, editor }) => {
        const root = document.querySelector(`${editor} .view-lines`);
        for (const line of root ? root.querySelectorAll('.view-line') : []) {
          if (!line.textContent.replace(/\u00a0/g, ' ').includes(needle)) continue;
          return [...line.querySelectorAll(':scope > span > span')].map((s) => ({
            text: s.textContent.replace(/\u00a0/g, ' '),
            cls: s.className,
            color: getComputedStyle(s).color,
          }));
        }
        return null;
      },
      { needle, editor: EDITOR },
    );
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
          if (!seen.squiggles) throw new Error('no squiggle to hover');
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
          if (!seen.squiggles) throw new Error('no squiggle to put the cursor on');
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

        await check('choosing "Change to <Say>" renames both tags (its edit made on the choice: codeAction/resolve) and the finding goes; undone after', 'code-actions', async () => {
          if (!seen.quickFixes?.length) throw new Error('no quick fix menu to choose from');
          const lines = page.locator('.monaco-editor .view-lines').first();
          await page.keyboard.press('Control+Period');
          const rows = page.locator('.action-widget .monaco-list-row');
          await rows.first().waitFor({ timeout: 10000 });
          await rows.filter({ hasText: 'Say' }).first().click();
          const fixed = '<Say>오타가 있는 요소</Say>';
          // The editor draws spaces as no-break spaces.
          const shows = (want) => document.querySelector('.monaco-editor .view-lines')?.textContent?.replace(/\u00a0/g, ' ').includes(want);
          await page.waitForFunction(shows, fixed, { timeout: 10000 });
          // The fixed document checked again: the Problems panel no longer lists the unknown element.
          await page.waitForFunction(() => !document.querySelector('.markers-panel')?.textContent?.includes('unknown-element'), undefined, { timeout: 10000 });
          // And its outline: the breadcrumbs at the cursor name the element by its new name (documentSymbol of the
          // edited text), not <Sya>.
          const crumbs = () => document.querySelector('.monaco-breadcrumbs')?.textContent ?? '';
          await page.waitForFunction(() => {
            const text = document.querySelector('.monaco-breadcrumbs')?.textContent ?? '';
            return text.includes('Say "오타가 있는 요소"') && !text.includes('Sya');
          }, undefined, { timeout: 10000 }).catch(async (e) => {
            throw new Error(`the breadcrumbs read "${await page.evaluate(crumbs)}" after the fix: ${e.message}`);
          });
          await shot('4-quick-fix-applied.png');
          await lines.click();
          await page.keyboard.press('Control+z');
          await page.waitForFunction(shows, '<Sya>오타가 있는 요소</Sya>', { timeout: 10000 });
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

        await check('hover on <Gather> in broken.xml shows our Markdown documentation', 'hover', async () => {
          await page.mouse.move(5, 5); // away from any earlier hover
          await page.waitForTimeout(300);
          const at = await textBox('Gather');
          if (!at) throw new Error('no "Gather" on screen');
          await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
          const md = page.locator('.monaco-hover:not(.hidden) .rendered-markdown', { hasText: 'Gather' }).first();
          await md.waitFor({ timeout: 10000 });
          seen.hoverDocs = (await md.innerText()).trim();
          log(`  hover docs: ${JSON.stringify(seen.hoverDocs.slice(0, 160))}…`);
          // Markdown, rendered: **`<Gather>`** is bold code, and the text names the attributes.
          const boldCode = await md.locator('strong code, b code').allInnerTexts();
          if (!boldCode.includes('<Gather>')) throw new Error(`no bold code <Gather> in the hover (bold code: ${JSON.stringify(boldCode)})`);
          if (!/numDigits/.test(seen.hoverDocs)) throw new Error('the hover does not mention numDigits');
          await shot('6-hover-docs.png');
        });
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');

        // ---- a TypeScript file: VoiceML in sendXml(res, `…`) templates -----------------------------------------
        // A smaller window without the side bar and panel, as in the README screenshot taken below.
        await page.setViewportSize(README_VIEWPORT);
        if (await page.locator('.part.panel').isVisible().catch(() => false)) await page.keyboard.press('Control+J');
        const tsOpened = await check(`open ${TS} from the explorer`, undefined, async () => {
          const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: new RegExp(`^\\s*${TS.replace('.', '\\.')}\\s*$`) }).first();
          await row.waitFor({ timeout: 15000 });
          await row.dblclick();
          await page.locator('.tab.active', { hasText: TS }).waitFor({ timeout: 15000 });
          await page.locator(`${EDITOR} .view-lines`).waitFor({ timeout: 15000 });
          await page.keyboard.press('Control+B'); // hide the side bar
          await page.waitForTimeout(300);
        });

        await check(`${TS}: a red squiggle on <Sya> inside the template, and its hover names voiceml`, 'embedded', async () => {
          if (!tsOpened) throw new Error('file not opened');
          const squiggle = page.locator(`${EDITOR} .squiggly-error`).first();
          await squiggle.waitFor({ timeout: 45000 });
          await page.waitForTimeout(500);
          seen.tsSquiggles = await page.locator(`${EDITOR} .squiggly-error`).count();
          const box = await squiggle.boundingBox();
          const sya = await textBox('Sya language=');
          if (!box || !sya) throw new Error(`no squiggle box or no "<Sya" on screen (${JSON.stringify({ box, sya })})`);
          log(`  ${seen.tsSquiggles} error squiggle(s); first at x=${box.x.toFixed(0)} y=${box.y.toFixed(0)}, "<Sya" at x=${sya.x.toFixed(0)} y=${sya.y.toFixed(0)}`);
          if (seen.tsSquiggles !== 1) throw new Error(`${seen.tsSquiggles} error squiggles, expected exactly the planted one`);
          if (Math.abs(box.y + box.height / 2 - (sya.y + sya.height / 2)) > sya.height || Math.abs(box.x - sya.x) > 4) {
            throw new Error('the squiggle is not under <Sya>');
          }
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - 3);
          const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').first();
          await hover.waitFor({ timeout: 10000 });
          seen.tsHover = (await hover.innerText()).trim();
          log(`  hover: ${JSON.stringify(seen.tsHover)}`);
          if (!/voiceml/i.test(seen.tsHover) || !/Sya/.test(seen.tsHover)) throw new Error(`the hover is not our <Sya> diagnostic: ${JSON.stringify(seen.tsHover)}`);
          await shot('7-ts-squiggle-hover.png');
        });
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');

        await check(`${TS}: VoiceML tags in the template are highlighted, HTML in another template is not`, 'embedded', async () => {
          if (!tsOpened) throw new Error('file not opened');
          // Monaco renders each token as a span whose mtk* class is its colour; TextMate tokenizes lazily.
          const classOf = (tokens, pred) => (tokens || []).find(pred)?.cls;
          let say, korean, html;
          const end = Date.now() + 15000;
          for (;;) {
            say = await lineTokens('<Say language="ko-KR">안녕하세요');
            html = await lineTokens('<div class="status">');
            korean = classOf(say, (t) => t.text.includes('안녕하세요'));
            if (classOf(say, (t) => t.text === 'Say') && korean && classOf(say, (t) => t.text === 'Say') !== korean) break;
            if (Date.now() > end) break;
            await page.waitForTimeout(250);
          }
          const fmt = (tokens) => (tokens || []).map((t) => `${JSON.stringify(t.text)}:${t.cls}(${t.color})`).join(' ');
          log(`  VoiceML line: ${fmt(say)}`);
          log(`  HTML line:    ${fmt(html)}`);
          const sayTag = (say || []).find((t) => t.text === 'Say');
          const plain = (say || []).find((t) => t.text.includes('안녕하세요'));
          // Bracket pair colouring may give the template's `<` and `>` spans of their own (TypeScript's colourised
          // pairs include `<>`), as it does once it has run: the text between them is what is looked at.
          const htmlText = (html || []).find((t) => t.text.includes('div class="status"'));
          seen.highlighting = { sayTag, plainTemplateText: plain, htmlTemplateText: htmlText };
          if (!sayTag) throw new Error('"Say" is not a token of its own: the template is not tokenized as VoiceML');
          if (!plain || !htmlText) throw new Error('could not find the plain template text tokens');
          if (sayTag.cls === htmlText.cls) throw new Error(`<Say> (${sayTag.cls}) is coloured like the HTML template text (${htmlText.cls})`);
          if (sayTag.cls === plain.cls) throw new Error(`<Say> (${sayTag.cls}) is coloured like the text around it (${plain.cls})`);
          if (plain.cls !== htmlText.cls) throw new Error(`the spoken text (${plain.cls}) and the HTML template (${htmlText.cls}) should both be plain template text`);
          const div = (html || []).find((t) => /^div\b/.test(t.text) && t.cls !== plain.cls);
          if (div) throw new Error(`the HTML <div> got a tag token of its own (${div.cls}): HTML is highlighted as VoiceML`);
          await shot('8-ts-highlighting.png');
        });

        await check(`${TS}: completion after "<" typed inside the template offers VoiceML verbs`, 'embedded', async () => {
          if (!tsOpened) throw new Error('file not opened');
          const at = await textBox('<Redirect>${BASE}/enter</Redirect>');
          if (!at) throw new Error('no <Redirect>${BASE}/enter</Redirect> on screen');
          await page.mouse.click(at.x + at.width - 2, at.y + at.height / 2);
          await page.keyboard.press('End');
          await page.keyboard.press('Enter');
          await page.keyboard.type('<');
          await page.waitForTimeout(300);
          if (!(await page.locator('.suggest-widget.visible').count())) await page.keyboard.press('Control+Space');
          const rows = page.locator('.suggest-widget.visible .monaco-list-row');
          await rows.first().waitFor({ timeout: 8000 });
          seen.tsCompletion = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
          log(`  completion shows: ${seen.tsCompletion.join(' | ')}`);
          await shot('9-ts-completion.png');
          for (const want of ['Say', 'Gather', 'Play', 'Redirect']) {
            if (!seen.tsCompletion.some((l) => new RegExp(`\\b${want}\\b`).test(l))) throw new Error(`'${want}' not offered`);
          }
          // The README's picture (images/screenshot.png is a copy): highlighting, the squiggle, the completion list.
          await shot('readme-screenshot.png');
        });
        await page.keyboard.press('Escape');

        // ---- a Python file: a Flask handler's triple-quoted string ------------------------------------------
        const PY = 'app.py';
        const pyOpened = await check(`open ${PY} (Quick Open)`, 'embedded', async () => {
          await quickOpen(PY);
        });

        await check(`${PY}: squiggles under numdigits and <Sya> in the triple-quoted string, VoiceML tags highlighted, completion after "<"`, 'embedded', async () => {
          if (!pyOpened) throw new Error('file not opened');
          await page.locator(`${EDITOR} .squiggly-error`).first().waitFor({ timeout: 45000 });
          await page.waitForTimeout(500);
          const squiggles = await page.locator(`${EDITOR} .squiggly-error`).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((b) => ({ x: b.x, y: b.y, width: b.width, height: b.height })));
          const sya = await textBox('Sya language=');
          const numdigits = await textBox('numdigits');
          seen.python = { squiggles: squiggles.length };
          log(`  ${squiggles.length} error squiggle(s)`);
          if (squiggles.length !== 2) throw new Error(`${squiggles.length} error squiggles, expected the two planted ones`);
          for (const [name, box] of [['<Sya', sya], ['numdigits', numdigits]]) {
            if (!box) throw new Error(`no ${name} on screen`);
            const under = squiggles.some((s) => Math.abs(s.y + s.height / 2 - (box.y + box.height / 2)) <= box.height && Math.abs(s.x - box.x) <= 4);
            if (!under) throw new Error(`no squiggle under ${name}`);
          }
          // Highlighting: the tag name gets a token of its own, coloured unlike the spoken text of the string.
          let say;
          const end = Date.now() + 15000;
          for (;;) {
            say = await lineTokens('<Say language="ko">안녕하세요');
            const tag = (say || []).find((t) => t.text === 'Say');
            const text = (say || []).find((t) => t.text.includes('안녕하세요'));
            if ((tag && text && tag.cls !== text.cls) || Date.now() > end) break;
            await page.waitForTimeout(250);
          }
          const tag = (say || []).find((t) => t.text === 'Say');
          const text = (say || []).find((t) => t.text.includes('안녕하세요'));
          seen.python.highlighting = { tag, text };
          log(`  Python line: ${(say || []).map((t) => `${JSON.stringify(t.text)}:${t.cls}`).join(' ')}`);
          if (!tag || !text || tag.cls === text.cls) throw new Error('the <Say> tag in the Python string is not highlighted as VoiceML');
          // Completion after "<" typed on a new line inside the string.
          const at = await textBox('<Hangup/>');
          if (!at) throw new Error('no <Hangup/> on screen');
          await page.mouse.click(at.x + at.width - 2, at.y + at.height / 2);
          await page.keyboard.press('End');
          await page.keyboard.press('Enter');
          await page.keyboard.type('<');
          await page.waitForTimeout(300);
          if (!(await page.locator('.suggest-widget.visible').count())) await page.keyboard.press('Control+Space');
          const rows = page.locator('.suggest-widget.visible .monaco-list-row');
          await rows.first().waitFor({ timeout: 8000 });
          seen.python.completion = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
          log(`  completion shows: ${seen.python.completion.join(' | ')}`);
          await shot('python-flask.png');
          for (const want of ['Say', 'Gather', 'Redirect']) {
            if (!seen.python.completion.some((l) => new RegExp(`\\b${want}\\b`).test(l))) throw new Error(`'${want}' not offered`);
          }
        });
        await page.keyboard.press('Escape');

        // ---- a response built with Twilio's helper library: findings on the calls ---------------------------
        const BUILT = 'builder.js';
        const builtOpened = await check(`open ${BUILT} (Quick Open)`, 'embedded', async () => {
          await quickOpen(BUILT);
        });

        await check(`${BUILT}: squiggles under the option value 'speech dtmf' and the method conference, hover on .gather( shows <Gather>'s docs`, 'embedded', async () => {
          if (!builtOpened) throw new Error('file not opened');
          await page.locator(`${EDITOR} .squiggly-error`).first().waitFor({ timeout: 45000 });
          await page.waitForTimeout(500);
          const squiggles = await page.locator(`${EDITOR} .squiggly-error`).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((b) => ({ x: b.x, y: b.y, width: b.width, height: b.height })));
          seen.builder = { squiggles: squiggles.length };
          log(`  ${squiggles.length} error squiggle(s)`);
          if (squiggles.length !== 2) throw new Error(`${squiggles.length} error squiggles, expected the two planted ones`);
          for (const needle of ['speech dtmf', 'conference']) {
            const box = await textBox(needle);
            if (!box) throw new Error(`no ${needle} on screen`);
            const under = squiggles.some((s) => Math.abs(s.y + s.height / 2 - (box.y + box.height / 2)) <= box.height && Math.abs(s.x - box.x) <= 4);
            if (!under) throw new Error(`no squiggle under ${needle}`);
          }
          await page.mouse.move(5, 5);
          await page.waitForTimeout(300);
          const at = await textBox('gather({');
          if (!at) throw new Error('no gather({ on screen');
          await page.mouse.move(at.x + 12, at.y + at.height / 2);
          const md = page.locator('.monaco-hover:not(.hidden) .rendered-markdown', { hasText: 'numDigits' }).first();
          await md.waitFor({ timeout: 10000 });
          seen.builder.hover = (await md.innerText()).trim();
          log(`  hover docs: ${JSON.stringify(seen.builder.hover.slice(0, 160))}…`);
          const boldCode = await md.locator('strong code, b code').allInnerTexts();
          if (!boldCode.includes('<Gather>')) throw new Error(`no bold code <Gather> in the hover (bold code: ${JSON.stringify(boldCode)})`);
          await shot('builder.png');
        });
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');

        // ---- the call flow: the reference's IVR split over two files (a router, and app.js mounting it) --------
        const FLOW = `${SPLIT_IVR}/routes/ivr.js`;
        const flowOpened = await check(`open ${FLOW} (Quick Open)`, 'call-flow', async () => {
          await page.setViewportSize(README_VIEWPORT);
          await quickOpen('routes/ivr.js', 'ivr.js');
        });

        await check(`${FLOW}: a code lens above each route names the steps that lead to it`, 'call-flow', async () => {
          if (!flowOpened) throw new Error('file not opened');
          // The mount is in app.js, read from disk in the background: the lenses say /ivr/… once it is.
          const lens = page.locator(`${EDITOR} .codelens-decoration`, { hasText: 'Gather in /ivr/enter' }).first();
          await lens.waitFor({ timeout: 45000 });
          await page.waitForTimeout(500);
          seen.lenses = await page.locator(`${EDITOR} .codelens-decoration`).allInnerTexts();
          log(`  code lenses: ${seen.lenses.join(' | ')}`);
          if (!seen.lenses.some((t) => t.includes('← Gather in /ivr/enter'))) throw new Error('no lens on /lang naming the Gather in /ivr/enter');
          // The lens sits right above its route.
          const box = await lens.boundingBox();
          const route = await textBox("ivr.post('/lang'");
          if (!box || !route || Math.abs(route.y - (box.y + box.height)) > route.height) throw new Error(`the lens is not right above ivr.post('/lang' (${JSON.stringify({ box, route })})`);
          await shot('call-flow-lens.png');
        });

        await check(`${FLOW}: Go to Definition (F12) on \${BASE}/lang lands on ivr.post('/lang'`, 'call-flow', async () => {
          if (!flowOpened) throw new Error('file not opened');
          const at = await textBox('action="${BASE}/lang"');
          if (!at) throw new Error('no action="${BASE}/lang" on screen');
          // Into the path after `${BASE}` (in `BASE` TypeScript would answer with the constant), then F12.
          await page.mouse.click(at.x + at.width - 12, at.y + at.height / 2);
          await page.keyboard.press('F12');
          const line = await waitForCurrentLine("ivr.post('/lang'");
          seen.definitionLine = line;
          log(`  after F12 the cursor is on: ${JSON.stringify(line)}`);
          await shot('go-to-definition.png');
          if (!line.includes("ivr.post('/lang'")) throw new Error(`F12 did not land on ivr.post('/lang': ${JSON.stringify(line)}`);
        });

        // ---- webhook code: the platform's request parameters and what a handler sends ---------------------------
        const HOOK = 'webhook.js';
        const hookOpened = await check(`open ${HOOK} (Quick Open)`, 'webhook-code', async () => {
          await page.setViewportSize(README_VIEWPORT);
          await quickOpen(HOOK);
        });

        await check(`${HOOK}: an error squiggle under req.body.CallSid, whose hover names CallId; a warning under 'text/xml'`, 'webhook-code', async () => {
          if (!hookOpened) throw new Error('file not opened');
          const error = page.locator(`${EDITOR} .squiggly-error`).first();
          await error.waitFor({ timeout: 45000 });
          await page.locator(`${EDITOR} .squiggly-warning`).first().waitFor({ timeout: 15000 });
          const boxes = async (cls) => page.locator(`${EDITOR} ${cls}`).evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((b) => ({ x: b.x, y: b.y, width: b.width, height: b.height })));
          const under = (list, box) => box && list.some((s) => Math.abs(s.y + s.height / 2 - (box.y + box.height / 2)) <= box.height && Math.abs(s.x - box.x) <= 12);
          // Measured until they settle — as expected, and where they were half a second before: the code lenses above
          // the routes come in their own time and move the lines below them (a CI run measured the squiggles before a
          // lens came and the text after it), and the flow's findings follow the workspace index.
          let errors, warnings, callSid, textXml;
          let before = '';
          for (const end = Date.now() + 15000; ; await page.waitForTimeout(500)) {
            errors = await boxes('.squiggly-error');
            warnings = await boxes('.squiggly-warning');
            callSid = await textBox('CallSid;');
            textXml = await textBox("'text/xml'");
            const now = JSON.stringify({ errors, warnings, callSid, textXml });
            const expected = errors.length === 1 && under(errors, callSid) && warnings.length === 1 && under(warnings, textXml);
            if ((expected && now === before) || Date.now() > end) break;
            before = now;
          }
          seen.webhook = { errors: errors.length, warnings: warnings.length };
          log(`  ${errors.length} error and ${warnings.length} warning squiggle(s)`);
          if (errors.length !== 1 || !under(errors, callSid)) throw new Error(`expected one error squiggle, under CallSid: ${JSON.stringify({ errors, callSid })}`);
          if (warnings.length !== 1 || !under(warnings, textXml)) throw new Error(`expected one warning squiggle, under 'text/xml': ${JSON.stringify({ warnings, textXml })}`);
          await page.mouse.move(callSid.x + 20, callSid.y + callSid.height / 2);
          const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').first();
          await hover.waitFor({ timeout: 10000 });
          await page.waitForTimeout(500);
          seen.webhook.hover = (await page.locator('.monaco-hover:not(.hidden)').first().innerText()).trim();
          log(`  hover: ${JSON.stringify(seen.webhook.hover)}`);
          await shot('webhook-twiml-parameter.png');
          if (!/twiml-parameter/.test(seen.webhook.hover) || !/CallId/.test(seen.webhook.hover)) throw new Error('the hover does not show the twiml-parameter finding naming CallId');
        });
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');

        await check(`${HOOK}: completion after req.body. in the route the <Gather action> leads to offers Digits first, with its description`, 'webhook-code', async () => {
          if (!hookOpened) throw new Error('file not opened');
          const at = await textBox('const call = req.body.CallSid;');
          if (!at) throw new Error('no "const call = req.body.CallSid;" on screen');
          await page.mouse.click(at.x + at.width + 2, at.y + at.height / 2);
          await page.keyboard.press('End');
          await page.keyboard.press('Enter');
          await page.keyboard.type('const key = req.body');
          await page.keyboard.press('Escape');
          await page.waitForTimeout(300);
          await page.keyboard.type('.');
          const rows = page.locator('.suggest-widget.visible .monaco-list-row');
          await rows.first().waitFor({ timeout: 8000 });
          await page.waitForTimeout(500);
          const labels = async () => rows.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || e.textContent || ''));
          // In a JavaScript file TypeScript lists the file's own words too, and VS Code ranks words of the file
          // first (locality): ours follow, in our order. Page through the list to read all of it.
          const all = [];
          for (let page_ = 0; page_ < 6; page_++) {
            for (const l of await labels()) if (!all.includes(l)) all.push(l);
            await page.keyboard.press('PageDown');
            await page.waitForTimeout(150);
          }
          const names = ['Digits', 'CallId', 'AccountId', 'From', 'To', 'CallStatus', 'Direction', 'RecordingUrl', 'RecordingDuration', 'DialCallStatus'];
          const ours = all.map((l) => l.split(',')[0]).filter((l) => names.includes(l));
          seen.webhook.completion = ours;
          log(`  the list: ${all.length} items; ours, in order: ${ours.join(', ')}`);
          if (ours[0] !== 'Digits') throw new Error(`Digits is not the first parameter offered: ${ours.join(', ')}`);
          for (const want of ['CallId', 'From']) if (!ours.includes(want)) throw new Error(`'${want}' not offered`);
          if (ours.some((l) => l === 'DialCallStatus' || l === 'RecordingUrl')) throw new Error('offers a parameter no verb leading here sends');
          // Typing narrows the list to it; its details show the reference's description.
          await page.keyboard.type('Di');
          await page.waitForTimeout(400);
          if (!(await page.locator('.suggest-details-container .suggest-details').isVisible().catch(() => false))) await page.keyboard.press('Control+Space');
          await page.waitForTimeout(500);
          const first = (await labels())[0] ?? '';
          seen.webhook.details = (await page.locator('.suggest-details').first().innerText().catch(() => '')).trim();
          log(`  after "Di": ${first}; details: ${JSON.stringify(seen.webhook.details.slice(0, 200))}`);
          await shot('webhook-completion.png');
          if (!first.startsWith('Digits')) throw new Error(`after "Di" the first item is ${first}`);
          if (!/keys the caller pressed/.test(seen.webhook.details)) throw new Error('the details do not show the description of Digits');
        });
        await page.keyboard.press('Escape');

        // ---- the call simulator: "VoiceML: Simulate Call" in a terminal --------------------------------------
        /** The text of the active terminal (DOM renderer), or ''. */
        const terminalText = () =>
          page.evaluate(() => {
            const rows = [...document.querySelectorAll('.terminal-wrapper.active .xterm-rows, .part.panel .xterm-rows')].pop();
            return rows ? [...rows.children].map((r) => r.textContent.replace(/\u00a0/g, ' ').trimEnd()).join('\n') : '';
          });
        const waitForTerminal = async (pattern, ms = 15000) => {
          const end = Date.now() + ms;
          for (;;) {
            const text = await terminalText();
            if (pattern.test(text)) return text;
            if (Date.now() > end) throw new Error(`no ${pattern} in the terminal:\n${text}`);
            await page.waitForTimeout(100);
          }
        };
        const runCommand = async (title) => {
          await page.keyboard.press('F1');
          const input = page.locator('.quick-input-widget input');
          await input.waitFor({ timeout: 10000 });
          await input.fill(`>${title}`);
          // The row may also say "recently used"; "… at Another URL…" is the other command.
          const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title, hasNotText: 'Another' }).first();
          await row.waitFor({ timeout: 10000 });
          await row.click();
        };
        await check('VoiceML: Simulate Call asks for the URL, runs the call in a terminal, keys typed there answer its Gathers and Dial', 'simulate-call', async () => {
          await page.setViewportSize({ width: 1200, height: 1000 });
          await runCommand('VoiceML: Simulate Call');
          const input = page.locator('.quick-input-widget input');
          await input.waitFor({ timeout: 10000 });
          await page.waitForTimeout(200);
          await input.fill(ivr.url);
          await page.keyboard.press('Enter');
          // Korean prompts from the example; the transcript in the UI's language (English here).
          // Each Gather of the example has its own timeout, so each prompt is known by it (the terminal shows
          // only the rows in view, earlier prompts scroll away).
          await waitForTerminal(/press keys \(1 key\), # to finish — ends after 5 s/);
          await page.locator('.terminal-wrapper.active .xterm, .part.panel .xterm').last().click();
          await page.keyboard.press('Control+Shift+P');
          await page.locator('.quick-input-widget input').fill('>View: Toggle Maximized Panel');
          await page.keyboard.press('Enter');
          await page.locator('.terminal-wrapper.active .xterm, .part.panel .xterm').last().click();
          await page.keyboard.type('1');
          await waitForTerminal(/press keys \(4 keys\), # to finish — ends after 8 s/);
          await page.keyboard.type('1234');
          await waitForTerminal(/press keys \(6 keys\), # to finish — ends after 10 s/);
          await page.keyboard.type('900101');
          await waitForTerminal(/press keys \(1 key\), # to finish — ends after 6 s/);
          await page.keyboard.type('3');
          await waitForTerminal(/how does the call to 01099991111 end\?/);
          await page.keyboard.type('2');
          await waitForTerminal(/recording, # to stop/);
          await page.waitForTimeout(1200); // a message of a second
          await page.keyboard.type('#');
          // The end of the call, then the exit code the terminal prints a moment later.
          seen.simulatedCall = await waitForTerminal(/■ <Hangup>: the call ended[\s\S]*exit code/);
          log(`  terminal:\n${seen.simulatedCall.split('\n').filter(Boolean).map((l) => '    | ' + l).join('\n')}`);
          await shot('10-simulate-call.png');
          // The end of the call is in view (earlier lines scrolled away); the keys are checked where they arrived.
          for (const want of [/☎ busy/, /Say \(ko-KR\) +현재 상담원이 모두 통화 중입니다/, /⌨ # +\(ended by finishOnKey\)/, /▶ POST http:\/\/127\.0\.0\.1:\d+\/ivr\/voicemail-done +RecordingUrl=/, /exit code 0/]) {
            if (!want.test(seen.simulatedCall)) throw new Error(`the terminal does not show ${want}`);
          }
          const received = fs.readFileSync(ivrLog, 'utf8');
          for (const want of ['/ivr/lang .*Digits=1', '/ivr/verify-2 .*Digits=1234', '/ivr/menu .*Digits=900101', '/ivr/route .*Digits=3', '/ivr/after-dial .*DialCallStatus=busy', '/ivr/voicemail-done .*Digits=#']) {
            if (!new RegExp(`^POST ${want}$`, 'm').test(received)) throw new Error(`the webhook did not get POST ${want}`);
          }
          await page.keyboard.press('x'); // any key closes the finished call's terminal
        });
        await check('VoiceML: Simulate Call remembers the URL for the workspace: the second call starts without asking; Ctrl+C hangs up', 'simulate-call', async () => {
          await page.waitForTimeout(500);
          await runCommand('VoiceML: Simulate Call');
          await waitForTerminal(/press keys \(1 key\)/);
          if (await page.locator('.quick-input-widget input').isVisible()) throw new Error('the URL was asked again');
          await page.locator('.terminal-wrapper.active .xterm, .part.panel .xterm').last().click();
          await page.keyboard.press('Control+C');
          seen.hungUp = await waitForTerminal(/■ the caller hung up/);
        });

        // ---- the call flow as a picture: "VoiceML: Show Call Flow" ---------------------------------------------
        /** The picture's page: the webview's frame inside VS Code's frame for it. */
        const flow = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
        /** The first line of each box drawn (a route's path, a file, a missing path). */
        const titles = () => flow.locator('#canvas g.node text.title').allTextContents();
        const waitForTitles = async (want, ms = 20000) => {
          const end = Date.now() + ms;
          for (;;) {
            const now = await titles().catch(() => []);
            if (want(now) || Date.now() > end) return now;
            await page.waitForTimeout(200);
          }
        };
        const REFERENCE_ROUTES = ['enter', 'lang', 'verify', 'verify-2', 'menu', 'route', 'after-dial', 'voicemail', 'voicemail-done'].map((p) => `/ivr/${p}`);
        const flowShown = await check('VoiceML: Show Call Flow draws every route of the workspace with its verbs, the steps labelled', 'call-flow', async () => {
          await page.keyboard.press('Control+Shift+P');
          await page.locator('.quick-input-widget input').fill('>View: Hide Panel');
          await page.keyboard.press('Enter');
          await page.setViewportSize({ width: 1600, height: 1000 });
          await runCommand('VoiceML: Show Call Flow');
          seen.flowTitles = await waitForTitles((t) => REFERENCE_ROUTES.every((r) => t.includes(r)));
          log(`  boxes: ${seen.flowTitles.join(' | ')}`);
          const missing = REFERENCE_ROUTES.filter((r) => !seen.flowTitles.includes(r));
          if (missing.length > 0) throw new Error(`no box for ${missing.join(', ')}`);
          seen.flowLabels = [...new Set(await flow.locator('#canvas g.edge g.label text').allTextContents())].sort();
          log(`  step labels: ${seen.flowLabels.join(' | ')}`);
          for (const want of ['Gather', 'Redirect', 'Record', 'Dial · 3', 'Dial · 0', 'Redirect · ≠ completed']) {
            if (!seen.flowLabels.includes(want)) throw new Error(`no step labelled ${want}`);
          }
          const route = flow.locator('#canvas g.node.route', { has: flow.locator('text.title', { hasText: /^\/ivr\/route$/ }) });
          const verbs = await route.locator('text.verb').allTextContents();
          log(`  /ivr/route shows: ${verbs.join(' | ')}`);
          if (!verbs.some((v) => v.includes('Stream wss://your-server.com/ai/billing'))) throw new Error('the /ivr/route box does not show its Stream URL');
          await flow.locator('button', { hasText: /^(Fit|화면에 맞춤)$/ }).click();
          await page.waitForTimeout(300);
          await shot('call-flow-webview.png');
          // The README's picture (images/call-flow.png is a copy): the IVR's routes and what leads into them.
          // Its editor group made wide (a double click on the tab), then as it was.
          const tab = page.locator('.tab', { hasText: /VoiceML Call Flow|VoiceML 통화 흐름/ });
          await tab.dblclick();
          await flow.locator('#filter').fill('/ivr/');
          await waitForTitles((t) => !t.includes('complete.xml'), 5000);
          await page.waitForTimeout(500);
          await flow.locator('button', { hasText: /^(Fit|화면에 맞춤)$/ }).click();
          await page.waitForTimeout(300);
          await shot('call-flow-readme.png');
          await flow.locator('#filter').fill('');
          await waitForTitles((t) => t.includes('complete.xml'), 5000);
          await tab.dblclick();
          await page.waitForTimeout(300);
        });
        await check('the call-flow picture: a click on a box opens its handler; an edit of the path redraws it', 'call-flow', async () => {
          if (!flowShown) throw new Error('no picture');
          await flow.locator('#canvas g.node.route', { has: flow.locator('text.title', { hasText: /^\/ivr\/menu$/ }) }).click();
          await page.locator('.tab.active', { hasText: 'ivr.js' }).waitFor({ timeout: 10000 });
          // The path is selected (so no current-line highlight): the status bar says where the cursor is.
          const want = splitIvr()['routes/ivr.js'].split('\n').findIndex((l) => l.includes("ivr.post('/menu'")) + 1;
          const where = page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
          const end = Date.now() + 10000;
          let status = '';
          while (!status.startsWith(`Ln ${want},`) && Date.now() < end) {
            status = (await where.textContent().catch(() => '')) ?? '';
            await page.waitForTimeout(100);
          }
          log(`  after the click: ${status} (ivr.post('/menu' is line ${want})`);
          if (!status.startsWith(`Ln ${want},`)) throw new Error(`the click did not open ivr.post('/menu' (line ${want}): ${status}`);
          // Type into the path: /ivr/menu is served no more (the steps into it lead to a missing path), /ivr/menu2 is.
          const at = await textBox("ivr.post('/menu'");
          if (!at) throw new Error("ivr.post('/menu' is not on screen");
          await page.mouse.click(at.x + at.width - at.width / "ivr.post('/menu'".length, at.y + at.height / 2);
          await page.keyboard.type('2');
          seen.flowAfterEdit = await waitForTitles((t) => t.includes('/ivr/menu2') && t.includes('/ivr/menu'));
          const missing = await flow.locator('#canvas g.node.missing text.title').allTextContents();
          log(`  after the edit: ${seen.flowAfterEdit.join(' | ')}; missing: ${missing.join(' | ')}`);
          await shot('call-flow-webview-edited.png');
          if (!seen.flowAfterEdit.includes('/ivr/menu2') || !missing.includes('/ivr/menu')) throw new Error('the picture did not follow the edit');
          await page.keyboard.press('Control+Z');
          const back = await waitForTitles((t) => !t.includes('/ivr/menu2'));
          if (back.includes('/ivr/menu2')) throw new Error('the picture did not follow the undo');
        });
        await check('the ▶ Simulate call lens above a route starts a call at its path on the remembered server', 'simulate-call', async () => {
          if (!flowShown) throw new Error('no picture');
          // The lens right above ivr.post('/menu' (the editor shows the handler the picture opened; lenses of
          // lines out of view are in the page too, hidden).
          const lens = page.locator(`${EDITOR} .codelens-decoration a`, { hasText: /Simulate call|통화 시뮬레이션/ });
          const route = await textBox("ivr.post('/menu'");
          if (!route) throw new Error("ivr.post('/menu' is not on screen");
          let above = -1;
          for (const end = Date.now() + 10000; above < 0 && Date.now() < end; await page.waitForTimeout(200)) {
            const boxes = await lens.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
            above = boxes.findIndex((b) => b.height > 0 && Math.abs(route.y - (b.y + b.height)) < route.height);
          }
          if (above < 0) throw new Error('no ▶ Simulate call lens above ivr.post(\'/menu\'');
          await shot('simulate-call-lens.png');
          await lens.nth(above).click();
          seen.lensCall = await waitForTerminal(/POST http:\/\/127\.0\.0\.1:\d+\/ivr\/menu/);
          await page.locator('.terminal-wrapper.active .xterm, .part.panel .xterm').last().click();
          await page.keyboard.press('Control+C');
          await waitForTerminal(/■ the caller hung up/);
        });
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
    await killGroup(ivr.child.pid);
    fs.writeFileSync(path.join(OUT, 'result.json'), JSON.stringify({ ok, checks, seen, screenshots: shots.map((s) => path.relative(ROOT, s)) }, null, 2));
    if (ok) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept the temp folder ${tmp}`);
  }
  log(`screenshots and logs: ${path.relative(ROOT, OUT)}/`);
  // Last, so the end of the output names what failed (a long run's head may not be kept).
  const count = (status) => checks.filter((c) => c.status === status).length;
  log(`${count('PASS')} checks passed, ${checks.length - count('PASS') - count('PENDING')} failed, ${count('PENDING')} pending`);
  for (const c of checks) if (c.status === 'FAIL' || c.status === 'UNEXPECTED-PASS') log(`  failed (${c.status}): ${c.name} — ${c.detail}`);
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[ui-smoke] FAILED: ${e.message}`);
    process.exit(1);
  },
);
