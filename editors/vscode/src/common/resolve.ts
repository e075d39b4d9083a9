/**
 * Which command starts errlsp: the decision users of Python tools in VS Code expect.
 *
 *   1. `errlsp.path` when set (command + args, used as given: the user asked for it);
 *   2. with `errlsp.importStrategy: useBundled` (the default) and a .vsix that bundles the
 *      server: the bundled launcher, run by the interpreter selected in the Python extension,
 *      else by `python3` (`python` on Windows) from PATH, like Microsoft's Python tool extensions;
 *   3. else the interpreter selected in the Python extension, when it can import errlsp:
 *      `<python> -m errlsp serve`;
 *   4. else `errlsp serve` from PATH.
 *
 * When nothing works, the result lists what was tried so the notification and the output
 * channel can say exactly what to fix. Pure logic plus small Node helpers (no `vscode` import),
 * so `npm test` checks it with real files and real processes.
 */

import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import * as path from 'node:path';

export const SERVER_MODULE = 'errlsp';
export const SERVER_EXECUTABLE = 'errlsp';
export const SERVE_ARGS: readonly string[] = ['serve'];

export type ServerSource = 'setting' | 'bundled' | 'interpreter' | 'path';
export type ImportStrategy = 'useBundled' | 'fromEnvironment';
/** What the notification tells a user to run: no package index serves errlsp yet. */
export const INSTALL_SPEC = 'git+https://github.com/errlsp/errlsp';

export interface ServerCommand {
    command: string;
    args: string[];
    source: ServerSource;
}

export interface ResolveInput {
    /** The `errlsp.path` setting, variables already expanded; empty = not set. */
    pathSetting: readonly string[];
    /** The Python extension's selected interpreter (command + args), if that extension is there. */
    interpreter?: readonly string[] | undefined;
    /** `errlsp.importStrategy`; absent means `useBundled`. */
    importStrategy?: ImportStrategy | undefined;
    /** The bundled server's launcher (`bundled/tool/launch.py`) when this .vsix has one. */
    bundledLauncher?: string | undefined;
    /** The CPython versions the bundle has libraries for (`3.10`...); absent: any. */
    bundledPythons?: readonly string[] | undefined;
    /** The platform, for the name of Python on PATH (`python` on Windows). */
    platform?: NodeJS.Platform | undefined;
}

export interface Probes {
    /** True when `python` can import errlsp. */
    interpreterHasServer(python: readonly string[]): Promise<boolean>;
    /** `cpython 3.12` for a Python that runs, else undefined (only asked for the bundle). */
    pythonVersion?(python: readonly string[]): Promise<string | undefined>;
    /** Full path of an executable found on PATH, or undefined. */
    which(name: string): string | undefined;
}

export type Resolution =
    | { found: true; server: ServerCommand; tried: string[] }
    | { found: false; tried: string[]; interpreter?: readonly string[] | undefined };

export async function resolveServer(input: ResolveInput, probes: Probes): Promise<Resolution> {
    const tried: string[] = [];
    const setting = input.pathSetting.filter((item) => item.trim() !== '');
    if (setting.length > 0) {
        const [command, ...args] = setting as [string, ...string[]];
        return { found: true, server: { command, args, source: 'setting' }, tried };
    }
    tried.push('errlsp.path: not set');

    const interpreter = input.interpreter?.filter((item) => item !== '');
    const bundled = await bundledServer(input, interpreter, probes, tried);
    if (bundled !== undefined) {
        return { found: true, server: bundled, tried };
    }
    if (interpreter !== undefined && interpreter.length > 0) {
        const [command, ...args] = interpreter as [string, ...string[]];
        if (await probes.interpreterHasServer(interpreter)) {
            return {
                found: true,
                server: { command, args: [...args, '-m', SERVER_MODULE, ...SERVE_ARGS], source: 'interpreter' },
                tried,
            };
        }
        tried.push(`selected interpreter ${interpreter.join(' ')}: cannot import ${SERVER_MODULE}`);
    } else {
        tried.push('selected interpreter: none (the Python extension is not installed or has none selected)');
    }

    const onPath = probes.which(SERVER_EXECUTABLE);
    if (onPath !== undefined) {
        return { found: true, server: { command: onPath, args: [...SERVE_ARGS], source: 'path' }, tried };
    }
    tried.push(`PATH: no ${SERVER_EXECUTABLE} executable`);
    return { found: false, tried, interpreter };
}

async function bundledServer(
    input: ResolveInput,
    interpreter: string[] | undefined,
    probes: Probes,
    tried: string[],
): Promise<ServerCommand | undefined> {
    if (input.importStrategy === 'fromEnvironment') {
        tried.push('bundled server: not used (errlsp.importStrategy is fromEnvironment)');
        return undefined;
    }
    if (input.bundledLauncher === undefined) {
        tried.push('bundled server: none in this build of the extension');
        return undefined;
    }
    let python = interpreter !== undefined && interpreter.length > 0 ? interpreter : undefined;
    if (python === undefined) {
        const name = (input.platform ?? process.platform) === 'win32' ? 'python' : 'python3';
        const found = probes.which(name);
        if (found === undefined) {
            tried.push(`bundled server: no interpreter selected and no ${name} on PATH`);
            return undefined;
        }
        python = [found];
    }
    const supported = input.bundledPythons;
    if (supported !== undefined && probes.pythonVersion !== undefined) {
        // An interpreter the bundle has no libraries for would only print why it cannot start:
        // say so here and try the environment instead.
        const version = await probes.pythonVersion(python);
        const [implementation, number] = (version ?? '').split(' ');
        if (implementation !== 'cpython' || number === undefined || !supported.includes(number)) {
            const what = version === undefined ? 'does not run' : `is ${version}`;
            tried.push(`bundled server: ${python.join(' ')} ${what}; the bundle needs CPython ${supported.join(', ')}`);
            return undefined;
        }
    }
    const [command, ...args] = python as [string, ...string[]];
    return { command, args: [...args, input.bundledLauncher], source: 'bundled' };
}

/** `cpython 3.12` for `python` (command + args), or undefined when it does not run. */
export function pythonVersion(python: readonly string[], timeoutMs = 15_000): Promise<string | undefined> {
    const [command, ...args] = python;
    if (command === undefined) {
        return Promise.resolve(undefined);
    }
    const probe = 'import sys; print(sys.implementation.name, "%d.%d" % sys.version_info[:2])';
    return new Promise((resolve) => {
        execFile(command, [...args, '-c', probe], { timeout: timeoutMs, windowsHide: true }, (error, stdout) => {
            resolve(error === null ? stdout.trim() : undefined);
        });
    });
}

/** The notification's text when no server was found: what happened and the one command to run. */
export function missingServerMessage(resolution: { interpreter?: readonly string[] | undefined }): string {
    const interpreter = resolution.interpreter;
    if (interpreter !== undefined && interpreter.length > 0) {
        return (
            `errlsp not found: install it into the selected interpreter (${interpreter.join(' ')}): ` +
            `pip install ${INSTALL_SPEC}. Or set errlsp.path to a command that starts it.`
        );
    }
    return (
        `errlsp not found: install it into the selected interpreter: pip install ${INSTALL_SPEC} ` +
        '(no interpreter is selected and no errlsp is on PATH). Or set errlsp.path to a command that starts it.'
    );
}

/** The shell command a user runs to install errlsp into `interpreter`. */
export function installCommand(interpreter: readonly string[]): string[] {
    return [...interpreter, '-m', 'pip', 'install', INSTALL_SPEC];
}

export interface ExpandVariables {
    workspaceFolder?: string | undefined;
    userHome?: string | undefined;
    /** The selected interpreter, for `${interpreter}` in `errlsp.path`. */
    interpreter?: readonly string[] | undefined;
}

/**
 * Expands `${workspaceFolder}`, `${userHome}`, a leading `~/` and `${interpreter}` (an item that
 * is exactly `${interpreter}` becomes the interpreter's command + args) in `errlsp.path`, and
 * makes a relative first item with a slash (`.venv/bin/python`) relative to the workspace folder.
 */
export function expandPathSetting(items: readonly string[], vars: ExpandVariables): string[] {
    const out: string[] = [];
    for (const item of items) {
        if (item === '${interpreter}') {
            out.push(...(vars.interpreter ?? []));
            continue;
        }
        let value = item;
        if (vars.workspaceFolder !== undefined) {
            value = value.split('${workspaceFolder}').join(vars.workspaceFolder);
        }
        if (vars.userHome !== undefined) {
            value = value.split('${userHome}').join(vars.userHome);
            if (value === '~' || value.startsWith('~/')) {
                value = vars.userHome + value.slice(1);
            }
        }
        out.push(value);
    }
    const first = out[0];
    if (
        first !== undefined &&
        vars.workspaceFolder !== undefined &&
        !path.isAbsolute(first) &&
        (first.includes('/') || first.includes('\\'))
    ) {
        out[0] = path.join(vars.workspaceFolder, first);
    }
    return out;
}

/** Finds an executable on PATH like the shell does (PATHEXT on Windows). */
export function which(
    name: string,
    envPath: string | undefined = process.env['PATH'],
    platform: NodeJS.Platform = process.platform,
    pathExt: string | undefined = process.env['PATHEXT'],
): string | undefined {
    const extensions = platform === 'win32' ? ['', ...(pathExt ?? '.EXE;.CMD;.BAT').split(';')] : [''];
    const separator = platform === 'win32' ? ';' : ':';
    for (const dir of (envPath ?? '').split(separator)) {
        if (dir === '') {
            continue;
        }
        for (const extension of extensions) {
            const candidate = path.join(dir, name + extension);
            try {
                if (!statSync(candidate).isFile()) {
                    continue;
                }
                accessSync(candidate, constants.X_OK);
                return candidate;
            } catch {
                // not here: keep looking
            }
        }
    }
    return undefined;
}

/**
 * True when `python` (command + args) can find `module` without importing it (so a broken
 * package still counts as installed and its error shows up in the server log, not here).
 */
export function pythonHasModule(
    python: readonly string[],
    module: string,
    timeoutMs = 15_000,
): Promise<boolean> {
    const [command, ...args] = python;
    if (command === undefined) {
        return Promise.resolve(false);
    }
    const probe = `import importlib.util, sys; sys.exit(0 if importlib.util.find_spec(${JSON.stringify(module)}) else 1)`;
    return new Promise((resolve) => {
        execFile(command, [...args, '-c', probe], { timeout: timeoutMs, windowsHide: true }, (error) => {
            resolve(error === null);
        });
    });
}
