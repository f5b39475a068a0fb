/**
 * The `typescript` package, loaded on first use. Requiring it costs well over 100 ms and it is only needed
 * for JS/TS documents that contain template literals, so the server's start and `.xml`-only users never pay
 * for it. Only the type import is static; the value import is the `require` below.
 */
import type * as TS from 'typescript';

export type TypeScript = typeof TS;

let loaded: TypeScript | undefined;

export function typescript(): TypeScript {
  // A plain `require` call (not `import()`): the analysis is synchronous, and the bundler must see the
  // module name to ship it with the server.
  loaded ??= require('typescript') as TypeScript;
  return loaded;
}

/** True once some document has needed `typescript` (tests check that `.xml` work never loads it). */
export function typescriptLoaded(): boolean {
  return loaded !== undefined;
}
