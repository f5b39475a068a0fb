/**
 * The messages between the "VoiceML: Show Call Flow" panel (`client/src/callFlow.ts`, in the extension host) and
 * the script drawing the graph in its webview (`callFlow.ts` here). Types only.
 */
import type { FlowGraph } from '../../server/src/flow/graph';
import type { NodeWords } from '../../server/src/flow/labels';

/** The words the picture shows, in the user's language. `{0}`, `{1}`: values put in. */
export interface Texts extends NodeWords {
  /** Shown instead of a graph when the workspace has no route and no step. */
  empty: string;
  /** While the server has not answered yet. */
  loading: string;
  /** The node of a URL that cannot be resolved: `? {0}`. */
  unresolved: string;
  fit: string;
  zoomIn: string;
  zoomOut: string;
  /** The filter box's placeholder. */
  filter: string;
  /** When more nodes match than are drawn: `Showing {0} of {1} nodes — filter to see the others`. */
  tooMany: string;
  /** When the filter matches nothing. */
  noMatch: string;
  /** A node's or a label's tooltip: `{0} — click to open {1}`. */
  open: string;
}

export type ToWebview =
  | { type: 'graph'; graph: FlowGraph; texts: Texts; folder: string | undefined }
  | { type: 'error'; message: string; texts: Texts; folder: string | undefined };

export type FromWebview =
  | { type: 'ready' }
  /** Open a place of the workspace in an editor (LSP positions). */
  | { type: 'open'; uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };

/** What the webview keeps across being hidden and shown, and across a window reload. */
export interface WebviewState {
  folder: string | undefined;
  filter: string;
  view: { x: number; y: number; k: number } | undefined;
}
