/**
 * Every template literal of a JS/TS file, with its `${…}` spans, its tag and the block comment right before
 * it. Two producers with one result:
 *
 * - `scanTemplates`: from one pass over the tokens (`scan.ts`, which reads them as `ts.createScanner` does).
 *   It is many times faster than a parse, which matters because it runs on every change of every open JS/TS
 *   file, most of which hold no VoiceML at all. A scan alone cannot know whether `/` starts a regular
 *   expression; it decides from the previous token, as editors' highlighters do, and reports when the text
 *   is one it cannot scan with confidence: an unterminated string or regular expression usually means a `/`
 *   or a quote was read in the wrong role (`if (x) /'/.test(s)`), and every token after it may be off. (An
 *   unterminated template is normal while typing and handled.)
 * - `parseTemplates`: `ts.createSourceFile` and a walk. Exact; used for JSX files (JSX text is not
 *   JavaScript tokens: `<p>Don't</p>`) and whenever the scan is not confident (or not there: not built).
 *
 * `findTemplates` picks between them. All offsets are UTF-16 offsets into the file. The scan also leaves its
 * tokens (`TokenTape`), so the binding pass (`bindings.ts`) does not scan the file again.
 */
import type * as TS from 'typescript';
import { typescript } from './typescript';
import { isXmlSpace } from '../../parser';
import { internSlice } from '../../parser/intern';
import { LastParse } from '../lastParse';
import { changeBetween } from '../../document/change';
import { scanScript, SPAN, TEMPLATE, type TokenTape } from './scan';

export interface TemplateLiteral {
  /** Offset of the opening backtick. */
  start: number;
  /** Offset after the closing backtick; the end of the file when the template is not closed. */
  end: number;
  /** The text between the backticks: `contentStart` is `start + 1`, `contentEnd` the closing backtick's offset. */
  contentStart: number;
  contentEnd: number;
  /** False while the closing backtick is missing (being typed): the template runs to the end of the file. */
  closed: boolean;
  /**
   * The tag's name for `voiceml\`…\`` and `tags.voiceml\`…\`` (`voiceml`); undefined when untagged or
   * tagged by another kind of expression (`f()\`…\``), which tells nothing about the language.
   */
  tag: string | undefined;
  /** The text of a block comment right before the template (`/* voiceml *\/` → `voiceml`), trimmed. */
  marker: string | undefined;
  substitutions: TemplateSpan[];
}

/** One `${…}`. */
export interface TemplateSpan {
  /** Offset of `$`. */
  start: number;
  /** Offset after `}`; where the template stops when the `}` is missing. */
  end: number;
  /** The expression's range: after `${`, up to the `}` (or `end`). */
  expressionStart: number;
  expressionEnd: number;
}

/** Language ids of JS/TS documents, with how `typescript` must read them. */
const SCRIPT_KINDS: Readonly<Record<string, 'JS' | 'TS' | 'JSX' | 'TSX'>> = {
  javascript: 'JS',
  typescript: 'TS',
  javascriptreact: 'JSX',
  typescriptreact: 'TSX',
};

/** The language ids of JS/TS documents. */
export const SCRIPT_LANGUAGE_IDS: readonly string[] = Object.keys(SCRIPT_KINDS);

export function scriptKindOf(ts: typeof TS, languageId: string): TS.ScriptKind {
  return ts.ScriptKind[SCRIPT_KINDS[languageId] ?? 'TS'];
}

/** Which producer found the templates (for tests and the benchmark). */
export type TemplateSource = 'scanner' | 'parser';

/**
 * The templates of a JS/TS file, in order of their start; nested templates follow the one they are in.
 * `file` is the parsed file when the parser was used (so later questions need not parse again).
 */
export function findTemplates(
  text: string,
  languageId: string,
  parse: () => TS.SourceFile = () => parseFile(text, languageId),
): { templates: TemplateLiteral[]; source: TemplateSource; file?: TS.SourceFile; tape?: TokenTape } {
  const kind = SCRIPT_KINDS[languageId] ?? 'TS';
  if (kind === 'JS' || kind === 'TS') {
    const scanned = scanTemplates(text);
    if (scanned !== undefined) return { templates: scanned.templates, source: 'scanner', tape: scanned.tape };
  }
  const file = parse();
  return { templates: parseTemplates(file), source: 'parser', file };
}

/**
 * The templates of a scan (`scan.ts`); undefined when it read something it cannot be sure of, or there is no
 * scan (not built): the caller parses the file then.
 */
export function scanTemplates(text: string): { templates: TemplateLiteral[]; tape: TokenTape } | undefined {
  const scanned = scanScript(text);
  if (scanned === undefined || scanned.problem !== undefined) return undefined;
  const ts = typescript();
  const { templates: records, spans } = scanned;
  const templates: TemplateLiteral[] = [];
  for (let at = 0; at < records.length; at += TEMPLATE) {
    const start = records[at]!;
    const tagStart = records[at + 5]!;
    templates.push({
      start,
      end: records[at + 1]!,
      contentStart: start + 1,
      contentEnd: records[at + 2]!,
      closed: records[at + 3] === 1,
      // An identifier right before a template is its tag (also the last name of `a.b.voiceml`).
      tag: tagStart >= 0 ? identifierText(text, tagStart, records[at + 6]!) : undefined,
      // The trivia before it (white space and comments only: the scan skipped them) may end in a marker.
      marker: markerBefore(ts, text, records[at + 4]!, start),
      substitutions: [],
    });
  }
  for (let at = 0; at < spans.length; at += SPAN) {
    const start = spans[at + 1]!;
    templates[spans[at]!]!.substitutions.push({ start, end: spans[at + 2]!, expressionStart: start + 2, expressionEnd: spans[at + 3]! });
  }
  return { templates, tape: scanned.tape };
}

/**
 * An identifier's name from its text. Names written with escapes (`\u0061`) are rare enough to decode with
 * the scanner only then.
 */
export function identifierText(text: string, start: number, end: number): string {
  // Short names (`req`, `res`, `name`) from the parser's cache: a file names the same ones again and again.
  const name = internSlice(text, start, end);
  if (!name.includes('\\')) return name;
  const scanner = typescript().createScanner(typescript().ScriptTarget.Latest, true, undefined, name);
  scanner.scan();
  return scanner.getTokenValue();
}


/** White space or a line break, as the scanner skips them in trivia. */
function isTriviaSpace(ts: typeof TS, c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || (c > 0x7f || c === 0x0b || c === 0x0c ? ts.isWhiteSpaceLike(c) : false);
}

/** `/* voiceml *\/` → `voiceml`; the text of any block comment, trimmed, without the stars of `/** x *\/`. */
function commentWord(comment: string): string {
  let start = 2;
  let end = comment.endsWith('*/') ? comment.length - 2 : comment.length;
  while (start < end && (comment[start] === '*' || isXmlSpace(comment.charCodeAt(start)))) start++;
  while (end > start && isXmlSpace(comment.charCodeAt(end - 1))) end--;
  return comment.slice(start, end);
}


/** The parser producer: exact for every file `typescript` can read, JSX included. */
export function parseTemplates(file: TS.SourceFile): TemplateLiteral[] {
  const ts = typescript();
  const text = file.text;
  const templates: TemplateLiteral[] = [];
  const visit = (node: TS.Node, tag: string | undefined): void => {
    if (node.kind === ts.SyntaxKind.TaggedTemplateExpression) {
      const tagged = node as TS.TaggedTemplateExpression;
      visit(tagged.tag, undefined);
      if (tagged.typeArguments) for (const type of tagged.typeArguments) visit(type, undefined);
      visit(tagged.template, tagName(ts, tagged.tag));
      return;
    }
    if (node.kind === ts.SyntaxKind.NoSubstitutionTemplateLiteral) {
      templates.push(templateOf(ts, text, file, node as TS.NoSubstitutionTemplateLiteral, tag, []));
      return;
    }
    if (node.kind === ts.SyntaxKind.TemplateExpression) {
      const expression = node as TS.TemplateExpression;
      const template = templateOf(ts, text, file, expression, tag, []);
      templates.push(template);
      let spanStart = expression.head.end - 2;
      for (const span of expression.templateSpans) {
        const literal = span.literal;
        const missing = literal.end === literal.pos; // a `}` the parser had to invent
        const brace = missing ? text.length : literal.getStart(file);
        template.substitutions.push({ start: spanStart, end: missing ? brace : brace + 1, expressionStart: spanStart + 2, expressionEnd: brace });
        visit(span.expression, undefined);
        spanStart = literal.end - 2;
      }
      return;
    }
    ts.forEachChild(node, (child) => visit(child, undefined));
  };
  visit(file, undefined);
  return templates;
}

/** The last file parsed (see `LastParse`). */
const lastParsed = new LastParse<TS.SourceFile>();

/** Lets the file parsed last go (see `LastParse.release`). */
export function releaseParsedFile(): void {
  lastParsed.release();
}

/**
 * Whether TypeScript read `[start, end)` of `file`'s text as inside the text of one template (between its
 * backtick or `}` and its `${` or closing backtick). The templates' scan (`scanTemplates`) follows the
 * language's grammar alone; in a file with syntax errors TypeScript's recovery may read its backquotes
 * otherwise, and text the scan holds inside a template be code to it (a broken file of the fuzzer: typing
 * there moved a route of the file into a template for TypeScript, and out of the file's routes). One path
 * down the tree: the nodes holding the range.
 */
export function inTemplateText(ts: typeof TS, file: TS.SourceFile, start: number, end: number): boolean {
  const K = ts.SyntaxKind;
  let found = false;
  // Siblings do not overlap: the first child holding the range is the only one.
  const holding = (node: TS.Node): true | undefined => {
    if (node.pos > start || node.end < end) return undefined;
    const kind = node.kind;
    if (kind === K.NoSubstitutionTemplateLiteral || kind === K.TemplateHead || kind === K.TemplateMiddle || kind === K.TemplateTail) {
      // The text between the opening backtick or `}` and the closing backtick or `${` (an unclosed one: not).
      const textEnd = node.end - (kind === K.TemplateHead || kind === K.TemplateMiddle ? 2 : 1);
      found = node.getStart(file) + 1 <= start && end <= textEnd && file.text.charCodeAt(textEnd) === (textEnd === node.end - 1 ? 0x60 : 0x24);
    } else {
      ts.forEachChild(node, holding);
    }
    return true;
  };
  ts.forEachChild(file, holding);
  return found;
}

/** A file's parse kept for the file's next version (see `parseFile`). */
export interface KeptParse {
  text: string;
  file: TS.SourceFile;
}

/** A change over this many characters (a paste, a file replaced) is parsed afresh. */
const INCREMENTAL_CHANGE = 4096;

/**
 * Parses a whole file (no JSDoc: it plays no part here and costs time). `from`: the parse of the same file's
 * version before, for TypeScript's incremental parse, which reuses what a small change left alone (a keystroke
 * in the code of a 100 KB file: 6.4 → 1.6 ms, the same tree). That parse moves the nodes of the tree it starts
 * from: the caller hands it on and reads it no more.
 */
export function parseFile(text: string, languageId: string, from?: KeptParse): TS.SourceFile {
  const held = lastParsed.get(text, languageId);
  if (held) return held;
  const change = from && changeBetween(from.text, text);
  const small = change !== undefined && change.end - change.start <= INCREMENTAL_CHANGE && change.newEnd - change.start <= INCREMENTAL_CHANGE;
  const file =
    from?.text === text
      ? from.file
      : small
        ? typescript().updateSourceFile(from!.file, text, { span: { start: change.start, length: change.end - change.start }, newLength: change.newEnd - change.start })
        : parse(text, languageId);
  lastParsed.set(text, file, languageId);
  return file;
}

function parse(text: string, languageId: string): TS.SourceFile {
  const ts = typescript();
  return ts.createSourceFile(
    'embedded' + extensionOf(languageId),
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    scriptKindOf(ts, languageId),
  );
}

function extensionOf(languageId: string): string {
  switch (SCRIPT_KINDS[languageId]) {
    case 'JS':
      return '.js';
    case 'JSX':
      return '.jsx';
    case 'TSX':
      return '.tsx';
    default:
      return '.ts';
  }
}

function tagName(ts: typeof TS, tag: TS.Expression): string | undefined {
  if (ts.isIdentifier(tag)) return tag.text;
  if (ts.isPropertyAccessExpression(tag) && ts.isIdentifier(tag.name)) return tag.name.text;
  return undefined;
}

function templateOf(
  ts: typeof TS,
  text: string,
  file: TS.SourceFile,
  node: TS.NoSubstitutionTemplateLiteral | TS.TemplateExpression,
  tag: string | undefined,
  substitutions: TemplateSpan[],
): TemplateLiteral {
  const start = node.getStart(file);
  const last: TS.LiteralLikeNode = ts.isNoSubstitutionTemplateLiteral(node) ? node : node.templateSpans[node.templateSpans.length - 1]?.literal ?? node.head;
  const closed = !last.isUnterminated && last.end > last.pos;
  return {
    start,
    end: closed ? node.end : text.length,
    contentStart: start + 1,
    contentEnd: closed ? node.end - 1 : text.length,
    closed,
    tag,
    marker: markerBefore(ts, text, node.pos, start),
    substitutions,
  };
}

/**
 * The block comment that ends the trivia `[pos, start)` before a token, when its last comment is one: only white
 * space stands between it and the token.
 */
function markerBefore(ts: typeof TS, text: string, pos: number, start: number): string | undefined {
  // Most templates have no comment before them: the trivia does not end in `*/` and white space. (Looked for
  // back from the template, in the trivia alone: `lastIndexOf` would read the file back to its last comment,
  // to its start in a file without one, for every template.)
  if (start - pos < 4) return undefined;
  let end = start - 1;
  while (end > pos && isTriviaSpace(ts, text.charCodeAt(end))) end--;
  if (end < pos + 3 || text.charCodeAt(end) !== 0x2f || text.charCodeAt(end - 1) !== 0x2a) return undefined;
  // `typescript` splits trivia into the previous token's trailing comments (same line) and this node's
  // leading ones; a marker can be either (`= /* voiceml */ \``).
  const comments = [...(ts.getTrailingCommentRanges(text, pos) ?? []), ...(ts.getLeadingCommentRanges(text, pos) ?? [])];
  const last = comments[comments.length - 1];
  if (!last || last.kind !== ts.SyntaxKind.MultiLineCommentTrivia) return undefined;
  return commentWord(text.slice(last.pos, last.end));
}
