/** Searches over ordered things and texts (`document/search.ts`). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { NextOccurrence } from '../../server/src/document/search';
import { prng } from '../support/random';

/** The next `character` at or after `pos` by reading every character from there: what `after` must answer. */
function reading(text: string, character: string, pos: number): number {
  for (let i = pos; i < text.length; i++) if (text[i] === character) return i;
  return text.length;
}

describe('NextOccurrence', () => {
  test('the next occurrence at or after an offset, the length of the text when there is none', () => {
    const next = new NextOccurrence('a\\b\\\\c', '\\');
    assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map((pos) => next.after(pos)), [1, 1, 3, 3, 4, 6, 6]);
    assert.equal(new NextOccurrence('', '`').after(0), 0);
    assert.equal(new NextOccurrence('abc', '`').after(1), 3);
  });

  test('the same answers as reading the text, however the offsets asked move: forward, back a little, back far, past the end', () => {
    const random = prng(16);
    for (let round = 0; round < 300; round++) {
      const length = random.int(60);
      let text = '';
      for (let i = 0; i < length; i++) text += random.pick(['a', 'a', 'a', '$', '`', '안']);
      const character = random.pick(['$', '`']);
      const next = new NextOccurrence(text, character);
      let pos = 0;
      for (let step = 0; step < 40; step++) {
        const move = random.int(4);
        pos = move === 0 ? random.int(length + 1) : move === 1 ? Math.max(0, pos - random.int(5)) : Math.min(length, pos + random.int(8));
        assert.equal(next.after(pos), reading(text, character, pos), `round ${round}: ${JSON.stringify(text)} '${character}' from ${pos}`);
      }
    }
  });
});
