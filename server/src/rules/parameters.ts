/**
 * What the rules on webhook code share: how a parameter read is renamed (as the host says the name is written
 * there), and how the verbs that send a callback parameter are named in messages.
 */
import type { ParameterRead } from '../document/handlers';
import type { Localized } from '../l10n';
import { callbacksSending } from '../model/webhook';
import type { Fix } from './rule';
import { CHANGE_TO } from './support';

/** The fix that reads `name` instead (`req.body.CallSid` → `req.body.CallId`; `{ CallSid }` → `{ CallId: CallSid }`). */
export function renameFix(read: ParameterRead, name: string, options: { preferred?: boolean; safe?: boolean } = {}): Fix {
  const edit = read.rename
    ? { start: read.rename.span.start, end: read.rename.span.end, newText: read.rename.text.replaceAll('{0}', name) }
    : { start: read.span.start, end: read.span.end, newText: name };
  return { title: CHANGE_TO, args: [name], edits: [edit], ...options };
}

/** `<Gather>, <Record>`: the verbs whose callback sends `parameter`. */
export function sendingVerbs(parameter: string): string {
  return callbacksSending(parameter)
    .map((c) => `<${c.callback.verb}>`)
    .join(', ');
}

/** The verbs that lead to a route, for messages (`<Gather>, <Redirect>`), or that nothing does. */
export function reachedByText(verbs: readonly string[]): Localized | string {
  return verbs.length > 0 ? verbs.map((v) => `<${v}>`).join(', ') : { ko: '없음', en: 'none' };
}
