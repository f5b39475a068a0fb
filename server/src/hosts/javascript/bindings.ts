/**
 * The names a JS/TS file binds, with where each binding is visible: enough to tell whether `${BASE}` is a
 * `const` bound to a literal (the injection rule trusts those). Two producers with one result:
 *
 * - `tapeBindings`: from the tokens the template scan left (`TokenTape`), without scanning again. Tokens do
 *   not give exact scopes, so every estimate errs on the safe side: a binding's scope is never smaller than
 *   the real one,
 *   and anything that might bind a name (parameters, destructuring, `var` hoisting, imports) counts. A name
 *   declared both as `const X = '…'` and, say, as a parameter in a nested function is then "not known",
 *   which can only cost a needless warning, never hide a real one.
 * - `parseBindings`: from a parsed source file, exact scopes (JSX files, and when the scanner is unsure).
 */
import type * as TS from 'typescript';
import { typescript } from './typescript';
import { identifierText, type TokenTape } from './templates';
import { deltaOf, type TextChange } from '../../document/change';

export interface Binding {
  /** Where the binding is visible: `[scopeStart, scopeEnd)`. */
  scopeStart: number;
  scopeEnd: number;
  /** For `const NAME = <initializer>`: the initializer's range in the file. */
  init?: { start: number; end: number };
}

export interface BindingTable {
  byName: Map<string, Binding[]>;
  /** Where a top-level helper can be inserted: after the last top-level import, else after a shebang and directives. */
  helperOffset: number;
}

/**
 * The binding of `name` that is visible at `offset`: the innermost one. `'unclear'` when two bindings share
 * the innermost scope (a redeclaration, or token estimates that cannot be told apart).
 */
export function resolve(table: BindingTable, name: string, offset: number): Binding | 'unclear' | undefined {
  const bindings = table.byName.get(name);
  if (!bindings) return undefined;
  let best: Binding | undefined;
  let tie = false;
  for (const binding of bindings) {
    if (offset < binding.scopeStart || offset >= binding.scopeEnd) continue;
    if (!best || binding.scopeStart > best.scopeStart) {
      best = binding;
      tie = false;
    } else if (binding.scopeStart === best.scopeStart) {
      tie = true;
    }
  }
  return tie ? 'unclear' : best;
}

/**
 * `table` after `change`, made within the text of a template: no binding came or went, each one only moved.
 * Every offset of a table is at a token's edge, never inside a template's text, so the ones at or after the
 * changed range move by what the change added.
 */
export function moveBindings(table: BindingTable, change: TextChange): BindingTable {
  const delta = deltaOf(change);
  const move = (offset: number): number => (offset >= change.end ? offset + delta : offset);
  const byName = new Map<string, Binding[]>();
  for (const [name, bindings] of table.byName) {
    byName.set(
      name,
      bindings.map((b) => ({ scopeStart: move(b.scopeStart), scopeEnd: move(b.scopeEnd), init: b.init && { start: move(b.init.start), end: move(b.init.end) } })),
    );
  }
  return { byName, helperOffset: move(table.helperOffset) };
}

/** Keywords whose `( … )` is a condition or an operand, not a parameter list. */
const CONDITION_KEYWORDS: readonly string[] = ['IfKeyword', 'WhileKeyword', 'ForKeyword', 'SwitchKeyword', 'WithKeyword', 'ReturnKeyword', 'TypeOfKeyword', 'AwaitKeyword', 'YieldKeyword', 'VoidKeyword', 'DeleteKeyword', 'NewKeyword', 'InKeyword', 'OfKeyword', 'CaseKeyword'];

/**
 * Bindings from the tokens of a scan. The tape has every significant token as the scan read it (template
 * parts and regular expressions already told apart), so this is one loop over integers.
 */
export function tapeBindings(text: string, tape: TokenTape): BindingTable {
  const ts = typescript();
  const K = ts.SyntaxKind;
  const conditions = new Set<number>(CONDITION_KEYWORDS.map((name) => K[name as keyof typeof K] as number));
  const { kinds, starts, ends, breaks } = tape;
  const count = tape.length;
  const byName = new Map<string, Binding[]>();
  // Brace blocks and `${…}`, the open ones on a stack of their starts and numbers (the file is block 0): a
  // block-scoped binding's scope ends where its block closes (`frameEnds`, by block number, set at the end).
  // Numbers, not an object per block and per binding waiting for its block's end: a file of some hundred
  // handlers has thousands of blocks, and this runs at every open.
  const frameStarts: number[] = [0];
  const frameNumbers: number[] = [0];
  const frameEnds: number[] = [text.length];
  const pending: Binding[] = [];
  const pendingFrames: number[] = [];
  const open = (start: number): void => {
    frameStarts.push(start);
    frameNumbers.push(frameEnds.length);
    frameEnds.push(text.length);
  };
  const close = (end: number): void => {
    frameStarts.pop();
    frameEnds[frameNumbers.pop()!] = end;
  };
  const parens: number[] = []; // token index of each open `(`
  let depth = 0; // ( [ { and ${ nesting, for declaration lists and initializers
  let helperOffset = directivesEnd(text);
  // A parameter list whose `)` was just passed (the token indexes of its parentheses, or -1): bound once the
  // body's `{` (if that follows) is open.
  let parametersOpen = -1;
  let parametersClose = -1;
  // The declaration being read after `const` / `let` / `var`.
  let declaration: { kind: 'const' | 'let' | 'var'; depth: number; pattern: number; expectName: boolean } | undefined;
  // The initializer of `const NAME =` being read.
  let initializer: { binding: Binding; depth: number; start: number; lastEnd: number } | undefined;
  let importing = false;

  const nameAt = (i: number): string => identifierText(text, starts[i]!, ends[i]!);
  const bind = (name: string, scope: 'block' | 'function' | 'file' | 'parameter', from = 0): Binding => {
    const top = frameStarts.length - 1;
    // `block`: the enclosing block; `function` (var, function declarations: hoisted, and a scanner cannot
    // tell function bodies from other blocks): from the block to the end of the file; `parameter`: from the
    // parameter list to the end of the block around it (or of the body just opened).
    const binding: Binding = { scopeStart: scope === 'file' ? 0 : scope === 'parameter' ? from : frameStarts[top]!, scopeEnd: text.length };
    if (scope === 'block' || scope === 'parameter') {
      pending.push(binding);
      pendingFrames.push(frameNumbers[top]!);
    }
    let list = byName.get(name);
    if (!list) byName.set(name, (list = []));
    list.push(binding);
    return binding;
  };

  for (let i = 0; i < count; i++) {
    const token = kinds[i]!;
    const start = starts[i]!;
    const previous = i > 0 ? kinds[i - 1]! : K.Unknown;

    if (initializer && initializer.start >= 0) {
      // The initializer ends at `,` / `;` at its own depth, where its enclosing bracket closes, or where a
      // line break is followed by a token that cannot continue an expression (automatic semicolon).
      const closing = token === K.CloseParenToken || token === K.CloseBracketToken || token === K.CloseBraceToken || token === K.TemplateMiddle || token === K.TemplateTail;
      const ends_ =
        (closing && depth <= initializer.depth) ||
        (depth === initializer.depth && (token === K.CommaToken || token === K.SemicolonToken)) ||
        (depth === initializer.depth && breaks[i] === 1 && startsStatement(ts, token) && initializer.lastEnd > initializer.start);
      if (ends_) {
        initializer.binding.init = { start: initializer.start, end: initializer.lastEnd };
        initializer = undefined;
      }
    }

    switch (token) {
      case K.TemplateHead:
      case K.OpenBraceToken:
        open(start);
        depth++;
        break;
      case K.TemplateMiddle:
        if (frameStarts.length > 1) close(start + 1);
        open(start);
        break;
      case K.TemplateTail:
      case K.CloseBraceToken:
        if (frameStarts.length > 1) {
          close(start + 1);
          depth--;
        }
        break;
      case K.OpenParenToken:
        parens.push(i);
        depth++;
        break;
      case K.OpenBracketToken:
        depth++;
        break;
      case K.CloseParenToken: {
        depth--;
        const opened = parens.pop();
        // A parameter list is recognized by what follows its `)`: `=>`, `{` of a function or method body,
        // or `:` of a return type. (`c ? f(x) : y` is taken for one too: counting a name too often only
        // errs on the safe side.)
        const next = i + 1 < count ? kinds[i + 1]! : K.Unknown;
        if (
          opened !== undefined &&
          (next === K.EqualsGreaterThanToken || next === K.ColonToken || (next === K.OpenBraceToken && !(opened > 0 && conditions.has(kinds[opened - 1]!))))
        ) {
          parametersOpen = opened;
          parametersClose = i;
        }
        break;
      }
      case K.CloseBracketToken:
        depth--;
        break;
    }

    if (parametersOpen >= 0 && parametersClose < i) {
      for (let j = parametersOpen + 1; j < parametersClose; j++) {
        // Every name in the list counts (types too: counting too many is safe), except what follows `=` (a
        // default value, `(url = BASE) =>`) or `.`: those are uses, never bindings.
        const before = kinds[j - 1];
        if (kinds[j] === K.Identifier && before !== K.EqualsToken && before !== K.DotToken && before !== K.QuestionDotToken) {
          bind(nameAt(j), 'parameter', starts[parametersOpen]!);
        }
      }
      parametersOpen = parametersClose = -1;
    }
    if (token === K.EqualsGreaterThanToken && previous === K.Identifier) bind(nameAt(i - 1), 'parameter', start); // `x => …`

    if (declaration) {
      if (token === K.Identifier && declaration.expectName) {
        const binding = bind(nameAt(i), declaration.kind === 'var' ? 'function' : 'block');
        if (declaration.pattern === 0) {
          declaration.expectName = false;
          if (declaration.kind === 'const') initializer = { binding, depth: -1, start: -1, lastEnd: -1 };
        }
        // Inside a pattern every name counts (also the keys of `{ key: name }`: too many errs on the safe side).
      } else if ((token === K.OpenBraceToken || token === K.OpenBracketToken) && declaration.expectName) {
        declaration.pattern++;
      } else if ((token === K.CloseBraceToken || token === K.CloseBracketToken) && declaration.pattern > 0) {
        if (--declaration.pattern === 0) declaration.expectName = false;
      } else if (token === K.EqualsToken && declaration.pattern === 0 && depth === declaration.depth) {
        if (initializer && initializer.start < 0) {
          initializer.start = ends[i]!;
          initializer.lastEnd = ends[i]!;
          initializer.depth = depth;
        }
      } else if (token === K.CommaToken && depth === declaration.depth && declaration.pattern === 0) {
        declaration.expectName = true;
      } else if (depth < declaration.depth || (depth === declaration.depth && token === K.SemicolonToken)) {
        declaration = undefined;
      }
    }

    if (token === K.ConstKeyword || token === K.VarKeyword || (token === K.LetKeyword && isDeclarationStart(ts, i + 1 < count ? kinds[i + 1]! : K.Unknown))) {
      declaration = { kind: token === K.ConstKeyword ? 'const' : token === K.LetKeyword ? 'let' : 'var', depth, pattern: 0, expectName: true };
      initializer = undefined;
    } else if (token === K.Identifier && (previous === K.FunctionKeyword || (previous === K.AsteriskToken && i > 1 && kinds[i - 2] === K.FunctionKeyword))) {
      bind(nameAt(i), 'function');
    } else if (token === K.Identifier && (previous === K.ClassKeyword || previous === K.EnumKeyword)) {
      bind(nameAt(i), 'block');
    } else if (token === K.ImportKeyword && depth === 0 && previous !== K.DotToken) {
      const next = i + 1 < count ? kinds[i + 1]! : K.Unknown;
      importing = next !== K.OpenParenToken && next !== K.DotToken; // not `import(…)` nor `import.meta`
    } else if (importing) {
      if (token === K.Identifier) bind(nameAt(i), 'file');
      else if (token === K.StringLiteral || token === K.SemicolonToken) {
        importing = false;
        helperOffset = ends[i]!;
        if (token === K.StringLiteral && i + 1 < count && kinds[i + 1] === K.SemicolonToken && breaks[i + 1] === 0) helperOffset = ends[i + 1]!;
      }
    } else if (i === 0 && token === K.StringLiteral) {
      // A directive prologue (`'use strict';`) must stay first.
      helperOffset = i + 1 < count && kinds[i + 1] === K.SemicolonToken ? ends[i + 1]! : ends[i]!;
    }

    if (initializer && initializer.start >= 0 && ends[i]! > initializer.start) initializer.lastEnd = ends[i]!;
  }
  if (initializer && initializer.start >= 0) initializer.binding.init = { start: initializer.start, end: initializer.lastEnd };
  for (let k = 0; k < pending.length; k++) pending[k]!.scopeEnd = frameEnds[pendingFrames[k]!]!;
  return { byName, helperOffset };
}

/** `let` is also an identifier (`let = 1`, `let[0]`): a declaration when a name or pattern follows. */
function isDeclarationStart(ts: typeof TS, next: TS.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  return next === K.Identifier || next === K.OpenBraceToken || next === K.OpenBracketToken || (next > K.LastReservedWord && next <= K.LastKeyword);
}

/** Tokens that, after a line break, start a new statement rather than continue an expression. */
function startsStatement(ts: typeof TS, token: TS.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  switch (token) {
    case K.Identifier:
    case K.StringLiteral:
    case K.NumericLiteral:
    case K.OpenBraceToken:
    case K.PlusPlusToken:
    case K.MinusMinusToken:
    case K.ExclamationToken:
    case K.AtToken:
      return true;
    case K.InKeyword:
    case K.InstanceOfKeyword:
    case K.AsKeyword:
    case K.SatisfiesKeyword:
      return false;
  }
  return token >= K.FirstKeyword && token <= K.LastKeyword;
}

/** After a shebang line and a directive prologue (`'use strict';`): where code may be inserted at the top. */
function directivesEnd(text: string): number {
  if (!text.startsWith('#!')) return 0;
  const newline = text.indexOf('\n');
  return newline < 0 ? text.length : newline + 1;
}

/** Bindings from a parsed file: exact scopes. */
export function parseBindings(file: TS.SourceFile): BindingTable {
  const ts = typescript();
  const byName = new Map<string, Binding[]>();
  const text = file.text;
  const add = (name: string, scope: TS.Node, init?: TS.Expression): void => {
    let list = byName.get(name);
    if (!list) byName.set(name, (list = []));
    list.push({
      scopeStart: scope.kind === ts.SyntaxKind.SourceFile ? 0 : scope.pos,
      scopeEnd: scope.kind === ts.SyntaxKind.SourceFile ? text.length : scope.end,
      init: init ? { start: init.getStart(file), end: init.end } : undefined,
    });
  };
  const names = (name: TS.BindingName, scope: TS.Node, init?: TS.Expression): void => {
    if (ts.isIdentifier(name)) add(name.text, scope, init);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) names(element.name, scope);
  };
  const visit = (node: TS.Node, block: TS.Node, fn: TS.Node): void => {
    if (ts.isVariableDeclarationList(node)) {
      const blockScoped = (node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const | ts.NodeFlags.Using)) !== 0;
      const isConst = (node.flags & ts.NodeFlags.BlockScoped) === ts.NodeFlags.Const;
      for (const declaration of node.declarations) {
        names(declaration.name, blockScoped ? block : fn, isConst && ts.isIdentifier(declaration.name) ? declaration.initializer : undefined);
      }
    } else if (ts.isFunctionDeclaration(node) && node.name) {
      add(node.name.text, block);
    } else if ((ts.isClassDeclaration(node) || ts.isEnumDeclaration(node)) && node.name) {
      add(node.name.text, block);
    } else if (ts.isImportClause(node) || ts.isNamespaceImport(node) || ts.isImportSpecifier(node) || ts.isImportEqualsDeclaration(node)) {
      if (node.name) add(node.name.text, file);
    } else if (ts.isParameter(node)) {
      names(node.name, fn);
    } else if (ts.isCatchClause(node) && node.variableDeclaration) {
      names(node.variableDeclaration.name, node);
    }
    const isFunction = ts.isFunctionLike(node);
    const isBlock = isFunction || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseBlock(node) || ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node) || ts.isClassLike(node);
    ts.forEachChild(node, (child) => visit(child, isBlock ? node : block, isFunction ? node : fn));
  };
  visit(file, file, file);

  let helperOffset = directivesEnd(text);
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) helperOffset = statement.end;
    else if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression) && helperOffset === directivesEnd(text)) {
      // A directive prologue (`'use strict';`) must stay first.
      helperOffset = statement.end;
    }
  }
  return { byName, helperOffset };
}
