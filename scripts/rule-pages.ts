/**
 * The documentation page of each rule, `docs/rules/<rule>.md`: what its diagnostics' `codeDescription` links to.
 * A page is written by hand — why the problem matters on a call, examples of wrong and right VoiceML — and
 * completed from the rule itself between `generated` markers: the title, default severity and description,
 * the quick fixes the rule offers on the page's own wrong examples (found by running the rule on them), and the
 * setting. `scripts/sync-generated.ts` rewrites those parts, and writes the page of a new rule with empty
 * hand-written sections for its author to fill in (a test fails until they are).
 *
 * Examples are fenced code blocks whose info string names the language and `wrong` or `right`:
 * ```` ```xml wrong ```` (checked as a `.voiceml` document), ```` ```ts right ```` (a TypeScript file whose
 * templates hold VoiceML), ```` ```py wrong ```` (a Python file). Tests run every example: a wrong one gets a
 * finding of the rule, a right one none. A line ending in `<!-- ×N -->` is checked as written N times.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { localize } from '../server/src/l10n';
import { getLanguageService } from '../server/src/languageService';
import type { Rule } from '../server/src/rules';
import { findProblems } from '../server/src/services/diagnostics';
import { FlowIndex } from '../server/src/flow/index';
import { flowContextOf } from '../server/src/flow/context';
import { webhookCodeOf } from '../server/src/flow/requests';

export interface Example {
  kind: 'wrong' | 'right';
  /** The fence's language: `xml`, `ts`, `js` or `py`. */
  language: string;
  code: string;
}

/** The language id an example is checked as. */
export function languageIdOf(example: Example): string {
  return { xml: 'voiceml', ts: 'typescript', js: 'javascript', py: 'python' }[example.language] ?? example.language;
}

const FENCE = /^```(\w+) (wrong|right)\n([\s\S]*?)^```$/gm;

export function examplesOf(page: string): Example[] {
  return [...page.matchAll(FENCE)].map((m) => ({ language: m[1]!, kind: m[2] as Example['kind'], code: repeated(m[3]!) }));
}

/** A line ending in `<!-- ×N -->` stands for itself written N times: an example too large to show (`response-size`). */
const REPEAT = / *<!-- ×(\d+) -->$/;

function repeated(code: string): string {
  return code
    .split('\n')
    .map((line) => {
      const m = REPEAT.exec(line);
      return m ? `${line.slice(0, m.index)}\n`.repeat(Number(m[1])).slice(0, -1) : line;
    })
    .join('\n');
}

/** The hand-written sections every page has, by their heading. */
export const WRITTEN_SECTIONS = {
  why: '## 통화에서 왜 중요한가 · Why it matters on a call',
  examples: '## 예 · Examples',
} as const;

/** The text of a hand-written section (up to the next `## ` heading or generated block), trimmed. */
export function sectionOf(page: string, heading: string): string {
  const at = page.indexOf(heading + '\n');
  if (at < 0) return '';
  const rest = page.slice(at + heading.length + 1);
  const end = rest.search(/^(## |<!-- generated:)/m);
  return (end < 0 ? rest : rest.slice(0, end)).trim();
}

/**
 * Plain text as Markdown: tags (`<Say>`, `</Gather>`) and character references (`&amp;`) in code spans, or a
 * Markdown viewer would take them for HTML.
 */
export function markdownOf(text: string): string {
  return text.replace(/<\/?[A-Za-z][\w:.-]*\/?>|&#?\w+;/g, (code) => `\`${code}\``);
}

const SEVERITY_NAMES: Record<Rule['severity'], string> = { error: '오류 · error', warning: '경고 · warning', information: '정보 · information', hint: '힌트 · hint' };

/** The page of `rule`: `current` with its generated parts made anew, or a new page when there is none. */
export function rulePage(rule: Rule, current: string | undefined): string {
  const page = current ?? newPage();
  const blocks: Record<string, string> = {
    summary: summary(rule),
    fixes: fixes(rule, examplesOf(page)),
    setting: setting(rule),
  };
  return page.replace(/(<!-- generated:(\w+) -->\n)[\s\S]*?(<!-- \/generated:\2 -->)/g, (whole, start: string, name: string, end: string) =>
    name in blocks ? `${start}${blocks[name]}\n${end}` : whole,
  );
}

function newPage(): string {
  const block = (name: string): string => `<!-- generated:${name} -->\n<!-- /generated:${name} -->`;
  return [
    block('summary'),
    '',
    WRITTEN_SECTIONS.why,
    '',
    WRITTEN_SECTIONS.examples,
    '',
    block('fixes'),
    '',
    block('setting'),
    '',
  ].join('\n');
}

function summary(rule: Rule): string {
  return [
    `<!-- Parts between "generated" markers come from server/src/rules/${rule.name}.ts: node --import tsx scripts/sync-generated.ts -->`,
    `# \`${rule.name}\``,
    '',
    `기본 심각도 · Default severity: **${SEVERITY_NAMES[rule.severity]}** · 설정 · Setting: \`voiceml.rules.${rule.name}\``,
    '',
    '## 무엇을 찾나 · What it finds',
    '',
    markdownOf(rule.description.ko),
    '',
    markdownOf(rule.description.en),
  ].join('\n');
}

/** The fixes the rule offers on the page's wrong examples, as the editor lists them, in both languages. */
function fixes(rule: Rule, examples: readonly Example[]): string {
  const service = getLanguageService();
  const seen = new Set<string>();
  const lines: string[] = [];
  examples.forEach((example, index) => {
    if (example.kind !== 'wrong') return;
    const document = TextDocument.create(`file:///docs/example-${index}`, languageIdOf(example), 1, example.code);
    // The example is a workspace of its own, for the rules that read the call flow.
    const regions = service.getRegions(document);
    const flow = new FlowIndex();
    flow.update(document.uri, example.code, document.languageId, regions);
    const handlers = webhookCodeOf(flow, document.uri, example.code, regions, {});
    for (const { finding } of findProblems(regions, {}, Infinity, flowContextOf(flow, document.uri), handlers).findings) {
      if (finding.rule !== rule) continue;
      for (const fix of finding.fixes?.() ?? []) {
        const ko = markdownOf(localize(fix.title, 'ko', fix.args));
        const en = markdownOf(localize(fix.title, 'en', fix.args));
        if (seen.has(en)) continue;
        seen.add(en);
        const marks = [
          ...(fix.preferred ? ['기본 수정 · preferred'] : []),
          ...(fix.safe ? ['"모두 수정"에 포함 · in "fix all" (`source.fixAll.voiceml`)'] : []),
        ];
        lines.push(`- ${ko} · ${en}${marks.length > 0 ? ` — ${marks.join('; ')}` : ''}`);
      }
    }
  });
  return [
    '## 빠른 수정 · Quick fixes',
    '',
    ...(lines.length > 0
      ? ['위의 틀린 예에서 제안되는 수정 · What the editor offers on the wrong examples above:', '', ...lines]
      : ['이 규칙은 빠른 수정을 제안하지 않습니다: 고치는 방법은 메시지가 알려 줍니다. · This rule offers no quick fix: its message says how to mend the code.']),
  ].join('\n');
}

function setting(rule: Rule): string {
  return [
    '## 설정 · Setting',
    '',
    `\`voiceml.rules.${rule.name}\`: \`default\` (${rule.severity}), \`error\`, \`warning\`, \`information\`, \`hint\`, \`off\``,
    '',
    'VS Code `settings.json`:',
    '',
    '```json',
    `{ "voiceml.rules.${rule.name}": "${rule.severity === 'error' ? 'warning' : 'off'}" }`,
    '```',
    '',
    'Neovim 등 다른 LSP 편집기 · Neovim and other LSP editors (`settings`, or `init_options = { voiceml = { … } }` for clients that send no settings):',
    '',
    '```lua',
    `settings = { voiceml = { rules = { ['${rule.name}'] = '${rule.severity === 'error' ? 'warning' : 'off'}' } } }`,
    '```',
  ].join('\n');
}
