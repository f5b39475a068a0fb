import type { ElementSpec } from '../model/types';
import { getElement } from '../model';
import type { XmlElement, XmlNode } from '../parser/ast';
import type { VoiceMLRegion } from '../document/region';
import type { Content, Problem, Rule, RuleContext } from './rule';

/** A problem found by a rule, tagged with the rule that found it. */
export interface Finding extends Problem {
  rule: Rule;
}

/**
 * Runs `rules` over one region in a single walk of its tree. The walk is iterative (an explicit stack), so a
 * 20 000-deep document cannot overflow the call stack.
 */
export function runRules(region: VoiceMLRegion, rules: readonly Rule[]): Finding[] {
  const findings: Finding[] = [];
  let current: Rule = rules[0]!;
  const fragmentSpec = region.fragmentParent !== undefined ? getElement(region.fragmentParent) : undefined;
  const specOf = (element: XmlElement): ElementSpec | undefined =>
    element.dynamicName ? undefined : getElement(element.name);
  const ctx: RuleContext = {
    region,
    text: region.xml.text,
    specOf,
    containerSpecOf(element) {
      const parent = element.parent;
      return parent.kind === 'element' ? specOf(parent) : fragmentSpec;
    },
    report(problem) {
      findings.push({ ...problem, rule: current });
    },
  };

  const documentRules = rules.filter((r) => r.document);
  const elementRules = rules.filter((r) => r.element);
  const contentRules = rules.filter((r) => r.content);
  const visitContent = (content: Content): void => {
    for (const rule of contentRules) {
      current = rule;
      rule.content!(content, ctx);
    }
  };

  for (const rule of documentRules) {
    current = rule;
    rule.document!(ctx);
  }
  const top = region.xml.children;
  visitContent({ owner: undefined, spec: fragmentSpec, nodes: top });

  // Pre-order walk: elements in document order.
  const stack: XmlNode[] = [];
  for (let i = top.length - 1; i >= 0; i--) stack.push(top[i]!);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind !== 'element') continue;
    const spec = specOf(node);
    for (const rule of elementRules) {
      current = rule;
      rule.element!(node, ctx, spec);
    }
    visitContent({ owner: node, spec, nodes: node.children });
    const children = node.children;
    for (let i = children.length - 1; i >= 0; i--) {
      if (children[i]!.kind === 'element') stack.push(children[i]!);
    }
  }
  return findings;
}
