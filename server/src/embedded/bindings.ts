/**
 * The names a JS/TS file binds, with where each binding is visible: enough to tell whether `${BASE}` is a
 * `const` bound to a literal (the injection rule trusts those). Two producers with one result:
 *
 * - `scanBindings`: from `ts.createScanner` tokens, as fast as the template scan. Tokens do not give exact
 *   scopes, so every estimate errs on the safe side: a binding's scope is never smaller than the real one,
 *   and anything that might bind a name (parameters, destructuring, `var` hoisting, imports) counts. A name
 *   declared both as `const X = '…'` and, say, as a parameter in a nested function is then "not known",
 *   which can only cost a needless warning, never hide a real one.
 * - `parseBindings`: from a parsed source file, exact scopes (JSX files, and when the scanner is unsure).
 */
import type * as TS from 'typescript';
import { typescript } from './typescript';
import { regexMayStartAfter } from './templates';

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

/** A brace block: its bindings' scope ends where it closes (filled in then). */
interface Frame {
  start: number;
  end: number;
  template: boolean;
}

/** A parenthesized group: the identifiers inside it and the tokens before its `(`. */
interface Group {
  start: number;
  identifiersFrom: number;
  before: TS.SyntaxKind;
}

/** Keywords whose `( … )` is a condition, not a parameter list. */
const CONDITION_KEYWORDS = new Set<string>(['if', 'while', 'for', 'switch', 'with', 'return', 'typeof', 'await', 'yield', 'void', 'delete', 'new', 'in', 'of', 'case']);

/** Bindings from tokens. Returns undefined when the scanner is unsure of the text (the caller parses). */
export function scanBindings(text: string): BindingTable | undefined {
  const ts = typescript();
  const K = ts.SyntaxKind;
  let untrusted = false;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text, (message) => {
    if (message.code === 1002 || message.code === 1161) untrusted = true;
  });
  const byName = new Map<string, Binding[]>();
  const file: Frame = { start: 0, end: text.length, template: false };
  const frames: Frame[] = [file];
  const groups: Group[] = [];
  /** Identifiers met inside parentheses, for parameter lists recognized at their `)`. */
  const identifiers: { name: string; at: number }[] = [];
  // Scopes are filled in when frames close; bindings keep their frame until then.
  const pending: { binding: Binding; frame: Frame; from: 'frame' | 'rest' }[] = [];

  let previous: TS.SyntaxKind = K.Unknown;
  let previousText = '';
  let beforePrevious: TS.SyntaxKind = K.Unknown;
  let closedGroup: { group: Group; to: number } | undefined;
  let parameters: { group: Group; to: number } | undefined;
  let helperOffset = directivesEnd(text);
  let depth = 0; // ( [ { and ${ nesting, for declaration lists

  // The declaration being read after `const` / `let` / `var`.
  let declaration: { kind: 'const' | 'let' | 'var'; depth: number; pattern: number; expectName: boolean } | undefined;
  // The initializer of `const NAME =` being read.
  let initializer: { binding: Binding; depth: number; start: number; lastEnd: number } | undefined;
  // `import … from '…'` at the top level.
  let importing = false;

  const bind = (name: string, at: number, scope: 'block' | 'function' | 'file' | 'parameter', init?: Binding['init']): Binding => {
    const frame = frames[frames.length - 1]!;
    const binding: Binding = { scopeStart: scope === 'file' ? 0 : scope === 'parameter' ? at : frame.start, scopeEnd: text.length, init };
    if (scope === 'block' || scope === 'parameter') pending.push({ binding, frame, from: 'frame' });
    let list = byName.get(name);
    if (!list) byName.set(name, (list = []));
    list.push(binding);
    return binding;
  };

  for (let token = scanner.scan(); token !== K.EndOfFileToken; token = scanner.scan()) {
    const start = scanner.getTokenStart();
    if (closedGroup) {
      // A parameter list is recognized by what follows its `)`: `=>`, `{` of a function or method body, or
      // `:` of a return type. (`c ? f(x) : y` is taken for one too: counting a name too often only errs
      // on the safe side.)
      const isParameters =
        token === K.EqualsGreaterThanToken ||
        token === K.ColonToken ||
        (token === K.OpenBraceToken && !CONDITION_KEYWORDS.has(ts.tokenToString(closedGroup.group.before) ?? ''));
      parameters = isParameters ? closedGroup : undefined;
      closedGroup = undefined;
    }
    switch (token) {
      case K.SlashToken:
      case K.SlashEqualsToken:
        if (regexMayStartAfter(ts, previous, beforePrevious)) token = scanner.reScanSlashToken();
        break;
      case K.TemplateHead:
        frames.push({ start, end: text.length, template: true });
        depth++;
        break;
      case K.OpenBraceToken:
        frames.push({ start, end: text.length, template: false });
        depth++;
        break;
      case K.CloseBraceToken: {
        const frame = frames.length > 1 ? frames.pop()! : undefined;
        if (frame) {
          frame.end = start + 1;
          depth--;
        }
        if (frame?.template) {
          token = scanner.reScanTemplateToken(false);
          if (token === K.TemplateMiddle) {
            frames.push({ start, end: text.length, template: true });
            depth++;
          }
        }
        break;
      }
      case K.OpenParenToken:
      case K.OpenBracketToken:
        if (token === K.OpenParenToken) groups.push({ start, identifiersFrom: identifiers.length, before: previous });
        depth++;
        break;
      case K.CloseParenToken:
      case K.CloseBracketToken:
        depth--;
        if (token === K.CloseParenToken) {
          const group = groups.pop();
          if (group) closedGroup = { group, to: identifiers.length };
        }
        break;
    }

    if (parameters) {
      // Bound once the body's `{` (if that is what follows) is the innermost frame: from the `(` to the end
      // of the body, or of the block around an arrow function, is at least the real scope.
      for (let i = parameters.group.identifiersFrom; i < parameters.to; i++) bind(identifiers[i]!.name, parameters.group.start, 'parameter');
      parameters = undefined;
    }
    if (token === K.EqualsGreaterThanToken && previous === K.Identifier) bind(previousText, start, 'parameter'); // `x => …`

    if (initializer) {
      // The initializer ends at `,` / `;` at its own depth, where its enclosing bracket closes, or where a
      // line break is followed by a token that cannot continue an expression (automatic semicolon).
      const ends =
        depth < initializer.depth ||
        (depth === initializer.depth && (token === K.CommaToken || token === K.SemicolonToken)) ||
        (depth === initializer.depth && scanner.hasPrecedingLineBreak() && startsStatement(ts, token) && initializer.lastEnd > initializer.start);
      if (ends) {
        initializer.binding.init = { start: initializer.start, end: initializer.lastEnd };
        initializer = undefined;
      }
    }

    if (declaration) {
      if (token === K.Identifier && declaration.expectName) {
        const name = scanner.getTokenValue();
        if (declaration.pattern > 0) {
          bind(name, start, declaration.kind === 'var' ? 'function' : 'block');
        } else {
          const binding = bind(name, start, declaration.kind === 'var' ? 'function' : 'block');
          declaration.expectName = false;
          if (declaration.kind === 'const') initializer = { binding, depth: -1, start: -1, lastEnd: -1 };
        }
      } else if ((token === K.OpenBraceToken || token === K.OpenBracketToken) && declaration.expectName) {
        declaration.pattern++;
      } else if ((token === K.CloseBraceToken || token === K.CloseBracketToken) && declaration.pattern > 0) {
        declaration.pattern--;
        if (declaration.pattern === 0) declaration.expectName = false;
      } else if (token === K.EqualsToken && declaration.pattern === 0) {
        if (initializer && initializer.start < 0) {
          initializer.start = scanner.getTokenEnd();
          initializer.depth = depth;
        } else {
          initializer = undefined;
        }
      } else if (token === K.CommaToken && depth === declaration.depth && declaration.pattern === 0) {
        declaration.expectName = true;
      } else if (depth < declaration.depth || (depth === declaration.depth && token === K.SemicolonToken)) {
        declaration = undefined;
      }
      // Names inside patterns after `:` (renames) and defaults are over-counted, which errs on the safe side.
    }

    if (token === K.ConstKeyword || token === K.LetKeyword || token === K.VarKeyword) {
      if (token !== K.LetKeyword || isDeclarationStart(scanner)) {
        declaration = { kind: token === K.ConstKeyword ? 'const' : token === K.LetKeyword ? 'let' : 'var', depth, pattern: 0, expectName: true };
        initializer = undefined;
      }
    } else if ((previous === K.FunctionKeyword || (previous === K.AsteriskToken && beforePrevious === K.FunctionKeyword)) && token === K.Identifier) {
      bind(scanner.getTokenValue(), start, 'function');
    } else if ((previous === K.ClassKeyword || previous === K.EnumKeyword) && token === K.Identifier) {
      bind(scanner.getTokenValue(), start, 'block');
    } else if (token === K.ImportKeyword && depth === 0 && previous !== K.DotToken) {
      importing = true;
    }

    if (importing) {
      if (token === K.Identifier) bind(scanner.getTokenValue(), start, 'file');
      if (token === K.OpenParenToken || token === K.DotToken) importing = false; // `import(…)`, `import.meta`
      else if (token === K.StringLiteral || token === K.SemicolonToken) {
        importing = false;
        helperOffset = scanner.getTokenEnd();
        if (text.charCodeAt(helperOffset) === 0x3b) helperOffset++;
      }
    }

    if (token === K.StringLiteral && previous === K.Unknown) {
      // A directive prologue (`'use strict';`) must stay first.
      helperOffset = scanner.getTokenEnd();
      if (text.charCodeAt(helperOffset) === 0x3b) helperOffset++;
    }
    if (token === K.Identifier && groups.length > 0) identifiers.push({ name: scanner.getTokenValue(), at: start });
    if (initializer && initializer.start >= 0) initializer.lastEnd = scanner.getTokenEnd();
    beforePrevious = previous;
    previous = token;
    previousText = token === K.Identifier ? scanner.getTokenValue() : '';
  }
  if (untrusted) return undefined;
  if (initializer && initializer.start >= 0) initializer.binding.init = { start: initializer.start, end: initializer.lastEnd };
  for (const { binding, frame } of pending) binding.scopeEnd = frame.end;
  return { byName, helperOffset };

}

/** `let` is also an identifier (`let = 1`, `let[0]`): a declaration when a name or pattern follows. */
function isDeclarationStart(scanner: TS.Scanner): boolean {
  const K = typescript().SyntaxKind;
  return scanner.lookAhead(() => {
    const next = scanner.scan();
    return next === K.Identifier || next === K.OpenBraceToken || next === K.OpenBracketToken || (next > K.LastReservedWord && next <= K.LastKeyword);
  });
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
