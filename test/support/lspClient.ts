/**
 * Starts the real, built language server (`out/test/server/server.js --stdio`, see `built.ts`) and talks LSP to it as an editor
 * would. No part of the LSP layer is mocked.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { ClientCapabilities, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { SERVER } from './built';

export { SERVER };

export interface TestClient {
  connection: ProtocolConnection;
  process: ChildProcess;
  initializeResult: InitializeResult;
  /** Every publishDiagnostics received, in order. */
  published: PublishDiagnosticsParams[];
  /** The message of every window/logMessage received, in order. */
  logged: string[];
  /** Resolves with the next publishDiagnostics for `uri` that satisfies `predicate`. */
  waitForDiagnostics(uri: string, predicate?: (p: PublishDiagnosticsParams) => boolean, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** The settings the server gets from `workspace/configuration` (section `voiceml`). */
  settings: Record<string, unknown>;
  /** Everything the server wrote to stderr. */
  stderr(): string;
  stop(): Promise<void>;
}

export async function startServer(
  options: { locale?: string; configuration?: boolean; initializationOptions?: unknown; workspaceFolders?: string[]; capabilities?: ClientCapabilities; env?: Record<string, string> } = {},
): Promise<TestClient> {
  const child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const published: PublishDiagnosticsParams[] = [];
  const waiters: { uri: string; predicate: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  const client: Partial<TestClient> & { settings: Record<string, unknown> } = { settings: {} };
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    published.push(params);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.predicate(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  });
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
    params.items.map((item) => (item.section === 'voiceml' ? client.settings : null)),
  );
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('workspace/codeLens/refresh', () => null);
  connection.onNotification('voiceml/callFlowChanged', () => undefined);
  const logged: string[] = [];
  connection.onNotification('window/logMessage', (params: { message: string }) => void logged.push(params.message));
  connection.listen();
  const initializeResult = (await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: options.workspaceFolders?.[0] ?? null,
    workspaceFolders: options.workspaceFolders?.map((uri, i) => ({ uri, name: `folder${i}` })) ?? null,
    locale: options.locale,
    ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
    capabilities: {
      ...options.capabilities,
      workspace: { configuration: options.configuration ?? true, didChangeConfiguration: { dynamicRegistration: true }, ...options.capabilities?.workspace },
      textDocument: {
        publishDiagnostics: { versionSupport: true, tagSupport: { valueSet: [1, 2] } },
        synchronization: { dynamicRegistration: false },
        ...options.capabilities?.textDocument,
      },
    },
  })) as InitializeResult;
  await connection.sendNotification('initialized', {});

  return Object.assign(client, {
    connection,
    process: child,
    initializeResult,
    published,
    logged,
    stderr: () => stderr,
    waitForDiagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 5000) {
      const already = published.find((p) => p.uri === uri && predicate(p));
      if (already) return Promise.resolve(already);
      return new Promise<PublishDiagnosticsParams>((resolve, reject) => {
        // The server may die instead of answering: say so at once rather than after the time-out.
        const exited = (code: number | null, signal: string | null): void => {
          clearTimeout(timer);
          reject(new Error(`the server exited (${code ?? signal}) before publishing diagnostics for ${uri}; stderr: ${stderr.slice(-1000)}`));
        };
        const timer = setTimeout(() => {
          child.off('exit', exited);
          reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(published.filter((p) => p.uri === uri))}`));
        }, timeoutMs);
        child.once('exit', exited);
        waiters.push({ uri, predicate, resolve: (p) => (clearTimeout(timer), child.off('exit', exited), resolve(p)) });
      });
    },
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        await connection.sendNotification('exit');
      } catch {
        // the server may already be gone
      }
      connection.dispose();
      await new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => (child.kill('SIGKILL'), resolve()), 2000);
        child.once('exit', () => (clearTimeout(timer), resolve()));
      });
    },
  }) as TestClient;
}
