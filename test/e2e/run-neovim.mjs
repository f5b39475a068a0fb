#!/usr/bin/env node
// Neovim as a second LSP client: runs test/e2e/neovim/probe.lua in headless nvim against
// `node dist/server/server.js --stdio` and asserts on the JSON it writes: broken.xml (diagnostics, Korean,
// didChange/undo, completion, hover, a quick fix applied), pom.xml (nothing), ivr-mistakes.ts (VoiceML in TypeScript templates) and
// messy.xml (a formatting round trip).
//
// Usage: node test/e2e/run-neovim.mjs   (needs neovim from `bash test/e2e/setup.sh` and `npm run build`)
// Env: E2E_SERVER_JS (default dist/server/server.js).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { HERE, RESULTS, ROOT, SERVER_JS, copyFixtures, logger, mkTemp, requireFile, startGroup, killGroup } from './lib.mjs';

const log = logger('neovim');
const OUT = path.join(RESULTS, 'neovim');
const PROBE = path.join(HERE, 'neovim/probe.lua');
const { PENDING_FEATURES, EXPECTED, FORMATTED } = createRequire(import.meta.url)(path.join(HERE, 'ext-host/suite.cjs'));
const hasHangul = (s) => /[\uAC00-\uD7A3]/.test(s);
const arr = (x) => (Array.isArray(x) ? x : []); // lua-cjson encodes an empty table as {}

/** Runs the probe on `file` (inside the temp workspace), with a hard timeout; returns the parsed JSON. */
async function probe(file, extraEnv = {}, name = path.basename(file)) {
  const outFile = path.join(OUT, `${name}.json`);
  const logFile = path.join(OUT, `${name}.nvim.log`);
  const env = { ...process.env, VOICEML_SERVER: SERVER_JS, E2E_NODE: process.execPath, E2E_PROBE_OUT: outFile, ...extraEnv };
  // prettier-ignore
  const child = startGroup('timeout', ['--kill-after=5', '60', 'nvim', '--headless', '--clean', '-c', `luafile ${PROBE}`, file],
    { logFile, env, cwd: path.dirname(file) });
  const { code, signal } = await child.exited;
  await killGroup(child.pid, 500); // the server or nvim left behind, if any
  if (!fs.existsSync(outFile)) throw new Error(`probe on ${name} wrote no JSON (nvim exit ${code ?? signal}; see ${path.relative(ROOT, logFile)})`);
  const json = JSON.parse(fs.readFileSync(outFile, 'utf8'));
  if (!json.ok) throw new Error(`probe on ${name} broke: ${json.error} (steps: ${arr(json.steps).join(', ')})`);
  log(`probe ${name}: nvim ${json.nvim}, filetype ${json.filetype}, ${json.ms} ms, exit ${code}`);
  return json;
}

const checks = [];
function check(name, feature, fn) {
  const pending = feature !== undefined && PENDING_FEATURES.includes(feature);
  let error;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  const status = error ? (pending ? 'PENDING' : 'FAIL') : pending ? 'UNEXPECTED-PASS' : 'PASS';
  const detail = error ? error.message : pending ? `feature '${feature}' works now: remove it from PENDING_FEATURES in test/e2e/ext-host/suite.cjs` : '';
  checks.push({ name, status, detail });
  log(`${status.padEnd(15)} ${name}${detail ? ' — ' + detail : ''}`);
}
function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
const fmt = (d) => `${d.code} ${d.lnum}:${d.col}-${d.end_lnum}:${d.end_col} ${JSON.stringify(d.message)}`;
const key = (ds) => JSON.stringify(arr(ds).map((d) => [d.code, d.lnum, d.col, d.end_lnum, d.end_col, d.severity, d.message]));

async function main() {
  requireFile(SERVER_JS, 'run npm run build');
  const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
  if (nvim.status !== 0) throw new Error('nvim not found: run bash test/e2e/setup.sh');
  log(`${nvim.stdout.split('\n')[0]}, server ${path.relative(ROOT, SERVER_JS)}`);
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = mkTemp('voiceml-neovim-');
  const ws = copyFixtures(path.join(tmp, 'workspace'));

  let broken;
  try {
    broken = await probe(path.join(ws, 'broken.xml'));
  } catch (e) {
    check('probe on broken.xml', undefined, () => {
      throw e;
    });
  }
  if (broken) {
    const diags = arr(broken.diagnostics);
    for (const d of diags) log(`  ${fmt(d)}`);
    check('broken.xml: diagnostics at the expected ranges, source voiceml', undefined, () => {
      for (const e of EXPECTED['broken.xml']) {
        const [sl, sc, el, ec] = e.range;
        const hit = diags.find((d) => d.code === e.code && d.lnum === sl && d.col === sc && d.end_lnum === el && d.end_col === ec);
        assert(hit, `missing ${e.code} at ${e.range.join(',')}; got: ${diags.map(fmt).join(' | ') || 'none'}`);
        assert(hit.source === 'voiceml', `source is ${hit.source}`);
      }
    });
    check('messages are Korean (neovim sends no locale)', undefined, () => {
      assert(diags.length > 0, 'no diagnostics');
      for (const d of diags) assert(hasHangul(d.message), `not Korean: ${d.message}`);
    });
    check('an edit (didChange) is seen: diagnostics move down one line', undefined, () => {
      const after = arr(broken.diagnostics_after_edit);
      const ue = diags.find((d) => d.code === 'unknown-element');
      assert(ue, 'no unknown-element before the edit');
      assert(
        after.some((d) => d.code === 'unknown-element' && d.lnum === ue.lnum + 1 && d.col === ue.col),
        `after the edit: ${after.map(fmt).join(' | ') || 'none'}`,
      );
    });
    check('undoing the edit gives the original diagnostics back (incremental state = fresh open)', undefined, () => {
      assert(key(broken.diagnostics_after_undo) === key(diags), `after undo: ${arr(broken.diagnostics_after_undo).map(fmt).join(' | ')}`);
    });
    check('completion after "<" inside <Response> offers VoiceML verbs', 'completion', () => {
      const c = broken.completion || {};
      const labels = arr(c.labels).map((l) => String(l).replace(/^<|\/?>$/g, ''));
      log(`  completion at ${JSON.stringify(broken.completion_position)}: ${labels.join(', ') || '(none)'}${c.error ? ' error: ' + c.error : ''}`);
      for (const want of ['Say', 'Gather', 'Play', 'Hangup']) assert(labels.includes(want), `'${want}' not offered`);
      assert(!labels.includes('Number'), '<Number> offered directly inside <Response>');
    });
    check('hover on <Say> shows its documentation', 'hover', () => {
      const h = broken.hover || {};
      log(`  hover: ${JSON.stringify(typeof h.text === 'string' ? h.text.slice(0, 200) : h.text)}${h.error ? ' error: ' + h.error : ''}`);
      assert(typeof h.text === 'string' && h.text.includes('Say'), 'no hover text mentioning Say');
    });
  }

  // A quick fix as a user applies it: listed without its edit, resolved (codeAction/resolve) when chosen.
  let fixed;
  try {
    fixed = await probe(path.join(ws, 'broken.xml'), { E2E_PROBE_MODE: 'fix' }, 'broken.xml.fix');
  } catch (e) {
    check('probe (fix) on broken.xml', undefined, () => {
      throw e;
    });
  }
  if (fixed) {
    check('quick fix for <Sya> through vim.lsp.buf.code_action: listed without its edit, resolved when chosen, both tags renamed', 'code-actions', () => {
      const f = fixed.fix || {};
      log(`  offered: ${arr(f.offered).map((o) => `${o.title}${o.edit ? ' (with edit)' : ''}`).join(' | ')}; requests: ${arr(f.requests).join(', ')}`);
      log(`  line: ${JSON.stringify(f.before)} → ${JSON.stringify(f.after)}`);
      assert(arr(f.offered).some((o) => o.title.includes('Say')) && arr(f.offered).every((o) => !o.edit), 'the actions were not listed without their edits');
      assert(arr(f.requests).includes('codeAction/resolve'), 'the chosen action was not resolved');
      assert(f.after === String(f.before).replace(/Sya/g, 'Say'), `after the fix: ${JSON.stringify(f.after)}`);
    });
  }

  // Settings as init_options: Neovim 0.7 neither answers workspace/configuration with them nor sends them.
  let initialized;
  try {
    const E2E_INIT_OPTIONS = JSON.stringify({ voiceml: { locale: 'en', rules: { 'unknown-element': 'off' } } });
    initialized = await probe(path.join(ws, 'broken.xml'), { E2E_PROBE_MODE: 'diagnostics', E2E_INIT_OPTIONS }, 'broken.xml.init-options');
  } catch (e) {
    check('probe on broken.xml with init_options', undefined, () => {
      throw e;
    });
  }
  if (initialized) {
    check('settings in init_options count: voiceml.locale en, unknown-element off', undefined, () => {
      const got = arr(initialized.diagnostics);
      assert(got.length > 0, 'no diagnostics');
      assert(!got.some((d) => d.code === 'unknown-element'), `unknown-element is off: ${got.map(fmt).join(' | ')}`);
      for (const d of got) assert(!hasHangul(d.message), `not English: ${d.message}`);
    });
  }

  let pom;
  try {
    pom = await probe(path.join(ws, 'pom.xml'), { E2E_SENTINEL: path.join(ws, 'broken.xml') });
  } catch (e) {
    check('probe on pom.xml', undefined, () => {
      throw e;
    });
  }
  if (pom) {
    check('pom.xml (not VoiceML) gets no diagnostics', undefined, () => {
      assert(pom.sentinel_seen === true, 'the sentinel (broken.xml, opened after pom.xml) got no diagnostics: cannot tell');
      assert(arr(pom.diagnostics).length === 0, `pom.xml: ${arr(pom.diagnostics).map(fmt).join(' | ')}`);
    });
  }

  // VoiceML in a TypeScript file's sendXml(res, `…`) templates and in a Flask handler's Python string (the
  // filetype is the language id).
  for (const [file, filetype] of [
    ['ivr-mistakes.ts', 'typescript'],
    ['app.py', 'python'],
  ]) {
    let probed;
    try {
      probed = await probe(path.join(ws, file), { E2E_PROBE_MODE: 'diagnostics' });
    } catch (e) {
      check(`probe on ${file}`, undefined, () => {
        throw e;
      });
    }
    if (!probed) continue;
    const diags = arr(probed.diagnostics);
    for (const d of diags) log(`  ${fmt(d)}`);
    check(`${file} (filetype ${filetype}): diagnostics inside the strings at the expected ranges`, 'embedded', () => {
      assert(probed.filetype === filetype, `filetype is ${probed.filetype}`);
      for (const e of EXPECTED[file]) {
        const [sl, sc, el, ec] = e.range;
        const hit = diags.find((d) => d.code === e.code && d.lnum === sl && d.col === sc && d.end_lnum === el && d.end_col === ec);
        assert(hit, `missing ${e.code} at ${e.range.join(',')}; got: ${diags.map(fmt).join(' | ') || 'none'}`);
        assert(hit.source === 'voiceml', `source is ${hit.source}`);
      }
      const others = diags.filter((d) => !EXPECTED[file].some((e) => e.code === d.code && e.range[0] === d.lnum));
      assert(others.length === 0, `unexpected: ${others.map(fmt).join(' | ')}`);
    });
  }

  // Formatting round trip: textDocument/formatting, edits applied by neovim, then again (no more edits).
  const MESSY = 'messy.xml';
  let formatted;
  try {
    formatted = await probe(path.join(ws, MESSY), { E2E_PROBE_MODE: 'format' }, `${MESSY}.format`);
  } catch (e) {
    check(`probe (format) on ${MESSY}`, undefined, () => {
      throw e;
    });
  }
  if (formatted) {
    const [first, second] = arr(formatted.format);
    log(`  formatting: ${first?.edits} edit(s), then ${second?.edits}${first?.error ? ' error: ' + first.error : ''}${second?.error ? ' error: ' + second.error : ''}`);
    check(`${MESSY}: textDocument/formatting re-indents it; formatting again changes nothing`, 'formatting', () => {
      assert(formatted.capabilities.formatting === true, 'the server announced no documentFormattingProvider to neovim');
      assert(first && !first.error && second && !second.error, `formatting failed: ${first?.error || second?.error || 'no result'}`);
      assert(first.edits > 0, 'no edits');
      const want = FORMATTED[MESSY].replace(/\n$/, ''); // nvim_buf_get_lines has no final line break
      assert(first.text === want, `formatted text:\n${first.text}`);
      assert(second.edits === 0 && second.text === want, `the second round gave ${second.edits} edit(s):\n${second.text}`);
    });
  }

  const failed = checks.filter((c) => c.status === 'FAIL' || c.status === 'UNEXPECTED-PASS');
  fs.writeFileSync(path.join(OUT, 'result.json'), JSON.stringify({ checks }, null, 2));
  log(`${checks.filter((c) => c.status === 'PASS').length} checks passed, ${failed.length} failed, ${checks.filter((c) => c.status === 'PENDING').length} pending; probe output in ${path.relative(ROOT, OUT)}/`);
  if (failed.length === 0) fs.rmSync(tmp, { recursive: true, force: true });
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`[neovim] FAILED: ${e.message}`);
    process.exit(1);
  },
);
