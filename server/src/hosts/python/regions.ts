/**
 * The VoiceML regions of a Python file: one per string expression holding VoiceML (by its first markup, as in
 * every host: `document/embedding.ts`) — or per string joined by code (`joined.ts`) — each a same-length
 * virtual document (`virtual.ts`) with its substitutions and seams.
 *
 * Cost. A file without a VoiceML start tag costs a few substring searches and never loads the parser. Else
 * `@lezer/python` parses the file — again only what changed since the document's previous analysis (its
 * tree fragments are kept) — and one walk lists the strings. A string whose first character cannot start
 * markup is dropped before its virtual text is made; parsed XML is reused when a string's text did not
 * change. The file's names (for the injection rule's view of a field) are read only when a rule asks.
 *
 * A keystroke. When the document changed only inside the literal text of one VoiceML string (not in a field,
 * and not by a character that could end the string, open a field or an escape), in a statement lezer read
 * without a syntax error (its recovery from one depends on what follows), no token of the file changed:
 * that string is read again (`afterChange`), every other region is its previous version moved with all it
 * knew, and the file is not even parsed — its next version parses only if something asks (`file.ts`).
 */
import type { SyntaxNode } from '@lezer/common';
import { nodeAt, type NodeAt } from './lezer';
import { acceptParsed, contentParentAt, firstLook, isBalanced, mentionsVoiceML, shapeOf, tagWithin } from '../../document/embedding';
import { createRegion, type SubstitutionValue, type VoiceMLRegion } from '../../document/region';
import { KeptSubstitution } from '../../document/substitutions';
import { changeBetween, deltaOf, recordCodeKept, type TextChange } from '../../document/change';
import { countBefore } from '../../document/search';
import { parseTree } from '../../parser';
import type { XmlTree } from '../../parser/tree';
import { stringsAt, stringsIn, type Field, type Piece, type PythonString } from './literals';
import { PYTHON_CALLS, PythonStringHost } from './syntax';
import { escapeQuoted } from '../quoted';
import { findBuilt, keywordOf, mayBuildVoiceML, methodOf } from './builders';
import { builtRegion, type BuilderSyntax } from '../../document/built';
import { virtualText } from './virtual';
import { PythonJoins } from './joined';
import { pythonConstant, pythonWrittenValue } from './constants';
import { PythonFile } from './file';
import { Memo } from '../../memo';

/** What one analysis of a document leaves for the next. */
interface Memory {
  file: PythonFile;
  /** The parsed strings by virtual text: those of the last full analysis, and those parsed since (`recent`). */
  trees: ReadonlyMap<string, XmlTree>;
  recent?: ReadonlyMap<string, XmlTree>;
  /** What a keystroke in a string's text needs (`afterChange`); undefined when the file builds responses with calls. */
  strings?: Strings;
}

/** The regions of a file and the strings they were read from, in order. */
interface Strings {
  regions: readonly VoiceMLRegion[];
  /**
   * Where each region's string was in the file's text (its fields' values where they stood in the version it
   * was read in), and how far it has moved since (`shifts`).
   */
  layouts: readonly PythonString[];
  shifts: Int32Array;
  places: readonly Place[];
  /** How each string looked (`firstLook`), and whether it may be one piece of a response joined elsewhere. */
  looks: readonly ('voiceml' | 'xml')[];
  piecewise: readonly boolean[];
  /** Each region's container (the region in one of whose fields it is), or -1. */
  containers: Int32Array;
}

const memories = new Memo<readonly VoiceMLRegion[], Memory>('memory', { hidden: true });

export function findPythonRegions(text: string, _languageId: string, previous?: readonly VoiceMLRegion[]): VoiceMLRegion[] {
  const before = previous ? memories.get(previous) : undefined;
  if (before && before.file.text === text) return previous as VoiceMLRegion[];
  if (before?.strings) {
    const moved = afterChange(before as Memory & { strings: Strings }, previous!, text);
    if (moved) return moved;
  }
  const file = before ? before.file.next(text, changeBetween(before.file.text, text)) : new PythonFile(text, undefined, []);
  const regions: VoiceMLRegion[] = [];
  const trees = new Map<string, XmlTree>();
  const memory: Memory = { file, trees };
  memories.set(regions, memory);
  const builds = mayBuildVoiceML(text);
  if (!builds && !mentionsVoiceML(text)) return regions;

  const tree = file.tree();
  const reuse = (key: string): XmlTree | undefined => before?.recent?.get(key) ?? before?.trees.get(key);
  // Regions whose text holds the current string (it then sits in one of their fields).
  const around: VoiceMLRegion[] = [];
  const strings: Strings = { regions: [], layouts: [], shifts: new Int32Array(0), places: [], looks: [], piecewise: [], containers: new Int32Array(0) };
  const containers: number[] = [];

  // Each string, or the string joined by code that it is a piece of (read once however many pieces hold VoiceML).
  const joins = new PythonJoins(text);
  const seen = new Set<PythonString>();
  const found: { string: PythonString; node: SyntaxNode }[] = [];
  for (const { string, node } of stringsIn(tree, text)) {
    const around = joins.around(string, node);
    if (!seen.has(around)) found.push({ string: around, node });
    seen.add(around);
  }
  found.sort((a, b) => a.string.start - b.string.start || b.string.end - a.string.end);

  for (const { string, node } of found) {
    if (!mayStartMarkup(text, string)) continue;
    const virtual = virtualText(text, string);
    const look = firstLook(virtual.text);
    if (look === 'no') continue;
    const key = string.trimmed ? TRIMMED + virtual.text : virtual.text;
    let xml = trees.get(key) ?? reuse(key);
    if (!xml) xml = parseTree(virtual.text, { placeholders: true, trimmed: string.trimmed });
    trees.set(key, xml);
    if (look === 'xml' && !acceptParsed(xml)) continue;
    // One piece of a response built by joining strings where the code cannot be followed (a loop, a branch,
    // a list filled elsewhere, a one-line literal appended to later) is not checked on its own when it opens
    // or closes an element it does not hold. A triple-quoted string is a whole response: checked as it is.
    const piecewise = isPiecewise(string, node);
    if (piecewise && !isBalanced(xml)) continue;

    const offset = string.pieces[0]!.contentStart;
    while (around.length > 0 && endOf(around[around.length - 1]!) <= string.start) around.pop();
    const outer = around[around.length - 1];
    const context = outer ? contentParentAt(outer, string.start - outer.offset) : undefined;
    const place = new Place(file, string, file, string.start, node);
    const region = createRegion({
      offset,
      tree: xml,
      ...shapeOf(xml, context),
      substitutions: substitutionsOf(text, string, offset, place),
      seams: virtual.seams.length > 0 ? virtual.seams : undefined,
      escapes: virtual.escapes.length > 0 ? virtual.escapes : undefined,
      host: new PythonStringHost(file, string, place),
      // Its place is its lineage: one per string, kept while the string only moves (`afterChange`).
      lineage: place,
    });
    containers.push(outer ? strings.regions.indexOf(outer) : -1);
    (strings.regions as VoiceMLRegion[]).push(region);
    (strings.layouts as PythonString[]).push(string);
    (strings.places as Place[]).push(place);
    (strings.looks as string[]).push(look);
    (strings.piecewise as boolean[]).push(piecewise);
    regions.push(region);
    around.push(region);
  }
  // Responses built with Twilio's helper library: after the regions with text, as they have none.
  if (builds) {
    const written = (node: SyntaxNode): string => pythonWrittenValue(node, text, file.assigned);
    for (const built of findBuilt(tree, text, written)) regions.push(builtRegion(built.root, PYTHON_CALLS, builderSyntax(text), built.partial));
  } else {
    strings.containers = Int32Array.from(containers);
    strings.shifts = new Int32Array(containers.length);
    memory.strings = strings;
  }
  return regions;
}

/**
 * The regions after the change to `text`, when it was made inside the literal text of one string that holds
 * VoiceML — no other string in its fields, itself in no field — and so changed no token of the file (see the
 * top of this file); undefined otherwise, and the file is analysed afresh.
 */
function afterChange(memory: Memory & { strings: Strings }, previous: readonly VoiceMLRegion[], text: string): VoiceMLRegion[] | undefined {
  const { regions: made, layouts, shifts, places, looks, piecewise, containers } = memory.strings;
  const before = memory.file.text;
  const change = changeBetween(before, text);
  if (!change || !keepsTokens(before, text, change)) return undefined;
  const count = made.length;
  // The string holding the change is the last one starting before it (the others hold no field with a string).
  const startOf = (i: number): number => layouts[i]!.start + shifts[i]!;
  const k = countBefore(count, startOf, change.start) - 1;
  if (k < 0 || containers[k]! >= 0 || (k + 1 < count && startOf(k + 1) < layouts[k]!.end + shifts[k]!)) return undefined;
  const layout = shifts[k] === 0 ? layouts[k]! : shiftString(layouts[k]!, shifts[k]!);
  const piece = layout.pieces.find((p) => !p.code && p.contentStart <= change.start && change.end <= p.contentEnd);
  if (!piece || layout.fields.some((f) => change.start < f.end && change.end > f.start)) return undefined;
  // Only a piece written across lines may take a line break; a value worked out from the text typed in may be
  // another now; a builder or the last VoiceML tag typed away: as the full analysis decides.
  if (piece.quote.length !== 3 && (hasLineBreak(before, change.start, change.end) || hasLineBreak(text, change.start, change.newEnd))) return undefined;
  if (memory.file.reads(change) || mayBuildVoiceML(text) || memory.file.recoveredAround(change.start)) return undefined;

  const delta = deltaOf(change);
  const file = memory.file.next(text, change);
  const moved = moveString(layout, change);
  if (!mayStartMarkup(text, moved) || !holdsTag(text, moved)) return undefined;
  const virtual = virtualText(text, moved);
  const look = firstLook(virtual.text);
  if (look !== looks[k]) return undefined;
  const recent = new Map<string, XmlTree>();
  const key = moved.trimmed ? TRIMMED + virtual.text : virtual.text;
  const xml = memory.recent?.get(key) ?? memory.trees.get(key) ?? parseTree(virtual.text, { placeholders: true, trimmed: moved.trimmed });
  recent.set(key, xml);
  if ((look === 'xml' && !acceptParsed(xml)) || (piecewise[k] && !isBalanced(xml))) return undefined;

  const regions: VoiceMLRegion[] = [];
  const nextLayouts = layouts.slice();
  const nextShifts = shifts.slice();
  const nextPlaces = places.slice();
  made.forEach((region, i) => {
    if (i === k) {
      // Its string read again where it stands: its fields' values still where they stood in the version it was read in.
      const place = new Place(file, places[k]!.string, places[k]!.madeIn, moved.start);
      const substitutions = substitutionsOf(text, moved, moved.pieces[0]!.contentStart, place);
      const kept = region.substitutions as readonly PythonSubstitution[] | undefined;
      if (kept) substitutions.forEach((s, n) => s.keep(kept[n]));
      nextLayouts[k] = moved;
      nextShifts[k] = 0;
      nextPlaces[k] = place;
      regions.push(
        createRegion({
          offset: region.offset,
          tree: xml,
          ...shapeOf(xml, undefined),
          substitutions,
          seams: virtual.seams.length > 0 ? virtual.seams : undefined,
          escapes: virtual.escapes.length > 0 ? virtual.escapes : undefined,
          host: new PythonStringHost(file, moved, place),
          lineage: place,
        }),
      );
      return;
    }
    const shift = region.offset >= change.end ? delta : 0;
    const place = places[i]!;
    place.file = file;
    place.start += shift;
    nextShifts[i]! += shift;
    const total = nextShifts[i]!;
    const layout = total === 0 ? layouts[i]! : () => shiftString(layouts[i]!, total);
    regions.push(
      createRegion({
        offset: region.offset + shift,
        tree: region.tree,
        kind: region.kind,
        fragmentParent: region.fragmentParent,
        substitutions: region.substitutions,
        seams: region.seams,
        escapes: region.escapes,
        host: new PythonStringHost(file, layout, place),
        lineage: region.lineage,
      }),
    );
  });
  memories.set(regions, {
    file,
    trees: memory.trees,
    recent,
    strings: { regions, layouts: nextLayouts, shifts: nextShifts, places: nextPlaces, looks, piecewise, containers },
  });
  // Typed into a response: no code read it, so the file's code (its routes) is as it was.
  recordCodeKept(regions, previous, change);
  return regions;
}

/**
 * Can the change have changed no token but the string text it is in? Not when it takes away or puts in a
 * character that ends the string or opens a field or an escape (quotes, `\`, `{`, `}`, `%`), nor right after a
 * `\` (which would then go with what follows).
 */
function keepsTokens(before: string, after: string, change: TextChange): boolean {
  const quiet = (text: string, from: number, to: number): boolean => {
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22 || c === 0x27 || c === 0x5c || c === 0x7b || c === 0x7d || c === 0x25) return false;
    }
    return true;
  };
  return quiet(before, change.start, change.end) && quiet(after, change.start, change.newEnd) && after.charCodeAt(change.start - 1) !== 0x5c;
}

/**
 * Does a VoiceML tag stand in the string's text, outside its f-string fields (which are code)? The full analysis
 * finds a string from such a tag (`stringsAt`); one without is not found.
 */
function holdsTag(text: string, string: PythonString): boolean {
  const fields = string.fields.filter((f) => f.kind === 'fstring');
  return string.pieces.some((piece) => {
    if (piece.code) return false;
    let from = piece.contentStart;
    for (const field of fields) {
      if (field.start < from || field.start >= piece.contentEnd) continue;
      if (tagWithin(text, from, field.start)) return true;
      from = field.end;
    }
    return tagWithin(text, from, piece.contentEnd);
  });
}

function hasLineBreak(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 0x0a || text.charCodeAt(i) === 0x0d) return true;
  return false;
}

/**
 * `string`'s layout after `change`, made in the text of one of its pieces: edges after it move, the piece (and
 * the string) holding it grow. Its fields' values are left as they were: where they stood in the version it was
 * read in (a `Place` reads the string again from a later version's tree).
 */
function moveString(string: PythonString, change: TextChange): PythonString {
  const delta = deltaOf(change);
  // An edge where text starts stays at the change; one where it ends moves with it.
  const starting = (offset: number): number => (offset > change.start ? offset + delta : offset);
  const ending = (offset: number): number => (offset >= change.start ? offset + delta : offset);
  return {
    ...string,
    start: starting(string.start),
    end: ending(string.end),
    pieces: string.pieces.map((p): Piece => ({ ...p, start: starting(p.start), end: ending(p.end), contentStart: starting(p.contentStart), contentEnd: ending(p.contentEnd) })),
    fields: string.fields.map((f): Field => ({ ...f, start: ending(f.start), end: starting(f.end), expressionStart: starting(f.expressionStart), expressionEnd: ending(f.expressionEnd) })),
  };
}

/** `string`'s layout moved `shift` further on. */
function shiftString(string: PythonString, shift: number): PythonString {
  return moveString(string, { start: string.start - 1, end: string.start - 1, newEnd: string.start - 1 + shift });
}

/**
 * Where a region's string is, in the file's latest version: its fields' values, what they hold. A
 * keystroke elsewhere moves the region; its substitutions keep what they were found to hold and their place
 * moves instead (`file`, `start`). `string` was read in `madeIn`: in a later version it is read again, from
 * that version's tree, when a value is needed.
 */
class Place {
  private read: { file: PythonFile; string: PythonString } | undefined;
  /** Fields whose value is still to be worked out while `near` is held. */
  private pending: number;

  constructor(
    public file: PythonFile,
    readonly string: PythonString,
    readonly madeIn: PythonFile,
    /** The string's start in `file`. */
    public start: number,
    /**
     * The string's node in `madeIn`'s tree, held until each field's value was worked out (the validation that
     * follows the analysis asks them all): a field's value is found from it a level or two down, not from the
     * top of the tree. Then let go: a node holds its parents (see `NodeAt`). The constants the call flow asks
     * for first are found from it too (see `nodeOf`).
     */
    private near?: SyntaxNode,
  ) {
    this.pending = near ? string.fields.filter((f) => f.value).length : 0;
  }

  /**
   * The node of a field's value in `file`'s tree. `counted`: a question the validation asks of every field
   * (what it holds), after which `near` is let go once each field was asked; the call flow's questions (the
   * constant text of a URL's fields, asked before the validation) are answered from `near` too, uncounted.
   */
  private nodeOf(value: NodeAt, counted: boolean): SyntaxNode | null {
    const near = this.near && this.file === this.madeIn ? this.near : undefined;
    const node = nodeAt(near ?? this.file.tree(), value);
    if (near && counted && --this.pending <= 0) this.near = undefined;
    return node;
  }

  /** The string read from `file`'s tree. */
  current(): PythonString {
    if (this.file === this.madeIn) return this.string;
    if (this.read?.file !== this.file) {
      const file = this.file;
      // Found from inside its first literal, as the full analysis found it from a tag in it.
      const literal = this.string.pieces.find((p) => !p.code) ?? this.string.pieces[0]!;
      const at = literal.contentStart - this.string.start + this.start;
      const found = stringsAt(file.tree(), file.text, [at]).find(({ string }) => string.start <= at && at < string.end);
      this.read = { file, string: found ? joinsOf(file).around(found.string, found.node) : this.string };
    }
    return this.read.string;
  }

  valueOf(index: number): SubstitutionValue {
    const field = this.current().fields[index];
    const node = field?.value && this.nodeOf(field.value, true);
    return node ? this.file.names().valueOf(node) : { kind: 'unknown' };
  }

  constantOf(index: number): string | undefined {
    const field = this.current().fields[index];
    const file = this.file;
    const node = field?.value && this.nodeOf(field.value, false);
    return node ? pythonConstant(node, file.text, file.assigned) : undefined;
  }
}

/** The joined strings of a version of a file, read once. */
const joins = new Memo<PythonFile, PythonJoins>('joins', { hidden: true });
function joinsOf(file: PythonFile): PythonJoins {
  let found = joins.get(file);
  if (!found) joins.set(file, (found = new PythonJoins(file.text)));
  return found;
}

/** A field of a Python string, found again from its place when what it holds is asked for. */
class PythonSubstitution extends KeptSubstitution {
  constructor(
    field: Field,
    base: number,
    source: string,
    private readonly place: Place,
    /** Its index among its string's fields. */
    private readonly index: number,
  ) {
    super(field, base, source);
  }

  protected valueNow(): SubstitutionValue {
    return this.place.valueOf(this.index);
  }

  protected constantNow(): string | undefined {
    return this.place.constantOf(this.index);
  }
}

function substitutionsOf(text: string, string: PythonString, base: number, place: Place): PythonSubstitution[] {
  return string.fields.map((field, i) => new PythonSubstitution(field, base, text, place, i));
}

const endOf = (region: VoiceMLRegion): number => region.offset + region.tree.text.length;

/**
 * May the string be one piece of a response the code joins in ways not followed: joined by code, an item of
 * a list or tuple (`parts = ["<Response>", …]`, joined later), or written in closed one-line literals only?
 */
function isPiecewise(string: PythonString, node: SyntaxNode): boolean {
  if (string.joined) return true;
  // A literal whose closing quote is still to be typed is checked as far as it goes.
  if (!string.pieces.some((p) => p.quote.length === 3 || !p.closed)) return true;
  const inner = node.parent?.name === 'ParenthesizedExpression' ? node.parent : node;
  const parent = inner.parent;
  return parent?.name === 'ArrayExpression' || parent?.name === 'TupleExpression';
}

/** Trees of trimmed texts are kept apart from those of the same text untrimmed. */
const TRIMMED = '\u0000trimmed:';


/**
 * Can the string's text start with markup? Its first character (after white space) must be `<`, a field
 * (`{`, `%`) or an escape (`\n<Response>`); most strings of a file are dropped here, before any text is made.
 */
function mayStartMarkup(text: string, string: PythonString): boolean {
  const piece = string.pieces[0]!;
  if (piece.code) return true; // `body + "</Response>"`: a substitution first
  for (let i = piece.contentStart; i < piece.contentEnd; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x3c || c === 0x7b || c === 0x25 || c === 0x5c;
  }
  return string.pieces.length > 1; // white space only, then the next piece
}

/** How builder code is written in Python: classes as they are, methods and keywords in snake case, strings quoted. */
function builderSyntax(text: string): BuilderSyntax {
  return {
    elementCode: (name, element) => (element.written === 'class' ? name : methodOf(name)),
    attributeCode: keywordOf,
    valueCode: (value, span) => {
      const quote = text[span.start - 1];
      return quote === '"' || quote === "'" ? escapeQuoted(value, quote) : undefined;
    },
  };
}
