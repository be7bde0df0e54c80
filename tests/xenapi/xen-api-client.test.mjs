// Drives cmd/xapi-sim with the real npm `xen-api` client (Xen Orchestra's,
// vatesfr/xen-orchestra packages/xen-api): connect through a slave (the
// client must follow HOST_IS_SLAVE), read records, follow event.from while
// a XenMotion runs as an Async task, and fetch rrd_updates with
// getResource. Run: node --test tests/xenapi/
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

import { createClient } from 'xen-api';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const workDir = mkdtempSync(join(tmpdir(), 'xapi-sim-test-'));
const binary = join(workDir, 'xapi-sim');

let child;
let legacy;
let hostURLs = [];
let legacyURL;
const clients = [];

// A port that is free on 127.0.0.1 (and, on Linux, on the rest of 127/8).
function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

function waitForReady(proc, timeoutMs) {
  return new Promise((resolveReady, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`xapi-sim not ready after ${timeoutMs} ms: ${err}`)), timeoutMs);
    proc.stderr.on('data', (d) => (err += d));
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /xapi-sim ready in \S+: master=(\S+) hosts=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveReady(m[2].split(','));
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`xapi-sim exited early (${code}): ${err}`));
    });
  });
}

before(async () => {
  await promisify(execFile)('go', ['build', '-o', binary, './cmd/xapi-sim'], { cwd: repoRoot, timeout: 240_000 });
  const port = await freePort();
  // One IP per host on a shared port, like a real pool: HOST_IS_SLAVE then
  // carries an IP the client can use with its own port.
  const listen = [1, 2, 3].map((i) => `127.0.0.${i}:${port}`).join(',');
  child = spawn(binary, ['--hosts-listen', listen, '--hosts', '3', '--seed', '7', '--time-scale', '30'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  hostURLs = await waitForReady(child, 10_000);
  // A XenServer 6.x-era host: XML-RPC only, so the client must fall back
  // from JSON-RPC (transports/auto.mjs).
  legacy = spawn(binary, ['--listen', '127.0.0.1:0', '--hosts', '1', '--xapi-version', '1.20'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  [legacyURL] = await waitForReady(legacy, 10_000);
});

after(async () => {
  for (const xapi of clients) {
    await xapi.disconnect().catch(() => {});
  }
  for (const proc of [child, legacy]) {
    if (proc !== undefined && proc.exitCode === null) {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  }
  rmSync(workDir, { recursive: true, force: true });
});

function client(url, password = 'xenbench', extra = {}) {
  const xapi = createClient({
    url,
    auth: { user: 'root', password },
    allowUnauthorized: true,
    watchEvents: ['pool', 'host', 'host_metrics', 'VM', 'task', 'message'],
    eventPollDelay: 100,
    ...extra,
  });
  clients.push(xapi);
  return xapi;
}

async function until(what, predicate, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate()) {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('a wrong password is SESSION_AUTHENTICATION_FAILED', { timeout: 20_000 }, async () => {
  const xapi = client(hostURLs[0], 'wrong', { watchEvents: false });
  await assert.rejects(xapi.connect(), (error) => error.code === 'SESSION_AUTHENTICATION_FAILED');
});

test('connect through a slave, read records, follow events, fetch rrd_updates', { timeout: 60_000 }, async () => {
  // Start at a slave: the client must retry on the master named by HOST_IS_SLAVE.
  const xapi = client(hostURLs[1]);
  await xapi.connect();
  assert.equal(xapi.status, 'connected');
  await xapi.objectsFetched;

  const objects = Object.values(xapi.objects.all);
  const vms = objects.filter((o) => o.$type === 'VM' && !o.is_control_domain);
  const hosts = objects.filter((o) => o.$type === 'host');
  assert.deepEqual(vms.map((vm) => vm.name_label).sort(), ['EXVM01', 'EXVM02', 'EXVM03', 'EXVM04']);
  assert.equal(hosts.length, 3);
  const master = xapi.getObjectByRef(xapi.pool.master);
  assert.equal(master.name_label, 'xenserver-01');

  // XenMotion through the API: the client waits on the task via event.from,
  // and the VM's resident_on changes in its cache through events as well.
  const vm = vms.find((v) => v.name_label === 'EXVM01');
  const target = hosts.find((h) => h.$ref !== vm.resident_on);
  await xapi.callAsync('VM.pool_migrate', vm.$ref, target.$ref, { live: 'true' });
  await until('EXVM01 to move', () => xapi.getObject(vm.$id).resident_on === target.$ref, 10_000);

  // rrd_updates from the master, as Xen Orchestra's xapi-stats.mjs asks for it.
  const [servertime] = [await xapi.call('host.get_servertime', master.$ref)];
  assert.match(servertime, /^\d{8}T\d{2}:\d{2}:\d{2}Z$/);
  const response = await xapi.getResource('/rrd_updates', {
    query: { cf: 'AVERAGE', host: 'true', interval: 5, json: 'true', start: -60 },
  });
  assert.equal(response.headers['content-type'], 'application/json');
  const stats = JSON.parse(await response.body.text());
  await response.task; // the HTTP handler completes the task the client created
  assert.equal(stats.meta.step, '5');
  assert.ok(stats.data.length >= 10);
  assert.equal(stats.data[0].values.length, Number(stats.meta.columns));
  assert.ok(stats.meta.legend.includes(`AVERAGE:host:${master.uuid}:cpu_avg`));
  assert.ok(Number(stats.data[0].t) > Number(stats.data[1].t), 'rows are newest first');

  // Each host answers for its own VMs only: EXVM01's data is on its new host.
  const targetURL = hostURLs.find((u) => new URL(u).hostname === target.address);
  assert.ok(targetURL, `no simulator URL for host address ${target.address}`);
  const res = await fetch(
    `${targetURL}/rrd_updates?start=-10&host=true&session_id=${encodeURIComponent(xapi.sessionId)}`,
    {
      headers: { Accept: 'application/json' },
    }
  );
  const perHost = await res.json();
  assert.ok(perHost.meta.legend.some((l) => l.startsWith(`AVERAGE:vm:${vm.uuid}:`)));
});

test('an XML-RPC-only host (xapi 1.20) is read through the XML-RPC fallback', { timeout: 30_000 }, async () => {
  const xapi = client(legacyURL, 'xenbench', { watchEvents: false });
  await xapi.connect();
  const vms = Object.values(await xapi.getAllRecords('VM')).filter((vm) => !vm.is_control_domain);
  assert.deepEqual(vms.map((vm) => vm.name_label).sort(), ['EXVM01', 'EXVM02', 'EXVM03', 'EXVM04']);
  const [host] = Object.values(await xapi.getAllRecords('host'));
  assert.equal(typeof host.API_version_major, 'string', 'XML-RPC carries 64-bit ints as strings');
  // rrd_updates on such a host is XML whatever the client asks for.
  const res = await xapi.getResource('/rrd_updates', {
    query: { start: -10, host: 'true', json: 'true' },
    task: false,
  });
  assert.equal(res.headers['content-type'], 'text/xml');
  assert.match(await res.body.text(), /^<\?xml[^>]*>\s*<xport><meta><start>\d+<\/start><step>5<\/step>/);
});
