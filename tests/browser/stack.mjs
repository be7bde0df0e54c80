// The real back end for the browser suite: the pool simulator (cmd/xapi-sim, with the study's
// `all` scenario played forward over the last two hours, writing its Exchange logs and load-test
// results) and tests/pluginhost/cmd/pluginhost, which launches the built datasource binary as
// Grafana does (go-plugin handshake, gRPC) and serves Grafana's HTTP API for it
// (/api/ds/query, /api/datasources/uid/<uid>/health and /resources/...). Both listen on
// 127.0.0.1 only, both are killed when the suite ends (and pluginhost also when its stdin
// closes), and pluginhost stops itself after --max-lifetime.
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { repoRoot } from './build.mjs';

const run = promisify(execFile);
const binDir = path.join(repoRoot, 'tests', 'output', 'bin');

/** The datasource the suite's pages use: the provisioned uid, so dashboard queries match. */
export const datasourceUid = 'xenbench';
const password = 'browser-suite-password';

async function goBuild(out, pkg, env = {}) {
  await run('go', ['build', '-trimpath', '-o', out, pkg], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    maxBuffer: 16 << 20,
    timeout: 600_000,
  });
  return out;
}

/** Lines of a child's stdout, and a wait for the first line matching a pattern. */
function watch(child, name) {
  let buffer = '';
  const waiters = [];
  const lines = [];
  const onData = (chunk) => {
    buffer += chunk;
    let i;
    while ((i = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters]) {
        const m = line.match(w.re);
        if (m) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(m);
        }
      }
    }
  };
  child.stdout.setEncoding('utf8').on('data', onData);
  child.stderr.setEncoding('utf8').on('data', onData);
  child.on('exit', (code) => {
    for (const w of waiters.splice(0)) {
      w.reject(new Error(`${name} exited (${code}) before "${w.re}":\n${lines.slice(-20).join('\n')}`));
    }
  });
  return {
    lines,
    until: (re, ms) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${name}: no "${re}" within ${ms} ms:\n${lines.slice(-20).join('\n')}`)),
          ms
        );
        waiters.push({
          re,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        });
      }),
  };
}

/**
 * Starts the simulator and pluginhost. The simulator needs consecutive ports (host i listens
 * on port+i), so a random base in a high range is tried until one is free.
 */
export async function startStack() {
  await mkdir(binDir, { recursive: true });
  const sim = path.join(binDir, 'xapi-sim');
  const host = path.join(binDir, 'pluginhost');
  const plugin = process.env.XENBENCH_PLUGIN_BINARY
    ? path.resolve(process.env.XENBENCH_PLUGIN_BINARY)
    : path.join(binDir, 'gpx_xenserver');
  // Always rebuilt (Go's build cache makes an unchanged build quick), so the suite never runs
  // a stale binary; the plugin binary comes from test-all.sh's build when it set the variable.
  await Promise.all([
    goBuild(sim, './cmd/xapi-sim'),
    goBuild(host, './tests/pluginhost/cmd/pluginhost'),
    process.env.XENBENCH_PLUGIN_BINARY ? Promise.resolve() : goBuild(plugin, './pkg', { CGO_ENABLED: '0' }),
  ]);
  if (!existsSync(plugin)) {
    throw new Error(`plugin binary ${plugin} does not exist (XENBENCH_PLUGIN_BINARY?)`);
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'xenbench-browser-'));
  const logDir = path.join(dir, 'logs');
  const children = [];
  const close = async () => {
    for (const c of children) {
      if (c.exitCode === null) {
        c.kill('SIGTERM');
      }
    }
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    let simUrl;
    for (let attempt = 0; attempt < 5 && !simUrl; attempt++) {
      const port = 20000 + Math.floor(Math.random() * 20000);
      const child = spawn(
        sim,
        [
          `--listen=127.0.0.1:${port}`,
          '--hosts=3',
          '--seed=11',
          '--scenario=all',
          '--backfill=125m',
          `--log-dir=${logDir}`,
          `--password=${password}`,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] }
      );
      const w = watch(child, 'xapi-sim');
      try {
        const m = await w.until(/xapi-sim ready in .*master=(\S+)/, 60_000);
        simUrl = m[1];
        children.push(child);
      } catch (e) {
        child.kill('SIGKILL');
        if (!/address already in use/.test(w.lines.join('\n')) || attempt === 4) {
          throw e;
        }
      }
    }
    const datasources = [
      {
        uid: datasourceUid,
        url: simUrl,
        jsonData: { username: 'root', logFolder: logDir, exchangeVersion: '2007' },
        secureJsonData: { password },
      },
    ];
    const dsFile = path.join(dir, 'datasources.json');
    await writeFile(dsFile, JSON.stringify(datasources), { mode: 0o600 });
    const ph = spawn(host, ['--datasources', dsFile, '--binary', plugin, '--max-lifetime', '15m'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    children.push(ph);
    const m = await watch(ph, 'pluginhost').until(/pluginhost listening on (http:\/\/\S+)/, 60_000);
    return {
      apiUrl: m[1],
      simUrl,
      logDir,
      // What Grafana's /api/datasources lists: settings without the secrets.
      datasources: datasources.map(({ secureJsonData, ...d }) => ({
        ...d,
        name: 'XenServer / Exchange (simulator)',
        type: 'xenbench-xenserver-datasource',
        secureJsonFields: Object.fromEntries(Object.keys(secureJsonData).map((k) => [k, true])),
      })),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
