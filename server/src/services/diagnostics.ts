import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Diagnostic, DiagnosticSeverity, DiagnosticTag, type CodeDescription, type Range } from 'vscode-languageserver-types';
import { localize, type Locale } from '../l10n';
import type { VoiceMLRegion } from '../document/region';
import type { XmlTree } from '../parser/tree';
import { rules } from '../rules';
import { ruleDocumentationUrl } from '../rules/documentation';
import type { Fix, FlowContext, FlowSignature, Range as Offsets, Rule, Severity, WebhookCode } from '../rules/rule';
import { runHandlerRules } from '../rules/runHandlers';
import { releaseLookup, runRules, type Finding, type Findings } from '../rules/run';
import { confineToLiteralText, placeOnCode } from '../rules/confine';
import { dropRedundant } from '../rules/redundant';
import { Memo } from '../memo';
import { movedRange, type TextChange } from '../document/change';

/** A rule's severity as the user sets it: the rule's own (`default`), another one, or `off`. */
export type RuleSeverity = 'default' | Severity | 'off';

export interface ValidationSettings {
  /** False turns all VoiceML diagnostics off. */
  enable?: boolean;
  /** Per rule name (`unknown-element`), its severity. */
  rules?: Readonly<Record<string, RuleSeverity>>;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * Every diagnostic's `source`. Its `code` is the rule's name alone (`unknown-element`): editors show the source
 * beside it, and a `voiceml/` prefix would only say it twice. The code links to the rule's page.
 */
export const DIAGNOSTIC_SOURCE = 'voiceml';

/** `codeDescription` for a rule's diagnostics: one object per rule, shared by all of them. */
const descriptions = new Map<string, CodeDescription>();
export function codeDescriptionOf(rule: string): CodeDescription {
  let description = descriptions.get(rule);
  if (description === undefined) descriptions.set(rule, (description = { href: ruleDocumentationUrl(rule) }));
  return description;
}

/**
 * A finding and the region it was found in (its offsets are the region's: add `region.offset`); no region for a
 * finding on the document's webhook code (`Rule.handlers`), whose offsets are the document's.
 */
export interface LocatedFinding {
  region: VoiceMLRegion | undefined;
  finding: Finding;
}

/** Where a finding starts in its document. */
export function documentOffset({ region, finding }: LocatedFinding): number {
  return (region?.offset ?? 0) + finding.start;
}

/** What validation found in a document: the first findings in document order, and how many more there were. */
export interface DocumentProblems {
  findings: LocatedFinding[];
  omitted: number;
}

const NOTHING: DocumentProblems = { findings: [], omitted: 0 };

/**
 * Runs every enabled rule over the regions, keeping the first `limit` findings of the document by position and
 * counting the others: a document with a million mistakes costs the memory of `limit` findings. `flow`: the
 * workspace's call flow for this document, for the rules that read it (without it they do not run); `handlers`:
 * the document's webhook code with what the call flow says of it, for the rules on webhook code.
 */
export function findProblems(
  regions: readonly VoiceMLRegion[],
  settings: ValidationSettings,
  limit = Infinity,
  flow?: FlowContext,
  handlers?: WebhookCode,
): DocumentProblems {
  if (settings.enable === false) return NOTHING;
  const enabled = enabledRules(settings);
  if (enabled.length === 0) return NOTHING;
  const findings: LocatedFinding[] = [];
  let omitted = 0;
  // Regions with text are in document order, and each one's findings too: the first `limit` are the
  // document's first. Responses built from calls follow them (their findings are placed on the calls).
  for (const region of regions) {
    const found = placedOn(region, enabled, limit - findings.length, flow);
    omitted += found.omitted;
    for (const finding of found.findings) {
      if (findings.length < limit) findings.push({ region, finding });
      else omitted++;
    }
  }
  const handlerRules = handlers ? enabled.filter((r) => r.handlers) : [];
  if (handlerRules.length > 0) {
    const found = handlerFindings(handlerRules, enabled, handlers!, Math.max(0, limit - findings.length));
    omitted += found.omitted;
    for (const finding of found.findings) findings.push({ region: undefined, finding });
  }
  // Reported in document order, whichever region they came from (a built response's calls sit among strings,
  // findings on webhook code among the responses).
  if (handlerRules.length > 0 || regions.some((r) => r.mapping)) findings.sort((a, b) => documentOffset(a) - documentOffset(b) || a.finding.end - b.finding.end);
  return { findings, omitted };
}

/**
 * The findings of `enabled` on one region as they are published, the first `limit` by position: kept per
 * lineage (`VoiceMLRegion.lineage`) while the region's tree is the same (and its steps, see
 * `FlowContext.signature`), so that a keystroke in one string of a JS/TS or Python file costs each other
 * string a lookup.
 */
function placedOn(region: VoiceMLRegion, enabled: readonly Rule[], limit: number, flow: FlowContext | undefined): Findings {
  // What the workspace rules find changes with other files: kept while the region's steps show them the same.
  const workspace = flow !== undefined && splitOf(enabled).workspaceRules.length > 0 && flow.hasSteps(region);
  const lineage = region.lineage;
  // Only a region with a lineage keeps its findings for its next version (`VoiceMLRegion.lineage`; an .xml
  // document's region has none).
  const kept = lineage && placed.get(lineage);
  const usable = kept && kept.tree === region.tree && kept.rules === enabled && !(kept.omitted > 0 && kept.limit < limit) ? kept : undefined;
  if (usable && workspace && usable.steps !== undefined && flowOnlyMoved(usable, region, flow!)) {
    usable.generation = flow!.generation;
    return usable;
  }
  const steps = workspace && lineage ? flow!.signature(region) : undefined;
  if (usable && sameSignature(usable.steps, steps)) {
    usable.generation = flow?.generation;
    return usable;
  }
  let found = rulesOn(region, enabled, limit, workspace ? flow : undefined);
  let findings = published(region, found);
  // Some of the first `limit` were left out as redundant (or fell in code) while others were only counted, the
  // rules' list full: they run again with room for more, until the room holds them all. (Rare: the rules say
  // what explains a mistake, and redundant findings are few; the last one published might have yielded to an
  // error left out. What a rule counts itself, such as the parser's errors past its own limit, is no reason.)
  for (let room = limit; findings.length < limit && found.omitted > 0 && found.findings.length >= room; ) {
    room *= 2;
    found = rulesOn(region, enabled, room, workspace ? flow : undefined);
    findings = published(region, found);
  }
  if (lineage) {
    const related = findings.some((finding) => finding.related !== undefined && finding.related.length > 0);
    placed.set(lineage, { tree: region.tree, rules: enabled, steps, generation: flow?.generation, related, limit, findings, omitted: found.omitted });
  }
  return { findings, omitted: found.omitted };
}

/**
 * Whether the findings kept for a region still stand without the region's steps being read again (`signature`
 * asks every step of every region at each keystroke): found at the index's generation from which the
 * document's code only moved past a change (`FlowContext.movedSince`), the change outside the region (whose
 * tree is the same), and none of them pointing elsewhere (a related location, such as a route's, may be after
 * the change and have moved).
 */
function flowOnlyMoved(kept: Placed, region: VoiceMLRegion, flow: FlowContext): boolean {
  if (kept.generation === undefined || kept.related) return false;
  const change = flow.movedSince(kept.generation);
  if (!change) return false;
  const end = region.offset + region.tree.text.length;
  return end < change.start || region.offset > change.newEnd;
}

/**
 * What the rules found on a region as it is published: no finding may point into a substitution (code, not
 * VoiceML) — enforced here for every rule; then one finding per mistake. A region built from code is judged in
 * its own text, then placed on the code. (Most regions have none: nothing made for them.)
 */
function published(region: VoiceMLRegion, found: Findings): Finding[] {
  if (found.findings.length === 0) return NO_FINDINGS;
  return region.mapping ? placeOnCode(region.mapping, dropRedundant(found.findings)) : dropRedundant(confineToLiteralText(region, found.findings));
}

/**
 * The handler rules' findings on a document, the first `limit` by position. A keystroke in the text of one of
 * its responses leaves its code, routes and steps as they were, only moved: the last version's findings are
 * kept, moved with the text, instead of the rules reading every handler again. (Not when the change touches
 * one of them: what it says may come from the text changed.) `enabled`: the rules enabled, which the kept
 * findings were found with (the same list while the settings are, see `enabledRules`).
 */
function handlerFindings(rules: readonly Rule[], enabled: readonly Rule[], code: WebhookCode, limit: number): Findings {
  const kept = handlersFound.get(code.lineage);
  if (kept && kept.enabled === enabled && (kept.omitted === 0 ? kept.findings.length <= limit : kept.limit === limit)) {
    if (kept.generation === code.generation && sameRanges(kept.voiceml, code.voiceml)) return kept;
    const change = code.movedSince(kept.generation);
    const findings = change && sameRanges(kept.voiceml.map((range) => movedRange(range, change)), code.voiceml) ? movedFindings(kept.findings, change) : undefined;
    if (findings) {
      const moved = { ...kept, generation: code.generation, voiceml: code.voiceml, findings };
      handlersFound.set(code.lineage, moved);
      return moved;
    }
  }
  const found = runHandlerRules(rules, code.context(), limit);
  handlersFound.set(code.lineage, { ...found, enabled, limit, generation: code.generation, voiceml: code.voiceml });
  return found;
}

const handlersFound = new Memo<object, Findings & { enabled: readonly Rule[]; limit: number; generation: number; voiceml: readonly Offsets[] }>('handler findings');

/**
 * Findings on webhook code where they are after `change` (made where no code is), with their fixes; undefined
 * when one or its fix touches the change (its message may quote what changed), or it has other places in the
 * document too (`related`, `covers`, `yieldsTo`: none of the handler rules' has).
 */
function movedFindings(findings: readonly Finding[], change: TextChange): Finding[] | undefined {
  const apart = (range: Offsets): boolean => range.end < change.start || range.start > change.end;
  const out: Finding[] = [];
  for (const finding of findings) {
    if (!apart(finding) || finding.related || finding.covers || finding.yieldsTo) return undefined;
    // The handler rules' fixes are few and small: made here, to be sure that none touches the change.
    const fixes = finding.fixes?.();
    if (fixes?.some((fix) => !fix.edits.every(apart))) return undefined;
    const moved = fixes?.map((fix) => ({ ...fix, edits: fix.edits.map((edit) => ({ ...edit, ...movedRange(edit, change) })) }));
    out.push({ ...finding, ...movedRange(finding, change), ...(moved && { fixes: () => moved }) });
  }
  return out;
}

function sameRanges(a: readonly Offsets[], b: readonly Offsets[]): boolean {
  return a.length === b.length && a.every((range, i) => range.start === b[i]!.start && range.end === b[i]!.end);
}

/** Do two signatures of a region's steps (or none) say the same (`FlowContext.signature`)? */
function sameSignature(a: FlowSignature | undefined, b: FlowSignature | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** No findings: shared by the many regions that have none, never changed (every list that grows is one of its own). */
const NO_FINDINGS: Finding[] = Object.freeze([]) as unknown as Finding[];

/**
 * A region's findings kept for its next version: found on `tree` with `rules`, the first `limit`; with its steps
 * as `steps` said them (undefined when the workspace rules did not run on it), at the index's `generation`;
 * `related`: whether some finding points elsewhere too.
 */
interface Placed extends Findings {
  tree: XmlTree;
  rules: readonly Rule[];
  steps: FlowSignature | undefined;
  generation: number | undefined;
  related: boolean;
  limit: number;
}

const placed = new Memo<object, Placed>('placed findings');

/**
 * The fixes of a finding as they apply where its region stands now. A rule that reads the host writes its
 * fixes for where the region is in the document (the helper it adds at the top of the file is an edit before
 * the region); its findings are kept while the region only moves (`placedOn`), so those fixes are made again
 * when they are asked for.
 */
export function fixesOf({ region, finding }: LocatedFinding): readonly Fix[] {
  if (!finding.fixes) return [];
  if (!region || !finding.rule.readsHost || !region.lineage) return finding.fixes();
  const again = confineToLiteralText(region, runRules(region, [finding.rule]).findings);
  return again.find((f) => f.start === finding.start && f.end === finding.end)?.fixes?.() ?? [];
}

/**
 * The findings of `enabled` on one region, the first `limit` by position. Those of the rules that read only
 * the tree are kept per tree: a host reuses a string's tree while its text is unchanged, so a keystroke in one
 * string of a JS/TS or Python file runs them on that string alone (kept ones found with a smaller limit that
 * left some out are found again). The rules that read the host (`Rule.readsHost`, kept per lineage) or the
 * workspace (`Rule.readsWorkspace`, given `flow` when the region has steps) run every time.
 */
function rulesOn(region: VoiceMLRegion, enabled: readonly Rule[], limit: number, flow: FlowContext | undefined): Findings {
  const { treeRules, hostRules, localRules, workspaceRules } = splitOf(enabled);
  let kept = region.tree.treeFindings as TreeFindings | undefined;
  const readsHost = hostRules.length > 0 && region.substitutions !== undefined && region.substitutions.length > 0;
  // Kept per lineage too: what the host code says of a region moved by a keystroke elsewhere is the same.
  const lineage = region.lineage;
  let host = readsHost && lineage ? hostFindings.get(lineage) : undefined;
  if (
    kept === undefined ||
    kept.rules !== treeRules ||
    kept.kind !== region.kind ||
    kept.fragmentParent !== region.fragmentParent ||
    kept.partial !== region.partial ||
    (kept.omitted > 0 && kept.limit < limit)
  ) {
    let found: Findings | undefined;
    const hostToo = readsHost && (!host || host.tree !== region.tree || host.rules !== hostRules || (host.omitted > 0 && host.limit < limit));
    if (hostToo && treeRules.length > 0) {
      // Both to find (a string seen for the first time): one run of the two lists, which keeps each list's
      // findings in the order its own run gives them; parted unless the limit left some out.
      const both = runRules(region, localRules, limit);
      if (both.omitted === 0) {
        const fromTree = both.findings.filter((finding) => !finding.rule.readsHost);
        const fromHost = fromTree.length === both.findings.length ? NO_FINDINGS : both.findings.filter((finding) => finding.rule.readsHost);
        found = { findings: fromTree, omitted: 0 };
        host = { tree: region.tree, rules: hostRules, limit, findings: fromHost, omitted: 0 };
        if (lineage) hostFindings.set(lineage, host);
      }
    }
    found ??= treeRules.length > 0 ? runRules(region, treeRules, limit) : { findings: [], omitted: 0 };
    const findings = found.findings.length > 0 ? found.findings : NO_FINDINGS;
    kept = { rules: treeRules, kind: region.kind, fragmentParent: region.fragmentParent, partial: region.partial, limit, findings, omitted: found.omitted };
    region.tree.treeFindings = kept;
  }
  let fresh: Finding[] = NO_FINDINGS;
  let omitted = kept.omitted;
  if (readsHost) {
    if (!host || host.tree !== region.tree || host.rules !== hostRules || (host.omitted > 0 && host.limit < limit)) {
      const found = runRules(region, hostRules, limit);
      host = { tree: region.tree, rules: hostRules, limit, findings: found.findings.length > 0 ? found.findings : NO_FINDINGS, omitted: found.omitted };
      if (lineage) hostFindings.set(lineage, host);
    }
    if (host.findings.length > 0) fresh = [...host.findings];
    omitted += host.omitted;
  }
  if (workspaceRules.length > 0 && flow) {
    const found = runRules(region, workspaceRules, limit, flow);
    if (found.findings.length > 0) fresh = [...fresh, ...found.findings];
    omitted += found.omitted;
  } else {
    // Nothing runs on this tree again at the next validation (what the rules found is kept): its model lookup
    // need not live as long as the tree. The workspace rules run at every validation, and keep it.
    releaseLookup(region.tree);
  }
  // In document order, and at one place in rule order: the host and workspace rules come last in the registry.
  if (fresh.length === 0 && kept.findings.length === 0) return { findings: NO_FINDINGS, omitted };
  const findings = fresh.length > 0 ? [...kept.findings, ...fresh].sort((a, b) => a.start - b.start || a.end - b.end) : [...kept.findings];
  if (findings.length > limit) {
    omitted += findings.length - limit;
    findings.length = limit;
  }
  return { findings, omitted };
}

const hostFindings = new Memo<object, Findings & { tree: XmlTree; rules: readonly Rule[]; limit: number }>('host findings');

/** What the rules that read the tree alone found in it, kept on the tree (`XmlTree.treeFindings`) with what they ran with. */
interface TreeFindings {
  rules: readonly Rule[];
  kind: VoiceMLRegion['kind'];
  fragmentParent: string | undefined;
  partial: boolean | undefined;
  limit: number;
  findings: readonly Finding[];
  omitted: number;
}

/**
 * An enabled list's rules that read only the tree, and those that read the host; the same arrays for the same
 * list (made again when the list grew: a test adding a rule to the registry).
 */
function splitOf(enabled: readonly Rule[]): Split {
  let split = splits.get(enabled);
  if (split === undefined || split.size !== enabled.length) {
    split = {
      size: enabled.length,
      treeRules: enabled.filter((r) => !r.readsHost && !r.readsWorkspace),
      hostRules: enabled.filter((r) => r.readsHost),
      localRules: enabled.filter((r) => !r.readsWorkspace),
      workspaceRules: enabled.filter((r) => r.readsWorkspace),
    };
    splits.set(enabled, split);
  }
  return split;
}

interface Split {
  size: number;
  treeRules: readonly Rule[];
  hostRules: readonly Rule[];
  /** The tree's rules and the host's, in the registry's order. */
  localRules: readonly Rule[];
  workspaceRules: readonly Rule[];
}

const splits = new WeakMap<readonly Rule[], Split>();

/** Does validation under `settings` run a rule that reads the workspace's call flow? */
export function readsFlow(settings: ValidationSettings): boolean {
  return settings.enable !== false && splitOf(enabledRules(settings)).workspaceRules.length > 0;
}

/**
 * The rules not turned off. The same list (the same array) for the same choice of rules: the runner prepares
 * each list once (see `runRules`), and validation runs on every keystroke.
 */
function enabledRules(settings: ValidationSettings): readonly Rule[] {
  if (!settings.rules) return rules;
  // The same settings object for every file of a run or every keystroke in a document: looked at once.
  const known = enabledBySettings.get(settings.rules);
  if (known && known.size === rules.length) return known.enabled;
  const enabled = enabledOf(settings.rules);
  enabledBySettings.set(settings.rules, { size: rules.length, enabled });
  return enabled;
}

const enabledBySettings = new WeakMap<object, { size: number; enabled: readonly Rule[] }>();

function enabledOf(settings: NonNullable<ValidationSettings['rules']>): readonly Rule[] {
  const off = rules.filter((r) => settings[r.name] === 'off');
  if (off.length === 0) return rules;
  const key = off.map((r) => r.name).join(' ');
  let enabled = enabledLists.get(key);
  if (enabled === undefined || enabled.length + off.length !== rules.length) {
    if (enabledLists.size >= 64) enabledLists.clear();
    enabledLists.set(key, (enabled = rules.filter((r) => !off.includes(r))));
  }
  return enabled;
}

const enabledLists = new Map<string, readonly Rule[]>();

/** The severity a finding is shown with: the user's setting for its rule, else its own. */
export function severityOf(finding: Finding, settings: ValidationSettings): Severity {
  const configured = settings.rules?.[finding.rule.name];
  // Settings from clients without a settings schema (Neovim …) may hold anything: only a real severity counts.
  if (configured !== undefined && Object.hasOwn(SEVERITY, configured)) return configured as Severity;
  return finding.severity ?? finding.rule.severity;
}

/**
 * The range of `[start, end)` in `document`. Most findings lie on one line (a name, a value): their end is
 * found from their start without a second search of the line index.
 */
function rangeAt(document: TextDocument, start: number, end: number): Range {
  const from = document.positionAt(start);
  if (start >= 0 && end - start <= SAME_LINE_SCAN) {
    const text = document.getText();
    let i = start;
    while (i < end && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    if (i === end && end <= text.length) return { start: from, end: { line: from.line, character: from.character + (end - start) } };
  }
  return { start: from, end: document.positionAt(end) };
}

/** How far `rangeAt` looks for a line break before it asks the document where a range ends. */
const SAME_LINE_SCAN = 200;

export function toDiagnostic(
  document: TextDocument,
  region: VoiceMLRegion | undefined,
  finding: Finding,
  settings: ValidationSettings,
  locale: Locale,
): Diagnostic {
  const offset = region?.offset ?? 0;
  const diagnostic = Diagnostic.create(
    rangeAt(document, offset + finding.start, offset + finding.end),
    localize(finding.message, locale, finding.args),
    SEVERITY[severityOf(finding, settings)],
    finding.rule.name,
    DIAGNOSTIC_SOURCE,
  );
  diagnostic.codeDescription = codeDescriptionOf(finding.rule.name);
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((r) => ({ location: r.location, message: localize(r.message, locale, r.args) }));
  }
  if (finding.tags?.length) {
    diagnostic.tags = finding.tags.map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
  }
  return diagnostic;
}
