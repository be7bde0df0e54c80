// Bundles the browser harness (tests/browser/harness) with esbuild: React, react-dom,
// @grafana/data and @grafana/ui go into one IIFE file, so the page needs no Grafana server.
// Loader choices: @grafana/ui pulls in monaco-editor's CSS, which references fonts (.ttf)
// and icons (.svg); the fonts are not needed for the panel and load as empty modules.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const harnessOut = path.join(repoRoot, 'tests', 'output', 'harness');

export async function buildHarness(outDir = harnessOut) {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(here, 'harness', 'index.tsx')],
    bundle: true,
    outfile: path.join(outDir, 'harness.js'),
    platform: 'browser',
    format: 'iife',
    target: 'chrome110',
    minify: true,
    sourcemap: false,
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.svg': 'text', '.ttf': 'empty', '.woff': 'empty', '.woff2': 'empty' },
    logLevel: 'warning',
  });
  await copyFile(path.join(here, 'harness', 'index.html'), path.join(outDir, 'index.html'));
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(await buildHarness());
}
