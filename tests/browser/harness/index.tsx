/**
 * Browser harness: mounts the real LatencyComparePanel with Grafana's theme (light or dark)
 * and PanelData built from real data frames, the way Grafana's PanelRenderer would pass them.
 * The page exposes `window.harness` for tests/browser/panel.test.mjs.
 */
import React from 'react';
import { createRoot, Root } from 'react-dom/client';
import { flushSync } from 'react-dom';

import { DataFrame, FieldType, ThemeContext, createDataFrame, createTheme } from '@grafana/data';

import { LatencyComparePanel } from '../../../src/panel/LatencyComparePanel';
import { loadgenTable, manySeries, studyRows } from '../../../src/panel/testdata/frames';
import { panelProps } from '../../../src/panel/testdata/panelProps';
import { buildModel } from '../../../src/panel/data/buildModel';
import { Options, withDefaults } from '../../../src/panel/types';

/** A frame given as plain fields (e.g. built from a real Prometheus answer by a Go test). */
export interface FrameJSON {
  fields: Array<{ name: string; type: 'string' | 'number'; values: unknown[]; config?: { unit?: string } }>;
}

export interface RenderRequest {
  scenario: 'study' | 'tasks' | 'workload' | 'timeseries' | 'many' | 'empty' | 'frames';
  /** For `frames`: the frames to draw. */
  frames?: FrameJSON[];
  theme: 'light' | 'dark';
  width?: number;
  height?: number;
  /** For `workload`: the one workload to show (e.g. "8000 heavy"). */
  workload?: string;
  /** For `many`: groups × 2 platforms × serversPerCell series. */
  groups?: number;
  serversPerCell?: number;
  points?: number;
  options?: Partial<Options>;
}

const start = 1_700_000_000_000;
const hour = 3_600_000;

function annotationFrame(): DataFrame {
  return createDataFrame({
    fields: [
      { name: 'time', type: FieldType.time, values: [start + 20 * 60_000, start + 40 * 60_000] },
      { name: 'timeEnd', type: FieldType.time, values: [start + 21 * 60_000, start + 43 * 60_000] },
      { name: 'title', type: FieldType.string, values: ['XenMotion EXVM01', 'HA restart EXVM02'] },
      {
        name: 'text',
        type: FieldType.string,
        values: ['xs01 → xs02, downtime 0.3 s', 'host xs03 failed; VM restarted on xs01 in 2 min 10 s'],
      },
    ],
  });
}

function frames(req: RenderRequest): DataFrame[] {
  switch (req.scenario) {
    case 'study':
      return [loadgenTable(studyRows)];
    case 'tasks':
      // The study plus other load-test tasks, which the panel hides with a notice.
      return [
        loadgenTable([
          ...studyRows,
          ...studyRows.map((r) => [r[0], r[1], r[2], 'Logon', (r[4] ?? 0) / 2, (r[5] ?? 0) / 2, r[6]] as typeof r),
          ...studyRows.map(
            (r) => [r[0], r[1], r[2], 'BrowseCalendar', (r[4] ?? 0) / 3, (r[5] ?? 0) / 3, r[6]] as typeof r
          ),
        ]),
      ];
    case 'workload':
      return [loadgenTable(studyRows.filter((r) => r[0] === req.workload))];
    case 'timeseries':
      return manySeries(3, 2, 60, start, 60_000).map((f, i) => {
        // Name the three groups like the study's workloads.
        const w = ['2000 heavy', '4000 heavy', '8000 heavy'][Math.floor(i / 4)];
        f.fields[1].labels = { ...f.fields[1].labels, workload: w };
        return f;
      });
    case 'many':
      return manySeries(req.groups ?? 200, req.serversPerCell ?? 5, req.points ?? 60, start, 60_000);
    case 'empty':
      return [];
    case 'frames':
      return (req.frames ?? []).map((f) =>
        createDataFrame({
          fields: f.fields.map((x) => ({
            name: x.name,
            type: x.type === 'number' ? FieldType.number : FieldType.string,
            values: x.values,
            config: x.config ?? {},
          })),
        })
      );
  }
}

let root: Root | undefined;
const container = () => document.getElementById('root')!;

function element(req: RenderRequest, data: DataFrame[], theme = createTheme({ colors: { mode: req.theme } })) {
  document.body.style.background = theme.colors.background.canvas;
  document.body.style.color = theme.colors.text.primary;
  document.body.style.fontFamily = theme.typography.fontFamily;
  const props = panelProps({
    frames: data,
    options: req.options,
    annotations: req.scenario === 'timeseries' ? [annotationFrame()] : undefined,
    width: req.width ?? 720,
    height: req.height ?? 360,
    theme,
    from: start,
    to: start + hour,
  });
  return { props, theme, node: tree(props, theme, req.theme) };
}

function tree(props: ReturnType<typeof panelProps>, theme: ReturnType<typeof createTheme>, mode: string) {
  return (
    <ThemeContext.Provider value={theme}>
      <div
        style={{ background: theme.colors.background.primary, width: props.width, height: props.height, padding: 0 }}
        data-theme={mode}
      >
        <LatencyComparePanel {...props} />
      </div>
    </ThemeContext.Provider>
  );
}

function render(req: RenderRequest) {
  root?.unmount();
  root = createRoot(container());
  const { node } = element(req, frames(req));
  flushSync(() => root!.render(node));
}

/**
 * Render time of the panel: performance.now() around a synchronous React render and commit
 * (flushSync) of a fresh mount, so the data mapping (memoised per mount) is included. The frames
 * are built and the field config applied once before timing, as Grafana does before a panel renders.
 * `resize` re-renders the mounted panel with a new width and height and the same data and
 * options, as a dashboard resize does. `mapping` times the frame-to-model step alone.
 * Returns every run's figure in ms.
 */
function bench(req: RenderRequest, runs: number): { mount: number[]; resize: number[]; mapping: number[] } {
  // Props (frames with the field config applied) are built once, as Grafana keeps them between
  // renders; every run still mounts a fresh panel, so its memoised mapping is recomputed.
  const first = element(req, frames(req));
  const resized = { ...first.props, width: first.props.width - 40, height: first.props.height - 20 };
  const options = withDefaults(first.props.options);
  const mount: number[] = [];
  const resize: number[] = [];
  const mapping: number[] = [];
  for (let i = 0; i < runs; i++) {
    root?.unmount();
    root = createRoot(container());
    const t0 = performance.now();
    flushSync(() => root!.render(tree(first.props, first.theme, req.theme)));
    mount.push(performance.now() - t0);
    const t1 = performance.now();
    flushSync(() => root!.render(tree(resized, first.theme, req.theme)));
    resize.push(performance.now() - t1);
    const t2 = performance.now();
    buildModel(first.props.data.series, options, (key) => (key?.task === 'SendMail' ? 'ms' : undefined));
    mapping.push(performance.now() - t2);
  }
  return { mount, resize, mapping };
}

declare global {
  interface Window {
    harness: { render: typeof render; bench: typeof bench; ready: boolean };
  }
}

window.harness = { render, bench, ready: true };
