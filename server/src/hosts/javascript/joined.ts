/**
 * VoiceML in strings joined from pieces, and in plain string literals: the other ways JS/TS code writes a
 * response besides one template literal.
 *
 * - a string literal: `res.send('<Response><Say>hi</Say></Response>')`;
 * - a `+` chain of string literals, templates and expressions: `'<Say>' + msg + '</Say>'`;
 * - a straight run of `x = '…'` / `x += '…'` statements in one block: `twiml += '<Dial …>…</Dial>'`
 *   (statements between them that do not name `x` are left out);
 * - `[…].join('')` (or any separator of white space only) of such pieces.
 *
 * Each is one region: its pieces' texts at their places, each expression a substitution, and what stands
 * between the pieces (quotes, `+`, `;`, `x +=`, commas, comments) a seam of white space. `.trim()` or
 * `.trimStart()` applied to it drops the white space before its first tag (`<?xml` may come first).
 * Read from the parsed file, which is made only when a string literal holds a VoiceML tag or a template is
 * joined to something.
 */
import type * as TS from 'typescript';
import { kindTable, typescript } from './typescript';
import type { TemplateLiteral } from './templates';

/** One piece of a joined string. */
export type JoinedPiece =
  | { kind: 'string'; start: number; end: number; contentStart: number; contentEnd: number; quote: '"' | "'" }
  | { kind: 'template'; template: TemplateLiteral }
  | { kind: 'code'; start: number; end: number };

export interface Joined {
  /** At least one, in order; a template piece is not also a region of its own. */
  pieces: JoinedPiece[];
  /** `.trim()` / `.trimStart()` drops the white space before the first tag. */
  trimmed: boolean;
}

/** Where a piece's text starts and ends in the file (a literal's content; an expression whole). */
export function pieceRange(piece: JoinedPiece): { start: number; end: number } {
  switch (piece.kind) {
    case 'string':
      return { start: piece.contentStart, end: piece.contentEnd };
    case 'template':
      return { start: piece.template.contentStart, end: piece.template.contentEnd };
    case 'code':
      return { start: piece.start, end: piece.end };
  }
}

/** What `findJoined` looks at a node of a kind for (`joinRoles`); 0: only what is under it. */
const SKIPPED = 1;
const STATEMENTS = 2;
const JOINED = 3;

/** By syntax kind: module declarations (skipped), lists of statements (runs of `x +=`), joins and strings. */
const joinRoles = kindTable((table, ts) => {
  const K = ts.SyntaxKind;
  for (const kind of [K.ImportDeclaration, K.ExportDeclaration]) table[kind] = SKIPPED;
  for (const kind of [K.SourceFile, K.Block, K.ModuleBlock, K.CaseClause, K.DefaultClause]) table[kind] = STATEMENTS;
  for (const kind of [K.BinaryExpression, K.CallExpression, K.StringLiteral, K.NoSubstitutionTemplateLiteral, K.TemplateExpression]) table[kind] = JOINED;
});

/**
 * Every joined string and every plain string literal of the file that may hold VoiceML (a string or template
 * piece mentions it: `mentions(start, end)` over a piece's source), in order of their start. `templates`:
 * the file's template literals, by start, to use as pieces.
 */
export function findJoined(file: TS.SourceFile, templates: ReadonlyMap<number, TemplateLiteral>, mentions: (start: number, end: number) => boolean): Joined[] {
  const ts = typescript();
  const K = ts.SyntaxKind;
  const text = file.text;
  const found: Joined[] = [];
  /** Expressions already read as part of a run of statements or a chain. */
  const consumed = new Set<TS.Node>();

  const leaves = (node: TS.Expression, out: JoinedPiece[]): void => {
    consumed.add(node);
    if (ts.isParenthesizedExpression(node)) return leaves(node.expression, out);
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.PlusToken) {
      leaves(node.left, out);
      leaves(node.right, out);
      return;
    }
    out.push(pieceOf(node));
  };
  const pieceOf = (node: TS.Expression): JoinedPiece => {
    const start = node.getStart(file);
    if (ts.isStringLiteral(node)) {
      const closed = text.charCodeAt(node.end - 1) === text.charCodeAt(start) && node.end - start >= 2;
      return { kind: 'string', start, end: node.end, contentStart: start + 1, contentEnd: closed ? node.end - 1 : node.end, quote: text[start] === "'" ? "'" : '"' };
    }
    const template = ts.isTemplateLiteral(node) ? templates.get(start) : undefined;
    if (template) return { kind: 'template', template };
    return { kind: 'code', start, end: node.end };
  };
  const holdsVoiceML = (pieces: readonly JoinedPiece[]): boolean =>
    pieces.some((p) => p.kind !== 'code' && mentions(pieceRange(p).start, pieceRange(p).end));
  /** Strings and chains that `.trim()` or `.trimStart()` is called on (noted at the call, before its parts are visited). */
  const trimmed = new Set<TS.Node>();
  const trimmedAt = (node: TS.Node): boolean => trimmed.has(node);
  const add = (pieces: JoinedPiece[], trimmed: boolean): void => {
    if (pieces.length > 0 && holdsVoiceML(pieces)) found.push({ pieces, trimmed });
  };

  /** Runs of `x = …` / `x += …` statements in one list of statements. */
  const runs = (statements: TS.NodeArray<TS.Statement>): void => {
    for (let i = 0; i < statements.length; i++) {
      const first = assignmentOf(statements[i]!);
      if (!first) continue;
      const values = [first.value];
      let j = i + 1;
      for (; j < statements.length; j++) {
        const next = assignmentOf(statements[j]!);
        if (next && next.name === first.name && next.append) {
          values.push(next.value);
          continue;
        }
        // A statement that does not name `x` leaves the run going; one that does (or a new `x = …`) ends it.
        if (next?.name === first.name || mentionsName(statements[j]!, first.name)) break;
      }
      // One `x = '…'` alone is a plain string or chain, read as such where it stands.
      if (values.length === 1 && !first.append) continue;
      const pieces: JoinedPiece[] = [];
      for (const value of values) leaves(value, pieces);
      add(pieces, false);
      i = j - 1;
    }
  };
  const assignmentOf = (statement: TS.Statement): { name: string; value: TS.Expression; append: boolean } | undefined => {
    if (ts.isVariableStatement(statement)) {
      const declarations = statement.declarationList.declarations;
      const only = declarations.length === 1 ? declarations[0] : undefined;
      if (only && ts.isIdentifier(only.name) && only.initializer) return { name: only.name.text, value: only.initializer, append: false };
      return undefined;
    }
    if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) return undefined;
    const { left, operatorToken, right } = statement.expression;
    if (!ts.isIdentifier(left)) return undefined;
    if (operatorToken.kind === K.PlusEqualsToken) return { name: left.text, value: right, append: true };
    if (operatorToken.kind === K.EqualsToken) return { name: left.text, value: right, append: false };
    return undefined;
  };
  const mentionsName = (node: TS.Node, name: string): boolean => {
    let found = false;
    const visit = (n: TS.Node): void => {
      if (found) return;
      if (ts.isIdentifier(n) && n.text === name) found = true;
      else ts.forEachChild(n, visit);
    };
    visit(node);
    return found;
  };

  // What a node of a kind is looked at for (this walks every node of a JSX file): most kinds, only what is under it.
  const roles = joinRoles();
  const visit = (node: TS.Node): void => {
    const role = roles[node.kind]!;
    if (role === 0) {
      ts.forEachChild(node, visit);
      return;
    }
    // Module names are strings, never VoiceML.
    if (role === SKIPPED) return;
    if (ts.isCallExpression(node) && node.arguments.length === 0 && ts.isPropertyAccessExpression(node.expression) && (node.expression.name.text === 'trim' || node.expression.name.text === 'trimStart')) {
      let inner: TS.Expression = node.expression.expression;
      while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
      trimmed.add(inner);
    }
    if (role === STATEMENTS) runs((node as TS.Block).statements);
    if (role === JOINED && !consumed.has(node)) {
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.PlusToken) {
        const pieces: JoinedPiece[] = [];
        leaves(node, pieces);
        if (pieces.some((p) => p.kind !== 'code')) add(pieces, trimmedAt(node));
      } else if (ts.isCallExpression(node) && isJoinOfArray(node)) {
        const pieces: JoinedPiece[] = [];
        for (const element of ((node.expression as TS.PropertyAccessExpression).expression as TS.ArrayLiteralExpression).elements) leaves(element, pieces);
        add(pieces, trimmedAt(node));
      } else if (ts.isStringLiteral(node)) {
        add([pieceOf(node)], trimmedAt(node));
      } else if (ts.isTemplateLiteral(node) && trimmedAt(node)) {
        add([pieceOf(node)], true);
      }
    }
    ts.forEachChild(node, visit);
  };
  const isJoinOfArray = (call: TS.CallExpression): boolean => {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'join' || !ts.isArrayLiteralExpression(callee.expression)) return false;
    const [separator] = call.arguments;
    if (call.arguments.length !== 1 || !separator || !(ts.isStringLiteral(separator) || ts.isNoSubstitutionTemplateLiteral(separator))) return false;
    for (const c of separator.text) if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return false;
    return true;
  };
  visit(file);
  return found.sort((a, b) => pieceRange(a.pieces[0]!).start - pieceRange(b.pieces[0]!).start);
}
