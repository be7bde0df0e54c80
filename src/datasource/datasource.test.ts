import { of } from 'rxjs';
import { type DataQueryRequest, type DataSourceInstanceSettings, LiveChannelScope } from '@grafana/data';

import { XenbenchDataSource } from './datasource';
import { QueryType, type XenbenchOptions, type XenbenchQuery } from './types';

const getDataStream = jest.fn();
const getResource = jest.fn();

jest.mock('@grafana/runtime', () => {
  const actual = jest.requireActual('@grafana/runtime');
  return {
    ...actual,
    getGrafanaLiveSrv: () => ({ getDataStream }),
    getTemplateSrv: () => ({ replace: (s: string) => s.replace('$vm', 'EXVM01'), getVariables: () => [] }),
  };
});

function datasource() {
  const ds = new XenbenchDataSource({ uid: 'ds1', jsonData: {} } as DataSourceInstanceSettings<XenbenchOptions>);
  ds.getResource = getResource;
  return ds;
}

describe('XenbenchDataSource', () => {
  beforeEach(() => {
    getDataStream.mockReset();
    getResource.mockReset();
  });

  it('sends a streamed metrics query through Grafana Live with the query as channel data', () => {
    getDataStream.mockReturnValue(of({ data: [] }));
    const ds = datasource();
    const target: XenbenchQuery = {
      refId: 'A',
      queryType: QueryType.Metrics,
      stream: true,
      selector: '$vm',
      metrics: ['cpu*'],
    };
    ds.query({
      targets: [target],
      dashboardUID: 'dash',
      panelId: 3,
      intervalMs: 5000,
      scopedVars: {},
    } as unknown as DataQueryRequest<XenbenchQuery>).subscribe();
    expect(getDataStream).toHaveBeenCalledTimes(1);
    const { addr } = getDataStream.mock.calls[0][0];
    expect(addr.scope).toBe(LiveChannelScope.DataSource);
    expect(addr.stream).toBe('ds1');
    expect(addr.path).toBe('metrics/dash-3-A');
    expect(addr.data).toMatchObject({ selector: 'EXVM01', metrics: ['cpu*'], intervalMs: 5000 });
  });

  it('lists inventory for variables through the resource API', async () => {
    getResource.mockResolvedValue([{ text: 'EXVM01', value: 'uuid-1' }]);
    const ds = datasource();
    const values = await ds.metricFindQuery({
      refId: 'v',
      queryType: QueryType.Inventory,
      inventoryKind: 'vms',
      filter: '^EX',
    });
    expect(getResource).toHaveBeenCalledWith('inventory', expect.objectContaining({ kind: 'vms', filter: '^EX' }));
    expect(values).toEqual([{ text: 'EXVM01', value: 'uuid-1' }]);
  });

  it('skips hidden queries', () => {
    expect(datasource().filterQuery({ refId: 'A', hide: true })).toBe(false);
    expect(datasource().filterQuery({ refId: 'A' })).toBe(true);
  });
});

describe('annotations', () => {
  it('start as events in the annotations format (the events default is a table)', () => {
    expect(datasource().annotations?.getDefaultQuery?.()).toEqual({ queryType: 'events', format: 'annotations' });
  });
});
