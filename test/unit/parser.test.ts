import { mock, test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import assert from 'node:assert/strict';
import { MAX_PARSE_ERRORS, PLACEHOLDER, parseErrorMessages, parseTree, parseXml } from '../../server/src/parser';
import { ELEMENT, TEXT, VISIBLE, WHITESPACE } from '../../server/src/parser/tree';
import { addWellKnownNames, knownNames } from '../../server/src/parser/intern';
// The model's names are well-known names, as wherever the parser runs in the server and the CLI.
import '../../server/src/model';
import { SaxesParser } from 'saxes';
import { readFileSync } from 'node:fs';
import { generateVoiceML } from '../support/corpus';
import type { ParseErrorCode, ParseOptions, XmlDocument, XmlElement, XmlNode } from '../../server/src/parser';

// ---------------------------------------------------------------------------------------------------------
// Helpers

type ErrorTuple = [code: ParseErrorCode, start: number, end: number];

function errorsOf(text: string, options?: ParseOptions): ErrorTuple[] {
  return parseXml(text, options).errors.map((e) => [e.code, e.start, e.end]);
}

/** `[start, end)` of the `nth` occurrence of `needle` in `text` (so expectations read like the document). */
function span(text: string, needle: string, nth = 0): [number, number] {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${JSON.stringify(needle)} #${nth} not in ${JSON.stringify(text)}`);
  }
  return [at, at + needle.length];
}

function elements(nodes: readonly XmlNode[]): XmlElement[] {
  return nodes.filter((n): n is XmlElement => n.kind === 'element');
}

/** Every element of the document in document order, without recursion (documents here can be deep). */
function allElements(doc: XmlDocument): XmlElement[] {
  const out: XmlElement[] = [];
  const todo: XmlNode[] = [...doc.children].reverse();
  while (todo.length > 0) {
    const node = todo.pop()!;
    if (node.kind !== 'element') continue;
    out.push(node);
    for (let k = node.children.length - 1; k >= 0; k--) todo.push(node.children[k]!);
  }
  return out;
}

function only<T>(items: readonly T[]): T {
  assert.equal(items.length, 1);
  return items[0]!;
}

// ---------------------------------------------------------------------------------------------------------
// Valid documents: tree shape and offsets

const REFERENCE_EXAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say language="ko">안녕하세요.</Say>
  <Gather timeout="5" action="https://your-server.com/gather">
    <Say language="ko">서비스를 선택하세요. 1번 상담, 2번 안내</Say>
  </Gather>
  <Say language="ko">응답이 없습니다.</Say>
  <Hangup/>
</Response>`;

test('the reference example: no errors, the expected tree, exact offsets', () => {
  const text = REFERENCE_EXAMPLE;
  const doc = parseXml(text);
  assert.deepEqual(doc.errors, []);
  assert.equal(doc.start, 0);
  assert.equal(doc.end, text.length);
  assert.equal(doc.text, text);

  const [decl, ws1, root] = doc.children;
  assert.ok(decl?.kind === 'pi');
  assert.equal(decl.target, 'xml');
  assert.deepEqual([decl.start, decl.end, decl.targetStart, decl.targetEnd, decl.closed], [0, 38, 2, 5, true]);
  assert.ok(ws1?.kind === 'text' && ws1.whitespace && ws1.value === '\n');
  assert.equal(root, doc.root);
  assert.ok(root?.kind === 'element');
  assert.equal(root.parent, doc);
  assert.deepEqual(
    elements(root.children).map((e) => e.name),
    ['Say', 'Gather', 'Say', 'Hangup'],
  );

  const say = elements(root.children)[0]!;
  const sayStart = text.indexOf('<Say');
  assert.equal(say.start, sayStart);
  assert.deepEqual([say.nameStart, say.nameEnd], [sayStart + 1, sayStart + 4]);
  assert.equal(say.startTagEnd, text.indexOf('>', sayStart) + 1);
  assert.ok(say.startTagClosed && !say.selfClosing && !say.dynamicName && !say.dynamicAttributes);
  assert.equal(say.parent, root);

  const language = only(say.attributes);
  assert.equal(language.name, 'language');
  assert.deepEqual([language.start, language.nameStart, language.nameEnd], [sayStart + 5, sayStart + 5, sayStart + 13]);
  assert.equal(language.end, sayStart + 18);
  const value = language.value!;
  assert.deepEqual(
    [value.value, value.start, value.end, value.valueStart, value.valueEnd, value.quote, value.closed, value.dynamic],
    ['ko', sayStart + 14, sayStart + 18, sayStart + 15, sayStart + 17, '"', true, false],
  );

  const body = only(say.children);
  assert.ok(body.kind === 'text');
  assert.deepEqual([body.value, body.start, body.end, body.whitespace, body.dynamic], ['안녕하세요.', ...span(text, '안녕하세요.'), false, false]);
  assert.equal(body.parent, say);

  const endTag = say.endTag!;
  const [endStart, endEnd] = span(text, '</Say>');
  assert.deepEqual([endTag.name, endTag.start, endTag.end, endTag.nameStart, endTag.nameEnd, endTag.closed], ['Say', endStart, endEnd, endStart + 2, endStart + 5, true]);
  assert.equal(say.end, endEnd);

  const gather = elements(root.children)[1]!;
  assert.deepEqual(
    gather.attributes.map((a) => [a.name, a.value?.value]),
    [
      ['timeout', '5'],
      ['action', 'https://your-server.com/gather'],
    ],
  );
  assert.deepEqual(gather.children.map((c) => c.kind), ['text', 'element', 'text']);

  const hangup = elements(root.children)[3]!;
  const [hangupStart, hangupEnd] = span(text, '<Hangup/>');
  assert.deepEqual([hangup.start, hangup.end, hangup.startTagEnd, hangup.selfClosing, hangup.endTag], [hangupStart, hangupEnd, hangupEnd, true, undefined]);
  assert.deepEqual(hangup.children, []);
  assert.deepEqual(hangup.attributes, []);

  assert.equal(root.endTag?.end, text.length);
  assert.equal(root.end, text.length);
});

const ALL_VERBS = `<Response>
  <Say language="ko-KR">안녕하세요. 상담 품질 향상을 위해 통화 내용이 녹음됩니다.</Say>
  <Play>https://example.com/welcome.wav</Play>
  <Play loop="2">https://example.com/beep.wav</Play>
  <Play digits="1w2w3#"/>
  <Gather timeout="5" numDigits="1" action="/handle-input" finishOnKey="#">
    <Say language="ko">1번 상담, 2번 안내, 3번 기타</Say>
    <Play>https://example.com/menu.wav</Play>
  </Gather>
  <Record maxLength="60" finishOnKey="#" playBeep="true" action="https://your-server.com/voicemail-done"/>
  <Dial callerId="07012340001" timeout="30" action="https://your-server.com/after-dial">
    <Number>01012345678</Number>
  </Dial>
  <Connect>
    <Stream url="wss://your-server.com/stream" track="inbound">
      <Parameter name="userId" value="123"/>
      <Parameter name="language" value="ko"/>
    </Stream>
  </Connect>
  <Pause length="2"/>
  <Redirect>https://your-server.com/next-step</Redirect>
  <Reject reason="busy"/>
  <Hangup/>
</Response>
`;

test('every VoiceML verb and noun from the reference parses without errors', () => {
  const doc = parseXml(ALL_VERBS);
  assert.deepEqual(doc.errors, []);
  const names = allElements(doc).map((e) => e.name);
  assert.deepEqual(names, [
    'Response', 'Say', 'Play', 'Play', 'Play', 'Gather', 'Say', 'Play', 'Record', 'Dial', 'Number', 'Connect', 'Stream',
    'Parameter', 'Parameter', 'Pause', 'Redirect', 'Reject', 'Hangup',
  ]);
  for (const el of allElements(doc)) {
    assert.equal(ALL_VERBS.slice(el.nameStart, el.nameEnd), el.name);
    assert.equal(ALL_VERBS[el.start], '<');
    if (el.endTag) {
      assert.equal(ALL_VERBS.slice(el.endTag.nameStart, el.endTag.nameEnd), el.name);
      assert.equal(ALL_VERBS.slice(el.endTag.start, el.endTag.end), `</${el.name}>`);
      assert.equal(el.end, el.endTag.end);
    } else {
      assert.ok(el.selfClosing);
      assert.equal(ALL_VERBS.slice(el.startTagEnd - 2, el.startTagEnd), '/>');
    }
    for (const a of el.attributes) {
      assert.equal(ALL_VERBS.slice(a.nameStart, a.nameEnd), a.name);
      const v = a.value!;
      assert.equal(ALL_VERBS.slice(v.valueStart, v.valueEnd), v.value);
      assert.equal(ALL_VERBS.slice(v.start, v.end), `"${v.value}"`);
      assert.equal(a.end, v.end);
    }
  }
  const record = allElements(doc).find((e) => e.name === 'Record')!;
  assert.deepEqual(
    record.attributes.map((a) => `${a.name}=${a.value?.value}`),
    ['maxLength=60', 'finishOnKey=#', 'playBeep=true', 'action=https://your-server.com/voicemail-done'],
  );
  const number = allElements(doc).find((e) => e.name === 'Number')!;
  assert.equal(only(number.children).kind === 'text' && (number.children[0] as { value: string }).value, '01012345678');
});

test('comments, CDATA, PIs and a DOCTYPE with an internal subset are nodes with exact offsets', () => {
  const text = [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    '<!-- 머리 주석 -->',
    '<!DOCTYPE Response [ <!ENTITY x "]>"> <!-- ] --> <?pi ]?> ]>',
    '<Response><!-- 안 --><![CDATA[ a < b && c ]]><?voiceml-hint keep?></Response>',
    '<!-- 끝 -->',
  ].join('\n');
  const doc = parseXml(text);
  assert.deepEqual(doc.errors, []);
  const top = doc.children.filter((n) => n.kind !== 'text');
  assert.deepEqual(top.map((n) => n.kind), ['pi', 'comment', 'doctype', 'element', 'comment']);
  const [, comment, doctype, , tail] = top;
  assert.deepEqual([comment!.start, comment!.end], span(text, '<!-- 머리 주석 -->'));
  assert.deepEqual([doctype!.start, doctype!.end], span(text, '<!DOCTYPE Response [ <!ENTITY x "]>"> <!-- ] --> <?pi ]?> ]>'));
  assert.ok(doctype!.kind === 'doctype' && doctype.closed);
  assert.deepEqual([tail!.start, tail!.end], span(text, '<!-- 끝 -->'));

  const root = doc.root!;
  const [inner, cdata, pi] = root.children;
  assert.ok(inner?.kind === 'comment' && inner.closed && inner.parent === root);
  assert.deepEqual([inner.start, inner.end], span(text, '<!-- 안 -->'));
  assert.ok(cdata?.kind === 'cdata' && cdata.closed);
  assert.equal(cdata.value, ' a < b && c ');
  assert.deepEqual([cdata.start, cdata.end], span(text, '<![CDATA[ a < b && c ]]>'));
  assert.ok(pi?.kind === 'pi' && pi.closed);
  assert.equal(pi.target, 'voiceml-hint');
  assert.deepEqual([pi.start, pi.end], span(text, '<?voiceml-hint keep?>'));
  assert.deepEqual([pi.targetStart, pi.targetEnd], span(text, 'voiceml-hint'));
});

test('entity and character references are decoded in text and attribute values', () => {
  const text = `<Say a="x&amp;y &lt;&gt; &quot;&apos; &#65;&#x41;&#xAC00;&#x1F600;">&lt;b&gt; &amp; &#44032;&#x1f600; &quot;&apos;</Say>`;
  const doc = parseXml(text);
  assert.deepEqual(doc.errors, []);
  const say = doc.root!;
  assert.equal(say.attributes[0]!.value!.value, `x&y <> "' AA가😀`);
  const body = only(say.children);
  assert.ok(body.kind === 'text');
  assert.equal(body.value, `<b> & 가😀 "'`);
  assert.deepEqual([body.start, body.end], [text.indexOf('>') + 1, text.lastIndexOf('</')]);
});

test('a text expands the references XML defines and keeps the others as written, as an independent parser reads them', () => {
  const cases: [string, string][] = [
    ['a &amp; b', 'a & b'],
    ['&lt;&gt;&quot;&apos;', `<>"'`],
    ['&#65;&#x41;&#xac00;&#xAC00;&#x1F600;', 'AA가가😀'],
    ['&#9;&#10;&#13;&#x20;', '\t\n\r '],
    ['R&D &amp; more', 'R&D & more'],
    ['&&amp;', '&&'],
    ['&amp;amp;', '&amp;'],
    ['&ampx; &amp &unknown; &Amp;', '&ampx; &amp &unknown; &Amp;'],
    ['&#X41; &#0; &#x110000; &#99999999999; &#; &#x; &#12ab; &#xZZ; &#xD800;', '&#X41; &#0; &#x110000; &#99999999999; &#; &#x; &#12ab; &#xZZ; &#xD800;'],
    ['가&#x20;나 &amp;&lt;끝', '가 나 &<끝'],
  ];
  for (const [written, expected] of cases) {
    const tree = parseTree(`<Say>${written}</Say>`);
    const textNode = 2;
    assert.equal(tree.kind(textNode), TEXT, written);
    assert.equal(tree.textValue(textNode), expected, written);
    assert.equal(tree.textValue(textNode), expected, `${written}, asked again`);
    // Where the text is well-formed, an independent parser reads the same.
    if (tree.errors.length === 0) {
      let read = '';
      const saxes = new SaxesParser();
      saxes.on('text', (t) => (read += t));
      saxes.write(`<Say>${written}</Say>`).close();
      assert.equal(read, expected, `${written} (saxes)`);
    }
  }
  // Decoded to white space only: white space.
  assert.ok(parseTree('<Say>&#32;&#x9;\n</Say>').is(2, WHITESPACE));
  assert.ok(!parseTree('<Say>&#32;&amp;</Say>').is(2, WHITESPACE));
});

/**
 * The object tree's content in document order: element starts and ends, text (adjacent pieces joined) and
 * CDATA; line ends as an XML processor passes them on (ours keeps them as written).
 */
function contentStream(doc: XmlDocument): string[] {
  const out: string[] = [];
  const text = (value: string): void => {
    value = value.replace(/\r\n?/g, '\n');
    if (out.length > 0 && out[out.length - 1]!.startsWith('T:')) out[out.length - 1] += value;
    else out.push(`T:${value}`);
  };
  const walk = (node: XmlNode): void => {
    if (node.kind === 'element') {
      out.push(`<${node.name}`);
      for (const child of node.children) walk(child);
      out.push(`>${node.name}`);
    } else if (node.kind === 'text') text(node.value);
    else if (node.kind === 'cdata') out.push(`C:${node.value}`);
  };
  if (doc.root) walk(doc.root);
  return out;
}

test('white space between markup is no node of the flat tree, and the object tree has it where an independent parser reads it', () => {
  const documents = [
    '<Response>\n  <Say>a</Say>\n  <!-- c -->\n  <Play><![CDATA[http://a]]> <![CDATA[/b]]></Play>\n</Response>\n',
    '\uFEFF<?xml version="1.0"?>\r\n  <Response>\r\n\t<Gather input="dtmf">\r\n\t\t<Say>안녕</Say> <Say>하세요</Say>\r\n\t</Gather>\r\n</Response>  \r\n',
    '<Response><Say><!--x--> <![CDATA[a]]>  <!--y-->\n</Say><Say>  </Say><Say/> </Response>',
    ...['welcome.xml', 'voicemail.xml', 'dial-agent.xml', 'tones.xml'].map((name) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8')),
    generateVoiceML(30_000),
  ];
  for (const text of documents) {
    const tree = parseTree(text);
    assert.deepEqual(tree.errors, [], text.slice(0, 80));
    // The flat tree: no text node of white space alone.
    for (let id = 1; id < tree.size; id++) {
      if (tree.kind(id) === TEXT) assert.ok(!/^[ \t\r\n]*$/.test(text.slice(tree.start(id), tree.end(id))), `${id}: ${JSON.stringify(text.slice(tree.start(id), tree.end(id)))}`);
    }
    // The object tree: every piece of text, white space included, where saxes reads it.
    const read: string[] = [];
    const saxes = new SaxesParser();
    let depth = 0;
    saxes.on('opentag', (tag) => (depth++, read.push(`<${tag.name}`)));
    saxes.on('closetag', (tag) => (depth--, read.push(`>${tag.name}`)));
    saxes.on('text', (t) => {
      if (depth === 0) return; // around the root: no content of it
      if (read.length > 0 && read[read.length - 1]!.startsWith('T:')) read[read.length - 1] += t;
      else read.push(`T:${t}`);
    });
    saxes.on('cdata', (t) => read.push(`C:${t}`));
    saxes.write(text).close();
    assert.deepEqual(contentStream(parseXml(text)), read, text.slice(0, 80));
  }
});

test('white space after markup read without a node (a stray end tag) is a node of its own', () => {
  const text = '<Response>\n  </Say>  <Say>x</Say>\n  </>\t\n</Response>';
  const tree = parseTree(text);
  const spaces: string[] = [];
  for (let id = 1; id < tree.size; id++) if (tree.kind(id) === TEXT && tree.is(id, WHITESPACE)) spaces.push(text.slice(tree.start(id), tree.end(id)));
  assert.deepEqual(spaces, ['  ', '\t\n']);
  assert.ok(tree.is(tree.firstChild(1), WHITESPACE));
  // The object tree reads the same either way: the white space before a stray end tag, and after it.
  const children = parseXml(text).root!.children.map((c) => (c.kind === 'text' ? [c.start, c.end, c.value, c.whitespace] : [c.kind, c.start]));
  assert.deepEqual(children, [
    [10, 13, '\n  ', true],
    [19, 21, '  ', true],
    ['element', 21],
    [33, 36, '\n  ', true],
    [39, 41, '\t\n', true],
  ]);
});

test('Korean text, CRLF line ends, single quotes, a BOM and names with Unicode and colons', () => {
  const text = "\uFEFF<?xml version='1.0'?>\r\n<Response xmlns:v='urn:x'>\r\n  <Say language='ko'>고객센터입니다.\r\n잠시만 기다려 주세요.</Say>\r\n  <v:메모 이름='값' _a.b-c='1'/>\r\n</Response>\r\n";
  const doc = parseXml(text);
  assert.deepEqual(doc.errors, []);
  const [say, memo] = elements(doc.root!.children);
  assert.equal(say!.attributes[0]!.value!.quote, "'");
  assert.equal((say!.children[0] as { value: string }).value, '고객센터입니다.\r\n잠시만 기다려 주세요.');
  assert.equal(memo!.name, 'v:메모');
  assert.deepEqual(memo!.attributes.map((a) => [a.name, a.value!.value]), [['이름', '값'], ['_a.b-c', '1']]);
  const ws = doc.root!.children[0]!;
  assert.ok(ws.kind === 'text' && ws.whitespace && ws.value === '\r\n  ');
  // The XML declaration right after a BOM is at the start.
  assert.equal(doc.children[0]!.kind, 'pi');
  assert.equal(doc.children[0]!.start, 1);
});

test('white space around attributes and in end tags is allowed', () => {
  const text = '<Say\n  language = "ko"\n\tloop=\'1\'  ></Say  >';
  const doc = parseXml(text);
  assert.deepEqual(doc.errors, []);
  const say = doc.root!;
  assert.deepEqual(say.attributes.map((a) => [a.name, a.start, a.end]), [
    ['language', 7, 22],
    ['loop', 24, 32],
  ]);
  assert.equal(say.startTagEnd, 35);
  assert.deepEqual([say.endTag!.start, say.endTag!.nameStart, say.endTag!.nameEnd, say.endTag!.end], [35, 37, 40, 43]);
});

test('attribute names are read as written when the same element is written several ways in turn', () => {
  // The parser expects, per element and place, the names read there last: each variant below breaks an
  // expectation some other way (a name that is a prefix of the one written, or has the expected one as its
  // prefix, one letter off, two letters swapped, a third name at a place that had two, a duplicate at an
  // expected place).
  const variants = [
    '<Gather numDigits="1" timeout="5" action="/a"/>',
    '<Gather numDigits="4" timeout="8" finishOnKey="#" action="/b"/>',
    '<Gather numDigits="1" timeout="5" action="/a"/>',
    '<Gather numDigits="1" timeoutX="5" actionOnEmptyResult="true"/>',
    '<Gather numDigit="1" timeout="5" actio="/c"/>',
    '<Gather numDigits="1" timeotu="5" action="/a"/>',
    '<Gather numDigits="1" timeout="5" input="dtmf" action="/d"/>',
    '<Gather numDigits="4" timeout="8" finishOnKey="#" action="/b"/>',
    '<Gather numDigits="1" numDigits="2" timeout="5"/>',
    '<Gather numDigits="1" timeout="5" action="/a"/>',
  ];
  const doc = parseXml(`<Response>${variants.join('')}</Response>`);
  const written = variants.map((v) => [...v.matchAll(/ ([A-Za-z]+)=/g)].map((m) => m[1]));
  assert.deepEqual(
    elements(doc.root!.children).map((el) => el.attributes.map((a) => a.name)),
    written,
  );
  assert.deepEqual(
    doc.errors.map((e) => e.code),
    ['duplicate-attribute'],
  );
});

test('a name a parse before left expected is taken only where the next text writes it', () => {
  // The tables of expected names pass from parse to parse: a name left there must be taken for one of the
  // next text's own only where that text writes it, whatever number that text has for it.
  const many = `<Response>${Array.from({ length: 40 }, (_, k) => `<E${k} ${Array.from({ length: 8 }, (_, a) => `a${k}x${a}="${a}"`).join(' ')}/>`).join('')}</Response>`;
  const small = ['<B x="1" y="2"/>', '<Say voice="alice" loop="2">hi</Say><Hangup/>', '<E3 a3x0="0" b="1"/>'];
  const read = (text: string): string => {
    const doc = parseXml(text);
    const shape = (nodes: readonly XmlNode[]): unknown[] =>
      elements(nodes).map((el) => [el.name, el.start, el.end, el.attributes.map((a) => [a.name, a.start, a.end, a.value]), shape(el.children)]);
    return JSON.stringify([shape(doc.children), doc.errors]);
  };
  const alone = small.map(read);
  small.forEach((text, k) => {
    read(many);
    assert.equal(read(text), alone[k], text);
  });
});

test('the well-known names a parse expects from the parses before it are taken only where they stand whole', () => {
  // The model's names are symbols every tree shares, and the names the parser expects at each place are kept
  // from parse to parse: each text below follows a parse that left the names it nearly writes expected.
  assert.ok(parseTree('<Say/>').knownSymbols > 0, 'the model\'s names are well-known here');
  const taught =
    '<Response><Say voice="alice" language="ko-KR" loop="2">안녕</Say><Gather numDigits="1" action="/a" timeout="5"><Say voice="alice">x</Say></Gather><Play loop="1" digits="1">x</Play></Response>';
  const texts = [
    '<Sa voic="alice" languag="ko-KR" loo="2">x</Sa>',
    '<Sayx voicex="alice" language-x="ko" loop2="1">x</Sayx>',
    '<Gather numDigitsX="1" act="/a" timeout="5"/>',
    '<Say loop="2" voice="alice">x</Say>',
    '<Play digits="1" loop="1">x</Play>',
    '<Gathe numDigits="1"/>',
    '<Gathex numDigits="1"/>',
    '<Say voicf="alice" languagf="ko-KR">x</Say>',
    '<Say:x voice:y="a"/>',
    '<Response><Say voice="alice" language="ko-KR" loop="2">안녕</Say></Response>',
  ];
  for (const text of texts) {
    parseXml(taught);
    const doc = parseXml(text);
    const names = (nodes: readonly XmlNode[]): string[] => elements(nodes).flatMap((el) => [el.name, ...el.attributes.map((a) => a.name), ...names(el.children)]);
    const written = [...text.matchAll(/<([^\s/>]+)|\s([^\s=]+)=/g)].map((m) => m[1] ?? m[2]!);
    assert.deepEqual(names(doc.children), written, text);
    assert.deepEqual(doc.errors, [], text);
  }
});

test("a name is one symbol however many names a tree has, and a well-known one is every tree's", () => {
  // A name is hashed where it is written, and again alone when the tree's own table grows, or when the table of
  // well-known names is made: the same hash both ways, a one-character name too (`p`, `s`, `w` of SSML).
  const many = Array.from({ length: 40 }, (_, k) => `b${k}="1"`).join(' ');
  const texts = [`<E a="1" ${many} a="2"/>`, '<svg><rect x="0" y="0" width="1" height="1" fill="red" stroke="b" rx="1" x="5"/></svg>', `<Say ${many} s="1" s="2">x</Say>`, '<E s="1" s ="2"/>'];
  for (const text of texts) {
    const at = text.lastIndexOf('="') - (text.endsWith(' ="2"/>') ? 2 : 1);
    assert.deepEqual(errorsOf(text), [['duplicate-attribute', at, at + 1]], text);
  }
  for (const name of ['p', 's', 'w', 'Say', 'Response']) {
    assert.ok(knownNames.includes(name), name);
    for (const text of [`<${name}/>`, `<${name}>x</${name}>`, `<${name}\n/>`, `<${name} a="1"/>`, `<E ${name}="1"/>`]) {
      const tree = parseTree(text);
      const symbol = text.startsWith('<E') ? tree.attributeSymbol(0) : tree.nameSymbol(tree.root);
      assert.ok(symbol < tree.knownSymbols && tree.symbolName(symbol) === name, text);
    }
  }
});

test('the well-known names are set before the first tree is made', () => {
  // A symbol below `knownSymbols` names the same well-known name in every tree for as long as it lives.
  parseTree('<Say/>');
  assert.throws(() => addWellKnownNames(['Later']), /before the first tree/);
});

// ---------------------------------------------------------------------------------------------------------
// Every error code, with its exact range

const ERROR_CASES: { text: string; errors: ErrorTuple[] }[] = [
  { text: '', errors: [['empty-document', 0, 0]] },
  { text: '<!-- 아직 아무것도 없음 -->\n', errors: [['empty-document', 0, 0]] },
  { text: ' <?xml version="1.0"?><a/>', errors: [['xml-decl-not-at-start', 1, 6]] },
  { text: '<a><?xml version="1.0"?></a>', errors: [['xml-decl-not-at-start', 3, 8]] },
  { text: '<?xml?><a/>', errors: [['invalid-xml-decl', 0, 5]] },
  { text: '<?xml version="2.0"?><a/>', errors: [['invalid-xml-decl', 6, 19]] },
  { text: '<?xml version="1.0" standalone="yes" encoding="UTF-8"?><a/>', errors: [['invalid-xml-decl', 37, 53]] },
  { text: '<?xml version="1.0" standalone="maybe"?><a/>', errors: [['invalid-xml-decl', 20, 38]] },
  { text: '<?xml version="1.0"encoding="UTF-8"?><a/>', errors: [['invalid-xml-decl', 19, 35]] },
  { text: '<? x ?><a/>', errors: [['invalid-pi-target', 0, 2]] },
  { text: '<a><?x!y ?></a>', errors: [['invalid-pi-target', 5, 8]] },
  { text: '<a><?XmL x?></a>', errors: [['reserved-pi-target', 5, 8]] },
  { text: '<?XML version="1.0"?><a/>', errors: [['reserved-pi-target', 2, 5]] },
  { text: '<a/><?pi data', errors: [['unterminated-pi', 4, 8]] },
  { text: '<a><!-- x', errors: [['unclosed-element', 1, 2], ['unterminated-comment', 3, 7]] },
  { text: '<a><!-- a -- b --></a>', errors: [['double-hyphen-in-comment', 10, 12]] },
  { text: '<a><!-- x ---></a>', errors: [['double-hyphen-in-comment', 10, 12]] },
  { text: '<a><![CDATA[x', errors: [['unclosed-element', 1, 2], ['unterminated-cdata', 3, 12]] },
  { text: '<![CDATA[x]]><a/>', errors: [['cdata-outside-root', 0, 9]] },
  { text: '<!DOCTYPE a', errors: [['empty-document', 0, 0], ['unterminated-doctype', 0, 9]] },
  { text: '<!DOCTYPE><a/>', errors: [['invalid-doctype', 0, 9]] },
  { text: '<!DOCTYPE a SYSTEM><a/>', errors: [['invalid-doctype', 0, 9]] },
  { text: '<!DOCTYPE a SYSTEM x><a/>', errors: [['invalid-doctype', 19, 20]] },
  { text: '<!DOCTYPE a [ junk ]><a/>', errors: [['invalid-doctype', 14, 18]] },
  { text: '<!DOCTYPE a [ <!ENTITY x> ]><a/>', errors: [['invalid-doctype', 14, 22]] },
  { text: '<!DOCTYPE a [ <!-- a -- b --> <?XmL x?> ]><a/>', errors: [['double-hyphen-in-comment', 21, 23], ['reserved-pi-target', 32, 35]] },
  { text: '<a/><!DOCTYPE a>', errors: [['doctype-after-root', 4, 13]] },
  { text: '<!DOCTYPE a><!DOCTYPE a><a/>', errors: [['doctype-after-root', 12, 21]] },
  { text: '<a><b</a>', errors: [['unterminated-start-tag', 4, 5]] },
  { text: '<a><b', errors: [['unclosed-element', 1, 2], ['unterminated-start-tag', 4, 5]] },
  { text: '<a>< b</a>', errors: [['missing-tag-name', 3, 4]] },
  { text: '<a>1 < 2</a>', errors: [['missing-tag-name', 5, 6]] },
  { text: '<a></></a>', errors: [['missing-tag-name', 3, 5]] },
  { text: '<a><b!c/></a>', errors: [['invalid-tag-name', 4, 7]] },
  { text: '<a><b></a>', errors: [['unclosed-element', 4, 5], ['mismatched-end-tag', 8, 9]] },
  { text: '<a></b></a>', errors: [['unexpected-end-tag', 5, 6]] },
  { text: '<Say>hi</Sya>', errors: [['misnamed-end-tag', 9, 12]] },
  { text: '</a>', errors: [['empty-document', 0, 0], ['unexpected-end-tag', 2, 3]] },
  { text: '<a></a', errors: [['unterminated-end-tag', 5, 6]] },
  { text: '<a></a x>', errors: [['unterminated-end-tag', 7, 8]] },
  { text: '<a b="1" b="2"/>', errors: [['duplicate-attribute', 9, 10]] },
  { text: '<a b/>', errors: [['missing-attribute-value', 3, 4]] },
  { text: '<a b=/>', errors: [['missing-attribute-value', 3, 5]] },
  { text: '<a b=1/>', errors: [['unquoted-attribute-value', 5, 6]] },
  { text: '<a b="1/>', errors: [['unterminated-attribute-value', 5, 7]] },
  { text: '<a b="1"c="2"/>', errors: [['missing-whitespace-between-attributes', 8, 9]] },
  { text: '<a 1b="x"/>', errors: [['invalid-attribute-name', 3, 5]] },
  { text: '<a "x"/>', errors: [['invalid-attribute-name', 3, 6]] },
  { text: '<a ="x"/>', errors: [['invalid-attribute-name', 3, 4]] },
  { text: '<a b="x<y"/>', errors: [['lt-in-attribute-value', 7, 8]] },
  { text: '<a>1 <= 2</a>', errors: [['stray-lt', 5, 6]] },
  { text: '<a><!foo></a>', errors: [['stray-lt', 3, 4]] },
  { text: '<a>R&D</a>', errors: [['bare-ampersand', 4, 5]] },
  { text: '<a b="?x=1&y=2"/>', errors: [['bare-ampersand', 10, 11]] },
  { text: '<a>a & b</a>', errors: [['bare-ampersand', 5, 6]] },
  { text: '<a>&amp</a>', errors: [['unterminated-reference', 3, 7]] },
  { text: '<a>&#65</a>', errors: [['unterminated-reference', 3, 7]] },
  { text: '<a>&nbsp;</a>', errors: [['unknown-entity', 3, 9]] },
  { text: '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', errors: [['unknown-entity', 33, 36]] },
  { text: '<a>&#0;</a>', errors: [['invalid-char-ref', 3, 7]] },
  { text: '<a>&#xD800;&#xZZ;&#;&#x110000;</a>', errors: [['invalid-char-ref', 3, 11], ['invalid-char-ref', 11, 17], ['invalid-char-ref', 17, 20], ['invalid-char-ref', 20, 30]] },
  { text: '<a>]]></a>', errors: [['cdata-end-in-text', 3, 6]] },
  { text: '<a>\u0000\u0001x\u0002</a>', errors: [['invalid-character', 3, 5], ['invalid-character', 6, 7]] },
  { text: '<a b="\u0008">\uD800x\uDC00\uFFFE</a>', errors: [['invalid-character', 6, 7], ['invalid-character', 9, 10], ['invalid-character', 11, 13]] },
  { text: '<a>\uFFFF<!-- \u0000 --></a>', errors: [['invalid-character', 3, 4], ['invalid-character', 9, 10]] },
  { text: 'x <a/> y', errors: [['text-outside-root', 0, 1], ['text-outside-root', 7, 8]] },
  { text: '<a/>\n  stray text  \n', errors: [['text-outside-root', 7, 17]] },
  { text: '<a/><b/>', errors: [['multiple-roots', 5, 6]] },
];

for (const { text, errors } of ERROR_CASES) {
  test(`errors of ${JSON.stringify(text)}`, () => {
    assert.deepEqual(errorsOf(text), errors);
  });
}

test('every error code is produced by some case above and has a message in both languages', () => {
  const produced = new Set(ERROR_CASES.flatMap((c) => c.errors.map((e) => e[0])));
  const codes = Object.keys(parseErrorMessages) as ParseErrorCode[];
  assert.deepEqual(codes.filter((code) => !produced.has(code)), []);
  for (const code of codes) {
    const { ko, en } = parseErrorMessages[code];
    assert.ok(/[가-힣]/.test(ko), `${code}: the Korean message is not Korean`);
    assert.ok(!/[가-힣]/.test(en), `${code}: the English message contains Korean`);
    const slots = (s: string): string[] => [...s.matchAll(/\{(\d+)\}/g)].map((m) => m[1]!).sort();
    assert.deepEqual([...new Set(slots(ko))], [...new Set(slots(en))], `${code}: ko and en use different arguments`);
  }
});

test('messages get as many arguments as they use', () => {
  for (const { text } of ERROR_CASES) {
    for (const e of parseXml(text).errors) {
      const { ko, en } = parseErrorMessages[e.code];
      const used = Math.max(-1, ...[...`${ko}${en}`.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])));
      assert.ok((e.args?.length ?? 0) > used, `${e.code} in ${JSON.stringify(text)} has args ${JSON.stringify(e.args)}`);
    }
  }
});

test('errors carry the values their messages need', () => {
  assert.deepEqual(parseXml('<a><b></a>').errors.map((e) => e.args), [['b'], ['a', 'b']]);
  assert.deepEqual(parseXml('<a>&nbsp;</a>').errors[0]!.args, ['nbsp']);
  assert.deepEqual(parseXml('<a>&amp</a>').errors[0]!.args, ['&amp']);
  assert.deepEqual(parseXml('<a>\u0000</a>').errors[0]!.args, ['U+0000']);
  assert.deepEqual(parseXml('<a b=1/>').errors[0]!.args, ['b']);
});

test('errors come sorted by offset', () => {
  const text = '<Response>\n<Say language=ko>a & b</Sya>\n<Play loop>x\u0000</Response>\n<Extra/>';
  const errors = parseXml(text).errors;
  assert.ok(errors.length >= 6);
  for (let k = 1; k < errors.length; k++) assert.ok(errors[k - 1]!.start <= errors[k]!.start);
});

test('several errors in one pass, each once', () => {
  const text = '<Response>\n  <Say language=ko>R&D &nbsp;</Say>\n  <Play loop>x</Play>\n  <Gather numDigits="1"><Say>hi</Gather>\n</Response>';
  assert.deepEqual(errorsOf(text), [
    ['unquoted-attribute-value', ...span(text, 'ko')],
    ['bare-ampersand', ...span(text, '&')],
    ['unknown-entity', ...span(text, '&nbsp;')],
    ['missing-attribute-value', ...span(text, 'loop')],
    ['unclosed-element', ...span(text, 'Say', 2)],
    ['mismatched-end-tag', ...span(text, 'Gather', 1)],
  ]);
});

test('DOCTYPE-declared entities are still unknown: nothing is ever expanded', () => {
  const text = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY big "&big;&big;">]><r>&xxe;&big;</r>';
  const doc = parseXml(text);
  assert.deepEqual(errorsOf(text), [
    ['unknown-entity', ...span(text, '&xxe;', 0)],
    ['unknown-entity', ...span(text, '&big;', 2)],
  ]);
  assert.equal((doc.root!.children[0] as { value: string }).value, '&xxe;&big;');
  assert.match(parseErrorMessages['unknown-entity'].ko, /DOCTYPE/);
  assert.match(parseErrorMessages['unknown-entity'].en, /DOCTYPE/);
});

// ---------------------------------------------------------------------------------------------------------
// Recovery: the tree stays useful for a half-typed document

test('half-typed start tag: open elements, partial tag with its attributes so far', () => {
  const text = '<Response><Gather numDigits="1"><Sa';
  const doc = parseXml(text);
  const response = doc.root!;
  const gather = only(elements(response.children));
  const sa = only(elements(gather.children));
  assert.equal(gather.name, 'Gather');
  assert.deepEqual(gather.attributes.map((a) => [a.name, a.value?.value]), [['numDigits', '1']]);
  assert.ok(gather.startTagClosed);
  assert.equal(sa.name, 'Sa');
  assert.deepEqual([sa.start, sa.nameStart, sa.nameEnd, sa.startTagEnd, sa.end], [32, 33, 35, 35, 35]);
  assert.equal(sa.startTagClosed, false);
  assert.equal(sa.parent, gather);
  assert.deepEqual([response.end, gather.end], [text.length, text.length]);
  assert.deepEqual(errorsOf(text), [
    ['unclosed-element', 1, 9],
    ['unclosed-element', 11, 17],
    ['unterminated-start-tag', 33, 35],
  ]);
});

test('half-typed attributes: names without values, open quotes, a bare =', () => {
  let doc = parseXml('<Response><Gather numDigits="1" tim');
  let gather = doc.root!.children[0] as XmlElement;
  assert.deepEqual(gather.attributes.map((a) => [a.name, a.value]), [['numDigits', gather.attributes[0]!.value], ['tim', undefined]]);
  assert.equal(gather.startTagEnd, 35);

  doc = parseXml('<Response><Gather numDigits=');
  gather = doc.root!.children[0] as XmlElement;
  const empty = gather.attributes[0]!.value!;
  assert.deepEqual([empty.value, empty.start, empty.valueStart, empty.valueEnd, empty.quote, empty.closed], ['', 28, 28, 28, '', false]);

  doc = parseXml('<Response><Gather numDigits="1');
  gather = doc.root!.children[0] as XmlElement;
  const open = gather.attributes[0]!.value!;
  assert.deepEqual([open.value, open.start, open.end, open.valueStart, open.valueEnd, open.closed], ['1', 28, 30, 29, 30, false]);
  assert.equal(gather.startTagClosed, false);
});

test('a start tag without > ends at the next < and stays open', () => {
  const text = '<Response>\n  <Say language="ko"\n  <Play>x</Play>\n</Response>';
  const doc = parseXml(text);
  const say = only(elements(doc.root!.children));
  assert.equal(say.startTagClosed, false);
  assert.equal(say.startTagEnd, text.indexOf('<Play'));
  assert.deepEqual(elements(say.children).map((e) => e.name), ['Play']);
  assert.equal(say.end, text.indexOf('</Response>'));
  assert.deepEqual(errorsOf(text), [['unterminated-start-tag', ...span(text, 'Say')]]);
});

test('a forgotten closing quote ends the value where the tag most likely ends', () => {
  let text = '<Response><Say language="ko>안녕</Say><Play loop="2">x</Play></Response>';
  let doc = parseXml(text);
  assert.deepEqual(errorsOf(text), [['unterminated-attribute-value', ...span(text, '"ko')]]);
  const [say, play] = elements(doc.root!.children);
  assert.equal(say!.attributes[0]!.value!.value, 'ko');
  assert.equal((say!.children[0] as { value: string }).value, '안녕');
  assert.equal(play!.attributes[0]!.value!.value, '2');

  text = '<Response><Record action="/done/><Hangup/></Response>';
  doc = parseXml(text);
  assert.deepEqual(errorsOf(text), [['unterminated-attribute-value', ...span(text, '"/done')]]);
  const record = elements(doc.root!.children)[0]!;
  assert.ok(record.selfClosing);
  assert.equal(record.attributes[0]!.value!.value, '/done');
  assert.deepEqual(elements(doc.root!.children).map((e) => e.name), ['Record', 'Hangup']);

  // Errors in the part that is read again as content are reported once, not twice.
  text = '<a b="x>&nbsp;\u0000<c/></a>';
  assert.deepEqual(errorsOf(text), [['unterminated-attribute-value', 5, 7], ['unknown-entity', 8, 14], ['invalid-character', 14, 15]]);
});

test('an end tag matching an open ancestor closes the elements in between', () => {
  const text = '<Response><Gather><Say>hi</Gather><Hangup/></Response>';
  const doc = parseXml(text);
  const [gather, hangup] = elements(doc.root!.children);
  const say = only(elements(gather!.children));
  assert.equal(say.endTag, undefined);
  assert.equal(say.end, text.indexOf('</Gather>'));
  assert.equal(gather!.endTag!.name, 'Gather');
  assert.equal(hangup!.parent, doc.root);
  assert.deepEqual(errorsOf(text), [
    ['unclosed-element', ...span(text, 'Say')],
    ['mismatched-end-tag', ...span(text, 'Gather', 1)],
  ]);
});

test('an end tag matching nothing is reported and ignored', () => {
  const text = '<Response><Say>hi</Sya></Say></Response>';
  const doc = parseXml(text);
  const say = only(elements(doc.root!.children));
  assert.equal(say.endTag!.start, text.indexOf('</Say>'));
  assert.deepEqual(errorsOf(text), [['unexpected-end-tag', ...span(text, 'Sya')]]);
  assert.deepEqual(errorsOf('<Response><Gather></Gahter></Gather>\n</Response>'), [['unexpected-end-tag', 20, 26]]);
});

test('an end tag whose name is a slip from the innermost open element closes it, reported once', () => {
  for (const [text, start, end] of [
    ['<Response><Sya>hi</Say></Response>', 'Sya', 'Say'],
    ['<Response><Say>hi</Sya></Response>', 'Say', 'Sya'],
    ['<Response><say>hi</Say></Response>', 'say', 'Say'],
    ['<Response><Gahter><Say>hi</Say></Gather></Response>', 'Gahter', 'Gather'],
    ['<Reponse><Say>hi</Say></Response>', 'Reponse', 'Response'],
  ] as const) {
    const doc = parseXml(text);
    const misnamed = elements(doc.root!.name === start ? [doc.root!] : doc.root!.children)[0]!;
    assert.equal(misnamed.name, start, text);
    assert.equal(misnamed.endTag?.name, end, text);
    assert.equal(misnamed.end, text.indexOf(`</${end}>`) + end.length + 3, text);
    const at = text.lastIndexOf(end);
    assert.deepEqual(errorsOf(text), [['misnamed-end-tag', at, at + end.length]], text);
    assert.deepEqual(doc.errors[0]!.startTagName, { start: text.indexOf(start), end: text.indexOf(start) + start.length }, text);
  }
  // Not a slip: different names, or names too short to tell.
  assert.deepEqual(errorsOf('<Response><Say>hi</Sip></Response>').map((e) => e[0]), ['unclosed-element', 'unexpected-end-tag', 'mismatched-end-tag']);
  assert.deepEqual(errorsOf('<a><p>x</b></a>').map((e) => e[0]), ['unclosed-element', 'unexpected-end-tag', 'mismatched-end-tag']);
});

test('an element left open at the end runs to the end of the text', () => {
  const text = '<Response><Say>hi</';
  const doc = parseXml(text);
  const say = only(elements(doc.root!.children));
  assert.deepEqual([doc.root!.end, say.end], [text.length, text.length]);
  assert.deepEqual(errorsOf(text), [['unclosed-element', 1, 9], ['unclosed-element', 11, 14], ['missing-tag-name', 17, 19]]);
});

test('a bare < being typed is an element with an empty name, not opened', () => {
  const text = '<Response>\n  <\n</Response>';
  const doc = parseXml(text);
  const [typed] = elements(doc.root!.children);
  assert.deepEqual([typed!.name, typed!.start, typed!.nameStart, typed!.nameEnd, typed!.startTagEnd, typed!.startTagClosed], ['', 13, 14, 14, 14, false]);
  assert.equal(typed!.parent, doc.root);
  assert.equal(doc.root!.endTag?.name, 'Response');
  assert.deepEqual(errorsOf(text), [['missing-tag-name', 13, 14]]);

  const start = parseXml('<');
  assert.equal(start.root?.name, '');
  assert.deepEqual(start.errors.map((e) => e.code), ['missing-tag-name']);
});

test('an unclosed comment or CDATA runs to the end; an unclosed PI stops at its first >', () => {
  let doc = parseXml('<a><!-- <b/> </a>');
  assert.equal(doc.root!.children.length, 1);
  assert.equal(doc.root!.children[0]!.end, 17);
  doc = parseXml('<a><?pi x>y</a>');
  assert.deepEqual(doc.root!.children.map((c) => [c.kind, c.start, c.end]), [['pi', 3, 10], ['text', 10, 11]]);
  assert.deepEqual(errorsOf('<a><?pi x>y</a>'), [['unterminated-pi', 3, 7]]);
});

test('a second root is still parsed as an element', () => {
  const doc = parseXml('<Response/><Response><Say>x</Say></Response>');
  assert.equal(doc.root, doc.children[0]);
  const second = doc.children[1] as XmlElement;
  assert.deepEqual(elements(second.children).map((e) => e.name), ['Say']);
});

// ---------------------------------------------------------------------------------------------------------
// Template placeholders

const P = (n: number): string => PLACEHOLDER.repeat(n);

test('placeholders in text are dynamic text, with no errors', () => {
  const text = `<Response>${P(7)}</Response>`;
  const doc = parseXml(text, { placeholders: true });
  assert.deepEqual(doc.errors, []);
  const body = only(doc.root!.children);
  assert.ok(body.kind === 'text' && body.dynamic && !body.whitespace);
  assert.deepEqual([body.start, body.end], [10, 17]);

  const mixed = parseXml(`<Say>안녕하세요 ${P(6)}님</Say>`, { placeholders: true });
  assert.ok((mixed.root!.children[0] as { dynamic: boolean }).dynamic);
  assert.deepEqual(mixed.errors, []);
});

test('placeholders in attribute values make them dynamic', () => {
  const text = `<Stream url="ws://${P(8)}/x" track=${P(5)}/>`;
  const doc = parseXml(text, { placeholders: true });
  assert.deepEqual(doc.errors, []);
  const [url, track] = doc.root!.attributes;
  assert.ok(url!.value!.dynamic && url!.value!.closed);
  assert.equal(url!.value!.value, `ws://${P(8)}/x`);
  assert.ok(track!.value!.dynamic);
  assert.equal(track!.value!.quote, '');
});

test('placeholders in names and where attributes go', () => {
  let text = `<Response><${P(6)} a="1">x</${P(6)}></Response>`;
  let doc = parseXml(text, { placeholders: true });
  assert.deepEqual(doc.errors, []);
  const dyn = only(elements(doc.root!.children));
  assert.ok(dyn.dynamicName);
  assert.deepEqual([dyn.nameStart, dyn.nameEnd], [11, 17]);
  const endTagStart = text.indexOf(`</${P(6)}>`);
  assert.deepEqual([dyn.endTag?.start, dyn.endTag?.nameStart, dyn.endTag?.nameEnd], [endTagStart, endTagStart + 2, endTagStart + 8]);

  text = `<Say ${P(8)}>x</Say>`;
  doc = parseXml(text, { placeholders: true });
  assert.deepEqual(doc.errors, []);
  assert.ok(doc.root!.dynamicAttributes);
  assert.equal(doc.root!.attributes.length, 0);
  assert.equal(doc.root!.startTagEnd, 14);

  text = `<Say language="ko"${P(4)} data-${P(3)}="x" ${P(3)}=${P(3)} loop="1">x</Say>`;
  doc = parseXml(text, { placeholders: true });
  assert.deepEqual(doc.errors, []);
  assert.ok(doc.root!.dynamicAttributes);
  assert.deepEqual(doc.root!.attributes.map((a) => a.name), ['language', 'loop']);
});

test('a placeholder after & is an unknown reference, not an error', () => {
  const doc = parseXml(`<Say>&${P(4)};</Say>`, { placeholders: true });
  assert.deepEqual(doc.errors, []);
});

test('top-level placeholders: no text-outside-root and no empty-document', () => {
  assert.deepEqual(errorsOf(`  ${P(10)}\n`, { placeholders: true }), []);
  assert.deepEqual(errorsOf(`${P(3)} x <Say/>`, { placeholders: true }), [['text-outside-root', 4, 5]]);
});

test('a placeholder is never an invalid character nor a name error; without the option it is a character', () => {
  const text = `<${P(3)}>${P(2)}</${P(3)}>`;
  assert.deepEqual(errorsOf(text, { placeholders: true }), []);
  // Without the option: U+E000 is an ordinary (private use) character, which cannot start a name.
  const plain = parseXml(`<Say>${P(3)}</Say>`);
  assert.deepEqual(plain.errors, []);
  const body = only(plain.root!.children);
  assert.ok(body.kind === 'text' && !body.dynamic);
  assert.deepEqual(errorsOf(`<Say><${P(1)}/></Say>`).map((e) => e[0]), ['stray-lt']);
});

// ---------------------------------------------------------------------------------------------------------
// Scale: depth and size

test('20 000-deep nesting parses without recursion', () => {
  const depth = 20000;
  const text = '<Say>'.repeat(depth) + 'x' + '</Say>'.repeat(depth);
  const doc = parseXml(text);
  assert.deepEqual(doc.errors, []);
  let el = doc.root!;
  let levels = 1;
  while (el.children.length > 0 && el.children[0]!.kind === 'element') {
    el = el.children[0] as XmlElement;
    levels++;
  }
  assert.equal(levels, depth);
  assert.equal((el.children[0] as { value: string }).value, 'x');
  assert.equal(el.start, (depth - 1) * 5);
  assert.equal(el.endTag!.start, depth * 5 + 1);

  // Left unclosed, every one of them is reported, once: the first MAX_PARSE_ERRORS by position, the rest counted.
  const open = parseTree('<Say>'.repeat(depth));
  assert.equal(open.errors.length, MAX_PARSE_ERRORS);
  assert.ok(open.errors.every((e, k) => e.code === 'unclosed-element' && e.start === k * 5 + 1));
  assert.deepEqual(open.omittedErrors, new Map([['unclosed-element', depth - MAX_PARSE_ERRORS]]));
});

test('many stray end tags in a deep document stay fast', () => {
  const text = '<a>'.repeat(5000) + '</b>'.repeat(5000) + '</a>'.repeat(5000);
  const tree = parseTree(text);
  assert.equal(tree.errors.length, MAX_PARSE_ERRORS);
  assert.ok(tree.errors.every((e, k) => e.code === 'unexpected-end-tag' && e.start === 5000 * 3 + k * 4 + 2));
  assert.deepEqual(tree.omittedErrors, new Map([['unexpected-end-tag', 5000 - MAX_PARSE_ERRORS]]));
});

test('a 10 MB document parses completely and correctly', () => {
  const block =
    '  <Say language="ko-KR">안녕하세요. 고객센터입니다. 상담 품질 향상을 위해 통화 내용이 녹음됩니다.</Say>\n' +
    '  <Gather numDigits="1" timeout="5" action="https://your-server.com/ivr/route?a=1&amp;b=2">\n' +
    '    <Say>1번 상담, 2번 안내</Say>\n' +
    '  </Gather>\n' +
    '  <!-- 주석 --><Pause length="2"/>\n';
  const count = Math.ceil((10 * 1024 * 1024) / block.length);
  const text = `<Response>\n${block.repeat(count)}</Response>\n`;
  assert.ok(text.length >= 10 * 1024 * 1024);
  const doc = parseXml(text);
  assert.deepEqual(doc.errors, []);
  const children = elements(doc.root!.children);
  assert.equal(children.length, count * 3);
  const lastGather = children[children.length - 2]!;
  assert.equal(lastGather.name, 'Gather');
  assert.equal(lastGather.attributes[2]!.value!.value, 'https://your-server.com/ivr/route?a=1&b=2');
  assert.equal(lastGather.start, text.lastIndexOf('<Gather'));
  assert.equal(doc.root!.endTag!.start, text.lastIndexOf('</Response>'));
});

test('a 10 MB document of garbage parses completely', () => {
  const text = '<a b="<&\u0000>]]>&#xZZ;<!-- -- '.repeat(300000);
  const doc = parseXml(text);
  assert.ok(doc.errors.length > 0);
  assert.equal(doc.end, text.length);
});

test('adversarial inputs stay linear and complete', () => {
  // Each of these once took quadratic time somewhere; they must simply finish with the expected errors.
  const pis = parseTree('<a>' + '<?p x>'.repeat(20000) + '</a>');
  assert.equal(pis.errors.filter((e) => e.code === 'unterminated-pi').length + (pis.omittedErrors?.get('unterminated-pi') ?? 0), 20000);
  const spaces = ' '.repeat(50000);
  for (const decl of [`<!ELEMENT a (#PCDATA | b${spaces}x>`, `<!ATTLIST a b CDATA #IMPLIED${spaces}x>`, `<!ELEMENT a ${spaces}x>`]) {
    const keyword = decl.slice(0, decl.indexOf(' '));
    assert.deepEqual(errorsOf(`<!DOCTYPE a [${decl}]><a/>`), [['invalid-doctype', 13, 13 + keyword.length]]);
  }
  const values = `<a b="${'x<'.repeat(20000)}"/>`;
  assert.deepEqual(errorsOf(values).slice(0, 2), [['unterminated-start-tag', 1, 2], ['unterminated-attribute-value', 5, 7]]);
  const nested = `<a b="${'x<c d="'.repeat(20000)}"/>`;
  assert.ok(parseXml(nested).errors.length > 0);
});

test('errors beyond MAX_PARSE_ERRORS are counted, not kept: the first ones by position stay', () => {
  // 5 MB of `&` once cost the server all its memory: five million errors, each kept and then checked.
  const amps = parseTree('<Response><Say>' + '&'.repeat(5000) + '</Say></Response>');
  assert.equal(amps.errors.length, MAX_PARSE_ERRORS);
  assert.ok(amps.errors.every((e, k) => e.code === 'bare-ampersand' && e.start === 15 + k));
  assert.deepEqual(amps.omittedErrors, new Map([['bare-ampersand', 5000 - MAX_PARSE_ERRORS]]));

  // Errors reported late but standing early (an element left open, found at the end) still come first.
  const late = parseTree('<Response><Say>' + '&'.repeat(3000));
  assert.deepEqual(late.errors.slice(0, 2).map((e) => [e.code, e.start]), [['unclosed-element', 1], ['unclosed-element', 11]]);
  assert.equal(late.errors.length, MAX_PARSE_ERRORS);
  assert.deepEqual(late.omittedErrors, new Map([['bare-ampersand', 3000 - MAX_PARSE_ERRORS + 2]]));

  // A value without its closing quote is cut at its first `>`: errors after the cut were never errors of the
  // value (the rest is read again as content), also among those only counted.
  const n = 1500;
  const cut = parseTree(`<Response><Say language="${'a&'.repeat(n)}>${'b&'.repeat(n)}</Say></Response>`);
  const all = cut.errors.length + [...(cut.omittedErrors?.values() ?? [])].reduce((a, b) => a + b, 0);
  // n in the value, n in the text after it, the missing quote.
  assert.equal(all, 2 * n + 1);
  assert.equal(cut.errors.length, MAX_PARSE_ERRORS);
  assert.deepEqual(cut.errors[0]!.code, 'unterminated-attribute-value');
  assert.ok(cut.errors.slice(1).every((e, k) => e.code === 'bare-ampersand' && e.start === 26 + 2 * k));
  // The same when the value is short enough to keep every error: nothing lost, nothing counted twice.
  const small = parseTree(`<Response><Say language="${'a&'.repeat(400)}>${'b&'.repeat(400)}</Say></Response>`);
  assert.equal(small.errors.length, 801);
  assert.equal(small.omittedErrors, undefined);
});

test('text and values decoded from very many pieces are decoded exactly', () => {
  // Thousands of references and line breaks: collected in flat chunks (see Parser.add), not one long chain.
  const pieces = Array.from({ length: 30_000 }, (_, k) => ['a', '&amp;', '\n', '&#xAC00;', '\r\n', 'b\t', '&lt;'][k % 7]!).join('');
  const decode = (raw: string, inValue: boolean): string => {
    let out = raw.replace(/&amp;/g, '&').replace(/&#xAC00;/g, '가').replace(/&lt;/g, '<');
    if (inValue) out = out.replace(/\r\n|[\t\n\r]/g, ' ');
    return out;
  };
  const doc = parseXml(`<Response><Say language="${pieces}">${pieces}</Say><Play digits='${pieces}'/></Response>`);
  const [say, play] = elements(doc.root!.children);
  assert.deepEqual(doc.errors, []);
  assert.equal(say!.attributes[0]!.value!.value, decode(pieces, true));
  assert.equal((say!.children[0] as { value: string }).value, decode(pieces, false));
  assert.equal(play!.attributes[0]!.value!.value, decode(pieces, true));
  // A text of a million references, decoded when it is asked for: one flat string, read whole.
  const many = parseTree(`<Response><Say>${'&amp;'.repeat(1_000_000)}</Say></Response>`);
  assert.equal(many.kind(3), TEXT);
  const text = many.textValue(3);
  assert.equal(text.length, 1_000_000);
  assert.equal(text, '&'.repeat(1_000_000));
  // A value cut at its first `>` (its closing quote missing) is decoded again up to the cut.
  const cut = parseXml(`<Response><Say language="${pieces}>x</Say></Response>`);
  assert.equal(elements(cut.root!.children)[0]!.attributes[0]!.value!.value, decode(pieces, true));
});

test('attribute values are normalised as XML says: literal tab, LF, CR and CR LF become one space each; references stay', () => {
  const xml = parseXml('<Response><Dial callerId="010\t1234\r\n5678\n" action="a&#10;b"/></Response>');
  const [callerId, action] = (xml.root!.children[0] as XmlElement).attributes;
  assert.equal(callerId!.value!.value, '010 1234 5678 ');
  assert.equal(action!.value!.value, 'a\nb');
  assert.deepEqual(xml.errors, []);
});

test('a text marked VISIBLE has a value that is not blank; text of every kind of first character', () => {
  const firsts = ['a', '안', '&amp;', '&#32;', '&#xA0;', '\u00a0', '\u3000', '\ufeff', '\u2028', ' ', 'é', '<', ']', '一', 'カ', '#', '\u000b'];
  let visible = 0;
  for (const first of firsts) {
    for (const rest of ['', ' ', 'x', '\u00a0']) {
      const tree = parseTree(`<Say>  ${first}${rest}</Say>`);
      for (let id = 1; id < tree.size; id++) {
        if (tree.kind(id) !== TEXT || !tree.is(id, VISIBLE)) continue;
        visible++;
        assert.notEqual(tree.textValue(id).trim(), '', `${JSON.stringify(first + rest)} is marked visible`);
      }
    }
  }
  // Printable ASCII, Hangul, kana and CJK are marked; references and white space of other kinds are not.
  assert.ok(visible > 0);
  for (const first of ['a', '안', '<', ']', '一', 'カ', '#']) {
    const tree = parseTree(`<Say>  ${first}</Say>`);
    assert.ok(tree.is(2, VISIBLE), JSON.stringify(first));
  }
  for (const first of ['&amp;', '\u00a0', '\u3000', '\ufeff', 'é']) assert.ok(!parseTree(`<Say>  ${first}</Say>`).is(2, VISIBLE), JSON.stringify(first));
});

test("a long text's code units are its own still after another long text is parsed (the room they were read in is lent again)", () => {
  const a = `<Response>${'<Say language="ko-KR">안녕하세요</Say>'.repeat(3000)}</Response>`;
  const b = `<Response>${'<Play loop="2">https://example.com/a.wav</Play>'.repeat(3000)}</Response>`;
  assert.ok(a.length > 65_536 && b.length > 65_536);
  const sameAs = (units: Uint16Array, text: string): boolean => units.length === text.length && units.every((u, i) => u === text.charCodeAt(i));
  const first = parseTree(a);
  assert.ok(sameAs(first.units, a));
  const second = parseTree(b);
  assert.ok(sameAs(first.units, a), 'the first tree');
  assert.ok(sameAs(second.units, b), 'the second tree');
  assert.ok(sameAs(parseTree(a).units, a) && sameAs(second.units, b), 'the second tree, after a third parse');
});

test("a text whose tree's room is three buffers (32 MB or more) is read node for node as the same text in one buffer", () => {
  // 15 M characters of the bench's blocks: the room a sample of it asks for is over 8 M integers.
  const block = generateVoiceML(20_000).replace(/^[^]*?<Response>\n|<\/Response>\n$/g, '');
  const copies = Math.ceil(15_000_000 / block.length);
  const text = `<Response>\n${block.repeat(copies)}</Response>\n`;
  const tree = parseTree(text);
  const tables = tree as unknown as { nodes: Int32Array; tags: Int32Array; attributes: Int32Array };
  assert.ok(tables.nodes !== tables.tags && tables.tags !== tables.attributes, 'the room is three buffers');
  assert.deepEqual(tree.errors, []);
  const one = parseTree(`<Response>\n${block}</Response>\n`);
  const perCopy = one.size - 2; // but the document and <Response>
  assert.equal(tree.size, 2 + perCopy * copies);
  // Every node of a copy as its node in the one copy is, moved by where the copy starts: the first copies, some
  // in the middle, the last ones.
  const records = (t: typeof tree, id: number, shift: number): unknown[] => {
    const at = (offset: number): number => offset - shift;
    const row: unknown[] = [t.kind(id), at(t.start(id)), at(t.end(id)), t.parent(id) > 1 ? t.parent(id) : 'top'];
    if (t.kind(id) === ELEMENT) {
      row.push(t.name(id));
      for (let a = t.firstAttribute(id); a < t.attributesEnd(id); a++) row.push(t.attributeName(a), at(t.valueInnerStart(a)), at(t.valueInnerEnd(a)));
    }
    return row;
  };
  for (const copy of [0, 1, 2, copies >> 1, copies - 2, copies - 1]) {
    for (let k = 0; k < perCopy; k++) {
      const id = 2 + copy * perCopy + k;
      const mine = records(tree, id, copy * block.length);
      const theirs = records(one, 2 + k, 0);
      if (typeof mine[3] === 'number') mine[3] = (mine[3] as number) - copy * perCopy;
      assert.deepEqual(mine, theirs, `node ${k} of copy ${copy}`);
    }
  }
});

test("the room of a text over 8 M code units is let go once none has been lent it for 30 s; a tree read in it still reads its text", () => {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  // Array buffers are freed behind a collection, by the next: a tree's let go is gone after the second.
  const gc = (): void => [1, 2, 3].forEach(() => collect());
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const block = '<Say language="ko-KR">안녕하세요</Say>';
    const text = `<Response>${block.repeat(Math.ceil(8_100_000 / block.length))}</Response>`;
    const sameAs = (units: Uint16Array, of: string): boolean =>
      units.length === of.length && [0, of.length >> 1, of.length - 1].every((i) => units[i] === of.charCodeAt(i));
    // A tree read in the room, let go: the room alone holds its memory.
    parseTree(text);
    gc();
    const held = process.memoryUsage().arrayBuffers;
    mock.timers.tick(29_000);
    gc();
    assert.ok(process.memoryUsage().arrayBuffers > held - 1_000_000, 'kept until 30 s have passed');
    mock.timers.tick(1_000);
    gc();
    const after = process.memoryUsage().arrayBuffers;
    assert.ok(after < held - 2 * text.length + 1_000_000, `let go: ${held} → ${after} bytes of array buffers`);
    // A tree still open when its room is let go, and after a room is lent again.
    const kept = parseTree(text);
    mock.timers.tick(30_000);
    assert.ok(sameAs(kept.units, text), 'the tree, its room let go');
    const next = parseTree(`${text} `);
    assert.ok(sameAs(next.units, `${text} `) && sameAs(kept.units, text), 'both, after a room is lent again');
  } finally {
    mock.timers.reset();
  }
});

test('a long text whose markup stands between the stretches its room was sampled from: the tree outgrows that room, whole', () => {
  // 1.6 M characters, sampled in 16 stretches of 2 048 spread over it (one every ~106 500): 10 000 elements
  // with an attribute each stand between the second and the third, in a text the samples read as prose.
  const before = 110_000;
  const dense = '<P a="1"/>'.repeat(10_000);
  const text = `<Response><Say>${'가'.repeat(before - 15)}</Say>${dense}<Say>${'나'.repeat(1_600_000 - before - dense.length - 32)}</Say></Response>`;
  const tree = parseTree(text);
  assert.deepEqual(tree.errors, []);
  const children = elements(parseXml(text).root!.children);
  assert.equal(children.length, 10_002);
  const last = children[10_000]!;
  assert.deepEqual([last.name, last.start, last.attributes[0]!.name, last.attributes[0]!.value?.value], ['P', text.lastIndexOf('<P a="1"/>'), 'a', '1']);
  assert.equal(children[10_001]!.start, text.lastIndexOf('<Say>'));
});
