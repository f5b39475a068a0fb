/**
 * Derives from the rules registry what must list every rule: the extension manifest's settings (one
 * `voiceml.rules.<name>` per rule, described in package.nls.json / package.nls.ko.json), the README's
 * rules table, and the generated parts of each rule's page `docs/rules/<name>.md` (see `rule-pages.ts`);
 * from the model the grammars that colour VoiceML in host strings (`grammars.ts`); and from the webhook data
 * the page of the platform's request and response, `docs/webhook.md` (`webhook-page.ts`).
 *   node --import tsx scripts/sync-generated.ts          rewrite the files
 *   node --import tsx scripts/sync-generated.ts --check  exit 1 when they are out of date (tests run this)
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rules } from '../server/src/rules';
import { ruleDocumentationUrl } from '../server/src/rules/documentation';
import { markdownOf, rulePage } from './rule-pages';
import { grammarFiles } from './grammars';
import { webhookPage } from './webhook-page';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(root + file, 'utf8'));

export function expectedFiles(): Record<string, string> {
  const manifest = read('package.json') as { contributes: { configuration: { properties: Record<string, unknown> } } };
  const nls = { en: read('package.nls.json') as Record<string, string>, ko: read('package.nls.ko.json') as Record<string, string> };
  const properties = manifest.contributes.configuration.properties;
  for (const key of Object.keys(properties)) if (key.startsWith('voiceml.rules.')) delete properties[key];
  for (const key of Object.keys(nls.en)) if (key.startsWith('config.rules.')) delete nls.en[key];
  for (const key of Object.keys(nls.ko)) if (key.startsWith('config.rules.')) delete nls.ko[key];
  for (const rule of rules) {
    const nlsKey = `config.rules.${rule.name}`;
    properties[`voiceml.rules.${rule.name}`] = {
      type: 'string',
      enum: ['default', 'error', 'warning', 'information', 'hint', 'off'],
      enumDescriptions: ['%config.severity.default%', '%config.severity.error%', '%config.severity.warning%', '%config.severity.information%', '%config.severity.hint%', '%config.severity.off%'],
      default: 'default',
      scope: 'resource',
      markdownDescription: `%${nlsKey}%`,
    };
    nls.en[nlsKey] = `\`${rule.name}\` (default: ${rule.severity}) — ${rule.description.en} [Documentation](${ruleDocumentationUrl(rule.name)})`;
    nls.ko[nlsKey] = `\`${rule.name}\` (기본: ${rule.severity}) — ${rule.description.ko} [설명서](${ruleDocumentationUrl(rule.name)})`;
  }
  const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';
  const table = [
    '| rule | default | what it finds |',
    '| --- | --- | --- |',
    ...rules.map((r) => `| [\`${r.name}\`](docs/rules/${r.name}.md) | ${r.severity} | ${markdownOf(r.description.en)}<br>${markdownOf(r.description.ko)} |`),
  ].join('\n');
  const readme = readFileSync(root + 'README.md', 'utf8').replace(
    /(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/,
    (_, start: string, end: string) => `${start}${table}\n${end}`,
  );
  const pages = Object.fromEntries(
    rules.map((rule) => {
      const file = `docs/rules/${rule.name}.md`;
      return [file, rulePage(rule, existsSync(root + file) ? readFileSync(root + file, 'utf8') : undefined)];
    }),
  );
  return {
    'package.json': json(manifest),
    'package.nls.json': json(nls.en),
    'package.nls.ko.json': json(nls.ko),
    'README.md': readme,
    ...pages,
    'docs/webhook.md': webhookPage(),
    ...grammarFiles(),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  let stale = false;
  for (const [file, content] of Object.entries(expectedFiles())) {
    if (existsSync(root + file) && readFileSync(root + file, 'utf8') === content) continue;
    stale = true;
    if (check) console.error(`${file} is out of date: run node --import tsx scripts/sync-generated.ts`);
    else {
      mkdirSync(dirname(root + file), { recursive: true });
      writeFileSync(root + file, content);
    }
  }
  if (check && stale) process.exit(1);
}
