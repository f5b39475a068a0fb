/**
 * What a file of webhook code says about its web routes, as a host reads it from the syntax (`Host.readRoutes`;
 * no code is ever run): the routes it registers, the app and router objects it makes, how routers are mounted
 * under prefixes, its imports and exports (so mounts can be followed across files), and the conditions on the
 * platform's request parameters that guard parts of a handler. The call-flow index (`flow/`) joins these over
 * a workspace; nothing here knows any host syntax, and hosts know nothing of the joining. What handlers do with
 * the request's parameters and their answer is read in the same pass (`document/handlers.ts`).
 *
 * Objects are named by keys that are unique within the file (a host uses the offset of the declaration):
 * a router made in the file (`const router = express.Router()`), a function (`function ivrRoutes(app)`), an
 * imported name. A key never leaves its file: across files, names go through `imports` and `exports`.
 *
 * Every offset is in a `Span` (an object of `start` and `end` alone): `moveRoutes` moves them all.
 */
import { movedRange, type TextChange } from './change';

import { noHandlerCode, type HandlerCode } from './handlers';

/** `[start, end)` in UTF-16 offsets of the file. */
export interface Span {
  start: number;
  end: number;
}

/** A path or prefix as the code writes it: its text when the code says it plainly, else undefined (unknown). */
export type PathText = string | undefined;

/**
 * `routes`, read from a text, as they are after `change` to it, when the change was made where no code is
 * (inside the text of a response, see `codeKept`): a span after the change moves with it, one holding it grows.
 * Keys stay as they were: they only name objects within the file.
 */
export function moveRoutes(routes: FileRoutes, change: TextChange): FileRoutes {
  return moveSpans(routes, change) as FileRoutes;
}

/**
 * `value` with its spans (objects of exactly `start` and `end`) moved; what holds no span the change moves is
 * the same object, not a copy (the routes are read-only data): on a keystroke, the routes before it in the file
 * are kept as they are. Written over the data's fields rather than its types, so a span added to them moves too.
 */
function moveSpans(value: object, change: TextChange): object {
  if (Array.isArray(value)) {
    let moved: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item !== 'object' || item === null) continue;
      const after = moveSpans(item, change);
      if (after !== item) (moved ??= value.slice())[i] = after;
    }
    return moved ?? value;
  }
  const fields = value as Record<string, unknown>;
  let moved: Record<string, unknown> | undefined;
  let count = 0;
  for (const key in fields) {
    count++;
    const field = fields[key];
    if (typeof field !== 'object' || field === null) continue;
    const after = moveSpans(field, change);
    if (after !== field) (moved ??= { ...fields })[key] = after;
  }
  if (count === 2 && typeof fields.start === 'number' && typeof fields.end === 'number') return movedRange(fields as unknown as Span, change);
  return moved ?? value;
}

/** A file with no routes, routers, imports or conditions. */
export function noRoutes(): FileRoutes {
  return { routers: [], routes: [], mounts: [], imports: [], exports: [], returns: [], functions: [], conditions: [], code: noHandlerCode() };
}

export interface FileRoutes {
  /** The app and router objects the file makes, and the parameters through which it receives one. */
  routers: RouterDecl[];
  /** The routes the file registers. */
  routes: RouteDecl[];
  /** Routers placed under another router (`app.use('/ivr', router)`, `app.register_blueprint(bp)`, `ivrRoutes(app)`). */
  mounts: MountDecl[];
  /** Names bound to what another file of the workspace exports. */
  imports: ImportDecl[];
  /** What the file exports that may be (or lead to) a router. */
  exports: ExportDecl[];
  /** Functions that return one of the file's routers (`function makeRouter() { const r = Router(); …; return r }`). */
  returns: { function: string; router: Ref }[];
  /** Where the file's named functions are written, for handlers that other files import (`router.post('/x', voice.handle)`). */
  functions: { key: string; span: Span }[];
  /** Parts of handlers guarded by a condition on a request parameter (`if (req.body.Digits === '1') { … }`). */
  conditions: Condition[];
  /** What the file's code does with the platform's request and with its answer (`document/handlers.ts`). */
  code: HandlerCode;
}

export interface RouterDecl {
  key: string;
  /**
   * `app`: an application, at the root of the URL space (`express()`, `Flask(__name__)`, `FastAPI()`);
   * `router`: placed wherever it is mounted (`express.Router()`, `Blueprint`, `APIRouter`);
   * `parameter`: a function's parameter that is used as a router (`function ivrRoutes(app) { app.post(…) }`,
   * a Fastify plugin) — it is whatever the callers pass.
   */
  kind: 'app' | 'router' | 'parameter';
  /** The web framework it belongs to, for the index's display (`express`, `flask` …). */
  framework: string;
  /**
   * A prefix of its own, in front of every route on it (`Blueprint(url_prefix=…)`, `APIRouter(prefix=…)`, `new
   * Router({ prefix })`): `''` for none, undefined when the code computes it.
   */
  prefix: PathText;
  /** For `parameter`: the function's key and the parameter's index. */
  function?: string;
  index?: number;
  range: Span;
}

export interface RouteDecl {
  /** The router it is registered on; undefined for a route the file's place defines (Next.js `app/**\/route.ts`). */
  router: Ref | undefined;
  framework: string;
  /** HTTP methods in upper case; `*` for every method (`app.all`, `app.use(path, handler)`, a Next.js `pages/api` handler). */
  methods: string[];
  /** The path as written on the router (`/ivr/:step`, `/gather/<int:n>`, `/a/{id}`); undefined when the code computes it. */
  path: PathText;
  /** For a route the file's place defines: the handler exported (`POST`, `default`). */
  exported?: string;
  /** Where the path is written (or the handler's name, when there is no path): what navigation selects. */
  pathRange: Span;
  /** The whole registration: the call, or the decorated function. */
  range: Span;
  /** The handler code: responses written inside these spans are this route's. */
  handlers: Span[];
  /** Handlers written elsewhere: a function another file exports (`controllers.voice`, an imported `handleVoice`). */
  handlerRefs?: Ref[];
  /** The handler function's name, when it has one (`handle_call`, Flask's endpoint). */
  name?: string;
}

/** A reference to a router: a key in the file, possibly an import's member, a function's parameter, or what a function returns. */
export interface Ref {
  key: string;
  /** `ns.router` after `import * as ns`, `views.bp` after `from . import views`. */
  member?: string;
  /** The router passed as a function's parameter of this index (`ivrRoutes(app)`: parameter 0 of `ivrRoutes`). */
  parameter?: number;
  /** The router a function returns (`app.use('/ivr', makeRouter())`). */
  returned?: boolean;
}

export interface MountDecl {
  parent: Ref;
  /** The prefix; `''` for none (`app.use(router)`, `ivrRoutes(app)`); undefined when the code computes it. */
  prefix: PathText;
  /** Flask's `register_blueprint(bp, url_prefix=…)` replaces the blueprint's own prefix instead of adding to it. */
  replacesOwnPrefix?: boolean;
  child: Ref;
  range: Span;
}

export interface ImportDecl {
  key: string;
  /** The name imported: `default` (also CommonJS `module.exports`), `*` for the whole module, or an exported name. */
  imported: string;
  /**
   * Paths the module may be, relative to the importing file's folder (`./routes/ivr.ts`, `../views.py`), or,
   * for `anchor: 'ancestors'`, to that folder or any folder above it (Python's `app.views` → `app/views.py`).
   * Empty for a package outside the workspace (`express`).
   */
  candidates: string[];
  anchor: 'file' | 'ancestors';
}

export interface ExportDecl {
  /** The exported name; `default` for `export default` and CommonJS `module.exports = …`. */
  name: string;
  ref: Ref;
}

/**
 * A part of a handler that runs only when a request parameter has (or has not) certain values: the body of
 * `if (req.body.Digits === '1')`, a `case '3':`, what follows `if (d === '0') return …`. The index labels the
 * steps written there with the values.
 */
export interface Condition {
  span: Span;
  /** The parameter as the platform names it (`Digits`, `DialCallStatus`). */
  parameter: string;
  /** The part runs when the parameter is one of these. */
  equals?: string[];
  /** The part runs when the parameter is none of these. */
  otherThan?: string[];
}
