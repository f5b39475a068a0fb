/**
 * A host's last parse of a file: the questions asked of one text in a row (its VoiceML regions, then the
 * routes it registers for the call-flow index) share one parse. One tree at most is held, and only until the
 * event loop turns or the last question is answered (the rules that run next would have each collection copy
 * a tree nobody reads again). A weak reference would not do: it keeps its target alive to the end of the running job,
 * and the index analyses hundreds of files in one, the CLI lints as many, a bench opens a file a hundred
 * times — every tree was kept to the end of it (tens of MB), and collecting them cost a third of the time.
 */
export class LastParse<T> {
  private last: { text: string; kind: string; tree: T } | undefined;
  private releasing = false;

  /** The tree of `text` (parsed as `kind`: a language id, or '') when it is the one held. */
  get(text: string, kind = ''): T | undefined {
    const last = this.last;
    return last !== undefined && last.text === text && last.kind === kind ? last.tree : undefined;
  }

  /** Lets the tree held go: the last question of its text is answered (see `Host.readRoutes`). */
  release(): void {
    this.last = undefined;
  }

  /** Holds `tree` as the parse of `text` until the event loop turns, or another replaces it. */
  set(text: string, tree: T, kind = ''): void {
    this.last = { text, kind, tree };
    if (!this.releasing) {
      this.releasing = true;
      setImmediate(() => {
        this.last = undefined;
        this.releasing = false;
      }).unref();
    }
  }
}
