/**
 * The `voiceml` command: runs the CLI — `main.js` beside this file, the bundle of `voiceml.ts` — from a V8 code
 * cache of it when one is kept (`codeCache.ts`). Compiling the bundle and the functions a run calls is about a
 * tenth of `voiceml lint` on a tree of small files, and all of a short run's start. A cache per command: the
 * worker threads of `lint` are started with `lint` as theirs (see run.ts); the cache of a run is written when it
 * ends, with every function it compiled.
 */
import * as path from 'node:path';
import { requireCached } from '../codeCache';

const command = process.argv[2] ?? '';
requireCached(path.join(__dirname, 'main.js'), 'cli', ['lint', 'call', 'test', 'flow'].includes(command) ? command : 'other');
