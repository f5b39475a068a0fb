/**
 * The files `voiceml lint` checks: patterns expanded to paths, each path's language id, reading a file (as
 * `read.ts` does, in the language its name says). Kept apart from the checking so the worker threads (`run.ts`)
 * and the main thread share it.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { hosts, languageIdOfFile } from '../hosts';
import { readText, type ReadResult } from './read';

export type { EncodingProblem, ReadResult } from './read';

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

/**
 * Files named by `patterns`: globs expanded (relative to `cwd`, default ignores applied), plain paths as given.
 * Folders are walked synchronously, as files are read (see `readSource`): nothing else runs meanwhile.
 */
export async function expandPatterns(patterns: readonly string[], cwd: string): Promise<Expanded> {
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    if (!isDynamicPattern(pattern)) {
      files.add(pattern);
      continue;
    }
    const matches = globSync(pattern, { cwd, absolute: false, dot: false, ignore: [...DEFAULT_IGNORES] });
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
    const matches = globSync(KNOWN_FILES, { cwd: path.resolve(cwd, directory), absolute: false, dot: false, ignore: [...DEFAULT_IGNORES] });
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

/**
 * The `file:` URL of a path (relative to the working directory), as `pathToFileURL` writes it. A folder's URL is
 * made once, and a file's name that no URL escapes (`response-1.xml`) is added to it as it is: a tree's
 * thousands of files lie in a few folders, and each URL made whole cost a tenth of checking a small file.
 */
export function fileUrlOf(file: string): string {
  const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf(path.sep)) + 1;
  const name = file.slice(cut);
  if (!PLAIN_NAME.test(name)) return pathToFileURL(path.resolve(file)).href;
  const folder = file.slice(0, cut);
  let url = folderUrls.get(folder);
  if (url === undefined) {
    // With its trailing slash, which `pathToFileURL` keeps.
    const absolute = path.resolve(folder);
    url = pathToFileURL(absolute.endsWith(path.sep) ? absolute : absolute + path.sep).href;
    folderUrls.set(folder, url);
  }
  return url + name;
}

/** A name of letters, digits, `-`, `_` and dots, not `.` or `..` alone: written in a URL as it is. */
const PLAIN_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;
const folderUrls = new Map<string, string>();

/** Output order: by path, code unit by code unit, so every run and every machine lists files alike. */
export function compareFiles(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The text of `file` (see `readText`), read as UTF-8 or, for an XML file, as its declaration says. `size`: the
 * size of a file whose status was just taken and said it is a regular file (`checkFiles` takes them all to choose
 * its threads), so that its status is not asked again.
 */
export function readSource(file: string, size?: number): ReadResult {
  return readText(file, isXmlFile(file), size);
}

export function isXmlFile(file: string): boolean {
  const languageId = languageIdOf(file);
  return languageId === 'xml' || languageId === 'voiceml';
}
