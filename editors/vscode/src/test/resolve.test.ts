/** Server resolution: errlsp.path, the bundled server, then the selected interpreter, then PATH. */

import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
    expandPathSetting,
    installCommand,
    missingServerMessage,
    type Probes,
    pythonHasModule,
    pythonVersion,
    resolveServer,
    which,
} from '../common/resolve';

const PYTHON = process.env['ERRLSP_TEST_PYTHON'] ?? 'python3';

/** Probes that record what resolution asked, with fixed answers. */
function probes(answers: { hasServer: boolean; onPath?: string }): Probes & { asked: string[] } {
    const asked: string[] = [];
    return {
        asked,
        interpreterHasServer: (python) => {
            asked.push(`probe ${python.join(' ')}`);
            return Promise.resolve(answers.hasServer);
        },
        which: (name) => {
            asked.push(`which ${name}`);
            return answers.onPath;
        },
    };
}

describe('resolveServer', () => {
    it('uses errlsp.path as given and probes nothing else', async () => {
        const p = probes({ hasServer: true, onPath: '/usr/bin/errlsp' });
        const result = await resolveServer(
            { pathSetting: ['/opt/venv/bin/python', '-m', 'errlsp', 'serve'], interpreter: ['/usr/bin/python3'] },
            p,
        );
        assert.deepEqual(result, {
            found: true,
            server: { command: '/opt/venv/bin/python', args: ['-m', 'errlsp', 'serve'], source: 'setting' },
            tried: [],
        });
        assert.deepEqual(p.asked, []);
    });

    it('runs the selected interpreter with -m errlsp serve when it has errlsp', async () => {
        const p = probes({ hasServer: true, onPath: '/usr/bin/errlsp' });
        const result = await resolveServer({ pathSetting: [], interpreter: ['/proj/.venv/bin/python'] }, p);
        assert.ok(result.found);
        assert.deepEqual(result.server, {
            command: '/proj/.venv/bin/python',
            args: ['-m', 'errlsp', 'serve'],
            source: 'interpreter',
        });
        assert.deepEqual(p.asked, ['probe /proj/.venv/bin/python']);
    });

    it('keeps interpreter args (conda run ...) before -m', async () => {
        const result = await resolveServer(
            { pathSetting: [], interpreter: ['conda', 'run', '-n', 'api', 'python'] },
            probes({ hasServer: true }),
        );
        assert.deepEqual(result.found && result.server.args, ['run', '-n', 'api', 'python', '-m', 'errlsp', 'serve']);
    });

    it('falls back to errlsp on PATH when the interpreter lacks errlsp', async () => {
        const result = await resolveServer(
            { pathSetting: [''], interpreter: ['/usr/bin/python3'] },
            probes({ hasServer: false, onPath: '/home/u/.local/bin/errlsp' }),
        );
        assert.deepEqual(result, {
            found: true,
            server: { command: '/home/u/.local/bin/errlsp', args: ['serve'], source: 'path' },
            tried: [
                'errlsp.path: not set',
                'bundled server: none in this build of the extension',
                'selected interpreter /usr/bin/python3: cannot import errlsp',
            ],
        });
    });

    it('reports every attempt and the interpreter when nothing works', async () => {
        const result = await resolveServer(
            { pathSetting: [], interpreter: ['/usr/bin/python3'] },
            probes({ hasServer: false }),
        );
        assert.equal(result.found, false);
        assert.deepEqual(result.tried, [
            'errlsp.path: not set',
            'bundled server: none in this build of the extension',
            'selected interpreter /usr/bin/python3: cannot import errlsp',
            'PATH: no errlsp executable',
        ]);
        assert.equal(
            missingServerMessage(result),
            'errlsp not found: install it into the selected interpreter (/usr/bin/python3): ' +
                'pip install git+https://github.com/errlsp/errlsp. ' +
                'Or set errlsp.path to a command that starts it.',
        );
    });

    it('says so when there is no Python extension and nothing on PATH', async () => {
        const result = await resolveServer({ pathSetting: [] }, probes({ hasServer: true }));
        assert.equal(result.found, false);
        assert.match(result.tried[2] ?? '', /selected interpreter: none/);
        assert.match(
            missingServerMessage(result),
            /^errlsp not found: install it into the selected interpreter: pip install git\+https:/,
        );
    });

    const LAUNCHER = '/ext/bundled/tool/launch.py';

    it('runs the bundled server with the selected interpreter by default', async () => {
        const p = probes({ hasServer: true, onPath: '/usr/bin/errlsp' });
        const result = await resolveServer(
            { pathSetting: [], interpreter: ['/proj/.venv/bin/python'], bundledLauncher: LAUNCHER },
            p,
        );
        assert.ok(result.found);
        assert.deepEqual(result.server, { command: '/proj/.venv/bin/python', args: [LAUNCHER], source: 'bundled' });
        assert.deepEqual(p.asked, [], 'the bundled server needs no probe of the environment');
    });

    it('runs the bundled server with python3 from PATH when no interpreter is selected', async () => {
        const p = probes({ hasServer: false, onPath: '/usr/bin/python3' });
        const result = await resolveServer({ pathSetting: [], bundledLauncher: LAUNCHER, platform: 'linux' }, p);
        assert.ok(result.found);
        assert.deepEqual(result.server, { command: '/usr/bin/python3', args: [LAUNCHER], source: 'bundled' });
        assert.deepEqual(p.asked, ['which python3']);
    });

    it('looks for python, not python3, on Windows', async () => {
        const p = probes({ hasServer: false, onPath: 'C:\\Python313\\python.exe' });
        const result = await resolveServer({ pathSetting: [], bundledLauncher: LAUNCHER, platform: 'win32' }, p);
        assert.ok(result.found && result.server.source === 'bundled');
        assert.deepEqual(p.asked, ['which python']);
    });

    it('uses the environment, not the bundle, with importStrategy fromEnvironment', async () => {
        const result = await resolveServer(
            {
                pathSetting: [],
                interpreter: ['/proj/.venv/bin/python'],
                bundledLauncher: LAUNCHER,
                importStrategy: 'fromEnvironment',
            },
            probes({ hasServer: true }),
        );
        assert.ok(result.found);
        assert.equal(result.server.source, 'interpreter');
        assert.deepEqual(result.tried, [
            'errlsp.path: not set',
            'bundled server: not used (errlsp.importStrategy is fromEnvironment)',
        ]);
    });

    it('still uses errlsp.path before the bundle', async () => {
        const result = await resolveServer(
            { pathSetting: ['/home/u/.local/bin/errlsp'], bundledLauncher: LAUNCHER },
            probes({ hasServer: true }),
        );
        assert.deepEqual(result.found && result.server, {
            command: '/home/u/.local/bin/errlsp',
            args: [],
            source: 'setting',
        });
    });

    const PYTHONS = ['3.10', '3.11', '3.12', '3.13'];

    it('runs the bundle with an interpreter whose version it has libraries for', async () => {
        const p = { ...probes({ hasServer: false }), pythonVersion: () => Promise.resolve('cpython 3.12') };
        const result = await resolveServer(
            { pathSetting: [], interpreter: ['/v/bin/python'], bundledLauncher: LAUNCHER, bundledPythons: PYTHONS },
            p,
        );
        assert.deepEqual(result.found && result.server.source, 'bundled');
    });

    it('tries the environment when the interpreter is a Python the bundle does not cover', async () => {
        for (const version of ['cpython 3.9', 'cpython 3.14', 'pypy 3.11', undefined]) {
            const p = { ...probes({ hasServer: true }), pythonVersion: () => Promise.resolve(version) };
            const result = await resolveServer(
                { pathSetting: [], interpreter: ['/v/bin/python'], bundledLauncher: LAUNCHER, bundledPythons: PYTHONS },
                p,
            );
            assert.ok(result.found);
            assert.equal(result.server.source, 'interpreter', String(version));
            const why = version === undefined ? 'does not run' : `is ${version}`;
            assert.equal(
                result.tried[1],
                `bundled server: /v/bin/python ${why}; the bundle needs CPython 3.10, 3.11, 3.12, 3.13`,
            );
        }
    });

    it('falls back to the environment when there is no Python for the bundle', async () => {
        const result = await resolveServer(
            { pathSetting: [], bundledLauncher: LAUNCHER, platform: 'linux' },
            probes({ hasServer: false }),
        );
        assert.equal(result.found, false);
        assert.equal(result.tried[1], 'bundled server: no interpreter selected and no python3 on PATH');
    });
});

describe('pythonVersion', () => {
    it('names the implementation and version of a real interpreter', async () => {
        assert.match((await pythonVersion([PYTHON])) ?? '', /^cpython 3\.\d+$/);
    });

    it('is undefined for a program that does not run', async () => {
        assert.equal(await pythonVersion(['/nonexistent/python3']), undefined);
    });
});

describe('installCommand', () => {
    it('installs with the interpreter own pip', () => {
        assert.deepEqual(installCommand(['/p/python']), [
            '/p/python',
            '-m',
            'pip',
            'install',
            'git+https://github.com/errlsp/errlsp',
        ]);
    });
});

describe('expandPathSetting', () => {
    const vars = { workspaceFolder: '/ws', userHome: '/home/u', interpreter: ['/ws/.venv/bin/python'] };

    it('expands workspace folder, home and ~', () => {
        assert.deepEqual(expandPathSetting(['${workspaceFolder}/bin/errlsp', '--log', '~/x', '${userHome}/y'], vars), [
            '/ws/bin/errlsp',
            '--log',
            '/home/u/x',
            '/home/u/y',
        ]);
    });

    it('replaces ${interpreter} by the interpreter command', () => {
        assert.deepEqual(expandPathSetting(['${interpreter}', '-m', 'errlsp', 'serve'], vars), [
            '/ws/.venv/bin/python',
            '-m',
            'errlsp',
            'serve',
        ]);
    });

    it('makes a relative command with a slash relative to the workspace folder', () => {
        assert.deepEqual(expandPathSetting(['.venv/bin/python', '-m', 'errlsp'], vars), [
            path.join('/ws', '.venv/bin/python'),
            '-m',
            'errlsp',
        ]);
        assert.deepEqual(expandPathSetting(['errlsp', 'serve'], vars), ['errlsp', 'serve']);
    });
});

describe('which', () => {
    let dir = '';
    before(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'errlsp-which-'));
        writeFileSync(path.join(dir, 'errlsp'), '#!/bin/sh\necho errlsp\n');
        chmodSync(path.join(dir, 'errlsp'), 0o755);
        writeFileSync(path.join(dir, 'not-executable'), 'data');
        chmodSync(path.join(dir, 'not-executable'), 0o644);
    });
    after(() => {
        rmSync(dir, { recursive: true, force: true });
    });

    it('finds an executable file on PATH', () => {
        assert.equal(which('errlsp', `/nonexistent:${dir}`, 'linux'), path.join(dir, 'errlsp'));
    });

    it('skips files without the executable bit and missing names', { skip: process.platform === 'win32' }, () => {
        // Holds for root too: access(X_OK) fails for root when no execute bit is set at all.
        assert.equal(which('not-executable', dir, 'linux'), undefined);
        assert.equal(which('errlsp', '/nonexistent', 'linux'), undefined);
        assert.equal(which('errlsp', '', 'linux'), undefined);
    });
});

describe('pythonHasModule', () => {
    it('is true for a module the interpreter has and false for one it lacks', async () => {
        assert.equal(await pythonHasModule([PYTHON], 'json'), true);
        assert.equal(await pythonHasModule([PYTHON], 'errlsp_no_such_module_x'), false);
    });

    it('is false for an interpreter that does not exist', async () => {
        assert.equal(await pythonHasModule(['/nonexistent/python'], 'json'), false);
        assert.equal(await pythonHasModule([], 'json'), false);
    });
});
