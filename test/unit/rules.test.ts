/**
 * Every rule on the broken examples derived from the reference: each gets exactly the diagnostics it
 * deserves (rule and the exact text under the range); every valid example gets none. The documents live in
 * `test/fixtures/documents.ts`, shared with the XSD differential test.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { diagnose, summary, wrap } from '../support/diagnose';
import { detectionCases, ruleCase, ruleCases, validDocuments, type DocumentCase } from '../fixtures/documents';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/languageService';
import { findProblems } from '../../server/src/services/diagnostics';
import { releaseLookup, runRules } from '../../server/src/rules/run';
import { rules } from '../../server/src/rules';
import type { Rule, RuleContext } from '../../server/src/rules/rule';
import type { VoiceMLRegion } from '../../server/src/document/region';
import { CDATA, NONE, TEXT, VISIBLE, type NodeId } from '../../server/src/parser/tree';
import { MAX_PARSE_ERRORS, parseTree } from '../../server/src/parser/parser';
import { bodyOf } from '../../server/src/rules/support';
import { invalidBody } from '../../server/src/rules/invalid-body';
import { prng } from '../support/random';
import { seeds } from '../fuzz/seeds';
import { mutate } from '../fuzz/mutate';

function expectExactly(xml: string, expected: [string, string][], languageId?: string): void {
  const found = diagnose(xml, languageId ? { languageId } : {});
  assert.deepEqual(
    summary(found),
    [...expected].sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1])),
    found.map((f) => `${f.rule} @ ${JSON.stringify(f.at)}: ${f.message}`).join('\n'),
  );
}

const expectCase = (c: DocumentCase): void => expectExactly(c.xml, c.expected, c.languageId);

/** Every document of `rule` gets exactly its findings. */
const expectCasesOf = (rule: string): void => {
  const cases = ruleCases[rule];
  assert.ok(cases && cases.length > 0, `no documents for ${rule}`);
  for (const c of cases) expectCase(c);
};

describe('valid documents are clean', () => {
  for (const c of validDocuments) test(c.name, () => expectCase(c));
});

describe('which documents are VoiceML', () => {
  for (const c of detectionCases) test(c.name, () => expectCase(c));
});

describe('rules', () => {
  test('xml-syntax: well-formedness errors', () => {
    expectCasesOf('xml-syntax');
    const found = diagnose(ruleCase('xml-syntax', 'a bare & and an unquoted value').xml);
    assert.equal(found[0]!.at, '&');
  });
  test('unknown-element: did-you-mean, case', () => {
    expectCasesOf('unknown-element');
    const [f] = diagnose(ruleCase('unknown-element', 'wrong case').xml);
    assert.match(f!.message, /case-sensitive.*<Say>/);
  });
  test('twiml-element: ruled out and unmentioned TwiML', () => {
    expectCasesOf('twiml-element');
    assert.match(diagnose(ruleCase('twiml-element', 'Queue, with the VoiceML way in the message').xml)[0]!.message, /Record/);
  });
  test('invalid-child: the nesting table', () => expectCasesOf('invalid-child'));
  test('response-size: the written text in UTF-8 bytes, as the server sends it, substitutions left out', () => {
    // Korean (3 bytes a character), an emoji (a surrogate pair: 4), a lone surrogate (sent as U+FFFD: 3).
    const say = `${'안녕하세요 '.repeat(5000)}😀\ud800`;
    const xml = wrap(`<Say>${say}</Say>`);
    const bytes = Buffer.byteLength(xml, 'utf8');
    assert.ok(bytes > 64 * 1024);
    const [found] = diagnose(xml).filter((f) => f.rule === 'response-size');
    assert.match(found!.message, new RegExp(` ${bytes.toLocaleString('en-US')} bytes`));
    // In a template, what a substitution's code puts in is not counted, nor is the `${…}` written for it.
    const ts = `res.send(\`${wrap(`<Say>${say}\${name}</Say>`)}\`);`;
    const [inTemplate] = diagnose(ts, { languageId: 'typescript' }).filter((f) => f.rule === 'response-size');
    assert.match(inTemplate!.message, new RegExp(` ${bytes.toLocaleString('en-US')} bytes`));
  });
  test('child-count: Dial needs exactly one Number, Connect one Stream', () => expectCasesOf('child-count'));
  test('text-not-allowed: text where only elements go', () => expectCasesOf('text-not-allowed'));
  test('missing-body: Say, Redirect, Number, Play', () => expectCasesOf('missing-body'));
  test('invalid-body: URL and phone number bodies', () => expectCasesOf('invalid-body'));
  test('conflicting-body: Play with both a URL and digits', () => {
    expectCasesOf('conflicting-body');
    assert.equal(diagnose(ruleCase('conflicting-body', 'Play with both a URL and digits').xml)[0]!.severity, 'warning');
  });
  test('unknown-attribute: did-you-mean and case', () => {
    expectCasesOf('unknown-attribute');
    const [f] = diagnose(ruleCase('unknown-attribute', 'wrong case').xml);
    assert.match(f!.message, /case-sensitive: numDigits/);
  });
  test('twiml-attribute: warning, TwiML-only attributes', () => {
    expectCasesOf('twiml-attribute');
    assert.ok(diagnose(ruleCase('twiml-attribute', 'voice and method').xml).every((f) => f.severity === 'warning'));
  });
  test('missing-attribute: Stream url, Parameter name and value', () => expectCasesOf('missing-attribute'));
  test('invalid-attribute-value: every type', () => {
    expectCasesOf('invalid-attribute-value');
    const [undocumented] = diagnose(ruleCase('invalid-attribute-value', 'an undocumented DTMF tone (a warning)').xml);
    assert.equal(undocumented!.severity, 'warning');
    assert.match(diagnose(ruleCase('invalid-attribute-value', 'kr for ko').xml)[0]!.message, /ko/);
  });
  test('twiml-value: TwiML values and their VoiceML replacement', () => {
    expectCasesOf('twiml-value');
    assert.match(diagnose(ruleCase('twiml-value', 'both_tracks').xml)[0]!.message, /"both"/);
  });
  test('websocket-url: Stream url must be wss://', () => expectCasesOf('websocket-url'));
  test('reject-not-first: warning', () => {
    expectCasesOf('reject-not-first');
    assert.equal(diagnose(ruleCase('reject-not-first', 'Reject after Say').xml)[0]!.severity, 'warning');
  });
  test('unreachable-verb: after Hangup, Reject, Redirect, Connect', () => {
    expectCasesOf('unreachable-verb');
    assert.deepEqual(diagnose(ruleCase('unreachable-verb', 'after Hangup').xml)[0]!.diagnostic.tags, [1]);
  });
  test('recommended-attribute: Gather without action is information', () => {
    expectCasesOf('recommended-attribute');
    assert.equal(diagnose(ruleCase('recommended-attribute', 'Gather without action').xml)[0]!.severity, 'information');
  });
  test('changed-default: a hint when porting TwiML', () => {
    expectCasesOf('changed-default');
    const [f] = diagnose(ruleCase('changed-default', 'Record with TwiML defaults in mind').xml);
    assert.equal(f!.severity, 'hint');
    assert.match(f!.message, /playBeep/);
  });
});

describe('settings and locale', () => {
  test('a rule can be turned off or re-graded', () => {
    const xml = wrap('  <Say voice="alice">x</Say>');
    assert.deepEqual(diagnose(xml, { settings: { rules: { 'twiml-attribute': 'off' } } }), []);
    assert.equal(diagnose(xml, { settings: { rules: { 'twiml-attribute': 'error' } } })[0]!.severity, 'error');
    assert.deepEqual(diagnose(xml, { settings: { enable: false } }), []);
  });
  test('Korean by default, English for en', () => {
    const xml = wrap('  <Sya>x</Sya>');
    assert.match(diagnose(xml, { locale: 'ko' })[0]!.message, /요소가 아닙니다/);
    assert.match(diagnose(xml, { locale: undefined as unknown as string })[0]!.message, /요소가 아닙니다/);
    assert.match(diagnose(xml, { locale: 'en-US' })[0]!.message, /is not a VoiceML element/);
  });
});

describe('review fixes', () => {
  test('a POSIX LANG such as en_US.UTF-8 means English', async () => {
    const { toLocale } = await import('../../server/src/l10n');
    assert.equal(toLocale('en_US.UTF-8'), 'en');
    assert.equal(toLocale('en'), 'en');
    assert.equal(toLocale('ko_KR.UTF-8'), 'ko');
    assert.equal(toLocale('eno'), 'ko');
  });
  test('an upper-case WSS:// before a substitution is fine', () => {
    // As a fragment in a voiceml document: the same check the template support runs on `url="WSS://${h}"`.
    assert.deepEqual(summary(diagnose(wrap('  <Connect><Stream url="WSS://a/s"/></Connect>'))), []);
  });
  test('an unknown severity in the settings falls back to the rule default', () => {
    const [f] = diagnose(wrap('  <Sya>x</Sya>'), { settings: { rules: { 'unknown-element': 'warn' as never } } });
    assert.equal(f!.severity, 'error');
  });
  test('a Reject misplaced inside Gather is invalid-child only', () => {
    assert.deepEqual(summary(diagnose(wrap('  <Gather action="/g"><Say>x</Say><Reject/></Gather>'))), [['invalid-child', 'Reject']]);
  });
});

describe('a bounded number of findings', () => {
  test('past the limit, findings are counted, not kept: the first by position, at one place in the order of the rules', () => {
    // Several rules find things at interleaved places, some at the same range (two missing attributes).
    const body = '  <Say voice="alice" language="kr">x</Say>\n  <Parameter/>\n  <Pause length="two"/>\n  <Sya>x</Sya>\n  a & b\n';
    const document = TextDocument.create('file:///limits.xml', 'xml', 1, wrap(body.repeat(40)));
    const regions = getLanguageService().getRegions(document);
    const all = findProblems(regions, {});
    assert.equal(all.omitted, 0);
    assert.ok(all.findings.length > 200, `${all.findings.length}`);
    for (const limit of [0, 1, 2, 7, 100, all.findings.length - 1, all.findings.length, all.findings.length + 5]) {
      const some = findProblems(regions, {}, limit);
      assert.deepEqual(some.findings, all.findings.slice(0, limit), `limit ${limit}`);
      assert.equal(some.omitted, Math.max(0, all.findings.length - limit), `limit ${limit}`);
    }
  });
});

describe('a bounded number of findings, some of them redundant', () => {
  test('findings left out as redundant (inside what is not VoiceML) leave room for the next: the first published are the first of all', () => {
    // Each <Sya> is one finding; the three inside it (a TwiML attribute, two wrong values) are left out.
    const body = '  <Sya><Say voice="alice" language="kr">x</Say><Pause length="two"/></Sya>\n  <Pause length="three"/>\n';
    const document = TextDocument.create('file:///redundant-limits.xml', 'xml', 1, wrap(body.repeat(30)));
    const regions = getLanguageService().getRegions(document);
    const all = findProblems(regions, {});
    assert.equal(all.findings.length, 60);
    for (const limit of [1, 2, 5, 17, 59, 60, 61]) {
      const some = findProblems(regions, {}, limit);
      assert.deepEqual(some.findings, all.findings.slice(0, limit), `limit ${limit}`);
      assert.ok(some.omitted >= all.findings.length - some.findings.length, `limit ${limit}: ${some.omitted}`);
    }
  });
  test('what a rule counts itself (the parser past its own limit) does not make the rules run again and again', () => {
    const text = wrap('  <Say>a & b</Say>\n'.repeat(MAX_PARSE_ERRORS + 50));
    const regions = getLanguageService().getRegions(TextDocument.create('file:///parse-errors.xml', 'xml', 1, text));
    const all = findProblems(regions, {});
    assert.equal(all.omitted, 50);
    const found = findProblems(regions, {}, all.findings.length + 10);
    assert.deepEqual(found.findings, all.findings);
    assert.equal(found.omitted, 50);
  });
});

/** A rule of a test's own: a hint, without description, with the hooks and conditions given. */
const ownRule = (name: string, fields: Omit<Rule, 'name' | 'severity' | 'description'>): Rule => ({ name, severity: 'hint', description: { ko: '', en: '' }, ...fields });

/** What the tests' own rules report: the whole element, with no message. */
const reportWhole = (ctx: RuleContext, element: NodeId): void => ctx.report({ start: ctx.tree.start(element), end: ctx.tree.end(element), message: { ko: '', en: '' } });

/** What `rule` alone finds in the XML document `text`, as the text of each finding. */
function foundBy(rule: Rule, text: string): string[] {
  const region = getLanguageService().getRegions(TextDocument.create(`file:///${rule.name}.xml`, 'xml', 1, text))[0]!;
  return runRules(region, [rule]).findings.map((f) => text.slice(f.start, f.end));
}

describe('the runner calls a rule only where it can find something', () => {
  // A rule of the test's own: it reports every <Play> with `loop`, and says so (`findsNothingWithout`).
  const calls: number[] = [];
  const playsWithLoop: Rule = ownRule('plays-with-loop', {
    appliesTo: (spec) => spec?.name === 'Play',
    findsNothingWithout: () => 'loop',
    element(element, ctx) {
      calls.push(element);
      if (ctx.tree.findAttribute(element, 'loop') !== NONE) reportWhole(ctx, element);
    },
  });
  const text = wrap('  <Play loop="2">a.wav</Play>\n  <Play>b.wav</Play>\n  <Play digits="1"/>\n  <Play loop="1">c.wav</Play>\n');
  const regionOf = (): VoiceMLRegion => getLanguageService().getRegions(TextDocument.create(`file:///loop-${calls.length}.xml`, 'xml', 1, text))[0]!;
  const found = (region: VoiceMLRegion): string[] => runRules(region, [playsWithLoop]).findings.map((f) => text.slice(f.start, f.end));
  const expected = ['<Play loop="2">a.wav</Play>', '<Play loop="1">c.wav</Play>'];

  test('the same findings on a tree looked up before the rule was known (for other rules), which is then called on every <Play>', () => {
    const region = regionOf();
    runRules(region, rules);
    calls.length = 0;
    assert.deepEqual(found(region), expected);
  });
  test('on a tree looked up since, only the elements with the attribute are called', () => {
    const region = regionOf();
    calls.length = 0;
    assert.deepEqual(found(region), expected);
    assert.equal(calls.length, 2);
  });
});

describe('the runner skips the elements whose content starts with text, for a rule that finds nothing there', () => {
  // A rule of the test's own: it reports every <Say> without a visible first child text.
  const calls: number[] = [];
  const saysWithoutWords: Rule = ownRule('says-without-words', {
    appliesTo: (spec) => spec?.name === 'Say',
    findsNothingWithText: true,
    element(element, ctx) {
      calls.push(element);
      const first = ctx.tree.firstChild(element);
      const kind = first === NONE ? undefined : ctx.tree.kind(first);
      if ((kind !== TEXT && kind !== CDATA) || !ctx.tree.is(first, VISIBLE)) {
        reportWhole(ctx, element);
      }
    },
  });
  test('called on the others only, which it reports', () => {
    const text = wrap('  <Say>안녕</Say>\n  <Say/>\n  <Say>\n    hello</Say>\n  <Say> </Say>\n  <Say>&amp;</Say>\n  <Say><!-- x -->hi</Say>\n');
    assert.deepEqual(foundBy(saysWithoutWords, text), ['<Say/>', '<Say> </Say>', '<Say>&amp;</Say>', '<Say><!-- x -->hi</Say>']);
    assert.equal(calls.length, 4);
  });
  test('a CDATA section is text: one starting with a visible character is skipped, others are called', () => {
    calls.length = 0;
    const text = wrap('  <Say><![CDATA[Press <1> & wait]]></Say>\n  <Say><![CDATA[안녕]]></Say>\n  <Say><![CDATA[ hi]]></Say>\n  <Say><![CDATA[]]></Say>\n');
    assert.deepEqual(foundBy(saysWithoutWords, text), ['<Say><![CDATA[ hi]]></Say>', '<Say><![CDATA[]]></Say>']);
    assert.equal(calls.length, 2);
  });
});

describe('the runner skips the elements without content, for a rule that finds nothing there', () => {
  // A rule of the test's own: it reports every <Play> with content.
  const calls: number[] = [];
  const playsWithContent: Rule = ownRule('plays-with-content', {
    appliesTo: (spec) => spec?.name === 'Play',
    findsNothingWithoutContent: true,
    element(element, ctx) {
      calls.push(element);
      if (ctx.tree.firstChild(element) !== NONE) reportWhole(ctx, element);
    },
  });
  test('called on the others only, which it reports', () => {
    // White space alone is no content (no node of the tree): a comment is.
    const text = wrap('  <Play>a.wav</Play>\n  <Play digits="1"/>\n  <Play></Play>\n  <Play><!-- x --></Play>\n  <Play> </Play>\n  <Play>\n  </Play>\n');
    assert.deepEqual(foundBy(playsWithContent, text), ['<Play>a.wav</Play>', '<Play><!-- x --></Play>']);
    assert.equal(calls.length, 2);
  });
});

describe('a body of a kind of its own (a URL, a phone number) is a value: a rule on values not plainly valid is called where it is not', () => {
  // A rule of the test's own: it reports every element it is called on, among those with a URL or number body.
  const bodies: Rule = ownRule('bodies-not-plain', {
    appliesTo: (spec) => spec?.name === 'Play' || spec?.name === 'Redirect' || spec?.name === 'Number',
    elementsWith: 'value-not-plain',
    element: (element, ctx) => reportWhole(ctx, element),
  });
  test('called on the bodies that are not one plain text holding a fine value, and on no other', () => {
    const clean = [
      '  <Play>https://example.com/plain-body.wav</Play>',
      '  <Redirect>\n    https://example.com/plain-body\n  </Redirect>',
      '  <Dial><Number>010-1234-5678</Number></Dial>',
      '  <Play digits="1"/>',
      '  <Play> </Play>',
    ];
    const notPlain = [
      '<Play>https://example.com/a&amp;b.wav</Play>',
      '<Play>not a url</Play>',
      '<Play>https://example.com/plain-body.wav<!-- c --></Play>',
      '<Play><![CDATA[https://example.com/plain-body.wav]]></Play>',
      '<Play loop="two">https://example.com/plain-body.wav</Play>',
      '<Number>010-1234-567x</Number>',
    ];
    const text = wrap(`${clean.join('\n')}\n  ${notPlain.join('\n  ')}\n`.replace('<Number>010-1234-567x</Number>', '<Dial><Number>010-1234-567x</Number></Dial>'));
    // The rules check each value once and remember the fine ones: what is plainly valid is what they found fine.
    foundBy(invalidBody, text);
    assert.deepEqual(foundBy(bodies, text), notPlain);
  });
  test('invalid-body, now called only there, finds what it finds on every element', () => {
    const text = wrap('  <Play>https://example.com/ok.wav</Play>\n  <Play>example.com/no-scheme.wav</Play>\n  <Redirect> https://example.com/next </Redirect>\n  <Dial><Number>010-1234-567x</Number></Dial>\n  <Play>https://example.com/a&amp;b.wav</Play>\n');
    const everywhere: Rule = { ...invalidBody, name: 'invalid-body-everywhere', elementsWith: undefined };
    assert.deepEqual(foundBy(invalidBody, text), foundBy(everywhere, text));
    assert.deepEqual(foundBy(invalidBody, text), ['example.com/no-scheme.wav', '010-1234-567x']);
  });
});

describe('the elements the runner skips for a rule are ones where it finds nothing', () => {
  // Each rule as it is, and the same rule with none of the conditions that let the runner skip elements: on
  // mutated real documents (the fuzzers' seeds and edits), both find the same.
  const unconditioned = rules.map((rule): Rule => ({
    ...rule,
    elementsWith: undefined,
    findsNothingWith: undefined,
    findsNothingWithout: undefined,
    findsNothingWithText: undefined,
    findsNothingWithoutContent: undefined,
  }));
  const findings = (text: string, uri: string, ruleList: readonly Rule[]): string[] =>
    getLanguageService()
      .getRegions(TextDocument.create(uri, 'xml', 1, text))
      .flatMap((region) => runRules(region, ruleList).findings.map((f) => `${f.rule} ${f.start}-${f.end} ${JSON.stringify(f.message)} ${JSON.stringify(f.args ?? [])}`));
  test('on 400 mutated documents, every rule finds the same with and without its conditions', () => {
    const random = prng(20261207);
    const xml = seeds().small.filter((seed) => seed.languages.includes('xml'));
    let found = 0;
    for (let i = 0; i < 400; i++) {
      const text = mutate(random, random.pick(xml).text);
      const expected = findings(text, `file:///unconditioned-${i}.xml`, unconditioned);
      assert.deepEqual(findings(text, `file:///conditioned-${i}.xml`, rules), expected, `document ${i}:\n${text}`);
      found += expected.length;
    }
    assert.ok(found > 1000, `${found} findings`);
  });
});

describe('a rule on elements of several kinds, which the runner calls kind after kind, reports in document order', () => {
  // A rule of the test's own: it reports every element's name.
  const names: Rule = ownRule('every-name', {
    element(element, ctx) {
      ctx.report({ start: ctx.tree.nameStart(element), end: ctx.tree.nameEnd(element), message: { ko: '', en: '' } });
    },
  });
  test('over several blocks of elements, and cut at the limit', () => {
    const kinds = ['Say', 'Play', 'Pause', 'Hangup'];
    // More elements than the runner checks at a time, their kinds interleaved.
    const verbs = Array.from({ length: 5000 }, (_, i) => kinds[(i * 7) % kinds.length]!);
    const text = wrap(verbs.map((name) => `<${name}/>`).join(''));
    const region = getLanguageService().getRegions(TextDocument.create('file:///kinds.xml', 'xml', 1, text))[0]!;
    const all = runRules(region, [names]);
    assert.deepEqual(all.findings.map((f) => text.slice(f.start, f.end)), ['Response', ...verbs]);
    assert.deepEqual(all.findings.map((f) => f.start), [...all.findings.map((f) => f.start)].sort((a, b) => a - b));
    const first = runRules(region, [names], 1000);
    assert.deepEqual(first.findings.map((f) => text.slice(f.start, f.end)), ['Response', ...verbs.slice(0, 999)]);
    assert.equal(first.omitted, 4001);
  });
});

describe('twilio-url looks at elements whose values are not all plainly valid, and finds every Twilio URL', () => {
  test('the same Twilio action thousands of times, in a document validated twice: every one found both times', () => {
    const gather = '  <Gather numDigits="1" action="https://webhooks.twilio.com/v1/Accounts/AC1/Flows/FW1"><Say>1번</Say></Gather>\n';
    const text = wrap(gather.repeat(3000));
    // The second time, the value's check is known from the first (see `checkValue`).
    for (const uri of ['file:///twilio-1.xml', 'file:///twilio-2.xml']) {
      const all = findProblems(getLanguageService().getRegions(TextDocument.create(uri, 'xml', 1, text)), { rules: { 'response-size': 'off' } });
      assert.equal(all.findings.filter((f) => f.finding.rule.name === 'twilio-url').length, 3000, uri);
    }
  });
});

describe('at one place, findings come in the order of the rules, whichever the runner calls first', () => {
  // Rules of the test's own on the root's name: one on the document, one on elements.
  const onRoot = (ctx: RuleContext): void => ctx.report({ start: ctx.tree.nameStart(ctx.tree.root), end: ctx.tree.nameEnd(ctx.tree.root), message: { ko: '', en: '' } });
  const byDocument: Rule = ownRule('by-document', { document: onRoot });
  const byElement: Rule = ownRule('by-element', { appliesTo: (spec) => spec?.name === 'Response', element: (_, ctx) => onRoot(ctx) });
  const region = getLanguageService().getRegions(TextDocument.create('file:///same-place.xml', 'xml', 1, wrap('  <Hangup/>\n')))[0]!;
  test('the element rule first', () => {
    assert.deepEqual(runRules(region, [byElement, byDocument]).findings.map((f) => f.rule.name), ['by-element', 'by-document']);
  });
  test('the document rule first', () => {
    assert.deepEqual(runRules(region, [byDocument, byElement]).findings.map((f) => f.rule.name), ['by-document', 'by-element']);
  });
  test('cut at one: the first of them', () => {
    assert.deepEqual(runRules(region, [byElement, byDocument], 1).findings.map((f) => f.rule.name), ['by-element']);
    assert.deepEqual(runRules(region, [byDocument, byElement], 1).findings.map((f) => f.rule.name), ['by-document']);
  });
});

describe('a rule that asks whether a finding would be left out does not make those past the limit', () => {
  // A rule of the test's own: every element's name, made only when it would be kept.
  let made = 0;
  const names: Rule = ownRule('every-name-asked', {
    element(element, ctx) {
      const start = ctx.tree.nameStart(element);
      const end = ctx.tree.nameEnd(element);
      if (ctx.leftOut(start, end)) return;
      made++;
      ctx.report({ start, end, message: { ko: '', en: '' } });
    },
  });
  test('the same findings and count as a rule that makes every one, and a fraction of them made', () => {
    const text = wrap('<Say/><Play/><Pause/>'.repeat(3000));
    const region = getLanguageService().getRegions(TextDocument.create('file:///asked.xml', 'xml', 1, text))[0]!;
    const first = runRules(region, [names], 1000);
    assert.deepEqual(first.findings.map((f) => f.start), runRules(region, [names]).findings.slice(0, 1000).map((f) => f.start));
    assert.equal(first.omitted, 9001 - 1000);
    made = 0;
    runRules(region, [names], 1000);
    // The runner meets a block's elements kind by kind: the rest of the first block is made, no more.
    assert.ok(made < 2500, `${made}`);
  });
});

describe('a lookup in the tables another one gave back reads nothing the other left there', () => {
  // Small trees, as a JS/TS file's strings are: each one's lookup takes the tables the one before gave back.
  const texts = [
    wrap('  <Say voice="alice" language="kr">x</Say>\n  <Gather input="speech" numdigits="1"><Sya>y</Sya></Gather>\n  <Pause length="two"/>\n'),
    wrap('  <Sya a="1" b="2" c="3" d="4"><Play loop="x">a.wav</Play></Sya>\n  <Record maxLength="60" finishonkey="#"/>\n'),
    wrap('  <Dial timeout="30s"><Number>010-1234-5678</Number></Dial>\n  <Redirect method="GET">/next</Redirect>\n'),
    wrap('  <Play digits="1w2#x"/><!-- c --><Hangup/>\n'),
  ];
  const regionOf = (text: string, k: number): VoiceMLRegion => getLanguageService().getRegions(TextDocument.create(`file:///tables-${k}.xml`, 'xml', 1, text))[0]!;
  const found = (region: VoiceMLRegion): string[] => {
    const findings = runRules(region, rules).findings.map((f) => `${f.rule.name} ${f.start}-${f.end}`);
    releaseLookup(region.tree);
    return findings;
  };
  test('each tree finds the same whichever tree was looked up before it', () => {
    let k = 0;
    // After a tree with nothing in it (a lookup that wrote next to nothing into the tables): the baseline.
    const expected = texts.map((text) => {
      found(regionOf('<Response/>', k++));
      return found(regionOf(text, k++));
    });
    assert.ok(expected.every((e) => e.length > 0));
    for (const [i, before] of texts.entries()) {
      for (const [j, text] of texts.entries()) {
        found(regionOf(before, k++));
        assert.deepEqual(found(regionOf(text, k++)), expected[j], `${j} after ${i}`);
      }
    }
  });
});

describe('a body is its text, its CDATA and the white space between them (which is no node of the tree)', () => {
  test('read whole, where a comment or a CDATA section splits it', () => {
    const text = '<Response><Play><![CDATA[http://a]]> <![CDATA[/b]]></Play><Say>\n  <!-- c -->  안녕 <![CDATA[하세요]]>\n</Say></Response>';
    const tree = parseTree(text);
    const [play, say] = [2, 5];
    assert.deepEqual([tree.name(play), tree.name(say)], ['Play', 'Say']);
    assert.deepEqual(bodyOf(tree, play), { value: 'http://a /b', start: text.indexOf('<![CDATA[http'), end: text.indexOf('</Play>'), dynamic: false });
    assert.equal(bodyOf(tree, say).value, '\n    안녕 하세요\n');
    // The rule that reads it: a URL with a space in it.
    assert.deepEqual(diagnose(text).filter((d) => d.rule === 'invalid-body').map((d) => d.at), ['<![CDATA[http://a]]> <![CDATA[/b]]>']);
  });
});
