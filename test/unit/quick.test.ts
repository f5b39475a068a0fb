/**
 * The quick parser (`parser/quick.ts`, WebAssembly) reads the usual document into the very records the parser in
 * `parser.ts` makes, and gives up on anything else, leaving the tree to that parser. Held to it record for record
 * on every document the tests have and on thousands made from them by the fuzzers' edits; and it must read the
 * usual ones, or these tests would prove nothing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTree } from '../../server/src/parser';
import { quickParseTree } from '../../server/src/parser/parser';
import { XmlTree } from '../../server/src/parser/tree';
import { knownNames } from '../../server/src/parser/intern';
import { QUICK_FROM, USUAL_DECLARATIONS, quickParserAvailable } from '../../server/src/parser/quick';
import { enableQuickParser } from '../../server/src/webAssembly';
import { generateVoiceML, withMistakes } from '../support/corpus';
import { prng } from '../support/random';
import { seeds } from '../fuzz/seeds';
import { mutate } from '../fuzz/mutate';

/** Every record of a tree, and what else the parser sets on it. */
function records(tree: XmlTree): unknown {
  // The tables are the tree's own (private): what the claim is about is them, record for record.
  const t = tree as unknown as Record<string, unknown> & { nodes: Int32Array; tags: Int32Array; attributes: Int32Array; tagBase: number; attributeBase: number; nodeCount: number; tagCount: number; attributeTotal: number };
  return {
    nodes: Array.from(t.nodes.subarray(0, t.nodeCount * 6)),
    tags: Array.from(t.tags.subarray(t.tagBase, t.tagBase + t.tagCount * 7)),
    attributes: Array.from(t.attributes.subarray(t.attributeBase, t.attributeBase + t.attributeTotal * 6)),
    names: Array.from({ length: 2000 }, (_, s) => tree.symbolName(s)).filter((name) => name !== undefined),
    root: tree.root,
    documentStart: tree.documentStart,
    errors: tree.errors,
    omitted: tree.omittedErrors,
  };
}

/** The tree the quick parser makes of `text` (whatever its length), or undefined when it gives up. */
const quickly = (text: string): XmlTree | undefined => quickParseTree(text, 0);

/** The tree `parser.ts` makes (options given, so `parseTree` does not try the quick parser). */
const fully = (text: string): XmlTree => parseTree(text, {});

/** Compares the two parsers on `text`; whether the quick one read it. */
function compare(text: string, what: string): boolean {
  const quick = quickly(text);
  if (quick === undefined) return false;
  assert.deepEqual(records(quick), records(fully(text)), `${what}:\n${text.slice(0, 2000)}`);
  return true;
}

/** Text typed into content, where it keeps a document valid. */
const TYPED = ['안녕하세요', ' ', '\n    ', 'Press 1', ' &amp; ', '&lt;', '&gt;&quot;&apos;', '<!-- 메모 -->', '<![CDATA[ <1> & ]]>', 'x]y', '日本語'];

/**
 * `text` (valid) after one edit that keeps it valid: text typed into an element's content, an element copied
 * after itself or deleted, an attribute's value changed, white space added inside a start tag.
 */
function validEdit(random: ReturnType<typeof prng>, text: string): string {
  const tree = fully(text);
  const elements: number[] = [];
  for (let id = 1; id < tree.size; id++) if (tree.kind(id) === 1 && id !== tree.root) elements.push(id);
  if (elements.length === 0) return text;
  const el = random.pick(elements);
  const [start, end] = [tree.start(el), tree.end(el)];
  switch (random.int(5)) {
    case 0: {
      if (tree.is(el, 1 << 5)) return text; // self-closing: no content
      const at = tree.startTagEnd(el);
      return text.slice(0, at) + random.pick(TYPED) + text.slice(at);
    }
    case 1:
      return text.slice(0, end) + '\n  ' + text.slice(start, end) + text.slice(end);
    case 2:
      return text.slice(0, start) + text.slice(end);
    case 3: {
      const first = tree.firstAttribute(el);
      if (first === tree.attributesEnd(el)) return text;
      const a = first + random.int(tree.attributesEnd(el) - first);
      const value = random.pick(['1', '30', 'ko-KR', 'https://example.com/x', 'true', '#', '']);
      return text.slice(0, tree.valueStart(a) + 1) + value + text.slice(tree.valueEnd(a) - 1);
    }
    default: {
      const at = tree.nameEnd(el);
      return text.slice(0, at) + random.pick([' ', '\n\t', '  ']) + text.slice(at);
    }
  }
}

describe('the quick parser', () => {
  enableQuickParser();

  test('is built and loads', () => {
    assert.ok(quickParserAvailable(), 'quickParse.wasm is missing: `npm run build` compiles it');
  });

  test('reads the usual documents into the records the full parser makes', () => {
    const documents: [string, string][] = [
      ['a generated 2 KB document', generateVoiceML(2_000)],
      ['a generated 100 KB document', generateVoiceML(100_000)],
      ['a generated 1 MB document', generateVoiceML(1_000_000)],
      ...seeds()
        .small.filter((seed) => seed.languages.includes('xml'))
        .map((seed): [string, string] => [seed.name, seed.text]),
    ];
    let read = 0;
    for (const [name, text] of documents) if (compare(text, name)) read++;
    // The examples and the generated documents are clean: most are read.
    assert.ok(compare(documents[2]![1], 'the 1 MB document'), 'the generated 1 MB document is one the quick parser reads');
    assert.ok(read >= documents.length / 4, `read ${read} of ${documents.length}`);
  });

  test('on 3 000 documents edited as the fuzzers edit, any it reads it reads as the full parser does', () => {
    // Mostly documents with an error: the quick parser hands the items with one over, and the tree must be the
    // full parser's all the same.
    const random = prng(20261207);
    const xml = seeds().small.filter((seed) => seed.languages.includes('xml'));
    let read = 0;
    for (let i = 0; i < 3000; i++) {
      let text = random.pick(xml).text;
      for (let k = 1 + random.int(3); k > 0; k--) text = mutate(random, text);
      if (compare(text, `edited document ${i}`)) read++;
    }
    assert.ok(read >= 250, `read ${read} of 3 000`);
  });

  test('on 2 000 documents edited the way a valid document stays valid, it reads them as the full parser does', () => {
    const random = prng(0x9e3779b1);
    const clean = seeds().small.filter((seed) => seed.languages.includes('xml') && quickly(seed.text) !== undefined);
    let read = 0;
    for (let i = 0; i < 2000; i++) {
      let text = random.pick(clean).text;
      for (let k = 1 + random.int(4); k > 0; k--) text = validEdit(random, text);
      if (compare(text, `valid edit ${i}`)) read++;
    }
    assert.ok(read >= 1800, `read ${read} of 2 000`);
  });

  test('hands each item it does not read to the full parser, and the tree is the one the full parser makes', () => {
    const wrap = (body: string): string => `<Response>\n  <Say>before</Say>\n  ${body}\n  <Say>after</Say>\n</Response>\n`;
    const items: [string, string][] = [
      ['an error', '<Say>x</Sya>'],
      ['an unclosed element', '<Gather><Say>x</Gather>'],
      ['a reference to a character XML does not allow', '<Say>&#0;</Say>'],
      ['a reference to a surrogate', '<Say>&#xD800;</Say>'],
      ['an unterminated character reference', '<Say>&#54620</Say>'],
      ['an upper-case X in a character reference', '<Say>&#X41;</Say>'],
      ['an unknown entity', '<Say>&nbsp;</Say>'],
      ['a bare ampersand', '<Say>R&D</Say>'],
      ['an entity reference in a value', '<Redirect method="&quot;POST">x</Redirect>'],
      ['a character outside the Basic Multilingual Plane', '<Say>😀</Say>'],
      ['a processing instruction', '<?pi x?>'],
      ['white space around `=`', '<Say language = "ko-KR">x</Say>'],
      ['a line break in a value', '<Say language="ko-\nKR">x</Say>'],
      ['a duplicate attribute', '<Say loop="1" loop="2">x</Say>'],
      ['an end tag with white space', '<Say>x</Say >'],
      ['`]]>` in text', '<Say>a]]>b</Say>'],
      ['`--` in a comment', '<!-- a -- b -->'],
      ['a stray `<`', '<Say>a < b</Say>'],
      ['a stray end tag', '</Play>'],
      ['text with a stray end tag before white space', 'x</Play>\n  '],
      ['the root closed early', '</Response><Say>x</Say>'],
      ['a second root after the root', '</Response>\n<Response><Say>x</Say>'],
      ['a root left open', '<Say>x</Say>'.replace('</Say>', '')],
    ];
    for (const [what, item] of items) assert.ok(compare(wrap(item), what), what);
    // And after the root, in an unclosed root, and in text right in the root.
    for (const text of ['<Response><Say>x</Say></Response>\n<Sya/>\n', '<Response><Say>x</Say>\n', '<Response>a &#0; b<Say>x</Say></Response>']) assert.ok(compare(text, text), text);
  });

  test('reads the names the model does not have below the root, numbered as the full parser numbers them', () => {
    const wrap = (body: string, declaration = ''): string => `${declaration}<Response>\n  <Say>before</Say>\n  ${body}\n  <Say>after</Say>\n</Response>\n`;
    const items: [string, string][] = [
      ['an element', '<Sya>x</Sya>'],
      ['an attribute', '<Say languag="ko-KR">x</Say>'],
      ['names in the TwiML way', '<Gather numdigits="1" finishonkey="#"><Say voice="alice">x</Say></Gather>'],
      ['the same names again', '<Sya a="1"/><Sya a="2"><Sya/></Sya>'],
      ['names before an item handed over, and in it', '<Foo bar="1"/><Baz qux="a&b">x</Baz><Foo zed="1"/>'],
      ['a name in the item handed over, met before the error', '<Foo bar="1">R&D</Foo><Foo/>'],
      ['a duplicate of a name the model does not have', '<Say abc="1" abc="2">x</Say>'],
      ['names with a colon', '<x:Say xmlns:x="urn:x">x</x:Say>'],
    ];
    for (const [what, item] of items) {
      for (const declaration of ['', '<?xml version="1.0" encoding="UTF-8"?>\n']) {
        const text = wrap(item, declaration);
        assert.ok(compare(text, `${what}${declaration ? ', after an XML declaration' : ''}`), what);
      }
    }
    // Not on the root or its attributes: those documents are the full parser's whole.
    for (const text of ['<Sya><Say>x</Say></Sya>', '<Response foo="1"><Say>x</Say></Response>']) assert.equal(quickly(text), undefined, text);
  });

  test('tells every well-known name from each name one code unit away from it: changed at any place, one shorter, one longer', () => {
    // Its names are looked up by length and three of their units, and compared eight, four and two bytes at a time.
    const names = knownNames.filter((name) => /^[A-Za-z][A-Za-z0-9]*$/.test(name));
    assert.ok(names.length > 50 && names.some((name) => name.length > 16), 'the model has its names, long ones too');
    const items: string[] = [];
    for (const name of names) {
      const near = [name, name.slice(0, -1), `${name}q`, `q${name}`];
      for (let k = 0; k < name.length; k++) near.push(`${name.slice(0, k)}${name[k] === 'q' ? 'Q' : 'q'}${name.slice(k + 1)}`);
      for (const other of near) if (other !== '') items.push(`  <${other} ${other}="1"/>`, `  <Say ${other}="1">x</Say>`);
    }
    const text = `<Response>\n${items.join('\n')}\n</Response>\n`;
    assert.ok(compare(text, 'names one code unit away from the well-known ones'));
  });

  test('gives the whole text to the full parser for what stands before the root', () => {
    const cases: [string, string][] = [
      ['a DOCTYPE', '<!DOCTYPE Response><Response/>'],
      ['a processing instruction', '<?pi x?><Response/>'],
      ['an unusual XML declaration', '<?xml version="1.0" standalone="yes"?><Response/>'],
      ['text before the root', 'x<Response/>'],
      ['a CDATA section before the root', '<![CDATA[x]]><Response/>'],
      ['a byte order mark', '\uFEFF<Response/>'],
      ['a root the model does not have', '<Sya><Say>x</Say></Sya>'],
      ['an error in the start tag of the root', '<Response x><Say>x</Say></Response>'],
      ['no root', '<!-- nothing -->'],
    ];
    for (const [what, text] of cases) {
      assert.equal(quickly(text), undefined, what);
      // Read all the same, by the full parser.
      assert.deepEqual(records(parseTree(text.padEnd(QUICK_FROM, ' '))), records(fully(text.padEnd(QUICK_FROM, ' '))), what);
    }
  });

  test('reads references in text as the full parser does: the predefined entities, and characters in decimal and hex', () => {
    const texts = ['&amp;', '&lt;&gt;&quot;&apos;', '&#54620;&#xAC00;', '&#xac00;', '&#32;', '&#32;&#10;', ' &#x20; ', '&#9;x', 'a&#32;', '&#x10FFFF;', '&#160;', '&#65533;'];
    for (const body of texts) assert.ok(compare(`<Response><Say>${body}</Say></Response>`, body), body);
  });

  test('reads each XML declaration it takes as it stands, which the full parser finds valid', () => {
    for (const declaration of [...USUAL_DECLARATIONS].map((content) => `<?xml${content}?>`)) {
      const text = `${declaration}\n<Response><Say>x</Say></Response>`;
      assert.ok(compare(text, declaration), declaration);
      assert.deepEqual(fully(text).errors, [], declaration);
    }
  });

  test('`parseTree` takes the quick way for a long plain text, and the full one with options or when it gives up', () => {
    const long = generateVoiceML(QUICK_FROM * 2);
    assert.deepEqual(records(parseTree(long)), records(fully(long)));
    const broken = withMistakes(long, 0.1, 7).text;
    assert.deepEqual(records(parseTree(broken)), records(fully(broken)));
    assert.deepEqual(records(parseTree(broken, { trimmed: false })), records(fully(broken)));
  });

  test('a document where item after item is handed over is read all the same (the full parser reads on from some point)', () => {
    for (const text of [`<Response>${'<x a=1/>'.repeat(5000)}</Response>`, `<Response>${'<Say>ok</Say><Say>&nbsp;</Say>'.repeat(3000)}<Say>end</Say></Response>`, `<Response>${'<Say>a&b</Say>\n'.repeat(3000)}</Response>`]) {
      assert.ok(compare(text, text.slice(0, 60)), text.slice(0, 60));
    }
  });

  test('a document needing more room for its records than first given is read all the same', () => {
    // A node every 8 characters, more than the room first given (one every 8 … with the tags' and attributes').
    const dense = `<Response>${'<Pause/>'.repeat(QUICK_FROM)}</Response>`;
    assert.ok(compare(dense, 'dense'));
  });
});
