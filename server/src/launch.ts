/**
 * The `voiceml-language-server` command (`dist/server/server.js`, what editors start): runs the server —
 * `main.js` beside this file, the bundle of `server.ts` — from a V8 code cache of it when one is kept
 * (`codeCache.ts`). Compiling the 860 KB bundle was ~30 ms of the ~190 ms from spawn to the answer to
 * `initialize`. The cache is written `WRITE_AFTER` after the start (with what the warm-up and the first documents
 * compiled by then), or when the server exits, if that comes first.
 */
import * as path from 'node:path';
import { requireCached } from './codeCache';

const WRITE_AFTER = 10_000;

requireCached(path.join(__dirname, 'main.js'), 'server', 'server', WRITE_AFTER);
