/**
 * The web routes of a JS/TS file (`Host.readRoutes`, see `document/routes.ts`), read from `typescript`'s
 * syntax tree — nothing is run. Understood:
 *
 * - Express: `app|router.METHOD(path, …handlers)`, `app.route(path).get(…).post(…)`, `app.use('/ivr', router)`
 *   (also `require('./ivr')` in place), `express()`, `express.Router()`;
 * - Fastify: `fastify.METHOD(path, [options,] handler)`, `fastify.route({ method, url, handler })`,
 *   `fastify.register(plugin, { prefix })` (the plugin's first parameter is the router);
 * - Koa: `new Router({ prefix })`, `router.METHOD(path, …)`, `app.use(router.routes())`, `router.use(path, sub.routes())`;
 * - Hono: `new Hono()`, `app.METHOD(path, handler)`, `app.route('/ivr', sub)`;
 * - functions that receive the app (`export function ivrRoutes(app) { app.post(…) }` called as
 *   `ivrRoutes(app)`, `require('./routes')(app)`) and functions that return a router;
 * - Next.js route handlers (`export async function POST(request)`) and `pages/api` handlers (`export default`):
 *   reported for every file, the index keeps those whose place makes them routes;
 * - imports and exports (ES modules and CommonJS) so that mounts are followed across files;
 * - conditions on request parameters in handlers: `if (req.body.Digits === '1')`, `const d = req.body.Digits;
 *   if (d === '3') return …` (and what follows it), `switch (d) { case '0': … }`, `const { DialCallStatus } =
 *   req.body`, `form.get('Digits')`.
 *
 * A call counts as a route only when its receiver can be a router (not an HTTP client such as `axios` or
 * `supertest`, nor a plain value) and a handler follows the path: `app.get('env')` and `axios.post('/x', data)`
 * are not routes.
 */
import type * as TS from 'typescript';
import { noRoutes, type Condition, type FileRoutes, type PathText, type Ref, type RouteDecl, type RouterDecl, type Span } from '../../document/routes';
import { kindTable, typescript } from './typescript';
import { releaseParsedFile } from './templates';
import { parseForRoutes } from './regions';
import type { VoiceMLRegion } from '../../document/region';
import { HandlerReader, type ScriptScope } from './handlers';

/** Methods of a router that register a route of that HTTP method. */
const ROUTE_METHODS: Readonly<Record<string, string>> = {
  get: 'GET',
  post: 'POST',
  put: 'PUT',
  patch: 'PATCH',
  delete: 'DELETE',
  del: 'DELETE',
  options: 'OPTIONS',
  head: 'HEAD',
  all: '*',
};

/** HTTP methods a Next.js route handler exports. */
const EXPORTED_METHODS: ReadonlySet<string> = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/** Packages whose objects send HTTP requests (or test a server): their `.get` / `.post` are requests, not routes. */
const CLIENT_PACKAGES: ReadonlySet<string> = new Set([
  'axios', 'got', 'superagent', 'supertest', 'node-fetch', 'cross-fetch', 'request', 'request-promise', 'needle', 'ky',
  'undici', 'http', 'https', 'node:http', 'node:https', 'twilio', 'jquery',
]);

/**
 * Names a router goes by when the file does not say what it is (a parameter, a snippet's `app`, `const app =
 * createApp()`): `app`, `router`, `server`, `fastify`, `api`, `routes`, `ivrRouter` … A parameter named
 * `$http` or `client` is an HTTP client far more often than a router.
 */
function isRouterName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'r' || ['app', 'route', 'server', 'fastify', 'instance', 'api'].some((word) => lower.includes(word));
}

/** Words whose presence tells a file may register routes or export a handler; a file with none is not parsed. */
const ROUTE_WORDS: readonly string[] = ['.get(', '.post(', '.put(', '.patch(', '.delete(', '.all(', '.route(', '.use(', '.register(', 'export', 'module.exports', 'exports.'];

/** Script extensions a relative import may leave out, in the order a bundler or Node tries them. */
const SCRIPT_EXTENSIONS: readonly string[] = ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.jsx', '.mts', '.cts'];

export function readScriptRoutes(text: string, languageId: string, regions?: readonly VoiceMLRegion[]): FileRoutes {
  if (!ROUTE_WORDS.some((word) => text.includes(word))) return noRoutes();
  const routes = new RouteReader(typescript(), parseForRoutes(text, languageId, regions)).read();
  // The last question asked of the text (the index asks for its regions first): its parse is let go.
  releaseParsedFile();
  return routes;
}

/** What `RouteReader.visit` does with a node of a kind. */
const enum Visit {
  Other = 0,
  /** A token, a name or a literal: nothing under it to read. */
  Leaf,
  Function,
  Scope,
  Call,
  Binary,
  ExportAssignment,
  ExportDeclaration,
  If,
  Switch,
  Conditional,
  VariableStatement,
}

/** `Visit` by `SyntaxKind`, made once. */
const visitKinds = kindTable((table, ts) => {
  const K = ts.SyntaxKind;
  // Tokens, keywords, identifiers and literals (templates excepted: their substitutions hold code).
  for (let kind = K.FirstToken; kind <= K.LastToken; kind++) table[kind] = Visit.Leaf;
  table[K.Identifier] = table[K.PrivateIdentifier] = Visit.Leaf;
  table[K.StringLiteral] = table[K.NumericLiteral] = table[K.BigIntLiteral] = table[K.NoSubstitutionTemplateLiteral] = table[K.RegularExpressionLiteral] = Visit.Leaf;
  table[K.TemplateHead] = table[K.TemplateMiddle] = table[K.TemplateTail] = Visit.Leaf;
  for (const kind of [K.FunctionDeclaration, K.FunctionExpression, K.ArrowFunction, K.MethodDeclaration]) table[kind] = Visit.Function;
  for (const kind of [K.Block, K.ModuleBlock, K.CaseClause, K.DefaultClause]) table[kind] = Visit.Scope;
  table[K.CallExpression] = Visit.Call;
  table[K.BinaryExpression] = Visit.Binary;
  table[K.ExportAssignment] = Visit.ExportAssignment;
  table[K.ExportDeclaration] = Visit.ExportDeclaration;
  table[K.IfStatement] = Visit.If;
  table[K.SwitchStatement] = Visit.Switch;
  table[K.ConditionalExpression] = Visit.Conditional;
  table[K.VariableStatement] = Visit.VariableStatement;
});

/** A table by syntax kind: 1 for each of `kinds` (made on first use, then kept). */
function kindSet(kinds: (K: typeof TS.SyntaxKind) => readonly TS.SyntaxKind[]): () => Uint8Array {
  return kindTable((table, ts) => {
    for (const kind of kinds(ts.SyntaxKind)) table[kind] = 1;
  });
}

/** The statements that hold statements (see `returnsOf`). */
const statementHolders = kindSet((K) => [
  K.Block, K.IfStatement, K.DoStatement, K.WhileStatement, K.ForStatement, K.ForInStatement, K.ForOfStatement, K.SwitchStatement,
  K.CaseBlock, K.CaseClause, K.DefaultClause, K.TryStatement, K.CatchClause, K.LabeledStatement, K.WithStatement,
]);

/**
 * What `unwrap` looks through (parentheses, `await`, `as`, `!`, `satisfies`, `<T>x`): by a table, as for
 * `visitKinds` — it is asked about most expressions the walk reads, and six `ts.isX` calls each were 3 % of it.
 */
const wrapperKinds = kindSet((K) => [K.ParenthesizedExpression, K.AwaitExpression, K.AsExpression, K.NonNullExpression, K.SatisfiesExpression, K.TypeAssertionExpression]);

/** What a name in the file is bound to, as far as routes care. */
type Binding =
  | { kind: 'router'; key: string; framework: string }
  | { kind: 'parameter'; key: string; function: string; index: number }
  | { kind: 'import'; key: string; package?: string }
  | { kind: 'function'; key: string; node: TS.Node }
  | { kind: 'client'; key: string }
  /** Request data: `req.body`, a form read from the request (`await request.formData()`). */
  | { kind: 'body'; key: string }
  /** A request parameter's value (`const d = req.body.Digits`). */
  | { kind: 'parameterValue'; key: string; parameter: string }
  /** Anything else; `literal` when the code writes the value itself (an object, an array, a string): no router. */
  | { kind: 'value'; key: string; literal?: boolean };

class RouteReader implements ScriptScope {
  private readonly out: FileRoutes = noRoutes();
  /** What handlers do with the request and their answer, read in the same walk. */
  private readonly code: HandlerReader;
  private readonly scopes: Map<string, Binding>[] = [];
  /** Routers already declared, by key (parameters and loose receivers are declared when first used). */
  private readonly declared = new Set<string>();
  private readonly K: typeof TS.SyntaxKind;

  constructor(
    readonly ts: typeof TS,
    readonly file: TS.SourceFile,
  ) {
    this.K = ts.SyntaxKind;
    this.code = new HandlerReader(this);
  }

  read(): FileRoutes {
    this.inScope(this.file, this.file.statements, [], () => this.visitAll(this.file.statements));
    this.out.code = this.code.finish();
    return this.out;
  }

  bindingKind(name: string): string | undefined {
    return this.lookup(name)?.kind;
  }

  // ----- scopes ----------------------------------------------------------------------------------------

  private inScope(owner: TS.Node, statements: readonly TS.Statement[] | undefined, parameters: readonly TS.ParameterDeclaration[], body: () => void): void {
    const scope = new Map<string, Binding>();
    this.scopes.push(scope);
    const ownerKey = this.keyOf(owner);
    parameters.forEach((parameter, index) => {
      if (this.ts.isIdentifier(parameter.name)) {
        scope.set(parameter.name.text, { kind: 'parameter', key: `${ownerKey}#${index}`, function: ownerKey, index });
      } else {
        for (const name of this.boundNames(parameter.name)) scope.set(name.text, { kind: 'value', key: this.keyOf(name) });
      }
    });
    if (statements) for (const statement of statements) this.hoist(statement, scope);
    body();
    this.scopes.pop();
  }

  private lookup(name: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const binding = this.scopes[i]!.get(name);
      if (binding) return binding;
    }
    return undefined;
  }

  private keyOf(node: TS.Node): string {
    return String(node.getStart(this.file));
  }

  span(node: TS.Node): Span {
    return { start: node.getStart(this.file), end: node.end };
  }

  /** The declarations a statement makes in the scope it stands in (before the scope's code is read: uses may come first). */
  private hoist(statement: TS.Statement, scope: Map<string, Binding>): void {
    const ts = this.ts;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) this.declareVariable(declaration, scope);
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      scope.set(statement.name.text, { kind: 'function', key: this.keyOf(statement), node: statement });
    } else if (ts.isClassDeclaration(statement) && statement.name) {
      scope.set(statement.name.text, { kind: 'value', key: this.keyOf(statement) });
    } else if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause) {
      this.declareImport(statement.importClause, statement.moduleSpecifier.text, scope);
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
      scope.set(statement.name.text, this.importBinding(this.keyOf(statement.name), statement.moduleReference.expression.text, 'default'));
    }
  }

  private declareImport(clause: TS.ImportClause, specifier: string, scope: Map<string, Binding>): void {
    const ts = this.ts;
    if (clause.name) scope.set(clause.name.text, this.importBinding(this.keyOf(clause.name), specifier, 'default'));
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) scope.set(bindings.name.text, this.importBinding(this.keyOf(bindings.name), specifier, '*'));
    if (bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        const imported = (element.propertyName ?? element.name).text;
        scope.set(element.name.text, this.importBinding(this.keyOf(element.name), specifier, imported));
      }
    }
  }

  /** An imported name: from a file of the workspace (an import to resolve), or from a package. */
  private importBinding(key: string, specifier: string, imported: string): Binding {
    if (CLIENT_PACKAGES.has(specifier)) return { kind: 'client', key };
    const candidates = moduleCandidates(specifier);
    if (candidates.length > 0) this.out.imports.push({ key, imported, candidates, anchor: 'file' });
    return { kind: 'import', key, package: candidates.length > 0 ? undefined : specifier };
  }

  private declareVariable(declaration: TS.VariableDeclaration, scope: Map<string, Binding>): void {
    const ts = this.ts;
    const init = declaration.initializer ? this.unwrap(declaration.initializer) : undefined;
    if (!ts.isIdentifier(declaration.name)) {
      // `const { router } = require('./ivr')`, `const { Digits, DialCallStatus: status } = req.body`.
      const required = init && this.requiredModule(init);
      const body = init !== undefined && this.isBody(init);
      if (ts.isObjectBindingPattern(declaration.name)) {
        for (const element of declaration.name.elements) {
          if (!ts.isIdentifier(element.name)) continue;
          const property = element.propertyName && (ts.isIdentifier(element.propertyName) || ts.isStringLiteral(element.propertyName)) ? element.propertyName.text : element.name.text;
          const key = this.keyOf(element.name);
          if (required !== undefined) scope.set(element.name.text, this.importBinding(key, required, property));
          else if (body) scope.set(element.name.text, { kind: 'parameterValue', key, parameter: property });
          else scope.set(element.name.text, { kind: 'value', key });
        }
      } else {
        for (const name of this.boundNames(declaration.name)) scope.set(name.text, { kind: 'value', key: this.keyOf(name) });
      }
      return;
    }
    const name = declaration.name;
    const key = this.keyOf(name);
    scope.set(name.text, init ? this.classify(init, key, declaration) : { kind: 'value', key });
  }

  private boundNames(name: TS.BindingName): TS.Identifier[] {
    const ts = this.ts;
    if (ts.isIdentifier(name)) return [name];
    const names: TS.Identifier[] = [];
    for (const element of name.elements) if (!ts.isOmittedExpression(element)) names.push(...this.boundNames(element.name));
    return names;
  }

  /** What `const NAME = init` binds NAME to. */
  private classify(init: TS.Expression, key: string, declaration: TS.VariableDeclaration): Binding {
    const ts = this.ts;
    if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) return { kind: 'function', key: this.keyOf(init), node: init };
    const required = this.requiredModule(init);
    if (required !== undefined) return this.importBinding(key, required, 'default');
    // `require('./ivr').router`
    if (ts.isPropertyAccessExpression(init)) {
      const module = this.requiredModule(this.unwrap(init.expression));
      if (module !== undefined) return this.importBinding(key, module, init.name.text);
    }
    const made = this.madeRouter(init);
    if (made) {
      this.declareRouter({ key, kind: made.kind, framework: made.framework, prefix: made.prefix, range: this.span(declaration) });
      return { kind: 'router', key, framework: made.framework };
    }
    if (this.isBody(init)) return { kind: 'body', key };
    const parameter = this.parameterRead(init);
    if (parameter !== undefined) return { kind: 'parameterValue', key, parameter };
    if (ts.isIdentifier(init)) {
      const aliased = this.lookup(init.text);
      if (aliased) return aliased;
    }
    // `axios.create()`, `supertest(app)`, `request(app)`: clients.
    if ((ts.isCallExpression(init) || ts.isNewExpression(init)) && this.isClient(init.expression)) return { kind: 'client', key };
    // `const app = { post() {} }` (a stub), `const routes = ['/a']`: values the code writes out.
    const literal = ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init) || ts.isStringLiteralLike(init) || ts.isNumericLiteral(init) || ts.isTemplateExpression(init);
    return literal ? { kind: 'value', key, literal } : { kind: 'value', key };
  }

  private isClient(expression: TS.Expression): boolean {
    const ts = this.ts;
    let root: TS.Expression = expression;
    while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) root = ts.isPropertyAccessExpression(root) ? root.expression : root.expression;
    return ts.isIdentifier(root) && this.lookup(root.text)?.kind === 'client';
  }

  /** `require('x')` → `x`. */
  requiredModule(node: TS.Expression): string | undefined {
    const ts = this.ts;
    if (!ts.isCallExpression(node) || !ts.isIdentifier(node.expression) || node.expression.text !== 'require') return undefined;
    const argument = node.arguments[0];
    return node.arguments.length === 1 && argument && ts.isStringLiteralLike(argument) ? argument.text : undefined;
  }

  /** An app or router made by a framework's constructor. */
  private madeRouter(init: TS.Expression): { kind: 'app' | 'router'; framework: string; prefix: PathText } | undefined {
    const ts = this.ts;
    const isNew = ts.isNewExpression(init);
    if (!isNew && !ts.isCallExpression(init)) return undefined;
    const callee = init.expression;
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    const object = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text : undefined;
    const args = init.arguments ?? ts.factory.createNodeArray();
    // `require('express')()`, `require('fastify')({ logger: true })`
    const required = ts.isCallExpression(callee) ? this.requiredModule(callee) : undefined;
    if (!isNew && (required === 'express' || required === 'fastify')) return { kind: 'app', framework: required, prefix: '' };
    if (!isNew && name === 'express' && object === undefined) return { kind: 'app', framework: 'express', prefix: '' };
    if (!isNew && name === 'Router' && (object === undefined || object === 'express')) return { kind: 'router', framework: 'express', prefix: '' };
    if (!isNew && (name === 'fastify' || name === 'Fastify') && object === undefined) return { kind: 'app', framework: 'fastify', prefix: '' };
    if (isNew && name === 'Koa') return { kind: 'app', framework: 'koa', prefix: '' };
    if (isNew && name === 'Hono') return { kind: 'app', framework: 'hono', prefix: '' };
    if (isNew && (name === 'Router' || name === 'KoaRouter')) {
      const options = args[0];
      const prefix = options && ts.isObjectLiteralExpression(options) ? this.property(options, 'prefix') : undefined;
      return { kind: 'router', framework: 'koa', prefix: prefix ? this.pathText(prefix) : '' };
    }
    return undefined;
  }

  private declareRouter(router: RouterDecl): void {
    if (this.declared.has(router.key)) return;
    this.declared.add(router.key);
    this.out.routers.push(router);
  }

  // ----- the walk ------------------------------------------------------------------------------------

  private visitAll(nodes: readonly TS.Node[]): void {
    nodes.forEach((node) => this.visit(node));
  }

  /** Visits a node and what is under it; `visitChild` is the same, made once (`forEachChild` is handed it for every node). */
  private readonly visitChild = (node: TS.Node): undefined => {
    this.visit(node);
    return undefined;
  };

  private visit(node: TS.Node): void {
    const ts = this.ts;
    // By kind, looked up in a table: the index walks every node of every file of the workspace, and a chain of
    // `ts.isX` tests is up to a dozen calls for each.
    const kind = visitKinds()[node.kind];
    if (kind === Visit.Leaf) return;
    // What handlers do with the request and their answer, read in the same walk.
    this.code.visit(node);
    switch (kind) {
      case Visit.Function:
        this.visitFunction(node as TS.FunctionLikeDeclaration);
        return;
      case Visit.Scope: {
        const scope = node as TS.Block | TS.ModuleBlock | TS.CaseClause | TS.DefaultClause;
        this.inScope(node, scope.statements, [], () => this.visitStatements(scope.statements, node.end));
        return;
      }
      case Visit.Call:
        this.call(node as TS.CallExpression);
        break;
      case Visit.Binary:
        if ((node as TS.BinaryExpression).operatorToken.kind === this.K.EqualsToken) this.assignment(node as TS.BinaryExpression);
        break;
      case Visit.ExportAssignment:
        this.exportDefault((node as TS.ExportAssignment).expression);
        break;
      case Visit.ExportDeclaration:
        this.exportList(node as TS.ExportDeclaration);
        break;
      case Visit.If:
        this.ifConditions(node as TS.IfStatement, undefined);
        break;
      case Visit.Switch:
        this.switchConditions(node as TS.SwitchStatement);
        break;
      case Visit.Conditional:
        this.conditionalConditions(node as TS.ConditionalExpression);
        break;
      case Visit.VariableStatement:
        this.exportedVariables(node as TS.VariableStatement);
        break;
    }
    ts.forEachChild(node, this.visitChild);
  }

  /** A block's statements: each visited, and what follows an `if` that always leaves is guarded by its negation. */
  private visitStatements(statements: readonly TS.Statement[], end: number): void {
    for (const statement of statements) {
      if (this.ts.isIfStatement(statement)) this.ifConditions(statement, end);
      this.visitInner(statement);
    }
  }

  /** Like `visit`, without the condition handling `visitStatements` has done already. */
  private visitInner(statement: TS.Statement): void {
    if (this.ts.isIfStatement(statement)) {
      this.ts.forEachChild(statement, this.visitChild);
      return;
    }
    this.visit(statement);
  }

  private visitFunction(node: TS.FunctionLikeDeclaration): void {
    const ts = this.ts;
    const body = node.body;
    if (ts.isFunctionDeclaration(node) && node.name) this.out.functions.push({ key: this.keyOf(node), span: this.span(node) });
    if (ts.isFunctionDeclaration(node) && node.modifiers?.some((m) => m.kind === this.K.ExportKeyword)) {
      const isDefault = node.modifiers.some((m) => m.kind === this.K.DefaultKeyword);
      const name = isDefault ? 'default' : node.name?.text;
      if (name !== undefined) this.exportFunction(name, node);
    }
    const statements = body && ts.isBlock(body) ? body.statements : undefined;
    this.code.enterFunction(node);
    this.inScope(node, statements, node.parameters, () => {
      for (const parameter of node.parameters) if (parameter.initializer) this.visit(parameter.initializer);
      if (!body) return;
      if (ts.isBlock(body)) {
        this.visitStatements(body.statements, body.end);
        this.returnsOf(node, body);
      } else {
        this.visit(body);
        const returned = this.returnedRouter(this.unwrap(body));
        if (returned) this.out.returns.push({ function: this.keyOf(node), router: returned });
      }
    });
    this.code.exitFunction();
  }

  /**
   * `return router` in a function's own body (not in nested functions). A `return` stands among statements, so
   * only statements that hold statements are gone into (blocks, `if`, loops, `switch`, `try`, labels): not the
   * expressions, where a `return` can only be in a function of its own.
   */
  private returnsOf(fn: TS.Node, body: TS.Block): void {
    const ts = this.ts;
    const holders = statementHolders();
    const ReturnStatement = this.K.ReturnStatement;
    const look = (node: TS.Node): void => {
      if (node.kind === ReturnStatement) {
        const expression = (node as TS.ReturnStatement).expression;
        const returned = expression && this.returnedRouter(this.unwrap(expression));
        if (returned) this.out.returns.push({ function: this.keyOf(fn), router: returned });
      } else if (holders[node.kind] === 1) {
        ts.forEachChild(node, look);
      }
    };
    ts.forEachChild(body, look);
  }

  /** `return router` of a router the file made (a call's result is not followed). */
  private returnedRouter(node: TS.Expression): Ref | undefined {
    if (!this.ts.isIdentifier(node)) return undefined;
    const binding = this.lookup(node.text);
    return binding?.kind === 'router' ? { key: binding.key } : undefined;
  }

  // ----- calls: routes, mounts, routers passed to functions ---------------------------------------------

  private call(call: TS.CallExpression): void {
    const ts = this.ts;
    const callee = call.expression;
    if (ts.isPropertyAccessExpression(callee)) {
      const method = callee.name.text;
      const receiver = this.unwrap(callee.expression);
      const verb = ROUTE_METHODS[method];
      // `app.route('/x').get(h).post(h)`: the receiver is a chain that starts with `.route(path)`.
      const chain = verb !== undefined ? this.routeChain(receiver) : undefined;
      if (chain) {
        this.route(chain.router, [verb], [chain.path], call, chain.pathNode, call.arguments, chain.framework);
        return;
      }
      const router = this.routerRef(receiver);
      if (router) {
        if (verb !== undefined && call.arguments.length >= 2) {
          const [path, ...rest] = call.arguments;
          this.route(router, [verb], this.paths(path!), call, path!, rest, this.frameworkOf(router));
        } else if (method === 'use') this.use(router, call);
        else if (method === 'route' && call.arguments.length === 1 && ts.isObjectLiteralExpression(call.arguments[0]!)) this.fastifyRoute(router, call, call.arguments[0]);
        else if (method === 'route' && call.arguments.length === 2) this.mount(router, call.arguments[0]!, call.arguments[1]!, call);
        else if (method === 'register' && call.arguments.length >= 1) this.register(router, call);
        else if (method === 'prefix' && call.arguments.length === 1) {
          // Koa: `router.prefix('/ivr')`
          const declared = this.out.routers.find((r) => r.key === router.key && r.framework === 'koa');
          if (declared) declared.prefix = this.pathText(call.arguments[0]!);
        }
        return;
      }
    }
    this.routersPassed(call);
  }

  /** `R.route(path)` at the root of `R.route(path).get(h).post(h)…`. */
  private routeChain(node: TS.Expression): { router: Ref; path: PathText; pathNode: TS.Expression; framework: string } | undefined {
    const ts = this.ts;
    let current = node;
    for (let depth = 0; depth < 16 && ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression); depth++) {
      const name = current.expression.name.text;
      if (name === 'route' && current.arguments.length === 1 && !ts.isObjectLiteralExpression(current.arguments[0]!)) {
        const router = this.routerRef(this.unwrap(current.expression.expression));
        if (!router) return undefined;
        const pathNode = current.arguments[0]!;
        return { router, path: this.pathText(pathNode), pathNode, framework: this.frameworkOf(router) };
      }
      if (ROUTE_METHODS[name] === undefined) return undefined;
      current = this.unwrap(current.expression.expression);
    }
    return undefined;
  }

  private route(router: Ref, methods: string[], paths: PathText[], call: TS.CallExpression, pathNode: TS.Node, handlerArgs: readonly TS.Expression[], framework: string): void {
    const handlers: Span[] = [];
    const handlerRefs: Ref[] = [];
    let name: string | undefined;
    for (const arg of handlerArgs) {
      const handler = this.handlerOf(arg);
      if (!handler) continue;
      if ('span' in handler) {
        handlers.push(handler.span);
        name ??= handler.name;
      } else handlerRefs.push(handler.ref);
    }
    // A path and nothing that can handle a request: a getter (`app.get('env')`) or a client call.
    if (handlers.length === 0 && handlerRefs.length === 0) return;
    // A computed path is a route only on what is certainly a router: elsewhere it is more likely a map or a cache.
    if (paths.includes(undefined) && !this.declared.has(router.key)) return;
    this.ensureRouter(router, framework);
    for (const path of paths) {
      if (path !== undefined && !looksLikePath(path)) continue;
      const route: RouteDecl = { router, framework, methods, path, pathRange: this.span(pathNode), range: this.span(call), handlers };
      if (handlerRefs.length > 0) route.handlerRefs = handlerRefs;
      if (name !== undefined) route.name = name;
      this.out.routes.push(route);
    }
  }

  /** A handler argument: inline code, a function of this file, or a function another file exports. */
  private handlerOf(arg: TS.Expression): { span: Span; name?: string } | { ref: Ref } | undefined {
    const ts = this.ts;
    const node = this.unwrap(arg);
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return { span: this.span(node), name: node.name?.text };
    // `asyncHandler(async (req, res) => …)`, `wrap(handler)`: the call stands for the handler.
    if (ts.isCallExpression(node)) return { span: this.span(node) };
    if (ts.isIdentifier(node)) {
      const binding = this.lookup(node.text);
      if (binding?.kind === 'function') return { span: this.span(binding.node), name: node.text };
      if (binding?.kind === 'import' && binding.package === undefined) return { ref: { key: binding.key } };
      if (binding?.kind === 'import') return { span: this.span(node) };
      return undefined;
    }
    // `controllers.voice`, `VoiceController.handle`
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      const binding = this.lookup(node.expression.text);
      if (binding?.kind === 'import' && binding.package === undefined) return { ref: { key: binding.key, member: node.name.text } };
      if (binding && binding.kind !== 'client' && binding.kind !== 'body' && binding.kind !== 'parameterValue') return { span: this.span(node) };
    }
    return undefined;
  }

  /** The router a receiver stands for, or undefined when it is certainly not one (a client, a request value). */
  private routerRef(node: TS.Expression): Ref | undefined {
    const ts = this.ts;
    if (ts.isCallExpression(node)) {
      // `makeRouter()` — a function of this file or another that returns a router.
      if (ts.isIdentifier(node.expression)) {
        const binding = this.lookup(node.expression.text);
        if (binding?.kind === 'function' || (binding?.kind === 'import' && binding.package === undefined)) return { key: binding.key, returned: true };
      }
      const module = this.requiredModule(node);
      if (module !== undefined) {
        const binding = this.importBinding(this.keyOf(node), module, 'default');
        return binding.kind === 'import' && binding.package === undefined ? { key: binding.key } : undefined;
      }
      return undefined;
    }
    if (!ts.isIdentifier(node)) return undefined;
    const binding = this.lookup(node.text);
    if (!binding) {
      // A name the file does not bind (a snippet's `app`): a router of unknown place, if it is named like one.
      return isRouterName(node.text) ? { key: `global:${node.text}` } : undefined;
    }
    switch (binding.kind) {
      case 'router':
        return { key: binding.key };
      case 'parameter':
        return isRouterName(node.text) ? { key: binding.key } : undefined;
      case 'import':
        return binding.package === undefined ? { key: binding.key } : undefined;
      case 'value':
        return !binding.literal && isRouterName(node.text) ? { key: binding.key } : undefined;
      default:
        return undefined;
    }
  }

  /** Declares, on first use, a router the file did not make: a parameter, an imported one is declared elsewhere, a loose name. */
  private ensureRouter(router: Ref, framework: string): void {
    if (this.declared.has(router.key)) return;
    const parameter = this.lookupKey(router.key);
    if (parameter?.kind === 'parameter') {
      this.declareRouter({ key: router.key, kind: 'parameter', framework, prefix: '', function: parameter.function, index: parameter.index, range: { start: 0, end: 0 } });
    } else if (parameter?.kind !== 'import') {
      this.declareRouter({ key: router.key, kind: 'router', framework, prefix: '', range: { start: 0, end: 0 } });
    }
  }

  private lookupKey(key: string): Binding | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) for (const binding of this.scopes[i]!.values()) if (binding.key === key) return binding;
    return undefined;
  }

  private frameworkOf(router: Ref): string {
    return this.out.routers.find((r) => r.key === router.key)?.framework ?? 'express';
  }

  /** `app.use(…)`: a path (or none), then routers and middleware. */
  private use(parent: Ref, call: TS.CallExpression): void {
    const ts = this.ts;
    const args = [...call.arguments];
    let prefix: PathText = '';
    let pathNode: TS.Expression | undefined;
    const first = args[0] ? this.unwrap(args[0]) : undefined;
    if (first && (ts.isStringLiteralLike(first) || ts.isTemplateExpression(first) || ts.isBinaryExpression(first))) {
      pathNode = args.shift();
      prefix = this.pathText(pathNode!);
    }
    for (const arg of args) {
      const node = this.unwrap(arg);
      // Koa: `app.use(router.routes())`, `router.use('/x', sub.routes(), sub.allowedMethods())`
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && (node.expression.name.text === 'routes' || node.expression.name.text === 'middleware')) {
        const child = this.routerRef(this.unwrap(node.expression.expression));
        if (child) this.out.mounts.push({ parent, prefix, child, range: this.span(call) });
        continue;
      }
      // `app.use('/ivr', (req, res) => …)`: a handler for every method under the path.
      if (pathNode && (ts.isArrowFunction(node) || ts.isFunctionExpression(node))) continue;
      const child = this.childRef(node);
      if (child) this.out.mounts.push({ parent, prefix, child, range: this.span(call) });
    }
    this.ensureRouter(parent, this.frameworkOf(parent));
  }

  /** What `app.use(path, X)` or `app.route(path, X)` may mount: a router of this file or of another. */
  private childRef(node: TS.Expression): Ref | undefined {
    const ts = this.ts;
    if (ts.isIdentifier(node)) {
      const binding = this.lookup(node.text);
      if (!binding) return undefined;
      if (binding.kind === 'router') return { key: binding.key };
      if (binding.kind === 'import' && binding.package === undefined) return { key: binding.key };
      return undefined;
    }
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      // `ns.router` after `import * as ns`, `routes.ivr` after `const routes = require('./routes')`.
      const binding = this.lookup(node.expression.text);
      if (binding?.kind === 'import' && binding.package === undefined) return { key: binding.key, member: node.name.text };
      return undefined;
    }
    if (ts.isCallExpression(node)) return this.routerRef(node);
    return undefined;
  }

  /** Hono: `app.route('/ivr', sub)`. */
  private mount(parent: Ref, pathNode: TS.Expression, childNode: TS.Expression, call: TS.CallExpression): void {
    const child = this.childRef(this.unwrap(childNode));
    if (!child) return;
    this.ensureRouter(parent, this.frameworkOf(parent));
    this.out.mounts.push({ parent, prefix: this.pathText(pathNode), child, range: this.span(call) });
  }

  /** Fastify: `fastify.register(plugin, { prefix: '/ivr' })` — the plugin's first parameter is a router under the prefix. */
  private register(parent: Ref, call: TS.CallExpression): void {
    const ts = this.ts;
    const plugin = this.unwrap(call.arguments[0]!);
    const options = call.arguments[1] ? this.unwrap(call.arguments[1]) : undefined;
    const prefixNode = options && ts.isObjectLiteralExpression(options) ? this.property(options, 'prefix') : undefined;
    const prefix = prefixNode ? this.pathText(prefixNode) : '';
    let child: Ref | undefined;
    if (ts.isArrowFunction(plugin) || ts.isFunctionExpression(plugin)) child = { key: this.keyOf(plugin), parameter: 0 };
    else if (ts.isIdentifier(plugin)) {
      const binding = this.lookup(plugin.text);
      if (binding?.kind === 'function') child = { key: binding.key, parameter: 0 };
      else if (binding?.kind === 'import' && binding.package === undefined) child = { key: binding.key, parameter: 0 };
    } else {
      const module = this.requiredModule(plugin);
      if (module !== undefined) {
        const binding = this.importBinding(this.keyOf(plugin), module, 'default');
        if (binding.kind === 'import' && binding.package === undefined) child = { key: binding.key, parameter: 0 };
      }
    }
    if (!child) return;
    this.ensureRouter(parent, 'fastify');
    this.out.mounts.push({ parent, prefix, child, range: this.span(call) });
  }

  /** Fastify: `fastify.route({ method: 'POST', url: '/x', handler })`. */
  private fastifyRoute(router: Ref, call: TS.CallExpression, options: TS.ObjectLiteralExpression): void {
    const ts = this.ts;
    const method = this.property(options, 'method');
    const url = this.property(options, 'url') ?? this.property(options, 'path');
    const handler = this.property(options, 'handler');
    if (!method || !url || !handler) return;
    const methods: string[] = [];
    const methodNodes = ts.isArrayLiteralExpression(method) ? [...method.elements] : [method];
    for (const node of methodNodes) if (ts.isStringLiteralLike(node)) methods.push(node.text.toUpperCase());
    if (methods.length === 0) return;
    this.route(router, methods, [this.pathText(url)], call, url, [handler], 'fastify');
  }

  /** `ivrRoutes(app)`, `require('./routes')(app)`: the function's parameter is the router passed. */
  private routersPassed(call: TS.CallExpression): void {
    const ts = this.ts;
    let callee: Ref | undefined;
    const target = this.unwrap(call.expression);
    if (ts.isIdentifier(target)) {
      const binding = this.lookup(target.text);
      if (binding?.kind === 'function' || (binding?.kind === 'import' && binding.package === undefined)) callee = { key: binding.key };
    } else if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.expression)) {
      const binding = this.lookup(target.expression.text);
      if (binding?.kind === 'import' && binding.package === undefined) callee = { key: binding.key, member: target.name.text };
    } else {
      const module = this.requiredModule(target);
      if (module !== undefined) {
        const binding = this.importBinding(this.keyOf(target), module, 'default');
        if (binding.kind === 'import' && binding.package === undefined) callee = { key: binding.key };
      }
    }
    if (!callee) return;
    call.arguments.forEach((arg, index) => {
      const node = this.unwrap(arg);
      if (!ts.isIdentifier(node)) return;
      const binding = this.lookup(node.text);
      if (binding?.kind !== 'router' && binding?.kind !== 'parameter' && !(binding?.kind === 'import' && binding.package === undefined)) return;
      const parent = this.routerRef(node);
      if (!parent) return;
      this.ensureRouter(parent, this.frameworkOf(parent));
      this.out.mounts.push({ parent, prefix: '', child: { ...callee!, parameter: index }, range: this.span(call) });
    });
  }

  // ----- exports ------------------------------------------------------------------------------------

  /** `module.exports = router`, `module.exports = { router }`, `exports.router = router`, `module.exports.x = …`. */
  private assignment(node: TS.BinaryExpression): void {
    const ts = this.ts;
    const left = node.left;
    const right = this.unwrap(node.right);
    if (isModuleExports(ts, left)) this.exportDefault(right);
    else if (ts.isPropertyAccessExpression(left) && (isModuleExports(ts, left.expression) || (ts.isIdentifier(left.expression) && left.expression.text === 'exports'))) {
      this.exportName(left.name.text, right);
    }
  }

  private exportDefault(node: TS.Expression): void {
    const value = this.unwrap(node);
    // `export default { answer, hangup }`: its members, as CommonJS `module.exports = { … }` exports them.
    if (this.ts.isObjectLiteralExpression(value)) this.exportMembers(value);
    else this.exportName('default', value);
  }

  private exportMembers(object: TS.ObjectLiteralExpression): void {
    const ts = this.ts;
    for (const property of object.properties) {
      if (ts.isShorthandPropertyAssignment(property)) this.exportName(property.name.text, property.name);
      else if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) this.exportName(property.name.text, this.unwrap(property.initializer));
      else if (ts.isMethodDeclaration(property) && ts.isIdentifier(property.name)) this.exportFunction(property.name.text, property);
    }
  }

  /** Exports `node` as `name`, when it is a router, a function, or something imported. */
  private exportName(name: string, node: TS.Node): void {
    const ts = this.ts;
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      this.exportFunction(name, node);
      return;
    }
    if (ts.isIdentifier(node)) {
      const binding = this.lookup(node.text);
      if (!binding) return;
      if (binding.kind === 'function') this.exportFunction(name, binding.node);
      else if (binding.kind === 'router' || binding.kind === 'import' || binding.kind === 'value') this.out.exports.push({ name, ref: { key: binding.key } });
      return;
    }
    const ref = ts.isExpression(node) ? this.routerRef(node) : undefined;
    if (ref) this.out.exports.push({ name, ref });
  }

  private exportFunction(name: string, node: TS.Node): void {
    const key = this.keyOf(node);
    if (!this.out.functions.some((f) => f.key === key)) this.out.functions.push({ key, span: this.span(node) });
    this.out.exports.push({ name, ref: { key } });
    // A route handler exported by its method's name (Next.js `app/**/route.ts`) or as the default (`pages/api`).
    const method = name === 'default' ? '*' : EXPORTED_METHODS.has(name) ? name : undefined;
    if (method !== undefined) {
      const nameNode = this.ts.isFunctionDeclaration(node) && node.name ? node.name : node;
      this.out.routes.push({ router: undefined, framework: 'next', methods: [method], path: undefined, exported: name, pathRange: this.span(nameNode), range: this.span(node), handlers: [this.span(node)] });
    }
  }

  /** `export { router, handler as POST }` (without a module: names of this file). */
  private exportList(node: TS.ExportDeclaration): void {
    const ts = this.ts;
    if (node.moduleSpecifier || !node.exportClause || !ts.isNamedExports(node.exportClause)) return;
    for (const element of node.exportClause.elements) this.exportName(element.name.text, element.propertyName ?? element.name);
  }

  /** `export const router = express.Router()`, `export const POST = async (req) => …`. */
  private exportedVariables(statement: TS.VariableStatement): void {
    const ts = this.ts;
    if (!statement.modifiers?.some((m) => m.kind === this.K.ExportKeyword)) return;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name)) continue;
      const init = declaration.initializer ? this.unwrap(declaration.initializer) : undefined;
      if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) this.exportFunction(declaration.name.text, init);
      else this.exportName(declaration.name.text, declaration.name);
    }
  }

  // ----- conditions on request parameters -------------------------------------------------------------

  /** `if (P === 'x') A else B`; with `blockEnd`, what follows an `if` that always leaves is guarded too. */
  private ifConditions(node: TS.IfStatement, blockEnd: number | undefined): void {
    const test = this.test(node.expression);
    if (!test) return;
    this.condition(this.span(node.thenStatement), test.parameter, test.equals, test.otherThan);
    if (node.elseStatement) this.condition(this.span(node.elseStatement), test.parameter, test.otherThan, test.equals);
    else if (blockEnd !== undefined && this.leaves(node.thenStatement)) this.condition({ start: node.end, end: blockEnd }, test.parameter, test.otherThan, test.equals);
  }

  private switchConditions(node: TS.SwitchStatement): void {
    const ts = this.ts;
    const parameter = this.parameterRead(this.unwrap(node.expression));
    if (parameter === undefined) return;
    const all: string[] = [];
    const cases: { span: Span; equals: string[] }[] = [];
    let group: string[] = [];
    let otherwise: Span | undefined;
    for (const clause of node.caseBlock.clauses) {
      if (ts.isDefaultClause(clause)) {
        otherwise = this.span(clause);
        continue;
      }
      const value = this.literal(clause.expression);
      if (value === undefined) return; // a computed case: nothing certain
      all.push(value);
      group.push(value);
      if (clause.statements.length === 0) continue; // falls through to the next case
      cases.push({ span: this.span(clause), equals: group });
      group = [];
    }
    for (const { span, equals } of cases) this.condition(span, parameter, equals, undefined);
    if (otherwise) this.condition(otherwise, parameter, undefined, all);
  }

  private conditionalConditions(node: TS.ConditionalExpression): void {
    const test = this.test(node.condition);
    if (!test) return;
    this.condition(this.span(node.whenTrue), test.parameter, test.equals, test.otherThan);
    this.condition(this.span(node.whenFalse), test.parameter, test.otherThan, test.equals);
  }

  private condition(span: Span, parameter: string, equals: string[] | undefined, otherThan: string[] | undefined): void {
    const condition: Condition = { span, parameter };
    if (equals) condition.equals = equals;
    if (otherThan) condition.otherThan = otherThan;
    this.out.conditions.push(condition);
  }

  /** A test on one request parameter: `P === 'x'`, `P !== 'x'`, `P === 'a' || P === 'b'`, `['a', 'b'].includes(P)`. */
  private test(node: TS.Expression): { parameter: string; equals?: string[]; otherThan?: string[] } | undefined {
    const ts = this.ts;
    const K = this.K;
    node = this.unwrap(node);
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken || op === K.ExclamationEqualsEqualsToken || op === K.ExclamationEqualsToken) {
        const equal = op === K.EqualsEqualsEqualsToken || op === K.EqualsEqualsToken;
        for (const [side, other] of [
          [node.left, node.right],
          [node.right, node.left],
        ] as const) {
          const parameter = this.parameterRead(this.unwrap(side));
          const value = this.literal(other);
          if (parameter !== undefined && value !== undefined) return equal ? { parameter, equals: [value] } : { parameter, otherThan: [value] };
        }
        return undefined;
      }
      if (op === K.BarBarToken || op === K.AmpersandAmpersandToken) {
        const left = this.test(node.left);
        const right = this.test(node.right);
        if (!left || !right || left.parameter !== right.parameter) return undefined;
        if (op === K.BarBarToken && left.equals && right.equals) return { parameter: left.parameter, equals: [...left.equals, ...right.equals] };
        if (op === K.AmpersandAmpersandToken && left.otherThan && right.otherThan) return { parameter: left.parameter, otherThan: [...left.otherThan, ...right.otherThan] };
      }
      return undefined;
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'includes' && node.arguments.length === 1) {
      const list = this.unwrap(node.expression.expression);
      const parameter = this.parameterRead(this.unwrap(node.arguments[0]!));
      if (parameter === undefined || !ts.isArrayLiteralExpression(list)) return undefined;
      const values = list.elements.map((e) => this.literal(e));
      return values.every((v) => v !== undefined) ? { parameter, equals: values as string[] } : undefined;
    }
    if (ts.isPrefixUnaryExpression(node) && node.operator === K.ExclamationToken) {
      const inner = this.test(node.operand);
      return inner && { parameter: inner.parameter, equals: inner.otherThan, otherThan: inner.equals };
    }
    return undefined;
  }

  /** Does the statement always leave the function (`return`, `throw`, a block ending in one, an if/else whose branches both do)? */
  private leaves(statement: TS.Statement): boolean {
    const ts = this.ts;
    if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
    if (ts.isBlock(statement)) {
      const last = statement.statements[statement.statements.length - 1];
      return last !== undefined && this.leaves(last);
    }
    if (ts.isIfStatement(statement)) return statement.elseStatement !== undefined && this.leaves(statement.thenStatement) && this.leaves(statement.elseStatement);
    return false;
  }

  /** The request parameter an expression reads: `req.body.Digits`, `req.body['Digits']`, `form.get('Digits')`, a name bound to one. */
  parameterRead(node: TS.Expression): string | undefined {
    const ts = this.ts;
    node = this.unwrap(node);
    if (ts.isIdentifier(node)) {
      const binding = this.lookup(node.text);
      return binding?.kind === 'parameterValue' ? binding.parameter : undefined;
    }
    // `String(x)`, `x.trim()`, `x.toString()`, `x || ''`, `x ?? ''`
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isIdentifier(callee) && callee.text === 'String' && node.arguments.length === 1) return this.parameterRead(node.arguments[0]!);
      if (ts.isPropertyAccessExpression(callee) && ['trim', 'toString', 'toLowerCase', 'toUpperCase'].includes(callee.name.text) && node.arguments.length === 0) return this.parameterRead(callee.expression);
      // `form.get('Digits')`, `params.get('Digits')`, `ctx.request.body.get('Digits')`
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'get' && node.arguments.length >= 1 && ts.isStringLiteralLike(node.arguments[0]!)) return node.arguments[0].text;
      return undefined;
    }
    if (ts.isBinaryExpression(node) && (node.operatorToken.kind === this.K.BarBarToken || node.operatorToken.kind === this.K.QuestionQuestionToken) && this.literal(node.right) !== undefined) {
      return this.parameterRead(node.left);
    }
    if (ts.isPropertyAccessExpression(node) && this.isBody(this.unwrap(node.expression))) return node.name.text;
    if (ts.isElementAccessExpression(node) && ts.isStringLiteralLike(node.argumentExpression) && this.isBody(this.unwrap(node.expression))) return node.argumentExpression.text;
    return undefined;
  }

  /** Request data: `req.body`, `req.query`, `request.body` (Fastify), `ctx.request.body` (Koa), a name bound to one, `await request.formData()`. */
  private isBody(node: TS.Expression): boolean {
    const ts = this.ts;
    node = this.unwrap(node);
    if (ts.isPropertyAccessExpression(node)) return node.name.text === 'body' || node.name.text === 'query';
    if (ts.isIdentifier(node)) return this.lookup(node.text)?.kind === 'body';
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) return node.expression.name.text === 'formData';
    return false;
  }

  /** A string (or number) literal's value. */
  literal(node: TS.Expression): string | undefined {
    const ts = this.ts;
    node = this.unwrap(node);
    if (ts.isStringLiteralLike(node)) return node.text;
    if (ts.isNumericLiteral(node)) return node.text;
    return undefined;
  }

  // ----- values --------------------------------------------------------------------------------------

  /** Parentheses, `await`, type assertions and `!` left out. */
  unwrap(node: TS.Expression): TS.Expression {
    const wrappers = wrapperKinds();
    while (wrappers[node.kind] === 1) node = (node as TS.ParenthesizedExpression).expression;
    return node;
  }

  /** The paths a route argument gives: one, or each of an array's. */
  private paths(node: TS.Expression): PathText[] {
    const ts = this.ts;
    const unwrapped = this.unwrap(node);
    if (ts.isArrayLiteralExpression(unwrapped)) return unwrapped.elements.map((e) => this.pathText(e));
    return [this.pathText(node)];
  }

  /** The text of a path or prefix when the code says it plainly: literals, templates and `+` of such, `const`s bound to them. */
  private pathText(node: TS.Node, depth = 0): PathText {
    const ts = this.ts;
    if (depth > 4 || !ts.isExpression(node)) return undefined;
    node = this.unwrap(node);
    if (ts.isStringLiteralLike(node)) return node.text;
    if (ts.isTemplateExpression(node)) {
      let text = node.head.text;
      for (const span of node.templateSpans) {
        const part = this.pathText(span.expression, depth + 1);
        if (part === undefined) return undefined;
        text += part + span.literal.text;
      }
      return text;
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === this.K.PlusToken) {
      const left = this.pathText(node.left, depth + 1);
      const right = left === undefined ? undefined : this.pathText(node.right, depth + 1);
      return left !== undefined && right !== undefined ? left + right : undefined;
    }
    if (ts.isIdentifier(node)) {
      const init = this.constInitializer(node.text);
      return init ? this.pathText(init, depth + 1) : undefined;
    }
    return undefined;
  }

  /** The initializer of the `const` a name is bound to, in the scopes around. */
  private constInitializer(name: string): TS.Expression | undefined {
    const ts = this.ts;
    const binding = this.lookup(name);
    if (!binding || binding.kind !== 'value') return undefined;
    const at = Number(binding.key);
    // The declaration whose name starts at the key's offset, found from its list down (the parse has no parent
    // links), and its initializer if the list is a `const`'s.
    let settled = false;
    let found: TS.Expression | undefined;
    const look = (node: TS.Node): void => {
      if (settled || node.end <= at || node.getStart(this.file) > at) return;
      if (ts.isVariableDeclarationList(node)) {
        const declaration = node.declarations.find((d) => ts.isIdentifier(d.name) && d.name.getStart(this.file) === at);
        if (declaration) {
          settled = true;
          if ((node.flags & ts.NodeFlags.Const) !== 0) found = declaration.initializer;
          return;
        }
      }
      ts.forEachChild(node, look);
    };
    look(this.file);
    return found;
  }

  private property(object: TS.ObjectLiteralExpression, name: string): TS.Expression | undefined {
    const ts = this.ts;
    for (const property of object.properties) {
      if (ts.isPropertyAssignment(property) && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) && property.name.text === name) return property.initializer;
      if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
    }
    return undefined;
  }
}

function isModuleExports(ts: typeof TS, node: TS.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && node.name.text === 'exports' && ts.isIdentifier(node.expression) && node.expression.text === 'module';
}

/** A route path: `/…`, `*`, or empty (a router's root). */
function looksLikePath(path: string): boolean {
  return path === '' || path.startsWith('/') || path === '*' || path.startsWith('(');
}

/** The files a relative import may name, relative to the importing file's folder; none for a package. */
export function moduleCandidates(specifier: string): string[] {
  if (!specifier.startsWith('./') && !specifier.startsWith('../') && specifier !== '.' && specifier !== '..') return [];
  const dot = specifier.lastIndexOf('.');
  const slash = specifier.lastIndexOf('/');
  const extension = dot > slash ? specifier.slice(dot) : '';
  if (SCRIPT_EXTENSIONS.includes(extension)) {
    // TypeScript sources import `./ivr.js` for `./ivr.ts`.
    const stem = specifier.slice(0, dot);
    const twins = extension === '.js' ? ['.ts', '.tsx'] : extension === '.mjs' ? ['.mts'] : extension === '.cjs' ? ['.cts'] : [];
    return [specifier, ...twins.map((e) => stem + e)];
  }
  return [...SCRIPT_EXTENSIONS.map((e) => specifier + e), ...SCRIPT_EXTENSIONS.map((e) => `${specifier}/index${e}`)];
}
