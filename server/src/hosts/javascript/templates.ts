/**
 * Every template literal of a JS/TS file, with its `${…}` spans, its tag and the block comment right before
 * it. Two producers with one result:
 *
 * - `scanTemplates`: one pass of the tokens (`lexer.ts`, which reads them as `ts.createScanner` does). It is
 *   many times faster than a parse, which matters because it runs on every change of every open JS/TS file,
 *   most of which hold no VoiceML at all. A scan alone cannot know whether `/` starts a regular expression;
 *   it decides from the previous token, as editors' highlighters do, and reports when the text is one it
 *   cannot scan with confidence: an unterminated string or regular expression usually means a `/` or a quote
 *   was read in the wrong role (`if (x) /'/.test(s)`), and every token after it may be off. (An unterminated
 *   template is normal while typing and handled.)
 * - `parseTemplates`: `ts.createSourceFile` and a walk. Exact; used for JSX files (JSX text is not
 *   JavaScript tokens: `<p>Don't</p>`) and whenever the scanner is not confident.
 *
 * `findTemplates` picks between them. All offsets are UTF-16 offsets into the file. The scanner also
 * leaves its tokens (`TokenTape`), so the binding pass (`bindings.ts`) does not scan the file again.
 */
import type * as TS from 'typescript';
import { typescript } from './typescript';
import { isXmlSpace } from '../../parser';
import { internSlice } from '../../parser/intern';
import { LastParse } from '../lastParse';
import { changeBetween } from '../../document/change';
import { lineBreakIn, Lexer, LexProblem } from './lexer';

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
 * The significant tokens of a scan (no trivia), as the scan read them (a `}` closing a `${…}` is the
 * template part it starts, a `/` starting a regular expression is the whole literal). Kept in typed arrays:
 * the binding pass reads them again instead of scanning the file a second time.
 */
export class TokenTape {
  kinds: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  length = 0;

  constructor(
    /** The text the tokens were read from. */
    private readonly text: string,
    capacity: number,
  ) {
    [this.kinds, this.starts, this.ends] = TokenTape.arrays(capacity);
  }

  /**
   * Whether a line break comes before token `i` (automatic semicolons): one is in the trivia between it and
   * the token before, which holds only white space and comments. Read from the text when asked (the binding
   * pass asks about a few tokens), not recorded for every token.
   */
  lineBreakBefore(i: number): boolean {
    return lineBreakIn(this.text, i > 0 ? this.ends[i - 1]! : 0, this.starts[i]!);
  }

  /**
   * The three arrays for `capacity` tokens, in one buffer not filled with zeros (only the first `length`
   * tokens are ever read): one allocation outside the JavaScript heap instead of three, and no 10 bytes
   * written per token the file may have (three zero-filled arrays were 0.8 % of opening 100 KB of TypeScript,
   * this is 0.1 %). The starts and ends come first, where their 4-byte units are aligned: `allocUnsafeSlow`
   * makes a buffer of its own, at offset 0 (`allocUnsafe` may hand out a part of a shared one, anywhere).
   */
  private static arrays(capacity: number): [Uint16Array, Int32Array, Int32Array] {
    const { buffer } = Buffer.allocUnsafeSlow(capacity * 10);
    return [new Uint16Array(buffer, capacity * 8, capacity), new Int32Array(buffer, 0, capacity), new Int32Array(buffer, capacity * 4, capacity)];
  }

  /** Room for more tokens: arrays twice as long (and then some), the tokens in them kept. */
  grow(): void {
    const [kinds, starts, ends] = TokenTape.arrays(this.kinds.length * 2 + 16);
    kinds.set(this.kinds);
    starts.set(this.starts);
    ends.set(this.ends);
    this.kinds = kinds;
    this.starts = starts;
    this.ends = ends;
  }
}

/**
 * The scanner producer. Returns undefined when the scanner hit something it cannot scan with confidence;
 * the caller then parses.
 */
export function scanTemplates(text: string): { templates: TemplateLiteral[]; tape: TokenTape } | undefined {
  const ts = typescript();
  const K = ts.SyntaxKind;
  const scanner = new Lexer(ts, text);
  // About one significant token per 5 characters of code.
  const tape = new TokenTape(text, (text.length >> 2) + 16);
  const templates: TemplateLiteral[] = [];
  // Open `{` and `${`: a `${` entry is the template whose span the matching `}` closes.
  const braces: (TemplateLiteral | null)[] = [];
  const spanStarts: number[] = [];
  let previous: TS.SyntaxKind = K.Unknown; // last significant token
  let previousStart = 0;
  let previousEnd = 0;
  let beforePrevious: TS.SyntaxKind = K.Unknown;

  const open = (start: number, tokenEnd: number, head: boolean): TemplateLiteral => {
    const template: TemplateLiteral = {
      start,
      end: tokenEnd,
      contentStart: start + 1,
      contentEnd: tokenEnd,
      closed: false,
      // An identifier right before a template is its tag (also the last name of `a.b.voiceml`).
      tag: previous === K.Identifier ? identifierText(text, previousStart, previousEnd) : undefined,
      // The trivia before it (white space and comments only: the scanner skipped them) may end in a marker.
      marker: markerBefore(ts, text, scanner.getTokenFullStart(), start),
      substitutions: [],
    };
    templates.push(template);
    if (head) {
      braces.push(template);
      spanStarts.push(tokenEnd - 2);
    }
    return template;
  };
  const close = (template: TemplateLiteral, tokenEnd: number): void => {
    template.closed = !scanner.isUnterminated();
    template.end = tokenEnd;
    template.contentEnd = template.closed ? tokenEnd - 1 : tokenEnd;
  };

  // The tokens go into the tape's arrays held here, not through a method of the tape, which would load them
  // (and its length) from it again at every token: 3 % of this scan.
  let { kinds, starts, ends } = tape;
  let count = 0;
  // Trivia is skipped by the scanner, which tells whether a line break was in it.
  for (let token = scanner.scan(); token !== K.EndOfFileToken; token = scanner.scan()) {
    switch (token) {
      case K.NoSubstitutionTemplateLiteral:
        close(open(scanner.getTokenStart(), scanner.getTokenEnd(), false), scanner.getTokenEnd());
        break;
      case K.TemplateHead:
        open(scanner.getTokenStart(), scanner.getTokenEnd(), true);
        break;
      case K.OpenBraceToken:
        braces.push(null);
        break;
      case K.CloseBraceToken: {
        const owner = braces.pop();
        if (!owner) break;
        // This `}` ends a `${…}`: what follows is template text again, up to the next `${` or backtick.
        const brace = scanner.getTokenStart();
        token = scanner.reScanTemplateToken();
        const spanStart = spanStarts.pop()!;
        owner.substitutions.push({ start: spanStart, end: brace + 1, expressionStart: spanStart + 2, expressionEnd: brace });
        if (token === K.TemplateMiddle) {
          braces.push(owner);
          spanStarts.push(scanner.getTokenEnd() - 2);
        } else {
          close(owner, scanner.getTokenEnd());
        }
        break;
      }
      case K.SlashToken:
      case K.SlashEqualsToken:
        if (regexMayStartAfter(ts, previous, beforePrevious)) token = scanner.reScanSlashToken();
        break;
    }
    beforePrevious = previous;
    previous = token;
    previousStart = scanner.getTokenStart();
    previousEnd = scanner.getTokenEnd();
    if (count === kinds.length) {
      tape.grow();
      ({ kinds, starts, ends } = tape);
    }
    kinds[count] = token;
    starts[count] = previousStart;
    ends[count] = previousEnd;
    count++;
  }
  tape.length = count;
  if (scanner.problem !== LexProblem.None) return undefined;
  // Templates still open at the end of the file (being typed): their last span and their text run to the end.
  while (braces.length > 0) {
    const owner = braces.pop();
    if (!owner) continue;
    const spanStart = spanStarts.pop()!;
    owner.substitutions.push({ start: spanStart, end: text.length, expressionStart: spanStart + 2, expressionEnd: text.length });
    owner.closed = false;
    owner.end = owner.contentEnd = text.length;
  }
  return { templates, tape };
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

/**
 * Can a `/` after `kind` (and `before` it) start a regular expression? A scanner cannot know; like editors'
 * highlighters, decide from the previous token: after something that ends an expression, `/` divides.
 */
export function regexMayStartAfter(ts: typeof TS, kind: TS.SyntaxKind, before: TS.SyntaxKind): boolean {
  const K = ts.SyntaxKind;
  switch (kind) {
    // After something that ends an expression, `/` divides.
    case K.Identifier:
    case K.PrivateIdentifier:
    case K.NumericLiteral:
    case K.BigIntLiteral:
    case K.StringLiteral:
    case K.RegularExpressionLiteral:
    case K.NoSubstitutionTemplateLiteral:
    case K.TemplateTail:
    case K.CloseParenToken:
    case K.CloseBracketToken:
    case K.CloseBraceToken:
    case K.PlusPlusToken:
    case K.MinusMinusToken:
    case K.ThisKeyword:
    case K.SuperKeyword:
    case K.TrueKeyword:
    case K.FalseKeyword:
    case K.NullKeyword:
      return false;
  }
  // A keyword read as a property name (`a.delete / 2`) is an identifier.
  if (before === K.DotToken || before === K.QuestionDotToken) return false;
  // Keywords that are not reserved words (`type`, `of`, `as`, `async` …) are usually identifiers here.
  if (kind > K.LastReservedWord && kind <= K.LastKeyword) return false;
  return true;
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
