/**
 * What a template literal's file says about writing into it (`RegionHost`): how text is escaped inside a
 * template, how a `${…}` is shown, and the injection fix — `${x}` → `${escapeXml(x)}`, with the one-line
 * helper added after the imports when the file has no `escapeXml`. It also answers the value questions of
 * `values.ts` from the file's bindings, made on first use.
 */
import type * as TS from 'typescript';
import type { Localized } from '../../l10n';
import type { Edit, RegionHost, Substitution, SubstitutionEscape } from '../../document/region';
import { moveBindings, parseBindings, tapeBindings, type BindingTable } from './bindings';
import { movedRange, type TextChange } from '../../document/change';
import { parseFile } from './templates';
import type { TokenTape } from './scan';
import type { ValueContext } from './values';
import { pieceRange, type Joined, type JoinedPiece } from './joined';
import { escapeQuoted } from '../quoted';

/** The helper the quick fix wraps values in (and adds to the file when it has none). */
export const ESCAPE_HELPER = 'escapeXml';

/**
 * The helper's code, as the fix adds it. Character references instead of named entities: the same one-liner
 * is then valid, strict TypeScript and plain JavaScript, and every XML parser reads them.
 */
export function escapeHelperCode(typescript: boolean): string {
  const signature = typescript ? '(value: unknown): string' : '(value)';
  return [
    `/** Escapes a value for VoiceML (XML) text and attribute values: < > & " ' become character references. */`,
    `const ${ESCAPE_HELPER} = ${signature} => String(value).replace(/[<>&"']/g, (c) => \`&#\${c.charCodeAt(0)};\`);`,
  ].join('\n');
}

/** `text` as it must be written inside a template literal to come out as `text`. */
export function escapeTemplateText(text: string): string {
  if (!text.includes('\\') && !text.includes('`') && !text.includes('${')) return text;
  return text.replaceAll('\\', '\\\\').replaceAll('`', '\\`').replaceAll('${', '\\${');
}

/** What the fix adds when the file has no `escapeXml`. */
const ADDS_HELPER = {
  title: { ko: `${ESCAPE_HELPER} 함수를 파일에 추가`, en: `adds the ${ESCAPE_HELPER} function to the file` },
  note: { ko: `${ESCAPE_HELPER}은(는) 빠른 수정이 파일에 추가하는 한 줄짜리 함수입니다.`, en: `${ESCAPE_HELPER} is a one-line function the quick fix adds to this file.` },
};

const ESCAPE_FUNCTIONS: Localized = {
  ko: 'he.escape, lodash의 _.escape, escape-html',
  en: 'he.escape, lodash _.escape and escape-html',
};

/** Versions of a file a binding table not yet made is carried through before it is made. */
const MAX_CARRIED = 16;

/** The JS/TS file around its templates: one per analysis of the file, shared by all its regions. */
export class TemplateFile implements RegionHost, ValueContext {
  readonly name = 'javascript';
  readonly escapeFunctions = ESCAPE_FUNCTIONS;
  private table: BindingTable | undefined;
  /** Makes the binding table on first use. */
  private makeTable: (() => BindingTable) | undefined;
  /** How many versions of the file the table is still to be carried through (see `moved`). */
  private carried = 0;
  /** The file's line break, as inserted code should use it (computed once: a fix is made per finding). */
  private eol: string | undefined;
  /** The `const` initializers values were worked out from (see `reads`). */
  private read: { start: number; end: number }[] = [];

  constructor(
    readonly text: string,
    readonly languageId: string,
    file: TS.SourceFile | undefined,
    tape: TokenTape | undefined,
  ) {
    // From the scan's tokens when there are some (a parse would cost more than everything else together),
    // else from the parsed file.
    this.makeTable = () => (tape && tapeBindings(text, tape)) ?? parseBindings(file ?? parseFile(text, languageId));
  }

  /**
   * The file after `change` (to `text`), made inside the text of one template: no token but that template's
   * changed, so every binding is the same, moved. The table is carried over, not made again: moved when first
   * asked for, and made now after many versions in which nobody asked (each holds the one before).
   */
  moved(text: string, change: TextChange): TemplateFile {
    if (this.table === undefined && this.carried >= MAX_CARRIED) this.bindings();
    const next = new TemplateFile(text, this.languageId, undefined, undefined);
    const table = this.table;
    const make = this.makeTable;
    next.makeTable = table ? () => moveBindings(table, change) : () => moveBindings(make!(), change);
    next.carried = table ? 1 : this.carried + 1;
    const seen = new Set<string>();
    for (const range of this.read) {
      const moved = movedRange(range, change);
      const key = `${moved.start}:${moved.end}`;
      if (!seen.has(key)) (seen.add(key), next.read.push(moved));
    }
    return next;
  }

  initializer(range: { start: number; end: number }): string {
    this.read.push(range);
    return this.text.slice(range.start, range.end);
  }

  /**
   * Was a value worked out so far from text that `change` touches (a `const` initializer holding the template
   * typed in: `${GREETING}` with ``const GREETING = `<Say>…</Say>` ``)? Then it may be another value now.
   */
  reads(change: TextChange): boolean {
    return this.read.some((range) => range.start < change.end && change.start < range.end);
  }

  readonly substitutionLabel = '${…}';

  escapeText(text: string): string {
    return escapeTemplateText(text);
  }

  /** Anywhere in a template, its source means what it meant: `${…}` and escapes are copied as written. */
  copySource(start: number, end: number, _at: number, regionOffset: number): string {
    return this.text.slice(regionOffset + start, regionOffset + end);
  }

  /**
   * `${x}` → `${escapeXml(x)}`: the whole `${…}` is replaced (an edit that cut into a substitution would be
   * taken for one that breaks the code); the helper goes after the imports when the file has no `escapeXml`.
   */
  escapeSubstitution(s: Substitution, regionOffset: number): SubstitutionEscape | undefined {
    return this.escapeWith(s, regionOffset, (call) => '${' + call + '}');
  }

  /** `s` replaced by its expression wrapped in the helper, as `write` writes the call there. */
  escapeWith(s: Substitution, regionOffset: number, write: (call: string) => string): SubstitutionEscape | undefined {
    const expression = s.expression.trim();
    if (expression === '') return undefined;
    const call = `${ESCAPE_HELPER}(${expression})`;
    const text = write(call);
    const edits: Edit[] = [{ start: s.start, end: s.end, newText: text }];
    const addsHelper = !this.declares(ESCAPE_HELPER);
    if (addsHelper) {
      const insertion = this.topLevelInsertion(escapeHelperCode(this.languageId.startsWith('typescript')));
      const at = insertion.offset - regionOffset;
      edits.unshift({ start: at, end: at, newText: insertion.newText });
    }
    return { call, text, adds: addsHelper ? ADDS_HELPER : undefined, edits };
  }

  bindings(): BindingTable {
    if (!this.table) {
      this.table = this.makeTable!();
      this.makeTable = undefined;
    }
    return this.table;
  }

  /** Whether the file binds `name` anywhere (import, declaration, parameter). */
  declares(name: string): boolean {
    return this.bindings().bindingsOf(name) !== undefined;
  }

  /** Where and how to insert top-level `code` (a helper function): after the imports, or at the top. */
  topLevelInsertion(code: string): { offset: number; newText: string } {
    const offset = this.bindings().helperOffset;
    // At the top (or after a shebang): the code, then a blank line.
    const atLineStart = offset === 0 || this.text.charCodeAt(offset - 1) === 0x0a;
    const eol = (this.eol ??= this.text.includes('\r\n') ? '\r\n' : '\n');
    const lines = code.split('\n').join(eol);
    if (atLineStart) return { offset, newText: lines + eol + eol };
    // After an import: one blank line before the code and one after it (the file may have that one already).
    const blankAfter = this.text.startsWith(eol + eol, offset);
    return { offset, newText: eol + eol + lines + (blankAfter ? '' : eol) };
  }
}

/**
 * A joined string or a string literal (`joined.ts`): text written into a piece is escaped for that piece (a
 * quote in `'…'`, a backtick in a template), a copied range stays within pieces written alike, and a piece
 * that is code is wrapped whole: `'<Say>' + msg` → `'<Say>' + escapeXml(msg)`.
 */
export class JoinedString implements RegionHost {
  readonly name = 'javascript';
  readonly escapeFunctions = ESCAPE_FUNCTIONS;
  readonly substitutionLabel = '…';

  constructor(
    private readonly file: TemplateFile,
    private readonly joined: Joined,
    /** The region's offset: its first piece's start. */
    private readonly base: number,
  ) {}

  /** The literal piece holding file range `[from, to]`. */
  private literalAt(from: number, to: number): Exclude<JoinedPiece, { kind: 'code' }> | undefined {
    for (const piece of this.joined.pieces) {
      if (piece.kind === 'code') continue;
      const { start, end } = pieceRange(piece);
      if (start <= from && to <= end) return piece;
    }
    return undefined;
  }

  escapeText(text: string, start: number, end: number): string | undefined {
    const piece = this.literalAt(this.base + start, this.base + end);
    if (!piece) return undefined; // across pieces, or in a seam
    return piece.kind === 'template' ? escapeTemplateText(text) : escapeQuoted(text, piece.quote);
  }

  copySource(start: number, end: number, at: number): string | undefined {
    const from = this.literalAt(this.base + start, this.base + end);
    const to = this.literalAt(this.base + at, this.base + at);
    if (!from || !to || from.kind !== to.kind || (from.kind === 'string' && to.kind === 'string' && from.quote !== to.quote)) return undefined;
    return this.file.text.slice(this.base + start, this.base + end);
  }

  escapeSubstitution(s: Substitution, regionOffset: number): SubstitutionEscape | undefined {
    const code = this.joined.pieces.some((p) => p.kind === 'code' && p.start === regionOffset + s.start);
    return code ? this.file.escapeWith(s, regionOffset, (call) => call) : this.file.escapeSubstitution(s, regionOffset);
  }
}
