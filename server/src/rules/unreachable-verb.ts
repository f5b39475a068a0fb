import { getElement, plainText } from '../model';
import { ELEMENT, NONE } from '../parser/tree';
import type { Edit, Rule } from './rule';
import { removalRange } from './support';

/** Verbs after `<Hangup>`, `<Reject>`, `<Redirect>` or `<Connect>` never run. */
export const unreachableVerb: Rule = {
  name: 'unreachable-verb',
  severity: 'warning',
  description: {
    ko: '실행되지 않는 동사: <Hangup>, <Reject>, <Redirect>, <Connect> 뒤의 동사.',
    en: 'Verbs that never run: those after <Hangup>, <Reject>, <Redirect> or <Connect>.',
  },
  // Where a verb that ends the call may stand (Response): elsewhere it is misplaced, which invalid-child says.
  appliesTo: (spec) => spec?.children.some((c) => getElement(c.name)?.endsCall !== undefined) === true,
  content(content, ctx) {
    // Built by code in branches or loops: which verbs follow which is not known.
    if (ctx.region.partial) return;
    const tree = ctx.tree;
    // The first element that ends the call, and the first element after it.
    const { ender: stopper, afterEnder: firstUnreachable } = ctx.verbsOf(content.owner);
    const endsCall = stopper === NONE ? undefined : ctx.specOf(stopper)?.endsCall;
    if (!endsCall || firstUnreachable === NONE) return;
    const stopperName = tree.name(stopper);
    const reason = plainText(endsCall);
    // Each verb removed on its own: the comments and text between them are the user's, and stay.
    const removals: Edit[] = [];
    for (let node = firstUnreachable; node !== NONE; node = tree.nextSibling(node)) {
      if (tree.kind(node) !== ELEMENT) continue;
      const range = removalRange(ctx.text, tree.start(node), tree.end(node));
      const previous = removals[removals.length - 1];
      // Two removals that would touch (a line break shared) are one.
      if (previous && range.start <= previous.end) previous.end = Math.max(previous.end, range.end);
      else removals.push({ start: range.start, end: range.end, newText: '' });
    }
    // The unreachable verbs: every element from the first after the stopper to the end of the content.
    for (let node = firstUnreachable; node !== NONE; node = tree.nextSibling(node)) {
      if (tree.kind(node) !== ELEMENT) continue;
      ctx.report({
        start: tree.start(node),
        end: tree.end(node),
        message: {
          ko: '<{1}> 뒤에 있는 <{0}>은(는) 실행되지 않습니다. {2}',
          en: '<{0}> after <{1}> never runs. {2}',
        },
        args: [tree.name(node), stopperName, reason],
        tags: ['unnecessary'],
        fixes: () => [
          {
            title: { ko: '<{0}> 뒤의 실행되지 않는 동사 삭제', en: 'Remove the verbs after <{0}> that never run' },
            args: [stopperName],
            edits: removals.map((removal) => ({ ...removal })),
          },
        ],
      });
    }
  },
};
