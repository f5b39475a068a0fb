/**
 * Reading ahead of the checking (`server/src/cli/readAhead.ts`) with the built reader thread (`out/test/cli/
 * reader.js`): every file's text as the checking thread reads it, each once and in order, whoever read it; files
 * left to the checking thread; a reader that cannot start or stops answering.
 */
import { describe, test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isXmlFile, readSource, type ReadResult } from '../../server/src/cli/files';
import { readAhead } from '../../server/src/cli/readAhead';
import { BUILT } from '../support/built';

const READER = `${BUILT}cli/reader.js`;

describe('reading ahead', () => {
  let dir: string;
  let files: string[];
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'voiceml-read-ahead-'));
    files = [];
    const add = (name: string, content?: string | Buffer): void => {
      if (content !== undefined) writeFileSync(join(dir, name), content);
      files.push(join(dir, name));
    };
    // Among the first files, one of each kind the reader leaves to the checking thread or tells apart.
    add('a-empty.xml', '');
    add('a-large.xml', `<Response><Say>${'안녕하세요 '.repeat(60_000)}</Say></Response>\n`);
    add('a-missing.xml');
    mkdirSync(join(dir, 'a-folder.xml'));
    files.push(join(dir, 'a-folder.xml'));
    execFileSync('mkfifo', [join(dir, 'a-pipe.xml')]);
    files.push(join(dir, 'a-pipe.xml'));
    add('a-euc.xml', Buffer.concat([Buffer.from('<Response>\n  <Say>'), Buffer.from([0xc7, 0xd1]), Buffer.from('</Say>\n</Response>\n')]));
    add('a-declared.xml', Buffer.concat([Buffer.from('<?xml version="1.0" encoding="EUC-KR"?>\n<Response><Say>'), Buffer.from([0xc7, 0xd1]), Buffer.from('</Say></Response>\n')]));
    add('a-utf16.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<Response><Say>한국어</Say></Response>\n', 'utf16le')]));
    add('a-declared.py', Buffer.concat([Buffer.from('<?xml version="1.0" encoding="EUC-KR"?>\nx = "'), Buffer.from([0xc7, 0xd1]), Buffer.from('"\n')]));
    for (let i = 0; i < 200; i++) add(`f${String(i).padStart(3, '0')}.xml`, `<Response><Say>응답 ${i}</Say>${'<Pause/>'.repeat(i)}</Response>\n`);
  });

  /** Each file's size when it is a regular file (as `checkFiles` gives them), else -1. */
  const sizesOf = (): Float64Array =>
    Float64Array.from(files, (file) => {
      try {
        const info = statSync(file);
        return info.isFile() ? info.size : -1;
      } catch {
        return -1;
      }
    });

  /** Every file taken in order, and the files the checking thread read itself. */
  async function takeAll(script: string, sizes: Float64Array, pause: number): Promise<{ results: ReadResult[]; here: number[] }> {
    const here: number[] = [];
    const reading = readAhead(script, files, isXmlFile, sizes, (i) => {
      here.push(i);
      return readSource(files[i]!, sizes[i]! >= 0 ? sizes[i] : undefined);
    });
    try {
      // Time for the reader to start and read ahead.
      await sleep(pause);
      return { results: files.map((_, i) => reading.take(i)), here };
    } finally {
      reading.close();
    }
  }

  for (const [name, sized] of [
    ['sizes known', true],
    ['sizes not known', false],
  ] as const) {
    test(`${name}: every text as read here, some by the reader, those it leaves by this thread`, async () => {
      const sizes = sized ? sizesOf() : new Float64Array(files.length).fill(-1);
      const { results, here } = await takeAll(READER, sizes, 1000);
      assert.deepEqual(results, files.map((file) => readSource(file)));
      // The reader (at the lowest priority: how many it reads ahead depends on the machine's load) sent some; the
      // empty and the large file are always read here.
      assert.ok(here.length < files.length - 8, `${here.length} of ${files.length} read here`);
      assert.deepEqual(here.slice(0, 2), [0, 1]);
      assert.ok(results[1]!.ok && results[1]!.text.length > 256 * 1024);
      assert.ok(!results[2]!.ok && !results[2]!.skipped);
      assert.ok(!results[4]!.ok && results[4]!.skipped);
      assert.ok(results[5]!.ok && results[5]!.encoding?.encoding === 'UTF-8');
    });
  }

  test('a reader that cannot start: every file read here', async () => {
    const sizes = sizesOf();
    const { results, here } = await takeAll(join(dir, 'no-such-reader.js'), sizes, 200);
    assert.deepEqual(results, files.map((file) => readSource(file)));
    assert.equal(here.length, files.length);
  });

  test('a reader that claims files and stops answering: those files read here, and the rest', async () => {
    const silent = join(dir, 'silent-reader.js');
    // Claims the first 16 files (the counter of the next file to claim is the first of the shared state) and ends.
    writeFileSync(silent, "const { workerData } = require('node:worker_threads');\nAtomics.add(workerData.state, 0, 16);\n");
    const sizes = sizesOf();
    const started = performance.now();
    const { results, here } = await takeAll(silent, sizes, 500);
    assert.deepEqual(results, files.map((file) => readSource(file)));
    assert.equal(here.length, files.length);
    // Not waited for long, nor once for each of its files.
    assert.ok(performance.now() - started < 500 + 1000, `${performance.now() - started} ms`);
  });
});
