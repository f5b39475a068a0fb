/**
 * Derives from the rules registry what must list every rule: the extension manifest's settings (one
 * `voiceml.rules.<name>` per rule, described in package.nls.json / package.nls.ko.json) and the README's
 * rules table.
 *   node --import tsx scripts/sync-generated.ts          rewrite the files
 *   node --import tsx scripts/sync-generated.ts --check  exit 1 when they are out of date (tests run this)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rules } from '../server/src/rules';

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
    nls.en[nlsKey] = `\`voiceml/${rule.name}\` (default: ${rule.severity}) — ${rule.description.en}`;
    nls.ko[nlsKey] = `\`voiceml/${rule.name}\` (기본: ${rule.severity}) — ${rule.description.ko}`;
  }
  const json = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';
  const table = [
    '| rule | default | what it finds |',
    '| --- | --- | --- |',
    ...rules.map((r) => `| \`voiceml/${r.name}\` | ${r.severity} | ${r.description.en}<br>${r.description.ko} |`),
  ].join('\n');
  const readme = readFileSync(root + 'README.md', 'utf8').replace(
    /(<!-- rules:start -->\n)[\s\S]*?(<!-- rules:end -->)/,
    (_, start: string, end: string) => `${start}${table}\n${end}`,
  );
  return {
    'package.json': json(manifest),
    'package.nls.json': json(nls.en),
    'package.nls.ko.json': json(nls.ko),
    'README.md': readme,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const check = process.argv.includes('--check');
  let stale = false;
  for (const [file, content] of Object.entries(expectedFiles())) {
    if (readFileSync(root + file, 'utf8') === content) continue;
    stale = true;
    if (check) console.error(`${file} is out of date: run node --import tsx scripts/sync-generated.ts`);
    else writeFileSync(root + file, content);
  }
  if (check && stale) process.exit(1);
}
