/**
 * Reads `errlsp.*` from VS Code for a scope and hands it to the pure mapping in `settings.ts`.
 */

import * as vscode from 'vscode';
import type { ImportStrategy } from './resolve';
import { isExplicitlySet, type MappedSettings, type ServerKey, toServerSettings } from './settings';

export const SECTION = 'errlsp';

/** The server settings for a workspace folder or file (undefined: window-level settings). */
export function readServerSettings(scope?: vscode.ConfigurationScope): MappedSettings {
    const config = vscode.workspace.getConfiguration(SECTION, scope ?? null);
    return toServerSettings((key: ServerKey) => ({
        value: config.get<unknown>(key),
        isSet: isExplicitlySet(config.inspect<unknown>(key)),
    }));
}

/** `errlsp.path` for a scope: the command + args that start the server, or [] when unset. */
export function readPathSetting(scope?: vscode.ConfigurationScope): string[] {
    const value = vscode.workspace.getConfiguration(SECTION, scope ?? null).get<unknown>('path');
    if (Array.isArray(value)) {
        return value.filter((item): item is string => typeof item === 'string');
    }
    // A plain string is a common slip in settings.json: accept it as a bare command.
    return typeof value === 'string' && value.trim() !== '' ? [value] : [];
}

/** `errlsp.importStrategy`: `useBundled` unless the user chose `fromEnvironment`. */
export function readImportStrategy(scope?: vscode.ConfigurationScope): ImportStrategy {
    const value = vscode.workspace.getConfiguration(SECTION, scope ?? null).get<unknown>('importStrategy');
    return value === 'fromEnvironment' ? 'fromEnvironment' : 'useBundled';
}
