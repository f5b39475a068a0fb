/**
 * The short, seeded fuzz run of `npm test` (the full run is `npm run fuzz`, see `test/fuzz/run.ts`):
 * mutated real documents through every feature of the language service, and some through the real server
 * over stdio; then the hostile inputs of `bounds.ts`, each with its bounds asserted. No exception escapes, every answer is well-formed, and no request takes over 100 ms on inputs
 * up to 100 KB — a call over it is re-run three times and fails only if it stays over, on the clock and in
 * CPU time (one slow call on a loaded machine proves nothing). Another seed: `VOICEML_FUZZ_SEED=… npm test`.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, type TestClient } from '../support/lspClient';
import { checkBounds } from '../fuzz/bounds';
import { fuzzServer } from '../fuzz/serverFuzz';
import { describeFailure, fuzzService } from '../fuzz/serviceFuzz';
import { describe as describeTimings, type Slow } from '../fuzz/timing';

const SEED = Number(process.env.VOICEML_FUZZ_SEED ?? 20261124);
const SERVICE_DOCUMENTS = 3000;
const SERVER_DOCUMENTS = 200;

const slowReport = (slow: Slow[]): string =>
  slow
    .map((s) => `${s.feature}: ${s.ms.toFixed(1)} ms, re-runs ${s.reruns?.map((r) => r.toFixed(1)).join('/')} ms${s.cpu ? ` (CPU ${s.cpu.map((r) => r.toFixed(1)).join('/')} ms)` : ''}, ${s.bytes} bytes, document seed ${s.seed}`)
    .join('\n');

describe(`fuzzing, seed ${SEED}`, () => {
  test(`${SERVICE_DOCUMENTS} mutated documents through every feature of the language service`, (t) => {
    const result = fuzzService({ seed: SEED, documents: SERVICE_DOCUMENTS, reduceMs: 5000 });
    t.diagnostic(describeTimings(result.timings, `${result.documents} documents, seed ${SEED}`));
    assert.equal(result.failures.length, 0, `seed ${SEED}\n\n${result.failures.map(describeFailure).join('\n\n')}`);
    assert.equal(result.timings.overCeiling.length, 0, `over 100 ms also on re-run (seed ${SEED}):\n${slowReport(result.timings.overCeiling)}`);
  });

  test('hostile inputs stay within their bounds over stdio (memory, time, size and depth of the answers)', { timeout: 600_000 }, async (t) => {
    const cases = await checkBounds();
    for (const c of cases) t.diagnostic(`${c.name}: ${c.figures.join('; ')}`);
    assert.deepEqual(cases.flatMap((c) => c.failures), []);
  });

  describe('over stdio', () => {
    let client: TestClient;
    before(async () => {
      client = await startServer({ locale: 'ko' });
    });
    after(() => client.stop());

    test(`${SERVER_DOCUMENTS} mutated documents through the real server, every request`, async (t) => {
      const result = await fuzzServer(client, { seed: SEED, documents: SERVER_DOCUMENTS, reduceMs: 5000 });
      t.diagnostic(describeTimings(result.timings, `${result.documents} documents, ${result.requests} requests, seed ${SEED}`));
      assert.equal(result.documents, SERVER_DOCUMENTS);
      assert.equal(result.failures.length, 0, `seed ${SEED}\n\n${result.failures.map(describeFailure).join('\n\n')}`);
      assert.equal(result.timings.overCeiling.length, 0, `over 100 ms also on re-run (seed ${SEED}):\n${slowReport(result.timings.overCeiling)}`);
      assert.equal(client.process.exitCode, null);
    });
  });
});
