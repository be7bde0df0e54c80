// The latency-compare panel on Prometheus data: the frames come from a real Prometheus
// server's answers to the generated Prometheus dashboard's queries (pkg/promdash),
// written by `go test ./tests/prometheus` (scripts/test-all.sh runs it before this
// stage). The real panel draws them in Debian's Chromium; the test checks one group
// per workload with a native and a virtual bar each, the catalog's bands, and that the
// numbers shown are Prometheus's (seconds, shown in ms).
// Run: go test ./tests/prometheus && node --test tests/browser/prometheus.test.mjs
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { chromium } from 'playwright-core';

import { buildHarness, repoRoot } from './build.mjs';
import { startServer } from './server.mjs';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const framesFile = path.join(repoRoot, 'tests', 'output', 'prometheus', 'compare-frames.json');
const shots = path.join(repoRoot, 'tests', 'output', 'screenshots');

let browser;
let server;
let page;
const pageErrors = [];

before(async () => {
  if (!existsSync(framesFile)) {
    throw new Error(
      `${framesFile} is missing: run "go test ./tests/prometheus" first (it queries a real Prometheus and writes it)`
    );
  }
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: install it with "apt-get install -y chromium" or set CHROMIUM_PATH`
    );
  }
  const dir = await buildHarness();
  await mkdir(shots, { recursive: true });
  server = await startServer(dir);
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
    ],
    timeout: 30_000,
  });
  page = await browser.newPage({ viewport: { width: 760, height: 420 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(server.url);
  await page.waitForFunction(() => window.harness?.ready === true);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('compare mode draws native vs virtual from real Prometheus query results', async () => {
  const frame = JSON.parse(readFileSync(framesFile, 'utf8'));
  const col = (name) => frame.fields.find((f) => f.name === name).values;
  const workloads = [...new Set(col('workload'))];
  assert.ok(workloads.length >= 2, `workloads from Prometheus: ${workloads}`);
  await page.evaluate((r) => window.harness.render(r), {
    scenario: 'frames',
    frames: [{ fields: frame.fields }],
    theme: 'light',
    width: 740,
    height: 400,
    options: { mode: 'compare', metricFilter: 'SendMail', thresholdSource: 'catalog' },
  });
  const chart = page.getByTestId('compare-chart');
  await chart.waitFor();
  assert.equal(await chart.locator('[data-group]').count(), workloads.length);
  for (const w of workloads) {
    const group = chart.locator(`g[data-group="${w}"]`);
    assert.equal(await group.locator('g[data-platform="native"]').count(), 1, `${w}: native bar`);
    assert.equal(await group.locator('g[data-platform="virtual"]').count(), 1, `${w}: virtual bar`);
  }
  assert.equal(await chart.getByTestId('p95-marker').count(), 2 * workloads.length);
  assert.ok((await chart.locator('[data-band]').count()) > 0, 'threshold bands from the catalog');

  // The first native bar's accessible name carries its average in ms: the mean of
  // that workload's native rows as Prometheus returned them (in seconds).
  const w0 = workloads[0];
  const avgs = col('avg').filter((_, i) => col('workload')[i] === w0 && col('platform')[i] === 'native');
  const label = await chart
    .locator(`g[data-group="${w0}"] g[data-platform="native"]`)
    .first()
    .getAttribute('aria-label');
  const shown = Number(/average: ([\d.,]+) ms/.exec(label ?? '')?.[1]?.replace(',', ''));
  const want = (avgs.reduce((a, b) => a + b, 0) / avgs.length) * 1000;
  assert.ok(
    Math.abs(shown - want) <= Math.max(1, want * 0.01),
    `aria-label "${label}": shown ${shown} ms, Prometheus mean ${want} ms`
  );
  await page.locator('[data-theme]').screenshot({ path: path.join(shots, 'prometheus-compare-light.png') });
  assert.deepEqual(pageErrors, []);
});
