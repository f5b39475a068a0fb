/** How `voiceml test` reports its scenarios: text (the default), JSON, JUnit XML. */
import { localize, type Locale } from '../l10n';
import type { ScenarioOutcome } from './scenarioRun';
import { paint, type Style } from './transcript';

export interface TestReport {
  outcomes: ScenarioOutcome[];
  locale: Locale;
  ms: number;
}

/** Lines of the transcript shown under a failed scenario in the text report. */
const TRANSCRIPT_TAIL = 12;

export function textReport(report: TestReport, style: Style): string {
  const lines: string[] = [];
  for (const o of report.outcomes) {
    const requests = o.call?.steps.length ?? 0;
    const figures = paint(style, 'dim', `(${localize({ ko: '요청 {0}번, {1} ms', en: '{0} requests, {1} ms' }, report.locale, [String(requests), String(o.ms)])})`);
    if (o.passed) {
      lines.push(`${paint(style, 'green', '✓')} ${o.scenario.name} ${paint(style, 'dim', o.scenario.file)} ${figures}`);
      continue;
    }
    lines.push(`${paint(style, 'red', '✗')} ${o.scenario.name} ${paint(style, 'dim', o.scenario.file)} ${figures}`);
    const where = o.failure?.line !== undefined ? `${o.scenario.file}:${o.failure.line}` : o.scenario.file;
    const step = o.failure?.step !== undefined ? localize({ ko: ' {0}단계', en: ' step {0}' }, report.locale, [String(o.failure.step)]) : '';
    lines.push(`    ${where}${step}: ${paint(style, 'red', o.failure?.message ?? '')}`);
    const tail = o.transcript.slice(-TRANSCRIPT_TAIL);
    if (o.transcript.length > tail.length) lines.push(paint(style, 'dim', '    …'));
    for (const line of tail) lines.push(paint(style, 'dim', `    ${line}`));
  }
  lines.push(summary(report));
  return lines.join('\n') + '\n';
}

/** The closing line, as test runners print it: `N passed, N failed`. */
export function summary(report: TestReport): string {
  const passed = report.outcomes.filter((o) => o.passed).length;
  return `${passed} passed, ${report.outcomes.length - passed} failed`;
}

export function jsonReport(report: TestReport): string {
  const passed = report.outcomes.filter((o) => o.passed).length;
  return (
    JSON.stringify(
      {
        scenarios: report.outcomes.map((o) => ({
          file: o.scenario.file,
          name: o.scenario.name,
          passed: o.passed,
          ...(o.failure ? { failure: o.failure } : {}),
          ms: o.ms,
          ...(o.call ? { call: o.call } : {}),
        })),
        passed,
        failed: report.outcomes.length - passed,
        ms: report.ms,
      },
      null,
      2,
    ) + '\n'
  );
}

/**
 * JUnit XML as CI servers read it: one `<testsuite>` per scenario file, one `<testcase>` per scenario, a
 * `<failure>` with the message, the transcript in `<system-out>`. Written here rather than with
 * junit-report-builder, the kept writer: it would add 160 KB (lodash, xmlbuilder, make-dir) to the CLI that
 * ships in the extension, for four elements and one escaping function.
 */
export function junitReport(report: TestReport): string {
  const files = new Map<string, ScenarioOutcome[]>();
  for (const o of report.outcomes) files.set(o.scenario.file, [...(files.get(o.scenario.file) ?? []), o]);
  const failed = report.outcomes.filter((o) => !o.passed).length;
  const out = [`<?xml version="1.0" encoding="UTF-8"?>`, `<testsuites name="voiceml test" tests="${report.outcomes.length}" failures="${failed}" errors="0" time="${seconds(report.ms)}">`];
  for (const [file, outcomes] of files) {
    const time = outcomes.reduce((sum, o) => sum + o.ms, 0);
    out.push(`  <testsuite name="${escapeXml(file)}" tests="${outcomes.length}" failures="${outcomes.filter((o) => !o.passed).length}" errors="0" skipped="0" time="${seconds(time)}">`);
    for (const o of outcomes) {
      out.push(`    <testcase classname="${escapeXml(file)}" name="${escapeXml(o.scenario.name)}" time="${seconds(o.ms)}">`);
      if (!o.passed) {
        const where = o.failure?.line !== undefined ? `${file}:${o.failure.line}` : file;
        out.push(`      <failure message="${escapeXml(o.failure?.message ?? '')}" type="scenario">${escapeXml(`${where}: ${o.failure?.message ?? ''}`)}</failure>`);
      }
      out.push(`      <system-out>${escapeXml(o.transcript.join('\n'))}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text and attribute content: the five special characters, and characters XML 1.0 cannot hold at all dropped. */
export function escapeXml(text: string): string {
  return text.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
