/**
 * Incremental equivalence (see `test/fuzz/equivalence.ts`): random sequences of incremental edits — in and
 * around tags, attribute values, template literals, backticks and `${…}` — end in exactly what a fresh open
 * of the final text gives, over stdio for `.xml`, `.ts`, `.js` and `.py` files; and on the service, its cached
 * answers equal a fresh service's after every single edit. Short here; `npm run fuzz` runs many more.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestClient } from '../support/lspClient';
import { serverEquivalence, serviceEquivalence } from '../fuzz/equivalence';

const SEED = Number(process.env.VOICEML_FUZZ_SEED ?? 20261124);

describe(`incremental equivalence, seed ${SEED}`, () => {
  let client: TestClient;
  before(async () => {
    client = await startServer({ locale: 'en' });
  });
  after(() => client.stop());

  for (const language of ['xml', 'typescript', 'javascript', 'python'] as const) {
    test(`over stdio, ${language}: edit sequences end in the diagnostics of a fresh open`, async (t) => {
      const result = await serverEquivalence(client, { seed: SEED, sequences: 2, edits: 150, languages: [language], pause: 0.03 });
      t.diagnostic(`${result.sequences} sequences, ${result.edits} didChange notifications (${result.changes} content changes), ${result.requests} requests in between`);
      assert.equal(result.sequences, 2);
      assert.deepEqual(result.failures, [], `seed ${SEED}`);
    });
  }

  test('in the service: cached answers equal a fresh service’s after every edit', (t) => {
    const result = serviceEquivalence({ seed: SEED, sequences: 30, edits: 80 });
    t.diagnostic(`${result.sequences} sequences, ${result.edits} edits, ${result.requests} comparisons`);
    assert.equal(result.failures.length, 0, `seed ${SEED}\n\n${result.failures.join('\n\n')}`);
  });
});
