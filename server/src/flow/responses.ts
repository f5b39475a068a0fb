/**
 * What the VoiceML of a file says for the call flow, read from its regions (any host, whatever made them): each
 * response's verbs, summarised for the graph (Say text shortened, Gather numDigits, Dial number, Stream URL),
 * and the URLs its verbs lead to — Gather, Record and Dial `action`, the `<Redirect>` body — with the text of
 * each URL where the code says it (substitutions read through `Substitution.constant`), else what is known of
 * its end. All offsets here are document offsets.
 */
import { documentRange, type VoiceMLRegion } from '../document/region';
import { PLACEHOLDER, type XmlElement } from '../parser/ast';
import { CDATA, CLOSED, COMMENT, DOCUMENT, DYNAMIC, DYNAMIC_NAME, ELEMENT, NONE, TEXT, WHITESPACE, type NodeId, type XmlTree } from '../parser/tree';
import { nodeObject } from '../parser/materialize';
import { isXmlSpace } from '../parser';
import { knownNames, occursAt } from '../parser/intern';
import { getElement, model } from '../model';
import { elementSummary, flatten } from '../document/summary';
import { callbackOf, webhook } from '../model/webhook';
import { Memo } from '../memo';

/** A verb whose URL the platform requests next (`schemas/webhook.json`'s callbacks: Gather, Record, Dial, Redirect). */
export type StepVerb = string;

/**
 * Verbs after which the call does not go on by itself at once: those that wait for the caller or a callee and
 * then call back (Gather, Record, Dial), and those that end the call other than by a request (Connect,
 * Hangup, Reject). A response without one only talks and redirects.
 */
const STOPS: ReadonlySet<string> = new Set([
  ...webhook.callbacks.filter((c) => c.url !== 'body').map((c) => c.verb),
  ...model.elements.filter((e) => e.endsCall !== undefined && callbackOf(e.name) === undefined).map((e) => e.name),
]);

/** A URL a verb leads to. */
export interface Target {
  verb: StepVerb;
  /** The URL as written (white space around it left out): document offsets. */
  start: number;
  end: number;
  /** Where the verb is in the document (to find the target of an element): the start of its range. */
  element: number;
  /** The same URL and `editable` in region offsets (a region built from code has no 1:1 offsets: `mapping`). */
  local: { start: number; end: number; editable: { start: number; end: number } | undefined };
  /** The URL as written in the source, for messages and the graph (`${BASE}/lang`). */
  written: string;
  /** The URL's text, when the code says all of it (references decoded, substitutions' constant text). */
  url: string | undefined;
  /** When the front is unknown (`${process.env.BASE_URL}/ivr/lang`): the text after the last substitution. */
  tail: string | undefined;
  /**
   * The written static text at the URL's end, after its last substitution, when it is written as it reads (no
   * character references): where a fix to the path can edit. Document offsets.
   */
  editable: { start: number; end: number } | undefined;
  /** The response it is in (index into `FileSteps.responses`). */
  response: number;
}

/** Where an element of a region stands in the document (the start of its range): how a target is looked up. */
export function elementOffset(region: VoiceMLRegion, start: number, end: number): number {
  return documentRange(region, start, end).start;
}

/** One response (a region): its verbs, and what they do to the call. */
export interface ResponseSummary {
  start: number;
  end: number;
  verbs: VerbSummary[];
  /** A verb waits for the caller or a callee, or ends the call (Gather, Record, Dial, Connect, Hangup, Reject). */
  stops: boolean;
  /** Some of its content is code (a `${body}` where verbs go): what it holds is unknown. */
  open: boolean;
  /** Indices into `FileSteps.targets` of its top-level verbs whose URL is their body (`<Redirect>`). */
  redirects: number[];
}

/** A verb as the graph shows it: its name, the attributes worth showing, its text shortened, its children. */
export interface VerbSummary {
  name: string;
  /** As the outline shows it: `Say "안녕하세요…"`, `Gather numDigits=1 → ${…}/lang`, `Dial → 01099991111`, `Stream wss://…`. */
  label: string;
  attributes: Record<string, string>;
  text?: string;
  children?: VerbSummary[];
}

/** At most this many verbs of a response (and children of a verb) are summarised: a picture shows no more. */
const MAX_SUMMARIZED = 32;

export interface FileSteps {
  responses: ResponseSummary[];
  targets: Target[];
}

/** Does a region hold an element that leads somewhere (its name one of a callback's)? A look at the tree alone, once per tree. */
export function hasSteps(region: VoiceMLRegion): boolean {
  let has = stepsInTree.get(region.tree);
  if (has === undefined) stepsInTree.set(region.tree, (has = treeHasSteps(region.tree)));
  return has;
}

const stepsInTree = new WeakMap<XmlTree, boolean>();

function treeHasSteps(tree: XmlTree): boolean {
  for (let id = 1; id < tree.size; id++) if (tree.kind(id) === ELEMENT && !tree.is(id, DYNAMIC_NAME) && isStep(tree, tree.nameSymbol(id))) return true;
  return false;
}

/**
 * The responses and targets of a file's regions. Read from each region's flat tree, no element made as an
 * object, and a response's verbs are summarised for the graph only when something reads them
 * (`ResponseSummary.verbs`): no rule does, and a file is read at every open.
 */
export function readSteps(regions: readonly VoiceMLRegion[]): FileSteps {
  const responses: ResponseSummary[] = [];
  const targets: Target[] = [];
  regions.forEach((region) => {
    const index = responses.length;
    // A region kept from the file's previous version (its lineage and tree): what was read of it, moved.
    const kept = region.lineage && readOf.get(region.lineage);
    if (kept && kept.tree === region.tree) {
      const { response, targets: own } = moved(kept, region, index, targets.length);
      responses.push(response);
      targets.push(...own);
      readOf.set(region.lineage!, { tree: region.tree, offset: region.offset, index, first: targets.length - own.length, response, targets: own });
      return;
    }
    const first = targets.length;
    const tree = region.tree;
    const top = topLevel(region);
    let stops = false;
    let open = false;
    for (let child = top === NONE ? NONE : tree.firstChild(top); child !== NONE; child = tree.nextSibling(child)) {
      const kind = tree.kind(child);
      if (kind === TEXT && tree.is(child, DYNAMIC) && !tree.is(child, WHITESPACE)) open = true;
      else if (kind === ELEMENT && !tree.is(child, DYNAMIC_NAME) && STOPS.has(tree.name(child))) stops = true;
    }
    const whole = documentRange(region, 0, tree.text.length);
    const response = new Summary(whole.start, whole.end, stops, open, [], region);
    responses.push(response);
    // The elements named like a callback's verb, in document order (ids are), by their name's symbol.
    for (let id = 1; id < tree.size; id++) {
      if (tree.kind(id) !== ELEMENT || tree.is(id, DYNAMIC_NAME) || !isStep(tree, tree.nameSymbol(id))) continue;
      const target = targetOf(region, id, index);
      if (!target) continue;
      if (callbackOf(target.verb)?.url === 'body' && top !== NONE && tree.parent(id) === top) response.redirects.push(targets.length);
      targets.push(target);
    }
    if (region.lineage) readOf.set(region.lineage, { tree, offset: region.offset, index, first, response, targets: targets.slice(first) });
  });
  return { responses, targets };
}

/**
 * Does the name `symbol` of `tree` name a verb leading somewhere (a callback's: Gather, Record, Dial, Redirect)?
 * Looked up once per well-known name (the same symbol in every tree); a tree's own names, never the model's,
 * by name.
 */
function isStep(tree: XmlTree, symbol: number): boolean {
  if (symbol >= tree.knownSymbols) return callbackOf(tree.symbolName(symbol)) !== undefined;
  // Made at the first ask: by then a tree is made, and the well-known names are set.
  knownSteps ??= Uint8Array.from(knownNames, (name) => (callbackOf(name) ? 1 : 0));
  return knownSteps[symbol] === 1;
}

/** By well-known name's symbol (`knownNames`): 1 when it names a verb leading somewhere. */
let knownSteps: Uint8Array | undefined;

/**
 * A response's summary. Its verbs are summarised from the region when first read (the graph reads them, no
 * rule does): the same tree gives the same verbs wherever the region has moved. It holds its region, and is
 * made again for each later version of it (`moved`): an earlier version (and its file's tree) is not kept.
 */
class Summary implements ResponseSummary {
  constructor(
    readonly start: number,
    readonly end: number,
    readonly stops: boolean,
    readonly open: boolean,
    readonly redirects: number[],
    readonly region: VoiceMLRegion,
    private summarized?: VerbSummary[],
  ) {}

  get verbs(): VerbSummary[] {
    if (this.summarized) return this.summarized;
    const verbs: VerbSummary[] = [];
    const region = this.region;
    const tree = region.tree;
    const top = topLevel(region);
    for (let child = top === NONE ? NONE : tree.firstChild(top); child !== NONE && verbs.length < MAX_SUMMARIZED; child = tree.nextSibling(child)) {
      if (tree.kind(child) === ELEMENT) verbs.push(summarize(region, nodeObject(region.xml, child) as XmlElement));
    }
    return (this.summarized = verbs);
  }

  /** This response in `region` (a later version with the same tree), `by` further on, its targets from `shift` further. */
  moved(region: VoiceMLRegion, by: number, shift: number): Summary {
    const redirects = shift === 0 ? this.redirects : this.redirects.map((i) => i + shift);
    return new Summary(this.start + by, this.end + by, this.stops, this.open, redirects, region, this.summarized);
  }
}

/** What was read of a region (by lineage): where it stood, its response's index and its first target's, and them. */
const readOf = new Memo<object, { tree: XmlTree; offset: number; index: number; first: number; response: Summary; targets: Target[] }>('read response');

/** What was read of a region, for `region` (at its offset), its response at `index` and its targets from `first` on. */
function moved(
  kept: { offset: number; index: number; first: number; response: Summary; targets: Target[] },
  region: VoiceMLRegion,
  index: number,
  first: number,
): { response: Summary; targets: Target[] } {
  const offset = region.offset;
  if (kept.offset === offset && kept.index === index && kept.first === first) {
    return kept.response.region === region ? kept : { response: kept.response.moved(region, 0, 0), targets: kept.targets };
  }
  const by = offset - kept.offset;
  const response = kept.response.moved(region, by, first - kept.first);
  // Every field written out (not `...t`): a literal of one shape is made several times faster than a spread copy.
  const targets = kept.targets.map(
    (t): Target => ({
      verb: t.verb,
      start: t.start + by,
      end: t.end + by,
      element: t.element + by,
      local: t.local,
      written: t.written,
      url: t.url,
      tail: t.tail,
      editable: t.editable && { start: t.editable.start + by, end: t.editable.end + by },
      response: index,
    }),
  );
  return { response, targets };
}

/**
 * The node whose children are a response's verbs: `<Response>`, or the document for a fragment spliced into
 * Response; `NONE` when the region is neither.
 */
function topLevel(region: VoiceMLRegion): NodeId {
  const tree = region.tree;
  if (region.kind === 'document') return tree.root !== NONE && tree.name(tree.root) === 'Response' ? tree.root : NONE;
  return region.fragmentParent === 'Response' ? DOCUMENT : NONE;
}

/** The target of `element`, named (not `DYNAMIC_NAME`) like a callback's verb; undefined when it says no URL. */
function targetOf(region: VoiceMLRegion, element: NodeId, response: number): Target | undefined {
  const tree = region.tree;
  const name = tree.name(element);
  const callback = callbackOf(name);
  if (!callback) return undefined;
  // The URL as written (raw region offsets) and as XML reads it (references decoded, placeholders kept), read
  // from the records: a response of thousands of verbs makes no element objects for this.
  let written: { start: number; end: number; decoded: string } | undefined;
  if (callback.url === 'body') {
    // The body: one piece of text (substitutions in it are fine), or a CDATA section.
    let piece: NodeId = NONE;
    let pieces = 0;
    for (let child = tree.firstChild(element); child !== NONE && pieces < 2; child = tree.nextSibling(child)) {
      const kind = tree.kind(child);
      if (kind === COMMENT || (kind === TEXT && tree.is(child, WHITESPACE))) continue;
      piece = child;
      pieces++;
    }
    if (pieces === 1 && tree.kind(piece) === TEXT) written = { start: tree.start(piece), end: tree.end(piece), decoded: tree.textValue(piece) };
    else if (pieces === 1 && tree.kind(piece) === CDATA && tree.is(piece, CLOSED)) {
      written = { start: tree.start(piece) + '<![CDATA['.length, end: tree.end(piece) - ']]>'.length, decoded: tree.textValue(piece) };
    }
  } else {
    const a = tree.findAttribute(element, callback.url);
    const value = a === NONE ? undefined : tree.attributeValue(a);
    if (value !== undefined) written = { start: tree.valueInnerStart(a), end: tree.valueInnerEnd(a), decoded: value };
  }
  if (!written) return undefined;
  // White space around the URL is not part of it (never written as a reference: the counts agree).
  const text = tree.text;
  let { start, end, decoded } = written;
  while (start < end && isXmlSpace(text.charCodeAt(start))) start++;
  while (end > start && isXmlSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return undefined;
  decoded = decoded.slice(start - written.start, decoded.length - (written.end - end));
  const read = readValue(region, start, end, decoded);
  const range = documentRange(region, start, end);
  // A URL built from code (a builder's option) is edited only where it is written as it stands in a literal.
  const mapped = read.editable && documentRange(region, read.editable.start, read.editable.end);
  const editable = mapped && (!region.mapping || mapped.end - mapped.start === read.editable!.end - read.editable!.start) ? read.editable : undefined;
  return {
    verb: name,
    start: range.start,
    end: range.end,
    element: elementOffset(region, tree.start(element), tree.end(element)),
    local: { start, end, editable },
    written: read.written,
    url: read.constant,
    tail: read.tail,
    editable: editable && mapped,
    response,
  };
}

/**
 * A value written in `[start, end)` of the region (region offsets), whose text as XML reads it is `decoded`
 * (references decoded by the parser; each substitution still a run of placeholders as long as it is written): as
 * the source writes it, its constant text when every substitution in it has one, and the text after the last
 * substitution.
 */
function readValue(region: VoiceMLRegion, start: number, end: number, decoded: string): { written: string; constant: string | undefined; tail: string | undefined; editable: { start: number; end: number } | undefined } {
  let written = '';
  let constant: string | undefined = '';
  let at = 0; // in `decoded`
  let tailStart = start; // in the region
  for (const s of region.substitutions ?? []) {
    if (s.end <= start) continue;
    if (s.start >= end) break;
    const run = decoded.indexOf(PLACEHOLDER, at);
    if (run < 0) break;
    const piece = decoded.slice(at, run);
    written += piece + s.text;
    if (constant !== undefined) {
      const value = s.constant?.();
      constant = value === undefined ? undefined : constant + piece + value;
    }
    at = run + (s.end - s.start);
    tailStart = s.end;
  }
  let tail = decoded.slice(at);
  // A run of placeholders no substitution stands for: a part of a value built by code that the code does not
  // say (a builder's option `${base}/menu`, `url`). Unknown, as a substitution without a constant is.
  const unsaid = tail.lastIndexOf(PLACEHOLDER);
  if (unsaid >= 0) {
    written += ellipsized(tail.slice(0, unsaid + 1));
    tail = tail.slice(unsaid + 1);
    tailStart = Math.max(tailStart, region.tree.text.lastIndexOf(PLACEHOLDER, end - 1) + 1);
    constant = undefined;
  }
  written += tail;
  if (constant !== undefined) constant += tail;
  // The tail can be edited where it is written as it reads (no references in it).
  const plain = tail.length === end - tailStart && occursAt(region.tree.text, tailStart, tail);
  return { written, constant, tail: constant === undefined ? tail : undefined, editable: plain ? { start: tailStart, end } : undefined };
}

/** `text` with each run of placeholders written as `…`. */
function ellipsized(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== PLACEHOLDER) out += text[i];
    else if (i === 0 || text[i - 1] !== PLACEHOLDER) out += '…';
  }
  return out;
}

/** A verb for the graph: its attributes (substitutions as written), its text, its children, and the outline's summary of it. */
function summarize(region: VoiceMLRegion, element: XmlElement): VerbSummary {
  const attributes: Record<string, string> = {};
  for (const attribute of element.attributes) {
    if (attribute.value) attributes[attribute.name] = readValue(region, attribute.value.valueStart, attribute.value.valueEnd, attribute.value.value).written;
  }
  const children = element.children
    .filter((c): c is XmlElement => c.kind === 'element' && c.name !== '')
    .slice(0, MAX_SUMMARIZED)
    .map((c) => summarize(region, c));
  const text = textOf(region, element);
  const summary: VerbSummary = { name: element.name, label: elementSummary(element, region.host.substitutionLabel), attributes };
  if (text !== undefined) summary.text = text;
  if (children.length > 0) summary.children = children;
  return summary;
}

/** The element's own text, white space collapsed, substitutions as written; undefined for none. */
function textOf(region: VoiceMLRegion, element: XmlElement): string | undefined {
  const spec = element.dynamicName ? undefined : getElement(element.name);
  if (spec?.body.use === 'none') return undefined;
  let out = '';
  for (const child of element.children) {
    if (child.kind === 'text') out += readValue(region, child.start, child.end, child.value).written;
    else if (child.kind === 'cdata') out += child.value;
  }
  const flat = flatten(out);
  return flat === '' ? undefined : flat;
}
