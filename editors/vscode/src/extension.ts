/**
 * Entry point: wires commands, settings and interpreter changes to the server controller.
 * Everything with logic lives in `common/`.
 */

import * as vscode from 'vscode';
import { showCatalogEntry } from './common/catalogEntry';
import { SECTION } from './common/config';
import { ServerController } from './common/controller';
import { disposeOutputChannel, outputChannel } from './common/log';
import { onInterpreterChanged } from './common/python';

let controller: ServerController | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
    const channel = outputChannel();
    const server = new ServerController(channel, context.extensionPath);
    controller = server;
    context.subscriptions.push(
        channel,
        vscode.commands.registerCommand('errlsp.restart', () => server.restart()),
        vscode.commands.registerCommand('errlsp.showOutput', () => {
            channel.show();
        }),
        vscode.commands.registerCommand('errlsp.showCatalogEntry', showCatalogEntry),
        vscode.workspace.onDidChangeConfiguration(async (event) => {
            if (
                event.affectsConfiguration(`${SECTION}.path`) ||
                event.affectsConfiguration(`${SECTION}.importStrategy`)
            ) {
                await server.restart();
            } else if (event.affectsConfiguration(SECTION) && !event.affectsConfiguration(`${SECTION}.trace`)) {
                await server.settingsChanged();
            }
        }),
        vscode.workspace.onDidChangeWorkspaceFolders(() => server.restart()),
    );
    const interpreterListener = await onInterpreterChanged(() => {
        if (server.server?.source !== 'setting') {
            void server.restart();
        }
    });
    if (interpreterListener !== undefined) {
        context.subscriptions.push(interpreterListener);
    }
    void server.restart();
}

export async function deactivate(): Promise<void> {
    await controller?.dispose();
    controller = undefined;
    disposeOutputChannel();
}
