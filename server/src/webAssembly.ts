/**
 * Our WebAssembly, read from disk and compiled here, once per module: the quick parser
 * (`server/wasm/quickParse.ts`, run by `parser/quick.ts`, which does no I/O and makes no code of its own: it is
 * handed its instances) and the scan of JS/TS files (`server/wasm/scriptScan.ts`, run by
 * `hosts/javascript/scan.ts`, which asks for its own). Built, each is a file beside the server (in `WASM_DIR`,
 * from the bundle's folder: the server's and the CLI's both find them there); run from the sources (the tests),
 * the one the build left next to its source. Without one (the sources never built), its work is done without
 * it: the parser in `parser/parser.ts` reads every text, `typescript` parses every JS/TS file.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { setQuickParser, type QuickImports, type QuickParser } from './parser/quick';

/** Where the build put the `.wasm` files, from the bundle's folder (the build defines it; undefined in the sources). */
declare const WASM_DIR: string | undefined;

/** What is used of the `WebAssembly` global, which the TypeScript libraries this project compiles with do not declare. */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}

/** The modules by name, each compiled when first asked for; null when there is none to read. */
const compiled = new Map<string, object | null>();

/** A fresh instance of module `name` (`name.wasm`) with `imports`: its exports; undefined when there is no such file. */
export function instantiate(name: string, imports: Record<string, unknown> = {}): unknown {
  const { Module, Instance } = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;
  if (!compiled.has(name)) {
    const file = typeof WASM_DIR === 'string' ? path.join(__dirname, WASM_DIR, `${name}.wasm`) : path.join(__dirname, `../wasm/${name}.wasm`);
    try {
      compiled.set(name, new Module(readFileSync(file)));
    } catch {
      compiled.set(name, null);
    }
  }
  const module = compiled.get(name);
  if (!module) return undefined;
  const abort = (): void => {
    throw new Error(`${name} stopped`);
  };
  return new Instance(module, { env: { abort, ...imports } }).exports;
}

/** Lets the parser use the quick parser (idempotent). */
export function enableQuickParser(): void {
  setQuickParser(quickParser);
}

const quickParser = (imports: QuickImports): QuickParser | undefined => instantiate('quickParse', { ...imports }) as QuickParser | undefined;
