/**
 * Routes and steps of the call-flow index as LSP places: where a route is registered (its path selected), where a
 * step's URL is written, how a route is named in lists (`POST /ivr/menu`). Shared by the navigation services.
 */
import type { Location, Range } from 'vscode-languageserver-types';
import type { FlowIndex, Route, Step } from './index';

export function rangeIn(index: FlowIndex, uri: string, start: number, end: number): Range {
  return { start: index.positionOf(uri, start), end: index.positionOf(uri, end) };
}

/** The whole registration (the call, the decorated function). */
export function routeRange(index: FlowIndex, route: Route): Range {
  return rangeIn(index, route.uri, route.decl.range.start, route.decl.range.end);
}

/** The path as written in the registration (or the handler's name, for a route its file's place defines). */
export function routeSelection(index: FlowIndex, route: Route): Range {
  return rangeIn(index, route.uri, route.decl.pathRange.start, route.decl.pathRange.end);
}

export function routeLocation(index: FlowIndex, route: Route): Location {
  return { uri: route.uri, range: routeSelection(index, route) };
}

/** Where a step's URL is written. */
export function stepLocation(index: FlowIndex, step: Step): Location {
  return { uri: step.uri, range: rangeIn(index, step.uri, step.target.start, step.target.end) };
}

/** `/ivr/menu`, or `…/menu` when a prefix in front of it is unknown. */
export function routePath(route: Route): string {
  return `${route.prefixKnown ? '' : '…'}${route.path ?? '?'}`;
}

/** `POST · express`: the methods (`*`: any) and the framework. */
export function routeDetail(route: Route): string {
  return `${route.methods.map((m) => (m === '*' ? 'ANY' : m)).join(', ')} · ${route.decl.framework}`;
}

/** The file name a list shows for a URI (its last part). */
export function fileName(index: FlowIndex, uri: string): string {
  const path = index.pathOf(uri) ?? uri;
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The routes a position stands for: a step's URL leads to its routes; a route's path, where it is registered, is
 * that route. Elsewhere in a handler nothing: the host language's own features answer there.
 */
export function routesAtPosition(index: FlowIndex, uri: string, offset: number): Route[] {
  const step = index.stepAt(uri, offset);
  if (step) return step.to;
  return index.routesIn(uri).filter((r) => r.decl.pathRange.start <= offset && offset <= r.decl.pathRange.end);
}
