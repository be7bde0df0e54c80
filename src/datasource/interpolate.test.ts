import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

import { interpolateQuery } from './interpolate';
import { QueryType } from './types';

// A template service with one multi-value variable, $vm = [EXVM01, EXVM02], formatted
// the way Grafana formats multi-value variables.
const templateSrv = {
  replace: (target: string, _vars?: ScopedVars, format?: string) => {
    const values = ['EXVM01', 'EXVM02'];
    const formatted =
      format === 'regex' ? `(${values.join('|')})` : format === 'glob' ? `{${values.join(',')}}` : values.join(',');
    return target.replace('$vm', formatted);
  },
} as unknown as TemplateSrv;

describe('interpolateQuery', () => {
  it('formats a regex selector as an alternation', () => {
    const q = interpolateQuery(
      { refId: 'A', queryType: QueryType.Metrics, selectorMode: 'regex', selector: '^$vm$' },
      {},
      templateSrv
    );
    expect(q.selector).toBe('^(EXVM01|EXVM02)$');
  });
  it('formats a name selector as a comma list', () => {
    const q = interpolateQuery({ refId: 'A', selectorMode: 'name', selector: '$vm' }, {}, templateSrv);
    expect(q.selector).toBe('EXVM01,EXVM02');
  });
  it('splits list fields into one entry per value and drops empties', () => {
    const q = interpolateQuery({ refId: 'A', metrics: ['$vm', 'cpu*', ''], tasks: ['$vm'] }, {}, templateSrv);
    expect(q.metrics).toEqual(['EXVM01', 'EXVM02', 'cpu*']);
    expect(q.tasks).toEqual(['EXVM01', 'EXVM02']);
  });
  it('keeps counter paths as globs and leaves the alias for the back end', () => {
    const q = interpolateQuery(
      { refId: 'A', counters: ['\\\\$vm\\MSExchangeIS\\RPC Averaged Latency'], alias: '$vm $metric' },
      {},
      templateSrv
    );
    expect(q.counters).toEqual(['\\\\{EXVM01,EXVM02}\\MSExchangeIS\\RPC Averaged Latency']);
    expect(q.alias).toBe('$vm $metric');
  });
  it('leaves absent fields absent', () => {
    const q = interpolateQuery({ refId: 'A' }, {}, templateSrv);
    expect(q.selector).toBeUndefined();
    expect(q.metrics).toBeUndefined();
    expect(q.filter).toBeUndefined();
  });
});
