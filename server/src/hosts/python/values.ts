/**
 * What a Python substitution can put into the XML, as far as the file tells: the injection rule's view of an
 * f-string field or a `.format` / `%` argument. "Known" are literals, numbers, a module-level name bound once
 * to such a value, escaping calls (`escape`, `html.escape`, `markupsafe.escape` …) and configuration
 * (`os.environ`, `settings.X`, `app.config[…]`): set by the developer, not by the caller. Everything else —
 * `request.form.get("Digits")`, a parameter, a function's result — may carry user input.
 */
import type { SyntaxNode, Tree, TreeCursor } from '@lezer/common';
import type { SubstitutionValue } from '../../document/region';
import { join, leftOf, specialsIn } from '../../document/substitutions';
import { readString } from './literals';
import { childNamed, lastChildNamed, nodeAt, nodeAtOf, type NodeAt } from './lezer';

const UNKNOWN: SubstitutionValue = { kind: 'unknown' };
const NUMBER: SubstitutionValue = { kind: 'known', specials: '' };
const CONFIGURATION: SubstitutionValue = { kind: 'known', specials: '' };

/**
 * Escaping functions by their full name, with the XML-special characters their result may still hold:
 * `xml.sax.saxutils.escape` replaces `&`, `<` and `>` only (quotes stay), the others quotes too.
 */
const ESCAPING: ReadonlyMap<string, string> = new Map([
  ['xml.sax.saxutils.escape', `"'`],
  ['html.escape', ''],
  ['markupsafe.escape', ''],
  ['markupsafe.Markup.escape', ''],
  ['flask.escape', ''],
  ['jinja2.escape', ''],
  ['django.utils.html.escape', ''],
  ['django.utils.html.conditional_escape', ''],
  ['bleach.clean', ''],
  // `quote` leaves only `/` (and letters, digits, `_.-~`); `urlencode` joins pairs with `&`.
  ['urllib.parse.quote', ''],
  ['urllib.parse.quote_plus', ''],
  ['urllib.parse.urlencode', '&'],
]);

/** Built-ins whose result is a number or a boolean. */
const NUMBER_FUNCTIONS: ReadonlySet<string> = new Set(['int', 'float', 'len', 'round', 'abs', 'bool', 'ord', 'hash']);

/** Objects holding configuration, by full name (`from django.conf import settings` → `django.conf.settings`). */
const CONFIGURATION_OBJECTS: ReadonlySet<string> = new Set(['os.environ', 'django.conf.settings', 'flask.current_app.config']);
/** Names that hold configuration wherever they come from: `config.X`, `app.config[…]`, `settings.X`. */
const CONFIGURATION_NAMES: ReadonlySet<string> = new Set(['config', 'CONFIG', 'settings', 'SETTINGS', 'conf', 'cfg', 'env', 'ENV']);

/** Properties of Flask's and FastAPI's request that name the host it was sent to. */
const HOST_PROPERTIES: ReadonlySet<string> = new Set(['host', 'host_url', 'url_root', 'scheme', 'base_url']);
/** Headers naming the host a request was sent to. */
const HOST_HEADERS: ReadonlySet<string> = new Set(['host', 'x-forwarded-host', 'x-forwarded-proto']);

/**
 * `str` methods whose result holds only the text of the string they are called on and of the arguments at
 * these indexes (`replace(old, new)` puts in its second; `ljust(width, fill)` its fill).
 */
const STRING_METHODS: ReadonlyMap<string, readonly number[]> = new Map<string, readonly number[]>([
  ['strip', []], ['lstrip', []], ['rstrip', []], ['lower', []], ['upper', []], ['casefold', []], ['title', []],
  ['capitalize', []], ['removeprefix', []], ['removesuffix', []], ['zfill', []], ['replace', [1]],
  ['ljust', [1]], ['rjust', [1]], ['center', [1]],
]);

/** How deep `A = B`, `B = C` … is followed (also stops cycles). */
const MAX_DEPTH = 4;

/** The names of a Python file: what each is bound to (made once per file version, on first use). */
export class PythonNames {
  /** Local name → full name of what it imports (`h` → `html`, `escape` → `xml.sax.saxutils.escape`). */
  readonly imports = new Map<string, string>();
  /**
   * The names each scope binds (the module: `-1`; a function, lambda or class: its start offset), with how
   * often and, for a single `NAME = value`, the value. As in Python, a name bound anywhere in a function is
   * that function's own; bound once there by an assignment, it holds that value wherever the function reads
   * it (a parameter, a loop variable, a second assignment or a `global` makes it a name like any other).
   */
  private readonly scopes = new Map<number, Map<string, Binding>>();
  /** What a name bound once by an assignment holds, by its binding. */
  private readonly values = new Map<Binding, SubstitutionValue>();
  /** Every name bound anywhere (made when a fix asks), so an import the fix adds shadows nothing. */
  private bound: Set<string> | undefined;
  /** The end of the module's imports (else of its docstring): where an import the fix needs goes. */
  importOffset = 0;

  constructor(
    readonly text: string,
    private readonly tree: Tree,
    /** Told of the code a value is worked out from: a field's expression, a name's assigned value. */
    private readonly onRead?: (start: number, end: number) => void,
  ) {
    // With a cursor: a node is made only for the imports and a docstring, not for every statement of the module.
    const statement = tree.cursor();
    for (let more = statement.firstChild(), first = true; more; more = statement.nextSibling(), first = false) {
      if (statement.name === 'ImportStatement') this.readImport(statement.node);
      if (statement.name === 'ImportStatement' || (first && isDocstring(statement.node))) this.importOffset = statement.to;
    }
  }

  /** Whether `word` occurs in the text of `node` (the whole file is searched once, not once per scope). */
  private has(word: string, node: SyntaxNode): boolean {
    let offsets = this.occurrences.get(word);
    if (!offsets) {
      offsets = [];
      for (let at = this.text.indexOf(word); at >= 0; at = this.text.indexOf(word, at + word.length)) offsets.push(at);
      this.occurrences.set(word, offsets);
    }
    // The first occurrence at or after the node's start (offsets ascend), if it is before its end.
    let low = 0;
    let high = offsets.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (offsets[middle]! < node.from) low = middle + 1;
      else high = middle;
    }
    return low < offsets.length && offsets[low]! < node.to;
  }

  private readonly occurrences = new Map<string, number[]>();

  /** Whether the file binds `name` anywhere (import, assignment, parameter …). */
  binds(name: string): boolean {
    if (!this.bound) {
      const bound = (this.bound = new Set<string>());
      const cursor = this.tree.cursor();
      do {
        if (cursor.name === 'VariableName' && isBinding(cursor.node)) bound.add(this.text.slice(cursor.from, cursor.to));
      } while (cursor.next());
    }
    return this.bound.has(name) || this.imports.has(name);
  }

  /**
   * The names `scope` binds (null: the module), read on first use: a keystroke's analysis reads only the
   * scopes its substitutions are in. Nested functions, lambdas and classes are scopes of their own: only their
   * names are bound here. A `global` or `nonlocal` name is marked rebound (never a constant) where it lives.
   */
  private namesOf(scope: SyntaxNode | null): Map<string, Binding> {
    const key = scope?.from ?? -1;
    let names = this.scopes.get(key);
    if (names) return names;
    names = new Map();
    this.scopes.set(key, names);
    const bindAt = (from: number, to: number, value: NodeAt | undefined, times = 1): void => {
      const variable = this.text.slice(from, to);
      const binding = names!.get(variable);
      if (binding) {
        binding.count += times;
        binding.value = value;
      } else names!.set(variable, { count: times, value });
    };
    const bind = (node: SyntaxNode, value: SyntaxNode | undefined, times = 1): void => bindAt(node.from, node.to, value && nodeAtOf(value), times);
    const root = scope ?? this.tree.topNode;
    // Statement by statement, not node by node: bindings stand in statements' targets and headers, and
    // expressions (most of the nodes) are not walked. Nested functions and classes bind only their name here.
    const targets = (node: SyntaxNode, value: SyntaxNode | undefined): void => {
      if (node.name === 'VariableName') bind(node, value);
      else if (node.name === 'TupleExpression' || node.name === 'ParenthesizedExpression' || node.name === 'ArrayExpression') {
        for (let item = node.firstChild; item; item = item.nextSibling) targets(item, undefined);
      }
    };
    // With a cursor, which moves inside the tree's buffers without making a node for each child it passes
    // (a node is made only for a statement that binds): walking a function's statements made a node per
    // child, the largest part of what reading a file's names allocated.
    const statements = (cursor: TreeCursor): void => {
      if (!cursor.firstChild()) return;
      do {
        switch (cursor.name) {
          case 'FunctionDefinition':
          case 'ClassDefinition': {
            // Its own name: the first name among its children.
            if (!cursor.firstChild()) break;
            let named = false;
            do if (!named && cursor.type.name === 'VariableName') {
              bindAt(cursor.from, cursor.to, undefined);
              named = true;
            } while (cursor.nextSibling());
            cursor.parent();
            break;
          }
          case 'DecoratedStatement':
            statements(cursor);
            break;
          case 'AssignStatement': {
            // Targets stand before the last `=`; a single one (`x = value`, `x: T = value`) keeps the value.
            if (!cursor.firstChild()) break;
            let assigns = 0;
            let before = 0;
            let last = -1;
            let value: NodeAt | undefined;
            do {
              const name = cursor.type.name;
              if (name === 'AssignOp') {
                assigns++;
                last = cursor.from;
              } else if (assigns === 0) {
                if (name !== 'TypeDef') before++;
              } else if (assigns === 1 && value === undefined) value = nodeAtOf(cursor);
            } while (cursor.nextSibling());
            cursor.parent();
            const kept = assigns === 1 && before === 1 ? value : undefined;
            cursor.firstChild();
            do {
              if (cursor.to > last) continue;
              const name = cursor.type.name;
              if (name === 'VariableName') bindAt(cursor.from, cursor.to, kept);
              else if (name === 'TupleExpression' || name === 'ParenthesizedExpression' || name === 'ArrayExpression') targets(cursor.node, undefined);
            } while (cursor.nextSibling());
            cursor.parent();
            break;
          }
          case 'UpdateStatement': {
            const target = cursor.node.firstChild;
            if (target) targets(target, undefined);
            break;
          }
          case 'ScopeStatement':
            // `global x` / `nonlocal x` here: x is another scope's, rebound from here.
            for (let child = cursor.node.firstChild; child; child = child.nextSibling) if (child.name === 'VariableName') bind(child, undefined, 2);
            break;
          default: {
            // Compound statements (for, with, try, if, while, match …) and imports: names in their header
            // (`for x in`, `as x`, `import x`), then their bodies.
            let beforeIn = cursor.name === 'ForStatement';
            if (!cursor.firstChild()) break;
            do {
              if (cursor.name === 'Body') statements(cursor);
              else if (cursor.name === 'in') beforeIn = false;
              else if (beforeIn) targets(cursor.node, undefined);
              else if (cursor.name === 'VariableName') {
                const node = cursor.node;
                if (isBinding(node)) bind(node, undefined);
              }
            } while (cursor.nextSibling());
            cursor.parent();
          }
        }
      } while (cursor.nextSibling());
      cursor.parent();
    };
    if (scope === null) statements(root.cursor());
    else {
      const params = childNamed(scope, 'ParamList');
      for (let param = params?.firstChild; param; param = param.nextSibling) if (param.name === 'VariableName' && isBinding(param)) bind(param, undefined);
      const body = childNamed(scope, 'Body');
      if (body) statements(body.cursor());
    }
    // `x := value` binds in the enclosing function from anywhere in an expression: looked for only when
    // the scope's text has one.
    if (this.has(':=', root)) {
      const all = root.cursor();
      do {
        if (all.name === 'NamedExpression' && all.node.firstChild?.name === 'VariableName') bind(all.node.firstChild, undefined, 2);
      } while (all.next());
    }
    // A function anywhere may declare a module name `global` and rebind it; `nonlocal` does so for its
    // enclosing function. Looked for only when the file says either word.
    const keyword = scope === null ? 'global' : 'nonlocal';
    if (this.has(keyword, scope === null ? this.tree.topNode : root)) {
      const all = root.cursor();
      do {
        if (all.name !== 'ScopeStatement' || this.text.slice(all.from, all.from + keyword.length) !== keyword) continue;
        for (let child = all.node.firstChild; child; child = child.nextSibling) if (child.name === 'VariableName') bind(child, undefined, 2);
      } while (all.next());
    }
    return names;
  }

  /** The value of the expression `node`. */
  valueOf(node: SyntaxNode | undefined): SubstitutionValue {
    if (node) this.onRead?.(node.from, node.to);
    return this.classify(node, 0);
  }

  private classify(node: SyntaxNode | undefined, depth: number): SubstitutionValue {
    if (!node) return UNKNOWN;
    const text = this.text;
    switch (node.name) {
      case 'String':
      case 'FormatString':
      case 'ContinuedString': {
        // The literal text (escapes read as written: `\"` still holds a quote), then each f-string field.
        const literal = readString(node, text);
        let value: SubstitutionValue = { kind: 'known', specials: '' };
        for (const piece of literal.pieces) value = join(value, { kind: 'known', specials: specialsIn(text.slice(piece.contentStart, piece.contentEnd)) });
        for (const field of literal.fields) if (field.kind === 'fstring') value = join(value, this.classify(field.value && (nodeAt(node, field.value) ?? undefined), depth));
        return value;
      }
      case 'Number':
      case 'Boolean':
      case 'None':
      case '@specialVariable':
        return NUMBER;
      case 'ParenthesizedExpression':
        return this.classify(node.firstChild?.nextSibling ?? undefined, depth);
      case 'UnaryExpression':
        return NUMBER;
      case 'BinaryExpression': {
        const operator = childNamed(node, 'ArithOp') ?? childNamed(node, 'CompareOp') ?? childNamed(node, 'or') ?? childNamed(node, 'and');
        const op = operator ? text.slice(operator.from, operator.to) : '';
        const left = node.firstChild ?? undefined;
        const right = operator?.nextSibling ?? undefined;
        if (op === '+' || op === 'or' || op === 'and') return join(this.classify(left, depth), this.classify(right, depth));
        if (op === '%') return left?.name === 'String' ? join(this.classify(left, depth), this.classify(right, depth)) : NUMBER;
        return NUMBER; // arithmetic and comparisons
      }
      case 'ConditionalExpression': {
        const children: SyntaxNode[] = [];
        for (let child = node.firstChild; child; child = child.nextSibling) if (child.name !== 'if' && child.name !== 'else') children.push(child);
        return children.length === 3 ? join(this.classify(children[0], depth), this.classify(children[2], depth)) : UNKNOWN;
      }
      case 'CallExpression':
        return this.classifyCall(node, depth);
      case 'MemberExpression':
        return this.isConfiguration(node) || this.isHost(node) ? CONFIGURATION : UNKNOWN;
      case 'VariableName': {
        const name = text.slice(node.from, node.to);
        if (CONFIGURATION_NAMES.has(name) || CONFIGURATION_OBJECTS.has(this.imports.get(name) ?? '')) return CONFIGURATION;
        return this.constant(name, node, depth);
      }
    }
    return UNKNOWN;
  }

  private classifyCall(call: SyntaxNode, depth: number): SubstitutionValue {
    const callee = call.firstChild ?? undefined;
    const args = lastChildNamed(call, 'ArgList');
    const full = callee ? this.fullName(callee) : undefined;
    if (callee?.name === 'MemberExpression' && this.isConfiguration(callee.firstChild ?? undefined)) return CONFIGURATION; // os.environ.get(…), config.get(…)
    // `base.rstrip('/')`, `url.replace('http://', 'https://')`: a string method's result is made of its
    // object's text and of the strings it is given to put in.
    const method = callee?.name === 'MemberExpression' ? childNamed(callee, 'PropertyName') : null;
    const inserts = method ? STRING_METHODS.get(this.text.slice(method.from, method.to)) : undefined;
    if (inserts !== undefined && args) {
      let value = this.classify(callee!.firstChild ?? undefined, depth);
      let index = 0;
      for (let arg = args.firstChild; arg; arg = arg.nextSibling) {
        if (arg.name === '(' || arg.name === ')') continue;
        if (arg.name === ',') index++;
        else if (arg.name === 'AssignOp' || arg.nextSibling?.name === 'AssignOp') return UNKNOWN; // keywords: not these methods' way
        else if (inserts.includes(index)) value = join(value, this.classify(arg, depth));
      }
      return value;
    }
    // `request.headers.get('Host')` (`request` imported from Flask or a FastAPI handler's parameter): the host
    // the platform's own request names.
    if (method && this.text.slice(method.from, method.to) === 'get' && this.isHeaders(callee!.firstChild ?? undefined) && args) {
      const first = args.firstChild?.nextSibling;
      if (first?.name === 'String' && HOST_HEADERS.has(this.text.slice(first.from + 1, first.to - 1).toLowerCase())) return CONFIGURATION;
    }
    if (full === undefined) return UNKNOWN;
    if (full === 'os.getenv') return CONFIGURATION;
    const specials = ESCAPING.get(full);
    if (specials !== undefined) {
      // `html.escape(x, quote=False)` and `escape(x, entities)` change what is escaped.
      const leaves = full === 'html.escape' && args && this.keyword(args, 'quote') === 'False' ? `"'` : specials;
      // What it leaves, only where its argument may hold it: `escape(DEFAULT_VOICE)` of a constant without
      // quotes is safe in any attribute.
      const first = args?.firstChild?.nextSibling;
      const positional = first && first.name !== ')' && first.name !== ',' && first.nextSibling?.name !== 'AssignOp' ? first : undefined;
      return { kind: 'known', specials: leaves === '' ? '' : leftOf(leaves, positional ? this.classify(positional, depth) : UNKNOWN), escaped: full };
    }
    if (NUMBER_FUNCTIONS.has(full)) return NUMBER;
    if (full === 'str' && args) {
      const first = args.firstChild?.nextSibling ?? undefined;
      return first && first.nextSibling?.name === ')' ? this.classify(first, depth) : UNKNOWN;
    }
    return UNKNOWN;
  }

  /** The value of keyword argument `name` in an argument list, as written (`quote=False` → `False`). */
  private keyword(args: SyntaxNode, name: string): string | undefined {
    for (let arg = args.firstChild; arg; arg = arg.nextSibling) {
      if (arg.name !== 'VariableName' || this.text.slice(arg.from, arg.to) !== name || arg.nextSibling?.name !== 'AssignOp') continue;
      const value = arg.nextSibling.nextSibling;
      return value ? this.text.slice(value.from, value.to) : undefined;
    }
    return undefined;
  }

  /**
   * The full name of a callee: a name through the imports (`escape` → `xml.sax.saxutils.escape`, `h.escape` →
   * `html.escape`), a built-in name as it is; undefined for names bound otherwise in the file.
   */
  private fullName(node: SyntaxNode): string | undefined {
    const text = this.text;
    if (node.name === 'VariableName') {
      const name = text.slice(node.from, node.to);
      return this.imports.get(name) ?? (this.bindingOf(name, node) ? undefined : name);
    }
    if (node.name === 'MemberExpression') {
      const object = node.firstChild ?? undefined;
      const property = childNamed(node, 'PropertyName');
      if (!object || !property) return undefined;
      const base = this.fullName(object);
      return base === undefined ? undefined : `${base}.${text.slice(property.from, property.to)}`;
    }
    return undefined;
  }

  /**
   * `request.host`, `request.url_root`, `request.headers['Host']`: the host the platform's own request was
   * sent to, which the caller does not choose.
   */
  private isHost(node: SyntaxNode): boolean {
    const object = node.firstChild ?? undefined;
    const property = childNamed(node, 'PropertyName');
    if (property && object?.name === 'VariableName' && this.text.slice(object.from, object.to) === 'request') {
      return HOST_PROPERTIES.has(this.text.slice(property.from, property.to));
    }
    const key = property ? undefined : childNamed(node, 'String');
    return !!key && this.isHeaders(object) && HOST_HEADERS.has(this.text.slice(key.from + 1, key.to - 1).toLowerCase());
  }

  /** `request.headers`. */
  private isHeaders(node: SyntaxNode | undefined): boolean {
    if (node?.name !== 'MemberExpression') return false;
    const property = childNamed(node, 'PropertyName');
    return !!property && this.text.slice(property.from, property.to) === 'headers';
  }

  /** `os.environ[…]`, `settings.X`, `app.config[…]`, `config.X` …: configuration, or read from it. */
  private isConfiguration(node: SyntaxNode | undefined): boolean {
    for (let depth = 0; node && depth < 8; depth++) {
      if (node.name === 'VariableName') {
        const name = this.text.slice(node.from, node.to);
        return CONFIGURATION_NAMES.has(name) || CONFIGURATION_OBJECTS.has(this.imports.get(name) ?? '');
      }
      if (node.name !== 'MemberExpression') return false;
      const full = this.fullName(node);
      if (full !== undefined && CONFIGURATION_OBJECTS.has(full)) return true;
      const property = childNamed(node, 'PropertyName');
      if (property && this.text.slice(property.from, property.to) === 'config') return true; // app.config, current_app.config
      node = node.firstChild ?? undefined;
    }
    return false;
  }

  /** The expression `name` holds where `at` reads it, when the scope that owns it binds it once by an assignment (`BASE = "…"`). */
  assignedValue(name: string, at: SyntaxNode): SyntaxNode | undefined {
    const where = this.assignedAt(name, at);
    return (where && nodeAt(at, where)) ?? undefined;
  }

  /** Where the expression is that `assignedValue` answers with (its node not looked for). */
  assignedAt(name: string, at: SyntaxNode): NodeAt | undefined {
    const binding = this.bindingOf(name, at);
    const value = binding?.count === 1 && !this.imports.has(name) ? binding.value : undefined;
    if (value) this.onRead?.(value.from, value.to);
    return value;
  }

  /** The value of `name` read at `at`: what its scope (or the nearest enclosing one binding it) assigned it once. */
  private constant(name: string, at: SyntaxNode, depth: number): SubstitutionValue {
    const binding = this.bindingOf(name, at);
    const assigned = binding?.count === 1 && !this.imports.has(name) ? binding.value : undefined;
    if (!assigned || depth >= MAX_DEPTH) return UNKNOWN;
    this.onRead?.(assigned.from, assigned.to);
    const cached = this.values.get(binding!);
    if (cached) return cached;
    const node = nodeAt(at, assigned);
    if (!node) return UNKNOWN;
    this.values.set(binding!, UNKNOWN); // a name defined through itself is unknown, not an endless loop
    const value = this.classify(node, depth + 1);
    this.values.set(binding!, value);
    return value;
  }

  /**
   * How the scope that owns `name` where `at` reads it binds it: the innermost scope around `at` binding it
   * (a class body's names are not seen from its methods, as in Python).
   */
  private bindingOf(name: string, at: SyntaxNode): Binding | undefined {
    let scope = enclosingScope(at);
    for (let first = true; ; first = false) {
      if (!first) while (scope?.name === 'ClassDefinition') scope = enclosingScope(scope.parent);
      const binding = this.namesOf(scope).get(name);
      if (binding || !scope) return binding;
      scope = enclosingScope(scope.parent);
    }
  }

  private readImport(statement: SyntaxNode): void {
    const text = this.text;
    const parts: SyntaxNode[] = [];
    for (let child = statement.firstChild; child; child = child.nextSibling) parts.push(child);
    const from = parts[0]?.name === 'from';
    const importAt = parts.findIndex((p) => p.name === 'import');
    // `from a.b import c as d`: the module is what stands between `from` and `import`.
    const module = from ? parts.slice(1, importAt).map((p) => text.slice(p.from, p.to)).join('') : '';
    for (let i = importAt + 1; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.name !== 'VariableName') continue;
      // A dotted `import a.b.c` binds `a`; read the whole dotted name.
      let end = i;
      while (!from && parts[end + 1]?.name === '.' && parts[end + 2]?.name === 'VariableName') end += 2;
      const written = parts.slice(i, end + 1).map((p) => text.slice(p.from, p.to)).join('');
      i = end;
      const alias = parts[i + 1]?.name === 'as' ? parts[i + 2] : undefined;
      if (alias) i += 2;
      const full = from ? (module.endsWith('.') ? module + written : `${module}.${written}`) : written;
      const local = alias ? text.slice(alias.from, alias.to) : from ? written : written.split('.')[0]!;
      this.imports.set(local, from || alias ? full : local);
    }
  }
}

interface Binding {
  count: number;
  /** For `NAME = value`: where the value stands (`NodeAt`: the node is found again when asked). */
  value: NodeAt | undefined;
}

const SCOPES: ReadonlySet<string> = new Set(['FunctionDefinition', 'LambdaExpression', 'ClassDefinition']);

/** The function, lambda or class `node` is in (itself included), or null at module level. */
function enclosingScope(node: SyntaxNode | null): SyntaxNode | null {
  for (let n = node; n; n = n.parent) if (SCOPES.has(n.name)) return n;
  return null;
}

/** Is this `VariableName` one the code binds (assigns, imports, takes as a parameter …)? */
function isBinding(node: SyntaxNode): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.name) {
    case 'AssignStatement': {
      // Targets stand before the last `=`.
      let last: SyntaxNode | null = null;
      for (let child = parent.firstChild; child; child = child.nextSibling) if (child.name === 'AssignOp') last = child;
      return last !== null && node.to <= last.from;
    }
    case 'UpdateStatement':
    case 'NamedExpression':
      return node === parent.firstChild || node.from === parent.firstChild?.from;
    case 'ParamList': {
      const before = node.prevSibling?.name;
      return before === undefined || before === '(' || before === ',' || before === '*' || before === '**';
    }
    case 'FunctionDefinition':
    case 'ClassDefinition':
      return node.prevSibling?.name === 'def' || node.prevSibling?.name === 'class';
    case 'ImportStatement':
      return true;
    case 'ForStatement':
    case 'ArrayComprehensionExpression':
    case 'SetComprehensionExpression':
    case 'DictionaryComprehensionExpression':
    case 'ComprehensionExpression': {
      // Between a `for` and its `in`.
      for (let before = node.prevSibling; before; before = before.prevSibling) {
        if (before.name === 'in') return false;
        if (before.name === 'for') return true;
      }
      return false;
    }
    default:
      return node.prevSibling?.name === 'as'; // with … as x, except E as e
  }
}

/** A module's docstring: an expression statement of one string, first in the file. */
function isDocstring(statement: SyntaxNode): boolean {
  return statement.name === 'ExpressionStatement' && (statement.firstChild?.name === 'String' || statement.firstChild?.name === 'ContinuedString');
}
