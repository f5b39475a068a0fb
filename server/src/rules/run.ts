import type { AttributeSpec, ElementSpec } from '../model/types';
import { getElement, model } from '../model';
import { plainValidator } from '../model/values';
import { knownNames } from '../parser/intern';
import { CDATA, DOCUMENT, DYNAMIC, DYNAMIC_NAME, ELEMENT, NONE, TEXT, VALUE_DYNAMIC, VISIBLE, WHITESPACE, type AttributeId, type NodeId, type XmlTree } from '../parser/tree';
import type { VoiceMLRegion } from '../document/region';
import type { Content, ElementCondition, FlowContext, Problem, Rule, RuleContext, Verbs } from './rule';
import { isPlainBody } from './support';

/**
 * Lets go of the model lookup `runRules` keeps on `tree` (made again if rules run on the tree later), and gives
 * its tables to the next lookup (see `LookupTables`). A JS/TS or Python file has one per string, which the
 * collections of the young generation copied twice before it was old (about 0.25 MB per open of a 100 KB
 * Python file of 300 strings), while most are never asked again: the findings of the rules are kept.
 */
export function releaseLookup(tree: XmlTree): void {
  const looked = tree.ruleLookup as ModelLookup | undefined;
  tree.ruleLookup = undefined;
  looked?.recycle();
}

/** A problem found by a rule, tagged with the rule that found it. */
export interface Finding extends Problem {
  rule: Rule;
}

/** What `runRules` found: the first findings in document order, and how many more there were. */
export interface Findings {
  findings: Finding[];
  omitted: number;
}

/**
 * Runs `rules` over one region: each rule over every element, every element's content and every piece of text.
 * Keeps the first `limit` findings by position (a document with more is not one anyone reads finding by
 * finding) and counts the others, in memory bounded by the limit whatever the document. Nodes are numbered in
 * document order, so a walk is a loop over ids: no recursion, and a 20 000-deep document is no deeper than a
 * flat one.
 */
export function runRules(region: VoiceMLRegion, rules: readonly Rule[], limit = Infinity, flow?: FlowContext): Findings {
  const tree = region.tree;
  const { documentRules, elementRules, elementRuns, contentRules, textRules } = partitionOf(rules);
  // Made once per tree: host and workspace rules run on a string's tree again at every keystroke elsewhere.
  const looked = (tree.ruleLookup as ModelLookup | undefined) ?? (tree.ruleLookup = new ModelLookup(tree));
  const { order, entries, attributesMet } = looked;
  // A lookup made before some attribute got its bit (for other rules) may have left it out: the elements
  // without it are not told apart then.
  const bitsKnown = looked.watchedBits === watchedBits;
  const ctx = new Run(region, looked, limit, flow);
  const fragmentSpec = ctx.fragmentSpec;
  // Document rules alone (a host's: `injection`, run on every string of a file): no walk to make.
  if (elementRules.length === 0 && contentRules.length === 0 && textRules.length === 0) {
    runDocumentRules(documentRules, ctx);
    return { findings: ctx.findings, omitted: ctx.omitted };
  }
  // The elements a block at a time, every rule over a block before the next: a rule reads the records of the
  // elements it checks, and one block's records stay in the processor's cache from one rule to the next. (Rule
  // after rule over the whole tree read a 5 MB document's 17 MB of records twenty times from memory, and took
  // 2.5 times as long per MB as over 1 MB; one rule at a time keeps each call site calling one function.) Each
  // block is looked up in the model right before its rules run, so that its records and values are read from
  // memory once for both. The block's elements are grouped by entry (`groupByEntry`), and a rule walks only the
  // groups its table calls it on: eighteen rules each asking about every element of a clean 1 MB document
  // was 270 000 questions for 6 000 calls. (Within a block, a rule meets its elements group by group; what it
  // reports is put in document order at the end, as every rule's is.)
  for (let from = 0; ; from += BLOCK) {
    looked.lookUpElements(from + BLOCK);
    const to = Math.min(from + BLOCK, looked.elements);
    if (from >= to) break;
    const kinds = looked.entriesIn(from, to);
    groupByEntry(entries, from, to, kinds);
    // Which rules run on each group's entry, a bit per rule (`Partition.elementRuns`), and on any group.
    let any = 0;
    if (elementRuns !== undefined) {
      for (let g = 0; g < kinds.length; g++) any |= groupRuns[g] = elementRuns[kinds[g]!]!;
    }
    for (let r = 0; r < elementRules.length; r++) {
      const bit = 1 << r;
      if (elementRuns !== undefined && (any & bit) === 0) continue;
      const { rule, rank, check, runs, unless } = elementRules[r]!;
      const without = bitsKnown ? elementRules[r]!.without : undefined;
      let first = true;
      for (let g = 0; g < kinds.length; g++) {
        const entry = kinds[g]!;
        if (elementRuns !== undefined ? (groupRuns[g]! & bit) === 0 : runs[entry] !== 1) continue;
        if (first) {
          ctx.enter(rule, rank);
          first = false;
        }
        const index = entry & SPEC_MASK;
        const spec = SPECS[index];
        const end = groupEnds[g]!;
        // Not on an element with every attribute of its kind that leaves the rule nothing to find, nor on one
        // without the attribute it needs to find anything.
        const all = unless === undefined ? 0 : unless[index]!;
        const needed = without === undefined ? 0 : without[index]!;
        if (all === 0 && needed === 0) {
          for (let i = g === 0 ? 0 : groupEnds[g - 1]!; i < end; i++) check.call(rule, order[grouped[i]!]!, ctx, spec);
          continue;
        }
        for (let i = g === 0 ? 0 : groupEnds[g - 1]!; i < end; i++) {
          const k = grouped[i]!;
          const met = attributesMet[k]!;
          if (all !== 0 && (met & all) === all) continue;
          if (needed !== 0 && (met & needed) === 0) continue;
          check.call(rule, order[k]!, ctx, spec);
        }
      }
    }
  }
  looked.done();
  const { elements, present, textsFrom } = looked;
  const contentRulesHere: Partition['contentRules'][number][] = [];
  for (const contentRule of contentRules) if (runsOnAny(contentRule.runs, present)) contentRulesHere.push(contentRule);
  // One Content for all calls, filled in before each: rules read it during the call only.
  const content: Content = { owner: DOCUMENT, spec: fragmentSpec };
  const fragmentIndex = specIndexOf(fragmentSpec);
  if (tree.firstChild(DOCUMENT) !== NONE) {
    for (const { rule, rank, check, skips } of contentRules) {
      ctx.enter(rule, rank);
      if (skips[fragmentIndex] === 1) continue;
      content.owner = DOCUMENT;
      content.spec = fragmentSpec;
      check.call(rule, content, ctx);
    }
  }
  for (let from = 0; from < elements; from += BLOCK) {
    const to = Math.min(from + BLOCK, elements);
    for (let r = 0; r < contentRulesHere.length; r++) {
      const { rule, rank, check, runs } = contentRulesHere[r]!;
      ctx.enter(rule, rank);
      for (let k = from; k < to; k++) {
        const entry = entries[k]!;
        if (runs[entry] !== 1) continue;
        content.owner = order[k]!;
        content.spec = SPECS[entry & SPEC_MASK];
        check.call(rule, content, ctx);
      }
    }
  }
  // The texts are at the end of `order`, their containers' entries beside them.
  for (let from = textsFrom; from < tree.size; from += BLOCK) {
    const to = Math.min(from + BLOCK, tree.size);
    for (let r = 0; r < textRules.length; r++) {
      const { rule, rank, check, skips } = textRules[r]!;
      ctx.enter(rule, rank);
      for (let k = from; k < to; k++) {
        const container = entries[k]!;
        const index = container === TOP_LEVEL ? fragmentIndex : container;
        if (skips[index] !== 1) check.call(rule, order[k]!, ctx, SPECS[index]);
      }
    }
  }
  // The walk's findings come block by block, in document order but for a block's rules and the content and
  // text passes; those of the document rules (the parser's errors) anywhere. Found last, once the findings kept
  // may fill the limit, theirs past it are only counted.
  runDocumentRules(documentRules, ctx);
  return { findings: ctx.findings, omitted: ctx.omitted };
}

/**
 * The document rules, then the findings in document order (`Run.cut`), as users read them; then the context
 * is closed (`Run.close`).
 */
function runDocumentRules(documentRules: Partition['documentRules'], ctx: Run): void {
  for (const { rule, rank } of documentRules) {
    ctx.enter(rule, rank);
    rule.document!(ctx);
  }
  ctx.cut();
  ctx.close();
}

/**
 * The model lookup of a context whose run is over: any question to it throws. A fix is made when it is asked
 * for, after the run, and reads only what it closes over (`Problem.fixes`); by then the run's lookup may be
 * another tree's (`releaseLookup`), and a fix asking the context would be made from it without a word.
 */
const CLOSED: ModelLookup = new Proxy({} as ModelLookup, {
  get() {
    throw new Error('A rule asked its context after the run (a fix reads only what it closes over: see Problem.fixes).');
  },
});

/**
 * What the rules of one `runRules` call are given, and what they report: one object per call, its methods on
 * the class (a context of closures cost a dozen allocations per call, and a Python or JS/TS file runs the
 * rules on hundreds of small trees).
 */
class Run implements RuleContext {
  readonly text: string;
  readonly tree: XmlTree;
  /** The model element whose content the region is (a fragment's parent), or undefined for a document. */
  readonly fragmentSpec: ElementSpec | undefined;
  findings: Finding[] = [];
  omitted = 0;
  /** The rule running: its findings are tagged with it. */
  current: Rule | undefined = undefined;
  /** Its place in the list of rules run: at one place, findings are in that order, whichever rule ran first. */
  private rank = 0;
  /**
   * Once the list was cut back: its last finding's place (start, end, rank). One that would sort after it can
   * only be counted.
   */
  private cutAt = false;
  private lastStart = 0;
  private lastEnd = 0;
  private lastRank = 0;
  /**
   * Each finding's range, noted when it is reported (the finding is at hand then): the sort reads these, not
   * the findings, which by the end lie scattered through memory among everything else the rules made. Made at
   * the first finding (most runs have none: a JS/TS file's hundreds of templates run the host rules at every
   * keystroke), small enough to be made on the heap.
   */
  private starts = NO_RANGES;
  private ends = NO_RANGES;
  private ranks = NO_RANGES;
  /** What `verbsOf` worked out, by owner (made when a rule first asks). */
  private verbs: Map<NodeId, Verbs> | undefined = undefined;

  constructor(
    readonly region: VoiceMLRegion,
    private looked: ModelLookup,
    private readonly limit: number,
    readonly flow: FlowContext | undefined,
  ) {
    this.tree = region.tree;
    this.text = region.tree.text;
    this.fragmentSpec = region.fragmentParent !== undefined ? getElement(region.fragmentParent) : undefined;
  }

  // The lookup is made as far as the rules have come (see `ModelLookup`): a node or an attribute further on,
  // which a rule may ask about, is looked up first.
  private entryOf(element: NodeId): number {
    const looked = this.looked;
    if (element >= looked.next) looked.lookUpTo(element + 1);
    return looked.elementSpecs[element]!;
  }
  private attributeEntryOf(attribute: AttributeId): number {
    const looked = this.looked;
    while (attribute >= looked.attributesDone && looked.next < this.tree.size) looked.lookUpTo(looked.next + 1);
    return looked.attributeEntries[attribute]!;
  }
  specOf(element: NodeId): ElementSpec | undefined {
    return SPECS[this.entryOf(element) & SPEC_MASK];
  }
  containerSpecOf(node: NodeId): ElementSpec | undefined {
    const parent = this.tree.parent(node);
    return parent === DOCUMENT ? this.fragmentSpec : SPECS[this.entryOf(parent) & SPEC_MASK];
  }
  verbsOf(owner: NodeId): Verbs {
    const known = this.verbs?.get(owner);
    if (known !== undefined) return known;
    const tree = this.tree;
    let first = NONE;
    let substitutionBeforeFirst = false;
    let lateFirstVerb = NONE;
    let ender = NONE;
    let afterEnder = NONE;
    let last = NONE;
    let textAfterLast = false;
    // Child after child, each one's subtree skipped (a child's record alone read, not its parent's again).
    const end = tree.subtreeEnd(owner);
    for (let node = owner + 1; node < end; node = tree.subtreeEnd(node)) {
      const kind = tree.kind(node);
      if (kind === ELEMENT) {
        const verb = VERB[this.entryOf(node) & SPEC_MASK]!;
        if (first === NONE) first = node;
        else if (lateFirstVerb === NONE && (verb & FIRST_VERB) !== 0) lateFirstVerb = node;
        if (ender === NONE) {
          if ((verb & ENDS_CALL) !== 0) ender = node;
        } else if (afterEnder === NONE) afterEnder = node;
        last = node;
        textAfterLast = false;
      } else if (kind === TEXT && (tree.is(node, DYNAMIC) || !tree.is(node, WHITESPACE))) {
        textAfterLast = true;
        if (first === NONE && tree.is(node, DYNAMIC)) substitutionBeforeFirst = true;
      }
    }
    const verbs: Verbs = { first, substitutionBeforeFirst, lateFirstVerb, ender, afterEnder, last, textAfterLast };
    (this.verbs ??= new Map()).set(owner, verbs);
    return verbs;
  }
  attributeSpecOf(attribute: AttributeId): AttributeSpec | undefined {
    return ATTRIBUTES[this.attributeEntryOf(attribute) & ATTRIBUTE_MASK];
  }
  hasAttributeOutsideModel(element: NodeId): boolean {
    return (this.entryOf(element) & OUTSIDE_MODEL) !== 0;
  }
  valueIsPlainlyValid(attribute: AttributeId): boolean {
    return (this.attributeEntryOf(attribute) & PLAINLY_VALID) !== 0;
  }

  /** Ends the run: the model lookup is let go of, and asking the context for it again throws. */
  close(): void {
    this.looked = CLOSED;
  }

  /** The rule about to run, and its place in the list. */
  enter(rule: Rule, rank: number): void {
    this.current = rule;
    this.rank = rank;
  }

  report(problem: Problem): void {
    if (this.leftOut(problem.start, problem.end)) return;
    // Rules report objects they have just made: tagged in place rather than copied, on every finding.
    const finding = problem as Finding;
    finding.rule = this.current!;
    const at = this.findings.length;
    if (at === this.starts.length) {
      this.starts = grown(this.starts, at);
      this.ends = grown(this.ends, at);
      this.ranks = grown(this.ranks, at);
    }
    this.starts[at] = finding.start;
    this.ends[at] = finding.end;
    this.ranks[at] = this.rank;
    this.findings.push(finding);
    // Cut back as soon as there are more than the limit (from then on, a finding past the last kept one is only
    // counted, and `leftOut` tells the rules so before they make it), then each time the list doubles.
    const count = this.findings.length;
    if (count > this.limit && (!this.cutAt || count >= 2 * this.limit)) this.cut();
  }
  leftOut(start: number, end: number): boolean {
    if (!this.cutAt || start < this.lastStart) return false;
    // At the same place as the last one kept, a finding of the same rule or one after it sorts after it.
    if (start === this.lastStart && (end < this.lastEnd || (end === this.lastEnd && this.rank < this.lastRank))) return false;
    this.omitted++;
    return true;
  }
  reportOmitted(count: number): void {
    this.omitted += count;
  }

  /**
   * The first `limit` by position, and at one place in the order of the rules (then of their reports): cut
   * back when the list first holds more than the limit, then each time it doubles, so each finding costs
   * O(log limit).
   */
  cut(): void {
    const { findings, starts, ends, ranks, limit } = this;
    const count = findings.length;
    if (count === 0) return;
    const order = positionOrder(starts, ends, ranks, count);
    const kept = Math.min(count, limit);
    const sorted: Finding[] = [];
    const sortedStarts = new Int32Array(starts.length);
    const sortedEnds = new Int32Array(ends.length);
    const sortedRanks = new Int32Array(ranks.length);
    for (let k = 0; k < kept; k++) {
      const i = order[k]!;
      sorted.push(findings[i]!);
      sortedStarts[k] = starts[i]!;
      sortedEnds[k] = ends[i]!;
      sortedRanks[k] = ranks[i]!;
    }
    this.findings = sorted;
    this.starts = sortedStarts;
    this.ends = sortedEnds;
    this.ranks = sortedRanks;
    if (count > limit) {
      this.omitted += count - limit;
      this.cutAt = true;
      this.lastStart = sortedStarts[limit - 1]!;
      this.lastEnd = sortedEnds[limit - 1]!;
      this.lastRank = sortedRanks[limit - 1]!;
    }
  }
}

/**
 * The elements of a block (`from … to - 1` in `order`) grouped by entry, each group in document order: the
 * group of `kinds[g]` is `grouped[groupEnds[g - 1] … groupEnds[g] - 1]` (from 0 for the first). One set of
 * tables for every block of every tree, filled in before its rules run.
 */
function groupByEntry(entries: Uint16Array, from: number, to: number, kinds: readonly number[]): void {
  for (let g = 0; g < kinds.length; g++) {
    groupOf[kinds[g]!] = g;
    groupEnds[g] = 0;
  }
  for (let k = from; k < to; k++) groupEnds[groupOf[entries[k]!]!]++;
  // Each group's count → where it starts; then each element put at its group's next place, which leaves the
  // group's end there.
  let start = 0;
  for (let g = 0; g < kinds.length; g++) {
    const count = groupEnds[g]!;
    groupEnds[g] = start;
    start += count;
  }
  for (let k = from; k < to; k++) grouped[groupEnds[groupOf[entries[k]!]!]!++] = k;
}

/** Whether a rule's table calls it on any of `entries`. */
function runsOnAny(runs: Runs, entries: readonly number[]): boolean {
  for (let k = 0; k < entries.length; k++) if (runs[entries[k]!] === 1) return true;
  return false;
}

/** Does finding `a` sort strictly before finding `b` (`positionOrder`)? */
function before(starts: Int32Array, ends: Int32Array, ranks: Int32Array, a: number, b: number): boolean {
  const start = starts[a]! - starts[b]!;
  if (start !== 0) return start < 0;
  const end = ends[a]! - ends[b]!;
  return end !== 0 ? end < 0 : ranks[a]! < ranks[b]!;
}

/** `ranges` with room for twice `used` (at least 16): small enough to be made on the heap. */
function grown(ranges: Int32Array, used: number): Int32Array {
  const more = new Int32Array(Math.max(16, 2 * used));
  more.set(ranges);
  return more;
}

/** The ranges noted before the first finding. */
const NO_RANGES: Int32Array = new Int32Array(0);

/**
 * The indexes `0 … count - 1` ordered by `starts`, then `ends`, then `ranks`, the rest in their order: a
 * merge sort comparing the typed arrays inline. Written here because `Array.prototype.sort` calls a comparator per
 * comparison, and that was most of its cost: 0.4–0.6 ms for the 2 000 findings of a 1 MB document with
 * 10 % of lines wrong, on every keystroke.
 */
function positionOrder(starts: Int32Array, ends: Int32Array, ranks: Int32Array, count: number): Int32Array {
  let from = new Int32Array(count);
  let to = new Int32Array(count);
  let sorted = true;
  for (let i = 0; i < count; i++) {
    from[i] = i;
    if (i > 0 && before(starts, ends, ranks, i, i - 1)) sorted = false;
  }
  if (sorted) return from;
  for (let width = 1; width < count; width *= 2) {
    for (let low = 0; low < count; low += 2 * width) {
      const middle = Math.min(low + width, count);
      const high = Math.min(low + 2 * width, count);
      let a = low;
      let b = middle;
      let k = low;
      while (a < middle && b < high) {
        const x = from[a]!;
        const y = from[b]!;
        // The right one first only when it comes strictly before: the same range and rank keep their order.
        if (before(starts, ends, ranks, y, x)) {
          to[k++] = y;
          b++;
        } else {
          to[k++] = x;
          a++;
        }
      }
      while (a < middle) to[k++] = from[a++]!;
      while (b < high) to[k++] = from[b++]!;
    }
    const swap = from;
    from = to;
    to = swap;
  }
  return from;
}


/** Elements (or texts) checked by every rule before the next ones: a few hundred KB of records at most. */
const BLOCK = 2048;

/**
 * The model's elements by index, the same in every tree: 0 stands for elements that are not VoiceML (unknown,
 * TwiML, a dynamic name). Rules skip model elements by index (`Rule.appliesTo`), and a tree keeps each
 * element's index in a byte.
 */
const SPECS: readonly (ElementSpec | undefined)[] = [undefined, ...model.elements];
const SPEC_INDEX = new Map<ElementSpec | undefined, number>(SPECS.map((spec, index) => [spec, index]));
const specIndexOf = (spec: ElementSpec | undefined): number => SPEC_INDEX.get(spec) ?? 0;
/** By model element index: whether it is only right as the first verb (`firstVerb`), whether it ends the call (`endsCall`). */
const FIRST_VERB = 1;
const ENDS_CALL = 2;
const VERB = Uint8Array.from(SPECS, (spec) => (spec?.firstVerb ? FIRST_VERB : 0) | (spec?.endsCall ? ENDS_CALL : 0));
/** The model index of an element name (0: not a VoiceML element), in one lookup. */
const SPEC_OF_NAME = new Map<string, number>(SPECS.flatMap((spec, index) => (spec ? [[spec.name, index] as const] : [])));
/** The attributes of every model element by index (0: an attribute the element does not have), and by name per element. */
const ATTRIBUTES: (AttributeSpec | undefined)[] = [undefined];
const ATTRIBUTE_INDEX: readonly ReadonlyMap<string, number>[] = SPECS.map((spec) => {
  const byName = new Map<string, number>();
  for (const attribute of spec?.attributes ?? []) {
    byName.set(attribute.name, ATTRIBUTES.length);
    ATTRIBUTES.push(attribute);
  }
  return byName;
});
/**
 * By attribute index: its bit in `ModelLookup.attributesMet`, for the attributes some rule's
 * `Rule.findsNothingWith` names (at most eight per model element; given out as the rules are partitioned).
 */
const WATCHED = new Uint8Array(ATTRIBUTES.length);
/** By model element index: how many of its attributes have a bit. */
const WATCHED_COUNT = new Uint8Array(SPECS.length);
/** How many bits have been given out (`ModelLookup.watchedBits`). */
let watchedBits = 0;
/** Each attribute's `isPlainlyValid` check (see `plainValidator`). */
const VALIDATORS = ATTRIBUTES.map((attribute) => attribute && plainValidator(attribute.type));
/** By model index, the check of a body of a kind of its own (a URL, a phone number): undefined for text, or no body. */
const BODY_VALIDATORS = SPECS.map((spec) => {
  const type = spec?.body.type;
  return type !== undefined && type.kind !== 'text' ? plainValidator(type) : undefined;
});

// An element's 16 bits: its model index, whether it has an attribute outside its model entry, whether it has
// one whose value (or a body of a kind of its own) is not plainly valid, and whether it may be misplaced
// (`Rule.elementsWith`); whether it has content, and whether that starts with text (`Rule.findsNothingWithText`).
// An attribute's 16 bits: its index in `ATTRIBUTES`, and whether its value is plainly valid.
const SPEC_MASK = 0xff;
const OUTSIDE_MODEL = 0x100;
const VALUE_NOT_PLAIN = 0x200;
const MISPLACED = 0x400;
/** The element has content (the content rules skip those without, and the rules that find nothing there). */
const HAS_CHILDREN = 0x800;
/** Its content starts with text or a CDATA section that is certainly not blank (`VISIBLE`). */
const STARTS_WITH_TEXT = 0x1000;
/** The bits of an element's entry a rule's table (`Runs`) is indexed by. */
const ENTRY_MASK = 0x1fff;
/** A text's container when it is the document (its spec is the region's fragment parent). */
const TOP_LEVEL = 0xff;
const NEEDS: Record<ElementCondition, number> = {
  'attribute-outside-model': OUTSIDE_MODEL,
  'value-not-plain': VALUE_NOT_PLAIN,
  misplaced: MISPLACED,
};
/** By container index × element index (see `SPECS`): 1 when the container's model entry lists the element among its children. */
const ALLOWED = new Uint8Array(SPECS.length * SPECS.length);
SPECS.forEach((container, c) => {
  for (const child of container?.children ?? []) ALLOWED[c * SPECS.length + specIndexOf(getElement(child.name))] = 1;
});
const ATTRIBUTE_MASK = 0x7fff;
const PLAINLY_VALID = 0x8000;
if (SPECS.length >= TOP_LEVEL || ATTRIBUTES.length > ATTRIBUTE_MASK) throw new Error('the model outgrew the rule runner\'s tables');

/**
 * The model entries of names, by symbol: a well-known name (`knownNames`) is the same symbol in every tree, so
 * one table serves every lookup, worked out here once. By symbol, its model element index (0: not a VoiceML
 * element); by model element index × symbol, its attribute index on elements of that kind (0: not one of
 * theirs). Every name the model has is a well-known one (the model makes them so at load, before this), so a
 * symbol from `KNOWN` on — a tree's own name — names nothing of the model: 0 in both, without a lookup.
 */
const KNOWN = knownNames.length;
const SPEC_OF_SYMBOL = Uint8Array.from(knownNames, (name) => SPEC_OF_NAME.get(name) ?? 0);
const ATTRIBUTE_OF_SYMBOL = new Uint16Array(SPECS.length * KNOWN);
ATTRIBUTE_INDEX.forEach((byName, spec) => knownNames.forEach((name, symbol) => (ATTRIBUTE_OF_SYMBOL[spec * KNOWN + symbol] = byName.get(name) ?? 0)));
if (![...SPEC_OF_NAME.keys(), ...ATTRIBUTE_INDEX.flatMap((byName) => [...byName.keys()])].every((name) => knownNames.includes(name))) {
  throw new Error('a name of the model is not a well-known name');
}

/** `ModelLookup.entriesIn`: the call each entry was last met in (one table for every tree: a JS/TS file has hundreds). */
const entryMetIn = new Uint32Array(ENTRY_MASK + 1);
let entriesInCalls = 0;

/** `groupByEntry`'s tables: each entry's group in the block, the block's elements by group, where each group ends. */
const groupOf = new Uint16Array(ENTRY_MASK + 1);
const grouped = new Int32Array(BLOCK);
const groupEnds = new Int32Array(BLOCK);
/** By group of the block: the element rules that run on its entry (`Partition.elementRuns`). */
const groupRuns = new Uint32Array(BLOCK);

const NO_ENTRIES: readonly number[] = [];

/**
 * A lookup's five tables, in one buffer (the 32-bit one first, so that every table is aligned), with room for
 * `size` nodes and `attributes` attributes. A lookup of a small tree gives them back when it is let go
 * (`releaseLookup`), for the next one whose tree fits: a JS/TS or Python file makes a lookup per string, and
 * a buffer and five views of it for each were a quarter of what validating such a file allocated.
 */
interface LookupTables {
  size: number;
  attributes: number;
  nodes: Int32Array;
  elementSpecs: Uint16Array;
  entries: Uint16Array;
  attributeEntries: Uint16Array;
  attributesMet: Uint8Array;
}

/** Trees of up to this many nodes (and attributes) take their lookup's tables from those given back. */
const SPARE_NODES = 4096;
/** The tables a lookup of a small tree gave back, if no lookup took them since. */
let spareTables: LookupTables | undefined;

/**
 * Tables for a tree of `size` nodes and `attributes` attributes, maybe as the last lookup left them: a lookup
 * writes every entry before it reads it (each node's, each attribute's, the elements' and texts' in order).
 */
function lookupTables(size: number, attributes: number): LookupTables {
  const spare = spareTables;
  if (spare && spare.size >= size && spare.attributes >= attributes) {
    spareTables = undefined;
    return spare;
  }
  // Tables that will be given back get room for the strings that follow (a few hundred nodes each).
  if (size <= SPARE_NODES && attributes <= SPARE_NODES) {
    size = Math.max(size, 256);
    attributes = Math.max(attributes, 128);
  }
  const buffer = new ArrayBuffer(size * 9 + attributes * 2);
  return {
    size,
    attributes,
    nodes: new Int32Array(buffer, 0, size),
    elementSpecs: new Uint16Array(buffer, size * 4, size),
    entries: new Uint16Array(buffer, size * 6, size),
    attributeEntries: new Uint16Array(buffer, size * 8, attributes),
    attributesMet: new Uint8Array(buffer, size * 8 + attributes * 2, size),
  };
}

/**
 * Every element's and attribute's model entry as an index (see `SPECS`, `ATTRIBUTES`), whether each value is
 * plainly valid, the elements in document order with their entries beside them (what the rule loops read, in
 * the order they read it), and the text that is not white space with the model index of its container.
 *
 * Made in document order as far as asked (`lookUpTo`): the rules look up a block of elements right before
 * they check it, so that a large document's records and values are read from memory once, not once for the
 * lookup and again for the rules. Names are looked up by symbol in tables shared by every tree
 * (`SPEC_OF_SYMBOL`): typed arrays stay fast whatever the document's size, and a JS/TS file's hundreds of
 * small templates cost a handful of allocations each.
 *
 * A lookup is kept on its tree while rules will ask it again: validation lets it go (`releaseLookup`) unless
 * workspace rules run on the tree at every validation. What it keeps is one buffer, and the tables it only
 * needs while looking up are let go once it is done: a Python or JS/TS file has one per string, and each
 * buffer and table kept is copied by the garbage collector until it is old.
 */
class ModelLookup {
  readonly elementSpecs: Uint16Array;
  readonly attributeEntries: Uint16Array;
  /** The elements in document order (from the front) and the texts in reverse (from the back, until `done`). */
  private readonly nodes: Int32Array;
  readonly order: Int32Array;
  /** Beside them: the elements' entries, and the model index of each text's container. */
  readonly entries: Uint16Array;
  /** Beside the elements: the bits (`WATCHED`) of the attributes each one has. */
  readonly attributesMet: Uint8Array;
  /** How many bits were given out when the lookup was made: those given out since are not in `attributesMet`. */
  readonly watchedBits = watchedBits;
  /** The first node not looked up yet. */
  next = 1;
  /** Every attribute before this one is looked up. */
  attributesDone = 0;
  /** How many elements are looked up. */
  elements = 0;
  private texts = 0;
  /** Once every node is looked up (`done`): the distinct entries of the elements, and where the texts begin in `order` (in document order from there). */
  present: readonly number[] = NO_ENTRIES;
  textsFrom = -1;

  /** The tables above, with their room. */
  private readonly tables: LookupTables;

  constructor(private readonly tree: XmlTree) {
    const tables = (this.tables = lookupTables(tree.size, tree.attributeCount));
    this.nodes = this.order = tables.nodes;
    this.elementSpecs = tables.elementSpecs;
    this.entries = tables.entries;
    this.attributeEntries = tables.attributeEntries;
    this.attributesMet = tables.attributesMet;
  }

  /** Gives the tables to the next lookup of a small tree (see `LookupTables`): this lookup is let go. */
  recycle(): void {
    if (this.tables.size <= SPARE_NODES && !(spareTables && spareTables.size > this.tables.size)) spareTables = this.tables;
  }

  /** Looks up the nodes before `end`. */
  lookUpTo(end: NodeId): void {
    // Asked again for what is looked up (`done` after the rules looked up the whole tree): no name tables to take.
    if (this.next >= end) return;
    const tree = this.tree;
    const units = tree.units;
    const size = tree.size;
    const { elementSpecs, attributeEntries, nodes, entries, attributesMet } = this;
    // Kept here while looking up (the value checks are calls, after which fields are read again), stored at the end.
    let { elements, texts, attributesDone } = this;
    let id = this.next;
    for (; id < end; id++) {
      const kind = tree.kind(id);
      if (kind !== ELEMENT) {
        elementSpecs[id] = 0;
        if ((kind === TEXT && !tree.is(id, WHITESPACE)) || kind === CDATA) {
          const parent = tree.parent(id);
          const at = size - ++texts;
          nodes[at] = id;
          entries[at] = parent === DOCUMENT ? TOP_LEVEL : elementSpecs[parent]! & SPEC_MASK;
        }
        continue;
      }
      let spec = 0;
      if (!tree.is(id, DYNAMIC_NAME)) {
        const symbol = tree.nameSymbol(id);
        if (symbol < KNOWN) spec = SPEC_OF_SYMBOL[symbol]!;
      }
      // Its first child, if any, is the next node.
      let bits = 0;
      if (tree.subtreeEnd(id) > id + 1) {
        const first = tree.kind(id + 1);
        bits = (first === TEXT || first === CDATA) && tree.is(id + 1, VISIBLE) ? HAS_CHILDREN | STARTS_WITH_TEXT : HAS_CHILDREN;
      }
      let met = 0;
      const attributesEnd = tree.attributesEnd(id);
      if (spec !== 0) {
        // At the top level the container is the region's (a fragment's parent), which the tree does not know.
        const parent = tree.parent(id);
        if (parent === DOCUMENT || ALLOWED[(elementSpecs[parent]! & SPEC_MASK) * SPECS.length + spec] === 0) bits |= MISPLACED;
        const row = spec * KNOWN;
        for (let a = tree.firstAttribute(id); a < attributesEnd; a++) {
          const symbol = tree.attributeSymbol(a);
          const entry = symbol < KNOWN ? ATTRIBUTE_OF_SYMBOL[row + symbol]! : 0;
          if (entry === 0) {
            attributeEntries[a] = 0;
            bits |= OUTSIDE_MODEL | VALUE_NOT_PLAIN;
            continue;
          }
          met |= WATCHED[entry]!;
          // Each value checked where it stands, once (see `isPlainlyValid`).
          const validator = VALIDATORS[entry]!;
          const plain =
            tree.hasValue(a) &&
            !tree.attributeIs(a, VALUE_DYNAMIC) &&
            tree.valueIsVerbatim(a) &&
            validator(units, tree.valueInnerStart(a), tree.valueInnerEnd(a));
          if (plain) attributeEntries[a] = entry | PLAINLY_VALID;
          else {
            attributeEntries[a] = entry;
            bits |= VALUE_NOT_PLAIN;
          }
        }
        // A body of a kind of its own is a value too, looked at as one (`isPlainBody`).
        const body = BODY_VALIDATORS[spec];
        if (body !== undefined && (bits & HAS_CHILDREN) !== 0 && !isPlainBody(tree, id, body)) bits |= VALUE_NOT_PLAIN;
      } else {
        for (let a = tree.firstAttribute(id); a < attributesEnd; a++) attributeEntries[a] = 0;
      }
      const entry = spec | bits;
      elementSpecs[id] = entry;
      nodes[elements] = id;
      attributesMet[elements] = met;
      entries[elements++] = entry;
      attributesDone = attributesEnd;
    }
    this.next = id;
    this.elements = elements;
    this.texts = texts;
    this.attributesDone = attributesDone;
    if (id >= size) this.attributesDone = tree.attributeCount;
  }

  /** Looks up nodes until `count` elements are (or every node is). */
  lookUpElements(count: number): void {
    const size = this.tree.size;
    while (this.elements < count && this.next < size) this.lookUpTo(Math.min(size, this.next + (count - this.elements) * 2 + 16));
  }

  /** The distinct entries of the elements `from … to - 1` (looked up). */
  entriesIn(from: number, to: number): number[] {
    if (++entriesInCalls === 0xffffffff) {
      entryMetIn.fill(0);
      entriesInCalls = 1;
    }
    const call = entriesInCalls;
    const met = entryMetIn;
    const entries = this.entries;
    const kinds: number[] = [];
    for (let k = from; k < to; k++) {
      const entry = entries[k]!;
      if (met[entry] === call) continue;
      met[entry] = call;
      kinds.push(entry);
    }
    return kinds;
  }

  /** Looks up the whole tree (once): `present` and `textsFrom` are then known. */
  done(): void {
    if (this.textsFrom >= 0) return;
    this.lookUpTo(this.tree.size);
    const size = this.tree.size;
    this.present = this.entriesIn(0, this.elements);
    const { nodes, entries } = this;
    // Found from the back: put in document order.
    for (let i = size - this.texts, j = size - 1; i < j; i++, j--) {
      const node = nodes[i]!;
      nodes[i] = nodes[j]!;
      nodes[j] = node;
      const entry = entries[i]!;
      entries[i] = entries[j]!;
      entries[j] = entry;
    }
    this.textsFrom = size - this.texts;
  }
}

/** The rules by hook, each with its hook (called with the rule as `this`: a bound function costs a call more) and the model elements it skips (`Rule.appliesTo`). */
interface Partition {
  /** How many rules the list had: a list that changed since (a test adding a rule) is partitioned again. */
  size: number;
  /** Each rule with its place in the list (`rank`): at one place, findings are in that order. */
  documentRules: readonly { rule: Rule; rank: number }[];
  /**
   * `runs`: by element entry, whether the rule is called (its model elements, and `Rule.elementsWith`);
   * `unless`: by model element index, the bits of `Rule.findsNothingWith` (0: none), when it has some;
   * `without`: by model element index, the bit of `Rule.findsNothingWithout` (0: none), when it has one.
   */
  elementRules: readonly { rule: Rule; rank: number; check: NonNullable<Rule['element']>; runs: Runs; unless: Uint8Array | undefined; without: Uint8Array | undefined }[];
  /**
   * The element rules' `runs` turned about: by element entry, a bit per rule (`1 << r` for `elementRules[r]`)
   * that runs on it — for a small tree, one load per kind of element in it instead of one per rule and kind,
   * each from a table of its own. Undefined when there are more element rules than bits.
   */
  elementRuns: Uint32Array | undefined;
  /** `skips` for the top level; `runs` for elements (only those with content). */
  contentRules: readonly { rule: Rule; rank: number; check: NonNullable<Rule['content']>; skips: Skips; runs: Runs }[];
  textRules: readonly { rule: Rule; rank: number; check: NonNullable<Rule['text']>; skips: Skips }[];
}

/** Per model element index (see `SPECS`), 1 when the rule skips it. */
type Skips = Uint8Array;
/** Per element entry (`entry & ENTRY_MASK`: its model index and bits), 1 when the rule is called on it. */
type Runs = Uint8Array;

/** Made once per list of rules: a JS/TS file runs the same rules over hundreds of templates. */
const partitions = new WeakMap<readonly Rule[], Partition>();

function partitionOf(rules: readonly Rule[]): Partition {
  let partition = partitions.get(rules);
  if (partition === undefined || partition.size !== rules.length) {
    const ranked = rules.map((rule, rank) => ({ rule, rank }));
    partition = {
      size: rules.length,
      documentRules: ranked.filter(({ rule }) => rule.document),
      elementRules: ranked
        .filter(({ rule }) => rule.element)
        .map(({ rule, rank }) => {
          const skips = skipsOf(rule);
          return {
            rule,
            rank,
            check: rule.element!,
            runs: runsOf(skips, needsOf(rule), rule.findsNothingWithText ? STARTS_WITH_TEXT : 0),
            unless: unlessOf(rule, skips),
            without: withoutOf(rule, skips),
          };
        }),
      contentRules: ranked
        .filter(({ rule }) => rule.content)
        .map(({ rule, rank }) => {
          const skips = skipsOf(rule);
          return { rule, rank, check: rule.content!, skips, runs: runsOf(skips, () => HAS_CHILDREN) };
        }),
      textRules: ranked.filter(({ rule }) => rule.text).map(({ rule, rank }) => ({ rule, rank, check: rule.text!, skips: skipsOf(rule) })),
      elementRuns: undefined,
    };
    const elementRules = partition.elementRules;
    if (elementRules.length <= 32) {
      const runs = new Uint32Array(ENTRY_MASK + 1);
      elementRules.forEach((rule, r) => {
        for (let entry = 0; entry <= ENTRY_MASK; entry++) if (rule.runs[entry] === 1) runs[entry]! |= 1 << r;
      });
      partition.elementRuns = runs;
    }
    partitions.set(rules, partition);
  }
  return partition;
}

/**
 * Whether to call a rule on an element by its entry: one it does not skip, with every bit its model element
 * `needs` (by model index) and none of `avoids`.
 */
function runsOf(skips: Skips, needs: (index: number) => number, avoids = 0): Runs {
  const bits = SPECS.map((_, index) => needs(index));
  const runs = new Uint8Array(ENTRY_MASK + 1);
  for (let entry = 0; entry <= ENTRY_MASK; entry++) {
    const index = entry & SPEC_MASK;
    runs[entry] = index < SPECS.length && skips[index] !== 1 && (entry & bits[index]!) === bits[index] && (entry & avoids) === 0 ? 1 : 0;
  }
  return runs;
}

/** By model index, the bits of an element's entry the rule calls for (`Rule.elementsWith`, `Rule.findsNothingWithoutContent`). */
function needsOf(rule: Rule): (index: number) => number {
  const wanted = rule.elementsWith;
  const content = rule.findsNothingWithoutContent ? HAS_CHILDREN : 0;
  if (typeof wanted !== 'function') return () => (wanted ? NEEDS[wanted] : 0) | content;
  return (index) => {
    const spec = SPECS[index];
    const condition = spec && wanted(spec);
    return (condition ? NEEDS[condition] : 0) | content;
  };
}

/**
 * By model element index, the bits of the attributes with all of which the rule finds nothing there
 * (`Rule.findsNothingWith`), giving them bits as needed; 0 where it names none, or one that has no bit (see
 * `watchedBit`). Undefined for a rule that names none.
 */
function unlessOf(rule: Rule, skips: Skips): Uint8Array | undefined {
  if (!rule.findsNothingWith) return undefined;
  const unless = new Uint8Array(SPECS.length);
  SPECS.forEach((spec, s) => {
    if (spec === undefined || skips[s] === 1) return;
    let all = 0;
    for (const name of rule.findsNothingWith!(spec) ?? []) {
      const bit = watchedBit(s, name);
      if (bit === 0) return;
      all |= bit;
    }
    unless[s] = all;
  });
  return unless.some((bits) => bits !== 0) ? unless : undefined;
}

/** By model element index, the bit of the attribute without which the rule finds nothing there (`Rule.findsNothingWithout`), as `unlessOf`. */
function withoutOf(rule: Rule, skips: Skips): Uint8Array | undefined {
  if (!rule.findsNothingWithout) return undefined;
  const without = new Uint8Array(SPECS.length);
  SPECS.forEach((spec, s) => {
    const name = spec === undefined || skips[s] === 1 ? undefined : rule.findsNothingWithout!(spec);
    if (name !== undefined) without[s] = watchedBit(s, name);
  });
  return without.some((bit) => bit !== 0) ? without : undefined;
}

/**
 * The bit in `ModelLookup.attributesMet` of the attribute `name` of the model element at index `s`, given now
 * if it has none; 0 when it is not in the element's model entry, or the element's eight bits are given out.
 */
function watchedBit(s: number, name: string): number {
  const attribute = ATTRIBUTE_INDEX[s]!.get(name);
  if (attribute === undefined || (WATCHED[attribute] === 0 && WATCHED_COUNT[s] === 8)) return 0;
  if (WATCHED[attribute] === 0) {
    WATCHED[attribute] = 1 << WATCHED_COUNT[s]!++;
    watchedBits++;
  }
  return WATCHED[attribute]!;
}

/** The model elements (`undefined`: elements that are not VoiceML) a rule does not apply to. */
function skipsOf(rule: Rule): Skips {
  const skips = new Uint8Array(SPECS.length);
  if (rule.appliesTo) SPECS.forEach((spec, index) => (skips[index] = rule.appliesTo!(spec) ? 0 : 1));
  return skips;
}
