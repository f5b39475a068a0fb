import type { Localized } from '../l10n';
import type { AttributeSpec, ElementSpec } from '../model/types';
import type { AttributeId, NodeId, XmlTree } from '../parser/tree';
import type { Edit, VoiceMLRegion } from '../document/region';
import type { HandlerCode } from '../document/handlers';
import type { TextChange } from '../document/change';

/**
 * A rule finds one kind of problem. Each rule lives in its own file named after it and is documented in
 * `docs/rules/<name>.md`; its diagnostics have its name as their code (source `voiceml`), its severity can be
 * overridden by the `voiceml.rules.<name>` setting, and the quick fixes for what it finds are written right
 * beside the finding (`Problem.fixes`), made when a code action asks for them.
 */
export interface Rule {
  /** Stable kebab-case name: the diagnostic code, the setting `voiceml.rules.<name>`, the page `docs/rules/<name>.md`. */
  readonly name: string;
  readonly severity: Severity;
  /** One sentence for the rules table, the settings UI and hovers. */
  readonly description: Localized;
  /**
   * True when the rule's findings come from the region's substitutions and the host code around them (what
   * a `${x}` may hold, how the host writes a fix), not from the region's tree alone. Such a rule runs anew for
   * every version of a document, and only on regions that have substitutions; every other rule's findings are
   * kept per tree and reused while a string's text is unchanged (`services/diagnostics.ts`).
   */
  readonly readsHost?: boolean;
  /**
   * True when the rule's findings come from the workspace's call flow (`RuleContext.flow`): which routes serve a
   * URL, what other files' responses do. Such a rule runs only when the service has a flow context, and only on
   * regions whose elements lead somewhere (an `action`, a `<Redirect>`); what it found is kept while the
   * region's tree and what its steps show (`FlowContext.signature`) are the same.
   */
  readonly readsWorkspace?: boolean;
  /**
   * Judges whether the response is well-formed XML (as written, or once a template's values are in) rather
   * than VoiceML: its findings stand inside an element another finding `covers` and in verbs that never run,
   * since the platform rejects a response that is not well-formed wherever the mistake is.
   */
  readonly markup?: boolean;
  /**
   * The model elements whose elements (for `element`), content (for `content`) or text (for `text`) this rule
   * looks at; `spec` undefined stands for elements that are not VoiceML. Decided per model element, not per
   * element: the runner then skips the calls that would return at once. Without it, every element.
   */
  appliesTo?(spec: ElementSpec | undefined): boolean;
  /**
   * Which elements of those `appliesTo` lets through the `element` hook can find anything on, when that is only
   * some of them: those with an attribute outside their model entry (`'attribute-outside-model'`, see
   * `RuleContext.hasAttributeOutsideModel`), with one whose value is not plainly valid (`'value-not-plain'`:
   * outside the model, without a value, or not `valueIsPlainlyValid`; or with a body of a kind of its own, a URL
   * or a phone number, that is not one plain text holding a plainly valid value), or VoiceML elements their
   * container's model entry does not list among its children (`'misplaced'`; at the top level, every one: the
   * container is the region's). Worked out once per element; the runner skips the others without a call, and a
   * clean document is mostly others. Given as a function, it is asked once per model element (undefined: every
   * element of that kind).
   */
  readonly elementsWith?: ElementCondition | ((spec: ElementSpec) => ElementCondition | undefined);
  /**
   * Attributes of `spec`'s model entry with all of which an element gives the `element` hook nothing to find
   * (say-language: the `language` it reads, written; recommended-attribute: every recommended one written).
   * Asked once per model element; the runner skips the elements that have them all without a call, and in a
   * clean document that is most of them.
   */
  findsNothingWith?(spec: ElementSpec): readonly string[] | undefined;
  /**
   * The attribute of `spec`'s model entry without which an element gives the `element` hook nothing to find
   * (conflicting-body: the `digits` that conflicts with a body). Asked once per model element; the runner skips
   * the elements that do not have it without a call.
   */
  findsNothingWithout?(spec: ElementSpec): string | undefined;
  /**
   * True when an element whose content starts with text or a CDATA section that is certainly not blank
   * (`VISIBLE`: a `<Say>` with its words) gives the `element` hook nothing to find (missing-body). The runner skips
   * those without a call.
   */
  readonly findsNothingWithText?: boolean;
  /**
   * True when an element without content (no child node: `<Play digits="1"/>`, `<Play> </Play>`, white space
   * being no node) gives the `element` hook nothing to find (invalid-body, conflicting-body: no body). The
   * runner skips those without a call.
   */
  readonly findsNothingWithoutContent?: boolean;
  /** Once per region, before the walk. */
  document?(ctx: RuleContext): void;
  /**
   * Once per element; `spec` is the element's model entry (undefined: not VoiceML). Called a block of elements
   * at a time, the elements of one kind after another (not in document order): what a rule reports is put in
   * document order after the walk.
   */
  element?(element: NodeId, ctx: RuleContext, spec: ElementSpec | undefined): void;
  /** Once per list of children: every element's children, and the region's top level. */
  content?(content: Content, ctx: RuleContext): void;
  /**
   * Once per text node that is not XML white space only, and once per CDATA section, in document order;
   * `container` is the model element whose content it is in (`RuleContext.containerSpecOf`).
   */
  text?(node: NodeId, ctx: RuleContext, container: ElementSpec | undefined): void;
  /**
   * Once per document, on its webhook code rather than its VoiceML: what handlers read of the platform's request
   * and what they answer (`HandlerContext.code`, as the host read it), judged against the platform's data and
   * the call flow. Offsets in its problems are the document's.
   */
  handlers?(ctx: HandlerContext): void;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** Elements a rule can find something on (`Rule.elementsWith`). */
export type ElementCondition = 'attribute-outside-model' | 'value-not-plain' | 'misplaced';

/**
 * The children of one container, with the model element they belong to; valid during the call it is passed
 * to (the runner fills the same object in for the next call). Read them with
 * `for (let node = ctx.tree.firstChild(owner); node !== NONE; node = ctx.tree.nextSibling(node))`.
 */
export interface Content {
  /** The element holding the nodes, or at the region's top level the document node (`DOCUMENT`, id 0). */
  owner: NodeId;
  /**
   * The VoiceML element whose content this is: the owner's spec, or for a fragment's top level the element
   * the fragment is spliced into (Response, Dial …). Undefined at a document's top level and inside
   * elements that are not VoiceML (their content is not checked against the nesting table).
   */
  spec: ElementSpec | undefined;
}

/** What `RuleContext.verbsOf` tells of a content's elements, in document order. */
export interface Verbs {
  /** The first element, or `NONE`. */
  readonly first: NodeId;
  /** Whether a text with a substitution comes before the first element (a `${…}` may put verbs there). */
  readonly substitutionBeforeFirst: boolean;
  /** The first element after the first whose model entry is only right as the first verb (`firstVerb`), or `NONE`. */
  readonly lateFirstVerb: NodeId;
  /** The first element whose model entry ends the call (`endsCall`), and the element right after it; `NONE` when none. */
  readonly ender: NodeId;
  readonly afterEnder: NodeId;
  /** The last element, or `NONE`. */
  readonly last: NodeId;
  /** Whether text follows the last element that is not white space or has a substitution. */
  readonly textAfterLast: boolean;
}

export interface RuleContext {
  readonly region: VoiceMLRegion;
  /** The region's text (offsets in problems are offsets into it). */
  readonly text: string;
  /** The region's parse tree. */
  readonly tree: XmlTree;
  /** The VoiceML element named exactly like `element`, or undefined (unknown, TwiML, dynamic name). */
  specOf(element: NodeId): ElementSpec | undefined;
  /** The model entry of an attribute of a VoiceML element; undefined for one the element does not have. */
  attributeSpecOf(attribute: AttributeId): AttributeSpec | undefined;
  /** Does a VoiceML element have an attribute its model entry does not list (unknown, TwiML, `xml:…`)? */
  hasAttributeOutsideModel(element: NodeId): boolean;
  /**
   * Is the attribute's value, as written, certainly fine for its model type (`isPlainlyValid`)? False for an
   * attribute without a model entry, a value with a substitution or a reference, and one that needs a closer
   * look (`checkValue`). Worked out once per attribute, however many rules ask.
   */
  valueIsPlainlyValid(attribute: AttributeId): boolean;
  /** The model element whose content `element` sits in (see `Content.spec`). */
  containerSpecOf(element: NodeId): ElementSpec | undefined;
  /**
   * The order of the verbs (the element children) of `owner` (an element, or `DOCUMENT` for the top level), as
   * the rules on it read it: worked out in one walk over the children the first time a rule asks, for every
   * rule after it.
   */
  verbsOf(owner: NodeId): Verbs;
  report(problem: Problem): void;
  /**
   * Is a finding over `start … end` sure to be left out? Once the findings kept are as many as the limit, one
   * that sorts after all of them is only counted: `leftOut` counts it then, and the rule need not make it (its
   * nearest name, its message, its fixes). Asked by the rules whose findings cost something to make, before
   * they make them; `report` would count it just the same.
   */
  leftOut(start: number, end: number): boolean;
  /**
   * Problems this rule found but does not report one by one, beyond a limit (the parser keeps the first
   * `MAX_PARSE_ERRORS` well-formedness errors and counts the rest): counted in the diagnostic that says how
   * many were left out.
   */
  reportOmitted(count: number): void;
  /** The workspace's call flow, for the rules that read it (`Rule.readsWorkspace`); undefined for the others. */
  readonly flow?: FlowContext;
}

/**
 * What the workspace's call flow says about the steps of a document: for an element that leads somewhere (a
 * Gather, Record or Dial `action`, a `<Redirect>` body), where its URL leads. The service makes it from the
 * workspace index (`flow/`); rules read it and know no host or framework syntax.
 */
export interface FlowContext {
  /** Does the region hold any step (else the workspace rules are not run on it)? */
  hasSteps(region: VoiceMLRegion): boolean;
  /** The step `element` makes, or undefined for an element without a URL. */
  step(region: VoiceMLRegion, element: NodeId): FlowStep | undefined;
  /**
   * What the region's steps show the rules, as a list of numbers and strings: the same list (item by item),
   * the same steps (`step` answers the same for each element), so that what the rules found on the same tree
   * still stands.
   */
  signature(region: VoiceMLRegion): FlowSignature;
  /** The index's generation this view was made at (see `movedSince`). */
  readonly generation: number;
  /**
   * The change the document's code only moved past since the index's `generation`, when that is all that
   * changed in the workspace (`FlowIndex.movedSince`): every step of the document stayed, resolving as before,
   * and the routes and paths of the workspace with it; only where things are written after the change moved.
   * What the rules found then on a region the change is outside of still stands, but for where its related
   * locations point. Undefined otherwise.
   */
  movedSince(generation: number): TextChange | undefined;
}

/** See `FlowContext.signature`. */
export type FlowSignature = readonly (number | string | boolean)[];

export interface FlowStep {
  /** The URL as written: region offsets. */
  start: number;
  end: number;
  /**
   * The URL's static end, after its last substitution, written as it reads (region offsets): where a fix can
   * change the path (`${BASE}/verfy` → `${BASE}/verify`).
   */
  editable: Range | undefined;
  /** The path the URL asks for, when the code says it (`${BASE}/lang` with `const BASE = '…/ivr'` → `/ivr/lang`). */
  path: string | undefined;
  /** The routes serving the path for certain (their prefix known, their path matching). */
  routes: readonly FlowRoute[];
  /** Some route of unknown prefix may serve it too (matched by its end only): what it takes is not certain. */
  uncertain: boolean;
  /**
   * Whether the workspace can tell that no route serves the path: it serves the same base (a route whose path
   * has the same leading segments), and no route could serve it unseen (a computed path, an unknown prefix).
   */
  judged: boolean;
  /** The paths the workspace serves for certain, for "did you mean". */
  served: readonly string[];
  /** A cycle of responses that only redirect, closed by this step (one step per cycle carries it). */
  loop: { paths: readonly string[]; others: readonly RelatedLocation[] } | undefined;
}

/** A route as the flow rules see it. */
export interface FlowRoute {
  path: string;
  /** Upper case; `*` for any. */
  methods: readonly string[];
  location: RelatedLocation;
}

/** A place in any file of the workspace (LSP positions: 0-based line, UTF-16 character). */
export interface RelatedLocation {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/**
 * A document's webhook code as the handler rules (`Rule.handlers`) judge it: their view of it, made when they
 * run, and what lets the findings of the document's last version stand (`services/diagnostics.ts`). The
 * service makes it (`flow/requests.ts`).
 */
export interface WebhookCode {
  /** The rules' view of it (`HandlerContext`), made only when they run. */
  context(): Omit<HandlerContext, 'report'>;
  /** One object per document, across its versions: its findings are kept on it. */
  lineage: object;
  /** The workspace's generation the rules read (`FlowIndex.generation`). */
  generation: number;
  /** Where the document's VoiceML is (its regions' ranges in the document), which the rules also read. */
  voiceml: readonly Range[];
  /**
   * The change the document's code only moved past since `generation`, when nothing else the rules read changed
   * (`FlowIndex.movedSince`).
   */
  movedSince(generation: number): TextChange | undefined;
}

/**
 * A document's webhook code as the handler rules see it: what the host read, and what the workspace's call flow
 * says of the routes whose handlers it is in. The service makes it (`flow/requests.ts`); rules know no host or
 * framework syntax.
 */
export interface HandlerContext {
  /** The document's text. */
  readonly text: string;
  readonly code: HandlerCode;
  /**
   * What the workspace says of the route (or routes) whose handler holds `offset`; undefined outside any
   * route's handler.
   */
  routeAt(offset: number): HandlerRoute | undefined;
  /**
   * Is the code at `offset` the platform's to call: a handler of a route VoiceML leads to or that answers with
   * VoiceML, or any code of a document that holds VoiceML.
   */
  isWebhookCode(offset: number): boolean;
  /**
   * Does the workspace answer the platform anywhere (VoiceML in this document, or a route of the workspace that
   * answers with VoiceML or that VoiceML leads to)? Then code that checks requests (a signature middleware in a
   * file of its own) is the platform's to call too.
   */
  answersPlatform(): boolean;
  /** Does VoiceML of the document stand in any of these spans (document offsets)? */
  holdsVoiceML(spans: readonly Range[]): boolean;
  report(problem: Problem): void;
}

/** A route whose handler holds some webhook code, as the call flow tells it. */
export interface HandlerRoute {
  /** As written with its prefixes (`/ivr/voicemail-done`), when the code says it. */
  path: string | undefined;
  /** The HTTP methods it takes, in upper case; `*` for any. */
  methods: readonly string[];
  /** Some VoiceML of the workspace leads here (an `action`, a `<Redirect>`). */
  reached: boolean;
  /** The verbs whose URLs lead here (`Gather`, `Redirect` …), in the order the workspace shows them. */
  reachedBy: readonly string[];
  /**
   * Does the platform send this parameter to the route: true when it comes with every request or a verb that
   * leads here sends it; false when the workspace can tell that none does (every URL of a verb that would send
   * it is known, and none of them leads here); undefined when it cannot tell.
   */
  receives(parameter: string): boolean | undefined;
}

/** A message argument: a plain string (a tag name, a value) or a text in both languages. */
export type MessageArg = string | Localized;

export interface Problem {
  start: number;
  end: number;
  message: Localized;
  args?: MessageArg[];
  /** Overrides the rule's default for this finding (e.g. an undocumented DTMF key is only a warning). */
  severity?: Severity;
  /** `unnecessary` fades the range (unreachable verbs). */
  tags?: ProblemTag[];
  /**
   * The quick fixes, made when they are asked for (a code action, "fix all"), not with the finding: a document's
   * findings are made again at every keystroke, and a thousand of them are published where the user asks for
   * the fixes of one. Called any number of times, at any time after the rule ran — when the rule's context is
   * another region's (its model lookup handed on): it may read what it closes over (the tree, the text, ids,
   * names, the model), never the context. Absent when the finding has no fix.
   */
  fixes?: () => readonly Fix[];
  /**
   * The rest of this range is not judged again: the finding says a whole element is not VoiceML, so what it
   * holds (attributes, children) is not checked as VoiceML (see `rules/redundant.ts`).
   */
  covers?: Range;
  /** Other places that take part (another file's route, the other steps of a loop), each with what it is. */
  related?: { location: RelatedLocation; message: Localized; args?: MessageArg[] }[];
  /** When another finding explains the same mistake better, this one is left out (see `rules/redundant.ts`). */
  yieldsTo?: {
    /** An error lying within this range explains it (a `<Dial>` without `<Number>` holding text or `<Sip>`). */
    errorsIn?: Range;
    /**
     * A fix rewriting exactly this range explains it (an end tag unlike its start tag, whose misspelt name
     * another finding offers to rename).
     */
    rewriteOf?: Range;
  };
}

/** Offsets `[start, end)` in the region's text. */
export interface Range {
  start: number;
  end: number;
}

export type ProblemTag = 'unnecessary' | 'deprecated';

export interface Fix {
  title: Localized;
  args?: MessageArg[];
  edits: Edit[];
  /** The one obviously right fix (VS Code applies it with Ctrl+. Enter and auto-fix). */
  preferred?: boolean;
  /** Safe to apply together with every other safe fix ("fix all"). */
  safe?: boolean;
}

/** A text replacement in region offsets (see `document/region.ts`). */
export type { Edit } from '../document/region';
