/**
 * Issue 15: the panel draws Microsoft's bands on the datasource's own Exchange data. The frames
 * are the back end's real answers (gRPC plugin server against the simulator), recorded by
 * tests/panelframes into testdata/backend/exchange-frames.json; that Go test fails when the
 * file no longer matches what the back end returns.
 */
import { render, screen } from '@testing-library/react';
import React from 'react';

import { DataFrame, DataFrameJSON, FieldType, dataFrameFromJSON } from '@grafana/data';

import recordingJson from './testdata/backend/exchange-frames.json';
import { LatencyComparePanel } from './LatencyComparePanel';
import { panelProps } from './testdata/panelProps';
import { builtinCatalog } from './thresholds/catalog';
import { isTask } from './thresholds/match';
import { Options } from './types';

interface Recording {
  queries: Array<{ counter: string; from: number; to: number; frames: DataFrameJSON[] }>;
}

const recording = recordingJson as unknown as Recording;
const framesOf = (q: Recording['queries'][number]): DataFrame[] => q.frames.map((f) => dataFrameFromJSON(f));
const served = recording.queries.filter((q) => !q.counter.endsWith('(whole scenario)'));
const wholeScenario = recording.queries.find((q) => q.counter.endsWith('(whole scenario)'))!;

function renderQuery(q: Recording['queries'][number], options: Partial<Options>) {
  render(
    <LatencyComparePanel
      {...panelProps({ frames: framesOf(q), from: q.from, to: q.to, options: { mode: 'timeseries', ...options } })}
    />
  );
  const bands = Array.from(screen.getByTestId('timeseries-chart').querySelectorAll('[data-band]')).map((b) =>
    b.getAttribute('data-band')
  );
  const notes = screen.queryAllByTestId('latencycompare-note').map((n) => n.getAttribute('title') ?? n.textContent);
  return { bands, notes };
}

/** The catalog entries (per version and role) that have a counter the back end serves. */
const cases = builtinCatalog.catalog.entries
  .filter((e) => !isTask(e) && served.some((q) => q.counter === e.counter))
  .map((e) => [e.id, e] as const);

describe("bands on the back end's own Exchange frames (issue 15)", () => {
  it('the recording has the labels the back end puts on counters', () => {
    expect(served.map((q) => q.counter)).toHaveLength(7);
    const labels = framesOf(served[0])[0].fields[1].labels;
    expect(labels).toMatchObject({ server: expect.any(String), object: 'LogicalDisk', counter: 'Avg. Disk sec/Read' });
  });

  it('every served counter has catalog entries to check', () => {
    expect(new Set(cases.map(([, e]) => e.counter))).toEqual(new Set(served.map((q) => q.counter)));
  });

  it.each(cases)('%s: the panel finds the entry and draws its bands', (_id, e) => {
    const q = served.find((x) => x.counter === e.counter)!;
    const { bands, notes } = renderQuery(q, {
      exchangeVersion: e.exchangeVersion,
      volumeRole: e.volumeRole as Options['volumeRole'],
      // The statistic the entry's limit is stated for (PAL's spikes are judged on the max).
      barStat: e.aggregation === 'average' ? 'mean' : (e.aggregation as Options['barStat']),
      markerStat: 'none',
    });
    expect(notes.filter((n) => /No catalog limits|No Exchange|No volume role|differ/.test(n ?? ''))).toEqual([]);
    expect(bands.length).toBeGreaterThan(0);
    expect(bands).toContain('ok');
  });

  it('with both volume roles in the data and no role chosen, says so on screen and draws no band', () => {
    const q = served.find((x) => x.counter === '\\LogicalDisk(*)\\Avg. Disk sec/Read')!;
    const { bands, notes } = renderQuery(q, { exchangeVersion: '2007', volumeRole: '' });
    expect(bands).toEqual([]);
    expect(notes.join('\n')).toMatch(
      /Microsoft's limits for "Avg\. Disk sec\/Read" differ for database and log volumes: pick the volume role/
    );
  });

  it('RPC Averaged Latency over the whole scenario: bands, and a summary that is true', () => {
    const frames = framesOf(wholeScenario);
    const { bands, notes } = renderQuery(wholeScenario, { exchangeVersion: '2007' });
    expect(notes.join('\n')).not.toMatch(/No catalog limits/);
    expect(bands).toContain('ok');
    // The overhead the summary states is the pooled mean of the virtual samples against the
    // pooled mean of the native ones (the bar statistic), computed here from the frames alone.
    const pooled = (platform: string) => {
      // Every value field: one per frame (timeseries-multi) or all in one frame (timeseries-wide).
      const vs = frames
        .flatMap((f) => f.fields.filter((x) => x.type === FieldType.number))
        .filter((f) => f.labels?.platform === platform)
        .flatMap((f) => Array.from(f.values as Array<number | null>))
        .filter((v): v is number => v !== null && Number.isFinite(v));
      return vs.reduce((s, v) => s + v, 0) / vs.length;
    };
    const overhead = ((pooled('virtual') - pooled('native')) / pooled('native')) * 100;
    const summary = screen.getByTestId('latencycompare-summary').textContent ?? '';
    const sign = overhead >= 0 ? '+' : '\u2212';
    expect(summary).toContain(`overhead ${sign}${Math.abs(Math.round(overhead))} %`);
    expect(summary).not.toMatch(/no limits set/);
    // Exchange 2007's only level for this counter (PAL: average 25 ms or more) is the limit.
    const limit = builtinCatalog.catalog.entries.find((e) => e.id === 'rpc-averaged-latency-2007')!.warning!;
    expect(summary).toMatch(
      pooled('virtual') >= limit ? /^virtual over the limit, overhead/ : /^virtual within limits/
    );
    // It says what was judged: the average (and p95) of the counter over the whole time range.
    expect(summary).toMatch(/\(RPC Averaged Latency, average and 95th percentile over the time range\)$/);
  });
});
