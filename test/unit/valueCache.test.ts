/**
 * The bounded cache of what was found of values (`ValueCache`): values kept as their characters and found where
 * they stand in a text; when full, the values still looked up stay and a new one takes only the place of one
 * not looked up for a long while, so that a stream of more distinct values than it holds still finds as many as
 * it holds, and the values of a new document come in as the old ones go stale.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueCache, charCodes, hashOf, stringOf } from '../../server/src/model/valueCache';

const CAPACITY = 64;

function cache(): ValueCache<string> {
  return new ValueCache<string>(CAPACITY, 32);
}

/** Looks `value` up, and keeps it (its answer: the value in capitals) when it is not kept; whether it was found. */
function look(kept: ValueCache<string>, value: string): boolean {
  const place = kept.find(value, 0, value.length);
  if (place >= 0) {
    assert.equal(kept.answerAt(place), value.toUpperCase());
    return true;
  }
  kept.set(charCodes(value), () => value.toUpperCase());
  return false;
}

const values = (count: number, prefix = 'v'): string[] => Array.from({ length: count }, (_, i) => `/ivr/${prefix}/${i}?lang=ko`);

test('found where it stands in a text, by all of its characters; not for a part or a longer run', () => {
  const kept = cache();
  assert.equal(look(kept, '/ivr/menu/1?lang=ko'), false);
  const text = 'action="/ivr/menu/1?lang=ko" other="/ivr/menu/2?lang=ko"';
  const start = text.indexOf('/ivr');
  const place = kept.find(text, start, start + '/ivr/menu/1?lang=ko'.length);
  assert.ok(place >= 0);
  assert.equal(kept.answerAt(place), '/IVR/MENU/1?LANG=KO');
  assert.equal(stringOf(kept.charactersAt(place)), '/ivr/menu/1?lang=ko');
  // The same length, one character apart in the middle: another value.
  const other = text.lastIndexOf('/ivr');
  assert.equal(kept.find(text, other, other + '/ivr/menu/2?lang=ko'.length), -1);
  assert.equal(kept.find(text, start, start + 10), -1);
});

test('values longer than the longest kept are never kept', () => {
  const kept = cache();
  const long = `/${'x'.repeat(40)}`;
  assert.equal(kept.set(charCodes(long), () => long), false);
  assert.equal(kept.find(long, 0, long.length), -1);
  assert.equal(kept.size, 0);
});

test('more distinct values than it holds, over and over: those kept stay found, the rest are not kept', () => {
  const kept = cache();
  const stream = values(CAPACITY * 3);
  for (let pass = 0; pass < 4; pass++) {
    const found = stream.filter((value) => look(kept, value));
    // A cache cleared when full, or one evicting the least recently used, would find none of them.
    assert.deepEqual(found, pass === 0 ? [] : stream.slice(0, CAPACITY), `pass ${pass}`);
    assert.equal(kept.size, CAPACITY);
  }
});

test('the values of a new document take the places of those no longer looked up', () => {
  const kept = cache();
  const before = values(CAPACITY, 'old');
  const after = values(CAPACITY, 'new');
  for (const value of before) look(kept, value);
  // Looked up long enough, the new values come in as the old ones go stale, and then are all found.
  let passes = 0;
  while (passes < 100 && !after.map((value) => look(kept, value)).every(Boolean)) passes++;
  // A place is stale after 16 lookups per place of others: 16 passes over the new values, then one in which
  // they take the places.
  assert.equal(passes, 17);
  assert.ok(before.every((value) => kept.find(value, 0, value.length) === -1));
  assert.equal(kept.size, CAPACITY);
});

test('two values with the same hash: neither is taken for the other', () => {
  // The first pair of distinct values whose hashes are equal (found by trying, the same every run).
  const seen = new Map<number, string>();
  let pair: [string, string] | undefined;
  for (let i = 0; !pair; i++) {
    const value = `/p/${i}`;
    const hash = hashOf(value, 0, value.length);
    const other = seen.get(hash);
    if (other !== undefined) pair = [other, value];
    else seen.set(hash, value);
  }
  const [first, second] = pair;
  const kept = cache();
  assert.equal(look(kept, first), false);
  assert.equal(look(kept, second), false, 'not found: its hash is another value’s');
  assert.equal(look(kept, first), true);
  assert.equal(look(kept, second), false, 'not kept beside the first: one value per hash');
});
