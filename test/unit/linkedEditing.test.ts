/** Tag pairs: linked editing ranges, and what auto-closing inserts after a typed `>` or `</`. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/languageService';
import { XML_NAME_PATTERN } from '../../server/src/services/linkedEditing';

const service = getLanguageService();
let counter = 0;

/** `|` marks the cursor. */
function at(marked: string, languageId = 'xml'): { document: TextDocument; position: { line: number; character: number } } {
  const offset = marked.indexOf('|');
  const document = TextDocument.create(`file:///linked/${++counter}.xml`, languageId, 1, marked.slice(0, offset) + marked.slice(offset + 1));
  return { document, position: document.positionAt(offset) };
}

function linked(marked: string, languageId?: string): string[] | null {
  const { document, position } = at(marked, languageId);
  const result = service.findLinkedEditingRanges(document, position);
  if (!result) return null;
  assert.equal(result.wordPattern, XML_NAME_PATTERN);
  return result.ranges.map((r) => `${document.offsetAt(r.start)}:${document.getText(r)}`);
}

/** What typing the character before `|` inserts, applied to the text with the cursor shown as `|`. */
function typed(marked: string, char: string, languageId?: string): string | undefined {
  const { document, position } = at(marked, languageId);
  const close = service.doAutoClose(document, position, char);
  if (!close) return undefined;
  const text = document.getText();
  const offset = document.offsetAt(position);
  assert.equal(close.offset, offset);
  assert.equal(close.snippet.replace('$0', ''), close.text, 'snippet and text agree');
  const inserted = close.snippet.replace('$0', '|');
  return text.slice(0, offset) + inserted + text.slice(offset);
}

describe('linked editing ranges', () => {
  const DOC = '<Response>\n  <Gather action="/x">\n    <Say>hi</Say>\n  </Gather>\n</Response>';

  test('start tag name ↔ end tag name, from either side and either edge of the name', () => {
    const expected = [`${DOC.indexOf('Gather')}:Gather`, `${DOC.indexOf('/Gather') + 1}:Gather`];
    assert.deepEqual(linked(DOC.replace('<Gather', '<Gat|her')), expected);
    assert.deepEqual(linked(DOC.replace('<Gather', '<|Gather')), expected);
    assert.deepEqual(linked(DOC.replace('<Gather', '<Gather|')), expected);
    assert.deepEqual(linked(DOC.replace('</Gather', '</Gath|er')), expected);
    assert.deepEqual(linked(DOC.replace('<Say>', '<S|ay>')), [`${DOC.indexOf('Say')}:Say`, `${DOC.indexOf('/Say') + 1}:Say`]);
  });

  test('nothing outside names, nor for elements without an end tag', () => {
    assert.equal(linked(DOC.replace('action', 'act|ion')), null);
    assert.equal(linked(DOC.replace('hi', 'h|i')), null);
    assert.equal(linked('<Response><Hang|up/></Response>'), null);
    assert.equal(linked('<Response><Sa|y>unclosed</Response>'), null);
  });

  test('non-ASCII names and CRLF documents', () => {
    const text = '<Response>\r\n<녹음|기>x</녹음기>\r\n</Response>';
    const offset = text.indexOf('녹음');
    assert.deepEqual(linked(text), [`${offset}:녹음기`, `${text.replace('|', '').lastIndexOf('녹음기')}:녹음기`]);
  });

  test('the word pattern accepts XML names whole and nothing else', () => {
    const whole = new RegExp(`^(?:${XML_NAME_PATTERN})$`);
    for (const name of ['Say', 'numDigits', 'a-b.c_d', 'ns:Say', '녹음', '_x', 'x1']) assert.ok(whole.test(name), name);
    for (const name of ['1x', '-x', 'a b', 'a>', 'a"', 'a/b', '.x']) assert.ok(!whole.test(name), name);
  });

  test('in JS/TS templates; not for a substituted name, nor inside `${…}`', () => {
    const code = 'const x = voiceml`<Response><Sa|y>hi</Say></Response>`;';
    const clean = code.replace('|', '');
    assert.deepEqual(linked(code, 'typescript'), [`${clean.indexOf('Say')}:Say`, `${clean.indexOf('/Say') + 1}:Say`]);
    assert.equal(linked('const x = voiceml`<Response><${t|ag}>hi</${tag}></Response>`;', 'typescript'), null);
  });

  test('not VoiceML: nothing', () => {
    assert.equal(linked('<project><modu|les></modules></project>'), null);
  });
});

describe('auto-closing tags', () => {
  test('`>` ending a start tag inserts the end tag after the cursor', () => {
    assert.equal(typed('<Response>\n  <Say>|\n</Response>', '>'), '<Response>\n  <Say>|</Say>\n</Response>');
    assert.equal(typed('<Response>\n  <Gather numDigits="1" action="/a>b">|\n</Response>', '>'), '<Response>\n  <Gather numDigits="1" action="/a>b">|</Gather>\n</Response>');
    assert.equal(typed('<Response>|', '>'), '<Response>|</Response>');
  });

  test('`>` inserts nothing when the element is already closed, self-closing, or the `>` is not a tag end', () => {
    assert.equal(typed('<Response><Say>|</Say></Response>', '>'), undefined);
    assert.equal(typed('<Response><Say>|hello</Say></Response>', '>'), undefined);
    assert.equal(typed('<Response><Hangup/>|</Response>', '>'), undefined);
    assert.equal(typed('<Response><Say>a >|</Say></Response>', '>'), undefined);
    assert.equal(typed('<Response><!-- a >| --></Response>', '>'), undefined);
    assert.equal(typed('<Response><Say language="ko>|\n</Response>', '>'), undefined, 'the `>` is probably inside a value being typed');
    assert.equal(typed('<Response><>|</Response>', '>'), undefined);
    assert.equal(typed('<Response>\n  <Say>|\n</Response>', '/'), undefined, 'the typed character must be the `>`');
  });

  test('`>` before a sibling that has its own end tag still closes the new element', () => {
    assert.equal(typed('<Response>\n  <Say>|\n  <Say>b</Say>\n</Response>', '>'), '<Response>\n  <Say>|</Say>\n  <Say>b</Say>\n</Response>');
  });

  test('`</` completes the end tag of the innermost open element', () => {
    assert.equal(typed('<Response>\n  <Gather>\n    <Say>a</Say>\n  </|\n</Response>', '/'), '<Response>\n  <Gather>\n    <Say>a</Say>\n  </Gather>|\n</Response>');
    assert.equal(typed('<Response><Say>hello </|', '/'), '<Response><Say>hello </Say>|');
    assert.equal(typed('<Response><Say>hello </|<Hangup/></Response>', '/'), '<Response><Say>hello </Say>|<Hangup/></Response>');
  });

  test('`</` inserts nothing in front of a name, inside comments or CDATA, or when everything is closed', () => {
    assert.equal(typed('<Response><Say>a</|Say></Response>', '/'), undefined);
    assert.equal(typed('<Response><!-- </| --></Response>', '/'), undefined);
    assert.equal(typed('<Response><Say><![CDATA[</| ]]></Say></Response>', '/'), undefined);
    assert.equal(typed('<Response></Response></|', '/'), undefined);
    assert.equal(typed('<Response><Say>a</Say>\n</|\n</Response>', '/'), undefined, 'Response is closed by the end tag below');
  });

  test('in a JS/TS template', () => {
    assert.equal(typed('const x = voiceml`<Response><Say>|`;', '>', 'typescript'), 'const x = voiceml`<Response><Say>|</Say>`;');
  });

  test('not VoiceML: nothing', () => {
    assert.equal(typed('<project><modules>|', '>'), undefined);
  });
});
