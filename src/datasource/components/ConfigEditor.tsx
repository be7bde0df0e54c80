import React, { useId, useState } from 'react';
import {
  onUpdateDatasourceJsonDataOption,
  updateDatasourcePluginJsonDataOption,
  updateDatasourcePluginResetOption,
  updateDatasourcePluginSecureJsonDataOption,
} from '@grafana/data';
import { Auth, AuthMethod, ConfigSection, DataSourceDescription } from '@grafana/plugin-ui';
import { Alert, Combobox, Divider, Field, Input } from '@grafana/ui';

import type { ConfigOptions, ConfigProps, ConfigSecureOptions } from './configTypes';
import { MappingTables } from './MappingTables';
import { PlatformResolution } from './PlatformResolution';
import { PoolMembers } from './PoolMembers';
import { type IntegerRule, parseInteger, timeZoneError, urlError } from './validateSettings';

type Props = ConfigProps;

const versions = [
  { label: 'Exchange 2007', value: '2007' as const },
  { label: 'Exchange 2010 or later', value: '2010' as const },
];

// Bounds of the numeric settings: the defaults are pkg/settings/settings.go's; the maxima
// keep a typo (99999999999) from becoming a timeout of three thousand years.
const rules: Record<'timeoutSeconds' | 'maxConcurrentRequests' | 'cacheTTLSeconds' | 'maxResponseMB', IntegerRule> = {
  timeoutSeconds: { unit: 'seconds', min: 1, max: 3600, defaultValue: 30 },
  maxConcurrentRequests: { unit: 'requests', min: 1, max: 64, defaultValue: 4 },
  cacheTTLSeconds: { unit: 'seconds', min: 1, max: 86400, defaultValue: 60 },
  maxResponseMB: { unit: 'MB', min: 1, max: 4096, defaultValue: 256 },
};

/**
 * A whole-number setting. What the user types stays in the field, with the reason when it is
 * not valid; only a valid number (or empty, for the default) is written to jsonData.
 */
function IntegerSetting({
  label,
  description,
  rule,
  value,
  onValue,
}: {
  label: string;
  description: string;
  rule: IntegerRule;
  value: number | undefined;
  onValue: (v: number | undefined) => void;
}) {
  const id = useId();
  const [raw, setRaw] = useState(value === undefined ? '' : String(value));
  const { error } = parseInteger(raw, rule);
  return (
    <Field label={label} description={description} invalid={Boolean(error)} error={error}>
      <Input
        id={id}
        width={16}
        inputMode="numeric"
        value={raw}
        placeholder={String(rule.defaultValue)}
        onChange={(e) => {
          const text = e.currentTarget.value;
          setRaw(text);
          const parsed = parseInteger(text, rule);
          if (!parsed.error) {
            onValue(parsed.value);
          }
        }}
      />
    </Field>
  );
}

/**
 * Datasource settings, laid out with Grafana's config-editor components (@grafana/plugin-ui)
 * like the core datasources. Secrets (password, CA certificate, client key) are written to
 * secureJsonData and never read back: the editor only knows whether they are set.
 */
export function ConfigEditor(props: Props) {
  const { options, onOptionsChange } = props;
  const { jsonData, secureJsonFields } = options;
  const urlId = useId();
  const setJson = <K extends keyof ConfigOptions>(key: K, v: ConfigOptions[K]) =>
    updateDatasourcePluginJsonDataOption(props, key, v);
  const setSecure = (key: keyof ConfigSecureOptions, v: string) =>
    updateDatasourcePluginSecureJsonDataOption(props, key, v);
  const url = urlError(options.url, { required: !jsonData.logFolder });
  const tz = timeZoneError(jsonData.logTimeZone);

  return (
    <>
      <DataSourceDescription
        dataSourceName="XenServer / Exchange"
        docsLink="https://github.com/xenbench/xenbench#configuration-reference"
        hasRequiredFields={false}
      />
      <Divider />

      {/* The URL field is ours, not plugin-ui's ConnectionSettings: that one rejects an empty URL
          with "Please enter a valid URL", while an Exchange-only datasource (log folder, no pool)
          is valid here, and it does not say what is wrong with a URL. */}
      <ConfigSection
        title="Connection"
        description="The pool's XAPI address. A slave's address works too: the datasource follows it to the master and finds a new master after an HA failover."
      >
        <Field
          label="Pool master URL"
          description="e.g. https://xenserver-master.example.com"
          invalid={Boolean(url)}
          error={url}
        >
          <Input
            id={urlId}
            width={60}
            value={options.url ?? ''}
            placeholder="https://xenserver-master.example.com"
            onChange={(e) => onOptionsChange({ ...options, url: e.currentTarget.value })}
          />
        </Field>
        {!options.url && jsonData.logFolder && (
          <Alert severity="info" title="No pool">
            Only the Exchange log folder is read: pool metrics, XenMotion and HA events need the pool master URL.
          </Alert>
        )}
        <PoolMembers {...props} />
      </ConfigSection>
      <Divider />

      <Auth
        selectedMethod={AuthMethod.BasicAuth}
        visibleMethods={[AuthMethod.BasicAuth]}
        onAuthMethodSelect={() => {}}
        defaultOptionsOverrides={{
          [AuthMethod.BasicAuth]: {
            label: 'XAPI user and password',
            description:
              'session.login_with_password on the pool master. root, or an Active Directory user given the read-only role (XenServer roles apply to AD subjects; root is the only local account).',
          },
        }}
        basicAuth={{
          user: jsonData.username ?? '',
          userPlaceholder: 'root',
          passwordConfigured: Boolean(secureJsonFields?.password),
          passwordTooltip: 'Stored encrypted by Grafana; never sent back to the browser.',
          onUserChange: (v) => setJson('username', v),
          onPasswordChange: (v) => setSecure('password', v),
          onPasswordReset: () => updateDatasourcePluginResetOption(props, 'password'),
        }}
        TLS={{
          selfSignedCertificate: {
            enabled: Boolean(jsonData.tlsAuthWithCACert),
            onToggle: (v) => setJson('tlsAuthWithCACert', v),
            certificateConfigured: Boolean(secureJsonFields?.tlsCACert),
            onCertificateChange: (v) => setSecure('tlsCACert', v),
            onCertificateReset: () => updateDatasourcePluginResetOption(props, 'tlsCACert'),
            tooltips: {
              certificateLabel:
                "PEM of the CA that signed the pool's certificate. XenServer's default certificate is self-signed: add it here rather than skipping verification.",
            },
          },
          TLSClientAuth: {
            enabled: Boolean(jsonData.tlsAuth),
            onToggle: (v) => setJson('tlsAuth', v),
            serverName: jsonData.serverName ?? '',
            onServerNameChange: (v) => setJson('serverName', v),
            clientCertificateConfigured: Boolean(secureJsonFields?.tlsClientCert),
            onClientCertificateChange: (v) => setSecure('tlsClientCert', v),
            onClientCertificateReset: () => updateDatasourcePluginResetOption(props, 'tlsClientCert'),
            clientKeyConfigured: Boolean(secureJsonFields?.tlsClientKey),
            onClientKeyChange: (v) => setSecure('tlsClientKey', v),
            onClientKeyReset: () => updateDatasourcePluginResetOption(props, 'tlsClientKey'),
          },
          skipTLSVerification: {
            enabled: Boolean(jsonData.tlsSkipVerify),
            onToggle: (v) => setJson('tlsSkipVerify', v),
          },
        }}
      />
      {jsonData.tlsSkipVerify && (
        <Alert severity="warning" title="TLS verification is off">
          Anyone between Grafana and the pool can read the XAPI password. Use a self-signed (CA) certificate instead
          when you can.
        </Alert>
      )}
      <Divider />

      <ConfigSection
        title="Limits"
        description="Bounds on what one query may cost the pool. Empty fields use the default."
        isCollapsible
        isInitiallyOpen
      >
        <IntegerSetting
          label="Timeout (seconds)"
          description="For one XAPI or RRD request. Default 30."
          rule={rules.timeoutSeconds}
          value={jsonData.timeoutSeconds}
          onValue={(v) => setJson('timeoutSeconds', v)}
        />
        <IntegerSetting
          label="Max concurrent requests"
          description="Per pool. Each host serves only its own RRDs, so a pool-wide query asks every host. Default 4."
          rule={rules.maxConcurrentRequests}
          value={jsonData.maxConcurrentRequests}
          onValue={(v) => setJson('maxConcurrentRequests', v)}
        />
        <IntegerSetting
          label="Inventory cache (seconds)"
          description="How long pool, host, VM and SR lists are kept. Default 60."
          rule={rules.cacheTTLSeconds}
          value={jsonData.cacheTTLSeconds}
          onValue={(v) => setJson('cacheTTLSeconds', v)}
        />
        <IntegerSetting
          label="Max response size (MB)"
          description="Larger responses fail with an error instead of exhausting memory. Default 256."
          rule={rules.maxResponseMB}
          value={jsonData.maxResponseMB}
          onValue={(v) => setJson('maxResponseMB', v)}
        />
      </ConfigSection>
      <Divider />

      <ConfigSection
        title="Exchange counters and load tests"
        description="Perfmon logs and load-test results the Grafana server can read, and how to judge them."
      >
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
          invalid={Boolean(tz)}
          error={tz}
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
            onChange={(o) => setJson('exchangeVersion', o.value)}
          />
        </Field>
        <MappingTables {...props} />
        <PlatformResolution datasourceUid={options.uid} where="settings" logFolder={jsonData.logFolder} />
      </ConfigSection>
    </>
  );
}
