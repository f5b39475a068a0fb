/**
 * What JS/TS handler code does with the platform's request and its answer (`document/handlers.ts`), read in the
 * same walk as the routes (`routes.ts` calls `visit` on every node, in order, with its scopes in place):
 *
 * - parameter reads: `req.body.X`, `req.body['X']`, `const { X, Y: y } = req.body`, `req.query.X`, Koa's
 *   `ctx.request.body.X`, `(await request.formData()).get('X')`, `url.searchParams.get('X')`, Hono's
 *   `c.req.query('X')`, Express's `req.param('X')`;
 * - header reads: `req.headers['x-twilio-signature']`, `req.get('X-Signature')`, `req.header(…)`, `headers.get(…)`;
 * - values compared with a parameter: `===`/`==`/`!==`/`!=`, `switch`/`case`, `[…].includes(x)`;
 * - Content-Types: `res.type(…)`, `res.contentType(…)`, `res.set|header|setHeader('Content-Type', …)`, an object of
 *   headers (`res.set({…})`, `res.writeHead(200, {…})`, `new Response(body, { headers: {…} })`), Koa's
 *   `ctx.type = …`; each tied to what the same response sends;
 * - answers that are not VoiceML: `res.json(…)`, `res.redirect(…)`, `res.send('OK')`, `res.sendStatus(200)`,
 *   `res.end()`, Koa's `ctx.body = {…}`, Hono's `c.json/c.text/c.redirect`, `Response.json(…)`;
 * - Twilio's signature checks: `twilio.validateRequest(…)`, `validateExpressRequest`, `twilio.webhook()`.
 */
import type * as TS from 'typescript';
import type { Answer, ContentTypeSet, HandlerCode, ParameterRead } from '../../document/handlers';
import { HandlerBindings, noHandlerCode } from '../../document/handlers';
import type { Span } from '../../document/routes';

/** What the route reader knows at a node: its scopes, and how it reads request data and values. */
export interface ScriptScope {
  readonly ts: typeof TS;
  readonly file: TS.SourceFile;
  /** `client` for a name bound to an HTTP client or to Twilio's library; `body` for request data. */
  bindingKind(name: string): string | undefined;
  /** The request parameter an expression reads (`req.body.Digits`, a name bound to one). */
  parameterRead(node: TS.Expression): string | undefined;
  /** A string or number literal's value. */
  literal(node: TS.Expression): string | undefined;
  /** Parentheses, `await`, type assertions and `!` left out. */
  unwrap(node: TS.Expression): TS.Expression;
  span(node: TS.Node): Span;
  /** `require('x')` → `x`. */
  requiredModule(node: TS.Expression): string | undefined;
}

/** Methods of Twilio's library that check a request's signature. */
const SIGNATURE_FUNCTIONS: ReadonlySet<string> = new Set(['validateRequest', 'validateExpressRequest', 'validateRequestWithBody', 'validateIncomingRequest']);

/** The methods whose calls can read the request, set a Content-Type, answer, or check a signature: any other call is passed by. */
const METHODS: ReadonlySet<string> = new Set([
  'get', 'getAll', 'query', 'param', 'header', 'includes',
  'type', 'contentType', 'set', 'setHeader', 'append', 'headers', 'writeHead',
  'send', 'end', 'text', 'body', 'json', 'jsonp', 'redirect', 'sendStatus',
  'webhook', ...SIGNATURE_FUNCTIONS,
]);

/** Names a response object goes by. */
const RESPONSE_NAMES: ReadonlySet<string> = new Set(['res', 'reply', 'response', 'resp']);

/** Extensions `res.type()` (Express) and `ctx.type =` (Koa) look up, with the media type they come to. */
const TYPE_SHORTHANDS: Readonly<Record<string, string>> = {
  xml: 'application/xml',
  html: 'text/html',
  htm: 'text/html',
  json: 'application/json',
  text: 'text/plain',
  txt: 'text/plain',
};

export class HandlerReader {
  private readonly out: HandlerCode = noHandlerCode();
  private readonly K: typeof TS.SyntaxKind;
  /** Expressions that are a call's callee (`req.body.trim` in `req.body.trim()`): no parameter read. */
  private readonly callees = new Set<TS.Node>();
  /** Each local name's initializers; Content-Types and sends, by response object and function. */
  private readonly bindings = new HandlerBindings<TS.Expression, TS.Node | undefined>();
  /** Names some declaration binds to request data (`const form = await req.formData()`): only these are looked up. */
  private readonly dataNames = new Set<string>();
  /** Each local function, by name (the innermost declaration seen so far wins). */
  private readonly functions = new Map<string, TS.Node>();
  private readonly functionStack: TS.Node[] = [];

  constructor(private readonly scope: ScriptScope) {
    this.K = scope.ts.SyntaxKind;
  }

  enterFunction(node: TS.Node): void {
    this.functionStack.push(node);
  }

  exitFunction(): void {
    this.functionStack.pop();
  }

  finish(): HandlerCode {
    this.out.contentTypes = this.bindings.contentTypes();
    this.out.sent.push(...this.bindings.sentSpans());
    return this.out;
  }

  /** Every node of the file, in order (one switch on its kind: this runs for each node of every file read). */
  visit(node: TS.Node): void {
    const K = this.K;
    switch (node.kind) {
      case K.CallExpression:
        this.callees.add((node as TS.CallExpression).expression);
        this.call(node as TS.CallExpression);
        break;
      case K.NewExpression:
        this.construct(node as TS.NewExpression);
        break;
      case K.PropertyAccessExpression:
        this.propertyRead(node as TS.PropertyAccessExpression);
        break;
      case K.ElementAccessExpression:
        this.elementRead(node as TS.ElementAccessExpression);
        break;
      case K.VariableDeclaration:
        this.declaration(node as TS.VariableDeclaration);
        break;
      case K.BinaryExpression:
        this.binary(node as TS.BinaryExpression);
        break;
      case K.SwitchStatement:
        this.switchTests(node as TS.SwitchStatement);
        break;
      case K.ReturnStatement: {
        // A handler that returns its answer (Fastify, Hono, Next.js).
        const value = (node as TS.ReturnStatement).expression;
        if (value) this.out.sent.push(...this.evidence(value));
        break;
      }
      case K.FunctionDeclaration: {
        const name = (node as TS.FunctionDeclaration).name;
        if (name) this.functions.set(name.text, node);
        break;
      }
    }
  }

  // ----- reads ---------------------------------------------------------------------------------------

  /**
   * Where request data comes from, when `node` is some: the POST body (`req.body`, `ctx.request.body`,
   * `await request.formData()`, Hono's `await c.req.parseBody()`), the query string (`req.query`,
   * `url.searchParams`), or a name bound to one of these.
   */
  private requestData(node: TS.Expression, depth = 0): Pick<ParameterRead, 'from' | 'source'> | undefined {
    const ts = this.scope.ts;
    node = this.scope.unwrap(node);
    if (ts.isPropertyAccessExpression(node)) {
      const name = node.name.text;
      // `res.body` is what a response (or a client's) holds, not the request's.
      if (name === 'body') return ts.isIdentifier(node.expression) && RESPONSE_NAMES.has(node.expression.text) ? undefined : { from: 'body' };
      if (name === 'query') return { from: 'query', source: { span: this.scope.span(node.name), body: 'body' } };
      if (name === 'searchParams') return { from: 'query' };
      return undefined;
    }
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.arguments.length === 0) {
      const method = node.expression.name.text;
      if (method === 'formData' || method === 'parseBody') return { from: 'body' };
      return undefined;
    }
    if (ts.isIdentifier(node) && depth < 4 && this.dataNames.has(node.text) && this.scope.bindingKind(node.text) === 'body') {
      const init = this.initializerOf(node);
      return (init && this.requestData(init, depth + 1)) ?? { from: 'any' };
    }
    return undefined;
  }

  /** `O.name` where `O` is request data, unless it is a call's callee (`req.body.hasOwnProperty(…)`). */
  private propertyRead(node: TS.PropertyAccessExpression): void {
    const data = this.requestData(node.expression);
    if (!data) return;
    const name = node.name;
    // A name being typed: `req.body.` at the end of a line (the parser takes the next line's first word for the
    // name, `req.body.\n  sendXml(…)`), or before nothing at all (a missing identifier).
    const text = this.scope.file.text;
    const dot = text.indexOf('.', node.expression.end);
    const typing = name.text === '' || (dot >= 0 && text.slice(dot + 1, name.getStart(this.scope.file)).includes('\n'));
    if (!typing && this.callees.has(node)) return;
    if (typing) this.read({ name: '', span: { start: dot + 1, end: dot + 1 }, quoted: false, ...data });
    else this.read({ name: name.text, span: this.scope.span(name), quoted: false, ...data });
  }

  /** `O['name']` where `O` is request data; `X.headers['name']`. */
  private elementRead(node: TS.ElementAccessExpression): void {
    const ts = this.scope.ts;
    const key = node.argumentExpression;
    if (!ts.isStringLiteralLike(key)) return;
    const object = this.scope.unwrap(node.expression);
    if (ts.isPropertyAccessExpression(object) && object.name.text === 'headers') {
      this.out.headers.push({ name: key.text, span: this.inner(key) });
      return;
    }
    const data = this.requestData(object);
    if (data) this.read({ name: key.text, span: this.inner(key), quoted: true, ...data });
  }

  /** `const { Digits, DialCallStatus: status } = req.body`: each property named is read. */
  private declaration(node: TS.VariableDeclaration): void {
    const ts = this.scope.ts;
    if (!node.initializer) return;
    if (ts.isIdentifier(node.name)) {
      this.bindings.bind(node.name.text, node.name.getStart(this.scope.file), node.initializer);
      if (this.requestData(node.initializer)) this.dataNames.add(node.name.text);
      const init = this.scope.unwrap(node.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) this.functions.set(node.name.text, init);
      return;
    }
    if (!ts.isObjectBindingPattern(node.name)) return;
    const data = this.requestData(node.initializer);
    if (!data) return;
    for (const element of node.name.elements) {
      if (element.dotDotDotToken) continue;
      const property = element.propertyName ?? element.name;
      if (ts.isIdentifier(property)) {
        const read: ParameterRead = { name: property.text, span: this.scope.span(property), quoted: false, ...data };
        // `{ CallSid }` renamed keeps the local name: `{ CallId: CallSid }`.
        if (!element.propertyName) read.rename = { span: { start: read.span.start, end: read.span.end }, text: `{0}: ${property.text}` };
        this.read(read);
      } else if (ts.isStringLiteral(property)) this.read({ name: property.text, span: this.inner(property), quoted: true, ...data });
    }
  }

  private read(read: ParameterRead): void {
    this.out.reads.push(read);
  }

  // ----- calls -------------------------------------------------------------------------------------------

  private call(call: TS.CallExpression): void {
    const ts = this.scope.ts;
    const callee = call.expression;
    const args = call.arguments;
    this.handedResponse(args);
    if (ts.isIdentifier(callee)) {
      if (SIGNATURE_FUNCTIONS.has(callee.text) && this.scope.bindingKind(callee.text) === 'client') this.out.signatures.push({ name: callee.text, span: this.scope.span(callee) });
      return;
    }
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    if (!METHODS.has(method)) return;
    const receiver = this.scope.unwrap(callee.expression);
    const first = args[0] !== undefined ? this.scope.unwrap(args[0]) : undefined;
    // Twilio's signature checks; `twilio.webhook({ validate: false })` checks nothing.
    if ((SIGNATURE_FUNCTIONS.has(method) || method === 'webhook') && this.isTwilio(receiver)) {
      const options = first && ts.isObjectLiteralExpression(first) ? this.property(first, 'validate') : undefined;
      if (!(method === 'webhook' && options?.kind === this.K.FalseKeyword)) this.out.signatures.push({ name: method, span: this.scope.span(callee.name) });
      return;
    }
    // `form.get('Digits')`, `url.searchParams.get('From')`, Hono `c.req.query('Digits')`, Express `req.param('Digits')`.
    if (first && ts.isStringLiteralLike(first) && args.length === 1) {
      const data = method === 'get' || method === 'getAll' ? this.requestData(receiver) : undefined;
      if (data) return this.read({ name: first.text, span: this.inner(first), quoted: true, ...data });
      if (method === 'query' && this.isHonoRequest(receiver)) return this.read({ name: first.text, span: this.inner(first), quoted: true, from: 'query' });
      if (method === 'param' && this.isRequestName(receiver)) return this.read({ name: first.text, span: this.inner(first), quoted: true, from: 'any' });
      // Headers: `req.get('X')`, `req.header('X')`, `request.headers.get('X')`, Hono `c.req.header('X')`.
      const headers =
        ((method === 'get' || method === 'header') && this.isRequestName(receiver)) ||
        (method === 'get' && ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'headers') ||
        (method === 'header' && this.isHonoRequest(receiver));
      if (headers) return void this.out.headers.push({ name: first.text, span: this.inner(first) });
    }
    // `[…].includes(P)`
    if (method === 'includes' && args.length === 1 && ts.isArrayLiteralExpression(receiver)) {
      const parameter = this.scope.parameterRead(args[0]!);
      if (parameter !== undefined) for (const element of receiver.elements) this.test(parameter, element);
      return;
    }
    this.contentTypeCall(method, receiver, args);
    this.answerCall(call, method, receiver, args);
  }

  /**
   * `sendXml(res, \`<Say>…\`)`, `reply(res, twiml)`: a call given the handler's response object answers with
   * what else it is given.
   */
  private handedResponse(args: readonly TS.Expression[]): void {
    const ts = this.scope.ts;
    if (args.length < 2) return;
    const response = args.findIndex((a) => ts.isIdentifier(a) && RESPONSE_NAMES.has(a.text) && this.isResponseObject(a.text));
    if (response < 0) return;
    args.forEach((arg, i) => {
      if (i !== response) this.out.sent.push(...this.evidence(arg));
    });
  }

  /** `twilio`, `Twilio`, `require('twilio')`: the library (bound as a client by the route reader). */
  private isTwilio(node: TS.Expression): boolean {
    const ts = this.scope.ts;
    if (ts.isIdentifier(node)) return node.text.toLowerCase().includes('twilio') && this.scope.bindingKind(node.text) !== undefined;
    return ts.isCallExpression(node) && this.scope.requiredModule(node) === 'twilio';
  }

  /** A name a request goes by: `req`, `request`, Koa's `ctx` (`ctx.get('X')` reads a header). */
  private isRequestName(node: TS.Expression): boolean {
    const ts = this.scope.ts;
    if (ts.isIdentifier(node)) return node.text === 'req' || node.text === 'request' || node.text === 'ctx';
    return ts.isPropertyAccessExpression(node) && (node.name.text === 'request' || node.name.text === 'req');
  }

  /** Hono's `c.req`. */
  private isHonoRequest(node: TS.Expression): boolean {
    return this.scope.ts.isPropertyAccessExpression(node) && node.name.text === 'req';
  }

  // ----- what is answered ---------------------------------------------------------------------------------

  /** `res.type(…)`, `res.set('Content-Type', …)`, `res.set({…})`, `res.writeHead(200, {…})`. */
  private contentTypeCall(method: string, receiver: TS.Expression, args: readonly TS.Expression[]): void {
    const ts = this.scope.ts;
    const at = (i: number): TS.Expression | undefined => (args[i] !== undefined ? this.scope.unwrap(args[i]) : undefined);
    let value: TS.Expression | undefined;
    let shorthand = false;
    if ((method === 'type' || method === 'contentType') && args.length === 1) {
      value = at(0);
      shorthand = true;
    } else if ((method === 'set' || method === 'header' || method === 'setHeader' || method === 'append') && args.length === 2) {
      const name = at(0);
      if (name && ts.isStringLiteralLike(name) && name.text.toLowerCase() === 'content-type') value = at(1);
    } else if ((method === 'set' || method === 'header' || method === 'headers') && args.length === 1) {
      value = this.contentTypeIn(at(0));
    } else if (method === 'writeHead') {
      // `res.writeHead(403, { 'Content-Type': 'text/plain' })`: an error answer, not one the platform runs.
      const code = at(0);
      if (code && ts.isNumericLiteral(code) && Number(code.text) >= 300) return;
      value = this.contentTypeIn(at(1)) ?? this.contentTypeIn(at(2));
    }
    if (!value) return;
    const status = this.statusOf(receiver);
    if (status !== undefined && status >= 300) return;
    // Chained: `res.type('xml').send(body)` — the send is this call's caller, seen later; tied by receiver.
    this.contentType(value, shorthand, this.rootName(receiver));
  }

  /** `new Response(body, { headers: { 'Content-Type': … } })`, `new NextResponse(…)`; `new Response('OK')`. */
  private construct(node: TS.NewExpression): void {
    const ts = this.scope.ts;
    if (!ts.isIdentifier(node.expression) || (node.expression.text !== 'Response' && node.expression.text !== 'NextResponse')) return;
    const args = node.arguments ?? [];
    const body = args[0] !== undefined ? this.scope.unwrap(args[0]) : undefined;
    const init = args[1] !== undefined ? this.scope.unwrap(args[1]) : undefined;
    const headers = init && ts.isObjectLiteralExpression(init) ? this.property(init, 'headers') : undefined;
    const value = this.contentTypeIn(headers);
    if (body) this.out.sent.push(...this.evidence(body));
    if (value) {
      const set = this.contentType(value, false, undefined);
      if (set && body) set.sends.push(...this.evidence(body));
    }
    if (!this.hasErrorStatus(init)) this.classifyBody(node, body, 'text');
  }

  /** The `Content-Type` (any case) of an object literal of headers. */
  private contentTypeIn(node: TS.Expression | undefined): TS.Expression | undefined {
    if (!node || !this.scope.ts.isObjectLiteralExpression(node)) return undefined;
    return this.property(node, 'content-type', true);
  }

  private contentType(value: TS.Expression, shorthand: boolean, receiver: string | undefined): ContentTypeSet | undefined {
    if (!this.scope.ts.isStringLiteralLike(value)) return undefined;
    const lookup = shorthand ? (name: string): string | undefined => TYPE_SHORTHANDS[name.startsWith('.') ? name.slice(1) : name] : undefined;
    return this.bindings.contentType(value.text, this.inner(value), receiver, this.currentFunction(), lookup);
  }

  /**
   * `res.send(x)`, `res.end(x)`, `res.json(x)`, `res.redirect(…)`, `res.sendStatus(200)`, Hono's `c.text(…)`,
   * `Response.json(…)`: a send (for the Content-Type set on the same response) and, when it is no VoiceML, an
   * answer. A response whose status is an error (`res.status(500).json(…)`) is not an answer the platform runs.
   */
  private answerCall(call: TS.CallExpression, method: string, receiver: TS.Expression, args: readonly TS.Expression[]): void {
    const ts = this.scope.ts;
    const root = this.rootName(receiver);
    if (root === undefined || !this.isResponseObject(root)) return;
    const body = args[0] !== undefined ? this.scope.unwrap(args[0]) : undefined;
    const status = this.statusOf(receiver);
    if (method === 'send' || method === 'end' || method === 'text' || method === 'body') {
      if (body) this.bindings.send(root, this.currentFunction(), this.evidence(body));
      if (status !== undefined && status >= 300) return;
      if (method === 'body' && !this.isHonoContext(receiver)) return;
      this.classifyBody(call, body, method === 'send' ? 'send' : 'text');
      return;
    }
    if (status !== undefined && status >= 300) return;
    if (body && (method === 'json' || method === 'jsonp' || method === 'redirect')) this.out.sent.push(...this.evidence(body));
    if ((method === 'json' || method === 'jsonp') && args.length >= 1) this.answer('json', call);
    else if (method === 'redirect' && args.length >= 1) this.answer('redirect', call);
    else if (method === 'sendStatus' && body && ts.isNumericLiteral(body)) {
      const code = Number(body.text);
      // Express answers the status's text (`OK`), or nothing for 204.
      if (code < 300) code === 204 ? this.answer('empty', call) : this.answer('text', call, 'OK');
    }
  }

  /** Koa: `ctx.body = …`, `ctx.type = …`; comparisons of a parameter with a value. */
  private binary(node: TS.BinaryExpression): void {
    const ts = this.scope.ts;
    const op = node.operatorToken.kind;
    if (op === this.K.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
      const property = node.left.name.text;
      const root = this.rootName(node.left.expression);
      if (root !== 'ctx' || !this.isResponseObject(root)) return;
      const value = this.scope.unwrap(node.right);
      if (property === 'type') this.contentType(value, true, root);
      else if (property === 'body') {
        this.bindings.send(root, this.currentFunction(), this.evidence(value));
        this.classifyBody(node, value, 'send');
      }
      return;
    }
    if (op === this.K.EqualsEqualsEqualsToken || op === this.K.EqualsEqualsToken || op === this.K.ExclamationEqualsEqualsToken || op === this.K.ExclamationEqualsToken) {
      for (const [side, other] of [
        [node.left, node.right],
        [node.right, node.left],
      ] as const) {
        if (this.scope.literal(other) === undefined) continue;
        const parameter = this.scope.parameterRead(side);
        if (parameter !== undefined) return this.test(parameter, other);
      }
    }
  }

  /**
   * What a body sent is: a string that is not XML (`'OK'`, `''`) is text, an object or array (Express sends it
   * as JSON) is JSON, nothing at all is empty; anything else (VoiceML, a name, a call) is not judged.
   */
  private classifyBody(node: TS.Node, body: TS.Expression | undefined, as: 'send' | 'text'): void {
    const ts = this.scope.ts;
    if (!body) {
      this.answer('empty', node);
      return;
    }
    if (ts.isStringLiteralLike(body)) {
      if (!body.text.trimStart().startsWith('<')) this.answer(body.text.trim() === '' ? 'empty' : 'text', node, body.text);
      return;
    }
    if (as === 'send' && (ts.isObjectLiteralExpression(body) || ts.isArrayLiteralExpression(body))) this.answer('json', node);
  }

  private answer(kind: Answer['kind'], node: TS.Node, text?: string): void {
    const answer: Answer = { kind, span: this.scope.span(node) };
    if (text !== undefined && kind === 'text') answer.text = text;
    this.out.answers.push(answer);
  }

  /**
   * Can `name` be what a handler answers through: a parameter of a function (Express's `res`, Koa's `ctx`,
   * Hono's `c`), or the Fetch API's `Response` / Next.js's `NextResponse`? Not a local value: `twiml.redirect(…)`
   * of Twilio's builder is a verb, not an HTTP redirect.
   */
  private isResponseObject(name: string): boolean {
    if (name === 'Response' || name === 'NextResponse') return true;
    return this.scope.bindingKind(name) === 'parameter';
  }

  /** The status a response chain sets: `res.status(500).json(…)` → 500. */
  private statusOf(receiver: TS.Expression): number | undefined {
    const ts = this.scope.ts;
    for (let node = receiver, depth = 0; depth < 8 && ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression); depth++) {
      const arg = node.arguments[0] !== undefined ? this.scope.unwrap(node.arguments[0]) : undefined;
      if ((node.expression.name.text === 'status' || node.expression.name.text === 'code') && arg && ts.isNumericLiteral(arg)) return Number(arg.text);
      node = this.scope.unwrap(node.expression.expression);
    }
    return undefined;
  }

  /** `new Response(…, { status: 500 })`. */
  private hasErrorStatus(init: TS.Expression | undefined): boolean {
    if (!init || !this.scope.ts.isObjectLiteralExpression(init)) return false;
    const status = this.property(init, 'status');
    const value = status && this.scope.literal(status);
    return value !== undefined && Number(value) >= 300;
  }

  private isHonoContext(receiver: TS.Expression): boolean {
    return this.scope.ts.isIdentifier(receiver) && receiver.text === 'c';
  }

  // ----- values compared -------------------------------------------------------------------------------------

  private switchTests(node: TS.SwitchStatement): void {
    const parameter = this.scope.parameterRead(node.expression);
    if (parameter === undefined) return;
    for (const clause of node.caseBlock.clauses) if (this.scope.ts.isCaseClause(clause)) this.test(parameter, clause.expression);
  }

  private test(parameter: string, node: TS.Expression): void {
    const ts = this.scope.ts;
    const value = this.scope.unwrap(node);
    if (ts.isStringLiteralLike(value)) this.out.tests.push({ parameter, value: value.text, span: this.inner(value) });
    else if (ts.isNumericLiteral(value)) this.out.tests.push({ parameter, value: value.text, span: this.scope.span(value) });
  }

  // ----- helpers -----------------------------------------------------------------------------------------------

  /** A string literal's text inside its quotes; to its end when it is not closed yet (being typed). */
  private inner(node: TS.StringLiteralLike): Span {
    const start = node.getStart(this.scope.file);
    const text = this.scope.file.text;
    const quote = text[start];
    const closed = node.end - start >= 2 && text[node.end - 1] === quote;
    return { start: start + 1, end: closed ? node.end - 1 : node.end };
  }

  /** The name at the root of `res.status(200).type('xml')`, `ctx.response`: `res`, `ctx`. */
  private rootName(node: TS.Expression): string | undefined {
    const ts = this.scope.ts;
    let current = this.scope.unwrap(node);
    for (let depth = 0; depth < 16; depth++) {
      if (ts.isIdentifier(current)) return current.text;
      if (ts.isPropertyAccessExpression(current)) current = this.scope.unwrap(current.expression);
      else if (ts.isCallExpression(current)) current = this.scope.unwrap(current.expression);
      else return undefined;
    }
    return undefined;
  }

  /**
   * The code a sent value stands for: the value itself; a local name's initializer (`const xml = …; res.send(xml)`);
   * the function a local call runs (`res.send(xml(body))` with `const xml = (body) => \`<Response>…\``); through
   * `.toString()`, `String(…)`, `.trim()`.
   */
  private evidence(node: TS.Expression, depth = 0): Span[] {
    const ts = this.scope.ts;
    node = this.scope.unwrap(node);
    const spans = [this.scope.span(node)];
    if (depth > 3) return spans;
    if (ts.isIdentifier(node)) {
      const init = this.initializerOf(node);
      if (init) spans.push(...this.evidence(init, depth + 1));
      else {
        const fn = this.functions.get(node.text);
        if (fn) spans.push(this.scope.span(fn));
      }
    } else if (ts.isCallExpression(node)) {
      const callee = this.scope.unwrap(node.expression);
      if (ts.isIdentifier(callee)) {
        const fn = this.functions.get(callee.text);
        if (fn) spans.push(this.scope.span(fn));
        if (callee.text === 'String' && node.arguments[0]) spans.push(...this.evidence(node.arguments[0], depth + 1));
      } else if (ts.isPropertyAccessExpression(callee) && ['toString', 'trim', 'trimStart', 'toXML'].includes(callee.name.text)) {
        spans.push(...this.evidence(callee.expression, depth + 1));
      }
    }
    return spans;
  }

  /** The initializer of the last declaration of `node`'s name before it. */
  private initializerOf(node: TS.Identifier): TS.Expression | undefined {
    return this.bindings.valueBefore(node.text, node.getStart(this.scope.file));
  }

  private currentFunction(): TS.Node | undefined {
    return this.functionStack[this.functionStack.length - 1];
  }

  private property(object: TS.ObjectLiteralExpression, name: string, anyCase = false): TS.Expression | undefined {
    const ts = this.scope.ts;
    for (const property of object.properties) {
      if (!ts.isPropertyAssignment(property)) continue;
      const key = ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) ? property.name.text : undefined;
      if (key !== undefined && (anyCase ? key.toLowerCase() === name : key === name)) return this.scope.unwrap(property.initializer);
    }
    return undefined;
  }
}
