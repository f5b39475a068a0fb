/**
 * `npm test` leaves the packaged build alone: it builds into out/test/, and every test runs what is there;
 * dist/ keeps what `npm run package` made (the production bundles and dist/voiceml.vsix).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('npm test and npm run fuzz build into out/test, not dist', () => {
  const { scripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  for (const name of ['test', 'fuzz']) {
    assert.match(scripts[name]!, /node scripts\/build\.mjs --out out\/test &&/, name);
    assert.doesNotMatch(scripts[name]!, /npm run build|npm run package/, name);
  }
});

test('no test runs a bundle from dist/', () => {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== 'e2e' && entry !== 'fixtures') walk(path); // the real-editor tests install the packaged build on purpose
      } else if (/\.(ts|mjs|cjs)$/.test(entry)) {
        files.push(path);
      }
    }
  };
  walk(join(ROOT, 'test'));
  const offenders = files.filter((file) => /['"`][./]*dist\/(server|cli|client)\//.test(readFileSync(file, 'utf8')));
  assert.deepEqual(offenders, []);
});

test('the server and the CLI bundles find their WebAssembly beside them', () => {
  // Without it they still work (the parser reads every text, `typescript` parses every JS/TS file), only
  // slower: nothing else would tell that the build put the modules where the bundles look for them.
  for (const bundle of ['out/test/server/main.js', 'out/test/cli/main.js']) {
    const code = readFileSync(join(ROOT, bundle), 'utf8');
    const folder = /join\(__dirname, "([^"]+)", `\$\{\w+\}\.wasm`\)/.exec(code)?.[1];
    assert.ok(folder !== undefined, `${bundle}: where it looks for .wasm files`);
    for (const name of ['quickParse', 'scriptScan']) {
      const file = join(ROOT, bundle, '..', folder, `${name}.wasm`);
      assert.ok(statSync(file, { throwIfNoEntry: false })?.isFile(), `${bundle} looks for ${file}`);
    }
  }
});
