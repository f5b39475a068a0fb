/**
 * The two languages we speak. Korean is our users' language and the default; English when the client's
 * locale is English (LSP `initialize.locale`, the CLI's `--locale` or `LANG`).
 */

/** A text in both languages. Markdown allowed. `{0}`, `{1}` … are filled by `localize`. */
export interface Localized {
  ko: string;
  en: string;
}

export type Locale = 'ko' | 'en';

/** Maps any locale tag (`en-US`, `ko`, `ja`, undefined) to one we speak: English for `en*`, else Korean. */
export function toLocale(tag: string | undefined): Locale {
  // `en`, `en-US`, `en_US.UTF-8` (a POSIX LANG: `_` would defeat \b) — but not `eno` or `english-ish` tags.
  return tag !== undefined && /^en(?![a-z])/i.test(tag) ? 'en' : 'ko';
}

/** The text in `locale`, with `{n}` replaced by `args[n]` (itself localized when it is a `Localized`). */
export function localize(text: Localized, locale: Locale, args: readonly (string | Localized)[] = []): string {
  const template = text[locale];
  if (args.length === 0) return template;
  // Each `{n}` found with indexOf, not a regular expression and a callback: every published diagnostic is
  // localized, up to a thousand per keystroke in a document full of mistakes.
  let out = '';
  let copied = 0;
  for (let open = template.indexOf('{'); open >= 0; open = template.indexOf('{', open + 1)) {
    let close = open + 1;
    while (close < template.length && template.charCodeAt(close) >= 0x30 && template.charCodeAt(close) <= 0x39) close++;
    if (close === open + 1 || template.charCodeAt(close) !== 0x7d) continue;
    const arg = args[Number(template.slice(open + 1, close))];
    if (arg === undefined) continue;
    out += template.slice(copied, open) + (typeof arg === 'string' ? arg : arg[locale]);
    copied = close + 1;
    open = close;
  }
  return copied === 0 ? template : out + template.slice(copied);
}
