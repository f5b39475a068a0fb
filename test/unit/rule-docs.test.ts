/**
 * Every rule has its page, `docs/rules/<rule>.md`, and every diagnostic links to it: the page says why the
 * problem matters on a call, in Korean and English, and its examples are true — each wrong one gets a finding
 * of the rule, each right one none (and nothing else above a hint). The generated parts are checked fresh by
 * `generated.test.ts`.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/languageService';
import { rules } from '../../server/src/rules';
import { REPOSITORY_URL, ruleDocumentationUrl } from '../../server/src/rules/documentation';
import { examplesOf, languageIdOf, sectionOf, WRITTEN_SECTIONS } from '../../scripts/rule-pages';
import { repository } from '../../package.json';

const root = fileURLToPath(new URL('../../', import.meta.url));
const HANGUL = /[\uac00-\ud7a3]/;

test('one page per rule, and no page without a rule', () => {
  const pages = readdirSync(root + 'docs/rules').filter((f) => f.endsWith('.md'));
  assert.deepEqual(pages.sort(), rules.map((r) => `${r.name}.md`).sort());
});

test("the link is built from package.json's repository and names the rule's page", () => {
  assert.equal(REPOSITORY_URL, repository.url.replace(/^git\+/, '').replace(/\.git$/, ''));
  for (const rule of rules) {
    const url = ruleDocumentationUrl(rule.name);
    assert.ok(url.startsWith(`${REPOSITORY_URL}/blob/main/`), url);
    assert.ok(existsSync(root + url.slice(`${REPOSITORY_URL}/blob/main/`.length)), `${url} names no file`);
  }
});

describe('each page', () => {
  const service = getLanguageService({ locale: 'en' });
  for (const rule of rules) {
    test(rule.name, () => {
      const page = readFileSync(`${root}docs/rules/${rule.name}.md`, 'utf8');
      const paragraphs = sectionOf(page, WRITTEN_SECTIONS.why).split(/\n\s*\n/);
      assert.ok(paragraphs.some((p) => HANGUL.test(p)), 'why it matters, in Korean');
      assert.ok(paragraphs.some((p) => p.trim() !== '' && !HANGUL.test(p)), 'why it matters, in English');

      const examples = examplesOf(page);
      assert.ok(examples.some((e) => e.kind === 'wrong'), 'a wrong example');
      assert.ok(examples.some((e) => e.kind === 'right'), 'a right example');
      examples.forEach((example, i) => {
        const document = TextDocument.create(`file:///docs/${rule.name}-${i}`, languageIdOf(example), 1, example.code);
        const diagnostics = service.doValidation(document);
        const shown = diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n');
        if (example.kind === 'wrong') {
          assert.ok(diagnostics.some((d) => d.code === rule.name), `wrong example ${i} gets no ${rule.name} finding:\n${example.code}\n${shown}`);
        } else {
          const above = diagnostics.filter((d) => d.code === rule.name || (d.severity ?? DiagnosticSeverity.Error) < DiagnosticSeverity.Hint);
          assert.deepEqual(above.map((d) => `${d.code}: ${d.message}`), [], `right example ${i}:\n${example.code}`);
        }
      });
    });
  }
});
