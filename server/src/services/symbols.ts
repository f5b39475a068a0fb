/**
 * The outline (`textDocument/documentSymbol`): one symbol per element, nested as in the document, named after
 * the element and what makes it recognisable at a glance — `Gather numDigits=4 → /verify-2`,
 * `Say "안녕하세요…"`, `Dial → 01099991111`. Which attributes (or body) make it recognisable is model data
 * (`ElementSpec.outline`); how a value is written follows its model type.
 *
 * The summary goes into the symbol's *name*, not its `detail`: VS Code shows both, but most other clients
 * (neovim's symbol lists, pickers) show the name only, and the summary is the point of this outline.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import { getAttribute, getElement } from '../model';
import type { ElementSpec, ValueType } from '../model/types';
import { PLACEHOLDER, type XmlElement, type XmlNode } from '../parser/ast';
import type { VoiceMLRegion } from '../document/region';
import { MAX_RESULT_DEPTH, resultLimitOf, type ResultLimit } from './limits';

/** Say's text is trimmed to about this many characters (code points); enough to tell prompts apart. */
const TEXT_LIMIT = 30;
/** URLs and other values are kept longer: their distinguishing part is usually the tail (`/verify-2`). */
const VALUE_LIMIT = 60;

/**
 * At most `resultLimit` symbols (`voiceml.maxItemsComputed`) and `MAX_RESULT_DEPTH` levels, taken level by
 * level: when a document has more, the outline keeps its upper levels whole, which is what a reader
 * navigates by.
 */
export function findDocumentSymbols(document: TextDocument, regions: readonly VoiceMLRegion[], limits?: ResultLimit): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const limit = resultLimitOf(limits);
  let count = 0;
  let exceeded = false;
  // Breadth first, with a queue instead of recursion: the parser accepts any nesting depth, so must we.
  const work: ({ nodes: readonly XmlNode[]; into: DocumentSymbol[]; region: VoiceMLRegion; depth: number } | undefined)[] = regions.map(
    (region) => ({ nodes: region.xml.children, into: out, region, depth: 1 }),
  );
  for (let next = 0; next < work.length && count < limit; next++) {
    const { nodes, into, region, depth } = work[next]!;
    // Done with this entry: the queue keeps what is still to do, not every list it ever held.
    work[next] = undefined;
    const range = (start: number, end: number) => ({
      start: document.positionAt(region.offset + start),
      end: document.positionAt(region.offset + end),
    });
    // A substitution as the host writes it (`${…}`), not as the placeholder glyphs the parser saw.
    const dynamic = region.host.substitutionLabel;
    for (const node of nodes) {
      if (node.kind !== 'element') continue;
      if (node.name === '') {
        // A bare `<` being typed has no name to show (VS Code rejects empty symbol names); it has no
        // children either, as the parser never opens it.
        continue;
      }
      if (count === limit || depth > MAX_RESULT_DEPTH) {
        exceeded = true;
        break;
      }
      count++;
      const spec = node.dynamicName ? undefined : getElement(node.name);
      const children: DocumentSymbol[] = [];
      into.push({
        name: elementSummary(node, dynamic),
        kind: kindOf(spec),
        range: range(node.start, node.end),
        selectionRange: range(node.nameStart, node.nameEnd),
        children,
      });
      if (node.children.length > 0) work.push({ nodes: node.children, into: children, region, depth: depth + 1 });
    }
  }
  // Stopped at the limit with lists still waiting: those hold elements too.
  if (!exceeded && work.some((entry) => entry !== undefined && entry.nodes.some((n) => n.kind === 'element' && n.name !== ''))) exceeded = true;
  if (exceeded) limits?.onResultLimitExceeded?.(document.uri);
  return out;
}

function kindOf(spec: ElementSpec | undefined): SymbolKind {
  switch (spec?.role) {
    case 'root':
      return SymbolKind.Module;
    case 'verb':
      return SymbolKind.Function;
    case 'noun':
      return SymbolKind.Field;
    default:
      // Unknown and TwiML-only elements: still shown (they are in the document), but not as VoiceML verbs.
      return SymbolKind.Object;
  }
}

/**
 * `Gather numDigits=4 → /verify-2`: the name as written, then the outline entries that have a value. Each
 * substitution in them reads as `dynamic` (the host's `substitutionLabel`). The call-flow graph shows verbs so too.
 */
export function elementSummary(element: XmlElement, dynamic: string): string {
  const spec = element.dynamicName ? undefined : getElement(element.name);
  const parts = [showDynamic(element.name, dynamic)];
  for (const entry of spec?.outline ?? []) {
    const part = describeEntry(element, spec!, entry, dynamic);
    if (part !== undefined) parts.push(part);
  }
  return parts.join(' ');
}

function describeEntry(element: XmlElement, spec: ElementSpec, entry: string, dynamic: string): string | undefined {
  if (entry === '#text') return describeBody(element, spec, dynamic);
  if (entry.startsWith('<') && entry.endsWith('>')) {
    const childName = entry.slice(1, -1);
    const child = element.children.find((c): c is XmlElement => c.kind === 'element' && c.name === childName);
    const childSpec = getElement(childName);
    return child && childSpec ? describeBody(child, childSpec, dynamic) : undefined;
  }
  const attribute = element.attributes.find((a) => a.name === entry);
  if (!attribute?.value) return undefined;
  const value = attribute.value.value;
  const type = getAttribute(spec.name, entry)?.type;
  if (type?.kind === 'url' || type?.kind === 'wssUrl') {
    const shown = clip(showDynamic(value.trim(), dynamic), VALUE_LIMIT);
    return type.kind === 'url' ? `→ ${shown}` : shown;
  }
  const shown = clip(showDynamic(value, dynamic), VALUE_LIMIT);
  return `${entry}=${shown === '' || /\s/.test(shown) ? `"${shown}"` : shown}`;
}

/** The element's text body (text and CDATA), written as its model type reads best; undefined when empty. */
function describeBody(element: XmlElement, spec: ElementSpec, dynamic: string): string | undefined {
  let text = '';
  for (const child of element.children) if (child.kind === 'text' || child.kind === 'cdata') text += child.value;
  const flat = flatten(showDynamic(text, dynamic));
  if (flat === '') return undefined;
  return describeValue(flat, spec.body.type);
}

function describeValue(value: string, type: ValueType | undefined): string {
  switch (type?.kind) {
    case 'text':
    case undefined:
      return `"${clip(value, TEXT_LIMIT)}"`;
    // Where the call goes next: a webhook to fetch, a number to dial.
    case 'url':
    case 'phoneNumber':
      return `→ ${clip(value, VALUE_LIMIT)}`;
    default:
      return clip(value, VALUE_LIMIT);
  }
}

/** A multi-line prompt as one line (in a tree, in a graph): runs of XML white space as one space, trimmed. */
export function flatten(text: string): string {
  return text.replace(/[ \t\r\n]+/g, ' ').trim();
}

/** At most `limit` code points (never half a surrogate pair), with `…` when cut. */
function clip(value: string, limit: number): string {
  const points = Array.from(value);
  return points.length <= limit ? value : points.slice(0, limit - 1).join('').trimEnd() + '…';
}

/** Substitutions (placeholder runs in embedded documents) read as `dynamic`, not as private-use glyphs. */
function showDynamic(value: string, dynamic: string): string {
  return value.includes(PLACEHOLDER) ? value.replace(new RegExp(`${PLACEHOLDER}+`, 'g'), dynamic) : value;
}
