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
import { kindTable, typescript } from './typescript';
import type { TokenTape } from './templates';
import { internSlice, occursAt } from '../../parser/intern';
import { deltaOf, type TextChange } from '../../document/change';
import type { SubstitutionValue } from '../../document/region';

export interface Binding {
  /** Where the binding is visible: `[scopeStart, scopeEnd)`. */
  scopeStart: number;
  scopeEnd: number;
  /** For `const NAME = <initializer>`: the initializer's range in the file. */
  init?: { start: number; end: number };
  /**
   * What the initializer holds, once worked out (`values.ts`), kept on the binding: the same `${BASE}` is in
   * most templates of a file. (Every binding is made with it, so all have one shape.)
   */
  initValue: SubstitutionValue | undefined;
}

export interface BindingTable {
  /** The bindings of `name`, in the order they are met in the file; undefined when nothing binds it. */
  bindingsOf(name: string): readonly Binding[] | undefined;
  /** Where a top-level helper can be inserted: after the last top-level import, else after a shebang and directives. */
  readonly helperOffset: number;
  /**
   * The table after `change`, made within the text of a template: no binding came or went, each one only
   * moved. Every offset of a table is at a token's edge, never inside a template's text, so the ones at or
   * after the changed range move by what the change added.
   */
  moved(change: TextChange): BindingTable;
}

/**
 * The binding of `name` that is visible at `offset`: the innermost one. `'unclear'` when two bindings share
 * the innermost scope (a redeclaration, or token estimates that cannot be told apart).
 */
export function resolve(table: BindingTable, name: string, offset: number): Binding | 'unclear' | undefined {
  const bindings = table.bindingsOf(name);
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

/** Offsets at or after the end of `change` moved by what it added. */
const mover = (change: TextChange): ((offset: number) => number) => {
  const delta = deltaOf(change);
  return (offset) => (offset >= change.end ? offset + delta : offset);
};

/** The bindings of a parsed file, by name. */
class NamedBindings implements BindingTable {
  constructor(
    private readonly byName: ReadonlyMap<string, readonly Binding[]>,
    readonly helperOffset: number,
  ) {}

  bindingsOf(name: string): readonly Binding[] | undefined {
    return this.byName.get(name);
  }

  moved(change: TextChange): BindingTable {
    const move = mover(change);
    const byName = new Map<string, Binding[]>();
    for (const [name, bindings] of this.byName) {
      byName.set(
        name,
        bindings.map((b) => ({ scopeStart: move(b.scopeStart), scopeEnd: move(b.scopeEnd), init: b.init && { start: move(b.init.start), end: move(b.init.end) }, initValue: undefined })),
      );
    }
    return new NamedBindings(byName, move(this.helperOffset));
  }
}

/**
 * The bindings found on a token tape, as records of numbers: where each name is written, its scope, its
 * initializer (-1: none). A file binds a thousand names per 100 KB (every parameter counts), and this is made
 * at every open, while the injection rule asks about a few of them (`${BASE}`, `${AGENT}`): a name's string and
 * its `Binding`s are made only when it is asked about, by comparing it with the records' names, and once many
 * names were asked about, from an index of them all.
 */
class TapeBindingTable implements BindingTable {
  private readonly asked = new Map<string, readonly Binding[] | undefined>();
  /** The records by name, made once `ASKED_BEFORE_INDEX` names were looked for record by record. */
  private index: Map<string, number[]> | undefined;

  constructor(
    /**
     * The text the names are written in: of the version the tape was read from (a moved table's records keep
     * the names' places in it: no name changed).
     */
    private readonly text: string,
    private readonly nameStarts: readonly number[],
    private readonly nameEnds: readonly number[],
    private readonly scopeStarts: readonly number[],
    private readonly scopeEnds: readonly number[],
    private readonly initStarts: readonly number[],
    private readonly initEnds: readonly number[],
    readonly helperOffset: number,
  ) {}

  bindingsOf(name: string): readonly Binding[] | undefined {
    if (this.asked.has(name)) return this.asked.get(name);
    const { text, nameStarts, nameEnds } = this;
    let found: Binding[] | undefined;
    if (this.asked.size >= ASKED_BEFORE_INDEX) {
      for (const k of this.indexed().get(name) ?? []) (found ??= []).push(this.binding(k));
    } else {
      // The lexer leaves names written with escapes to `typescript` (there is no tape then): a name is its text.
      for (let k = 0; k < nameStarts.length; k++) {
        if (nameEnds[k]! - nameStarts[k]! === name.length && occursAt(text, nameStarts[k]!, name)) (found ??= []).push(this.binding(k));
      }
    }
    this.asked.set(name, found);
    return found;
  }

  private binding(k: number): Binding {
    const init = this.initStarts[k]! >= 0 ? { start: this.initStarts[k]!, end: this.initEnds[k]! } : undefined;
    return { scopeStart: this.scopeStarts[k]!, scopeEnd: this.scopeEnds[k]!, init, initValue: undefined };
  }

  private indexed(): Map<string, number[]> {
    if (this.index) return this.index;
    const index = new Map<string, number[]>();
    for (let k = 0; k < this.nameStarts.length; k++) {
      const name = internSlice(this.text, this.nameStarts[k]!, this.nameEnds[k]!);
      const records = index.get(name);
      if (records) records.push(k);
      else index.set(name, [k]);
    }
    return (this.index = index);
  }

  moved(change: TextChange): BindingTable {
    const move = mover(change);
    const { initStarts, initEnds } = this;
    return new TapeBindingTable(
      this.text,
      this.nameStarts,
      this.nameEnds,
      this.scopeStarts.map(move),
      this.scopeEnds.map(move),
      initStarts.map((start) => (start < 0 ? start : move(start))),
      initEnds.map((end, k) => (initStarts[k]! < 0 ? end : move(end))),
      move(this.helperOffset),
    );
  }
}

/**
 * Names looked for record by record before the records are indexed by name: a few names cost less than an
 * index of a thousand, and a file whose templates name thousands of values costs no more than one index.
 */
const ASKED_BEFORE_INDEX = 16;

/** `table` after `change` (see `BindingTable.moved`). */
export function moveBindings(table: BindingTable, change: TextChange): BindingTable {
  return table.moved(change);
}

/** What `tapeBindings` is reading a declaration of. */
const NOT_DECLARING = 0;
const CONST = 1;
const LET = 2;
const VAR = 3;

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
  // The kinds as local constants: read from `ts.SyntaxKind` in the loop, each test of a kind would be a load
  // from a large object, which the loop's calls keep the compiler from hoisting (a tenth of the time).
  const {
    AsteriskToken,
    ClassKeyword,
    CloseBraceToken,
    CloseBracketToken,
    CloseParenToken,
    ColonToken,
    CommaToken,
    ConstKeyword,
    DotToken,
    EnumKeyword,
    EqualsGreaterThanToken,
    EqualsToken,
    FunctionKeyword,
    Identifier,
    ImportKeyword,
    LetKeyword,
    OpenBraceToken,
    OpenBracketToken,
    OpenParenToken,
    QuestionDotToken,
    SemicolonToken,
    StringLiteral,
    TemplateHead,
    TemplateMiddle,
    TemplateTail,
    Unknown,
    VarKeyword,
  } = K;
  const { kinds, starts, ends } = tape;
  const count = tape.length;
  // The bindings as records (see `TapeBindingTable`): where the name is written, the scope, the initializer.
  const nameStarts: number[] = [];
  const nameEnds: number[] = [];
  const scopeStarts: number[] = [];
  const scopeEnds: number[] = [];
  const initStarts: number[] = [];
  const initEnds: number[] = [];
  // Brace blocks and `${…}`, the open ones on a stack of their starts and numbers (the file is block 0): a
  // block-scoped binding's scope ends where its block closes (`frameEnds`, by block number, set at the end).
  // Numbers, not an object per block and per binding waiting for its block's end: a file of some hundred
  // handlers has thousands of blocks, and this runs at every open.
  const frameStarts: number[] = [0];
  const frameNumbers: number[] = [0];
  const frameEnds: number[] = [text.length];
  const pending: number[] = [];
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
  // The declaration being read after `const` / `let` / `var` (`declaring`: one of them, or none), at `depth`
  // `declarationDepth`, inside `pattern` brackets of a destructuring pattern. Plain variables, not an object:
  // this loop runs over every token of the file at every open.
  let declaring = NOT_DECLARING;
  let declarationDepth = 0;
  let pattern = 0;
  let expectName = false;
  // The initializer of `const NAME =`: its binding (a record, or -1) once the name is read, its start and depth
  // once its `=` is (`initStart` -1 until then), and the end of its last token so far.
  let initBinding = -1;
  let initDepth = -1;
  let initStart = -1;
  let initLastEnd = -1;
  let importing = false;

  /** Binds the name that token `i` is; its record. */
  const bind = (i: number, scope: 'block' | 'function' | 'file' | 'parameter', from = 0): number => {
    const top = frameStarts.length - 1;
    const binding = nameStarts.length;
    nameStarts.push(starts[i]!);
    nameEnds.push(ends[i]!);
    // `block`: the enclosing block; `function` (var, function declarations: hoisted, and a scanner cannot
    // tell function bodies from other blocks): from the block to the end of the file; `parameter`: from the
    // parameter list to the end of the block around it (or of the body just opened).
    scopeStarts.push(scope === 'file' ? 0 : scope === 'parameter' ? from : frameStarts[top]!);
    scopeEnds.push(text.length);
    initStarts.push(-1);
    initEnds.push(-1);
    if (scope === 'block' || scope === 'parameter') {
      pending.push(binding);
      pendingFrames.push(frameNumbers[top]!);
    }
    return binding;
  };
  const initialize = (binding: number, start: number, end: number): void => {
    initStarts[binding] = start;
    initEnds[binding] = end;
  };

  // The kinds of token that open or close something, start a declaration or an import, or end one, or name a
  // function, class or enum when they come before a name: every other token (names, dots, literals,
  // operators: most of a file) counts only inside a declaration, an initializer, an import or right after a
  // parameter list, and is passed over without a look at what it might be otherwise.
  const marks = marksOf();
  for (let i = 0; i < count; i++) {
    if (i > 0 && declaring === NOT_DECLARING && initStart < 0 && parametersOpen < 0 && !importing) {
      // Outside all of those, to the next token that counts, in a loop of its own over the kinds alone (a token
      // passed over is no NAMES one: only the token before the first can be).
      if (marks[kinds[i - 1]!] !== NAMES) while (i < count && marks[kinds[i]!] === 0) i++;
      if (i === count) break;
    }
    const token = kinds[i]!;
    const previous = i > 0 ? kinds[i - 1]! : Unknown;
    const start = starts[i]!;

    if (initStart >= 0) {
      // The initializer ends at `,` / `;` at its own depth, where its enclosing bracket closes, or where a
      // line break is followed by a token that cannot continue an expression (automatic semicolon).
      const closing = token === CloseParenToken || token === CloseBracketToken || token === CloseBraceToken || token === TemplateMiddle || token === TemplateTail;
      const ends_ =
        (closing && depth <= initDepth) ||
        (depth === initDepth && (token === CommaToken || token === SemicolonToken)) ||
        (depth === initDepth && initLastEnd > initStart && tape.lineBreakBefore(i) && startsStatement(ts, token));
      if (ends_) {
        initialize(initBinding, initStart, initLastEnd);
        initBinding = -1;
        initStart = -1;
      }
    }

    switch (token) {
      case TemplateHead:
      case OpenBraceToken:
        open(start);
        depth++;
        break;
      case TemplateMiddle:
        if (frameStarts.length > 1) close(start + 1);
        open(start);
        break;
      case TemplateTail:
      case CloseBraceToken:
        if (frameStarts.length > 1) {
          close(start + 1);
          depth--;
        }
        break;
      case OpenParenToken:
        parens.push(i);
        depth++;
        break;
      case OpenBracketToken:
        depth++;
        break;
      case CloseParenToken: {
        depth--;
        const opened = parens.pop();
        // A parameter list is recognized by what follows its `)`: `=>`, `{` of a function or method body,
        // or `:` of a return type. (`c ? f(x) : y` is taken for one too: counting a name too often only
        // errs on the safe side.)
        const next = i + 1 < count ? kinds[i + 1]! : Unknown;
        if (
          opened !== undefined &&
          (next === EqualsGreaterThanToken || next === ColonToken || (next === OpenBraceToken && !(opened > 0 && conditions.has(kinds[opened - 1]!))))
        ) {
          parametersOpen = opened;
          parametersClose = i;
        }
        break;
      }
      case CloseBracketToken:
        depth--;
        break;
    }

    if (parametersOpen >= 0 && parametersClose < i) {
      for (let j = parametersOpen + 1; j < parametersClose; j++) {
        // Every name in the list counts (types too: counting too many is safe), except what follows `=` (a
        // default value, `(url = BASE) =>`) or `.`: those are uses, never bindings.
        const before = kinds[j - 1];
        if (kinds[j] === Identifier && before !== EqualsToken && before !== DotToken && before !== QuestionDotToken) {
          bind(j, 'parameter', starts[parametersOpen]!);
        }
      }
      parametersOpen = parametersClose = -1;
    }
    if (token === EqualsGreaterThanToken && previous === Identifier) bind(i - 1, 'parameter', start); // `x => …`

    if (declaring !== NOT_DECLARING) {
      if (token === Identifier && expectName) {
        const binding = bind(i, declaring === VAR ? 'function' : 'block');
        if (pattern === 0) {
          expectName = false;
          if (declaring === CONST) {
            initBinding = binding;
            initStart = -1;
          }
        }
        // Inside a pattern every name counts (also the keys of `{ key: name }`: too many errs on the safe side).
      } else if ((token === OpenBraceToken || token === OpenBracketToken) && expectName) {
        pattern++;
      } else if ((token === CloseBraceToken || token === CloseBracketToken) && pattern > 0) {
        if (--pattern === 0) expectName = false;
      } else if (token === EqualsToken && pattern === 0 && depth === declarationDepth) {
        if (initBinding >= 0 && initStart < 0) {
          initStart = initLastEnd = ends[i]!;
          initDepth = depth;
        }
      } else if (token === CommaToken && depth === declarationDepth && pattern === 0) {
        expectName = true;
      } else if (depth < declarationDepth || (depth === declarationDepth && token === SemicolonToken)) {
        declaring = NOT_DECLARING;
      }
    }

    // What the token starts or names: one test of its kind, the rest only for the few kinds that matter.
    switch (token) {
      case LetKeyword:
      case ConstKeyword:
      case VarKeyword:
        if (token === LetKeyword && !isDeclarationStart(ts, i + 1 < count ? kinds[i + 1]! : Unknown)) break;
        declaring = token === ConstKeyword ? CONST : token === LetKeyword ? LET : VAR;
        declarationDepth = depth;
        pattern = 0;
        expectName = true;
        initBinding = -1;
        initStart = -1;
        break;
      case Identifier:
        if (previous === FunctionKeyword || (previous === AsteriskToken && i > 1 && kinds[i - 2] === FunctionKeyword)) bind(i, 'function');
        else if (previous === ClassKeyword || previous === EnumKeyword) bind(i, 'block');
        else if (importing) bind(i, 'file');
        break;
      case ImportKeyword:
        if (depth === 0 && previous !== DotToken) {
          const next = i + 1 < count ? kinds[i + 1]! : Unknown;
          importing = next !== OpenParenToken && next !== DotToken; // not `import(…)` nor `import.meta`
        }
        break;
      case StringLiteral:
        if (importing) {
          importing = false;
          helperOffset = ends[i]!;
          if (i + 1 < count && kinds[i + 1] === SemicolonToken && !tape.lineBreakBefore(i + 1)) helperOffset = ends[i + 1]!;
        } else if (i === 0) {
          // A directive prologue (`'use strict';`) must stay first.
          helperOffset = i + 1 < count && kinds[i + 1] === SemicolonToken ? ends[i + 1]! : ends[i]!;
        }
        break;
      case SemicolonToken:
        if (importing) {
          importing = false;
          helperOffset = ends[i]!;
        }
        break;
    }

    if (initStart >= 0 && ends[i]! > initStart) initLastEnd = ends[i]!;
  }
  if (initStart >= 0) initialize(initBinding, initStart, initLastEnd);
  for (let k = 0; k < pending.length; k++) scopeEnds[pending[k]!] = frameEnds[pendingFrames[k]!]!;
  return new TapeBindingTable(text, nameStarts, nameEnds, scopeStarts, scopeEnds, initStarts, initEnds, helperOffset);
}

/** In `marksOf`: a token that `tapeBindings` must look at wherever it stands. */
const MARKED = 1;
/** In `marksOf`: a token whose next name is bound (`function f`, `function* g`, `class C`, `enum E`). */
const NAMES = 2;

/** What `tapeBindings` must look at, by token kind (see there): 0 for a token that counts only in what is being read. */
const marksOf = kindTable((marks, ts) => {
  const K = ts.SyntaxKind;
  for (const kind of [K.TemplateHead, K.TemplateMiddle, K.TemplateTail, K.OpenBraceToken, K.CloseBraceToken, K.OpenParenToken, K.CloseParenToken, K.OpenBracketToken, K.CloseBracketToken]) marks[kind] = MARKED;
  for (const kind of [K.EqualsGreaterThanToken, K.LetKeyword, K.ConstKeyword, K.VarKeyword, K.ImportKeyword]) marks[kind] = MARKED;
  for (const kind of [K.FunctionKeyword, K.AsteriskToken, K.ClassKeyword, K.EnumKeyword]) marks[kind] = NAMES;
});

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

/** What `parseBindings` asks of a node of a kind (`scopeRoles`). */
const DECLARES = 1;
const OPENS_BLOCK = 2;
const OPENS_FUNCTION = 4;

/**
 * By syntax kind: whether a node may declare a name, and whether it opens a block scope or a function scope —
 * asked of `typescript`'s own tests (which read the kind alone) once per kind.
 */
const scopeRoles = kindTable((table, ts) => {
  for (let kind = 0; kind < table.length; kind++) {
    const node = { kind } as TS.Node;
    const declares =
      ts.isVariableDeclarationList(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEnumDeclaration(node) || ts.isImportClause(node) ||
      ts.isNamespaceImport(node) || ts.isImportSpecifier(node) || ts.isImportEqualsDeclaration(node) || ts.isParameter(node) || ts.isCatchClause(node);
    const isFunction = ts.isFunctionLike(node);
    const isBlock =
      isFunction || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseBlock(node) || ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node) || ts.isClassLike(node);
    table[kind] = (declares ? DECLARES : 0) | (isBlock ? OPENS_BLOCK : 0) | (isFunction ? OPENS_FUNCTION : 0);
  }
});

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
      initValue: undefined,
    });
  };
  const names = (name: TS.BindingName, scope: TS.Node, init?: TS.Expression): void => {
    if (ts.isIdentifier(name)) add(name.text, scope, init);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) names(element.name, scope);
  };
  const declare = (node: TS.Node, block: TS.Node, fn: TS.Node): void => {
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
  };
  // The scopes around the node being visited, set and restored around each one that opens one: no closure
  // made per node, and what a node is asked of a table by its kind (this walks every node of a JSX file).
  const roles = scopeRoles();
  let block: TS.Node = file;
  let fn: TS.Node = file;
  const visit = (node: TS.Node): undefined => {
    const role = roles[node.kind]!;
    if ((role & DECLARES) !== 0) declare(node, block, fn);
    if ((role & OPENS_BLOCK) === 0) {
      ts.forEachChild(node, visit);
      return undefined;
    }
    const outerBlock = block;
    const outerFn = fn;
    block = node;
    if ((role & OPENS_FUNCTION) !== 0) fn = node;
    ts.forEachChild(node, visit);
    block = outerBlock;
    fn = outerFn;
    return undefined;
  };
  visit(file);

  let helperOffset = directivesEnd(text);
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) helperOffset = statement.end;
    else if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression) && helperOffset === directivesEnd(text)) {
      // A directive prologue (`'use strict';`) must stay first.
      helperOffset = statement.end;
    }
  }
  return new NamedBindings(byName, helperOffset);
}
