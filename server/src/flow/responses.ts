/**
 * What the VoiceML of a file says for the call flow, read from its regions (any host, whatever made them): each
 * response's verbs, summarised for the graph (Say text shortened, Gather numDigits, Dial number, Stream URL),
 * and the URLs its verbs lead to — Gather, Record and Dial `action`, the `<Redirect>` body — with the text of
 * each URL where the code says it (substitutions read through `Substitution.constant`), else what is known of
 * its end. All offsets here are document offsets.
 */
import type { VoiceMLRegion } from '../document/region';
import type { XmlElement, XmlNode } from '../parser/ast';
import { isXmlSpace } from '../parser';
import { getElement, model } from '../model';
import { elementSummary } from '../services/symbols';
import { callbackOf, webhook } from '../model/webhook';

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
  /** The offset of the verb's `<` (to find the target of an element). */
  element: number;
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

export interface FileSteps {
  responses: ResponseSummary[];
  targets: Target[];
}

export function readSteps(regions: readonly VoiceMLRegion[]): FileSteps {
  const responses: ResponseSummary[] = [];
  const targets: Target[] = [];
  regions.forEach((region) => {
    const index = responses.length;
    const response: ResponseSummary = { start: region.offset, end: region.offset + region.tree.text.length, verbs: [], stops: false, open: false, redirects: [] };
    responses.push(response);
    const top = topLevel(region);
    for (const node of top) {
      if (node.kind === 'text' && node.dynamic && !node.whitespace) response.open = true;
      if (node.kind !== 'element') continue;
      response.verbs.push(summarize(region, node));
      if (!node.dynamicName && STOPS.has(node.name)) response.stops = true;
    }
    const walk = (nodes: readonly XmlNode[]): void => {
      for (const node of nodes) {
        if (node.kind !== 'element') continue;
        const target = targetOf(region, node, index);
        if (target) {
          if (callbackOf(target.verb)?.url === 'body' && top.includes(node)) response.redirects.push(targets.length);
          targets.push(target);
        }
        walk(node.children);
      }
    };
    walk(region.xml.children);
  });
  return { responses, targets };
}

/** The verbs of a response: the children of `<Response>`, or a fragment's top level when it is spliced into Response. */
function topLevel(region: VoiceMLRegion): readonly XmlNode[] {
  const root = region.xml.root;
  if (region.kind === 'document') return root?.name === 'Response' ? root.children : [];
  return region.fragmentParent === 'Response' ? region.xml.children : [];
}

function targetOf(region: VoiceMLRegion, element: XmlElement, response: number): Target | undefined {
  const callback = element.dynamicName ? undefined : callbackOf(element.name);
  if (!callback) return undefined;
  const verb = element.name;
  let range: { start: number; end: number } | undefined;
  if (callback.url === 'body') {
    // The body: one piece of text (substitutions in it are fine), or a CDATA section.
    const pieces = element.children.filter((c) => c.kind !== 'comment' && !(c.kind === 'text' && c.whitespace));
    const piece = pieces.length === 1 ? pieces[0] : undefined;
    if (piece?.kind === 'text') range = { start: piece.start, end: piece.end };
    else if (piece?.kind === 'cdata' && piece.closed) range = { start: piece.start + '<![CDATA['.length, end: piece.end - ']]>'.length };
  } else {
    const value = element.attributes.find((a) => a.name === callback.url)?.value;
    if (value) range = { start: value.valueStart, end: value.valueEnd };
  }
  if (!range) return undefined;
  const text = region.tree.text;
  let { start, end } = range;
  while (start < end && isXmlSpace(text.charCodeAt(start))) start++;
  while (end > start && isXmlSpace(text.charCodeAt(end - 1))) end--;
  if (start === end) return undefined;
  const read = readValue(region, start, end, region.tree.text.startsWith('<![CDATA[', range.start - '<![CDATA['.length));
  return {
    verb,
    start: region.offset + start,
    end: region.offset + end,
    element: region.offset + element.start,
    written: read.written,
    url: read.constant,
    tail: read.tail,
    editable: read.editable && { start: region.offset + read.editable.start, end: region.offset + read.editable.end },
    response,
  };
}

/**
 * A value written in `[start, end)` of the region (region offsets): as the source writes it, its constant text
 * when every substitution in it has one, and the static text after the last substitution.
 */
function readValue(region: VoiceMLRegion, start: number, end: number, cdata: boolean): { written: string; constant: string | undefined; tail: string | undefined; editable: { start: number; end: number } | undefined } {
  const text = region.tree.text;
  let written = '';
  let constant: string | undefined = '';
  let tail = '';
  let tailStart = start;
  let at = start;
  const staticText = (from: number, to: number): string => (cdata ? text.slice(from, to) : decodeReferences(text.slice(from, to)));
  for (const s of region.substitutions ?? []) {
    if (s.end <= start) continue;
    if (s.start >= end) break;
    const piece = staticText(at, s.start);
    written += piece;
    if (constant !== undefined) {
      const value = s.constant?.();
      constant = value === undefined ? undefined : constant + piece + value;
    }
    written += s.text;
    at = s.end;
    tailStart = s.end;
  }
  const last = staticText(at, end);
  written += last;
  if (constant !== undefined) constant += last;
  tail = last;
  const plain = text.slice(tailStart, end);
  return {
    written,
    constant,
    tail: constant === undefined ? tail : undefined,
    editable: plain === tail && !plain.includes('\uE000') ? { start: tailStart, end } : undefined,
  };
}

const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's five named references and character references decoded; anything else left as written. */
export function decodeReferences(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith('#x')) return safeCodePoint(parseInt(name.slice(2), 16)) ?? whole;
    if (name.startsWith('#')) return safeCodePoint(parseInt(name.slice(1), 10)) ?? whole;
    return NAMED[name] ?? whole;
  });
}

function safeCodePoint(code: number): string | undefined {
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** A verb for the graph: its attributes (substitutions as written), its text, its children, and the outline's summary of it. */
function summarize(region: VoiceMLRegion, element: XmlElement): VerbSummary {
  const attributes: Record<string, string> = {};
  for (const attribute of element.attributes) {
    if (attribute.value) attributes[attribute.name] = readValue(region, attribute.value.valueStart, attribute.value.valueEnd, false).written;
  }
  const children = element.children.filter((c): c is XmlElement => c.kind === 'element' && c.name !== '').map((c) => summarize(region, c));
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
    if (child.kind === 'text') out += readValue(region, child.start, child.end, false).written;
    else if (child.kind === 'cdata') out += child.value;
  }
  const collapsed = out.replace(/\s+/g, ' ').trim();
  return collapsed === '' ? undefined : collapsed;
}
