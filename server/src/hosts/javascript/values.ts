/**
 * What a `${…}` can put into the XML, as far as the file tells: the injection rule's view of a substitution.
 * A value is "known" when it is a literal, a number, a `const` bound to such a value in the same file, or a
 * call to an escaping function; for those we also know which XML-special characters it may contain.
 * Everything else — a parameter, `req.body.Digits`, a function's result — is "unknown": it may carry user
 * input.
 */
import type * as TS from 'typescript';
import type { SubstitutionValue } from '../../document/region';
import { join, leftOf, specialsIn } from '../../document/substitutions';
import { typescript } from './typescript';
import { resolve, type BindingTable } from './bindings';
import { ownCopy } from '../../parser/intern';

export type { SubstitutionValue };

/**
 * Escaping functions, by the name they are called with (`escapeXml(x)`, `he.escape(x)`, `_.escape(x)`):
 * our quick fix's own helper, the usual hand-written names, and what the common packages export —
 * lodash/underscore `escape`, `he` `escape`/`encode`, `entities` `encodeXML`/`escapeXML`/`escapeAttribute`/
 * `escapeText`, `escape-html` (imported as `escapeHtml`), `xml-escape` (as `xmlEscape`/`xmlescape`). All of
 * them replace at least `<`, `&`, `"` and `'`.
 */
export const ESCAPING_FUNCTIONS: ReadonlySet<string> = new Set([
  'escapeXml', 'escapeXML', 'xmlEscape', 'xmlescape', 'encodeXml', 'encodeXML', 'escapeHtml', 'escapeHTML',
  'htmlEscape', 'escape', 'escapeAttribute', 'escapeText',
]);
/** `encode` is too common a name to trust alone; from these objects it is an XML/HTML encoder. */
const ESCAPING_OBJECTS: ReadonlySet<string> = new Set(['he', 'entities']);
/**
 * String methods whose result holds only the text of the string they are called on and of some of their
 * arguments (their indexes, or `all`): `replace(pattern, replacement)` puts in its second.
 */
const STRING_METHODS: ReadonlyMap<string, readonly number[] | 'all'> = new Map<string, readonly number[] | 'all'>([
  ['trim', []], ['trimStart', []], ['trimEnd', []], ['toLowerCase', []], ['toUpperCase', []], ['toLocaleLowerCase', []],
  ['toLocaleUpperCase', []], ['normalize', []], ['slice', []], ['substring', []], ['substr', []], ['toString', []],
  ['replace', [1]], ['replaceAll', [1]], ['padStart', [1]], ['padEnd', [1]], ['concat', 'all'],
]);
/** Calls whose result is a number (or `NaN`): nothing to escape. */
const NUMBER_FUNCTIONS: ReadonlySet<string> = new Set(['Number', 'parseInt', 'parseFloat']);
/** Global names that hold numbers or nothing. */
const NUMBER_GLOBALS: ReadonlySet<string> = new Set(['undefined', 'NaN', 'Infinity']);
/**
 * Configuration: what the developer sets, not the caller — `process.env.BASE_URL`, `import.meta.env.X`, and
 * properties of objects named like configuration (`config.baseUrl`, `settings.get('X')`). Trusted like a
 * constant: the injection rule is about input a caller can shape.
 */
const CONFIGURATION_OBJECTS: ReadonlySet<string> = new Set(['config', 'CONFIG', 'Config', 'settings', 'SETTINGS', 'conf', 'cfg', 'env', 'ENV']);

/** The parts of a `URL` read as text. */
const URL_PARTS: ReadonlySet<string> = new Set(['origin', 'host', 'hostname', 'href', 'pathname', 'protocol']);
/** Encodings whose text holds no XML-special character (`Buffer#toString`). */
const ENCODINGS_WITHOUT_SPECIALS: ReadonlySet<string> = new Set(['base64', 'base64url', 'hex']);

const UNKNOWN: SubstitutionValue = { kind: 'unknown' };
const CONFIGURATION: SubstitutionValue = { kind: 'known', specials: '' };
const NUMBER: SubstitutionValue = { kind: 'known', specials: '' };

/** Looks up names in a file: its text and binding table (made on first use: it costs a pass over the file). */
export interface ValueContext {
  readonly text: string;
  bindings(): BindingTable;
  /** The text of a `const` initializer, which a value is then worked out from (see `TemplateFile.reads`). */
  initializer(range: { start: number; end: number }): string;
}

/** The value of the expression `source` written at `offset` in the file. */
export function valueOf(source: string, offset: number, context: ValueContext): SubstitutionValue {
  return classify(parseExpression(source), offset, context, 0);
}

/**
 * Parsed expressions by their text: the same `${BASE}` appears in many templates, and the same `const`
 * initializers are read again at every open of a file (`firstExpression`; each parse is a whole
 * `ts.createSourceFile`, some 20 µs even for a short literal). Bounded by the text they hold, not by their
 * number: a parsed expression keeps its whole syntax tree (some hundred bytes per character), and two
 * thousand large ones once held a gigabyte. A long one is not kept at all.
 */
const parsed = new Map<string, TS.Expression | undefined>();
const parsedInitializers = new Map<string, TS.Expression | undefined>();
let parsedLength = 0;
/** Characters of expression text kept at most (a few MB of syntax trees), both tables together. */
const PARSED_LENGTH = 64 * 1024;

export function parseExpression(source: string): TS.Expression | undefined {
  return remembered(parsed, source, parseParenthesized);
}

/** `source` parsed by `parse`, or as it was when last parsed (kept in `table`). */
function remembered(table: Map<string, TS.Expression | undefined>, source: string, parse: (source: string) => TS.Expression | undefined): TS.Expression | undefined {
  let expression = table.get(source);
  if (expression !== undefined || table.has(source)) return expression;
  expression = parse(source);
  // Bounded: expressions are typed and retyped; keep the recent ones.
  if (source.length > PARSED_LENGTH / 64) return expression;
  if (parsedLength + source.length > PARSED_LENGTH) {
    parsed.clear();
    parsedInitializers.clear();
    parsedLength = 0;
  }
  // Keyed by a copy: `source` is cut from the file, and a slice of 13 characters or more is a view of its whole text.
  table.set(ownCopy(source), expression);
  parsedLength += source.length;
  return expression;
}

function parseParenthesized(source: string): TS.Expression | undefined {
  const ts = typescript();
  // Parenthesized so an object literal is not read as a block; the line break ends a trailing `//` comment.
  const file = parseSafely(`(${source}\n)`);
  const statement = file?.statements.length === 1 ? file.statements[0] : undefined;
  return statement && ts.isExpressionStatement(statement) && ts.isParenthesizedExpression(statement.expression) ? statement.expression.expression : undefined;
}

/** `node` without the parentheses and type assertions around it (`(x)`, `x as T`, `x!` …): the same value. */
export function unwrapped(node: TS.Expression): TS.Expression {
  const K = typescript().SyntaxKind;
  for (;;) {
    switch (node.kind) {
      case K.ParenthesizedExpression:
      case K.AsExpression:
      case K.SatisfiesExpression:
      case K.NonNullExpression:
      case K.TypeAssertionExpression:
        node = (node as TS.ParenthesizedExpression).expression;
        continue;
    }
    return node;
  }
}

/**
 * The longest piece of code worked out (a `${…}`, a `const` initializer), in UTF-16 code units. What is longer
 * is no value one writes into a response: it is a `${` whose closing brace is not there (yet: `${escapeXml(name)`
 * as it is typed), running on over the rest of the file. Parsed, such a piece is most of the file again, with
 * the parser's recovery from every error in it (an 84 KB one took 55 ms of a 100 KB file's validation, asked by
 * several rules; in a 1 MB file, 0.7 s), and never a value in the end.
 */
const MAX_PIECE = 16 * 1024;

/** How deep `const A = B`, `const B = C` … is followed before giving up (also stops cycles). */
const MAX_DEPTH = 4;

function classify(node: TS.Expression | undefined, offset: number, context: ValueContext, depth: number): SubstitutionValue {
  if (!node) return UNKNOWN;
  const ts = typescript();
  const K = ts.SyntaxKind;
  node = unwrapped(node);
  switch (node.kind) {
    case K.StringLiteral:
    case K.NoSubstitutionTemplateLiteral:
      return { kind: 'known', specials: specialsIn((node as TS.StringLiteral).text) };
    case K.NumericLiteral:
    case K.BigIntLiteral:
    case K.TrueKeyword:
    case K.FalseKeyword:
    case K.NullKeyword:
      return NUMBER;
    case K.PrefixUnaryExpression: {
      const unary = node as TS.PrefixUnaryExpression;
      // `-1`, `+x`, `~x`, `!x`: numbers and booleans.
      return unary.operator === K.PlusPlusToken || unary.operator === K.MinusMinusToken ? UNKNOWN : NUMBER;
    }
    case K.TemplateExpression: {
      const template = node as TS.TemplateExpression;
      let value: SubstitutionValue = { kind: 'known', specials: specialsIn(template.head.text) };
      for (const span of template.templateSpans) {
        value = join(value, classify(span.expression, offset, context, depth));
        value = join(value, { kind: 'known', specials: specialsIn(span.literal.text) });
      }
      return value;
    }
    case K.BinaryExpression: {
      const binary = node as TS.BinaryExpression;
      const operator = binary.operatorToken.kind;
      if (operator === K.CommaToken) return classify(binary.right, offset, context, depth);
      // `a + b` joins strings; `a ?? b`, `a || b`, `a && b` are one of them.
      if (operator === K.PlusToken || operator === K.QuestionQuestionToken || operator === K.BarBarToken || operator === K.AmpersandAmpersandToken) {
        return join(classify(binary.left, offset, context, depth), classify(binary.right, offset, context, depth));
      }
      // Arithmetic, comparisons, bit operations: numbers and booleans. Assignments: the assigned value.
      if (operator === K.EqualsToken) return classify(binary.right, offset, context, depth);
      return operator >= K.FirstAssignment && operator <= K.LastAssignment ? UNKNOWN : NUMBER;
    }
    case K.ConditionalExpression: {
      const conditional = node as TS.ConditionalExpression;
      return join(classify(conditional.whenTrue, offset, context, depth), classify(conditional.whenFalse, offset, context, depth));
    }
    case K.CallExpression:
      return classifyCall(node as TS.CallExpression, offset, context, depth);
    case K.PropertyAccessExpression: {
      const access = node as TS.PropertyAccessExpression;
      if (access.name.text === 'length') return NUMBER;
      // `new URL(config.base).origin`: a part of a URL made of what it is given.
      const made = access.expression;
      if (URL_PARTS.has(access.name.text) && ts.isNewExpression(made) && ts.isIdentifier(made.expression) && made.expression.text === 'URL' && made.arguments?.length) {
        return made.arguments.map((argument) => classify(argument, offset, context, depth)).reduce(join);
      }
      return isConfiguration(access.expression) || isHostHeader(access) ? CONFIGURATION : UNKNOWN;
    }
    case K.ElementAccessExpression:
      return isConfiguration((node as TS.ElementAccessExpression).expression) || isHostHeader(node as TS.ElementAccessExpression) ? CONFIGURATION : UNKNOWN;
    case K.Identifier:
      return classifyName((node as TS.Identifier).text, offset, context, depth);
  }
  return UNKNOWN;
}

function classifyCall(call: TS.CallExpression, offset: number, context: ValueContext, depth: number): SubstitutionValue {
  const ts = typescript();
  const callee = call.expression;
  let name: string | undefined;
  let object: string | undefined;
  if (ts.isIdentifier(callee)) name = callee.text;
  else if (ts.isPropertyAccessExpression(callee)) {
    name = callee.name.text;
    if (ts.isIdentifier(callee.expression)) object = callee.expression.text;
  }
  if (name === undefined) return UNKNOWN;
  // `buf.toString('base64')`, `.toString('hex')`: letters, digits and `+/=-_` only, whatever was encoded.
  if (name === 'toString' && call.arguments.length === 1 && ts.isStringLiteralLike(call.arguments[0]!) && ENCODINGS_WITHOUT_SPECIALS.has(call.arguments[0].text)) return NUMBER;
  // `base.replace(/\/$/, '')`, `url.trim()`: a string method's result is made of its object's text and of
  // the strings it is given to put in.
  const inserts = ts.isPropertyAccessExpression(callee) ? STRING_METHODS.get(name) : undefined;
  if (inserts !== undefined) {
    let value = classify((callee as TS.PropertyAccessExpression).expression, offset, context, depth);
    for (const index of inserts === 'all' ? call.arguments.keys() : inserts) {
      const argument = call.arguments[index];
      if (argument) value = join(value, classify(argument, offset, context, depth));
    }
    return value;
  }
  // `config.get('BASE_URL')`: configuration.
  if (ts.isPropertyAccessExpression(callee) && isConfiguration(callee.expression)) return CONFIGURATION;
  const written = object !== undefined ? `${object}.${name}` : name;
  // What an escaper leaves (its quotes, for some), only where its argument may hold it: `esc(DEFAULT_VOICE)` of
  // a constant without quotes is safe in any attribute.
  const escapedBy = (leaves: string): SubstitutionValue => ({ kind: 'known', specials: leftOf(leaves, classify(call.arguments[0], offset, context, depth)), escaped: written });
  if (ESCAPING_FUNCTIONS.has(name)) return { kind: 'known', specials: '', escaped: written };
  // `req.get('host')`, `req.header('Host')`: the Host the platform's own request names.
  if ((name === 'get' || name === 'header') && call.arguments.length === 1 && isHostName(call.arguments[0]!)) return CONFIGURATION;
  // An escaping function of the file's own: `const esc = (s) => s.replace(/[<>&]/g, …)`.
  if (object === undefined) {
    const own = ownEscaper(name, offset, context);
    if (own !== undefined) return escapedBy(own);
  }
  if (name === 'encode' && object !== undefined && ESCAPING_OBJECTS.has(object)) return { kind: 'known', specials: '', escaped: written };
  // `encodeURIComponent` leaves only `'` of the XML specials (`encodeURI` also leaves `&`: not trusted).
  if (name === 'encodeURIComponent' && object === undefined) return escapedBy("'");
  if ((NUMBER_FUNCTIONS.has(name) && object === undefined) || object === 'Math') return NUMBER;
  if (name === 'String' && object === undefined && call.arguments.length === 1) return classify(call.arguments[0], offset, context, depth);
  if ((name === 'toFixed' || name === 'toPrecision') && call.arguments.length <= 1) return NUMBER;
  return UNKNOWN;
}

/**
 * Whether a function `name` bound by a `const` of the file escapes for XML: its code writes the references for
 * `<` and `&` (`&lt;`, `&#60;`, `&amp;` …). The XML-special characters it leaves are returned (quotes, unless
 * it writes `&quot;` and `&apos;` or their numbers), or undefined when it is no escaper.
 */
function ownEscaper(name: string, offset: number, context: ValueContext): string | undefined {
  const binding = resolve(context.bindings(), name, offset);
  if (binding === undefined || binding === 'unclear' || !binding.init) return undefined;
  const code = context.initializer(binding.init).toLowerCase();
  const writes = (...forms: string[]): boolean => forms.some((form) => code.includes(form));
  if (!writes('&lt;', '&#60;', '&#x3c;') || !writes('&amp;', '&#38;', '&#x26;')) return undefined;
  let left = '';
  if (!writes('&quot;', '&#34;', '&#x22;')) left += '"';
  if (!writes('&apos;', '&#39;', '&#x27;')) left += "'";
  return left;
}

/** `req.headers.host`, `req.headers['x-forwarded-host']`, `req.hostname`: set by the platform's own request, not by the caller. */
function isHostHeader(access: TS.PropertyAccessExpression | TS.ElementAccessExpression): boolean {
  const ts = typescript();
  const key = ts.isPropertyAccessExpression(access) ? access.name.text : ts.isStringLiteralLike(access.argumentExpression) ? access.argumentExpression.text : undefined;
  if (key === undefined) return false;
  const object = access.expression;
  if ((key === 'hostname' || key === 'host' || key === 'protocol') && ts.isIdentifier(object) && (object.text === 'req' || object.text === 'request')) return true;
  return isHostName(key) && ts.isPropertyAccessExpression(object) && object.name.text === 'headers';
}

/** A header naming the host the request was sent to. */
function isHostName(node: TS.Expression | string): boolean {
  const ts = typescript();
  const name = typeof node === 'string' ? node : ts.isStringLiteralLike(node) ? node.text : undefined;
  return name !== undefined && ['host', 'x-forwarded-host', 'x-forwarded-proto'].includes(name.toLowerCase());
}

/**
 * Whether `node` is (a property of) configuration: `process.env`, `import.meta.env`, an object named like
 * configuration (`config`, `settings` …), or anything read from them (`config.twilio.baseUrl`).
 */
function isConfiguration(node: TS.Expression): boolean {
  const ts = typescript();
  for (let depth = 0; depth < 8; depth++) {
    if (ts.isIdentifier(node)) return CONFIGURATION_OBJECTS.has(node.text);
    if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return false;
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'env') {
      const object = node.expression;
      // `process.env`, `Deno.env` (`Deno.env.get('X')`), `import.meta.env`
      if (ts.isIdentifier(object) && (object.text === 'process' || object.text === 'Deno')) return true;
      if (ts.isMetaProperty(object)) return true;
    }
    if (ts.isPropertyAccessExpression(node) && REQUEST_INPUT.has(node.name.text)) return false;
    // `req.server.config.DOMAIN`, `fastify.config.X`: a configuration object hung on another one.
    if (ts.isPropertyAccessExpression(node) && CONFIGURATION_OBJECTS.has(node.name.text) && !readsRequestInput(node.expression)) return true;
    node = node.expression;
  }
  return false;
}

/** What a request carries from the caller: `req.body.config.x` is the caller's, whatever it is named. */
const REQUEST_INPUT: ReadonlySet<string> = new Set(['body', 'query', 'params', 'cookies', 'headers', 'form', 'json']);

/** Whether a property chain passes through what the caller sent (`req.body…`). */
function readsRequestInput(node: TS.Expression): boolean {
  const ts = typescript();
  for (let depth = 0; depth < 8; depth++) {
    if (ts.isPropertyAccessExpression(node)) {
      if (REQUEST_INPUT.has(node.name.text)) return true;
    } else if (!ts.isElementAccessExpression(node)) return false;
    node = node.expression;
  }
  return true;
}

function classifyName(name: string, offset: number, context: ValueContext, depth: number): SubstitutionValue {
  const binding = resolve(context.bindings(), name, offset);
  if (binding === undefined) return NUMBER_GLOBALS.has(name) ? NUMBER : UNKNOWN;
  if (binding === 'unclear' || !binding.init || depth >= MAX_DEPTH) return UNKNOWN;
  // Once per binding (`Binding.initValue`).
  let value = binding.initValue;
  if (value === undefined) {
    // Set first: a `const` whose initializer refers back to itself is then unknown, not an endless loop.
    binding.initValue = UNKNOWN;
    const source = context.initializer(binding.init);
    value = binding.initValue = classify(firstExpression(source), binding.init.start, context, depth + 1);
  }
  return value;
}

/**
 * The expression a `const` initializer's text starts with. The text was cut from tokens and may run past the
 * initializer (up to where a semicolon would be inserted); a parse takes the first statement, as the
 * language does.
 */
function firstExpression(source: string): TS.Expression | undefined {
  return remembered(parsedInitializers, source, parseFirstStatement);
}

function parseFirstStatement(source: string): TS.Expression | undefined {
  const ts = typescript();
  const statement = parseSafely(source)?.statements[0];
  return statement && ts.isExpressionStatement(statement) ? statement.expression : undefined;
}

/**
 * A parse of a small piece of code. `typescript`'s parser recurses: templates nested thousands deep in one
 * `${…}` exhaust the stack. Such a value is simply unknown, and so is one longer than `MAX_PIECE`.
 */
function parseSafely(source: string): TS.SourceFile | undefined {
  if (source.length > MAX_PIECE) return undefined;
  const ts = typescript();
  try {
    return ts.createSourceFile('expression.ts', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
