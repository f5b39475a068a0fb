import { getElement, model } from '../model';
import { DOCUMENT, DYNAMIC_NAME, ELEMENT, NONE, type XmlTree } from '../parser/tree';
import type { Rule } from './rule';
import { isNearMiss } from '../parser/names';
import { indentationAt, renameElement } from './support';

/** A VoiceML response is one `<Response>` element; a misspelt root is the first mistake to catch. */
export const rootElement: Rule = {
  name: 'root-element',
  severity: 'error',
  description: {
    ko: '응답의 루트 요소는 <Response>여야 합니다.',
    en: 'The root element of a response must be <Response>.',
  },
  document(ctx) {
    const tree = ctx.tree;
    const root = tree.root;
    if (ctx.region.kind !== 'document' || root === NONE || tree.is(root, DYNAMIC_NAME) || tree.name(root) === model.root) return;
    const name = tree.name(root);
    const spec = getElement(name);
    if (spec && spec.role === 'verb') {
      // A verb where the root belongs: the response needs a <Response> around it.
      const indent = indentationAt(ctx.text, tree.start(root));
      ctx.report({
        start: tree.nameStart(root),
        end: tree.nameEnd(root),
        message: {
          ko: '<{0}>이(가) 루트에 있습니다. VoiceML 응답은 <{1}>로 감싸야 합니다.',
          en: '<{0}> is at the root. A VoiceML response must be wrapped in <{1}>.',
        },
        args: [name, model.root],
        fixes: () => [
          {
            title: { ko: '<{0}>로 감싸기', en: 'Wrap in <{0}>' },
            args: [model.root],
            edits: wrapTopLevel(tree, model.root, indent),
            preferred: true,
          },
        ],
      });
      return;
    }
    ctx.report({
      start: tree.nameStart(root),
      end: tree.nameEnd(root),
      message: {
        ko: '루트 요소는 <{1}>여야 합니다. <{0}>은(는) 쓸 수 없습니다.',
        en: 'The root element must be <{1}>, not <{0}>.',
      },
      args: [name, model.root],
      fixes: () => [
        {
          title: { ko: '<{0}>(으)로 이름 바꾸기', en: 'Rename to <{0}>' },
          args: [model.root],
          edits: renameElement(tree, root, model.root),
          // Obvious only for a misspelt root (`Reponse`); renaming `<Queue>` or a noun would not make it valid.
          preferred: isNearMiss(name, model.root),
          safe: isNearMiss(name, model.root),
        },
      ],
    });
  },
};

/**
 * Edits wrapping every top-level element (and what lies between them) in `<name>…</name>`. Only called with
 * a root, so there is at least one top-level element.
 */
function wrapTopLevel(tree: XmlTree, name: string, indent: string): { start: number; end: number; newText: string }[] {
  let first = NONE;
  let last = NONE;
  for (let node = tree.firstChild(DOCUMENT); node !== NONE; node = tree.nextSibling(node)) {
    if (tree.kind(node) !== ELEMENT) continue;
    if (first === NONE) first = node;
    last = node;
  }
  const start = tree.start(first);
  const end = tree.end(last);
  const multiline = tree.text.slice(start, end).includes('\n');
  return multiline
    ? [
        { start, end: start, newText: `<${name}>\n${indent}` },
        { start: end, end, newText: `\n${indent}</${name}>` },
      ]
    : [
        { start, end: start, newText: `<${name}>` },
        { start: end, end, newText: `</${name}>` },
      ];
}
