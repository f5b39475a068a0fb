/**
 * The server's part of the LSP lifecycle, apart from what it serves: the transport it is started with, and
 * how a request is answered at each stage. Before `initialize` a request is answered ServerNotInitialized
 * (-32002) and a notification dropped; after `shutdown` a request is answered InvalidRequest (-32600); a
 * request the client cancelled before it was computed is answered RequestCancelled (-32800). Every request
 * handler of the server goes through `Lifecycle.answer`, so none can forget it.
 */
import { writeSync } from 'node:fs';
import { ErrorCodes, LSPErrorCodes, ResponseError, type CancellationToken } from 'vscode-languageserver/node';
import { localize, toLocale, type Localized } from './l10n';

/** The command-line flags `vscode-languageserver` reads a transport from (`--socket=5000` or `--socket 5000`). */
const TRANSPORTS = ['--stdio', '--node-ipc', '--socket', '--pipe'];

const USAGE: Localized = {
  ko: `사용법: voiceml-language-server --stdio | --node-ipc | --socket=<포트> | --pipe=<이름>
  VoiceML 언어 서버입니다. 편집기가 LSP로 대화하며 직접 시작합니다 (예: Neovim의 cmd = { 'voiceml-language-server', '--stdio' }).
  파일을 명령줄에서 검사하려면: voiceml lint <파일 또는 glob...>`,
  en: `usage: voiceml-language-server --stdio | --node-ipc | --socket=<port> | --pipe=<name>
  The VoiceML language server. An editor starts it and talks LSP to it (e.g. Neovim: cmd = { 'voiceml-language-server', '--stdio' }).
  To check files from the command line: voiceml lint <files or globs...>`,
};

/**
 * Ends the process unless the command line names a transport: without one there is nothing to talk over.
 * Prints the usage (on stdout for `--help`, else on stderr: exit code 2) instead of the library's stack
 * trace, or the version for `--version`. Written synchronously: the process ends right after.
 */
export function exitWithoutTransport(args: readonly string[], version: string): void {
  if (args.some((arg) => TRANSPORTS.some((flag) => arg === flag || arg.startsWith(flag + '=')))) return;
  const locale = toLocale(process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG);
  if (args.includes('--version') || args.includes('-v')) {
    writeSync(1, `${version}\n`);
    process.exit(0);
  }
  const help = args.includes('--help') || args.includes('-h');
  writeSync(help ? 1 : 2, localize(USAGE, locale) + '\n');
  process.exit(help ? 0 : 2);
}

export class Lifecycle {
  private stage: 'starting' | 'running' | 'shut down' = 'starting';

  /**
   * `heard` is told of each request as it arrives (the server's warm-up waits for a quiet spell).
   */
  constructor(
    private readonly logError: (message: string) => void,
    private readonly heard: () => void = () => undefined,
  ) {}

  get running(): boolean {
    return this.stage === 'running';
  }

  /** At `initialize`: only once. */
  initialize(): void {
    if (this.stage !== 'starting') throw new ResponseError(ErrorCodes.InvalidRequest, 'The server is already initialized.');
    this.stage = 'running';
  }

  /** At `shutdown`: once, after `initialize`. */
  shutDown(): void {
    this.refuseUnlessRunning();
    this.stage = 'shut down';
  }

  /** Throws the error LSP wants for a request outside the running stage. */
  refuseUnlessRunning(): void {
    if (this.stage === 'starting') throw new ResponseError(ErrorCodes.ServerNotInitialized, 'The server is not initialized yet.');
    if (this.stage === 'shut down') throw new ResponseError(ErrorCodes.InvalidRequest, 'The server is shut down.');
  }

  /**
   * A request handler that answers as LSP wants outside the running stage; that first lets a
   * `$/cancelRequest` sent right behind the request be read (VS Code cancels a request as soon as the user
   * types on: nothing is computed for an answer nobody waits for); and that logs a failure with its stack. A
   * handler that awaits something (the settings) checks `token` again with `throwIfCancelled`.
   */
  answer<P, R>(run: (params: P, token: CancellationToken) => R | Promise<R>): (params: P, token: CancellationToken) => Promise<R> {
    return async (params, token) => {
      this.heard();
      this.refuseUnlessRunning();
      // Two turns of the event loop: the one between them reads what arrived meanwhile (a cancellation sent
      // while an earlier request was computed), which one turn may not when both run in the same phase.
      await new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
      throwIfCancelled(token);
      try {
        return await run(params, token);
      } catch (error) {
        if (!(error instanceof ResponseError)) this.logError(error instanceof Error ? (error.stack ?? error.message) : String(error));
        throw error;
      }
    };
  }
}

/** Ends a request the client cancelled: answered RequestCancelled (-32800), as LSP wants. */
export function throwIfCancelled(token: CancellationToken): void {
  if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}
