// Bundles the extension with esbuild into dist/extension.js and copies errlsp's catalog JSON
// Schema (errlsp/catalog/schema.json, the single source of truth) to schemas/ for the
// `jsonValidation` contribution. `node build.mjs --production` minifies; `--watch` rebuilds.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

function copySchema() {
    const source = join(here, '..', '..', 'errlsp', 'catalog', 'schema.json');
    const target = join(here, 'schemas', 'catalog.schema.json');
    mkdirSync(dirname(target), { recursive: true });
    if (existsSync(source)) {
        copyFileSync(source, target);
        console.log(`copied ${source} -> schemas/catalog.schema.json`);
    } else if (existsSync(target)) {
        console.warn(`warning: ${source} not found; keeping the existing schemas/catalog.schema.json`);
    } else {
        console.warn(`warning: ${source} not found; catalog JSON files get no validation in this build`);
    }
}

const options = {
    entryPoints: [join(here, 'src', 'extension.ts')],
    bundle: true,
    outfile: join(here, 'dist', 'extension.js'),
    external: ['vscode'],
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: !production,
    minify: production,
    logLevel: 'info',
};

copySchema();
if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
} else {
    await esbuild.build(options);
}
