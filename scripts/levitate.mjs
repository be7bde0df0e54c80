#!/usr/bin/env node
// Checks the front end against the APIs of the oldest Grafana that plugin.json claims
// (dependencies.grafanaDependency, ">=X.Y.Z"), with Grafana's @grafana/levitate:
// `is-compatible` of every module entry (scripts/levitate/entry.ts imports the app's,
// the datasource's and the panel's module) against @grafana/data, @grafana/ui and
// @grafana/runtime at X.Y.Z. Ignored differences are only those listed, with reasons,
// in scripts/levitate/.levignore.js.
//
// Levitate downloads each package's tarball from the npm registry into the temporary
// folder; TMPDIR points it at node_modules/.cache/levitate and LEVITATE_CACHE keeps the
// tarballs there, so only a clean clone downloads them. Usage: node scripts/levitate.mjs
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const here = join(root, 'scripts', 'levitate');
const entry = join(here, 'entry.ts');
const packages = ['@grafana/data', '@grafana/ui', '@grafana/runtime'];

function fail(message) {
  console.error(`levitate: ${message}`);
  process.exit(1);
}

const manifest = JSON.parse(readFileSync(join(root, 'plugin.json'), 'utf8'));
const claim = manifest.dependencies?.grafanaDependency ?? '';
const match = /^>=\s*(\d+\.\d+\.\d+)$/.exec(claim.trim());
if (!match) {
  fail(`plugin.json grafanaDependency is ${JSON.stringify(claim)}; this check reads ">=X.Y.Z"`);
}
const oldest = match[1];

// Every plugin.json under src/ names a module (the build's entry for that plugin);
// each must be imported by entry.ts, or its imports would go unchecked.
const entryText = readFileSync(entry, 'utf8');
function manifests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      return name === 'node_modules' ? [] : manifests(p);
    }
    return name === 'plugin.json' ? [p] : [];
  });
}
for (const m of manifests(join(root, 'src'))) {
  const moduleDir = relative(here, dirname(m)).split('\\').join('/');
  if (!entryText.includes(`'${moduleDir}/module'`)) {
    fail(`${relative(root, m)} has a module that scripts/levitate/entry.ts does not import ('${moduleDir}/module')`);
  }
}

const cache = join(root, 'node_modules', '.cache', 'levitate');
mkdirSync(cache, { recursive: true });
const ignore = readFileSync(join(here, '.levignore.js'), 'utf8');
console.log(`levitate: checking ${relative(root, entry)} against ${packages.map((p) => `${p}@${oldest}`).join(', ')}`);
console.log(`levitate: ignored differences (scripts/levitate/.levignore.js):\n${ignore.replace(/^/gm, '  ')}`);

const started = Date.now();
const run = spawnSync(
  'npx',
  [
    '--no-install',
    'levitate',
    'is-compatible',
    '--path',
    entry,
    '--target',
    packages.map((p) => `${p}@${oldest}`).join(','),
  ],
  { cwd: here, env: { ...process.env, TMPDIR: cache, LEVITATE_CACHE: 'true', FORCE_COLOR: '0' }, encoding: 'utf8' }
);
const output = `${run.stdout ?? ''}${run.stderr ?? ''}`;
process.stdout.write(output);
console.log(`levitate: took ${Math.round((Date.now() - started) / 1000)} s`);

// Levitate logs a package it could not download or read and still reports the code
// compatible, and skips a package it does not find in node_modules: either would make
// the check pass without checking, so both fail it.
for (const silent of ['Could not process the package', 'Skipping package', 'Could not resolve package']) {
  if (output.includes(silent)) {
    fail(`levitate did not check everything ("${silent}" above)`);
  }
}
for (const p of packages) {
  if (!output.includes(`Checking compatibility between`) || !output.includes(`${p}@${oldest}`)) {
    fail(`no result for ${p}@${oldest}`);
  }
}
if (run.status !== 0 || !output.includes('appears to be compatible')) {
  fail(
    `the code uses APIs that Grafana ${oldest} does not have (above). Raise grafanaDependency in plugin.json, ` +
      `change the code, or, for a type-only difference, list it with its reason in scripts/levitate/.levignore.js`
  );
}
