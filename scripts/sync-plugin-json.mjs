// Writes src/plugin.json from the root plugin.json before each front-end build.
//
// Why: the design keeps the app's manifest at the repository root as the one source of
// truth, while create-plugin's bundler (.config/bundler/utils.ts) and Grafana expect it in
// src/ beside module.tsx. The copy is generated (and git-ignored), never edited by hand.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'plugin.json');
const target = path.join(root, 'src', 'plugin.json');

// Copied byte for byte: Grafana's plugin.json schema allows no extra fields, so the copy
// cannot say it is generated; .gitignore and this script do.
writeFileSync(target, readFileSync(source));
