import { parseErrorMessages } from '../parser/messages';
import type { ParseError, ParseErrorCode } from '../parser/ast';
import type { Fix, Rule } from './rule';

/**
 * Errors a fragment may have only because it is a fragment: a template without `<Response>` is spliced into
 * one at run time, so several top-level elements and top-level text are its normal shape.
 */
const FRAGMENT_SHAPE: ReadonlySet<ParseErrorCode> = new Set<ParseErrorCode>([
  'multiple-roots',
  'text-outside-root',
  'empty-document',
  'cdata-outside-root',
]);

/** Well-formedness errors from the parser: the platform rejects a response that is not well-formed XML. */
export const xmlSyntax: Rule = {
  name: 'xml-syntax',
  severity: 'error',
  markup: true,
  description: {
    ko: 'XML 문법 오류 (닫히지 않은 태그, 따옴표 없는 속성 값, 잘못된 & 등). 플랫폼은 잘못된 XML 응답을 처리하지 못합니다.',
    en: 'XML well-formedness errors (unclosed tags, unquoted attribute values, stray & …). The platform cannot run a response that is not well-formed XML.',
  },
  document(ctx) {
    const errors = ctx.tree.errors;
    if (errors.length === 0) return;
    const fragment = ctx.region.kind === 'fragment';
    // Beyond the parser's limit, errors were only counted (5 MB of `&` is five million of them).
    for (const [code, count] of ctx.tree.omittedErrors ?? []) if (!(fragment && FRAGMENT_SHAPE.has(code))) ctx.reportOmitted(count);
    for (const error of errors) {
      if (fragment && FRAGMENT_SHAPE.has(error.code)) continue;
      // `<Say>hi</Response>`: the parser says both that <Say> is not closed and that </Response> comes while it
      // is open; one missing end tag is one mistake, and the first error says which element needs closing.
      if (error.code === 'mismatched-end-tag') continue;
      const fixes = FIXED.has(error.code) ? fixesFor(error, ctx.text) : undefined;
      // Either name may be the slip: both renames are offered, and a rule that knows which name is wrong
      // (unknown-element renaming `<Sya>`) explains the mistake better.
      const yieldsTo = error.code === 'misnamed-end-tag' ? { rewriteOf: error.startTagName! } : undefined;
      ctx.report({ start: error.start, end: error.end, message: parseErrorMessages[error.code], args: error.args ?? [], fixes, yieldsTo });
    }
  },
};

/** The errors `fixesFor` has fixes for. */
const FIXED: ReadonlySet<ParseErrorCode> = new Set(['bare-ampersand', 'unquoted-attribute-value', 'misnamed-end-tag']);

/** The fixes of a well-formedness error, made when they are asked for. */
function fixesFor(error: ParseError, text: string): () => Fix[] {
  return () => {
    const written = text.slice(error.start, error.end);
    if (error.code === 'bare-ampersand') {
      return [{ title: { ko: '&를 &amp;로 바꾸기', en: 'Escape & as &amp;' }, edits: [{ start: error.start, end: error.start + 1, newText: '&amp;' }], preferred: true, safe: true }];
    }
    if (error.code === 'unquoted-attribute-value') {
      return written.includes('"') ? [] : [{ title: { ko: '값을 따옴표로 감싸기', en: 'Quote the value' }, edits: [{ start: error.start, end: error.end, newText: `"${written}"` }], preferred: true, safe: true }];
    }
    const [endName, startName] = error.args!;
    const startTag = error.startTagName!;
    return [
      {
        title: { ko: '끝 태그를 </{0}>(으)로 바꾸기', en: 'Rename the end tag to </{0}>' },
        args: [startName!],
        edits: [{ start: error.start, end: error.end, newText: startName! }],
      },
      {
        title: { ko: '여는 태그를 <{0}>(으)로 바꾸기', en: 'Rename the start tag to <{0}>' },
        args: [endName!],
        edits: [{ start: startTag.start, end: startTag.end, newText: endName! }],
      },
    ];
  };
}
