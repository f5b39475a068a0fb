/**
 * The documents the fuzzers start from: real VoiceML files (the examples, the rule test documents, the
 * editor-test fixtures), real JS/TS files holding VoiceML in template literals and Python files holding it in
 * strings (the test fixtures). Real
 * documents rather than generated ones, because mutations of what users actually write reach the states a
 * user can reach in a few keystrokes; two large generated documents are added so the time ceiling is also
 * tried near its 100 KB bound.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allDocumentCases } from '../fixtures/documents';
import { generateVoiceML } from '../support/corpus';
import { generateScript } from '../support/scriptCorpus';

export interface Seed {
  /** Where it comes from, for failure reports. */
  name: string;
  text: string;
  /** The language ids it is opened as (one picked per mutated document). */
  languages: readonly string[];
}

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const XML_AS = ['xml', 'xml', 'voiceml'];
const SCRIPT_AS: Record<string, readonly string[]> = {
  ts: ['typescript', 'typescript', 'typescriptreact'],
  js: ['javascript', 'javascript', 'javascriptreact'],
  py: ['python'],
  // Read as JavaScript too: the server's edit sequences run in the four languages, and a JSX file's VoiceML is
  // read from its parse (kept from version to version), not from the templates' scan.
  jsx: ['javascript', 'javascriptreact'],
};

function filesIn(dir: string, extensions: readonly string[]): { name: string; text: string; extension: string }[] {
  let names: string[];
  try {
    names = readdirSync(root(dir)).sort();
  } catch {
    return []; // an optional directory
  }
  return names
    .map((name) => ({ name, extension: name.slice(name.lastIndexOf('.') + 1) }))
    .filter((f) => extensions.includes(f.extension))
    .map((f) => ({ name: `${dir}/${f.name}`, text: readFileSync(root(`${dir}/${f.name}`), 'utf8'), extension: f.extension }));
}

let cached: { small: Seed[]; large: Seed[] } | undefined;

/**
 * `small`: every seed document (a few hundred bytes to a few KB). `large`: about 90 KB each, tried rarely
 * because each costs as much as a hundred small ones.
 */
export function seeds(): { small: Seed[]; large: Seed[] } {
  if (cached) return cached;
  const small: Seed[] = [];
  for (const f of filesIn('examples', ['xml'])) small.push({ name: f.name, text: f.text, languages: XML_AS });
  for (const c of allDocumentCases()) small.push({ name: `rule document: ${c.name}`, text: c.xml, languages: c.languageId ? [c.languageId] : XML_AS });
  for (const f of [...filesIn('test/fixtures', ['ts', 'js', 'jsx', 'py']), ...filesIn('test/e2e/fixtures', ['ts', 'js', 'py', 'xml', 'voiceml'])]) {
    if (f.name.endsWith('/documents.ts')) continue; // test code, not a document
    const languages = f.extension === 'xml' ? XML_AS : f.extension === 'voiceml' ? ['voiceml'] : SCRIPT_AS[f.extension]!;
    small.push({ name: f.name, text: f.text, languages });
  }
  // The JS/TS and Python fixtures are few next to the XML ones: weigh them up so that strings get their share.
  const scripts = small.filter((s) => s.languages.includes('typescript') || s.languages.includes('javascript') || s.languages.includes('python'));
  for (let i = 0; i < 6; i++) small.push(...scripts);
  const large: Seed[] = [
    // Sizes in UTF-16 units; the Korean text makes the UTF-8 size about 20 % larger, just under 100 KB.
    { name: 'generated VoiceML (~95 KB)', text: generateVoiceML(80_000), languages: XML_AS },
    { name: 'generated TypeScript (~95 KB)', text: generateScript(85_000), languages: SCRIPT_AS.ts! },
  ];
  cached = { small, large };
  return cached;
}

/** The file extension a language id's documents have, for URIs. */
export function extensionOf(languageId: string): string {
  return { typescript: 'ts', javascript: 'js', typescriptreact: 'tsx', javascriptreact: 'jsx', python: 'py', voiceml: 'voiceml' }[languageId] ?? 'xml';
}
