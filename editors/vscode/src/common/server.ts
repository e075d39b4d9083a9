/**
 * Starts errlsp over stdio with vscode-languageclient and keeps its settings in step.
 *
 * Settings reach the server three ways, all with the same camelCased keys (see `settings.ts`):
 * `initializationOptions` (the first workspace folder's settings), `workspace/didChangeConfiguration`
 * with `{settings: {errlsp: {...}}}` after a change, and answers to `workspace/configuration`
 * for section `errlsp` per folder, for a server that asks.
 */

import * as vscode from 'vscode';
import {
    DidChangeConfigurationNotification,
    LanguageClient,
    type LanguageClientOptions,
    type ResponseError,
    RevealOutputChannelOn,
    type ServerOptions,
    TransportKind,
} from 'vscode-languageclient/node';
import { readServerSettings, SECTION } from './config';
import type { ServerCommand } from './resolve';

export const CLIENT_ID = 'errlsp';
export const CLIENT_NAME = 'errlsp';

/** Python documents errlsp checks: files, unsaved buffers and notebook cells. */
export const DOCUMENT_SELECTOR = [
    { scheme: 'file', language: 'python' },
    { scheme: 'untitled', language: 'python' },
    { scheme: 'vscode-notebook-cell', language: 'python' },
];

/** Config and catalog files whose change makes the server reload (it may register more). */
const WATCHED_FILES =
    '**/{pyproject.toml,errlsp.toml,*.errlsp.toml,*.errlsp.json,errlsp-catalog*.toml,errlsp-catalog*.json}';

function logProblems(channel: vscode.LogOutputChannel, problems: readonly string[]): void {
    for (const problem of problems) {
        channel.warn(problem);
    }
}

function scopeOf(scopeUri: string | undefined): vscode.Uri | undefined {
    return scopeUri === undefined ? undefined : vscode.Uri.parse(scopeUri);
}

export function createClient(server: ServerCommand, channel: vscode.LogOutputChannel): LanguageClient {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const initial = readServerSettings(folder?.uri);
    logProblems(channel, initial.problems);

    const serverOptions: ServerOptions = {
        command: server.command,
        args: server.args,
        transport: TransportKind.stdio,
        options: {
            ...(folder === undefined ? {} : { cwd: folder.uri.fsPath }),
            env: { ...process.env, PYTHONUNBUFFERED: '1' },
        },
    };

    const clientOptions: LanguageClientOptions = {
        documentSelector: DOCUMENT_SELECTOR,
        outputChannel: channel,
        traceOutputChannel: channel,
        revealOutputChannelOn: RevealOutputChannelOn.Never,
        initializationOptions: initial.settings,
        synchronize: {
            fileEvents: vscode.workspace.createFileSystemWatcher(WATCHED_FILES),
        },
        middleware: {
            workspace: {
                configuration: async (params, token, next) => {
                    const answers: unknown = await next(params, token);
                    if (!Array.isArray(answers)) {
                        return answers as ResponseError;
                    }
                    const values: unknown[] = answers;
                    return params.items.map((item, index): unknown =>
                        item.section === SECTION
                            ? readServerSettings(scopeOf(item.scopeUri)).settings
                            : values[index],
                    );
                },
            },
        },
    };

    return new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
}

/** Sends the current settings after a change of any `errlsp.*` setting but `errlsp.path`. */
export async function pushSettings(client: LanguageClient, channel: vscode.LogOutputChannel): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const mapped = readServerSettings(folder?.uri);
    logProblems(channel, mapped.problems);
    await client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { [SECTION]: mapped.settings },
    });
}
