/**
 * What Python handler code does with the platform's request and its answer (`document/handlers.ts`), read in the
 * same walk as the routes (`routes.ts` hands over each statement with its scopes in place, and each function's
 * parameters):
 *
 * - parameter reads: Flask/Quart `request.form.get("X")`, `request.form["X"]`, `request.values…`,
 *   `request.args…` (the query string), Django `request.POST…` / `request.GET…`, FastAPI `form = await
 *   request.form()` then `form.get("X")`, `request.query_params…`, and FastAPI parameters `X: str = Form(…)`,
 *   `X: Annotated[str, Form()]`, `Query(…)`, with their `alias=`;
 * - header reads: `request.headers.get("X-Twilio-Signature")`, `request.headers["…"]`;
 * - values compared with a parameter: `==`/`!=`, `in (…)`, `match`/`case`;
 * - Content-Types: Flask's tuple `return body, 200, {"Content-Type": …}`, `Response(body, mimetype=…)`,
 *   `content_type=`, FastAPI's `media_type=`, `resp.headers["Content-Type"] = …`, `resp.mimetype = …`;
 * - answers that are not VoiceML: `jsonify(…)`, a dict returned, `redirect(…)`, `RedirectResponse`,
 *   `JSONResponse`, `"OK"`, `("", 204)`, `PlainTextResponse("OK")`, `HttpResponse("OK")`;
 * - Twilio's signature check `RequestValidator(…)`.
 */
import type { SyntaxNode, TreeCursor } from '@lezer/common';
import type { Answer, ContentTypeSet, HandlerCode, ParameterRead } from '../../document/handlers';
import { HandlerBindings, noHandlerCode } from '../../document/handlers';
import type { Span } from '../../document/routes';
import { childNamed, lastChildNamed, childrenNamed } from './lezer';

/** What the route reader knows at a statement: its scopes, and how it reads parameters and constants. */
export interface PythonScope {
  readonly text: string;
  /** The `index`-th positional argument of an argument list. */
  positional(args: SyntaxNode, index: number): SyntaxNode | undefined;
  /** Keyword argument `name=…` of an argument list. */
  keyword(args: SyntaxNode, name: string): SyntaxNode | undefined;
  /** The request parameter an expression reads (`request.form.get("Digits")`, a name bound to one). */
  parameterRead(node: SyntaxNode): string | undefined;
  /** The text an expression certainly has (`"busy"`, a name bound once to a string). */
  constant(node: SyntaxNode): string | undefined;
}

/** Containers a parameter is read from, by attribute of the request: where the platform puts it for such a read. */
const REQUEST_DATA: Readonly<Record<string, Pick<ParameterRead, 'from'> & { body?: string }>> = {
  form: { from: 'body' },
  POST: { from: 'body' },
  values: { from: 'any' },
  args: { from: 'query', body: 'form' },
  GET: { from: 'query', body: 'POST' },
  query_params: { from: 'query' },
};

/** FastAPI's parameter functions that read the request: where each reads. */
const PARAMETER_FUNCTIONS: Readonly<Record<string, ParameterRead['from'] | 'header'>> = { Form: 'body', Query: 'query', Header: 'header' };

/** Response classes and what they answer. */
const JSON_ANSWERS: ReadonlySet<string> = new Set(['jsonify', 'JSONResponse', 'JsonResponse', 'ORJSONResponse', 'UJSONResponse']);
const REDIRECT_ANSWERS: ReadonlySet<string> = new Set(['redirect', 'RedirectResponse', 'HttpResponseRedirect', 'HttpResponsePermanentRedirect']);
/**
 * Responses made from a body, with their keywords for the body and for the media type. `Response` is Flask's
 * (`response=`, `mimetype=`) and FastAPI's — Starlette's — (`content=`, `media_type=`).
 */
const BODY_RESPONSES: Readonly<Record<string, { body: readonly string[]; type: readonly string[] }>> = {
  Response: { body: ['response', 'content'], type: ['mimetype', 'content_type', 'media_type'] },
  make_response: { body: ['response'], type: [] },
  HttpResponse: { body: ['content'], type: ['content_type'] },
  PlainTextResponse: { body: ['content'], type: ['media_type'] },
  HTMLResponse: { body: ['content'], type: ['media_type'] },
};

export class PythonHandlerReader {
  private readonly out: HandlerCode = noHandlerCode();
  /** Each name's assigned values; Content-Types and sends, by response object and function. */
  private readonly bindings = new HandlerBindings<SyntaxNode, number>();
  /** Each function, by name. */
  private readonly functions = new Map<string, SyntaxNode>();
  /** The function being read (its start), -1 at module level. */
  private fn = -1;

  constructor(private readonly scope: PythonScope) {}

  private slice(node: SyntaxNode): string {
    return this.scope.text.slice(node.from, node.to);
  }

  finish(): HandlerCode {
    this.out.contentTypes = this.bindings.contentTypes();
    this.out.sent.push(...this.bindings.sentSpans());
    return this.out;
  }

  /** A function's definition, before its body: its name, and FastAPI parameters that read the request. Returns the previous function. */
  enterFunction(definition: SyntaxNode): number {
    const name = childNamed(definition, 'VariableName');
    if (name) this.functions.set(this.slice(name), definition);
    const params = childNamed(definition, 'ParamList');
    for (let param = params?.firstChild; param; param = param.nextSibling) {
      const before = param.prevSibling?.name;
      if (param.name === 'VariableName' && (before === '(' || before === ',')) this.parameter(param);
    }
    const outer = this.fn;
    this.fn = definition.from;
    return outer;
  }

  exitFunction(outer: number): void {
    this.fn = outer;
  }

  /**
   * One statement of a body (its nested bodies are handed over on their own), and `cursor` on it: the cursor
   * is where it was after.
   */
  statement(statement: SyntaxNode, cursor: TreeCursor): void {
    if (statement.name === 'AssignStatement') this.assignment(statement);
    else if (statement.name === 'ReturnStatement') this.returned(statement);
    else if (statement.name === 'MatchStatement') this.matchTests(statement);
    this.walk(cursor);
  }

  /**
   * Every expression of the statement at `cursor` outside its nested bodies, functions and classes; the cursor
   * back on the statement after. With the cursor of the statement's body (one for all its statements): a node
   * object is made only for the expressions read (a statement's other nodes, its strings' insides most of
   * them, are passed over without one).
   */
  private walk(cursor: TreeCursor): void {
    if (!cursor.firstChild()) return;
    let depth = 1;
    for (;;) {
      const name = cursor.name;
      const skipped = name === 'Body' || name === 'MatchBody' || name === 'FunctionDefinition' || name === 'ClassDefinition' || name === 'DecoratedStatement';
      // Each read as a node only when the cursor shows it is one `call`, `subscript` or `comparison` reads.
      if (name === 'CallExpression') {
        if (this.callsWhatIsRead(cursor)) this.call(cursor.node);
      } else if (name === 'MemberExpression') {
        if (hasChild(cursor, '[')) this.subscript(cursor.node);
      } else if (name === 'BinaryExpression') {
        if (hasChild(cursor, 'CompareOp') || hasChild(cursor, 'in')) this.comparison(cursor.node);
      }
      if (!skipped && cursor.firstChild()) {
        depth++;
        continue;
      }
      while (!cursor.nextSibling()) {
        cursor.parent();
        if (--depth === 0) return;
      }
    }
  }

  /**
   * Does the call at `cursor` name what `call` reads: a method `get` or `getlist` (`request.form.get`), or
   * `RequestValidator`? The cursor is where it was after.
   */
  private callsWhatIsRead(cursor: TreeCursor): boolean {
    if (!cursor.firstChild()) return false;
    let named = false;
    if (cursor.name === 'VariableName') named = this.textIs(cursor, 'RequestValidator');
    else if (cursor.name === 'MemberExpression' && cursor.lastChild()) {
      named = this.textIs(cursor, 'get') || this.textIs(cursor, 'getlist');
      cursor.parent();
    }
    cursor.parent();
    return named;
  }

  /** Is the text of the node at `cursor` `word`? */
  private textIs(cursor: TreeCursor, word: string): boolean {
    return cursor.to - cursor.from === word.length && this.scope.text.startsWith(word, cursor.from);
  }

  // ----- reads ---------------------------------------------------------------------------------------

  /** Request data: `request.form`, `request.args`, `await request.form()`, a name bound to one. */
  private requestData(node: SyntaxNode, depth = 0): Pick<ParameterRead, 'from' | 'source'> | undefined {
    if (node.name === 'ParenthesizedExpression' || node.name === 'AwaitExpression') {
      const inner = node.lastChild?.name === ')' ? node.lastChild.prevSibling : node.lastChild;
      return inner ? this.requestData(inner, depth) : undefined;
    }
    if (node.name === 'MemberExpression' && !childNamed(node, '[')) {
      const property = node.lastChild;
      const object = node.firstChild;
      if (!property || !object || !this.isRequest(object)) return undefined;
      const kind = REQUEST_DATA[this.slice(property)];
      if (!kind) return undefined;
      return kind.body !== undefined ? { from: kind.from, source: { span: { start: property.from, end: property.to }, body: kind.body } } : { from: kind.from };
    }
    // FastAPI `await request.form()`.
    if (node.name === 'CallExpression' && node.firstChild?.name === 'MemberExpression' && lastChildNamed(node, 'ArgList')?.firstChild?.nextSibling?.name === ')') {
      const member = node.firstChild;
      const property = member.lastChild;
      if (property && member.firstChild && this.isRequest(member.firstChild) && this.slice(property) === 'form') return { from: 'body' };
      return undefined;
    }
    if (node.name === 'VariableName' && depth < 4) {
      const value = this.valueOf(node);
      return value ? this.requestData(value, depth + 1) : undefined;
    }
    return undefined;
  }

  /** `request`, `req`, `self.request`. */
  private isRequest(node: SyntaxNode): boolean {
    const name = node.name === 'VariableName' ? this.slice(node) : node.name === 'MemberExpression' && !childNamed(node, '[') && node.lastChild ? this.slice(node.lastChild) : '';
    return name === 'request' || name === 'req';
  }

  /** `D.get("X")`, `D.getlist("X")`; `request.headers.get("X")`; Flask's `Response(…)`, `jsonify(…)` … */
  private call(call: SyntaxNode): void {
    const callee = call.firstChild;
    const args = lastChildNamed(call, 'ArgList');
    if (!callee || !args) return;
    if (callee.name === 'MemberExpression' && !childNamed(callee, '[')) {
      const property = callee.lastChild;
      const object = callee.firstChild;
      const method = property ? this.slice(property) : '';
      const first = this.stringAt(this.positional(args, 0));
      if (object && (method === 'get' || method === 'getlist') && first) {
        if (this.isHeaders(object)) return void this.out.headers.push({ name: this.stringText(first) ?? '', span: this.inner(first) });
        const data = this.requestData(object);
        if (data) this.read({ name: this.stringText(first) ?? '', span: this.inner(first), quoted: true, ...data });
      }
      return;
    }
    if (callee.name !== 'VariableName') return;
    const name = this.slice(callee);
    if (name === 'RequestValidator') this.out.signatures.push({ name, span: { start: callee.from, end: callee.to } });
  }

  /** `D["X"]` for request data, `request.headers["X"]`. */
  private subscript(node: SyntaxNode): void {
    if (!childNamed(node, '[')) return;
    const object = node.firstChild;
    const bracket = childNamed(node, '[');
    const key = this.stringAt(bracket?.nextSibling ?? undefined);
    if (!object || !key) return;
    if (this.isHeaders(object)) return void this.out.headers.push({ name: this.stringText(key) ?? '', span: this.inner(key) });
    const data = this.requestData(object);
    if (data) this.read({ name: this.stringText(key) ?? '', span: this.inner(key), quoted: true, ...data });
  }

  /** `request.headers`. */
  private isHeaders(node: SyntaxNode): boolean {
    return node.name === 'MemberExpression' && !childNamed(node, '[') && node.lastChild !== null && this.slice(node.lastChild) === 'headers' && node.firstChild !== null && this.isRequest(node.firstChild);
  }

  /**
   * A FastAPI parameter that reads the request: `Digits: str = Form(…)`, `x: Annotated[str, Form()]`,
   * `Query(…)`, `Header(…)`; its `alias=` names what it reads.
   */
  private parameter(param: SyntaxNode): void {
    let call: SyntaxNode | undefined;
    for (let next = param.nextSibling; next && next.name !== ',' && next.name !== ')'; next = next.nextSibling) {
      if (next.name === 'AssignOp' && next.nextSibling?.name === 'CallExpression') call ??= this.parameterCall(next.nextSibling);
      if (next.name === 'TypeDef') {
        // `Annotated[str, Form()]`
        const annotated = childNamed(next, 'MemberExpression');
        if (annotated?.firstChild && this.slice(annotated.firstChild) === 'Annotated') {
          for (const item of childrenNamed(annotated, 'CallExpression')) call ??= this.parameterCall(item);
        }
      }
    }
    if (!call) return;
    const kind = PARAMETER_FUNCTIONS[this.slice(call.firstChild!)]!;
    const args = lastChildNamed(call, 'ArgList')!;
    const alias = this.keyword(args, 'alias');
    const name = this.slice(param);
    if (kind === 'header') {
      // FastAPI reads `x_twilio_signature` from the header `x-twilio-signature`.
      if (alias && isString(alias)) this.out.headers.push({ name: this.stringText(alias) ?? '', span: this.inner(alias) });
      else this.out.headers.push({ name: name.replaceAll('_', '-'), span: { start: param.from, end: param.to } });
      return;
    }
    if (alias && isString(alias)) {
      this.read({ name: this.stringText(alias) ?? '', span: this.inner(alias), quoted: true, from: kind });
      return;
    }
    // Renamed by an alias, so the parameter's own name (used in the function) stays.
    const close = args.lastChild!;
    const empty = close.prevSibling?.name === '(';
    const at = close.name === ')' ? close.from : close.to;
    this.read({ name, span: { start: param.from, end: param.to }, quoted: false, from: kind, rename: { span: { start: at, end: at }, text: empty ? 'alias="{0}"' : ', alias="{0}"' } });
  }

  /** `Form(…)`, `Query(…)`, `Header(…)`, `fastapi.Form(…)`. */
  private parameterCall(call: SyntaxNode): SyntaxNode | undefined {
    const callee = call.firstChild;
    return callee?.name === 'VariableName' && PARAMETER_FUNCTIONS[this.slice(callee)] !== undefined && lastChildNamed(call, 'ArgList') ? call : undefined;
  }

  private read(read: ParameterRead): void {
    this.out.reads.push(read);
  }

  // ----- values compared -------------------------------------------------------------------------------------

  /** `P == "x"`, `"x" != P`, `P in ("a", "b")`. */
  private comparison(node: SyntaxNode): void {
    const left = node.firstChild;
    const right = node.lastChild;
    if (!left || !right || left === right) return;
    const compare = childNamed(node, 'CompareOp');
    if (compare) {
      const op = this.slice(compare);
      if (op !== '==' && op !== '!=') return;
      for (const [side, other] of [
        [left, right],
        [right, left],
      ] as const) {
        const parameter = this.scope.parameterRead(side);
        if (parameter !== undefined) return this.test(parameter, other);
      }
      return;
    }
    if (childNamed(node, 'in') && (right.name === 'TupleExpression' || right.name === 'ArrayExpression' || right.name === 'SetExpression')) {
      const parameter = this.scope.parameterRead(left);
      if (parameter === undefined) return;
      for (let item = right.firstChild; item; item = item.nextSibling) this.test(parameter, item);
    }
  }

  /** `match P:` with `case "x":` / `case "a" | "b":`. */
  private matchTests(statement: SyntaxNode): void {
    const subject = statement.firstChild?.nextSibling;
    const parameter = subject ? this.scope.parameterRead(subject) : undefined;
    const body = childNamed(statement, 'MatchBody');
    if (parameter === undefined || !body) return;
    for (const clause of childrenNamed(body, 'MatchClause')) {
      const pattern = clause.firstChild?.nextSibling;
      const literals = pattern?.name === 'OrPattern' ? childrenNamed(pattern, 'LiteralPattern') : pattern?.name === 'LiteralPattern' ? [pattern] : [];
      for (const literal of literals) if (literal.firstChild) this.test(parameter, literal.firstChild);
    }
  }

  private test(parameter: string, node: SyntaxNode): void {
    const string = this.stringAt(node);
    if (string) node = string;
    if (isString(node)) {
      const value = this.stringText(node);
      if (value !== undefined) this.out.tests.push({ parameter, value, span: this.inner(node) });
    } else if (node.name === 'Number') this.out.tests.push({ parameter, value: this.slice(node), span: { start: node.from, end: node.to } });
  }

  // ----- what is answered ------------------------------------------------------------------------------------

  /** `x = …` (remembered), `resp.headers["Content-Type"] = …`, `resp.mimetype = …`, `resp = Response(body)`. */
  private assignment(statement: SyntaxNode): void {
    const target = statement.firstChild;
    const operator = target?.nextSibling;
    const value = operator?.nextSibling;
    if (!target || operator?.name !== 'AssignOp' || !value || value.nextSibling?.name === 'AssignOp') return;
    if (target.name === 'VariableName') {
      const name = this.slice(target);
      this.bindings.bind(name, target.from, value);
      const made = this.response(value);
      if (made?.body) this.bindings.send(name, this.fn, this.evidence(made.body, []));
      return;
    }
    if (target.name !== 'MemberExpression') return;
    const receiver = target.firstChild;
    if (childNamed(target, '[')) {
      // `resp.headers["Content-Type"] = "text/xml"`
      const key = childNamed(target, 'String');
      if (receiver?.name === 'MemberExpression' && receiver.lastChild && this.slice(receiver.lastChild) === 'headers' && key && this.constant(key)?.toLowerCase() === 'content-type') {
        this.contentType(value, this.rootName(receiver));
      }
      return;
    }
    const property = target.lastChild;
    if (property && receiver && (this.slice(property) === 'mimetype' || this.slice(property) === 'content_type')) this.contentType(value, this.rootName(receiver));
  }

  /**
   * `return body, 200, {"Content-Type": …}`, `return Response(…)`, `return jsonify(…)`, `return {"ok": True}`,
   * `return "OK"`, `return "", 204`.
   */
  private returned(statement: SyntaxNode): void {
    const parts: SyntaxNode[] = [];
    for (let child = statement.firstChild; child; child = child.nextSibling) if (child.name !== 'return' && child.name !== ',') parts.push(child);
    let items = parts;
    // `return (body, 200, {…})`
    if (parts.length === 1 && parts[0]!.name === 'TupleExpression') {
      items = [];
      for (let child = parts[0]!.firstChild; child; child = child.nextSibling) if (child.name !== '(' && child.name !== ')' && child.name !== ',') items.push(child);
    }
    const body = items[0];
    if (!body) return void this.answer('empty', statement);
    this.evidence(body, this.out.sent);
    let status: number | undefined;
    let headers: SyntaxNode | undefined;
    for (const item of items.slice(1)) {
      if (item.name === 'Number') status = Number(this.slice(item));
      else if (item.name === 'DictionaryExpression' || item.name === 'ArrayExpression') headers = item;
    }
    if (headers && !(status !== undefined && status >= 300)) {
      const value = this.contentTypeIn(headers);
      const set = value && this.contentType(value, undefined);
      if (set) this.evidence(body, set.sends);
    }
    if (status !== undefined && status >= 300) return;
    this.classify(statement, body, status);
  }

  /** What a returned or made body is, when it is no VoiceML. */
  private classify(node: SyntaxNode, body: SyntaxNode, status: number | undefined): void {
    if (isString(body)) {
      // Markup as written (most returned strings here are VoiceML): its value, read or not, starts with `<`.
      if (startsWithMarkup(this.scope.text, body.from)) return;
      const text = this.constant(body);
      if (text !== undefined && !text.trimStart().startsWith('<')) this.answer(text.trim() === '' || status === 204 ? 'empty' : 'text', node, text);
      return;
    }
    if (body.name === 'DictionaryExpression') return void this.answer('json', node);
    if (body.name !== 'CallExpression' || body.firstChild?.name !== 'VariableName') return;
    const name = this.slice(body.firstChild);
    const args = lastChildNamed(body, 'ArgList');
    if (JSON_ANSWERS.has(name)) return void this.answer('json', node);
    if (REDIRECT_ANSWERS.has(name)) return void this.answer('redirect', node);
    const made = this.response(body);
    if (!made || !args) return;
    const code = this.keyword(args, 'status') ?? this.keyword(args, 'status_code');
    const madeStatus = code?.name === 'Number' ? Number(this.slice(code)) : undefined;
    if (madeStatus !== undefined && madeStatus >= 300) return;
    // `Response(content=json.dumps(…), media_type="application/json")`: JSON, whatever its body is written as.
    if (made.json) this.answer('json', node);
    else if (made.body) this.classify(node, made.body, madeStatus);
    else if (name !== 'make_response') this.answer('empty', node);
  }

  /**
   * A response made from a body: `Response(body, mimetype=…)`, `make_response(body)`, `HttpResponse(body,
   * content_type=…)`, `PlainTextResponse(…)`; its Content-Type is noted with the body it is set on.
   */
  private response(node: SyntaxNode): { body: SyntaxNode | undefined; json: boolean } | undefined {
    if (node.name !== 'CallExpression' || node.firstChild?.name !== 'VariableName') return undefined;
    const kind = BODY_RESPONSES[this.slice(node.firstChild)];
    const args = lastChildNamed(node, 'ArgList');
    if (!kind || !args) return undefined;
    let body = this.positional(args, 0);
    for (const keyword of kind.body) body ??= this.keyword(args, keyword);
    let json = false;
    for (const keyword of kind.type) {
      const value = this.keyword(args, keyword);
      const set = value && this.contentType(value, undefined);
      if (set && body) this.evidence(body, set.sends);
      if (value && isJsonMediaType(this.constant(value))) json = true;
    }
    return { body, json };
  }

  /** `"Content-Type"` (any case) in a dict of headers, or in a list of pairs. */
  private contentTypeIn(headers: SyntaxNode): SyntaxNode | undefined {
    if (headers.name === 'DictionaryExpression') {
      for (let key = headers.firstChild; key; key = key.nextSibling) {
        if (isString(key) && key.nextSibling?.name === ':' && this.constant(key)?.toLowerCase() === 'content-type') return key.nextSibling.nextSibling ?? undefined;
      }
      return undefined;
    }
    for (let item = headers.firstChild; item; item = item.nextSibling) {
      if (item.name !== 'TupleExpression') continue;
      const key = item.firstChild?.nextSibling;
      const value = key?.nextSibling?.nextSibling;
      if (key && isString(key) && this.constant(key)?.toLowerCase() === 'content-type' && value) return value;
    }
    return undefined;
  }

  private contentType(value: SyntaxNode, receiver: string | undefined): ContentTypeSet | undefined {
    const written = isString(value) ? this.constant(value) : undefined;
    return written === undefined ? undefined : this.bindings.contentType(written, this.inner(value), receiver, this.fn);
  }

  private answer(kind: Answer['kind'], node: SyntaxNode, text?: string): void {
    const answer: Answer = { kind, span: { start: node.from, end: node.to } };
    if (text !== undefined && kind === 'text') answer.text = text;
    this.out.answers.push(answer);
  }

  // ----- helpers ---------------------------------------------------------------------------------------------

  /**
   * The code a value stands for, added to `into` (and returned): itself; what a name was last assigned before it
   * (`xml = "<Response>…"`), or the function it names; what a local function called returns; through `str(…)`,
   * `.strip()`, `.to_xml()`.
   */
  private evidence(node: SyntaxNode, into: Span[], depth = 0): Span[] {
    into.push({ start: node.from, end: node.to });
    if (depth > 3) return into;
    if (node.name === 'VariableName') {
      const value = this.valueOf(node);
      if (value) this.evidence(value, into, depth + 1);
      const fn = this.functions.get(this.slice(node));
      if (fn) into.push({ start: fn.from, end: fn.to });
    } else if (node.name === 'CallExpression') {
      const callee = node.firstChild;
      if (callee?.name === 'VariableName') {
        const name = this.slice(callee);
        const fn = this.functions.get(name);
        if (fn) into.push({ start: fn.from, end: fn.to });
        const only = name === 'str' ? this.positional(lastChildNamed(node, 'ArgList')!, 0) : undefined;
        if (only) this.evidence(only, into, depth + 1);
      } else if (callee?.name === 'MemberExpression' && callee.firstChild && callee.lastChild && ['strip', 'to_xml', 'decode'].includes(this.slice(callee.lastChild))) {
        this.evidence(callee.firstChild, into, depth + 1);
      }
    }
    return into;
  }

  /** What a name was last assigned before `node`. */
  private valueOf(node: SyntaxNode): SyntaxNode | undefined {
    return this.bindings.valueBefore(this.slice(node), node.from);
  }

  /** `resp` of `resp.headers`, `resp.mimetype`. */
  private rootName(node: SyntaxNode): string | undefined {
    let current: SyntaxNode | null = node;
    for (let depth = 0; current && depth < 8; depth++) {
      if (current.name === 'VariableName') return this.slice(current);
      current = current.name === 'MemberExpression' ? current.firstChild : null;
    }
    return undefined;
  }

  /** A string's quotes: where its text starts (after any prefix and the opening quote), how long its quote is. */
  private quoting(node: SyntaxNode): { open: number; quote: string } {
    const text = this.scope.text;
    let start = node.from;
    while (start < node.to && 'rRbBuUfF'.includes(text[start]!)) start++;
    const quote = text[start] ?? '"';
    const long = text.startsWith(quote.repeat(3), start) ? 3 : 1;
    return { open: start + long, quote: quote.repeat(long) };
  }

  private isClosed(node: SyntaxNode): boolean {
    const { open, quote } = this.quoting(node);
    if (node.to - open < quote.length || !this.scope.text.startsWith(quote, node.to - quote.length)) return false;
    // A one-line string that runs past a line break is an unclosed one the parser joined with what follows.
    const line = quote.length === 1 ? this.scope.text.indexOf('\n', open) : -1;
    return line < 0 || line >= node.to;
  }

  /** A string's text inside its quotes (after any prefix); to its end when it is not closed (being typed). */
  private inner(node: SyntaxNode): Span {
    const text = this.scope.text;
    const { open, quote } = this.quoting(node);
    const long = quote.length;
    if (this.isClosed(node)) return { start: open, end: node.to - long };
    // Not closed: a one-line string ends with its line (the parser may run it on into the next ones).
    const line = long === 1 ? text.indexOf('\n', open) : -1;
    return { start: Math.min(open, node.to), end: line >= 0 && line < node.to ? line : node.to };
  }

  /**
   * A string, or one being typed at the start of `node`: the parser reads an unclosed `"` with what follows on
   * the next lines (`get("⏎ if …:` becomes a conditional expression starting with it).
   */
  private stringAt(node: SyntaxNode | undefined): SyntaxNode | undefined {
    if (!node) return undefined;
    if (isString(node)) return node;
    for (let inner = node.firstChild; inner && inner.from === node.from; inner = inner.firstChild) {
      if (isString(inner)) return this.isClosed(inner) ? undefined : inner;
    }
    return undefined;
  }

  /** A string's value; its text as written while it is not closed (being typed). */
  private stringText(node: SyntaxNode): string | undefined {
    if (this.isClosed(node)) return this.constant(node);
    const inner = this.inner(node);
    return this.scope.text.slice(inner.start, inner.end);
  }

  private constant(node: SyntaxNode): string | undefined {
    return this.scope.constant(node);
  }

  private positional(args: SyntaxNode, index: number): SyntaxNode | undefined {
    return this.scope.positional(args, index);
  }

  private keyword(args: SyntaxNode, name: string): SyntaxNode | undefined {
    return this.scope.keyword(args, name);
  }
}

/** `application/json`, `application/problem+json` …, parameters and case aside. */
function isJsonMediaType(mediaType: string | undefined): boolean {
  const type = mediaType?.split(';')[0]!.trim().toLowerCase();
  return type !== undefined && (type === 'application/json' || type.endsWith('+json'));
}

/** The letters a string literal's prefix is written with. */
const STRING_PREFIX = 'rRbBuUfFtT';

/**
 * Does the string literal at `from` start with `<` as written, after its prefix, its quotes and white space?
 * Then its value, when the code says it, starts with `<` too (a field opens with `{`, an escape with a backslash).
 */
function startsWithMarkup(text: string, from: number): boolean {
  let at = from;
  while (at < text.length && STRING_PREFIX.includes(text[at]!)) at++;
  const quote = text.charCodeAt(at);
  if (quote !== 34 && quote !== 39) return false;
  at += text.startsWith(text[at]!.repeat(3), at) ? 3 : 1;
  while (at < text.length && (text[at] === ' ' || text[at] === '\t' || text[at] === '\n' || text[at] === '\r')) at++;
  return text[at] === '<';
}

/** Has the node at `cursor` a child named `name`? The cursor is where it was after. */
function hasChild(cursor: TreeCursor, name: string): boolean {
  if (!cursor.firstChild()) return false;
  let found = false;
  do found = cursor.name === name;
  while (!found && cursor.nextSibling());
  cursor.parent();
  return found;
}

function isString(node: SyntaxNode): boolean {
  return node.name === 'String' || node.name === 'FormatString' || node.name === 'ContinuedString';
}
