/**
 * Writing into a Python string (`RegionHost`): text a fix inserts, escaped for the literal it lands in (its
 * quotes, raw or not, bytes, f-string or `.format` braces, `%` signs), and the injection fix — `{name}` →
 * `{escape(name)}` with `from xml.sax.saxutils import escape` added once; in an attribute value, where quotes
 * must be escaped too, `html.escape`. A file that already imports an escaping function keeps using it.
 */
import type { Localized } from '../../l10n';
import type { Edit, RegionHost, Substitution, SubstitutionEscape } from '../../document/region';
import type { Piece, PythonString } from './literals';
import type { PythonNames } from './values';
import type { PythonFile } from './file';

const ESCAPE_FUNCTIONS: Localized = {
  ko: 'html.escape, markupsafe.escape, xml.sax.saxutils.escape(텍스트)',
  en: 'html.escape, markupsafe.escape and xml.sax.saxutils.escape (text)',
};

/** One Python string expression holding VoiceML. */
export class PythonStringHost implements RegionHost {
  readonly name = 'python';
  readonly escapeFunctions = ESCAPE_FUNCTIONS;
  readonly substitutionLabel = '{…}';

  private readonly source: string;
  private laidOut: PythonString | undefined;

  /**
   * `layout`: where the string is in `file` (its pieces and fields; in a version moved from an earlier one, its
   * fields' values are where they stood in that version), made when first needed; `place`: where the string is now, whose
   * `current()` reads it from `file`'s own tree, asked only for a fix.
   */
  constructor(
    private readonly file: PythonFile,
    private readonly layout: PythonString | (() => PythonString),
    private readonly place: { current(): PythonString },
  ) {
    this.source = file.text;
  }

  private get string(): PythonString {
    return (this.laidOut ??= typeof this.layout === 'function' ? this.layout() : this.layout);
  }

  private names(): PythonNames {
    return this.file.names();
  }

  /** The region offset of the string's text in the file. */
  private get base(): number {
    return this.string.pieces[0]!.contentStart;
  }

  escapeText(text: string, start: number, end: number): string | undefined {
    const from = this.base + start;
    const to = this.base + end;
    const first = this.string.pieces.find((p) => p.contentStart <= from && from <= p.contentEnd);
    const last = this.string.pieces.find((p) => p.contentStart <= to && to <= p.contentEnd);
    if (!first || !last || first.code || last.code) return undefined; // in a seam between two literals, or in code
    // Across a seam the edit joins two literals into one: only when they are written alike and nothing but
    // white space and quotes stands between them (never the code of a joined string).
    if (first !== last && !(sameKind(first, last) && this.adjacent(first, last))) return undefined;
    return escapeFor(text, first, this.source, from, to);
  }

  /**
   * A range copied as written, when it stays within one literal and lands in a literal written the same way
   * (an f-string's field means nothing in a plain string; a `\n` nothing in a raw one).
   */
  copySource(start: number, end: number, at: number): string | undefined {
    const base = this.base;
    const from = this.string.pieces.find((p) => p.contentStart <= base + start && base + end <= p.contentEnd);
    const to = this.string.pieces.find((p) => p.contentStart <= base + at && base + at <= p.contentEnd);
    if (!from || !to || from.code || to.code || !sameKind(from, to)) return undefined;
    return this.source.slice(base + start, base + end);
  }

  /** Are the literals `a` … `b` one string expression (`"<Say>" "…"`), with no code joining them? */
  private adjacent(a: Piece, b: Piece): boolean {
    const pieces = this.string.pieces;
    const from = pieces.indexOf(a);
    const to = pieces.indexOf(b);
    for (let i = Math.min(from, to) + 1; i <= Math.max(from, to); i++) {
      const seam = this.source.slice(pieces[i - 1]!.end, pieces[i]!.start);
      if (pieces[i]!.code || !isBlank(seam)) return false;
    }
    return true;
  }

  escapeSubstitution(s: Substitution, regionOffset: number, place: 'text' | 'attribute'): SubstitutionEscape | undefined {
    const field = this.place.current().fields.find((f) => f.start === regionOffset + s.start);
    if (!field) return undefined;
    const helper = this.escapeCall(place);
    if (!helper) return undefined;
    const edits: Edit[] = [];
    let text: string;
    let call: string;
    if (field.kind === 'fstring') {
      // An f-string field: the whole field is rewritten, its conversion and format spec kept (`{escape(x)!r}`).
      const expression = s.expression.trim();
      if (expression === '') return undefined;
      call = `${helper.call}(${expression})`;
      text = '{' + call + this.source.slice(field.expressionEnd, field.end - 1) + '}';
      edits.push({ start: s.start, end: s.end, newText: text });
    } else {
      // `.format(name=x)` / `% (x,)`: the argument is wrapped, where the call passes it; `"<Say>" + x`: `x`.
      const argument = field.value;
      if (!argument) return undefined;
      call = `${helper.call}(${this.source.slice(argument.from, argument.to)})`;
      text = call;
      edits.push({ start: argument.from - regionOffset, end: argument.to - regionOffset, newText: call });
    }
    if (helper.importLine) {
      const at = this.importOffset();
      edits.unshift({ start: at.offset - regionOffset, end: at.offset - regionOffset, newText: at.before + helper.importLine + at.after });
    }
    const line = helper.importLine;
    const adds = line
      ? { title: { ko: `${line} 추가`, en: `adds ${line}` }, note: { ko: `빠른 수정이 파일에 ${line}을(를) 추가합니다.`, en: `The quick fix adds ${line} to the file.` } }
      : undefined;
    return { call, text, adds, edits };
  }

  /**
   * How to call an escaping function here, and the import line that makes it available when the file has
   * none. Text needs `<` and `&` escaped (`xml.sax.saxutils.escape`); an attribute value its quotes too
   * (`html.escape`). A name the file already imports for that is used as it is.
   */
  private escapeCall(place: 'text' | 'attribute'): { call: string; importLine?: string } | undefined {
    const names = this.names();
    const full = place === 'text' ? ['html.escape', 'markupsafe.escape', 'xml.sax.saxutils.escape'] : ['html.escape', 'markupsafe.escape'];
    for (const [local, imported] of names.imports) {
      if (full.includes(imported)) return { call: local };
      // `import html` → `html.escape`; `import markupsafe` → `markupsafe.escape`
      if (full.includes(`${imported}.escape`)) return { call: `${local}.escape` };
    }
    if (place === 'text' && !names.binds('escape')) return { call: 'escape', importLine: 'from xml.sax.saxutils import escape' };
    if (!names.binds('html')) return { call: 'html.escape', importLine: 'import html' };
    return undefined;
  }

  /** Where an import goes: after the imports of the module (else its docstring), else at the top after a shebang and coding line. */
  private importOffset(): { offset: number; before: string; after: string } {
    const eol = this.source.includes('\r\n') ? '\r\n' : '\n';
    const after = this.names().importOffset;
    if (after > 0) return { offset: after, before: eol, after: '' };
    let offset = 0;
    // `#!/usr/bin/env python` and `# -*- coding: utf-8 -*-` must stay on the first lines.
    while (this.source.startsWith('#', offset)) {
      const line = this.source.indexOf('\n', offset);
      if (line < 0) return { offset: this.source.length, before: eol, after: '' };
      offset = line + 1;
    }
    return { offset, before: '', after: eol + eol };
  }
}

function sameKind(a: Piece, b: Piece): boolean {
  return a.raw === b.raw && a.bytes === b.bytes && a.format === b.format && a.quote === b.quote && a.formatting === b.formatting;
}

/** White space and comments only (what stands between adjacent literals besides their quotes and prefixes). */
function isBlank(seam: string): boolean {
  let comment = false;
  for (const c of seam) {
    if (c === '\n') comment = false;
    else if (comment) continue;
    else if (c === '#') comment = true;
    else if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\\') return false;
  }
  return true;
}

/**
 * `text` as it must be written into `piece` (replacing `[from, to)`, file offsets) so that the string holds
 * `text`; undefined when the literal cannot hold it (a line break in a one-line raw string).
 */
function escapeFor(text: string, piece: Piece, source: string, from: number, to: number): string | undefined {
  const braces = piece.format || piece.formatting === 'format';
  const percents = piece.formatting === 'percent';
  const triple = piece.quote.length === 3;
  const q = piece.quote[0]!;
  // The characters around the edit, for a quote that would close a triple-quoted literal.
  const before = from === piece.contentStart ? q : source[from - 1];
  const after = to === piece.contentEnd ? q : source[to];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (braces && (c === '{' || c === '}')) {
      out += c + c;
      continue;
    }
    if (percents && c === '%') {
      out += '%%';
      continue;
    }
    // A bytes literal holds ASCII only (a fix writing Korean text into one is not offered).
    if (piece.bytes && c.charCodeAt(0) > 0x7f) return undefined;
    if (piece.raw) {
      // Nothing can be escaped in a raw string: what it cannot hold as it is, it cannot hold.
      if (c === q && (!triple || text[i - 1] === q || text[i + 1] === q || (i === 0 && before === q) || (i === text.length - 1 && after === q))) return undefined;
      if ((c === '\n' || c === '\r') && !triple) return undefined;
      if (c === '\\' && i === text.length - 1) return undefined; // would escape what follows
      out += c;
      continue;
    }
    if (c === '\\') out += '\\\\';
    else if (c === q && (!triple || (i > 0 ? text[i - 1] : before) === q || (i < text.length - 1 ? text[i + 1] : after) === q)) out += '\\' + c;
    else if (c === '\n' && !triple) out += '\\n';
    else if (c === '\r' && !triple) out += '\\r';
    else out += c;
  }
  return out;
}

/**
 * The host of a response built with the helper library's calls: nothing of it is a string to write into, so
 * no text fix and no escaping fix (its findings are placed on the calls, see `document/built.ts`).
 */
export const PYTHON_CALLS: RegionHost = {
  name: 'python',
  escapeText: () => undefined,
  substitutionLabel: '…',
  copySource: () => undefined,
  escapeSubstitution: () => undefined,
  escapeFunctions: undefined,
};

