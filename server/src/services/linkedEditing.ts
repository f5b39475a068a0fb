/**
 * Tag pairs: linked editing of a start tag's name with its end tag's name, and closing tags as they are typed.
 *
 * Linked editing is standard LSP (`textDocument/linkedEditingRange`); VS Code turns it on with
 * `editor.linkedEditing`.
 *
 * Auto-closing is not a request LSP has: the server cannot answer "the user typed `>`" by placing text *after*
 * the cursor while keeping the cursor where it is. What we weighed:
 * - `textDocument/onTypeFormatting` (trigger `>`): its edits cannot say where the cursor goes (VS Code moves
 *   it past text inserted at the cursor, so `<Say>|` would become `<Say></Say>|`), and VS Code only asks for
 *   it when `editor.formatOnType` is on, which it is not by default.
 * - A completion item `</Say>` on `>`: the user has to pick it; that is completion, not auto-closing.
 * - A client-side piece (what VS Code's HTML extension does: the client watches typing, asks the server with
 *   a custom request and inserts a snippet itself): works, but every client needs its own code for it, and
 *   our VS Code client is meant to stay a plain `vscode-languageclient` with nothing VoiceML in it.
 * - Chosen: the server watches the content changes it receives anyway; when the last one is a typed `>`
 *   closing a start tag (or a `/` right after `<`), it sends `workspace/applyEdit` with an LSP 3.18
 *   `SnippetTextEdit` — `$0</Say>` — on a `TextDocumentEdit` carrying the document version. A snippet's `$0`
 *   is the only standard way to say where the cursor goes, `vscode-languageclient` ≥ 10 announces
 *   `workspace.workspaceEdit.snippetEditSupport` and turns the edit into a VS Code snippet edit in the active
 *   editor, and the version makes any client refuse the edit if the user typed on in the meantime, so a late
 *   answer can never land in the wrong place. It is one undo step of its own, like VS Code's HTML. Tried in
 *   VS Code: the cursor stays between the tags, typing goes there, undo removes just the inserted tag.
 * - Clients without snippet edits (neovim, most others today) get no auto-closing at all: a plain edit leaves
 *   the cursor wherever that client's edit code puts it (neovim 0.7 keeps it *before* inserted text, so even
 *   `</` + `Gather>` would leave `</|Gather>`), and a misplaced cursor is worse than no help. They keep linked
 *   editing and the completion of `</` to the end tag, which are requests and place nothing by themselves.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position } from 'vscode-languageserver-types';
import type { LinkedEditingRanges } from 'vscode-languageserver-protocol';
import type { XmlElement, XmlNode } from '../parser/ast';
import type { VoiceMLRegion } from '../document/region';
import { regionAt } from '../document/regions';
import { isXmlSpace } from '../parser';

/**
 * An XML name (NameStartChar NameChar*, BMP), as a JavaScript regular expression source: the editor ends the
 * linked editing session when what the user types into a tag name stops being one (e.g. a space).
 */
export const XML_NAME_PATTERN =
  '[:A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD]' +
  '[-.0-9:A-Z_a-z\\u00B7\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u203F-\\u2040\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD]*';

export function findLinkedEditingRanges(document: TextDocument, regions: readonly VoiceMLRegion[], position: Position): LinkedEditingRanges | null {
  const at = regionAt(regions, document.offsetAt(position));
  if (!at) return null;
  const { region, offset } = at;
  const element = elementWithNameAt(region.xml.children, offset);
  // Only a pair: without an end tag there is nothing to keep in step. A substituted name (`<${tag}>` in a
  // template) is not text the user can rename.
  if (!element?.endTag || element.dynamicName || element.endTag.name !== element.name) return null;
  // In a template the names were compared in the virtual text, where an escape (`\e`) reads as the character
  // it stands for; the edits go to the source, so the names must be the same there too.
  const source = document.getText();
  const base = region.offset;
  const endTag = element.endTag;
  if (source.slice(base + element.nameStart, base + element.nameEnd) !== source.slice(base + endTag.nameStart, base + endTag.nameEnd)) return null;
  const range = (start: number, end: number) => ({
    start: document.positionAt(base + start),
    end: document.positionAt(base + end),
  });
  return {
    ranges: [range(element.nameStart, element.nameEnd), range(element.endTag.nameStart, element.endTag.nameEnd)],
    wordPattern: XML_NAME_PATTERN,
  };
}

/** The element whose start or end tag name touches `offset` (either edge counts: the cursor after `Say`). */
function elementWithNameAt(nodes: readonly XmlNode[], offset: number): XmlElement | undefined {
  let current: readonly XmlNode[] = nodes;
  for (;;) {
    let next: readonly XmlNode[] | undefined;
    for (const node of current) {
      if (node.kind !== 'element' || offset < node.start || offset > node.end) continue;
      if (offset >= node.nameStart && offset <= node.nameEnd) return node;
      const endTag = node.endTag;
      if (endTag && offset >= endTag.nameStart && offset <= endTag.nameEnd) return node;
      if (offset >= node.startTagEnd) next = node.children;
    }
    if (!next) return undefined;
    current = next;
  }
}

/** Text to insert for a tag being closed by typing. */
export interface AutoClose {
  /** Offset in the document where it goes (the cursor, right after the typed character). */
  offset: number;
  /** The plain text: `</Say>` after a typed `>`, `Say>` after a typed `</`. */
  text: string;
  /** The same as an LSP snippet, with `$0` where the cursor belongs: `$0</Say>`, `Say>$0`. */
  snippet: string;
}

/**
 * What to insert after the user typed `typed` so that the cursor is at `position` (right after it):
 * `>` ending the start tag of an element that has no end tag yet → `</Name>` after the cursor;
 * `/` right after `<` inside an element still open → its name and `>`.
 */
export function doAutoClose(document: TextDocument, regions: readonly VoiceMLRegion[], position: Position, typed: string): AutoClose | undefined {
  const offset = document.offsetAt(position);
  const at = regionAt(regions, offset);
  if (!at || at.offset < 1) return undefined;
  const { region, offset: local } = at;
  const text = region.tree.text;
  if (typed === '>' && text.charCodeAt(local - 1) === 0x3e) {
    const element = innermostElement(region.xml.children, local - 1);
    if (
      !element ||
      element.startTagEnd !== local ||
      !element.startTagClosed ||
      element.selfClosing ||
      element.endTag ||
      element.name === '' ||
      element.dynamicName ||
      // `<Say a="x>`: the `>` most likely belongs to a value whose closing quote is still to come.
      element.attributes.some((a) => a.value && a.value.quote !== '' && !a.value.closed)
    ) {
      return undefined;
    }
    const close = `</${element.name}>`;
    return { offset, text: close, snippet: `$0${escapeSnippet(close)}` };
  }
  if (typed === '/' && local >= 2 && text.startsWith('</', local - 2)) {
    // `</` typed in front of existing text (`</|Say>`) is an edit of that text, not a tag being typed.
    const after = text.charCodeAt(local);
    if (local < text.length && !isXmlSpace(after) && after !== 0x3c) return undefined;
    const element = innermostElement(region.xml.children, local - 2);
    if (!element || element.endTag || element.name === '' || element.dynamicName || local - 2 < element.startTagEnd) return undefined;
    // Inside a comment, CDATA or PI the `</` is just text.
    if (element.children.some((c) => c.kind !== 'element' && c.kind !== 'text' && c.start <= local - 2 && local - 2 < c.end)) return undefined;
    const close = `${element.name}>`;
    return { offset, text: close, snippet: `${escapeSnippet(close)}$0` };
  }
  return undefined;
}

/** The innermost element whose extent holds `offset` (document order; the parser allows any depth). */
function innermostElement(nodes: readonly XmlNode[], offset: number): XmlElement | undefined {
  let found: XmlElement | undefined;
  let current: readonly XmlNode[] = nodes;
  for (;;) {
    const element = current.find((n): n is XmlElement => n.kind === 'element' && n.start <= offset && offset < Math.max(n.end, n.startTagEnd));
    if (!element) return found;
    found = element;
    current = element.children;
  }
}

/** Snippet syntax gives `$`, `}` and `\` a meaning; XML names cannot hold them, but be exact anyway. */
function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, '\\$&');
}

