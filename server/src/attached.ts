/**
 * A value kept with an object, for as long as the object lives: what a `WeakMap` keyed by the object gives,
 * without the `WeakMap`. The value is a property of the object under a symbol of its own (never enumerated,
 * copied by spreading or compared by `deepStrictEqual`), so the object alone holds it.
 *
 * Why not a `WeakMap`: V8's young-generation collector (the scavenger, which runs every few megabytes
 * allocated) treats a `WeakMap` entry's key as weak but its value as strong while the map itself is old. A
 * document's memory kept in a module's `WeakMap` (keyed by its regions) thus survived every scavenge — and
 * everything it holds, trees and findings — until the next full collection, long after the document was
 * closed: opening 100 KB TypeScript files one after another, 30 % of what an open allocated was copied by
 * scavenges (1 % with the memory kept on the regions), and the scavenges were a quarter of the open's time.
 * Keys given to `set` must be extensible (none of ours is frozen).
 */
export class Attached<K extends object, V> {
  private readonly key: symbol;

  /** `name`: what the value is, shown as the symbol's description when debugging. */
  constructor(name: string) {
    this.key = Symbol(name);
  }

  get(owner: K): V | undefined {
    return (owner as Record<symbol, V | undefined>)[this.key];
  }

  has(owner: K): boolean {
    return Object.prototype.hasOwnProperty.call(owner, this.key);
  }

  set(owner: K, value: V): this {
    if (this.has(owner)) (owner as Record<symbol, V>)[this.key] = value;
    else Object.defineProperty(owner, this.key, { value, writable: true, configurable: true, enumerable: false });
    return this;
  }

  delete(owner: K): boolean {
    return this.has(owner) && delete (owner as Record<symbol, V>)[this.key];
  }
}
