/**
 * The JavaScript/TypeScript host: VoiceML in template literals (`regions.ts`), as Express webhooks write it.
 * `templates.ts` finds the templates, `detect.ts` decides which are VoiceML, `virtual.ts` makes each a
 * same-length virtual document, `bindings.ts` and `values.ts` tell what a `${…}` may hold, and `syntax.ts`
 * writes fixes in the file's syntax.
 */
import type { Host } from '../host';
import { findEmbeddedRegions } from './regions';
import { readScriptRoutes } from './routes';
import { SCRIPT_LANGUAGE_IDS } from './templates';

export const javascriptHost: Host = {
  name: 'javascript',
  languageIds: SCRIPT_LANGUAGE_IDS,
  fileEndings: {
    '.js': 'javascript',
    '.mjs': 'javascript',
    '.cjs': 'javascript',
    '.jsx': 'javascriptreact',
    '.ts': 'typescript',
    '.mts': 'typescript',
    '.cts': 'typescript',
    '.tsx': 'typescriptreact',
  },
  findRegions: findEmbeddedRegions,
  // Minified bundles are large and rarely hold VoiceML: a file over the limit is not ours to mention.
  mayBeVoiceML: () => false,
  readRoutes: readScriptRoutes,
};
