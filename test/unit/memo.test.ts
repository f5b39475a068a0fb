import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Memo } from '../../server/src/memo';

test('a value kept on an object: set, read, replaced, deleted; each memo its own', () => {
  const memory = new Memo<object, string>('memory');
  const findings = new Memo<object, number>('findings');
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
  assert.equal(memory.get([]), undefined, 'another object has nothing kept');
  assert.equal(memory.delete(regions), true);
  assert.equal(memory.delete(regions), false);
  assert.equal(memory.get(regions), undefined);
  assert.equal(findings.get(regions), 7);
});

test('what is kept on an object is not listed with its own keys nor serialised', () => {
  const memo = new Memo<object, { big: number[] }>('memory');
  const regions = [1, 2];
  const record = { offset: 3 };
  memo.set(regions, { big: [4] });
  memo.set(record, { big: [5] });
  assert.deepEqual(Object.keys(regions), ['0', '1']);
  assert.deepEqual(Object.keys(record), ['offset']);
  assert.equal(JSON.stringify(regions), '[1,2]');
  assert.equal(JSON.stringify(record), '{"offset":3}');
  assert.equal(memo.get(regions.slice()), undefined, 'a copy of the elements has nothing kept');
  assert.deepEqual([...regions], [1, 2]);
});

test('what is kept hidden on an object is not copied by spreading nor compared either', () => {
  const memo = new Memo<object, { big: number[] }>('memory', { hidden: true });
  const regions = [1, 2];
  const record = { offset: 3 };
  memo.set(regions, { big: [4] });
  memo.set(record, { big: [5] });
  memo.set(record, { big: [6] });
  assert.deepEqual(memo.get(record), { big: [6] });
  assert.deepStrictEqual(regions, [1, 2]);
  assert.deepStrictEqual(record, { offset: 3 });
  assert.equal(memo.get({ ...record }), undefined);
  assert.equal(memo.delete(record), true);
  assert.equal(memo.get(record), undefined);
});

test('a value kept on an object nothing holds is let go by a young-generation collection, where a WeakMap keeps it', () => {
  const surviving = (kind: string): number => {
    const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL('../support/scavenged.ts', import.meta.url)), kind], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    return Number(result.stdout);
  };
  const viaMap = surviving('weakmap');
  const viaMemo = surviving('memo');
  assert.ok(viaMap > 300_000, `the WeakMap's value survived the scavenge (${viaMap} bytes): what Memo is for`);
  assert.ok(viaMemo < 50_000, `the value kept on the object was let go (${viaMemo} bytes survived)`);
});
