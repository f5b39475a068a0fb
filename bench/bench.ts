/**
 * `npm run bench`: speed figures side by side in one run, as ratios. Targets (from the issues) are printed
 * next to each figure; nothing here fails a build — the figures are for people to read.
 */
import { DOMParser } from '@xmldom/xmldom';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseXml } from '../server/src/parser';
import { getLanguageService } from '../server/src/languageService';
import { generateVoiceML } from '../test/support/corpus';

/** Median wall time (ms) of `fn` over enough runs to fill ~`budgetMs`, after a warm-up. */
function measure(fn: () => unknown, budgetMs = 1500): number {
  for (let i = 0; i < 3; i++) fn();
  const times: number[] = [];
  const deadline = performance.now() + budgetMs;
  while (times.length < 5 || (performance.now() < deadline && times.length < 2000)) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** The floor: one pass over the text touching every character, doing nothing else. */
function bareScan(text: string): number {
  let lt = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 60) lt++;
  return lt;
}

const mbps = (bytes: number, ms: number): string => ((bytes / 1e6 / ms) * 1000).toFixed(0).padStart(6) + ' MB/s';
const row = (label: string, ms: number, bytes: number, extra = ''): void =>
  console.log(`  ${label.padEnd(34)} ${ms.toFixed(3).padStart(9)} ms  ${mbps(bytes, ms)}  ${extra}`);

console.log('VoiceML language tools — benchmark (median of repeated runs, this machine)\n');

console.log('1. Parse + validate an .xml document (target on 1 MB: ≥ 100 MB/s, ≥ 10× xmldom, within 5× of the bare scan)');
for (const size of [10_000, 1_000_000]) {
  const text = generateVoiceML(size);
  const bytes = Buffer.byteLength(text, 'utf8');
  const service = getLanguageService({ locale: 'ko' });
  let version = 0;
  const ours = measure(() => {
    // A new version each run: nothing cached, the full parse + every rule + diagnostics conversion.
    const document = TextDocument.create('file:///bench.xml', 'xml', ++version, text);
    const diagnostics = service.doValidation(document);
    if (diagnostics.length !== 0) throw new Error(`bench document is not clean: ${JSON.stringify(diagnostics[0])}`);
  });
  const parseOnly = measure(() => parseXml(text));
  const xmldom = measure(() => new DOMParser({ onError: () => undefined }).parseFromString(text, 'text/xml'));
  const scan = measure(() => bareScan(text));
  console.log(`  ${(bytes / 1000).toFixed(0)} KB document (${text.split('\n').length} lines)`);
  row('ours: parse + validate', ours, bytes);
  row('ours: parse alone', parseOnly, bytes);
  row('@xmldom/xmldom: parse alone', xmldom, bytes, `ours is ${(xmldom / ours).toFixed(1)}× faster`);
  row('bare charCodeAt scan', scan, bytes, `ours is ${(ours / scan).toFixed(1)}× the scan's time`);
}
