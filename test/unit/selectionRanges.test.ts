/** Smart selection: the chain from the cursor outwards, each step containing the one before. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SelectionRange } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/languageService';
import { MAX_RESULT_DEPTH } from '../../server/src/services/limits';

const service = getLanguageService();
let counter = 0;

/** The texts the chain selects, innermost first; `|` in `marked` is the cursor. */
function chain(marked: string, languageId = 'xml'): string[] {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const document = TextDocument.create(`file:///selection/${++counter}.xml`, languageId, 1, text);
  const [first] = service.getSelectionRanges(document, [document.positionAt(offset)]);
  const out: string[] = [];
  for (let r: SelectionRange | undefined = first; r; r = r.parent) out.push(document.getText(r.range));
  return out;
}

const DOC = `<Response>
  <Gather numDigits="4" action="/verify-2">
    <Say language="ko-KR">가입하신 휴대폰 뒷 네 자리를 누르세요.</Say>
  </Gather>
</Response>`;
const at = (needle: string, delta = 0): string => {
  const i = DOC.indexOf(needle) + delta;
  return DOC.slice(0, i) + '|' + DOC.slice(i);
};
const GATHER = DOC.slice(DOC.indexOf('<Gather'), DOC.indexOf('</Gather>') + '</Gather>'.length);
const GATHER_START = '<Gather numDigits="4" action="/verify-2">';
const GATHER_CONTENT = DOC.slice(DOC.indexOf(GATHER_START) + GATHER_START.length, DOC.indexOf('</Gather>'));
const SAY = '<Say language="ko-KR">가입하신 휴대폰 뒷 네 자리를 누르세요.</Say>';
const RESPONSE_CONTENT = DOC.slice('<Response>'.length, DOC.indexOf('</Response>'));

describe('selection ranges', () => {
  test('attribute value: inside the quotes → with quotes → attribute → start tag → element → content → … → document', () => {
    assert.deepEqual(chain(at('verify-2')), [
      '/verify-2',
      '"/verify-2"',
      'action="/verify-2"',
      GATHER_START,
      GATHER,
      // Response's content without its white space is just the Gather: the same range is not repeated.
      RESPONSE_CONTENT,
      DOC,
    ]);
  });

  test('element name → start tag → element …', () => {
    assert.deepEqual(chain(at('Gather numDigits', 2)), ['Gather', GATHER_START, GATHER, RESPONSE_CONTENT, DOC]);
  });

  test('attribute name → attribute → start tag …', () => {
    assert.deepEqual(chain(at('numDigits', 3)).slice(0, 3), ['numDigits', 'numDigits="4"', GATHER_START]);
  });

  test('text → element → parent content → parent …', () => {
    assert.deepEqual(chain(at('휴대폰')), [
      '가입하신 휴대폰 뒷 네 자리를 누르세요.',
      SAY,
      GATHER_CONTENT,
      GATHER,
      RESPONSE_CONTENT,
      DOC,
    ]);
  });

  test('end tag name → end tag → element', () => {
    assert.deepEqual(chain(at('/Gather>', 2)).slice(0, 3), ['Gather', '</Gather>', GATHER]);
  });

  test('white space between elements: the container content, then outwards', () => {
    assert.deepEqual(chain(at('\n  </Gather>', 1)), [GATHER_CONTENT, GATHER, RESPONSE_CONTENT, DOC]);
  });

  test('right after a self-closing element: that element', () => {
    assert.deepEqual(chain('<Response><Hangup/>|</Response>'), ['<Hangup/>', '<Response><Hangup/></Response>']);
    // Between two elements, the one starting at the cursor wins.
    assert.deepEqual(chain('<Response><Say>a</Say>|<Hangup/></Response>')[0], '<Hangup/>');
    assert.deepEqual(chain('<Response><Say>a|</Say></Response>')[0], 'a');
  });

  test('comments and CDATA: their content first', () => {
    assert.deepEqual(chain('<Response><!-- 메|모 --></Response>'), ['메모', '<!-- 메모 -->', '<Response><!-- 메모 --></Response>']);
    assert.deepEqual(chain('<Response><Say><![CDATA[a |< b]]></Say></Response>').slice(0, 3), ['a < b', '<![CDATA[a < b]]>', '<Say><![CDATA[a < b]]></Say>']);
  });

  test('every step contains the one before, and no two neighbours are equal — at every offset of a document', () => {
    const text = '<?xml version="1.0"?>\n<!-- x -->\n<Response>\n  <Gather numDigits="1" action=\'/a\' >\n    <Say>a &amp; b<![CDATA[c]]></Say>\n  </Gather>\n  <Hangup/>\n  <Say\n</Response>\n';
    const document = TextDocument.create('file:///selection/every.xml', 'xml', 1, text);
    const positions = Array.from({ length: text.length + 1 }, (_, i) => document.positionAt(i));
    const results = service.getSelectionRanges(document, positions);
    assert.equal(results.length, positions.length);
    results.forEach((result, i) => {
      let r: SelectionRange | undefined = result;
      let previous: [number, number] | undefined;
      for (; r; r = r.parent) {
        const span: [number, number] = [document.offsetAt(r.range.start), document.offsetAt(r.range.end)];
        assert.ok(span[0] <= i && i <= span[1], `offset ${i}: ${JSON.stringify(span)} misses the cursor`);
        if (previous) {
          assert.ok(span[0] <= previous[0] && previous[1] <= span[1], `offset ${i}: not nested`);
          assert.ok(span[0] !== previous[0] || span[1] !== previous[1], `offset ${i}: equal neighbours`);
        }
        previous = span;
      }
      assert.deepEqual(previous, [0, text.length], `offset ${i}: the chain ends at the whole document`);
    });
  });

  test('in a JS/TS template up to the template; inside `${…}` the cursor only (that is code)', () => {
    assert.deepEqual(chain('const x = voiceml`<Response><Say>h|i</Say></Response>`;', 'typescript'), [
      'hi',
      '<Say>hi</Say>',
      '<Response><Say>hi</Say></Response>',
    ]);
    assert.deepEqual(chain('const x = voiceml`<Response><Say>${na|me}</Say></Response>`;', 'typescript'), ['']);
  });

  test('not VoiceML: the cursor itself, one per position', () => {
    const document = TextDocument.create('file:///selection/pom.xml', 'xml', 1, '<project/>');
    const result = service.getSelectionRanges(document, [{ line: 0, character: 3 }]);
    assert.deepEqual(result, [{ range: { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } } }]);
  });
});

describe('a bounded chain', () => {
  test('in a 20 000-deep document: the innermost steps and the whole document, MAX_RESULT_DEPTH in all', () => {
    const depth = 20_000;
    const text = '<Response>' + '<Gather>'.repeat(depth) + '</Gather>'.repeat(depth) + '</Response>';
    const document = TextDocument.create(`file:///selection/${++counter}.xml`, 'xml', 1, text);
    const innermost = '<Response>'.length + depth * '<Gather>'.length - 3; // <Gat|her>
    const [first] = service.getSelectionRanges(document, [document.positionAt(innermost)]);
    const steps: string[] = [];
    for (let r: SelectionRange | undefined = first; r; r = r.parent) steps.push(document.getText(r.range));
    assert.equal(steps.length, MAX_RESULT_DEPTH);
    assert.deepEqual(steps.slice(0, 3), ['Gather', '<Gather>', '<Gather></Gather>']);
    assert.equal(steps.at(-1), text);
    for (let i = 1; i < steps.length; i++) assert.ok(steps[i]!.length > steps[i - 1]!.length, `step ${i} contains the one before`);
  });
});
