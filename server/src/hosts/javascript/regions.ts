/**
 * The VoiceML regions of a JS/TS file: one per template literal that holds VoiceML (see `detect.ts`), each a
 * same-length virtual document (`virtual.ts`) parsed with placeholders for its `${…}`.
 *
 * Cost. A file without a backtick, or without anything that could start VoiceML (`mayHoldVoiceML`), costs a
 * few substring searches and never loads `typescript`. Otherwise one scanner
 * pass finds the templates; a template is parsed as XML only if it looks like VoiceML, and parsed trees are
 * reused from the document's previous analysis when the template's text did not change (keyed by the virtual
 * text). The file's bindings (for the injection rule's view of `${name}`) are computed only when a rule asks.
 *
 * A keystroke. When the document changed only inside the text of one template (not in a `${…}`, and not by a
 * character that could end or open a template, a substitution or an escape), no token of the file changed
 * but that template's. Then only that template and the ones around it are looked at and parsed again
 * (`afterChange`); every other region is its previous version moved, with all it knew — its tree, what its
 * substitutions hold, its lineage (so its findings are kept) — and the file is neither scanned nor searched.
 */
import { parseTree } from '../../parser';
import { PLACEHOLDER } from '../../parser/ast';
import { RecordArena, type XmlTree } from '../../parser/tree';
import type * as TS from 'typescript';
import { createRegion, type EscapeSpan, type VoiceMLRegion } from '../../document/region';
import { acceptParsed, contentParentAt, firstLook as firstLookOf, isBalanced, shapeOf, tagOffsets, tagOutside } from '../../document/embedding';
import { changeBetween, deltaOf, rangeBefore, recordCodeKept, type TextChange } from '../../document/change';
import { countBefore, NextOccurrence } from '../../document/search';
import { claimOf, firstLook, mayHoldVoiceML, type Claim } from './detect';
import { argumentSite, sitesReceiving } from './sinks';
import { escapeTemplateText, JoinedString, TemplateFile } from './syntax';
import { escapeQuoted } from '../quoted';
import { findBuilt, mayBuildVoiceML } from './builders';
import { builtRegion, type BuilderSyntax } from '../../document/built';
import { findJoined, pieceRange } from './joined';
import { typescript } from './typescript';
import { findTemplates, inTemplateText, parseFile, type KeptParse, type TemplateLiteral } from './templates';
import { writtenValueOf } from './constants';
import { joinedVirtualText, virtualText } from './virtual';
import { joinedSubstitutions, substitutionsOf, type ScriptSubstitution } from './substitutions';
import { Memo } from '../../memo';

/** What one analysis of a document leaves for the next. */
interface Memory {
  languageId: string;
  /** The parsed strings by virtual text: those of the last full analysis, and those parsed since (`recent`). */
  trees: ReadonlyMap<string, XmlTree>;
  recent?: ReadonlyMap<string, XmlTree>;
  /**
   * What a keystroke inside a template needs (`afterChange`); undefined when the analysis read the parsed
   * file (JSX, a scan it could not trust, strings joined from pieces, builders), whose nodes would not move.
   */
  scan?: Scan;
  /** The document was analysed before: it is being edited, and its parse is kept for its next version. */
  edited: boolean;
  /**
   * The parse of an edited document, handed from version to version: made or brought up to date when the routes
   * are read (`parseKept`), or made to look at a keystroke in a template's text (`codeReadAlike`).
   */
  kept?: KeptParse;
  /**
   * When `kept` is the parse of a version before this one: the changes since, in order, each made inside the
   * text of a template for TypeScript too (see `afterChange`). Undefined when it is this version's, or not known.
   */
  keptSince?: readonly TextChange[];
  /** Its parse was handed to the next version's memory (`handOver`). */
  handed?: boolean;
}

/**
 * Changes typed into templates' texts that the kept parse of a file is read through at most (`keptSince`);
 * past them it is parsed again (then ~6 ms for 100 KB, once in so many keystrokes).
 */
const KEPT_CHANGES = 256;

/** A file's templates and what was made of each, for the next keystroke. */
interface Scan {
  text: string;
  /** Every template, in order of start, each as it was found: `shifts[i]` further on in `text`. */
  templates: readonly TemplateLiteral[];
  shifts: Int32Array;
  /** Each template's container (the template in one of whose `${…}` it is), or -1. */
  parents: Int32Array;
  /** How each template looked (undefined: its tag or marker names another language). */
  seen: readonly (Seen | undefined)[];
  /** The region made of each template, if any. */
  made: readonly (VoiceMLRegion | undefined)[];
  host: TemplateFile;
}

/**
 * How a template looked: what its tag or marker says, its first look (`detect.ts`), whether it starts with
 * markup (then it is VoiceML where its call receives VoiceML elsewhere), and the verdict; its virtual text.
 */
interface Seen {
  claim: Claim;
  firstLook: Look;
  markup: boolean;
  look: Look;
  virtual: string;
  escapes: EscapeSpan[];
}

type Look = 'voiceml' | 'xml' | 'no';

/** Markup that says nothing VoiceML, with nothing else saying what it is: VoiceML if its call receives VoiceML elsewhere. */
const mayBeSunk = (seen: Seen | undefined): boolean => seen !== undefined && seen.look === 'no' && seen.claim === 'content' && seen.markup;

const memories = new Memo<readonly VoiceMLRegion[], Memory>('memory', { hidden: true });

/**
 * The regions of `text`. `previous`: the regions this function returned for the same document before (its
 * parsed templates are reused where the text is unchanged).
 */
export function findEmbeddedRegions(text: string, languageId: string, previous?: readonly VoiceMLRegion[]): VoiceMLRegion[] {
  const memory = previous ? memories.get(previous) : undefined;
  const before = memory?.languageId === languageId ? memory : undefined;
  if (before?.scan) {
    if (before.scan.text === text) return previous as VoiceMLRegion[];
    const moved = afterChange(before as Memory & { scan: Scan }, previous!, text);
    if (moved) return moved;
  }
  const regions: VoiceMLRegion[] = [];
  const trees = new Map<string, XmlTree>();
  const remembered: Memory = { languageId, trees, edited: before !== undefined, kept: handOver(before) };
  memories.set(regions, remembered);
  const builds = mayBuildVoiceML(text);
  if (!mayHoldVoiceML(text) && !builds) return regions;

  const reuse = (key: string): XmlTree | undefined => before?.recent?.get(key) ?? before?.trees.get(key);
  // The file's parse, where the templates' scan does not do (JSX, strings joined from pieces, builders).
  const parsed = (): TS.SourceFile => parseKept(text, languageId, remembered);
  const found = findTemplates(text, languageId, parsed);
  const { templates, tape } = found;
  let file = found.file;
  const host = new TemplateFile(text, languageId, file, tape);

  // First looks, and the calls that receive VoiceML: a template starting with markup that says nothing
  // VoiceML (`<Zay>`) is VoiceML when the same call, at the same argument, receives VoiceML elsewhere.
  const backslashes = new NextOccurrence(text, '\\');
  const looks: (Seen | undefined)[] = templates.map((template) => {
    const claim = claimOf(template);
    if (claim === 'none') return undefined;
    const { text: virtual, escapes } = virtualText(text, template, backslashes);
    const look = firstLook(claim, virtual);
    return { claim, firstLook: look, markup: startsWithMarkup(virtual), look, virtual, escapes };
  });
  // Only when some template is such markup: most files have none, and then no call is looked up.
  if (looks.some(mayBeSunk)) {
    // Their calls first (they are few), then whether a VoiceML template is passed to one of them.
    const sunk = new Map<number, string>();
    templates.forEach((template, i) => {
      const site = mayBeSunk(looks[i]) ? argumentSite(text, template, tape, file) : undefined;
      if (site !== undefined) sunk.set(i, site);
    });
    const voiceml = templates.filter((_, i) => looks[i]?.look === 'voiceml');
    const sinks = sitesReceiving(text, voiceml, tape, file, new Set(sunk.values()));
    for (const [i, site] of sunk) if (sinks.has(site)) looks[i]!.look = 'voiceml';
  }

  const candidates: Candidate[] = [];
  templates.forEach((template, i) => {
    const seen = looks[i];
    if (seen) candidates.push(templateCandidate(template, seen, host, i));
  });

  // Strings joined from pieces and plain string literals: read from the parsed file, which is made only
  // when a VoiceML tag stands outside every template or a template is joined to something.
  const joins = mayBeJoined(text, templates);
  if (joins) {
    const tags = tagOffsets(text);
    file ??= parsed();
    const byStart = new Map(templates.map((t) => [t.start, t]));
    const consumed = new Set<TemplateLiteral>();
    for (const joined of findJoined(file, byStart, (start, end) => anyWithin(tags, start, end))) {
      const { text: virtual, escapes, seams } = joinedVirtualText(text, joined);
      const look = firstLookOf(virtual);
      if (look === 'no') continue;
      for (const piece of joined.pieces) if (piece.kind === 'template') consumed.add(piece.template);
      const first = pieceRange(joined.pieces[0]!);
      const last = pieceRange(joined.pieces[joined.pieces.length - 1]!);
      const offset = first.start;
      candidates.push({
        start: offset,
        end: last.end,
        offset,
        virtual,
        look,
        trimmed: joined.trimmed,
        piecewise: true,
        fields: () => ({
          substitutions: joinedSubstitutions(joined, { offset, host }),
          escapes: escapes.length > 0 ? escapes : undefined,
          seams: seams.length > 0 ? seams : undefined,
          host: new JoinedString(host, joined, offset),
        }),
      });
    }
    for (let i = candidates.length - 1; i >= 0; i--) if (candidates[i]!.template && consumed.has(candidates[i]!.template!)) candidates.splice(i, 1);
    candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  // Regions whose text holds the current one (it then sits in one of their substitutions).
  const around: VoiceMLRegion[] = [];
  const made: (VoiceMLRegion | undefined)[] = templates.map(() => undefined);
  // The trees of the strings parsed now, their records in one buffer.
  const records = new RecordArena(candidates.filter((c) => c.look !== 'no' && !reuse(treeKey(c))).map((c) => c.virtual.length));
  for (const candidate of candidates) {
    const region = place(candidate, around, trees, reuse, records);
    if (!region) continue;
    regions.push(region);
    if (candidate.index !== undefined) made[candidate.index] = region;
  }

  // Responses built with Twilio's helper library: after the regions with text, as they have none.
  if (builds) {
    file ??= parsed();
    const written = (node: TS.Expression): string => writtenValueOf(text.slice(node.getStart(file), node.end), node.getStart(file), host);
    for (const built of findBuilt(file, written)) regions.push(builtRegion(built.root, host, builderSyntax(text), built.partial));
  }
  if (found.source === 'scanner' && !joins && !builds) {
    remembered.scan = { text, templates, shifts: new Int32Array(templates.length), parents: containers(templates), seen: looks, made, host };
  }
  return regions;
}

/** The parse `memory` kept, taken from it for the next version's memory. */
function handOver(memory: Memory | undefined): KeptParse | undefined {
  const kept = memory?.kept;
  if (memory) {
    memory.kept = undefined;
    memory.handed = true;
  }
  return kept;
}

/**
 * The parse of `text` for the route reader, `regions` being its regions: the one the regions were read from,
 * or made as `parseKept` makes it.
 */
export function parseForRoutes(text: string, languageId: string, regions: readonly VoiceMLRegion[] | undefined): TS.SourceFile {
  const memory = regions && memories.get(regions);
  if (!memory || memory.languageId !== languageId) return parseFile(text, languageId);
  return parseKept(text, languageId, memory);
}

/**
 * The parse of `text`, the version `memory` remembers: for a document being edited, made from the parse of its
 * version before and kept for the next (one tree per edited document, some 35 bytes a character), whichever
 * of the regions' reading (JSX, joined strings, builders) and the route reader asks first; a file read once
 * (the workspace's) keeps nothing.
 */
function parseKept(text: string, languageId: string, memory: Memory): TS.SourceFile {
  if (!memory.edited) return parseFile(text, languageId);
  const file = parseFile(text, languageId, memory.kept);
  memory.kept = { text, file };
  memory.keptSince = undefined;
  return file;
}

/**
 * The region of `candidate`, if it is VoiceML: parsed (or its tree taken from `trees` or `reuse`, by virtual
 * text, and kept in `trees`), shaped by the region around it (`around`: the regions holding the ones to come,
 * innermost last; the region made is pushed onto it).
 */
function place(
  candidate: Candidate,
  around: VoiceMLRegion[],
  trees: Map<string, XmlTree>,
  reuse: (key: string) => XmlTree | undefined,
  records?: RecordArena,
): VoiceMLRegion | undefined {
  if (candidate.look === 'no') return undefined;
  const key = treeKey(candidate);
  let tree = trees.get(key) ?? reuse(key);
  if (!tree) tree = parseTree(candidate.virtual, { placeholders: true, trimmed: candidate.trimmed, records });
  trees.set(key, tree);
  if (candidate.look === 'xml' && !acceptParsed(tree)) return undefined;
  // One piece of a response joined from strings the code builds elsewhere (a loop, another function).
  if (candidate.piecewise && !isBalanced(tree)) return undefined;

  while (around.length > 0 && endOf(around[around.length - 1]!) <= candidate.start) around.pop();
  const outer = around[around.length - 1];
  const context = outer ? contentParentAt(outer, candidate.start - outer.offset) : undefined;
  const { kind, fragmentParent } = shapeOf(tree, context);
  const { substitutions, escapes, seams, host } = candidate.fields();
  const region = createRegion({ offset: candidate.offset, tree, kind, fragmentParent, substitutions, escapes, seams, host, lineage: {} });
  around.push(region);
  return region;
}

/** Each template's container: the nearest earlier template whose text holds it (in one of its `${…}`), or -1. */
function containers(templates: readonly TemplateLiteral[]): Int32Array {
  const parents = new Int32Array(templates.length);
  const open: number[] = [];
  templates.forEach((template, i) => {
    while (open.length > 0 && templates[open[open.length - 1]!]!.end <= template.start) open.pop();
    parents[i] = open.length > 0 ? open[open.length - 1]! : -1;
    open.push(i);
  });
  return parents;
}

/**
 * The regions after the change to `text`, when it was made inside the text of one template and so changed no
 * token but that template's (see the top of this file); undefined otherwise, and the file is analysed afresh.
 * The outermost template holding the change is looked at and parsed again with every template nested in it
 * (their texts or contexts may have changed); every other region is the one before, moved.
 */
function afterChange(memory: Memory & { scan: Scan }, previous: readonly VoiceMLRegion[], text: string): VoiceMLRegion[] | undefined {
  const scan = memory.scan;
  const change = changeBetween(scan.text, text);
  if (!change || !keepsTokens(scan.text, text, change)) return undefined;
  const { templates, shifts } = scan;
  const count = templates.length;
  const startOf = (i: number): number => templates[i]!.start + shifts[i]!;
  const holds = (i: number): boolean => templates[i]!.contentStart + shifts[i]! <= change.start && change.end <= templates[i]!.contentEnd + shifts[i]!;
  // The innermost template holding the change is the last one starting before it, or one of its containers.
  let innermost = countBefore(count, startOf, change.start) - 1;
  while (innermost >= 0 && !holds(innermost)) innermost = scan.parents[innermost]!;
  if (innermost < 0) return undefined;
  const shift = shifts[innermost]!;
  if (templates[innermost]!.substitutions.some((span) => change.start < span.end + shift && change.end > span.start + shift)) return undefined;
  let outermost = innermost;
  while (scan.parents[outermost]! >= 0) outermost = scan.parents[outermost]!;
  // The outermost one and every template nested in it, all closed.
  const groupEnd = templates[outermost]!.end + shifts[outermost]!;
  let last = outermost;
  while (last + 1 < count && startOf(last + 1) < groupEnd) last++;
  for (let i = outermost; i <= last; i++) if (!templates[i]!.closed) return undefined;
  // A value worked out from text the change is in; a builder or a mention of VoiceML typed in, or the last
  // mention deleted: as the full analysis decides.
  if (scan.host.reads(change) || mayBuildVoiceML(text) || !mayHoldVoiceML(text)) return undefined;

  const delta = deltaOf(change);
  const host = scan.host.moved(text, change);
  const moved = templates.slice();
  const movedShifts = shifts.slice();
  for (let i = last + 1; i < count; i++) movedShifts[i]! += delta;
  const seen = scan.seen.slice();
  const group: Candidate[] = [];
  const backslashes = new NextOccurrence(text, '\\');
  for (let i = outermost; i <= last; i++) {
    const template = (moved[i] = moveTemplate(templates[i]!, shifts[i]!, change));
    movedShifts[i] = 0;
    const before = scan.seen[i];
    if (!before) continue;
    const { text: virtual, escapes } = virtualText(text, template, backslashes);
    const now: Seen = { claim: before.claim, firstLook: firstLook(before.claim, virtual), markup: startsWithMarkup(virtual), look: before.look, virtual, escapes };
    // Whether it looks like VoiceML changed: so may other templates' looks (through the calls receiving VoiceML).
    if (now.firstLook !== before.firstLook || now.markup !== before.markup) return undefined;
    seen[i] = now;
    group.push(templateCandidate(template, now, host, i, scan.made[i]));
  }

  const regions: VoiceMLRegion[] = [];
  const made = scan.made.slice();
  const recent = new Map<string, XmlTree>();
  const reuse = (key: string): XmlTree | undefined => memory.recent?.get(key) ?? memory.trees.get(key);
  for (let i = 0; i < outermost; i++) if (made[i]) regions.push((made[i] = movedRegion(made[i]!, 0, host)));
  const around: VoiceMLRegion[] = [];
  for (const candidate of group) {
    const region = (made[candidate.index!] = place(candidate, around, recent, reuse));
    if (region) regions.push(region);
  }
  for (let i = last + 1; i < count; i++) if (made[i]) regions.push((made[i] = movedRegion(made[i]!, delta, host)));
  const next: Memory = {
    languageId: memory.languageId,
    trees: memory.trees,
    edited: true,
    kept: handOver(memory),
    recent,
    scan: { text, templates: moved, shifts: movedShifts, parents: scan.parents, seen, made, host },
  };
  memories.set(regions, next);
  // Typed into a response: no code read it (a route's path, a condition), so the file's code is as it was — if
  // TypeScript, which reads the routes, reads the change as inside that template's text too. Looked at when the
  // routes would be read (see `codeReadAlike`).
  if (made[innermost] && scan.made[innermost]) recordCodeKept(regions, previous, change, codeReadAlike(next, next.kept, memory.keptSince, scan.text, change));
  return regions;
}

/**
 * Whether TypeScript reads `change` to `text` as inside one template's text, as the templates' scan did (see
 * `inTemplateText`; in a file with syntax errors it may not): `kept` is the file's parse handed to `next`, the
 * memory of the version after the change, of `text` or of a version before it that the changes `since` led to
 * `text` from (each inside a template's text for TypeScript too). Without one, `text` is parsed (the last file
 * parsed when it is this one), and kept from now on, as for every document being edited.
 */
function codeReadAlike(next: Memory, kept: KeptParse | undefined, since: readonly TextChange[] | undefined, text: string, change: TextChange): () => boolean {
  return () => {
    let parse = kept;
    let changes = parse?.text === text ? [] : since;
    if (!parse || !changes || changes.length >= KEPT_CHANGES) {
      parse = { text, file: parseFile(text, next.languageId) };
      changes = [];
    }
    const before = rangeBefore(changes, change.start, change.end);
    const alike = inTemplateText(typescript(), parse.file, before.start, before.end);
    // Unless `next` has handed its parse on meanwhile (to the version after it, which then looks for itself), or
    // been given its own (`parseKept`).
    if (!next.handed && next.kept === kept) {
      next.kept = parse;
      next.keptSince = alike ? [...changes, change] : undefined;
    }
    return alike;
  };
}

/**
 * `region` moved by `delta` into the file's next version, where nothing it holds changed: the same tree, shape,
 * substitutions (their place moved) and lineage.
 */
function movedRegion(region: VoiceMLRegion, delta: number, host: TemplateFile): VoiceMLRegion {
  const offset = region.offset + delta;
  const substitutions = region.substitutions as readonly ScriptSubstitution[] | undefined;
  if (substitutions && substitutions.length > 0) {
    const place = substitutions[0]!.place;
    place.offset = offset;
    place.host = host;
  }
  return createRegion({
    offset,
    tree: region.tree,
    kind: region.kind,
    fragmentParent: region.fragmentParent,
    substitutions,
    escapes: region.escapes,
    host,
    lineage: region.lineage,
  });
}

/**
 * Can the change have changed no token but the template text it is in? Not when it takes away or puts in a
 * character that ends or opens a template, a substitution or an escape (`` ` ``, `$`, `{`, `}`, `\`), nor
 * right after a `$` or `\` (which would then go with what follows).
 */
function keepsTokens(before: string, after: string, change: TextChange): boolean {
  const quiet = (text: string, from: number, to: number): boolean => {
    for (let i = from; i < to; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x60 || c === 0x24 || c === 0x7b || c === 0x7d || c === 0x5c) return false;
    }
    return true;
  };
  const previous = after.charCodeAt(change.start - 1);
  return quiet(before, change.start, change.end) && quiet(after, change.start, change.newEnd) && previous !== 0x24 && previous !== 0x5c;
}

/**
 * `template`, found `shift` before where it is in the text `change` was made to, as it is after the change.
 * What the change put in went into a template's text: an edge where such a text starts (after the backtick,
 * after a `}`) stays at the change, one where it ends (a `${`, the closing backtick) moves with it.
 */
function moveTemplate(template: TemplateLiteral, shift: number, change: TextChange): TemplateLiteral {
  const delta = deltaOf(change);
  const starting = (offset: number): number => (offset + shift > change.start ? offset + shift + delta : offset + shift);
  const ending = (offset: number): number => (offset + shift >= change.start ? offset + shift + delta : offset + shift);
  return {
    ...template,
    start: starting(template.start),
    end: ending(template.end),
    contentStart: starting(template.contentStart),
    contentEnd: ending(template.contentEnd),
    substitutions: template.substitutions.map((s) => ({ start: ending(s.start), end: starting(s.end), expressionStart: starting(s.expressionStart), expressionEnd: ending(s.expressionEnd) })),
  };
}

/** How builder code is written in JS/TS: methods in lower camel case, options as they are, strings quoted. */
function builderSyntax(text: string): BuilderSyntax {
  return {
    elementCode: (name, element) => (element.written === 'method' ? name.charAt(0).toLowerCase() + name.slice(1) : name),
    attributeCode: (name) => name,
    valueCode: (value, span) => {
      const quote = text[span.start - 1];
      if (quote === '`') return escapeTemplateText(value);
      return quote === '"' || quote === "'" ? escapeQuoted(value, quote) : undefined;
    },
  };
}

/** A string that may hold VoiceML: a template literal, or a string joined from pieces (`joined.ts`). */
interface Candidate {
  start: number;
  end: number;
  offset: number;
  virtual: string;
  look: Look;
  template?: TemplateLiteral;
  /** A template's index among the file's templates. */
  index?: number;
  /** `.trim()` drops the white space before its first tag. */
  trimmed?: boolean;
  /** Joined from pieces or a plain string literal: not checked when it opens or closes what it does not hold. */
  piecewise?: boolean;
  fields(): Pick<VoiceMLRegion, 'substitutions' | 'escapes' | 'seams' | 'host'>;
}

/**
 * Template `index` as a candidate. `before`: the region made of it in the file's previous version, when the
 * file's bindings are the same: what its substitutions were found to hold is kept.
 */
function templateCandidate(template: TemplateLiteral, seen: Seen, host: TemplateFile, index: number, before?: VoiceMLRegion): Candidate {
  return {
    start: template.start,
    end: template.end,
    offset: template.contentStart,
    virtual: seen.virtual,
    look: seen.look,
    template,
    index,
    fields: () => {
      const substitutions = substitutionsOf(template, { offset: template.contentStart, host });
      const kept = before?.substitutions as readonly ScriptSubstitution[] | undefined;
      if (kept) substitutions.forEach((s, i) => s.keep(kept[i]));
      return { substitutions, escapes: seen.escapes.length > 0 ? seen.escapes : undefined, host };
    },
  };
}

/** Trees of trimmed texts are kept apart from those of the same text untrimmed. */
const TRIMMED = '\u0000trimmed:';

/** What the tree of `candidate` is kept by (in `Memory.trees`). */
const treeKey = (candidate: Candidate): string => (candidate.trimmed ? TRIMMED + candidate.virtual : candidate.virtual);

/**
 * Might the file hold VoiceML in strings joined from pieces or in plain string literals? Yes when a VoiceML
 * tag stands outside every template literal (in a string, or a comment: only a parse tells), or a template
 * is joined to something (`+`, `+=`, `].join(`, `.trim()` right beside it).
 */
function mayBeJoined(text: string, templates: readonly TemplateLiteral[]): boolean {
  // The templates' texts as disjoint ranges (a nested template lies inside an earlier one), in order.
  const starts: number[] = [];
  const ends: number[] = [];
  for (const template of templates) {
    if (ends.length > 0 && template.contentStart < ends[ends.length - 1]!) ends[ends.length - 1] = Math.max(ends[ends.length - 1]!, template.contentEnd);
    else {
      starts.push(template.contentStart);
      ends.push(template.contentEnd);
    }
  }
  if (tagOutside(text, starts, ends)) return true;
  for (const template of templates) {
    let before = template.start - 1;
    while (before >= 0 && isSpace(text.charCodeAt(before))) before--;
    let after = template.end;
    while (after < text.length && isSpace(text.charCodeAt(after))) after++;
    if (text[before] === '+' || (text[before] === '=' && text[before - 1] === '+') || text[after] === '+' || text.startsWith('.trim', after) || text.startsWith('].join(', after)) return true;
  }
  return false;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Is any of the ordered `offsets` in `[start, end)`? */
function anyWithin(offsets: readonly number[], start: number, end: number): boolean {
  const first = countBefore(offsets.length, (i) => offsets[i]!, start);
  return first < offsets.length && offsets[first]! < end;
}

const endOf = (region: VoiceMLRegion): number => region.offset + region.tree.text.length;

/** Does the text start, after white space and substitutions, with `<`? */
function startsWithMarkup(virtual: string): boolean {
  for (let i = 0; i < virtual.length; i++) {
    const c = virtual.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || virtual[i] === PLACEHOLDER) continue;
    return c === 0x3c;
  }
  return false;
}
