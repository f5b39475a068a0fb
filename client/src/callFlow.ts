/**
 * "VoiceML: Show Call Flow": a webview beside the editor drawing the workspace's call flow — the graph the
 * language server answers to `voiceml/callFlow` — redrawn when the server says it changed
 * (`voiceml/callFlowChanged`, after an edit or a change on disk). A click in the picture opens the handler or
 * the URL in an editor. The picture is drawn by the webview's own script (`client/webview/`), bundled with its
 * layout library: nothing is loaded from the network, and the page's Content Security Policy allows only the
 * extension's own script and style. The panel comes back after a window reload.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { FlowGraph } from '../../server/src/flow/graph';
import type { FromWebview, Texts, ToWebview, WebviewState } from '../webview/messages';

export const SHOW_CALL_FLOW = 'voiceml.showCallFlow';
const VIEW_TYPE = 'voiceml.callFlow';
/** Changes reported within this many milliseconds are drawn once. */
const REDRAW_DELAY_MS = 150;

export function registerCallFlow(context: vscode.ExtensionContext, client: LanguageClient, started: Promise<void>): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_CALL_FLOW, () => CallFlowPanel.show(context, client, started)),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: WebviewState | undefined) {
        CallFlowPanel.revive(panel, context, client, started, state?.folder);
      },
    }),
    client.onNotification('voiceml/callFlowChanged', () => CallFlowPanel.current?.changed()),
  );
}

class CallFlowPanel {
  static current: CallFlowPanel | undefined;

  /** Shows the panel (made the first time), for the folder of the active editor. */
  static show(context: vscode.ExtensionContext, client: LanguageClient, started: Promise<void>): void {
    const folder = activeFolder();
    if (CallFlowPanel.current) {
      CallFlowPanel.current.folder = folder ?? CallFlowPanel.current.folder;
      CallFlowPanel.current.panel.reveal(undefined, false);
      CallFlowPanel.current.changed();
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('VoiceML Call Flow'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, options(context));
    CallFlowPanel.current = new CallFlowPanel(panel, context, client, started, folder);
  }

  /** The panel again after a window reload. */
  static revive(panel: vscode.WebviewPanel, context: vscode.ExtensionContext, client: LanguageClient, started: Promise<void>, folder: string | undefined): void {
    panel.webview.options = options(context);
    CallFlowPanel.current?.panel.dispose();
    CallFlowPanel.current = new CallFlowPanel(panel, context, client, started, folder ?? activeFolder());
  }

  private timer: ReturnType<typeof setTimeout> | undefined;
  /** A change came while the panel was hidden: it is redrawn when shown. */
  private stale = false;
  private ready = false;
  /** Counts requests, so that an answer overtaken by a newer request is dropped. */
  private asked = 0;
  private readonly disposables: vscode.Disposable[] = [];

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly client: LanguageClient,
    private readonly started: Promise<void>,
    private folder: string | undefined,
  ) {
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'images', 'icon.png');
    panel.webview.html = this.html();
    panel.webview.onDidReceiveMessage((message: FromWebview) => this.received(message), undefined, this.disposables);
    panel.onDidChangeViewState(() => panel.visible && this.stale && this.changed(), undefined, this.disposables);
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
  }

  /** The flow may have changed: redraw soon, or when the panel is shown again. */
  changed(): void {
    if (!this.ready) return;
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.redraw(), REDRAW_DELAY_MS);
  }

  private async redraw(): Promise<void> {
    this.stale = false;
    const asked = ++this.asked;
    let message: ToWebview;
    try {
      await this.started;
      const graph = await this.client.sendRequest<FlowGraph>('voiceml/callFlow', { folder: this.folder });
      message = { type: 'graph', graph, texts: texts(), folder: this.folder };
    } catch (error) {
      message = { type: 'error', message: vscode.l10n.t('The call flow could not be read: {0}', error instanceof Error ? error.message : String(error)), texts: texts(), folder: this.folder };
    }
    if (asked === this.asked) void this.panel.webview.postMessage(message);
  }

  private received(message: FromWebview): void {
    if (message.type === 'ready') {
      // The page (re)loaded: it has nothing drawn yet.
      this.ready = true;
      clearTimeout(this.timer);
      void this.redraw();
    } else if (message.type === 'open') {
      const { start, end } = message.range;
      const selection = new vscode.Range(start.line, start.character, end.line, end.character);
      // In the editor group the user works in, not over the picture.
      const column = vscode.window.visibleTextEditors[0]?.viewColumn ?? vscode.ViewColumn.One;
      void vscode.window.showTextDocument(vscode.Uri.parse(message.uri), { selection, viewColumn: column === this.panel.viewColumn ? vscode.ViewColumn.One : column });
    }
  }

  private html(): string {
    const webview = this.panel.webview;
    const asset = (file: string): string => webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview', file)).toString();
    const source = webview.cspSource;
    return `<!DOCTYPE html>
<html lang="${escapeHtml(vscode.env.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${source}; style-src ${source}; img-src ${source} data:; font-src ${source};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(asset('callFlow.css'))}">
<title>${escapeHtml(vscode.l10n.t('VoiceML Call Flow'))}</title>
</head>
<body>
<script src="${escapeHtml(asset('callFlow.js'))}"></script>
</body>
</html>`;
  }

  private dispose(): void {
    clearTimeout(this.timer);
    if (CallFlowPanel.current === this) CallFlowPanel.current = undefined;
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function options(context: vscode.ExtensionContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')] };
}

/** The workspace folder of the active editor's file, else the first folder (a URI). */
function activeFolder(): string | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.toString();
}

/** The picture's words in the user's language; `{0}` and `{1}` stay for the webview to fill in. */
function texts(): Texts {
  return {
    noRoute: vscode.l10n.t('(no route)'),
    more: vscode.l10n.t('… {0} more', '{0}'),
    empty: vscode.l10n.t('No routes and no VoiceML steps in this workspace yet. Routes registered with Express, Fastify, Koa, Hono, Next.js, Flask or FastAPI, and the URLs of Gather, Record, Dial and Redirect, appear here.'),
    loading: vscode.l10n.t('Reading the call flow…'),
    unresolved: vscode.l10n.t('? {0}', '{0}'),
    fit: vscode.l10n.t('Fit'),
    zoomIn: vscode.l10n.t('Zoom in (+)'),
    zoomOut: vscode.l10n.t('Zoom out (−)'),
    filter: vscode.l10n.t('Filter by path or verb'),
    tooMany: vscode.l10n.t('Showing {0} of {1} nodes: filter to see the others', '{0}', '{1}'),
    noMatch: vscode.l10n.t('Nothing in the call flow matches the filter.'),
    open: vscode.l10n.t('{0}\nClick to open {1}', '{0}', '{1}'),
  };
}

function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
