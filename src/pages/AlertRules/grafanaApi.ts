import { lastValueFrom } from 'rxjs';
import { getBackendSrv } from '@grafana/runtime';

import type { AlertingApi, Folder, ProvisionedAlertRule } from './installer';

/**
 * The installer's calls on Grafana's HTTP API. Rules are created with
 * X-Disable-Provenance: true, so they stay editable in Grafana's alerting UI like rules
 * made there (without it the API marks them as provisioned and locks them).
 */
export function grafanaAlertingApi(): AlertingApi {
  const srv = getBackendSrv();
  return {
    getRules: () => srv.get<ProvisionedAlertRule[]>('/api/v1/provisioning/alert-rules'),
    createRule: async (rule) =>
      (
        await lastValueFrom(
          srv.fetch<ProvisionedAlertRule>({
            url: '/api/v1/provisioning/alert-rules',
            method: 'POST',
            data: rule,
            headers: { 'X-Disable-Provenance': 'true' },
            showErrorAlert: false,
          })
        )
      ).data,
    getFolders: () => srv.get<Folder[]>('/api/folders'),
    createFolder: (title) => srv.post<Folder>('/api/folders', { title }),
  };
}
