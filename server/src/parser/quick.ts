/**
 * The quick parser: VoiceML — names in ASCII (the root's and its attributes' well-known ones), no placeholder —
 * read into a tree's records by WebAssembly (`server/wasm/quickParse.ts`, compiled by the build), where the
 * parser in `parser.ts` reads anything. It reads nothing the other would read differently: a name the model
 * does not have is given its symbol by the tree, in the order the other would meet it. What it does not read
 * (an error, a reference it does not know, a character at or above U+D800, a processing instruction, an
 * attribute written another way than `name="value"` …) it hands to the other: the
 * item of the root's content it stands in — a child element with everything in it, a text, a comment —, which
 * that one reads into the same tree (`Parser.readItem`), and hands back after. What stands before the root it
 * does not read (a DOCTYPE, an unusual XML declaration, a root the model does not have), it leaves whole to the
 * other, the tree untouched. Its records are that parser's, record for record: the tests compare both parsers'
 * trees on every document they have and on thousands of edited ones, most of them with errors.
 *
 * Why a second parser, in WebAssembly: on the clean 1 MB bench document, `parser.ts` reads ~2.2× as long as a
 * bare `charCodeAt` pass over the text; a JavaScript tokenizer that does nothing but read the markup (no
 * records, no checks) already takes ~1.8×, what a JavaScript loop over characters costs here. This one, with
 * every record and check, takes ~1.2×. Written by hand: no kept library reads XML into these records (they are
 * what the rules and the editor features read).
 *
 * Only texts of `QUICK_FROM` characters and more go this way (a small text is read as fast either way), and up
 * to `QUICK_UP_TO` (its memory, which WebAssembly never gives back while the instance lives, is let go once no
 * text was read for a while: `wasm.ts`).
 */
import { knownNames } from './intern';
import { NONE, type NodeId, type XmlTree } from './tree';
import { align, grown, releaseWhenIdle, type WasmMemory } from './wasm';

export const QUICK_FROM = 16_384;
export const QUICK_UP_TO = 24_000_000;

/** An instance of `quickParse.wasm`: its exports. */
export interface QuickParser {
  memory: WasmMemory;
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
    from: number,
    nodeCount: number,
    tagsUsed: number,
    attributesUsed: number,
    root: number,
    opened: number,
    openName: number,
    openLength: number,
  ): number;
  nodes(): number;
  tags(): number;
  attributes(): number;
  handedAt(): number;
  open(): number;
  closedBefore(): number;
  closedBeforeEnd(): number;
  closedBeforeAfter(): number;
  closedBeforeEndTag(): number;
  closedBeforeEndTagNameEnd(): number;
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
 * What the quick parser asks of JS: the symbol of a name the model does not have, in the tree being read
 * (`XmlTree.symbol`, which numbers a tree's own names in the order they are met, as the other parser does).
 */
export interface QuickImports {
  symbol(start: number, end: number): number;
}

/**
 * Where an instance comes from (`setQuickParser`): the parser has no I/O of its own, so the module is read and
 * compiled outside it (`server/src/webAssembly.ts`), and given to it. Undefined: no quick parser.
 */
let source: ((imports: QuickImports) => QuickParser | undefined) | undefined;
let instance: QuickParser | undefined;
/** The tree the quick parser is reading into (its own names are this tree's), and whether its XML declaration's `xml` is yet to be named. */
let reading: XmlTree | undefined;
let xmlUnnamed = false;
const imports: QuickImports = {
  symbol: (start, end) => {
    // The declaration's target is the first name of a tree's own, as the other parser names them.
    if (xmlUnnamed) {
      xmlUnnamed = false;
      reading!.symbol(2, 5);
    }
    return reading!.symbol(start, end);
  },
};

/** Where the quick parser's instances come from (see `source`): a function making a fresh one, or undefined. */
export function setQuickParser(instances: ((imports: QuickImports) => QuickParser | undefined) | undefined): void {
  if (instances === source) return;
  source = instances;
  instance = undefined;
}

/** The instance, made (and given the classes and the well-known names) when there is none. */
function quick(): QuickParser | undefined {
  if (instance !== undefined || source === undefined) return instance;
  const made = source(imports);
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
 * What the quick parser hands what it does not read to: the parser in `parser.ts`, reading into the same tree
 * (see `Parser.readItem`).
 */
export interface FullParser {
  readItem(pos: number, root: NodeId, open: NodeId): number;
  readonly openElement: NodeId;
  finishAfterQuick(open?: NodeId): XmlTree;
}

/**
 * Reads `text` into `tree` (made for it, nothing added yet) if it is a text the quick parser reads, handing
 * each item of the root's content it does not read — a child element with all it holds, a text, a comment — to
 * the full parser (`full` makes it, once), which reads it into the same tree and hands back after it; true
 * once the tree is made. False when the quick parser does not read the text (something before the root it does
 * not read; a text not in `[from, QUICK_UP_TO]`; no WebAssembly), and `tree` is as it was.
 */
export function quickParse(text: string, tree: XmlTree, full: () => FullParser, from = QUICK_FROM): boolean {
  const n = text.length;
  if (n < from || n > QUICK_UP_TO) return false;
  const declaration = declarationEnd(text);
  if (declaration < 0) return false;
  const wasm = quick();
  if (wasm === undefined) return false;
  reading = tree;
  xmlUnnamed = declaration > 0;
  try {
    return readInto(text, tree, full, wasm, declaration);
  } finally {
    reading = undefined;
  }
}

/** `quickParse` with its instance (`wasm`) and the end of the text's usual XML declaration (0: none). */
function readInto(text: string, tree: XmlTree, full: () => FullParser, wasm: QuickParser, declaration: number): boolean {
  const n = text.length;
  const memory = wasm.memory;
  const textAt = wasm.DYNAMIC_FROM.value;
  const xmlSymbol = knownNames.length;
  // Room for more records than real documents have (VoiceML averages a node every 30 characters — white space
  // between tags is none —, a tag every 66, an attribute every 37), twice as much whenever it runs out.
  let room = 1;
  let layout = layoutFor(n, textAt, room);
  if (!grown(memory, layout.size)) return false;
  new Uint16Array(memory.buffer, textAt, n).set(tree.units);
  let parser: FullParser | undefined;
  // Where the quick parser goes on from: the text, the records' numbers, the root, the element open.
  let pos = 0;
  let root = NONE;
  let open = NONE;
  // The record tables in memory, as views made again only when the memory or the layout changes.
  let views = viewsOf(memory.buffer, layout);
  // How many items were handed over, and how many characters the quick parser read itself.
  let handedOver = 0;
  let readQuickly = 0;
  for (;;) {
    const openName = open === NONE ? -1 : tree.start(open) + 1;
    const openLength = open === NONE ? 0 : tree.nameEnd(open) - openName;
    const { nodesAt, nodeRoom, tagsAt, tagRoom, attributesAt, attributeRoom } = layout;
    const result = wasm.parse(textAt, n, nodesAt, nodeRoom, tagsAt, tagRoom, attributesAt, attributeRoom, declaration, xmlSymbol, pos, tree.size, tree.nextTag, tree.nextAttribute, root, open, openName, openLength);
    if (result === OUT_OF_ROOM) {
      // The same again with more room (what this call read is not in the tree yet).
      layout = layoutFor(n, textAt, (room *= 2));
      if (!grown(memory, layout.size)) return parser === undefined ? false : finishFully(tree, parser, pos, root, open);
      views = viewsOf(memory.buffer, layout);
      continue;
    }
    if (result === 0) return false; // before the root: nothing is in the tree yet
    tree.appendRecords(views.nodes, wasm.nodes(), views.tags, wasm.tags(), views.attributes, wasm.attributes());
    // The declaration's target is the first name of the tree's own.
    if (pos === 0 && declaration > 0 && tree.symbol(2, 5) !== xmlSymbol) throw new Error('the quick parser: `xml` is not the first name of its own');
    const closed = wasm.closedBefore();
    if (closed >= 0) {
      tree.setEndTag(closed, wasm.closedBeforeEndTag(), wasm.closedBeforeEndTagNameEnd(), true);
      tree.setEnd(closed, wasm.closedBeforeEnd());
      tree.closeSubtree(closed, wasm.closedBeforeAfter());
    }
    root = wasm.root();
    if (result === 1) {
      keepAwhile(memory);
      if (parser !== undefined) parser.finishAfterQuick(NONE);
      else {
        tree.root = root;
        tree.finish();
      }
      return true;
    }
    // An item handed over: the full parser reads it, and on from there if it reads to the end.
    parser ??= full();
    const handedAt = wasm.handedAt();
    handedOver++;
    readQuickly += handedAt - pos;
    pos = parser.readItem(handedAt, root, wasm.open());
    open = parser.openElement;
    if (pos >= n) {
      keepAwhile(memory);
      parser.finishAfterQuick();
      return true;
    }
    // Items handed over one after another, the quick parser reading little between them (a document where
    // nearly every item holds an error): each hand-over costs more than the full parser reading on.
    if (handedOver >= FEW_HAND_OVERS && readQuickly < handedOver * READ_PER_HAND_OVER) {
      keepAwhile(memory);
      return finishFully(tree, parser, pos, root, open);
    }
  }
}

/** Hand-overs after which the quick parser must have read `READ_PER_HAND_OVER` characters for each, or stops. */
const FEW_HAND_OVERS = 64;
const READ_PER_HAND_OVER = 64;

/** The full parser reads the rest: from `pos`, `root` and `open` as the quick parser left them. */
function finishFully(tree: XmlTree, parser: FullParser, pos: number, root: NodeId, open: NodeId): boolean {
  const n = tree.text.length;
  while (pos < n) {
    pos = parser.readItem(pos, root, open);
    open = parser.openElement;
  }
  parser.finishAfterQuick();
  return true;
}

/** The record tables of `layout` in `buffer`. */
function viewsOf(buffer: ArrayBuffer, layout: ReturnType<typeof layoutFor>): { nodes: Int32Array; tags: Int32Array; attributes: Int32Array } {
  return {
    nodes: new Int32Array(buffer, layout.nodesAt, layout.nodeRoom * 6),
    tags: new Int32Array(buffer, layout.tagsAt, layout.tagRoom * 7),
    attributes: new Int32Array(buffer, layout.attributesAt, layout.attributeRoom * 6),
  };
}

/** Where the text and the record tables go in memory, with room for each `room` times the usual. */
function layoutFor(n: number, textAt: number, room: number): { nodesAt: number; nodeRoom: number; tagsAt: number; tagRoom: number; attributesAt: number; attributeRoom: number; size: number } {
  const nodeRoom = room * ((n >> 4) + 16);
  const tagRoom = room * ((n >> 5) + 16);
  const attributeRoom = room * ((n / 24 + 16) | 0);
  const nodesAt = align(textAt + 2 * n);
  const tagsAt = nodesAt + nodeRoom * 24;
  const attributesAt = tagsAt + tagRoom * 28;
  return { nodesAt, nodeRoom, tagsAt, tagRoom, attributesAt, attributeRoom, size: attributesAt + attributeRoom * 24 };
}

/** What `parse` returns when the records need more room than it was given. */
const OUT_OF_ROOM = -1;

/** Lets a large instance go once no text was read for a while (see `releaseWhenIdle`). */
const keepAwhile = releaseWhenIdle(() => {
  instance = undefined;
});
