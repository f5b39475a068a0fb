/**
 * Reading again only what changed: after a change inside the content of one element, `reparseTree` reads that
 * content again and moves the rest of the previous tree. Its tree must be the tree `parseTree` makes of the
 * new text, record for record (names compared by their text: the table of names may hold more). Typed at
 * random into real documents — text, markup, references, characters that open or close tags — and checked
 * after every change; the shortcut must also be taken often, or these tests would prove nothing.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseTree, reparseTree } from '../../server/src/parser';
import * as T from '../../server/src/parser/tree';
import { changeBetween } from '../../server/src/document/change';
import { generateVoiceML, withMistakes } from '../support/corpus';
import { prng } from '../support/random';

const NODE_FLAGS = [T.START_TAG_CLOSED, T.SELF_CLOSING, T.DYNAMIC_NAME, T.DYNAMIC_ATTRIBUTES, T.END_TAG_CLOSED, T.WHITESPACE, T.DYNAMIC, T.CLOSED];
const ATTRIBUTE_FLAGS = [T.HAS_VALUE, T.VALUE_CLOSED, T.VALUE_DYNAMIC, T.DOUBLE_QUOTED, T.SINGLE_QUOTED];

/** Every record of a tree as plain values, names by their text. */
function dump(tree: T.XmlTree): unknown {
  const nodes: unknown[] = [];
  for (let id = 0; id < tree.size; id++) {
    const kind = tree.kind(id);
    const node: unknown[] = [kind, tree.start(id), tree.end(id), tree.parent(id), tree.subtreeEnd(id), NODE_FLAGS.map((f) => tree.is(id, f))];
    if (kind === T.TEXT || kind === T.CDATA) node.push(tree.textValue(id));
    if (kind === T.ELEMENT || kind === T.PI) node.push(tree.name(id), tree.nameEnd(id));
    if (kind === T.ELEMENT) {
      node.push(tree.startTagEnd(id), tree.hasEndTag(id) ? [tree.endTagStart(id), tree.endTagNameEnd(id)] : undefined);
      const attributes: unknown[] = [];
      for (let a = tree.firstAttribute(id); a < tree.attributesEnd(id); a++) {
        attributes.push([
          tree.attributeName(a),
          tree.attributeStart(a),
          tree.attributeNameEnd(a),
          ATTRIBUTE_FLAGS.map((f) => tree.attributeIs(a, f)),
          tree.hasValue(a) ? [tree.valueStart(a), tree.valueEnd(a), tree.attributeValue(a)] : undefined,
        ]);
      }
      node.push(attributes);
    }
    nodes.push(node);
  }
  return { root: tree.root, nodes, errors: tree.errors, omitted: tree.omittedErrors && [...tree.omittedErrors] };
}

const TYPED: readonly string[] = [
  'a', ' ', '\n', '번', '<', '>', '/', '"', "'", '=', '&', ';', '&amp;', '&#x3C;', '&bogus;', '<Say>', '</Say>', '<Sya>', '</Gather>', '</Response>',
  '<Pause/>', '<!-- x -->', '<![CDATA[ <1> ]]>', ']]>', '<?pi x?>', ' language="ko"', 'x="1', '<Say', '\u0000', '\r\n', '<', '</',
];

/** Mostly in the text between tags (after a `>`, before the next `<`), where most typing is; now and then anywhere. */
function placeToType(random: ReturnType<typeof prng>, text: string): number {
  if (random.next() < 0.3) return random.int(text.length + 1);
  const gt = text.indexOf('>', random.int(text.length));
  if (gt < 0) return random.int(text.length + 1);
  const lt = text.indexOf('<', gt);
  return gt + 1 + random.int((lt < 0 ? text.length : lt) - gt);
}

function typeInto(text: string, seed: number, changes: number): { reparsed: number; failures: string[] } {
  const random = prng(seed);
  let current = text;
  let tree = parseTree(current);
  let reparsed = 0;
  const failures: string[] = [];
  // Half the time the next change takes back what was just typed, as typing does: the document stays mostly whole.
  let typed: { at: number; length: number } | undefined;
  for (let k = 0; k < changes && failures.length === 0; k++) {
    // Every so often from the start again: a small document typed into at random soon has no root left.
    if (k % 25 === 0) {
      current = text;
      tree = parseTree(current);
      typed = undefined;
    }
    let next: string;
    let at: number;
    if (typed && random.next() < 0.5) {
      at = typed.at;
      next = current.slice(0, at) + current.slice(at + typed.length);
      typed = undefined;
    } else {
      at = placeToType(random, current);
      const r = random.next();
      const piece = random.pick(TYPED);
      next =
        r < 0.7
          ? current.slice(0, at) + piece + current.slice(at)
          : r < 0.9
            ? current.slice(0, at) + current.slice(Math.min(current.length, at + 1 + random.int(4)))
            : current.slice(0, at) + piece + current.slice(Math.min(current.length, at + 1 + random.int(3)));
      typed = r < 0.7 ? { at, length: piece.length } : undefined;
    }
    const change = changeBetween(current, next);
    const fresh = parseTree(next);
    const again = change && reparseTree(tree, next, change);
    if (again) {
      reparsed++;
      const [a, b] = [JSON.stringify(dump(again)), JSON.stringify(dump(fresh))];
      if (a !== b) failures.push(`seed ${seed}, change ${k + 1} ${JSON.stringify(change)} ${JSON.stringify(next.slice(Math.max(0, at - 60), at + 60))}:\n  reparsed ${a.slice(0, 1500)}\n  fresh    ${b.slice(0, 1500)}`);
    }
    // Go on from the tree the shortcut made, when it made one: a fault would show in the changes after.
    tree = again ?? fresh;
    current = next;
  }
  return { reparsed, failures };
}

const examples = fileURLToPath(new URL('../../examples/', import.meta.url));
const documents: [string, string][] = [
  ['a generated 20 KB document', generateVoiceML(20_000)],
  ['the same with 10 % of its lines wrong', withMistakes(generateVoiceML(20_000), 0.1, 3).text],
  ...readdirSync(examples)
    .filter((name) => name.endsWith('.xml'))
    .map((name): [string, string] => [`examples/${name}`, readFileSync(examples + name, 'utf8')]),
];

describe('reading again only the element a change is in', () => {
  for (const [name, text] of documents) {
    test(`${name}: after every change, the tree is the one a full parse makes`, () => {
      const { reparsed, failures } = typeInto(text, 0x5e7 + text.length, 200);
      assert.deepEqual(failures, []);
      assert.ok(reparsed >= 25, `the shortcut was taken on ${reparsed} of 200 changes`);
    });
  }
});

describe('a tree is made in memory that was not zeroed, every record written whole', () => {
  // The memory a tree's records are made in, filled with garbage first (as memory used before may be).
  const unzeroed = Buffer.allocUnsafeSlow;
  const withGarbage = <T>(read: () => T): T => {
    Buffer.allocUnsafeSlow = (size: number) => unzeroed(size).fill(0xa5);
    try {
      return read();
    } finally {
      Buffer.allocUnsafeSlow = unzeroed;
    }
  };
  // Small rooms are zeroed (`unzeroed` in tree.ts): the documents here, and two large enough not to be.
  const large: [string, string][] = [
    ['a generated 200 KB document', generateVoiceML(200_000)],
    ['the same with 10 % of its lines wrong', withMistakes(generateVoiceML(200_000), 0.1, 5).text],
  ];
  for (const [name, text] of [...documents, ...large]) {
    // Fewer versions of the large ones: each is parsed three times.
    const versions = text.length > 100_000 ? 8 : 60;
    test(`${name}, and ${versions} versions of it typed into: every record as in zeroed memory`, () => {
      const random = prng(0x9a7 + text.length);
      let version = text;
      for (let k = 0; k < versions; k++) {
        const expected = JSON.stringify(dump(parseTree(version)));
        assert.equal(withGarbage(() => JSON.stringify(dump(parseTree(version)))), expected, `version ${k}`);
        const at = placeToType(random, version);
        version = version.slice(0, at) + random.pick(TYPED) + version.slice(at);
      }
      const { failures } = withGarbage(() => typeInto(text, 0x5e8 + text.length, versions));
      assert.deepEqual(failures, []);
    });
  }
  test('a long text whose tree outgrows its first room: the larger tables it moves to are written whole too', () => {
    // 10 000 elements between the stretches its room was sampled from (see the parser's test of that room).
    const dense = '<P a="1"/>'.repeat(10_000);
    const text = `<Response><Say>${'가'.repeat(110_000)}</Say>${dense}<Say>${'나'.repeat(1_400_000)}</Say></Response>`;
    assert.equal(withGarbage(() => JSON.stringify(dump(parseTree(text)))), JSON.stringify(dump(parseTree(text))));
  });
});

describe('the open-element stacks are kept from parse to parse, and only their open part is read', () => {
  test('an end tag named like an element closed before, in the same parse: not taken for an open one', () => {
    // `<x>` is written over `<a>`, where `b` and `c` were: the `</c>` closes nothing (`c` closed before).
    const tree = parseTree('<a><b><c></c></b></a><x></c></x>');
    assert.deepEqual(
      tree.errors.map((e) => [e.code, e.start, e.end]),
      [
        ['multiple-roots', 22, 23],
        ['unexpected-end-tag', 26, 27],
      ],
    );
  });
  test('every parse reads the same after any other: a deep one, one left with elements open, one reading again', () => {
    const texts = [
      // Deeper than the stacks are kept for.
      '<a>'.repeat(5000),
      '<Response><Gather input="speech"><Say>안녕</Say></Gather></Response>',
      '<a><b><c></c></b></a><x></c></x>',
      '<Response><Say>hi</Sya></Say><Play>',
      '<Response><a><b></a></Response>',
      '<Response><Say loop="2">x</Say>',
    ];
    const first = texts.map((text) => JSON.stringify(dump(parseTree(text))));
    // Reading again fails here with `R` still open: the `</S>` typed closes `S` where it did not before.
    const before = parseTree('<R><S>hi</S></R>');
    const cases: [string, () => unknown][] = [
      ...texts.map((text): [string, () => unknown] => [text.slice(0, 40), () => parseTree(text)]),
      ['a reading again that fails', () => assert.equal(reparseTree(before, '<R><S>h</S>i</S></R>', { start: 7, end: 7, newEnd: 11 }), undefined)],
    ];
    for (const [name, run] of cases) {
      texts.forEach((text, k) => {
        run();
        assert.equal(JSON.stringify(dump(parseTree(text))), first[k], `${JSON.stringify(text.slice(0, 40))} after ${JSON.stringify(name)}`);
      });
    }
  });
});
