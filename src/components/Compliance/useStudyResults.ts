import { useEffect, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { type DataFrame, type DataFrameJSON, dataFrameFromJSON } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';

import { DATASOURCE_TYPE } from '../../constants';

/** The queries behind the report, by refId: the same query types the dashboards use. */
export const studyQueries = {
  counters: { queryType: 'exchange', format: 'compliance' },
  loadgen: { queryType: 'loadgen', format: 'compliance' },
  sendmail: { queryType: 'loadgen', tasks: ['SendMail'], format: 'table' },
  migrations: { queryType: 'events', eventKinds: ['migration'], format: 'table' },
  ha: { queryType: 'events', eventKinds: ['ha'], format: 'table' },
} as const;

export type StudyKey = keyof typeof studyQueries;

export interface StudyResults {
  frames: Partial<Record<StudyKey, DataFrame[]>>;
  errors: Partial<Record<StudyKey, string>>;
}

interface QueryResponse {
  results: Record<string, { frames?: DataFrameJSON[]; error?: string }>;
}

/**
 * Runs the report's queries against the first xenbench datasource through Grafana's
 * query API (/api/ds/query), as a dashboard would, so the report shows the same data.
 * Each query fails on its own: one missing part (say, no pool) leaves the others.
 */
export function useStudyResults(range: { from: string; to: string }): {
  results?: StudyResults;
  datasourceUid?: string;
  loading: boolean;
  error?: string;
} {
  const [state, setState] = useState<{
    results?: StudyResults;
    datasourceUid?: string;
    loading: boolean;
    error?: string;
  }>({ loading: true });

  useEffect(() => {
    let cancelled = false;
    const srv = getBackendSrv();
    (async () => {
      try {
        const all = await srv.get<Array<{ uid: string; type: string }>>('/api/datasources');
        const ds = all.find((d) => d.type === DATASOURCE_TYPE);
        if (!ds) {
          if (!cancelled) {
            setState({ loading: false, error: 'No XenServer / Exchange datasource: add one on the Setup page.' });
          }
          return;
        }
        const queries = Object.entries(studyQueries).map(([refId, q]) => ({
          ...q,
          refId,
          datasource: { type: DATASOURCE_TYPE, uid: ds.uid },
        }));
        const res = await lastValueFrom(
          srv.fetch<QueryResponse>({
            url: '/api/ds/query',
            method: 'POST',
            data: { from: range.from, to: range.to, queries },
            showErrorAlert: false,
          })
        ).catch((e: { data?: QueryResponse }) => ({ data: e.data ?? { results: {} } }));
        const results: StudyResults = { frames: {}, errors: {} };
        for (const key of Object.keys(studyQueries) as StudyKey[]) {
          const r = res.data.results?.[key];
          if (r?.error) {
            results.errors[key] = r.error;
          }
          results.frames[key] = (r?.frames ?? []).map((f) => dataFrameFromJSON(f));
        }
        if (!cancelled) {
          setState({ loading: false, results, datasourceUid: ds.uid });
        }
      } catch (e: unknown) {
        const err = e as { data?: { message?: string }; message?: string };
        if (!cancelled) {
          setState({ loading: false, error: err.data?.message ?? err.message ?? 'the report could not be loaded' });
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [range.from, range.to]);

  return state;
}
