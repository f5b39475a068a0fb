/**
 * The quick parser's WebAssembly (`server/wasm/quickParse.ts`, compiled by the build), read from disk and
 * compiled here, once, and handed to the parser (`parser/quick.ts`), which does no I/O and makes no code of its
 * own. Built, it is a file beside the server (`QUICK_WASM`, from the bundle's folder: the server's and the CLI's
 * both find it there); run from the sources (the tests), the one the build left next to its source. Without it
 * (the sources never built), the parser in `parser/parser.ts` reads every text.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { setQuickParser, type QuickParser } from './parser/quick';

/** Where the build put `quickParse.wasm`, from the bundle's folder (the build defines it; undefined in the sources). */
declare const QUICK_WASM: string | undefined;

/** What is used of the `WebAssembly` global, which the TypeScript libraries this project compiles with do not declare. */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, () => void>>) => { exports: unknown };
}

/** The module, compiled when first asked for; null when there is none to read. */
let compiled: object | null | undefined;

function instantiate(): QuickParser | undefined {
  const { Module, Instance } = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
  if (compiled === undefined) {
    const file = typeof QUICK_WASM === 'string' ? path.join(__dirname, QUICK_WASM) : path.join(__dirname, '../wasm/quickParse.wasm');
    try {
      compiled = new Module(readFileSync(file));
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return undefined;
  const abort = (): void => {
    throw new Error('the quick parser stopped');
  };
  return new Instance(compiled, { env: { abort } }).exports as QuickParser;
}

/** Lets the parser use the quick parser (idempotent). */
export function enableQuickParser(): void {
  setQuickParser(instantiate);
}
