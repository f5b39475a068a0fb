/**
 * Where the tests find the built server and CLI: `out/test/`, which `npm test` builds (`scripts/build.mjs --out
 * out/test`). Not `dist/`: that holds what `npm run package` built — the production bundles and the .vsix — and
 * a test run must leave it as it was.
 */
import { fileURLToPath } from 'node:url';

export const BUILT = fileURLToPath(new URL('../../out/test/', import.meta.url));
/**
 * The code caches of the test build's CLI and server (`server/src/cli/launch.ts`, `server/src/launch.ts`) are
 * kept with it, not in the user's cache folder among the caches of those they run: every CLI and server a test
 * starts inherits this.
 */
process.env.XDG_CACHE_HOME = `${BUILT}cache`;
/** The command that starts the server (it runs `SERVER_BUNDLE` from a code cache). */
export const SERVER = `${BUILT}server/server.js`;
/** The server's code. */
export const SERVER_BUNDLE = `${BUILT}server/main.js`;
export const CLI = `${BUILT}cli/voiceml.js`;
