/**
 * The VoiceML language server: LSP wiring only — capabilities, open documents, settings, scheduling. All
 * language knowledge is in the language service. Runs over stdio (`voiceml-language-server --stdio`) for
 * any LSP editor and over IPC for the VS Code extension (`--node-ipc`), as `vscode-languageserver` chooses.
 * Every request handler is wrapped in `lifecycle.answer` (see `lifecycle.ts`): answers before `initialize`,
 * after `shutdown` and for cancelled requests as LSP wants.
 */
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type ClientCapabilities,
  type Disposable,
  type ServerCapabilities,
  type TextDocumentContentChangeEvent,
  DocumentFormattingRequest,
  DocumentRangeFormattingRequest,
  CompletionTriggerKind,
  ErrorCodes,
  MessageType,
  ResponseError,
  ShowMessageNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { localize, toLocale, type Localized } from './l10n';
import { FlowIndex, getLanguageService, type LanguageService, type ResultLimit, type ValidationSettings } from './languageService';
import { FlowLoader } from './flow/loader';
import { hosts } from './hosts';
import { exitWithoutTransport, Lifecycle, throwIfCancelled } from './lifecycle';
import { FIX_ALL_KIND } from './services/codeActions';
import { resultLimitOf } from './services/limits';

/** The `voiceml` settings section, as the VS Code extension contributes it (`package.json`). */
interface Settings {
  validate?: { enable?: boolean };
  rules?: ValidationSettings['rules'];
  completion?: { enable?: boolean };
  hover?: { enable?: boolean };
  format?: { enable?: boolean };
  autoClosingTags?: boolean;
  maxFileSize?: number;
  maxItemsComputed?: number;
  /** The language of messages and hovers: `ko`, `en`, or `auto` (the client's, from `initialize.locale`). */
  locale?: 'auto' | 'ko' | 'en';
}

/** A document's settings, and the validation view of them (one object per settings read, so results cache). */
interface DocumentSettings {
  raw: Settings;
  validation: ValidationSettings;
}

/** Typing pauses shorter than this are not worth a validation. */
const VALIDATION_DELAY_MS = 150;

exitWithoutTransport(process.argv.slice(2), VERSION);
const connection = createConnection(ProposedFeatures.all);
const lifecycle = new Lifecycle(
  (message) => connection.console.error(`VoiceML request failed: ${message}`),
  () => (lastWork = performance.now()),
);
// A message the client could not take (it went away, it refused a request) must not end the server.
process.on('unhandledRejection', (reason) => {
  connection.console.error(`VoiceML: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
});
const documents = new TextDocuments({ create: TextDocument.create, update: noteTyping });
/** The workspace's call flow: files from disk (`FlowLoader`), open documents from the service. */
const workspace = new FlowIndex();
let service: LanguageService = getLanguageService({ workspace });
/** The client's locale (`initialize.locale`), which `voiceml.locale: auto` follows. */
let clientLocale: string | undefined;
/** `voiceml.maxFileSize` as the service was made with it (see `updateService`). */
let maxFileSize: number | undefined;
let configurationPull = false;
/**
 * The client resolves code actions (`codeAction/resolve` with their `edit`): they are answered without their
 * edits, which are made for the one the user chooses.
 */
let editsOnResolve = false;
/**
 * Settings given in `initializationOptions` (`{ voiceml: {…} }`, or the section itself): what every read of
 * the settings is laid onto. For clients that neither answer `workspace/configuration` with them nor send
 * them in `didChangeConfiguration` (Neovim's `init_options`).
 */
let initialSettings: Settings = {};
const pending = new Map<string, ReturnType<typeof setTimeout>>();
/** Validations under way: fetching their document's settings, or checking it. */
let validating = 0;
/** When the server last had work from the client (a request, a document to validate): the warm-up waits for quiet. */
let lastWork = 0;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  lifecycle.initialize();
  // Only now: a notification before `initialize` (a didOpen) is dropped, as LSP wants.
  documents.listen(connection);
  const options: unknown = params.initializationOptions;
  initialSettings = isObject(options) ? ((isObject(options.voiceml) ? options.voiceml : options) as Settings) : {};
  pushedSettings = toDocumentSettings(undefined);
  clientLocale = params.locale;
  maxFileSize = numberOrUndefined(initialSettings.maxFileSize);
  service = getLanguageService({ locale: localeOf(initialSettings), maxFileSize, workspace });
  configurationPull = params.capabilities.workspace?.configuration === true;
  editsOnResolve = params.capabilities.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: true },
      ...structureCapabilities(params.capabilities),
      ...editingCapabilities(params.capabilities),
      ...flowCapabilities(params),
    },
    serverInfo: { name: 'voiceml-language-server', version: VERSION },
  };
});

connection.onInitialized(() => {
  void updateFormatterRegistration();
  serviceUpdate = updateService();
  void startFlow();
  if (configurationPull) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'voiceml' });
  }
  warmUp();
});

/**
 * How long the server has had no work from the client before the warm-up goes on. An editor sends the documents
 * it opens at start right behind `initialized`; a large one arrives in many reads, and the warm-up must not
 * run between them.
 */
const WARM_UP_QUIET_MS = 1000;

/**
 * The warm-up (`services/warmUp.ts`) while the server is idle after start-up, so that a large document opened
 * later is checked warm: one check per turn of the event loop, only after a quiet spell (no request, no document
 * waiting for its validation or being validated). A request arriving meanwhile waits for one check at most.
 */
function warmUp(): void {
  const step = service.warmUp();
  const started = performance.now();
  let checking = 0;
  lastWork = started;
  const next = (): void => {
    if (!lifecycle.running) return;
    const quiet = performance.now() - lastWork;
    if (pending.size > 0 || validating > 0 || quiet < WARM_UP_QUIET_MS) {
      setTimeout(next, Math.max(WARM_UP_QUIET_MS - quiet, 50));
      return;
    }
    const t0 = performance.now();
    const more = step();
    checking += performance.now() - t0;
    if (more) setImmediate(next);
    else connection.console.log(`VoiceML: warmed up (${checking.toFixed(0)} ms of checks over ${(performance.now() - started).toFixed(0)} ms)`);
  };
  setImmediate(next);
}

connection.onShutdown(() => {
  lifecycle.shutDown();
  for (const timer of pending.values()) clearTimeout(timer);
  pending.clear();
});

// Requests nothing here handles: MethodNotFound once running, else what LSP wants at that stage.
connection.onRequest((method) => {
  lifecycle.refuseUnlessRunning();
  throw new ResponseError(ErrorCodes.MethodNotFound, `Unhandled method ${method}`);
});

connection.onDidChangeConfiguration((change) => {
  if (!lifecycle.running) return;
  settingsCache.clear();
  if (!configurationPull) pushedSettings = toDocumentSettings(change.settings?.voiceml);
  void updateFormatterRegistration();
  serviceUpdate = updateService();
  for (const document of documents.all()) schedule(document, 0);
});

let pushedSettings: DocumentSettings = { raw: {}, validation: {} };
/** Per document URI (`''`: the window): features run on every keystroke, and asking the client each time costs a round trip. */
const settingsCache = new Map<string, Promise<DocumentSettings>>();

/** The settings for a document (or for the window, without a URI): pulled once and cached, or as pushed. */
function settingsFor(uri: string | undefined): Promise<DocumentSettings> {
  if (!configurationPull) return Promise.resolve(pushedSettings);
  let settings = settingsCache.get(uri ?? '');
  if (!settings) {
    settings = connection.workspace
      .getConfiguration({ scopeUri: uri, section: 'voiceml' })
      .then(toDocumentSettings, () => toDocumentSettings(undefined));
    settingsCache.set(uri ?? '', settings);
  }
  return settings;
}

/** What a client gave (anything: clients without a settings schema send what their user wrote), laid onto `initialSettings`. */
function toDocumentSettings(raw: unknown): DocumentSettings {
  const settings = layered(initialSettings, isObject(raw) ? (raw as Settings) : {});
  return { raw: settings, validation: { enable: settings.validate?.enable, rules: isObject(settings.rules) ? settings.rules : {} } };
}

/** `over` laid onto `base`: a section both have (`rules`, `validate` …) is merged key by key. */
function layered(base: Settings, over: Settings): Settings {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const under = out[key];
    out[key] = isObject(under) && isObject(value) ? { ...under, ...value } : value;
  }
  return out as Settings;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const numberOrUndefined = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** The locale to speak: `voiceml.locale` when it names one, else the client's. */
const localeOf = (settings: Settings): string | undefined => (settings.locale === 'ko' || settings.locale === 'en' ? settings.locale : clientLocale);

/** The version each document was opened with: `TextDocuments` fires onDidChangeContent for the open too. */
const opened = new Map<string, number>();
documents.onDidOpen((e) => (opened.set(e.document.uri, e.document.version), schedule(e.document, 0)));
documents.onDidChangeContent((e) => {
  // That event is the open, not typing: it must not push the open's immediate validation back by the delay.
  if (opened.get(e.document.uri) === e.document.version) return;
  opened.delete(e.document.uri);
  schedule(e.document, VALIDATION_DELAY_MS);
});
documents.onDidClose((e) => {
  opened.delete(e.document.uri);
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
  settingsCache.delete(e.document.uri);
  service.forget(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  lastPublished.delete(e.document.uri);
  void loader.documentClosed(e.document.uri);
});

/** `again`: validated again because another file changed the call flow (nothing is sent when nothing changed). */
function schedule(document: TextDocument, delay: number, again = false): void {
  lastWork = performance.now();
  clearTimeout(pending.get(document.uri));
  pending.set(
    document.uri,
    setTimeout(() => {
      pending.delete(document.uri);
      validating++;
      void validate(document.uri, document.version, again).finally(() => {
        validating--;
        lastWork = performance.now();
      });
    }, delay),
  );
}

async function validate(uri: string, version: number, again = false): Promise<void> {
  const settings = (await settingsFor(uri)).validation;
  await serviceUpdate;
  if (!lifecycle.running) return;
  const document = documents.get(uri);
  // A newer version arrived (or the document closed) while settings were fetched: its own run publishes.
  if (!document || document.version !== version) return;
  let diagnostics;
  try {
    diagnostics = service.doValidation(document, settings);
  } catch (error) {
    // A bug of ours must not take the server down; say so once in the log and publish nothing for it.
    connection.console.error(`VoiceML validation failed for ${uri}: ${error instanceof Error ? error.stack : String(error)}`);
    return;
  }
  const last = lastPublished.get(uri);
  if (again && last?.version === version && sameDiagnostics(last.diagnostics, diagnostics)) return;
  lastPublished.set(uri, { version, diagnostics });
  await connection.sendDiagnostics({ uri, version, diagnostics });
  // The document's text is the workspace's now: what other documents' flow shows may follow from it.
  loader.changed();
}

/** What was last published for each open document, and for which version. */
const lastPublished = new Map<string, { version: number; diagnostics: readonly Diagnostic[] }>();

/**
 * Are two lists of diagnostics the same? Those the service kept from its answer before are the same objects
 * (`services/published.ts`); the others are compared as JSON. (Each list written out as JSON at every
 * validation, for a comparison made only when a document is checked again, took ~2 ms of a keystroke in a
 * document with a thousand findings.)
 */
function sameDiagnostics(a: readonly Diagnostic[], b: readonly Diagnostic[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && JSON.stringify(a[i]) !== JSON.stringify(b[i])) return false;
  return true;
}

connection.onCodeAction(
  lifecycle.answer(async (params, token) => {
    const open = await withSettings(params.textDocument.uri, token);
    if (!open) return [];
    return service.doCodeActions(open.document, params.range, params.context, open.settings.validation, resultLimit(open, QUICK_FIXES), editsOnResolve);
  }),
);

/** The edit of an action answered without it (see `editsOnResolve`), made when the user chose the action. */
connection.onCodeActionResolve(
  lifecycle.answer(async (action, token) => {
    const uri: unknown = isObject(action.data) ? action.data.uri : undefined;
    const open = typeof uri === 'string' ? await withSettings(uri, token) : undefined;
    return open ? service.resolveCodeAction(open.document, action, open.settings.validation) : action;
  }),
);

/**
 * An open document with its settings, looked up again once they arrived (it may have changed or closed
 * meanwhile); undefined when it is not open. A request the client cancelled meanwhile ends here.
 */
async function withSettings(uri: string, token: CancellationToken): Promise<{ document: TextDocument; settings: DocumentSettings } | undefined> {
  if (!documents.get(uri)) return undefined;
  const settings = await settingsFor(uri);
  throwIfCancelled(token);
  const document = documents.get(uri);
  return document && { document, settings };
}

// ---------------------------------------------------------------------------------------------------------
// Structure: outline, folding, links, smart selection, formatting, tag pairs (linked editing, auto-closing)

/** What the client can do, from `initialize`. */
const clientSupport = { autoClose: false, dynamicFormatting: false, foldingRangeLimit: undefined as number | undefined };

function structureCapabilities(capabilities: ClientCapabilities): ServerCapabilities {
  // Auto-closing needs edits the server can send (`workspace/applyEdit`) that place the cursor (snippets):
  // without them there is no good answer, see `services/linkedEditing.ts`.
  clientSupport.autoClose = capabilities.workspace?.applyEdit === true && capabilities.workspace?.workspaceEdit?.snippetEditSupport === true;
  clientSupport.foldingRangeLimit = capabilities.textDocument?.foldingRange?.rangeLimit;
  clientSupport.dynamicFormatting =
    capabilities.textDocument?.formatting?.dynamicRegistration === true &&
    capabilities.textDocument?.rangeFormatting?.dynamicRegistration === true;
  return {
    documentSymbolProvider: { label: 'VoiceML' },
    foldingRangeProvider: true,
    documentLinkProvider: { resolveProvider: false },
    selectionRangeProvider: true,
    linkedEditingRangeProvider: true,
    // With dynamic registration the formatter is registered only while `voiceml.format.enable` is on, so
    // turning it off hands `.xml` formatting back to any other XML formatter without a "which formatter"
    // prompt. Clients without it get a static formatter that answers nothing when the setting is off.
    ...(clientSupport.dynamicFormatting ? {} : { documentFormattingProvider: true, documentRangeFormattingProvider: true }),
  };
}

let formatterRegistration: Promise<Disposable> | undefined;
let formatterUpdate: Promise<void> = Promise.resolve();

/** Registers or unregisters the formatter to follow the setting; one update at a time, so never twice. */
function updateFormatterRegistration(): Promise<void> {
  formatterUpdate = formatterUpdate.then(applyFormatterSetting, applyFormatterSetting);
  return formatterUpdate;
}

async function applyFormatterSetting(): Promise<void> {
  if (!clientSupport.dynamicFormatting) return;
  const enable = (await settingsFor(undefined)).raw.format?.enable !== false;
  if (enable && !formatterRegistration) {
    // XML documents only: the client also sends us JS/TS files (for VoiceML in template literals), and a
    // second formatter for those would make VS Code ask users which one formats their TypeScript.
    const documentSelector = [{ language: 'xml' }, { language: 'voiceml' }];
    const both = Promise.all([
      connection.client.register(DocumentFormattingRequest.type, { documentSelector }),
      connection.client.register(DocumentRangeFormattingRequest.type, { documentSelector }),
    ]);
    formatterRegistration = both.then(([whole, range]) => ({ dispose: () => (whole.dispose(), range.dispose()) }));
  } else if (!enable && formatterRegistration) {
    const registration = formatterRegistration;
    formatterRegistration = undefined;
    (await registration).dispose();
  }
}

connection.onDocumentSymbol(
  lifecycle.answer(async (params, token) => {
    const open = await withSettings(params.textDocument.uri, token);
    return open ? service.findDocumentSymbols(open.document, resultLimit(open, OUTLINE)) : null;
  }),
);

connection.onFoldingRanges(
  lifecycle.answer(async (params, token) => {
    const open = await withSettings(params.textDocument.uri, token);
    return open ? service.getFoldingRanges(open.document, { rangeLimit: clientSupport.foldingRangeLimit, ...resultLimit(open, FOLDING) }) : null;
  }),
);

connection.onDocumentLinks(
  lifecycle.answer((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? service.findDocumentLinks(document) : null;
  }),
);

connection.onSelectionRanges(
  lifecycle.answer((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? service.getSelectionRanges(document, params.positions) : null;
  }),
);

connection.languages.onLinkedEditingRange(
  lifecycle.answer((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? service.findLinkedEditingRanges(document, params.position) : null;
  }),
);

connection.onDocumentFormatting(
  lifecycle.answer(async (params, token) => {
    const open = await withSettings(params.textDocument.uri, token);
    return open && open.settings.raw.format?.enable !== false ? service.format(open.document, params.options) : null;
  }),
);

connection.onDocumentRangeFormatting(
  lifecycle.answer(async (params, token) => {
    const open = await withSettings(params.textDocument.uri, token);
    return open && open.settings.raw.format?.enable !== false ? service.format(open.document, params.options, params.range) : null;
  }),
);

/** The character just typed into a document, if its last change was typing one: see `services/linkedEditing.ts`. */
const typing = new Map<string, { version: number; typed: string; line: number; character: number }>();

/** `TextDocument.update`, noting a typed `>` or `/` on the way (the change events carry no content changes). */
function noteTyping(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
  const updated = TextDocument.update(document, changes, version);
  const last = changes[changes.length - 1];
  if (clientSupport.autoClose && last && 'range' in last && (last.text === '>' || last.text === '/')) {
    const { line, character } = last.range.start;
    typing.set(document.uri, { version, typed: last.text, line, character: character + 1 });
  } else {
    typing.delete(document.uri);
  }
  return updated;
}

documents.onDidChangeContent((e) => {
  const typed = typing.get(e.document.uri);
  typing.delete(e.document.uri);
  if (typed && typed.version === e.document.version) void autoClose(e.document.uri, typed);
});
documents.onDidClose((e) => typing.delete(e.document.uri));

async function autoClose(uri: string, typed: { version: number; typed: string; line: number; character: number }): Promise<void> {
  const document = documents.get(uri);
  if (!document || document.version !== typed.version) return;
  const position = { line: typed.line, character: typed.character };
  // First whether there is anything to close (no round trip for the many `>` and `/` that close nothing).
  const close = service.doAutoClose(document, position, typed.typed);
  if (!close || (await settingsFor(uri)).raw.autoClosingTags === false) return;
  if (documents.get(uri)?.version !== typed.version) return; // typed on meanwhile: too late to help
  const edit = { range: { start: position, end: position }, snippet: { kind: 'snippet' as const, value: close.snippet } };
  try {
    // The version makes the client refuse the edit if the document changed since: never a stale insertion.
    await connection.workspace.applyEdit({ edit: { documentChanges: [{ textDocument: { uri, version: typed.version }, edits: [edit] }] } });
  } catch (error) {
    connection.console.error(`VoiceML auto-closing failed for ${uri}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Completion and hover

/** Characters after which the client asks for completions without Ctrl+Space (see `services/completion.ts`). */
/** `.` for the request parameters after `req.body.` in webhook code; the quotes for `form.get("` and values after `=== '`. */
const COMPLETION_TRIGGERS = ['<', ' ', '"', "'", '=', '/', '.'];

let completionSnippets = false;

function editingCapabilities(capabilities: ClientCapabilities): ServerCapabilities {
  completionSnippets = capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
  return {
    completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: true },
    hoverProvider: true,
  };
}

connection.onCompletion(
  lifecycle.answer(async (params, token) => {
    const open = await withSettings(params.textDocument.uri, token);
    if (!open || open.settings.raw.completion?.enable === false) return null;
    const context = params.context;
    const triggerCharacter = context?.triggerKind === CompletionTriggerKind.TriggerCharacter ? context.triggerCharacter : undefined;
    return service.doComplete(open.document, params.position, { snippets: completionSnippets, triggerCharacter });
  }),
);

connection.onCompletionResolve(lifecycle.answer((item) => service.doResolveCompletion(item)));

connection.onHover(
  lifecycle.answer(async (params, token) => {
    const open = await withSettings(params.textDocument.uri, token);
    return open && open.settings.raw.hover?.enable !== false ? service.doHover(open.document, params.position) : null;
  }),
);

// ---------------------------------------------------------------------------------------------------------
// `voiceml.locale` and `voiceml.maxFileSize` (services/limits.ts) are the service's own, so the service is made
// anew when one of them changes; its caches refill on the next request. Validation waits for it.

let serviceUpdate: Promise<void> = Promise.resolve();

async function updateService(): Promise<void> {
  const settings = (await settingsFor(undefined)).raw;
  const size = numberOrUndefined(settings.maxFileSize);
  const locale = localeOf(settings);
  if (size === maxFileSize && toLocale(locale) === service.locale) return;
  maxFileSize = size;
  service = getLanguageService({ locale, maxFileSize, workspace });
  for (const document of documents.all()) schedule(document, 0);
}

// `voiceml.maxItemsComputed`: outline symbols, folding ranges and quick fixes computed per request at most. A
// document with more is told about once per feature, until it is closed.

const OUTLINE: Localized = { ko: '개요 항목', en: 'outline symbols' };
const FOLDING: Localized = { ko: '접기 범위', en: 'folding ranges' };
const QUICK_FIXES: Localized = { ko: '빠른 수정', en: 'quick fixes' };

const toldAboutLimits = new Map<string, Set<Localized>>();
documents.onDidClose((e) => toldAboutLimits.delete(e.document.uri));

function resultLimit({ document, settings }: { document: TextDocument; settings: DocumentSettings }, what: Localized): ResultLimit {
  const uri = document.uri;
  const limit = settings.raw.maxItemsComputed;
  return {
    resultLimit: typeof limit === 'number' ? limit : undefined,
    onResultLimitExceeded() {
      const told = toldAboutLimits.get(uri) ?? new Set<Localized>();
      toldAboutLimits.set(uri, told);
      if (told.has(what)) return;
      told.add(what);
      const file = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
      const message = localize(
        {
          ko: 'VoiceML: {0}은(는) 너무 크거나 깊게 중첩되어 {1}을(를) 일부만 보여 줍니다 (설정 voiceml.maxItemsComputed: 최대 {2}개).',
          en: 'VoiceML: {0} is too large or too deeply nested to show all its {1}; part of them is shown (setting voiceml.maxItemsComputed: at most {2}).',
        },
        service.locale,
        [file, what, String(resultLimitOf({ resultLimit: limit }))],
      );
      // A notification, not `showInformationMessage` (a request, which not every client answers).
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The call flow: the workspace index (`flow/`), navigation between URLs and route handlers, the graph.

/** What the client can do for the call flow, from `initialize`. */
const flowSupport = { linkSupport: false, codeLensRefresh: false, watchFiles: false, folders: [] as string[], workspaceFolders: false, commands: [] as string[] };

function flowCapabilities(params: InitializeParams): ServerCapabilities {
  const capabilities = params.capabilities;
  flowSupport.linkSupport = capabilities.textDocument?.definition?.linkSupport === true;
  flowSupport.codeLensRefresh = capabilities.workspace?.codeLens?.refreshSupport === true;
  flowSupport.watchFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  flowSupport.workspaceFolders = capabilities.workspace?.workspaceFolders === true;
  flowSupport.folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  // The client commands a lens may run: those the client lists (`experimental.commands.commands`, the way
  // rust-analyzer's clients say it); VS Code's extension lists its own.
  const commands: unknown = (capabilities.experimental as { commands?: { commands?: unknown } } | undefined)?.commands?.commands;
  flowSupport.commands = Array.isArray(commands) ? commands.filter((c): c is string => typeof c === 'string') : [];
  return {
    definitionProvider: true,
    referencesProvider: true,
    codeLensProvider: { resolveProvider: false },
    callHierarchyProvider: true,
    workspaceSymbolProvider: true,
    ...(flowSupport.workspaceFolders ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {}),
  };
}

const loader = new FlowLoader(workspace, (uri) => documents.get(uri) !== undefined, () => void flowChanged());

/** Every file ending a host reads, as one glob for the client's file watcher. */
const WATCHED = `**/*.{${[...new Set(hosts.flatMap((host) => Object.keys(host.fileEndings).map((e) => e.slice(e.lastIndexOf('.') + 1))))].sort().join(',')}}`;

async function startFlow(): Promise<void> {
  if (flowSupport.watchFiles) {
    await connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCHED }] }).catch(() => undefined);
  }
  if (flowSupport.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((e) => {
      for (const folder of e.removed) loader.removeFolder(folder.uri);
      for (const folder of e.added) void loader.addFolder(folder.uri);
    });
  }
  await Promise.all(flowSupport.folders.map((folder) => loader.addFolder(folder)));
}

connection.onDidChangeWatchedFiles((params) => {
  if (!lifecycle.running) return;
  for (const change of params.changes) void loader.fileChanged(change.uri, change.type === FileChangeType.Deleted);
});

/**
 * The index settled after a change: the flow rules' findings of open documents, lenses and pictures of the flow
 * may be out of date.
 */
async function flowChanged(): Promise<void> {
  if (!lifecycle.running) return;
  for (const document of documents.all()) if (!pending.has(document.uri)) schedule(document, 0, true);
  void connection.sendNotification('voiceml/callFlowChanged');
  if (flowSupport.codeLensRefresh) await connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
}

connection.onDefinition(
  lifecycle.answer((params) => {
    const document = documents.get(params.textDocument.uri);
    const links = document ? service.findDefinition(document, params.position) : null;
    if (!links || flowSupport.linkSupport) return links;
    return links.map((l) => ({ uri: l.targetUri, range: l.targetSelectionRange }));
  }),
);

connection.onReferences(
  lifecycle.answer((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? service.findReferences(document, params.position, params.context.includeDeclaration) : null;
  }),
);

connection.onCodeLens(
  lifecycle.answer((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? service.getCodeLenses(document, { commands: flowSupport.commands }) : null;
  }),
);

connection.languages.callHierarchy.onPrepare(
  lifecycle.answer((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? service.prepareCallHierarchy(document, params.position) : null;
  }),
);
connection.languages.callHierarchy.onIncomingCalls(lifecycle.answer((params) => service.getIncomingCalls(params.item)));
connection.languages.callHierarchy.onOutgoingCalls(lifecycle.answer((params) => service.getOutgoingCalls(params.item)));

connection.onWorkspaceSymbol(lifecycle.answer((params) => service.findWorkspaceSymbols(params.query)));

/**
 * `voiceml/callFlow` (`{ folder?: string }`, a folder URI): the workspace's call flow as a graph, in the JSON
 * format of `voiceml flow --format json` (`docs/call-flow.md`). `voiceml/callFlowChanged` tells when it changed.
 */
connection.onRequest(
  'voiceml/callFlow',
  lifecycle.answer((params: { folder?: string } | undefined) => {
    const folder = params?.folder ?? flowSupport.folders[0];
    return service.getCallFlow(folder !== undefined ? workspace.pathOf(folder) : undefined);
  }),
);

declare const VERSION: string;

connection.listen();
