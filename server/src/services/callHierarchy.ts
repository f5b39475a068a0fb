/**
 * Call Hierarchy (`textDocument/prepareCallHierarchy`, `callHierarchy/incomingCalls`, `…/outgoingCalls`) over the
 * call flow: a route's incoming calls are the routes whose responses lead to it (each with the URLs written
 * there), its outgoing calls the routes its responses lead to. Prepared on a route's path where it is
 * registered, or on a URL that leads to one. A step written outside any handler comes from its file; a step to a
 * path no route serves, or to a URL that cannot be resolved, goes to an item saying so.
 */
import { SymbolKind, type CallHierarchyIncomingCall, type CallHierarchyItem, type CallHierarchyOutgoingCall, type Range } from 'vscode-languageserver-types';
import { localize, type Locale } from '../l10n';
import type { FlowIndex, Route, Step } from '../flow/index';
import { fileName, rangeIn, routeDetail, routePath, routeRange, routeSelection, routesAtPosition } from '../flow/locations';

/** What an item carries to find its route again. */
interface ItemData {
  uri: string;
  start: number;
  path: string | undefined;
}

export function prepareCallHierarchy(index: FlowIndex, uri: string, offset: number): CallHierarchyItem[] | null {
  const routes = routesAtPosition(index, uri, offset);
  return routes.length > 0 ? distinct(routes).map((r) => itemOf(index, r)) : null;
}

export function incomingCalls(index: FlowIndex, item: CallHierarchyItem, locale: Locale): CallHierarchyIncomingCall[] {
  const route = routeOf(index, item);
  if (!route) return [];
  const calls = new Map<string, CallHierarchyIncomingCall>();
  for (const step of index.incoming(route)) {
    const from = step.from[0];
    const caller = from ? itemOf(index, from) : fileItem(index, step, locale);
    const key = from ? `${from.uri}\n${from.decl.range.start}\n${from.path}` : `file\n${step.uri}`;
    const call = calls.get(key) ?? { from: caller, fromRanges: [] };
    call.fromRanges.push(urlRange(index, step));
    calls.set(key, call);
  }
  return [...calls.values()];
}

export function outgoingCalls(index: FlowIndex, item: CallHierarchyItem, locale: Locale): CallHierarchyOutgoingCall[] {
  const route = routeOf(index, item);
  if (!route) return [];
  const calls = new Map<string, CallHierarchyOutgoingCall>();
  for (const step of index.outgoing(route)) {
    const targets: { key: string; item: CallHierarchyItem }[] =
      step.to.length > 0 ? distinct(step.to).map((r) => ({ key: `${r.uri}\n${r.decl.range.start}\n${r.path}`, item: itemOf(index, r) })) : [{ key: `none\n${step.path ?? step.target.written}`, item: nowhereItem(index, step, locale) }];
    for (const target of targets) {
      const call = calls.get(target.key) ?? { to: target.item, fromRanges: [] };
      call.fromRanges.push(urlRange(index, step));
      calls.set(target.key, call);
    }
  }
  return [...calls.values()];
}

function itemOf(index: FlowIndex, route: Route): CallHierarchyItem {
  const data: ItemData = { uri: route.uri, start: route.decl.range.start, path: route.path };
  return {
    name: routePath(route),
    kind: SymbolKind.Method,
    detail: `${routeDetail(route)} · ${fileName(index, route.uri)}`,
    uri: route.uri,
    range: routeRange(index, route),
    selectionRange: routeSelection(index, route),
    data,
  };
}

/** The route an item stands for, looked up again (the index may have changed since). */
function routeOf(index: FlowIndex, item: CallHierarchyItem): Route | undefined {
  const data = item.data as Partial<ItemData> | undefined;
  if (!data || typeof data.uri !== 'string' || typeof data.start !== 'number') return undefined;
  return index.routesIn(data.uri).find((r) => r.decl.range.start === data.start && r.path === data.path);
}

/** Steps written outside any handler come from their file. */
function fileItem(index: FlowIndex, step: Step, locale: Locale): CallHierarchyItem {
  const range = urlRange(index, step);
  return { name: fileName(index, step.uri), kind: SymbolKind.File, detail: localize({ ko: '라우트 밖의 VoiceML', en: 'VoiceML outside a route' }, locale), uri: step.uri, range, selectionRange: range };
}

/** A step to a path no route serves, or to a URL that cannot be resolved. */
function nowhereItem(index: FlowIndex, step: Step, locale: Locale): CallHierarchyItem {
  const range = urlRange(index, step);
  const missing = step.resolution === 'path';
  return {
    name: missing ? step.path! : step.target.written,
    kind: SymbolKind.Null,
    detail: missing ? localize({ ko: '이 경로의 라우트가 없습니다', en: 'no route serves this path' }, locale) : localize({ ko: '코드가 정하는 URL', en: 'a URL the code computes' }, locale),
    uri: step.uri,
    range,
    selectionRange: range,
  };
}

function urlRange(index: FlowIndex, step: Step): Range {
  return rangeIn(index, step.uri, step.target.start, step.target.end);
}

/** One route per registration and path (a handler registered for GET and POST once). */
function distinct(routes: readonly Route[]): Route[] {
  const seen = new Set<string>();
  return routes.filter((r) => {
    const key = `${r.uri}\n${r.decl.range.start}\n${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
