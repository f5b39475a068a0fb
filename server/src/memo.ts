/**
 * What one part of the service keeps about an object while the object lives, held on the object itself under a
 * key of its own (a symbol no one else holds), not in a `WeakMap` keyed by it. Each `WeakMap` entry is an
 * ephemeron that every young collection examines again: with one entry per region in two or three maps, that
 * cost about 1 ms of each open of a 100 KB Python file of 300 strings (measured: CPU time over 150 opens, and
 * the collections' pauses). Only for objects whose shape no hot code depends on (a region's lineage): an
 * object given a new property changes shape, and code reading it in a hot loop would then meet two.
 */
export class Memo<K extends object, V> {
  private readonly key: symbol;

  constructor(name: string) {
    this.key = Symbol(name);
  }

  get(owner: K): V | undefined {
    return (owner as unknown as Record<symbol, V | undefined>)[this.key];
  }

  set(owner: K, value: V): void {
    (owner as unknown as Record<symbol, V>)[this.key] = value;
  }
}
