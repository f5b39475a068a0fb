/**
 * The warm-up a server runs while idle after start-up (`services/warmUp.ts`): its document is a clean response
 * made of the reference's examples, written as users write them, and checking it leaves the service's own
 * documents and workspace as they were.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FlowIndex, getLanguageService } from '../../server/src/languageService';
import { getElement, model } from '../../server/src/model';
import { WARM_UP_ROUNDS, WARM_UP_SIZE, warmUpDocument, warmUpRound } from '../../server/src/services/warmUp';

const check = (text: string) => getLanguageService({ locale: 'en' }).doValidation(TextDocument.create('file:///warm-up.xml', 'xml', 1, text));

test('the warm-up document is a clean response made of the examples of every verb the call goes on after', () => {
  const text = warmUpDocument();
  assert.ok(text.length >= WARM_UP_SIZE && text.length < WARM_UP_SIZE + 1000, `${text.length} code units`);
  // Every rule: only the response's size, which a document this large is over, is found.
  assert.deepEqual(
    check(text).map((d) => d.code),
    ['response-size'],
  );
  assert.deepEqual(check(warmUpDocument(20_000)), []);
  const verbs = model.elements.map((e) => getElement(e.name)!).filter((e) => e.role === 'verb' && !e.firstVerb);
  for (const verb of verbs) if (!verb.endsCall) assert.match(text, new RegExp(`<${verb.name}[ >/]`), verb.name);
  // One verb that ends the call, once, at the end.
  const ending = verbs.filter((e) => e.endsCall && text.includes(`<${e.name}`));
  assert.equal(ending.length, 1);
  assert.equal(text.indexOf(`<${ending[0]!.name}`), text.lastIndexOf(`<${ending[0]!.name}`));
  assert.ok(text.indexOf(`<${ending[0]!.name}`) > text.lastIndexOf('<!--'));
  // Written as users write responses: comments, CDATA sections, entity and character references.
  for (const written of ['<!-- ', '<![CDATA[', '&amp;', '&#44;']) assert.ok(text.includes(written), written);
});

test('each round of the warm-up has URLs no round before it had, and is as clean as the document', () => {
  const text = warmUpDocument();
  const urlsOf = (written: string): string[] => written.match(/[a-z]+:\/\/[^\s"<]+/g) ?? [];
  const base = urlsOf(text);
  assert.ok(base.length > 100, `${base.length} URLs`);
  const seen = new Set<string>();
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    const written = warmUpRound(text, round);
    const urls = urlsOf(written);
    assert.equal(urls.length, base.length, `round ${round}`);
    const fresh = new Set(urls);
    for (const url of fresh) assert.ok(!seen.has(url), `round ${round} has ${url} of a round before`);
    for (const url of fresh) seen.add(url);
    // Only the URLs changed: the same text once the round's path segment is taken out.
    assert.equal(written.replaceAll(`/w${round}`, ''), text);
    assert.deepEqual(
      check(written).map((d) => d.code),
      ['response-size'],
      `round ${round}`,
    );
  }
});

test('the warm-up checks its document a set number of times and leaves the documents and the workspace as they were', () => {
  const workspace = new FlowIndex();
  const service = getLanguageService({ locale: 'en', workspace });
  const menu = TextDocument.create('file:///ivr/menu.xml', 'xml', 1, '<Response><Gather action="/ivr/route"><Say>메뉴</Say></Gather><Redirect>/nowhere</Redirect></Response>');
  const before = service.doValidation(menu);
  const generation = workspace.generation;
  const uris = workspace.uris();
  const step = service.warmUp();
  let rounds = 1;
  while (step()) rounds++;
  assert.equal(rounds, WARM_UP_ROUNDS);
  assert.equal(step(), false, 'it stays over');
  assert.deepEqual(workspace.uris(), uris);
  assert.equal(workspace.generation, generation);
  assert.deepEqual(service.doValidation(menu), before);
});
