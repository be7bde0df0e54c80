// Every surface a user touches, in Debian's Chromium (playwright-core), against the real back
// end: the built datasource binary behind tests/pluginhost/cmd/pluginhost (Grafana's HTTP API
// over the plugin protocol), fed by the pool simulator with two hours of the study's history.
// Nothing answers a query but the back end (tests/browser/server.mjs forwards the calls).
//
// For each surface: it renders in light and dark (screenshots in tests/output/screenshots/),
// Tab reaches every control, and no console or page error is logged (except the ones a test
// expects). Run: node --test tests/browser/surfaces.test.mjs (needs Go and /usr/bin/chromium).
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import YAML from 'yaml';

import { buildHarness, repoRoot } from './build.mjs';
import { launchChromium } from './chromium.mjs';
import { startServer } from './server.mjs';
import { datasourceUid, startStack } from './stack.mjs';

const shots = path.join(repoRoot, 'tests', 'output', 'screenshots');

let stack;
let server;
let browser;
let page;
const api = { target: '', datasources: [], saved: [] };
/** Console errors and page errors of the current test; each test checks and clears them. */
let errors = [];

async function show(request) {
  errors = [];
  await page.evaluate((r) => window.surfaces.render(r), request);
}

/** Fails on any console/page error not matched by one of `expected`. */
// Grafana's Inter font files (public/fonts/, loaded by GlobalStyles) are not in the npm
// packages, so the harness cannot serve them; the page falls back to the theme's other fonts.
// Nor is the spinner icon (unicons/spinner.svg) among the icons @grafana/ui ships.
const alwaysExpected = [
  /Failed to load resource: .*404.*\/public\/fonts\//,
  /Failed to load resource: .*404.*\/icons\/unicons\/spinner\.svg/,
];

function assertNoErrors(expected = []) {
  const unexpected = errors.filter((e) => ![...alwaysExpected, ...expected].some((re) => re.test(e)));
  errors = [];
  assert.deepEqual(unexpected, [], 'console or page errors');
}

async function shot(name) {
  await page.locator('[data-theme]').screenshot({ path: path.join(shots, `${name}.png`) });
}

/**
 * Presses Tab until focus comes back round, and checks that every visible control was reached:
 * inputs, buttons, links, comboboxes, and one radio of each radio group (the browser moves
 * within a group with the arrow keys, as a group is one stop).
 */
async function assertTabReachesEverything(scope = '[data-theme]') {
  const controls = await page.evaluate((sel) => {
    const root = document.querySelector(sel);
    const visible = (e) => {
      const r = e.getBoundingClientRect();
      const st = getComputedStyle(e);
      return r.width > 0 && r.height > 0 && st.visibility !== 'hidden' && !e.closest('[aria-hidden="true"]');
    };
    const all = [
      ...root.querySelectorAll(
        'input:not([type=hidden]):not([disabled]), button:not([disabled]), a[href], textarea:not([disabled]), [role=combobox], [tabindex="0"]'
      ),
    ].filter((e) => visible(e) || (e.type === 'radio' && visible(e.parentElement)));
    let n = 0;
    const out = [];
    const groups = new Set();
    for (const e of all) {
      if (e.type === 'radio') {
        if (groups.has(e.name)) {
          continue;
        }
        groups.add(e.name);
      }
      e.dataset.tabProbe = String(n++);
      out.push({
        id: e.dataset.tabProbe,
        radio: e.type === 'radio' ? e.name : undefined,
        label: e.getAttribute('aria-label') || e.textContent?.trim().slice(0, 40) || e.placeholder || e.tagName,
      });
    }
    return out;
  }, scope);
  await page.evaluate(() => document.activeElement?.blur());
  await page.locator('body').click({ position: { x: 1, y: 1 } });
  const reached = new Set();
  const radioGroups = new Set();
  for (let i = 0; i < controls.length * 3 + 20; i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(() => {
      const a = document.activeElement;
      return a ? { probe: a.dataset?.tabProbe, radio: a.type === 'radio' ? a.name : undefined } : {};
    });
    if (f.probe !== undefined) {
      reached.add(f.probe);
    }
    if (f.radio) {
      radioGroups.add(f.radio);
    }
    if (reached.size + 0 >= controls.length && controls.every((c) => reached.has(c.id) || radioGroups.has(c.radio))) {
      break;
    }
  }
  const missed = controls.filter((c) => !reached.has(c.id) && !(c.radio && radioGroups.has(c.radio)));
  assert.deepEqual(
    missed.map((c) => c.label),
    [],
    `Tab does not reach ${missed.length} of ${controls.length} controls`
  );
  return controls.length;
}

/** The queries of the provisioned dashboards (panels and variables) and alert rules. */
async function provisionedQueries() {
  const out = { panels: [], variables: [], rules: [] };
  const dir = path.join(repoRoot, 'dashboards');
  for (const f of (await readdir(dir)).filter((x) => x.endsWith('.json')).sort()) {
    const d = JSON.parse(await readFile(path.join(dir, f), 'utf8'));
    const panels = (d.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
    for (const p of panels) {
      for (const t of p.targets ?? []) {
        if (t.queryType) {
          out.panels.push({ where: `${f} › ${p.title}`, query: t });
        }
      }
    }
    for (const v of d.templating?.list ?? []) {
      if (typeof v.query === 'object' && v.query?.queryType) {
        out.variables.push({ where: `${f} › $${v.name}`, query: v.query });
      }
    }
  }
  const rules = YAML.parse(await readFile(path.join(repoRoot, 'provisioning', 'alerting', 'xenbench.yaml'), 'utf8'));
  for (const g of rules.groups ?? []) {
    for (const r of g.rules ?? []) {
      for (const d of r.data ?? []) {
        if (d.model?.queryType) {
          out.rules.push({ where: `alert ${r.uid}`, query: d.model });
        }
      }
    }
  }
  return out;
}

const provisionedSettings = () => ({
  id: 1,
  uid: datasourceUid,
  orgId: 1,
  name: 'XenServer / Exchange (simulator)',
  type: 'xenbench-xenserver-datasource',
  typeName: 'XenServer / Exchange',
  typeLogoUrl: '',
  access: 'proxy',
  url: stack.simUrl,
  user: '',
  basicAuth: false,
  basicAuthUser: '',
  isDefault: true,
  jsonData: {
    ...stack.datasources[0].jsonData,
    timeoutSeconds: 30,
    logTimeZone: 'Europe/Berlin',
    platformOverrides: [
      { server: 'EXPHY01', platform: 'native' },
      { server: 'EXVM02', platform: 'virtual' },
    ],
    volumeRoles: [
      { server: '*', instance: 'L:', role: 'log' },
      { server: 'EXVM01', instance: 'D:', role: 'database' },
    ],
    poolMembers: [],
  },
  secureJsonFields: { password: true },
  readOnly: false,
  withCredentials: false,
});

before(async () => {
  const [dir, st] = await Promise.all([buildHarness(undefined, ['surfaces']), startStack()]);
  stack = st;
  api.target = stack.apiUrl;
  api.datasources = stack.datasources;
  await mkdir(shots, { recursive: true });
  server = await startServer(dir, api);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()} (${m.location()?.url ?? ''})`));
  await page.goto(`${server.url}surfaces.html`);
  await page.waitForFunction(() => window.surfaces?.ready === true);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await stack?.close();
});

describe('datasource settings page', () => {
  test('empty: says what is needed, light and dark, every control reachable by Tab', async () => {
    for (const theme of ['light', 'dark']) {
      await show({
        surface: 'config',
        theme,
        width: 1000,
        settings: { ...provisionedSettings(), url: '', jsonData: {}, secureJsonFields: {} },
      });
      await page.getByText('Enter the pool master URL').waitFor();
      await shot(`config-empty-${theme}`);
    }
    assert.ok((await assertTabReachesEverything()) > 10);
    assertNoErrors();
  });

  test('filled: the provisioned settings, one radio group per row, arrows change only their row', async () => {
    for (const theme of ['light', 'dark']) {
      await show({ surface: 'config', theme, width: 1000, settings: provisionedSettings() });
      await shot(`config-filled-${theme}`);
    }
    await assertTabReachesEverything();
    const row2 = page.getByRole('radiogroup', { name: 'Platform of override 2' });
    await row2.getByRole('radio', { name: 'Virtual' }).focus();
    await page.keyboard.press('ArrowLeft');
    const saved = await page.evaluate(() => window.surfaces.state.settings.jsonData.platformOverrides);
    assert.deepEqual(saved, [
      { server: 'EXPHY01', platform: 'native' },
      { server: 'EXVM02', platform: 'native' },
    ]);
    assert.ok(
      await page
        .getByRole('radiogroup', { name: 'Platform of override 1' })
        .getByRole('radio', { name: 'Native' })
        .isChecked()
    );
    assertNoErrors();
  });

  test('invalid input: the reason under each field, the typed text kept', async () => {
    await show({ surface: 'config', theme: 'light', width: 1000, settings: provisionedSettings() });
    const timeout = page.getByLabel('Timeout (seconds)');
    for (const [typed, reason] of [
      ['-5', /at least 1/],
      ['0', /at least 1/],
      ['abc', /"abc" is not a number/],
      ['2.5', /has a fraction/],
      ['99999999999', /at most 3,600/],
    ]) {
      await timeout.fill(typed);
      assert.equal(await timeout.inputValue(), typed);
      await page.getByText(reason).waitFor();
    }
    assert.equal(await page.evaluate(() => window.surfaces.state.settings.jsonData.timeoutSeconds), 30);
    await page.getByPlaceholder('https://xenserver-master.example.com').fill('not a url');
    await page.getByText('"not a url" is not a URL').waitFor();
    await page.getByPlaceholder('UTC').fill('Mars/Olympus');
    await page.getByText('"Mars/Olympus" is not a known IANA time zone').waitFor();
    await shot('config-invalid-light');
    assertNoErrors();
  });

  test('"Check resolution" asks the real back end and lists native and virtual servers', async () => {
    await show({ surface: 'config', theme: 'light', width: 1000, settings: provisionedSettings() });
    await page.getByRole('button', { name: 'Check resolution' }).click();
    const table = page.locator('table').filter({ hasText: 'EXVM01' });
    await table.waitFor();
    const text = await table.textContent();
    assert.match(text, /virtual/);
    assert.match(text, /native/);
    assertNoErrors();
  });

  test('"Fill from the pool\'s hosts" asks the back end for the hosts', async () => {
    await show({ surface: 'config', theme: 'light', width: 1000, settings: provisionedSettings() });
    await page.getByRole('button', { name: "Fill from the pool's hosts" }).click();
    // The back end lists the hosts with their addresses (inventory kind hosts, field address):
    // the list fills with the other members' URLs, never with the configured one.
    const first = page.getByRole('textbox', { name: 'Pool member 1', exact: true });
    await first.waitFor();
    const url = await first.inputValue();
    assert.match(url, /^https?:\/\/[^/]+$/, `pool member 1 is ${url}`);
    assert.notEqual(new URL(url).host, new URL(provisionedSettings().url).host);
    assertNoErrors();
  });
});

describe('query editors and the variable editor, with the provisioned queries', () => {
  test('each dashboard and alert-rule query opens in its editor without an error', async () => {
    const { panels, rules } = await provisionedQueries();
    assert.ok(panels.length > 20 && rules.length >= 8, `${panels.length} panel queries, ${rules.length} rule queries`);
    const seenTypes = new Set();
    for (const { where, query } of [...panels, ...rules]) {
      await show({ surface: 'query', theme: 'light', width: 1000, settings: provisionedSettings(), query });
      await page.locator('[data-theme] input').first().waitFor();
      // Let the editors' inventory requests finish (they go to the real back end).
      await page.waitForLoadState('networkidle');
      const unexpected = errors.filter((e) => ![...alwaysExpected, /Warning:/].some((re) => re.test(e)));
      assert.deepEqual(unexpected, [], `${where}: ${JSON.stringify(query)}`);
      errors = [];
      if (!seenTypes.has(query.queryType)) {
        seenTypes.add(query.queryType);
        for (const theme of ['light', 'dark']) {
          await show({ surface: 'query', theme, width: 1000, settings: provisionedSettings(), query });
          await page.waitForLoadState('networkidle');
          await shot(`query-${query.queryType}-${theme}`);
        }
        await assertTabReachesEverything();
      }
    }
    assertNoErrors([/Warning:/]);
  });

  test('each dashboard variable opens in the variable editor', async () => {
    const { variables } = await provisionedQueries();
    assert.ok(variables.length >= 8);
    for (const { where, query } of variables) {
      await show({ surface: 'variable', theme: 'light', width: 800, settings: provisionedSettings(), query });
      await page.locator('[data-theme] input').first().waitFor();
      await page.waitForLoadState('networkidle');
      assert.deepEqual(
        errors.filter((e) => !alwaysExpected.some((re) => re.test(e))),
        [],
        where
      );
    }
    for (const theme of ['light', 'dark']) {
      await show({
        surface: 'variable',
        theme,
        width: 800,
        settings: provisionedSettings(),
        query: variables[0].query,
      });
      await shot(`variable-editor-${theme}`);
    }
    await assertTabReachesEverything();
    assertNoErrors();
  });
});

describe('app pages', () => {
  test('Setup: the health check of the real back end, the steps it announces', async () => {
    for (const theme of ['light', 'dark']) {
      await show({ surface: 'setup', theme, width: 1280 });
      await page.getByText(/Connected to pool/).waitFor({ timeout: 60_000 });
      await shot(`setup-${theme}`);
    }
    // The message is not broken inside a word ("AP / I 2.21"): "API" sits on one line.
    const apiOnOneLine = await page.evaluate(() => {
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const i = n.textContent.search(/API \d/);
        if (i >= 0) {
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + 3);
          return r.getClientRects().length;
        }
      }
      return document.body.innerText;
    });
    assert.equal(apiOnOneLine, 1, `the word API is drawn as one piece (${apiOnOneLine})`);
    await assertTabReachesEverything();
    assertNoErrors();
  });

  test('Report: the study from the real back end, readable at 1,280 px', async () => {
    for (const theme of ['light', 'dark']) {
      await show({ surface: 'report', theme, width: 1280 });
      await page.locator('[data-testid="latencycompare-panel"]').waitFor({ timeout: 90_000 });
      await page.getByText('HA recoveries').waitFor();
      await page.locator('[data-theme]').screenshot({ path: path.join(shots, `report-${theme}.png`), fullPage: true });
    }
    const layout = await page.evaluate(() => {
      const root = document.querySelector('[data-theme]');
      const chart = document.querySelector('[data-testid="latencycompare-panel"]').getBoundingClientRect();
      return { chartWidth: chart.width, rootWidth: root.getBoundingClientRect().width, scroll: root.scrollWidth };
    });
    assert.ok(layout.chartWidth >= 1000, `chart ${layout.chartWidth} px wide in a 1,280 px page`);
    assert.ok(
      layout.scroll <= layout.rootWidth + 1,
      `no horizontal scrolling (${layout.scroll} > ${layout.rootWidth})`
    );
    assertNoErrors();
  });

  test('app config page: a link to the Setup page; Enable saves the setting', async () => {
    for (const theme of ['light', 'dark']) {
      await show({ surface: 'appconfig', theme, width: 1000, enabled: true });
      await shot(`appconfig-${theme}`);
    }
    const link = page.getByRole('link', { name: /Setup page/ });
    assert.equal(await link.getAttribute('href'), '/a/xenbench-exchange-app/setup');
    await assertTabReachesEverything();
    assertNoErrors();
  });
});

describe("panel on the datasource's own answers", () => {
  test('compare mode on the loadgen table (SendMail)', async () => {
    for (const theme of ['light', 'dark']) {
      await show({
        surface: 'panel',
        theme,
        width: 720,
        height: 360,
        settings: provisionedSettings(),
        queries: [{ refId: 'A', queryType: 'loadgen', tasks: ['SendMail'], format: 'table' }],
        options: { mode: 'compare' },
      });
      await page.getByTestId('compare-chart').waitFor();
      await shot(`panel-real-compare-${theme}`);
    }
    assert.ok((await page.locator('[data-group]').count()) >= 3);
    assert.match(await page.getByTestId('latencycompare-summary').textContent(), /virtual/);
    assertNoErrors();
  });

  test('time-series mode on the Exchange RPC latency counters', async () => {
    for (const theme of ['light', 'dark']) {
      await show({
        surface: 'panel',
        theme,
        width: 720,
        height: 360,
        settings: provisionedSettings(),
        queries: [{ refId: 'A', queryType: 'exchange', counters: ['\\\\*\\MSExchangeIS\\RPC Averaged Latency'] }],
        options: { mode: 'timeseries' },
      });
      await page.getByTestId('timeseries-chart').waitFor();
      await shot(`panel-real-timeseries-${theme}`);
    }
    assert.ok((await page.locator('[data-testid="series-paths"] path').count()) >= 4);
    assertNoErrors();
  });
});
