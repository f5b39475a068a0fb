/**
 * The report written to stdout piece by piece, as the files are checked. The reader may go away (`voiceml lint
 * … | head`): what is left is dropped quietly and the verdict stands. A disk that is full is a failure: the
 * report is not all there.
 */
export interface Output {
  /** Writes `text` (nothing once the reader is gone); a promise when the text is queued: wait for it to drain. */
  write(text: string): Promise<void> | undefined;
  /** Writes the last `text`: `written`, `closed` when the reader went away (EPIPE), or the error's name (ENOSPC …). */
  end(text: string): Promise<'written' | 'closed' | string>;
}

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
  return {
    write(text) {
      if (problem !== undefined || text === '') return undefined;
      return stdout.write(text, heard) ? undefined : drained();
    },
    end(text) {
      return new Promise((resolve) => {
        if (problem !== undefined) return resolve(problem);
        stdout.write(text, (error) => {
          heard(error);
          resolve(problem ?? 'written');
        });
      });
    },
  };
}
