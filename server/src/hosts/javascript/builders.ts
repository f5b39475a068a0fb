/**
 * VoiceML written with Twilio's helper library (`twilio`'s `twiml.VoiceResponse`, however imported or
 * required): the calls on a response object within one function — `response.say('…')`, chains
 * (`response.gather({ … }).say('…')`), variables holding a nested verb (`const gather = response.gather({…});
 * gather.say('…')`) — read into the elements they make (`document/built.ts`). Options are attributes as the
 * library writes them (`numDigits: 1` → `numDigits="1"`); a value is known where the code says it plainly (a
 * literal, a `const`). What the reading cannot follow is left unchecked, never guessed: calls in branches or
 * loops make the response partial (order and counts unknown), and a response handed to other code (`addMenu
 * (twiml)`) may get content the reading does not see.
 */
import type * as TS from 'typescript';
import type { BuiltAttribute, BuiltElement, Span } from '../../document/built';
import { typescript } from './typescript';

/** A response built in the file: its elements and whether the reading missed any of it. */
export interface BuiltResponse {
  root: BuiltElement;
  partial: boolean;
}

/** Methods of the library's objects that make no element. */
const NOT_ELEMENTS: ReadonlySet<string> = new Set(['toString', 'toJSON', 'valueOf', 'comment', 'commentAfter', 'commentBefore', 'addText', 'constructor']);

/** Does the file name Twilio's voice response builder at all? (A substring test: most files do not.) */
export function mayBuildVoiceML(text: string): boolean {
  return text.includes('VoiceResponse') && text.includes('twilio');
}

/**
 * Every `new …VoiceResponse()` of the file and what the calls on it build. `writtenValue(expression)`: the text an
 * option's value or a body makes as the library writes it (`writtenValueOf`).
 */
export function findBuilt(file: TS.SourceFile, writtenValue: (node: TS.Expression) => string | undefined): BuiltResponse[] {
  const ts = typescript();
  const text = file.text;
  const responses: BuiltResponse[] = [];
  setParents(file);

  const span = (node: TS.Node): Span => ({ start: node.getStart(file), end: node.end });

  /** The elements of one response, by the variables and calls that hold them. */
  const read = (construct: TS.NewExpression, scope: TS.Node, held: string | undefined): BuiltResponse => {
    const name = construct.expression;
    const nameNode = ts.isPropertyAccessExpression(name) ? name.name : name;
    const root: BuiltElement = { name: 'Response', nameSpan: span(nameNode), span: span(construct), attributes: [], children: [], written: 'class' };
    const response: BuiltResponse = { root, partial: false };
    /** Variables holding an element of this response. */
    const variables = new Map<string, BuiltElement>();
    if (held) variables.set(held, root);
    /** Calls that made an element (the receiver of a chained call). */
    const made = new Map<TS.Node, BuiltElement>();
    made.set(construct, root);
    /** The block the response lives in: calls elsewhere (a branch, a loop, a callback) make it partial. */
    const home = blockOf(construct);

    const elementOf = (expression: TS.Expression): BuiltElement | undefined => {
      while (ts.isParenthesizedExpression(expression) || ts.isNonNullExpression(expression) || ts.isAsExpression(expression)) expression = expression.expression;
      if (ts.isIdentifier(expression)) return variables.get(expression.text);
      return made.get(expression);
    };

    const visit = (node: TS.Node): void => {
      // What stands before the response is made is not about it (the same name may hold another one).
      if (node.end <= construct.pos) return;
      // Calls are read inside out, so a chain's receiver is made before the call on it.
      ts.forEachChild(node, visit);
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const parent = elementOf(node.expression.expression);
        if (!parent) return;
        const method = node.expression.name.text;
        if (method === 'addText') {
          parent.moreContent = true;
          return;
        }
        if (NOT_ELEMENTS.has(method)) return;
        const element = makeElement(node, method);
        if (!element) return;
        parent.children.push(element);
        made.set(node, element);
        if (home && blockOf(node) !== home) response.partial = true;
        const declaration = node.parent;
        if (declaration && ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)) variables.set(declaration.name.text, element);
      } else if (ts.isIdentifier(node) && variables.has(node.text)) {
        // A response or element handed to other code (an argument, returned, stored) may get more content.
        const parent = node.parent;
        const used = parent && ((ts.isPropertyAccessExpression(parent) && parent.expression === node) || (ts.isVariableDeclaration(parent) && parent.name === node));
        if (!used) {
          variables.get(node.text)!.moreContent = true;
          response.partial = true;
        }
      }
    };
    if (held !== undefined) ts.forEachChild(scope, visit);
    else visit(chainTop(construct));
    return response;
  };

  /** Where the text of a string literal runs: inside its quotes, or to its end when it is left unterminated. */
  const inside = (literal: TS.Node): Span => {
    const start = literal.getStart(file) + 1;
    return { start, end: Math.max(start, (literal as TS.LiteralLikeNode).isUnterminated ? literal.end : literal.end - 1) };
  };

  const makeElement = (call: TS.CallExpression, method: string): BuiltElement | undefined => {
    const args = call.arguments;
    const nameNode = (call.expression as TS.PropertyAccessExpression).name;
    let name = method.charAt(0).toUpperCase() + method.slice(1);
    let first = 0;
    let nameSpan = span(nameNode);
    if (method === 'addChild') {
      const tag = args[0];
      if (!tag || !ts.isStringLiteralLike(tag)) return undefined;
      name = tag.text;
      nameSpan = inside(tag);
      first = 1;
    } else if (method.startsWith('ssml') && method.length > 4) {
      // `ssmlBreak` writes SSML's `<break>` inside `<Say>`.
      name = method.charAt(4).toLowerCase() + method.slice(5);
    }
    const element: BuiltElement = { name, nameSpan, span: span(call), attributes: [], children: [], written: method === 'addChild' ? 'string' : 'method' };
    const options = args[first];
    let textArgument: TS.Expression | undefined;
    if (options && ts.isObjectLiteralExpression(options)) {
      readOptions(options, element);
      textArgument = args[first + 1];
    } else textArgument = method === 'addChild' ? undefined : options;
    if (textArgument) {
      const literal = ts.isStringLiteral(textArgument) || ts.isNoSubstitutionTemplateLiteral(textArgument);
      element.text = {
        value: writtenValue(textArgument),
        span: literal ? inside(textArgument) : span(textArgument),
      };
    }
    return element;
  };

  const readOptions = (options: TS.ObjectLiteralExpression, element: BuiltElement): void => {
    const properties = options.properties;
    properties.forEach((property, i) => {
      if (ts.isSpreadAssignment(property) || ts.isMethodDeclaration(property) || ts.isAccessor(property)) {
        element.moreAttributes = true;
        return;
      }
      const key = property.name;
      if (!key || !(ts.isIdentifier(key) || ts.isStringLiteral(key) || ts.isNumericLiteral(key))) {
        element.moreAttributes = true;
        return;
      }
      const valueNode = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
      if (!valueNode) return;
      const literal = ts.isStringLiteral(valueNode) || ts.isNoSubstitutionTemplateLiteral(valueNode);
      const valueSpan = literal ? inside(valueNode) : span(valueNode);
      const rawInside = literal ? text.slice(valueSpan.start, valueSpan.end) : '';
      const next = properties[i + 1];
      const previous = properties[i - 1];
      const start = property.getStart(file);
      const removal: Span = next ? { start, end: next.getStart(file) } : previous ? { start: previous.end, end: property.end } : { start, end: property.end };
      const attribute: BuiltAttribute = {
        name: key.text,
        keySpan: { start: key.getStart(file), end: key.end },
        value: valueNode.kind === ts.SyntaxKind.TrueKeyword ? 'true' : valueNode.kind === ts.SyntaxKind.FalseKeyword ? 'false' : writtenValue(valueNode as TS.Expression),
        valueSpan,
        editableValue: literal && !rawInside.includes('\\'),
        removal,
      };
      element.attributes.push(attribute);
    });
  };

  /**
   * Where a node runs: the statement list it stands in, or the branch or loop that runs it only sometimes
   * (`if (x) r.say()`, `x ? r.say() : …`, `x && r.say()`, a loop's body).
   */
  const blockOf = (node: TS.Node): TS.Node | undefined => {
    for (let n: TS.Node | undefined = node.parent; n; n = n.parent) {
      if (ts.isBlock(n) || ts.isSourceFile(n) || ts.isCaseClause(n) || ts.isDefaultClause(n) || ts.isModuleBlock(n)) return n;
      if (ts.isIfStatement(n) || ts.isIterationStatement(n, false) || ts.isConditionalExpression(n) || ts.isFunctionLike(n)) return n;
      if (ts.isBinaryExpression(n) && (n.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || n.operatorToken.kind === ts.SyntaxKind.BarBarToken || n.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) return n;
    }
    return undefined;
  };

  /** The outermost call of the chain `construct` starts (`new VoiceResponse().say('…').…`). */
  const chainTop = (construct: TS.Node): TS.Node => {
    let top: TS.Node = construct;
    while (top.parent && ((ts.isPropertyAccessExpression(top.parent) && top.parent.expression === top) || (ts.isCallExpression(top.parent) && top.parent.expression === top))) top = top.parent;
    return top;
  };

  /**
   * Where the variable holding a response is seen: the block of a `const` or `let` declaration, else the
   * function (or file) around it.
   */
  const scopeOf = (node: TS.Node): TS.Node => {
    const declaration = node.parent;
    const list = declaration && ts.isVariableDeclaration(declaration) ? declaration.parent : undefined;
    const blockScoped = list && ts.isVariableDeclarationList(list) && (list.flags & (ts.NodeFlags.Const | ts.NodeFlags.Let)) !== 0;
    for (let n: TS.Node | undefined = node.parent; n; n = n.parent) {
      if (ts.isFunctionLike(n) || ts.isSourceFile(n)) return n;
      if (blockScoped && (ts.isBlock(n) || ts.isCaseBlock(n) || ts.isModuleBlock(n))) return n;
    }
    return file;
  };

  const find = (node: TS.Node): void => {
    if (ts.isNewExpression(node) && (node.arguments?.length ?? 0) === 0 && isVoiceResponse(node.expression)) {
      const parent = node.parent;
      const held = parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name.text : parent && ts.isBinaryExpression(parent) && ts.isIdentifier(parent.left) ? parent.left.text : undefined;
      const response = read(node, scopeOf(node), held);
      // A response nothing is added to here (returned to code that builds it) says nothing.
      if (response.root.children.length > 0) responses.push(response);
    }
    ts.forEachChild(node, find);
  };
  const isVoiceResponse = (expression: TS.Expression): boolean =>
    (ts.isIdentifier(expression) && expression.text === 'VoiceResponse') || (ts.isPropertyAccessExpression(expression) && expression.name.text === 'VoiceResponse');
  find(file);
  return responses;
}

/**
 * The reading walks up from calls to their statements: the parse (made without parent links, which most of
 * its readers do not need) gets them here. A loop, not recursion: files can nest deeply.
 */
function setParents(file: TS.SourceFile): void {
  const ts = typescript();
  if (file.statements[0]?.parent === file) return;
  const stack: TS.Node[] = [file];
  while (stack.length > 0) {
    const node = stack.pop()!;
    ts.forEachChild(node, (child) => {
      (child as { parent: TS.Node }).parent = node;
      stack.push(child);
    });
  }
}
