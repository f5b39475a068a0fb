import { getElement, model } from '../model';
import type { Rule } from './rule';
import { isNearMiss } from '../document/detect';
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
    const { xml, kind } = ctx.region;
    const root = xml.root;
    if (kind !== 'document' || !root || root.dynamicName || root.name === model.root) return;
    const spec = getElement(root.name);
    if (spec && spec.role === 'verb') {
      // A verb where the root belongs: the response needs a <Response> around it.
      const indent = indentationAt(ctx.text, root.start);
      ctx.report({
        start: root.nameStart,
        end: root.nameEnd,
        message: {
          ko: '<{0}>이(가) 루트에 있습니다. VoiceML 응답은 <{1}>로 감싸야 합니다.',
          en: '<{0}> is at the root. A VoiceML response must be wrapped in <{1}>.',
        },
        args: [root.name, model.root],
        fixes: [
          {
            title: { ko: '<{0}>로 감싸기', en: 'Wrap in <{0}>' },
            args: [model.root],
            edits: wrapTopLevel(ctx.text, xml.children, model.root, indent),
            preferred: true,
          },
        ],
      });
      return;
    }
    ctx.report({
      start: root.nameStart,
      end: root.nameEnd,
      message: {
        ko: '루트 요소는 <{1}>여야 합니다. <{0}>은(는) 쓸 수 없습니다.',
        en: 'The root element must be <{1}>, not <{0}>.',
      },
      args: [root.name, model.root],
      fixes: [
        {
          title: { ko: '<{0}>(으)로 이름 바꾸기', en: 'Rename to <{0}>' },
          args: [model.root],
          edits: renameElement(root, model.root),
          // Obvious only for a misspelt root (`Reponse`); renaming `<Queue>` or a noun would not make it valid.
          preferred: isNearMiss(root.name, model.root),
          safe: isNearMiss(root.name, model.root),
        },
      ],
    });
  },
};

/** Edits wrapping every top-level element (and what lies between them) in `<name>…</name>`. */
function wrapTopLevel(
  text: string,
  children: readonly { kind: string; start: number; end: number }[],
  name: string,
  indent: string,
): { start: number; end: number; newText: string }[] {
  const elements = children.filter((c) => c.kind === 'element');
  const first = elements[0]!;
  const last = elements[elements.length - 1]!;
  const multiline = text.slice(first.start, last.end).includes('\n');
  return multiline
    ? [
        { start: first.start, end: first.start, newText: `<${name}>\n${indent}` },
        { start: last.end, end: last.end, newText: `\n${indent}</${name}>` },
      ]
    : [
        { start: first.start, end: first.start, newText: `<${name}>` },
        { start: last.end, end: last.end, newText: `</${name}>` },
      ];
}
