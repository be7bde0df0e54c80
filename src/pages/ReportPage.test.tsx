import React from 'react';
import { of } from 'rxjs';
import { render, screen } from '@testing-library/react';
import { FieldType, createDataFrame, dataFrameToJSON } from '@grafana/data';

import ReportPage from './ReportPage';
import { testIds } from '../components/testIds';
import { studyQueries } from '../components/Compliance/useStudyResults';

const get = jest.fn();
const fetch = jest.fn();
const rendered: Array<{ pluginId: string; series: unknown[] }> = [];

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
  PanelRenderer: (p: { pluginId: string; data: { series: unknown[] } }) => {
    rendered.push({ pluginId: p.pluginId, series: p.data.series });
    return <div>panel {p.pluginId}</div>;
  },
  getBackendSrv: () => ({ get, fetch }),
  config: { appUrl: 'http://localhost:3000/' },
}));

const json = (fields: Array<{ name: string; type: FieldType; values: unknown[] }>) =>
  dataFrameToJSON(createDataFrame({ fields }));

describe('ReportPage', () => {
  beforeEach(() => {
    rendered.length = 0;
    fetch.mockReset();
    get.mockResolvedValue([{ uid: 'ds1', type: 'xenbench-xenserver-datasource' }]);
    fetch.mockImplementation(
      // No assertion in here: an expect inside a mock passes when the mock is never called.
      // The test reads fetch.mock.calls after rendering instead.
      () => {
        return of({
          data: {
            results: {
              counters: {
                frames: [
                  json([
                    { name: 'level', type: FieldType.string, values: ['critical', 'ok'] },
                    { name: 'server', type: FieldType.string, values: ['EXVM01', 'EXPHY01'] },
                    {
                      name: 'counter',
                      type: FieldType.string,
                      values: ['MSExchangeIS\\RPC Averaged Latency', 'Memory\\Available MBytes'],
                    },
                  ]),
                ],
              },
              loadgen: { error: 'log folder "/nope": no such folder' },
              sendmail: { frames: [json([{ name: 'workload', type: FieldType.string, values: ['2000 heavy'] }])] },
              migrations: {
                frames: [
                  json([
                    { name: 'vm', type: FieldType.string, values: ['EXVM01'] },
                    {
                      name: 'verdict',
                      type: FieldType.string,
                      values: ['no lasting performance loss (p95 12 → 8 ms)'],
                    },
                  ]),
                ],
              },
              ha: { frames: [] },
            },
          },
        });
      }
    );
  });

  it('shows compliance verdicts in words, the compare panel, migration verdicts and per-query errors', async () => {
    render(<ReportPage />);
    expect(await screen.findByTestId(testIds.report.compliance, {}, { timeout: 10000 })).toBeInTheDocument();
    expect(screen.getByText('over the limit')).toBeInTheDocument();
    expect(screen.getByText('within limit')).toBeInTheDocument();
    expect(screen.getByText('no lasting performance loss (p95 12 → 8 ms)')).toBeInTheDocument();
    expect(screen.getByText('log folder "/nope": no such folder')).toBeInTheDocument();
    expect(screen.getByText('No HA events in the last 24 hours.')).toBeInTheDocument();
    expect(rendered.some((r) => r.pluginId === 'xenbench-latencycompare-panel' && r.series.length === 1)).toBe(true);

    // One query request, to /api/ds/query, every query aimed at the datasource found.
    expect(fetch).toHaveBeenCalledTimes(1);
    const req = fetch.mock.calls[0][0] as {
      url: string;
      data: { queries: Array<{ refId: string; datasource: { uid: string } }> };
    };
    expect(req.url).toBe('/api/ds/query');
    expect(req.data.queries.map((q) => [q.refId, q.datasource.uid])).toEqual(
      Object.keys(studyQueries).map((refId) => [refId, 'ds1'])
    );
  });

  it('says what to do without a datasource', async () => {
    get.mockResolvedValue([]);
    render(<ReportPage />);
    expect(await screen.findByText(/add one on the Setup page/, {}, { timeout: 10000 })).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });
});
