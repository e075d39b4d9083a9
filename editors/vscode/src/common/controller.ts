/**
 * One running errlsp at a time: resolve the command, start the client, restart on demand.
 *
 * Restarts are serialized (a settings change and a click on "Restart" can race) and a failed
 * start leaves a notification and a log entry, never an exception in the extension host.
 */

import { existsSync, readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { readImportStrategy, readPathSetting } from './config';
import { notifyMissingServer, notifyStartFailure } from './notify';
import { selectedInterpreter } from './python';
import {
    expandPathSetting,
    pythonHasModule,
    pythonVersion,
    resolveServer,
    SERVER_MODULE,
    type ServerCommand,
    type ServerSource,
    which,
} from './resolve';
import { createClient, pushSettings } from './server';

/** How the output channel names where the running server came from. */
const SOURCE_NAMES: Record<ServerSource, string> = {
    setting: 'from errlsp.path',
    bundled: 'bundled with the extension',
    interpreter: "from the selected interpreter's environment",
    path: 'from PATH',
};

export class ServerController implements vscode.Disposable {
    private client: LanguageClient | undefined;
    private current: ServerCommand | undefined;
    private queue: Promise<void> = Promise.resolve();

    /** `bundled/tool/launch.py` in a platform-specific .vsix; undefined in a build without it. */
    private readonly bundledLauncher: string | undefined;
    /** The CPython versions `bundled/libs/cp3XX` holds libraries for, e.g. `3.12`. */
    private readonly bundledPythons: string[];

    constructor(
        private readonly channel: vscode.LogOutputChannel,
        extensionPath: string,
    ) {
        const launcher = path.join(extensionPath, 'bundled', 'tool', 'launch.py');
        const libs = path.join(extensionPath, 'bundled', 'libs');
        this.bundledPythons = existsSync(libs)
            ? readdirSync(libs)
                  .filter((name) => /^cp3\d+$/.test(name))
                  .map((name) => `3.${name.slice(3)}`)
            : [];
        // An untargeted .vsix has the launcher but no libraries: no bundle then.
        this.bundledLauncher = existsSync(launcher) && this.bundledPythons.length > 0 ? launcher : undefined;
    }

    /** The command the running server was started with, if one runs. */
    get server(): ServerCommand | undefined {
        return this.current;
    }

    restart(): Promise<void> {
        this.queue = this.queue.then(
            () => this.doRestart(),
            () => this.doRestart(),
        );
        return this.queue;
    }

    async settingsChanged(): Promise<void> {
        if (this.client?.isRunning() === true) {
            await pushSettings(this.client, this.channel);
        }
    }

    async dispose(): Promise<void> {
        await this.stop();
    }

    private async stop(): Promise<void> {
        const client = this.client;
        this.client = undefined;
        this.current = undefined;
        if (client !== undefined) {
            try {
                await client.stop(5_000);
            } catch (error) {
                this.channel.warn(`stopping errlsp: ${String(error)}`);
            }
        }
    }

    private async doRestart(): Promise<void> {
        await this.stop();
        const folder = vscode.workspace.workspaceFolders?.[0];
        const interpreter = await selectedInterpreter(folder?.uri).catch(() => undefined);
        const pathSetting = expandPathSetting(readPathSetting(folder?.uri), {
            workspaceFolder: folder?.uri.fsPath,
            userHome: os.homedir(),
            interpreter,
        });
        const resolution = await resolveServer(
            {
                pathSetting,
                interpreter,
                importStrategy: readImportStrategy(folder?.uri),
                bundledLauncher: this.bundledLauncher,
                bundledPythons: this.bundledPythons,
            },
            {
                interpreterHasServer: (python) => pythonHasModule(python, SERVER_MODULE),
                pythonVersion: (python) => pythonVersion(python),
                which: (name) => which(name),
            },
        );
        if (!resolution.found) {
            void notifyMissingServer(resolution, this.channel, () => this.restart());
            return;
        }
        const server = resolution.server;
        const commandLine = [server.command, ...server.args].join(' ');
        this.channel.info(`starting errlsp (${server.source}): ${commandLine}`);
        const client = createClient(server, this.channel);
        try {
            await client.start();
        } catch (error) {
            void notifyStartFailure(commandLine, error, this.channel);
            try {
                await client.dispose(2_000);
            } catch {
                // already gone
            }
            return;
        }
        this.client = client;
        this.current = server;
        const info = client.initializeResult?.serverInfo;
        const version = `${info?.name ?? 'errlsp'} ${info?.version ?? '(version not reported)'}`;
        this.channel.info(`errlsp started: ${version}, ${SOURCE_NAMES[server.source]}`);
    }
}
