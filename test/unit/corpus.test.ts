import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { FORMS, SOURCE_LANGUAGES, VERDICTS, gather, readReview, readSources, type Source } from '../../scripts/corpus';
import { ruleNames } from '../../server/src/rules';

describe('corpus manifest and review', () => {
  const sources = readSources();
  const review = readReview();

  it('lists each public file once, pinned to a commit, with what it is', () => {
    assert.ok(sources.length >= 100, `${sources.length} files`);
    const ids = new Set<string>();
    for (const s of sources) {
      assert.ok(!ids.has(s.id), `${s.id} listed twice`);
      ids.add(s.id);
      assert.equal(s.id, `${s.repository}/${s.path}`);
      assert.match(s.repository, /^[\w.-]+\/[\w.-]+$/);
      assert.match(s.commit, /^[0-9a-f]{40}$/);
      assert.equal(s.url, `https://github.com/${s.repository}/blob/${s.commit}/${s.path}`);
      assert.match(s.sha256, /^[0-9a-f]{64}$/);
      assert.ok(SOURCE_LANGUAGES.includes(s.language), `${s.id}: language ${s.language}`);
      assert.ok(s.forms.length > 0 && s.forms.every((f) => FORMS.includes(f)), `${s.id}: forms ${s.forms.join(', ')}`);
      assert.equal(s.forms.includes('xml'), s.language === 'xml', `${s.id}: xml form iff an XML file`);
    }
  });

  it('reviews only listed files, with a verdict, a rule that exists and a line', () => {
    const ids = new Set(sources.map((s) => s.id));
    for (const f of review.findings) {
      assert.ok(ids.has(f.file), `review of an unlisted file ${f.file}`);
      assert.ok(VERDICTS.includes(f.verdict), `${f.file}:${f.line} verdict ${f.verdict}`);
      assert.ok(ruleNames.includes(f.rule), `${f.file}:${f.line} rule ${f.rule}`);
      assert.ok(Number.isInteger(f.line) && f.line >= 1);
    }
    for (const m of review.missed) {
      assert.ok(ids.has(m.file), `miss in an unlisted file ${m.file}`);
      assert.ok(ruleNames.includes(m.rule), `${m.file}:${m.line} rule ${m.rule}`);
      assert.ok(m.note.length > 0, `${m.file}:${m.line}: a miss says what is missed`);
    }
  });
});

describe('corpus gathering', () => {
  it('downloads each missing text at its commit and keeps only the recorded one', async () => {
    const good = '<Response><Say>hi</Say></Response>\n';
    const hash = (text: string) => createHash('sha256').update(text).digest('hex');
    const served = new Map([
      ['/o/r/0123456789012345678901234567890123456789/voice%20menu.xml', good],
      ['/o/r/0123456789012345678901234567890123456789/changed.xml', '<Response/>'],
    ]);
    const requested: string[] = [];
    const server = createServer((req, res) => {
      requested.push(req.url!);
      const body = served.get(req.url!);
      res.writeHead(body === undefined ? 404 : 200).end(body);
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const dir = mkdtempSync(join(tmpdir(), 'voiceml-corpus-'));
    try {
      const source = (path: string, text: string): Source => ({
        id: `o/r/${path}`,
        repository: 'o/r',
        path,
        commit: '0123456789012345678901234567890123456789',
        url: '',
        language: 'xml',
        forms: ['xml'],
        sha256: hash(text),
      });
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const failed = await gather([source('voice menu.xml', good), source('changed.xml', good), source('gone.xml', good)], dir, base);
      assert.equal(readFileSync(join(dir, 'o/r/voice menu.xml'), 'utf8'), good);
      assert.deepEqual(failed, [
        { id: 'o/r/changed.xml', reason: 'not the recorded text (SHA-256 differs)' },
        { id: 'o/r/gone.xml', reason: 'HTTP 404' },
      ]);
      // A text already there is not asked for again.
      requested.length = 0;
      await gather([source('voice menu.xml', good)], dir, base);
      assert.deepEqual(requested, []);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
