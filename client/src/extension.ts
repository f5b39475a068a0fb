/**
 * The VS Code extension: starts the bundled VoiceML language server over IPC and hands it the documents we
 * serve, and offers the call simulator in a terminal (`simulateCall.ts`). It knows nothing about VoiceML itself;
 * it only turns the server's "show these references" lens command into VS Code's references view.
 */
import * as path from 'node:path';
import { commands, Uri, type ExtensionContext } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { Location, Position } from 'vscode-languageclient';
import { registerSimulateCall } from './simulateCall';

let client: LanguageClient | undefined;

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
  // The call-flow lens above a route lists the steps leading to it: LSP positions and locations, converted.
  const p2c = client.protocol2CodeConverter;
  context.subscriptions.push(
    commands.registerCommand('voiceml.showReferences', (uri: string, position: Position, locations: Location[]) =>
      commands.executeCommand('editor.action.showReferences', Uri.parse(uri), p2c.asPosition(position), locations.map((l) => p2c.asLocation(l))),
    ),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
