import {
  type DataQueryRequest,
  type DataQueryResponse,
  type DataSourceInstanceSettings,
  type MetricFindValue,
  type ScopedVars,
  LiveChannelScope,
} from '@grafana/data';
import { DataSourceWithBackend, getGrafanaLiveSrv, getTemplateSrv } from '@grafana/runtime';
import { merge, type Observable } from 'rxjs';

import {
  DEFAULT_QUERY,
  Format,
  type InventoryItem,
  type InventoryKind,
  QueryType,
  querySpecs,
  type XenbenchOptions,
  type XenbenchQuery,
} from './types';
import { interpolateQuery } from './interpolate';

/** What a new annotation query starts with: migrations and HA incidents as regions. */
export const ANNOTATION_QUERY: Partial<XenbenchQuery> = { queryType: QueryType.Events, format: Format.Annotations };
import { VariableSupport } from './VariableSupport';

/**
 * The xenserver datasource. Querying happens in the Go back end (so alerting and
 * recording rules work); this class adds template variables, defaults, annotations,
 * live streaming and the resource calls the editors use for autocompletion.
 */
export class XenbenchDataSource extends DataSourceWithBackend<XenbenchQuery, XenbenchOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<XenbenchOptions>) {
    super(instanceSettings);
    this.variables = new VariableSupport(this);
    // Events and load-test runs are served as annotation frames (time, timeEnd, title,
    // text, tags); Grafana's standard annotation support reads them from QueryData. A new
    // annotation query starts as events in that format: the events' default is a table.
    this.annotations = { getDefaultQuery: () => ANNOTATION_QUERY };
  }

  getDefaultQuery(): Partial<XenbenchQuery> {
    return DEFAULT_QUERY;
  }

  filterQuery(query: XenbenchQuery): boolean {
    return !query.hide;
  }

  applyTemplateVariables(query: XenbenchQuery, scopedVars: ScopedVars): XenbenchQuery {
    return interpolateQuery(query, scopedVars, getTemplateSrv());
  }

  query(request: DataQueryRequest<XenbenchQuery>): Observable<DataQueryResponse> {
    const live = request.targets.filter(
      (t) => t.stream && !t.hide && (t.queryType ?? QueryType.Metrics) === QueryType.Metrics
    );
    if (live.length === 0) {
      return super.query(request);
    }
    // Streamed queries go through Grafana Live (RunStream in the back end): one channel
    // per query, the channel path carries the refId, the query travels as data.
    const rest = request.targets.filter((t) => !live.includes(t));
    const streams = live.map((t) =>
      getGrafanaLiveSrv().getDataStream({
        addr: {
          scope: LiveChannelScope.DataSource,
          stream: this.uid,
          path: `metrics/${request.dashboardUID ?? 'explore'}-${request.panelId ?? 0}-${t.refId}`,
          data: { ...this.applyTemplateVariables(t, request.scopedVars), intervalMs: request.intervalMs },
        },
      })
    );
    return rest.length > 0 ? merge(super.query({ ...request, targets: rest }), ...streams) : merge(...streams);
  }

  /** Lists pools, hosts, VMs, metrics, servers, counters... for editors and variables. */
  async listInventory(kind: InventoryKind, params: Record<string, string> = {}): Promise<InventoryItem[]> {
    const items = await this.getResource<InventoryItem[]>('inventory', { kind, ...params });
    return Array.isArray(items) ? items : [];
  }

  async metricFindQuery(query: XenbenchQuery): Promise<MetricFindValue[]> {
    const items = await this.listInventory(query.inventoryKind ?? querySpecs.inventory.defaults.inventoryKind!, {
      filter: getTemplateSrv().replace(query.filter ?? ''),
      object: query.object ?? '',
      selectorMode: query.selectorMode ?? '',
      selector: getTemplateSrv().replace(query.selector ?? '', undefined, 'regex'),
    });
    return items.map((i) => ({ text: i.text, value: i.value }));
  }
}
