/**
 * One version of a Python file as the host reads it: its text, its tree — parsed when first asked for, from the
 * last tree parsed and the changes since (lezer reuses what they did not touch) — and its names. A keystroke in
 * the text of a VoiceML string changes no token of the file (`regions.ts`), so nothing needs the tree then:
 * the next version is made without a parse, and parses only if something asks.
 */
import type { Tree, TreeBuffer, TreeFragment } from '@lezer/common';
import { lezer } from './lezer';
import { PythonNames } from './values';
import { deltaOf, type TextChange } from '../../document/change';
import { LastParse } from '../lastParse';
import { rememberingConstants, type AssignedValue } from './constants';

/** The last tree parsed (see `LastParse`). */
const lastParsed = new LastParse<Tree>();

/** The tree of `text`: the one parsed last when it is for this text, else a parse of its own. */
export function treeOf(text: string): Tree {
  const held = lastParsed.get(text);
  if (held) return held;
  const tree = lezer().parser.parse(text);
  lastParsed.set(text, tree);
  return tree;
}

/** Does the tree hold a syntax error (a node lezer made to recover)? Looked at once per tree (exported for its test). */
export function hasErrors(tree: Tree): boolean {
  let found = erroneous.get(tree);
  if (found === undefined) erroneous.set(tree, (found = !isClean(tree)));
  return found;
}

/**
 * Subtrees and node buffers of trees found without a syntax error. lezer builds a tree from the fragments of the
 * last one out of the same objects where the text did not change, and those are not looked through again: a
 * keystroke's parse of 1 MB walked every node of the file for an error (14 % of the keystroke's time), now the
 * spine of the tree and what was parsed anew (the keystroke 0.85–0.98× its time before, in paired runs).
 */
const clean = new WeakSet<Tree | TreeBuffer>();

/** No node of `tree` is a syntax error (see `clean`). A loop with a stack of its own: a tree may be deep. */
function isClean(tree: Tree): boolean {
  const seen: (Tree | TreeBuffer)[] = [];
  const stack: (Tree | TreeBuffer)[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (clean.has(node)) continue;
    seen.push(node);
    if ('buffer' in node) {
      // Each node of a buffer is four numbers, its type's id first.
      const { buffer, set } = node;
      for (let i = 0; i < buffer.length; i += 4) if (set.types[buffer[i]!]!.isError) return false;
    } else {
      if (node.type.isError) return false;
      for (const child of node.children) stack.push(child);
    }
  }
  for (const node of seen) clean.add(node);
  return true;
}

/** Is there a node lezer made to recover from a syntax error in the tree (within `range`, when given)? */
function errorWithin(tree: Tree, range?: { from: number; to: number }): boolean {
  let found = false;
  tree.iterate({
    ...range,
    enter: (node) => {
      if (node.type.isError) found = true;
      return !found;
    },
  });
  return found;
}

const erroneous = new WeakMap<Tree, boolean>();

/** `offset` of the text after `change` in the text before it (an offset inside what it put in: its start). */
function unmove(offset: number, change: TextChange): number {
  if (offset <= change.start) return offset;
  if (offset >= change.newEnd) return offset - deltaOf(change);
  return change.start;
}

/** The span of the module's statement at `offset` (a child of the tree's top node), if any. */
function topLevelAt(tree: Tree, offset: number): { from: number; to: number } | undefined {
  const cursor = tree.cursor();
  if (!cursor.firstChild()) return undefined;
  do if (cursor.from <= offset && offset <= cursor.to) return { from: cursor.from, to: cursor.to };
  while (cursor.nextSibling());
  return undefined;
}

/** Versions a tree not yet parsed is carried through before it is parsed. */
const MAX_PENDING = 16;

export class PythonFile {
  private parsed: Tree | undefined;
  private parsedFragments: readonly TreeFragment[] | undefined;
  private named: PythonNames | undefined;
  /**
   * The code values were worked out from (see `reads`): start and end of each range, flat (hundreds of ranges
   * per file, most of them read again and again: no object per range, a range just read not added twice).
   */
  private read: number[] = [];

  private addRead(start: number, end: number): void {
    const read = this.read;
    const n = read.length;
    if (n === 0 || read[n - 2] !== start || read[n - 1] !== end) read.push(start, end);
  }

  /**
   * `base`: a tree of an earlier version and its fragments, `changes` made to that version's text since, in
   * order (none: `base` is this version's tree; no `base`: a first parse).
   */
  constructor(
    readonly text: string,
    private readonly base: { tree: Tree; fragments: readonly TreeFragment[] } | undefined,
    private readonly changes: readonly TextChange[],
  ) {
    if (base && changes.length === 0) {
      this.parsed = base.tree;
      this.parsedFragments = base.fragments;
    }
  }

  tree(): Tree {
    if (!this.parsed) {
      const { parser, TreeFragment } = lezer();
      // Reused only between trees without a syntax error: where lezer had to recover, a parse from fragments
      // can recover otherwise than a parse of the whole text (measured: a `"` typed into broken code gave another
      // tree), and the tree must be the one the text has, whatever came before.
      let fragments = this.base && !hasErrors(this.base.tree) ? this.base.fragments : undefined;
      // One change at a time: each in the offsets of the text the one before left.
      if (fragments) for (const c of this.changes) fragments = TreeFragment.applyChanges(fragments, [{ fromA: c.start, toA: c.end, fromB: c.start, toB: c.newEnd }]);
      let tree = parser.parse(this.text, fragments);
      if (fragments && hasErrors(tree)) tree = parser.parse(this.text, (fragments = undefined));
      this.parsed = tree;
      this.parsedFragments = TreeFragment.addTree(tree, fragments);
      lastParsed.set(this.text, tree);
    }
    return this.parsed;
  }

  /**
   * Did lezer have to recover from a syntax error in the statement of the module that holds `offset` (of this
   * version's text), in the last tree parsed (this version's, or the one the versions since were made from
   * without a parse)? Recovery depends on what follows, so there even a change inside a string's text can
   * change how the code reads — the tokens themselves (found by the fuzzer: a string typed into broken code
   * began two characters later after the change) — and the keystroke shortcut of `regions.ts` does not apply.
   * A statement without an error was read as written, whatever its neighbours hold.
   */
  recoveredAround(offset: number): boolean {
    const tree = this.parsed ?? this.base?.tree;
    if (!tree || !hasErrors(tree)) return false;
    // Back to the offsets of the tree's text, through the changes made since (each inside a string's text).
    let at = offset;
    if (!this.parsed) for (let i = this.changes.length - 1; i >= 0; i--) at = unmove(at, this.changes[i]!);
    const statement = topLevelAt(tree, at);
    return !statement || errorWithin(tree, statement);
  }

  /** What a name holds where it is read (`PythonNames.assignedValue`), the constants of its values remembered. */
  readonly assigned: AssignedValue = rememberingConstants(
    (name, at) => this.names().assignedValue(name, at),
    (name, at) => this.names().assignedAt(name, at),
  );

  /** The file's names (for what a field holds), read from the tree on first use. */
  names(): PythonNames {
    return (this.named ??= new PythonNames(this.text, this.tree(), (start, end) => this.addRead(start, end)));
  }

  /** The file's next version, after `change` (to `text`): parsed when asked (see the top of this file). */
  next(text: string, change: TextChange | undefined): PythonFile {
    if (!this.parsed && this.changes.length >= MAX_PENDING) this.tree();
    const next = this.parsed
      ? new PythonFile(text, { tree: this.parsed, fragments: this.parsedFragments! }, change ? [change] : [])
      : new PythonFile(text, this.base, change ? [...this.changes, change] : this.changes);
    if (change) {
      const delta = deltaOf(change);
      const read = this.read;
      for (let i = 0; i < read.length; i += 2) {
        const start = read[i]!;
        const end = read[i + 1]!;
        if (end <= change.start) next.read.push(start, end);
        else if (start >= change.end) next.read.push(start + delta, end + delta);
        else next.read.push(start, end + delta);
      }
    }
    return next;
  }

  /**
   * Was a value worked out so far from code that `change` touches (an argument of `.format` that is itself a
   * string typed in, a name's value)? Then it may be another value now.
   */
  reads(change: TextChange): boolean {
    const read = this.read;
    for (let i = 0; i < read.length; i += 2) if (read[i]! < change.end && change.start < read[i + 1]!) return true;
    return false;
  }
}
