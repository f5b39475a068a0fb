/**
 * Run alone (`node --expose-gc --import tsx scavenged.ts memo|weakmap`): prints how many bytes of a
 * young value kept with a key no one holds survive one young-generation collection, the value kept on the key
 * (`Memo`) or in a `WeakMap` that is old, as a module's is. Alone in a fresh process, so that what the
 * collector learnt from other allocations (and what they left in the young generation) plays no part.
 */
import { getHeapSpaceStatistics } from 'node:v8';
import { Memo } from '../../server/src/memo';

const gc = (globalThis as { gc?: (options?: { type: 'minor' }) => void }).gc!;
const young = (): number => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')!.space_used_size;
const memo = new Memo<object, object[]>('memory');
const map = new WeakMap<object, object[]>();
const kind = process.argv[2];

/** What a document's memory is: many small objects, allocated young; kept with a key dropped at once. */
function keep(): void {
  const key: object = [];
  const value: object[] = [];
  for (let i = 0; i < 20_000; i++) value.push({ i });
  if (kind === 'memo') memo.set(key, value);
  else map.set(key, value);
}

// The map old, and the young generation empty.
gc();
gc();
const before = young();
keep();
gc({ type: 'minor' });
process.stdout.write(String(young() - before));
