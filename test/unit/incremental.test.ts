/**
 * A keystroke does the keystroke's work: when a JS/TS or Python document changes inside the text of one of its
 * VoiceML strings, the host redoes that string (and the ones around it) and moves the others with what they
 * knew. These tests type at random into real documents — mostly inside strings, where the shortcut applies,
 * sometimes characters that end or open a string, a substitution or an escape, sometimes code — and after
 * every keystroke compare everything the service answers (diagnostics, every code action, outline, folding,
 * completion and hover at the keystroke) with a fresh service's answers for the same text. They also check
 * that the shortcut was taken (the host says it moved the regions before), so they cannot pass by always
 * analysing afresh. In a workspace of several files, keystrokes in the paths URLs ask for and routes are
 * registered under change what the flow rules find in other strings and files: every file's answers are a
 * fresh workspace's.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, type LanguageService, type ValidationSettings } from '../../server/src/languageService';
import type { VoiceMLRegion } from '../../server/src/document/region';
import { prng } from '../support/random';
import { changeBetween, codeKept, rangeBefore } from '../../server/src/document/change';
import { moveRoutes } from '../../server/src/document/routes';
import { hostFor } from '../../server/src/hosts';
import { generateScript, typingSpot } from '../support/scriptCorpus';
import { generatePython } from '../support/pythonCorpus';
import { generateVoiceML, withMistakes } from '../support/corpus';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { indexOf, uriOf, workspaceFiles } from '../support/flowWorkspace';
import { languageIdOfFile } from '../../server/src/hosts';
import { parseForRoutes } from '../../server/src/hosts/javascript/regions';
import { rules } from '../../server/src/rules';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');

/** What is typed: text and markup, and now and then (`ENDING`) a character that ends or opens a string or a field. */
const TYPED: readonly string[] = [
  'a', '번', ' ', '\n', '<', '>', '/', '"', "'", '=', '&', '<Say>', '</Say>', '<Sya>', 'language="en"', '<Pause length="x"/>',
  '안녕하세요', '&amp;', '<Dial>', '</Gather>',
];
const ENDING: readonly string[] = ['`', '${', '}', '{', '\\', '$', '%', '"""'];

/** Every answer of the service about `document` that a cache could get wrong, as JSON. */
function answers(service: LanguageService, document: TextDocument, offset: number): string {
  const diagnostics = service.doValidation(document);
  const everything = { start: { line: 0, character: 0 }, end: document.positionAt(document.getText().length) };
  const position = document.positionAt(offset);
  return JSON.stringify({
    diagnostics,
    actions: service.doCodeActions(document, everything, { diagnostics }),
    fixAll: service.doCodeActions(document, everything, { diagnostics, only: ['source.fixAll.voiceml'] }),
    symbols: service.findDocumentSymbols(document),
    folding: service.getFoldingRanges(document),
    completion: service.doComplete(document, position).items.map((i) => [i.label, i.textEdit]),
    hover: service.doHover(document, position),
  });
}

/** A place inside the text of one of the regions (outside its substitutions), or (`code`) anywhere now and then. */
function placeToType(random: ReturnType<typeof prng>, regions: readonly VoiceMLRegion[], text: string): { at: number; code: boolean } {
  const textual = regions.filter((r) => !r.mapping);
  if (textual.length === 0 || random.next() < 0.1) return { at: random.int(text.length + 1), code: true };
  const region = random.pick(textual);
  for (let tries = 0; tries < 20; tries++) {
    const local = random.int(region.tree.text.length + 1);
    if (!region.substitutions?.some((s) => local > s.start && local < s.end)) return { at: region.offset + local, code: false };
  }
  return { at: region.offset, code: false };
}

/**
 * Types `keystrokes` times into `text`; after each keystroke the long-lived service's answers must be a fresh
 * service's. Returns how many keystrokes took the shortcut.
 */
function typeInto(text: string, languageId: string, seed: number, keystrokes: number): { kept: number; failures: string[] } {
  const random = prng(seed);
  const service = getLanguageService({ locale: 'en' });
  const uri = `file:///incremental/${seed}.${languageId === 'python' ? 'py' : 'ts'}`;
  let document = TextDocument.create(uri, languageId, 1, text);
  service.doValidation(document);
  let kept = 0;
  const failures: string[] = [];
  // What typing a character that ends a string or a field broke is mostly mended at the next keystroke.
  let undo: { at: number; length: number; chance: number } | undefined;
  for (let k = 0; k < keystrokes && failures.length === 0; k++) {
    const before = service.getRegions(document);
    const current = document.getText();
    const { at, code } = undo && random.next() < undo.chance ? { at: undo.at, code: false } : placeToType(random, before, current);
    const typed = code ? random.pick(['a', ' ', '\n', '1']) : random.pick(random.next() < 0.08 ? ENDING : TYPED);
    const change =
      undo && at === undo.at
        ? { range: { start: document.positionAt(at), end: document.positionAt(at + undo.length) }, text: '' }
        : random.next() < 0.25 && at < current.length && !code
          ? { range: { start: document.positionAt(at), end: document.positionAt(Math.min(current.length, at + 1 + random.int(3))) }, text: '' }
          : { range: { start: document.positionAt(at), end: document.positionAt(at) }, text: typed };
    // Quotes end the string literals VoiceML is read from too.
    const ends = ENDING.includes(change.text) || change.text === '"' || change.text === "'";
    undo = change.text !== '' ? { at, length: change.text.length, chance: ends ? 0.8 : 0.15 } : undefined;
    document = TextDocument.update(document, [change], document.version + 1);
    const after = service.getRegions(document);
    // The shortcut: the regions moved from the ones before, the file's code kept.
    if (codeKept(after, before)) kept++;
    const cached = answers(service, document, at);
    const fresh = answers(getLanguageService({ locale: 'en' }), TextDocument.create(uri, languageId, document.version, document.getText()), at);
    if (cached !== fresh) {
      failures.push(`seed ${seed}, keystroke ${k + 1} (${JSON.stringify(change)}):\n  cached ${cached.slice(0, 1500)}\n  fresh  ${fresh.slice(0, 1500)}\n  text ${JSON.stringify(document.getText().slice(Math.max(0, at - 200), at + 200))}`);
    }
  }
  return { kept, failures };
}

/**
 * Routes with their keys (which only name objects within a file: offsets when read, as they were when moved)
 * replaced by the order they first appear in.
 */
function namedInOrder(value: unknown, names = new Map<string, string>(), field = ''): unknown {
  if (typeof value === 'string' && (field === 'key' || field === 'function')) {
    if (!names.has(value)) names.set(value, `#${names.size}`);
    return names.get(value);
  }
  if (Array.isArray(value)) return value.map((item) => namedInOrder(item, names));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, namedInOrder(item, names, key)]));
}

describe('a keystroke in an XML file with many mistakes', () => {
  // The diagnostics of the findings the change did not touch are those published before (`services/published.ts`):
  // the same objects ahead of the change, moved behind it. Typed anywhere, line breaks of every kind included (a
  // `\r` typed before a `\n`, text typed between them, one deleted), into documents of LF and CRLF lines.
  for (const [name, newline] of [['LF', '\n'], ['CRLF', '\r\n']] as const) {
    test(`${name} lines: after every keystroke, what a fresh service publishes; most diagnostics kept or moved`, () => {
      const random = prng(name === 'LF' ? 41 : 42);
      const text = withMistakes(generateVoiceML(30_000), 0.3, 5).text.replaceAll('\n', newline);
      const uri = `file:///incremental/mistakes-${name}.xml`;
      const service = getLanguageService({ locale: 'en' });
      let document = TextDocument.create(uri, 'xml', 1, text);
      let last = service.doValidation(document);
      assert.ok(last.length > 100, `${last.length} diagnostics`);
      let kept = 0;
      let published = 0;
      for (let k = 0; k < 250; k++) {
        const current = document.getText();
        // Now and then right after a `\r` (between it and its `\n`), where lines are not simply moved.
        const cr = random.next() < 0.15 ? current.indexOf('\r', random.int(current.length)) : -1;
        const at = cr >= 0 ? cr + 1 : random.int(current.length + 1);
        const change =
          random.next() < 0.3
            ? { range: { start: document.positionAt(at), end: document.positionAt(Math.min(current.length, at + 1 + random.int(4))) }, text: '' }
            : { range: { start: document.positionAt(at), end: document.positionAt(at) }, text: random.pick([...TYPED, '\r', '\r\n', newline + '  ']) };
        document = TextDocument.update(document, [change], document.version + 1);
        const diagnostics = service.doValidation(document);
        const fresh = getLanguageService({ locale: 'en' }).doValidation(TextDocument.create(uri, 'xml', document.version, document.getText()));
        assert.deepEqual(diagnostics, fresh, `keystroke ${k + 1}: ${JSON.stringify(change)}`);
        const before = new Set(last);
        for (const d of diagnostics) if (before.has(d)) kept++;
        published += diagnostics.length;
        last = diagnostics;
      }
      // The very objects published before: those ahead of the change, and behind it when no line moved.
      assert.ok(kept > published / 2, `${kept} of ${published} diagnostics kept`);
    });
  }
});

describe('a keystroke in a JS/TS file', () => {
  const documents: [string, string, string][] = [
    ['the reference IVR (ivr.ts)', fixture('ivr.ts'), 'typescript'],
    ['the IVR with mistakes (ivr-mistakes.js)', fixture('ivr-mistakes.js'), 'javascript'],
    ['a generated 20 KB webhook server', generateScript(20_000), 'typescript'],
  ];
  for (const [name, text, languageId] of documents) {
    test(`${name}: after every keystroke, every answer is a fresh analysis's`, () => {
      const { kept, failures } = typeInto(text, languageId, 0x1e57 + text.length, 120);
      assert.deepEqual(failures, []);
      assert.ok(kept >= 30, `the shortcut was taken on ${kept} of 120 keystrokes`);
    });
  }

  // Files whose VoiceML is read from the parsed file, not from the templates' scan: JSX, strings joined from
  // pieces, responses built with the helper library. No keystroke takes the template shortcut there; the
  // parse they are read from is the version before's, updated.
  const parsedFiles: [string, string, string][] = [
    ['a webhook server beside a React page (ivr.jsx)', fixture('ivr.jsx'), 'javascriptreact'],
    ['responses joined from strings (ivr-joined.js)', fixture('ivr-joined.js'), 'javascript'],
    ["responses built with Twilio's helper library (ivr-builder.ts)", fixture('ivr-builder.ts'), 'typescript'],
  ];
  for (const [name, text, languageId] of parsedFiles) {
    test(`${name}: after every keystroke, every answer is a fresh analysis's`, () => {
      const { failures } = typeInto(text, languageId, 0x7a5e + text.length, 120);
      assert.deepEqual(failures, []);
    });
  }

  test('in those files, the regions and the routes of the next version are read from the parse of the one before, updated', () => {
    for (const [name, text, languageId] of parsedFiles) {
      const host = hostFor(languageId)!;
      const regions = host.findRegions(text, languageId);
      host.readRoutes!(text, languageId, regions);
      const edited = text + '\n';
      const versions = [host.findRegions(edited, languageId, regions)];
      const first = parseForRoutes(edited, languageId, versions[0]).statements[0];
      // Typed at the end: the first statement is the one TypeScript's incremental parse kept from the version before.
      const next = edited + 'const typed = 1;\n';
      versions.push(host.findRegions(next, languageId, versions[0]));
      const file = parseForRoutes(next, languageId, versions[1]);
      assert.equal(file.statements[0], first, name);
      assert.equal(file.text, next, name);
      assert.ok(versions[1].length > 0, name);
    }
  });

  test("a string's object tree (editor features) is made once, on first use, and shared by its region moved past a keystroke in another string", () => {
    const text = 'const a = `<Response><Say>하나</Say></Response>`;\nconst b = `<Response><Say>둘</Say></Response>`;\n';
    const host = hostFor('typescript')!;
    const regions = host.findRegions(text, 'typescript');
    assert.equal(regions.length, 2);
    const [first, second] = regions as [VoiceMLRegion, VoiceMLRegion];
    assert.equal(second.tree.objectTree, undefined, 'not made before it is asked for');
    const xml = second.xml;
    assert.equal(xml.root?.name, 'Response');
    assert.equal(second.xml, xml, 'made once');
    const at = text.indexOf('하나');
    const moved = host.findRegions(text.slice(0, at) + '셋' + text.slice(at), 'typescript', regions);
    assert.notEqual(moved[0]!.tree, first.tree, 'the string typed in is parsed again');
    assert.equal(moved[1]!.tree, second.tree, 'the other string keeps its tree');
    assert.equal(moved[1]!.xml, xml, 'and its object tree');
  });

  test('a keystroke in a response keeps the routes: moved, they are what reading the new text gives', () => {
    const random = prng(0x20e7e5);
    for (const [text, languageId] of [[fixture('ivr.ts'), 'typescript'], [fixture('ivr.js'), 'javascript'], [generateScript(20_000), 'typescript']] as const) {
      const host = hostFor(languageId)!;
      let kept = 0;
      let current = text;
      let regions = host.findRegions(current, languageId);
      for (let k = 0; k < 60; k++) {
        const { at, code } = placeToType(random, regions, current);
        const next = current.slice(0, at) + (code ? ' ' : random.pick(TYPED)) + current.slice(at);
        const moved = host.findRegions(next, languageId, regions);
        const move = codeKept(moved, regions);
        if (move) {
          kept++;
          const change = changeBetween(current, next)!;
          assert.deepEqual(move, change);
          assert.deepEqual(namedInOrder(moveRoutes(host.readRoutes!(current, languageId), change)), namedInOrder(host.readRoutes!(next, languageId)), `typed at ${at}`);
        }
        current = next;
        regions = moved;
      }
      assert.ok(kept >= 20, `the code was kept on ${kept} of 60 keystrokes`);
    }
  });

  test('the change between two versions is worked out once: asked again about the same two texts, the same answer', () => {
    const before = generateScript(20_000);
    const after = `${before.slice(0, 10_000)}요${before.slice(10_000)}`;
    const change = changeBetween(before, after);
    assert.deepEqual(change, { start: 10_000, end: 10_000, newEnd: 10_001 });
    assert.equal(changeBetween(before, after), change, 'the same object: not worked out again');
    // Asked about other texts, their own change; about the first two again, the same answer.
    assert.deepEqual(changeBetween(after, before), { start: 10_000, end: 10_001, newEnd: 10_000 });
    assert.equal(changeBetween(before, before), undefined);
    assert.deepEqual(changeBetween(before, after), change);
  });

  test('keystrokes in responses, one after the other: where each was in the text the first was made to', () => {
    // A file's kept parse is read through the changes typed into templates since it was made (`rangeBefore`):
    // each range found holds what the text it was made to had there, whatever was typed before it.
    const random = prng(0x7a9e);
    for (let run = 0; run < 200; run++) {
      const first = 'abcdefghijklmnopqrstuvwxyz'.repeat(4);
      let text = first;
      const changes = [];
      // Each character of the text, with the offset in `first` it came from (typed ones: the edges of their change).
      let origin = [...first].map((_, i) => [i, i + 1] as const);
      for (let k = 0; k < 1 + random.int(6); k++) {
        const start = random.int(text.length + 1);
        const end = Math.min(text.length, start + random.int(4));
        const typed = 'XYZ'.slice(0, random.int(4));
        const change = { start, end, newEnd: start + typed.length };
        const edges = rangeBefore(changes, start, end);
        const inserted = typed.split('').map(() => [edges.start, edges.end] as const);
        text = text.slice(0, start) + typed + text.slice(end);
        origin = [...origin.slice(0, start), ...inserted, ...origin.slice(end)];
        changes.push(change);
      }
      for (let a = 0; a < text.length; a += 1 + random.int(5)) {
        const b = Math.min(text.length, a + random.int(8));
        const { start, end } = rangeBefore(changes, a, b);
        // Every character of [a, b) came from inside [start, end) of the first text.
        for (let i = a; i < b; i++) assert.ok(start <= origin[i]![0] && origin[i]![1] <= end, `run ${run}: [${a}, ${b}) → [${start}, ${end}), character ${i} from ${origin[i]}`);
        if (a === b) assert.ok(start <= end);
      }
    }
  });

  test("keystrokes in the code: the routes read from the parse of the file's version before are what reading it afresh gives", () => {
    // An edited document keeps its parse for the next version (TypeScript's incremental parse): code typed and
    // deleted anywhere — routes added, strings and blocks opened and closed — reads the same as a fresh parse.
    const random = prng(0xc0de);
    const typed = [' ', 'a', '\n', ';', '{', '}', '(', ')', "'", '`', '/', '*', "app.post('/typed', (req, res) => res.send(''));\n", 'const P = "/p";\n'];
    for (const [text, languageId] of [[fixture('ivr.ts'), 'typescript'], [generateScript(20_000), 'typescript'], [fixture('ivr.js'), 'javascript']] as const) {
      const host = hostFor(languageId)!;
      let current = text;
      let regions = host.findRegions(current, languageId);
      host.readRoutes!(current, languageId, regions);
      for (let k = 0; k < 80; k++) {
        const at = random.int(current.length + 1);
        const next = random.next() < 0.3 ? current.slice(0, at) + current.slice(Math.min(current.length, at + 1 + random.int(4))) : current.slice(0, at) + random.pick(typed) + current.slice(at);
        const moved = host.findRegions(next, languageId, regions);
        const read = host.readRoutes!(next, languageId, moved);
        assert.deepEqual(namedInOrder(read), namedInOrder(host.readRoutes!(next, languageId)), `keystroke ${k + 1} at ${at}`);
        current = next;
        regions = moved;
      }
    }
  });

  // Findings on handlers before, between and after the responses: a parameter misspelt, one read under its TwiML
  // name (its fix renames it where it is destructured), one read from the query string of a route only POSTed
  // to, an answer in JSON to a route a <Gather> leads to, the Content-Type of each.
  const webhookFiles: [string, string, string, [string, string, boolean][]][] = [
    [
      'Express',
      'javascript',
      [
        "const express = require('express');",
        'const app = express();',
        "app.post('/a', (req, res) => {",
        '  const digits = req.body.Digitz;',
        "  res.type('text/xml').send(`<Response><Say>첫 번째 안내</Say></Response>`);",
        '});',
        "app.post('/b', (req, res) => {",
        "  res.type('text/xml').send(`<Response><Gather action=\"/c\" numDigits=\"1\"><Say>번호를 누르세요</Say></Gather><Say>끝</Say></Response>`);",
        '});',
        "app.post('/c', (req, res) => {",
        '  const name = req.body.Nmae;',
        '  const { CallSid } = req.body;',
        "  if (req.query.Digits === '1') res.type('text/xml').send(`<Response><Say>하나</Say></Response>`);",
        '  else res.json({ ok: true });',
        '});',
        '',
      ].join('\n'),
      [
        // In the text of responses, before findings, between them, after them; a line break (every line after moves).
        ['<Say>첫 번째', ' 환영합니다', false],
        ['<Say>번호를', '\n', false],
        ['<Say>하나', '와 둘', false],
        ['<Say>끝', '!', false],
        // Where a response leads, a verb added, code: found again (the rename fix of CallSid where it now is).
        ['action="/c', 'x', true],
        ['<Say>첫 번째', '!', false],
        ['<Say>끝', '</Say><Redirect>/a</Redirect><Say>', true],
        ['const name = req.body.Nmae', 'x', true],
        ['<Say>번호를', '요', false],
      ],
    ],
    [
      'FastAPI',
      'python',
      [
        'from fastapi import FastAPI, Form',
        'from fastapi.responses import Response',
        '',
        'app = FastAPI()',
        '',
        '',
        '@app.post("/a")',
        'async def a():',
        '    return Response(content=\'<Response><Gather action="/b" numDigits="1"><Say>번호를 누르세요</Say></Gather><Say>끝</Say></Response>\', media_type="application/xml")',
        '',
        '',
        '@app.post("/b")',
        'async def b(CallSid: str = Form(), Digitz: str = Form()):',
        '    return Response(content=\'<Response><Say>하나</Say></Response>\', media_type="text/xml")',
        '',
        '',
        '@app.post("/c")',
        'async def c(Digits: str = Form()):',
        '    return Response(content=\'<Response><Say>둘</Say></Response>\', media_type="application/xml")',
        '',
      ].join('\n'),
      [
        ['<Say>번호를', ' 하나', false],
        ['<Say>하나', '와 둘', false],
        ['<Say>둘', '!', false],
        // The URL the <Gather> leads to: found again, the alias of CallSid added where it now is.
        ['action="/b', 'x', true],
        ['<Say>번호를', '요', false],
        ['action="/bx', '', true],
      ],
    ],
  ];
  for (const [name, languageId, text, keystrokes] of webhookFiles) {
    test(`${name}: a keystroke in a response's text keeps the findings on the webhook code, moved; one that changes where a response leads has them found again`, () => {
      // How many times the handler rules read the handlers (each rule's `handlers` counted).
      let runs = 0;
      const counted = rules.filter((rule) => rule.handlers);
      const originals = counted.map((rule) => rule.handlers!);
      counted.forEach((rule, i) => {
        rule.handlers = (ctx) => {
          runs++;
          originals[i]!.call(rule, ctx);
        };
      });
      try {
        const service = getLanguageService({ locale: 'en' });
        let document = TextDocument.create(`file:///handlers.${languageId === 'python' ? 'py' : 'js'}`, languageId, 1, text);
        const codes = service.doValidation(document).map((d) => d.code);
        assert.ok(codes.filter((c) => c === 'unknown-parameter' || c === 'twiml-parameter' || c === 'response-content-type').length >= 3, codes.join());
        for (const [after, typed, again] of keystrokes) {
          // Typed after the first `after` (an empty `typed`: the character before that place deleted).
          const end = document.getText().indexOf(after) + after.length;
          const at = typed === '' ? end - 1 : end;
          const range = { start: document.positionAt(at), end: document.positionAt(end) };
          document = TextDocument.update(document, [{ range, text: typed }], document.version + 1);
          const ran = runs;
          const cached = answers(service, document, at);
          const found = runs > ran;
          const fresh = answers(getLanguageService({ locale: 'en' }), TextDocument.create(document.uri, languageId, document.version, document.getText()), at);
          assert.equal(cached, fresh, `typed ${JSON.stringify(typed)} after ${JSON.stringify(after)}`);
          assert.equal(found, again, `expected the handler rules ${again ? 'to run' : 'not to run'} after ${JSON.stringify(typed)} typed after ${JSON.stringify(after)}`);
        }
      } finally {
        counted.forEach((rule, i) => (rule.handlers = originals[i]));
      }
    });
  }

  test("a line added in a response above the route another response leads to: the other's steps are not judged again, and what was found on them is where it is", () => {
    const send = (path: string, body: string, method = 'post'): string => `app.${method}('${path}', (req, res) => res.type('xml').send(\`<Response>${body}</Response>\`));`;
    const text = [
      "import express from 'express';",
      'const app = express();',
      send('/a', '<Gather action="/b" numDigits="1"><Say>하나</Say></Gather>'),
      send('/r', '<Redirect>/g</Redirect>'),
      send('/c', '<Say>안녕</Say>'),
      send('/b', '<Hangup/>'),
      send('/g', '<Hangup/>', 'get'),
      '',
    ].join('\n');
    // The responses whose elements the workspace rules judged, by their text.
    const judged = new Set<string>();
    const counted = rules.filter((rule) => rule.readsWorkspace && rule.element);
    const originals = counted.map((rule) => rule.element!);
    counted.forEach((rule, i) => {
      rule.element = (element, ctx, spec) => {
        judged.add(ctx.region.tree.text);
        originals[i]!.call(rule, element, ctx, spec);
      };
    });
    try {
      const service = getLanguageService({ locale: 'en' });
      let document = TextDocument.create('file:///moved.ts', 'typescript', 1, text);
      // A list of rules of its own (two rules off that find nothing here): the runner prepares each list once,
      // taking the rules' functions then, and another test may have had the whole list prepared.
      const settings = { rules: { 'say-language': 'off', 'foreign-number': 'off' } } as const;
      // The <Redirect> to /g, registered for GET: a route-method, with the registration as related information.
      const related = (): number[] => service.doValidation(document, settings).flatMap((d) => (d.code === 'route-method' ? d.relatedInformation!.map((r) => r.location.range.start.line) : []));
      assert.deepEqual(related(), [6]);
      assert.equal(judged.size, 2);
      for (const [typed, line] of [['\n', 7], ['\n\n', 9]] as const) {
        const at = document.getText().indexOf('안녕');
        const before = service.getRegions(document);
        document = TextDocument.update(document, [{ range: { start: document.positionAt(at), end: document.positionAt(at) }, text: typed }], document.version + 1);
        judged.clear();
        assert.deepEqual(related(), [line]);
        assert.ok(codeKept(service.getRegions(document), before));
        // The <Gather> of /a leads to /b, which moved: not judged again. The <Redirect>'s finding relates /g, which
        // moved too: judged again.
        assert.deepEqual([...judged], ['<Response><Redirect>/g</Redirect></Response>']);
        const fresh = getLanguageService({ locale: 'en' }).doValidation(TextDocument.create(document.uri, 'typescript', document.version, document.getText()), settings);
        assert.deepEqual(service.doValidation(document, settings), fresh);
      }
    } finally {
      counted.forEach((rule, i) => (rule.element = originals[i]));
    }
  });

  test('a keystroke in a const initializer a substitution is worked out from: the value is worked out again', () => {
    const text = 'const GREETING = `hello`;\nconst a = `<Response><Say>${GREETING}</Say></Response>`;\n';
    const service = getLanguageService({ locale: 'en' });
    let document = TextDocument.create('file:///greeting.ts', 'typescript', 1, text);
    assert.deepEqual(service.doValidation(document), []);
    const at = text.indexOf('hello') + 5;
    document = TextDocument.update(document, [{ range: { start: document.positionAt(at), end: document.positionAt(at) }, text: ' <b>' }], 2);
    assert.deepEqual(
      service.doValidation(document).map((d) => d.code),
      ['injection'],
    );
  });
});

describe('a keystroke in a Python file', () => {
  // flask.py's one response is the first item of the tuple it returns: a piece of a response for all the
  // analysis can tell, so not checked while its markup does not close what it opens (most keystrokes).
  const documents: [string, string, number][] = [
    ['the Flask IVR (flask.py)', fixture('flask.py'), 5],
    ['the Flask IVR with mistakes (flask-mistakes.py)', fixture('flask-mistakes.py'), 30],
    ['a generated 20 KB webhook server', generatePython(20_000), 30],
  ];
  for (const [name, text, least] of documents) {
    test(`${name}: after every keystroke, every answer is a fresh analysis's`, () => {
      const { kept, failures } = typeInto(text, 'python', 0x9e57 + text.length, 120);
      assert.deepEqual(failures, []);
      assert.ok(kept >= least, `the shortcut was taken on ${kept} of 120 keystrokes`);
    });
  }
});

describe('a keystroke in a file of a workspace', () => {
  /**
   * The places where a keystroke changes what the flow rules say of other strings and files: the paths of the
   * URLs responses lead to (after `/` in a string) and of the routes registered (after `'/` in code).
   */
  function pathPlaces(text: string): number[] {
    const places: number[] = [];
    for (const match of text.matchAll(/(?:\}\/|['"]\/)([\w-]*)/g)) for (let i = 0; i <= match[1]!.length; i++) places.push(match.index! + match[0].length - i);
    return places;
  }

  for (const [name, files] of [
    ['the reference IVR in Express, a loop and a route for GET added', withMistakes(workspaceFiles('express-ivr'))],
    ['the reference IVR in Flask', workspaceFiles('flask-ivr')],
  ] as const) {
    test(`${name}: after every keystroke in any file, every file's answers are a fresh workspace's`, () => {
      const random = prng(0x3a11 + Object.keys(files).length);
      const names = Object.keys(files);
      const service = getLanguageService({ locale: 'en', workspace: indexOf(files) });
      const documents = new Map(names.map((file) => [file, TextDocument.create(uriOf(file), languageIdOfFile(file)!, 1, files[file]!)]));
      for (const document of documents.values()) service.doValidation(document);
      let changed = 0;
      let last = '';
      for (let k = 0; k < 80; k++) {
        const file = random.pick(names);
        let document = documents.get(file)!;
        const text = document.getText();
        const paths = pathPlaces(text);
        const regions = service.getRegions(document);
        const at = paths.length > 0 && random.next() < 0.6 ? random.pick(paths) : placeToType(random, regions, text).at;
        const typed = random.pick(['a', 'x', '-', '/', '', '', ' ', '\n']);
        const change = { range: { start: document.positionAt(at), end: document.positionAt(typed === '' ? Math.min(text.length, at + 1) : at) }, text: typed };
        document = TextDocument.update(document, [change], document.version + 1);
        documents.set(file, document);
        // The edited file first, as an editor's change reaches the server; then every file, as it is published.
        const cached = [document, ...documents.values()].map((d) => answers(service, d, d === document ? at : 0));
        const current = Object.fromEntries([...documents].map(([f, d]) => [f, d.getText()]));
        const fresh = getLanguageService({ locale: 'en', workspace: indexOf(current) });
        const expected = [document, ...documents.values()].map((d) => answers(fresh, TextDocument.create(d.uri, d.languageId, d.version, d.getText()), d === document ? at : 0));
        assert.deepEqual(cached, expected, `keystroke ${k + 1} in ${file}: ${JSON.stringify(change)}`);
        const all = JSON.stringify(cached.slice(1));
        if (all !== last) changed++;
        last = all;
      }
      // Not a test that could pass with nothing changing: the keystrokes changed what was found.
      assert.ok(changed >= 10, `answers changed after ${changed} of 80 keystrokes`);
    });
  }

  test('lines added in a string above a route: the steps of other strings that lead to it relate it where it is', () => {
    const files = withMistakes(workspaceFiles('express-ivr'));
    const service = getLanguageService({ locale: 'en', workspace: indexOf(files) });
    const uri = uriOf('routes/ivr.js');
    let document = TextDocument.create(uri, 'javascript', 1, files['routes/ivr.js']!);
    const related = (): number[] => service.doValidation(document).flatMap((d) => (d.code === 'route-method' ? d.relatedInformation!.map((r) => r.location.range.start.line) : []));
    const lines = related();
    // The Gather of /verify and the one of /again (below the route) lead to /verify-2, registered for GET.
    assert.equal(lines.length, 2);
    // In the text of the response of /verify, above the route: the string of /again only moves.
    const at = document.getText().indexOf('가입하신');
    const before = service.getRegions(document);
    document = TextDocument.update(document, [{ range: { start: document.positionAt(at), end: document.positionAt(at) }, text: '\n\n' }], 2);
    assert.ok(codeKept(service.getRegions(document), before));
    assert.deepEqual(related(), lines.map((line) => line + 2));
  });

  /**
   * Two routes that only redirect to each other (a redirect-loop, which keystrokes open and close), and a route
   * two Gathers lead to registered for GET (a route-method, with the registration as related information), one
   * above it and one below.
   */
  function withMistakes(files: Record<string, string>): Record<string, string> {
    const more = [
      "ivr.post('/hold', (req, res) => sendXml(res, `<Redirect>${BASE}/queue</Redirect>`));",
      "ivr.post('/queue', (req, res) => sendXml(res, `<Say language=\"ko-KR\">잠시만요.</Say><Redirect>${BASE}/hold</Redirect>`));",
      "ivr.post('/again', (req, res) => sendXml(res, `<Gather numDigits=\"4\" action=\"${BASE}/verify-2\"><Say language=\"ko-KR\">다시 누르세요.</Say></Gather>`));",
    ].join('\n');
    return { ...files, 'routes/ivr.js': `${files['routes/ivr.js']!.replace("ivr.post('/verify-2'", "ivr.get('/verify-2'")}\n${more}\n` };
  }
});

/** The heap in use once collected (twice: what a first collection's finalizers let go is collected too). */
function collectedHeap(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('a closed document is let go', () => {
  /**
   * Heap bytes still held, after full collections, once a document of `text()` was validated and closed, beside
   * the heap after a first document (`warm`: what a first validation makes once — the model's tables, caches of
   * bounded size — is not the closed document's). The text is made in a function whose frame is gone when the
   * heap is measured.
   */
  async function keptAfterClosing(languageId: string, warm: string, text: () => string, settings?: ValidationSettings, typed = false): Promise<number> {
    const service = getLanguageService({ locale: 'en' });
    service.doValidation(TextDocument.create(`file:///warm.${languageId}`, languageId, 1, warm));
    service.forget(`file:///warm.${languageId}`);
    const before = collectedHeap();
    ((): void => {
      let document = TextDocument.create(`file:///closed.${languageId}`, languageId, 1, text());
      service.doValidation(document, settings);
      if (typed) {
        // A keystroke in the middle of the text, then validated: each version's text is compared with the one before.
        const at = document.positionAt(document.getText().indexOf('<Say', document.getText().length >> 1) + 5);
        document = TextDocument.update(document, [{ range: { start: at, end: at }, text: ' ' }], 2);
        service.doValidation(document, settings);
      }
      service.forget(document.uri);
    })();
    await new Promise((resolve) => setImmediate(resolve));
    return collectedHeap() - before;
  }

  test('an .xml document: its text is kept neither by the last XML declaration read nor by the last match of a regular expression', async () => {
    // 4 M code units of Korean text and markup (8 MB). Its declaration, and the URL of its last <Dial>, not those
    // read before: a declaration read again is not kept again, and a value checked before is not matched again
    // (its verdict is kept). Its size not checked: the finding's message would be the last text a rule reads.
    const kept = await keptAfterClosing(
      'xml',
      generateVoiceML(20_000),
      () => generateVoiceML(4_000_000).replace('encoding="UTF-8"', 'encoding="utf-8"').replace('/ivr/after-dial', '/ivr/closed'),
      { rules: { 'response-size': 'off' } },
    );
    assert.ok(kept < 1_000_000, `${(kept / 1e6).toFixed(1)} MB kept after the document was closed`);
  });

  test('an edited document: its versions are not kept by the last change worked out between them', async () => {
    // 2 M code units (4 MB a version), typed into once: the versions before and after the keystroke.
    const kept = await keptAfterClosing('xml', generateVoiceML(20_000), () => generateVoiceML(2_000_000), { rules: { 'response-size': 'off' } }, true);
    assert.ok(kept < 1_000_000, `${(kept / 1e6).toFixed(1)} MB kept after the edited document was closed`);
  });

  test('a TypeScript file: its text is not kept by the expressions parsed from its substitutions', async () => {
    // 2 M code units (4 MB), with substitutions not parsed before (parsed expressions are kept by their text).
    const kept = await keptAfterClosing('typescript', generateScript(20_000), () => generateScript(2_000_000).replaceAll('BASE', 'CLOSED_BASE'));
    assert.ok(kept < 2_500_000, `${(kept / 1e6).toFixed(1)} MB kept after the file was closed (what stays are caches of bounded size)`);
  });
});

describe('typing keeps no history', () => {
  // A keystroke's regions are moved from the ones before; what a host or the call-flow index keeps to make the
  // next keystroke cheap must not keep the keystrokes before it (each version's text, parses and regions).
  // Each document typed into 80 times in a <Say> text, then the heap collected: it holds about one version.
  const documents: [string, string, string][] = [
    ['an .xml document', 'xml', generateVoiceML(400_000)],
    ['a TypeScript file', 'typescript', generateScript(400_000)],
    ['a Python file', 'python', generatePython(400_000)],
  ];
  for (const [name, languageId, text] of documents) {
    test(`${name} of 400 KB: 80 keystrokes leave the heap about where one left it`, () => {
      const service = getLanguageService({ locale: 'en' });
      // In a <Say> text in the middle of the document.
      const spot = languageId === 'xml' ? text.indexOf('>', text.indexOf('<Say', text.length / 2)) + 1 : typingSpot(text);
      let document = TextDocument.create(`file:///history.${languageId}`, languageId, 1, text);
      const type = (): void => {
        const at = document.positionAt(spot);
        const typed = document.version % 2 === 1;
        const change = typed ? { range: { start: at, end: at }, text: '요' } : { range: { start: at, end: document.positionAt(spot + 1) }, text: '' };
        document = TextDocument.update(document, [change], document.version + 1);
        service.doValidation(document);
      };
      service.doValidation(document);
      type();
      const one = collectedHeap();
      let kept = 0;
      for (let k = 0; k < 80; k++) {
        const before = service.getRegions(document);
        type();
        if (codeKept(service.getRegions(document), before)) kept++;
      }
      const grown = collectedHeap() - one;
      assert.ok(kept >= 70, `the shortcut was taken on ${kept} of 80 keystrokes`);
      assert.ok(grown < 8_000_000, `the heap grew by ${(grown / 1e6).toFixed(1)} MB in 80 keystrokes`);
    });
  }
});
