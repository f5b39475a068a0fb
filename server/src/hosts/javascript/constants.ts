/**
 * The text a `${…}` certainly puts into its template, when the file says it plainly (`Substitution.constant`):
 * string and number literals, templates and `+` of such, `String(x)`, and `const` names bound to one
 * (`const BASE = 'https://your-server.com/ivr'`), followed a few steps. Anything else — `process.env.X`, a
 * parameter, a call — is unknown (undefined), never guessed.
 */
import type * as TS from 'typescript';
import { resolve } from './bindings';
import { typescript } from './typescript';
import { parseExpression, unwrapped, type ValueContext } from './values';
import { UNSAID } from '../../document/built';

/** How deep `const A = B`, `const B = C` … is followed (also stops cycles). */
const MAX_DEPTH = 4;

/**
 * The text the expression `source` written at `offset` makes, as a helper library's builder writes it: its
 * constant text, each part of a template or a `+` the file does not say as `UNSAID` (`` `${BASE}/menu` `` with
 * `BASE` from the environment: UNSAID + `/menu`, which the call flow follows to `/menu`).
 */
export function writtenValueOf(source: string, offset: number, context: ValueContext): string {
  return written(parseExpression(source), offset, context);
}

function written(node: TS.Expression | undefined, offset: number, context: ValueContext): string {
  if (!node) return UNSAID;
  const ts = typescript();
  const K = ts.SyntaxKind;
  node = unwrapped(node);
  switch (node.kind) {
    case K.TemplateExpression: {
      const template = node as TS.TemplateExpression;
      let text = template.head.text;
      for (const span of template.templateSpans) text += written(span.expression, offset, context) + span.literal.text;
      return text;
    }
    case K.BinaryExpression: {
      const binary = node as TS.BinaryExpression;
      if (binary.operatorToken.kind === K.PlusToken) return written(binary.left, offset, context) + written(binary.right, offset, context);
      break;
    }
  }
  return evaluate(node, offset, context, 0) ?? UNSAID;
}

/** The constant text of the expression `source` written at `offset` in the file. */
export function constantOf(source: string, offset: number, context: ValueContext): string | undefined {
  return evaluate(parseExpression(source), offset, context, 0);
}

function evaluate(node: TS.Expression | undefined, offset: number, context: ValueContext, depth: number): string | undefined {
  if (!node) return undefined;
  const ts = typescript();
  const K = ts.SyntaxKind;
  node = unwrapped(node);
  switch (node.kind) {
    case K.StringLiteral:
    case K.NoSubstitutionTemplateLiteral:
      return (node as TS.StringLiteral).text;
    case K.NumericLiteral:
      return String(Number((node as TS.NumericLiteral).text));
    case K.TemplateExpression: {
      const template = node as TS.TemplateExpression;
      let text = template.head.text;
      for (const span of template.templateSpans) {
        const part = evaluate(span.expression, offset, context, depth);
        if (part === undefined) return undefined;
        text += part + span.literal.text;
      }
      return text;
    }
    case K.BinaryExpression: {
      const binary = node as TS.BinaryExpression;
      if (binary.operatorToken.kind !== K.PlusToken) return undefined;
      const left = evaluate(binary.left, offset, context, depth);
      const right = left === undefined ? undefined : evaluate(binary.right, offset, context, depth);
      return left !== undefined && right !== undefined ? left + right : undefined;
    }
    case K.CallExpression: {
      const call = node as TS.CallExpression;
      if (ts.isIdentifier(call.expression) && call.expression.text === 'String' && call.arguments.length === 1) return evaluate(call.arguments[0], offset, context, depth);
      return undefined;
    }
    case K.Identifier: {
      if (depth >= MAX_DEPTH) return undefined;
      const binding = resolve(context.bindings(), (node as TS.Identifier).text, offset);
      if (!binding || binding === 'unclear' || !binding.init) return undefined;
      const source = context.initializer(binding.init);
      return evaluate(parseExpression(source), binding.init.start, context, depth + 1);
    }
  }
  return undefined;
}
