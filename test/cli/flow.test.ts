/**
 * The built CLI's `voiceml flow`: the reference's IVR (split over two files) as Mermaid, DOT and JSON, a folder
 * by default, and exit code 2 with a clear message for usage and file problems.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import type { FlowGraph } from '../../server/src/flow/graph';
import { expressIvr, FIXTURES, writeWorkspace } from '../support/flowWorkspace';
import { CLI } from '../support/built';
import { generatePython } from '../support/pythonCorpus';
import { MAX_INDEXED_SIZE } from '../../server/src/flow/index';

const EXPRESS = writeWorkspace(expressIvr());
const FLASK = FIXTURES + 'flask-ivr';

function run(args: string[], cwd?: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'flow', '--locale', 'en', ...args], { cwd, encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('voiceml flow', () => {
  test('JSON: the routes with their verbs and the 14 steps, paths relative to the working folder', () => {
    const r = run(['--format', 'json'], EXPRESS);
    assert.equal(r.code, 0, r.stderr);
    const graph = JSON.parse(r.stdout) as FlowGraph;
    assert.equal(graph.version, 1);
    assert.equal(graph.nodes.length, 9);
    assert.equal(graph.edges.length, 14);
    assert.ok(graph.edges.every((e) => e.match === 'exact' && e.location.file === 'routes/ivr.js'));
    const enter = graph.nodes.find((n) => n.path === '/ivr/enter')!;
    assert.deepEqual(enter.responses[0]!.verbs.map((v) => v.label), ['Say "안녕하세요. 상담 품질 향상을 위해 통화 내용이 녹음…"', 'Gather numDigits=1 → ${…}/lang', 'Redirect → ${…}/enter']);
    assert.deepEqual(enter.handlers![0]!.selection.start, { line: 8, character: 9 });
  });

  test('Mermaid by default, DOT on request; a Flask app the same', () => {
    const mermaid = run([FLASK]);
    assert.equal(mermaid.code, 0, mermaid.stderr);
    assert.match(mermaid.stdout, /^flowchart TD\n/);
    assert.equal(mermaid.stdout.match(/-->/g)?.length, 14);
    assert.ok(mermaid.stdout.includes('-->|"Dial · 3"|'));
    const dot = run([FLASK, '-f', 'dot']);
    assert.equal(dot.code, 0);
    assert.match(dot.stdout, /^digraph callflow \{/);
    assert.ok(dot.stdout.includes('"route:/ivr/after-dial" -> "route:/ivr/voicemail" [label="Redirect · ≠ completed"];'), dot.stdout);
  });

  test('a file over the size the call flow reads is left out of the graph, and the user is told which and why', () => {
    const big = generatePython(1_100_000);
    assert.ok(big.length > MAX_INDEXED_SIZE);
    const folder = writeWorkspace({ ...expressIvr(), 'big/app.py': big });
    const r = run(['--format', 'json'], folder);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, 'voiceml: big/app.py: more than 1,000,000 characters, not read for the call flow (its routes and steps are not in the graph)\n');
    const graph = JSON.parse(r.stdout) as FlowGraph;
    assert.equal(graph.nodes.length, 9);
    assert.ok(!graph.nodes.some((n) => n.path?.startsWith('/ivr/step')));
  });

  test('usage and file problems: exit code 2 and a message', () => {
    const format = run(['--format', 'svg']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /unsupported format: svg/);
    const missing = run(['no/such/folder'], EXPRESS);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no files match no\/such\/folder|no such file/);
    const help = run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /usage: voiceml flow/);
  });
});
