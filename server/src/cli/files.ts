/**
 * The files `voiceml lint` checks: patterns expanded to paths, each path's language id, reading a file. Kept
 * apart from the checking so the worker threads (`run.ts`) and the main thread share it.
 */
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { Localized } from '../l10n';
import { hosts, languageIdOfFile } from '../hosts';

/**
 * Never searched by a glob: dependencies and build output hold other people's XML and bundled copies of our
 * own templates. A path named explicitly is always checked.
 */
export const DEFAULT_IGNORES: readonly string[] = ['**/node_modules/**', '**/dist/**'];

/**
 * The language id the editor gives a file, from its name (see `Host.fileEndings`): the same checks run on the
 * same text. Undefined for a file no host reads (`.php`, `.rb`, `.md` …): it is skipped, never read as XML.
 */
export function languageIdOf(file: string): string | undefined {
  return languageIdOfFile(file);
}

/** A glob for every file a host reads: `**\/*.{cjs,js,…,xml}` (template endings such as `.xml.j2` by their last part). */
const KNOWN_FILES = `**/*.{${[...new Set(hosts.flatMap((host) => Object.keys(host.fileEndings).map((ending) => ending.slice(ending.lastIndexOf('.') + 1))))].sort().join(',')}}`;

export interface Expanded {
  /** Every file, once each, sorted. */
  files: string[];
  /** Patterns that matched nothing. */
  unmatched: string[];
}

/** Files named by `patterns`: globs expanded (relative to `cwd`, default ignores applied), plain paths as given. */
export async function expandPatterns(patterns: readonly string[], cwd: string): Promise<Expanded> {
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    if (!isDynamicPattern(pattern)) {
      files.add(pattern);
      continue;
    }
    const matches = await glob(pattern, { cwd, absolute: false, dot: false, ignore: [...DEFAULT_IGNORES] });
    if (matches.length === 0) unmatched.push(pattern);
    for (const match of matches) files.add(match);
  }
  return { files: [...files].sort(compareFiles), unmatched };
}

/**
 * The files `voiceml lint` checks for `patterns`: as `expandPatterns`, and a directory as every file under it
 * that a host reads (as ESLint does). Files named or matched of a kind no host reads (`.php`, `.rb` …) are
 * `skipped`, sorted: never read as XML.
 */
export async function lintTargets(patterns: readonly string[], cwd: string): Promise<Expanded & { skipped: string[] }> {
  const directories = patterns.filter((pattern) => !isDynamicPattern(pattern) && isDirectory(path.resolve(cwd, pattern)));
  const { files: named, unmatched } = await expandPatterns(
    patterns.filter((pattern) => !directories.includes(pattern)),
    cwd,
  );
  const files = new Set(named.filter((file) => languageIdOf(file) !== undefined));
  const skipped = named.filter((file) => languageIdOf(file) === undefined);
  for (const directory of directories) {
    const matches = await glob(KNOWN_FILES, { cwd: path.resolve(cwd, directory), absolute: false, dot: false, ignore: [...DEFAULT_IGNORES] });
    const known = matches.map((match) => path.join(directory, match)).filter((file) => languageIdOf(file) !== undefined);
    if (known.length === 0) unmatched.push(directory);
    for (const file of known) files.add(file);
  }
  return { files: [...files].sort(compareFiles), unmatched, skipped };
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false; // missing or unreadable: named as it is, and reported when read
  }
}

/** Output order: by path, code unit by code unit, so every run and every machine lists files alike. */
export function compareFiles(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export type ReadResult = { ok: true; text: string } | { ok: false; reason: Localized };

/** Decodes as UTF-8 (invalid bytes become U+FFFD) and drops a byte order mark, as editors do. */
const decoder = new TextDecoder('utf-8');

/**
 * Synchronous on purpose: each file is read whole before it is checked, and for the many small files of a
 * tree the thread-pool round trips of the promise API (stat, open, fstat, read, close) cost more than the
 * reading itself — several times more once worker threads share that pool.
 */
export function readSource(file: string): ReadResult {
  try {
    const info = statSync(file);
    if (info.isDirectory()) {
      return { ok: false, reason: { ko: '디렉터리입니다 (glob을 쓰세요, 예: "dir/**/*.xml")', en: 'is a directory (use a glob, e.g. "dir/**/*.xml")' } };
    }
    return { ok: true, text: decoder.decode(readFileSync(file)) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason: Localized =
      code === 'ENOENT'
        ? { ko: '파일이 없습니다', en: 'no such file' }
        : code === 'EACCES' || code === 'EPERM'
          ? { ko: '읽을 권한이 없습니다', en: 'permission denied' }
          : { ko: '읽을 수 없습니다', en: 'cannot be read' };
    return { ok: false, reason };
  }
}
