/**
 * The `errlsp` output channel: the server's stderr, LSP traces and the extension's own notes
 * (which command started the server, why none could be found, ignored settings).
 */

import * as vscode from 'vscode';

let channel: vscode.LogOutputChannel | undefined;

export function outputChannel(): vscode.LogOutputChannel {
    channel ??= vscode.window.createOutputChannel('errlsp', { log: true });
    return channel;
}

export function disposeOutputChannel(): void {
    channel?.dispose();
    channel = undefined;
}
