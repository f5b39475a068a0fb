/**
 * The flow rules on workspaces: the reference's IVR split over two files is clean of them (Express and Flask),
 * and each planted fault gives one finding at the URL's range — a misspelt target path (with the fix), a target
 * registered for GET, two routes that only redirect to each other. What the workspace cannot tell is never
 * reported: a URL the code computes, a base no route serves, a router mounted where the code does not say.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/languageService';
import { languageIdOfFile } from '../../server/src/hosts';
import { indexOf, uriOf, workspaceFiles } from '../support/flowWorkspace';
import { diagnose } from '../support/diagnose';

const FLOW_RULES = new Set(['unknown-route', 'route-method', 'redirect-loop', 'gather-timeout-end']);

/** The flow findings of `file` in a workspace of `files`: `[rule, text under the range, message]`. */
function flowFindings(files: Record<string, string>, file: string): { rule: string; at: string; message: string; diagnostic: Diagnostic }[] {
  const workspace = indexOf(files);
  const service = getLanguageService({ locale: 'en', workspace });
  const document = TextDocument.create(uriOf(file), languageIdOfFile(file)!, 1, files[file]!);
  return service
    .doValidation(document)
    .filter((d) => FLOW_RULES.has(String(d.code)))
    .map((d) => ({ rule: String(d.code), at: document.getText(d.range), message: d.message as string, diagnostic: d }));
}

/** Applies the preferred quick fix of a diagnostic, as the editor would. */
function applyFix(files: Record<string, string>, file: string, diagnostic: Diagnostic): string {
  const workspace = indexOf(files);
  const service = getLanguageService({ locale: 'en', workspace });
  const document = TextDocument.create(uriOf(file), languageIdOfFile(file)!, 1, files[file]!);
  service.doValidation(document);
  const [action] = service.doCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] }).filter((a) => a.isPreferred);
  assert.ok(action, 'no preferred fix');
  return TextDocument.applyEdits(document, action.edit!.changes![document.uri]!);
}

const ROUTES = 'routes/ivr.js';

describe('the flow rules on the reference IVR (Express, split over two files)', () => {
  const clean = workspaceFiles('express-ivr');

  test('clean: no flow finding in either file', () => {
    assert.deepEqual(flowFindings(clean, ROUTES), []);
    assert.deepEqual(flowFindings(clean, 'app.js'), []);
  });

  test('a misspelt target path: one unknown-route at the URL, with the fix', () => {
    const files = { ...clean, [ROUTES]: clean[ROUTES]!.replace('action="${BASE}/lang"', 'action="${BASE}/lnag"') };
    const found = flowFindings(files, ROUTES);
    assert.deepEqual(
      found.map((f) => [f.rule, f.at, f.message]),
      [['unknown-route', '${BASE}/lnag', 'No route of the workspace serves /ivr/lnag: when the platform requests it, the call ends with an application error. Did you mean /ivr/lang?']],
    );
    assert.equal(applyFix(files, ROUTES, found[0]!.diagnostic), clean[ROUTES]);
  });

  test('a target registered with get: one route-method at the URL, the registration as related information', () => {
    const files = { ...clean, [ROUTES]: clean[ROUTES]!.replace("ivr.post('/verify-2'", "ivr.get('/verify-2'") };
    const found = flowFindings(files, ROUTES);
    assert.deepEqual(
      found.map((f) => [f.rule, f.at, f.message]),
      [['route-method', '${BASE}/verify-2', '/ivr/verify-2 is registered for GET only: the platform always requests the URL of <Gather> with POST, so the call ends with an application error.']],
    );
    const related = found[0]!.diagnostic.relatedInformation!;
    assert.equal(related.length, 1);
    assert.equal(related[0]!.message, 'GET /ivr/verify-2 registered here');
    assert.equal(related[0]!.location.uri, uriOf(ROUTES));
  });

  test('two routes that only redirect to each other: one redirect-loop, at the first route\'s Redirect', () => {
    const loop = [
      "ivr.post('/hold', (req, res) => sendXml(res, `<Redirect>${BASE}/queue</Redirect>`));",
      "ivr.post('/queue', (req, res) => sendXml(res, `<Say language=\"ko-KR\">잠시만요.</Say><Redirect>${BASE}/hold</Redirect>`));",
    ].join('\n');
    const files = { ...clean, [ROUTES]: `${clean[ROUTES]}\n${loop}\n` };
    const found = flowFindings(files, ROUTES);
    assert.deepEqual(found.map((f) => [f.rule, f.at]), [['redirect-loop', '${BASE}/queue']]);
    assert.match(found[0]!.message, /: \/ivr\/hold → \/ivr\/queue → \/ivr\/hold\. No verb waits/);
    assert.equal(found[0]!.diagnostic.relatedInformation!.length, 1);
    // A way out on one branch: no loop.
    const out = files[ROUTES]!.replace("ivr.post('/queue', (req, res) => sendXml", "ivr.post('/queue', (req, res) => req.body.Digits ? sendXml(res, `<Hangup/>`) : sendXml");
    assert.deepEqual(flowFindings({ ...files, [ROUTES]: out }, ROUTES), []);
  });

  test('two files with the same loop: reported once, in the first file by name, whichever came into the workspace first', () => {
    // Two copies of a file (an editor's copy beside the original) both serve /hold. Which one reports the loop
    // followed the order the index met the files (the fuzzer opened a copy beside an edited file: the loop
    // went from one to the other); it must follow from the files alone.
    const app = [
      "const express = require('express');",
      'const app = express();',
      "const BASE = 'https://example.com';",
      "app.post('/hold', (req, res) => res.type('xml').send(`<Response><Say>잠시만요.</Say><Redirect>${BASE}/hold</Redirect></Response>`));",
    ].join('\n');
    for (const files of [{ 'a.js': app, 'b.js': app }, { 'b.js': app, 'a.js': app }]) {
      const order = Object.keys(files).join(' then ');
      assert.deepEqual(flowFindings(files, 'a.js').map((f) => [f.rule, f.at]), [['redirect-loop', '${BASE}/hold']], order);
      assert.deepEqual(flowFindings(files, 'b.js'), [], order);
    }
  });

  test('the router mounted under another base than the URLs ask for: nothing the workspace can judge', () => {
    // The workspace serves /voice/…, the URLs ask for /ivr/…: a proxy may well serve that base; not reported.
    const files = { ...clean, 'app.js': clean['app.js']!.replace("app.use('/ivr', ivr)", "app.use('/voice', ivr)") };
    assert.deepEqual(flowFindings(files, ROUTES), []);
    // Mounted at /ivr/v2: the base /ivr is served, and every step leads nowhere — each reported once.
    const moved = { ...clean, 'app.js': clean['app.js']!.replace("app.use('/ivr', ivr)", "app.use('/ivr/v2', ivr)") };
    const found = flowFindings(moved, ROUTES);
    assert.equal(found.length, 14);
    assert.ok(found.every((f) => f.rule === 'unknown-route'));
  });
});

describe('the flow findings of an open document follow the other files', () => {
  test('validated again with its text unchanged: the routes of another file mounted elsewhere, back, and moved', () => {
    const clean = workspaceFiles('express-ivr');
    const workspace = indexOf(clean);
    const service = getLanguageService({ locale: 'en', workspace });
    const document = TextDocument.create(uriOf(ROUTES), 'javascript', 1, clean[ROUTES]!);
    const findings = (): string[] => service.doValidation(document).filter((d) => FLOW_RULES.has(String(d.code))).map((d) => `${d.code} ${document.getText(d.range)}`);
    const change = (file: string, text: string): void => {
      workspace.update(uriOf(file), text, languageIdOfFile(file)!);
      workspace.work(Infinity);
    };
    assert.deepEqual(findings(), []);
    change('app.js', clean['app.js']!.replace("app.use('/ivr', ivr)", "app.use('/ivr/v2', ivr)"));
    assert.equal(findings().length, 14);
    change('app.js', clean['app.js']!);
    assert.deepEqual(findings(), []);

    // A route another file's string leads to (a JS string's findings are kept while its tree and what its steps
    // show are the same), kept by the index while lines are typed above it: the finding's related information
    // shows where the route is now.
    const get = clean[ROUTES]!.replace("ivr.post('/menu'", "ivr.get('/menu'");
    const more = TextDocument.create(uriOf('more.js'), 'javascript', 1, "module.exports = (res) => res.type('application/xml').send('<Response><Redirect>https://your-server.com/ivr/menu</Redirect></Response>');\n");
    change(ROUTES, get);
    change('more.js', more.getText());
    const related = (): string[] =>
      service.doValidation(more).map((d) => `${d.code} ${d.relatedInformation!.map((r) => r.location.range.start.line).join()}`);
    const line = get.split('\n').findIndex((l) => l.includes("ivr.get('/menu'"));
    assert.deepEqual(related(), [`route-method ${line}`]);
    const route = workspace.routes().find((r) => r.path === '/ivr/menu');
    change(ROUTES, get.replace('// 진입점', '// 진입점\n// 한 줄 더\n'));
    assert.equal(workspace.routes().find((r) => r.path === '/ivr/menu'), route, 'the route is kept, only moved');
    assert.deepEqual(related(), [`route-method ${line + 2}`]);
  });
});

describe('an edit in an .xml file', () => {
  test('keeps the steps outside it, moved, and reads the one it touched again', () => {
    const workspace = indexOf(workspaceFiles('express-ivr'));
    const service = getLanguageService({ locale: 'en', workspace });
    const text = [
      '<Response>',
      '  <Gather action="https://your-server.com/ivr/lang" numDigits="1"><Say>언어를 선택하세요.</Say></Gather>',
      '  <Say>다시 안내합니다.</Say>',
      '  <Redirect>https://your-server.com/ivr/menu</Redirect>',
      '</Response>',
    ].join('\n');
    let document = TextDocument.create(uriOf('menu.xml'), 'xml', 1, text);
    assert.deepEqual(service.doValidation(document), []);
    const before = workspace.stepsIn(document.uri);
    assert.deepEqual(before.map((s) => s.path), ['/ivr/lang', '/ivr/menu']);
    // Typed into the <Say> between them: both steps are the same, the second moved.
    const at = text.indexOf('다시');
    document = TextDocument.update(document, [{ range: { start: document.positionAt(at), end: document.positionAt(at) }, text: '잠시 후 ' }], 2);
    assert.deepEqual(service.doValidation(document), []);
    const after = workspace.stepsIn(document.uri);
    assert.equal(after[0], before[0]);
    assert.equal(after[1], before[1]);
    assert.equal(document.getText().slice(after[1]!.target.start, after[1]!.target.end), 'https://your-server.com/ivr/menu');
    // Typed into the second URL: that step is read again, and leads nowhere.
    const url = document.getText().indexOf('/ivr/menu') + '/ivr/'.length;
    document = TextDocument.update(document, [{ range: { start: document.positionAt(url), end: document.positionAt(url + 4) }, text: 'mneu' }], 3);
    assert.deepEqual(service.doValidation(document).map((d) => [d.code, document.getText(d.range)]), [['unknown-route', 'https://your-server.com/ivr/mneu']]);
    const third = workspace.stepsIn(document.uri);
    assert.equal(third[0], before[0]);
    assert.notEqual(third[1], before[1]);
  });
});

describe('the flow rules on the reference IVR (Flask, the blueprint registered in another file)', () => {
  const clean = workspaceFiles('flask-ivr');

  test('clean; a misspelt path, a route without methods (GET), a loop: one finding each', () => {
    assert.deepEqual(flowFindings(clean, 'ivr.py'), []);
    const misspelt = { ...clean, 'ivr.py': clean['ivr.py']!.replace('action="{BASE}/verify-2"', 'action="{BASE}/verfy-2"') };
    const found = flowFindings(misspelt, 'ivr.py');
    assert.deepEqual(found.map((f) => [f.rule, f.at]), [['unknown-route', '{BASE}/verfy-2']]);
    assert.equal(applyFix(misspelt, 'ivr.py', found[0]!.diagnostic), clean['ivr.py']);
    const get = { ...clean, 'ivr.py': clean['ivr.py']!.replace('@bp.route("/verify-2", methods=["POST"])', '@bp.route("/verify-2")') };
    assert.deepEqual(flowFindings(get, 'ivr.py').map((f) => [f.rule, f.at]), [['route-method', '{BASE}/verify-2']]);
    const loop = `${clean['ivr.py']}\n\n@bp.post("/hold")\ndef hold():\n    return xml(f"<Redirect>{BASE}/queue</Redirect>")\n\n\n@bp.post("/queue")\ndef queue():\n    return xml(f"<Redirect>{BASE}/hold</Redirect>")\n`;
    assert.deepEqual(flowFindings({ ...clean, 'ivr.py': loop }, 'ivr.py').map((f) => [f.rule, f.at]), [['redirect-loop', '{BASE}/queue']]);
  });
});

describe('what the workspace cannot tell is not reported', () => {
  test('a computed URL, a base no route serves, an unknown prefix, a route of computed path', () => {
    const handler = (body: string): string => `(req, res) => res.send(\`<Response>${body}<Hangup/></Response>\`)`;
    const files = {
      'app.js': [
        "const app = require('express')();",
        `app.post('/ivr/a', ${handler('<Gather action="${req.body.next}"/><Redirect>/elsewhere/x</Redirect>')});`,
        `app.post('/ivr/b', ${handler('<Redirect>/lang</Redirect>')});`,
      ].join('\n'),
      'router.js': `const r = require('express').Router();\nr.post('/lang', ${handler('')});\nmodule.exports = r;`,
    };
    assert.deepEqual(flowFindings(files, 'app.js'), []);
    // Without the unmounted router, /lang is a root path nothing serves: reported.
    const { 'router.js': _, ...alone } = files;
    assert.deepEqual(flowFindings(alone, 'app.js').map((f) => [f.rule, f.at]), [['unknown-route', '/lang']]);
  });

  test('a document alone is its own workspace; without routes nothing is judged', () => {
    const found = diagnose('<Response><Gather numDigits="1" action="/menu"><Say>1번</Say></Gather><Redirect>/nowhere</Redirect></Response>');
    assert.deepEqual(found.map((f) => f.rule), []);
  });
});

describe('gather-timeout-end', () => {
  test('a Gather with nothing after it; not one followed by a verb, one without action, one that never runs', () => {
    const rules = (xml: string): string[] => diagnose(xml).map((f) => `${f.rule} ${f.at}`);
    assert.deepEqual(rules('<Response><Say>안녕</Say><Gather action="/g"><Say>1번</Say></Gather></Response>'), ['gather-timeout-end Gather']);
    assert.deepEqual(rules('<Response><Gather action="/g"><Say>1번</Say></Gather><Redirect>/again</Redirect></Response>'), []);
    assert.deepEqual(rules('<Response><Gather action="/g"/><!-- then nothing -->\n</Response>'), ['gather-timeout-end Gather']);
    assert.deepEqual(
      rules('<Response><Gather><Say>1번</Say></Gather></Response>').filter((r) => r.startsWith('gather')),
      [],
    );
    assert.deepEqual(rules('<Response><Hangup/><Gather action="/g"/></Response>').filter((r) => r.startsWith('gather')), []);
    // A fragment spliced into <Response> (sendXml(res, `…`)): the same; a ${…} after it may add verbs.
    const js = (body: string): string[] => diagnose(`sendXml(res, \`${body}\`);`, { languageId: 'javascript' }).map((f) => f.rule);
    assert.deepEqual(js('<Gather action="/g"><Say>1번</Say></Gather>'), ['gather-timeout-end']);
    assert.deepEqual(js('<Gather action="/g"><Say>1번</Say></Gather>${more}'), []);
  });
});
