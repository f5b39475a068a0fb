// Tests that run INSIDE the real VS Code extension host (loaded as `extensionTestsPath` by
// test/e2e/run-ext-host.mjs). `exports.run` resolves when everything passed and throws otherwise.
//
// The workspace is a temporary copy of test/e2e/fixtures/. Settings are changed in the (temporary) user
// settings, never in the repo.
'use strict';

/**
 * Features the server does not provide yet. A check tagged with a feature listed here is still run; its
 * failure is reported as PENDING (not a failure of the suite), and its success FAILS the suite with
 * "remove it from PENDING_FEATURES" — so this list can only shrink, never hide a regression.
 * Shared with run-ui-smoke.mjs and run-neovim.mjs.
 */
const PENDING_FEATURES = [
  'completion', // textDocument/completion
  'hover', // textDocument/hover
  'embedded', // VoiceML inside JS/TS template literals
];
exports.PENDING_FEATURES = PENDING_FEATURES;

/**
 * What the fixtures must produce. Positions are 0-based (line, UTF-16 character), as in LSP and VS Code.
 * A listed diagnostic must be present with exactly this code and range; others may be present too.
 */
const EXPECTED = {
  'broken.xml': [
    { code: 'voiceml/unknown-element', range: [3, 5, 3, 8] }, // <Sya>
    { code: 'voiceml/invalid-child', range: [6, 9, 6, 15] }, // <Record/> inside <Gather>
  ],
  'syntax-error.voiceml': [{ code: 'voiceml/xml-syntax', line: 1 }], // </Sya> closes <Say>
};
exports.EXPECTED = EXPECTED;

const DIAGNOSTIC_TIMEOUT_MS = 20000;
/** How long "no diagnostics" must hold after the server has provably processed later documents. */
const QUIET_MS = 1500;

exports.run = async function run() {
  const vscode = require('vscode');
  const path = require('path');
  const fs = require('fs');
  const results = [];
  const started = Date.now();

  const log = (...a) => console.log('[suite]', ...a);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  const ws = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
  if (!ws) throw new Error('no workspace folder is open (the runner passes ?folder=…)');
  const uriOf = (name) => vscode.Uri.joinPath(ws.uri, name);
  const codeOf = (d) => (d.code && typeof d.code === 'object' ? String(d.code.value) : String(d.code));
  const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'voiceml' || /^voiceml\//.test(codeOf(d)));
  const fmtRange = (r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  const fmtDiag = (d) => `${codeOf(d)} [${vscode.DiagnosticSeverity[d.severity]}] ${fmtRange(d.range)} ${JSON.stringify(d.message)}`;
  const hasHangul = (s) => /[\uAC00-\uD7A3]/.test(s);

  async function waitFor(what, fn, timeoutMs = DIAGNOSTIC_TIMEOUT_MS) {
    const end = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        last = await fn();
        if (last) return last;
      } catch (e) {
        last = e;
      }
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` + (last instanceof Error ? `: ${last.message}` : ''));
      await sleep(100);
    }
  }
  function assert(cond, msg) {
    if (!cond) throw new Error(msg);
  }
  async function open(name) {
    const doc = await vscode.workspace.openTextDocument(uriOf(name));
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }
  /** Runs one check. `feature` ties it to PENDING_FEATURES (undefined = must pass today). */
  async function check(name, feature, fn) {
    const t0 = Date.now();
    const pending = feature !== undefined && PENDING_FEATURES.includes(feature);
    let error;
    try {
      await fn();
    } catch (e) {
      error = e;
    }
    const ms = Date.now() - t0;
    let status;
    if (!error) status = pending ? 'UNEXPECTED-PASS' : 'PASS';
    else status = pending ? 'PENDING' : 'FAIL';
    const detail = error ? String(error && error.stack ? error.message : error) : pending ? `feature '${feature}' works now: remove it from PENDING_FEATURES in test/e2e/ext-host/suite.cjs` : '';
    results.push({ name, feature, status, ms, detail });
    log(`${status.padEnd(15)} ${name} (${ms} ms)${detail ? ' — ' + detail : ''}`);
  }
  const setting = (key) => vscode.workspace.getConfiguration('voiceml').inspect(key);
  /** Writes voiceml.<key> to user settings; for `rules.<rule>` also copes with one object-valued `voiceml.rules`. */
  async function setSetting(key, value) {
    const config = vscode.workspace.getConfiguration('voiceml');
    try {
      await config.update(key, value, vscode.ConfigurationTarget.Global);
    } catch (e) {
      const m = /^rules\.(.+)$/.exec(key);
      if (!m) throw e;
      const current = Object.assign({}, (config.inspect('rules') || {}).globalValue || {});
      if (value === undefined) delete current[m[1]];
      else current[m[1]] = value;
      try {
        await config.update('rules', Object.keys(current).length ? current : undefined, vscode.ConfigurationTarget.Global);
      } catch (e2) {
        throw new Error(`cannot set voiceml.${key}: ${e.message} / as an object: ${e2.message}`);
      }
    }
  }
  function expectDiagnostics(uri, expected) {
    const got = ours(uri);
    const missing = [];
    for (const e of expected) {
      const hit = got.find((d) => {
        if (codeOf(d) !== e.code) return false;
        if (e.range) {
          const [sl, sc, el, ec] = e.range;
          return d.range.start.line === sl && d.range.start.character === sc && d.range.end.line === el && d.range.end.character === ec;
        }
        return d.range.start.line === e.line;
      });
      if (!hit) missing.push(e.code + ' at ' + (e.range ? e.range.join(',') : 'line ' + e.line));
    }
    return { got, missing };
  }

  log(`VS Code ${vscode.version}, ui language ${vscode.env.language}, workspace ${ws.uri.fsPath}`);
  const ext = vscode.extensions.all.find(
    (e) => (process.env.E2E_EXT_DIR && path.resolve(e.extensionPath) === path.resolve(process.env.E2E_EXT_DIR)) || e.id === 'clawops.voiceml-language-tools',
  );
  log(`extension under test: ${ext ? ext.id + ' (' + ext.extensionPath + ')' : 'NOT FOUND'}`);

  // Word-based suggestions would answer completion with the words of open files (Say, Gather …).
  await vscode.workspace.getConfiguration('editor').update('wordBasedSuggestions', 'off', vscode.ConfigurationTarget.Global);

  await check('extension is installed and activates on an XML file', undefined, async () => {
    assert(ext, `the extension under development was not found among ${vscode.extensions.all.length} extensions`);
    await open('broken.xml');
    await waitFor('extension activation', () => ext.isActive, 20000);
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    await check(`${file}: diagnostics at the expected ranges`, undefined, async () => {
      const doc = await open(file);
      if (file.endsWith('.voiceml')) assert(doc.languageId === 'voiceml', `${file} has language id '${doc.languageId}', expected 'voiceml'`);
      let last;
      try {
        await waitFor(`${expected.map((e) => e.code).join(', ')} on ${file}`, () => {
          last = expectDiagnostics(doc.uri, expected);
          return last.missing.length === 0;
        });
      } catch (e) {
        throw new Error(`${e.message}; missing ${last ? last.missing.join('; ') : '?'}; got: ${last ? last.got.map(fmtDiag).join(' | ') || 'none' : '?'}`);
      }
      for (const d of last.got) log(`  ${file}: ${fmtDiag(d)}`);
    });
  }

  await check('messages follow the client locale', undefined, async () => {
    const got = ours(uriOf('broken.xml'));
    assert(got.length > 0, 'no diagnostics on broken.xml');
    const english = /^en\b/i.test(vscode.env.language);
    for (const d of got) {
      assert(hasHangul(d.message) !== english, `ui language is ${vscode.env.language} but the message is ${english ? 'not English' : 'not Korean'}: ${d.message}`);
    }
  });

  await check('valid.xml has no errors or warnings', undefined, async () => {
    const doc = await open('valid.xml');
    // The sentinel: a later-opened document gets its diagnostics, so valid.xml was processed too.
    await open('broken.xml');
    await waitFor('diagnostics on broken.xml', () => ours(uriOf('broken.xml')).length > 0);
    await sleep(QUIET_MS);
    const bad = ours(doc.uri).filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning);
    assert(bad.length === 0, `valid.xml: ${bad.map(fmtDiag).join(' | ')}`);
    for (const d of ours(doc.uri)) log(`  valid.xml (allowed): ${fmtDiag(d)}`);
  });

  await check('pom.xml (not VoiceML) gets no diagnostics at all', undefined, async () => {
    const doc = await open('pom.xml');
    assert(doc.languageId === 'xml', `pom.xml has language id '${doc.languageId}'`);
    await open('syntax-error.voiceml');
    await waitFor('diagnostics on syntax-error.voiceml (sentinel)', () => ours(uriOf('syntax-error.voiceml')).length > 0);
    await sleep(QUIET_MS);
    const got = ours(doc.uri);
    assert(got.length === 0, `pom.xml: ${got.map(fmtDiag).join(' | ')}`);
  });

  const brokenUri = uriOf('broken.xml');
  const unknownElement = () => ours(brokenUri).find((d) => codeOf(d) === 'voiceml/unknown-element');

  await check('setting voiceml.validate.enable=false clears diagnostics, true brings them back', undefined, async () => {
    await open('broken.xml');
    await waitFor('diagnostics on broken.xml', () => ours(brokenUri).length > 0);
    try {
      await setSetting('validate.enable', false);
      await waitFor('diagnostics cleared after validate.enable=false', () => ours(brokenUri).length === 0);
    } finally {
      await setSetting('validate.enable', undefined);
    }
    await waitFor('diagnostics back after validate.enable reset', () => ours(brokenUri).length > 0);
  });

  await check('setting voiceml.rules.unknown-element changes severity (warning) and turns the rule off (off)', undefined, async () => {
    await waitFor('unknown-element error on broken.xml', () => unknownElement() && unknownElement().severity === vscode.DiagnosticSeverity.Error);
    try {
      await setSetting('rules.unknown-element', 'warning');
      await waitFor('unknown-element as a warning', () => unknownElement() && unknownElement().severity === vscode.DiagnosticSeverity.Warning);
      await setSetting('rules.unknown-element', 'off');
      await waitFor('unknown-element gone, invalid-child still there', () => !unknownElement() && ours(brokenUri).some((d) => codeOf(d) === 'voiceml/invalid-child'));
    } finally {
      await setSetting('rules.unknown-element', undefined);
    }
    await waitFor('unknown-element back as an error', () => unknownElement() && unknownElement().severity === vscode.DiagnosticSeverity.Error);
    const s = setting('rules.unknown-element');
    log(`  voiceml.rules.unknown-element default: ${s ? JSON.stringify(s.defaultValue) : '(not registered)'}`);
  });

  // ---- features that land later (see PENDING_FEATURES) ------------------------------------------------
  await check('completion after "<" inside <Response> offers VoiceML verbs', 'completion', async () => {
    const doc = await open('complete.xml');
    const list = await waitFor(
      'completion items',
      async () => {
        const l = await vscode.commands.executeCommand('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(2, 5), '<');
        return l && l.items.length > 0 ? l : undefined;
      },
      10000,
    );
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label).replace(/^<|\/?>$/g, ''));
    log(`  completion: ${labels.slice(0, 20).join(', ')}${labels.length > 20 ? ' …' : ''}`);
    for (const want of ['Say', 'Gather', 'Play', 'Hangup']) assert(labels.includes(want), `no '${want}' among ${labels.join(', ')}`);
    assert(!labels.includes('Number'), '<Number> offered directly inside <Response>');
  });

  await check('hover on <Say> shows its documentation', 'hover', async () => {
    const doc = await open('broken.xml');
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 6));
    const text = (hovers || [])
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    log(`  hover: ${JSON.stringify(text.slice(0, 200))}`);
    assert(text.includes('Say'), `hover does not mention Say: ${JSON.stringify(text)}`);
  });

  await check('quick fix for <Sya> renames it to <Say>', 'code-actions', async () => {
    const doc = await open('broken.xml');
    const d = await waitFor('unknown-element diagnostic', unknownElement);
    const actions = (await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value)) || [];
    log(`  code actions: ${actions.map((a) => a.title).join(' | ') || 'none'}`);
    const fix = actions.find((a) => a.edit && /Say/.test(a.title));
    assert(fix, 'no quick fix mentioning Say');
    const edits = fix.edit.get(doc.uri);
    assert(edits.some((e) => e.newText === 'Say'), `the fix does not write 'Say': ${JSON.stringify(edits)}`);
  });

  await check('VoiceML in a tagged TS template literal is checked', 'embedded', async () => {
    const doc = await open('embedded.ts');
    await waitFor('unknown-element in embedded.ts', () => ours(doc.uri).some((d) => codeOf(d) === 'voiceml/unknown-element' && d.range.start.line === 3 && d.range.start.character === 5), 15000);
  });

  // ---- report -------------------------------------------------------------------------------------------
  const failed = results.filter((r) => r.status === 'FAIL' || r.status === 'UNEXPECTED-PASS');
  const summary = {
    passed: results.filter((r) => r.status === 'PASS').length,
    failed: failed.length,
    pending: results.filter((r) => r.status === 'PENDING').length,
    ms: Date.now() - started,
    results,
  };
  if (process.env.E2E_RESULT_FILE) fs.writeFileSync(process.env.E2E_RESULT_FILE, JSON.stringify(summary, null, 2));
  log(`${summary.passed} passed, ${summary.failed} failed, ${summary.pending} pending (${summary.ms} ms)`);
  if (failed.length) throw new Error(`${failed.length} check(s) failed: ${failed.map((r) => r.name).join('; ')}`);
};
