/**
 * Completion at many positions (half-typed and broken documents included) and hover on every element and
 * attribute of the model — all through the real server over stdio, as an editor asks.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { model, parentsOf } from '../../server/src/model';
import type { ElementSpec } from '../../server/src/model/types';
import { startServer, type TestClient } from '../support/lspClient';

/** [what, document with the cursor marked |, labels that must be offered, labels that must not]. */
const POSITIONS: [string, string, string[], string[]][] = [
  ['verbs in Response', '<Response>\n  <|\n</Response>', ['Say', 'Gather', 'Dial', 'Connect', 'Hangup', 'Reject'], ['Number', 'Stream', 'Parameter', 'Response']],
  ['inside an unclosed Gather', '<Response><Gather action="/g"><|', ['Say', 'Play'], ['Record', 'Gather', 'Dial']],
  ['inside Dial', '<Response><Dial><|</Dial></Response>', ['Number'], ['Say', 'Stream']],
  ['inside Connect', '<Response><Connect><|</Connect></Response>', ['Stream'], ['Number', 'Say']],
  ['inside an unclosed Stream', '<Response><Connect><Stream url="wss://a/s"><|', ['Parameter'], ['Say']],
  ['a half-typed name', '<Response><Sa|', ['Say'], ['Number']],
  ['a half-typed name after other verbs', '<Response>\n<Dial timeout="30"><Number>010</Number></Dial>\n<Pla|', ['Play'], ['Number']],
  ['the root of an empty document', '<|', ['Response'], ['Say']],
  ['attributes Gather does not have yet', '<Response><Gather numDigits="1" |', ['timeout', 'finishOnKey', 'action'], ['numDigits', 'method', 'input']],
  ['Say language values', '<Response><Say language="|"', ['ko', 'en', 'ja'], ['kr']],
  ['Stream track values', '<Response><Connect><Stream url="wss://a/s" track="|', ['inbound', 'outbound', 'both'], ['inbound_track']],
  ['booleans', '<Response><Record playBeep="|', ['true', 'false'], []],
  ['Reject reasons', '<Response><Reject reason="|"/></Response>', ['rejected', 'busy'], []],
  ['the end tag of the open element', '<Response><Say>안녕하세요</|', ['Say'], ['Gather']],
  ['the end tag after a closed child', '<Response><Gather action="/g"><Say>x</Say></|', ['Gather'], ['Say']],
  ['an element without attributes', '<Response><Hangup |', [], ['language', 'action']],
  ['inside a comment', '<Response><!-- <| --></Response>', [], ['Say']],
  ['inside a template literal in TypeScript', 'sendXml(res, `<Gather action="/x"><|`);', ['Say', 'Play'], ['Record']],
];

const EXTENSION: Record<string, string> = { xml: 'xml', typescript: 'ts' };

async function completeAt(client: TestClient, marked: string, index: number): Promise<string[]> {
  const languageId = marked.startsWith('sendXml') ? 'typescript' : 'xml';
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const uri = `file:///ws/positions/${index}.${EXTENSION[languageId]}`;
  await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  const position = TextDocument.create(uri, languageId, 1, text).positionAt(offset);
  const result = (await client.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position, context: { triggerKind: 1 } })) as
    | CompletionList
    | CompletionItem[]
    | null;
  const items = result === null ? [] : Array.isArray(result) ? result : result.items;
  return items.map((item) => item.label.replace(/^<?\/?|>$/g, ''));
}

/** A valid document holding `element` with every attribute it has, nested in its first parent chain. */
function documentWith(element: ElementSpec): { text: string; element: string } {
  const attributes = element.attributes.map((a) => ` ${a.name}="${a.type.kind === 'wssUrl' ? 'wss://a/s' : 'x'}"`).join('');
  let text = `<${element.name}${attributes}/>`;
  const open = `<${element.name}${attributes}/>`;
  for (let name = parentsOf(element.name)[0]; name !== undefined; name = parentsOf(name)[0]) {
    text = `<${name}>${text}</${name}>`;
    if (name === model.root) break;
  }
  return { text, element: open };
}

function hoverText(hover: Hover | null): string {
  if (!hover) return '';
  const contents = hover.contents as MarkupContent;
  return typeof contents === 'object' && 'value' in contents ? contents.value : JSON.stringify(contents);
}

describe('completion at many positions over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ locale: 'en' });
  });
  after(() => client.stop());

  POSITIONS.forEach(([what, marked, offered, notOffered], index) => {
    test(`${what}: ${JSON.stringify(marked)}`, async () => {
      const labels = await completeAt(client, marked, index);
      for (const label of offered) assert.ok(labels.includes(label), `${label} missing from ${JSON.stringify(labels)}`);
      for (const label of notOffered) assert.ok(!labels.includes(label), `${label} offered in ${JSON.stringify(labels)}`);
      if (offered.length === 0) assert.deepEqual(labels.filter((l) => notOffered.includes(l)), []);
    });
  });
});

describe('hover on every element and attribute over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ locale: 'ko' });
  });
  after(() => client.stop());

  for (const element of model.elements) {
    test(`<${element.name}> and its ${element.attributes.length} attribute(s)`, async () => {
      const { text, element: tag } = documentWith(element);
      const uri = `file:///ws/hover/${element.name}.xml`;
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'xml', version: 1, text } });
      const document = TextDocument.create(uri, 'xml', 1, text);
      const at = text.indexOf(tag);
      const onName = (await client.connection.sendRequest('textDocument/hover', {
        textDocument: { uri },
        position: document.positionAt(at + 1),
      })) as Hover | null;
      assert.match(hoverText(onName), new RegExp(element.name), `hover on <${element.name}>`);
      assert.deepEqual(onName!.range, { start: document.positionAt(at + 1), end: document.positionAt(at + 1 + element.name.length) });
      for (const attribute of element.attributes) {
        const offset = text.indexOf(` ${attribute.name}="`, at) + 1;
        const onAttribute = (await client.connection.sendRequest('textDocument/hover', {
          textDocument: { uri },
          position: document.positionAt(offset + 1),
        })) as Hover | null;
        assert.match(hoverText(onAttribute), new RegExp(attribute.name), `hover on ${element.name}@${attribute.name}`);
        assert.match(hoverText(onAttribute), /[가-힣]/, 'Korean docs for a Korean client');
      }
    });
  }
});
