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
  return template.replace(/\{(\d+)\}/g, (whole, n: string) => {
    const arg = args[Number(n)];
    if (arg === undefined) return whole;
    return typeof arg === 'string' ? arg : arg[locale];
  });
}
