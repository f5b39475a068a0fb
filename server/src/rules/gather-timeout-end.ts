import { model } from '../model';
import { callbackOf } from '../model/webhook';
import { NONE } from '../parser/tree';
import type { Rule } from './rule';

/**
 * A `<Gather>` with nothing after it in the response: when the caller enters nothing before the timeout, the
 * platform does not call the action (as the reference says) and runs the next verb — there is none, so the call
 * just ends. A `<Redirect>` to the same route after it asks again. Not said of a `<Gather>` without `action`
 * (`recommended-attribute` says the digits go nowhere), one that never runs (after `<Hangup>` …), or one that
 * holds an error.
 */
export const gatherTimeoutEnd: Rule = {
  name: 'gather-timeout-end',
  severity: 'information',
  description: {
    ko: '뒤에 아무것도 없는 <Gather>: 입력 없이 시간이 지나면 action이 호출되지 않아 통화가 그냥 끝납니다.',
    en: 'A <Gather> with nothing after it: when the caller enters nothing, the action is not called and the call just ends.',
  },
  // The response's verbs: the children of <Response>, or the top of a fragment spliced into it.
  appliesTo: (spec) => spec?.name === model.root,
  content(content, ctx) {
    const tree = ctx.tree;
    if (content.spec?.name !== model.root) return;
    // The last verb, whether a verb that ends the call comes before it, and what follows it (a `${…}` after it
    // may put more verbs there).
    const { last, ender, textAfterLast } = ctx.verbsOf(content.owner);
    if (last === NONE || textAfterLast || (ender !== NONE && ender !== last)) return;
    const spec = ctx.specOf(last);
    const action = spec && callbackOf(spec.name)?.url;
    if (spec?.name !== 'Gather' || action === undefined || tree.findAttribute(last, action) === NONE) return;
    ctx.report({
      start: tree.nameStart(last),
      end: tree.nameEnd(last),
      message: {
        ko: '<Gather> 뒤에 아무것도 없습니다: 입력 없이 시간이 지나면 action이 호출되지 않고 다음 동사도 없어 통화가 끝납니다. 다시 안내하려면 뒤에 같은 라우트로 가는 <Redirect>를 두세요.',
        en: 'Nothing follows this <Gather>: when the caller enters nothing, the action is not called and, with no next verb, the call ends. To ask again, put a <Redirect> to the same route after it.',
      },
      yieldsTo: { errorsIn: { start: tree.start(last), end: tree.end(last) } },
    });
  },
};
