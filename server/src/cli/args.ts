/** Reading `--name value`, `--name=value` and bare arguments one at a time (for `call` and `test`). */
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
