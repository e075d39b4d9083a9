#!/usr/bin/env node
// End-to-end check of the errlsp extension in a real VS Code (code-server), driven through its
// UI by headless Chromium (playwright-core, Debian's /usr/bin/chromium).
//
// It installs the .vsix into a throwaway profile, opens the workspace, and records what a user
// would see at each step: the extension's output channel (errlsp started), the Problems panel
// (the misspelled code, "did you mean"), the hover on a documented code, the quick fix applied
// to the misspelled literal, and the suggest widget inside a string. Each step has its own time
// limit and a screenshot; a failed step records its error and a screenshot, and later steps
// still run when they can. The observations go to <artifacts>/result.json; the pytest wrapper
// (tests/editors/test_editors_vscode.py) asserts on them. Exit code: 0 when every step passed.
//
// Usage: node run.js --code-server BIN --vsix FILE --workspace DIR --artifacts DIR
//                    [--chromium /usr/bin/chromium] [--step-timeout 60000] [--keep]
//                    [--scenario full|basic|missing]
// Scenario `basic`: only the output channel, the Problems panel and a hover.
// Scenario `missing`: no server can be found; checks the notification that says how to fix it.
'use strict';

const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

function parseArgs(argv) {
    const options = { chromium: '/usr/bin/chromium', stepTimeout: 60_000, keep: false, scenario: 'full' };
    for (let i = 0; i < argv.length; i++) {
        const flag = argv[i];
        const value = () => {
            const next = argv[++i];
            if (next === undefined) throw new Error(`${flag} needs a value`);
            return next;
        };
        if (flag === '--code-server') options.codeServer = value();
        else if (flag === '--vsix') options.vsix = value();
        else if (flag === '--workspace') options.workspace = path.resolve(value());
        else if (flag === '--artifacts') options.artifacts = path.resolve(value());
        else if (flag === '--chromium') options.chromium = value();
        else if (flag === '--step-timeout') options.stepTimeout = Number(value());
        else if (flag === '--keep') options.keep = true;
        else if (flag === '--scenario') options.scenario = value();
        else throw new Error(`unknown argument ${flag}`);
    }
    for (const required of ['codeServer', 'vsix', 'workspace', 'artifacts']) {
        if (!options[required]) throw new Error(`missing --${required.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`);
    }
    return options;
}

function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

async function waitForHttp(url, timeoutMs) {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
        try {
            const response = await fetch(url);
            if (response.ok) return;
            last = `HTTP ${response.status}`;
        } catch (error) {
            last = String(error);
        }
        await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${url} did not answer within ${timeoutMs} ms (${last})`);
}

/** Settings for a quiet, deterministic workbench (no welcome page, no tips, no AI chat). */
const USER_SETTINGS = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.colorTheme': 'Default Light Modern',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'chat.commandCenter.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.ignoreRecommendations': true,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'security.workspace.trust.enabled': false,
    'update.mode': 'none',
    'editor.minimap.enabled': false,
    'editor.hover.delay': 200,
    'editor.fontSize': 14,
    'editor.quickSuggestionsDelay': 50,
    'files.autoSave': 'off',
    'git.enabled': false,
};

const text = (s) => (s ?? '').replace(/\u00a0/g, ' ');

async function main() {
    const options = parseArgs(process.argv.slice(2));
    fs.mkdirSync(options.artifacts, { recursive: true });
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'errlsp-code-server-'));
    const result = { steps: {}, screenshots: [], started: new Date().toISOString() };
    const log = (...parts) => console.error(`[e2e ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...parts);
    const t0 = Date.now();
    let codeServer;
    let browser;
    let page;

    const save = () => fs.writeFileSync(path.join(options.artifacts, 'result.json'), JSON.stringify(result, null, 2));

    async function screenshot(name) {
        if (!page) return;
        const file = path.join(options.artifacts, `${name}.png`);
        try {
            await page.screenshot({ path: file, timeout: 15_000 });
            result.screenshots.push(file);
        } catch (error) {
            log(`screenshot ${name} failed: ${error}`);
        }
    }

    /** Runs one step under its own time limit; records its observations or its error. */
    async function step(name, body) {
        const started = Date.now();
        log(`step ${name}`);
        let timer;
        try {
            const observed = await Promise.race([
                body(),
                new Promise((_, reject) => {
                    timer = setTimeout(() => reject(new Error(`step timed out after ${options.stepTimeout} ms`)), options.stepTimeout);
                }),
            ]);
            result.steps[name] = { ok: true, seconds: (Date.now() - started) / 1000, ...observed };
            return true;
        } catch (error) {
            result.steps[name] = { ok: false, seconds: (Date.now() - started) / 1000, error: String(error?.stack ?? error) };
            log(`step ${name} failed: ${error}`);
            await screenshot(`failed-${name}`);
            return false;
        } finally {
            clearTimeout(timer);
            save();
        }
    }

    try {
        const exts = path.join(profile, 'extensions');
        const data = path.join(profile, 'data');
        fs.mkdirSync(path.join(data, 'User'), { recursive: true });
        fs.writeFileSync(path.join(data, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));

        await step('install', async () => {
            const output = execFileSync(
                options.codeServer,
                ['--extensions-dir', exts, '--user-data-dir', data, '--install-extension', options.vsix],
                { encoding: 'utf8', timeout: 120_000, stdio: ['ignore', 'pipe', 'pipe'] },
            );
            return { output: output.trim(), installed: fs.readdirSync(exts).filter((f) => f.startsWith('errlsp.')) };
        });

        const port = await freePort();
        const serverLog = fs.openSync(path.join(options.artifacts, 'code-server.log'), 'w');
        codeServer = spawn(
            options.codeServer,
            [
                '--auth', 'none',
                '--bind-addr', `127.0.0.1:${port}`,
                '--disable-telemetry',
                '--disable-update-check',
                '--disable-workspace-trust',
                '--disable-getting-started-override',
                '--user-data-dir', data,
                '--extensions-dir', exts,
                options.workspace,
            ],
            { stdio: ['ignore', serverLog, serverLog], detached: true },
        );
        result.codeServerPid = codeServer.pid;
        const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}`;

        await step('workbench', async () => {
            await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000);
            browser = await chromium.launch({
                executablePath: options.chromium,
                headless: true,
                args: [
                    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                    '--disable-background-networking', '--disable-component-update', '--disable-sync',
                ],
            });
            const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
            page = await context.newPage();
            await page.goto(url, { timeout: 60_000 });
            await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
            // The explorer shows the workspace's files once the remote file system is up.
            await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'test_numbers_api.py' }).waitFor({ timeout: 60_000 });
            return { url };
        });

        const editorLines = () => page.locator('.editor-instance .monaco-editor .view-lines').first();

        await step('open', async () => {
            await page.keyboard.press('Control+P');
            await page.locator('.quick-input-widget input').waitFor({ timeout: 20_000 });
            await page.keyboard.type('test_numbers_api.py', { delay: 20 });
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'test_numbers_api.py' }).first().waitFor({ timeout: 20_000 });
            await page.keyboard.press('Enter');
            await editorLines().locator('span', { hasText: 'PARAMETER_REQUIRD' }).first().waitFor({ timeout: 20_000 });
            return { tab: text(await page.locator('.tab.active').first().innerText()) };
        });

        if (options.scenario === 'missing') {
            await step('notification', async () => {
                const toast = page.locator('.notification-toast', { hasText: 'errlsp not found' }).first();
                await toast.waitFor({ timeout: 45_000 });
                await page.waitForTimeout(500);
                const message = text(await toast.locator('.notification-list-item-message').first().innerText());
                const buttons = (await toast.locator('.monaco-button').allInnerTexts()).map(text).filter((b) => b.trim() !== '');
                await screenshot('08-not-found');
                await toast.locator('.monaco-button', { hasText: 'Show Output' }).first().click();
                const lines = page.locator('.part.panel .monaco-editor .view-lines').first();
                await lines.locator('span', { hasText: 'tried' }).first().waitFor({ timeout: 20_000 });
                const output = text(await lines.innerText());
                return { message, buttons, output };
            });
            return;
        }

        await step('started', async () => {
            await page.keyboard.press('F1');
            await page.locator('.quick-input-widget input').waitFor({ timeout: 20_000 });
            await page.keyboard.type('errlsp: Show Output', { delay: 20 });
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'errlsp: Show Output' }).first().waitFor({ timeout: 20_000 });
            await page.keyboard.press('Enter');
            const output = page.locator('.part.panel .output-view, .part.panel [id="workbench.panel.output"]').first();
            await output.waitFor({ timeout: 20_000 });
            const lines = page.locator('.part.panel .monaco-editor .view-lines').first();
            let content = '';
            const deadline = Date.now() + 45_000;
            while (Date.now() < deadline) {
                content = text(await lines.innerText().catch(() => ''));
                if (/errlsp started/.test(content) || /could not start|not found/.test(content)) break;
                await page.waitForTimeout(500);
            }
            await screenshot('01-output');
            if (!/errlsp started/.test(content)) throw new Error(`no "errlsp started" in the output channel:\n${content}`);
            return { output: content };
        });

        await step('problems', async () => {
            await page.keyboard.press('Control+Shift+M');
            const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'PARAMETER_REQUIRD' }).first();
            await row.waitFor({ timeout: 45_000 });
            await page.waitForTimeout(500);
            const rows = await page.locator('.markers-panel .monaco-list-row').allInnerTexts();
            const status = text(await page.locator('#status\\.problems').first().innerText().catch(() => ''));
            await screenshot('02-problems');
            return { rows: rows.map(text), status };
        });

        const token = (literal) => editorLines().locator('span', { hasText: literal }).first();

        /** Puts the cursor inside `literal` (e.g. '"NUMBER_NOT_FOUND"') with Go to Line: no clicks on text that may be scrolled away. */
        const gotoLiteral = async (literal) => {
            const lines = fs.readFileSync(path.join(options.workspace, 'test_numbers_api.py'), 'utf8').split('\n');
            const index = lines.findIndex((l) => l.includes(`assert_api_error(resp, ${literal}`));
            if (index < 0) throw new Error(`${literal} not found in test_numbers_api.py`);
            const column = lines[index].indexOf(literal) + 3; // 1-based, inside the quotes
            await page.keyboard.press('Escape');
            await page.keyboard.press('Control+G');
            await page.locator('.quick-input-widget input').waitFor({ timeout: 20_000 });
            await page.keyboard.type(`${index + 1}:${column}`, { delay: 20 });
            await page.keyboard.press('Enter');
            await page.waitForTimeout(300);
            return index + 1;
        };

        await step('hover', async () => {
            await page.keyboard.press('Escape');
            const span = token('"PARAMETER_REQUIRED"');
            await span.waitFor({ timeout: 10_000 });
            const box = await span.boundingBox();
            if (!box) throw new Error('the code literal has no box on screen');
            let hover = '';
            const deadline = Date.now() + 40_000;
            while (Date.now() < deadline) {
                await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 4 });
                const widget = page.locator('.monaco-hover:not(.hidden)').first();
                try {
                    await widget.waitFor({ state: 'visible', timeout: 5_000 });
                    await page.waitForTimeout(400);
                    hover = text(await widget.innerText());
                    if (/PARAMETER_REQUIRED/.test(hover)) break;
                } catch {
                    // not yet: the server may still be loading; move away and try again
                }
                await page.mouse.move(5, 5);
                await page.waitForTimeout(500);
            }
            await screenshot('03-hover');
            if (!/PARAMETER_REQUIRED/.test(hover)) throw new Error(`no hover for the code (last: ${hover})`);
            await page.mouse.move(5, 5);
            return { hover };
        });
        if (options.scenario === 'basic') {
            return;
        }

        await step('quickfix', async () => {
            await gotoLiteral('"PARAMETER_REQUIRD"');
            const item = page.locator('.action-widget .monaco-list-row', { hasText: 'PARAMETER_REQUIRED' }).first();
            for (let attempt = 1; ; attempt++) {
                await page.keyboard.press('Control+.');
                try {
                    await item.waitFor({ timeout: 5_000 });
                    break;
                } catch (error) {
                    if (attempt === 6) throw error;
                    await page.keyboard.press('Escape'); // the light bulb was not ready yet: ask again
                }
            }
            const actions = (await page.locator('.action-widget .monaco-list-row').allInnerTexts()).map(text);
            await screenshot('04-quickfix');
            await item.click();
            await token('"PARAMETER_REQUIRED", field="address"').waitFor({ timeout: 1_000 }).catch(() => undefined);
            const deadline = Date.now() + 20_000;
            let lines = '';
            while (Date.now() < deadline) {
                lines = text(await editorLines().innerText());
                if (!lines.includes('PARAMETER_REQUIRD"')) break;
                await page.waitForTimeout(250);
            }
            // The Problems panel drops the finding once the server has re-checked the new text.
            let rows = [];
            const settled = Date.now() + 20_000;
            while (Date.now() < settled) {
                rows = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).map(text);
                if (!rows.some((r) => r.includes('PARAMETER_REQUIRD'))) break;
                await page.waitForTimeout(250);
            }
            await screenshot('05-fixed');
            return { actions, editorText: lines, problemsAfter: rows };
        });

        await step('catalogEntry', async () => {
            // errlsp: Show Catalog Entry for Code at Cursor, on a documented code.
            await gotoLiteral('"NUMBER_NOT_FOUND"');
            await page.keyboard.press('F1');
            await page.locator('.quick-input-widget input').waitFor({ timeout: 20_000 });
            await page.keyboard.type('errlsp: Show Catalog Entry', { delay: 20 });
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Show Catalog Entry' }).first().waitFor({ timeout: 20_000 });
            await page.keyboard.press('Enter');
            const tab = page.locator('.tab.active', { hasText: 'fonedynamics.toml' }).first();
            await tab.waitFor({ timeout: 30_000 });
            const catalogLines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
            await catalogLines.locator('span', { hasText: 'NUMBER_NOT_FOUND' }).first().waitFor({ timeout: 20_000 });
            await page.waitForTimeout(500);
            const selection = text(await page.locator('#status\\.editor\\.selection').first().innerText().catch(() => ''));
            await screenshot('05b-catalog-entry');
            const tabTitle = text(await tab.innerText());
            await page.keyboard.press('Control+W');
            await page.waitForTimeout(500);
            return { tab: tabTitle, selection };
        });

        await step('completion', async () => {
            // A new line inside the last test function (Enter keeps its indentation).
            await gotoLiteral('"NUMBER_NOT_FOUND"');
            await page.keyboard.press('End');
            await page.keyboard.press('Enter');
            await page.keyboard.type('assert_api_error(resp, "PAR', { delay: 30 });
            const labelsNow = async () =>
                (await page.locator('.suggest-widget.visible .monaco-list-row .label-name').allInnerTexts()).map(text);
            let labels = [];
            const deadline = Date.now() + 40_000;
            while (Date.now() < deadline) {
                if ((await page.locator('.suggest-widget.visible').count()) === 0) {
                    await page.keyboard.press('Control+Space');
                }
                await page.waitForTimeout(500);
                labels = await labelsNow();
                if (labels.some((l) => l.startsWith('PARAMETER_'))) break;
                // the widget may have opened before the server answered: ask again
                await page.keyboard.press('Escape');
            }
            if (!labels.some((l) => l.startsWith('PARAMETER_'))) throw new Error(`no PARAMETER_ codes offered: ${labels.join(', ')}`);
            // Focus PARAMETER_REQUIRED and show its documentation beside the list.
            for (let i = 0; i < 30; i++) {
                const focused = text(await page.locator('.suggest-widget .monaco-list-row.focused .label-name').first().innerText().catch(() => ''));
                if (focused === 'PARAMETER_REQUIRED') break;
                await page.keyboard.press('ArrowDown');
            }
            if ((await page.locator('.suggest-details:visible').count()) === 0) {
                await page.keyboard.press('Control+Space');
            }
            await page.waitForTimeout(700);
            const details = text(await page.locator('.suggest-details').first().innerText().catch(() => ''));
            await screenshot('06-completion');
            await page.keyboard.press('Enter');
            await page.waitForTimeout(500);
            const lines = text(await editorLines().innerText());
            const inserted = lines.split('\n').find((l) => l.includes('assert_api_error(resp, "PARAMETER_REQUIRED"') && !l.includes('field='));
            return { labels, details, insertedLine: inserted ?? null };
        });

        await step('schema', async () => {
            // A catalog JSON file with mistakes (written by the test): the schema the extension
            // contributes through `jsonValidation` flags them in the Problems panel.
            await page.keyboard.press('Escape');
            await page.keyboard.press('Control+P');
            await page.locator('.quick-input-widget input').waitFor({ timeout: 20_000 });
            await page.keyboard.type('broken.errlsp.json', { delay: 20 });
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'broken.errlsp.json' }).first().waitFor({ timeout: 20_000 });
            await page.keyboard.press('Enter');
            const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'title' }).first();
            await row.waitFor({ timeout: 40_000 });
            await page.waitForTimeout(500);
            const rows = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).map(text);
            await screenshot('07-catalog-schema');
            return { rows };
        });
    } finally {
        result.finished = new Date().toISOString();
        save();
        if (browser) await browser.close().catch(() => undefined);
        if (codeServer && codeServer.exitCode === null) {
            try {
                process.kill(-codeServer.pid, 'SIGTERM'); // the whole group: extension host and errlsp too
            } catch {
                // already gone
            }
            await new Promise((r) => setTimeout(r, 1_000));
            try {
                process.kill(-codeServer.pid, 'SIGKILL');
            } catch {
                // gone
            }
        }
        try {
            // The extension host's logs, the errlsp output channel among them, for post-mortems.
            fs.cpSync(path.join(profile, 'data', 'logs'), path.join(options.artifacts, 'logs'), { recursive: true });
        } catch {
            // no logs written
        }
        if (!options.keep) fs.rmSync(profile, { recursive: true, force: true });
        const failed = Object.entries(result.steps).filter(([, s]) => !s.ok).map(([name]) => name);
        log(failed.length ? `failed steps: ${failed.join(', ')}` : 'all steps passed');
        process.exitCode = failed.length ? 1 : 0;
    }
}

main().catch((error) => {
    console.error(error);
    process.exitCode = 2;
});
