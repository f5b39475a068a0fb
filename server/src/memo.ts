/**
 * What one part of the service keeps about an object while the object lives, held on the object itself under a
 * key of its own (a symbol no one else holds, which `Object.keys`, `for … in` and `JSON.stringify` pass over),
 * not in a `WeakMap` keyed by it. Keys given to `set` must be extensible (none is frozen). What is kept on an
 * object handed to callers (a document's regions) is `hidden`: not copied by spreading nor compared by
 * `deepStrictEqual` either.
 *
 * Why not a `WeakMap`:
 * - V8's young-generation collector (the scavenger, which runs every few megabytes allocated) treats a `WeakMap`
 *   entry's key as weak but its value as strong once the map itself is old, as a module's is. A document's
 *   memory kept in such a map (keyed by its regions) survived every scavenge — with everything it holds, trees
 *   and findings — until the next full collection, long after the document was closed: opening 100 KB
 *   TypeScript files one after another, 30 % of what an open allocated was copied by the scavenges (2 % with
 *   the memory kept on the regions), and the scavenges were a quarter of the open's time.
 * - Each `WeakMap` entry is an ephemeron that every young collection examines again: with one entry per region
 *   in two or three maps, that cost about 1 ms of each open of a 100 KB Python file of 300 strings (measured:
 *   CPU time over 150 opens, and the collections' pauses).
 *
 * An object given a new property changes shape, and code reading it in a hot loop would then meet two: for the
 * parse tree, whose records the parser and the rules read in their loops, its slots are declared on it
 * (`XmlTree.ruleLookup` …) instead.
 */
export class Memo<K extends object, V> {
  private readonly key: symbol;

  /**
   * `name`: what is kept, shown as the symbol's description when debugging. `hidden`: the key is defined not
   * enumerable, once per object (`Object.defineProperty`: ~150 ns where an assignment takes ~5, so not for
   * what a validation keeps on each string of a file).
   */
  constructor(
    name: string,
    private readonly options: { hidden?: boolean } = {},
  ) {
    this.key = Symbol(name);
  }

  get(owner: K): V | undefined {
    return (owner as unknown as Record<symbol, V | undefined>)[this.key];
  }

  has(owner: K): boolean {
    return Object.prototype.hasOwnProperty.call(owner, this.key);
  }

  set(owner: K, value: V): void {
    if (this.options.hidden && !this.has(owner)) Object.defineProperty(owner, this.key, { value, writable: true, configurable: true, enumerable: false });
    else (owner as unknown as Record<symbol, V>)[this.key] = value;
  }

  delete(owner: K): boolean {
    return this.has(owner) && delete (owner as unknown as Record<symbol, V>)[this.key];
  }
}
