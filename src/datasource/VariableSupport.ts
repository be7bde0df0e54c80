import {
  CustomVariableSupport,
  type DataQueryRequest,
  type DataQueryResponse,
  type MetricFindValue,
} from '@grafana/data';
import { from, map, type Observable } from 'rxjs';

import type { XenbenchDataSource } from './datasource';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import { QueryType, type XenbenchQuery } from './types';

/**
 * Template variables (pools, hosts, VMs, SRs, tags, metrics, servers, counters,
 * workloads, runs) come from the back end's inventory resource, the same lists the
 * query editor autocompletes from.
 */
export class VariableSupport extends CustomVariableSupport<XenbenchDataSource, XenbenchQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: XenbenchDataSource) {
    super();
  }

  query(request: DataQueryRequest<XenbenchQuery>): Observable<DataQueryResponse> {
    const target = request.targets[0] ?? { refId: 'A', queryType: QueryType.Inventory };
    return from(this.datasource.metricFindQuery(target)).pipe(map((values: MetricFindValue[]) => ({ data: values })));
  }
}
