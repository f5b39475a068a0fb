/**
 * Where the tests find the built server and CLI: `out/test/`, which `npm test` builds (`scripts/build.mjs --out
 * out/test`). Not `dist/`: that holds what `npm run package` built — the production bundles and the .vsix — and
 * a test run must leave it as it was.
 */
import { fileURLToPath } from 'node:url';

export const BUILT = fileURLToPath(new URL('../../out/test/', import.meta.url));
/**
 * The CLI's code cache (`server/src/cli/launch.ts`) of the test build is kept with it, not in the user's cache
 * folder among the caches of the CLI they run: every CLI a test starts inherits this.
 */
process.env.XDG_CACHE_HOME = `${BUILT}cache`;
export const SERVER = `${BUILT}server/server.js`;
export const CLI = `${BUILT}cli/voiceml.js`;
