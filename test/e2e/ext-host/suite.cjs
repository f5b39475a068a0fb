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
const PENDING_FEATURES = [];
exports.PENDING_FEATURES = PENDING_FEATURES;

/**
 * What the fixtures must produce. Positions are 0-based (line, UTF-16 character), as in LSP and VS Code.
 * A listed diagnostic must be present with exactly this code and range; others may be present too.
 */
const EXPECTED = {
  'broken.xml': [
    { code: 'unknown-element', range: [3, 5, 3, 8] }, // <Sya>
    { code: 'invalid-child', range: [6, 9, 6, 15] }, // <Record/> inside <Gather>
  ],
  'syntax-error.voiceml': [{ code: 'xml-syntax', line: 1 }], // </Sya> closes <Say>
  'twiml.xml': [{ code: 'twiml-value', range: [4, 62, 4, 75] }], // track="inbound_track"
  // VoiceML in sendXml(res, `…`) templates. Every line holding a mistake is ASCII up to it, so these are byte
  // columns too (neovim's).
  'ivr-mistakes.ts': [
    { code: 'unknown-attribute', range: [12, 12, 12, 21] }, // numdigits
    { code: 'unknown-element', range: [15, 34, 15, 37] }, // <Sya> after `<Play>${BASE}/hold.mp3</Play>`
    { code: 'injection', range: [22, 26, 22, 42] }, // ${req.body.Name} in a <Say>
  ],
  // VoiceML in a Flask handler's triple-quoted string (ASCII up to each mistake).
  'app.py': [
    { code: 'unknown-attribute', range: [11, 10, 11, 19] }, // numdigits
    { code: 'unknown-element', range: [12, 5, 12, 8] }, // <Sya>
  ],
};
exports.EXPECTED = EXPECTED;

/** What formatting (tabSize 4, spaces) makes of a fixture; neovim's probe formats it too. */
const FORMATTED = {
  'messy.xml': [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<Response>',
    '    <Say language="ko-KR">안녕하세요.</Say>',
    '    <Gather numDigits="1" action="/ivr/menu">',
    '        <Say language="ko-KR">1번을 누르세요.</Say>',
    '    </Gather>',
    '    <Hangup/>',
    '</Response>',
    '',
  ].join('\n'),
};
exports.FORMATTED = FORMATTED;

const DIAGNOSTIC_TIMEOUT_MS = 20000;
/** How long "no diagnostics" must hold after the server has provably processed later documents. */
const QUIET_MS = 1500;

/** The folder of the workspace holding the reference's IVR split over two files (see test/e2e/lib.mjs). */
const SPLIT_IVR = 'split-ivr';

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
  const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'voiceml');
  const fmtRange = (r) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
  const fmtDiag = (d) => `${codeOf(d)} [${vscode.DiagnosticSeverity[d.severity]}] ${fmtRange(d.range)} ${JSON.stringify(d.message)}`;
  const hasHangul = (s) => /[\uAC00-\uD7A3]/.test(s);

  /** Waits that ran into DIAGNOSTIC_TIMEOUT_MS: after two, the server looks dead (the suite fails anyway). */
  let longTimeouts = 0;
  async function waitFor(what, fn, timeoutMs) {
    // Later default waits are then shortened, so a broken build still gets a full report well inside the
    // runner's time limit instead of a time-out of the whole suite.
    if (timeoutMs === undefined) timeoutMs = longTimeouts >= 2 ? 3000 : DIAGNOSTIC_TIMEOUT_MS;
    const end = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        last = await fn();
        if (last) return last;
      } catch (e) {
        last = e;
      }
      if (Date.now() > end) {
        if (timeoutMs === DIAGNOSTIC_TIMEOUT_MS) longTimeouts++;
        throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` + (last instanceof Error ? `: ${last.message}` : ''));
      }
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
      // The code is the rule's name, and VS Code shows it as a link to the rule's page (`codeDescription`).
      for (const d of last.got) {
        const target = d.code && typeof d.code === 'object' ? String(d.code.target) : '';
        assert(target.endsWith(`/docs/rules/${codeOf(d)}.md`), `${fmtDiag(d)}: the code links to ${target || 'nothing'}`);
      }
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

  await check('setting voiceml.locale speaks the other language than VS Code; auto follows VS Code again', undefined, async () => {
    const uri = uriOf('broken.xml');
    const english = /^en\b/i.test(vscode.env.language);
    const inKorean = () => ours(uri).length > 0 && ours(uri).every((d) => hasHangul(d.message));
    const inEnglish = () => ours(uri).length > 0 && ours(uri).every((d) => !hasHangul(d.message));
    try {
      await setSetting('locale', english ? 'ko' : 'en');
      await waitFor(`messages in ${english ? 'Korean' : 'English'}`, english ? inKorean : inEnglish, 10000);
      const doc = await open('broken.xml');
      const hovers = (await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 6))) || [];
      const text = hovers.map((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n')).join('\n');
      assert(english ? /텍스트를 음성으로/.test(text) : /Reads text aloud/.test(text), `hover not in the chosen language: ${JSON.stringify(text.slice(0, 120))}`);
    } finally {
      await setSetting('locale', undefined);
    }
    await waitFor(`messages back in VS Code's language (${vscode.env.language})`, english ? inEnglish : inKorean, 10000);
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
  const unknownElement = () => ours(brokenUri).find((d) => codeOf(d) === 'unknown-element');

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
      await waitFor('unknown-element gone, invalid-child still there', () => !unknownElement() && ours(brokenUri).some((d) => codeOf(d) === 'invalid-child'));
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

  // ---- quick fixes, applied through the editor ------------------------------------------------------------
  const exec = (command, ...args) => vscode.commands.executeCommand(command, ...args);
  const QUICK_FIX = vscode.CodeActionKind.QuickFix.value;
  /** How many of the code actions `executeCodeActionProvider` resolves: all those at one place. */
  const RESOLVED_ACTIONS = 100;
  const FIX_ALL = 'source.fixAll.voiceml';
  const diagnosticOf = (uri, code) => ours(uri).find((d) => codeOf(d) === code);
  const labelOf = (i) => (typeof i.label === 'string' ? i.label : i.label.label).replace(/^<|\/?>$/g, '');
  const hoverText = (hovers) =>
    (hovers || [])
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
  /** Applies a code action as the light bulb does: its edit, then its command. */
  async function applyAction(action) {
    if (action.edit) assert(await vscode.workspace.applyEdit(action.edit), `workspace.applyEdit refused the edit of '${action.title}'`);
    if (action.command) await exec(action.command.command, ...(action.command.arguments || []));
  }
  /**
   * The code actions at `range`, resolved as the editor resolves the one the user picks: the server answers them
   * without their edits (`codeAction/resolve`), and the command resolves up to its count of them.
   */
  async function codeActions(doc, range, kind) {
    const actions = (await exec('vscode.executeCodeActionProvider', doc.uri, range, kind, RESOLVED_ACTIONS)) || [];
    log(`  code actions (${kind}) at ${fmtRange(range)}: ${actions.map((a) => a.title).join(' | ') || 'none'}`);
    return actions;
  }
  /** Throws the edits away (File: Revert) so later checks see the fixture as it is on disk. */
  async function revert(doc) {
    await vscode.window.showTextDocument(doc, { preview: false });
    await exec('workbench.action.files.revert');
    await waitFor(`${path.basename(doc.uri.path)} reverted`, () => !doc.isDirty, 5000);
  }
  /** Inserts `text` at `pos` with a WorkspaceEdit and waits until the document shows it. */
  async function insert(doc, pos, text) {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, pos, text);
    assert(await vscode.workspace.applyEdit(edit), 'workspace.applyEdit refused an insertion');
  }

  await check('quick fix for <Sya> renames it to <Say>, applied: both tags renamed, diagnostic gone', 'code-actions', async () => {
    const doc = await open('broken.xml');
    const d = await waitFor('unknown-element diagnostic', unknownElement);
    // Listed, the actions carry no edit: VS Code resolves the one chosen (`codeAction/resolve`).
    const listed = (await exec('vscode.executeCodeActionProvider', doc.uri, d.range, QUICK_FIX)) || [];
    assert(listed.some((a) => /Say/.test(a.title)) && listed.every((a) => !a.edit), `listed actions: ${listed.map((a) => `${a.title}${a.edit ? ' (with edit)' : ''}`).join(' | ')}`);
    const actions = await codeActions(doc, d.range, QUICK_FIX);
    const fix = actions.find((a) => a.edit && /Say/.test(a.title));
    assert(fix, 'no quick fix mentioning Say');
    const edits = fix.edit.get(doc.uri);
    assert(edits.some((e) => e.newText === 'Say'), `the fix does not write 'Say': ${JSON.stringify(edits)}`);
    const before = doc.lineAt(3).text;
    try {
      await applyAction(fix);
      const after = doc.lineAt(3).text;
      log(`  line 4: ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
      assert(after === before.replace(/Sya/g, 'Say'), `line 4 after the fix: ${JSON.stringify(after)}`);
      await waitFor('unknown-element gone after the fix', () => !unknownElement(), 10000);
      assert(diagnosticOf(doc.uri, 'invalid-child'), 'invalid-child went away too');
    } finally {
      await revert(doc);
    }
    await waitFor('unknown-element back after revert', unknownElement, 10000);
  });

  await check('quick fix on track="inbound_track" writes track="inbound" and clears the diagnostic', 'code-actions', async () => {
    const doc = await open('twiml.xml');
    const d = await waitFor('twiml-value diagnostic', () => diagnosticOf(doc.uri, 'twiml-value'));
    const actions = await codeActions(doc, d.range, QUICK_FIX);
    const fix = actions.find((a) => a.edit && a.edit.get(doc.uri).some((e) => e.newText === 'inbound'));
    assert(fix, 'no quick fix writing "inbound"');
    try {
      await applyAction(fix);
      const line = doc.lineAt(4).text;
      assert(line === '        <Stream url="wss://your-server.com/ai/billing" track="inbound"/>', `line 5 after the fix: ${JSON.stringify(line)}`);
      await waitFor('twiml-value gone after the fix', () => !diagnosticOf(doc.uri, 'twiml-value'), 10000);
    } finally {
      await revert(doc);
    }
  });

  await check(`fix-all (${FIX_ALL}) on twiml.xml applies the safe fix`, 'code-actions', async () => {
    const doc = await open('twiml.xml');
    await waitFor('twiml-value diagnostic', () => diagnosticOf(doc.uri, 'twiml-value'));
    const actions = await codeActions(doc, new vscode.Range(0, 0, doc.lineCount, 0), FIX_ALL);
    const fixAll = actions.find((a) => a.kind && a.kind.value === FIX_ALL);
    assert(fixAll, `no ${FIX_ALL} action`);
    try {
      await applyAction(fixAll);
      assert(doc.getText().includes('track="inbound"/>'), `after fix-all: ${JSON.stringify(doc.lineAt(4).text)}`);
      await waitFor('no VoiceML diagnostics after fix-all', () => ours(doc.uri).length === 0, 10000);
    } finally {
      await revert(doc);
    }
  });

  // ---- structure: outline, folding, links, linked editing, formatting -------------------------------------
  await check('outline (executeDocumentSymbolProvider): Response › Gather … › Say', 'outline', async () => {
    const doc = await open('ivr-menu.xml');
    const symbols = await waitFor('document symbols', async () => {
      const s = await exec('vscode.executeDocumentSymbolProvider', doc.uri);
      return s && s.length ? s : undefined;
    }, 10000);
    const show = (list, depth = 0) => list.flatMap((s) => [`${'  '.repeat(depth)}${s.name} [${fmtRange(s.range)}]`, ...show(s.children || [], depth + 1)]);
    for (const l of show(symbols)) log(`  outline: ${l}`);
    const root = symbols.find((s) => s.name === 'Response');
    assert(root && root.children, `no Response symbol with children: ${symbols.map((s) => s.name).join(', ')}`);
    const gather = root.children.find((s) => s.name.startsWith('Gather'));
    assert(gather, `no Gather symbol under Response: ${root.children.map((s) => s.name).join(', ')}`);
    assert(gather.name === 'Gather numDigits=1 → https://your-server.com/ivr/route', `Gather symbol name: ${JSON.stringify(gather.name)}`);
    assert(gather.range.start.line === 3 && gather.range.end.line === 7, `Gather range ${fmtRange(gather.range)}`);
    assert(fmtRange(gather.selectionRange) === '3:5-3:11', `Gather selection range ${fmtRange(gather.selectionRange)} (expected the name)`);
    assert(gather.children.length === 1 && gather.children[0].name.startsWith('Say "요금 조회는'), `Gather children: ${gather.children.map((s) => s.name).join(', ')}`);
    const names = root.children.map((s) => s.name);
    for (const want of ['Play → https://your-server.com/audio/goodbye.mp3', 'Redirect → /ivr/menu']) assert(names.includes(want), `no '${want}' in ${names.join(' | ')}`);
  });

  await check('folding ranges (executeFoldingRangeProvider): Response, Gather, multi-line Say', 'folding', async () => {
    const doc = await open('ivr-menu.xml');
    const ranges = (await exec('vscode.executeFoldingRangeProvider', doc.uri)) || [];
    log(`  folding: ${ranges.map((r) => `${r.start}-${r.end}`).join(', ') || 'none'}`);
    for (const [start, end] of [[1, 9], [3, 6], [4, 5]]) {
      assert(ranges.some((r) => r.start === start && r.end === end), `no folding range ${start}-${end}`);
    }
  });

  await check('document links (executeLinkProvider): absolute URLs incl. wss://; a URL the workspace serves opens its handler', 'links', async () => {
    const doc = await open('ivr-menu.xml');
    // The split IVR (read from disk in the background) serves /ivr/route and /ivr/menu.
    const links = await waitFor('links to the handlers of split-ivr/routes/ivr.js', async () => {
      const found = (await exec('vscode.executeLinkProvider', doc.uri)) || [];
      return found.filter((l) => l.target && /routes\/ivr\.js#L/.test(l.target.toString(true))).length === 2 && found;
    });
    log(`  links: ${links.map((l) => `${fmtRange(l.range)} ${l.target}`).join(' | ') || 'none'}`);
    const routes = fs.readFileSync(uriOf(`${SPLIT_IVR}/routes/ivr.js`).fsPath, 'utf8').split('\n');
    const handlerAt = (path) => `#L${routes.findIndex((l) => l.includes(`ivr.post('${path}'`)) + 1},10`;
    const has = (range, target) => links.some((l) => fmtRange(l.range) === range && l.target && l.target.toString(true).endsWith(target));
    assert(has('3:46-3:79', `${SPLIT_IVR}/routes/ivr.js${handlerAt('/route')}`), 'the Gather action URL does not open the handler of /ivr/route');
    assert(has('8:10-8:51', 'https://your-server.com/audio/goodbye.mp3'), 'no link on the <Play> URL');
    assert(has('9:14-9:23', `${SPLIT_IVR}/routes/ivr.js${handlerAt('/menu')}`), 'the relative <Redirect>/ivr/menu</Redirect> does not open the handler of /ivr/menu');
    // The editor's own URL detector knows http(s) but not wss: this one can only come from the server.
    const twiml = await open('twiml.xml');
    const wss = (await exec('vscode.executeLinkProvider', twiml.uri)) || [];
    log(`  links in twiml.xml: ${wss.map((l) => `${fmtRange(l.range)} ${l.target}`).join(' | ') || 'none'}`);
    assert(
      wss.some((l) => fmtRange(l.range) === '4:21-4:53' && String(l.target) === 'wss://your-server.com/ai/billing'),
      'no link on the <Stream url="wss://…">',
    );
  });

  await check('linked editing: the provider links the <Gather> start and end tag names; typing renames both', 'linked-editing', async () => {
    const doc = await open('ivr-menu.xml');
    // There is no public vscode.execute… command for it; the editor's own (internal) one gives 1-based ranges.
    const linked = await exec('_executeLinkedEditingProvider', doc.uri, new vscode.Position(3, 7));
    const toRange = (r) => (r instanceof vscode.Range ? r : new vscode.Range(r.startLineNumber - 1, r.startColumn - 1, r.endLineNumber - 1, r.endColumn - 1));
    const got = linked && linked.ranges ? linked.ranges.map((r) => fmtRange(toRange(r))) : [];
    log(`  linked ranges: ${got.join(', ') || 'none'}`);
    assert(got.length === 2 && got.includes('3:5-3:11') && got.includes('7:6-7:12'), `linked ranges: ${got.join(', ') || 'none'}`);
    // As a user: with editor.linkedEditing on, typing at the end of the start tag's name edits the end tag too.
    const editorConfig = vscode.workspace.getConfiguration('editor');
    await editorConfig.update('linkedEditing', true, vscode.ConfigurationTarget.Global);
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    try {
      editor.selection = new vscode.Selection(3, 11, 3, 11);
      await sleep(500); // the editor asks for the ranges when the cursor moves (debounced)
      await exec('type', { text: 'X' });
      await waitFor('</GatherX>', () => doc.lineAt(7).text === '    </GatherX>', 5000).catch((e) => {
        throw new Error(`${e.message}; lines 4 and 8: ${JSON.stringify(doc.lineAt(3).text)} / ${JSON.stringify(doc.lineAt(7).text)}`);
      });
      assert(doc.lineAt(3).text.startsWith('    <GatherX '), `line 4: ${JSON.stringify(doc.lineAt(3).text)}`);
    } finally {
      await editorConfig.update('linkedEditing', undefined, vscode.ConfigurationTarget.Global);
      await revert(doc);
    }
  });

  await check('selection ranges (executeSelectionRangeProvider): text → <Say> → <Gather> → <Response>', 'selection-ranges', async () => {
    const doc = await open('ivr-menu.xml');
    const result = (await exec('vscode.executeSelectionRangeProvider', doc.uri, [new vscode.Position(5, 16)])) || [];
    const chain = [];
    for (let r = result[0]; r; r = r.parent) chain.push(fmtRange(r.range));
    log(`  selection ranges: ${chain.join(' → ') || 'none'}`);
    for (const want of ['4:8-6:14', '3:4-7:13', '1:0-10:11']) assert(chain.includes(want), `no ${want} in ${chain.join(' → ')}`);
    assert(chain.indexOf('4:8-6:14') < chain.indexOf('3:4-7:13'), 'the <Say> does not come before the <Gather>');
  });

  await check('formatting (executeFormatDocumentProvider) re-indents messy.xml; formatting again changes nothing', 'formatting', async () => {
    const doc = await open('messy.xml');
    const options = { tabSize: 4, insertSpaces: true };
    const expected = FORMATTED['messy.xml'];
    const format = async () => {
      const edits = (await exec('vscode.executeFormatDocumentProvider', doc.uri, options)) || [];
      if (edits.length) {
        const we = new vscode.WorkspaceEdit();
        we.set(doc.uri, edits);
        assert(await vscode.workspace.applyEdit(we), 'applyEdit refused the formatting edits');
      }
      return edits;
    };
    try {
      const first = await format();
      log(`  first format: ${first.length} edit(s)`);
      assert(first.length > 0, 'no formatting edits for messy.xml');
      assert(doc.getText() === expected, `formatted text:\n${doc.getText()}`);
      const second = await format();
      log(`  second format: ${second.length} edit(s)`);
      assert(doc.getText() === expected, `formatting twice changed the text:\n${doc.getText()}`);
    } finally {
      await revert(doc);
    }
  });

  await check('auto-closing: typing <Say> inserts </Say> after the cursor', 'auto-close', async () => {
    const doc = await open('autoclose.xml');
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    try {
      editor.selection = new vscode.Selection(2, 4, 2, 4);
      for (const ch of '<Say>') await exec('type', { text: ch });
      await waitFor('</Say> inserted', () => doc.lineAt(2).text === '    <Say></Say>', 5000).catch((e) => {
        throw new Error(`${e.message}; line 3 is ${JSON.stringify(doc.lineAt(2).text)}`);
      });
      // The cursor must be between the tags: the snippet's $0. (TextEditor.selection can lag a step behind a
      // snippet edit, so type and look where the character lands.)
      await sleep(200);
      await exec('type', { text: 'x' });
      await waitFor('x between the tags', () => doc.lineAt(2).text === '    <Say>x</Say>', 5000).catch((e) => {
        throw new Error(`${e.message}; line 3 is ${JSON.stringify(doc.lineAt(2).text)}`);
      });
    } finally {
      await exec('hideSuggestWidget');
      await revert(doc);
    }
    // The control: with voiceml.autoClosingTags off nothing else closes the tag, so it was our server above.
    try {
      await setSetting('autoClosingTags', false);
      editor.selection = new vscode.Selection(2, 4, 2, 4);
      for (const ch of '<Say>') await exec('type', { text: ch });
      await waitFor('<Say> typed', () => doc.lineAt(2).text === '    <Say>', 5000);
      await sleep(QUIET_MS);
      assert(doc.lineAt(2).text === '    <Say>', `with voiceml.autoClosingTags=false line 3 became ${JSON.stringify(doc.lineAt(2).text)}`);
    } finally {
      await exec('hideSuggestWidget');
      await setSetting('autoClosingTags', undefined);
      await revert(doc);
    }
  });

  // ---- VoiceML in JS/TS template literals -----------------------------------------------------------------
  await check('VoiceML in a tagged TS template literal is checked', 'embedded', async () => {
    const doc = await open('embedded.ts');
    await waitFor('unknown-element in embedded.ts', () => ours(doc.uri).some((d) => codeOf(d) === 'unknown-element' && d.range.start.line === 3 && d.range.start.character === 5), 15000);
  });

  await check('ivr-mistakes.ts: hover on Gather inside a sendXml template shows its documentation', 'embedded', async () => {
    const doc = await open('ivr-mistakes.ts');
    assert(doc.lineAt(12).text.startsWith('    <Gather '), 'fixture changed: line 13 is not <Gather');
    const text = await waitFor('hover text', async () => hoverText(await exec('vscode.executeHoverProvider', doc.uri, new vscode.Position(12, 7))) || undefined, 10000);
    log(`  hover: ${JSON.stringify(text.slice(0, 160))}`);
    assert(text.includes('Gather') && /numDigits/.test(text), `hover does not document <Gather>: ${JSON.stringify(text.slice(0, 300))}`);
  });

  await check('ivr-mistakes.ts: completion after "<" typed inside a sendXml template offers VoiceML verbs', 'embedded', async () => {
    const doc = await open('ivr-mistakes.ts');
    assert(doc.lineAt(16).text.startsWith('    <Redirect>'), 'fixture changed: line 17 is not <Redirect>');
    try {
      await insert(doc, new vscode.Position(17, 0), '    <\n');
      const list = await waitFor('completion items', async () => {
        const l = await exec('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(17, 5), '<');
        return l && l.items.some((i) => labelOf(i) === 'Say') ? l : undefined;
      }, 10000);
      const labels = list.items.map(labelOf);
      log(`  completion in the template: ${labels.filter((l) => /^[A-Z]/.test(l)).slice(0, 20).join(', ')}`);
      for (const want of ['Say', 'Gather', 'Play', 'Hangup', 'Redirect']) assert(labels.includes(want), `no '${want}' among ${labels.slice(0, 40).join(', ')}`);
      assert(!labels.includes('Number'), '<Number> offered directly inside the sendXml template (Response content)');
    } finally {
      await revert(doc);
    }
  });

  await check('ivr-mistakes.ts: quick fix for <Sya> after ${BASE} on the same line renames both tags', 'embedded', async () => {
    const doc = await open('ivr-mistakes.ts');
    const isSya = (d) => codeOf(d) === 'unknown-element' && d.range.start.line === 15;
    const d = await waitFor('unknown-element on line 16', () => ours(doc.uri).find(isSya));
    const fix = (await codeActions(doc, d.range, QUICK_FIX)).find((a) => a.edit && /Say/.test(a.title));
    assert(fix, 'no quick fix mentioning Say');
    try {
      await applyAction(fix);
      const line = doc.lineAt(15).text;
      assert(line === '    <Play>${BASE}/hold.mp3</Play><Say>잠시만 기다려 주세요.</Say>', `line 16 after the fix: ${JSON.stringify(line)}`);
      await waitFor('unknown-element gone', () => !ours(doc.uri).some(isSya), 10000);
    } finally {
      await revert(doc);
    }
  });

  await check('ivr-mistakes.ts: injection warning on ${req.body.Name}; its quick fix adds escapeXml(...) and the helper', 'embedded', async () => {
    const doc = await open('ivr-mistakes.ts');
    const d = await waitFor('injection diagnostic', () => diagnosticOf(doc.uri, 'injection'));
    assert(d.severity === vscode.DiagnosticSeverity.Warning, `injection is ${vscode.DiagnosticSeverity[d.severity]}, expected Warning`);
    const fix = (await codeActions(doc, d.range, QUICK_FIX)).find((a) => a.edit && /escapeXml/.test(a.title));
    assert(fix, 'no quick fix mentioning escapeXml');
    try {
      await applyAction(fix);
      const text = doc.getText();
      assert(text.includes('<Say language="ko-KR">${escapeXml(req.body.Name)}님'), 'the <Say> does not read ${escapeXml(req.body.Name)}');
      const helper = text.split('\n').filter((l) => /\bconst escapeXml\b/.test(l));
      assert(helper.length === 1, `the file has ${helper.length} escapeXml helper(s)`);
      log(`  helper: ${helper[0]}`);
      assert(/^const escapeXml = \(value: unknown\): string => /.test(helper[0]), `not the TypeScript helper: ${helper[0]}`);
      await waitFor('injection gone, the other two mistakes still reported', () => {
        const codes = ours(doc.uri).map(codeOf);
        return !codes.includes('injection') && codes.includes('unknown-attribute') && codes.includes('unknown-element');
      }, 10000);
    } finally {
      await revert(doc);
    }
  });

  await check('not-voiceml.ts: HTML, SQL and text templates get no VoiceML diagnostics, completion or outline', 'embedded', async () => {
    const doc = await open('not-voiceml.ts');
    // Sentinel: a document opened later gets its diagnostics, so this one was processed too.
    await open('ivr-mistakes.ts');
    await waitFor('diagnostics on ivr-mistakes.ts (sentinel)', () => ours(uriOf('ivr-mistakes.ts')).length > 0);
    await sleep(QUIET_MS);
    const got = ours(doc.uri);
    assert(got.length === 0, `not-voiceml.ts: ${got.map(fmtDiag).join(' | ')}`);
    const line = doc.lineAt(6).text;
    const lt = line.indexOf('<h1>');
    assert(lt > 0, 'fixture changed: no <h1> on line 7');
    const list = await exec('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(6, lt + 1), '<');
    const verbs = ((list && list.items) || []).map(labelOf).filter((l) => ['Say', 'Gather', 'Play', 'Hangup', 'Response'].includes(l));
    assert(verbs.length === 0, `VoiceML completion in an HTML template: ${verbs.join(', ')}`);
    const symbols = (await exec('vscode.executeDocumentSymbolProvider', doc.uri)) || [];
    const flat = (l) => l.flatMap((s) => [s.name, ...flat(s.children || [])]);
    const voiceml = flat(symbols).filter((n) => /^(Response|Say|Sya|Gather)\b/.test(n));
    assert(voiceml.length === 0, `VoiceML outline entries: ${voiceml.join(', ')}`);
  });

  // ---- webhook code: the platform's request parameters (webhook.js, an Express webhook ported from TwiML) -----
  await check('webhook.js: req.body.CallSid is an error whose quick fix reads CallId; text/xml a warning; completion after req.body. offers Digits first', 'webhook-code', async () => {
    const doc = await open('webhook.js');
    const d = await waitFor('twiml-parameter diagnostic', () => diagnosticOf(doc.uri, 'twiml-parameter'));
    assert(d.severity === vscode.DiagnosticSeverity.Error, `twiml-parameter is ${vscode.DiagnosticSeverity[d.severity]}, expected Error`);
    assert(doc.getText(d.range) === 'CallSid', `the finding is on ${JSON.stringify(doc.getText(d.range))}`);
    const type = await waitFor('response-content-type diagnostic', () => diagnosticOf(doc.uri, 'response-content-type'));
    assert(doc.getText(type.range) === 'text/xml', `the Content-Type finding is on ${JSON.stringify(doc.getText(type.range))}`);
    const line = doc.lineAt(d.range.start.line);
    try {
      // Typed on a line of its own, in the route the menu's <Gather action> leads to.
      await insert(doc, line.range.end, '\n  const key = req.body.');
      const at = doc.lineAt(d.range.start.line + 1).range.end;
      const list = await waitFor('parameter completion', async () => {
        const got = await exec('vscode.executeCompletionItemProvider', doc.uri, at, '.');
        return got && got.items.some((i) => labelOf(i) === 'Digits') ? got : undefined;
      }, 10000);
      const offered = list.items.filter((i) => ['Digits', 'CallId', 'AccountId', 'From', 'To', 'CallStatus', 'Direction', 'RecordingUrl', 'DialCallStatus'].includes(labelOf(i)));
      const sorted = offered.sort((a, b) => (a.sortText || labelOf(a)).localeCompare(b.sortText || labelOf(b))).map(labelOf);
      log(`  completion: ${sorted.join(', ')}`);
      assert(sorted[0] === 'Digits', `Digits is not first: ${sorted.join(', ')}`);
      assert(!sorted.includes('DialCallStatus') && !sorted.includes('RecordingUrl'), `offers what no verb leading here sends: ${sorted.join(', ')}`);
      await revert(doc);
      const again = await waitFor('twiml-parameter diagnostic', () => diagnosticOf(doc.uri, 'twiml-parameter'));
      const fix = (await codeActions(doc, again.range, QUICK_FIX)).find((a) => a.edit && /CallId/.test(a.title));
      assert(fix, 'no quick fix naming CallId');
      await applyAction(fix);
      assert(doc.lineAt(again.range.start.line).text.includes('req.body.CallId;'), `after the fix: ${doc.lineAt(again.range.start.line).text}`);
      await waitFor('twiml-parameter gone', () => !diagnosticOf(doc.uri, 'twiml-parameter'), 10000);
    } finally {
      await revert(doc);
    }
  });

  // ---- the call flow: the reference's IVR split over two files (split-ivr/app.js mounts routes/ivr.js) -------
  const SPLIT_ROUTES = `${SPLIT_IVR}/routes/ivr.js`;
  await check('call flow: Go to Definition from every action and Redirect lands on the handler of its path', 'call-flow', async () => {
    const doc = await open(SPLIT_ROUTES);
    const text = doc.getText();
    const urls = [...text.matchAll(/(?:action="|<Redirect>)(\$\{BASE\}\/([a-z0-9-]+))/g)];
    assert(urls.length === 14, `${urls.length} URLs in ${SPLIT_ROUTES}`);
    const targetOf = (d) => ({ uri: d.targetUri || d.uri, range: d.targetSelectionRange || d.range });
    // The mount is in app.js, which is not open: the server reads it from disk in the background.
    // On the path written after `${BASE}` (inside `BASE` TypeScript answers with the constant).
    const at = (url) => doc.positionAt(url.index + url[0].indexOf('}/') + 2);
    await waitFor('the router mounted by app.js', async () => ((await exec('vscode.executeDefinitionProvider', doc.uri, at(urls[0]))) || []).length === 1);
    for (const url of urls) {
      const defs = (await exec('vscode.executeDefinitionProvider', doc.uri, at(url))) || [];
      const registration = text.indexOf(`ivr.post('/${url[2]}'`);
      assert(defs.length === 1, `${url[1]}: ${defs.length} definitions`);
      const target = targetOf(defs[0]);
      assert(target.uri.toString() === doc.uri.toString(), `${url[1]}: lands in ${target.uri}`);
      const want = doc.positionAt(registration + 9);
      assert(target.range.start.line === want.line && target.range.start.character === want.character, `${url[1]}: lands at ${fmtRange(target.range)}, not at ivr.post('/${url[2]}'`);
    }
  });

  await check('call flow: a code lens above each route names the steps that lead to it', 'call-flow', async () => {
    const doc = await open(SPLIT_ROUTES);
    const lenses = (await exec('vscode.executeCodeLensProvider', doc.uri)) || [];
    const titles = lenses.map((l) => `${l.range.start.line}: ${l.command && l.command.title}`);
    log(`  lenses: ${titles.join(' | ')}`);
    const lineOf = (path) => doc.positionAt(doc.getText().indexOf(`ivr.post('${path}'`)).line;
    // Steps from the IVR's own routes come first; other files of the workspace lead here too (ivr-menu.xml …).
    assert(titles.some((t) => t.startsWith(`${lineOf('/menu')}: ← Gather in /ivr/verify-2 · Redirect in /ivr/menu · Redirect in /ivr/route`)), 'no lens on /menu');
    assert(titles.includes(`${lineOf('/voicemail-done')}: ← Record in /ivr/voicemail`), 'no lens on /voicemail-done');
    const lens = lenses.find((l) => l.range.start.line === lineOf('/after-dial') && l.command.title.startsWith('←'));
    assert(lens && lens.command.command === 'voiceml.showReferences', 'the /after-dial lens runs no command');
    // The extension says it has the call simulator: each route gets a lens that starts a call at its path.
    const simulate = lenses.filter((l) => l.command && l.command.command === 'voiceml.simulateCall');
    assert(simulate.length === 9, `${simulate.length} ▶ Simulate call lenses`);
    const menu = simulate.find((l) => l.range.start.line === lineOf('/menu'));
    assert(menu && /Simulate call|통화 시뮬레이션/.test(menu.command.title) && menu.command.arguments[0].path === '/ivr/menu', `the /menu lens: ${JSON.stringify(menu && menu.command)}`);
    // The command turns the lens's LSP locations into VS Code's references view without an error.
    await exec(lens.command.command, ...lens.command.arguments);
  });

  await check('call flow: VoiceML: Show Call Flow opens its picture beside the editor, once', 'call-flow', async () => {
    await open(SPLIT_ROUTES);
    const flowTabs = () =>
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('voiceml.callFlow'));
    await exec('voiceml.showCallFlow');
    await waitFor('the call-flow panel', () => flowTabs().length === 1, 10000);
    const tab = flowTabs()[0];
    assert(/Call Flow|통화 흐름/.test(tab.label), `the panel is called ${JSON.stringify(tab.label)}`);
    assert(tab.group.viewColumn !== vscode.window.activeTextEditor?.viewColumn, 'the picture covers the editor instead of opening beside it');
    // Asked again: the same panel comes forward.
    await exec('voiceml.showCallFlow');
    await sleep(300);
    assert(flowTabs().length === 1, `${flowTabs().length} call-flow panels`);
    await vscode.window.tabGroups.close(flowTabs());
  });

  // ---- the call simulator ---------------------------------------------------------------------------------
  /** Runs "VoiceML: Simulate Call" at `url`, types `keys` into its terminal, and returns what the command resolved to. */
  async function simulate(url, keys) {
    const known = new Set(vscode.window.terminals);
    const running = vscode.commands.executeCommand('voiceml.simulateCall', { url });
    await waitFor('a VoiceML Call terminal', () => vscode.window.terminals.some((t) => !known.has(t) && /VoiceML/.test(t.name)), 10000);
    const terminal = vscode.window.terminals.find((t) => !known.has(t) && /VoiceML/.test(t.name));
    if (keys) terminal.sendText(keys, false);
    const result = await Promise.race([running, sleep(30000).then(() => 'no end within 30 s')]);
    terminal.dispose();
    return result;
  }

  await check('VoiceML: Simulate Call: the call runs in a terminal, keys typed into it reach the webhook, exit code 0', 'simulate-call', async () => {
    const url = process.env.E2E_IVR_URL;
    assert(url, 'no E2E_IVR_URL: run-ext-host.mjs starts the example IVR app');
    const all = await vscode.commands.getCommands(true);
    assert(all.includes('voiceml.simulateCall') && all.includes('voiceml.simulateCallAtUrl'), 'the simulate commands are not registered');
    // 2 at the language menu: English, which the example answers with a goodbye and <Hangup/>.
    const result = await simulate(url, '2');
    assert(result && result.exitCode === 0, `the call did not end normally: ${JSON.stringify(result)}`);
    const received = fs.readFileSync(process.env.E2E_IVR_LOG, 'utf8');
    assert(/^POST \/ivr\/lang From=\S+ To=\S+ Digits=2$/m.test(received), `the webhook did not get Digits=2:\n${received}`);
  });

  await check('VoiceML: Simulate Call: a webhook that answers 404 ends the call with exit code 1', 'simulate-call', async () => {
    const result = await simulate(new URL('/ivr/nowhere', process.env.E2E_IVR_URL).href, '');
    assert(result && result.exitCode === 1, `expected exit code 1: ${JSON.stringify(result)}`);
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
