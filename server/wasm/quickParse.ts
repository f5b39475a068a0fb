// The quick parser (AssemblyScript, compiled to WebAssembly by the build): the usual VoiceML document — clean,
// names in ASCII (the root's and its attributes' well-known ones), no placeholder — read in one pass into the
// records `XmlTree` holds, exactly as the parser in `server/src/parser/parser.ts` writes them (a name the model
// does not have is given its symbol by JS, `treeSymbol`). Anything else (an error of any kind, a reference it
// does not read, a character at or above U+D800, a DOCTYPE, a processing instruction, an attribute written
// another way than `name="value"` after white space …) it hands over to that parser: the item of the root's
// content it stands in (a child element with all it holds, a text, a comment), which that parser reads and
// hands back after (`parse` returns `HAND_OVER`); before the root, the whole text (`parse` returns 0). This one
// never has to explain anything. Why it exists, what it is measured to save, and how its records are held to
// the other parser's: `server/src/parser/quick.ts`.
//
// The record layout, flags and kinds below are `tree.ts`'s, written a second time: the tests compare every
// record of both parsers' trees (test/unit/quick.test.ts).

// Node kinds and flags (tree.ts).
const ELEMENT: i32 = 1;
const TEXT: i32 = 2;
const COMMENT: i32 = 3;
const CDATA: i32 = 4;
const PI: i32 = 5;
const START_TAG_CLOSED: i32 = 1 << 4;
const SELF_CLOSING: i32 = 1 << 5;
const HAS_END_TAG: i32 = 1 << 8;
const END_TAG_CLOSED: i32 = 1 << 9;
const WHITESPACE: i32 = 1 << 10;
const CLOSED: i32 = 1 << 12;
const DECODED_TEXT: i32 = 1 << 13;
const VISIBLE: i32 = 1 << 14;
// Attribute flags (tree.ts).
const HAS_VALUE: i32 = 1;
const VALUE_CLOSED: i32 = 2;
const DOUBLE_QUOTED: i32 = 8;
const SINGLE_QUOTED: i32 = 16;
// Record sizes in bytes: nodes [kind | flags, start, end, parent, after, tag]; tags [name, nameEnd,
// startTagEnd, attributes, attributesEnd, endTagStart, endTagNameEnd]; attributes [flags, name, start,
// nameEnd, valueStart, valueEnd].
const NODE: usize = 24;
const TAG: usize = 28;
const ATTRIBUTE: usize = 24;

// Character classes of ASCII (parser.ts's, as far as this parser needs them).
const WS: u8 = 1;
const NAME_START: u8 = 2;
const NAME: u8 = 4;
const TEXT_STOP: u8 = 8; // `<`, `&`, `]`, controls other than tab, LF, CR
const VALUE_STOP: u8 = 16; // `<`, `&`, `>`, quotes, every control

// Memory: the first page is the compiler's; then the class table, the well-known names, the open elements;
// the text's code units and the records where `parse` is told.
const CLASSES: usize = 65536;
const KNOWN_SLOTS: usize = CLASSES + 128; // 1024 slots: a symbol + 1, or 0
const SLOT_MASK: u32 = 1023;
const NAME_AT: usize = KNOWN_SLOTS + 4096; // per symbol: where its units are (bytes), its length
const NAME_UNITS: usize = NAME_AT + 16384; // the names' units, one after another
const OPEN: usize = 131072; // per open element: its node id, its name's start (a byte address), its length (bytes)
const MAX_DEPTH: i32 = 4096;
/** Where `parse` may be told to put the text: after everything above. */
export const DYNAMIC_FROM: usize = OPEN + <usize>MAX_DEPTH * 12;

let nameUnitsEnd: usize = NAME_UNITS;
// What `parse` leaves for JS (see `mark`): the records' counts, where the item it would hand over starts, the
// root and the element open there; and an element opened before the call that it closed.
let nodesDone: i32 = 0;
let tagsDone: i32 = 0;
let attributesDone: i32 = 0;
let itemAt: usize = 0;
let rootId: i32 = -1;
let openId: i32 = -1;
let closed: i32 = -1;
let closedEnd: i32 = 0;
let closedAfter: i32 = 0;
let closedEndTag: i32 = 0;
let closedEndTagNameEnd: i32 = 0;

export function setClass(c: i32, classes: i32): void {
  store<u8>(CLASSES + <usize>c, <u8>classes);
}

/** Adds well-known name `symbol`, whose `length` code units JS wrote at `NAME_UNITS` onwards (`nameUnitsAt`). */
export function addKnown(symbol: i32, length: i32): void {
  const at = nameUnitsEnd;
  const bytes = <usize>length << 1;
  nameUnitsEnd += bytes;
  store<i32>(NAME_AT + (<usize>symbol << 3), <i32>at);
  store<i32>(NAME_AT + (<usize>symbol << 3), length, 4);
  let slot = hashOf(at, at + bytes) & SLOT_MASK;
  while (load<i32>(KNOWN_SLOTS + (<usize>slot << 2)) != 0) slot = (slot + 1) & SLOT_MASK;
  store<i32>(KNOWN_SLOTS + (<usize>slot << 2), symbol + 1);
}

/** Where JS writes the next well-known name's code units. */
export function nameUnitsAt(): usize {
  return nameUnitsEnd;
}

export function nodes(): i32 {
  return nodesDone;
}
export function tags(): i32 {
  return tagsDone;
}
export function attributes(): i32 {
  return attributesDone;
}
export function handedAt(): i32 {
  return <i32>((itemAt - textAt) >> 1);
}
export function root(): i32 {
  return rootId;
}
/** The element open at depth 1 (the root, or a second one the full parser opened), or -1. */
export function open(): i32 {
  return openId;
}
/** An element opened before the call that `parse` closed (the root), or -1; then where it ends, its subtree's end, its end tag. */
export function closedBefore(): i32 {
  return closed;
}
export function closedBeforeEnd(): i32 {
  return closedEnd;
}
export function closedBeforeAfter(): i32 {
  return closedAfter;
}
export function closedBeforeEndTag(): i32 {
  return closedEndTag;
}
export function closedBeforeEndTagNameEnd(): i32 {
  return closedEndTagNameEnd;
}

@inline function classOf(c: u32): u8 {
  return c < 128 ? load<u8>(CLASSES + <usize>c) : 0;
}

/**
 * The hash of the name at `[from, to)` (byte addresses, a name of one code unit or more): its length and three
 * of its units (first, middle, last), whatever its length. An FNV over every unit, with the byte-wise compare
 * below, was two fifths of this parser's time on the 5 MB bench document (knownSymbol: 4 of its 10 ms). The
 * well-known names differ in those (a name that shares them with another costs a probe more).
 */
@inline function hashOf(from: usize, to: usize): u32 {
  const bytes = <u32>(to - from);
  let h = (bytes ^ <u32>load<u16>(from)) * 0x9e3779b1;
  h = (h ^ <u32>load<u16>(to - 2)) * 0x85ebca6b;
  h = (h ^ <u32>load<u16>(from + ((bytes >> 2) << 1))) * 0xc2b2ae35;
  return h ^ (h >> 15);
}

/**
 * Are the `bytes` bytes at `a` and at `b` the same? Eight at a time, then four, then two (both are code units):
 * unaligned loads are what WebAssembly allows and the machine does at full speed, where `memory.compare` went
 * byte by byte whenever the two addresses were not aligned alike (a name in the text and a well-known one).
 */
@inline function sameUnits(a: usize, b: usize, bytes: usize): bool {
  let k: usize = 0;
  for (; k + 8 <= bytes; k += 8) if (load<u64>(a + k) != load<u64>(b + k)) return false;
  if (k + 4 <= bytes) {
    if (load<u32>(a + k) != load<u32>(b + k)) return false;
    k += 4;
  }
  return k == bytes || load<u16>(a + k) == load<u16>(b + k);
}

/** The well-known name written at `[from, to)` (byte addresses), or -1. */
function knownSymbol(from: usize, to: usize): i32 {
  const bytes = to - from;
  let slot = hashOf(from, to) & SLOT_MASK;
  for (;;) {
    const entry = load<i32>(KNOWN_SLOTS + (<usize>slot << 2));
    if (entry == 0) return -1;
    const at = NAME_AT + (<usize>(entry - 1) << 3);
    if (<usize>load<i32>(at, 4) << 1 == bytes && sameUnits(<usize>load<i32>(at), from, bytes)) return entry - 1;
    slot = (slot + 1) & SLOT_MASK;
  }
  return -1;
}

// The symbol of a name the model does not have (`XmlTree.symbol`, by JS: a tree numbers its own names after the
// well-known ones, in the order it meets them, as the other parser does).
@external("env", "symbol")
declare function treeSymbol(start: i32, end: i32): i32;

/** The symbol of the name written at `[from, to)` (byte addresses, from `text`): a well-known one's, or the tree's own. */
function symbolOf(text: usize, from: usize, to: usize): i32 {
  const known = knownSymbol(from, to);
  return known >= 0 ? known : treeSymbol(<i32>((from - text) >> 1), <i32>((to - text) >> 1));
}

/** Writes node `id`'s record: one without a tag (text, comment, CDATA), or the first fields of an element's. */
@inline function writeNode(nodes: usize, id: i32, kindAndFlags: i32, start: i32, end: i32, parent: i32, tag: i32): void {
  const node = nodes + <usize>id * NODE;
  store<i32>(node, kindAndFlags);
  store<i32>(node, start, 4);
  store<i32>(node, end, 8);
  store<i32>(node, parent, 12);
  store<i32>(node, id + 1, 16);
  store<i32>(node, tag, 20);
}

/** Printable ASCII, or Hangul, kana or CJK (parser.ts's `isVisible`). */
@inline function isVisible(c: u32): bool {
  return (c > 0x20 && c < 0x7f) || (c > 0x3000 && c < 0xd800);
}

/** The length in code units of the predefined entity reference (`&amp;` …) at `p`, or 0. */
function predefinedAt(p: usize, end: usize): usize {
  if (p + 8 <= end) {
    const a = load<u16>(p, 2);
    const b = load<u16>(p, 4);
    const c = load<u16>(p, 6);
    if (a == 0x61 && b == 0x6d && c == 0x70 && p + 10 <= end && load<u16>(p, 8) == 0x3b) return 5; // &amp;
    if ((a == 0x6c || a == 0x67) && b == 0x74 && c == 0x3b) return 4; // &lt; &gt;
    if (p + 12 <= end && load<u16>(p, 10) == 0x3b) {
      const d = load<u16>(p, 8);
      if (a == 0x71 && b == 0x75 && c == 0x6f && d == 0x74) return 6; // &quot;
      if (a == 0x61 && b == 0x70 && c == 0x6f && d == 0x73) return 6; // &apos;
    }
  }
  return 0;
}

/**
 * The character reference (`&#…;`, `&#x…;`) at `p`: its length in code units, its code point in `referred`;
 * 0 when it is not one of a character XML allows (the other parser explains that).
 */
let referred: u32 = 0;
function characterReferenceAt(p: usize, end: usize): usize {
  let q = p + 4;
  const hex = q < end && load<u16>(q) == 0x78;
  if (hex) q += 2;
  const digits = q;
  let cp: u32 = 0;
  while (q < end) {
    const c = <u32>load<u16>(q);
    let d: u32 = 0;
    if (c >= 0x30 && c <= 0x39) d = c - 0x30;
    else if (hex && c >= 0x61 && c <= 0x66) d = c - 0x57;
    else if (hex && c >= 0x41 && c <= 0x46) d = c - 0x37;
    else break;
    cp = min(cp * (hex ? 16 : 10) + d, 0x110000);
    q += 2;
  }
  if (q >= end || load<u16>(q) != 0x3b || q == digits) return 0;
  const allowed = cp == 9 || cp == 10 || cp == 13 || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
  if (!allowed) return 0;
  referred = cp;
  return (q + 2 - p) >> 1;
}

/** Is the text `[from, to)`, its references read (each one valid), nothing but XML white space? */
function isBlank(from: usize, to: usize, end: usize): bool {
  let p = from;
  while (p < to) {
    const c = <u32>load<u16>(p);
    if (c == 0x26) {
      if (load<u16>(p, 2) != 0x23) return false;
      const length = characterReferenceAt(p, end);
      if (referred != 0x20 && referred != 0x09 && referred != 0x0a && referred != 0x0d) return false;
      p += length << 1;
    } else {
      if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) return false;
      p += 2;
    }
  }
  return true;
}

/** Does the `<` at `lt` start markup this parser reads (a tag, a comment, a CDATA section)? */
@inline function startsMarkup(lt: usize, end: usize): bool {
  if (lt + 2 >= end) return false;
  const c = <u32>load<u16>(lt, 2);
  return c == 0x2f || c == 0x21 || (classOf(c) & NAME_START) != 0;
}

/** What `parse` returns when the records need more room than it was given. */
const OUT_OF_ROOM: i32 = -1;
/** What `parse` returns when it hands an item over (see the top). */
const HAND_OVER: i32 = -2;

/** The text `parse` reads (for `handedAt`). */
let textAt: usize = 0;

/**
 * Where the item of the root's content being read starts (or the top-level item, before or after the root), with
 * the counts, the root and the element open there: what is handed over if the item cannot be read here, and
 * what `parse` leaves when it reads to the end.
 */
@inline function mark(at: usize, nodeCount: i32, tagsUsed: i32, attributesUsed: i32, root: i32, open: i32): void {
  itemAt = at;
  nodesDone = nodeCount;
  tagsDone = tagsUsed;
  attributesDone = attributesUsed;
  rootId = root;
  openId = open;
}

/** Hands the item marked over (see the top); before the root, the whole text. */
function handOver(): i32 {
  return rootId < 0 ? 0 : HAND_OVER;
}

/**
 * Reads the `n` code units at `text` from `from` into node records at `nodes` (room for `nodeRoom`; node 0 the
 * document's, which JS writes), tag records at `tagsAt` and attribute records at `attributesAt`, the next ones
 * numbered `nodeCount`, `tagsUsed`, `attributesUsed`. `root`: the root element if there is one yet (-1);
 * `opened`: the element open (-1: none), its name at `openName` (a unit offset), `openLength` long. `declarationEnd`:
 * where an XML declaration JS found valid at the start ends (0: none), `xmlSymbol` its target's symbol. Returns 1
 * when it read to the end, `HAND_OVER`, 0 when it gives up on the whole text, or `OUT_OF_ROOM`; what it read:
 * `nodes`, `tags`, `attributes`, `handedAt`, `root`, `open`, `closedBefore`.
 */
export function parse(
  text: usize,
  n: i32,
  nodes: usize,
  nodeRoom: i32,
  tagsAt: usize,
  tagRoom: i32,
  attributesAt: usize,
  attributeRoom: i32,
  declarationEnd: i32,
  xmlSymbol: i32,
  from: i32,
  nodeCount: i32,
  tagsUsed: i32,
  attributesUsed: i32,
  root: i32,
  opened: i32,
  openName: i32,
  openLength: i32,
): i32 {
  const end = text + (<usize>n << 1);
  let p = text + (<usize>from << 1);
  const firstNode = nodeCount;
  let depth: i32 = 0;
  let cur: i32 = 0;
  let first: i32 = root;
  textAt = text;
  closed = -1;
  if (opened >= 0) {
    store<i32>(OPEN, opened);
    store<i32>(OPEN, <i32>(text + (<usize>openName << 1)), 4);
    store<i32>(OPEN, openLength << 1, 8);
    depth = 1;
    cur = opened;
  }
  mark(p, nodeCount, tagsUsed, attributesUsed, first, depth > 0 ? cur : -1);
  if (declarationEnd > 0 && from == 0) {
    writeNode(nodes, 1, PI | CLOSED, 0, declarationEnd, 0, 0);
    store<i32>(tagsAt, xmlSymbol);
    store<i32>(tagsAt, 5, 4);
    store<i64>(tagsAt, 0, 8);
    store<i64>(tagsAt, 0, 16);
    store<i32>(tagsAt, 0, 24);
    nodeCount = 2;
    tagsUsed = 1;
    p = text + (<usize>declarationEnd << 1);
  }
  while (p < end) {
    if (depth <= 1) mark(p, nodeCount, tagsUsed, attributesUsed, first, depth > 0 ? cur : -1);
    if (nodeCount >= nodeRoom || tagsUsed >= tagRoom) return OUT_OF_ROOM;
    let c = <u32>load<u16>(p);
    let start = p;
    if (c != 0x3c) {
      // White space up to markup is no node; text is.
      if ((classOf(c) & WS) != 0) {
        let q = p + 2;
        while (q < end && (classOf(<u32>load<u16>(q)) & WS) != 0) q += 2;
        if (q >= end) break;
        if (load<u16>(q) == 0x3c && startsMarkup(q, end)) {
          p = q;
          c = 0x3c;
        } else {
          p = q;
        }
      }
      if (c != 0x3c) {
        // Text from `start`, its first character not white space at `p`.
        if (cur == 0) return handOver(); // text outside the root
        const from = p;
        let decoded = false;
        while (p < end) {
          const d = <u32>load<u16>(p);
          if (d < 128) {
            if ((load<u8>(CLASSES + <usize>d) & TEXT_STOP) == 0) {
              p += 2;
              continue;
            }
            if (d == 0x3c) {
              if (startsMarkup(p, end)) break;
              return handOver();
            }
            if (d == 0x26) {
              const length = p + 2 < end && load<u16>(p, 2) == 0x23 ? characterReferenceAt(p, end) : predefinedAt(p, end);
              if (length == 0) return handOver();
              decoded = true;
              p += length << 1;
              continue;
            }
            if (d == 0x5d) {
              if (p + 4 < end && load<u16>(p, 2) == 0x5d && load<u16>(p, 4) == 0x3e) return handOver();
              p += 2;
              continue;
            }
            return handOver(); // a control character
          }
          if (d >= 0xd800) return handOver();
          p += 2;
        }
        // Text starting with a reference is white space when every reference in it stands for white space.
        const f = <u32>load<u16>(from);
        const flags = TEXT | (f != 0x26 && isVisible(f) ? VISIBLE : 0) | (decoded ? DECODED_TEXT : 0) | (decoded && f == 0x26 && isBlank(from, p, end) ? WHITESPACE : 0);
        writeNode(nodes, nodeCount++, flags, <i32>((start - text) >> 1), <i32>((p - text) >> 1), cur, 0);
        continue;
      }
    }
    // Markup at `p`.
    const lt = p;
    const c1 = <u32>load<u16>(lt, 2);
    if (c1 == 0x2f) {
      // An end tag: the innermost element's name and `>` right after it.
      if (depth == 0) return handOver();
      const top = OPEN + <usize>(depth - 1) * 12;
      const bytes = <usize>load<i32>(top, 8);
      const ns = lt + 4;
      const ne = ns + bytes;
      if (ne >= end || load<u16>(ne) != 0x3e || memory.compare(<usize>load<i32>(top, 4), ns, bytes) != 0) return handOver();
      const el = load<i32>(top);
      depth--;
      if (el < firstNode) {
        // Opened before this call, its records are JS's: what closing it writes is left for JS to write.
        closed = el;
        closedEnd = <i32>((ne + 2 - text) >> 1);
        closedAfter = nodeCount;
        closedEndTag = <i32>((lt - text) >> 1);
        closedEndTagNameEnd = <i32>((ne - text) >> 1);
      } else {
        const node = nodes + <usize>el * NODE;
        store<i32>(node, load<i32>(node) | HAS_END_TAG | END_TAG_CLOSED);
        store<i32>(node, <i32>((ne + 2 - text) >> 1), 8);
        store<i32>(node, nodeCount, 16);
        const tag = tagsAt + <usize>load<i32>(node, 20) * TAG;
        store<i32>(tag, <i32>((lt - text) >> 1), 20);
        store<i32>(tag, <i32>((ne - text) >> 1), 24);
      }
      cur = depth > 0 ? load<i32>(OPEN + <usize>(depth - 1) * 12) : 0;
      p = ne + 2;
      continue;
    }
    if (c1 == 0x21) {
      const c2 = <u32>load<u16>(lt, 4);
      if (c2 == 0x2d && lt + 8 <= end && load<u16>(lt, 6) == 0x2d) {
        // A comment, up to the first `--`, which must be `-->`.
        let q = lt + 8;
        for (;;) {
          if (q >= end) return handOver();
          const d = <u32>load<u16>(q);
          if (d == 0x2d && q + 2 < end && load<u16>(q, 2) == 0x2d) break;
          if ((d < 0x20 && (classOf(d) & WS) == 0) || d >= 0xd800) return handOver();
          q += 2;
        }
        if (q + 4 >= end || load<u16>(q, 4) != 0x3e) return handOver();
        p = q + 6;
        writeNode(nodes, nodeCount++, COMMENT | CLOSED, <i32>((lt - text) >> 1), <i32>((p - text) >> 1), cur, 0);
        continue;
      }
      if (c2 == 0x5b && cur != 0 && lt + 18 <= end && load<u64>(lt, 6) == 0x0054_0041_0044_0043 && load<u32>(lt, 14) == 0x005b_0041) {
        // A CDATA section (`<![CDATA[`), up to `]]>`.
        const vs = lt + 18;
        let q = vs;
        for (;;) {
          if (q >= end) return handOver();
          const d = <u32>load<u16>(q);
          if (d == 0x5d && q + 4 < end && load<u16>(q, 2) == 0x5d && load<u16>(q, 4) == 0x3e) break;
          if ((d < 0x20 && (classOf(d) & WS) == 0) || d >= 0xd800) return handOver();
          q += 2;
        }
        p = q + 6;
        const visible = vs < q && isVisible(<u32>load<u16>(vs)) ? VISIBLE : 0;
        writeNode(nodes, nodeCount++, CDATA | CLOSED | visible, <i32>((lt - text) >> 1), <i32>((p - text) >> 1), cur, 0);
        continue;
      }
      return handOver();
    }
    // A start tag: an ASCII name (the root's a well-known one), then white space, `>` or `/`.
    const ns = lt + 2;
    if ((classOf(c1) & NAME_START) == 0) return handOver();
    let ne = ns + 2;
    while (ne < end && (classOf(<u32>load<u16>(ne)) & NAME) != 0) ne += 2;
    if (ne >= end) return handOver();
    const after = <u32>load<u16>(ne);
    if (after != 0x3e && after != 0x2f && (classOf(after) & WS) == 0) return handOver();
    // The root's name a well-known one (another root is the other parser's to read); below it, any.
    const symbol = cur == 0 ? knownSymbol(ns, ne) : symbolOf(text, ns, ne);
    if (symbol < 0) return handOver();
    const el = nodeCount++;
    const t = tagsUsed++;
    // Its kind and flags, and its end, once its start tag is read.
    writeNode(nodes, el, 0, <i32>((lt - text) >> 1), 0, cur, t);
    const node = nodes + <usize>el * NODE;
    const tag = tagsAt + <usize>t * TAG;
    store<i32>(tag, symbol);
    store<i32>(tag, <i32>((ne - text) >> 1), 4);
    store<i32>(tag, attributesUsed, 12);
    store<i64>(tag, 0, 20);
    if (cur == 0) {
      if (first >= 0) return handOver(); // a second root
      first = el;
    }
    // Its attributes, each `name="value"` (or single quotes) after white space, plain characters only.
    const firstAttribute = attributesUsed;
    let q = ne;
    let sawSpace = false;
    let flags = 0;
    for (;;) {
      if (q >= end) return handOver();
      const d = <u32>load<u16>(q);
      if ((classOf(d) & WS) != 0) {
        q += 2;
        while (q < end && (classOf(<u32>load<u16>(q)) & WS) != 0) q += 2;
        sawSpace = true;
        continue;
      }
      if (d == 0x3e) {
        q += 2;
        flags = START_TAG_CLOSED;
        break;
      }
      if (d == 0x2f) {
        if (q + 2 >= end || load<u16>(q, 2) != 0x3e) return handOver();
        q += 4;
        flags = START_TAG_CLOSED | SELF_CLOSING;
        break;
      }
      if (!sawSpace || (classOf(d) & NAME_START) == 0) return handOver();
      if (attributesUsed >= attributeRoom) return OUT_OF_ROOM;
      const an = q;
      q += 2;
      while (q < end && (classOf(<u32>load<u16>(q)) & NAME) != 0) q += 2;
      const ane = q;
      if (q + 2 >= end || load<u16>(q) != 0x3d) return handOver();
      const quote = <u32>load<u16>(q, 2);
      if (quote != 0x22 && quote != 0x27) return handOver();
      const name = cur == 0 ? knownSymbol(an, ane) : symbolOf(text, an, ane);
      if (name < 0) return handOver();
      for (let k = firstAttribute; k < attributesUsed; k++) if (load<i32>(attributesAt + <usize>k * ATTRIBUTE, 4) == name) return handOver();
      q += 4;
      for (;;) {
        if (q >= end) return handOver();
        const e = <u32>load<u16>(q);
        if (e < 128) {
          if ((load<u8>(CLASSES + <usize>e) & VALUE_STOP) != 0) break;
        } else if (e >= 0xd800) {
          return handOver();
        }
        q += 2;
      }
      if (<u32>load<u16>(q) != quote) return handOver();
      const attribute = attributesAt + <usize>attributesUsed * ATTRIBUTE;
      store<i32>(attribute, HAS_VALUE | VALUE_CLOSED | (quote == 0x22 ? DOUBLE_QUOTED : SINGLE_QUOTED));
      store<i32>(attribute, name, 4);
      store<i32>(attribute, <i32>((an - text) >> 1), 8);
      store<i32>(attribute, <i32>((ane - text) >> 1), 12);
      store<i32>(attribute, <i32>((ane + 2 - text) >> 1), 16);
      store<i32>(attribute, <i32>((q + 2 - text) >> 1), 20);
      attributesUsed++;
      q += 2;
      sawSpace = false;
    }
    const tagEnd = <i32>((q - text) >> 1);
    store<i32>(tag, tagEnd, 8);
    store<i32>(tag, attributesUsed, 16);
    store<i32>(node, ELEMENT | flags);
    if ((flags & SELF_CLOSING) != 0) {
      store<i32>(node, tagEnd, 8);
    } else {
      if (depth == MAX_DEPTH) return handOver();
      store<i32>(node, <i32>((ne - text) >> 1), 8);
      const top = OPEN + <usize>depth * 12;
      store<i32>(top, el);
      store<i32>(top, <i32>ns, 4);
      store<i32>(top, <i32>(ne - ns), 8);
      depth++;
      cur = el;
    }
    p = q;
  }
  // At the end with elements open, the full parser reports them, from the item they stand in (with only the root
  // open, from the end); with none, what was read is all.
  if (depth <= 1) mark(end, nodeCount, tagsUsed, attributesUsed, first, depth > 0 ? cur : -1);
  return depth > 0 || first < 0 ? handOver() : 1;
}
