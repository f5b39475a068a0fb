/**
 * The VoiceML language service: plain functions over a `TextDocument`, no LSP connection. The server, the
 * CLI and the tests all use it the same way. Documents are parsed once per version and the tree is shared
 * by every feature.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  CallHierarchyIncomingCall,
  CallHierarchyItem,
  CallHierarchyOutgoingCall,
  CodeAction,
  CodeLens,
  Location,
  LocationLink,
  WorkspaceSymbol,
  CodeActionContext,
  CompletionItem,
  CompletionList,
  Diagnostic,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  FormattingOptions,
  Hover,
  Position,
  Range,
  SelectionRange,
  TextEdit,
} from 'vscode-languageserver-types';
import { toLocale, type Locale } from './l10n';
import type { VoiceMLRegion } from './document/region';
import { builtRegionAt, regionAt } from './document/regions';
import { forgetLastChange } from './document/change';
import { findRegions, hostFor } from './hosts';
import { findProblems, readsFlow, type DocumentProblems, type ValidationSettings } from './services/diagnostics';
import { PublishedDiagnostics } from './services/published';
import { MAX_PUBLISHED_DIAGNOSTICS, flowSizeDiagnostic, maxFileSizeInCharacters, tooLargeDiagnostic, tooManyProblemsDiagnostic, type ResultLimit } from './services/limits';
import { getCodeActions, resolveCodeAction } from './services/codeActions';
import { findDocumentSymbols } from './services/symbols';
import { getFoldingRanges, type FoldingOptions } from './services/folding';
import { findDocumentLinks } from './services/links';
import { getSelectionRanges } from './services/selectionRanges';
import { format } from './services/formatting';
import { doAutoClose, findLinkedEditingRanges, type AutoClose } from './services/linkedEditing';
import { getCompletions, resolveCompletion, type CompletionOptions } from './services/completion';
import { getHover } from './services/hover';
import type { LinkedEditingRanges } from 'vscode-languageserver-protocol';
import { FlowIndex, MAX_INDEXED_SIZE } from './flow/index';
import { flowContextOf } from './flow/context';
import { handlerContextOf, webhookCodeOf } from './flow/requests';
import { completeInHandlers, hoverInHandlers } from './services/parameters';
import type { HandlerContext } from './rules/rule';
import { hasSteps } from './flow/responses';
import { buildGraph, type FlowGraph } from './flow/graph';
import { findDefinition } from './services/definition';
import { findReferences } from './services/references';
import { getCodeLenses, type CodeLensOptions } from './services/codeLens';
import { incomingCalls, outgoingCalls, prepareCallHierarchy } from './services/callHierarchy';
import { findWorkspaceSymbols } from './services/workspaceSymbols';
import { enableQuickParser } from './webAssembly';
import { WARM_UP_ROUNDS, warmUpDocument, warmUpRound } from './services/warmUp';
import { Memo } from './memo';

export type { ValidationSettings, RuleSeverity } from './services/diagnostics';
export type { VoiceMLRegion } from './document/region';
export type { AutoClose } from './services/linkedEditing';
export type { FoldingOptions } from './services/folding';
export type { ResultLimit } from './services/limits';
export type { CompletionOptions } from './services/completion';
export type { FlowGraph } from './flow/graph';
export { FlowIndex } from './flow/index';
export { SHOW_REFERENCES_COMMAND, SIMULATE_CALL_COMMAND, type CodeLensOptions } from './services/codeLens';

export interface LanguageServiceOptions {
  /** The client's locale (`ko`, `en-US` …): messages and docs in English for `en*`, else Korean. */
  locale?: string;
  /**
   * `voiceml.maxFileSize`: documents larger than this many MB are not parsed; validation answers one
   * information diagnostic saying why, every other feature nothing. `0`: no limit. Default 20.
   */
  maxFileSize?: number;
  /**
   * The workspace's call-flow index (`flow/`), which the caller fills with the workspace's files (from disk) and
   * keeps current; the service adds the documents it is asked about, with their unsaved text. Without one, each
   * document is a workspace of its own: its steps lead to the routes it registers itself.
   */
  workspace?: FlowIndex;
}

export interface LanguageService {
  readonly locale: Locale;
  /** The VoiceML in a document (none for XML that is not VoiceML). Cached per URI and version. */
  getRegions(document: TextDocument): readonly VoiceMLRegion[];
  /** True when the document holds VoiceML the service will check. */
  isVoiceML(document: TextDocument): boolean;
  /**
   * The VoiceML region at `position` and the offset inside it (`region.tree.text` offsets). In a JS/TS file:
   * inside a template literal holding VoiceML, outside its `${…}`; undefined elsewhere, where a feature
   * should answer nothing and leave the place to TypeScript's own.
   */
  regionAt(document: TextDocument, position: Position): { region: VoiceMLRegion; offset: number } | undefined;
  doValidation(document: TextDocument, settings?: ValidationSettings): Diagnostic[];
  /**
   * Quick fixes for the diagnostics in `context` (at most `limits.resultLimit`), and the
   * `source.fixAll.voiceml` action. `editsOnResolve`: each without its edit, which `resolveCodeAction` adds.
   */
  doCodeActions(document: TextDocument, range: Range, context: CodeActionContext, settings?: ValidationSettings, limits?: ResultLimit, editsOnResolve?: boolean): CodeAction[];
  /** An action `doCodeActions` answered without its edit, with it (unchanged when the document changed since). */
  resolveCodeAction(document: TextDocument, action: CodeAction, settings?: ValidationSettings): CodeAction;
  /**
   * The outline: one symbol per element, named with its key attributes (`Gather numDigits=4 → /verify-2`); at
   * most `limits.resultLimit` symbols and `MAX_RESULT_DEPTH` levels.
   */
  findDocumentSymbols(document: TextDocument, limits?: ResultLimit): DocumentSymbol[];
  /** Multi-line elements, comments, CDATA and `#region` markers (at most `options.resultLimit`). */
  getFoldingRanges(document: TextDocument, options?: FoldingOptions): FoldingRange[];
  /** Absolute http(s)/wss URLs in URL-typed attributes and bodies. */
  findDocumentLinks(document: TextDocument): DocumentLink[];
  /** Smart selection: name → value → attribute → tag → element → … → document, one chain per position. */
  getSelectionRanges(document: TextDocument, positions: readonly Position[]): SelectionRange[];
  /** Whitespace-only edits re-indenting the document (or `range`); none for a document with syntax errors. */
  format(document: TextDocument, options: FormattingOptions, range?: Range): TextEdit[];
  /** A start tag's name and its end tag's name, edited together. */
  findLinkedEditingRanges(document: TextDocument, position: Position): LinkedEditingRanges | null;
  /** The end tag (or its name) to insert after the user typed `>` or `</`; `position` is after the typed character. */
  doAutoClose(document: TextDocument, position: Position, typed: string): AutoClose | undefined;
  /**
   * Elements, closing tags, attributes and values allowed at `position`; documentation comes on resolve. In
   * webhook code: the request parameters the route receives where code reads one (`req.body.`), the values of
   * one it compares (`DialCallStatus === '`), with their documentation.
   */
  doComplete(document: TextDocument, position: Position, options?: CompletionOptions): CompletionList;
  /** Adds the Markdown documentation to an item from `doComplete`. */
  doResolveCompletion(item: CompletionItem): CompletionItem;
  /**
   * Documentation of the element, attribute or value at `position` (TwiML look-alikes explained); in webhook code,
   * of the request parameter, header or value read there.
   */
  doHover(document: TextDocument, position: Position): Hover | null;
  /** Go to Definition from a step's URL (an `action`, a `<Redirect>`) to the handler of the route it leads to. */
  findDefinition(document: TextDocument, position: Position): LocationLink[] | null;
  /** The steps leading to the route at `position` (its path, or a URL leading to it). */
  findReferences(document: TextDocument, position: Position, includeDeclaration: boolean): Location[] | null;
  /** A lens above each route: the steps that lead to it (`← Gather in /ivr/menu · Redirect in /ivr/route`). */
  getCodeLenses(document: TextDocument, options?: CodeLensOptions): CodeLens[];
  /** The route at `position` (its path, or a URL leading to it), for its incoming and outgoing steps. */
  prepareCallHierarchy(document: TextDocument, position: Position): CallHierarchyItem[] | null;
  /** The routes whose responses lead to the item's route. */
  getIncomingCalls(item: CallHierarchyItem): CallHierarchyIncomingCall[];
  /** The routes the item's route's responses lead to. */
  getOutgoingCalls(item: CallHierarchyItem): CallHierarchyOutgoingCall[];
  /** The routes of the workspace whose path matches `query`. */
  findWorkspaceSymbols(query: string): WorkspaceSymbol[];
  /** The workspace's call flow as a graph (`docs/call-flow.md`); file paths relative to `folder`. */
  getCallFlow(folder?: string): FlowGraph;
  /** Drops what is cached for a document (call when it is closed). */
  forget(uri: string): void;
  /**
   * The warm-up for a server to run while it is idle after start-up (`services/warmUp.ts`): each call of the
   * function returned checks the warm-up document once, with every rule, in a service of its own (this one's
   * documents and workspace are not touched), and says whether there is more to do.
   */
  warmUp(): () => boolean;
}

export function getLanguageService(options: LanguageServiceOptions = {}): LanguageService {
  enableQuickParser();
  const locale = toLocale(options.locale);
  const maxCharacters = maxFileSizeInCharacters(options.maxFileSize);
  const cache = new Map<string, { version: number; languageId: string; text: string; regions: VoiceMLRegion[] }>();
  /** The diagnostics last published for each document, which the next version's are made from (see `PublishedDiagnostics`). */
  const published = new PublishedDiagnostics();
  const findingsCache = new Memo<readonly VoiceMLRegion[], { settings: ValidationSettings; generation: number; problems: DocumentProblems }>('findings', { hidden: true });
  const workspace = options.workspace;
  /** The regions each document was last given to the workspace with: the same array means nothing changed. */
  const synced = new Map<string, readonly VoiceMLRegion[]>();
  /**
   * Without a workspace: each document's own one-file index, given each version's text as the workspace would
   * be (so an edit that keeps the file's routes brings its join up to date instead of making it again).
   */
  const alone = new Map<string, { index: FlowIndex; regions: readonly VoiceMLRegion[] }>();
  /** Each document's own object across its versions, on which what the next version may keep is kept. */
  const lineages = new Map<string, object>();
  const lineageOf = (uri: string): object => {
    let lineage = lineages.get(uri);
    if (!lineage) lineages.set(uri, (lineage = {}));
    return lineage;
  };

  function getRegions(document: TextDocument): readonly VoiceMLRegion[] {
    const cached = cache.get(document.uri);
    const text = document.getText();
    // Version alone is not enough: the CLI and tests build documents of version 0 with different texts.
    if (cached && cached.version === document.version && cached.languageId === document.languageId && cached.text === text) {
      return cached.regions;
    }
    // The previous regions of the same document let unchanged templates of a JS/TS file skip their parse.
    const regions =
      text.length > maxCharacters ? [] : findRegions(text, document.languageId, cached?.languageId === document.languageId ? cached.regions : undefined);
    cache.set(document.uri, { version: document.version, languageId: document.languageId, text, regions });
    return regions;
  }

  /**
   * The regions with text in the document, which the editor features (outline, folding, completion …) read:
   * not those built from code (`VoiceMLRegion.mapping`), which only diagnostics, fixes and hover read.
   */
  function textRegions(document: TextDocument): readonly VoiceMLRegion[] {
    const regions = getRegions(document);
    let textual = textual_.get(regions);
    if (!textual) textual_.set(regions, (textual = regions.some((r) => r.mapping) ? regions.filter((r) => !r.mapping) : regions));
    return textual;
  }
  const textual_ = new Memo<readonly VoiceMLRegion[], readonly VoiceMLRegion[]>('textual regions', { hidden: true });

  /**
   * Findings of a document version under given settings, with the workspace as it is; validation and code
   * actions share them (the flow rules' findings change when another file does: the workspace's generation).
   * Only the first `MAX_PUBLISHED_DIAGNOSTICS` are kept, and the others counted, before anything is converted.
   */
  function problemsOf(document: TextDocument, settings: ValidationSettings): DocumentProblems {
    const regions = getRegions(document);
    // Webhook code around VoiceML is judged with the routes its file registers (JS/TS, Python).
    const readsRoutes = hostFor(document.languageId)?.readRoutes !== undefined;
    // A document alone needs no index unless it leads somewhere or holds webhook code with VoiceML (a file
    // without VoiceML costs nothing more), and none at all when the flow rules are off (the CLI judges the flow
    // apart, once the workspace is read).
    const flow = readsFlow(settings) && (workspace || regions.some(hasSteps) || (readsRoutes && regions.length > 0)) ? flowOf(document) : undefined;
    flow?.analyzeNow(document.uri);
    const generation = flow?.generation ?? -1;
    const cached = findingsCache.get(regions);
    if (cached && cached.settings === settings && cached.generation === generation) return cached.problems;
    const handlers = flow && readsRoutes ? webhookCodeOf(flow, document.uri, document.getText(), regions, lineageOf(document.uri)) : undefined;
    const problems = findProblems(regions, settings, MAX_PUBLISHED_DIAGNOSTICS, flow && flowContextOf(flow, document.uri), handlers);
    findingsCache.set(regions, { settings, generation, problems });
    return problems;
  }

  /**
   * The document's webhook code at `position`, outside its VoiceML (where the VoiceML features answer): what
   * handlers read and answer there, with what the call flow says of their routes. Undefined for a language whose
   * host reads no routes (XML).
   */
  function handlersAt(document: TextDocument, position: Position): { ctx: Omit<HandlerContext, 'report'>; offset: number } | undefined {
    if (hostFor(document.languageId)?.readRoutes === undefined || document.getText().length > maxCharacters) return undefined;
    const offset = document.offsetAt(position);
    const regions = getRegions(document);
    if (regionAt(regions, offset) || builtRegionAt(regions, offset)) return undefined;
    const flow = flowOf(document);
    return { ctx: handlerContextOf(flow, document.uri, document.getText(), regions), offset };
  }

  /** The index a document's flow questions are answered from, holding the document's current text. */
  function flowOf(document: TextDocument): FlowIndex {
    const regions = getRegions(document);
    if (workspace) {
      if (synced.get(document.uri) !== regions) {
        workspace.update(document.uri, document.getText(), document.languageId, regions);
        synced.set(document.uri, regions);
      }
      return workspace;
    }
    let own = alone.get(document.uri);
    if (!own) alone.set(document.uri, (own = { index: new FlowIndex(), regions: [] }));
    if (own.regions !== regions) {
      own.index.update(document.uri, document.getText(), document.languageId, regions);
      own.regions = regions;
    }
    return own.index;
  }

  return {
    locale,
    getRegions,
    isVoiceML: (document) => getRegions(document).length > 0,
    regionAt: (document, position) => regionAt(getRegions(document), document.offsetAt(position)),
    doValidation(document, settings = {}) {
      if (settings.enable !== false && document.getText().length > maxCharacters) {
        const host = hostFor(document.languageId);
        return host?.mayBeVoiceML(document.getText(), document.languageId) ? [tooLargeDiagnostic(document, maxCharacters, locale)] : [];
      }
      const { findings, omitted } = problemsOf(document, settings);
      const diagnostics = published.of(document, findings, settings, locale);
      if (omitted > 0) diagnostics.push(tooManyProblemsDiagnostic(findings.length, omitted, locale));
      // Webhook code with VoiceML that the call flow does not read (see `MAX_INDEXED_SIZE`): said first, at the top.
      if (document.getText().length > MAX_INDEXED_SIZE && readsFlow(settings) && hostFor(document.languageId)?.readRoutes && getRegions(document).length > 0) {
        diagnostics.unshift(flowSizeDiagnostic(document, MAX_INDEXED_SIZE, locale));
      }
      return diagnostics;
    },
    doCodeActions(document, range, context, settings = {}, limits, editsOnResolve) {
      return getCodeActions(document, range, context, problemsOf(document, settings).findings, settings, locale, limits, editsOnResolve);
    },
    resolveCodeAction: (document, action, settings = {}) => resolveCodeAction(document, action, problemsOf(document, settings).findings, locale),
    findDocumentSymbols: (document, limits) => findDocumentSymbols(document, textRegions(document), limits),
    getFoldingRanges: (document, foldingOptions) => getFoldingRanges(document, textRegions(document), foldingOptions),
    findDocumentLinks: (document) => findDocumentLinks(document, textRegions(document), { index: flowOf(document), locale }),
    getSelectionRanges: (document, positions) => getSelectionRanges(document, textRegions(document), positions),
    format: (document, formattingOptions, range) => format(document, textRegions(document), formattingOptions, range),
    findLinkedEditingRanges: (document, position) => findLinkedEditingRanges(document, textRegions(document), position),
    doAutoClose: (document, position, typed) => doAutoClose(document, textRegions(document), position, typed),
    doComplete(document, position, completionOptions) {
      const inCode = handlersAt(document, position);
      const answer = inCode && completeInHandlers(document, inCode.ctx, inCode.offset, locale);
      if (answer) return answer;
      // `.` triggers completion for `req.body.` only: in VoiceML it is text or part of a value.
      if (completionOptions?.triggerCharacter === '.') return { isIncomplete: false, items: [] };
      const regions = textRegions(document);
      const host = hostFor(document.languageId);
      const completing = host?.completionRegions?.(document.getText(), regions) ?? regions;
      return getCompletions(document, completing, document.offsetAt(position), locale, completionOptions);
    },
    doResolveCompletion: (item) => resolveCompletion(item, locale),
    doHover(document, position) {
      const inCode = handlersAt(document, position);
      return (inCode && hoverInHandlers(document, inCode.ctx, inCode.offset, locale)) ?? getHover(document, getRegions(document), document.offsetAt(position), locale);
    },
    findDefinition: (document, position) => findDefinition(flowOf(document), document.uri, document.offsetAt(position)),
    findReferences: (document, position, includeDeclaration) => findReferences(flowOf(document), document.uri, document.offsetAt(position), includeDeclaration),
    getCodeLenses: (document, lensOptions) => getCodeLenses(flowOf(document), document.uri, locale, lensOptions),
    prepareCallHierarchy: (document, position) => prepareCallHierarchy(flowOf(document), document.uri, document.offsetAt(position)),
    getIncomingCalls: (item) => (workspace ? incomingCalls(workspace, item, locale) : []),
    getOutgoingCalls: (item) => (workspace ? outgoingCalls(workspace, item, locale) : []),
    findWorkspaceSymbols: (query) => (workspace ? findWorkspaceSymbols(workspace, query) : []),
    getCallFlow: (folder) => buildGraph(workspace ?? new FlowIndex(), folder),
    forget(uri) {
      cache.delete(uri);
      published.forget(uri);
      synced.delete(uri);
      alone.delete(uri);
      lineages.delete(uri);
      forgetLastMatch();
      forgetLastChange();
    },
    warmUp() {
      let own: LanguageService | undefined;
      let text: string | undefined;
      let rounds = 0;
      return () => {
        if (rounds >= WARM_UP_ROUNDS) return false;
        own ??= getLanguageService({ locale });
        text ??= warmUpDocument();
        // A new document each round, as each open makes one (its line offsets are computed once per document).
        const uri = `voiceml-warm-up:/warm-up-${rounds}.xml`;
        own.doValidation(TextDocument.create(uri, 'xml', 1, warmUpRound(text, rounds)), {});
        own.forget(uri);
        if (++rounds < WARM_UP_ROUNDS) return true;
        own = text = undefined;
        return false;
      };
    },
  };
}

/**
 * Makes the engine let go of the last string a regular expression read. It keeps it (`RegExp.input`, `$1` …)
 * until the next match anywhere, and a slice of 13 characters or more of a document is a view of its whole text:
 * a closed 20 MB document stayed alive, 40 MB, through a value the rules had matched last.
 */
function forgetLastMatch(): void {
  NOTHING.exec('');
}
const NOTHING = /(?:)/;
