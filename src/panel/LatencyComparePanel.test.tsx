import { fireEvent, render, screen, within } from '@testing-library/react';
import React from 'react';

import { FieldType, ThresholdsMode, createDataFrame } from '@grafana/data';

import { LatencyComparePanel } from './LatencyComparePanel';
import { loadgenTable, manySeries, seriesFrame, studyRows } from './testdata/frames';
import { PanelPropsInput, panelProps } from './testdata/panelProps';

const renderPanel = (input: PanelPropsInput) => render(<LatencyComparePanel {...panelProps(input)} />);

describe('LatencyComparePanel, compare mode with the loadgen table', () => {
  it('draws two bars and a p95 marker per workload, the bands, pass marks and the summary', () => {
    renderPanel({ frames: [loadgenTable(studyRows)] });
    const chart = screen.getByTestId('compare-chart');
    expect(chart.querySelectorAll('[data-group]')).toHaveLength(3);
    expect(chart.querySelectorAll('[data-platform="native"]')).toHaveLength(3);
    expect(chart.querySelectorAll('[data-platform="virtual"]')).toHaveLength(3);
    expect(chart.querySelectorAll('[data-testid="p95-marker"]')).toHaveLength(6);
    // Each statistic has its own bands: the average's strip beside the bars on the left, the
    // p95's on the right; no band spans the plot.
    const bands = (role: string) =>
      Array.from(screen.getByTestId(`limit-strip-${role}`).querySelectorAll('[data-band]')).map((b) =>
        b.getAttribute('data-band')
      );
    expect(bands('bar')).toEqual(['ok', 'warning', 'critical']);
    expect(bands('marker').length).toBeGreaterThan(0);
    expect(screen.queryByTestId('threshold-bands')).toBeNull();
    expect(screen.getByTestId('bar-limit')).toHaveTextContent('avg limit 500 ms');
    expect(screen.getAllByTestId('verdict').map((v) => v.textContent)).toEqual([
      '\u2713 pass \u22125 %',
      '\u2713 pass +3 %',
      '\u2713 pass +3 %',
    ]);
    expect(screen.getByTestId('latencycompare-summary')).toHaveTextContent(
      'virtual within limits at all 3 workloads, overhead \u22125 % … +3 % (SendMail, average and 95th percentile)'
    );
    expect(screen.getByTestId('marker-limit')).toHaveTextContent('p95 limit 1 s');
  });

  // Issue 15: the bands were the average's limit, so p95 markers under the 1 s p95 limit stood
  // in the red "over limit" area.
  it('judges each p95 marker against the p95 limit, not the average limit', () => {
    renderPanel({ frames: [loadgenTable(studyRows)] });
    const markers = screen.getAllByTestId('p95-marker');
    // The study's p95 values (up to 750 ms) are over the 500 ms average limit but within 1 s.
    expect(markers.map((m) => m.getAttribute('data-status'))).toEqual(Array(6).fill('ok'));
    const strip = screen.getByTestId('limit-strip-marker');
    expect(strip).toHaveAttribute('data-stat', 'p95');
    expect(screen.getByTestId('limit-strip-bar')).toHaveAttribute('data-stat', 'avg');
    // The bands do not reach under the bars: the strips end before the first bar starts.
    const stripRight = Math.max(
      ...Array.from(screen.getByTestId('limit-strip-bar').querySelectorAll('rect')).map(
        (r) => Number(r.getAttribute('x')) + Number(r.getAttribute('width'))
      )
    );
    const firstBar = Math.min(
      ...Array.from(screen.getByTestId('compare-chart').querySelectorAll('[data-platform] rect')).map((r) =>
        Number(r.getAttribute('x'))
      )
    );
    expect(stripRight).toBeLessThan(firstBar);
  });

  it('labels each bar for screen readers and shows a tooltip on keyboard focus and on hover', () => {
    renderPanel({ frames: [loadgenTable(studyRows)] });
    const bar = screen.getByRole('img', {
      name: /^8000 heavy · virtual: average: 350 ms, 95th percentile: 750 ms, status: within limit, overhead vs native: \+2\.9 %/,
    });
    expect(bar).toHaveAttribute('tabindex', '0');
    fireEvent.focus(bar);
    const tip = screen.getByRole('tooltip');
    expect(tip).toHaveTextContent('8000 heavy · virtual');
    expect(tip).toHaveTextContent('servers: EXVM01, EXVM02');
    fireEvent.blur(bar);
    expect(screen.queryByRole('tooltip')).toBeNull();
    fireEvent.mouseEnter(screen.getByRole('img', { name: /^2000 heavy · native/ }));
    expect(screen.getByRole('tooltip')).toHaveTextContent('average: 210 ms');
  });

  it('the legend hides a platform and the summary follows', () => {
    renderPanel({ frames: [loadgenTable(studyRows)] });
    const toggle = screen.getByRole('button', { name: /virtual/ });
    expect(toggle).toHaveAttribute('aria-pressed', 'true');
    fireEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByTestId('compare-chart').querySelectorAll('[data-platform="virtual"]')).toHaveLength(0);
    expect(screen.getByTestId('latencycompare-summary')).toHaveTextContent(/^native within limits at all 3 workloads/);
  });

  it('fails a workload whose virtual p95 is over the limit, in words', () => {
    const rows = studyRows.map((r) =>
      r[0] === '8000 heavy' && r[1] === 'virtual' ? ([...r.slice(0, 5), 1200, r[6]] as typeof r) : r
    );
    renderPanel({ frames: [loadgenTable(rows)] });
    expect(screen.getAllByTestId('verdict')[2]).toHaveTextContent('\u2717 FAIL');
    expect(screen.getByTestId('latencycompare-summary')).toHaveTextContent(
      'virtual over the limit at 1 of 3 workloads (8000 heavy)'
    );
  });

  it('panel thresholds override the catalog', () => {
    renderPanel({
      frames: [loadgenTable(studyRows)],
      fieldConfig: {
        defaults: {
          thresholds: {
            mode: ThresholdsMode.Absolute,
            steps: [
              { value: -Infinity, color: 'green' },
              { value: 300, color: 'orange' },
              { value: 345, color: 'red' },
            ],
          },
        },
        overrides: [],
      },
    });
    expect(screen.getByTestId('latencycompare-summary')).toHaveTextContent(
      'virtual over the limit at 1 of 3 workloads (8000 heavy)'
    );
    expect(screen.queryByTestId('marker-limit')).toBeNull();
  });

  it('only native data: no overhead, says so', () => {
    renderPanel({ frames: [loadgenTable(studyRows.filter((r) => r[1] === 'native'))] });
    expect(screen.getByTestId('latencycompare-summary')).toHaveTextContent(
      /^only native data: native within limits at all 3 workloads/
    );
    expect(screen.getByRole('button', { name: /virtual/ })).toBeDisabled();
  });

  it('links group labels to the drill-down dashboard with the same time range', () => {
    const { container } = renderPanel({
      frames: [loadgenTable(studyRows)],
      options: { drilldownUid: 'xenbench-scalability' },
    });
    const link = container.querySelector('a[href^="/d/xenbench-scalability"]');
    expect(link).toHaveAttribute(
      'href',
      '/d/xenbench-scalability?var-workload=2000%20heavy&from=1700000000000&to=1700003600000'
    );
  });
});

describe('LatencyComparePanel, missing data', () => {
  it('no frames: says what data it expects', () => {
    renderPanel({ frames: [] });
    expect(screen.getByText(/No data\. Expected a table with workload, platform, avg and p95/)).toBeInTheDocument();
  });

  it('a failed query shows its error', () => {
    renderPanel({ frames: [], errorMessage: 'XAPI session expired' });
    expect(screen.getByText(/The query failed: XAPI session expired/)).toBeInTheDocument();
  });

  it('no platform: says how to map one', () => {
    renderPanel({ frames: [seriesFrame({ workload: 'A' }, [1, 2], [1, 2])], options: { mode: 'compare' } });
    expect(screen.getByText(/No platform: the data has no "platform" field or label/)).toBeInTheDocument();
  });

  it('a frame without numbers', () => {
    renderPanel({
      frames: [createDataFrame({ fields: [{ name: 'workload', type: FieldType.string, values: ['A'] }] })],
    });
    expect(screen.getByText(/no number fields/)).toBeInTheDocument();
  });

  it('time series mode on a summary table explains the mismatch', () => {
    renderPanel({ frames: [loadgenTable(studyRows)], options: { mode: 'timeseries' } });
    expect(screen.getByText(/Set Display mode to Compare/)).toBeInTheDocument();
  });
});

describe('LatencyComparePanel, time series', () => {
  it('reduces time series to bars in compare mode', () => {
    renderPanel({ frames: manySeries(3, 2, 60) });
    expect(screen.getByTestId('compare-chart').querySelectorAll('[data-group]')).toHaveLength(3);
  });

  it('draws one path per series, the bands and the annotations', () => {
    const annotations = [
      createDataFrame({
        fields: [
          { name: 'time', type: FieldType.time, values: [1_700_000_600_000] },
          { name: 'timeEnd', type: FieldType.time, values: [1_700_000_660_000] },
          { name: 'title', type: FieldType.string, values: ['XenMotion EXVM01'] },
          { name: 'text', type: FieldType.string, values: ['host1 → host2, downtime 0.2 s'] },
        ],
      }),
    ];
    renderPanel({ frames: manySeries(3, 2, 60), options: { mode: 'timeseries' }, annotations });
    const chart = screen.getByTestId('timeseries-chart');
    expect(within(chart).getByTestId('series-paths').querySelectorAll('path')).toHaveLength(12);
    expect(chart.querySelectorAll('[data-band]').length).toBeGreaterThan(0);
    const ann = screen.getByRole('img', { name: /annotation .*XenMotion EXVM01 host1 → host2/ });
    fireEvent.focus(ann);
    expect(screen.getByRole('tooltip')).toHaveTextContent('XenMotion EXVM01');
  });

  it('reads values with the keyboard', () => {
    renderPanel({ frames: manySeries(1, 1, 60), options: { mode: 'timeseries' } });
    const overlay = screen.getByTestId('timeseries-overlay');
    fireEvent.focus(overlay);
    fireEvent.keyDown(overlay, { key: 'Home' });
    const tip = screen.getByRole('tooltip');
    expect(tip).toHaveTextContent(/100 heavy.*ms/);
    fireEvent.keyDown(overlay, { key: 'Escape' });
    expect(screen.queryByRole('tooltip')).toBeNull();
  });
});

// Issue 15: twelve lines shared two colours, and tooltips named series by raw label sets.
describe('LatencyComparePanel, time-series colours and names', () => {
  it('gives each series its own colour, keeps virtual dashed, names series in words', () => {
    renderPanel({ frames: manySeries(3, 2, 30), options: { mode: 'timeseries' } });
    const paths = Array.from(screen.getByTestId('series-paths').querySelectorAll('path'));
    expect(paths).toHaveLength(12);
    expect(new Set(paths.map((p) => p.getAttribute('stroke'))).size).toBe(12);
    expect(screen.getByTestId('series-paths').querySelector('[data-platform="virtual"]')).toHaveAttribute(
      'stroke-dasharray',
      '6 3'
    );
    const names = paths.map((p) => p.getAttribute('data-series'));
    expect(names).toContain('EXVM01 · virtual · 100 heavy');
    expect(names).toContain('EXPHY02 · native · 300 heavy');
    const overlay = screen.getByTestId('timeseries-overlay');
    fireEvent.focus(overlay);
    const tip = screen.getByRole('tooltip').textContent ?? '';
    expect(tip).toMatch(/EX(VM|PHY)0\d · (native|virtual) · \d00 heavy: /);
    expect(tip).not.toMatch(/\{|value/);
  });
});

// Issue 15: the overcommitted 16,000-mailbox step (4.2 s) stretched the axis so far that the
// 2,000–8,000 steps shrank to a few pixels.
describe('LatencyComparePanel, logarithmic y axis', () => {
  const rows = [
    ...studyRows,
    ['16000 heavy', 'native', 'EXPHY01', 'SendMail', 900, 1900, 8000],
    ['16000 heavy', 'virtual', 'EXVM01', 'SendMail', 4200, 9000, 8000],
  ] as typeof studyRows;
  const heights = () =>
    Array.from(screen.getByTestId('compare-chart').querySelectorAll('[data-platform="native"] rect:first-of-type')).map(
      (r) => Number(r.getAttribute('height'))
    );

  it('keeps the small steps readable beside the overcommitted one', () => {
    const { unmount } = renderPanel({ frames: [loadgenTable(rows)], width: 720, height: 360 });
    const linear = heights();
    unmount();
    renderPanel({ frames: [loadgenTable(rows)], width: 720, height: 360, options: { yScale: 'log' } });
    const log = heights();
    expect(log).toHaveLength(4);
    expect(Math.min(...log)).toBeGreaterThan(2 * Math.min(...linear));
    expect(Math.min(...log)).toBeGreaterThan(40);
    // Still in order: the bars grow with the load.
    expect([...log].sort((a, b) => a - b)).toEqual(log);
  });
});

describe('LatencyComparePanel, more notes than the footer shows', () => {
  it('shows the first two notes and a button that shows the others, each note whole', () => {
    const rows: typeof studyRows = [...studyRows, ['8000 heavy', 'cloud', 'EXC01', 'SendMail', 300, 600, 100]];
    renderPanel({ frames: [loadgenTable(rows)], options: { nativePattern: '^(native' } });
    const notes = () => screen.queryAllByTestId('latencycompare-note').map((n) => n.textContent);
    expect(notes()).toHaveLength(2);
    expect(notes()[0]).toMatch(/^Showing SendMail; 1 other task value\(s\) hidden \(Logon\)/);
    expect(notes()[1]).toMatch(/^The native pattern "\^\(native" is not a valid regular expression/);
    const more = screen.getByTestId('latencycompare-more-notes');
    expect(more).toHaveTextContent('1 more note');
    expect(more.getAttribute('title')).toMatch(/^Platform value\(s\) "native", "cloud" match neither/);
    fireEvent.click(more);
    expect(notes()).toHaveLength(3);
    expect(notes()[2]).toMatch(/^Platform value\(s\) "native", "cloud" match neither/);
    expect(screen.queryByTestId('latencycompare-more-notes')).toBeNull();
  });
});
