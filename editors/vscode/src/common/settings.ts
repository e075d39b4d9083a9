/**
 * The server's settings as VS Code holds them, and how they become what errlsp reads.
 *
 * Pure logic, no `vscode` import, so that `npm test` checks it under plain Node. Every key here
 * is a config key of errlsp (`[tool.errlsp]` in pyproject.toml, camelCased on the wire), and a
 * Python test keeps this list, `package.json` and `errlsp.config.Settings` equal.
 *
 * Only the settings a user actually set are sent: a project's `pyproject.toml` or `errlsp.toml`
 * is the source of truth, and VS Code's defaults must not silently override it.
 */

/** Server config keys, in the order the settings UI lists them. */
export const SERVER_KEYS = [
    'catalogs',
    'scopes',
    'strict',
    'severity',
    'exclude',
    'perFileIgnores',
    'helpers',
    'exceptions',
    'accessors',
    'constantClasses',
    'constantModules',
] as const;

export type ServerKey = (typeof SERVER_KEYS)[number];

/** Levels a rule's severity can be set to, as `errlsp.config` accepts them. */
export const SEVERITY_LEVELS = ['error', 'warning', 'info', 'hint', 'off'] as const;

/** Settings of the extension itself, which the server never sees. */
export const CLIENT_KEYS = ['path', 'importStrategy', 'trace.server'] as const;

type Shape = 'strings' | 'boolean' | 'levels' | 'globToStrings';

const SHAPES: Record<ServerKey, Shape> = {
    catalogs: 'strings',
    scopes: 'globToStrings',
    strict: 'boolean',
    severity: 'levels',
    exclude: 'strings',
    perFileIgnores: 'globToStrings',
    helpers: 'strings',
    exceptions: 'strings',
    accessors: 'strings',
    constantClasses: 'strings',
    constantModules: 'strings',
};

/** What `WorkspaceConfiguration.inspect` reports, reduced to what the mapping needs. */
export interface Inspection {
    defaultValue?: unknown;
    globalValue?: unknown;
    workspaceValue?: unknown;
    workspaceFolderValue?: unknown;
    globalLanguageValue?: unknown;
    workspaceLanguageValue?: unknown;
    workspaceFolderLanguageValue?: unknown;
}

/** One setting's effective value and whether a user (not the default) set it anywhere. */
export interface SettingValue {
    value: unknown;
    isSet: boolean;
}

/** The settings errlsp receives, camelCased config keys, only those that were set. */
export type ServerSettings = Partial<Record<ServerKey, unknown>>;

export interface MappedSettings {
    settings: ServerSettings;
    /** One line per ignored value, for the output channel: `errlsp.severity: ...`. */
    problems: string[];
}

/** True when any scope other than the default holds a value for the setting. */
export function isExplicitlySet(inspection: Inspection | undefined): boolean {
    if (inspection === undefined) {
        return false;
    }
    return [
        inspection.globalValue,
        inspection.workspaceValue,
        inspection.workspaceFolderValue,
        inspection.globalLanguageValue,
        inspection.workspaceLanguageValue,
        inspection.workspaceFolderLanguageValue,
    ].some((value) => value !== undefined);
}

function isStringArray(value: unknown): value is string[] {
    return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
    // JSON.stringify returns undefined for undefined and functions, whatever its type says.
    const text = JSON.stringify(value) as string | undefined;
    return text ?? String(value);
}

/** Returns the value in the server's shape, or a sentence saying why it cannot be sent. */
function convert(shape: Shape, value: unknown): { ok: true; value: unknown } | { ok: false; why: string } {
    switch (shape) {
        case 'strings':
            return isStringArray(value)
                ? { ok: true, value: [...value] }
                : { ok: false, why: `expected a list of strings, got ${describe(value)}` };
        case 'boolean':
            return typeof value === 'boolean'
                ? { ok: true, value }
                : { ok: false, why: `expected true or false, got ${describe(value)}` };
        case 'levels': {
            if (!isRecord(value)) {
                return { ok: false, why: `expected an object of rule id -> level, got ${describe(value)}` };
            }
            const levels: readonly string[] = SEVERITY_LEVELS;
            const bad = Object.entries(value).filter(
                ([, level]) => typeof level !== 'string' || !levels.includes(level),
            );
            if (bad.length > 0) {
                const [rule, level] = bad[0] as [string, unknown];
                return {
                    ok: false,
                    why: `rule ${rule}: level ${describe(level)} is not one of ${SEVERITY_LEVELS.join(', ')}`,
                };
            }
            return { ok: true, value: { ...value } };
        }
        case 'globToStrings': {
            if (!isRecord(value)) {
                return { ok: false, why: `expected an object of glob -> list of strings, got ${describe(value)}` };
            }
            const bad = Object.entries(value).find(([, items]) => !isStringArray(items));
            if (bad !== undefined) {
                return { ok: false, why: `glob ${bad[0]}: expected a list of strings, got ${describe(bad[1])}` };
            }
            return { ok: true, value: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, [...(v as string[])]])) };
        }
    }
}

/**
 * Maps VS Code's `errlsp.*` settings to the object errlsp reads as `initializationOptions`, as
 * `workspace/didChangeConfiguration` `settings.errlsp`, and as the answer to
 * `workspace/configuration` for section `errlsp`.
 *
 * `read(key)` returns the value of `errlsp.<key>` and whether a user set it. A value of the
 * wrong shape is left out (so the project's config applies) and named in `problems`.
 */
export function toServerSettings(read: (key: ServerKey) => SettingValue): MappedSettings {
    const settings: ServerSettings = {};
    const problems: string[] = [];
    for (const key of SERVER_KEYS) {
        const { value, isSet } = read(key);
        if (!isSet || value === undefined || value === null) {
            continue;
        }
        const converted = convert(SHAPES[key], value);
        if (converted.ok) {
            settings[key] = converted.value;
        } else {
            problems.push(`errlsp.${key}: ${converted.why}; the setting is ignored`);
        }
    }
    return { settings, problems };
}
