import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Attached } from '../../server/src/attached';

test('a value attached to an object: set, read, replaced, deleted; each Attached its own', () => {
  const memory = new Attached<object, string>('memory');
  const findings = new Attached<object, number>('findings');
  const regions: object = [];
  assert.equal(memory.get(regions), undefined);
  assert.equal(memory.has(regions), false);
  memory.set(regions, 'first');
  findings.set(regions, 7);
  assert.equal(memory.get(regions), 'first');
  assert.equal(memory.has(regions), true);
  memory.set(regions, 'second');
  assert.equal(memory.get(regions), 'second');
  assert.equal(findings.get(regions), 7);
  assert.equal(memory.get([]), undefined, 'another object has nothing attached');
  assert.equal(memory.delete(regions), true);
  assert.equal(memory.delete(regions), false);
  assert.equal(memory.get(regions), undefined);
  assert.equal(findings.get(regions), 7);
});

test('what is attached is not part of the object: not listed, copied, serialised or compared', () => {
  const attached = new Attached<object, { big: number[] }>('memory');
  const regions = [1, 2];
  const record = { offset: 3 };
  attached.set(regions, { big: [4] });
  attached.set(record, { big: [5] });
  assert.deepEqual(Object.keys(regions), ['0', '1']);
  assert.deepEqual(Object.keys(record), ['offset']);
  assert.equal(JSON.stringify(regions), '[1,2]');
  assert.deepEqual({ ...record }, { offset: 3 });
  assert.equal(attached.get({ ...record }), undefined);
  assert.equal(attached.get(regions.slice()), undefined);
  assert.deepStrictEqual(regions, [1, 2]);
  assert.deepStrictEqual(record, { offset: 3 });
});

test('a value attached to an object nothing holds is let go by a young-generation collection, where a WeakMap keeps it', () => {
  const surviving = (kind: string): number => {
    const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL('../support/scavenged.ts', import.meta.url)), kind], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return Number(result.stdout);
  };
  const viaMap = surviving('weakmap');
  const viaAttached = surviving('attached');
  assert.ok(viaMap > 300_000, `the WeakMap's value survived the scavenge (${viaMap} bytes): what Attached is for`);
  assert.ok(viaAttached < 50_000, `the attached value was let go (${viaAttached} bytes survived)`);
});
