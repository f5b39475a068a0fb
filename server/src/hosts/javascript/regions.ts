/**
 * The VoiceML regions of a JS/TS file: one per template literal that holds VoiceML (see `detect.ts`), each a
 * same-length virtual document (`virtual.ts`) parsed with placeholders for its `${…}`.
 *
 * Cost. A file without a backtick, or without anything that could start VoiceML (`mayHoldVoiceML`), costs a
 * few substring searches and never loads `typescript`. Otherwise one scanner
 * pass finds the templates; a template is parsed as XML only if it looks like VoiceML, and parsed trees are
 * reused from the document's previous analysis when the template's text did not change (keyed by the virtual
 * text), so a keystroke re-parses one template. The file's bindings (for the injection rule's view of
 * `${name}`) are computed only when a rule asks.
 */
import { parseTree } from '../../parser';
import { PLACEHOLDER } from '../../parser/ast';
import type { XmlTree } from '../../parser/tree';
import type * as TS from 'typescript';
import { createRegion, type Substitution, type SubstitutionValue, type VoiceMLRegion } from '../../document/region';
import { acceptParsed, contentParentAt, firstLook as firstLookOf, isBalanced, shapeOf, tagOffsets } from '../../document/embedding';
import { claimOf, firstLook, mayHoldVoiceML } from './detect';
import { argumentSite } from './sinks';
import { escapeStringText, escapeTemplateText, JoinedString, TemplateFile } from './syntax';
import { findBuilt, mayBuildVoiceML } from './builders';
import { builtRegion, type BuilderSyntax } from '../../document/built';
import { findJoined, pieceRange, type Joined } from './joined';
import { findTemplates, parseFile, type TemplateLiteral } from './templates';
import { valueOf } from './values';
import { constantOf } from './constants';
import { joinedVirtualText, virtualText } from './virtual';

/** What one analysis of a document leaves for the next: the parsed templates, by virtual text. */
interface Memory {
  languageId: string;
  trees: Map<string, XmlTree>;
}

const memories = new WeakMap<readonly VoiceMLRegion[], Memory>();

/**
 * The regions of `text`. `previous`: the regions this function returned for the same document before (its
 * parsed templates are reused where the text is unchanged).
 */
export function findEmbeddedRegions(text: string, languageId: string, previous?: readonly VoiceMLRegion[]): VoiceMLRegion[] {
  const regions: VoiceMLRegion[] = [];
  const trees = new Map<string, XmlTree>();
  memories.set(regions, { languageId, trees });
  const builds = mayBuildVoiceML(text);
  if (!mayHoldVoiceML(text) && !builds) return regions;

  const memory = previous ? memories.get(previous) : undefined;
  const reusable = memory?.languageId === languageId ? memory.trees : undefined;
  const found = findTemplates(text, languageId);
  const { templates, tape } = found;
  let file = found.file;
  const host = new TemplateFile(text, languageId, file, tape);

  // First looks, and the calls that receive VoiceML: a template starting with markup that says nothing
  // VoiceML (`<Zay>`) is VoiceML when the same call, at the same argument, receives VoiceML elsewhere.
  const looks = templates.map((template) => {
    const claim = claimOf(template);
    if (claim === 'none') return undefined;
    const { text: virtual, escapes } = virtualText(text, template);
    return { claim, virtual, escapes, look: firstLook(claim, virtual) };
  });
  const sinks = new Set<string>();
  const sites = new Map<TemplateLiteral, string | undefined>();
  const siteOf = (template: TemplateLiteral): string | undefined => {
    if (!sites.has(template)) sites.set(template, argumentSite(text, template, tape, file));
    return sites.get(template);
  };
  templates.forEach((template, i) => {
    if (looks[i]?.look !== 'voiceml') return;
    const site = siteOf(template);
    if (site !== undefined) sinks.add(site);
  });

  const candidates: Candidate[] = [];
  templates.forEach((template, i) => {
    const seen = looks[i];
    if (!seen) return;
    let look = seen.look;
    if (look === 'no' && seen.claim === 'content' && sinks.size > 0 && startsWithMarkup(seen.virtual) && sinks.has(siteOf(template) ?? '')) look = 'voiceml';
    candidates.push({
      start: template.start,
      end: template.end,
      offset: template.contentStart,
      virtual: seen.virtual,
      look,
      template,
      fields: () => ({ substitutions: substitutionsOf(template, host), escapes: seen.escapes.length > 0 ? seen.escapes : undefined, host }),
    });
  });

  // Strings joined from pieces and plain string literals: read from the parsed file, which is made only
  // when a VoiceML tag stands outside every template or a template is joined to something.
  const tags = tagOffsets(text);
  if (mayBeJoined(text, templates, tags)) {
    file ??= parseFile(text, languageId);
    const byStart = new Map(templates.map((t) => [t.start, t]));
    const consumed = new Set<TemplateLiteral>();
    for (const joined of findJoined(file, byStart, (start, end) => anyWithin(tags, start, end))) {
      const { text: virtual, escapes, seams } = joinedVirtualText(text, joined);
      const look = firstLookOf(virtual);
      if (look === 'no') continue;
      for (const piece of joined.pieces) if (piece.kind === 'template') consumed.add(piece.template);
      const first = pieceRange(joined.pieces[0]!);
      const last = pieceRange(joined.pieces[joined.pieces.length - 1]!);
      const offset = first.start;
      candidates.push({
        start: offset,
        end: last.end,
        offset,
        virtual,
        look,
        trimmed: joined.trimmed,
        piecewise: true,
        fields: () => ({
          substitutions: joinedSubstitutions(joined, offset, host),
          escapes: escapes.length > 0 ? escapes : undefined,
          seams: seams.length > 0 ? seams : undefined,
          host: new JoinedString(host, joined, offset),
        }),
      });
    }
    for (let i = candidates.length - 1; i >= 0; i--) if (candidates[i]!.template && consumed.has(candidates[i]!.template!)) candidates.splice(i, 1);
    candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  }

  // Regions whose text holds the current one (it then sits in one of their substitutions).
  const around: VoiceMLRegion[] = [];
  for (const candidate of candidates) {
    if (candidate.look === 'no') continue;
    const key = candidate.trimmed ? TRIMMED + candidate.virtual : candidate.virtual;
    let tree = trees.get(key) ?? reusable?.get(key);
    if (!tree) tree = parseTree(candidate.virtual, { placeholders: true, trimmed: candidate.trimmed });
    trees.set(key, tree);
    if (candidate.look === 'xml' && !acceptParsed(tree)) continue;
    // One piece of a response joined from strings the code builds elsewhere (a loop, another function).
    if (candidate.piecewise && !isBalanced(tree)) continue;

    while (around.length > 0 && endOf(around[around.length - 1]!) <= candidate.start) around.pop();
    const outer = around[around.length - 1];
    const context = outer ? contentParentAt(outer, candidate.start - outer.offset) : undefined;
    const region = createRegion({ offset: candidate.offset, tree, ...shapeOf(tree, context), ...candidate.fields() });
    regions.push(region);
    around.push(region);
  }

  // Responses built with Twilio's helper library: after the regions with text, as they have none.
  if (builds) {
    file ??= parseFile(text, languageId);
    const constant = (node: TS.Expression): string | undefined => constantOf(text.slice(node.getStart(file), node.end), node.getStart(file), host);
    for (const built of findBuilt(file, constant)) regions.push(builtRegion(built.root, host, builderSyntax(text), built.partial));
  }
  return regions;
}

/** How builder code is written in JS/TS: methods in lower camel case, options as they are, strings quoted. */
function builderSyntax(text: string): BuilderSyntax {
  return {
    elementCode: (name, element) => (element.written === 'method' ? name.charAt(0).toLowerCase() + name.slice(1) : name),
    attributeCode: (name) => name,
    valueCode: (value, span) => {
      const quote = text[span.start - 1];
      if (quote === '`') return escapeTemplateText(value);
      return quote === '"' || quote === "'" ? escapeStringText(value, quote) : undefined;
    },
  };
}

/** A string that may hold VoiceML: a template literal, or a string joined from pieces (`joined.ts`). */
interface Candidate {
  start: number;
  end: number;
  offset: number;
  virtual: string;
  look: 'voiceml' | 'xml' | 'no';
  template?: TemplateLiteral;
  /** `.trim()` drops the white space before its first tag. */
  trimmed?: boolean;
  /** Joined from pieces or a plain string literal: not checked when it opens or closes what it does not hold. */
  piecewise?: boolean;
  fields(): Pick<VoiceMLRegion, 'substitutions' | 'escapes' | 'seams' | 'host'>;
}

/** Trees of trimmed texts are kept apart from those of the same text untrimmed. */
const TRIMMED = '\u0000trimmed:';

/**
 * Might the file hold VoiceML in strings joined from pieces or in plain string literals? Yes when a VoiceML
 * tag stands outside every template literal (in a string, or a comment: only a parse tells), or a template
 * is joined to something (`+`, `+=`, `].join(`, `.trim()` right beside it).
 */
function mayBeJoined(text: string, templates: readonly TemplateLiteral[], tags: readonly number[]): boolean {
  // The templates' texts as disjoint ranges (a nested template lies inside an earlier one), in order.
  const starts: number[] = [];
  const ends: number[] = [];
  for (const template of templates) {
    if (ends.length > 0 && template.contentStart < ends[ends.length - 1]!) ends[ends.length - 1] = Math.max(ends[ends.length - 1]!, template.contentEnd);
    else {
      starts.push(template.contentStart);
      ends.push(template.contentEnd);
    }
  }
  for (const tag of tags) {
    // The last range starting at or before the tag.
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (starts[mid]! <= tag) low = mid + 1;
      else high = mid;
    }
    if (low === 0 || tag >= ends[low - 1]!) return true;
  }
  for (const template of templates) {
    let before = template.start - 1;
    while (before >= 0 && isSpace(text.charCodeAt(before))) before--;
    let after = template.end;
    while (after < text.length && isSpace(text.charCodeAt(after))) after++;
    if (text[before] === '+' || (text[before] === '=' && text[before - 1] === '+') || text[after] === '+' || text.startsWith('.trim', after) || text.startsWith('].join(', after)) return true;
  }
  return false;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Is any of the ordered `offsets` in `[start, end)`? */
function anyWithin(offsets: readonly number[], start: number, end: number): boolean {
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (offsets[mid]! < start) low = mid + 1;
    else high = mid;
  }
  return low < offsets.length && offsets[low]! < end;
}

/** The substitutions of a joined string: each piece that is code, and each template piece's `${…}`. */
function joinedSubstitutions(joined: Joined, base: number, host: TemplateFile): Substitution[] {
  const out: Substitution[] = [];
  for (const piece of joined.pieces) {
    if (piece.kind === 'template') out.push(...substitutionsOf(piece.template, host).map((s) => shift(s, piece.template.contentStart - base)));
    else if (piece.kind === 'code') {
      const expression = host.text.slice(piece.start, piece.end);
      let value: SubstitutionValue | undefined;
      let constant: { text: string | undefined } | undefined;
      out.push({
        start: piece.start - base,
        end: piece.end - base,
        expressionStart: piece.start - base,
        expressionEnd: piece.end - base,
        text: expression,
        expression,
        value: () => (value ??= valueOf(expression, piece.start, host)),
        constant: () => (constant ??= { text: constantOf(expression, piece.start, host) }).text,
      });
    }
  }
  return out;
}

/** A substitution moved by `delta` region offsets. */
function shift(s: Substitution, delta: number): Substitution {
  return { ...s, start: s.start + delta, end: s.end + delta, expressionStart: s.expressionStart + delta, expressionEnd: s.expressionEnd + delta };
}

const endOf = (region: VoiceMLRegion): number => region.offset + region.tree.text.length;

/** Does the text start, after white space and substitutions, with `<`? */
function startsWithMarkup(virtual: string): boolean {
  for (let i = 0; i < virtual.length; i++) {
    const c = virtual.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || virtual[i] === PLACEHOLDER) continue;
    return c === 0x3c;
  }
  return false;
}

function substitutionsOf(template: TemplateLiteral, host: TemplateFile): Substitution[] {
  const base = template.contentStart;
  return template.substitutions.map((span) => {
    const expression = host.text.slice(span.expressionStart, span.expressionEnd);
    let value: SubstitutionValue | undefined;
    let constant: { text: string | undefined } | undefined;
    return {
      start: span.start - base,
      end: span.end - base,
      expressionStart: span.expressionStart - base,
      expressionEnd: span.expressionEnd - base,
      text: host.text.slice(span.start, span.end),
      expression,
      value: () => (value ??= valueOf(expression, span.expressionStart, host)),
      constant: () => (constant ??= { text: constantOf(expression, span.expressionStart, host) }).text,
    };
  });
}
