/**
 * The `typescript` package, loaded on first use. Loading it costs well over 100 ms and it is only needed
 * for JS/TS documents that contain template literals, so the server's start and `.xml`-only users never pay
 * for it. Only the type import is static; the value is loaded below.
 *
 * Built, it is a file of its own beside the server (`TYPESCRIPT_BUNDLE`, from the bundle's folder: the server's
 * and the CLI's both find it there), run from a code cache (`codeCache.ts`): ~155 → ~60 ms to load. Run from the
 * sources (the tests), it is the package, `require`d.
 */
import * as path from 'node:path';
import type * as TS from 'typescript';
import { requireCached } from '../../codeCache';

export type TypeScript = typeof TS;

/** Where the build put `typescript.js`, from the bundle's folder (the build defines it; undefined in the sources). */
declare const TYPESCRIPT_BUNDLE: string | undefined;

/** The server's cache is written this long after the load: with what its first JS/TS document compiled. */
const WRITE_AFTER = 5000;

let loaded: TypeScript | undefined;

export function typescript(): TypeScript {
  // Synchronous (the analysis is), not `import()`.
  loaded ??=
    typeof TYPESCRIPT_BUNDLE === 'string'
      ? (requireCached(path.join(__dirname, TYPESCRIPT_BUNDLE), 'typescript', 'any', WRITE_AFTER) as TypeScript)
      : (require('typescript') as TypeScript);
  return loaded;
}

/** True once some document has needed `typescript` (tests check that `.xml` work never loads it). */
export function typescriptLoaded(): boolean {
  return loaded !== undefined;
}

/**
 * A table by syntax kind, filled by `fill` the first time it is asked for, then kept: what a walk over every
 * node or token of a file asks of a kind, read from an array rather than worked out by a chain of `ts.isX`
 * tests at each node.
 */
export function kindTable(fill: (table: Uint8Array, ts: TypeScript) => void): () => Uint8Array {
  let table: Uint8Array | undefined;
  return () => {
    if (table) return table;
    const ts = typescript();
    const made = new Uint8Array(ts.SyntaxKind.Count);
    fill(made, ts);
    return (table = made);
  };
}
