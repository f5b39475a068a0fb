/**
 * Keeps a call-flow index filled from disk, in the background: the workspace folders walked once, files read as
 * the editor reports them created, changed or deleted, a closed document's text read again from disk. Open
 * documents are the editor's to report (their unsaved text wins): a file open in the editor is not read here.
 *
 * Nothing here blocks for long: reading is asynchronous, and the index analyses waiting files in slices of a few
 * milliseconds between other work (`setImmediate`), so a request or a keystroke waits at most one slice.
 * `onChange` hears, at most once per `settleMs`, that what the index links may have changed — while folders are
 * being walked, only once they all are (a half-read workspace is no flow to show or judge by).
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { languageIdOfFile } from '../hosts';
import type { FlowIndex } from './index';
import { isIndexable, readIndexable, workspaceFiles } from './files';

/** Analysis runs in slices of this many milliseconds. */
const SLICE_MS = 8;
/** Files read from disk at the same time while a folder is walked. */
const PARALLEL_READS = 4;

export class FlowLoader {
  private working = false;
  private notify: ReturnType<typeof setTimeout> | undefined;
  private notifiedGeneration = -1;
  /** Folders walked or being walked, by path. */
  private readonly folders = new Set<string>();
  /** Folders being walked now. */
  private walking = 0;

  constructor(
    private readonly index: FlowIndex,
    private readonly isOpen: (uri: string) => boolean,
    private readonly onChange: () => void,
    private readonly settleMs = 200,
  ) {}

  /** Walks a folder and reads every file a host reads under it; resolves when all are read (not yet analysed). */
  async addFolder(uri: string): Promise<void> {
    const root = pathOf(uri);
    if (root === undefined || this.folders.has(root)) return;
    this.folders.add(root);
    this.walking++;
    try {
      // A few files read at a time: the reads wait on the disk, not on this thread.
      const reading = new Set<Promise<void>>();
      for await (const file of workspaceFiles(root)) {
        if (!this.folders.has(root)) break; // removed meanwhile
        const read: Promise<void> = this.read(pathToFileURL(file).href, file).finally(() => reading.delete(read));
        reading.add(read);
        if (reading.size >= PARALLEL_READS) await Promise.race(reading);
      }
      await Promise.all(reading);
    } finally {
      this.walking--;
      this.changed();
    }
  }

  /** Forgets the files of a folder no longer in the workspace. */
  removeFolder(uri: string): void {
    const root = pathOf(uri);
    if (root === undefined) return;
    this.folders.delete(root);
    for (const known of this.index.uris()) {
      const path = this.index.pathOf(known);
      if (path !== undefined && (path === root || path.startsWith(root.endsWith('/') ? root : root + '/')) && !this.isOpen(known)) this.index.remove(known);
    }
    this.changed();
  }

  /** A file created, changed or deleted on disk (`workspace/didChangeWatchedFiles`). */
  async fileChanged(uri: string, deleted: boolean): Promise<void> {
    if (this.isOpen(uri)) return; // the editor's text is what counts
    if (deleted) {
      this.index.remove(uri);
      this.changed();
      return;
    }
    const path = pathOf(uri);
    if (path !== undefined && isIndexable(path)) await this.read(uri, path);
  }

  /** A document was closed: its text on disk counts again (or it is gone, if it was never saved). */
  async documentClosed(uri: string): Promise<void> {
    const path = pathOf(uri);
    if (path === undefined || !isIndexable(path)) {
      this.index.remove(uri);
      this.changed();
      return;
    }
    const text = await readIndexable(path);
    if (this.isOpen(uri)) return;
    if (text === undefined) this.index.remove(uri);
    else this.index.update(uri, text, languageIdOfFile(path)!);
    this.changed();
  }

  /** Something changed in the index: analyse in the background, then tell. */
  changed(): void {
    if (!this.working) {
      this.working = true;
      setImmediate(() => this.step());
    }
  }

  private async read(uri: string, path: string): Promise<void> {
    const text = await readIndexable(path);
    if (this.isOpen(uri)) return;
    if (text === undefined) {
      if (this.index.has(uri)) this.index.remove(uri);
    } else this.index.update(uri, text, languageIdOfFile(path)!);
    this.changed();
  }

  private step(): void {
    const more = this.index.work(SLICE_MS);
    if (more) {
      setImmediate(() => this.step());
      return;
    }
    this.working = false;
    if (this.walking > 0 || this.index.generation === this.notifiedGeneration || this.notify) return;
    this.notify = setTimeout(() => {
      this.notify = undefined;
      this.notifiedGeneration = this.index.generation;
      this.onChange();
    }, this.settleMs);
  }
}

function pathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
