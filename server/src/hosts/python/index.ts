/**
 * The Python host: VoiceML in string literals, as Flask, FastAPI and Django webhooks write it — triple-quoted
 * strings, f-strings, `"…".format(…)`, `%` formatting, adjacent literals joined. `lezer.ts` loads the
 * parser, `literals.ts` reads the strings from its tree, `virtual.ts` makes each a same-length virtual
 * document, `values.ts` tells what a field may hold, and `syntax.ts` writes fixes in the literal's syntax.
 */
import type { Host } from '../host';
import { findPythonRegions } from './regions';
import { readPythonRoutes } from './routes';

export const pythonHost: Host = {
  name: 'python',
  languageIds: ['python'],
  fileEndings: { '.py': 'python', '.pyw': 'python' },
  findRegions: findPythonRegions,
  // A generated module of 20 MB is no webhook: a file over the limit is not ours to mention.
  mayBeVoiceML: () => false,
  readRoutes: readPythonRoutes,
};
