import { callbackOf } from '../model/webhook';
import type { Rule } from './rule';

/**
 * An `action` or `<Redirect>` URL whose routes do not take the method the platform requests it with (POST,
 * `schemas/webhook.json`): a route registered with `app.get`, a Flask `@app.route` without `methods`. The
 * request is answered 404 or 405, and the call ends with an application error.
 */
export const routeMethod: Rule = {
  name: 'route-method',
  severity: 'warning',
  readsWorkspace: true,
  description: {
    ko: 'action·<Redirect> URL의 라우트가 POST를 받지 않음: 플랫폼은 이 URL을 항상 POST로 요청합니다 (app.get, methods 없는 Flask @app.route).',
    en: "An action or <Redirect> URL whose route does not take POST, which the platform always requests it with (app.get, Flask's @app.route without methods).",
  },
  appliesTo: (spec) => spec !== undefined && callbackOf(spec.name) !== undefined,
  element(element, ctx) {
    const step = ctx.flow?.step(ctx.region, element);
    const method = callbackOf(ctx.tree.name(element))?.method;
    if (!step || step.path === undefined || step.routes.length === 0 || step.uncertain || !method) return;
    if (step.routes.some((r) => r.methods.includes(method) || r.methods.includes('*'))) return;
    const methods = [...new Set(step.routes.flatMap((r) => r.methods))].join(', ');
    ctx.report({
      start: step.start,
      end: step.end,
      message: {
        ko: '{0}은(는) {1}(으)로만 등록되어 있습니다: 플랫폼은 <{2}>의 URL을 항상 {3}(으)로 요청하므로 통화가 애플리케이션 오류로 끝납니다.',
        en: '{0} is registered for {1} only: the platform always requests the URL of <{2}> with {3}, so the call ends with an application error.',
      },
      args: [step.path, methods, ctx.tree.name(element), method],
      related: step.routes.map((r) => ({ location: r.location, message: { ko: '{0} {1} 등록', en: '{0} {1} registered here' }, args: [r.methods.join(', '), r.path] })),
      // A verb in error (misplaced, misspelt) is that error's to report first.
      yieldsTo: { errorsIn: { start: ctx.tree.start(element), end: ctx.tree.end(element) } },
    });
  },
};
