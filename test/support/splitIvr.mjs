// The reference's IVR example (test/fixtures/ivr.js, its code as it is) split over two files, as an app is
// usually laid out: routes/ivr.js registers the routes on an Express router (`app.post('/ivr/enter', …)` becomes
// `ivr.post('/enter', …)`), and app.js mounts it with `app.use('/ivr', ivr)`. Plain JavaScript, so that the
// real-editor runners (plain Node) and the TypeScript tests share it.
import { readFileSync } from 'node:fs';

const REFERENCE = new URL('../fixtures/ivr.js', import.meta.url);
const HEADER = "const app = express();\napp.use(express.urlencoded({ extended: false }));\n";

/** `{ 'app.js': …, 'routes/ivr.js': … }`; `reference`: the text of test/fixtures/ivr.js when the caller has read it. */
export function splitIvr(reference = readFileSync(REFERENCE, 'utf8')) {
  if (!reference.includes(HEADER)) throw new Error('test/fixtures/ivr.js changed: update test/support/splitIvr.mjs');
  const routes = reference.replace(HEADER, 'export const ivr = express.Router();\n').replaceAll("app.post('/ivr/", "ivr.post('/");
  const app = [
    "import express from 'express';",
    "import { ivr } from './routes/ivr.js';",
    '',
    'const app = express();',
    'app.use(express.urlencoded({ extended: false }));',
    "app.use('/ivr', ivr);",
    'app.listen(3000);',
    '',
  ].join('\n');
  return { 'app.js': app, 'routes/ivr.js': routes };
}
