/**
 * Differential test of the parser's well-formedness verdict against two independent XML parsers, on VoiceML
 * documents generated and then mutated from a seeded PRNG, plus "token soup" documents (the seed is printed
 * on failure: rerun with VOICEML_DIFF_SEED=<seed>, and VOICEML_DIFF_COUNT=<n> for more documents). A second
 * test checks, on the same kind of documents with and without template placeholders, that every offset in
 * the tree says what the text says.
 *
 * Oracles:
 * - saxes (strict, namespaces off — VoiceML uses none, and namespace errors are not well-formedness errors)
 *   follows XML 1.0 closely; our verdict must equal its verdict, except for the classes listed in
 *   `explainDisagreement`, each of which is a place where saxes is more lenient than the spec.
 * - @xmldom/xmldom is lenient in many places (it accepts NUL, `]]>` in text, `a & b`, `&#0;` …), so it cannot
 *   prove a document well-formed; but what it reports (warning, error or fatal error — see `xmldomErrors` for
 *   the one warning that is not) is a real problem, so when it reports something we must report something too.
 *   It also arbitrates the saxes exclusions: each needs xmldom to complain about the same construct.
 * Both oracles are fed no namespace prefixes and no BOM (xmldom would reject an undeclared prefix and a BOM
 * left in a string, neither of which is a well-formedness error).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DOMParser } from '@xmldom/xmldom';
import { SaxesParser } from 'saxes';
import { PLACEHOLDER, parseXml } from '../../server/src/parser';
import type { ParseError, XmlDocument, XmlElement, XmlNode, XmlParent } from '../../server/src/parser';

/** Small, fast, seedable PRNG (mulberry32): the same seed always gives the same documents. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  constructor(readonly random: () => number) {}
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

const KOREAN = ['안녕하세요.', '고객센터입니다.', '1번 상담, 2번 안내', '잠시만 기다려 주세요', '요금 조회는 1번을 눌러주세요', '메시지를 남겨주세요'];
const TEXT_EXTRAS = ['&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#65;', '&#x41;', '&#44032;', '&#xAC00;', ' > ', '😀', ' ]] ', "'", '"', '\uFFFD'];
const URLS = ['https://example.com/welcome.wav', 'https://your-server.com/ivr/menu', '/handle-input', 'wss://your-server.com/stream'];

/** A well-formed VoiceML-like document (the generator itself never makes a mistake). */
function generate(g: Gen): string {
  const nl = g.chance(0.2) ? '\r\n' : '\n';
  const text = (): string => {
    let t = g.pick(KOREAN);
    while (g.chance(0.3)) t += g.pick(TEXT_EXTRAS) + g.pick(KOREAN);
    return t;
  };
  const attr = (name: string, value: string): string => {
    const q = g.chance(0.2) ? "'" : '"';
    if (g.chance(0.15)) value += q === '"' ? "&amp;x='1'" : '&amp;x="1"';
    if (g.chance(0.05)) value += '&lt;&#x3C;>';
    return ` ${name}${g.chance(0.1) ? ' = ' : '='}${q}${value}${q}`;
  };
  const misc = (indent: string): string =>
    g.pick([
      `${indent}<!-- ${g.pick(KOREAN)} -->${nl}`,
      `${indent}<![CDATA[ a < b && ${g.pick(KOREAN)} ]]>${nl}`,
      `${indent}<?voiceml-hint ${g.pick(['x', 'a="1"', '한글'])}?>${nl}`,
    ]);
  const say = (indent: string): string => `${indent}<Say${g.chance(0.7) ? attr('language', g.pick(['ko', 'ko-KR', 'en-US'])) : ''}>${text()}</Say>${nl}`;
  const play = (indent: string): string =>
    g.chance(0.3) ? `${indent}<Play${attr('digits', '1w2w3#')}/>${nl}` : `${indent}<Play${g.chance(0.5) ? attr('loop', '2') : ''}>${g.pick(URLS)}</Play>${nl}`;
  const verb = (indent: string, depth: number): string => {
    const inner = indent + '  ';
    switch (g.int(11)) {
      case 0:
      case 1:
        return say(indent);
      case 2:
        return play(indent);
      case 3: {
        let body = '';
        for (let k = g.int(3); k >= 0; k--) body += g.chance(0.7) ? say(inner) : play(inner);
        if (g.chance(0.2)) body += misc(inner);
        return `${indent}<Gather${attr('numDigits', '1')}${attr('timeout', '5')}${g.chance(0.5) ? attr('action', g.pick(URLS)) : ''}>${nl}${body}${indent}</Gather>${nl}`;
      }
      case 4:
        return `${indent}<Dial${attr('callerId', '07012340001')}${attr('timeout', '30')}>${nl}${inner}<Number>01012345678</Number>${nl}${indent}</Dial>${nl}`;
      case 5: {
        let params = '';
        for (let k = g.int(3); k > 0; k--) params += `${inner}  <Parameter${attr('name', 'topic')}${attr('value', g.pick(KOREAN))}/>${nl}`;
        return `${indent}<Connect>${nl}${inner}<Stream${attr('url', 'wss://your-server.com/ai')}${attr('track', 'inbound')}>${nl}${params}${inner}</Stream>${nl}${indent}</Connect>${nl}`;
      }
      case 6:
        return `${indent}<Record${attr('maxLength', '60')}${attr('finishOnKey', '#')}${attr('playBeep', 'true')}/>${nl}`;
      case 7:
        return `${indent}<${g.pick(['Hangup', 'Pause', 'Reject'])}${g.chance(0.3) ? ' ' : ''}/>${nl}`;
      case 8:
        return `${indent}<Redirect>${g.pick(URLS)}</Redirect>${nl}`;
      case 9:
        return depth < 6 ? `${indent}<Group>${nl}${verb(inner, depth + 1)}${indent}</Group >${nl}` : say(indent);
      default:
        return misc(indent);
    }
  };
  let doc = '';
  if (g.chance(0.5)) doc += `<?xml version="1.0"${g.chance(0.5) ? ' encoding="UTF-8"' : ''}${g.chance(0.1) ? " standalone='yes'" : ''}?>${nl}`;
  if (g.chance(0.2)) doc += `<!-- ${g.pick(KOREAN)} -->${nl}`;
  if (g.chance(0.08)) doc += `<!DOCTYPE Response${g.chance(0.5) ? ' SYSTEM "voiceml.dtd"' : ''}${g.chance(0.5) ? ' [ <!ENTITY x "]>"> <!-- ] --> ]' : ''}>${nl}`;
  doc += `<Response>${nl}`;
  for (let k = 1 + g.int(6); k > 0; k--) doc += verb('  ', 0);
  doc += `</Response>${g.chance(0.5) ? nl : ''}`;
  if (g.chance(0.1)) doc += `<!-- end -->${nl}`;
  return doc;
}

const INSERTIONS = ['<', '>', '/', '"', "'", '&', ';', '=', ']]>', '<!--', '-->', '--', '\u0000', '안녕', ' ', '</Say>', '<Say>', '&nbsp;', '&#0;', '?>', '<![CDATA[', '<?xml version="1.0"?>', '<?XML x?>', '<!DOCTYPE a>', 'x', '\uFFFF'];

function mutate(g: Gen, doc: string): string {
  for (let k = 1 + g.int(3); k > 0; k--) {
    const at = g.int(doc.length + 1);
    if (g.chance(0.6)) doc = doc.slice(0, at) + g.pick(INSERTIONS) + doc.slice(at);
    else doc = doc.slice(0, at) + doc.slice(at + 1 + g.int(4));
  }
  return doc;
}

/** Token soup: short documents from pieces of markup in random order, to reach the odd corners. */
const SOUP = [
  '<a>', '</a>', '<b>', '</b>', '<a/>', '<b x="1">', "<b x='&amp;'>", '<b x=1>', '<b x>', '<b x="1"y="2">', '<b x="1" x="2">',
  '<a ', '="', '"', "'", '>', '/>', '<', '</', '&', '&amp;', '&#x41;', '&#0;', '&lt', ';', ']]>', '<![CDATA[', ']]', '<!--', '-->',
  '--', '<?p ?>', '?>', '<?xml version="1.0"?>', '<!DOCTYPE a>', 'text', '한글', ' ', '\n', '\t', '\u0000', 'x', '=', '/',
];

function soup(g: Gen): string {
  let doc = g.chance(0.5) ? '<a>' : '';
  for (let k = 1 + g.int(12); k > 0; k--) doc += g.pick(SOUP);
  return doc + (g.chance(0.5) ? '</a>' : '');
}

function saxesErrors(text: string): string[] {
  const errors: string[] = [];
  const parser = new SaxesParser({ xmlns: false });
  parser.on('error', (e) => errors.push(e.message));
  parser.write(text).close();
  return errors;
}

/**
 * What xmldom reports. Its warnings count as errors (it warns about unquoted values, missing white space
 * between attributes …, which XML 1.0 forbids), except one: it warns about U+FFFD as a hint of an encoding
 * problem, but U+FFFD is a character like any other in XML 1.0 §2.2.
 */
function xmldomErrors(text: string): string[] {
  const errors: string[] = [];
  const onError = (level: string, message: string): void => {
    if (level === 'warning' && message.startsWith('Unicode replacement character')) return;
    errors.push(`${level}: ${message}`);
  };
  try {
    new DOMParser({ onError }).parseFromString(text, 'text/xml');
  } catch (e) {
    errors.push(`thrown: ${(e as Error).message}`);
  }
  return errors;
}

/**
 * Why a disagreement with saxes is saxes' leniency, not our mistake; undefined when it is not explained.
 * Every class here is checked against XML 1.0 and, where possible, confirmed by xmldom.
 */
function explainDisagreement(text: string, ours: XmlDocument, saxes: string[], xmldom: string[]): string | undefined {
  const errors = ours.errors;
  if (errors.length === 0 || saxes.length > 0) return undefined;
  const xmldomSays = (re: RegExp): boolean => xmldom.some((m) => re.test(m));
  // saxes skips a DOCTYPE without checking it (`<!DOCTYPE>`, `<!DOCTYPE a SYSTEM>`, junk, a malformed
  // `<!ENTITY …>`, `<?xml …?>` or `<!-- -- -->` in the internal subset), while XML 1.0 §2.8 gives it a
  // grammar. xmldom checks it, so it must complain too. (Our other errors may follow from where a broken
  // doctype ends.)
  const doctypes = ours.children.filter((node) => node.kind === 'doctype');
  const inDoctype = errors.some((e) => doctypes.some((d) => e.start >= d.start && e.start < d.end));
  if (inDoctype && xmldomSays(/subset|markup declaration|doctype|xml declaration|processing instruction|comment/i)) {
    return 'saxes does not check inside the doctype';
  }
  // `<?a?b …?>`: XML 1.0 §2.6 wants white space or `?>` right after the target; saxes reads on. xmldom must
  // reject the PI too.
  if (errors.some((e) => e.code === 'invalid-pi-target') && xmldomSays(/processing instruction/i)) return 'saxes accepts junk after a PI target';
  // A lone surrogate (a deletion that split an emoji) is no character at all, so not allowed by XML 1.0
  // §2.2; saxes decodes it together with the code unit after it, and xmldom does not check characters.
  if (errors.every((e) => e.code === 'invalid-character' && isLoneSurrogate(text, e.start))) return 'saxes accepts a lone surrogate';
  return undefined;
}

function isLoneSurrogate(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 0xd800 && c <= 0xdfff;
}

interface Disagreement {
  seed: number;
  text: string;
  ours: ParseError[];
  saxes: string[];
  xmldom: string[];
}

function run(seed: number, count: number): { disagreements: Disagreement[]; excluded: Map<string, number>; valid: number } {
  const g = new Gen(prng(seed));
  const disagreements: Disagreement[] = [];
  const excluded = new Map<string, number>();
  let valid = 0;
  for (let k = 0; k < count; k++) {
    const text = k % 5 === 4 ? soup(g) : k % 5 === 0 ? generate(g) : mutate(g, generate(g));
    const tree = parseXml(text);
    const ours = tree.errors;
    const saxes = saxesErrors(text);
    const xmldom = xmldomErrors(text);
    if (ours.length === 0) valid++;
    const agreesWithSaxes = (ours.length === 0) === (saxes.length === 0);
    const soundAgainstXmldom = xmldom.length === 0 || ours.length > 0;
    if (agreesWithSaxes && soundAgainstXmldom) continue;
    const why = explainDisagreement(text, tree, saxes, xmldom);
    if (why !== undefined && soundAgainstXmldom) {
      excluded.set(why, (excluded.get(why) ?? 0) + 1);
      continue;
    }
    disagreements.push({ seed, text, ours, saxes, xmldom });
  }
  return { disagreements, excluded, valid };
}

const SEED = Number(process.env['VOICEML_DIFF_SEED'] ?? 0x5eed2024);
const COUNT = Number(process.env['VOICEML_DIFF_COUNT'] ?? 4000);

test(`well-formedness verdict matches saxes and xmldom on ${COUNT} generated documents (seed ${SEED})`, (t) => {
  const { disagreements, excluded, valid } = run(SEED, COUNT);
  t.diagnostic(`${valid} well-formed, ${COUNT - valid} malformed; excluded: ${JSON.stringify(Object.fromEntries(excluded))}`);
  const report = disagreements
    .slice(0, 5)
    .map((d) => `seed ${d.seed}\n  text: ${JSON.stringify(d.text)}\n  ours: ${JSON.stringify(d.ours)}\n  saxes: ${JSON.stringify(d.saxes)}\n  xmldom: ${JSON.stringify(d.xmldom)}`)
    .join('\n');
  assert.equal(disagreements.length, 0, `${disagreements.length} disagreements (rerun with VOICEML_DIFF_SEED=${SEED}):\n${report}`);
  // Both verdicts must be well represented, or the comparison proves little.
  assert.ok(valid > COUNT / 5, `only ${valid} well-formed documents`);
  assert.ok(COUNT - valid > COUNT / 3, `only ${COUNT - valid} malformed documents`);
  for (const [why, n] of excluded) assert.ok(n < COUNT / 20, `${n} documents excluded because ${why}`);
});

/**
 * The offsets in the tree say what the text says, whatever the document: checked on generated and mutated
 * documents, with and without template placeholders. Returns the first violation, or undefined.
 */
function checkTree(doc: XmlDocument, placeholders: boolean): string | undefined {
  const text = doc.text;
  const n = text.length;
  const errors = doc.errors;
  for (let k = 0; k < errors.length; k++) {
    const e = errors[k]!;
    if (!(0 <= e.start && e.start <= e.end && e.end <= n)) return `error out of range: ${JSON.stringify(e)}`;
    if (k > 0 && errors[k - 1]!.start > e.start) return 'errors not sorted';
    if (placeholders && e.end > e.start && (e.code === 'invalid-character' || e.code.includes('name'))) {
      if ([...text.slice(e.start, e.end)].every((c) => c === PLACEHOLDER)) return `placeholder reported: ${JSON.stringify(e)}`;
    }
  }
  const todo: [XmlNode[], XmlParent, number, number][] = [[doc.children, doc, 0, n]];
  while (todo.length > 0) {
    const [nodes, parent, from, to] = todo.pop()!;
    let previousEnd = from;
    for (const node of nodes) {
      const where = `${node.kind} at ${node.start}`;
      if (node.parent !== parent) return `${where}: wrong parent`;
      if (!(previousEnd <= node.start && node.start <= node.end && node.end <= to)) return `${where}: out of order or outside its parent`;
      previousEnd = node.end;
      const raw = text.slice(node.start, node.end);
      switch (node.kind) {
        case 'text':
          if (node.whitespace !== /^[ \t\r\n]*$/.test(node.value)) return `${where}: whitespace flag`;
          if (!raw.includes('&') && node.value !== raw) return `${where}: value differs from the text`;
          if (node.dynamic !== (placeholders && raw.includes(PLACEHOLDER))) return `${where}: dynamic flag`;
          break;
        case 'comment':
          if (!raw.startsWith('<!--') || (node.closed && !raw.endsWith('-->'))) return `${where}: not a comment`;
          break;
        case 'cdata':
          if (!raw.startsWith('<![CDATA[') || node.value !== text.slice(node.start + 9, node.closed ? node.end - 3 : node.end)) return `${where}: CDATA`;
          break;
        case 'pi':
          if (!raw.startsWith('<?') || node.target !== text.slice(node.targetStart, node.targetEnd) || node.targetStart !== node.start + 2) return `${where}: PI`;
          if (node.closed && !raw.endsWith('?>')) return `${where}: closed PI without ?>`;
          break;
        case 'doctype':
          if (!raw.startsWith('<!DOCTYPE') || (node.closed && !raw.endsWith('>'))) return `${where}: doctype`;
          break;
        case 'element': {
          const problem = checkElement(text, node);
          if (problem !== undefined) return `${where}: ${problem}`;
          todo.push([node.children, node, node.startTagEnd, node.endTag ? node.endTag.start : node.end]);
        }
      }
    }
  }
  return undefined;
}

function checkElement(text: string, el: XmlElement): string | undefined {
  if (text[el.start] !== '<' || el.nameStart !== el.start + 1) return 'start';
  if (el.name !== text.slice(el.nameStart, el.nameEnd)) return 'name';
  if (!(el.nameEnd <= el.startTagEnd && el.startTagEnd <= el.end)) return 'start tag range';
  if (el.startTagClosed && text[el.startTagEnd - 1] !== '>') return 'closed start tag without >';
  if (el.selfClosing && (text.slice(el.startTagEnd - 2, el.startTagEnd) !== '/>' || el.end !== el.startTagEnd || el.endTag)) return 'self-closing';
  if (el.endTag) {
    const t = el.endTag;
    if (text.slice(t.start, t.start + 2) !== '</' || t.nameStart !== t.start + 2 || t.name !== text.slice(t.nameStart, t.nameEnd)) return 'end tag';
    if (t.end !== el.end || (t.closed && text[t.end - 1] !== '>')) return 'end tag end';
  }
  let previousEnd = el.nameEnd;
  for (const a of el.attributes) {
    if (a.start !== a.nameStart || a.name !== text.slice(a.nameStart, a.nameEnd) || a.nameStart < previousEnd || a.end > el.startTagEnd) return `attribute ${a.name}`;
    previousEnd = a.end;
    const v = a.value;
    if (v === undefined) {
      if (a.end !== a.nameEnd) return `attribute ${a.name} end`;
      continue;
    }
    if (a.end !== v.end || v.start < a.nameEnd) return `attribute ${a.name} value range`;
    if (v.quote !== '') {
      if (text[v.start] !== v.quote || v.valueStart !== v.start + 1) return `attribute ${a.name} opening quote`;
      if (v.closed && (text[v.valueEnd] !== v.quote || v.end !== v.valueEnd + 1)) return `attribute ${a.name} closing quote`;
    } else if (v.valueStart !== v.start || v.valueEnd !== v.end) {
      return `attribute ${a.name} unquoted range`;
    }
    const raw = text.slice(v.valueStart, v.valueEnd);
    // Without references, the value is the raw text with literal tab, LF, CR (and CR LF) as one space each.
    if (!raw.includes('&') && v.value !== raw.replace(/\r\n|[\t\n\r]/g, ' ')) return `attribute ${a.name} value`;
  }
  return undefined;
}

/** Replaces a few spans of the document with placeholder runs of the same length, as the template scanner does. */
function withPlaceholders(g: Gen, doc: string): string {
  for (let k = 1 + g.int(3); k > 0; k--) {
    const at = g.int(doc.length);
    const length = Math.min(1 + g.int(12), doc.length - at);
    doc = doc.slice(0, at) + PLACEHOLDER.repeat(length) + doc.slice(at + length);
  }
  return doc;
}

test('tree offsets agree with the text on generated, mutated and templated documents', () => {
  const g = new Gen(prng(SEED + 1));
  for (let k = 0; k < 2000; k++) {
    const base = k % 3 === 0 ? generate(g) : k % 3 === 1 ? mutate(g, generate(g)) : soup(g);
    for (const placeholders of [false, true]) {
      const text = placeholders ? withPlaceholders(g, base) : base;
      const problem = checkTree(parseXml(text, { placeholders }), placeholders);
      assert.equal(problem, undefined, `${problem} (seed ${SEED + 1}, document ${k}, placeholders ${placeholders}): ${JSON.stringify(text)}`);
    }
  }
});
