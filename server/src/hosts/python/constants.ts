/**
 * The text a Python expression certainly has, when the code says it plainly (`Substitution.constant`, route
 * paths): string literals (escapes read), f-strings and `.format` / `%` strings whose fields are such, `+` of
 * them, and names bound once to one (`BASE = "https://host/ivr"`). Anything else is unknown (undefined):
 * configuration, a parameter, a call — never guessed.
 */
import type { SyntaxNode } from '@lezer/common';
import { readString } from './literals';
import { childNamed, lastChildNamed, nodeAt, type NodeAt } from './lezer';
import { UNSAID } from '../../document/built';
import { Memo } from '../../memo';

/** The expression a name holds where `at` reads it, when its scope binds it once by an assignment. */
export type AssignedValue = (name: string, at: SyntaxNode) => SyntaxNode | undefined;

/** Where the expression a name holds is (as `AssignedValue`, without finding its node). */
export type AssignedAt = (name: string, at: SyntaxNode) => NodeAt | undefined;

/**
 * The constants of the values names hold, by the value's start and the depth it was reached at (`start * 8 +
 * depth`: a value is one expression, the only one starting there), for the `assigned` of one version of a file
 * (`rememberingConstants`): a name read in every string of a file (a base URL) is worked out once, its value
 * looked up where it is (`at`), its node found only the first time.
 */
const memos = new Memo<AssignedValue, { at: AssignedAt; constants: Map<number, string | undefined> }>('constants', { hidden: true });

/**
 * `assigned`, whose names' constants are remembered (it must answer for one text, as a file's version does);
 * `at` tells where the value `assigned` answers with is.
 */
export function rememberingConstants(assigned: AssignedValue, at: AssignedAt): AssignedValue {
  memos.set(assigned, { at, constants: new Map() });
  return assigned;
}

/** How deep `A = B`, `B = C` … is followed (also stops cycles). */
const MAX_DEPTH = 4;

export function pythonConstant(node: SyntaxNode | undefined, text: string, assigned: AssignedValue, depth = 0): string | undefined {
  if (!node || depth > MAX_DEPTH) return undefined;
  switch (node.name) {
    case 'String':
    case 'FormatString':
    case 'ContinuedString':
      return stringConstant(node, text, assigned, depth);
    case 'ParenthesizedExpression': {
      const inner = node.firstChild?.nextSibling ?? undefined;
      return inner?.nextSibling?.name === ')' ? pythonConstant(inner, text, assigned, depth) : undefined;
    }
    case 'Number':
      return text.slice(node.from, node.to).replaceAll('_', '');
    case 'CallExpression': {
      const callee = node.firstChild;
      // `"{}/lang".format(BASE)`: the string reads its own arguments; `str(x)`.
      if (callee?.name === 'MemberExpression' && isString(callee.firstChild)) {
        const property = childNamed(callee, 'PropertyName');
        return property && text.slice(property.from, property.to) === 'format' ? pythonConstant(callee.firstChild!, text, assigned, depth) : undefined;
      }
      const args = lastChildNamed(node, 'ArgList');
      const only = args?.firstChild?.nextSibling;
      if (callee?.name === 'VariableName' && text.slice(callee.from, callee.to) === 'str' && only && only.nextSibling?.name === ')') return pythonConstant(only, text, assigned, depth);
      return undefined;
    }
    case 'BinaryExpression': {
      const operator = childNamed(node, 'ArithOp');
      const op = operator ? text.slice(operator.from, operator.to) : '';
      // `"%s/lang" % BASE`: the string reads its own arguments.
      if (op === '%' && isString(node.firstChild)) return pythonConstant(node.firstChild!, text, assigned, depth);
      if (!operator || op !== '+') return undefined;
      const left = pythonConstant(node.firstChild ?? undefined, text, assigned, depth);
      const right = left === undefined ? undefined : pythonConstant(operator.nextSibling ?? undefined, text, assigned, depth);
      return left !== undefined && right !== undefined ? left + right : undefined;
    }
    case 'VariableName': {
      const name = text.slice(node.from, node.to);
      const memo = memos.get(assigned);
      if (!memo) return pythonConstant(assigned(name, node), text, assigned, depth + 1);
      const where = memo.at(name, node);
      if (!where) return undefined;
      const key = where.from * 8 + depth;
      if (memo.constants.has(key)) return memo.constants.get(key);
      const constant = pythonConstant(assigned(name, node), text, assigned, depth + 1);
      memo.constants.set(key, constant);
      return constant;
    }
  }
  return undefined;
}

/**
 * The text `node` makes, as a helper library's builder writes it: its constant text, each part of a string's
 * fields or of a `+` the file does not say as `UNSAID` (`f"{BASE}/menu"` with `BASE` from the environment:
 * UNSAID + `/menu`, which the call flow follows to `/menu`).
 */
export function pythonWrittenValue(node: SyntaxNode | undefined, text: string, assigned: AssignedValue): string {
  if (!node) return UNSAID;
  switch (node.name) {
    case 'String':
    case 'FormatString':
    case 'ContinuedString':
      return stringConstant(node, text, assigned, 0, UNSAID) ?? UNSAID;
    case 'ParenthesizedExpression': {
      const inner = node.firstChild?.nextSibling ?? undefined;
      if (inner?.nextSibling?.name === ')') return pythonWrittenValue(inner, text, assigned);
      break;
    }
    case 'BinaryExpression': {
      const operator = childNamed(node, 'ArithOp');
      if (operator && text.slice(operator.from, operator.to) === '+') {
        return pythonWrittenValue(node.firstChild ?? undefined, text, assigned) + pythonWrittenValue(operator.nextSibling ?? undefined, text, assigned);
      }
      break;
    }
  }
  return pythonConstant(node, text, assigned) ?? UNSAID;
}

function isString(node: SyntaxNode | null): boolean {
  return node?.name === 'String' || node?.name === 'FormatString' || node?.name === 'ContinuedString';
}

/**
 * A string expression's text: its literals with escapes read, each field replaced by its argument's constant
 * text — or by `unsaid`, when given, where that is not known.
 */
function stringConstant(node: SyntaxNode, text: string, assigned: AssignedValue, depth: number, unsaid?: string): string | undefined {
  const plain = plainString(node, text);
  if (plain !== undefined) return plain;
  // A string with `.format(…)` or `%` applied is read from the expression around it, not here.
  let literalNode = node;
  if (node.name !== 'ContinuedString' && node.parent?.name === 'ContinuedString') literalNode = node.parent;
  const string = readString(literalNode, text);
  if (string.pieces.some((p) => p.bytes || !p.closed)) return undefined;
  let out = '';
  let fieldIndex = 0;
  for (const piece of string.pieces) {
    let at = piece.contentStart;
    // The text from `run` to `at` reads as written: added in one slice, not character by character.
    let run = at;
    const formatting = piece.formatting;
    const fielded = piece.format || formatting !== undefined;
    while (at < piece.contentEnd) {
      const field = string.fields[fieldIndex];
      if (field && field.start === at) {
        // A conversion or format spec (`{x!r}`, `{n:>3}`) changes the text: not plain.
        if (field.expressionEnd !== field.end - 1 && formatting !== 'percent') return undefined;
        if (formatting === 'percent' && text.charCodeAt(field.end - 1) !== 0x73) return undefined; // only `%s`
        const value = pythonConstant(field.value && (nodeAt(literalNode, field.value) ?? undefined), text, assigned, depth + 1) ?? unsaid;
        if (value === undefined) return undefined;
        out += text.slice(run, at) + value;
        at = run = field.end;
        fieldIndex++;
        continue;
      }
      const c = text[at]!;
      if (c === '\\' && !piece.raw) {
        const read = escape(text, at);
        if (read === undefined) return undefined;
        out += text.slice(run, at) + read.text;
        at = run = read.end;
        continue;
      }
      if ((fielded && (c === '{' || c === '}') && text[at + 1] === c && formatting !== 'percent') || (formatting === 'percent' && c === '%' && text[at + 1] === '%')) {
        // `{{`, `}}`, `%%`: one of them.
        out += text.slice(run, at + 1);
        at = run = at + 2;
        continue;
      }
      at++;
    }
    out += text.slice(run, piece.contentEnd);
  }
  return out;
}

/**
 * The text of a string written plainly — `"Digits"`, `'POST'`, `"/ivr/menu"`: no prefix, one quote each side,
 * no backslash or line break, not before a `.format` or `%` nor beside a string that reads it otherwise (then
 * undefined, and it is read in full). Most strings a file's routes and handlers compare are such: read without
 * taking them apart into pieces and fields.
 */
function plainString(node: SyntaxNode, text: string): string | undefined {
  if (node.name !== 'String') return undefined;
  const { from, to } = node;
  const quote = text.charCodeAt(from);
  if ((quote !== 0x22 && quote !== 0x27) || to - from < 2 || text.charCodeAt(to - 1) !== quote) return undefined;
  if (to - from > 2 && text.charCodeAt(from + 1) === quote) return undefined; // a triple-quoted string
  for (let i = from + 1; i < to - 1; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c || c === quote || c === 0x0a || c === 0x0d) return undefined;
  }
  // Read otherwise: a piece of adjacent strings, and the string before `.format(…)` or `%` (in parentheses or not).
  const around = node.parent;
  const name = around?.name;
  if (name === 'ContinuedString' || name === 'ParenthesizedExpression') return undefined;
  if ((name === 'MemberExpression' || name === 'BinaryExpression') && around!.from === from) return undefined;
  return text.slice(from + 1, to - 1);
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', "'": "'", '"': '"', n: '\n', t: '\t', r: '\r', '\n': '' };

/** One escape sequence of a non-raw string at `at` (a backslash): the common ones, else undefined (not plain). */
function escape(text: string, at: number): { text: string; end: number } | undefined {
  const next = text[at + 1];
  if (next === undefined) return undefined;
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) return { text: simple, end: at + 2 };
  if (next === 'x' || next === 'u') {
    const length = next === 'x' ? 2 : 4;
    const hex = text.slice(at + 2, at + 2 + length);
    if (hex.length !== length || [...hex].some((c) => !'0123456789abcdefABCDEF'.includes(c))) return undefined;
    return { text: String.fromCharCode(parseInt(hex, 16)), end: at + 2 + length };
  }
  return undefined;
}
