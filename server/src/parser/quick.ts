/**
 * The quick parser: the usual VoiceML document — clean, every element and attribute name a well-known one, no
 * placeholder — read into a tree's records by WebAssembly (`server/wasm/quickParse.ts`, compiled by the
 * build), where the parser in `parser.ts` reads anything. It reads nothing the other would read differently:
 * at anything it does not read (an error, a name the model does not have, a reference other than the
 * predefined entities, a character at or above U+D800, a DOCTYPE, a processing instruction other than the
 * usual XML declaration, an attribute written another way than `name="value"`), it gives up, leaving the tree
 * untouched, and `parseTree` reads the text with the other parser. Its records are that parser's, record for
 * record (the tests compare both parsers' trees on every document they have and on thousands of edited ones).
 *
 * Why a second parser, in WebAssembly: on the clean 1 MB bench document, `parser.ts` reads ~2.2× as long as a
 * bare `charCodeAt` pass over the text; a JavaScript tokenizer that does nothing but read the markup (no
 * records, no checks) already takes ~1.8×, what a JavaScript loop over characters costs here. This one, with
 * every record and check, takes ~1.2×. Written by hand: no kept library reads XML into these records (they are
 * what the rules and the editor features read).
 *
 * Only texts of `QUICK_FROM` characters and more go this way (a small text is read as fast either way), and up
 * to `QUICK_UP_TO` (its memory, which WebAssembly never gives back while the instance lives, is let go once no
 * text was read for a while: `IDLE_MS`).
 */
import { knownNames } from './intern';
import type { XmlTree } from './tree';

export const QUICK_FROM = 16_384;
export const QUICK_UP_TO = 24_000_000;
const IDLE_MS = 30_000;
/** Memory kept while idle: up to this many bytes, the instance stays (a document of some 500 000 characters). */
const KEPT_MEMORY = 16 * 1024 * 1024;

/** What the parser is given to read memory it does not own: a `WebAssembly.Memory`. */
export interface QuickMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** An instance of `quickParse.wasm`: its exports. */
export interface QuickParser {
  memory: QuickMemory;
  DYNAMIC_FROM: { value: number };
  setClass(c: number, classes: number): void;
  addKnown(symbol: number, length: number): void;
  nameUnitsAt(): number;
  parse(
    text: number,
    n: number,
    nodes: number,
    nodeRoom: number,
    tags: number,
    tagRoom: number,
    attributes: number,
    attributeRoom: number,
    declarationEnd: number,
    xmlSymbol: number,
  ): number;
  tags(): number;
  attributes(): number;
  root(): number;
}

// The classes of ASCII `quickParse.ts` reads by (the parser's, `CLASS` in `parser.ts`, as far as it needs them).
const WS = 1;
const NAME_START = 2;
const NAME = 4;
const TEXT_STOP = 8;
const VALUE_STOP = 16;

function classesOf(c: number): number {
  let classes = 0;
  if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) classes |= WS;
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a) classes |= NAME_START | NAME;
  if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e) classes |= NAME;
  if ((c < 0x20 && (classes & WS) === 0) || c === 0x3c || c === 0x26 || c === 0x5d) classes |= TEXT_STOP;
  if (c < 0x20 || c === 0x3c || c === 0x26 || c === 0x3e || c === 0x22 || c === 0x27) classes |= VALUE_STOP;
  return classes;
}

/**
 * Where an instance comes from (`setQuickParser`): the parser has no I/O of its own, so the module is read and
 * compiled outside it (`server/src/quickParser.ts`), and given to it. Undefined: no quick parser.
 */
let source: (() => QuickParser | undefined) | undefined;
let instance: QuickParser | undefined;
let idle: ReturnType<typeof setTimeout> | undefined;

/** Where the quick parser's instances come from (see `source`): a function making a fresh one, or undefined. */
export function setQuickParser(instances: (() => QuickParser | undefined) | undefined): void {
  if (instances === source) return;
  source = instances;
  instance = undefined;
}

/** The instance, made (and given the classes and the well-known names) when there is none. */
function quick(): QuickParser | undefined {
  if (instance !== undefined || source === undefined) return instance;
  const made = source();
  if (made === undefined) return undefined;
  for (let c = 0; c < 128; c++) made.setClass(c, classesOf(c));
  knownNames.forEach((name, symbol) => {
    const at = made.nameUnitsAt();
    const units = new Uint16Array(made.memory.buffer, at, name.length);
    for (let k = 0; k < name.length; k++) units[k] = name.charCodeAt(k);
    made.addKnown(symbol, name.length);
  });
  return (instance = made);
}

/** Is the quick parser there (built)? */
export function quickParserAvailable(): boolean {
  return quick() !== undefined;
}

/** The XML declarations read as they stand (what follows `<?xml` up to `?>`): each one valid, as the tests check. */
export const USUAL_DECLARATIONS: ReadonlySet<string> = new Set([
  ' version="1.0" encoding="UTF-8"',
  ' version="1.0" encoding="utf-8"',
  ' version="1.0"',
  " version='1.0' encoding='UTF-8'",
  " version='1.0' encoding='utf-8'",
  " version='1.0'",
]);

/** Where the usual XML declaration at the start of `text` ends; 0 when there is none; -1 for any other. */
function declarationEnd(text: string): number {
  if (!text.startsWith('<?')) return 0;
  if (!text.startsWith('<?xml ')) return -1;
  const close = text.indexOf('?>', 6);
  return close >= 0 && USUAL_DECLARATIONS.has(text.slice(5, close)) ? close + 2 : -1;
}

/**
 * Reads `text` into `tree` (made for it, nothing added yet) if it is a text the quick parser reads; false when
 * it is not, and `tree` is as it was. `from`: the shortest text to try (the tests try every one).
 */
export function quickParse(text: string, tree: XmlTree, from = QUICK_FROM): boolean {
  const n = text.length;
  if (n < from || n > QUICK_UP_TO) return false;
  const declaration = declarationEnd(text);
  if (declaration < 0) return false;
  const wasm = quick();
  if (wasm === undefined) return false;
  const memory = wasm.memory;
  const textAt = wasm.DYNAMIC_FROM.value;
  const xmlSymbol = knownNames.length;
  // Room for more records than real documents have (VoiceML averages a node every 30 characters — white space
  // between tags is none —, a tag every 66, an attribute every 37), twice as much as long as it runs out.
  let room = 1;
  let nodes: number;
  let nodesAt: number;
  let tagsAt: number;
  let attributesAt: number;
  for (;;) {
    const nodeRoom = room * ((n >> 4) + 16);
    const tagRoom = room * ((n >> 5) + 16);
    const attributeRoom = room * ((n / 24 + 16) | 0);
    nodesAt = align(textAt + 2 * n);
    tagsAt = nodesAt + nodeRoom * 24;
    attributesAt = tagsAt + tagRoom * 28;
    const size = attributesAt + attributeRoom * 24;
    // More memory than the system will give (wasm32 stops at 4 GB): the other parser reads the text.
    if (memory.buffer.byteLength < size && !grown(memory, size)) return false;
    if (room === 1) new Uint16Array(memory.buffer, textAt, n).set(tree.units);
    nodes = wasm.parse(textAt, n, nodesAt, nodeRoom, tagsAt, tagRoom, attributesAt, attributeRoom, declaration, xmlSymbol);
    if (nodes !== OUT_OF_ROOM) break;
    room *= 2;
  }
  keepAwhile(memory);
  if (nodes === 0) return false;
  const buffer = memory.buffer;
  const tags = wasm.tags();
  const attributes = wasm.attributes();
  if (declaration > 0 && tree.symbol(2, 5) !== xmlSymbol) throw new Error('the quick parser: `xml` is not the first name of its own');
  tree.takeRecords(
    new Int32Array(buffer, nodesAt, nodes * 6),
    nodes,
    new Int32Array(buffer, tagsAt, tags * 7),
    tags,
    new Int32Array(buffer, attributesAt, attributes * 6),
    attributes,
    wasm.root(),
  );
  return true;
}

/** What `parse` returns when the records need more room than it was given. */
const OUT_OF_ROOM = -1;

/** Grows `memory` to `size` bytes; false when it cannot be had. */
function grown(memory: QuickMemory, size: number): boolean {
  try {
    memory.grow(Math.ceil((size - memory.buffer.byteLength) / 65536));
    return true;
  } catch {
    return false;
  }
}

function align(bytes: number): number {
  return (bytes + 7) & ~7;
}

/** Lets a large instance go once no text was read for `IDLE_MS`: its memory is never given back otherwise. */
function keepAwhile(memory: QuickMemory): void {
  if (memory.buffer.byteLength <= KEPT_MEMORY) return;
  clearTimeout(idle);
  idle = setTimeout(() => {
    instance = undefined;
    idle = undefined;
  }, IDLE_MS);
  idle.unref?.();
}
