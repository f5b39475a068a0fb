/**
 * Go to Definition (`textDocument/definition`) from a step's URL — a Gather, Record or Dial `action`, a
 * `<Redirect>` body — to the handler(s) of the route it leads to, in whatever file registers it. The link
 * selects the route's path where it is registered; its range is the whole registration (for peeking).
 */
import type { LocationLink } from 'vscode-languageserver-types';
import type { FlowIndex } from '../flow/index';
import { rangeIn, routeRange, routeSelection } from '../flow/locations';

export function findDefinition(index: FlowIndex, uri: string, offset: number): LocationLink[] | null {
  const step = index.stepAt(uri, offset);
  if (!step || step.to.length === 0) return null;
  const origin = rangeIn(index, uri, step.target.start, step.target.end);
  return step.to.map((route) => ({ originSelectionRange: origin, targetUri: route.uri, targetRange: routeRange(index, route), targetSelectionRange: routeSelection(index, route) }));
}
