/**
 * Route paths and target URLs: joining a router's prefixes with a route's path, reading a route pattern as its
 * framework writes parameters (`/ivr/:step`, `/gather/<int:n>`, `/a/{id}`, `/docs/{p:path}`, Next.js
 * `[id]` and `[...slug]`), matching a target's path against it, and reading the path a target URL asks for.
 */

export type Segment = { kind: 'literal'; text: string } | { kind: 'parameter'; optional: boolean } | { kind: 'rest' };

/** A route path read as segments. */
export interface Pattern {
  segments: Segment[];
  /** True when every segment is literal: the path can be looked up by its text. */
  literal: boolean;
}

/** `/ivr/` + `/lang/` → `/ivr/lang`: one slash between parts, a leading one, none at the end (but for the root). */
export function joinPaths(...parts: string[]): string {
  // Each segment added as it is met: no lists of the parts' segments (a step's path is joined at every open).
  let path = '';
  for (const part of parts) {
    let start = 0;
    for (let i = 0; i <= part.length; i++) {
      if (i < part.length && part.charCodeAt(i) !== SLASH) continue;
      if (i > start) path += '/' + part.slice(start, i);
      start = i + 1;
    }
  }
  return path === '' ? '/' : path;
}

const SLASH = 0x2f;

/** The path's segments, without empty ones (`/a//b/` → `a`, `b`): Express, Flask and FastAPI match so. */
export function segmentsOf(path: string): string[] {
  const segments: string[] = [];
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i < path.length && path.charCodeAt(i) !== SLASH) continue;
    if (i > start) segments.push(path.slice(start, i));
    start = i + 1;
  }
  return segments;
}

/** A route path as a pattern; `framework` tells how parameters are written. */
export function patternOf(path: string): Pattern {
  const segments = segmentsOf(path).map(segmentOf);
  return { segments, literal: segments.every((s) => s.kind === 'literal') };
}

function segmentOf(text: string): Segment {
  // A whole-segment wildcard: Express `*` and `(.*)`, Express 5 `*splat`, Flask `<path:p>`, FastAPI `{p:path}`,
  // Next.js `[...slug]` and `[[...slug]]`.
  const rest =
    text.startsWith('*') ||
    text === '(.*)' ||
    (text.startsWith('<path:') && text.endsWith('>')) ||
    (text.startsWith('{') && text.endsWith(':path}')) ||
    ((text.startsWith('[...') || text.startsWith('[[...')) && text.endsWith(']'));
  if (rest) return { kind: 'rest' };
  // A parameter anywhere in the segment (`:id`, `:id?`, `<int:id>`, `{id}`, `[id]`, `file.:ext`, a regular
  // expression group): the segment matches any text.
  if (text.includes(':') || text.includes('<') || text.includes('{') || text.includes('[') || text.includes('(') || text.includes('*')) {
    return { kind: 'parameter', optional: text.endsWith('?') || text.startsWith('{/') };
  }
  return { kind: 'literal', text };
}

/** Does `pattern` match the path `segments` exactly? */
export function matches(pattern: Pattern, segments: readonly string[]): boolean {
  return matchFrom(pattern.segments, 0, segments, 0);
}

/** Does `pattern` match the last segments of `segments` (a route whose prefix is unknown; a target whose front is)? */
export function matchesTail(pattern: Pattern, segments: readonly string[]): boolean {
  for (let start = 0; start <= segments.length; start++) if (matchFrom(pattern.segments, 0, segments, start)) return true;
  return false;
}

/** Does the end of `pattern` match all of `tail` (a target whose front is unknown)? */
export function endsWith(pattern: Pattern, tail: readonly string[]): boolean {
  const n = pattern.segments.length;
  for (let start = 0; start <= n; start++) if (matchFrom(pattern.segments, start, tail, 0)) return true;
  return false;
}

function matchFrom(pattern: readonly Segment[], p: number, segments: readonly string[], s: number): boolean {
  if (p === pattern.length) return s === segments.length;
  const segment = pattern[p]!;
  if (segment.kind === 'rest') {
    for (let next = s; next <= segments.length; next++) if (matchFrom(pattern, p + 1, segments, next)) return true;
    return false;
  }
  if (segment.kind === 'parameter' && segment.optional && matchFrom(pattern, p + 1, segments, s)) return true;
  if (s === segments.length) return false;
  if (segment.kind === 'literal' && segment.text !== segments[s]) return false;
  return matchFrom(pattern, p + 1, segments, s + 1);
}

/** The literal segments before the first parameter: what a route's path says for certain. */
export function literalPrefix(pattern: Pattern): string[] {
  const out: string[] = [];
  for (const segment of pattern.segments) {
    if (segment.kind !== 'literal') break;
    out.push(segment.text);
  }
  return out;
}

/**
 * The path a target URL asks for: an absolute URL's path (its host is the user's public address, not ours to
 * judge), a path as it is, a relative one against `base` (the route that answered). Query and fragment left
 * out, percent-escapes decoded. Undefined when it cannot be told (a relative URL without a base, a bad URL).
 */
export function pathOfUrl(url: string, base?: string): string | undefined {
  const trimmed = url.trim();
  if (trimmed === '') return undefined;
  let parsed: URL;
  try {
    if (hasScheme(trimmed)) {
      parsed = new URL(trimmed);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    } else if (trimmed.startsWith('/')) {
      parsed = new URL(trimmed, 'http://host');
    } else {
      if (base === undefined) return undefined;
      parsed = new URL(trimmed, 'http://host' + base);
    }
  } catch {
    return undefined;
  }
  try {
    return joinPaths(decodeURIComponent(parsed.pathname));
  } catch {
    return joinPaths(parsed.pathname);
  }
}

/**
 * For a URL whose front is unknown (`${process.env.BASE_URL}/ivr/lang`): the path its known end asks for, when
 * that end is a whole path (starts with `/` and holds at least one segment). Query and fragment left out.
 */
export function tailPathOf(tail: string): string | undefined {
  if (!tail.startsWith('/')) return undefined;
  const path = joinPaths(withoutQuery(tail));
  return path === '/' ? undefined : path;
}

/** The path a Next.js route handler file serves: `app/ivr/[step]/route.ts` → `/ivr/[step]`; `pages/api/x.ts` → `/api/x`. */
export function fileRoutePath(file: string, exported: string): string | undefined {
  const parts = file.split('/');
  const name = parts[parts.length - 1]!;
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  if (exported !== 'default') {
    // App Router: `…/app/<segments>/route.ts`, under the project's `app` (or `src/app`) folder.
    const app = parts.lastIndexOf('app');
    if (stem !== 'route' || app < 0 || app >= parts.length - 1) return undefined;
    // Route groups `(name)` and parallel slots `@name` are not part of the URL; private folders `_x` are not routes.
    const segments = parts.slice(app + 1, -1);
    if (segments.some((s) => s.startsWith('_'))) return undefined;
    return joinPaths(...segments.filter((s) => !(s.startsWith('(') && s.endsWith(')')) && !s.startsWith('@')));
  }
  // Pages Router API routes: `…/pages/api/<path>.ts`, `index` for the folder itself.
  const pages = parts.lastIndexOf('pages');
  if (pages < 0 || parts[pages + 1] !== 'api') return undefined;
  const segments = [...parts.slice(pages + 1, -1), stem === 'index' ? '' : stem];
  return joinPaths(...segments);
}

/** Does the text start with a URL scheme (`https:`, `wss:`, `mailto:`)? */
function hasScheme(text: string): boolean {
  const colon = text.indexOf(':');
  if (colon < 1) return false;
  for (let i = 0; i < colon; i++) {
    const c = text[i]!.toLowerCase();
    const letter = c >= 'a' && c <= 'z';
    if (!(letter || (i > 0 && ((c >= '0' && c <= '9') || c === '+' || c === '.' || c === '-')))) return false;
  }
  return true;
}

/** The text before a query (`?`) or fragment (`#`). */
function withoutQuery(text: string): string {
  for (let i = 0; i < text.length; i++) if (text[i] === '?' || text[i] === '#') return text.slice(0, i);
  return text;
}
