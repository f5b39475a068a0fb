/**
 * The substitutions of a JS/TS region: each `${…}` of a template, and each piece of code joined to strings. What
 * one holds (`valueOf`, `constantOf`) is worked out on first use, from the file's bindings.
 */
import type { Substitution, SubstitutionValue } from '../../document/region';
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

export class ScriptSubstitution implements Substitution {
  private held: SubstitutionValue | undefined;
  private known: { text: string | undefined } | undefined;

  constructor(
    readonly start: number,
    readonly end: number,
    readonly expressionStart: number,
    readonly expressionEnd: number,
    readonly text: string,
    readonly expression: string,
    readonly place: Place,
  ) {}

  value(): SubstitutionValue {
    return (this.held ??= valueOf(this.expression, this.place.offset + this.expressionStart, this.place.host));
  }

  constant(): string | undefined {
    return (this.known ??= { text: constantOf(this.expression, this.place.offset + this.expressionStart, this.place.host) }).text;
  }

  /** Takes what `before` (the same code in the file's previous version, whose bindings were the same) was found to hold. */
  keep(before: ScriptSubstitution | undefined): void {
    if (before?.expression !== this.expression) return;
    this.held ??= before.held;
    this.known ??= before.known;
  }
}

/** A template's substitutions in the offsets of a region at `place`. */
export function substitutionsOf(template: TemplateLiteral, place: Place): ScriptSubstitution[] {
  const text = place.host.text;
  const base = place.offset;
  return template.substitutions.map(
    (span) =>
      new ScriptSubstitution(
        span.start - base,
        span.end - base,
        span.expressionStart - base,
        span.expressionEnd - base,
        text.slice(span.start, span.end),
        text.slice(span.expressionStart, span.expressionEnd),
        place,
      ),
  );
}

/** The substitutions of a joined string: each piece that is code, and each template piece's `${…}`. */
export function joinedSubstitutions(joined: Joined, place: Place): ScriptSubstitution[] {
  const out: ScriptSubstitution[] = [];
  const base = place.offset;
  for (const piece of joined.pieces) {
    if (piece.kind === 'template') out.push(...substitutionsOf(piece.template, place));
    else if (piece.kind === 'code') {
      const expression = place.host.text.slice(piece.start, piece.end);
      out.push(new ScriptSubstitution(piece.start - base, piece.end - base, piece.start - base, piece.end - base, expression, expression, place));
    }
  }
  return out;
}
