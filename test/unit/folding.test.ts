/** Folding ranges: elements (end tag line stays visible), comments, CDATA, #region markers, limits. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/languageService';

const service = getLanguageService();
let counter = 0;
const fold = (text: string, rangeLimit?: number, languageId = 'xml'): FoldingRange[] =>
  service.getFoldingRanges(TextDocument.create(`file:///folding/${++counter}.xml`, languageId, 1, text), { rangeLimit });
const compact = (ranges: FoldingRange[]) => ranges.map((r) => `${r.startLine}-${r.endLine}${r.kind ? ' ' + r.kind : ''}`);

describe('folding ranges', () => {
  test('elements fold up to the line before their end tag', () => {
    const text = [
      '<?xml version="1.0"?>', // 0
      '<Response>', // 1
      '  <Gather numDigits="1" action="/x">', // 2
      '    <Say>hi</Say>', // 3
      '    <Play>https://example.com/a.wav</Play>', // 4
      '  </Gather>', // 5
      '  <Say>one line</Say>', // 6
      '</Response>', // 7
    ].join('\n');
    assert.deepEqual(compact(fold(text)), ['1-6', '2-4']);
  });

  test('a multi-line Say body folds; an element on two lines (nothing between the tag lines) does not', () => {
    const text = '<Response>\n  <Say>\n    첫째 줄\n    둘째 줄\n  </Say>\n  <Gather>\n  </Gather>\n</Response>';
    assert.deepEqual(compact(fold(text)), ['0-6', '1-3']);
  });

  test('a self-closing start tag wrapped over lines keeps its `/>` line visible', () => {
    const text = '<Response>\n  <Record\n    maxLength="60"\n    action="/done"\n  />\n</Response>';
    assert.deepEqual(compact(fold(text)), ['0-4', '1-3']);
  });

  test('multi-line comments fold through their last line, single-line ones not at all', () => {
    const text = '<Response>\n  <!-- one line -->\n  <!--\n    several\n    lines\n  -->\n  <Hangup/>\n</Response>';
    assert.deepEqual(compact(fold(text)), ['0-6', `2-5 ${FoldingRangeKind.Comment}`]);
  });

  test('CDATA folds, but not over the end tag sharing its last line', () => {
    const text = '<Response>\n  <Say><![CDATA[\n    a < b\n    & c\n  ]]></Say>\n</Response>';
    // The Say element and its CDATA start on the same line: one range per line, the outer one.
    assert.deepEqual(compact(fold(text)), ['0-4', '1-3']);
    const alone = '<Response>\n  <Say>\n    <![CDATA[\n      a < b\n    ]]>\n  </Say>\n</Response>';
    assert.deepEqual(compact(fold(alone)), ['0-5', '1-4', '2-4']);
  });

  test('#region markers pair up in document order, across element boundaries, nested', () => {
    const text = [
      '<Response>', // 0
      '  <!-- #region 인사 -->', // 1
      '  <Say>hi</Say>', // 2
      '  <Gather action="/x">', // 3
      '    <!-- #region inner -->', // 4
      '    <Say>a</Say>', // 5
      '    <!-- #endregion -->', // 6
      '    <Say>b</Say>', // 7
      '  </Gather>', // 8
      '  <!-- #endregion -->', // 9
      '  <!-- #endregion stray -->', // 10
      '  <!-- #region never closed -->', // 11
      '</Response>', // 12
    ].join('\n');
    const ranges = fold(text);
    const regions = ranges.filter((r) => r.kind === FoldingRangeKind.Region);
    assert.deepEqual(compact(regions), [`1-9 ${FoldingRangeKind.Region}`, `4-6 ${FoldingRangeKind.Region}`]);
    assert.deepEqual(compact(ranges.filter((r) => r.kind === undefined)), ['0-11', '3-7']);
  });

  test('unclosed elements fold through their last content, not over what follows', () => {
    const text = '<Response>\n  <Gather>\n    <Say>a</Say>\n    <Say>b</Say>\n\n\n</Response>';
    assert.deepEqual(compact(fold(text)), ['0-5', '1-3']);
  });

  test('CRLF line breaks count as one line', () => {
    const text = '<Response>\r\n  <Gather>\r\n    <Say>a</Say>\r\n  </Gather>\r\n</Response>\r\n';
    assert.deepEqual(compact(fold(text)), ['0-3', '1-2']);
  });

  test('rangeLimit keeps the outermost levels first', () => {
    const lines = ['<Response>'];
    for (let i = 0; i < 5; i++) lines.push('  <Gather>', '    <Say>', '      x', '    </Say>', '  </Gather>');
    lines.push('</Response>');
    const text = lines.join('\n');
    const all = fold(text);
    assert.equal(all.length, 11);
    const limited = fold(text, 6);
    assert.equal(limited.length, 6);
    assert.deepEqual(compact(limited), compact(all.filter((r) => r.startLine === 0 || lines[r.startLine]!.trim() === '<Gather>')));
    assert.deepEqual(fold(text, 0), []);
  });

  test('sorted, one per start line, end after start — on a large generated document', () => {
    const parts = ['<Response>'];
    for (let i = 0; i < 300; i++) parts.push(`  <Gather action="/g${i}">\n    <Say>\n      x${i}\n    </Say><!--\n    c\n    --></Gather>`);
    parts.push('</Response>');
    const ranges = fold(parts.join('\n'));
    for (let i = 0; i < ranges.length; i++) {
      assert.ok(ranges[i]!.endLine > ranges[i]!.startLine);
      if (i > 0) assert.ok(ranges[i]!.startLine > ranges[i - 1]!.startLine);
    }
    assert.equal(ranges.length, 1 + 300 * 3);
  });

  test('in a JS/TS template, in the file\'s lines', () => {
    const code = 'const a = 1;\nconst x = voiceml`\n  <Gather action="/x">\n    <Say>a</Say>\n  </Gather>\n`;\n';
    assert.deepEqual(compact(fold(code, undefined, 'typescript')), ['2-3']);
  });

  test('not VoiceML: nothing', () => {
    assert.deepEqual(fold('<project>\n  <a>\n  </a>\n</project>'), []);
  });
});
