/**
 * The call flow as a graph: nodes are the routes (by path) with the verbs they answer with, edges the steps
 * between them, labelled by the verb that leads there and by what the handler's code says must hold (`Digits`
 * is `1`, `DialCallStatus` is not `completed`). Written as JSON (the format `docs/call-flow.md` documents, read
 * by the editor's picture), Mermaid or Graphviz DOT. Built from the index; positions are LSP's (0-based lines,
 * UTF-16 characters).
 */
import * as posix from 'node:path/posix';
import type { FlowIndex, Route, Step, When } from './index';
import type { ResponseSummary, VerbSummary } from './responses';
import { nodeLines, whenLabel } from './labels';

export const GRAPH_FORMAT_VERSION = 1;

export interface FlowGraph {
  version: typeof GRAPH_FORMAT_VERSION;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface Position {
  line: number;
  character: number;
}

export interface Location {
  uri: string;
  /** The file's path relative to the graph's folder (posix), or the URI when it is not a file under it. */
  file: string;
  range: { start: Position; end: Position };
}

export interface GraphNode {
  /** `route:/ivr/lang`; `route:…/lang` for a route under an unknown prefix; `missing:/ivr/x`; `code:src/helpers.ts`. */
  id: string;
  /**
   * `route`: a path the workspace serves; `missing`: a path a step asks for that no route serves; `code`:
   * VoiceML written outside any route's handler (a helper function, an `.xml` file).
   */
  kind: 'route' | 'missing' | 'code';
  /** `route` and `missing`: the path. */
  path?: string;
  /** `route`: false when a prefix in front of the path is unknown (its router is mounted where the code does not say). */
  prefixKnown?: boolean;
  /** `route`: the HTTP methods its handlers take (`*`: any), sorted. */
  methods?: string[];
  /**
   * `route`: each registration of the path: where it is (`range`: the call or decorated function; `selection`:
   * the path as written, what an editor selects), its methods, its framework, its handler's name.
   */
  handlers?: (Location & { selection: Location['range']; methods: string[]; framework: string; name?: string })[];
  /** `code`: the file. */
  location?: Location;
  /** The responses it answers with: where each is written, what must hold for it, its verbs. */
  responses: (Location & { when: When[]; verbs: VerbSummary[] })[];
}

export interface GraphEdge {
  from: string;
  /** The node the step leads to; null when its URL cannot be resolved (`${next}`). */
  to: string | null;
  /** The verb that makes the request: `Gather`, `Record`, `Dial`, `Redirect`. */
  verb: string;
  /** The URL as written (`${BASE}/lang`). */
  url: string;
  /** The path it asks for (or its known end, for `match: 'tail'`). */
  path?: string;
  /** `exact`: resolved and served; `tail`: only the URL's end is known, matched against the routes' ends, or the route's prefix is unknown; `none`: resolved, served by no route; `unknown`: not resolved. */
  match: 'exact' | 'tail' | 'none' | 'unknown';
  when: When[];
  /** `Gather`, `Dial · 3`, `Redirect · else`, `Redirect · ≠ completed`. */
  label: string;
  /** Where the URL is written. */
  location: Location;
}

/** The graph of everything the index knows; `folder` is what file paths are relative to. */
export function buildGraph(index: FlowIndex, folder?: string): FlowGraph {
  const files = new Map<string, string>();
  const location = (uri: string, start: number, end: number): Location => {
    let file = files.get(uri);
    if (file === undefined) files.set(uri, (file = relativeFile(index, uri, folder)));
    return { uri, file, range: { start: index.positionOf(uri, start), end: index.positionOf(uri, end) } };
  };
  const nodes = new Map<string, GraphNode>();
  const responses = (list: { uri: string; response: ResponseSummary; when: When[] }[]): GraphNode['responses'] =>
    list.map(({ uri, response, when }) => ({ ...location(uri, response.start, response.end), when, verbs: response.verbs }));

  const routeNode = (route: Route): GraphNode => {
    const id = routeId(route);
    let node = nodes.get(id);
    if (!node) {
      node = { id, kind: 'route', path: route.path ?? '?', prefixKnown: route.prefixKnown, methods: [], handlers: [], responses: [] };
      nodes.set(id, node);
    }
    return node;
  };
  for (const route of index.routes()) {
    const node = routeNode(route);
    node.methods = [...new Set([...node.methods!, ...route.methods])].sort();
    const selection = location(route.uri, route.decl.pathRange.start, route.decl.pathRange.end).range;
    node.handlers!.push({ ...location(route.uri, route.decl.range.start, route.decl.range.end), selection, methods: [...route.methods], framework: route.decl.framework, ...(route.decl.name ? { name: route.decl.name } : {}) });
    // A handler shared by several registrations of the path (GET and POST) answers once.
    for (const response of responses(index.responsesOf(route))) {
      if (!node.responses.some((r) => r.uri === response.uri && samePosition(r.range.start, response.range.start))) node.responses.push(response);
    }
  }
  for (const { uri, response } of index.looseResponses()) {
    if (response.verbs.length === 0) continue;
    codeNode(nodes, location(uri, 0, 0)).responses.push(...responses([{ uri, response, when: [] }]));
  }

  const edges: GraphEdge[] = [];
  for (const step of index.steps()) {
    const sources = step.from.length > 0 ? [...new Set(step.from.map(routeId))] : [codeNode(nodes, location(step.uri, 0, 0)).id];
    const where = location(step.uri, step.target.start, step.target.end);
    let destinations: (string | null)[];
    let match: GraphEdge['match'];
    if (step.to.length > 0) {
      destinations = [...new Set(step.to.map(routeId))];
      match = step.resolution === 'path' && step.certain ? 'exact' : 'tail';
    } else if (step.resolution === 'path') {
      const id = `missing:${step.path}`;
      if (!nodes.has(id)) nodes.set(id, { id, kind: 'missing', path: step.path, responses: [] });
      destinations = [id];
      match = 'none';
    } else {
      destinations = [null];
      match = 'unknown';
    }
    for (const from of sources) {
      for (const to of destinations) {
        edges.push({ from, to, verb: step.target.verb, url: step.target.written, ...(step.path !== undefined ? { path: step.path } : {}), match, when: step.when, label: edgeLabel(step), location: where });
      }
    }
  }
  return { version: GRAPH_FORMAT_VERSION, nodes: [...nodes.values()], edges };
}

function codeNode(nodes: Map<string, GraphNode>, location: Location): GraphNode {
  const id = `code:${location.file}`;
  let node = nodes.get(id);
  if (!node) {
    node = { id, kind: 'code', location, responses: [] };
    nodes.set(id, node);
  }
  return node;
}

function routeId(route: Route): string {
  return `route:${route.prefixKnown ? '' : '…'}${route.path ?? '?'}`;
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

function relativeFile(index: FlowIndex, uri: string, folder: string | undefined): string {
  const path = index.pathOf(uri);
  if (path === undefined) return uri;
  if (folder === undefined) return path;
  const relative = posix.relative(folder, path);
  return relative.startsWith('..') ? path : relative;
}

/** `Gather`, `Dial · 3`, `Redirect · else` (several values it is not), `Redirect · ≠ completed`. */
export function edgeLabel(step: Step): string {
  const conditions = step.when.map(whenLabel).filter((l) => l !== '');
  return [step.target.verb, ...conditions].join(' · ');
}

// ----- text formats --------------------------------------------------------------------------------------

export function toMermaid(graph: FlowGraph): string {
  const ids = new Map(graph.nodes.map((node, i) => [node.id, `n${i}`]));
  const escape = (text: string): string => text.replaceAll('"', '#quot;').replaceAll('<', '#lt;').replaceAll('>', '#gt;');
  const out = ['flowchart TD'];
  for (const node of graph.nodes) {
    const label = nodeLines(node).map(escape).join('<br/>');
    const shape = node.kind === 'missing' ? `{{"${label}"}}` : node.kind === 'code' ? `[/"${label}"/]` : `["${label}"]`;
    out.push(`  ${ids.get(node.id)}${shape}`);
  }
  let unknown = 0;
  for (const edge of graph.edges) {
    let to = edge.to === null ? undefined : ids.get(edge.to);
    if (to === undefined) {
      to = `u${unknown++}`;
      out.push(`  ${to}(["? ${escape(edge.url)}"])`);
    }
    out.push(`  ${ids.get(edge.from)} -->|"${escape(edge.label)}"| ${to}`);
  }
  const missing = graph.nodes.filter((n) => n.kind === 'missing').map((n) => ids.get(n.id));
  if (missing.length > 0) {
    out.push('  classDef missing stroke:#d33,stroke-width:2px,color:#d33');
    out.push(`  class ${missing.join(',')} missing`);
  }
  return out.join('\n') + '\n';
}

export function toDot(graph: FlowGraph): string {
  const quote = (text: string): string => `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  const out = ['digraph callflow {', '  rankdir=TB;', '  node [shape=box, style=rounded, fontname="sans-serif"];', '  edge [fontname="sans-serif"];'];
  for (const node of graph.nodes) {
    const label = nodeLines(node).map((line) => line.replaceAll('\\', '\\\\').replaceAll('"', '\\"')).join('\\l') + '\\l';
    const style = node.kind === 'missing' ? ', color="#d33", fontcolor="#d33"' : node.kind === 'code' ? ', shape=note' : '';
    out.push(`  ${quote(node.id)} [label="${label}"${style}];`);
  }
  let unknown = 0;
  for (const edge of graph.edges) {
    let to = edge.to;
    if (to === null) {
      to = `unknown:${unknown++}`;
      out.push(`  ${quote(to)} [label=${quote(`? ${edge.url}`)}, shape=ellipse, style=dashed];`);
    }
    out.push(`  ${quote(edge.from)} -> ${quote(to)} [label=${quote(edge.label)}${edge.match === 'tail' ? ', style=dashed' : ''}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
