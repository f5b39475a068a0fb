/**
 * Smart selection (`textDocument/selectionRange`): from the cursor outwards, each step a range the user can
 * recognise — a name, an attribute value (inside its quotes, then with them), the attribute, the start tag,
 * the element, its content, the parent element … up to the whole VoiceML document.
 *
 * Ranges are built outermost first while descending the tree to the cursor, then linked innermost first as
 * LSP wants; at most `MAX_RESULT_DEPTH` of them (the innermost, and the whole document). Equal neighbours are
 * dropped (LSP requires each parent to contain its child; an equal one would make the editor's "expand" do
 * nothing for one key press).
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, SelectionRange } from 'vscode-languageserver-types';
import type { XmlElement, XmlNode } from '../parser/ast';
import type { VoiceMLRegion } from '../document/region';
import { regionAt } from '../document/regions';
import { isXmlSpace } from '../parser';
import { MAX_RESULT_DEPTH } from './limits';

type Span = [start: number, end: number];

export function getSelectionRanges(document: TextDocument, regions: readonly VoiceMLRegion[], positions: readonly Position[]): SelectionRange[] {
  return positions.map((position) => {
    const at = regionAt(regions, document.offsetAt(position));
    // LSP wants one answer per position; outside VoiceML (JS around a template, or in a `${…}`) the cursor.
    if (!at) return { range: { start: position, end: position } };
    const { region, offset: local } = at;
    const steps: Span[] = [];
    let previous: Span | undefined;
    for (const span of spansAt(region, local)) {
      if (previous && previous[0] === span[0] && previous[1] === span[1]) continue;
      // Trimmed spans can miss the cursor (it sits in the white space around a text); and every step must
      // lie inside the one before.
      if (span[0] > local || span[1] < local) continue;
      if (previous && (span[0] < previous[0] || span[1] > previous[1])) continue;
      previous = span;
      steps.push(span);
    }
    // In a document nested thousands deep: the innermost steps and the whole document, `MAX_RESULT_DEPTH` in
    // all (each still contains the one before, as LSP wants).
    const kept = steps.length > MAX_RESULT_DEPTH ? [steps[0]!, ...steps.slice(steps.length - MAX_RESULT_DEPTH + 1)] : steps;
    let result: SelectionRange | undefined;
    for (const span of kept) {
      result = {
        range: { start: document.positionAt(region.offset + span[0]), end: document.positionAt(region.offset + span[1]) },
        ...(result ? { parent: result } : {}),
      };
    }
    // Outermost first, so the last one built is the innermost and holds the chain through `parent`.
    return result!;
  });
}

/** The spans around `offset`, outermost first. */
function spansAt(region: VoiceMLRegion, offset: number): Span[] {
  const text = region.tree.text;
  const spans: Span[] = [[0, text.length]];
  const trimmed = (start: number, end: number): Span => {
    while (start < end && isXmlSpace(text.charCodeAt(start))) start++;
    while (end > start && isXmlSpace(text.charCodeAt(end - 1))) end--;
    return [start, end];
  };
  let nodes: readonly XmlNode[] = region.xml.children;
  for (;;) {
    const node = nodeAt(nodes, offset);
    if (!node) return spans;
    spans.push([node.start, node.end]);
    switch (node.kind) {
      case 'element': {
        if (inStartTag(node, offset)) {
          spans.push([node.start, node.startTagEnd]);
          spans.push(...inTag(node, offset));
          return spans;
        }
        const endTag = node.endTag;
        // At `|</Gather>` right after a child, the cursor touches the child: that is what it means.
        if (endTag && (offset > endTag.start || (offset === endTag.start && !nodeAt(node.children, offset)))) {
          spans.push([endTag.start, endTag.end]);
          if (offset >= endTag.nameStart && offset <= endTag.nameEnd) spans.push([endTag.nameStart, endTag.nameEnd]);
          return spans;
        }
        const contentEnd = endTag ? endTag.start : node.end;
        spans.push([node.startTagEnd, contentEnd]);
        spans.push(trimmed(node.startTagEnd, contentEnd));
        nodes = node.children;
        break;
      }
      case 'text':
        spans.push(trimmed(node.start, node.end));
        return spans;
      case 'comment':
        if (node.closed) spans.push(trimmed(node.start + '<!--'.length, node.end - '-->'.length));
        return spans;
      case 'cdata':
        spans.push([node.start + '<![CDATA['.length, node.start + '<![CDATA['.length + node.value.length]);
        return spans;
      default:
        return spans;
    }
  }
}

/**
 * The node under the cursor: one that contains it, else one that ends right at it (the cursor just after
 * `/>` still means that element). White space between elements is not worth a selection step of its own.
 */
function nodeAt(nodes: readonly XmlNode[], offset: number): XmlNode | undefined {
  let endingHere: XmlNode | undefined;
  for (const node of nodes) {
    if (node.kind === 'text' && node.whitespace) continue;
    if (node.start <= offset && offset < node.end) return node;
    if (node.end === offset) endingHere = node;
    if (node.start > offset) break;
  }
  return endingHere;
}

function inStartTag(element: XmlElement, offset: number): boolean {
  // Right after `<Say>` the cursor is at the start of the content; right after `<Hangup/>` there is none.
  return offset < element.startTagEnd || (offset === element.startTagEnd && (element.selfClosing || !element.startTagClosed));
}

/** Inside a start tag: the name, or the attribute under the cursor and its parts. */
function inTag(element: XmlElement, offset: number): Span[] {
  if (offset >= element.nameStart && offset <= element.nameEnd) return [[element.nameStart, element.nameEnd]];
  for (const attribute of element.attributes) {
    if (offset < attribute.start || offset > attribute.end) continue;
    const spans: Span[] = [[attribute.start, attribute.end]];
    const value = attribute.value;
    if (value && offset >= value.start && offset <= value.end && offset > attribute.nameEnd) {
      spans.push([value.start, value.end], [value.valueStart, value.valueEnd]);
    } else if (offset <= attribute.nameEnd) {
      spans.push([attribute.nameStart, attribute.nameEnd]);
    }
    return spans;
  }
  return [];
}

