/**
 * The VoiceML regions of a Python file: one per string expression holding VoiceML (by its first markup, as in
 * every host: `document/embedding.ts`) — or per string joined by code (`joined.ts`) — each a same-length
 * virtual document (`virtual.ts`) with its substitutions and seams.
 *
 * Cost. A file without a VoiceML start tag costs a few substring searches and never loads the parser. Else
 * `@lezer/python` parses the file — again only what changed since the document's previous analysis (its
 * tree fragments are kept) — and one walk lists the strings. A string whose first character cannot start
 * markup is dropped before its virtual text is made; parsed XML is reused when a string's text did not
 * change, so a keystroke re-parses one string. The file's names (for the injection rule's view of a field)
 * are read only when a rule asks.
 */
import type { SyntaxNode, Tree, TreeFragment } from '@lezer/common';
import { acceptParsed, contentParentAt, firstLook, isBalanced, shapeOf, tagOffsets } from '../../document/embedding';
import { createRegion, type Substitution, type SubstitutionValue, type VoiceMLRegion } from '../../document/region';
import { parseTree } from '../../parser';
import type { XmlTree } from '../../parser/tree';
import { lezer } from './lezer';
import { stringsAt, type PythonString } from './literals';
import { PYTHON_CALLS, PythonStringHost, escapeQuoted } from './syntax';
import { findBuilt, keywordOf, mayBuildVoiceML, methodOf } from './builders';
import { builtRegion, type BuilderSyntax } from '../../document/built';
import { PythonNames } from './values';
import { virtualText } from './virtual';
import { PythonJoins } from './joined';
import { pythonConstant } from './constants';

/** What one analysis of a document leaves for the next: its text and tree, and the parsed strings by virtual text. */
interface Memory {
  text: string;
  tree: Tree | undefined;
  fragments: readonly TreeFragment[] | undefined;
  trees: Map<string, XmlTree>;
}

const memories = new WeakMap<readonly VoiceMLRegion[], Memory>();

export function findPythonRegions(text: string, _languageId: string, previous?: readonly VoiceMLRegion[]): VoiceMLRegion[] {
  const regions: VoiceMLRegion[] = [];
  const memory: Memory = { text, tree: undefined, fragments: undefined, trees: new Map() };
  memories.set(regions, memory);
  const needles = tagOffsets(text);
  const builds = mayBuildVoiceML(text);
  if (needles.length === 0 && !builds) return regions;

  const before = previous ? memories.get(previous) : undefined;
  const { tree, fragments } = parse(text, before);
  memory.tree = tree;
  memory.fragments = fragments;
  let names: PythonNames | undefined;
  const namesOf = (): PythonNames => (names ??= new PythonNames(text, tree));
  // Regions whose text holds the current string (it then sits in one of their fields).
  const around: VoiceMLRegion[] = [];

  // Each string, or the string joined by code that it is a piece of (read once however many pieces hold VoiceML).
  const joins = new PythonJoins(text);
  const strings = [...new Set(stringsAt(tree, text, needles).map((string) => joins.around(string)))].sort((a, b) => a.start - b.start || b.end - a.end);

  for (const string of strings) {
    if (!mayStartMarkup(text, string)) continue;
    const virtual = virtualText(text, string);
    const look = firstLook(virtual.text);
    if (look === 'no') continue;
    const key = string.trimmed ? TRIMMED + virtual.text : virtual.text;
    let xml = memory.trees.get(key) ?? before?.trees.get(key);
    if (!xml) xml = parseTree(virtual.text, { placeholders: true, trimmed: string.trimmed });
    memory.trees.set(key, xml);
    if (look === 'xml' && !acceptParsed(xml)) continue;
    // One piece of a response built by joining strings where the code cannot be followed (a loop, a branch,
    // a list filled elsewhere, a one-line literal appended to later) is not checked on its own when it opens
    // or closes an element it does not hold. A triple-quoted string is a whole response: checked as it is.
    if (isPiecewise(string) && !isBalanced(xml)) continue;

    const offset = string.pieces[0]!.contentStart;
    while (around.length > 0 && endOf(around[around.length - 1]!) <= string.start) around.pop();
    const outer = around[around.length - 1];
    const context = outer ? contentParentAt(outer, string.start - outer.offset) : undefined;
    const region = createRegion({
      offset,
      tree: xml,
      ...shapeOf(xml, context),
      substitutions: substitutionsOf(text, string, offset, namesOf),
      seams: virtual.seams.length > 0 ? virtual.seams : undefined,
      escapes: virtual.escapes.length > 0 ? virtual.escapes : undefined,
      host: new PythonStringHost(text, string, namesOf),
    });
    regions.push(region);
    around.push(region);
  }
  // Responses built with Twilio's helper library: after the regions with text, as they have none.
  if (builds) {
    const constant = (node: SyntaxNode): string | undefined => pythonConstant(node, text, (name, at) => namesOf().assignedValue(name, at));
    for (const built of findBuilt(tree, text, constant)) regions.push(builtRegion(built.root, PYTHON_CALLS, builderSyntax(text), built.partial));
  }
  return regions;
}

const endOf = (region: VoiceMLRegion): number => region.offset + region.tree.text.length;

/**
 * May the string be one piece of a response the code joins in ways not followed: joined by code, an item of
 * a list or tuple (`parts = ["<Response>", …]`, joined later), or written in closed one-line literals only?
 */
function isPiecewise(string: PythonString): boolean {
  if (string.joined) return true;
  // A literal whose closing quote is still to be typed is checked as far as it goes.
  if (!string.pieces.some((p) => p.quote.length === 3 || !p.closed)) return true;
  let node = string.node;
  if (node.parent?.name === 'ParenthesizedExpression') node = node.parent;
  const parent = node.parent;
  return parent?.name === 'ArrayExpression' || parent?.name === 'TupleExpression';
}

/** Trees of trimmed texts are kept apart from those of the same text untrimmed. */
const TRIMMED = '\u0000trimmed:';


/**
 * The file's tree: parsed again only where it changed since `before` (one changed range: what a keystroke,
 * a paste or an undo makes; lezer reuses the rest).
 */
function parse(text: string, before: Memory | undefined): { tree: Tree; fragments: readonly TreeFragment[] } {
  const { parser, TreeFragment } = lezer();
  let fragments: readonly TreeFragment[] | undefined;
  if (before?.tree && before.fragments) {
    const old = before.text;
    let start = 0;
    const common = Math.min(old.length, text.length);
    while (start < common && old.charCodeAt(start) === text.charCodeAt(start)) start++;
    let oldEnd = old.length;
    let newEnd = text.length;
    while (oldEnd > start && newEnd > start && old.charCodeAt(oldEnd - 1) === text.charCodeAt(newEnd - 1)) {
      oldEnd--;
      newEnd--;
    }
    fragments = TreeFragment.applyChanges(before.fragments, [{ fromA: start, toA: oldEnd, fromB: start, toB: newEnd }]);
  }
  const tree = parser.parse(text, fragments);
  return { tree, fragments: TreeFragment.addTree(tree, fragments) };
}

/**
 * Can the string's text start with markup? Its first character (after white space) must be `<`, a field
 * (`{`, `%`) or an escape (`\n<Response>`); most strings of a file are dropped here, before any text is made.
 */
function mayStartMarkup(text: string, string: PythonString): boolean {
  const piece = string.pieces[0]!;
  if (piece.code) return true; // `body + "</Response>"`: a substitution first
  for (let i = piece.contentStart; i < piece.contentEnd; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
    return c === 0x3c || c === 0x7b || c === 0x25 || c === 0x5c;
  }
  return string.pieces.length > 1; // white space only, then the next piece
}

function substitutionsOf(text: string, string: PythonString, base: number, names: () => PythonNames): Substitution[] {
  return string.fields.map((field) => {
    let value: SubstitutionValue | undefined;
    let constant: { text: string | undefined } | undefined;
    return {
      start: field.start - base,
      end: field.end - base,
      expressionStart: field.expressionStart - base,
      expressionEnd: field.expressionEnd - base,
      text: text.slice(field.start, field.end),
      expression: text.slice(field.expressionStart, field.expressionEnd),
      value: () => (value ??= field.value ? names().valueOf(field.value) : { kind: 'unknown' }),
      constant: () => (constant ??= { text: field.value ? pythonConstant(field.value, text, (name, at) => names().assignedValue(name, at)) : undefined }).text,
    };
  });
}

/** How builder code is written in Python: classes as they are, methods and keywords in snake case, strings quoted. */
function builderSyntax(text: string): BuilderSyntax {
  return {
    elementCode: (name, element) => (element.written === 'class' ? name : methodOf(name)),
    attributeCode: keywordOf,
    valueCode: (value, span) => {
      const quote = text[span.start - 1];
      return quote === '"' || quote === "'" ? escapeQuoted(value, quote) : undefined;
    },
  };
}
