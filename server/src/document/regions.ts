import type { VoiceMLRegion } from './region';
import { lastStartingBefore, type Span } from './substitutions';

/**
 * The region at `offset` (a document offset) and the offset inside it. In a JS/TS file that is the innermost
 * template literal whose text holds the offset outside its `${…}` — inside one it is code, and belongs to
 * the template nested there if any, else to no region at all (TypeScript's features answer there, not ours).
 * Both ends of a region count as inside it (a cursor right before the closing backtick is typing VoiceML).
 * Regions built from code (`mapping`) are never found here: they have no text in the document to type in
 * (see `builtRegionAt`).
 */
export function regionAt(regions: readonly VoiceMLRegion[], offset: number): { region: VoiceMLRegion; offset: number } | undefined {
  let found: { region: VoiceMLRegion; offset: number } | undefined;
  // Regions are ordered by start and nested ones come after their container: the last match is innermost.
  for (const region of regions) {
    if (region.offset > offset) break;
    const local = offset - region.offset;
    if (local > region.tree.text.length) continue;
    if (region.mapping || strictlyInside(region.substitutions, local) || strictlyInside(region.seams, local)) continue;
    found = { region, offset: local };
  }
  return found;
}

/** Is `offset` strictly inside one of `spans` (ordered; their ends are outside)? */
function strictlyInside(spans: readonly Span[] | undefined, offset: number): boolean {
  if (!spans) return false;
  const span = spans[lastStartingBefore(spans, offset)];
  return span !== undefined && offset < span.end;
}

/**
 * The region built from code (`VoiceMLRegion.mapping`) whose parts hold document offset `offset` — a builder
 * method's name, an option's key or value — and the offset inside it there.
 */
export function builtRegionAt(regions: readonly VoiceMLRegion[], offset: number): { region: VoiceMLRegion; offset: number } | undefined {
  for (const region of regions) {
    const local = region.mapping?.at(offset);
    if (local !== undefined) return { region, offset: local };
  }
  return undefined;
}
