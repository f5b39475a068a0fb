/** Builds call-flow indexes from files given as texts, or from a folder of fixtures on disk. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FlowIndex } from '../../server/src/flow/index';
import { languageIdOfFile } from '../../server/src/hosts';
import { splitIvr } from './splitIvr.mjs';

/** The root the in-memory workspaces pretend to live in. */
export const ROOT = '/ws';

export function uriOf(file: string): string {
  return pathToFileURL(path.posix.join(ROOT, file)).href;
}

/** An index of `files` (relative path → text), all analysed. */
export function indexOf(files: Readonly<Record<string, string>>): FlowIndex {
  const index = new FlowIndex();
  for (const [file, text] of Object.entries(files)) index.update(uriOf(file), text, languageIdOfFile(file) ?? 'xml');
  index.work(Infinity);
  return index;
}

export const FIXTURES = fileURLToPath(new URL('../fixtures/flow/', import.meta.url));

/** The reference's IVR example split over two files (see `splitIvr.mjs`). */
export function expressIvr(): Record<string, string> {
  return splitIvr();
}

/** The files of a fixture workspace: `express-ivr` (made from the reference), or a folder under `fixtures/flow/`. */
export function workspaceFiles(name: string): Record<string, string> {
  return name === 'express-ivr' ? expressIvr() : fixtureFiles(name);
}

/** Writes files into a new temporary folder; its path. */
export function writeWorkspace(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'voiceml-flow-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

/** Every file under a fixture folder, by path relative to it. */
export function fixtureFiles(folder: string): Record<string, string> {
  const root = path.join(FIXTURES, folder);
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(root, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}

/** The steps of an index as `from → to [label]` lines, sorted: what a picture of the flow shows. */
export function stepLines(index: FlowIndex): string[] {
  return index
    .steps()
    .flatMap((step) => {
      const label = [step.target.verb, ...step.when.map((w) => (w.equals ? w.equals.join(',') : `not ${w.otherThan!.join(',')}`))].join(' ');
      const from = step.from.length > 0 ? [...new Set(step.from.map((r) => `${r.prefixKnown ? '' : '…'}${r.path}`))] : ['(no route)'];
      const to = step.to.length > 0 ? [...new Set(step.to.map((r) => `${r.prefixKnown ? '' : '…'}${r.path}`))] : [step.resolution === 'path' ? `${step.path} (missing)` : `? ${step.target.written}`];
      return from.flatMap((f) => to.map((t) => `${f} → ${t} [${label}]`));
    })
    .sort();
}

/** The routes of an index as `METHODS path` lines (`…` before a path whose prefix is unknown), sorted. */
export function routeLines(index: FlowIndex): string[] {
  return index
    .routes()
    .map((r) => `${r.methods.join(',')} ${r.prefixKnown ? '' : '…'}${r.path ?? '?'}`)
    .sort();
}
