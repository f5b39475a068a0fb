/**
 * Where each rule is documented: one Markdown page per rule, `docs/rules/<rule>.md` in the repository (what it
 * finds, why it matters on a call, examples, its fixes, its setting). Diagnostics link to it
 * (`codeDescription`), the SARIF log too (`helpUri`). The address is built from package.json's repository, so
 * a fork links to its own pages.
 */
import { repository } from '../../../package.json';

/** The repository's web address: `https://github.com/owner/name`, without `git+` or `.git`. */
export const REPOSITORY_URL = withoutSuffix(withoutPrefix(repository.url, 'git+'), '.git');

/** The documentation page of a rule, as the repository's web view shows it. */
export function ruleDocumentationUrl(rule: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${rule}.md`;
}

/** The page of what the platform sends a webhook and expects back (`docs/webhook.md`, from `schemas/webhook.json`). */
export const WEBHOOK_DOCUMENTATION_URL = `${REPOSITORY_URL}/blob/main/docs/webhook.md`;

/** The README's settings table: what the diagnostics that are no rule's (size limit, too many problems) link to. */
export const SETTINGS_DOCUMENTATION_URL = `${REPOSITORY_URL}#settings`;

/** The README on using the tools, the CLI among them: what the CLI's own findings (a file's encoding) link to. */
export const CLI_DOCUMENTATION_URL = `${REPOSITORY_URL}#use-it`;

function withoutPrefix(text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

function withoutSuffix(text: string, suffix: string): string {
  return text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
}
