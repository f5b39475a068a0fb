/** The manifest settings and the README rules table are generated from the rules registry: never stale. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expectedFiles } from '../../scripts/sync-generated';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('package.json, package.nls*.json and README.md are in sync with the rules', () => {
  for (const [file, content] of Object.entries(expectedFiles())) {
    assert.equal(readFileSync(root + file, 'utf8'), content, `${file} is stale: run node --import tsx scripts/sync-generated.ts`);
  }
});
