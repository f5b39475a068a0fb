/**
 * Find References (`textDocument/references`) of a route: on its path where it is registered, or on a URL that
 * leads to it, every step of the workspace's VoiceML that leads there (and the registration itself when the
 * client asks for declarations too).
 */
import type { Location } from 'vscode-languageserver-types';
import type { FlowIndex } from '../flow/index';
import { routeLocation, routesAtPosition, stepLocation } from '../flow/locations';

export function findReferences(index: FlowIndex, uri: string, offset: number, includeDeclaration: boolean): Location[] | null {
  const routes = routesAtPosition(index, uri, offset);
  if (routes.length === 0) return null;
  const declarations = includeDeclaration ? [...new Set(routes.map((r) => r.decl))].map((decl) => routeLocation(index, routes.find((r) => r.decl === decl)!)) : [];
  const steps = [...new Set(routes.flatMap((r) => index.incoming(r)))];
  const locations = [...declarations, ...steps.map((s) => stepLocation(index, s))];
  return locations.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
}
