/**
 * Where a template literal goes: the call it is an argument of (`sendXml(res, \`…\`)` → `sendXml#1`), so that
 * a template whose first tag says nothing VoiceML (`<Zay>`, a tag half typed) is still VoiceML when the same
 * function, at the same argument, receives VoiceML elsewhere in the file. Read from the scanner's tokens (or
 * the parsed file when there is one): the tokens before the template up to the call's `(`, and the callee
 * before it (`res.type('xml').send`, written without white space).
 */
import type * as TS from 'typescript';
import { typescript } from './typescript';
import type { TemplateLiteral } from './templates';
import type { TokenTape } from './scan';

/** The call argument `template` is, as `callee#index`, or undefined when it is not a call's argument. */
export function argumentSite(text: string, template: TemplateLiteral, tape: TokenTape | undefined, file: TS.SourceFile | undefined): string | undefined {
  if (tape) return siteOnTape(text, tape, tokenStartingAt(tape, template.start, 0));
  return file ? siteInFile(file, template.start) : undefined;
}

/**
 * Of `sites` (each `callee#index`), those that one of `templates` is passed to. On the tokens, a template's
 * site is made only when its argument index and the last token before the call's `(` could be a wanted
 * site's: a file passes most of its VoiceML to other calls than the few a doubtful template goes to, and
 * making every template's site was some 4 % of opening a 100 KB TypeScript file.
 */
export function sitesReceiving(
  text: string,
  templates: readonly TemplateLiteral[],
  tape: TokenTape | undefined,
  file: TS.SourceFile | undefined,
  sites: ReadonlySet<string>,
): Set<string> {
  const found = new Set<string>();
  if (sites.size === 0) return found;
  const wanted = [...sites].map((site) => {
    const hash = site.lastIndexOf('#');
    return { callee: site.slice(0, hash), index: Number(site.slice(hash + 1)) };
  });
  // The templates come in the order of the file: each one's token is searched for from the last one's.
  let token = 0;
  for (const template of templates) {
    let site: string | undefined;
    if (tape) {
      token = tokenStartingAt(tape, template.start, Math.max(0, token));
      site = siteOnTape(text, tape, token, wanted);
    } else if (file) {
      site = siteInFile(file, template.start);
    }
    if (site === undefined || !sites.has(site)) continue;
    found.add(site);
    if (found.size === sites.size) break;
  }
  return found;
}

/**
 * The index of the token starting at `start` on the tape, or -1 when none does; `from`: a token at or before
 * it. Searched for in steps growing from `from`, then halving: a file's templates are looked up in order, each
 * a few tokens after the last (a search over the whole tape for each cost more than what is done with it).
 */
function tokenStartingAt(tape: TokenTape, start: number, from: number): number {
  const { starts, length } = tape;
  let low = from;
  let step = 1;
  while (low + step < length && starts[low + step]! < start) {
    low += step;
    step *= 2;
  }
  let high = Math.min(low + step, length - 1);
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (starts[mid]! < start) low = mid + 1;
    else high = mid;
  }
  return length > 0 && starts[low] === start ? low : -1;
}

/**
 * The site of the template whose token is `first` on the tape (-1: none is), read back on the tokens. With
 * `wanted`, undefined as soon as it cannot be one of those: its index is none of theirs, or no callee of
 * theirs ends with the token before `(`.
 */
function siteOnTape(text: string, tape: TokenTape, first: number, wanted?: readonly { callee: string; index: number }[]): string | undefined {
  const K = typescript().SyntaxKind;
  if (first < 0) return undefined;
  // Back to the `(` of the call, counting the commas of the arguments before it.
  let index = 0;
  let depth = 0;
  let i = first - 1;
  for (; i >= 0; i--) {
    const kind = tape.kinds[i]!;
    if (kind === K.CloseParenToken || kind === K.CloseBracketToken || kind === K.CloseBraceToken || kind === K.TemplateTail) depth++;
    else if (kind === K.OpenParenToken || kind === K.OpenBracketToken || kind === K.OpenBraceToken || kind === K.TemplateHead) {
      if (depth === 0) break;
      depth--;
    } else if (depth === 0 && kind === K.CommaToken) index++;
    else if (depth === 0 && endsArguments().has(kind)) return undefined;
  }
  if (i < 1 || tape.kinds[i] !== K.OpenParenToken) return undefined;
  // The callee: names, dots and bracketed or called parts right before the `(`.
  const paren = i;
  if (wanted !== undefined) {
    const last = text.slice(tape.starts[paren - 1]!, tape.ends[paren - 1]!);
    if (!wanted.some((w) => w.index === index && w.callee.endsWith(last))) return undefined;
  }
  depth = 0;
  let j = paren - 1;
  for (; j >= 0; j--) {
    const kind = tape.kinds[j]!;
    if (depth > 0) {
      if (kind === K.CloseParenToken || kind === K.CloseBracketToken) depth++;
      else if (kind === K.OpenParenToken || kind === K.OpenBracketToken) depth--;
      continue;
    }
    if (kind === K.CloseParenToken || kind === K.CloseBracketToken) depth++;
    else if (kind !== K.Identifier && kind !== K.DotToken && kind !== K.QuestionDotToken && !(kind > K.LastReservedWord && kind <= K.LastKeyword)) break;
  }
  if (j + 1 >= paren || depth > 0) return undefined;
  const callee = withoutWhiteSpace(text.slice(tape.starts[j + 1]!, tape.ends[paren - 1]!));
  return callee === '' ? undefined : `${callee}#${index}`;
}

/** Tokens that end an argument list looking backwards (the template is not an argument); made on first use. */
let ends: ReadonlySet<number> | undefined;
function endsArguments(): ReadonlySet<number> {
  const K = typescript().SyntaxKind;
  ends ??= new Set([K.SemicolonToken, K.EqualsToken, K.EqualsGreaterThanToken, K.ReturnKeyword, K.ColonToken, K.QuestionToken]);
  return ends;
}

/**
 * The site of the template starting at `start`, from the parsed file: the call it is an argument of, found
 * from the call down (the parse has no parent links).
 */
function siteInFile(file: TS.SourceFile, start: number): string | undefined {
  const ts = typescript();
  const find = (node: TS.Node): string | undefined => {
    if (start < node.pos || start >= node.end) return undefined;
    if (ts.isCallExpression(node)) {
      const index = node.arguments.findIndex((a) => (ts.isTemplateLiteral(a) || ts.isTaggedTemplateExpression(a)) && a.getStart(file) === start);
      if (index >= 0) return `${withoutWhiteSpace(node.expression.getText(file))}#${index}`;
    }
    return ts.forEachChild(node, find);
  };
  return find(file);
}

function withoutWhiteSpace(code: string): string {
  // Most callees are written without (`sendXml`, `res.type('xml').send`): then the code itself.
  let i = 0;
  while (i < code.length && !isSpace(code.charCodeAt(i))) i++;
  if (i === code.length) return code;
  let out = code.slice(0, i);
  for (; i < code.length; i++) if (!isSpace(code.charCodeAt(i))) out += code[i];
  return out;
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
