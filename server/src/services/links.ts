/**
 * Document links (`textDocument/documentLink`): every attribute value and element body whose model type is a
 * URL (`url`, `wssUrl`) — Gather/Record/Dial `action`, the `<Play>` and `<Redirect>` bodies, Stream `url` —
 * when it is an absolute http(s) or wss URL. A URL the call-flow index resolves to a route of the workspace
 * (also a relative path, `/handle-input`, or `${BASE}/lang`) opens that route's handler instead, at its path;
 * other relative paths are resolved by the platform against the webhook's URL, which the editor does not know,
 * so they are not links.
 *
 * The range is exactly the URL as written (inside the quotes, surrounding white space left out); the target
 * is the decoded value (`&amp;` → `&`), normalised by the WHATWG URL parser so it is always a valid URI.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentLink } from 'vscode-languageserver-types';
import { getAttribute, getElement } from '../model';
import type { ValueType } from '../model/types';
import type { XmlNode } from '../parser/ast';
import type { VoiceMLRegion } from '../document/region';
import { isXmlSpace } from '../parser';
import type { FlowIndex } from '../flow/index';
import { routePath } from '../flow/locations';
import { localize, type Locale } from '../l10n';

const ABSOLUTE = /^(?:https?|wss):\/\//i;

export function findDocumentLinks(document: TextDocument, regions: readonly VoiceMLRegion[], flow?: { index: FlowIndex; locale: Locale }): DocumentLink[] {
  const links: { offset: number; link: DocumentLink }[] = [];
  const handlerLinks = flow ? handlerLinksOf(document, flow.index, flow.locale) : new Map<number, DocumentLink>();
  for (const region of regions) {
    const text = region.tree.text;
    const add = (start: number, end: number, value: string): void => {
      const target = absoluteUrl(value.trim());
      if (target === undefined) return;
      // The range covers the written URL only, not white space around it.
      while (start < end && isXmlSpace(text.charCodeAt(start))) start++;
      while (end > start && isXmlSpace(text.charCodeAt(end - 1))) end--;
      links.push({
        offset: region.offset + start,
        link: { range: { start: document.positionAt(region.offset + start), end: document.positionAt(region.offset + end) }, target },
      });
    };
    const work: (readonly XmlNode[])[] = [region.xml.children];
    while (work.length > 0) {
      for (const node of work.pop()!) {
        if (node.kind !== 'element') continue;
        if (node.children.length > 0) work.push(node.children);
        const spec = node.dynamicName ? undefined : getElement(node.name);
        if (!spec) continue;
        for (const attribute of node.attributes) {
          const value = attribute.value;
          if (!value || value.dynamic || !isUrlType(getAttribute(spec.name, attribute.name)?.type)) continue;
          add(value.valueStart, value.valueEnd, value.value);
        }
        if (isUrlType(spec.body.type)) {
          const body = singleBody(node.children);
          if (body) add(body.start, body.end, body.value);
        }
      }
    }
  }
  // A URL that leads to a route of the workspace opens its handler, not the web address.
  const out = links.filter((l) => !handlerLinks.has(l.offset));
  for (const [offset, link] of handlerLinks) out.push({ offset, link });
  // The walk is not in document order; clients that list links (or step through them) expect it.
  return out.sort((a, b) => a.offset - b.offset).map((l) => l.link);
}

/** Links from the URLs of the document's steps to the handlers of the routes they lead to, by the URL's offset. */
function handlerLinksOf(document: TextDocument, index: FlowIndex, locale: Locale): Map<number, DocumentLink> {
  const links = new Map<number, DocumentLink>();
  for (const step of index.stepsIn(document.uri)) {
    const route = step.to[0];
    if (!route) continue;
    const at = index.positionOf(route.uri, route.decl.pathRange.start);
    links.set(step.target.start, {
      range: { start: document.positionAt(step.target.start), end: document.positionAt(step.target.end) },
      // `#L12,5`: editors open the file at that line and column.
      target: `${route.uri}#L${at.line + 1},${at.character + 1}`,
      tooltip: localize({ ko: '{0} 핸들러 열기', en: 'Open the handler of {0}' }, locale, [`${route.methods.join(', ')} ${routePath(route)}`]),
    });
  }
  return links;
}

function isUrlType(type: ValueType | undefined): boolean {
  return type?.kind === 'url' || type?.kind === 'wssUrl';
}

/**
 * The one text or CDATA node holding the body, with the offsets of its content. A body split by a comment
 * or a substitution is not one URL, and a URL with something unknown in it cannot be followed.
 */
function singleBody(children: readonly XmlNode[]): { start: number; end: number; value: string } | undefined {
  let found: { start: number; end: number; value: string } | undefined;
  for (const child of children) {
    if (child.kind === 'text') {
      if (child.dynamic) return undefined;
      if (child.whitespace) continue;
      if (found) return undefined;
      found = { start: child.start, end: child.end, value: child.value };
    } else if (child.kind === 'cdata') {
      if (child.value.trim() === '') continue;
      if (found) return undefined;
      found = { start: child.start + '<![CDATA['.length, end: child.start + '<![CDATA['.length + child.value.length, value: child.value };
    }
  }
  return found;
}

function absoluteUrl(value: string): string | undefined {
  if (!ABSOLUTE.test(value)) return undefined;
  try {
    return new URL(value).href;
  } catch {
    return undefined; // `https://` alone, a bad port …: not something a click can open
  }
}

