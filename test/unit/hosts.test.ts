/** The host registry, and XML files kept as templates of a templating engine. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findRegions, hostFor, hosts, languageIdOfFile } from '../../server/src/hosts';
import { PLACEHOLDER } from '../../server/src/parser/ast';
import { diagnose } from '../support/diagnose';

describe('hosts', () => {
  test('each language id and each file ending belongs to one host', () => {
    const ids = hosts.flatMap((h) => h.languageIds);
    assert.equal(new Set(ids).size, ids.length);
    const endings = hosts.flatMap((h) => Object.keys(h.fileEndings));
    assert.equal(new Set(endings).size, endings.length);
    for (const host of hosts) for (const id of Object.values(host.fileEndings)) assert.equal(hostFor(id), host, `${host.name}: ${id}`);
  });

  test('the longest ending decides: .voiceml.xml is voiceml, .xml.j2 is xml, .j2 alone is nothing', () => {
    assert.equal(languageIdOfFile('a/menu.voiceml.xml'), 'voiceml');
    assert.equal(languageIdOfFile('menu.XML.J2'), 'xml');
    assert.equal(languageIdOfFile('page.j2'), undefined);
    assert.deepEqual(findRegions('<Response/>', 'php'), []);
  });
});

describe('XML templates: placeholders of templating engines are substitutions', () => {
  const rules = (text: string): string[] => diagnose(text).map((f) => `${f.rule} ${f.at}`);

  test('Jinja/Django/Handlebars, ERB/EJS and ${…}: no text, value or syntax error for what the engine fills in', () => {
    const text = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<Response>',
      '  {% if greeting %}<Say language="{{ lang }}">{{ greeting }}</Say>{% endif %}',
      '  {# a comment #}',
      '  <Gather numDigits="{{ digits }}" timeout="<%= timeout %>" action="<%= url %>">',
      '    <Say language="ko">${prompt}</Say>',
      '  </Gather>',
      '  <% if (agent) { %><Dial><Number><%= agent %></Number></Dial><% } %>',
      '</Response>',
    ].join('\n');
    assert.deepEqual(rules(text), ['injection ${prompt}']);
    const [region] = findRegions(text, 'xml');
    assert.ok(region);
    for (const s of region.substitutions ?? []) assert.equal(region.tree.text.slice(s.start, s.end), PLACEHOLDER.repeat(s.end - s.start), s.text);
    assert.equal(region.substitutions?.length, 12);
  });

  test('what the engine escapes is trusted; {{{ }}}, |safe and <%- %> are not', () => {
    const text = '<Response><Say language="ko">{{ a }} {{{ b }}} {{ c|safe }} {{ d | e }} <%= f %> <%- g %></Say></Response>';
    assert.deepEqual(
      diagnose(text).filter((f) => f.rule === 'injection').map((f) => f.at),
      ['{{{ b }}}', '{{ c|safe }}', '<%- g %>'],
    );
  });

  test('the mistakes around placeholders are still found; a file without templating is untouched', () => {
    assert.deepEqual(rules('<Response><Sya>{{ x }}</Sya><Gather numdigits="{{ n }}"/></Response>'), ['unknown-element Sya', 'recommended-attribute Gather', 'unknown-attribute numdigits']);
    assert.equal(findRegions('<Response><Say>a { b } c</Say></Response>', 'xml')[0]?.substitutions, undefined);
  });
});

describe('XML templates: a keystroke that begins a placeholder makes a plain file a template', () => {
  // A plain file typed into: only what the keystroke wrote (with a character on each side) is searched for
  // template syntax. Each version's regions, read after the one before, hold what a fresh read of its text holds.
  const substitutionsOf = (regions: ReturnType<typeof findRegions>): string[] => (regions[0]?.substitutions ?? []).map((s) => `${s.start}-${s.end}`);
  const typed = (steps: [at: number, deleted: number, text: string][], first: string): void => {
    let text = first;
    let regions = findRegions(text, 'xml');
    for (const [at, deleted, inserted] of steps) {
      const next = text.slice(0, at) + inserted + text.slice(at + deleted);
      const after = findRegions(next, 'xml', regions);
      assert.deepEqual(substitutionsOf(after), substitutionsOf(findRegions(next, 'xml')), `${JSON.stringify(inserted)} at ${at}: ${next}`);
      text = next;
      regions = after;
    }
    assert.ok(substitutionsOf(regions).length > 0, `a template at the end: ${text}`);
  };
  const say = '<Response><Say language="ko">a { b } c x%</Say></Response>';
  test('`{` then `{` in a text: `{{` begun by the second', () => typed([[30, 0, '{'], [31, 0, '{'], [32, 0, ' n }}']], say));
  test('`$` before a `{` the text had', () => typed([[31, 0, '$']], say));
  test('a deletion that joins `<` and `%`', () => typed([[39, 0, '<'], [40, 1, '']], say));
  test('a placeholder pasted at once, and at the very end of the text', () => typed([[say.length, 0, '{{ tail }}']], say));
});

describe('XML templates: what is not a placeholder', () => {
  test('{# … #} alone in an XML file is text someone wrote, not a Jinja comment', () => {
    const text = '<Response>\n{#    <Say>x</Say>#}\n  <Hangup/>\n</Response>';
    assert.equal(findRegions(text, 'xml')[0]?.substitutions, undefined);
    assert.ok(diagnose(text).some((f) => f.rule === 'text-not-allowed'));
    // With Jinja around it, it is a comment.
    assert.equal(findRegions('<Response>{# note #}<Say>{{ x }}</Say></Response>', 'xml')[0]?.substitutions?.length, 2);
  });
});
