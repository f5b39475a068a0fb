/**
 * `npm run fuzz`: the full fuzz run, on demand (the short seeded run is part of `npm test`).
 *
 *   npm run fuzz                                   100 000 documents through the service, 3 000 through the
 *                                                  server over stdio, the incremental-equivalence sequences,
 *                                                  and the hostile inputs of bounds.ts with their bounds
 *   npm run fuzz -- --seed 7 --documents 20000     another seed, another size (also --server-documents,
 *                                                  --sequences, --server-sequences, --edits, --jobs)
 *   npm run fuzz -- --seed 7 --documents 0 --server-documents 0 --sequences 0 --from-sequence 69 --server-sequences 70
 *                                                  one edit sequence over stdio again (the one a failure names)
 *   npm run fuzz -- --replay 1974946416            one document again, every feature, failures reduced
 *   npm run fuzz -- --replay 123 --after 456       the same after the document the service saw before it
 *
 * The service documents are split over `--jobs` processes (default: one per CPU). Exits 1 on any failure.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startServer } from '../support/lspClient';
import { checkBounds } from './bounds';
import { serverEquivalence, serviceEquivalence } from './equivalence';
import { fuzzServer } from './serverFuzz';
import { describeFailure, fuzzService, reduce, replay, type ServiceFuzzResult } from './serviceFuzz';
import { describe, merge, newTimings } from './timing';

function option(name: string, fallback: number): number;
function option(name: string): number | undefined;
function option(name: string, fallback?: number): number | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value)) throw new Error(`--${name} needs a number`);
  return value;
}

const seed = option('seed', Date.now() % 1_000_000_007);
const log = (line: string): void => void process.stderr.write(line + '\n');

/** A shard: runs its share of the service documents and prints the result as JSON (the parent merges). */
function runShard(): void {
  const result = fuzzService({ seed, documents: option('documents', 100_000), shard: option('shard', 0), shards: option('shards', 1), log });
  process.stdout.write(JSON.stringify(result) + '\n');
}

function shard(index: number, count: number, documents: number): Promise<ServiceFuzzResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...process.execArgv, fileURLToPath(import.meta.url), '--shard', String(index), '--shards', String(count), '--seed', String(seed), '--documents', String(documents)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop();
      if (code !== 0 || !last) reject(new Error(`shard ${index} exited with ${code}`));
      else resolve(JSON.parse(last) as ServiceFuzzResult);
    });
  });
}

async function main(): Promise<number> {
  const replaySeed = option('replay');
  if (replaySeed !== undefined) {
    const after = option('after');
    const { doc, failures } = replay(replaySeed, after);
    console.log(`document seed ${replaySeed}: ${doc.seedName} as ${doc.languageId}, ${doc.text.length} characters\n${JSON.stringify(doc.text)}\nargs ${JSON.stringify(doc.args)}`);
    const previous = after !== undefined ? replay(after).doc.text : undefined;
    for (const f of failures) {
      console.log(`\n${f.feature}: ${f.check}\n${f.message}`);
      const reproduction = reduce(f.feature, f.check, doc.languageId, doc.text, doc.args, 30_000, previous);
      console.log(reproduction ? `reduced: ${JSON.stringify(reproduction)}` : '(does not reproduce on a fresh service)');
    }
    if (failures.length === 0) console.log('\nno failure');
    return failures.length > 0 ? 1 : 0;
  }

  const documents = option('documents', 100_000);
  const jobs = Math.max(1, option('jobs', availableParallelism()));
  const started = performance.now();
  console.log(`VoiceML fuzz run, seed ${seed} (repeat with --seed ${seed})\n`);

  // 1. The language service, in parallel shards.
  const shards = await Promise.all(Array.from({ length: jobs }, (_, i) => shard(i, jobs, documents)));
  const service = { documents: 0, timings: newTimings(), failures: [] as ServiceFuzzResult['failures'] };
  for (const s of shards) {
    service.documents += s.documents;
    merge(service.timings, s.timings);
    service.failures.push(...s.failures);
  }
  console.log(`1. language service: ${service.documents} mutated documents in ${jobs} processes, ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(describe(service.timings, '   service requests'));

  // 2. The real server over stdio.
  const client = await startServer({ locale: seed % 2 === 0 ? 'ko' : 'en' });
  let t0 = performance.now();
  const server = await fuzzServer(client, { seed, documents: option('server-documents', 3000), log });
  console.log(`\n2. server over stdio: ${server.documents} documents, ${server.requests} requests, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  console.log(describe(server.timings, '   server round trips'));

  // 3. Incremental equivalence: over stdio, then on the service after every edit.
  t0 = performance.now();
  const reference = await startServer({ locale: seed % 2 === 0 ? 'ko' : 'en' });
  const overStdio = await serverEquivalence(client, reference, {
    seed,
    sequences: option('server-sequences', 90),
    from: option('from-sequence'),
    edits: option('edits', 150),
    pause: 0.02,
    log,
  });
  await Promise.all([client.stop(), reference.stop()]);
  const inProcess = serviceEquivalence({ seed, sequences: option('sequences', 600), edits: option('edits', 150), log });
  console.log(
    `\n3. incremental equivalence: over stdio ${overStdio.sequences} sequences, ${overStdio.edits} didChange notifications (${overStdio.changes} content changes), ${overStdio.requests} requests in between;` +
      ` service ${inProcess.sequences} sequences, ${inProcess.edits} edits, cached vs fresh compared after each; ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );

  // 4. Hostile inputs with their bounds: memory, time, size and depth of the answers.
  t0 = performance.now();
  const bounds = await checkBounds();
  console.log(`\n4. bounds on hostile inputs over stdio, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  for (const c of bounds) console.log(`   ${c.name}\n${c.figures.map((f) => `     ${f}`).join('\n')}`);

  const failures = [
    ...bounds.flatMap((c) => c.failures),
    ...service.failures.map(describeFailure),
    ...server.failures.map(describeFailure),
    ...overStdio.failures,
    ...inProcess.failures,
  ];
  const slow = [...service.timings.overCeiling, ...server.timings.overCeiling];
  console.log(`\n${failures.length} failures, ${slow.length} requests over 100 ms on re-run; total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  for (const f of failures) console.log(`\n${f}`);
  for (const s of slow) {
    const cpu = s.cpu ? `, CPU ${s.cpu.map((r) => r.toFixed(1)).join(', ')} ms` : '';
    console.log(`SLOW: ${s.feature} ${s.ms.toFixed(1)} ms (re-runs ${s.reruns?.map((r) => r.toFixed(1)).join(', ')} ms${cpu}), ${s.bytes} bytes, document seed ${s.seed}`);
  }
  return failures.length + slow.length > 0 ? 1 : 0;
}

if (process.argv.includes('--shard')) runShard();
else
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
