/**
 * The report written to stdout piece by piece, as the files are checked: to a terminal at once, to a pipe or a
 * file in pieces of 64 KB (a write for each of 2 000 small files, each waiting for the reader when the pipe is
 * full, made the run a tenth slower than one write at the end). The reader may go away (`voiceml lint … |
 * head`): what is left is dropped quietly and the verdict stands. A disk that is full is a failure: the report
 * is not all there.
 */
export interface Output {
  /** Writes `text` (nothing once the reader is gone); a promise when the text is queued: wait for it to drain. */
  write(text: string): Promise<void> | undefined;
  /** Writes what is held now: before a note on stderr, so that the two read in order where they meet. */
  flush(): Promise<void> | undefined;
  /** Writes the last `text`: `written`, `closed` when the reader went away (EPIPE), or the error's name (ENOSPC …). */
  end(text: string): Promise<'written' | 'closed' | string>;
}

/** Characters held before they are written to a pipe or a file. */
const PIECE = 64 * 1024;

export function stdoutOutput(): Output {
  const stdout = process.stdout;
  let problem: string | undefined;
  const heard = (error: Error | null | undefined): void => {
    if (error && problem === undefined) problem = (error as NodeJS.ErrnoException).code === 'EPIPE' ? 'closed' : ((error as NodeJS.ErrnoException).code ?? error.message);
  };
  // The stream's own error event is taken here: unheard, it would end the process with a stack.
  stdout.on('error', heard);
  /** Until the queued text is written (on Linux, pipes and files are written at once: never), or the stream fails. */
  const drained = (): Promise<void> =>
    new Promise((resolve) => {
      const done = (): void => {
        stdout.off('drain', done);
        stdout.off('error', done);
        stdout.off('close', done);
        resolve();
      };
      stdout.on('drain', done);
      stdout.on('error', done);
      stdout.on('close', done);
    });
  const piece = stdout.isTTY ? 0 : PIECE;
  let held = '';
  const flush = (): Promise<void> | undefined => {
    if (problem !== undefined || held === '') return undefined;
    const text = held;
    held = '';
    return stdout.write(text, heard) ? undefined : drained();
  };
  return {
    write(text) {
      if (problem !== undefined) return undefined;
      held += text;
      return held.length >= piece ? flush() : undefined;
    },
    flush,
    end(text) {
      return new Promise((resolve) => {
        if (problem !== undefined) return resolve(problem);
        stdout.write(held + text, (error) => {
          heard(error);
          resolve(problem ?? 'written');
        });
      });
    },
  };
}
