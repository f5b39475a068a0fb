/**
 * The corpus: public VoiceML/TwiML code others wrote (`test/corpus/sources.json`: each file's repository,
 * path, commit and SHA-256), checked with the service the CLI uses, and compared with the committed review
 * of its findings (`test/corpus/review.json`). The texts themselves are not in the repository: they are read
 * from `.corpus/<id>` (git-ignored), one file per manifest entry.
 *
 *   npm run corpus                    counts now, side by side with the review
 *   npm run corpus -- --list          also every finding not reviewed yet, and each reviewed one that changed
 *   npm run corpus -- --dir DIR       read the texts from DIR instead of .corpus/
 *   npm run corpus -- --strict        exit 1 when a correct finding is lost, a duplicate or false positive is
 *                                     back, or a finding has no verdict yet
 *   npm run corpus -- --gather        first download the texts that are not there yet, each from its
 *                                     repository at its commit, and keep those whose SHA-256 matches
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { languageIdOf } from '../server/src/cli/files';
import { getLanguageService } from '../server/src/languageService';

export type SourceLanguage = 'xml' | 'javascript' | 'typescript' | 'python';
/** How the VoiceML is written: a whole XML file, a JS template literal, a plain string, a Python f-string, a helper library's builder calls, strings joined with `+` or `join`. */
export type Form = 'xml' | 'template' | 'string' | 'f-string' | 'builder' | 'concatenation';

export interface Source {
  /** `<owner>/<repository>/<path>`: where the text is kept under the corpus folder. */
  id: string;
  repository: string;
  path: string;
  commit: string;
  url: string;
  language: SourceLanguage;
  forms: Form[];
  /** Of the file's bytes: a text gathered again is known to be the same one. */
  sha256: string;
}

export type Verdict = 'correct' | 'duplicate' | 'false-positive';

export interface ReviewedFinding {
  file: string;
  rule: string;
  /** 1-based line of the finding's start. */
  line: number;
  verdict: Verdict;
  note?: string;
}

/** A mistake a reader of the file sees that no finding reports; `rule` is the rule that should report it. */
export interface Miss {
  file: string;
  rule: string;
  line: number;
  note: string;
}

export interface Review {
  findings: ReviewedFinding[];
  missed: Miss[];
}

export const SOURCE_LANGUAGES: readonly SourceLanguage[] = ['xml', 'javascript', 'typescript', 'python'];
export const FORMS: readonly Form[] = ['xml', 'template', 'string', 'f-string', 'builder', 'concatenation'];
export const VERDICTS: readonly Verdict[] = ['correct', 'duplicate', 'false-positive'];

/** The editor's language ids for each source language: a file is checked when the CLI gives it one of them. */
const LANGUAGE_IDS: Record<SourceLanguage, readonly string[]> = {
  xml: ['xml', 'voiceml'],
  javascript: ['javascript', 'javascriptreact'],
  typescript: ['typescript', 'typescriptreact'],
  python: ['python'],
};

/**
 * The forms each language's host reads today (`server/src/hosts/`); the others are counted as not read yet.
 * Update it when a host learns a form (builders, `+` concatenation).
 */
const FORMS_READ: Record<SourceLanguage, readonly Form[]> = {
  xml: ['xml'],
  javascript: ['template', 'string', 'concatenation', 'builder'],
  typescript: ['template', 'string', 'concatenation', 'builder'],
  python: ['string', 'f-string', 'concatenation', 'builder'],
};

const root = fileURLToPath(new URL('..', import.meta.url));

export function readSources(): Source[] {
  return (JSON.parse(readFileSync(resolve(root, 'test/corpus/sources.json'), 'utf8')) as { files: Source[] }).files;
}

export function readReview(): Review {
  return JSON.parse(readFileSync(resolve(root, 'test/corpus/review.json'), 'utf8')) as Review;
}

/** A finding now, as the review knows it. */
export interface Found {
  rule: string;
  line: number;
  diagnostic: Diagnostic;
}

type FileState = 'absent' | 'changed' | 'not-read' | 'checked';

export interface FileResult {
  source: Source;
  state: FileState;
  found: Found[];
}

/** Counts of one rule, or of one file, or of everything. */
interface Tally {
  now: number;
  correct: number;
  kept: number;
  duplicate: number;
  duplicateNow: number;
  falsePositive: number;
  falsePositiveNow: number;
  missed: number;
  caught: number;
  unreviewed: number;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Where GitHub serves a file's bytes at a commit. */
export const RAW_BASE = 'https://raw.githubusercontent.com';

/**
 * Downloads the texts missing from `dir`, each from `<base>/<repository>/<commit>/<path>`, and writes those
 * whose SHA-256 is the recorded one. Returns what could not be had, with the reason.
 */
export async function gather(sources: readonly Source[], dir: string, base = RAW_BASE): Promise<{ id: string; reason: string }[]> {
  const failed: { id: string; reason: string }[] = [];
  for (const source of sources) {
    const file = resolve(dir, source.id);
    if (existsSync(file)) continue;
    let bytes: Uint8Array;
    try {
      const response = await fetch(`${base}/${source.repository}/${source.commit}/${source.path.split('/').map(encodeURIComponent).join('/')}`);
      if (!response.ok) {
        failed.push({ id: source.id, reason: `HTTP ${response.status}` });
        continue;
      }
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      failed.push({ id: source.id, reason: (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message });
      continue;
    }
    if (sha256(bytes) !== source.sha256) {
      failed.push({ id: source.id, reason: 'not the recorded text (SHA-256 differs)' });
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  return failed;
}

const emptyTally = (): Tally => ({ now: 0, correct: 0, kept: 0, duplicate: 0, duplicateNow: 0, falsePositive: 0, falsePositiveNow: 0, missed: 0, caught: 0, unreviewed: 0 });

/** The rule name of a diagnostic code, with or without a `voiceml/` prefix. */
const ruleOf = (diagnostic: Diagnostic): string => String(diagnostic.code ?? '?').replace(/^voiceml\//, '');

export function checkAll(sources: readonly Source[], dir: string): FileResult[] {
  const service = getLanguageService({ locale: 'en' });
  return sources.map((source): FileResult => {
    const file = resolve(dir, source.id);
    if (!existsSync(file)) return { source, state: 'absent', found: [] };
    const bytes = readFileSync(file);
    if (sha256(bytes) !== source.sha256) return { source, state: 'changed', found: [] };
    const languageId = languageIdOf(source.id);
    if (languageId === undefined || !LANGUAGE_IDS[source.language].includes(languageId)) return { source, state: 'not-read', found: [] };
    const document = TextDocument.create(pathToFileURL(file).href, languageId, 0, new TextDecoder().decode(bytes));
    const found = service.doValidation(document).map((diagnostic) => ({ rule: ruleOf(diagnostic), line: diagnostic.range.start.line + 1, diagnostic }));
    service.forget(document.uri);
    return { source, state: 'checked', found };
  });
}

interface Comparison {
  byRule: Map<string, Tally>;
  byFile: Map<string, Tally>;
  total: Tally;
  /** Findings without a verdict, and reviewed ones that are gone or came back, for `--list`. */
  unreviewed: { file: string; found: Found }[];
  lost: ReviewedFinding[];
  back: ReviewedFinding[];
  stillMissed: Miss[];
}

/**
 * Pairs each finding now with a reviewed one of the same file, rule and line (each reviewed finding pairs
 * with one finding at most), then each miss with a finding left over.
 */
function compare(results: readonly FileResult[], review: Review): Comparison {
  const byRule = new Map<string, Tally>();
  const byFile = new Map<string, Tally>();
  const total = emptyTally();
  const tallies = (file: string, rule: string): Tally[] => {
    let r = byRule.get(rule);
    if (!r) byRule.set(rule, (r = emptyTally()));
    let f = byFile.get(file);
    if (!f) byFile.set(file, (f = emptyTally()));
    return [r, f, total];
  };
  const add = (file: string, rule: string, key: keyof Tally): void => {
    for (const t of tallies(file, rule)) t[key]++;
  };
  const checked = new Map(results.filter((r) => r.state === 'checked').map((r) => [r.source.id, r]));
  const comparison: Comparison = { byRule, byFile, total, unreviewed: [], lost: [], back: [], stillMissed: [] };
  const left = new Map<string, Found[]>();
  for (const result of checked.values()) {
    left.set(result.source.id, [...result.found]);
    for (const found of result.found) add(result.source.id, found.rule, 'now');
  }
  const take = (file: string, rule: string, line: number): Found | undefined => {
    const pool = left.get(file)!;
    const index = pool.findIndex((f) => f.rule === rule && f.line === line);
    return index < 0 ? undefined : pool.splice(index, 1)[0];
  };
  for (const reviewed of review.findings) {
    if (!checked.has(reviewed.file)) continue;
    const present = take(reviewed.file, reviewed.rule, reviewed.line) !== undefined;
    if (reviewed.verdict === 'correct') {
      add(reviewed.file, reviewed.rule, 'correct');
      if (present) add(reviewed.file, reviewed.rule, 'kept');
      else comparison.lost.push(reviewed);
    } else {
      const [count, now] = reviewed.verdict === 'duplicate' ? (['duplicate', 'duplicateNow'] as const) : (['falsePositive', 'falsePositiveNow'] as const);
      add(reviewed.file, reviewed.rule, count);
      if (present) {
        add(reviewed.file, reviewed.rule, now);
        comparison.back.push(reviewed);
      }
    }
  }
  for (const miss of review.missed) {
    if (!checked.has(miss.file)) continue;
    add(miss.file, miss.rule, 'missed');
    if (take(miss.file, miss.rule, miss.line)) add(miss.file, miss.rule, 'caught');
    else comparison.stillMissed.push(miss);
  }
  for (const [file, pool] of left) {
    for (const found of pool) {
      add(file, found.rule, 'unreviewed');
      comparison.unreviewed.push({ file, found });
    }
  }
  return comparison;
}

/** A diagnostic's message as text (LSP 3.18 allows Markdown). */
const messageOf = (diagnostic: Diagnostic): string => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value);

const pad = (value: string | number, width: number): string => String(value).padStart(width);

function tallyColumns(t: Tally): string {
  return [
    pad(t.now, 5),
    pad(`${t.kept}/${t.correct}`, 9),
    pad(`${t.duplicateNow}/${t.duplicate}`, 9),
    pad(`${t.falsePositiveNow}/${t.falsePositive}`, 9),
    pad(`${t.caught}/${t.missed}`, 8),
    pad(t.unreviewed, 10),
  ].join('  ');
}

const HEADER = ['  now', '     kept', '     dups', '  f.pos.', '  caught', 'unreviewed'].join('  ');

function countBy<T>(items: readonly T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} ${n}`).join(', ');
}

function report(results: readonly FileResult[], comparison: Comparison, options: { dir: string; list: boolean }): string[] {
  const out: string[] = [];
  const of = (state: FileState) => results.filter((r) => r.state === state);
  const checked = of('checked');
  out.push(`VoiceML corpus: ${results.length} files listed in test/corpus/sources.json, texts read from ${options.dir}`);
  if (of('absent').length === results.length) {
    out.push(`  none of the texts is there (npm run corpus -- --gather downloads them); nothing was checked.`);
    return out;
  }
  out.push(`  checked ${checked.length} (${countBy(checked, (r) => r.source.language)})`);
  if (of('not-read').length) out.push(`  not checked yet, the tools do not read their language: ${of('not-read').length} (${countBy(of('not-read'), (r) => r.source.language)})`);
  if (of('absent').length) out.push(`  ABSENT: ${of('absent').length} files are not in ${options.dir}: ${of('absent').map((r) => r.source.id).join(', ')}`);
  if (of('changed').length) out.push(`  CHANGED: ${of('changed').length} files differ from the recorded text (SHA-256), not compared: ${of('changed').map((r) => r.source.id).join(', ')}`);
  const unread = checked.flatMap((r) => r.source.forms.filter((f) => !FORMS_READ[r.source.language].includes(f)).map((form) => ({ form })));
  if (unread.length) out.push(`  forms in checked files the tools do not read yet: ${countBy(unread, (u) => u.form)} (files)`);
  out.push('');
  out.push('Findings now beside the review: kept = correct findings still reported / reviewed correct; dups and f.pos. =');
  out.push('duplicates and false positives still reported / reviewed as such; caught = misses now reported / misses.');
  out.push('');
  out.push(`${'rule'.padEnd(26)}${HEADER}`);
  for (const [rule, tally] of [...comparison.byRule].sort(([a], [b]) => a.localeCompare(b))) out.push(`${rule.padEnd(26)}${tallyColumns(tally)}`);
  out.push(`${'total'.padEnd(26)}${tallyColumns(comparison.total)}`);
  out.push('');
  out.push(`${'file'.padEnd(26)}${HEADER}`);
  for (const result of checked) {
    const tally = comparison.byFile.get(result.source.id);
    if (!tally) continue;
    out.push(`${''.padEnd(26)}${tallyColumns(tally)}  ${result.source.id}`);
  }
  if (options.list) {
    const where = (file: string, line: number) => `${file}:${line}`;
    if (comparison.unreviewed.length) {
      out.push('', 'Not reviewed yet:');
      for (const { file, found } of comparison.unreviewed) out.push(`  ${where(file, found.line)}  ${found.rule}  ${messageOf(found.diagnostic).split('\n')[0]}`);
    }
    if (comparison.lost.length) {
      out.push('', 'Correct findings no longer reported:');
      for (const f of comparison.lost) out.push(`  ${where(f.file, f.line)}  ${f.rule}${f.note ? `  (${f.note})` : ''}`);
    }
    if (comparison.back.length) {
      out.push('', 'Duplicates and false positives still reported:');
      for (const f of comparison.back) out.push(`  ${where(f.file, f.line)}  ${f.rule}  ${f.verdict}${f.note ? `  (${f.note})` : ''}`);
    }
    if (comparison.stillMissed.length) {
      out.push('', 'Misses not reported yet:');
      for (const m of comparison.stillMissed) out.push(`  ${where(m.file, m.line)}  ${m.rule}  (${m.note})`);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string', default: '.corpus' },
      list: { type: 'boolean', default: false },
      strict: { type: 'boolean', default: false },
      gather: { type: 'boolean', default: false },
    },
  });
  const dir = resolve(root, values.dir!);
  const sources = readSources();
  if (values.gather) {
    const failed = await gather(sources, dir);
    const byReason = new Map<string, string[]>();
    for (const { id, reason } of failed) byReason.set(reason, [...(byReason.get(reason) ?? []), id]);
    for (const [reason, ids] of byReason) console.log(`not gathered (${reason}): ${ids.length === 1 ? ids[0] : `${ids.length} files, ${ids.slice(0, 3).join(', ')} …`}`);
  }
  const results = checkAll(sources, dir);
  const comparison = compare(results, readReview());
  console.log(report(results, comparison, { dir: values.dir!, list: values.list! }).join('\n'));
  const regressed = comparison.lost.length + comparison.back.length + comparison.unreviewed.length > 0;
  if (values.strict && regressed) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  });
}
