/** Document links: URL-typed attributes and bodies, absolute http(s)/wss only, exact ranges. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/languageService';

const service = getLanguageService();
let counter = 0;
function links(text: string, languageId = 'xml'): [string, string][] {
  const document = TextDocument.create(`file:///links/${++counter}.xml`, languageId, 1, text);
  return service.findDocumentLinks(document).map((l) => [document.getText(l.range), l.target!]);
}

describe('document links', () => {
  test('every URL-typed attribute and body of the model', () => {
    const text = `<Response>
  <Gather action="https://your-server.com/gather"><Play>https://example.com/beep.wav</Play></Gather>
  <Record action="http://your-server.com/voicemail-done"/>
  <Dial action="https://your-server.com/after-dial"><Number>01012345678</Number></Dial>
  <Connect><Stream url="wss://your-server.com/stream"/></Connect>
  <Redirect>https://your-server.com/next-step</Redirect>
</Response>`;
    assert.deepEqual(links(text), [
      ['https://your-server.com/gather', 'https://your-server.com/gather'],
      ['https://example.com/beep.wav', 'https://example.com/beep.wav'],
      ['http://your-server.com/voicemail-done', 'http://your-server.com/voicemail-done'],
      ['https://your-server.com/after-dial', 'https://your-server.com/after-dial'],
      ['wss://your-server.com/stream', 'wss://your-server.com/stream'],
      ['https://your-server.com/next-step', 'https://your-server.com/next-step'],
    ]);
  });

  test('relative paths, other schemes and non-URL attributes are not links', () => {
    const text = `<Response>
  <Gather action="/handle-input"/>
  <Redirect>next-step</Redirect>
  <Play>ftp://example.com/a.wav</Play>
  <Say>https://example.com/spoken-not-followed</Say>
  <Dial callerId="07012340001"><Number>https://not-a-number.example</Number></Dial>
  <Gather statusCallback="https://twilio-only.example/cb"/>
  <Queue url="https://unknown-element.example"/>
  <Gather action="https://"/>
</Response>`;
    assert.deepEqual(links(text), []);
  });

  test('ranges are exactly the URL: no quotes, no surrounding white space, single quotes too', () => {
    const text = "<Response>\n  <Redirect>\n    https://a.example/next\n  </Redirect>\n  <Gather action=' https://a.example/g '/>\n</Response>";
    assert.deepEqual(links(text), [
      ['https://a.example/next', 'https://a.example/next'],
      ['https://a.example/g', 'https://a.example/g'],
    ]);
  });

  test('entities: the range is the text as written, the target the decoded URL', () => {
    assert.deepEqual(links('<Response><Redirect>https://a.example/n?x=1&amp;y=2</Redirect><Gather action="https://a.example/g?a=1&amp;b=2"/></Response>'), [
      ['https://a.example/n?x=1&amp;y=2', 'https://a.example/n?x=1&y=2'],
      ['https://a.example/g?a=1&amp;b=2', 'https://a.example/g?a=1&b=2'],
    ]);
  });

  test('a CDATA body links its content; a body split by a comment does not link', () => {
    assert.deepEqual(links('<Response><Play><![CDATA[https://a.example/x.wav]]></Play><Redirect>https://a.example/<!-- c -->next</Redirect></Response>'), [
      ['https://a.example/x.wav', 'https://a.example/x.wav'],
    ]);
  });

  test('targets are valid URIs: non-ASCII paths percent-encoded, schemes in any case', () => {
    assert.deepEqual(links('<Response><Play>https://a.example/안내.wav</Play><Redirect>HTTPS://A.example/N</Redirect></Response>'), [
      ['https://a.example/안내.wav', 'https://a.example/%EC%95%88%EB%82%B4.wav'],
      ['HTTPS://A.example/N', 'https://a.example/N'],
    ]);
  });

  test('positions after non-BMP characters are in UTF-16 units', () => {
    const text = '<Response><Say>😀</Say><Redirect>https://a.example/x</Redirect></Response>';
    const document = TextDocument.create('file:///links/emoji.xml', 'xml', 1, text);
    const [link] = service.findDocumentLinks(document);
    assert.equal(link!.range.start.character, text.indexOf('https'));
  });

  test('in a JS/TS template: static URLs link, ones built from a substitution do not', () => {
    const TS = [
      "const BASE = 'https://your-server.com/ivr';",
      'export const menu = voiceml`',
      '  <Gather numDigits="1" action="${BASE}/menu">',
      '    <Say>메뉴를 선택하세요.</Say>',
      '  </Gather>',
      '  <Redirect>https://your-server.com/ivr/enter</Redirect>',
      '`;',
    ].join('\n');
    assert.deepEqual(links(TS, 'typescript'), [['https://your-server.com/ivr/enter', 'https://your-server.com/ivr/enter']]);
  });

  test('not VoiceML: nothing', () => {
    assert.deepEqual(links('<project><url>https://maven.example</url></project>'), []);
  });
});
