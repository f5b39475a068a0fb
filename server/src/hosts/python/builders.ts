/**
 * VoiceML written with Twilio's Python helper library (`twilio.twiml.voice_response`): `VoiceResponse()` and
 * the calls on it within one function or module — `resp.say('…', voice='alice')`, `resp.gather(num_digits=1)`
 * and chains on it, classes made and appended later (`gather = Gather(…); gather.say('…');
 * resp.append(gather)`, `nest`) — read into the elements they make (`document/built.ts`). Keyword options are
 * attributes as the library writes them (`num_digits` → `numDigits`, `from_` → `from`). What the reading cannot
 * follow is left unchecked, never guessed: calls in branches or loops make the response partial, and a
 * response or element handed to other code may get content the reading does not see.
 */
import type { SyntaxNode, Tree } from '@lezer/common';
import type { BuiltAttribute, BuiltElement, Span } from '../../document/built';
import { getElement, getTwimlElement } from '../../model';
import { childNamed, childrenNamed } from './lezer';

export interface BuiltResponse {
  root: BuiltElement;
  partial: boolean;
}

/** Where the library's classes come from. */
const MODULE = 'twilio.twiml.voice_response';

/** The argument a method takes first, by element: its body (`say(message)`, `dial(number)` …). */
const BODY_ARGUMENTS: Readonly<Record<string, string>> = {
  Say: 'message',
  Play: 'url',
  Dial: 'number',
  Number: 'phone_number',
  Redirect: 'url',
  Client: 'identity',
  Conference: 'name',
  Queue: 'name',
  Enqueue: 'name',
  Sip: 'sip_url',
  Sim: 'sim_sid',
  Sms: 'message',
};

/** Methods of the library's objects that make no element. */
const NOT_ELEMENTS: ReadonlySet<string> = new Set(['to_xml', 'append', 'nest', 'add_child', 'add_text', 'xml']);

/** Does the file name Twilio's voice response builder at all? (A substring test: most files do not.) */
export function mayBuildVoiceML(text: string): boolean {
  return text.includes('VoiceResponse') && text.includes('voice_response');
}

/** `num_digits` → `numDigits`; `from_` → `from` (a keyword in Python). */
export function attributeName(keyword: string): string {
  const name = keyword.endsWith('_') ? keyword.slice(0, -1) : keyword;
  return camel(name, false);
}

/** `numDigits` → `num_digits`; `from` → `from_`. */
export function keywordOf(name: string): string {
  const snake = snakeOf(name);
  return snake === 'from' ? 'from_' : snake;
}

/** `say` → `Say`, `virtual_agent` → `VirtualAgent`, `ssml_break` → SSML's `break`. */
function elementName(method: string): string {
  return method.startsWith('ssml_') ? method.slice(5) : camel(method, true);
}

/** `Say` → `say`, `VirtualAgent` → `virtual_agent`. */
export function methodOf(name: string): string {
  return snakeOf(name);
}

/** `num_digits` → `numDigits` (`NumDigits` with `upperFirst`). */
function camel(snake: string, upperFirst: boolean): string {
  let out = '';
  let upper = upperFirst;
  for (const c of snake) {
    if (c === '_') upper = true;
    else {
      out += upper ? c.toUpperCase() : c;
      upper = false;
    }
  }
  return out;
}

/** `numDigits` → `num_digits`, `VirtualAgent` → `virtual_agent`. */
function snakeOf(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i]!;
    const lower = c.toLowerCase();
    out += c !== lower && i > 0 ? '_' + lower : lower;
  }
  return out;
}

/**
 * Every `VoiceResponse()` of the file and what the calls on it build, scope by scope (the module, each
 * function). `writtenValue(node)`: the text an option's value or a body makes as the library writes it
 * (`pythonWrittenValue`).
 */
export function findBuilt(tree: Tree, text: string, writtenValue: (node: SyntaxNode) => string | undefined): BuiltResponse[] {
  const classes = importedClasses(tree, text);
  if (classes.size === 0) return [];
  const responses: BuiltResponse[] = [];
  const of = (node: SyntaxNode): string => text.slice(node.from, node.to);
  const span = (node: SyntaxNode): Span => ({ start: node.from, end: node.to });

  /** One scope: its statements in order, with the variables holding elements. */
  const scope = (body: SyntaxNode): void => {
    const variables = new Map<string, { element: BuiltElement; response: BuiltResponse | undefined }>();
    /** The response an element is part of, once appended to one. */
    const owner = new Map<BuiltElement, BuiltResponse>();

    const elementOf = (node: SyntaxNode | null, nested: boolean): BuiltElement | undefined => {
      if (!node) return undefined;
      if (node.name === 'VariableName') return variables.get(of(node))?.element;
      if (node.name === 'CallExpression') return call(node, nested);
      return undefined;
    };

    /** A call that makes an element (a class, or a method on an element), or appends one; its element. */
    const call = (node: SyntaxNode, nested: boolean): BuiltElement | undefined => {
      const callee = node.firstChild;
      const args = childNamed(node, 'ArgList');
      if (!callee || !args) return undefined;
      if (callee.name === 'VariableName') {
        const name = classes.get(of(callee)) ?? (classes.has('*') && isClassName(of(callee)) ? of(callee) : undefined);
        if (!name) return undefined;
        const element = make(name === 'VoiceResponse' ? 'Response' : name, callee, node, args, 'class');
        if (name === 'VoiceResponse') {
          const response: BuiltResponse = { root: element, partial: false };
          responses.push(response);
          owner.set(element, response);
        }
        return element;
      }
      if (callee.name !== 'MemberExpression') return undefined;
      const method = childNamed(callee, 'PropertyName');
      const parent = elementOf(callee.firstChild, nested);
      if (!method || !parent) return undefined;
      const name = of(method);
      const response = owner.get(parent);
      if (response && nested) response.partial = true;
      if (name === 'append' || name === 'nest') {
        const argument = args.firstChild?.nextSibling;
        const child = argument && argument.name !== ')' ? elementOf(argument, nested) : undefined;
        if (!child) {
          parent.moreContent = true;
          if (response) response.partial = true;
          return undefined;
        }
        parent.children.push(child);
        adopt(child, response);
        return name === 'nest' ? child : parent;
      }
      if (NOT_ELEMENTS.has(name)) return undefined;
      const element = make(elementName(name), method, node, args, 'method');
      parent.children.push(element);
      adopt(element, response);
      return element;
    };

    /** `child` and everything under it now belong to `response`. */
    const adopt = (child: BuiltElement, response: BuiltResponse | undefined): void => {
      if (!response) return;
      owner.set(child, response);
      for (const grandchild of child.children) adopt(grandchild, response);
    };

    const statements = (container: SyntaxNode, nested: boolean): void => {
      for (let statement = container.firstChild; statement; statement = statement.nextSibling) {
        if (statement.name === 'FunctionDefinition' || statement.name === 'ClassDefinition' || statement.name === 'DecoratedStatement') continue;
        if (statement.name === 'AssignStatement') {
          const target = statement.firstChild;
          const value = statement.lastChild;
          const element = value ? elementOf(value, nested) : undefined;
          if (target?.name === 'VariableName' && childrenNamed(statement, 'AssignOp').length === 1) {
            if (element) variables.set(of(target), { element, response: owner.get(element) });
            else variables.delete(of(target));
          }
          continue;
        }
        if (statement.name === 'ExpressionStatement') {
          const expression = statement.firstChild;
          // A chain's outermost call: `resp.gather(…).say('…')`.
          if (expression?.name === 'CallExpression') elementOf(expression, nested);
          else uses(statement);
          continue;
        }
        // Compound statements: their bodies are read, but what they build is in a branch or a loop.
        let body = false;
        for (let child = statement.firstChild; child; child = child.nextSibling) {
          if (child.name === 'Body') {
            statements(child, true);
            body = true;
          }
        }
        if (!body) uses(statement);
      }
    };

    /** A variable holding an element, used otherwise than `str(x)`: other code may add to it. */
    const uses = (node: SyntaxNode): void => {
      const cursor = node.cursor();
      do {
        if (cursor.name !== 'VariableName') continue;
        const held = variables.get(text.slice(cursor.from, cursor.to));
        if (!held) continue;
        const around = cursor.node.parent;
        const callee = around?.parent?.firstChild;
        if (around?.name === 'ArgList' && callee?.name === 'VariableName' && of(callee) === 'str') continue;
        if (around?.name === 'MemberExpression' && around.firstChild?.from === cursor.from) continue;
        held.element.moreContent = true;
        const response = owner.get(held.element);
        if (response) response.partial = true;
      } while (cursor.next());
    };

    statements(body, false);
  };

  const make = (name: string, nameNode: SyntaxNode, node: SyntaxNode, args: SyntaxNode, written: 'method' | 'class'): BuiltElement => {
    const element: BuiltElement = { name, nameSpan: span(nameNode), span: span(node), attributes: [], children: [], written };
    const parts: SyntaxNode[] = [];
    for (let part = args.firstChild; part; part = part.nextSibling) if (part.name !== '(' && part.name !== ')' && part.name !== ',') parts.push(part);
    const bodyKeyword = BODY_ARGUMENTS[name];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.name === '*' || part.name === '**') {
        element.moreAttributes = true;
        i++;
        continue;
      }
      const keyword = part.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp' ? part : undefined;
      const value = keyword ? parts[i + 2] : part;
      if (keyword) i += 2;
      if (!value) continue;
      if (!keyword || of(keyword) === bodyKeyword) {
        // The body: the first positional argument, or its keyword.
        if (!element.text) element.text = { value: writtenValue(value), span: insideQuotes(value) ?? span(value) };
        continue;
      }
      const inside = insideQuotes(value);
      const next = parts[i + 1];
      const start = keyword.from;
      const removal: Span = next ? { start, end: next.from } : previousEnd(args, keyword) !== undefined ? { start: previousEnd(args, keyword)!, end: value.to } : { start, end: value.to };
      const attribute: BuiltAttribute = {
        name: attributeName(of(keyword)),
        keySpan: span(keyword),
        value: value.name === 'Boolean' ? of(value).toLowerCase() : writtenValue(value),
        valueSpan: inside ?? span(value),
        editableValue: inside !== undefined && !text.slice(inside.start, inside.end).includes('\\'),
        removal,
      };
      element.attributes.push(attribute);
    }
    return element;
  };

  /** A one-literal string's text between its quotes (no prefix but `u`, not triple-quoted), else undefined. */
  const insideQuotes = (node: SyntaxNode): Span | undefined => {
    if (node.name !== 'String') return undefined;
    let at = node.from;
    if (text[at] === 'u' || text[at] === 'U') at++;
    const quote = text[at];
    if ((quote !== '"' && quote !== "'") || text.startsWith(quote.repeat(3), at) || text[node.to - 1] !== quote || node.to - at < 2) return undefined;
    return { start: at + 1, end: node.to - 1 };
  };

  /** Where the argument before `keyword` ends, when there is one (what removing the last option takes with it). */
  const previousEnd = (args: SyntaxNode, keyword: SyntaxNode): number | undefined => {
    let end: number | undefined;
    for (let part = args.firstChild; part && part.from < keyword.from; part = part.nextSibling) if (part.name !== '(' && part.name !== ',') end = part.to;
    return end;
  };

  // The module, then every function (each its own scope).
  scope(tree.topNode);
  const cursor = tree.cursor();
  do {
    if (cursor.name === 'FunctionDefinition') {
      const body = childNamed(cursor.node, 'Body');
      if (body) scope(body);
    }
  } while (cursor.next());
  return responses.filter((r) => r.root.children.length > 0);
}

/** With `import *`: the library's class names are the response's and the elements' (VoiceML's and TwiML's). */
function isClassName(name: string): boolean {
  return name === 'VoiceResponse' || getElement(name) !== undefined || getTwimlElement(name) !== undefined;
}

/** The library's classes the file imports, by local name (`VoiceResponse`, `Gather` …, or `G` for `Gather as G`). */
function importedClasses(tree: Tree, text: string): Map<string, string> {
  const classes = new Map<string, string>();
  for (let statement = tree.topNode.firstChild; statement; statement = statement.nextSibling) {
    if (statement.name !== 'ImportStatement' || !text.slice(statement.from, statement.to).includes(MODULE)) continue;
    const parts: SyntaxNode[] = [];
    for (let child = statement.firstChild; child; child = child.nextSibling) parts.push(child);
    const after = parts.findIndex((p) => p.name === 'import');
    for (let i = after + 1; i < parts.length; i++) {
      if (parts[i]!.name === '*') classes.set('*', '*');
      if (parts[i]!.name !== 'VariableName') continue;
      const name = text.slice(parts[i]!.from, parts[i]!.to);
      const alias = parts[i + 1]?.name === 'as' ? parts[i + 2] : undefined;
      classes.set(alias ? text.slice(alias.from, alias.to) : name, name);
      if (alias) i += 2;
    }
  }
  return classes;
}
