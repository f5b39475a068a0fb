/**
 * One webhook request, as the platform sends it: the parameters as an `application/x-www-form-urlencoded`
 * body (POST) or as the query string (GET), to a server on this machine only. The answer is read up to the
 * response budget and no further, so a runaway server costs bounded memory.
 */
import * as http from 'node:http';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns';
import { webhook, type Method } from '../model/webhook';

/** How long the simulator waits for a response (headers and body) before it counts as failed. */
export const REQUEST_TIMEOUT_MS = 15_000;

export interface Exchange {
  method: Method;
  /** The URL requested (for GET with the parameters in the query). */
  url: string;
  params: Record<string, string>;
  /** Milliseconds from sending to the last byte read. */
  ms: number;
  /** Absent when no response came (`error` says why). */
  response?: {
    status: number;
    statusText: string;
    /** The `Content-Type` header as sent, or '' when there was none. */
    contentType: string;
    body: string;
    /** Bytes read; when `overBudget`, the reading stopped just past the budget. */
    bytes: number;
    overBudget: boolean;
  };
  /** Why there is no response: timeout, reset … (the system's words). */
  error?: string;
  /** The system's code for it (`ECONNREFUSED` …), when there is one. */
  errorCode?: string;
}

/** True for a host name or address on this machine: `localhost`, `*.localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  const lower = host.toLowerCase();
  return lower === 'localhost' || lower.endsWith('.localhost');
}

/** Name resolution that answers loopback addresses only, so a name can never lead the simulator off this machine. */
export const loopbackLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 0);
    const local = addresses.filter((a) => isLoopbackHost(a.address));
    if (local.length === 0) {
      const refused = Object.assign(new Error(`${hostname} does not resolve to this machine`), { code: 'ENOTLOCAL' });
      return callback(refused, '', 0);
    }
    if (options.all) return (callback as unknown as (e: null, a: typeof local) => void)(null, local);
    callback(null, local[0]!.address, local[0]!.family);
  });
};

/** Sends one request and reads its response within `maxBytes` (default: the platform's response budget). */
export function send(url: URL, method: Method, params: Record<string, string>, options: { maxBytes?: number; timeoutMs?: number; userAgent?: string; signal?: AbortSignal } = {}): Promise<Exchange> {
  const maxBytes = options.maxBytes ?? webhook.response.maxBytes;
  const form = new URLSearchParams(params).toString();
  const target = requestUrl(url, method, params);
  const exchange: Exchange = { method, url: target.href, params, ms: 0 };
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      exchange.ms = Math.round(performance.now() - started);
      resolve(exchange);
    };
    const headers: http.OutgoingHttpHeaders = { 'User-Agent': options.userAgent ?? 'voiceml-call' };
    if (method === 'POST') {
      headers['Content-Type'] = webhook.request.contentType;
      headers['Content-Length'] = Buffer.byteLength(form);
    }
    const request = http.request(target, { method, headers, lookup: loopbackLookup, timeout: options.timeoutMs ?? REQUEST_TIMEOUT_MS, ...(options.signal ? { signal: options.signal } : {}) }, (response) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      let overBudget = false;
      const done = (): void => {
        const contentType = response.headers['content-type'] ?? '';
        exchange.response = {
          status: response.statusCode ?? 0,
          statusText: response.statusMessage ?? '',
          contentType,
          body: decode(Buffer.concat(chunks), contentType),
          bytes,
          overBudget,
        };
        finish();
      };
      response.on('data', (chunk: Buffer) => {
        if (overBudget) return;
        bytes += chunk.length;
        if (bytes > maxBytes) {
          overBudget = true;
          chunks.push(chunk.subarray(0, Math.max(0, chunk.length - (bytes - maxBytes))));
          done();
          response.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', done);
      response.on('error', (error) => {
        if (overBudget) return;
        exchange.error = error.message;
        finish();
      });
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error(`no response within ${(options.timeoutMs ?? REQUEST_TIMEOUT_MS) / 1000} s`), { code: 'ETIMEDOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      exchange.error = error.message;
      if (error.code) exchange.errorCode = error.code;
      finish();
    });
    request.end(method === 'POST' ? form : undefined);
  });
}

/** The URL a request goes to: for GET with the parameters appended to the query. */
export function requestUrl(url: URL, method: Method, params: Readonly<Record<string, string>>): URL {
  const target = new URL(url.href);
  if (method === 'GET') for (const [name, value] of Object.entries(params)) target.searchParams.append(name, value);
  return target;
}

/** The body as text, in the charset the Content-Type names when the runtime knows it, else UTF-8. */
function decode(bytes: Buffer, contentType: string): string {
  const parameter = contentType
    .split(';')
    .slice(1)
    .map((p) => p.trim())
    .find((p) => p.toLowerCase().startsWith('charset='));
  const charset = parameter?.slice('charset='.length).trim().replaceAll('"', '') || undefined;
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
