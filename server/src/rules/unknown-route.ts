import { callbackOf } from '../model/webhook';
import { closest } from '../model/suggest';
import type { RegionHost } from '../document/region';
import type { Fix, FlowStep, Rule } from './rule';
import { CHANGE_TO } from './support';

/**
 * An `action` or `<Redirect>` URL whose path no route of the workspace serves: when the platform requests it,
 * the webhook answers 404 and the caller hears that an application error occurred. Reported only where the
 * workspace can tell (`FlowStep.judged`): the path is known, the workspace serves its base, and no route could
 * serve it unseen. The nearest path served is offered as the fix.
 */
export const unknownRoute: Rule = {
  name: 'unknown-route',
  severity: 'warning',
  readsWorkspace: true,
  description: {
    ko: '작업 공간의 어떤 라우트도 받지 않는 action·<Redirect> URL: 플랫폼이 요청하면 통화가 애플리케이션 오류로 끝납니다.',
    en: 'An action or <Redirect> URL that no route of the workspace serves: when the platform requests it, the call ends with an application error.',
  },
  appliesTo: (spec) => spec !== undefined && callbackOf(spec.name) !== undefined,
  element(element, ctx) {
    const step = ctx.flow?.step(ctx.region, element);
    if (!step?.judged || step.path === undefined) return;
    const path = step.path;
    // Only paths as plain as the one written: a pattern (`/users/:id`) is no path to write instead.
    const suggestion = closest(path, step.served.filter((p) => p !== path && isLiteral(p)));
    ctx.report({
      start: step.start,
      end: step.end,
      message: suggestion
        ? {
            ko: '작업 공간의 어떤 라우트도 {0}을(를) 받지 않습니다: 플랫폼이 이 URL을 요청하면 통화가 애플리케이션 오류로 끝납니다. {1}을(를) 쓰려고 했나요?',
            en: 'No route of the workspace serves {0}: when the platform requests it, the call ends with an application error. Did you mean {1}?',
          }
        : {
            ko: '작업 공간의 어떤 라우트도 {0}을(를) 받지 않습니다: 플랫폼이 이 URL을 요청하면 통화가 애플리케이션 오류로 끝납니다.',
            en: 'No route of the workspace serves {0}: when the platform requests it, the call ends with an application error.',
          },
      args: suggestion ? [path, suggestion] : [path],
      fixes: suggestion !== undefined && step.editable ? pathFix(step, path, suggestion, ctx.text, ctx.region.host) : undefined,
      // A verb in error (misplaced, misspelt) is that error's to report first.
      yieldsTo: { errorsIn: { start: ctx.tree.start(element), end: ctx.tree.end(element) } },
    });
  },
};

function isLiteral(path: string): boolean {
  return ![':', '<', '{', '[', '*', '('].some((c) => path.includes(c));
}

/** The fix of `pathEdit`, made when it is asked for (none when there is no such edit). */
function pathFix(step: FlowStep, path: string, wanted: string, text: string, host: RegionHost): () => Fix[] {
  return () => {
    const fix = pathEdit(step, path, wanted, text, host);
    return fix ? [fix] : [];
  };
}

/**
 * The edit that makes the URL ask for `wanted` instead of `path`: the part of the path that differs, where the
 * URL writes it as static text after its last substitution (`${BASE}/verfy` → `${BASE}/verify`). Undefined when
 * the difference lies in what a substitution puts there.
 */
function pathEdit(step: FlowStep, path: string, wanted: string, text: string, host: RegionHost): Fix | undefined {
  if (!step.editable) return undefined;
  let prefix = 0;
  while (prefix < path.length && prefix < wanted.length && path[prefix] === wanted[prefix]) prefix++;
  let suffix = 0;
  while (suffix < path.length - prefix && suffix < wanted.length - prefix && path[path.length - 1 - suffix] === wanted[wanted.length - 1 - suffix]) suffix++;
  // The written end of the URL, up to a query or fragment: the path must end with what differs and what follows.
  const written = text.slice(step.editable.start, step.editable.end);
  let pathEnd = written.length;
  for (let i = 0; i < written.length; i++) if (written[i] === '?' || written[i] === '#') { pathEnd = i; break; }
  const changed = path.slice(prefix);
  if (!written.slice(0, pathEnd).endsWith(changed)) return undefined;
  const start = step.editable.start + pathEnd - changed.length;
  const end = step.editable.start + pathEnd - suffix;
  const newText = host.escapeText(wanted.slice(prefix, wanted.length - suffix), start, end);
  if (newText === undefined) return undefined;
  return { title: CHANGE_TO, args: [wanted], edits: [{ start, end, newText }], preferred: true };
}
