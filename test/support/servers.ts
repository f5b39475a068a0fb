/**
 * Real servers for the simulator's tests: the example IVR app (`examples/ivr-app/server.mjs`, its good or
 * broken variant) as a child process, and a small in-process server answering fixed responses for the
 * platform's edge cases (sizes, content types, single verbs). Plus the CLI, run asynchronously so an
 * in-process server keeps answering while it runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CLI } from './built';

export { CLI };
export const EXAMPLE_APP = fileURLToPath(new URL('../../examples/ivr-app/', import.meta.url));

export interface IvrServer {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The webhook URL, `…/ivr/enter`. */
  url: string;
  /** Everything the server printed so far (one line per request it received). */
  log(): string;
  stop(): Promise<void>;
}

export function startIvr(options: { broken?: boolean } = {}): Promise<IvrServer> {
  const child = spawn(process.execPath, [`${EXAMPLE_APP}server.mjs`, ...(options.broken ? ['--broken'] : [])], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the example server did not start: ${output}`)), 15000);
    const check = (): void => {
      const m = /on (http:\/\/127\.0\.0\.1:\d+)\/ivr\/enter/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      child.stdout!.off('data', check);
      resolve({ origin: m[1]!, url: `${m[1]}/ivr/enter`, log: () => output, stop: () => stopChild(child) });
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`the example server exited (${code}): ${output}`)));
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill();
  });
}

export interface FixedResponse {
  status?: number;
  contentType?: string;
  body: string | Buffer;
}

/** A server answering each path with its fixed response (404 for others), recording the requests it got. */
export async function startFixed(routes: Record<string, FixedResponse>): Promise<{ origin: string; requests: { method: string; url: string; body: string }[]; stop(): Promise<void> }> {
  const requests: { method: string; url: string; body: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', body });
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (!route) return void res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not here');
      res.writeHead(route.status ?? 200, { 'Content-Type': route.contentType ?? 'application/xml' }).end(route.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    stop: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the built CLI without blocking this process (English messages unless `--locale` says otherwise). */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, LANG: 'en_US.UTF-8', NO_COLOR: '1', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin.end(options.input ?? '');
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: performance.now() - started })));
}
