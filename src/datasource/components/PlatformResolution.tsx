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
 *
 * `where` says which page shows it: the back end's "no log folder" error tells the user to
 * set it "in the datasource settings", which is right on the Setup page and useless on the
 * settings page itself, where the field is just above.
 */
export function PlatformResolution({
  datasourceUid,
  where,
  logFolder,
}: {
  datasourceUid: string;
  where: 'settings' | 'setup';
  /** The log folder as the page knows it (typed on the settings page, saved on the Setup page). */
  logFolder?: string;
}) {
  const [rows, setRows] = useState<Row[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const load = async () => {
    setError(undefined);
    setRows(undefined);
    if (where === 'settings' && !logFolder) {
      setError('No log folder: enter it under "Log folder" above, then Save & test, then check again.');
      return;
    }
    try {
      const res = await getBackendSrv().get<Row[]>(
        `/api/datasources/uid/${datasourceUid}/resources/platforms`,
        undefined,
        undefined,
        { showErrorAlert: false }
      );
      setRows(res);
    } catch (e: unknown) {
      const err = e as { data?: { message?: string }; message?: string };
      const message = err.data?.message ?? err.message ?? 'the resolution could not be loaded';
      setError(
        where === 'settings' && /no log folder is configured/.test(message)
          ? 'The saved settings have no log folder yet: Save & test first, then check again.'
          : message
      );
    }
  };
  return (
    <Field label="Native / virtual resolution" description="Uses the saved settings: save first, then check.">
      <div>
        <Button variant="secondary" size="sm" onClick={load}>
          Check resolution
        </Button>
        {error && (
          <Alert severity="error" title="Resolution not available">
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
