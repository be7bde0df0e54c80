/**
 * Browser harness for every surface of the bundle: the datasource's config editor, query
 * editors and variable editor, the app's Setup, Report and config pages, and the panel on the
 * datasource's own answers. The real components run with the real @grafana/ui and
 * @grafana/runtime; the runtime's services are wired the way Grafana wires them, with
 * getBackendSrv() speaking HTTP to the page's origin, where tests/browser/server.mjs hands
 * Grafana's API calls to the real back end (tests/pluginhost/cmd/pluginhost). Nothing here
 * answers a query itself.
 * The page exposes `window.surfaces` for tests/browser/surfaces.test.mjs.
 */
import React, { useState } from 'react';
import { createRoot, Root } from 'react-dom/client';
import { MemoryRouter } from 'react-router-dom';
import { Observable, lastValueFrom } from 'rxjs';

import {
  AppPlugin,
  DataFrame,
  type DataQueryRequest,
  type DataSourceInstanceSettings,
  type DataSourceSettings,
  PluginType,
  ThemeContext,
  createTheme,
  dateTime,
} from '@grafana/data';
import {
  type BackendSrv,
  type BackendSrvRequest,
  type FetchResponse,
  setBackendSrv,
  setDataSourceSrv,
  setTemplateSrv,
} from '@grafana/runtime';
import { GlobalStyles } from '@grafana/ui';
// Grafana sets the PanelRenderer at start-up through this module, which the package does not
// export by name; the bundler resolves it to the same module instance @grafana/runtime uses.
// @ts-ignore -- no type declarations for the file itself
import { setPanelRenderer } from '../../../node_modules/@grafana/runtime/dist/esm/components/PanelRenderer.mjs';

import { ConfigEditor } from '../../../src/datasource/components/ConfigEditor';
import { QueryEditor } from '../../../src/datasource/components/QueryEditor';
import { VariableQueryEditor } from '../../../src/datasource/components/VariableQueryEditor';
import { XenbenchDataSource } from '../../../src/datasource/datasource';
import type { XenbenchOptions, XenbenchQuery } from '../../../src/datasource/types';
import SetupPage from '../../../src/pages/SetupPage';
import ReportPage from '../../../src/pages/ReportPage';
import AppConfig from '../../../src/components/AppConfig/AppConfig';
import { LatencyComparePanel } from '../../../src/panel/LatencyComparePanel';
import { panelProps } from '../../../src/panel/testdata/panelProps';
import type { Options } from '../../../src/panel/types';

interface ApiError {
  data: unknown;
  status: number;
  statusText: string;
  config: BackendSrvRequest;
}

/** BackendSrv over window.fetch, with Grafana's response and error shapes. */
function fetchObservable<T>(options: BackendSrvRequest): Observable<FetchResponse<T>> {
  return new Observable((sub) => {
    const controller = new AbortController();
    const params = options.params ? `?${new URLSearchParams(options.params as Record<string, string>)}` : '';
    const url = `${options.url.startsWith('/') ? '' : '/'}${options.url}${params}`;
    window
      .fetch(url, {
        method: options.method ?? 'GET',
        headers: { 'content-type': 'application/json', ...(options.headers ?? {}) },
        body: options.data === undefined ? undefined : JSON.stringify(options.data),
        signal: controller.signal,
      })
      .then(async (r) => {
        const text = await r.text();
        let data: unknown = text;
        try {
          data = text ? JSON.parse(text) : undefined;
        } catch {
          // not JSON: keep the text
        }
        if (r.ok) {
          sub.next({
            data: data as T,
            status: r.status,
            statusText: r.statusText,
            ok: true,
            headers: r.headers,
            redirected: r.redirected,
            type: r.type,
            url: r.url,
            config: options,
          });
          sub.complete();
        } else {
          const err: ApiError = { data, status: r.status, statusText: r.statusText, config: options };
          sub.error(err);
        }
      })
      .catch((e) => sub.error(e));
    return () => controller.abort();
  });
}

const backendSrv = {
  fetch: fetchObservable,
  get: (url: string, params?: Record<string, unknown>, _requestId?: string, options?: Partial<BackendSrvRequest>) =>
    lastValueFrom(fetchObservable({ ...options, url, params, method: 'GET' })).then((r) => r.data),
  post: (url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
    lastValueFrom(fetchObservable({ ...options, url, data, method: 'POST' })).then((r) => r.data),
  put: (url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
    lastValueFrom(fetchObservable({ ...options, url, data, method: 'PUT' })).then((r) => r.data),
  delete: (url: string, data?: unknown, options?: Partial<BackendSrvRequest>) =>
    lastValueFrom(fetchObservable({ ...options, url, data, method: 'DELETE' })).then((r) => r.data),
  request: (options: BackendSrvRequest) => lastValueFrom(fetchObservable(options)).then((r) => r.data),
  datasourceRequest: (options: BackendSrvRequest) => lastValueFrom(fetchObservable(options)),
  resolveCancelerIfExists: () => {},
} as unknown as BackendSrv;

setBackendSrv(backendSrv);
// No dashboard variables in the harness: queries are sent as written.
setTemplateSrv({
  getVariables: () => [],
  replace: (s?: string) => s ?? '',
  containsTemplate: () => false,
  updateTimeRange: () => {},
} as never);

let instanceSettings: DataSourceInstanceSettings<XenbenchOptions> | undefined;
let datasource: XenbenchDataSource | undefined;
setDataSourceSrv({
  getInstanceSettings: () => instanceSettings,
  get: async () => datasource,
  getList: () => (instanceSettings ? [instanceSettings] : []),
  reload: async () => {},
  registerRuntimeDataSource: () => {},
} as never);

let currentTheme = createTheme();
// The Report page draws the compare panel through Grafana's PanelRenderer; Grafana renders the
// panel plugin with the same PanelProps, built here the way the panel's own harness does.
setPanelRenderer(((p: { width: number; height: number; data: { series: DataFrame[] }; options?: Partial<Options> }) => (
  <LatencyComparePanel
    {...panelProps({
      frames: p.data.series,
      options: p.options,
      width: p.width,
      height: p.height,
      theme: currentTheme,
    })}
  />
)) as never);

export interface SurfaceRequest {
  surface: 'config' | 'query' | 'variable' | 'setup' | 'report' | 'appconfig' | 'panel';
  theme: 'light' | 'dark';
  width?: number;
  /** config: the settings to edit (Grafana's DataSourceSettings without secrets). */
  settings?: Partial<DataSourceSettings<XenbenchOptions>>;
  /** query / variable: the saved query. */
  query?: XenbenchQuery;
  /** panel: the queries to run through the datasource, the panel options and size. */
  queries?: XenbenchQuery[];
  options?: Partial<Options>;
  height?: number;
  rangeMs?: { from: number; to: number };
  /** appconfig: whether the app is enabled. */
  enabled?: boolean;
}

let root: Root | undefined;

/** The editor state as the page keeps it, so typing works as in Grafana; the last value is readable. */
const state: { settings?: unknown; query?: unknown; panelFrames?: number } = {};

function ConfigHost({ initial }: { initial: DataSourceSettings<XenbenchOptions> }) {
  const [options, setOptions] = useState(initial);
  state.settings = options;
  return (
    <ConfigEditor
      options={options as never}
      onOptionsChange={(o) => {
        state.settings = o;
        setOptions(o as never);
      }}
    />
  );
}

function QueryHost({ initial, variable }: { initial: XenbenchQuery; variable: boolean }) {
  const [query, setQuery] = useState(initial);
  state.query = query;
  const Editor = variable ? VariableQueryEditor : QueryEditor;
  return (
    <Editor
      datasource={datasource!}
      query={query}
      onChange={(q) => {
        state.query = q;
        setQuery(q);
      }}
      onRunQuery={() => {}}
    />
  );
}

function configure(settings: Partial<DataSourceSettings<XenbenchOptions>> | undefined) {
  const uid = settings?.uid ?? 'xenbench';
  instanceSettings = {
    id: 1,
    uid,
    name: settings?.name ?? 'XenServer / Exchange',
    type: 'xenbench-xenserver-datasource',
    access: 'proxy',
    url: settings?.url,
    jsonData: (settings?.jsonData ?? {}) as XenbenchOptions,
    readOnly: false,
    meta: {
      id: 'xenbench-xenserver-datasource',
      name: 'XenServer / Exchange',
      type: PluginType.datasource,
      info: {} as never,
      module: '',
      baseUrl: '',
      backend: true,
    },
  } as DataSourceInstanceSettings<XenbenchOptions>;
  datasource = new XenbenchDataSource(instanceSettings);
}

async function runPanelQueries(req: SurfaceRequest): Promise<DataFrame[]> {
  const range = req.rangeMs ?? { from: Date.now() - 3 * 3600_000, to: Date.now() };
  const from = dateTime(range.from);
  const to = dateTime(range.to);
  const request = {
    requestId: 'panel',
    interval: '15s',
    intervalMs: 15_000,
    maxDataPoints: 600,
    range: { from, to, raw: { from, to } },
    scopedVars: {},
    timezone: 'utc',
    app: 'dashboard',
    startTime: Date.now(),
    targets: (req.queries ?? []).map((q) => ({
      ...q,
      datasource: { type: instanceSettings!.type, uid: instanceSettings!.uid },
    })),
  } as unknown as DataQueryRequest<XenbenchQuery>;
  const res = await lastValueFrom(datasource!.query(request));
  if (res.errors?.length) {
    throw new Error(res.errors.map((e) => e.message).join('; '));
  }
  return res.data as DataFrame[];
}

async function render(req: SurfaceRequest): Promise<void> {
  configure(req.settings);
  currentTheme = createTheme({ colors: { mode: req.theme } });
  document.body.style.background = currentTheme.colors.background.canvas;
  document.body.style.color = currentTheme.colors.text.primary;
  document.body.style.fontFamily = currentTheme.typography.fontFamily;
  document.body.style.fontSize = `${currentTheme.typography.fontSize}px`;
  let node: React.ReactNode;
  switch (req.surface) {
    case 'config':
      node = <ConfigHost initial={{ ...(req.settings as DataSourceSettings<XenbenchOptions>) }} />;
      break;
    case 'query':
    case 'variable':
      node = <QueryHost initial={req.query!} variable={req.surface === 'variable'} />;
      break;
    case 'setup':
      node = <SetupPage />;
      break;
    case 'report':
      node = <ReportPage />;
      break;
    case 'appconfig': {
      const plugin = new AppPlugin<{}>();
      plugin.meta = {
        id: 'xenbench-exchange-app',
        name: 'xenbench',
        type: PluginType.app,
        enabled: req.enabled ?? true,
        pinned: true,
        jsonData: {},
        info: {} as never,
        module: '',
        baseUrl: '',
      } as never;
      node = <AppConfig plugin={plugin} query={{}} />;
      break;
    }
    case 'panel': {
      const frames = await runPanelQueries(req);
      state.panelFrames = frames.length;
      const range = req.rangeMs ?? { from: Date.now() - 3 * 3600_000, to: Date.now() };
      node = (
        <LatencyComparePanel
          {...panelProps({
            frames,
            options: req.options,
            width: req.width ?? 720,
            height: req.height ?? 360,
            theme: currentTheme,
            from: range.from,
            to: range.to,
          })}
        />
      );
      break;
    }
  }
  root?.unmount();
  root = createRoot(document.getElementById('root')!);
  root.render(
    <ThemeContext.Provider value={currentTheme}>
      {/* Grafana's global styles (headings, pre, links...), as every Grafana page has them. */}
      <GlobalStyles />
      {/* Grafana renders pages inside its router; links to app pages need one. */}
      <MemoryRouter>
        <div
          data-theme={req.theme}
          style={{
            background: currentTheme.colors.background.primary,
            color: currentTheme.colors.text.primary,
            padding: req.surface === 'panel' ? 0 : 16,
            width: req.surface === 'panel' ? (req.width ?? 720) : req.width,
            boxSizing: 'border-box',
          }}
        >
          {node}
        </div>
      </MemoryRouter>
    </ThemeContext.Provider>
  );
}

declare global {
  interface Window {
    surfaces: { render: typeof render; state: typeof state; ready: boolean };
  }
}

window.surfaces = { render, state, ready: true };
