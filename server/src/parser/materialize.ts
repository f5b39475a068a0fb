/**
 * The object tree of `ast.ts`, over a flat `XmlTree`. Validation walks the flat tree; the editor features
 * (completion, hover, outline, formatting …) read objects, made as they are read: a node's object when it is
 * reached, its children and attributes when they are first asked for. Completion at one place of a 1 MB
 * document makes the few elements around the cursor, not the whole tree (`nodeAt` finds them from the flat
 * tree); an outline makes everything, as it always did.
 */
import type { ParseError, XmlAttribute, XmlDocument, XmlElement, XmlEndTag, XmlNode, XmlParent, XmlText } from './ast';
import {
  CDATA,
  CLOSED,
  COMMENT,
  DOCTYPE,
  DOCUMENT,
  DYNAMIC,
  DYNAMIC_ATTRIBUTES,
  DYNAMIC_NAME,
  ELEMENT,
  END_TAG_CLOSED,
  NONE,
  PI,
  SELF_CLOSING,
  START_TAG_CLOSED,
  TEXT,
  VALUE_CLOSED,
  VALUE_DYNAMIC,
  WHITESPACE,
  type NodeId,
  type XmlTree,
} from './tree';

export function toDocument(tree: XmlTree): XmlDocument {
  return new Nodes(tree).document;
}

/** The object of node `id` of the tree `document` was made of (`toDocument`), made if it was not yet. */
export function nodeObject(document: XmlDocument, id: NodeId): XmlNode | XmlDocument {
  return (document as LazyDocument).nodes.of(id);
}

/**
 * The white space that starts at `from` in the content of node `parent` (where a child of it ends, or its
 * content starts) of the tree `document` was made of, as a text object; undefined when none starts there.
 * White space between nodes is no node of the flat tree (see `XmlTree.spaceEnd`).
 */
export function spaceObject(document: XmlDocument, parent: NodeId, from: number): XmlText | undefined {
  const nodes = (document as LazyDocument).nodes;
  return nodes.space(parent, from, nodes.tree.contentEnd(parent));
}

/** The objects of one tree's nodes, by id, made on first use. */
class Nodes {
  readonly document: LazyDocument;
  private readonly made: (XmlNode | undefined)[];

  constructor(readonly tree: XmlTree) {
    this.document = new LazyDocument(this);
    this.made = new Array<XmlNode | undefined>(tree.size);
  }

  /** The object of node `id` (the document's for `DOCUMENT`). */
  of(id: NodeId): XmlNode | XmlDocument {
    if (id === DOCUMENT) return this.document;
    let node = this.made[id];
    if (node === undefined) this.made[id] = node = this.make(id);
    return node;
  }

  /**
   * The objects of `id`'s children, in order: its nodes, and the white space between them, which is no node of
   * the flat tree (see `XmlTree.spaceEnd`) but is text to whoever reads the content.
   */
  childrenOf(id: NodeId): XmlNode[] {
    const tree = this.tree;
    const children: XmlNode[] = [];
    let at = tree.contentStart(id);
    for (let child = tree.firstChild(id); child !== NONE; child = tree.nextSibling(child)) {
      const start = tree.start(child);
      if (start > at) this.space(id, at, start, children);
      children.push(this.of(child) as XmlNode);
      at = tree.end(child);
    }
    const end = tree.contentEnd(id);
    if (end > at) this.space(id, at, end, children);
    return children;
  }

  /** The white space from `from` (before `to`), if any, as a text leaf of `parent`'s; added to `children`. */
  space(parent: NodeId, from: number, to: number, children?: XmlNode[]): XmlText | undefined {
    const end = this.tree.spaceEnd(from, to);
    if (end === from) return undefined;
    const value = this.tree.text.slice(from, end);
    const leaf = new Leaf(this, parent, { kind: 'text', start: from, end, value, whitespace: true, dynamic: false }) as unknown as XmlText;
    children?.push(leaf);
    return leaf;
  }

  parentOf(id: NodeId): XmlParent {
    return this.of(this.tree.parent(id)) as XmlParent;
  }

  private make(id: NodeId): XmlNode {
    return this.makeNode(id) as XmlNode;
  }

  private makeNode(id: NodeId): XmlElement | Leaf {
    const tree = this.tree;
    const start = tree.start(id);
    const end = tree.end(id);
    const parent = tree.parent(id);
    switch (tree.kind(id)) {
      case ELEMENT:
        return new LazyElement(this, id);
      case TEXT:
        return new Leaf(this, parent, { kind: 'text', start, end, value: tree.textValue(id), whitespace: tree.is(id, WHITESPACE), dynamic: tree.is(id, DYNAMIC) });
      case COMMENT:
        return new Leaf(this, parent, { kind: 'comment', start, end, closed: tree.is(id, CLOSED) });
      case CDATA:
        return new Leaf(this, parent, { kind: 'cdata', start, end, value: tree.textValue(id), closed: tree.is(id, CLOSED) });
      case PI:
        return new Leaf(this, parent, {
          kind: 'pi',
          target: tree.name(id),
          start,
          end,
          targetStart: tree.nameStart(id),
          targetEnd: tree.nameEnd(id),
          closed: tree.is(id, CLOSED),
        });
      case DOCTYPE:
        return new Leaf(this, parent, { kind: 'doctype', start, end, closed: tree.is(id, CLOSED) });
      default:
        throw new Error(`node ${id} has no kind`);
    }
  }
}

class LazyDocument implements XmlDocument {
  readonly kind = 'document';
  readonly text: string;
  readonly start = 0;
  readonly end: number;
  readonly errors: ParseError[];
  private madeChildren: XmlNode[] | undefined;

  constructor(readonly nodes: Nodes) {
    this.text = nodes.tree.text;
    this.end = this.text.length;
    this.errors = nodes.tree.errors;
  }

  get children(): XmlNode[] {
    return (this.madeChildren ??= this.nodes.childrenOf(DOCUMENT));
  }

  get root(): XmlElement | undefined {
    const root = this.nodes.tree.root;
    return root === NONE ? undefined : (this.nodes.of(root) as XmlElement);
  }
}

/** A leaf's own fields: those of its kind, but its parent. */
type LeafFields = Exclude<XmlNode, XmlElement> extends infer N ? (N extends { parent: XmlParent } ? Omit<N, 'parent'> : never) : never;

/** Text, a comment, CDATA, a PI or a doctype: its fields, and its parent made when asked for. */
class Leaf {
  constructor(
    private readonly nodes: Nodes,
    private readonly parentId: NodeId,
    fields: LeafFields,
  ) {
    Object.assign(this, fields);
  }

  get parent(): XmlParent {
    return this.nodes.of(this.parentId) as XmlParent;
  }
}

class LazyElement implements XmlElement {
  readonly kind = 'element';
  readonly name: string;
  readonly start: number;
  readonly end: number;
  readonly nameStart: number;
  readonly nameEnd: number;
  readonly startTagEnd: number;
  readonly startTagClosed: boolean;
  readonly selfClosing: boolean;
  readonly endTag: XmlEndTag | undefined;
  readonly dynamicName: boolean;
  readonly dynamicAttributes: boolean;
  private madeChildren: XmlNode[] | undefined;
  private madeAttributes: XmlAttribute[] | undefined;

  constructor(
    private readonly nodes: Nodes,
    private readonly id: NodeId,
  ) {
    const tree = nodes.tree;
    this.name = tree.name(id);
    this.start = tree.start(id);
    this.end = tree.end(id);
    this.nameStart = tree.nameStart(id);
    this.nameEnd = tree.nameEnd(id);
    this.startTagEnd = tree.startTagEnd(id);
    this.startTagClosed = tree.is(id, START_TAG_CLOSED);
    this.selfClosing = tree.is(id, SELF_CLOSING);
    this.endTag = tree.hasEndTag(id)
      ? {
          name: tree.text.slice(tree.endTagNameStart(id), tree.endTagNameEnd(id)),
          start: tree.endTagStart(id),
          end: tree.endTagEnd(id),
          nameStart: tree.endTagNameStart(id),
          nameEnd: tree.endTagNameEnd(id),
          closed: tree.is(id, END_TAG_CLOSED),
        }
      : undefined;
    this.dynamicName = tree.is(id, DYNAMIC_NAME);
    this.dynamicAttributes = tree.is(id, DYNAMIC_ATTRIBUTES);
  }

  get parent(): XmlParent {
    return this.nodes.parentOf(this.id);
  }

  get children(): XmlNode[] {
    return (this.madeChildren ??= this.nodes.childrenOf(this.id));
  }

  get attributes(): XmlAttribute[] {
    return (this.madeAttributes ??= attributesOf(this.nodes.tree, this.id));
  }
}

function attributesOf(tree: XmlTree, id: NodeId): XmlAttribute[] {
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
  return attributes;
}
