/**
 * "VoiceML: Simulate Call": a terminal running `voiceml call --interactive <url>` — the CLI bundled with the
 * extension, started with VS Code's own Node (`ELECTRON_RUN_AS_NODE`). The terminal is an extension
 * pseudo-terminal: keys typed into it go to the call, the call's transcript comes back. It knows nothing of
 * VoiceML; the CLI does it all. The URL is asked once and remembered per workspace; "…at Another URL" asks
 * again. Other code starts a call at a URL with `executeCommand('voiceml.simulateCall', { url })`, or at a path
 * of the remembered server with `{ path }` (the server's "▶ Simulate call" lens on a route); it resolves to the
 * call's exit code when the call ends.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as vscode from 'vscode';

export const SIMULATE_CALL = 'voiceml.simulateCall';
export const SIMULATE_CALL_AT_URL = 'voiceml.simulateCallAtUrl';
/** The workspaceState key of the last webhook URL. */
const URL_KEY = 'voiceml.simulateCall.url';
const DEFAULT_URL = 'http://127.0.0.1:3000/';

export interface SimulateCallArgs {
  /** The webhook URL to call; without it, the remembered one (asked for the first time). */
  url?: string;
  /** A path on the remembered server (`/ivr/menu`): the call starts there. The first time, the URL is asked with it. */
  path?: string;
}

export interface SimulateCallResult {
  /** The CLI's exit code: 0 the call ended normally, 1 a response failed, 2 a usage problem; null if killed. */
  exitCode: number | null;
}

export function registerSimulateCall(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SIMULATE_CALL, (args?: SimulateCallArgs | string) =>
      typeof args === 'object' && args.url === undefined && typeof args.path === 'string'
        ? simulateCallAtPath(context, args.path)
        : simulateCall(context, typeof args === 'string' ? args : args?.url, false),
    ),
    vscode.commands.registerCommand(SIMULATE_CALL_AT_URL, () => simulateCall(context, undefined, true)),
  );
}

async function simulateCall(context: vscode.ExtensionContext, given: string | undefined, ask: boolean): Promise<SimulateCallResult | undefined> {
  let url = given;
  if (url === undefined) {
    const remembered = context.workspaceState.get<string>(URL_KEY);
    url = ask || !remembered ? await askForUrl(remembered) : remembered;
    if (url === undefined) return undefined;
    await context.workspaceState.update(URL_KEY, url);
  }
  return runInTerminal(context, url);
}

/** A call at `path` of the server of the remembered URL (same scheme, host and port); asked the first time. */
async function simulateCallAtPath(context: vscode.ExtensionContext, path: string): Promise<SimulateCallResult | undefined> {
  const remembered = context.workspaceState.get<string>(URL_KEY);
  let url: string | undefined;
  try {
    url = remembered ? new URL(path, remembered).href : undefined;
  } catch {
    url = undefined; // a remembered URL that no longer parses: ask
  }
  if (url === undefined) {
    url = await askForUrl(remembered, new URL(path, DEFAULT_URL).href);
    if (url === undefined) return undefined;
    await context.workspaceState.update(URL_KEY, url);
  }
  return runInTerminal(context, url);
}

function askForUrl(remembered: string | undefined, suggested = remembered ?? DEFAULT_URL): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('VoiceML: Simulate Call'),
    prompt: vscode.l10n.t('The webhook URL of your server running on this machine (it is remembered for this workspace)'),
    value: suggested,
    placeHolder: 'http://127.0.0.1:3000/ivr/enter',
    ignoreFocusOut: true,
    validateInput: (value) => (/^https?:\/\/\S+$/.test(value.trim()) ? undefined : vscode.l10n.t('A URL such as http://127.0.0.1:3000/ivr/enter')),
  });
}

function runInTerminal(context: vscode.ExtensionContext, url: string): Promise<SimulateCallResult> {
  const cli = context.asAbsolutePath('dist/cli/voiceml.js');
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  let child: ChildProcessWithoutNullStreams | undefined;
  let ended = false;
  /** Keys typed (or sent with `terminal.sendText`) before the terminal opened: the call gets them first. */
  let early = '';
  let resolveResult: (result: SimulateCallResult) => void;
  const result = new Promise<SimulateCallResult>((resolve) => (resolveResult = resolve));
  // The terminal wants CR LF; the CLI writes LF (and CR alone to redraw a prompt line).
  const toTerminal = (text: string): void => write.fire(text.replace(/\r?\n/g, '\r\n'));

  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    open() {
      const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.scheme === 'file' ? vscode.workspace.workspaceFolders[0].uri.fsPath : undefined;
      child = spawn(process.execPath, [cli, 'call', '--interactive', '--locale', vscode.env.language, url], {
        cwd,
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', FORCE_COLOR: '1' },
      });
      child.stdout.setEncoding('utf8');
      child.stderr.setEncoding('utf8');
      child.stdout.on('data', toTerminal);
      child.stderr.on('data', toTerminal);
      child.on('error', (error) => {
        toTerminal(`${error.message}\n`);
        finish(null);
      });
      child.on('close', (code) => finish(code));
      if (early) child.stdin.write(early);
    },
    handleInput(data) {
      if (ended) close.fire();
      else if (child) child.stdin.write(data);
      else early += data;
    },
    close() {
      if (!ended) child?.kill();
    },
  };

  function finish(exitCode: number | null): void {
    if (ended) return;
    ended = true;
    toTerminal(`\n${vscode.l10n.t('[the call simulator ended with exit code {0}; press any key to close the terminal]', String(exitCode))}\n`);
    resolveResult({ exitCode });
  }

  const terminal = vscode.window.createTerminal({ name: vscode.l10n.t('VoiceML Call'), pty, iconPath: new vscode.ThemeIcon('call-outgoing') });
  terminal.show();
  return result;
}
