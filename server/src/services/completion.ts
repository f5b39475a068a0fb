/**
 * Completion: element names after `<` (only those the nesting table allows there), closing tags after `</`,
 * attribute names inside a start tag, attribute values. Everything offered comes from the model, so a
 * TwiML element or attribute is never suggested.
 *
 * Items carry a short detail and label details; their full Markdown documentation is added on
 * `completionItem/resolve` (`resolveCompletion`), so a request returns small items fast and the docs are
 * built only for the item the user looks at.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  TextEdit,
  type Command,
  type CompletionItem,
  type CompletionList,
  type Range,
} from 'vscode-languageserver-types';
import { localize, type Locale, type Localized } from '../l10n';
import { allowedChildren, getAttribute, getElement } from '../model';
import type { ElementSpec, ValueType } from '../model/types';
import { valueCandidates } from '../model/values';
import type { VoiceMLRegion } from '../document/region';
import { regionAt } from '../document/regions';
import { PLACEHOLDER, isXmlSpace } from '../parser';
import type { XmlAttribute, XmlAttributeValue, XmlElement, XmlParent } from '../parser/ast';
import { attributeDoc, attributeFacts, elementDoc, roleLabel, summary, valueDoc, verificationLabel } from './docs';
import { spotAt } from './locate';

export interface CompletionOptions {
  /**
   * The client expands snippets (`textDocument.completion.completionItem.snippetSupport`). Without it items
   * insert the same text with the tab stops left out. Default true.
   */
  snippets?: boolean;
  /**
   * The character that triggered the request (LSP `CompletionContext.triggerCharacter`), undefined when the
   * user asked (Ctrl+Space). White space in content offers elements only when asked: a space typed for
   * indentation must not pop up a list.
   */
  triggerCharacter?: string;
}

/** What an item stands for, kept in `CompletionItem.data` so that `resolveCompletion` can document it. */
export type CompletionData =
  | { voiceml: 'element'; element: string }
  | { voiceml: 'attribute'; element: string; attribute: string }
  | { voiceml: 'value'; element: string; attribute: string; value: string };

/**
 * Opens the suggestion list again once an attribute name is inserted, so its values are offered right away.
 * Only attached when the attribute has values to offer: an empty list popping up is noise.
 */
const SUGGEST_VALUES: Command = { title: 'Suggest values', command: 'editor.action.triggerSuggest' };

const DEFAULT_MARK: Localized = { ko: ' (기본값)', en: ' (default)' };

interface Context {
  document: TextDocument;
  region: VoiceMLRegion;
  text: string;
  locale: Locale;
  snippets: boolean;
}

/** The completions at `offset` (a document offset) among the document's VoiceML regions. */
export function getCompletions(
  document: TextDocument,
  regions: readonly VoiceMLRegion[],
  offset: number,
  locale: Locale,
  options: CompletionOptions = {},
): CompletionList {
  const at = regionAt(regions, offset);
  if (!at) return { isIncomplete: false, items: [] };
  const ctx: Context = { document, region: at.region, text: at.region.tree.text, locale, snippets: options.snippets !== false };
  const asked = options.triggerCharacter === undefined;
  const local = at.offset;
  const spot = spotAt(at.region.tree, at.region.xml, local);
  let items: CompletionItem[];
  switch (spot.kind) {
    case 'startTagName':
      items = elementItems(ctx, spot.element);
      break;
    case 'endTagName':
      // `</${tag}>`: the substitution decides the name.
      items = spot.endTag.name.includes(PLACEHOLDER) ? [] : closeTagItems(ctx, spot.element, spot.endTag.start + 1, spot.endTag.nameEnd, spot.endTag.closed);
      break;
    case 'startTag':
      items = attributeItems(ctx, spot.element, undefined, local);
      break;
    case 'attributeName':
      items = attributeItems(ctx, spot.element, spot.attribute, local);
      break;
    case 'attributeValue':
      items = valueItems(ctx, spot.element, spot.attribute, spot.value, local);
      break;
    case 'content':
      // In text nothing is offered, except right after a `<` the parser left in it (see `strayLtItems`). A
      // `</` being typed (the parser keeps no node for it) gets the closing tag of the element the cursor is
      // in; white space between elements gets the elements allowed there, with their `<`, when the user asks.
      if (spot.text !== undefined && !spot.text.whitespace) items = strayLtItems(ctx, spot.parent, local);
      else items = afterSlash(ctx, spot.parent, local) ?? (asked ? newElementItems(ctx, spot.parent, local) : []);
      break;
    case 'other':
      items = [];
      break;
  }
  return { isIncomplete: false, items };
}

/** Adds the full Markdown documentation to an item made by `getCompletions`. */
export function resolveCompletion(item: CompletionItem, locale: Locale): CompletionItem {
  const data = item.data as CompletionData | undefined;
  // Items of other servers (or clients that mangle `data`) are left alone.
  if (!data || typeof data !== 'object' || typeof data.voiceml !== 'string' || typeof data.element !== 'string') return item;
  const element = getElement(data.element);
  if (!element) return item;
  let value: string | undefined;
  if (data.voiceml === 'element') {
    value = elementDoc(element, locale);
  } else {
    const attribute = getAttribute(data.element, data.attribute);
    if (!attribute) return item;
    value = data.voiceml === 'attribute' ? attributeDoc(element, attribute, locale) : valueDoc(element, attribute, data.value, locale);
    // A value without a doc of its own (none today, but the model may grow) still gets its attribute's.
    value ??= attributeDoc(element, attribute, locale);
  }
  return { ...item, documentation: { kind: MarkupKind.Markdown, value } };
}

/* ------------------------------------------------------------------------------------------------------------
 * Element names
 * ---------------------------------------------------------------------------------------------------------- */

function elementItems(ctx: Context, element: XmlElement): CompletionItem[] {
  if (element.dynamicName) return [];
  const names = allowedIn(ctx.region, element.parent, element, element.start);
  if (names.length === 0) return [];
  const fresh = freshTagEnd(ctx.text, element);
  return names.map((name, index) => {
    const spec = getElement(name)!;
    const item = elementItem(ctx, spec, index);
    if (fresh !== undefined) {
      const snippet = new Snippet();
      snippet.text(name);
      writeElementRest(snippet, spec, new Set([name]));
      setEdit(ctx, item, element.nameStart, fresh, snippet);
    } else {
      // An existing tag being renamed: only the name changes, and its end tag follows along.
      item.textEdit = TextEdit.replace(rangeOf(ctx, element.nameStart, element.nameEnd), name);
      item.insertTextFormat = InsertTextFormat.PlainText;
      const endTag = element.endTag;
      if (endTag && endTag.name === element.name && name !== element.name) {
        item.additionalTextEdits = [TextEdit.replace(rangeOf(ctx, endTag.nameStart, endTag.nameEnd), name)];
      }
    }
    return item;
  });
}

/**
 * The names allowed as children of `parent`: the nesting table for a VoiceML element; at a fragment's top
 * level the children of the element it is spliced into; at a document's top level `<Response>`, but only
 * where the root belongs — in an empty document or before the root (a second root is an error).
 */
function allowedIn(region: VoiceMLRegion, parent: XmlParent, element: XmlElement | undefined, at: number): readonly string[] {
  if (parent.kind === 'element') return parent.dynamicName ? [] : allowedChildren(parent.name);
  if (region.kind === 'fragment') return region.fragmentParent === undefined ? [] : allowedChildren(region.fragmentParent);
  const root = region.xml.root;
  const rootBelongs = root === undefined || root === element || root.name === '' || at < root.start;
  return rootBelongs ? allowedChildren(undefined) : [];
}

/**
 * A `<` typed right before other markup (`<Gather><|</Gather>`) is not a tag for the parser — a `<` must be
 * followed by a name, white space or `>` to start one — so it stays in the text. It is the commonest place
 * to type a new tag, so the text is looked at here: right after such a `<`, the elements allowed there.
 */
function strayLtItems(ctx: Context, parent: XmlParent, offset: number): CompletionItem[] {
  return ctx.text.charCodeAt(offset - 1) === 0x3c /* < */ ? newElementItems(ctx, parent, offset, '') : [];
}

/**
 * Whole new elements inserted at `offset` in the content of `parent`: after a `<` already there (`lt` empty)
 * or, at a white-space position, with their `<`.
 */
function newElementItems(ctx: Context, parent: XmlParent, offset: number, lt: '<' | '' = '<'): CompletionItem[] {
  if (parent.kind === 'element' && (parent.name === '' || parent.dynamicName)) return [];
  const tagStart = lt === '' ? offset - 1 : offset;
  return allowedIn(ctx.region, parent, undefined, tagStart).map((name, index) => {
    const spec = getElement(name)!;
    const item = elementItem(ctx, spec, index);
    const snippet = new Snippet();
    snippet.text(`${lt}${name}`);
    writeElementRest(snippet, spec, new Set([name]));
    setEdit(ctx, item, offset, offset, snippet);
    return item;
  });
}

/**
 * Where a whole new tag may be inserted for `element`, or undefined when it is an existing tag whose name is
 * being changed. A tag is new while it is only a name being typed: no attributes, no `>` yet (or the bare
 * `<>` some editors auto-close, whose `>` the inserted tag then replaces).
 */
function freshTagEnd(text: string, element: XmlElement): number | undefined {
  if (element.attributes.length > 0 || element.dynamicAttributes) return undefined;
  if (element.name === '' && element.startTagClosed) return element.startTagEnd;
  if (element.startTagClosed) return undefined;
  for (let i = element.nameEnd; i < element.startTagEnd; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return undefined; // `<Hangup/` is being closed
  }
  return element.nameEnd;
}

/**
 * The rest of a new element after its name: required attributes (a `wss://` URL already begun), then either
 * `/>` or `>…</Name>` with the required children inside (`<Dial>` gets its one `<Number>`). Returns whether
 * the final cursor position was placed.
 */
function writeElementRest(snippet: Snippet, spec: ElementSpec, path: Set<string>): boolean {
  for (const attribute of spec.attributes) {
    if (!attribute.required) continue;
    snippet.text(` ${attribute.name}="${prefill(attribute.type)}`);
    snippet.tabStop();
    snippet.text('"');
  }
  if (!wantsEndTag(spec)) {
    snippet.text('/>');
    return false;
  }
  snippet.text('>');
  let placed = false;
  for (const child of spec.children) {
    const childSpec = getElement(child.name);
    // `path` stops a model where required children contain each other from recursing forever.
    if (!childSpec || path.has(child.name)) continue;
    for (let k = 0; k < (child.min ?? 0); k++) {
      snippet.text(`<${child.name}`);
      path.add(child.name);
      if (writeElementRest(snippet, childSpec, path)) placed = true;
      path.delete(child.name);
    }
  }
  if (!placed) snippet.final();
  snippet.text(`</${spec.name}>`);
  return true;
}

/**
 * Whether a new element is written with an end tag: when it must have content (a required body or child),
 * when it may have a text body, and for the root and verbs that hold other elements (`<Gather>` exists to
 * wrap its prompt). Elements that cannot have content self-close, and so do nouns whose children are all
 * optional (`<Stream url="wss://…"/>`: its `<Parameter>`s are extras).
 */
function wantsEndTag(spec: ElementSpec): boolean {
  if (spec.body.use !== 'none') return true;
  if (spec.children.some((c) => (c.min ?? 0) > 0)) return true;
  return spec.children.length > 0 && spec.role !== 'noun';
}

/** What a required attribute's value starts with: the scheme a WebSocket URL must have. */
function prefill(type: ValueType): string {
  return type.kind === 'wssUrl' ? 'wss://' : '';
}

function elementItem(ctx: Context, spec: ElementSpec, index: number): CompletionItem {
  const verification = verificationLabel(spec, ctx.locale);
  const data: CompletionData = { voiceml: 'element', element: spec.name };
  return {
    label: spec.name,
    kind: CompletionItemKind.Property,
    detail: [`<${spec.name}>`, roleLabel(spec, ctx.locale), verification].filter((s) => s !== undefined).join(' · '),
    labelDetails: { description: summary(spec.doc, ctx.locale) },
    sortText: sortKey(index),
    data,
  };
}

/* ------------------------------------------------------------------------------------------------------------
 * Closing tags
 * ---------------------------------------------------------------------------------------------------------- */

/**
 * After `</` (and a partial name) in content: the closing tag of the element the cursor is in; undefined
 * when there is no `</`. The parser keeps no node for a nameless or unmatched end tag, so it is recognised
 * in the text.
 */
function afterSlash(ctx: Context, parent: XmlParent, offset: number): CompletionItem[] | undefined {
  const text = ctx.text;
  let start = offset;
  while (start > 0 && isNameChar(text.charCodeAt(start - 1))) start--;
  if (text.charCodeAt(start - 1) !== 0x2f /* / */ || text.charCodeAt(start - 2) !== 0x3c /* < */) return undefined;
  if (parent.kind !== 'element' || parent.name === '' || parent.dynamicName) return [];
  let end = offset;
  while (end < text.length && isNameChar(text.charCodeAt(end))) end++;
  return closeTagItems(ctx, parent, start - 1, end, text.charCodeAt(end) === 0x3e /* > */);
}

/** `/Name>` replacing `[from, to)` (from the `/` on); the `>` is left out when the tag already has one. */
function closeTagItems(ctx: Context, element: XmlElement, from: number, to: number, hasGt: boolean): CompletionItem[] {
  const spec = getElement(element.name);
  const label = `/${element.name}`;
  const item: CompletionItem = {
    label,
    kind: CompletionItemKind.Property,
    filterText: label,
    sortText: sortKey(0),
    preselect: true,
    textEdit: TextEdit.replace(rangeOf(ctx, from, to), hasGt ? label : `${label}>`),
    insertTextFormat: InsertTextFormat.PlainText,
  };
  // Closing an element that is not VoiceML (a TwiML look-alike, a typo) is still worth offering; it just
  // has no documentation.
  if (spec) {
    item.detail = `</${spec.name}>`;
    item.labelDetails = { description: summary(spec.doc, ctx.locale) };
    item.data = { voiceml: 'element', element: spec.name } satisfies CompletionData;
  }
  return [item];
}

/* ------------------------------------------------------------------------------------------------------------
 * Attribute names
 * ---------------------------------------------------------------------------------------------------------- */

function attributeItems(ctx: Context, element: XmlElement, editing: XmlAttribute | undefined, offset: number): CompletionItem[] {
  if (element.dynamicName) return [];
  const spec = getElement(element.name);
  if (!spec) return [];
  const present = new Set<string>();
  for (const attribute of element.attributes) if (attribute !== editing) present.add(attribute.name);
  const from = editing ? editing.nameStart : offset;
  const to = editing ? editing.nameEnd : offset;
  // Renaming an attribute that has a value keeps the value; otherwise the whole `name="…"` is written.
  const withValue = editing?.value === undefined;
  // Inserted right before another attribute (`<Gather |action="/x">`), the new one needs a space after it.
  const next = ctx.text.charCodeAt(to);
  const spaceAfter = !editing && to < ctx.text.length && !isXmlSpace(next) && next !== 0x3e /* > */ && next !== 0x2f /* / */ && next !== 0x3c /* < */;
  const items: CompletionItem[] = [];
  spec.attributes.forEach((attribute, index) => {
    if (present.has(attribute.name)) return;
    const data: CompletionData = { voiceml: 'attribute', element: spec.name, attribute: attribute.name };
    const item: CompletionItem = {
      label: attribute.name,
      kind: CompletionItemKind.Field,
      detail: attributeFacts(attribute, ctx.locale, 'plain').join(' · '),
      labelDetails: { description: summary(attribute.doc, ctx.locale) },
      // Required attributes first, then the model's order (the reference's).
      sortText: sortKey(index, attribute.required ? 0 : 1),
      data,
    };
    const snippet = new Snippet();
    snippet.text(attribute.name);
    if (withValue) {
      snippet.text(`="${prefill(attribute.type)}`);
      snippet.tabStop();
      snippet.text('"');
      if (ctx.snippets && valueCandidates(attribute.type).length > 0) item.command = SUGGEST_VALUES;
    }
    if (spaceAfter) snippet.text(' ');
    setEdit(ctx, item, from, to, snippet);
    items.push(item);
  });
  return items;
}

/* ------------------------------------------------------------------------------------------------------------
 * Attribute values
 * ---------------------------------------------------------------------------------------------------------- */

function valueItems(ctx: Context, element: XmlElement, attribute: XmlAttribute, value: XmlAttributeValue, offset: number): CompletionItem[] {
  if (element.dynamicName || value.dynamic) return [];
  const spec = getElement(element.name);
  const attributeSpec = spec && getAttribute(spec.name, attribute.name);
  if (!spec || !attributeSpec) return [];
  const candidates = valueCandidates(attributeSpec.type);
  if (candidates.length === 0) return [];

  // Key sequences (`1w2w3#`, `#*`) are built one key at a time: a key is inserted at the cursor. Every other
  // value replaces what is there.
  const appends = attributeSpec.type.kind === 'dtmfKeys' || attributeSpec.type.kind === 'dtmfString';
  let from = appends ? offset : value.valueStart;
  let to = appends ? offset : value.valueEnd;
  let before = '';
  let after = '';
  if (value.quote === '') {
    // `loop=` or `loop=2`: the value gets its quotes (an unquoted value is an XML error).
    from = value.start;
    to = value.end;
    before = appends ? `"${ctx.text.slice(value.start, offset)}` : '"';
    after = appends ? `${ctx.text.slice(offset, value.end)}"` : '"';
  } else if (!value.closed) {
    after = value.quote; // `track="|`: close the quote that is still missing
  }
  // A quoted value may span lines (`language="` + line break); VS Code ignores an item's range unless it is
  // on the cursor's line alone, so replace only the part of the value on that line.
  const line = ctx.document.positionAt(ctx.region.offset + offset).line;
  from = Math.max(from, ctx.document.offsetAt({ line, character: 0 }) - ctx.region.offset);
  to = Math.min(to, ctx.document.offsetAt({ line, character: Number.MAX_SAFE_INTEGER }) - ctx.region.offset);

  const kind = attributeSpec.type.kind === 'enum' ? CompletionItemKind.EnumMember : CompletionItemKind.Value;
  return candidates.map((candidate, index) => {
    const isDefault = candidate.value === attributeSpec.default;
    const data: CompletionData = { voiceml: 'value', element: spec.name, attribute: attributeSpec.name, value: candidate.value };
    const item: CompletionItem = {
      label: candidate.value,
      kind,
      detail: `${attributeSpec.name}: ${candidate.doc ? summary(candidate.doc, ctx.locale) : candidate.value}`,
      labelDetails: {
        ...(isDefault ? { detail: localize(DEFAULT_MARK, ctx.locale) } : {}),
        ...(candidate.doc ? { description: summary(candidate.doc, ctx.locale) } : {}),
      },
      // The default first: the value people are most likely to want, and the one to think twice about
      // writing out (omitting the attribute means the same).
      sortText: sortKey(index, isDefault ? 0 : 1),
      // Clients filter with the text from the range's start to the cursor: for an unquoted key sequence that
      // is the keys already typed.
      filterText: appends && value.quote === '' ? `${ctx.text.slice(value.start, offset)}${candidate.value}` : candidate.value,
      textEdit: TextEdit.replace(rangeOf(ctx, from, to), `${before}${candidate.value}${after}`),
      insertTextFormat: InsertTextFormat.PlainText,
      data,
    };
    if (isDefault) item.preselect = true;
    return item;
  });
}

/* ------------------------------------------------------------------------------------------------------------
 * Helpers
 * ---------------------------------------------------------------------------------------------------------- */

/** Text with tab stops, rendered both as a snippet and as plain text (for clients without snippets). */
class Snippet {
  private snippetText = '';
  private plainText = '';
  private next = 1;
  private stops = false;

  text(text: string): void {
    this.snippetText += text.replace(/[$}\\]/g, (c) => `\\${c}`);
    this.plainText += text;
  }

  tabStop(): void {
    this.snippetText += `$${this.next++}`;
    this.stops = true;
  }

  final(): void {
    this.snippetText += '$0';
    this.stops = true;
  }

  render(snippets: boolean): { text: string; format: InsertTextFormat } {
    return snippets && this.stops
      ? { text: this.snippetText, format: InsertTextFormat.Snippet }
      : { text: this.plainText, format: InsertTextFormat.PlainText };
  }
}

function setEdit(ctx: Context, item: CompletionItem, from: number, to: number, snippet: Snippet): void {
  const { text, format } = snippet.render(ctx.snippets);
  item.textEdit = TextEdit.replace(rangeOf(ctx, from, to), text);
  item.insertTextFormat = format;
}

/** A range in the source document from region offsets. */
function rangeOf(ctx: Context, from: number, to: number): Range {
  const base = ctx.region.offset;
  return { start: ctx.document.positionAt(base + from), end: ctx.document.positionAt(base + to) };
}

/** Sort keys keep the model's order (clients sort by label otherwise); `group` goes before the index. */
function sortKey(index: number, group = 0): string {
  return `${group}${String(index).padStart(3, '0')}`;
}

const PLACEHOLDER_CODE = PLACEHOLDER.charCodeAt(0);


/** Name characters, as far as finding a partial name before the cursor needs; a placeholder is not one. */
function isNameChar(c: number): boolean {
  if (c === PLACEHOLDER_CODE) return false;
  return (
    (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x5f || c === 0x2e || c === 0x3a || c >= 0x80
  );
}
