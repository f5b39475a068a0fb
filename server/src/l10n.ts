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

/**
 * A whole number with its digits grouped by commas (`1,170,382`), as both languages write sizes in messages.
 * Not `toLocaleString('en-US')`: its first call starts ICU's number formatting, ~24 ms — in the first
 * validation of a large document, whose finding of its size is what calls it.
 */
export function groupDigits(n: number): string {
  const digits = String(Math.trunc(Math.abs(n)));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let i = out.length; i < digits.length; i += 3) out += ',' + digits.slice(i, i + 3);
  return (n < 0 && digits !== '0' ? '-' : '') + out;
}
