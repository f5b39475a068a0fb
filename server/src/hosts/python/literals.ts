/**
 * The string literals of a Python file, read from `@lezer/python`'s tree: each string expression — one
 * literal, or adjacent literals that Python joins (`"<Response>" "<Say>…"`) — with its pieces (prefix,
 * quotes, content), and the substitutions in it: f-string replacement fields (`{name!r:>10}`, from the tree),
 * and the fields of `"…".format(…)` (`{name}`) and of `"…" % args` (`%s`, `%(name)s`), with the argument each
 * one takes when the call says it plainly. Strings joined by code (`+`, `+=`, `"".join`) are read in
 * `joined.ts` into one `PythonString` whose pieces are these literals and the code between them.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import { childNamed, lastChildNamed, nodeAtOf, type NodeAt } from './lezer';
import { nextTag } from '../../document/embedding';

export interface PythonString {
  /** The string expression: from the first literal's prefix to the last literal's closing quotes. */
  start: number;
  end: number;
  pieces: Piece[];
  /** The substitutions, in order (source offsets). */
  fields: Field[];
  /** Joined by code from several string expressions (`joined.ts`). */
  joined: boolean;
  /** `.strip()` or `.lstrip()` is applied to it: white space before its first tag does not count. */
  trimmed: boolean;
}

/**
 * One literal (`rb'…'`, `f"""…"""`), or in a joined string an expression between literals (`msg` in
 * `"<Say>" + msg + "</Say>"`: its content is the expression, one `code` field covers it).
 */
export interface Piece {
  start: number;
  end: number;
  /** The text between the quotes (up to the end of the literal while its closing quote is missing). */
  contentStart: number;
  contentEnd: number;
  raw: boolean;
  bytes: boolean;
  /** An f-string. */
  format: boolean;
  /** `"`, `'`, `"""` or `'''`. */
  quote: string;
  /** False while the closing quote is missing (being typed). */
  closed: boolean;
  /** `.format(…)` or `%` applied to the literal's string: its `{}` or `%s` fields are substitutions too. */
  formatting: 'format' | 'percent' | undefined;
  /** An expression joined between literals, not a literal (its quote is empty). */
  code: boolean;
}

/**
 * One substitution: `{expression}` of an f-string, `{name}` of `.format`, `%s` of `%` formatting, an
 * expression joined between literals.
 */
export interface Field {
  kind: 'fstring' | 'format' | 'percent' | 'code';
  start: number;
  end: number;
  /** The code the field names or holds: an f-string's expression, a `.format` field name, a `%` key. */
  expressionStart: number;
  expressionEnd: number;
  /**
   * Where the expression whose value the field takes stands: in an f-string the field's own expression, for
   * `.format` and `%` the argument it names when the call says it plainly (undefined otherwise: `**kwargs`,
   * `% args`). Its node is found again when asked (`nodeAt`): a string is kept long after it is read.
   */
  value: NodeAt | undefined;
}

/** A string expression found in a tree, and its node there (for reading what stands around it). */
export interface FoundString {
  string: PythonString;
  node: SyntaxNode;
}

/** Node names of `@lezer/python` this file reads. */
const STRING = 'String';
const FORMAT_STRING = 'FormatString';
const CONTINUED = 'ContinuedString';

/**
 * The string expressions of the file that hold a VoiceML tag (`nextTag`), in order of their start: a string
 * nested in an f-string field follows its container. Found from the tags up (the innermost node at each), not
 * by a walk over the whole tree; and once a string is found, the scan goes on after it, looking inside only its
 * fields (code, which may hold strings of its own): the tags of a response are not each looked up.
 */
export function stringsIn(tree: Tree, text: string): FoundString[] {
  const strings: FoundString[] = [];
  const seen = new Set<number>();
  const scan = (from: number, to: number): void => {
    for (let at = nextTag(text, from, to); at >= 0; ) {
      const found = stringAround(tree, text, at);
      let next = at + 1;
      if (found && !seen.has(found.node.from)) {
        seen.add(found.node.from);
        strings.push(found);
        for (const field of found.string.fields) if (field.kind === 'fstring') scan(field.start, field.end);
        next = Math.max(next, found.string.end);
      }
      at = next < to ? nextTag(text, next, to) : -1;
    }
  };
  scan(0, text.length);
  return strings.sort((a, b) => a.string.start - b.string.start || b.string.end - a.string.end);
}

/** The string expressions of the file that hold one of the offsets `at`, in order of their start. */
export function stringsAt(tree: Tree, text: string, at: readonly number[]): FoundString[] {
  const strings: FoundString[] = [];
  for (const offset of at) {
    const found = stringAround(tree, text, offset);
    if (found && !strings.some((s) => s.node.from === found.node.from)) strings.push(found);
  }
  return strings.sort((a, b) => a.string.start - b.string.start || b.string.end - a.string.end);
}

/** The string expression whose text holds `at` (not in code of one of its fields), read. */
function stringAround(tree: Tree, text: string, at: number): FoundString | undefined {
  // The innermost string around the offset, then the expression it is a piece of.
  let node: SyntaxNode | null = tree.resolveInner(at, 1);
  while (node && node.name !== STRING && node.name !== FORMAT_STRING) {
    // An offset in an f-string field's code is in no string of its own (`{x<Say}` is code).
    node = node.name === 'FormatReplacement' ? null : node.parent;
  }
  if (!node) return undefined;
  if (node.parent?.name === CONTINUED) node = node.parent;
  return { string: readString(node, text), node };
}

/** The string expression `node` (a `String`, `FormatString` or `ContinuedString`). */
export function readString(node: SyntaxNode, text: string): PythonString {
  const literals: SyntaxNode[] = [];
  if (node.name === CONTINUED) {
    for (let child = node.firstChild; child; child = child.nextSibling) if (child.name === STRING || child.name === FORMAT_STRING) literals.push(child);
  } else {
    literals.push(node);
  }
  const use = formattingOf(node, text);
  const pieces = literals.map((literal) => readPiece(literal, text, use?.kind));
  const fields: Field[] = [];
  literals.forEach((literal, i) => {
    const piece = pieces[i]!;
    if (piece.format) fields.push(...replacementFields(literal));
    else if (use?.kind === 'format') fields.push(...formatFields(text, piece));
    else if (use?.kind === 'percent') fields.push(...percentFields(text, piece));
  });
  if (use) bindArguments(fields, use, text);
  // Kept as long as the string: no room left for more (a list grown by `push` has room for 16).
  return { start: node.from, end: node.to, pieces, fields: fields.length === 0 ? NO_FIELDS : fields.slice(), joined: false, trimmed: false };
}

/** The fields of a string without any: one list for all of them, never changed. */
const NO_FIELDS: Field[] = Object.freeze([]) as unknown as Field[];

function readPiece(literal: SyntaxNode, text: string, formatting: Piece['formatting']): Piece {
  let at = literal.from;
  let raw = false;
  let bytes = false;
  let format = false;
  for (;;) {
    const c = text.charCodeAt(at) | 0x20; // lower case
    if (c === 0x72) raw = true; // r
    else if (c === 0x62) bytes = true; // b
    else if (c === 0x66) format = true; // f
    else if (c !== 0x75) break; // u
    at++;
  }
  const q = text[at] === "'" ? "'" : '"';
  const quote = text.startsWith(q + q + q, at) && literal.to - at >= 3 ? q + q + q : q;
  const contentStart = Math.min(at + quote.length, literal.to);
  const closed = literal.to - contentStart >= quote.length && text.startsWith(quote, literal.to - quote.length) && !escapedAt(text, literal.to - quote.length, contentStart);
  return { start: literal.from, end: literal.to, contentStart, contentEnd: closed ? literal.to - quote.length : literal.to, raw, bytes, format, quote, closed, formatting: format ? undefined : formatting, code: false };
}

/** Is the character at `at` escaped by an odd run of backslashes before it (also in raw strings, where `\"` does not end the literal)? */
function escapedAt(text: string, at: number, from: number): boolean {
  let backslashes = 0;
  for (let i = at - 1; i >= from && text.charCodeAt(i) === 0x5c; i--) backslashes++;
  return backslashes % 2 === 1;
}

/** The f-string's own replacement fields (those in a format spec are part of their field). */
function replacementFields(literal: SyntaxNode): Field[] {
  const fields: Field[] = [];
  for (let field = literal.firstChild; field; field = field.nextSibling) {
    if (field.name !== 'FormatReplacement') continue;
    let expressionEnd = field.to;
    let value: NodeAt | undefined;
    for (let part = field.firstChild; part; part = part.nextSibling) {
      if (part.name === 'FormatSelfDoc' || part.name === 'FormatConversion' || part.name === 'FormatSpec' || part.name === '}') {
        expressionEnd = part.from;
        break;
      }
      if (part.name !== '{' && value === undefined) value = nodeAtOf(part);
    }
    fields.push({ kind: 'fstring', start: field.from, end: field.to, expressionStart: field.from + 1, expressionEnd, value });
  }
  return fields;
}

/**
 * `{}`, `{0}`, `{name}`, `{name!r:>{width}}` of a string that `.format` is called on (`{{` and `}}` are
 * braces). Read from the source: a brace written as an escape (`\x7b`) is not seen, as no one writes one.
 */
function formatFields(text: string, piece: Piece): Field[] {
  const fields: Field[] = [];
  for (let i = piece.contentStart; i < piece.contentEnd; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c && !piece.raw) {
      i++;
      continue;
    }
    if (c !== 0x7b) continue; // {
    if (text.charCodeAt(i + 1) === 0x7b) {
      i++;
      continue;
    }
    // The matching `}`, over the nested fields of a format spec.
    let depth = 0;
    let j = i;
    for (; j < piece.contentEnd; j++) {
      const d = text.charCodeAt(j);
      if (d === 0x7b) depth++;
      else if (d === 0x7d && --depth === 0) break;
    }
    if (j >= piece.contentEnd) break; // unclosed: not a field (yet)
    let nameEnd = i + 1;
    while (nameEnd < j && !'!:'.includes(text[nameEnd]!)) nameEnd++;
    fields.push({ kind: 'format', start: i, end: j + 1, expressionStart: i + 1, expressionEnd: nameEnd, value: undefined });
    i = j;
  }
  return fields;
}

/** `%s`, `%d`, `%(name)s`, `%-10.3f` … of a string that `%` is applied to (`%%` is a percent sign). */
function percentFields(text: string, piece: Piece): Field[] {
  const fields: Field[] = [];
  for (let i = piece.contentStart; i < piece.contentEnd; i++) {
    if (text.charCodeAt(i) !== 0x25) continue; // %
    if (text.charCodeAt(i + 1) === 0x25) {
      i++;
      continue;
    }
    let j = i + 1;
    let keyStart = -1;
    let keyEnd = -1;
    if (text[j] === '(') {
      const close = text.indexOf(')', j);
      if (close < 0 || close >= piece.contentEnd) break;
      keyStart = j + 1;
      keyEnd = close;
      j = close + 1;
    }
    while (j < piece.contentEnd && '#0- +'.includes(text[j]!)) j++;
    while (j < piece.contentEnd && (isDigit(text.charCodeAt(j)) || text[j] === '*')) j++;
    if (text[j] === '.') {
      j++;
      while (j < piece.contentEnd && (isDigit(text.charCodeAt(j)) || text[j] === '*')) j++;
    }
    while (j < piece.contentEnd && 'hlL'.includes(text[j]!)) j++;
    if (j >= piece.contentEnd || !'diouxXeEfFgGcrsa'.includes(text[j]!)) continue; // not a conversion: a stray %
    fields.push({ kind: 'percent', start: i, end: j + 1, expressionStart: keyStart >= 0 ? keyStart : i, expressionEnd: keyStart >= 0 ? keyEnd : j + 1, value: undefined });
    i = j;
  }
  return fields;
}

/** `0`, `12`: a positional field. */
function isIndex(name: string): boolean {
  for (let i = 0; i < name.length; i++) if (!isDigit(name.charCodeAt(i))) return false;
  return name.length > 0;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** How the string is formatted: `s.format(args)` or `s % args` (through one pair of parentheses). */
type Formatting = { kind: 'format'; args: SyntaxNode } | { kind: 'percent'; args: SyntaxNode };

function formattingOf(node: SyntaxNode, text: string): Formatting | undefined {
  let operand = node;
  if (operand.parent?.name === 'ParenthesizedExpression') operand = operand.parent;
  const parent = operand.parent;
  if (!parent) return undefined;
  if (parent.name === 'MemberExpression' && parent.firstChild?.from === operand.from) {
    const property = childNamed(parent, 'PropertyName');
    const call = parent.parent;
    const args = call?.name === 'CallExpression' ? lastChildNamed(call, 'ArgList') : null;
    if (property && text.slice(property.from, property.to) === 'format' && args) return { kind: 'format', args };
  }
  if (parent.name === 'BinaryExpression' && parent.firstChild?.from === operand.from) {
    const operator = childNamed(parent, 'ArithOp');
    const args = operator?.nextSibling;
    if (operator && text.slice(operator.from, operator.to) === '%' && args) return { kind: 'percent', args };
  }
  return undefined;
}

/** Each field's argument, where the call says it plainly: positional and keyword arguments, a tuple, a dict literal. */
function bindArguments(fields: Field[], use: Formatting, text: string): void {
  if (use.kind === 'format') {
    const positional: SyntaxNode[] = [];
    const keywords = new Map<string, SyntaxNode>();
    let unpacked = false;
    for (let arg = use.args.firstChild; arg; arg = arg.nextSibling) {
      if (arg.name === '(' || arg.name === ')' || arg.name === ',') continue;
      if (arg.name === '*' || arg.name === '**') {
        unpacked = true;
        arg = arg.nextSibling ?? arg;
        continue;
      }
      if (arg.name === 'VariableName' && arg.nextSibling?.name === 'AssignOp' && arg.nextSibling.nextSibling) {
        keywords.set(text.slice(arg.from, arg.to), arg.nextSibling.nextSibling);
        arg = arg.nextSibling.nextSibling;
        continue;
      }
      positional.push(arg);
    }
    let automatic = 0;
    for (const field of fields) {
      const name = text.slice(field.expressionStart, field.expressionEnd);
      const value = name === '' ? positional[automatic++] : isIndex(name) ? positional[Number(name)] : unpacked ? undefined : keywords.get(name);
      field.value = value && nodeAtOf(value);
    }
    return;
  }
  const args = use.args;
  if (args.name === 'TupleExpression') {
    const items: SyntaxNode[] = [];
    for (let item = args.firstChild; item; item = item.nextSibling) if (item.name !== '(' && item.name !== ')' && item.name !== ',') items.push(item);
    fields.forEach((field, i) => (field.value = items[i] && nodeAtOf(items[i]!)));
  } else if (args.name === 'DictionaryExpression') {
    const entries = new Map<string, SyntaxNode>();
    for (let key = args.firstChild; key; key = key.nextSibling) {
      if (key.name !== 'String' || key.nextSibling?.name !== ':') continue;
      const value = key.nextSibling.nextSibling;
      if (value) entries.set(text.slice(key.from + 1, key.to - 1), value);
    }
    for (const field of fields) {
      const value = field.expressionStart !== field.start ? entries.get(text.slice(field.expressionStart, field.expressionEnd)) : undefined;
      field.value = value && nodeAtOf(value);
    }
  } else if (fields.length === 1 && fields[0]!.expressionStart === fields[0]!.start) {
    fields[0]!.value = nodeAtOf(args); // `"<Say>%s</Say>" % name`
  }
}
