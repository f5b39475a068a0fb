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
import { createRegion, type Substitution, type SubstitutionValue, type VoiceMLRegion } from '../../document/region';
import { acceptParsed, contentParentAt, shapeOf } from '../../document/embedding';
import { claimOf, firstLook, mayHoldVoiceML } from './detect';
import { argumentSite } from './sinks';
import { TemplateFile } from './syntax';
import { findTemplates, type TemplateLiteral } from './templates';
import { valueOf } from './values';
import { constantOf } from './constants';
import { virtualText } from './virtual';

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
  if (!text.includes('`') || !mayHoldVoiceML(text)) return regions;

  const memory = previous ? memories.get(previous) : undefined;
  const reusable = memory?.languageId === languageId ? memory.trees : undefined;
  const { templates, file, tape } = findTemplates(text, languageId);
  const host = new TemplateFile(text, languageId, file, tape);
  // Regions whose text holds the current template (it then sits in one of their `${…}`).
  const around: VoiceMLRegion[] = [];

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

  templates.forEach((template, i) => {
    const seen = looks[i];
    if (!seen) return;
    const { virtual, escapes } = seen;
    let look = seen.look;
    if (look === 'no' && seen.claim === 'content' && sinks.size > 0 && startsWithMarkup(virtual) && sinks.has(siteOf(template) ?? '')) look = 'voiceml';
    if (look === 'no') return;
    let tree = trees.get(virtual) ?? reusable?.get(virtual);
    if (!tree) tree = parseTree(virtual, { placeholders: true });
    trees.set(virtual, tree);
    if (look === 'xml' && !acceptParsed(tree)) return;

    while (around.length > 0 && endOf(around[around.length - 1]!) <= template.start) around.pop();
    const outer = around[around.length - 1];
    const context = outer ? contentParentAt(outer, template.start - outer.offset) : undefined;
    const region = createRegion({
      offset: template.contentStart,
      tree,
      ...shapeOf(tree, context),
      substitutions: substitutionsOf(template, host),
      escapes: escapes.length > 0 ? escapes : undefined,
      host,
    });
    regions.push(region);
    around.push(region);
  });
  return regions;
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
