/**
 * Where a URL of a response is sent. The code of a webhook names its public address
 * (`https://your-server.com/ivr/menu`); the simulator talks to the server on this machine only. So:
 * - a relative URL resolves against the current request (which is local);
 * - a URL under a `--map FROM=TO` prefix has FROM replaced by TO;
 * - a URL on this machine is used as it is;
 * - any other absolute URL keeps its path and query and goes to the entry URL's origin, with one note per
 *   origin saying so (and that `--map` chooses otherwise).
 * WebSocket URLs (`<Stream url="wss://…">`) follow the same rules and are opened as plain `ws:` locally.
 */
import type { Localized } from '../l10n';
import { isLoopbackHost } from './request';

export interface UrlMapping {
  from: URL;
  to: URL;
}

export type Resolved = { url: URL; rewrittenFrom?: string } | { problem: Localized };

/** Parses `--map FROM=TO`: FROM any absolute URL (usually the public origin), TO an http:/ws: URL on this machine. */
export function parseMapping(text: string): UrlMapping | { problem: Localized } {
  const eq = text.indexOf('=');
  const from = eq > 0 ? tryUrl(text.slice(0, eq)) : undefined;
  const to = eq > 0 ? tryUrl(text.slice(eq + 1)) : undefined;
  if (!from || !to) {
    return { problem: { ko: `--map에는 FROM=TO 형식의 절대 URL 두 개를 쓰세요 (예: https://your-server.com=http://127.0.0.1:3000): ${text}`, en: `--map takes FROM=TO, two absolute URLs (e.g. https://your-server.com=http://127.0.0.1:3000): ${text}` } };
  }
  const local = checkLocal(to);
  if (local) return { problem: local };
  return { from, to };
}

/** Why `url` cannot be an address the simulator sends to, or undefined when it can (plain http/ws on this machine). */
export function checkLocal(url: URL): Localized | undefined {
  if (url.protocol !== 'http:' && url.protocol !== 'ws:') {
    return { ko: `시뮬레이터는 이 컴퓨터의 서버에 http:// 로만 요청합니다: ${url.href}`, en: `the simulator sends plain http:// requests to a server on this machine: ${url.href}` };
  }
  if (!isLoopbackHost(url.hostname)) {
    return {
      ko: `시뮬레이터는 이 컴퓨터(127.0.0.1, localhost)의 서버에만 요청합니다: ${url.href}`,
      en: `the simulator only calls a server on this machine (127.0.0.1, localhost): ${url.href}`,
    };
  }
  return undefined;
}

export class UrlResolver {
  /** Origins already rewritten to the entry's origin (each gets one note). */
  private readonly noted = new Set<string>();

  constructor(
    /** The entry URL, already local. */
    private readonly entry: URL,
    private readonly mappings: readonly UrlMapping[],
  ) {}

  /** Maps the entry URL itself (a scenario's URL may be rewritten with `--map`). */
  static mapEntry(entry: URL, mappings: readonly UrlMapping[]): URL {
    return applyMappings(entry, mappings, 'http') ?? entry;
  }

  /**
   * Where to send `raw` (an action, a Redirect or a Stream URL) found in the response to `base`. `rewrittenFrom`
   * is set the first time an origin is sent to the entry's instead (the caller notes it).
   */
  resolve(raw: string, base: URL, kind: 'http' | 'ws'): Resolved {
    const absolute = tryUrl(raw.trim(), base);
    if (!absolute) return { problem: { ko: `URL로 읽을 수 없습니다: ${raw}`, en: `not a URL: ${raw}` } };
    const mapped = applyMappings(absolute, this.mappings, kind);
    if (mapped) return { url: mapped };
    if (isLoopbackHost(absolute.hostname)) {
      const url = new URL(absolute.href);
      if (url.protocol === 'https:' || url.protocol === 'wss:') {
        return { problem: { ko: `이 컴퓨터의 서버에는 http:// 와 ws:// 로만 연결합니다 (--map으로 바꾸세요): ${raw}`, en: `servers on this machine are called over http:// and ws:// only (use --map): ${raw}` } };
      }
      return { url };
    }
    const url = new URL(absolute.pathname + absolute.search, this.entry.origin);
    if (kind === 'ws') url.protocol = 'ws:';
    const origin = absolute.origin;
    if (this.noted.has(origin)) return { url };
    this.noted.add(origin);
    return { url, rewrittenFrom: origin };
  }
}

function applyMappings(url: URL, mappings: readonly UrlMapping[], kind: 'http' | 'ws'): URL | undefined {
  for (const { from, to } of mappings) {
    // The scheme is not compared: a mapping of https://host also serves wss://host (the same server's WebSocket).
    if (url.host !== from.host) continue;
    const prefix = withoutTrailingSlash(from.pathname);
    const path = url.pathname;
    if (prefix && path !== prefix && !path.startsWith(prefix + '/')) continue;
    const rest = path.slice(prefix.length);
    const base = withoutTrailingSlash(to.pathname);
    const mapped = new URL((base + rest || '/') + url.search, to.origin);
    mapped.protocol = kind === 'ws' ? 'ws:' : 'http:';
    return mapped;
  }
  return undefined;
}

function withoutTrailingSlash(path: string): string {
  return path.endsWith('/') ? path.slice(0, -1) : path;
}

function tryUrl(text: string, base?: URL): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}
