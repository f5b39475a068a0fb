import type { Finding, Findings } from './run';
import type { HandlerContext, Rule } from './rule';

/**
 * Runs the rules that judge webhook code (`Rule.handlers`) over one document's handlers. Keeps the first `limit`
 * findings by position and counts the others. Their offsets are the document's.
 */
export function runHandlerRules(rules: readonly Rule[], context: Omit<HandlerContext, 'report'>, limit = Infinity): Findings {
  const findings: Finding[] = [];
  let current: Rule | undefined;
  const ctx: HandlerContext = {
    ...context,
    report(problem) {
      const finding = problem as Finding;
      finding.rule = current!;
      findings.push(finding);
    },
  };
  for (const rule of rules) {
    if (!rule.handlers) continue;
    current = rule;
    rule.handlers(ctx);
  }
  findings.sort((a, b) => a.start - b.start || a.end - b.end);
  const omitted = Math.max(0, findings.length - limit);
  if (omitted > 0) findings.length = limit;
  return { findings, omitted };
}
