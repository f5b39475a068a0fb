/**
 * The files of a workspace folder the call-flow index reads from disk: every file a host reads (JS/TS, Python,
 * VoiceML XML), found by walking the folder asynchronously (the server stays responsive) with the folders
 * that hold dependencies, build output and tool state left out. Shared by the language server and the CLI.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { languageIdOfFile } from '../hosts';
import { MAX_INDEXED_SIZE } from './index';

/** Folders never walked: dependencies, build output, virtual environments, caches, version control. */
export const IGNORED_FOLDERS: ReadonlySet<string> = new Set([
  'node_modules', 'bower_components', 'dist', 'build', 'out', '.next', '.nuxt', '.output', 'coverage', '.git', '.hg', '.svn',
  '__pycache__', '.venv', 'venv', 'env', '.tox', '.mypy_cache', '.pytest_cache', 'site-packages', '.idea', '.vscode-test', '.e2e',
]);

/** At most this many files are indexed per folder: a workspace larger than that is not a webhook app. */
export const MAX_WORKSPACE_FILES = 20_000;

/** The files under `root` that a host reads, as absolute paths, in no particular order. */
export async function* workspaceFiles(root: string, limit = MAX_WORKSPACE_FILES): AsyncGenerator<string> {
  const folders = [root];
  let count = 0;
  while (folders.length > 0) {
    const folder = folders.pop()!;
    let entries;
    try {
      entries = await fs.readdir(folder, { withFileTypes: true });
    } catch {
      continue; // gone or unreadable: nothing to index there
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!IGNORED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) folders.push(full);
      } else if (entry.isFile() && isIndexable(entry.name)) {
        yield full;
        if (++count >= limit) return;
      }
    }
  }
}

/** A file the index reads: one a host reads, and no minified bundle. */
export function isIndexable(file: string): boolean {
  const name = file.toLowerCase();
  return languageIdOfFile(file) !== undefined && !['.min.js', '.min.mjs', '.min.cjs'].some((ending) => name.endsWith(ending));
}

/** A file's text for the index, or undefined when it is gone, unreadable or too large to be webhook code. */
export async function readIndexable(file: string): Promise<string | undefined> {
  try {
    const info = await fs.stat(file);
    if (!info.isFile() || info.size > MAX_INDEXED_SIZE * 3) return undefined; // UTF-8: up to 3 bytes a character
    const text = new TextDecoder('utf-8').decode(await fs.readFile(file));
    return text.length > MAX_INDEXED_SIZE ? undefined : text;
  } catch {
    return undefined;
  }
}
