/**
 * The web routes of a Python file (`Host.readRoutes`, see `document/routes.ts`), read from `@lezer/python`'s
 * tree — nothing is run. Understood:
 *
 * - Flask (and Quart): `Flask(__name__)`, `@app.route(path, methods=[…])` (GET when `methods` is left out, as
 *   in Flask), `@app.post(path)` …, `Blueprint(…, url_prefix=…)`, `app.register_blueprint(bp, url_prefix=…)`
 *   (which replaces the blueprint's own prefix), `app.add_url_rule(path, view_func=…, methods=[…])`;
 * - FastAPI: `FastAPI()`, `@app.post(path)` …, `@app.api_route(path, methods=[…])`, `APIRouter(prefix=…)`,
 *   `app.include_router(router, prefix=…)`, `app.mount(path, sub_app)`;
 * - functions that receive the app (`def register(app): @app.route(…)` called as `register(app)`), functions
 *   that return a router, and `import` / `from … import` of the workspace's modules (module-level names are
 *   what a module exports);
 * - conditions on request parameters in handlers: `if digits == "1":` with `digits = request.form.get("Digits")`,
 *   `request.values["Digits"] in ("2", "3")`, `elif`, `else`, what follows an `if` that returns, `match` /
 *   `case`, FastAPI's `Digits: str = Form(…)` parameters.
 */
import type { SyntaxNode, TreeCursor } from '@lezer/common';
import { noRoutes, type Condition, type FileRoutes, type PathText, type Ref, type Span } from '../../document/routes';
import { pythonConstant } from './constants';
import { treeOf } from './file';
import { PythonHandlerReader, type PythonScope } from './handlers';
import { childNamed, lastChildNamed, childrenNamed } from './lezer';

/** Decorator and method names that register a route of one HTTP method. */
const ROUTE_METHODS: Readonly<Record<string, string>> = { get: 'GET', post: 'POST', put: 'PUT', patch: 'PATCH', delete: 'DELETE', options: 'OPTIONS', head: 'HEAD' };

/** Constructors of apps and routers, with the framework and what they make. */
const CONSTRUCTORS: Readonly<Record<string, { kind: 'app' | 'router'; framework: string; prefix?: string }>> = {
  Flask: { kind: 'app', framework: 'flask' },
  Quart: { kind: 'app', framework: 'flask' },
  Blueprint: { kind: 'router', framework: 'flask', prefix: 'url_prefix' },
  FastAPI: { kind: 'app', framework: 'fastapi' },
  APIRouter: { kind: 'router', framework: 'fastapi', prefix: 'prefix' },
};

/** The statements of one line (the grammar's small statements): no body of statements within them. */
const SIMPLE_STATEMENTS: ReadonlySet<string> = new Set([
  'AssignStatement',
  'UpdateStatement',
  'ExpressionStatement',
  'DeleteStatement',
  'PassStatement',
  'BreakStatement',
  'ContinueStatement',
  'ReturnStatement',
  'YieldStatement',
  'PrintStatement',
  'RaiseStatement',
  'ImportStatement',
  'ScopeStatement',
  'AssertStatement',
  'TypeDefinition',
]);

/** Words whose presence tells a file may register routes; a file with none is not parsed for them. */
const ROUTE_WORDS: readonly string[] = ['@', 'Blueprint', 'APIRouter', 'Flask', 'FastAPI', 'register_blueprint', 'include_router', 'add_url_rule'];

export function readPythonRoutes(text: string): FileRoutes {
  if (!ROUTE_WORDS.some((word) => text.includes(word))) return noRoutes();
  return new RouteReader(text, treeOf(text).topNode).read();
}

type Binding =
  | { kind: 'router'; key: string; framework: string }
  | { kind: 'parameter'; key: string; function: string; index: number }
  | { kind: 'import'; key: string }
  | { kind: 'function'; key: string; node: SyntaxNode }
  /** Request data: `request.form`, `form = await request.form()`. */
  | { kind: 'body'; key: string }
  | { kind: 'parameterValue'; key: string; parameter: string }
  | { kind: 'value'; key: string; value: SyntaxNode | undefined; count: number };

class RouteReader implements PythonScope {
  private readonly out: FileRoutes = noRoutes();
  private readonly scopes: Map<string, Binding>[] = [];
  private readonly declared = new Set<string>();

  /** What handlers do with the request and their answer, read in the same walk. */
  private readonly code: PythonHandlerReader = new PythonHandlerReader(this);

  constructor(
    readonly text: string,
    private readonly top: SyntaxNode,
  ) {}

  read(): FileRoutes {
    const module = new Map<string, Binding>();
    this.scopes.push(module);
    this.hoist(this.top, module, true);
    this.statements(this.top, this.top.to);
    this.out.code = this.code.finish();
    // Every module-level name is the module's to export: routers, functions, names imported from elsewhere.
    for (const [name, binding] of module) {
      if (binding.kind === 'router' || binding.kind === 'import' || binding.kind === 'function') this.out.exports.push({ name, ref: { key: binding.key } });
    }
    return this.out;
  }

  private slice(node: SyntaxNode): string {
    return this.text.slice(node.from, node.to);
  }

  private lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const binding = this.scopes[i]!.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  // ----- bindings --------------------------------------------------------------------------------------

  /** The names a body binds (assignments, imports, definitions), in its statements and their nested blocks. */
  private hoist(container: SyntaxNode, scope: Map<string, Binding>, moduleLevel: boolean): void {
    for (let statement = container.firstChild; statement; statement = statement.nextSibling) {
      switch (statement.name) {
        case 'ImportStatement':
          this.importStatement(statement, scope, moduleLevel);
          break;
        case 'AssignStatement':
          this.assignment(statement, scope);
          break;
        case 'FunctionDefinition': {
          const name = childNamed(statement, 'VariableName');
          if (name) scope.set(this.slice(name), { kind: 'function', key: String(statement.from), node: statement });
          break;
        }
        case 'DecoratedStatement': {
          const definition = lastChildNamed(statement, 'FunctionDefinition');
          const name = childNamed(definition, 'VariableName');
          if (definition && name) scope.set(this.slice(name), { kind: 'function', key: String(definition.from), node: definition });
          break;
        }
        case 'IfStatement':
        case 'TryStatement':
        case 'WithStatement':
        case 'ForStatement':
        case 'WhileStatement':
          for (let body = statement.firstChild; body; body = body.nextSibling) if (body.name === 'Body') this.hoist(body, scope, moduleLevel);
          break;
      }
    }
  }

  private assignment(statement: SyntaxNode, scope: Map<string, Binding>): void {
    const target = statement.firstChild;
    const operator = target?.nextSibling;
    if (!target || target.name !== 'VariableName' || operator?.name !== 'AssignOp') return;
    const value = operator.nextSibling ?? undefined;
    if (!value || value.nextSibling?.name === 'AssignOp') return;
    const name = this.slice(target);
    const key = String(target.from);
    const before = scope.get(name);
    if (before) {
      // Bound twice: a router keeps its first binding; any other name is no constant any more.
      if (before.kind === 'value') before.count++;
      return;
    }
    const made = this.madeRouter(value);
    if (made) {
      this.declare({ key, kind: made.kind, framework: made.framework, prefix: made.prefix, range: { start: statement.from, end: statement.to } });
      scope.set(name, { kind: 'router', key, framework: made.framework });
      return;
    }
    if (this.isBody(value)) scope.set(name, { kind: 'body', key });
    else {
      const parameter = this.parameterRead(value);
      scope.set(name, parameter !== undefined ? { kind: 'parameterValue', key, parameter } : { kind: 'value', key, value, count: 1 });
    }
  }

  private madeRouter(value: SyntaxNode): { kind: 'app' | 'router'; framework: string; prefix: PathText } | undefined {
    if (value.name !== 'CallExpression') return undefined;
    const callee = value.firstChild;
    const name = callee?.name === 'VariableName' ? this.slice(callee) : callee?.name === 'MemberExpression' ? this.lastName(callee) : undefined;
    const made = name !== undefined ? CONSTRUCTORS[name] : undefined;
    if (!made) return undefined;
    const args = lastChildNamed(value, 'ArgList');
    const prefixNode = made.prefix && args ? this.keyword(args, made.prefix) : undefined;
    return { kind: made.kind, framework: made.framework, prefix: prefixNode ? this.constant(prefixNode) : '' };
  }

  private declare(router: FileRoutes['routers'][number]): void {
    if (this.declared.has(router.key)) return;
    this.declared.add(router.key);
    this.out.routers.push(router);
  }

  /** `import a.b as c`, `from .views import bp as b`, `from . import views`. */
  private importStatement(statement: SyntaxNode, scope: Map<string, Binding>, moduleLevel: boolean): void {
    const parts: SyntaxNode[] = [];
    for (let child = statement.firstChild; child; child = child.nextSibling) parts.push(child);
    const isFrom = parts[0]?.name === 'from';
    const importAt = parts.findIndex((p) => p.name === 'import');
    if (importAt < 0) return;
    let dots = 0;
    const moduleNames: string[] = [];
    if (isFrom) {
      for (const part of parts.slice(1, importAt)) {
        if (part.name === '.') dots++;
        else if (part.name === 'Ellipsis') dots += 3;
        else if (part.name === 'VariableName') moduleNames.push(this.slice(part));
      }
    }
    for (let i = importAt + 1; i < parts.length; i++) {
      const part = parts[i]!;
      if (part.name !== 'VariableName') continue;
      const dotted = [this.slice(part)];
      while (!isFrom && parts[i + 1]?.name === '.' && parts[i + 2]?.name === 'VariableName') {
        dotted.push(this.slice(parts[i + 2]!));
        i += 2;
      }
      const alias = parts[i + 1]?.name === 'as' ? parts[i + 2] : undefined;
      if (alias) i += 2;
      const local = alias ? this.slice(alias) : dotted[0]!;
      const key = String((alias ?? part).from);
      if (isFrom) {
        const name = dotted[0]!;
        // `from pkg import name`: an attribute of `pkg`, or its submodule `pkg/name.py`.
        this.out.imports.push({ key, imported: name, ...moduleFiles(dots, moduleNames) });
        this.out.imports.push({ key, imported: '*', ...moduleFiles(dots, [...moduleNames, name]) });
      } else {
        if (!alias && dotted.length > 1) continue; // `import a.b` binds `a`, a package: not followed
        this.out.imports.push({ key, imported: '*', ...moduleFiles(0, dotted) });
      }
      if (moduleLevel || !scope.has(local)) scope.set(local, { kind: 'import', key });
    }
  }

  // ----- the walk ------------------------------------------------------------------------------------

  /** The statements of a body; `end` is where the body ends (what follows an `if` that returns runs up to it). */
  private statements(container: SyntaxNode, end: number): void {
    // One cursor for the body: what handlers do is read from each statement's expressions with it.
    const cursor = container.cursor();
    if (!cursor.firstChild()) return;
    do this.statement(cursor.node, end, cursor);
    while (cursor.nextSibling());
  }

  /** A statement of a body, and `cursor` on it (see `PythonHandlerReader.statement`). */
  private statement(statement: SyntaxNode, end: number, cursor: TreeCursor): void {
    switch (statement.name) {
      case 'DecoratedStatement':
        this.decorated(statement);
        return;
      case 'FunctionDefinition':
        this.functionDefinition(statement);
        return;
      case 'ClassDefinition':
        return;
      case 'IfStatement':
        this.ifConditions(statement, end);
        break;
      case 'MatchStatement':
        this.matchConditions(statement);
        break;
      case 'ReturnStatement': {
        const value = statement.lastChild;
        const router = value && value.name !== 'return' ? this.routerRef(value) : undefined;
        const fn = this.currentFunction;
        if (router && fn !== undefined) this.out.returns.push({ function: fn, router });
        break;
      }
    }
    this.code.statement(statement, cursor);
    this.calls(statement);
    if (SIMPLE_STATEMENTS.has(statement.name)) return; // no body of statements within
    for (let child = statement.firstChild; child; child = child.nextSibling) {
      if (child.name === 'Body' || child.name === 'MatchBody') this.statements(child, child.to);
      else if (child.name === 'MatchClause') this.statements(child, child.to);
    }
  }

  /** The key of the function whose body is being read. */
  private currentFunction: string | undefined;

  private functionDefinition(definition: SyntaxNode): void {
    const key = String(definition.from);
    this.out.functions.push({ key, span: { start: definition.from, end: definition.to } });
    const scope = new Map<string, Binding>();
    const params = childNamed(definition, 'ParamList');
    let index = 0;
    for (let param = params?.firstChild; param; param = param.nextSibling) {
      if (param.name !== 'VariableName') continue;
      const before = param.prevSibling?.name;
      if (before !== '(' && before !== ',' && before !== '*' && before !== '**') continue;
      const name = this.slice(param);
      // FastAPI: `Digits: str = Form(None)` is the request's form field of that name.
      const value = this.defaultOf(param);
      if (value && value.name === 'CallExpression' && value.firstChild && this.slice(value.firstChild) === 'Form') {
        scope.set(name, { kind: 'parameterValue', key: String(param.from), parameter: name });
      } else {
        scope.set(name, { kind: 'parameter', key: `${key}#${index}`, function: key, index });
      }
      index++;
    }
    const body = lastChildNamed(definition, 'Body');
    if (!body) return;
    this.hoist(body, scope, false);
    this.scopes.push(scope);
    const outer = this.currentFunction;
    this.currentFunction = key;
    const outerCode = this.code.enterFunction(definition);
    this.statements(body, body.to);
    this.code.exitFunction(outerCode);
    this.currentFunction = outer;
    this.scopes.pop();
  }

  /** A parameter's default value (`= Form(None)`), over its annotation. */
  private defaultOf(param: SyntaxNode): SyntaxNode | undefined {
    for (let next = param.nextSibling; next && next.name !== ',' && next.name !== ')'; next = next.nextSibling) {
      if (next.name === 'AssignOp') return next.nextSibling ?? undefined;
    }
    return undefined;
  }

  /** A decorated function: each decorator that registers a route, then the function itself. */
  private decorated(statement: SyntaxNode): void {
    const definition = lastChildNamed(statement, 'FunctionDefinition');
    for (let decorator = statement.firstChild; decorator; decorator = decorator.nextSibling) {
      if (decorator.name !== 'Decorator' || !definition) continue;
      this.decorator(decorator, definition);
    }
    if (definition) this.functionDefinition(definition);
  }

  private decorator(decorator: SyntaxNode, definition: SyntaxNode): void {
    const names: SyntaxNode[] = [];
    for (let child = decorator.firstChild; child; child = child.nextSibling) if (child.name === 'VariableName') names.push(child);
    const args = childNamed(decorator, 'ArgList');
    if (names.length !== 2 || !args) return; // `@app.route(…)`: a receiver and a method
    const method = this.slice(names[1]!);
    const router = this.routerRef(names[0]!);
    if (!router) return;
    let methods: string[] | undefined;
    const framework = this.frameworkOf(router);
    if (ROUTE_METHODS[method]) methods = [ROUTE_METHODS[method]!];
    else if (method === 'route' || method === 'api_route') methods = this.methodsOf(args) ?? ['GET'];
    if (!methods) return;
    const pathNode = this.positional(args, 0) ?? this.keyword(args, 'path') ?? this.keyword(args, 'rule');
    if (!pathNode) return;
    const path = this.constant(pathNode);
    if (path === undefined && !this.declared.has(router.key)) return;
    if (path !== undefined && !path.startsWith('/') && path !== '') return;
    this.ensureRouter(router, framework);
    const name = childNamed(definition, 'VariableName');
    this.out.routes.push({
      router,
      framework,
      methods,
      path,
      pathRange: { start: pathNode.from, end: pathNode.to },
      range: { start: decorator.from, end: definition.to },
      handlers: [{ start: definition.from, end: definition.to }],
      ...(name ? { name: this.slice(name) } : {}),
    });
  }

  /** `methods=["POST", "GET"]` (a list or tuple of strings); undefined when absent or computed. */
  private methodsOf(args: SyntaxNode): string[] | undefined {
    const list = this.keyword(args, 'methods');
    if (!list || (list.name !== 'ArrayExpression' && list.name !== 'TupleExpression')) return undefined;
    const methods: string[] = [];
    for (let item = list.firstChild; item; item = item.nextSibling) {
      if (item.name === '[' || item.name === ']' || item.name === '(' || item.name === ')' || item.name === ',') continue;
      const value = this.constant(item);
      if (value === undefined) return undefined;
      methods.push(value.toUpperCase());
    }
    return methods;
  }

  // ----- calls: mounts, add_url_rule, routers passed to functions ---------------------------------------

  /** The calls a statement makes directly (not in nested bodies). */
  private calls(statement: SyntaxNode): void {
    if (statement.name !== 'ExpressionStatement') return;
    const call = statement.firstChild;
    if (call?.name !== 'CallExpression') return;
    const callee = call.firstChild;
    const args = lastChildNamed(call, 'ArgList');
    if (!callee || !args) return;
    if (callee.name === 'MemberExpression') {
      const receiver = callee.firstChild;
      const method = this.lastName(callee);
      const parent = receiver ? this.routerRef(receiver) : undefined;
      if (parent && method) {
        if (method === 'register_blueprint' || method === 'include_router') this.mountCall(parent, call, args, method);
        else if (method === 'mount') this.mountPath(parent, call, args);
        else if (method === 'add_url_rule') this.addUrlRule(parent, call, args);
        return;
      }
    }
    this.routersPassed(call, callee, args);
  }

  private mountCall(parent: Ref, call: SyntaxNode, args: SyntaxNode, method: string): void {
    const childNode = this.positional(args, 0);
    const child = childNode ? this.childRef(childNode) : undefined;
    if (!child) return;
    const prefixNode = this.keyword(args, method === 'register_blueprint' ? 'url_prefix' : 'prefix');
    this.ensureRouter(parent, method === 'register_blueprint' ? 'flask' : 'fastapi');
    this.out.mounts.push({
      parent,
      prefix: prefixNode ? this.constant(prefixNode) : '',
      ...(method === 'register_blueprint' && prefixNode ? { replacesOwnPrefix: true } : {}),
      child,
      range: { start: call.from, end: call.to },
    });
  }

  /** FastAPI: `app.mount("/sub", sub_app)`. */
  private mountPath(parent: Ref, call: SyntaxNode, args: SyntaxNode): void {
    const pathNode = this.positional(args, 0) ?? this.keyword(args, 'path');
    const childNode = this.positional(args, 1) ?? this.keyword(args, 'app');
    const child = childNode ? this.childRef(childNode) : undefined;
    if (!pathNode || !child) return;
    this.ensureRouter(parent, 'fastapi');
    this.out.mounts.push({ parent, prefix: this.constant(pathNode), child, range: { start: call.from, end: call.to } });
  }

  /** Flask: `app.add_url_rule("/x", "endpoint", view, methods=["POST"])`, `view_func=view`. */
  private addUrlRule(router: Ref, call: SyntaxNode, args: SyntaxNode): void {
    const pathNode = this.positional(args, 0) ?? this.keyword(args, 'rule');
    const view = this.keyword(args, 'view_func') ?? this.positional(args, 2);
    if (!pathNode || !view || view.name !== 'VariableName') return;
    const binding = this.lookup(this.slice(view));
    if (binding?.kind !== 'function' && binding?.kind !== 'import') return;
    const path = this.constant(pathNode);
    if (path === undefined || (!path.startsWith('/') && path !== '')) return;
    this.ensureRouter(router, 'flask');
    const route = {
      router,
      framework: 'flask',
      methods: this.methodsOf(args) ?? ['GET'],
      path,
      pathRange: { start: pathNode.from, end: pathNode.to },
      range: { start: call.from, end: call.to },
      handlers: binding.kind === 'function' ? [{ start: binding.node.from, end: binding.node.to }] : [],
      name: this.slice(view),
    };
    this.out.routes.push(binding.kind === 'import' ? { ...route, handlerRefs: [{ key: binding.key }] } : route);
  }

  /** `register_routes(app)`: the function's parameter is the router passed. */
  private routersPassed(call: SyntaxNode, callee: SyntaxNode, args: SyntaxNode): void {
    let target: Ref | undefined;
    if (callee.name === 'VariableName') {
      const binding = this.lookup(this.slice(callee));
      if (binding?.kind === 'function' || binding?.kind === 'import') target = { key: binding.key };
    } else if (callee.name === 'MemberExpression' && callee.firstChild?.name === 'VariableName') {
      const binding = this.lookup(this.slice(callee.firstChild));
      const member = this.lastName(callee);
      if (binding?.kind === 'import' && member) target = { key: binding.key, member };
    }
    if (!target) return;
    let index = 0;
    for (let arg = args.firstChild; arg; arg = arg.nextSibling) {
      if (arg.name === '(' || arg.name === ')' || arg.name === ',') continue;
      if (arg.nextSibling?.name === 'AssignOp') break; // keyword arguments: not positional
      if (arg.name === 'VariableName') {
        const binding = this.lookup(this.slice(arg));
        if (binding?.kind === 'router' || binding?.kind === 'parameter' || binding?.kind === 'import') {
          const parent = this.routerRef(arg)!;
          this.ensureRouter(parent, this.frameworkOf(parent));
          this.out.mounts.push({ parent, prefix: '', child: { ...target, parameter: index }, range: { start: call.from, end: call.to } });
        }
      }
      index++;
    }
  }

  /** A receiver that can be a router: made here, imported, a parameter (`def register(app)`). */
  private routerRef(node: SyntaxNode): Ref | undefined {
    if (node.name === 'CallExpression' && node.firstChild?.name === 'VariableName') {
      // `create_router()`: what a function returns.
      const binding = this.lookup(this.slice(node.firstChild));
      return binding?.kind === 'function' || binding?.kind === 'import' ? { key: binding.key, returned: true } : undefined;
    }
    if (node.name !== 'VariableName') return undefined;
    const binding = this.lookup(this.slice(node));
    if (!binding) return undefined;
    if (binding.kind === 'router' || binding.kind === 'import' || binding.kind === 'parameter') return { key: binding.key };
    return undefined;
  }

  /** What `register_blueprint(X)` / `include_router(X)` mounts: a router here, an import, `views.bp`. */
  private childRef(node: SyntaxNode): Ref | undefined {
    if (node.name === 'MemberExpression' && node.firstChild?.name === 'VariableName') {
      const binding = this.lookup(this.slice(node.firstChild));
      const member = this.lastName(node);
      return binding?.kind === 'import' && member ? { key: binding.key, member } : undefined;
    }
    return this.routerRef(node);
  }

  private ensureRouter(router: Ref, framework: string): void {
    if (this.declared.has(router.key)) return;
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      for (const binding of this.scopes[i]!.values()) {
        if (binding.key !== router.key) continue;
        if (binding.kind === 'parameter') this.declare({ key: router.key, kind: 'parameter', framework, prefix: '', function: binding.function, index: binding.index, range: { start: 0, end: 0 } });
        return;
      }
    }
  }

  private frameworkOf(router: Ref): string {
    return this.out.routers.find((r) => r.key === router.key)?.framework ?? 'flask';
  }

  // ----- conditions ------------------------------------------------------------------------------------

  /** `if`, `elif`, `else`, and what follows an `if` whose body returns (up to `end`). */
  private ifConditions(statement: SyntaxNode, end: number): void {
    let test: SyntaxNode | undefined;
    let hasElse = false;
    let first: ReturnType<RouteReader['test']> | undefined;
    let firstBody: SyntaxNode | undefined;
    let bodies = 0;
    // The child after `if` or `elif` is its test (each child made once, as the loop comes to it).
    let testNext = false;
    for (let child = statement.firstChild; child; child = child.nextSibling) {
      if (testNext) {
        test = child;
        testNext = false;
      }
      if (child.name === 'if' || child.name === 'elif') {
        testNext = true;
        continue;
      }
      if (child.name === 'else') {
        hasElse = true;
        continue;
      }
      if (child.name !== 'Body') continue;
      bodies++;
      if (!test) continue; // the else body: covered by the negations below
      const parsed = this.test(test);
      test = undefined;
      if (!parsed) continue;
      this.condition({ start: child.from, end: child.to }, parsed.parameter, parsed.equals, parsed.otherThan);
      // Every later branch of the same statement runs only when this test failed.
      if (child.to < statement.to) this.condition({ start: child.to, end: statement.to }, parsed.parameter, parsed.otherThan, parsed.equals);
      if (!first) {
        first = parsed;
        firstBody = child;
      }
    }
    if (first && firstBody && !hasElse && bodies === 1 && this.leaves(firstBody)) {
      this.condition({ start: statement.to, end }, first.parameter, first.otherThan, first.equals);
    }
  }

  private matchConditions(statement: SyntaxNode): void {
    const subject = statement.firstChild?.nextSibling;
    const parameter = subject ? this.parameterRead(subject) : undefined;
    const body = childNamed(statement, 'MatchBody');
    if (parameter === undefined || !body) return;
    const all: string[] = [];
    for (const clause of childrenNamed(body, 'MatchClause')) {
      const pattern = clause.firstChild?.nextSibling;
      if (!pattern) continue;
      if (pattern.name === 'CapturePattern') {
        this.condition({ start: clause.from, end: clause.to }, parameter, undefined, [...all]);
        continue;
      }
      const literals = pattern.name === 'OrPattern' ? childrenNamed(pattern, 'LiteralPattern') : pattern.name === 'LiteralPattern' ? [pattern] : [];
      const values = literals.map((l) => (l.firstChild ? this.constant(l.firstChild) : undefined));
      if (values.length === 0 || values.some((v) => v === undefined)) return;
      all.push(...(values as string[]));
      this.condition({ start: clause.from, end: clause.to }, parameter, values as string[], undefined);
    }
  }

  private condition(span: Span, parameter: string, equals: string[] | undefined, otherThan: string[] | undefined): void {
    const condition: Condition = { span, parameter };
    if (equals) condition.equals = equals;
    if (otherThan) condition.otherThan = otherThan;
    this.out.conditions.push(condition);
  }

  /** `P == "1"`, `P != "1"`, `P in ("1", "2")`, `P not in […]`, `or` / `and` of such on one parameter, `not …`. */
  private test(node: SyntaxNode): { parameter: string; equals?: string[]; otherThan?: string[] } | undefined {
    if (node.name === 'ParenthesizedExpression') {
      const inner = node.firstChild?.nextSibling;
      return inner ? this.test(inner) : undefined;
    }
    if (node.name === 'UnaryExpression' && node.firstChild?.name === 'not' && node.lastChild) {
      const inner = this.test(node.lastChild);
      return inner && { parameter: inner.parameter, equals: inner.otherThan, otherThan: inner.equals };
    }
    if (node.name !== 'BinaryExpression') return undefined;
    // Its operator and operands, each made once (a comparison has three children; `not in` four).
    const children: SyntaxNode[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
    const named = (name: string): SyntaxNode | undefined => children.find((c) => c.name === name);
    const left = children[0];
    const logic = named('or') ?? named('and');
    if (logic && left && logic.nextSibling) {
      const a = this.test(left);
      const b = this.test(logic.nextSibling);
      if (!a || !b || a.parameter !== b.parameter) return undefined;
      if (logic.name === 'or' && a.equals && b.equals) return { parameter: a.parameter, equals: [...a.equals, ...b.equals] };
      if (logic.name === 'and' && a.otherThan && b.otherThan) return { parameter: a.parameter, otherThan: [...a.otherThan, ...b.otherThan] };
      return undefined;
    }
    const compare = named('CompareOp');
    const right = children[children.length - 1];
    if (!left || !right || left === right) return undefined;
    if (compare) {
      const op = this.slice(compare);
      if (op !== '==' && op !== '!=') return undefined;
      for (const [side, other] of [
        [left, right],
        [right, left],
      ] as const) {
        const parameter = this.parameterRead(side);
        const value = this.constant(other);
        if (parameter !== undefined && value !== undefined) return op === '==' ? { parameter, equals: [value] } : { parameter, otherThan: [value] };
      }
      return undefined;
    }
    if (named('in')) {
      const negated = named('not') !== undefined;
      const parameter = this.parameterRead(left);
      if (parameter === undefined || (right.name !== 'TupleExpression' && right.name !== 'ArrayExpression' && right.name !== 'SetExpression')) return undefined;
      const values: string[] = [];
      for (let item = right.firstChild; item; item = item.nextSibling) {
        if (item.name === '(' || item.name === ')' || item.name === '[' || item.name === ']' || item.name === '{' || item.name === '}' || item.name === ',') continue;
        const value = this.constant(item);
        if (value === undefined) return undefined;
        values.push(value);
      }
      return negated ? { parameter, otherThan: values } : { parameter, equals: values };
    }
    return undefined;
  }

  /** Does a body always leave the function (its last statement a `return` or `raise`)? */
  private leaves(body: SyntaxNode): boolean {
    const last = body.lastChild;
    return last?.name === 'ReturnStatement' || last?.name === 'RaiseStatement';
  }

  /** The request parameter an expression reads: `request.form.get("Digits")`, `request.values["Digits"]`, a name bound to one. */
  parameterRead(node: SyntaxNode): string | undefined {
    switch (node.name) {
      case 'VariableName': {
        const binding = this.lookup(this.slice(node));
        return binding?.kind === 'parameterValue' ? binding.parameter : undefined;
      }
      case 'ParenthesizedExpression': {
        const inner = node.firstChild?.nextSibling;
        return inner ? this.parameterRead(inner) : undefined;
      }
      case 'CallExpression': {
        const callee = node.firstChild;
        const args = lastChildNamed(node, 'ArgList');
        if (!callee || !args) return undefined;
        if (callee.name === 'VariableName' && this.slice(callee) === 'str') {
          const only = this.positional(args, 0);
          return only ? this.parameterRead(only) : undefined;
        }
        if (callee.name !== 'MemberExpression') return undefined;
        const method = this.lastName(callee);
        // `.strip()`, `.lower()`: the same value.
        if ((method === 'strip' || method === 'lower' || method === 'upper') && callee.firstChild) return this.parameterRead(callee.firstChild);
        const first = this.positional(args, 0);
        if (method === 'get' && first && callee.firstChild && this.isBody(callee.firstChild)) return this.constant(first);
        return undefined;
      }
      case 'MemberExpression': {
        // `request.form["Digits"]`
        const object = node.firstChild;
        const key = childNamed(node, 'String');
        if (object && key && childNamed(node, '[') && this.isBody(object)) return this.constant(key);
        return undefined;
      }
      case 'BinaryExpression': {
        // `request.form.get("Digits") or ""`
        const operator = childNamed(node, 'or');
        const left = node.firstChild;
        return operator && left && operator.nextSibling && this.constant(operator.nextSibling) !== undefined ? this.parameterRead(left) : undefined;
      }
    }
    return undefined;
  }

  /** Request data: `request.form`, `request.values`, `request.args`, `request.POST`, a name bound to one, `await request.form()`. */
  private isBody(node: SyntaxNode): boolean {
    if (node.name === 'VariableName') return this.lookup(this.slice(node))?.kind === 'body';
    if (node.name === 'MemberExpression' && !childNamed(node, '[')) {
      const name = this.lastName(node);
      return name === 'form' || name === 'values' || name === 'args' || name === 'POST' || name === 'GET' || name === 'query_params';
    }
    if (node.name === 'AwaitExpression') return node.lastChild ? this.isBody(node.lastChild) : false;
    // `await request.form()`
    if (node.name === 'CallExpression' && node.firstChild?.name === 'MemberExpression') return this.lastName(node.firstChild) === 'form';
    return false;
  }

  // ----- values --------------------------------------------------------------------------------------

  constant(node: SyntaxNode): string | undefined {
    return pythonConstant(node, this.text, (name) => {
      const binding = this.lookup(name);
      return binding?.kind === 'value' && binding.count === 1 ? binding.value : undefined;
    });
  }

  private lastName(member: SyntaxNode): string | undefined {
    const property = member.lastChild;
    return property && (property.name === 'PropertyName' || property.name === 'VariableName') ? this.slice(property) : undefined;
  }

  /** The `index`-th positional argument of an argument list. */
  positional(args: SyntaxNode, index: number): SyntaxNode | undefined {
    let at = 0;
    for (let arg = args.firstChild; arg; arg = arg.nextSibling) {
      if (arg.name === '(' || arg.name === ')' || arg.name === ',') continue;
      if (arg.name === 'VariableName' && arg.nextSibling?.name === 'AssignOp') return undefined; // keywords follow
      if (arg.name === '*' || arg.name === '**') return undefined;
      if (at++ === index) return arg;
    }
    return undefined;
  }

  /** Keyword argument `name=…` of an argument list. */
  keyword(args: SyntaxNode, name: string): SyntaxNode | undefined {
    // One node made per argument: each `=` looked at with the name before it.
    let before: SyntaxNode | null = null;
    for (let arg = args.firstChild; arg; before = arg, arg = arg.nextSibling) {
      if (arg.name === 'AssignOp' && before?.name === 'VariableName' && before.to - before.from === name.length && this.text.startsWith(name, before.from)) return arg.nextSibling ?? undefined;
    }
    return undefined;
  }
}

/** Where a module may be: `views.py` or `views/__init__.py`, relative to the file (`from .views`) or to a folder above it (`from app.views`). */
function moduleFiles(dots: number, names: readonly string[]): { candidates: string[]; anchor: 'file' | 'ancestors' } {
  const up = dots > 1 ? '../'.repeat(dots - 1) : dots === 1 ? './' : '';
  const stem = up + names.join('/');
  if (names.length === 0) return { candidates: [`${up}__init__.py`], anchor: 'file' };
  return { candidates: [`${stem}.py`, `${stem}/__init__.py`], anchor: dots > 0 ? 'file' : 'ancestors' };
}
