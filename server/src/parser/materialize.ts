/**
 * The object tree of `ast.ts`, built from a flat `XmlTree`. Validation walks the flat tree; the editor
 * features (completion, hover, outline, formatting …) read objects, built once per document version on the
 * first request that needs them.
 */
import type { XmlAttribute, XmlDocument, XmlElement, XmlNode, XmlParent } from './ast';
import {
  CDATA,
  CLOSED,
  COMMENT,
  DOCTYPE,
  DYNAMIC,
  DYNAMIC_ATTRIBUTES,
  DYNAMIC_NAME,
  ELEMENT,
  END_TAG_CLOSED,
  PI,
  SELF_CLOSING,
  START_TAG_CLOSED,
  TEXT,
  VALUE_CLOSED,
  VALUE_DYNAMIC,
  WHITESPACE,
  type XmlTree,
} from './tree';

export function toDocument(tree: XmlTree): XmlDocument {
  const text = tree.text;
  const size = tree.size;
  const doc: XmlDocument = { kind: 'document', text, start: 0, end: text.length, children: [], root: undefined, errors: tree.errors };
  // By id, the object of each node that can be a parent (nodes come in document order, so a parent is always
  // built before its children). One entry per node, pushed in order: the array stays dense at any size.
  const parents: (XmlParent | undefined)[] = [doc];
  for (let id = 1; id < size; id++) {
    const parent = parents[tree.parent(id)]!;
    const node = toNode(tree, id, parent);
    parent.children.push(node);
    if (node.kind === 'element') {
      parents.push(node);
      if (id === tree.root) doc.root = node;
    } else {
      parents.push(undefined);
    }
  }
  return doc;
}

function toNode(tree: XmlTree, id: number, parent: XmlParent): XmlNode {
  const start = tree.start(id);
  const end = tree.end(id);
  switch (tree.kind(id)) {
    case ELEMENT:
      return toElement(tree, id, parent);
    case TEXT:
      return { kind: 'text', start, end, value: tree.textValue(id), whitespace: tree.is(id, WHITESPACE), dynamic: tree.is(id, DYNAMIC), parent };
    case COMMENT:
      return { kind: 'comment', start, end, closed: tree.is(id, CLOSED), parent };
    case CDATA:
      return { kind: 'cdata', start, end, value: tree.textValue(id), closed: tree.is(id, CLOSED), parent };
    case PI:
      return {
        kind: 'pi',
        target: tree.name(id),
        start,
        end,
        targetStart: tree.nameStart(id),
        targetEnd: tree.nameEnd(id),
        closed: tree.is(id, CLOSED),
        parent,
      };
    case DOCTYPE:
      return { kind: 'doctype', start, end, closed: tree.is(id, CLOSED), parent };
    default:
      throw new Error(`node ${id} has no kind`);
  }
}

function toElement(tree: XmlTree, id: number, parent: XmlParent): XmlElement {
  const attributes: XmlAttribute[] = [];
  const attributesEnd = tree.attributesEnd(id);
  for (let a = tree.firstAttribute(id); a < attributesEnd; a++) {
    const value = tree.attributeValue(a);
    attributes.push({
      name: tree.attributeName(a),
      start: tree.attributeStart(a),
      end: tree.attributeEnd(a),
      nameStart: tree.attributeNameStart(a),
      nameEnd: tree.attributeNameEnd(a),
      value:
        value === undefined
          ? undefined
          : {
              value,
              start: tree.valueStart(a),
              end: tree.valueEnd(a),
              valueStart: tree.valueInnerStart(a),
              valueEnd: tree.valueInnerEnd(a),
              quote: tree.valueQuote(a),
              closed: tree.attributeIs(a, VALUE_CLOSED),
              dynamic: tree.attributeIs(a, VALUE_DYNAMIC),
            },
    });
  }
  const text = tree.text;
  return {
    kind: 'element',
    name: tree.name(id),
    start: tree.start(id),
    end: tree.end(id),
    nameStart: tree.nameStart(id),
    nameEnd: tree.nameEnd(id),
    startTagEnd: tree.startTagEnd(id),
    startTagClosed: tree.is(id, START_TAG_CLOSED),
    selfClosing: tree.is(id, SELF_CLOSING),
    attributes,
    children: [],
    endTag: tree.hasEndTag(id)
      ? {
          name: text.slice(tree.endTagNameStart(id), tree.endTagNameEnd(id)),
          start: tree.endTagStart(id),
          end: tree.endTagEnd(id),
          nameStart: tree.endTagNameStart(id),
          nameEnd: tree.endTagNameEnd(id),
          closed: tree.is(id, END_TAG_CLOSED),
        }
      : undefined,
    parent,
    dynamicName: tree.is(id, DYNAMIC_NAME),
    dynamicAttributes: tree.is(id, DYNAMIC_ATTRIBUTES),
  };
}
