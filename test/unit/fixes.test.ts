/** Each rule's quick fixes: applied to the document, the result is what a user expects and validates clean. */
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/languageService';
import { rules } from '../../server/src/rules';
import type { Rule } from '../../server/src/rules/rule';
import { FIX_ALL_KIND } from '../../server/src/services/codeActions';
import { diagnose, wrap } from '../support/diagnose';
import { generateVoiceML, withMistakes } from '../support/corpus';
import { examplesOf, languageIdOf } from '../../scripts/rule-pages';

const service = getLanguageService({ locale: 'en' });

function actionsFor(text: string, rule: string): { document: TextDocument; diagnostic: Diagnostic; actions: CodeAction[] } {
  const document = TextDocument.create('file:///fix.xml', 'xml', Math.random(), text);
  const diagnostics = service.doValidation(document);
  const diagnostic = diagnostics.find((d) => d.code === rule);
  assert.ok(diagnostic, `no ${rule} diagnostic in ${JSON.stringify(diagnostics.map((d) => d.code))}`);
  const actions = service.doCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] });
  return { document, diagnostic, actions };
}

/** Applies the action titled `title` (or the preferred one) and returns the new text. */
function applyFix(text: string, rule: string, title?: string): string {
  const { document, actions } = actionsFor(text, rule);
  const action = title ? actions.find((a) => a.title === title) : actions.find((a) => a.isPreferred);
  assert.ok(action, `no action ${title ?? '(preferred)'} among ${JSON.stringify(actions.map((a) => a.title))}`);
  return TextDocument.applyEdits(document, action.edit!.changes![document.uri]!);
}

const assertClean = (text: string): void =>
  assert.deepEqual(
    diagnose(text).map((f) => `${f.rule}: ${f.message}`),
    [],
    text,
  );

describe('quick fixes', () => {
  test('unknown-element: rename start and end tag', () => {
    const fixed = applyFix(wrap('  <Sya>hi</Sya>'), 'unknown-element');
    assert.equal(fixed, wrap('  <Say>hi</Say>'));
  });
  test('unknown-attribute: fix the case', () => {
    const fixed = applyFix(wrap('  <Gather numdigits="1" action="/g"><Say>x</Say></Gather>'), 'unknown-attribute');
    assert.equal(fixed, wrap('  <Gather numDigits="1" action="/g"><Say>x</Say></Gather>'));
  });
  test('unknown-attribute / twiml-attribute: remove', () => {
    assert.equal(applyFix(wrap('  <Say voice="alice">x</Say>'), 'twiml-attribute'), wrap('  <Say>x</Say>'));
    assert.equal(applyFix(wrap('  <Hangup after="1"/>'), 'unknown-attribute', 'Remove the after attribute'), wrap('  <Hangup/>'));
  });
  test('twiml-value: inbound_track → inbound', () => {
    const fixed = applyFix(wrap('  <Connect><Stream url="wss://a/s" track="inbound_track"/></Connect>'), 'twiml-value');
    assert.equal(fixed, wrap('  <Connect><Stream url="wss://a/s" track="inbound"/></Connect>'));
  });
  test('invalid-attribute-value: the suggested value', () => {
    assert.equal(applyFix(wrap('  <Say language="kr">x</Say>'), 'invalid-attribute-value'), wrap('  <Say language="ko">x</Say>'));
  });
  test('websocket-url: ws:// → wss://', () => {
    const fixed = applyFix(wrap('  <Connect><Stream url="ws://a/s"/></Connect>'), 'websocket-url');
    assert.equal(fixed, wrap('  <Connect><Stream url="wss://a/s"/></Connect>'));
  });
  test('missing-attribute: inserts it', () => {
    const fixed = applyFix(wrap('  <Connect><Stream/></Connect>'), 'missing-attribute');
    assert.equal(fixed, wrap('  <Connect><Stream url="wss://"/></Connect>'));
  });
  test('invalid-child: move <Record> out of <Gather>, to just after it', () => {
    const text = wrap('  <Gather action="/g">\n    <Say>메시지를 남기세요</Say>\n    <Record action="/r" playBeep="true" maxLength="60" finishOnKey="#"/>\n  </Gather>');
    const fixed = applyFix(text, 'invalid-child');
    assert.equal(
      fixed,
      wrap('  <Gather action="/g">\n    <Say>메시지를 남기세요</Say>\n  </Gather>\n  <Record action="/r" playBeep="true" maxLength="60" finishOnKey="#"/>'),
    );
    assertClean(fixed);
  });
  test('text-not-allowed: wrap text in <Dial> into <Number>', () => {
    const fixed = applyFix(wrap('  <Dial>01012345678</Dial>'), 'text-not-allowed');
    assert.equal(fixed, wrap('  <Dial><Number>01012345678</Number></Dial>'));
    assertClean(fixed);
  });
  test('reject-not-first: move it first', () => {
    const fixed = applyFix(wrap('  <Say>잠시만요</Say>\n  <Reject reason="busy"/>'), 'reject-not-first', 'Move <Reject> first');
    assert.equal(fixed, wrap('  <Reject reason="busy"/>\n  <Say>잠시만요</Say>'));
  });
  test('reject-not-first: or replace it with what it amounts to, <Hangup>', () => {
    const fixed = applyFix(wrap('  <Say>잠시만요</Say>\n  <Reject reason="busy"/>'), 'reject-not-first', 'Replace with <Hangup> (hang up after answering)');
    assert.equal(fixed, wrap('  <Say>잠시만요</Say>\n  <Hangup/>'));
    assertClean(fixed);
  });
  test('unreachable-verb: remove what never runs', () => {
    const fixed = applyFix(wrap('  <Hangup/>\n  <Say>bye</Say>\n  <Pause/>'), 'unreachable-verb', 'Remove the verbs after <Hangup> that never run');
    assert.equal(fixed, wrap('  <Hangup/>'));
  });
  test('root-element: rename a misspelt root, wrap a verb root', () => {
    assert.equal(applyFix('<Reponse><Say>hi</Say></Reponse>', 'root-element'), '<Response><Say>hi</Say></Response>');
    const service2 = getLanguageService({ locale: 'en' });
    const document = TextDocument.create('file:///v.voiceml', 'voiceml', 1, '<Say>hi</Say>');
    const [diagnostic] = service2.doValidation(document);
    const [action] = service2.doCodeActions(document, diagnostic!.range, { diagnostics: [diagnostic!] });
    assert.equal(TextDocument.applyEdits(document, action!.edit!.changes![document.uri]!), '<Response><Say>hi</Say></Response>');
  });
  test('xml-syntax: escape a bare &', () => {
    assert.equal(applyFix(wrap('  <Say>a & b</Say>'), 'xml-syntax'), wrap('  <Say>a &amp; b</Say>'));
  });
  test('fix all applies every safe fix at once', () => {
    const text = wrap('  <Say voice="alice">영업 & 지원</Say>\n  <Connect><Stream url="ws://a/s" track="inbound_track"/></Connect>');
    const document = TextDocument.create('file:///all.xml', 'xml', 1, text);
    const actions = service.doCodeActions(document, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, { diagnostics: [], only: [FIX_ALL_KIND] });
    assert.equal(actions.length, 1);
    const fixed = TextDocument.applyEdits(document, actions[0]!.edit!.changes![document.uri]!);
    assert.equal(fixed, wrap('  <Say>영업 &amp; 지원</Say>\n  <Connect><Stream url="wss://a/s" track="inbound"/></Connect>'));
    assertClean(fixed);
  });
});

describe('fixes made when they are asked for', () => {
  test('validation makes no fix; a code action makes those of the findings in its range', () => {
    const made: string[] = [];
    const counted: Rule = {
      name: 'counted-fixes-test-rule',
      severity: 'warning',
      description: { ko: '', en: '' },
      element(element, ctx) {
        const tree = ctx.tree;
        const name = tree.name(element);
        if (name !== 'Say' && name !== 'Play') return;
        const start = tree.nameStart(element);
        const end = tree.nameEnd(element);
        ctx.report({ start, end, message: { ko: name, en: name }, fixes: () => (made.push(name), [{ title: { ko: name, en: name }, edits: [{ start, end, newText: name }] }]) });
      },
    };
    const registry = rules as Rule[];
    registry.push(counted);
    try {
      const own = getLanguageService({ locale: 'en' });
      const document = TextDocument.create('file:///counted.xml', 'xml', 1, wrap('  <Say>a</Say>\n  <Play>https://example.com/a.wav</Play>'));
      const diagnostics = own.doValidation(document).filter((d) => d.code === counted.name);
      assert.equal(diagnostics.length, 2);
      assert.deepEqual(made, []);
      const actions = own.doCodeActions(document, diagnostics[1]!.range, { diagnostics: [diagnostics[1]!] });
      assert.deepEqual(made, ['Play']);
      assert.deepEqual(actions.filter((a) => a.diagnostics?.[0]?.code === counted.name).map((a) => a.title), ['Play']);
    } finally {
      registry.splice(registry.indexOf(counted), 1);
    }
  });

  test('a fix made long after its finding is the fix made right after it, whatever was checked between', () => {
    // Fixes read what they close over. One asking the rules' context would be made from another tree's model
    // lookup (handed on once the run is over): the context throws then, and this test fails.
    // Every rule's wrong examples (in XML, JS/TS and Python), and a document with a mistake on a fifth of its lines.
    const examples = rules.flatMap((rule) => examplesOf(readFileSync(new URL(`../../docs/rules/${rule.name}.md`, import.meta.url), 'utf8')).filter((e) => e.kind === 'wrong'));
    const documents = [
      TextDocument.create('file:///late/mistakes.xml', 'xml', 1, withMistakes(generateVoiceML(40_000), 0.2, 3).text),
      ...examples.map((example, i) => TextDocument.create(`file:///late/example-${i}`, languageIdOf(example), 1, example.code)),
    ];
    const actionsOf = (own: ReturnType<typeof getLanguageService>, document: TextDocument): string =>
      JSON.stringify(own.doValidation(document).map((d) => own.doCodeActions(document, d.range, { diagnostics: [d] })));
    const late = getLanguageService({ locale: 'en' });
    for (const document of documents) late.doValidation(document);
    let fixes = 0;
    for (const document of documents) {
      const fresh = getLanguageService({ locale: 'en' });
      const expected = actionsOf(fresh, document);
      fixes += (expected.match(/"edit"/g) ?? []).length;
      assert.equal(actionsOf(late, document), expected, document.uri);
    }
    assert.ok(fixes > 150, `only ${fixes} fixes compared`);
  });

  test('a client that resolves actions gets them without edits, and each edit on resolve', () => {
    const text = wrap('  <Sya>hi</Sya>\n  <Say voice="alice" language="kr">R&D</Say>\n  <Connect><Stream url="ws://a/s" track="inbound_track"/></Connect>');
    const document = TextDocument.create('file:///resolve.xml', 'xml', 1, text);
    const diagnostics = service.doValidation(document);
    const whole = { start: document.positionAt(0), end: document.positionAt(text.length) };
    for (const only of [undefined, [FIX_ALL_KIND]]) {
      const eager = service.doCodeActions(document, whole, { diagnostics, only });
      const lazy = service.doCodeActions(document, whole, { diagnostics, only }, {}, undefined, true);
      assert.ok(eager.length >= (only ? 1 : 6), `${eager.length} actions`);
      assert.deepEqual(lazy.map((a) => a.title), eager.map((a) => a.title));
      assert.ok(lazy.every((a) => a.edit === undefined && a.data !== undefined));
      const resolved = lazy.map((a) => service.resolveCodeAction(document, a));
      assert.deepEqual(resolved.map((a) => a.edit), eager.map((a) => a.edit));
    }
    // After an edit, an action made for the version before resolves to nothing rather than to offsets gone stale.
    const [action] = service.doCodeActions(document, diagnostics[0]!.range, { diagnostics: [diagnostics[0]!] }, {}, undefined, true);
    const edited = TextDocument.update(document, [{ range: { start: document.positionAt(0), end: document.positionAt(0) }, text: '\n' }], 2);
    assert.equal(service.resolveCodeAction(edited, action!).edit, undefined);
    assert.equal(service.resolveCodeAction(document, { title: 'not ours', data: 7 }).edit, undefined);
  });
});

describe('fixes never lose code', () => {
  const applyIn = (text: string, languageId: string, rule: string, title: string): string => {
    const document = TextDocument.create(`file:///keep.${languageId === 'python' ? 'py' : 'ts'}`, languageId, 1, text);
    const diagnostic = service.doValidation(document).find((d) => d.code === rule);
    assert.ok(diagnostic, `a ${rule} finding`);
    const action = service.doCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] }).find((a) => a.title === title);
    assert.ok(action, `the fix "${title}"`);
    return TextDocument.applyEdits(document, action.edit!.changes![document.uri]!);
  };

  test('moving an element out of a template keeps every ${…} it holds', () => {
    const text = 'const f = (n: number) => `<Response><Gather action="/g"><Record action="${BASE}/vm" maxLength="${n}" finishOnKey="#"/></Gather></Response>`;\n';
    const fixed = applyIn(text, 'typescript', 'invalid-child', 'Move <Record> after </Gather>');
    assert.equal(fixed, 'const f = (n: number) => `<Response><Gather action="/g"></Gather>\n<Record action="${BASE}/vm" maxLength="${n}" finishOnKey="#"/></Response>`;\n');
  });

  test('moving an element in a Python f-string keeps its fields and escapes; into a literal of another kind, no move is offered', () => {
    const text = 'x = f"<Response><Gather action=\\"/g\\"><Record action=\\"{base}/vm\\"/></Gather></Response>"\n';
    const fixed = applyIn(text, 'python', 'invalid-child', 'Move <Record> after </Gather>');
    assert.equal(fixed, 'x = f"<Response><Gather action=\\"/g\\"></Gather>\\n<Record action=\\"{base}/vm\\"/></Response>"\n');
    const joined = 'x = (f"<Response><Gather action=\\"/g\\"><Record action=\\"{base}/vm\\"/>"\n     "</Gather></Response>")\n';
    const document = TextDocument.create('file:///joined.py', 'python', 1, joined);
    const diagnostic = service.doValidation(document).find((d) => d.code === 'invalid-child')!;
    const titles = service.doCodeActions(document, diagnostic.range, { diagnostics: [diagnostic] }).map((a) => a.title);
    assert.deepEqual(titles, ['Remove <Record>']);
  });

  test('removing the verbs that never run keeps the comments and text between them', () => {
    const text = wrap('  <Hangup/>\n  <Say>안녕</Say>\n  <!-- 상담원 연결 -->\n  <Play>https://example.com/a.wav</Play>');
    const fixed = applyFix(text, 'unreachable-verb', 'Remove the verbs after <Hangup> that never run');
    assert.equal(fixed, wrap('  <Hangup/>\n  <!-- 상담원 연결 -->'));
  });

  test('each fix comes with its own diagnostic when two findings of one rule share a range', () => {
    const rogue: Rule = {
      name: 'two-on-one-test-rule',
      severity: 'warning',
      description: { ko: '', en: '' },
      element(element, ctx) {
        if (ctx.tree.name(element) !== 'Say') return;
        const start = ctx.tree.nameStart(element);
        const end = ctx.tree.nameEnd(element);
        for (const which of ['first', 'second']) {
          ctx.report({ start, end, message: { ko: which, en: which }, fixes: () => [{ title: { ko: which, en: which }, edits: [{ start, end, newText: 'Say' }] }] });
        }
      },
    };
    const registry = rules as Rule[];
    registry.push(rogue);
    try {
      const document = TextDocument.create('file:///two.xml', 'xml', 1, wrap('  <Say>x</Say>'));
      const diagnostics = service.doValidation(document).filter((d) => d.code === rogue.name);
      assert.deepEqual(diagnostics.map((d) => d.message), ['first', 'second']);
      const actions = service.doCodeActions(document, diagnostics[0]!.range, { diagnostics });
      assert.deepEqual(
        actions.filter((a) => a.diagnostics?.[0]?.code === rogue.name).map((a) => [a.title, a.diagnostics![0]!.message]),
        [
          ['first', 'first'],
          ['second', 'second'],
        ],
      );
    } finally {
      registry.splice(registry.indexOf(rogue), 1);
    }
  });
});

test('quick fixes: at most resultLimit of them, and word that there were more', () => {
  const limited = getLanguageService({ locale: 'en' });
  const text = wrap('  <Say voice="alice">1</Say><Say voice="alice">2</Say><Say voice="alice">3</Say>');
  const document = TextDocument.create('file:///fixes/limit.xml', 'xml', 1, text);
  const diagnostics = limited.doValidation(document);
  const range = { start: { line: 0, character: 0 }, end: document.positionAt(text.length) };
  const told: string[] = [];
  const actions = limited.doCodeActions(document, range, { diagnostics }, {}, { resultLimit: 2, onResultLimitExceeded: (uri) => told.push(uri) });
  assert.equal(actions.length, 2);
  assert.deepEqual(told, [document.uri]);
  assert.equal(limited.doCodeActions(document, range, { diagnostics }).length, 3);
});
