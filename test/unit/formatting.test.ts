/**
 * Formatting: exact layout on hand-written cases, and properties on every example and on many generated
 * documents — idempotent, only white space between tokens changes, attributes / text / CDATA / comments
 * byte-for-byte, broken documents untouched, range formatting stays in its range.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FormattingOptions, Range } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/languageService';
import { parseXml } from '../../server/src/parser';
import type { XmlDocument, XmlElement, XmlNode } from '../../server/src/parser/ast';
import { getElement } from '../../server/src/model';
import { generateVoiceML } from '../support/corpus';
import { prng } from '../support/random';

const service = getLanguageService();
const SPACES2: FormattingOptions = { tabSize: 2, insertSpaces: true };
let counter = 0;

function formatText(text: string, options: FormattingOptions = SPACES2, range?: Range, languageId = 'xml'): { out: string; edits: number } {
  const document = TextDocument.create(`file:///formatting/${++counter}.xml`, languageId, 1, text);
  const edits = service.format(document, options, range);
  return { out: TextDocument.applyEdits(document, edits), edits: edits.length };
}
const formatted = (text: string, options?: FormattingOptions): string => formatText(text, options).out;

const EXAMPLES = new URL('../../examples/', import.meta.url);
const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => ({ name: f, text: readFileSync(new URL(f, EXAMPLES), 'utf8') }));

/**
 * What must survive formatting exactly as typed, in document order: every attribute, comment, CDATA section,
 * PI, and the whole content of every element that holds text (Say, Play, Number, Redirect …).
 */
function preserved(xml: XmlDocument): string[] {
  const out: string[] = [];
  const text = xml.text;
  const visit = (nodes: readonly XmlNode[]): void => {
    for (const node of nodes) {
      if (node.kind === 'comment' || node.kind === 'cdata' || node.kind === 'pi' || node.kind === 'doctype') out.push(text.slice(node.start, node.end));
      if (node.kind === 'text' && !/^[ \t\r\n]*$/.test(text.slice(node.start, node.end))) out.push(text.slice(node.start, node.end));
      if (node.kind !== 'element') continue;
      out.push(`<${node.name}`);
      for (const a of node.attributes) out.push(text.slice(a.start, a.end));
      if (holdsText(node)) {
        out.push(`content:${text.slice(node.startTagEnd, node.endTag ? node.endTag.start : node.end)}`);
      } else {
        visit(node.children);
      }
    }
  };
  visit(xml.children);
  return out;
}

function holdsText(element: XmlElement): boolean {
  const spec = getElement(element.name);
  if (spec && spec.body.use !== 'none') return true;
  return element.children.some((c) => c.kind === 'cdata' || (c.kind === 'text' && !c.whitespace));
}

/** The properties every formatting must have; returns the formatted text. */
function checkProperties(text: string, options: FormattingOptions = SPACES2): string {
  const before = parseXml(text);
  const { out } = formatText(text, options);
  if (before.errors.length > 0) {
    assert.equal(out, text, 'a document with syntax errors is never changed');
    return out;
  }
  const after = parseXml(out);
  assert.deepEqual(after.errors, [], 'formatting keeps the document well-formed');
  assert.equal(out.replace(/[ \t\r\n]/g, ''), text.replace(/[ \t\r\n]/g, ''), 'only white space changes');
  assert.deepEqual(preserved(after), preserved(before), 'attributes, text, CDATA and comments are kept byte-for-byte');
  assert.equal(formatText(out, options).edits, 0, `idempotent:\n${out}`);
  return out;
}

describe('formatting: layout', () => {
  test('re-indents element-only content, one element per line; the rest stays as typed', () => {
    const text = `<?xml version="1.0" encoding="UTF-8"?>
<Response   >
<Say   language="ko"  >  안녕하세요.
     두 줄   </Say><Gather numDigits="1"
        action="/x"     ><Say>a</Say>    <!-- after Say -->



      <Play loop="2" >https://a.example/b.wav</Play>
</Gather  >
    <Hangup   />
<Dial><Number>010</Number>
</Dial><Say><![CDATA[ x  < y ]]></Say><Gather>
</Gather><Gather></Gather>
</Response>
`;
    assert.equal(
      formatted(text),
      `<?xml version="1.0" encoding="UTF-8"?>
<Response>
  <Say language="ko">  안녕하세요.
     두 줄   </Say>
  <Gather numDigits="1"
    action="/x">
    <Say>a</Say>    <!-- after Say -->

    <Play loop="2">https://a.example/b.wav</Play>
  </Gather>
  <Hangup />
  <Dial>
    <Number>010</Number>
  </Dial>
  <Say><![CDATA[ x  < y ]]></Say>
  <Gather>
  </Gather>
  <Gather></Gather>
</Response>
`,
    );
  });

  test('tabs or any tab size, as the request says', () => {
    const text = '<Response><Connect><Stream url="wss://a.example/s"><Parameter name="a" value="b"/></Stream></Connect></Response>';
    assert.equal(
      formatted(text, { tabSize: 4, insertSpaces: false }),
      '<Response>\n\t<Connect>\n\t\t<Stream url="wss://a.example/s">\n\t\t\t<Parameter name="a" value="b"/>\n\t\t</Stream>\n\t</Connect>\n</Response>',
    );
    assert.equal(
      formatted(text, { tabSize: 4, insertSpaces: true }),
      '<Response>\n    <Connect>\n        <Stream url="wss://a.example/s">\n            <Parameter name="a" value="b"/>\n        </Stream>\n    </Connect>\n</Response>',
    );
  });

  test('a multi-line Say, mixed content and SSML-like markup in text stay exactly as typed', () => {
    const text = '<Response>\n<Say>\n      첫째 줄\n  <emphasis> 둘째 </emphasis>   \n</Say>\n<Play>\n  https://a.example/x.wav\n</Play>\n</Response>';
    assert.equal(
      formatted(text),
      '<Response>\n  <Say>\n      첫째 줄\n  <emphasis> 둘째 </emphasis>   \n</Say>\n  <Play>\n  https://a.example/x.wav\n</Play>\n</Response>',
    );
  });

  test('attributes are never reordered, requoted or respaced inside', () => {
    const text = `<Response><Gather   action = '/x'   numDigits="1"\tfinishOnKey="#"   ></Gather></Response>`;
    assert.equal(formatted(text), `<Response>\n  <Gather action = '/x' numDigits="1" finishOnKey="#"></Gather>\n</Response>`);
  });

  test('blank lines between siblings: at most one kept; none after a start tag or before an end tag', () => {
    const text = '<Response>\n\n\n  <Say>a</Say>\n\n\n\n  <Say>b</Say>\n  <Say>c</Say>\n\n</Response>';
    assert.equal(formatted(text), '<Response>\n  <Say>a</Say>\n\n  <Say>b</Say>\n  <Say>c</Say>\n</Response>');
  });

  test('comments: moved onto their own line unless they follow an element on its line', () => {
    const text = '<!-- top --><Response><!-- first --><Say>a</Say> <!-- about a -->\n<!--\n  multi\n    line\n--><Hangup/></Response>';
    assert.equal(
      formatted(text),
      '<!-- top -->\n<Response>\n  <!-- first -->\n  <Say>a</Say> <!-- about a -->\n  <!--\n  multi\n    line\n-->\n  <Hangup/>\n</Response>',
    );
  });

  test('CRLF documents stay CRLF', () => {
    const text = '<Response>\r\n<Gather action="/x">\r\n<Say>a\r\nb</Say>\r\n</Gather>\r\n</Response>\r\n';
    assert.equal(formatted(text), '<Response>\r\n  <Gather action="/x">\r\n    <Say>a\r\nb</Say>\r\n  </Gather>\r\n</Response>\r\n');
  });

  test('final newline: kept as is, added or trimmed as the options ask', () => {
    assert.equal(formatted('<Response/>'), '<Response/>');
    assert.equal(formatted('<Response/>', { ...SPACES2, insertFinalNewline: true }), '<Response/>\n');
    assert.equal(formatted('<Response/>\n\n\n'), '<Response/>\n\n\n');
    assert.equal(formatted('<Response/>\n  \n\n', { ...SPACES2, trimFinalNewlines: true }), '<Response/>\n');
  });

  test('white space written as a character reference is text, not layout', () => {
    const text = '<Response>&#32;<Say>a</Say>\n</Response>';
    assert.equal(formatted(text), text);
  });

  test('unknown elements holding only elements are laid out; with text they stay as typed', () => {
    const text = '<Response><Dial><Conference><Room>a</Room></Conference></Dial><Foo>  x  </Foo></Response>';
    assert.equal(
      formatted(text),
      '<Response>\n  <Dial>\n    <Conference>\n      <Room>a</Room>\n    </Conference>\n  </Dial>\n  <Foo>  x  </Foo>\n</Response>',
    );
  });

  test('a byte order mark stays first', () => {
    assert.equal(formatted('\uFEFF<Response><Hangup/></Response>'), '\uFEFF<Response>\n  <Hangup/>\n</Response>');
  });

  test('edits are minimal: one per gap that changes, never a whole-document replacement', () => {
    const document = TextDocument.create('file:///formatting/minimal.xml', 'xml', 1, '<Response>\n  <Say>a</Say>\n<Say>b</Say>\n  <Say>c</Say>\n</Response>');
    const edits = service.format(document, SPACES2);
    // Just the missing indentation, inserted where it goes.
    assert.deepEqual(edits, [{ range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '  ' }]);
  });
});

describe('formatting: safety', () => {
  test('documents with well-formedness errors are never changed', () => {
    for (const text of [
      '<Response>\n<Say>a</Say>\n<Gather>\n</Response>',
      '<Response>\n<Say>a &nbsp; b</Say>\n</Response>',
      '<Response>\n<Say language=ko>a</Say>\n</Response>',
      '<Response>\n<Say>a</Say></Reponse>',
      '<Response>\n<Say>a</Say>\n</Response>\n<Response/>',
      '<Response>\n<Say>a\n',
      '<Response>\n<Say a="1" a="2">x</Say>\n</Response>',
    ]) {
      assert.equal(formatText(text).edits, 0, text);
    }
  });

  test('XML that is not VoiceML is not ours to format', () => {
    assert.equal(formatText('<project>\n<modules>\n</modules>\n</project>').edits, 0);
  });

  test('templates in JS/TS are laid out by the code around them: never formatted', () => {
    assert.equal(formatText('const x = voiceml`<Response><Say>a</Say><Hangup/></Response>`;\n', SPACES2, undefined, 'typescript').edits, 0);
  });

  test('every example: already formatted, and every property holds with other options', () => {
    assert.ok(examples.length >= 6);
    for (const { name, text } of examples) {
      assert.equal(formatText(text).edits, 0, `${name} is formatted as it is`);
      checkProperties(text, { tabSize: 4, insertSpaces: false });
      checkProperties(text.replace(/\n/g, '\r\n'), { tabSize: 3, insertSpaces: true });
      // The response flattened onto one line, then formatted back: the example again.
      const root = text.indexOf('<Response');
      const flat = text.slice(0, root) + text.slice(root).replace(/>\s+</g, '><');
      assert.notEqual(flat, text);
      assert.equal(checkProperties(flat), text, name);
    }
  });

  test('the large generated corpus document is idempotent and keeps everything', () => {
    checkProperties(generateVoiceML(200_000));
  });

  test('random documents: every property, with random options', () => {
    const random = prng(20261124).next;
    for (let i = 0; i < 400; i++) {
      const text = randomDocument(random);
      const options: FormattingOptions = { tabSize: 1 + Math.floor(random() * 4), insertSpaces: random() < 0.7 };
      const out = checkProperties(text, options);
      assertLayout(out, options);
    }
  });

  test('random mutations of the examples: broken ones untouched, the others keep every property', () => {
    const random = prng(7).next;
    let broken = 0;
    for (let i = 0; i < 400; i++) {
      const { text } = examples[i % examples.length]!;
      let mutated = text;
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
        const at = Math.floor(random() * mutated.length);
        const pick = random();
        if (pick < 0.4) mutated = mutated.slice(0, at) + mutated.slice(at + 1);
        else if (pick < 0.8) mutated = mutated.slice(0, at) + '<>/"=& \n\t'[Math.floor(random() * 9)] + mutated.slice(at);
        else mutated = mutated.slice(0, at) + '\n\n   ' + mutated.slice(at);
      }
      if (parseXml(mutated).errors.length > 0) broken++;
      checkProperties(mutated);
    }
    assert.ok(broken > 100, `enough broken documents were tried (${broken})`);
  });
});

describe('formatting: ranges', () => {
  const text = '<Response>\n<Say>a</Say>\n<Say>b</Say>\n<Gather action="/x">\n<Say>c</Say>\n</Gather>\n</Response>';

  test('only gaps within the range change', () => {
    // Lines 2–3 selected as whole lines (from column 0 to the end of line 3).
    const { out } = formatText(text, SPACES2, { start: { line: 2, character: 0 }, end: { line: 3, character: 20 } });
    assert.equal(out, '<Response>\n<Say>a</Say>\n  <Say>b</Say>\n  <Gather action="/x">\n<Say>c</Say>\n</Gather>\n</Response>');
  });

  test('the indentation is the depth in the whole document, not in the range', () => {
    const { out } = formatText(text, SPACES2, { start: { line: 4, character: 0 }, end: { line: 4, character: 12 } });
    assert.equal(out, '<Response>\n<Say>a</Say>\n<Say>b</Say>\n<Gather action="/x">\n    <Say>c</Say>\n</Gather>\n</Response>');
  });

  test('a range in a broken document changes nothing', () => {
    const { edits } = formatText('<Response>\n<Say>a</Say>\n<Say>b\n</Response>', SPACES2, { start: { line: 1, character: 0 }, end: { line: 2, character: 3 } });
    assert.equal(edits, 0);
  });
});

/**
 * The layout a formatted document must have: every child of element-only content starts its own line at its
 * depth's indentation (a comment after a sibling on its line excepted), and end tags of such containers line
 * up with their start tags.
 */
function assertLayout(out: string, options: FormattingOptions): void {
  const xml = parseXml(out);
  const unit = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
  const lineStartOf = (offset: number): string => {
    let i = offset;
    while (i > 0 && out[i - 1] !== '\n' && out[i - 1] !== '\r') i--;
    return out.slice(i, offset);
  };
  const walk = (element: XmlElement, depth: number): void => {
    if (holdsText(element)) return;
    const placed = element.children.filter((c) => !(c.kind === 'text' && c.whitespace));
    placed.forEach((child, i) => {
      const before = lineStartOf(child.start);
      if (child.kind === 'comment' && i > 0 && !/^[ \t]*$/.test(before)) return;
      assert.equal(before, unit.repeat(depth + 1), `indentation of ${out.slice(child.start, child.start + 20)}`);
      if (child.kind === 'element') walk(child, depth + 1);
    });
    if (placed.length > 0 && element.endTag) assert.equal(lineStartOf(element.endTag.start), unit.repeat(depth));
  };
  walk(xml.root!, 0);
}

/** A well-formed VoiceML document with messy layout: random gaps, wrapped attributes, comments, CDATA, CRLF. */
function randomDocument(random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const gap = (): string => pick(['', '', ' ', '\n', '\n\n', '\n\n\n\n', '\t', '\n\t  ', '   \n      ', ' \n \n ']);
  const attrGap = (): string => pick([' ', ' ', '  ', '\n', '\n      ', '\t']);
  const closeGap = (): string => pick(['', '', ' ', '\n', '  \n  ']);
  const texts = ['안녕하세요.', '  첫째 줄\n   둘째 줄  ', 'a &amp; b &lt; c', '&#44032;&#xAC00;', ' ', '\n', 'Press 1'];
  const comment = (): string => pick(['<!-- 메모 -->', '<!--\n  여러 줄\n    주석\n-->', '<!-- #region 메뉴 -->', '<!-- #endregion -->']);
  const attrs = (list: string[]): string => list.map((a) => attrGap() + a).join('') + closeGap();
  const leaf = (): string =>
    pick([
      () => `<Say${random() < 0.5 ? attrs(['language="ko"']) : closeGap()}>${pick(texts)}</Say>`,
      () => `<Say>${random() < 0.5 ? '<![CDATA[ x < y & z ]]>' : pick(texts)}</Say>`,
      () => `<Play${attrs(['loop="2"'])}>${pick(['https://a.example/b.wav', '\n  https://a.example/c.wav\n'])}</Play>`,
      () => `<Play${attrs(['digits="1w2#"'])}/>`,
      () => `<Pause${attrs(['length="2"'])}/>`,
      () => `<Hangup${closeGap()}/>`,
      () => `<Record${attrs(['maxLength="60"', "action='/done'"])}/>`,
      () => `<Redirect>https://a.example/next</Redirect>`,
    ])();
  const block = (name: string, attributes: string[], children: () => string[]): string => {
    const inner = children()
      .map((c) => gap() + c)
      .join('');
    return `<${name}${attributes.length > 0 ? attrs(attributes) : closeGap()}>${inner}${gap()}</${name}${closeGap().replace(/\n/g, '')}>`;
  };
  const some = <T>(make: () => T, max: number): T[] => Array.from({ length: Math.floor(random() * (max + 1)) }, make);
  const verb = (): string =>
    pick([
      leaf,
      leaf,
      () => (random() < 0.3 ? comment() : leaf()),
      () => block('Gather', ['numDigits="1"', 'action="/g"'], () => some(() => pick([leaf, comment])(), 3)),
      () => block('Dial', ['timeout="30"'], () => [`<Number>${pick(['010-1234-5678', ' 01012345678 '])}</Number>`]),
      () =>
        block('Connect', [], () => [
          block('Stream', ['url="wss://a.example/s"', 'track="both"'], () => some(() => `<Parameter name="a"${attrGap()}value="b"${closeGap()}/>`, 3)),
        ]),
      () => `<Gather${attrs(['action="/empty"'])}>${pick(['', ' ', '\n  '])}</Gather>`,
    ])();
  const head = pick(['', '<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?>\n<!-- 헤더 -->\n']);
  const doc = head + gap().replace(/^$/, head === '' ? '' : '\n') + block('Response', [], () => some(verb, 8)) + pick(['', '\n', '\n\n', '\n  \n']);
  const text = head === '' ? doc.replace(/^[ \t\r\n]+/, '') : doc.replace(/^(<\?xml[^>]*>)[ \t\r\n]*/, '$1\n');
  return random() < 0.2 ? text.replace(/\r?\n/g, '\r\n') : text;
}

describe('bounded formatting', () => {
  test('indentation stops growing at 32 levels, and formatting that again changes nothing', () => {
    const depth = 100;
    const text = '<Response>\n' + '<Gather>\n'.repeat(depth) + '</Gather>\n'.repeat(depth) + '</Response>\n';
    const out = formatted(text);
    const widest = Math.max(...out.split('\n').map((line) => line.length - line.trimStart().length));
    assert.equal(widest, 32 * 2);
    assert.equal(formatText(out).edits, 0);
  });

  test('an absurd tabSize is ignored: four spaces', () => {
    const text = '<Response>\n<Gather action="/a">\n<Say>안녕하세요</Say>\n</Gather>\n</Response>\n';
    const four = '<Response>\n    <Gather action="/a">\n        <Say>안녕하세요</Say>\n    </Gather>\n</Response>\n';
    for (const tabSize of [1e9, 2 ** 31 - 1, -5, 0, 2.5, Number.NaN, Number.MAX_SAFE_INTEGER]) {
      assert.equal(formatted(text, { tabSize, insertSpaces: true }), four, `tabSize ${tabSize}`);
    }
    assert.equal(formatted(text, { tabSize: 3, insertSpaces: true }), four.replaceAll('    ', '   '));
  });
});
