import type { ElementSpec } from '../model/types';
import { getElement } from '../model';
import { DOCUMENT, DYNAMIC_NAME, ELEMENT, NONE, type NodeId } from '../parser/tree';
import type { VoiceMLRegion } from '../document/region';
import type { Problem, Rule, RuleContext } from './rule';

/** A problem found by a rule, tagged with the rule that found it. */
export interface Finding extends Problem {
  rule: Rule;
}

/**
 * Runs `rules` over one region in a single pass over its tree. Nodes are numbered in document order, so the
 * walk is a loop over ids: no recursion, and a 20 000-deep document is no deeper than a flat one.
 */
export function runRules(region: VoiceMLRegion, rules: readonly Rule[]): Finding[] {
  const tree = region.tree;
  const size = tree.size;
  const findings: Finding[] = [];
  let current: Rule = rules[0]!;
  const fragmentSpec = region.fragmentParent !== undefined ? getElement(region.fragmentParent) : undefined;
  // Every element's model entry, looked up once: the rules ask for it far more often than there are elements.
  const specs: (ElementSpec | undefined)[] = new Array<ElementSpec | undefined>(size);
  for (let id = 1; id < size; id++) {
    specs[id] = tree.kind(id) === ELEMENT && !tree.is(id, DYNAMIC_NAME) ? getElement(tree.name(id)) : undefined;
  }
  const ctx: RuleContext = {
    region,
    text: tree.text,
    tree,
    specOf: (element) => specs[element],
    containerSpecOf(element) {
      const parent = tree.parent(element);
      return parent === DOCUMENT ? fragmentSpec : specs[parent];
    },
    report(problem) {
      findings.push({ ...problem, rule: current });
    },
  };

  const documentRules = rules.filter((r) => r.document);
  const elementRules = rules.filter((r) => r.element);
  const contentRules = rules.filter((r) => r.content);
  const visitContent = (owner: NodeId, spec: ElementSpec | undefined): void => {
    if (tree.firstChild(owner) === NONE) return;
    const content = { owner, spec };
    for (const rule of contentRules) {
      current = rule;
      rule.content!(content, ctx);
    }
  };

  for (const rule of documentRules) {
    current = rule;
    rule.document!(ctx);
  }
  visitContent(DOCUMENT, fragmentSpec);
  for (let id = 1; id < size; id++) {
    if (tree.kind(id) !== ELEMENT) continue;
    const spec = specs[id];
    for (const rule of elementRules) {
      current = rule;
      rule.element!(id, ctx, spec);
    }
    visitContent(id, spec);
  }
  return findings;
}
