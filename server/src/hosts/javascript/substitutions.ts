/**
 * The substitutions of a JS/TS region: each `${…}` of a template, and each piece of code joined to strings. What
 * one holds (`valueOf`, `constantOf`) is worked out on first use, from the file's bindings.
 */
import type { SubstitutionValue } from '../../document/region';
import { KeptSubstitution } from '../../document/substitutions';
import type { TemplateFile } from './syntax';
import type { TemplateLiteral } from './templates';
import type { Joined } from './joined';
import { valueOf } from './values';
import { constantOf } from './constants';

/**
 * Where a region's substitutions stand: the region's offset in the file and the file. A keystroke elsewhere
 * moves the region and makes a new version of the file, but leaves what the substitutions hold as it was: the
 * region's next version keeps them and moves their place instead of making them again.
 */
export interface Place {
  offset: number;
  host: TemplateFile;
}

export class ScriptSubstitution extends KeptSubstitution {
  constructor(
    written: { start: number; end: number; expressionStart: number; expressionEnd: number },
    readonly place: Place,
  ) {
    super(written, place.offset, place.host.text);
  }

  protected valueNow(): SubstitutionValue {
    return valueOf(this.expression, this.place.offset + this.expressionStart, this.place.host);
  }

  protected constantNow(): string | undefined {
    return constantOf(this.expression, this.place.offset + this.expressionStart, this.place.host);
  }
}

/** A template's substitutions in the offsets of a region at `place`. */
export function substitutionsOf(template: TemplateLiteral, place: Place): ScriptSubstitution[] {
  return template.substitutions.map((span) => new ScriptSubstitution(span, place));
}

/** The substitutions of a joined string: each piece that is code, and each template piece's `${…}`. */
export function joinedSubstitutions(joined: Joined, place: Place): ScriptSubstitution[] {
  const out: ScriptSubstitution[] = [];
  for (const piece of joined.pieces) {
    if (piece.kind === 'template') out.push(...substitutionsOf(piece.template, place));
    else if (piece.kind === 'code') out.push(new ScriptSubstitution({ start: piece.start, end: piece.end, expressionStart: piece.start, expressionEnd: piece.end }, place));
  }
  return out;
}
