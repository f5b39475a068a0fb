/**
 * Completion and hover in webhook code, outside VoiceML: the names of the platform's request parameters where
 * handler code reads one (`req.body.`, `request.form.get("`), the ones this route receives first — `Digits`
 * first where a `<Gather action>` leads —, each with its documentation; the values a parameter can have where
 * code compares it (`DialCallStatus === '`); hover on a parameter, a header or a value read there. What the host
 * read and what the call flow says come in a `HandlerContext` (`flow/requests.ts`); nothing here knows host
 * syntax.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CompletionItemKind, MarkupKind, type CompletionItem, type CompletionList, type Hover, type Range } from 'vscode-languageserver-types';
import { localize, type Locale } from '../l10n';
import { callbacksSending, parameterNames, requestParameter } from '../model/webhook';
import type { HandlerContext } from '../rules/rule';
import { headerDoc, parameterDoc, parameterValueDoc, summary } from './docs';

type Context = Omit<HandlerContext, 'report'>;

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

/** Parameter names where code reads one, values where code compares one; undefined elsewhere (the host language's features answer). */
export function completeInHandlers(document: TextDocument, ctx: Context, offset: number, locale: Locale): CompletionList | undefined {
  const read = ctx.code.reads.find((r) => r.span.start <= offset && offset <= r.span.end);
  if (read) {
    const range = oneLine(document, read.span);
    if (!range || !ctx.isWebhookCode(offset)) return undefined;
    const route = ctx.routeAt(offset);
    const items: CompletionItem[] = [];
    for (const name of parameterNames) {
      const every = requestParameter(name) !== undefined;
      const receives = route?.receives(name);
      if (receives === false) continue;
      // What this route surely receives from the verbs that lead here first, then what every request has, then the rest.
      const rank = !every && receives === true ? 0 : every ? 1 : 2;
      const spec = requestParameter(name) ?? callbacksSending(name)[0]!.spec;
      items.push({
        label: name,
        kind: CompletionItemKind.Field,
        detail: every ? localize({ ko: '모든 요청', en: 'every request' }, locale) : callbacksSending(name).map((c) => `<${c.callback.verb}>`).join(', '),
        documentation: { kind: MarkupKind.Markdown, value: parameterDoc(name, locale)! },
        sortText: `${rank}${String(parameterNames.indexOf(name)).padStart(2, '0')}`,
        filterText: name,
        textEdit: { range, newText: name },
        labelDetails: { description: summary(spec.doc, locale, 40) },
      });
    }
    return { isIncomplete: false, items };
  }
  const test = ctx.code.tests.find((t) => t.span.start <= offset && offset <= t.span.end);
  if (test) {
    const spec = requestParameter(test.parameter) ?? callbacksSending(test.parameter)[0]?.spec;
    const range = oneLine(document, test.span);
    if (!spec?.values || !range || !ctx.isWebhookCode(offset)) return spec ? EMPTY : undefined;
    return {
      isIncomplete: false,
      items: spec.values.map((v, i) => ({
        label: v.value,
        kind: CompletionItemKind.EnumMember,
        detail: spec.name,
        documentation: { kind: MarkupKind.Markdown, value: parameterValueDoc(spec.name, v.value, locale)! },
        sortText: String(i).padStart(2, '0'),
        textEdit: { range, newText: v.value },
      })),
    };
  }
  return undefined;
}

/** The range of a span on one line (what an editor takes for an item's edit), or undefined (a string continued over lines). */
function oneLine(document: TextDocument, span: { start: number; end: number }): Range | undefined {
  const range = { start: document.positionAt(span.start), end: document.positionAt(span.end) };
  return range.start.line === range.end.line ? range : undefined;
}

/** The documentation of a parameter, header or value that webhook code reads or compares at `offset`. */
export function hoverInHandlers(document: TextDocument, ctx: Context, offset: number, locale: Locale): Hover | null {
  const within = (s: { start: number; end: number }): boolean => s.start <= offset && offset < s.end;
  let found: { markdown: string | undefined; start: number; end: number } | undefined;
  const read = ctx.code.reads.find((r) => within(r.span));
  if (read) found = { markdown: parameterDoc(read.name, locale), ...read.span };
  const header = !found && ctx.code.headers.find((h) => within(h.span));
  if (header) found = { markdown: headerDoc(header.name, locale), ...header.span };
  const test = !found && ctx.code.tests.find((t) => within(t.span));
  if (test) found = { markdown: parameterValueDoc(test.parameter, test.value, locale), ...test.span };
  if (!found?.markdown || !ctx.isWebhookCode(offset)) return null;
  return {
    contents: { kind: MarkupKind.Markdown, value: found.markdown },
    range: { start: document.positionAt(found.start), end: document.positionAt(found.end) },
  };
}
