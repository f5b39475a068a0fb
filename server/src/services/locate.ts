/**
 * Where a position is in the parsed tree: the spot completion and hover act on. Shared by both so that they
 * agree on what is under the cursor, also in half-typed documents (the parser keeps a tree for those).
 *
 * The lookup descends from the document to the innermost node, choosing each child by binary search over
 * the parent's children (they are in document order and do not overlap), so a request on a 1 MB document
 * costs O(depth × log width), not a walk of the tree.
 */
import type { XmlAttribute, XmlAttributeValue, XmlDocument, XmlElement, XmlEndTag, XmlNode, XmlParent, XmlText } from '../parser/ast';
import { nodeObject, spaceObject } from '../parser/materialize';
import { DOCUMENT, NONE, type NodeId, type XmlTree } from '../parser/tree';
import { countBefore } from '../document/search';
import { isXmlSpace } from '../parser';

export type Spot =
  /** On the element's name in its start tag, `nameStart..nameEnd` inclusive (also a bare `<` being typed). */
  | { kind: 'startTagName'; element: XmlElement }
  /** On the element's name in its own end tag. */
  | { kind: 'endTagName'; element: XmlElement; endTag: XmlEndTag }
  /** In a start tag after white space, where a new attribute can go. */
  | { kind: 'startTag'; element: XmlElement }
  | { kind: 'attributeName'; element: XmlElement; attribute: XmlAttribute }
  | { kind: 'attributeValue'; element: XmlElement; attribute: XmlAttribute; value: XmlAttributeValue }
  /** In the content of `parent`: inside the text node `text`, or between nodes (`text` undefined). */
  | { kind: 'content'; parent: XmlParent; text: XmlText | undefined }
  /** Somewhere nothing is offered: a comment, CDATA, a PI, a DOCTYPE, junk inside a tag. */
  | { kind: 'other' };

/**
 * The spot at `offset` (a region offset) of `xml`, the object tree of `tree`. Each step down finds the child
 * in the flat tree (`childBefore`), so only the nodes on the way are made objects, not their siblings.
 */
export function spotAt(tree: XmlTree, xml: XmlDocument, offset: number): Spot {
  let parent: XmlParent = xml;
  let parentId: NodeId = DOCUMENT;
  for (;;) {
    const child = childBefore(tree, parentId, offset);
    if (child === NONE) return inContent(xml, parent, parentId, tree.contentStart(parentId), offset);
    const node = nodeObject(xml, child) as XmlNode;
    switch (node.kind) {
      case 'text':
        return { kind: 'content', parent, text: offset <= node.end ? node : undefined };
      case 'element': {
        if (!reaches(node, offset)) return inContent(xml, parent, parentId, node.end, offset);
        if (offset <= node.nameEnd) return { kind: 'startTagName', element: node };
        if (inStartTag(node, offset)) return spotInStartTag(xml.text, node, offset);
        if (node.name === '' || node.selfClosing) return { kind: 'other' };
        const endTag = node.endTag;
        if (endTag !== undefined && offset > endTag.start) {
          return offset >= endTag.nameStart && offset <= endTag.nameEnd ? { kind: 'endTagName', element: node, endTag } : { kind: 'other' };
        }
        parent = node;
        parentId = child;
        continue;
      }
      default:
        // Comments, CDATA, PIs and DOCTYPEs: inside them nothing applies. One still being typed (no end yet)
        // reaches the end of the text, so the cursor at its end is inside it.
        return offset < node.end || (offset === node.end && !node.closed) ? { kind: 'other' } : inContent(xml, parent, parentId, node.end, offset);
    }
  }
}

/**
 * In `parent`'s content at `offset`, after the node that ends at `from` (or where the content starts): in the
 * white space that follows there, if `offset` is in it or at its end (white space between nodes is no node of
 * the flat tree: `XmlTree.spaceEnd`).
 */
function inContent(xml: XmlDocument, parent: XmlParent, parentId: NodeId, from: number, offset: number): Spot {
  const space = from < offset ? spaceObject(xml, parentId, from) : undefined;
  return { kind: 'content', parent, text: space !== undefined && offset <= space.end ? space : undefined };
}

/**
 * The last child of `parent` starting before `offset` (a node starting at the cursor is after it), or `NONE`:
 * the last node of its subtree starting before `offset` (ids are in document order, and so are starts), then
 * up to the child holding it.
 */
function childBefore(tree: XmlTree, parent: NodeId, offset: number): NodeId {
  const first = parent + 1;
  const last = countBefore(tree.subtreeEnd(parent) - first, (i) => tree.start(first + i), offset) + first - 1;
  if (last < first) return NONE;
  let child = last;
  while (tree.parent(child) !== parent) child = tree.parent(child);
  return child;
}

/** The index of the last node starting before `offset` (a node starting at the cursor is after it), or -1. */
function lastStartingBefore(nodes: readonly { start: number }[], offset: number): number {
  let low = 0;
  let high = nodes.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (nodes[mid]!.start < offset) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/**
 * Does `element` (starting before `offset`) still cover `offset`? Its `end` is exclusive once the element is
 * finished (`/>` or a complete end tag). While it is still open, its `end` is where its content stops (the
 * end of the text, or an ancestor's end tag), and a cursor right there is still typing into it.
 */
function reaches(element: XmlElement, offset: number): boolean {
  if (offset < element.end) return true;
  if (offset > element.end) return false;
  if (element.selfClosing) return false;
  if (element.name === '') return !element.startTagClosed; // a bare `<`: its name is being typed
  if (!element.startTagClosed) return true;
  return element.endTag === undefined || !element.endTag.closed;
}

/** Is `offset` (after the name) inside the start tag, before its `>` or `/>`? */
function inStartTag(element: XmlElement, offset: number): boolean {
  if (!element.startTagClosed) return offset <= element.startTagEnd;
  return offset < element.startTagEnd;
}

function spotInStartTag(text: string, element: XmlElement, offset: number): Spot {
  const attributes = element.attributes;
  const index = lastStartingBefore(attributes, offset + 1); // an attribute starting at the cursor counts
  if (index >= 0) {
    const attribute = attributes[index]!;
    // At the very start of a name (`<Gather |action="/x">`) the cursor is between attributes: what is typed
    // there is a new attribute, not an edit of the next one.
    if (offset > attribute.nameStart && offset <= attribute.nameEnd) return { kind: 'attributeName', element, attribute };
    const value = attribute.value;
    if (value !== undefined && offset >= value.valueStart && offset <= value.valueEnd) {
      return { kind: 'attributeValue', element, attribute, value };
    }
  }
  // Between attributes. Between the `/` and `>` of `/>` nothing fits; elsewhere a new attribute needs white
  // space before it (`a="1"|` would glue the next name to the value).
  if (element.selfClosing && offset === element.startTagEnd - 1) return { kind: 'other' };
  return isXmlSpace(text.charCodeAt(offset - 1)) ? { kind: 'startTag', element } : { kind: 'other' };
}

