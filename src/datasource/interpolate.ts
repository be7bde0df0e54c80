import type { ScopedVars } from '@grafana/data';
import type { TemplateSrv } from '@grafana/runtime';

import type { XenbenchQuery } from './types';

/**
 * Replaces template variables in a query before it goes to the back end.
 *
 * Multi-value variables are formatted for the field that receives them: a regex
 * selector gets `(a|b)` (Grafana's regex format); name, UUID and tag selectors and server
 * globs get a comma list, which the back end splits; list fields (metrics, counters,
 * tasks) are split into one entry per value.
 */
export function interpolateQuery(
  query: XenbenchQuery,
  scopedVars: ScopedVars,
  templateSrv: TemplateSrv
): XenbenchQuery {
  const csv = (v?: string) => (v === undefined ? v : templateSrv.replace(v, scopedVars, 'csv'));
  const list = (vs?: string[]) =>
    vs?.flatMap((v) =>
      templateSrv
        .replace(v, scopedVars, 'csv')
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '')
    );
  return {
    ...query,
    alias: query.alias, // expanded per series in the back end ($vm, $metric...)
    selector:
      query.selectorMode === 'regex'
        ? query.selector === undefined
          ? undefined
          : templateSrv.replace(query.selector, scopedVars, 'regex')
        : csv(query.selector),
    metrics: list(query.metrics),
    counters: query.counters?.map((c) => templateSrv.replace(c, scopedVars, 'glob')),
    servers: csv(query.servers),
    runs: csv(query.runs),
    workloads: csv(query.workloads),
    tasks: list(query.tasks),
    filter: query.filter === undefined ? undefined : templateSrv.replace(query.filter, scopedVars, 'regex'),
  };
}
