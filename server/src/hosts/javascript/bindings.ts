/**
 * The names a JS/TS file binds, with where each binding is visible: enough to tell whether `${BASE}` is a
 * `const` bound to a literal (the injection rule trusts those). Two producers with one result:
 *
 * - `tapeBindings`: from the tokens the template scan left (`TokenTape`), without scanning again (`bind` in
 *   `server/wasm/scriptScan.ts`). Tokens do not give exact scopes, so every estimate errs on the safe side: a
 *   binding's scope is never smaller than the real one, and anything that might bind a name (parameters,
 *   destructuring, `var` hoisting, imports) counts. A name declared both as `const X = '…'` and, say, as a
 *   parameter in a nested function is then "not known", which can only cost a needless warning, never hide a
 *   real one.
 * - `parseBindings`: from a parsed source file, exact scopes (JSX files, and when the scanner is unsure).
 */
import type * as TS from 'typescript';
import { kindTable, typescript } from './typescript';
import { bindingRecords, type TokenTape } from './scan';
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
    private readonly nameStarts: Int32Array,
    private readonly nameEnds: Int32Array,
    private readonly scopeStarts: Int32Array,
    private readonly scopeEnds: Int32Array,
    private readonly initStarts: Int32Array,
    private readonly initEnds: Int32Array,
    readonly helperOffset: number,
  ) {}

  bindingsOf(name: string): readonly Binding[] | undefined {
    if (this.asked.has(name)) return this.asked.get(name);
    const { text, nameStarts, nameEnds } = this;
    let found: Binding[] | undefined;
    if (this.asked.size >= ASKED_BEFORE_INDEX) {
      for (const k of this.indexed().get(name) ?? []) (found ??= []).push(this.binding(k));
    } else {
      // The scan leaves names written with escapes to `typescript` (there is no tape then): a name is its text.
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

/**
 * Bindings from the tokens of a scan (`bind` in `scriptScan.ts`, one loop over the tape in WebAssembly: it runs
 * at every open of a file whose templates name values, over every token of it). Undefined when that cannot
 * be had (no memory for it): the file is parsed for them then.
 */
export function tapeBindings(text: string, tape: TokenTape): BindingTable | undefined {
  const records = bindingRecords(text, tape, directivesEnd(text));
  if (records === undefined) return undefined;
  const { nameStarts, nameEnds, scopeStarts, scopeEnds, initStarts, initEnds, helperOffset } = records;
  return new TapeBindingTable(text, nameStarts, nameEnds, scopeStarts, scopeEnds, initStarts, initEnds, helperOffset);
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
