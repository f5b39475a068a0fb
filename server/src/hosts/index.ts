/**
 * Every host language, and which one reads a document. Adding a language is adding its folder and one line
 * here; rules, services and the server know nothing more of it.
 */
import type { VoiceMLRegion } from '../document/region';
import type { Host } from './host';
import { javascriptHost } from './javascript';
import { pythonHost } from './python';
import { xmlHost } from './xml';

export type { Host } from './host';

export const hosts: readonly Host[] = [xmlHost, javascriptHost, pythonHost];

const byLanguageId = new Map<string, Host>(hosts.flatMap((host) => host.languageIds.map((id) => [id, host] as const)));

/** The host that reads documents of `languageId`, or undefined (documents of other languages hold no VoiceML). */
export function hostFor(languageId: string): Host | undefined {
  return byLanguageId.get(languageId);
}

/** The VoiceML regions of a document (see `Host.findRegions`); none for a language no host reads. */
export function findRegions(text: string, languageId: string, previous?: readonly VoiceMLRegion[]): VoiceMLRegion[] {
  return hostFor(languageId)?.findRegions(text, languageId, previous) ?? [];
}

/** Every file ending a host reads, longest first (`.voiceml.xml` before `.xml`), with its language id. */
const endings: readonly (readonly [string, string])[] = hosts
  .flatMap((host) => Object.entries(host.fileEndings))
  .sort(([a], [b]) => b.length - a.length);

/** The language id an editor gives a file, from its name; undefined when no host reads such files. */
export function languageIdOfFile(file: string): string | undefined {
  const name = file.toLowerCase();
  return endings.find(([ending]) => name.endsWith(ending))?.[1];
}
