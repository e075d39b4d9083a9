/** Settings mapping: what VS Code holds -> what errlsp receives. */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
    CLIENT_KEYS,
    isExplicitlySet,
    SERVER_KEYS,
    type ServerKey,
    type SettingValue,
    toServerSettings,
} from '../common/settings';

function fromValues(values: Partial<Record<ServerKey, unknown>>): (key: ServerKey) => SettingValue {
    return (key) => ({ value: values[key], isSet: key in values });
}

describe('toServerSettings', () => {
    it('sends nothing when nothing was set, so the project config decides', () => {
        const mapped = toServerSettings(() => ({ value: [], isSet: false }));
        assert.deepEqual(mapped, { settings: {}, problems: [] });
    });

    it('sends every set key under its camelCase config name', () => {
        const values = {
            catalogs: ['voipnow', 'catalogs/internal.toml'],
            scopes: { 'clients/fd/**': ['fonedynamics'] },
            strict: true,
            severity: { 'unknown-code': 'warning', 'wrong-case': 'off' },
            exclude: ['migrations/**'],
            perFileIgnores: { 'tests/legacy/**': ['status-mismatch'] },
            helpers: ['expect_error'],
            exceptions: ['ApiError'],
            accessors: ['reason'],
            constantClasses: ['*Failure'],
            constantModules: ['app/errors.py'],
        };
        const mapped = toServerSettings(fromValues(values));
        assert.deepEqual(mapped.problems, []);
        assert.deepEqual(mapped.settings, values);
        assert.deepEqual(Object.keys(mapped.settings), [...SERVER_KEYS]);
    });

    it('sends a set value equal to the default (the user chose it explicitly)', () => {
        const mapped = toServerSettings(fromValues({ strict: false, catalogs: [] }));
        assert.deepEqual(mapped.settings, { catalogs: [], strict: false });
    });

    it('leaves out values of the wrong shape and says why', () => {
        const mapped = toServerSettings(
            fromValues({
                catalogs: 'voipnow',
                strict: 'yes',
                severity: { 'unknown-code': 'fatal' },
                scopes: { 'a/**': 'voipnow' },
                helpers: ['ok'],
            }),
        );
        assert.deepEqual(mapped.settings, { helpers: ['ok'] });
        assert.deepEqual(mapped.problems, [
            'errlsp.catalogs: expected a list of strings, got "voipnow"; the setting is ignored',
            'errlsp.scopes: glob a/**: expected a list of strings, got "voipnow"; the setting is ignored',
            'errlsp.strict: expected true or false, got "yes"; the setting is ignored',
            'errlsp.severity: rule unknown-code: level "fatal" is not one of error, warning, info, hint, off; the setting is ignored',
        ]);
    });

    it('copies values so later edits by VS Code cannot leak into what was sent', () => {
        const catalogs = ['voipnow'];
        const mapped = toServerSettings(fromValues({ catalogs }));
        catalogs.push('fonedynamics');
        assert.deepEqual(mapped.settings.catalogs, ['voipnow']);
    });
});

describe('isExplicitlySet', () => {
    it('ignores the default value', () => {
        assert.equal(isExplicitlySet({ defaultValue: [] }), false);
        assert.equal(isExplicitlySet(undefined), false);
    });

    it('sees user, workspace, folder and language-specific values', () => {
        assert.equal(isExplicitlySet({ defaultValue: false, globalValue: false }), true);
        assert.equal(isExplicitlySet({ workspaceValue: ['a'] }), true);
        assert.equal(isExplicitlySet({ workspaceFolderValue: {} }), true);
        assert.equal(isExplicitlySet({ workspaceFolderLanguageValue: true }), true);
    });
});

describe('package.json', () => {
    const manifest = JSON.parse(
        readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'),
    ) as { contributes: { configuration: { properties: Record<string, { scope?: string; default?: unknown }> } } };
    const properties = manifest.contributes.configuration.properties;

    it('contributes exactly the server keys and the client keys', () => {
        const contributed = Object.keys(properties).map((key) => key.replace(/^errlsp\./, ''));
        assert.deepEqual(new Set(contributed), new Set([...SERVER_KEYS, ...CLIENT_KEYS]));
    });

    it('gives every setting a scope and a default', () => {
        for (const [key, schema] of Object.entries(properties)) {
            assert.ok(schema.scope, `${key} has no scope`);
            assert.ok('default' in schema, `${key} has no default`);
        }
    });
});
