/**
 * The interpreter selected in the Python extension, when that extension is installed.
 *
 * errlsp runs as `<python> -m errlsp serve` with it, the same way the Python tools extensions
 * (black, ruff, pylint) find their server, so `pip install errlsp` into the project's
 * environment is all a user has to do.
 */

import { PythonExtension } from '@vscode/python-extension';
import * as vscode from 'vscode';

async function pythonApi(): Promise<PythonExtension | undefined> {
    if (vscode.extensions.getExtension('ms-python.python') === undefined) {
        return undefined;
    }
    try {
        return await PythonExtension.api();
    } catch {
        return undefined;
    }
}

/** Command + args of the selected interpreter for `resource`, or undefined. */
export async function selectedInterpreter(resource?: vscode.Uri): Promise<string[] | undefined> {
    const api = await pythonApi();
    if (api === undefined) {
        return undefined;
    }
    const active = api.environments.getActiveEnvironmentPath(resource);
    const environment = await api.environments.resolveEnvironment(active);
    const executable = environment?.executable.uri?.fsPath;
    return executable === undefined ? undefined : [executable];
}

export function hasPythonExtension(): boolean {
    return vscode.extensions.getExtension('ms-python.python') !== undefined;
}

/** Calls `listener` when the user selects another interpreter. */
export async function onInterpreterChanged(listener: () => void): Promise<vscode.Disposable | undefined> {
    const api = await pythonApi();
    return api?.environments.onDidChangeActiveEnvironmentPath(() => {
        listener();
    });
}
