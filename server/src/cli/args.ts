import { localize, type Locale, type Localized } from '../l10n';

/** A usage problem: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(readonly text: Localized) {
    super(text.en);
  }
}

/** Writes a usage problem and the usage; the exit code, 2. */
export function usageError(message: Localized, usage: Localized, locale: Locale): number {
  process.stderr.write(`voiceml: ${localize(message, locale)}\n${localize(usage, locale)}\n`);
  return 2;
}

/** Reading `--name value`, `--name=value` and bare arguments one at a time (for `call`, `test` and `flow`). */
export class ArgReader {
  private i = 0;
  private pendingValue: string | undefined;
  /** After `--`, everything is a bare argument. */
  private bareOnly = false;

  constructor(private readonly args: readonly string[]) {}

  /** The next option's name (`--map`), or a bare argument as `{ bare }`; undefined at the end. */
  next(): { option: string } | { bare: string } | undefined {
    const arg = this.args[this.i++];
    if (arg === undefined) return undefined;
    if (this.bareOnly || !arg.startsWith('-') || arg === '-') return { bare: arg };
    if (arg === '--') {
      this.bareOnly = true;
      return this.next();
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    this.pendingValue = eq >= 0 ? arg.slice(eq + 1) : undefined;
    return { option: eq >= 0 ? arg.slice(0, eq) : arg };
  }

  /** The value of the option just read, which must be one of `allowed` (`--format json`); else a `UsageError`. */
  oneOf<T extends string>(allowed: readonly T[]): T {
    const value = this.value() ?? '';
    if (!(allowed as readonly string[]).includes(value)) throw new UsageError({ ko: `지원하지 않는 형식: ${value}`, en: `unsupported format: ${value}` });
    return value as T;
  }

  /** The value of the option just read (`--x=v` or the next argument); undefined when there is none. */
  value(): string | undefined {
    if (this.pendingValue !== undefined) {
      const value = this.pendingValue;
      this.pendingValue = undefined;
      return value;
    }
    return this.args[this.i++];
  }
}
