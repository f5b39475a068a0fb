/**
 * Workspace symbols (`workspace/symbol`): the routes of the workspace, by path (`/ivr/menu`), with their methods
 * and framework; the query matches when its characters appear in the path in order, case ignored (editors rank
 * and filter further).
 */
import { SymbolKind, type WorkspaceSymbol } from 'vscode-languageserver-types';
import type { FlowIndex } from '../flow/index';
import { routeDetail, routeLocation, routePath } from '../flow/locations';

/** At most this many symbols per answer. */
const MAX_SYMBOLS = 1000;

export function findWorkspaceSymbols(index: FlowIndex, query: string): WorkspaceSymbol[] {
  const wanted = query.toLowerCase();
  const seen = new Set<string>();
  const out: WorkspaceSymbol[] = [];
  for (const route of index.routes()) {
    const name = routePath(route);
    const key = `${route.uri}\n${route.decl.range.start}\n${name}`;
    if (seen.has(key) || !inOrder(wanted, name.toLowerCase())) continue;
    seen.add(key);
    out.push({ name, kind: SymbolKind.Method, containerName: routeDetail(route), location: routeLocation(index, route) });
    if (out.length >= MAX_SYMBOLS) break;
  }
  return out;
}

/** Do the characters of `query` appear in `text` in order? */
function inOrder(query: string, text: string): boolean {
  let at = 0;
  for (const c of query) {
    at = text.indexOf(c, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}
