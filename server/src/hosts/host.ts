/**
 * A host language: a kind of file that holds VoiceML, and how. Each host lives in its own folder —
 * `hosts/xml` (the whole file is VoiceML), `hosts/javascript` (template literals) — and is listed once in
 * `hosts/index.ts`; adding a language is adding a folder. A host finds its VoiceML regions and builds each as
 * a same-length virtual document (substitutions become placeholders of equal length, so offsets map 1:1
 * back), and it gives each region a `RegionHost` that knows the syntax around it. Rules and services never
 * see host syntax.
 */
import type { VoiceMLRegion } from '../document/region';
import type { FileRoutes } from '../document/routes';

export interface Host {
  /** The host's name, as its folder is named. */
  readonly name: string;
  /** The LSP language ids of its documents (`xml`, `typescriptreact` …). */
  readonly languageIds: readonly string[];
  /**
   * The file names the CLI reads as this host, by ending (`.ts`, `.voiceml.xml`), each with the language id an
   * editor would give such a file. Longer endings are tried first.
   */
  readonly fileEndings: Readonly<Record<string, string>>;
  /**
   * The VoiceML regions of a document, in order of their start (a region nested in another's substitution
   * comes after it). `previous`: what this returned for the same document before, so unchanged parts need not
   * be parsed again.
   */
  findRegions(text: string, languageId: string, previous?: readonly VoiceMLRegion[]): VoiceMLRegion[];
  /**
   * For a document over the size limit, which is not parsed: does it look like it holds VoiceML (then it gets
   * one diagnostic saying it was not checked)? Must read at most a bounded prefix.
   */
  mayBeVoiceML(text: string, languageId: string): boolean;
  /**
   * The regions to complete in, when they differ from the regions found: an XML file with no element yet
   * cannot tell whether it is VoiceML, but `<` in a new file should offer `<Response>`.
   */
  completionRegions?(text: string, regions: readonly VoiceMLRegion[]): readonly VoiceMLRegion[];
  /**
   * The web routes a file registers, and what the call-flow index needs to join them across files: routers,
   * mounts, imports, exports, conditions on request parameters (`document/routes.ts`). Read from the syntax
   * alone, never run. Absent for hosts whose files register no routes (XML). The last question asked of a
   * text: after its regions (`findRegions`), so that a parse they share can be let go once it is answered.
   * `regions`: the text's regions, when the caller has them: a document being edited (analysed with its regions
   * before) may keep what the reading parsed with them, for its next version.
   */
  readRoutes?(text: string, languageId: string, regions?: readonly VoiceMLRegion[]): FileRoutes;
}
