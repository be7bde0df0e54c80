import React, { useState } from 'react';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, InteractiveTable } from '@grafana/ui';

interface Row {
  server: string;
  platform: string;
  host?: string;
  reason: string;
}

/**
 * Shows how each Exchange server found in the logs was resolved (native or virtual, and
 * why), from the saved settings, so users can check the automatic match.
 */
export function PlatformResolution({ datasourceUid }: { datasourceUid: string }) {
  const [rows, setRows] = useState<Row[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = async () => {
    setError(undefined);
    try {
      const res = await getBackendSrv().get<Row[]>(`/api/datasources/uid/${datasourceUid}/resources/platforms`);
      setRows(res);
    } catch (e: unknown) {
      const err = e as { data?: { message?: string }; message?: string };
      setError(err.data?.message ?? err.message ?? 'the resolution could not be loaded');
    }
  };
  return (
    <Field label="Native / virtual resolution" description="Uses the saved settings: save first, then check.">
      <div>
        <Button variant="secondary" size="sm" onClick={load}>
          Check resolution
        </Button>
        {error && (
          <Alert severity="error" title="Resolution failed">
            {error}
          </Alert>
        )}
        {rows && (
          <InteractiveTable
            getRowId={(r: Row) => r.server}
            data={rows}
            columns={[
              { id: 'server', header: 'Server' },
              { id: 'platform', header: 'Platform' },
              { id: 'host', header: 'Host' },
              { id: 'reason', header: 'Why' },
            ]}
          />
        )}
      </div>
    </Field>
  );
}
