/**
 * Folding ranges (`textDocument/foldingRange`): elements spanning lines, multi-line comments and CDATA, and
 * `<!-- #region -->` … `<!-- #endregion -->` marker pairs.
 *
 * Folding is line-based (what every client supports): a range hides the lines after `startLine` through
 * `endLine`. An element's range stops on the line before its end tag, so `</Gather>` stays visible under the
 * folded `<Gather …>`, as in the HTML and XML servers. A comment or CDATA folds through its last line unless
 * something else follows it there (`]]></Say>`), which must stay visible.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FoldingRangeKind, type FoldingRange } from 'vscode-languageserver-types';
import type { XmlNode } from '../parser/ast';
import type { VoiceMLRegion } from '../document/region';
import { isXmlSpace } from '../parser';
import { resultLimitOf, type ResultLimit } from './limits';

const REGION_START = /^<!--\s*#region\b/;
const REGION_END = /^<!--\s*#endregion\b/;

export interface FoldingOptions extends ResultLimit {
  /** The client's `foldingRange.rangeLimit`: keep at most this many, the outermost first. */
  rangeLimit?: number;
}

/** At most the client's `rangeLimit` and `voiceml.maxItemsComputed` ranges, the outermost first. */
export function getFoldingRanges(document: TextDocument, regions: readonly VoiceMLRegion[], options: FoldingOptions = {}): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  for (const region of regions) collect(document, region, ranges);
  const normalized = normalize(ranges);
  const ours = resultLimitOf(options);
  // The client's own limit is the client's to tell about (VS Code does); ours is the server's.
  if (normalized.length > ours) options.onResultLimitExceeded?.(document.uri);
  const theirs = options.rangeLimit;
  return limit(normalized, typeof theirs === 'number' && theirs >= 0 ? Math.min(ours, theirs) : ours);
}

function collect(document: TextDocument, region: VoiceMLRegion, out: FoldingRange[]): void {
  const text = region.tree.text;
  const lineOf = (offset: number): number => document.positionAt(region.offset + offset).line;
  const add = (startLine: number, endLine: number, kind?: FoldingRangeKind): void => {
    if (endLine > startLine) out.push(kind === undefined ? { startLine, endLine } : { startLine, endLine, kind });
  };
  /** The last line of a node, or the one before it when more than white space follows the node there. */
  const lastOwnLine = (end: number): number => {
    const line = lineOf(end);
    let i = end;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x0a || c === 0x0d) return line;
      if (c !== 0x20 && c !== 0x09) return line - 1;
      i++;
    }
    return line;
  };
  // Markers pair up in document order, whatever elements lie between them; the walk below is not in
  // document order, so they are collected first and matched at the end.
  const markers: { offset: number; start: boolean }[] = [];

  const work: (readonly XmlNode[])[] = [region.xml.children];
  while (work.length > 0) {
    for (const node of work.pop()!) {
      switch (node.kind) {
        case 'element': {
          if (node.name === '') break;
          const startLine = lineOf(node.start);
          if (node.endTag) {
            add(startLine, lineOf(node.endTag.start) - 1);
          } else if (node.selfClosing) {
            // A start tag wrapped over several lines: keep the line with `/>` visible.
            add(startLine, lineOf(node.end) - 1);
          } else {
            // Never closed (being typed): fold through its last content, not over what follows.
            let end = node.end;
            while (end > node.startTagEnd && isXmlSpace(text.charCodeAt(end - 1))) end--;
            add(startLine, lineOf(end));
          }
          if (node.children.length > 0) work.push(node.children);
          break;
        }
        case 'comment': {
          const body = text.slice(node.start, Math.min(node.end, node.start + 200));
          if (REGION_START.test(body)) {
            markers.push({ offset: node.start, start: true });
          } else if (REGION_END.test(body)) {
            markers.push({ offset: node.end, start: false });
          } else {
            add(lineOf(node.start), lastOwnLine(node.end), FoldingRangeKind.Comment);
          }
          break;
        }
        case 'cdata':
        case 'doctype':
          add(lineOf(node.start), lastOwnLine(node.end));
          break;
        default:
          break;
      }
    }
  }
  markers.sort((a, b) => a.offset - b.offset);
  const open: number[] = [];
  for (const marker of markers) {
    if (marker.start) open.push(lineOf(marker.offset));
    else {
      const startLine = open.pop();
      // The end marker folds away with its region: the start marker's line names the region.
      if (startLine !== undefined) add(startLine, lineOf(marker.offset), FoldingRangeKind.Region);
    }
  }
}

/**
 * Sorted by start line, one range per start line (the outermost: clients keep only one per line, and which
 * one would otherwise depend on the client).
 */
function normalize(ranges: FoldingRange[]): FoldingRange[] {
  ranges.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  const out: FoldingRange[] = [];
  for (const range of ranges) {
    if (out.length > 0 && out[out.length - 1]!.startLine === range.startLine) continue;
    out.push(range);
  }
  return out;
}

/** At most `rangeLimit` ranges: whole nesting levels from the outside in, then the inner level in document order. */
function limit(ranges: FoldingRange[], rangeLimit: number | undefined): FoldingRange[] {
  if (rangeLimit === undefined || ranges.length <= rangeLimit) return ranges;
  const depths: number[] = [];
  const open: number[] = [];
  for (const range of ranges) {
    while (open.length > 0 && open[open.length - 1]! < range.startLine) open.pop();
    depths.push(open.length);
    open.push(range.endLine);
  }
  const order = ranges.map((_, i) => i).sort((a, b) => depths[a]! - depths[b]! || a - b);
  const keep = new Set(order.slice(0, Math.max(0, rangeLimit)));
  return ranges.filter((_, i) => keep.has(i));
}

