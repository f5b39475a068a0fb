/**
 * The VS Code extension: starts the bundled VoiceML language server over IPC and hands it the documents we
 * serve, and offers the call simulator in a terminal (`simulateCall.ts`) and the picture of the call flow the
 * server answers (`callFlow.ts`). It knows nothing about VoiceML itself; it only turns the server's "show these
 * references" lens command into VS Code's references view.
 */
import * as path from 'node:path';
import { commands, Uri, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { Location, Position } from 'vscode-languageclient';
import { registerSimulateCall, SIMULATE_CALL } from './simulateCall';
import { registerCallFlow } from './callFlow';

let client: LanguageClient | undefined;

/** The command of the server's lens that lists the steps leading to a route. */
const SHOW_REFERENCES = 'voiceml.showReferences';

/**
 * Languages whose documents the server looks at; it decides itself which of them hold VoiceML. In JS/TS and
 * Python it answers only inside strings holding VoiceML, so the language's own features are left alone.
 */
const LANGUAGES = ['voiceml', 'xml', 'javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'python'];

export async function activate(context: ExtensionContext): Promise<void> {
  registerSimulateCall(context);
  const module = context.asAbsolutePath(path.join('dist', 'server', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6029'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Any scheme: files, untitled buffers, remote and virtual workspaces (the server reads only the text sent).
    documentSelector: LANGUAGES.map((language) => ({ language })),
    synchronize: { configurationSection: 'voiceml' },
  };
  client = new LanguageClient('voiceml', 'VoiceML', serverOptions, clientOptions);
  context.subscriptions.push(client);
  // The server's lenses run these commands of ours: it is told that this client has them.
  client.registerFeature({
    fillClientCapabilities(capabilities) {
      capabilities.experimental = { ...(capabilities.experimental as object | undefined), commands: { commands: [SHOW_REFERENCES, SIMULATE_CALL] } };
    },
    initialize: () => undefined,
    getState: () => ({ kind: 'static' }),
    clear: () => undefined,
  });
  const started = client.start();
  registerCallFlow(context, client, started);
  // The call-flow lens above a route lists the steps leading to it: LSP positions and locations, converted.
  const p2c = client.protocol2CodeConverter;
  context.subscriptions.push(
    commands.registerCommand(SHOW_REFERENCES, (uri: string, position: Position, locations: Location[]) =>
      commands.executeCommand('editor.action.showReferences', Uri.parse(uri), p2c.asPosition(position), locations.map((l) => p2c.asLocation(l))),
    ),
  );
  await started;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
