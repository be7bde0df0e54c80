import React from 'react';
import {
  type DataSourcePluginOptionsEditorProps,
  onUpdateDatasourceJsonDataOption,
  onUpdateDatasourceSecureJsonDataOption,
  updateDatasourcePluginJsonDataOption,
  updateDatasourcePluginResetOption,
} from '@grafana/data';
import { Alert, Combobox, Divider, Field, FieldSet, Input, SecretInput, SecretTextArea, Switch } from '@grafana/ui';

import type { XenbenchOptions, XenbenchSecureOptions } from '../types';
import { MappingTables } from './MappingTables';
import { PlatformResolution } from './PlatformResolution';

type Props = DataSourcePluginOptionsEditorProps<XenbenchOptions, XenbenchSecureOptions>;

const versions = [
  { label: 'Exchange 2007', value: '2007' as const },
  { label: 'Exchange 2010 or later', value: '2010' as const },
];

/**
 * Datasource settings. Secrets (password, CA certificate) are written to
 * secureJsonData and never read back: the editor only knows whether they are set.
 */
export function ConfigEditor(props: Props) {
  const { options, onOptionsChange } = props;
  const { jsonData, secureJsonFields } = options;
  const secure = (options.secureJsonData ?? {}) as XenbenchSecureOptions;
  const numberOption = (key: keyof XenbenchOptions) => (e: React.FormEvent<HTMLInputElement>) => {
    const n = parseInt(e.currentTarget.value, 10);
    updateDatasourcePluginJsonDataOption(props, key, Number.isFinite(n) && n > 0 ? n : undefined);
  };

  return (
    <>
      <FieldSet label="XenServer / XCP-ng pool">
        <Field
          label="Pool master URL"
          description="The XAPI address of the pool master, e.g. https://xenserver-master.example.com. A slave's address works too: the datasource follows it to the master and finds a new master after an HA failover."
        >
          <Input
            width={60}
            value={options.url}
            placeholder="https://xenserver-master.example.com"
            onChange={(e) => onOptionsChange({ ...options, url: e.currentTarget.value })}
          />
        </Field>
        <Field label="User" description="A pool user; a read-only role is enough (pool-operator is not needed).">
          <Input
            width={40}
            value={jsonData.username ?? ''}
            placeholder="root"
            onChange={onUpdateDatasourceJsonDataOption(props, 'username')}
          />
        </Field>
        <Field label="Password" description="Stored encrypted by Grafana; never sent back to the browser.">
          <SecretInput
            width={40}
            isConfigured={Boolean(secureJsonFields?.password)}
            value={secure.password ?? ''}
            onChange={onUpdateDatasourceSecureJsonDataOption(props, 'password')}
            onReset={() => updateDatasourcePluginResetOption(props, 'password')}
          />
        </Field>
      </FieldSet>

      <FieldSet label="TLS">
        <Field
          label="Custom CA certificate"
          description="Trust a pool whose certificate is signed by your own CA (PEM). XenServer's default certificate is self-signed: add it here rather than skipping verification."
        >
          <SecretTextArea
            rows={6}
            cols={60}
            isConfigured={Boolean(secureJsonFields?.tlsCACert)}
            onChange={(e) => {
              updateDatasourcePluginJsonDataOption(props, 'tlsAuthWithCACert', e.currentTarget.value !== '');
              onUpdateDatasourceSecureJsonDataOption(props, 'tlsCACert')(e);
            }}
            onReset={() => updateDatasourcePluginResetOption(props, 'tlsCACert')}
          />
        </Field>
        <Field label="Skip TLS verification" description="Accept any certificate.">
          <Switch
            value={Boolean(jsonData.tlsSkipVerify)}
            onChange={(e) => updateDatasourcePluginJsonDataOption(props, 'tlsSkipVerify', e.currentTarget.checked)}
          />
        </Field>
        {jsonData.tlsSkipVerify && (
          <Alert severity="warning" title="TLS verification is off">
            Anyone between Grafana and the pool can read the XAPI password. Use a custom CA certificate instead when you
            can.
          </Alert>
        )}
      </FieldSet>

      <FieldSet label="Limits">
        <Field label="Timeout (seconds)" description="For one XAPI or RRD request. Default 30.">
          <Input
            width={12}
            type="number"
            min={1}
            value={jsonData.timeoutSeconds ?? ''}
            placeholder="30"
            onChange={numberOption('timeoutSeconds')}
          />
        </Field>
        <Field
          label="Max concurrent requests"
          description="Per pool. Each host serves only its own RRDs, so a pool-wide query asks every host. Default 4."
        >
          <Input
            width={12}
            type="number"
            min={1}
            value={jsonData.maxConcurrentRequests ?? ''}
            placeholder="4"
            onChange={numberOption('maxConcurrentRequests')}
          />
        </Field>
        <Field
          label="Inventory cache (seconds)"
          description="How long pool, host, VM and SR lists are kept. Default 60."
        >
          <Input
            width={12}
            type="number"
            min={1}
            value={jsonData.cacheTTLSeconds ?? ''}
            placeholder="60"
            onChange={numberOption('cacheTTLSeconds')}
          />
        </Field>
        <Field
          label="Max response size (MB)"
          description="Larger responses fail with an error instead of exhausting memory. Default 256."
        >
          <Input
            width={12}
            type="number"
            min={1}
            value={jsonData.maxResponseMB ?? ''}
            placeholder="256"
            onChange={numberOption('maxResponseMB')}
          />
        </Field>
      </FieldSet>

      <Divider />
      <FieldSet label="Exchange counters and load tests">
        <Field
          label="Log folder"
          description="A folder on the Grafana server holding perfmon CSV/TSV logs below perfmon/ (perfmon/<server>/*.csv, or all in perfmon/) and load-test results below loadgen/ (*.csv, *.json). Queries can read only files inside it."
        >
          <Input
            width={60}
            value={jsonData.logFolder ?? ''}
            placeholder="/var/lib/xenbench/logs"
            onChange={onUpdateDatasourceJsonDataOption(props, 'logFolder')}
          />
        </Field>
        <Field
          label="Log time zone"
          description="IANA name (e.g. Europe/Berlin) for perfmon logs whose header has no time zone, as typeperf writes them; relog and logman files carry their own."
        >
          <Input
            width={30}
            value={jsonData.logTimeZone ?? ''}
            placeholder="UTC"
            onChange={onUpdateDatasourceJsonDataOption(props, 'logTimeZone')}
          />
        </Field>
        <Field
          label="Exchange version"
          description="Selects the threshold catalog entries (Microsoft's limits differ between 2007 and 2010+)."
        >
          <Combobox
            width={30}
            options={versions}
            value={jsonData.exchangeVersion ?? '2007'}
            onChange={(o) => updateDatasourcePluginJsonDataOption(props, 'exchangeVersion', o.value)}
          />
        </Field>
        <MappingTables {...props} />
        <PlatformResolution datasourceUid={options.uid} />
      </FieldSet>
    </>
  );
}
