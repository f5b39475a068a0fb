/**
 * Every regular expression in `server/src`, what text it runs on, and a probe that drives it — through the
 * code that uses it — with adversarial input of `N` characters and more: long runs of what the expression
 * repeats, followed by what makes it fail, the shapes that make a backtracking engine go quadratic or worse.
 *
 * `test/unit/security.test.ts` checks that this list names exactly the expressions in the source (a new one
 * must be added here, with a probe), and runs the probes in a worker thread it can stop, so a super-linear
 * expression fails the test instead of hanging it. Run as that worker, this module runs the probes in order
 * and reports each one as it finishes.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { toLocale } from '../../server/src/l10n';
import { getLanguageService } from '../../server/src/languageService';
import { getTwimlValue, model } from '../../server/src/model';
import type { ValueType } from '../../server/src/model/types';
import { checkValue } from '../../server/src/model/values';
import { parseXml } from '../../server/src/parser';
import { escapeXml } from '../../server/src/simulator/report';
import { parseScenarios, matches } from '../../server/src/simulator/scenario';
import { stripEscapes } from '../../server/src/simulator/terminal';
import { collapseWhiteSpace, gist } from '../../server/src/simulator/text';

/**
 * Every adversarial input is at least this long: a linear expression reads it in milliseconds, a quadratic one
 * needs minutes.
 */
export const N = 500_000;

export interface RegexEntry {
  /** `file expression`, as `findRegexes` names it. */
  key: string;
  /** What it is matched against. */
  on: string;
  /** The probe that drives it with long input. */
  probe: keyof typeof PROBES;
}

const ws = (n = N): string => ' '.repeat(n);

/** Every value type the model uses, and the few it does not (yet), so each check in `values.ts` runs. */
function valueTypes(): ValueType[] {
  const types = new Map<string, ValueType>();
  const add = (type: ValueType): void => void types.set(JSON.stringify(type), type);
  for (const element of model.elements) {
    for (const attribute of element.attributes) add(attribute.type);
    if (element.body.type) add(element.body.type);
  }
  add({ kind: 'dtmfKey', allowEmpty: false });
  add({ kind: 'integer', min: 1, max: 60 });
  return [...types.values()];
}

/** Inputs that make each check in `values.ts` repeat as long as it can, then fail at the end. */
const VALUE_INPUTS: readonly string[] = [
  '0'.repeat(N) + 'x',
  '1'.repeat(N) + '.' + '0'.repeat(N) + 'x',
  '+' + '1'.repeat(N) + 'x',
  '1'.repeat(N) + ' secx',
  '1'.repeat(N) + ws() + 's',
  'a'.repeat(N),
  'a'.repeat(N) + ':',
  'a+.-'.repeat(N / 4) + '!',
  ws() + 'x',
  'x' + ws(),
  '\t'.repeat(N) + 'x',
  'www.' + 'a.'.repeat(N / 2) + 'com',
  'a-'.repeat(N / 2) + '.c!m',
  'https://' + 'a'.repeat(N),
  'https://' + '@'.repeat(N) + ':' + '9'.repeat(N),
  'wss://[' + ':'.repeat(N),
  'wss://' + 'a'.repeat(N) + ':' + '1'.repeat(N),
  'tel:' + '1'.repeat(N),
  'sip' + 's'.repeat(N) + ':',
  'client' + ':'.repeat(N),
  '1-'.repeat(N / 2) + '(',
  '('.repeat(N),
  '＃'.repeat(N),
  '1w'.repeat(N / 2) + 'E',
  'pound' + ws(),
  'k'.repeat(N),
];

const service = getLanguageService({ locale: 'en' });

/** A document whose internal DTD subset is `decl`. */
const subset = (decl: string): string => `<!DOCTYPE r [${decl}]><r/>`;

/** Parses each text, which must be reported as not well-formed: the probe checks answers, not just survival. */
function expectErrors(texts: readonly string[]): void {
  for (const text of texts) {
    if (parseXml(text).errors.length === 0) throw new Error(`not reported: ${text.slice(0, 40)}…`);
  }
}
let counter = 0;
const doc = (text: string, languageId = 'xml'): TextDocument => TextDocument.create(`file:///probe/${++counter}`, languageId, 1, text);

/** The probes: each runs the code around some expressions on long adversarial input, and checks it answered. */
export const PROBES = {
  'value checks': (): void => {
    for (const type of valueTypes()) for (const value of VALUE_INPUTS) checkValue(type, value);
  },
  'TwiML value lookup': (): void => {
    for (const value of [ws() + 'speech', ' \t\r\n'.repeat(N / 4) + 'x', 'dtmf' + ' '.repeat(N) + 'speech']) getTwimlValue('Gather', 'input', value);
  },
  'locale tags': (): void => {
    for (const tag of ['en' + 'x'.repeat(N), 'e'.repeat(N), '-'.repeat(N)]) toLocale(tag);
  },
  'the XML declaration': (): void => {
    for (const text of [
      `<?xml version="1.0"${ws()}x?><r/>`,
      `<?xml ${ws()}version${ws()}?><r/>`,
      `<?xml version="1.${'0'.repeat(N)}x"?><r/>`,
      `<?xml version="1.0" encoding="${'a'.repeat(N)}!"?><r/>`,
      `<?xml version="1.0" standalone="${'y'.repeat(N)}"?><r/>`,
      `<?xml${' a="1"'.repeat(N / 6)}?><r/>`,
    ]) {
      if (parseXml(text).errors.length === 0) throw new Error('a broken XML declaration was accepted');
    }
  },
  'closing a document': (): void => {
    const service = getLanguageService();
    const document = doc(`<Response><Say action="${'a'.repeat(N)}">${'가'.repeat(N)}</Say></Response>`);
    service.doValidation(document);
    service.forget(document.uri);
  },
  'DTD element declarations': (): void => {
    expectErrors([
      subset(`<!ELEMENT a (${ws()}x>`),
      subset(`<!ELEMENT a ${ws()}x>`),
      subset(`<!ELEMENT a (${'b,'.repeat(N / 2)}>`),
      subset(`<!ELEMENT a ((${'b|'.repeat(N / 2)}c)${ws()}x>`),
      subset(`<!ELEMENT a (#PCDATA${' | a'.repeat(N / 4)}${ws()})x>`),
      subset(`<!ELEMENT a (#PCDATA${ws()}x>`),
      subset(`<!ELEMENT a (${'b'.repeat(N)}${'?'.repeat(N)})>`),
      subset(`<!ELEMENT a (#PCDATA|${'('.repeat(N)}>`),
    ]);
  },
  'other DTD declarations': (): void => {
    expectErrors([
      subset(`<!ATTLIST a${ws()}x>`),
      subset(`<!ATTLIST a${' b CDATA #IMPLIED'.repeat(N / 17)}${ws()}x>`),
      subset(`<!ATTLIST a b (${'c|'.repeat(N / 2)}) #IMPLIED>`),
      subset(`<!ENTITY x "${'a'.repeat(N)}"${ws()}x>`),
      subset(`<!ENTITY x "${'&a;'.repeat(N / 3)}&">`),
      subset(`<!ENTITY % x SYSTEM "${'a'.repeat(N)}"${ws()}x>`),
      subset(`<!NOTATION n PUBLIC "${'a '.repeat(N / 2)}"${ws()}x>`),
      subset(`<?${'p'.repeat(N)}!?>`),
    ]);
    // Well-formed, and long: must be accepted, not just survived.
    if (parseXml(subset(`<?pi${ws()}x${ws()}?>`)).errors.length !== 0) throw new Error('a processing instruction in the subset was rejected');
  },
  'quick fix removing an attribute': (): void => {
    const document = doc(`<Response><Say${'\n '.repeat(N / 2)}foo="1"${' \t'.repeat(N / 2)}bar="2">x</Say></Response>`);
    const diagnostics = service.doValidation(document).filter((d) => d.code === 'unknown-attribute');
    if (diagnostics.length === 0) throw new Error('no finding on the attributes');
    const actions = service.doCodeActions(document, diagnostics[0]!.range, { diagnostics });
    if (actions.length === 0) throw new Error('no quick fix');
  },
  'outline labels': (): void => {
    const long = `${'a '.repeat(N / 2)}\n${'\t'.repeat(N)}`;
    service.findDocumentSymbols(
      doc(`<Response><Say>${long}</Say><Gather numDigits="${ws()}1" action="${ws()}/x"><Say>${ws()}</Say></Gather><Dial><Number>${long}</Number></Dial></Response>`),
    );
  },
  'folding markers': (): void => {
    service.getFoldingRanges(doc(`<Response><!--${ws()}#regionx--><!--${'\n'.repeat(N)}#endregio--><!--${ws()}--></Response>`));
  },
  'links': (): void => {
    service.findDocumentLinks(doc(`<Response><Redirect>${'http'.repeat(N / 4)}</Redirect><Gather action="https:${'/'.repeat(N)}x"/></Response>`));
  },
  'hover over long values': (): void => {
    const values = ['`'.repeat(N), '`a'.repeat(N / 2), '```'.repeat(N / 3) + 'x', ws() + 'x'];
    for (const value of values) {
      for (const text of [`<Response><Gather finishOnKey="${value}" action="/x"/></Response>`, `<Response><Dial><Number>${value}</Number></Dial></Response>`]) {
        // Inside the value, where the hover quotes it.
        service.doHover(doc(text), { line: 0, character: text.indexOf(value) + 2 });
      }
    }
  },
  'completion and closing tags': (): void => {
    const name = 'S'.repeat(N) + '$}\\';
    const text = `<Response><${name}>`;
    const document = doc(text);
    service.doComplete(document, { line: 0, character: text.length });
    service.doAutoClose(document, { line: 0, character: text.length }, '>');
    const value = `<Response><Say language="${'k'.repeat(N)}$}\\`;
    service.doComplete(doc(value), { line: 0, character: value.length });
  },
  'templates in JS/TS': (): void => {
    const source = [
      `const url = voiceml\`<Response><Connect><Stream url="${'w'.repeat(N)}s://\${host}/s"/></Connect></Response>\`;`,
      `const say = voiceml\`<Response><Say>\${user${ws()}.${'\n'.repeat(N)}name}</Say></Response>\`;`,
      `const ws = voiceml\`<Response><Connect><Stream url="ws${'s'.repeat(N)}://\${h}"/></Connect></Response>\`;`,
    ].join('\n');
    const document = doc(source, 'typescript');
    service.doValidation(document);
    service.findDocumentSymbols(document);
  },
  'call simulator text': (): void => {
    // Responses (up to 64 KB, longer here), scenario texts, typed keys: each helper reads them in one pass.
    for (const text of [ws() + 'x', ' \n\t'.repeat(N / 3) + 'x', '<'.repeat(N), '<pre>'.repeat(N / 5), '&amp;'.repeat(N / 5)]) {
      collapseWhiteSpace(text);
      gist(text);
    }
    if (escapeXml('&<>"\'\u0001'.repeat(N / 6)).includes('\u0001')) throw new Error('a control character was kept');
    for (const keys of ['\x1b['.repeat(N / 2), '\x1b[' + ';'.repeat(N) + '1', '\x1bO'.repeat(N / 2)]) stripEscapes(keys);
    // A scenario's own /regex/ is the user's (their tests, their machine); the matcher itself adds no backtracking.
    const { scenarios } = parseScenarios('probe.yaml', `url: http://127.0.0.1:3000/\nsteps:\n  - expect: { say: "/^b/i" }\n`);
    const step = scenarios[0]!.steps[0]!;
    if (step.kind !== 'expect' || matches(step.matcher, 'a'.repeat(N))) throw new Error('the scenario regex matched');
  },
  'spoken text and webhook URLs': (): void => {
    // Every character of a <Say>'s text is looked at once; the letter test sees one character at a time.
    for (const body of ['ก'.repeat(N), 'a'.repeat(N) + '한', '1 '.repeat(N / 2) + 'x', '\uE000'.repeat(N)]) {
      service.doValidation(doc(`<Response><Say>${body}</Say></Response>`));
    }
    for (const url of ['https://' + 'a.'.repeat(N / 2) + 'twilio.com', 'https://' + 'a'.repeat(N) + '!', 'http://' + '-'.repeat(N)]) {
      service.doValidation(doc(`<Response><Redirect>${url}</Redirect><Gather action="${url}"/></Response>`));
    }
  },
  'command-line arguments': (): void => {
    // The CLI's option values; run as the CLI does, on an argument as long as a shell allows.
    for (const arg of ['-' + '1'.repeat(N), '1'.repeat(N) + 'x', '9'.repeat(N)]) {
      /^-?[0-9]{1,9}$/.test(arg);
      /^[1-9][0-9]{0,2}$/.test(arg);
    }
    // The names of the files named or matched.
    for (const name of ['.'.repeat(N), 'a.'.repeat(N) + ' ', '.'.repeat(N) + '#']) /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/.test(name);
  },
} satisfies Record<string, () => void>;

/** The registry: every expression in `server/src`, what it reads, and its probe. */
export const REGEXES: readonly RegexEntry[] = [
  { key: 'simulator/report.ts /[^\\t\\n\\r\\x20-\\uD7FF\\uE000-\\uFFFD\\u{10000}-\\u{10FFFF}]/gu', on: 'scenario names, messages and transcripts written as JUnit XML', probe: 'call simulator text' },
  { key: `simulator/report.ts /[&<>"']/g`, on: 'scenario names, messages and transcripts written as JUnit XML', probe: 'call simulator text' },
  { key: 'simulator/scenario.ts text.slice(1, last)', on: "the call's text, with a scenario file's own /regex/", probe: 'call simulator text' },
  { key: 'simulator/terminal.ts /\\x1b\\[[0-9;?]*[ -/]*[@-~]|\\x1bO.|\\x1b/g', on: 'keys typed into the interactive call', probe: 'call simulator text' },
  { key: 'simulator/text.ts /\\s+/g', on: 'element text of a response, error pages', probe: 'call simulator text' },
  { key: 'cli/voiceml.ts /^-?[0-9]{1,9}$/', on: 'a command-line argument', probe: 'command-line arguments' },
  { key: 'cli/voiceml.ts /^[1-9][0-9]{0,2}$/', on: 'a command-line argument', probe: 'command-line arguments' },
  { key: 'cli/files.ts /^(?!\\.{1,2}$)[A-Za-z0-9._-]+$/', on: 'the name of a file checked', probe: 'command-line arguments' },
  { key: 'languageService.ts /(?:)/', on: 'the empty string only (the last match forgotten when a document is closed)', probe: 'closing a document' },
  { key: 'l10n.ts /^en(?![a-z])/i', on: "the client's locale tag", probe: 'locale tags' },
  { key: 'model/index.ts /^https?:\\/\\/([a-z0-9.-]+)(?=$|[/:?#])/i', on: 'webhook URLs (action, <Redirect>), partly dynamic too', probe: 'spoken text and webhook URLs' },
  { key: 'model/values.ts /^[0-9]+$/', on: 'attribute values and bodies', probe: 'value checks' },
  { key: 'model/values.ts /^[+-][0-9]+$/', on: 'integer values', probe: 'value checks' },
  { key: 'model/values.ts /^[0-9]+\\.[0-9]*$/', on: 'integer values', probe: 'value checks' },
  { key: 'model/values.ts /^0*$/', on: 'the fraction of a decimal integer value', probe: 'value checks' },
  { key: 'model/values.ts /^([0-9]+) ?(s|sec|secs|second|seconds|초|ms)$/i', on: 'integer values', probe: 'value checks' },
  { key: 'model/values.ts /^([A-Za-z][A-Za-z0-9+.-]*):/', on: 'URL values', probe: 'value checks' },
  { key: 'model/values.ts /^[A-Za-z0-9-]+$/', on: 'host name labels of URL values', probe: 'value checks' },
  { key: 'model/values.ts /\\s/', on: 'URL values', probe: 'value checks' },
  { key: 'model/values.ts /[\\t\\n\\r]/', on: 'URL values', probe: 'value checks' },
  { key: 'model/values.ts /^tel:/i', on: 'phone numbers', probe: 'value checks' },
  { key: 'model/values.ts /^(client|sips?):/i', on: 'phone numbers', probe: 'value checks' },
  { key: 'parser/parser.ts /([ \\t\\r\\n]*)([A-Za-z]+)[ \\t\\r\\n]*=[ \\t\\r\\n]*(?:"([^"]*)"|\'([^\']*)\')/y', on: 'the XML declaration', probe: 'the XML declaration' },
  { key: 'parser/parser.ts /^1\\.[0-9]+$/', on: 'the XML declaration', probe: 'the XML declaration' },
  { key: 'parser/parser.ts /^[A-Za-z][A-Za-z0-9._-]*$/', on: 'the XML declaration', probe: 'the XML declaration' },
  { key: 'parser/parser.ts /^(?:yes|no)$/', on: 'the XML declaration', probe: 'the XML declaration' },
  { key: 'parser/parser.ts ENTITY_DECL', on: 'DTD declarations', probe: 'other DTD declarations' },
  { key: 'parser/parser.ts NOTATION_DECL', on: 'DTD declarations', probe: 'other DTD declarations' },
  { key: 'parser/parser.ts ATTLIST_DECL', on: 'DTD declarations', probe: 'other DTD declarations' },
  { key: 'parser/parser.ts ELEMENT_DECL', on: 'DTD element declarations', probe: 'DTD element declarations' },
  { key: 'parser/parser.ts /^[()|,#]/', on: 'tokens of DTD content models', probe: 'DTD element declarations' },
  { key: 'parser/parser.ts /[?*+]$/', on: 'tokens of DTD content models', probe: 'DTD element declarations' },
  { key: 'parser/parser.ts CONTENT_TOKEN', on: 'DTD element declarations', probe: 'DTD element declarations' },
  { key: 'parser/parser.ts PI_IN_SUBSET', on: 'processing instructions in a DTD', probe: 'other DTD declarations' },
  { key: 'rules/say-language.ts /\\p{L}/u', on: 'one character of <Say> text at a time', probe: 'spoken text and webhook URLs' },
  { key: 'rules/websocket-url.ts /^(wss?|https?):\\/\\//i', on: 'partly dynamic WebSocket URLs', probe: 'templates in JS/TS' },
  { key: 'services/completion.ts /[$}\\\\]/g', on: 'text put into completion snippets', probe: 'completion and closing tags' },
  { key: 'services/docs.ts /\\s+/g', on: 'model documentation', probe: 'hover over long values' },
  { key: 'services/docs.ts /\\.(\\s|$)/', on: 'model documentation', probe: 'hover over long values' },
  { key: 'services/docs.ts /[\\\\`*_[\\]<>#|~]/g', on: 'model type descriptions', probe: 'hover over long values' },
  { key: 'services/folding.ts /^<!--\\s*#region\\b/', on: 'comments', probe: 'folding markers' },
  { key: 'services/folding.ts /^<!--\\s*#endregion\\b/', on: 'comments', probe: 'folding markers' },
  { key: 'services/linkedEditing.ts /[$}\\\\]/g', on: 'element names in closing-tag snippets', probe: 'completion and closing tags' },
  { key: 'services/links.ts /^(?:https?|wss):\\/\\//i', on: 'URL values', probe: 'links' },
  { key: 'document/summary.ts /\\s/', on: 'attribute values in the outline', probe: 'outline labels' },
  { key: 'document/summary.ts /[ \\t\\r\\n]+/g', on: 'bodies in the outline', probe: 'outline labels' },
  { key: 'document/summary.ts `${PLACEHOLDER}+`', on: 'values of templates in the outline', probe: 'templates in JS/TS' },
];

/**
 * Every regular expression in the TypeScript files under `dir`: literals by their text, `RegExp(…)` calls by
 * the constant they are assigned to, or else by their pattern argument. Keys are relative to `dir`.
 */
export function findRegexes(dir: string): { key: string; line: number }[] {
  const found: { key: string; line: number }[] = [];
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((f) => {
      const p = join(d, f);
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
    });
  for (const file of walk(dir)) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const name = relative(dir, file).split('\\').join('/');
    const visit = (node: ts.Node): void => {
      let key: string | undefined;
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) key = node.getText(source);
      else if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression) && node.expression.text === 'RegExp') {
        key = ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name) ? node.parent.name.text : (node.arguments?.[0]?.getText(source) ?? '');
      }
      if (key !== undefined) found.push({ key: `${name} ${key}`, line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1 });
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const job = isMainThread ? undefined : (workerData as { probes?: string[] } | undefined)?.probes;
if (job) {
  for (const name of job) {
    parentPort!.postMessage({ name, state: 'started' });
    try {
      PROBES[name as keyof typeof PROBES]();
      parentPort!.postMessage({ name, state: 'finished' });
    } catch (error) {
      // A probe that throws fails alone; the others still run.
      parentPort!.postMessage({ name, state: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }
}
