import { useEffect, useState } from 'react';
import { getBackendSrv } from '@grafana/runtime';

import { DATASOURCE_TYPE } from '../constants';

export interface DatasourceCheck {
  uid: string;
  name: string;
  status: 'pending' | 'OK' | 'ERROR';
  message: string;
  logFolder?: string;
}

interface DatasourceSettings {
  uid: string;
  name: string;
  type: string;
  jsonData?: { logFolder?: string };
}

/**
 * Lists the xenbench datasources of this org and runs each one's health check (the
 * same call as "Save & test"), so the setup page shows what holds and what to fix.
 */
export function useDatasourceChecks(): { checks: DatasourceCheck[]; loading: boolean; error?: string } {
  const [checks, setChecks] = useState<DatasourceCheck[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let cancelled = false;
    const srv = getBackendSrv();
    (async () => {
      try {
        const all = await srv.get<DatasourceSettings[]>('/api/datasources');
        const ours = all.filter((d) => d.type === DATASOURCE_TYPE);
        const initial: DatasourceCheck[] = ours.map((d) => ({
          uid: d.uid,
          name: d.name,
          status: 'pending',
          message: 'checking…',
          logFolder: d.jsonData?.logFolder,
        }));
        if (!cancelled) {
          setChecks(initial);
        }
        const done = await Promise.all(
          initial.map(async (c) => {
            try {
              const res = await srv.get<{ status: string; message: string }>(
                `/api/datasources/uid/${c.uid}/health`,
                undefined,
                undefined,
                { showErrorAlert: false }
              );
              return { ...c, status: res.status === 'OK' ? 'OK' : 'ERROR', message: res.message } as DatasourceCheck;
            } catch (e: unknown) {
              const err = e as { data?: { message?: string } };
              return {
                ...c,
                status: 'ERROR',
                message: err.data?.message ?? 'the health check failed',
              } as DatasourceCheck;
            }
          })
        );
        if (!cancelled) {
          setChecks(done);
        }
      } catch (e: unknown) {
        const err = e as { data?: { message?: string }; message?: string };
        if (!cancelled) {
          setError(err.data?.message ?? err.message ?? 'cannot list datasources');
        }
      } finally {
        if (!cancelled) {
          setLoading(false);
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);

  return { checks, loading, error };
}
