/**
 * What the user sees when errlsp cannot start: one notification that says what is wrong and
 * offers the fix as buttons, never a silent failure.
 */

import * as vscode from 'vscode';
import { installCommand, missingServerMessage, type Resolution } from './resolve';
import { hasPythonExtension } from './python';

const INSTALL = 'Install errlsp';
const SELECT_INTERPRETER = 'Select Interpreter';
const OPEN_SETTINGS = 'Set errlsp.path';
const SHOW_OUTPUT = 'Show Output';

/** Runs `<python> -m pip install errlsp` as a task; resolves to true when it succeeded. */
async function installInto(interpreter: readonly string[]): Promise<boolean> {
    const [command, ...args] = installCommand(interpreter) as [string, ...string[]];
    const task = new vscode.Task(
        { type: 'process' },
        vscode.TaskScope.Workspace,
        'install errlsp',
        'errlsp',
        new vscode.ProcessExecution(command, args),
    );
    const execution = await vscode.tasks.executeTask(task);
    return new Promise((resolve) => {
        const listener = vscode.tasks.onDidEndTaskProcess((event) => {
            if (event.execution === execution) {
                listener.dispose();
                resolve(event.exitCode === 0);
            }
        });
    });
}

/** Shows why no server was found; `restart` is called after a successful install. */
export async function notifyMissingServer(
    resolution: Extract<Resolution, { found: false }>,
    channel: vscode.LogOutputChannel,
    restart: () => Promise<void>,
): Promise<void> {
    const message = missingServerMessage(resolution);
    channel.error(message);
    for (const line of resolution.tried) {
        channel.error(`  tried ${line}`);
    }
    const interpreter = resolution.interpreter;
    const buttons: string[] = [];
    if (interpreter !== undefined && interpreter.length > 0) {
        buttons.push(INSTALL);
    }
    if (hasPythonExtension()) {
        buttons.push(SELECT_INTERPRETER);
    }
    buttons.push(OPEN_SETTINGS, SHOW_OUTPUT);
    const choice = await vscode.window.showErrorMessage(message, ...buttons);
    if (choice === INSTALL && interpreter !== undefined) {
        if (await installInto(interpreter)) {
            await restart();
        } else {
            channel.show(true);
        }
    } else if (choice === SELECT_INTERPRETER) {
        await vscode.commands.executeCommand('python.setInterpreter');
    } else if (choice === OPEN_SETTINGS) {
        await vscode.commands.executeCommand('workbench.action.openSettings', 'errlsp.path');
    } else if (choice === SHOW_OUTPUT) {
        channel.show(true);
    }
}

/** Shows that a found command failed to start or to initialize. */
export async function notifyStartFailure(
    commandLine: string,
    error: unknown,
    channel: vscode.LogOutputChannel,
): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    const message = `errlsp could not start with \`${commandLine}\`: ${reason}`;
    channel.error(message);
    const choice = await vscode.window.showErrorMessage(message, OPEN_SETTINGS, SHOW_OUTPUT);
    if (choice === OPEN_SETTINGS) {
        await vscode.commands.executeCommand('workbench.action.openSettings', 'errlsp.path');
    } else if (choice === SHOW_OUTPUT) {
        channel.show(true);
    }
}
