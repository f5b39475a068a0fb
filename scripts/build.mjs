// Bundles the server, the CLI and the extension with esbuild into dist/ (or `--out DIR`). `--production`
// minifies and drops source maps (what goes into the .vsix); `--bench` builds as `--production` does, so that
// `npm run bench` times the server and the CLI as they ship, and adds the benchmark; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import asc from 'assemblyscript/asc';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';

const production = process.argv.includes('--production') || process.argv.includes('--bench');
const watch = process.argv.includes('--watch');
// `--out out/test`: where `npm test` builds, so that a test run leaves `dist/` (the packaged build) alone.
const outAt = process.argv.indexOf('--out');
const outdir = outAt >= 0 ? process.argv[outAt + 1] : 'dist';
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  // Some dependencies ship only ESM that reads `import.meta.url`; in a CommonJS bundle it must be defined.
  define: { VERSION: JSON.stringify(version), 'import.meta.url': '__importMetaUrl' },
  banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
};

/**
 * `typescript` (for VoiceML in JS/TS template literals) is ~9 MB of JavaScript. Bundled into the server, just
 * compiling it would slow every server start by ~100 ms, even for `.xml` users who never need it. So it is a
 * file of its own next to the server, `require`d on first use: the server and the CLI both find it at
 * `../server/typescript.js` from their own directory.
 */
const typescriptBeside = {
  name: 'typescript-beside-the-server',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, () => ({ path: '../server/typescript.js', external: true }));
  },
};

/**
 * Our WebAssembly, compiled from AssemblyScript: the quick parser (`server/wasm/quickParse.ts`, run by
 * `server/src/parser/quick.ts`) and the scan of JS/TS files (`server/wasm/scriptScan.ts`, run by
 * `server/src/hosts/javascript/scan.ts`). Each next to its source, where the sources (the tests) load it, and
 * beside the server, where the server's and the CLI's bundles find it in `../server` from their own directory.
 */
mkdirSync(`${outdir}/server`, { recursive: true });
for (const name of ['quickParse', 'scriptScan']) {
  const wasm = `server/wasm/${name}.wasm`;
  const compiled = await asc.main([`server/wasm/${name}.ts`, '-O3', '--runtime', 'stub', '--initialMemory', '4', '--outFile', wasm], {});
  if (compiled.error) throw new Error(`${wasm} did not compile: ${compiled.stderr.toString()}`);
  copyFileSync(wasm, `${outdir}/server/${name}.wasm`);
}
const withWasm = { ...common.define, WASM_DIR: JSON.stringify('../server') };

/** For the bundles that load it (`hosts/javascript/typescript.ts`): where `typescript.js` is, from their folder. */
const withTypescript = { ...withWasm, TYPESCRIPT_BUNDLE: JSON.stringify('../server/typescript.js') };

const builds = [
  // The server: `server.js`, the command editors start, runs `main.js` (everything else) from a code cache (see launch.ts).
  { ...common, define: withTypescript, entryPoints: { 'server/main': 'server/src/server.ts' }, outdir, plugins: [typescriptBeside] },
  { ...common, entryPoints: { 'server/server': 'server/src/launch.ts' }, outdir, define: {}, banner: { js: '#!/usr/bin/env node' } },
  // The CLI: `voiceml.js`, the command, runs `main.js` (everything else) from a code cache (see launch.ts).
  { ...common, define: withTypescript, entryPoints: { 'cli/main': 'server/src/cli/voiceml.ts' }, outdir, plugins: [typescriptBeside] },
  { ...common, entryPoints: { 'cli/voiceml': 'server/src/cli/launch.ts' }, outdir, define: {}, banner: { js: '#!/usr/bin/env node' } },
  // The thread of `voiceml lint` that reads files ahead of the checking (see readAhead.ts): small, not the checker.
  { ...common, entryPoints: { 'cli/reader': 'server/src/cli/readAheadThread.ts' }, outdir, define: {}, banner: {} },
  // Minified in every build, not only the packaged one: it is not our code to debug, and 9 MB → 3.5 MB is less
  // for the first JS/TS document to read and compile.
  { ...common, minify: true, entryPoints: { 'server/typescript': 'typescript' }, outdir, define: {}, banner: {}, sourcemap: false, logLevel: 'warning' },
  { ...common, entryPoints: { 'client/extension': 'client/src/extension.ts' }, outdir, external: ['vscode'] },
  // The call-flow webview's page: a script for the browser (with its layout library) and its style sheet.
  {
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    minify: production,
    sourcemap: production ? false : 'linked',
    logLevel: 'info',
    entryPoints: [
      { in: 'client/webview/callFlow.ts', out: 'webview/callFlow' },
      { in: 'client/webview/callFlow.css', out: 'webview/callFlow' },
    ],
    outdir,
  },
];

// `--bench`: the benchmark is measured on the same bundled, minified-as-shipped code the server and the CLI run.
if (process.argv.includes('--bench')) {
  builds.push({ ...common, define: withWasm, minify: true, sourcemap: false, entryPoints: { 'bench/bench': 'bench/bench.ts' }, outdir, external: ['typescript'] });
}

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
