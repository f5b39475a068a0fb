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
