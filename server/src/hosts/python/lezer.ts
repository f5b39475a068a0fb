/**
 * `@lezer/python`, loaded on first use: a Python parser made for editors — incremental, tolerant of code being
 * typed, pure JavaScript and synchronous, so it runs inside the language service like everything else.
 * Measured against `web-tree-sitter` with `tree-sitter-python`'s wasm on generated Flask files: a first parse
 * costs the same (100 KB: 21 vs 22 ms; 1 MB: 229 vs 184 ms), but a re-parse after one keystroke took
 * 0.3–1 ms with lezer's fragments against 10–180 ms, and tree-sitter needs an asynchronous WASM start.
 * Loaded lazily so that servers without Python documents never pay for its tables.
 */
import type { SyntaxNode, SyntaxNodeRef, Tree, TreeFragment } from '@lezer/common';

interface Lezer {
  parser: (typeof import('@lezer/python'))['parser'];
  TreeFragment: typeof TreeFragment;
}

let loaded: Lezer | undefined;

export function lezer(): Lezer {
  // A plain `require`, not a dynamic import: the analysis is synchronous, and the bundler must see the module names.
  loaded ??= {
    parser: (require('@lezer/python') as typeof import('@lezer/python')).parser,
    TreeFragment: (require('@lezer/common') as typeof import('@lezer/common')).TreeFragment,
  };
  return loaded;
}

export type { Tree };

/**
 * The first child of `node` named `name`, or null. What lezer's `getChild` answers for a node name, without the
 * cursor it makes for each question (that cursor counts the node's depth in its buffer every time, and the
 * readers of a file ask thousands of these: a fifth of reading a file's routes was making cursors).
 */
export function childNamed(node: SyntaxNode | null | undefined, name: string): SyntaxNode | null {
  if (!node) return null;
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name === name) return child;
  return null;
}

/**
 * The child of `node` named `name` where the grammar puts it last and once — a call's `ArgList`, a definition's
 * `Body`, a decorated statement's `FunctionDefinition`: the last child looked at first (one node made, not one
 * for each child before it), then the others.
 */
export function lastChildNamed(node: SyntaxNode | null | undefined, name: string): SyntaxNode | null {
  const last = node?.lastChild;
  return last?.name === name ? last : childNamed(node, name);
}

/** The children of `node` named `name`, in order (lezer's `getChildren` for a node name, without a cursor). */
export function childrenNamed(node: SyntaxNode, name: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) if (child.name === name) out.push(child);
  return out;
}

/**
 * Where a node stands — its span and type — kept in place of the node. A lezer node holds its parents (a node
 * inside a buffer is made with every ancestor up to the buffer's), so each one kept for every field of every
 * string kept their chains alive: the largest part of what an open of a file holds, copied by every young
 * collection during it (measured on a 100 KB file: a seventh of the bytes collections copied).
 */
export interface NodeAt {
  from: number;
  to: number;
  type: number;
}

/** Where `node` (a node, or a cursor on one) stands. */
export function nodeAtOf(node: SyntaxNodeRef): NodeAt {
  return { from: node.from, to: node.to, type: node.type.id };
}

/** The node at `at`, found from `near` (a node of the same tree, or the tree), or null when the tree has none there. */
export function nodeAt(near: SyntaxNode | Tree, at: NodeAt): SyntaxNode | null {
  for (let node: SyntaxNode | null = near.resolveInner(at.from, 1); node && node.from === at.from; node = node.parent) {
    if (node.to > at.to) return null;
    if (node.to === at.to && node.type.id === at.type) return node;
  }
  return null;
}
