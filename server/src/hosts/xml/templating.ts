/**
 * Templating placeholders in XML files: a VoiceML response kept as a template of a common engine — Jinja,
 * Django, Handlebars, Mustache, Liquid, Nunjucks (`{{ … }}`, `{% … %}`, `{# … #}`), ERB and EJS (`<%= … %>`,
 * `<% … %>`), FreeMarker and JS-style `${…}` — holds code, not text: each placeholder is a substitution of
 * its own length, so a value `action="{{ url }}"` is not a bad URL and `{% if %}` between elements is not
 * text where none is allowed. The engines' own escaping decides what the injection rule sees: `{{ x }}` and
 * `<%= x %>` are escaped by Flask, Django, Handlebars, Rails and EJS; `{{{ x }}}`, `{{ x|safe }}`, `<%- x %>`
 * and `${x}` are not.
 */
import type { Substitution, SubstitutionValue } from '../../document/region';
import { PLACEHOLDER } from '../../parser/ast';

/** One placeholder: `[start, end)` and the code inside its delimiters. */
interface Placeholder {
  start: number;
  end: number;
  expressionStart: number;
  expressionEnd: number;
  value: SubstitutionValue;
}

/** Delimiters, longest first, with what the engine does with the value. */
const DELIMITERS: readonly { open: string; close: string; value: 'escaped' | 'raw' | 'statement' }[] = [
  { open: '{{{', close: '}}}', value: 'raw' },
  { open: '{{', close: '}}', value: 'escaped' },
  { open: '{%', close: '%}', value: 'statement' },
  { open: '{#', close: '#}', value: 'statement' },
  { open: '<%=', close: '%>', value: 'escaped' },
  { open: '<%-', close: '%>', value: 'raw' },
  { open: '<%#', close: '%>', value: 'statement' },
  { open: '<%', close: '%>', value: 'statement' },
  { open: '${', close: '}', value: 'raw' },
];

/** `x|safe`, `x | raw`: a Jinja/Django/Twig filter that turns the engine's escaping off. */
function turnsEscapingOff(code: string): boolean {
  for (let bar = code.indexOf('|'); bar >= 0; bar = code.indexOf('|', bar + 1)) {
    let at = bar + 1;
    while (code[at] === ' ' || code[at] === '\t') at++;
    for (const filter of ['safe', 'raw']) {
      if (code.startsWith(filter, at) && !isWordCharacter(code.charCodeAt(at + filter.length))) return true;
    }
  }
  return false;
}

function isWordCharacter(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

const SAFE: SubstitutionValue = { kind: 'known', specials: '' };
const UNKNOWN: SubstitutionValue = { kind: 'unknown' };

/**
 * Does the text use any templating syntax at all (`{{`, `{%`, `{#`, `${`, `<%`)? Most XML files do not, and
 * are searched once for `{` and once for `%`, characters XML seldom holds (a search for each pattern read a large
 * file five times, and one for `<%` stopped at every `<`).
 */
export function mayHoldPlaceholders(text: string): boolean {
  for (let at = text.indexOf('{'); at >= 0; at = text.indexOf('{', at + 1)) {
    const next = text.charCodeAt(at + 1);
    if (next === 0x7b || next === 0x25 || next === 0x23 || (at > 0 && text.charCodeAt(at - 1) === 0x24)) return true; // {{ {% {# ${
  }
  for (let at = text.indexOf('%'); at >= 0; at = text.indexOf('%', at + 1)) if (at > 0 && text.charCodeAt(at - 1) === 0x3c) return true; // <%
  return false;
}

/**
 * The placeholders of a templated XML text, in order, and its virtual text (each placeholder replaced by
 * `PLACEHOLDER`s of its length). An unclosed placeholder (being typed) runs to the end of its line.
 */
export function placeholdersOf(text: string): { virtual: string; substitutions: Substitution[] } {
  const found: Placeholder[] = [];
  // `{# … #}` is a Jinja comment only in a Jinja template: alone in an XML file it is text someone wrote.
  const jinja = text.includes('{{') || text.includes('{%');
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x7b && c !== 0x3c && c !== 0x24) {
      i++;
      continue;
    }
    const delimiter = DELIMITERS.find((d) => text.startsWith(d.open, i) && (d.open !== '{#' || jinja));
    if (!delimiter) {
      i++;
      continue;
    }
    let close = text.indexOf(delimiter.close, i + delimiter.open.length);
    const lineEnd = text.indexOf('\n', i);
    if (close < 0 || (delimiter.open === '${' && lineEnd >= 0 && close > lineEnd)) close = -1;
    const end = close >= 0 ? close + delimiter.close.length : lineEnd >= 0 ? lineEnd : text.length;
    const expressionStart = i + delimiter.open.length;
    const expressionEnd = close >= 0 ? close : end;
    const code = text.slice(expressionStart, expressionEnd);
    // `{{ x|safe }}`, `{{ x | safe }}`, `{{ x|raw }}` turn Jinja's and Twig's escaping off.
    const raw = delimiter.value === 'raw' || (delimiter.value === 'escaped' && turnsEscapingOff(code));
    found.push({ start: i, end, expressionStart, expressionEnd, value: delimiter.value === 'statement' || !raw ? SAFE : UNKNOWN });
    i = end;
  }
  let virtual = '';
  let pos = 0;
  for (const p of found) {
    virtual += text.slice(pos, p.start) + PLACEHOLDER.repeat(p.end - p.start);
    pos = p.end;
  }
  virtual += text.slice(pos);
  const substitutions = found.map((p) => ({
    start: p.start,
    end: p.end,
    expressionStart: p.expressionStart,
    expressionEnd: p.expressionEnd,
    text: text.slice(p.start, p.end),
    expression: text.slice(p.expressionStart, p.expressionEnd),
    value: () => p.value,
  }));
  return { virtual, substitutions };
}
