/**
 * Python strings joined by code into one response, the way webhook code glues VoiceML:
 *
 * - a `+` chain: `"<Say>" + msg + "</Say>"` (operands in parentheses too, and a literal with `%` or
 *   `.format(…)` applied: `"<Say>%s</Say>" % msg + "<Hangup/>"`);
 * - a straight run of `x = "…"` / `x += "…"` statements in one block: `twiml += '<Dial …>…</Dial>'`
 *   (statements between them that do not name `x` are left out; one that does ends the run);
 * - `"".join([…])` or `"".join((…))` of such pieces, the separator white space only.
 *
 * Each is one `PythonString`: its literals as pieces, each expression between them a `code` piece with one
 * field (a substitution), and the rest (` + `, `x += `, `% args`, `.format(…)`) seams. `.strip()` or
 * `.lstrip()` applied to a string or a chain drops the white space before its first tag (`<?xml` may come
 * first). What is built elsewhere (a loop, a branch, another function) is not followed: a piece that opens
 * or closes what it does not hold is then not checked alone (see `regions.ts`).
 */
import type { SyntaxNode } from '@lezer/common';
import { readString, type Field, type Piece, type PythonString } from './literals';
import { childNamed, nodeAtOf } from './lezer';

const STRING_NODES = new Set(['String', 'FormatString', 'ContinuedString']);

/**
 * The joined strings of one file, each read once: `around(string)` gives the joined string a string found
 * in the file is a piece of (the same object for every piece of it), or the string itself.
 */
export class PythonJoins {
  /** Joined strings by the node that holds all their pieces (a chain, a join call, the first statement of a run). */
  private readonly joined = new Map<number, PythonString>();
  /** Runs of `x = …` / `x += …` statements, by the block (its start) they are in. */
  private readonly runs = new Map<number, SyntaxNode[][]>();

  constructor(private readonly text: string) {}

  /** `node`: the string's node (`FoundString`). */
  around(string: PythonString, node: SyntaxNode): PythonString {
    const top = this.topOf(node);
    if (!top) return this.trimmed(string, formattedAround(node, this.text));
    const key = top.kind === 'run' ? top.statements[0]!.from : top.node.from;
    let joined = this.joined.get(key);
    if (!joined) {
      joined = top.kind === 'run' ? this.read(top.statements.map((s) => assignmentOf(s, this.text)!.value), undefined) : this.read([top.node], top.node);
      this.joined.set(key, joined);
    }
    return joined;
  }

  /** `string` with `trimmed` set when `.strip()` or `.lstrip()` is called on `node`. */
  private trimmed(string: PythonString, node: SyntaxNode): PythonString {
    return isStripped(node, this.text) ? { ...string, trimmed: true } : string;
  }

  /** The outermost join the string expression `node` is a piece of. */
  private topOf(node: SyntaxNode): { kind: 'chain' | 'join'; node: SyntaxNode } | { kind: 'run'; statements: SyntaxNode[] } | undefined {
    let found: { kind: 'chain' | 'join'; node: SyntaxNode } | { kind: 'run'; statements: SyntaxNode[] } | undefined;
    let at = formattedAround(node, this.text);
    for (;;) {
      const parent = at.parent;
      if (!parent) return found;
      if (parent.name === 'ParenthesizedExpression') {
        at = parent;
        continue;
      }
      if (parent.name === 'BinaryExpression' && isPlus(parent, this.text)) {
        found = { kind: 'chain', node: parent };
        at = parent;
        continue;
      }
      const call = parent.name === 'ArrayExpression' || parent.name === 'TupleExpression' ? joinCallOf(parent, this.text) : undefined;
      if (call) {
        found = { kind: 'join', node: call };
        at = call;
        continue;
      }
      if ((parent.name === 'AssignStatement' || parent.name === 'UpdateStatement') && assignmentOf(parent, this.text)?.value.from === at.from) {
        const run = this.runOf(parent);
        return run ? { kind: 'run', statements: run } : found;
      }
      return found;
    }
  }

  /** The run of statements `statement` is in, when it is one of two or more (or one `x += …`). */
  private runOf(statement: SyntaxNode): SyntaxNode[] | undefined {
    const block = statement.parent;
    if (!block) return undefined;
    let runs = this.runs.get(block.from);
    if (!runs) {
      runs = runsIn(block, this.text);
      this.runs.set(block.from, runs);
    }
    return runs.find((run) => run.some((s) => s.from === statement.from));
  }

  /** The joined string of the expressions `values` (a chain, items, statements' values), in order. */
  private read(values: readonly SyntaxNode[], whole: SyntaxNode | undefined): PythonString {
    const pieces: Piece[] = [];
    const fields: Field[] = [];
    const leaf = (node: SyntaxNode): void => {
      if (node.name === 'ParenthesizedExpression') {
        const inner = node.firstChild?.nextSibling;
        if (inner && inner.name !== ')') return leaf(inner);
      }
      if (node.name === 'BinaryExpression' && isPlus(node, this.text)) {
        for (const operand of childrenOf(node)) if (operand.name !== 'ArithOp') leaf(operand);
        return;
      }
      const joined = node.name === 'CallExpression' ? joinedItemsOf(node, this.text) : undefined;
      if (joined) {
        for (const item of joined.items) leaf(item);
        return;
      }
      const literal = formattedLiteral(node, this.text);
      if (literal) {
        const string = readString(literal, this.text);
        pieces.push(...string.pieces);
        fields.push(...string.fields);
        return;
      }
      pieces.push({ start: node.from, end: node.to, contentStart: node.from, contentEnd: node.to, raw: false, bytes: false, format: false, quote: '', closed: true, formatting: undefined, code: true });
      fields.push({ kind: 'code', start: node.from, end: node.to, expressionStart: node.from, expressionEnd: node.to, value: nodeAtOf(node) });
    };
    for (const value of values) leaf(value);
    const start = pieces[0]!.start;
    const end = pieces[pieces.length - 1]!.end;
    const joined: PythonString = { start, end, pieces, fields, joined: true, trimmed: false };
    return whole ? this.trimmed(joined, whole) : joined;
  }
}

/** Every run of `x = …` / `x += …` statements in `block` (a `Body` or the `Script`) worth joining. */
function runsIn(block: SyntaxNode, text: string): SyntaxNode[][] {
  const statements: SyntaxNode[] = [];
  for (let child = block.firstChild; child; child = child.nextSibling) statements.push(child);
  const runs: SyntaxNode[][] = [];
  for (let i = 0; i < statements.length; i++) {
    const first = assignmentOf(statements[i]!, text);
    if (!first) continue;
    const run = [statements[i]!];
    let j = i + 1;
    for (; j < statements.length; j++) {
      const next = assignmentOf(statements[j]!, text);
      if (next && next.name === first.name && next.append) {
        run.push(statements[j]!);
        continue;
      }
      // A statement that does not name `x` leaves the run going; one that does (or a new `x = …`) ends it.
      if (next?.name === first.name || mentions(statements[j]!, first.name, text)) break;
    }
    // One `x = "…"` alone is a plain string or chain, read as such where it stands.
    if (run.length > 1 || first.append) runs.push(run);
    i = j - 1;
  }
  return runs;
}

/** `x = value` (one plain target, an optional annotation) or `x += value`. */
function assignmentOf(statement: SyntaxNode, text: string): { name: string; value: SyntaxNode; append: boolean } | undefined {
  if (statement.name !== 'AssignStatement' && statement.name !== 'UpdateStatement') return undefined;
  const [target, ...rest] = childrenOf(statement);
  if (target?.name !== 'VariableName') return undefined;
  if (rest[0]?.name === 'TypeDef') rest.shift();
  const [operator, value, more] = rest;
  const op = operator ? text.slice(operator.from, operator.to) : '';
  if (statement.name === 'UpdateStatement' ? op !== '+=' : op !== '=') return undefined;
  // `x = y = "…"` and `x = a, b` are not one value for `x`.
  if (!value || more) return undefined;
  return { name: text.slice(target.from, target.to), value, append: statement.name === 'UpdateStatement' };
}

/** The children of `node` that are code: comments left out (they may stand anywhere). */
function childrenOf(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name !== 'Comment') out.push(child);
  return out;
}

function mentions(node: SyntaxNode, name: string, text: string): boolean {
  const cursor = node.cursor();
  do {
    if (cursor.name === 'VariableName' && cursor.to - cursor.from === name.length && text.slice(cursor.from, cursor.to) === name) return true;
  } while (cursor.next() && cursor.from < node.to);
  return false;
}

function isPlus(binary: SyntaxNode, text: string): boolean {
  const operator = childNamed(binary, 'ArithOp');
  return operator !== null && operator.to - operator.from === 1 && text.charCodeAt(operator.from) === 0x2b; // +
}

/** The call `"<sep>".join(items)` the list or tuple `items` is the one argument of, the separator white space only. */
function joinCallOf(items: SyntaxNode, text: string): SyntaxNode | undefined {
  const args = items.parent;
  const call = args?.parent;
  if (args?.name !== 'ArgList' || call?.name !== 'CallExpression') return undefined;
  return joinedItemsOf(call, text)?.list.from === items.from ? call : undefined;
}

/** The items joined by `call` when it is `"<sep>".join([…])` or `"<sep>".join((…))`, the separator white space only. */
function joinedItemsOf(call: SyntaxNode, text: string): { list: SyntaxNode; items: SyntaxNode[] } | undefined {
  const [callee, args] = childrenOf(call);
  if (callee?.name !== 'MemberExpression' || args?.name !== 'ArgList') return undefined;
  const [separator, dot, property] = childrenOf(callee);
  if (separator?.name !== 'String' || dot?.name !== '.' || !property || text.slice(property.from, property.to) !== 'join' || !isBlankLiteral(text.slice(separator.from, separator.to))) return undefined;
  const [open, list, close] = childrenOf(args);
  if (open?.name !== '(' || close?.name !== ')' || (list?.name !== 'ArrayExpression' && list?.name !== 'TupleExpression')) return undefined;
  return { list, items: childrenOf(list).filter((item) => !PUNCTUATION.has(item.name)) };
}

const PUNCTUATION = new Set(['[', ']', '(', ')', ',']);

/** `''`, `""`, `" "`, `"\n"`: a literal (`r`/`u` prefix allowed) of white space, written or escaped. */
function isBlankLiteral(quoted: string): boolean {
  let at = 0;
  const prefix = quoted.charCodeAt(0) | 0x20;
  if (prefix === 0x72 || prefix === 0x75) at = 1; // r, u
  const quote = quoted[at];
  if ((quote !== '"' && quote !== "'") || quoted.length < at + 2 || quoted[quoted.length - 1] !== quote) return false;
  const raw = at === 1 && (quoted.charCodeAt(0) | 0x20) === 0x72;
  for (let i = at + 1; i < quoted.length - 1; i++) {
    const c = quoted[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (c === '\\' && !raw && 'nrt'.includes(quoted[i + 1] ?? 'x') && i + 1 < quoted.length - 1) {
      i++;
      continue;
    }
    return false;
  }
  return true;
}

/** The literal a piece is, through `%` or `.format(…)` applied to it; undefined when the piece is code. */
function formattedLiteral(node: SyntaxNode, text: string): SyntaxNode | undefined {
  if (STRING_NODES.has(node.name)) return node;
  // `"<Say>%s</Say>" % msg`
  if (node.name === 'BinaryExpression') {
    const left = node.firstChild;
    const operator = left?.nextSibling;
    if (left && STRING_NODES.has(left.name) && operator?.name === 'ArithOp' && text.slice(operator.from, operator.to) === '%') return left;
  }
  // `"<Say>{}</Say>".format(msg)`
  if (node.name === 'CallExpression') {
    const callee = node.firstChild;
    const object = callee?.firstChild;
    const property = childNamed(callee, 'PropertyName');
    if (callee?.name === 'MemberExpression' && object && STRING_NODES.has(object.name) && property && text.slice(property.from, property.to) === 'format') return object;
  }
  return undefined;
}

/** The expression a string literal stands in as a piece: the `%` or `.format(…)` around it, or itself. */
function formattedAround(node: SyntaxNode, text: string): SyntaxNode {
  const parent = node.parent;
  if (parent?.name === 'BinaryExpression' && formattedLiteral(parent, text)?.from === node.from) return parent;
  const call = parent?.name === 'MemberExpression' ? parent.parent : undefined;
  if (call?.name === 'CallExpression' && formattedLiteral(call, text)?.from === node.from) return call;
  return node;
}

/** Is `.strip()` or `.lstrip()` called on `node` (through parentheses)? */
function isStripped(node: SyntaxNode, text: string): boolean {
  let at = node;
  while (at.parent?.name === 'ParenthesizedExpression') at = at.parent;
  const member = at.parent;
  if (member?.name !== 'MemberExpression' || member.firstChild?.from !== at.from) return false;
  const property = childNamed(member, 'PropertyName');
  const name = property ? text.slice(property.from, property.to) : '';
  const call = member.parent;
  return (name === 'strip' || name === 'lstrip') && call?.name === 'CallExpression' && childNamed(call, 'ArgList')?.to === (childNamed(call, 'ArgList')?.from ?? 0) + 2;
}
