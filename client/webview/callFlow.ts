/**
 * The script of the "VoiceML: Show Call Flow" webview: draws the call-flow graph the language server answers
 * (`voiceml/callFlow`, the JSON of `docs/call-flow.md`) as an SVG picture — routes as boxes with the verbs they
 * answer with, steps as arrows labelled by the verb and condition that lead there — laid out by dagre (layered
 * layout, bundled: nothing is loaded from the network). A click on a box opens its handler, a click on an
 * arrow's label opens the URL that makes the step. Pans with the mouse, zooms with the wheel, filters by text;
 * keeps its view when the graph is redrawn after an edit.
 */
import { Graph, layout } from '@dagrejs/dagre';
import type { GraphEdge, GraphNode, Location } from '../../server/src/flow/graph';
import { nodeLines } from '../../server/src/flow/labels';
import type { FromWebview, Texts, ToWebview, WebviewState } from './messages';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): WebviewState | undefined;
  setState(state: WebviewState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';

/** Text metrics of the picture (px); the font is the editor's, read from the page's style. */
const FONT_SIZE = 12;
const LINE_HEIGHT = 17;
const PAD_X = 10;
const PAD_Y = 7;
/** A line longer than this many characters is cut with an ellipsis (the whole text is in the tooltip). */
const MAX_LINE = 56;
/**
 * At most this many nodes are drawn: dagre's layout grows faster than linearly, and a picture of more routes is
 * not read anyway; the filter box finds the others.
 */
const MAX_NODES = 300;
/** How far a step from a box to itself loops out of the box. */
const LOOP_WIDTH = 26;

const state: WebviewState = vscode.getState() ?? { folder: undefined, filter: '', view: undefined };
let last: Extract<ToWebview, { type: 'graph' }> | undefined;

const toolbar = element('div', { id: 'toolbar' });
const filterBox = element('input', { type: 'search', id: 'filter', spellcheck: 'false' });
const notice = element('span', { id: 'notice', role: 'status' });
const buttons = {
  fit: element('button', { type: 'button' }),
  zoomIn: element('button', { type: 'button' }),
  zoomOut: element('button', { type: 'button' }),
};
toolbar.append(filterBox, buttons.zoomOut, buttons.zoomIn, buttons.fit, notice);
const canvas = document.createElementNS(SVG, 'svg');
canvas.id = 'canvas';
canvas.setAttribute('role', 'img');
const viewport = document.createElementNS(SVG, 'g');
canvas.append(defs(), viewport);
const message = element('div', { id: 'message' });
document.body.append(toolbar, canvas, message);

filterBox.value = state.filter;
let filterTimer: ReturnType<typeof setTimeout> | undefined;
filterBox.addEventListener('input', () => {
  clearTimeout(filterTimer);
  filterTimer = setTimeout(() => {
    state.filter = filterBox.value;
    state.view = undefined; // another set of nodes: fit them
    save();
    if (last) draw(last);
  }, 150);
});
buttons.fit.addEventListener('click', () => fit());
buttons.zoomIn.addEventListener('click', () => zoomBy(1.25));
buttons.zoomOut.addEventListener('click', () => zoomBy(0.8));

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const data = event.data;
  state.folder = data.folder;
  setTexts(data.texts);
  if (data.type === 'error') {
    show(data.message);
    return;
  }
  last = data;
  draw(data);
});
vscode.postMessage({ type: 'ready' });

// ----- drawing ---------------------------------------------------------------------------------------------

interface Box {
  id: string;
  lines: string[];
  /** What a click opens. */
  opens: Location | undefined;
  kind: GraphNode['kind'] | 'unresolved';
  width: number;
  height: number;
}

function draw({ graph, texts }: Extract<ToWebview, { type: 'graph' }>): void {
  viewport.replaceChildren();
  if (graph.nodes.length === 0 && graph.edges.length === 0) {
    show(texts.empty);
    return;
  }
  // Unresolved steps (`${next}`) lead to a node of their own each, as in `voiceml flow`'s pictures.
  const boxes = new Map<string, Box>();
  for (const node of graph.nodes) boxes.set(node.id, box(node.id, node.kind, nodeLines(node, texts), opensOf(node, graph.edges)));
  const edges = graph.edges.map((edge, i) => {
    if (edge.to !== null) return { edge, to: edge.to };
    const id = `unresolved:${i}`;
    boxes.set(id, box(id, 'unresolved', [texts.unresolved.replace('{0}', edge.url)], edge.location));
    return { edge, to: id };
  });

  // The filter keeps the nodes whose text holds it, and the nodes one step from them.
  const query = state.filter.trim().toLowerCase();
  let shown = [...boxes.keys()];
  if (query !== '') {
    const hits = new Set(shown.filter((id) => boxes.get(id)!.lines.some((line) => line.toLowerCase().includes(query))));
    const near = new Set(hits);
    for (const { edge, to } of edges) {
      if (hits.has(edge.from)) near.add(to);
      if (hits.has(to)) near.add(edge.from);
    }
    shown = shown.filter((id) => near.has(id));
  }
  const total = shown.length;
  if (total === 0) {
    show(texts.noMatch);
    return;
  }
  shown = shown.slice(0, MAX_NODES);
  notice.textContent = total > shown.length ? texts.tooMany.replace('{0}', String(shown.length)).replace('{1}', String(total)) : '';
  const drawn = new Set(shown);

  const labelled = edges.filter(({ edge, to }) => drawn.has(edge.from) && drawn.has(to));
  // A step from a route to itself (`<Redirect>` to its own path) is drawn here as a loop on the box's right,
  // with room kept for it in the layout (dagre's own self-loops come out misplaced).
  const loops = new Map<string, GraphEdge[]>();
  for (const { edge, to } of labelled) if (edge.from === to) loops.set(to, [...(loops.get(to) ?? []), edge]);
  const loopRoom = (id: string): number => {
    const own = loops.get(id);
    return own ? LOOP_WIDTH + Math.max(...own.map((e) => textWidth(e.label))) + 8 : 0;
  };
  const laidOut = (rankdir: 'TB' | 'LR'): Graph => {
    const g = new Graph({ multigraph: true });
    g.setGraph({ rankdir, nodesep: 28, ranksep: 46, edgesep: 12, marginx: 16, marginy: 16 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const id of shown) {
      const b = boxes.get(id)!;
      g.setNode(id, { width: b.width + loopRoom(id), height: Math.max(b.height, (loops.get(id)?.length ?? 0) * LINE_HEIGHT * 1.5) });
    }
    labelled.forEach(({ edge, to }, i) => {
      if (edge.from !== to) g.setEdge(edge.from, to, { width: textWidth(edge.label) + 8, height: LINE_HEIGHT, labelpos: 'c' }, `e${i}`);
    });
    layout(g);
    return g;
  };
  // Top to bottom, as a call goes; left to right instead when that shows it larger in the panel as it is shaped.
  message.hidden = true;
  canvas.classList.remove('hidden');
  let g = laidOut('TB');
  if (scaleToFit(g) < 1) {
    const across = laidOut('LR');
    if (scaleToFit(across) > scaleToFit(g) * 1.15) g = across;
  }

  const edgeLayer = document.createElementNS(SVG, 'g');
  const nodeLayer = document.createElementNS(SVG, 'g');
  viewport.append(edgeLayer, nodeLayer);
  const edgesOf = new Map<string, SVGGElement[]>();
  const boxAt = (id: string): { x: number; y: number; b: Box } => {
    const laid = g.node(id);
    const b = boxes.get(id)!;
    return { x: laid.x! - laid.width / 2, y: laid.y! - b.height / 2, b };
  };
  const loopCount = new Map<string, number>();
  labelled.forEach(({ edge, to }, i) => {
    let group: SVGGElement;
    if (edge.from === to) {
      const { x, y, b } = boxAt(to);
      const n = loopCount.get(to) ?? 0;
      loopCount.set(to, n + 1);
      const count = loops.get(to)!.length;
      const centre = y + b.height / 2 + (n - (count - 1) / 2) * LINE_HEIGHT * 1.5;
      group = drawLoop(edge, x + b.width, centre, texts);
    } else {
      const laid = g.edge(edge.from, to, `e${i}`);
      group = drawEdge(edge, laid.points ?? [], laid.x ?? 0, laid.y ?? 0, texts);
    }
    edgeLayer.append(group);
    for (const end of [edge.from, to]) edgesOf.set(end, [...(edgesOf.get(end) ?? []), group]);
  });
  for (const id of shown) {
    const { x, y, b } = boxAt(id);
    const group = drawNode(b, x, y, texts);
    // Hovering a node lights up its steps in and out.
    group.addEventListener('mouseenter', () => edgesOf.get(id)?.forEach((e) => e.classList.add('lit')));
    group.addEventListener('mouseleave', () => edgesOf.get(id)?.forEach((e) => e.classList.remove('lit')));
    nodeLayer.append(group);
  }
  const size = g.graph();
  content = { width: size.width ?? 0, height: size.height ?? 0 };
  canvas.setAttribute('aria-label', `${shown.length} nodes, ${labelled.length} steps`);
  if (state.view) apply(state.view);
  else fit();
}

function box(id: string, kind: Box['kind'], all: string[], opens: Location | undefined): Box {
  const lines = all.map((line) => (line.length > MAX_LINE ? line.slice(0, MAX_LINE - 1) + '…' : line));
  const width = Math.ceil(Math.max(...lines.map((line, i) => textWidth(line, i === 0)))) + 2 * PAD_X;
  return { id, lines, opens, kind, width: Math.max(width, 80), height: lines.length * LINE_HEIGHT + 2 * PAD_Y };
}

/** What a click on a node opens: a route's handler (the path as written), the file of code outside routes, the URL asking for a path no route serves. */
function opensOf(node: GraphNode, edges: readonly GraphEdge[]): Location | undefined {
  if (node.kind === 'route') {
    const handler = node.handlers?.[0];
    return handler && { uri: handler.uri, file: handler.file, range: handler.selection };
  }
  if (node.kind === 'code') return node.location;
  return edges.find((e) => e.to === node.id)?.location;
}

function drawNode(b: Box, x: number, y: number, texts: Texts): SVGGElement {
  const group = document.createElementNS(SVG, 'g');
  group.setAttribute('class', `node ${b.kind}`);
  group.setAttribute('transform', `translate(${x},${y})`);
  const rect = document.createElementNS(SVG, 'rect');
  setAttributes(rect, { width: b.width, height: b.height, rx: b.kind === 'unresolved' ? b.height / 2 : 4 });
  group.append(rect);
  b.lines.forEach((line, i) => {
    const text = document.createElementNS(SVG, 'text');
    setAttributes(text, { x: PAD_X, y: PAD_Y + i * LINE_HEIGHT + FONT_SIZE, class: i === 0 ? 'title' : 'verb' });
    text.textContent = line;
    group.append(text);
  });
  clickable(group, b.lines.join('\n'), b.opens, texts);
  return group;
}

function drawEdge(edge: GraphEdge, points: readonly { x: number; y: number }[], x: number, y: number, texts: Texts): SVGGElement {
  return edgeGroup(edge, curve(points), x, y, 'middle', texts);
}

/** A step from a box to itself: a loop out of its right side at height `y`, the label right of the loop. */
function drawLoop(edge: GraphEdge, right: number, y: number, texts: Texts): SVGGElement {
  const d = `M${round(right)},${round(y - 6)}C${round(right + LOOP_WIDTH)},${round(y - 16)} ${round(right + LOOP_WIDTH)},${round(y + 16)} ${round(right + 1)},${round(y + 6)}`;
  return edgeGroup(edge, d, right + LOOP_WIDTH, y, 'start', texts);
}

/** An arrow along `d`, its label at (`x`, `y`), anchored there by its middle or its start. */
function edgeGroup(edge: GraphEdge, d: string, x: number, y: number, anchor: 'middle' | 'start', texts: Texts): SVGGElement {
  const group = document.createElementNS(SVG, 'g');
  group.setAttribute('class', `edge ${edge.match}`);
  const path = document.createElementNS(SVG, 'path');
  setAttributes(path, { d, 'marker-end': 'url(#arrow)' });
  group.append(path);
  const label = document.createElementNS(SVG, 'g');
  label.setAttribute('class', 'label');
  const width = textWidth(edge.label) + 8;
  const left = anchor === 'middle' ? x - width / 2 : x;
  const back = document.createElementNS(SVG, 'rect');
  setAttributes(back, { x: left, y: y - LINE_HEIGHT / 2, width, height: LINE_HEIGHT, rx: 3 });
  const text = document.createElementNS(SVG, 'text');
  setAttributes(text, { x: left + width / 2, y: y + FONT_SIZE / 2 - 1, 'text-anchor': 'middle' });
  text.textContent = edge.label;
  label.append(back, text);
  clickable(label, `${edge.label}: ${edge.url}`, edge.location, texts);
  group.append(label);
  return group;
}

/** A smooth line through dagre's points: straight at the ends, quadratic curves through the bends. */
function curve(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  const p = points.map((point) => `${round(point.x)},${round(point.y)}`);
  if (points.length < 3) return `M${p.join('L')}`;
  let d = `M${p[0]}`;
  for (let i = 1; i < points.length - 1; i++) {
    const next = points[i + 1]!;
    const mid = i === points.length - 2 ? next : { x: (points[i]!.x + next.x) / 2, y: (points[i]!.y + next.y) / 2 };
    d += `Q${p[i]} ${round(mid.x)},${round(mid.y)}`;
  }
  return d;
}

/** Opens `opens` on a click, or on Enter or Space when focused (every node and label is in the tab order). */
function clickable(target: SVGGElement, description: string, opens: Location | undefined, texts: Texts): void {
  const title = document.createElementNS(SVG, 'title');
  title.textContent = opens ? texts.open.replace('{0}', description).replace('{1}', `${opens.file}:${opens.range.start.line + 1}`) : description;
  target.append(title);
  if (!opens) return;
  target.classList.add('clickable');
  target.setAttribute('tabindex', '0');
  target.setAttribute('role', 'link');
  target.setAttribute('aria-label', description);
  const open = (): void => vscode.postMessage({ type: 'open', uri: opens.uri, range: opens.range });
  target.addEventListener('click', (event) => {
    if (!moved) open();
    event.stopPropagation();
  });
  target.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open();
    }
  });
}

function defs(): SVGDefsElement {
  const defs = document.createElementNS(SVG, 'defs');
  const marker = document.createElementNS(SVG, 'marker');
  setAttributes(marker, { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  const tip = document.createElementNS(SVG, 'path');
  setAttributes(tip, { d: 'M0,0L10,5L0,10z', class: 'tip' });
  marker.append(tip);
  defs.append(marker);
  return defs;
}

// ----- pan and zoom ----------------------------------------------------------------------------------------

let content = { width: 0, height: 0 };
let moved = false;

function apply(view: { x: number; y: number; k: number }): void {
  state.view = view;
  viewport.setAttribute('transform', `translate(${round(view.x)},${round(view.y)}) scale(${view.k.toFixed(4)})`);
  save();
}

/** The scale at which a laid-out graph fits the picture's area. */
function scaleToFit(g: Graph): number {
  const { width, height } = canvas.getBoundingClientRect();
  const size = g.graph();
  if (!size.width || !size.height || width === 0) return 1;
  return Math.min((width - 16) / size.width, (height - 16) / size.height);
}

/** The whole picture in the window, at most at its natural size. */
function fit(): void {
  const { width, height } = canvas.getBoundingClientRect();
  if (content.width === 0 || width === 0) return;
  const k = Math.min(1, (width - 16) / content.width, (height - 16) / content.height);
  apply({ k, x: (width - content.width * k) / 2, y: Math.max(8, (height - content.height * k) / 2) });
}

function zoomBy(factor: number, at?: { x: number; y: number }): void {
  const view = state.view ?? { x: 0, y: 0, k: 1 };
  const { width, height } = canvas.getBoundingClientRect();
  const centre = at ?? { x: width / 2, y: height / 2 };
  const k = Math.min(4, Math.max(0.05, view.k * factor));
  apply({ k, x: centre.x - ((centre.x - view.x) * k) / view.k, y: centre.y - ((centre.y - view.y) * k) / view.k });
}

canvas.addEventListener(
  'wheel',
  (event) => {
    event.preventDefault();
    const bounds = canvas.getBoundingClientRect();
    zoomBy(Math.exp(-event.deltaY * 0.0015), { x: event.clientX - bounds.left, y: event.clientY - bounds.top });
  },
  { passive: false },
);

let drag: { x: number; y: number; view: { x: number; y: number; k: number } } | undefined;
canvas.addEventListener('pointerdown', (event) => {
  if (event.button !== 0) return;
  moved = false;
  drag = { x: event.clientX, y: event.clientY, view: state.view ?? { x: 0, y: 0, k: 1 } };
});
canvas.addEventListener('pointermove', (event) => {
  if (!drag) return;
  const dx = event.clientX - drag.x;
  const dy = event.clientY - drag.y;
  if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
  if (!moved) canvas.setPointerCapture(event.pointerId);
  moved = true;
  canvas.classList.add('dragging');
  apply({ ...drag.view, x: drag.view.x + dx, y: drag.view.y + dy });
});
const endDrag = (): void => {
  drag = undefined;
  canvas.classList.remove('dragging');
};
canvas.addEventListener('pointerup', endDrag);
canvas.addEventListener('pointercancel', endDrag);
window.addEventListener('keydown', (event) => {
  if (event.target === filterBox) return;
  if (event.key === '+' || event.key === '=') zoomBy(1.25);
  else if (event.key === '-') zoomBy(0.8);
  else if (event.key === '0') fit();
});

// ----- helpers ---------------------------------------------------------------------------------------------

function show(text: string): void {
  viewport.replaceChildren();
  canvas.classList.add('hidden');
  notice.textContent = '';
  message.hidden = false;
  message.textContent = text;
}

function setTexts(texts: Texts): void {
  filterBox.placeholder = texts.filter;
  filterBox.setAttribute('aria-label', texts.filter);
  buttons.fit.textContent = texts.fit;
  buttons.zoomIn.textContent = '+';
  buttons.zoomIn.title = texts.zoomIn;
  buttons.zoomOut.textContent = '−';
  buttons.zoomOut.title = texts.zoomOut;
  if (!last) show(texts.loading);
}

const measure = document.createElement('canvas').getContext('2d')!;
const widths = new Map<string, number>();
/** The drawn width of a line in the picture's font (bold for a node's title). */
function textWidth(text: string, bold = false): number {
  const key = (bold ? 'b' : 'n') + text;
  let width = widths.get(key);
  if (width === undefined) {
    const family = getComputedStyle(document.body).getPropertyValue('--vscode-editor-font-family').trim() || 'monospace';
    measure.font = `${bold ? '600 ' : ''}${FONT_SIZE}px ${family}`;
    width = measure.measureText(text).width;
    widths.set(key, width);
  }
  return width;
}

function save(): void {
  vscode.setState(state);
}

function round(n: number): string {
  return (Math.round(n * 10) / 10).toString();
}

function setAttributes(target: Element, attributes: Record<string, string | number>): void {
  for (const [name, value] of Object.entries(attributes)) target.setAttribute(name, String(value));
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string>): HTMLElementTagNameMap[K] {
  const made = document.createElement(tag);
  setAttributes(made, attributes);
  return made;
}
