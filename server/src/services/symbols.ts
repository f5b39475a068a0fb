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
import { getElement } from '../model';
import type { ElementSpec } from '../model/types';
import type { XmlNode } from '../parser/ast';
import type { VoiceMLRegion } from '../document/region';
import { elementSummary } from '../document/summary';
import { MAX_RESULT_DEPTH, resultLimitOf, type ResultLimit } from './limits';

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
