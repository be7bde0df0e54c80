// Bundles the browser harness (tests/browser/harness) with esbuild: React, react-dom,
// @grafana/data and @grafana/ui go into one IIFE file, so the page needs no Grafana server.
// Loader choices: @grafana/ui pulls in monaco-editor's CSS, which references fonts (.ttf)
// and icons (.svg); the fonts are not needed for the panel and load as empty modules.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const harnessOut = path.join(repoRoot, 'tests', 'output', 'harness');

/**
 * @grafana/plugin-ui's config-editor components pull in @grafana/plugin-compat, which imports
 * functions of newer @grafana/runtime versions and feature-detects them at run time. Webpack
 * (Grafana's build) lets such missing named imports be undefined; esbuild refuses them. This
 * plugin gives plugin-compat a module with the same names read off the one real runtime
 * (so services set with setBackendSrv are the ones it sees), undefined where 13.1.1 lacks them.
 */
const compatRuntime = {
  name: 'plugin-compat-runtime',
  setup(b) {
    b.onResolve({ filter: /^@grafana\/runtime$/ }, (args) =>
      args.importer.includes(`${path.sep}@grafana${path.sep}plugin-compat${path.sep}`)
        ? { path: 'runtime', namespace: 'compat-runtime' }
        : undefined
    );
    b.onLoad({ filter: /.*/, namespace: 'compat-runtime' }, async () => {
      const dir = path.join(repoRoot, 'node_modules', '@grafana', 'plugin-compat', 'dist', 'esm');
      const names = new Set();
      for (const f of await readdir(dir, { recursive: true })) {
        if (!f.endsWith('.mjs')) {
          continue;
        }
        const text = await readFile(path.join(dir, f), 'utf8');
        for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*'@grafana\/runtime'/g)) {
          for (const n of m[1].split(',')) {
            const name = n
              .replace(/\btype\b/, '')
              .split(/\s+as\s+/)[0]
              .trim();
            if (/^[A-Za-z_$][\w$]*$/.test(name)) {
              names.add(name);
            }
          }
        }
      }
      const runtime = path.join(repoRoot, 'node_modules', '@grafana', 'runtime', 'dist', 'esm', 'index.mjs');
      return {
        contents: [
          `import * as runtime from ${JSON.stringify(runtime)};`,
          'const all = Object.assign({}, runtime);',
          ...[...names].map((n) => `export const ${n} = all[${JSON.stringify(n)}];`),
        ].join('\n'),
        resolveDir: repoRoot,
        loader: 'js',
      };
    });
  },
};

/**
 * `index.tsx` (the panel alone, for panel.test.mjs) and `surfaces.tsx` (every surface with
 * @grafana/runtime wired to the page's origin, for surfaces.test.mjs) become harness.js and
 * surfaces.js next to index.html and surfaces.html.
 */
export async function buildHarness(outDir = harnessOut, entries = ['index', 'surfaces']) {
  await mkdir(outDir, { recursive: true });
  await Promise.all(entries.map((e) => buildEntry(outDir, e)));
  return outDir;
}

async function buildEntry(outDir, entry) {
  await build({
    entryPoints: [path.join(here, 'harness', `${entry}.tsx`)],
    bundle: true,
    outfile: path.join(outDir, entry === 'index' ? 'harness.js' : `${entry}.js`),
    platform: 'browser',
    format: 'iife',
    target: 'chrome110',
    minify: true,
    sourcemap: false,
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.svg': 'text', '.ttf': 'empty', '.woff': 'empty', '.woff2': 'empty' },
    logLevel: 'warning',
    plugins: [compatRuntime],
  });
  await copyFile(path.join(here, 'harness', `${entry}.html`), path.join(outDir, `${entry}.html`));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildHarness());
}
