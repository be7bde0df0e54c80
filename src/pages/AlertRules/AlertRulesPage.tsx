import React, { useEffect, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import type { DataSourceInstanceSettings, GrafanaTheme2 } from '@grafana/data';
import { DataSourcePicker, PluginPage, config, getDataSourceSrv } from '@grafana/runtime';
import {
  Alert,
  Badge,
  Button,
  Field,
  Input,
  InteractiveTable,
  LoadingPlaceholder,
  Stack,
  Text,
  useStyles2,
} from '@grafana/ui';

import { testIds } from '../../components/testIds';
import { DATASOURCE_TYPE } from '../../constants';
import type { XenbenchOptions } from '../../datasource/types';
import { grafanaAlertingApi } from './grafanaApi';
import {
  type AlertingApi,
  type InstallResult,
  type PlannedRule,
  DEFAULT_FOLDER,
  catalogVersion,
  ensureFolder,
  errorMessage,
  installMissing,
  plan,
  rulesFor,
} from './installer';

interface Props {
  /** Grafana's HTTP API by default; tests pass a fake. */
  api?: AlertingApi;
}

/**
 * Lists the catalog's alert rules for the chosen XenServer / Exchange datasource, shows
 * which exist already, and creates the missing ones through Grafana's alerting
 * provisioning API, in a folder of the user's choice.
 */
export function AlertRulesPage({ api: givenApi }: Props) {
  const s = useStyles2(getStyles);
  const api = useMemo(() => givenApi ?? grafanaAlertingApi(), [givenApi]);
  // getDataSourceSrv().getList is what Grafana 12.0 offers (its replacements live in
  // @grafana/runtime/unstable, which 12.0 does not have).
  const [datasource, setDatasource] = useState<DataSourceInstanceSettings<XenbenchOptions> | undefined>(
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    () => getDataSourceSrv().getList({ pluginId: DATASOURCE_TYPE })[0] as DataSourceInstanceSettings<XenbenchOptions>
  );
  const [folder, setFolder] = useState(DEFAULT_FOLDER);
  const [generation, setGeneration] = useState(0);
  const [loaded, setLoaded] = useState<{ key: string; planned?: PlannedRule[]; error?: string }>();
  const [busy, setBusy] = useState(false);
  const [installError, setInstallError] = useState<string>();
  const [results, setResults] = useState<InstallResult[]>([]);

  const version = catalogVersion(datasource?.jsonData?.exchangeVersion);
  const key = `${datasource?.uid}|${version}|${generation}`;

  useEffect(() => {
    if (!datasource || !version) {
      return;
    }
    let cancelled = false;
    api.getRules().then(
      (existing) =>
        !cancelled && setLoaded({ key, planned: plan(rulesFor(version, datasource.uid), existing, datasource.uid) }),
      (e) => !cancelled && setLoaded({ key, error: `Could not read the existing alert rules: ${errorMessage(e)}` })
    );
    return () => {
      cancelled = true;
    };
  }, [api, datasource, version, key]);

  const current = loaded?.key === key ? loaded : undefined;
  const planned = current?.planned;
  const error = current?.error ?? installError;

  const missing = planned?.filter((p) => p.state.kind === 'missing').length ?? 0;

  const install = async () => {
    if (!planned) {
      return;
    }
    setBusy(true);
    setResults([]);
    setInstallError(undefined);
    try {
      const target = await ensureFolder(api, folder);
      setResults(await installMissing(api, planned, target, config.bootData?.user?.orgId ?? 1));
    } catch (e) {
      setInstallError(errorMessage(e));
    } finally {
      setBusy(false);
      setGeneration((g) => g + 1);
    }
  };

  return (
    <PluginPage>
      <div data-testid={testIds.alertRules.container} className={s.page}>
        <Text color="secondary">
          The rules of the threshold catalog (Microsoft&apos;s limits, the study&apos;s HA target, host down), for the
          datasource you choose. Each one links to the dashboard panel that shows its limit.
        </Text>
        <Stack gap={2} wrap="wrap">
          <Field label="Datasource" description="The XenServer / Exchange datasource the rules query">
            <DataSourcePicker
              pluginId={DATASOURCE_TYPE}
              current={datasource?.uid}
              onChange={(ds) => setDatasource(ds as DataSourceInstanceSettings<XenbenchOptions>)}
              width={40}
            />
          </Field>
          <Field label="Folder" description="Created if it does not exist">
            <Input
              data-testid={testIds.alertRules.folder}
              value={folder}
              onChange={(e) => setFolder(e.currentTarget.value)}
              width={30}
            />
          </Field>
        </Stack>
        {!datasource && (
          <Alert severity="info" title="No XenServer / Exchange datasource">
            Add one first (Connections → Data sources); the rules query it.
          </Alert>
        )}
        {datasource && !version && (
          <Alert severity="warning" title="Unknown Exchange version">
            The datasource&apos;s Exchange version ({String(datasource.jsonData?.exchangeVersion)}) is not one the
            catalog has limits for (2007, or 2010 and later). Set it in the datasource settings.
          </Alert>
        )}
        {error && (
          <Alert severity="error" title="Alert rules">
            {error}
          </Alert>
        )}
        {datasource && version && !planned && !error && <LoadingPlaceholder text="Reading the existing rules…" />}
        {planned && (
          <>
            <InteractiveTable
              data-testid={testIds.alertRules.table}
              getRowId={(p: PlannedRule) => p.rule.uid}
              data={planned}
              columns={[
                { id: 'title', header: 'Rule', cell: ({ row }) => row.original.rule.title },
                {
                  id: 'limit',
                  header: 'Limit (catalog entry)',
                  cell: ({ row }) => row.original.rule.annotations?.threshold ?? row.original.rule.annotations?.summary,
                },
                { id: 'severity', header: 'Severity', cell: ({ row }) => row.original.rule.labels?.severity },
                { id: 'state', header: 'In Grafana', cell: ({ row }) => <RuleStateBadge planned={row.original} /> },
              ]}
            />
            <Stack gap={2} alignItems="center">
              <Button
                data-testid={testIds.alertRules.install}
                disabled={busy || missing === 0}
                icon={busy ? 'spinner' : 'plus'}
                onClick={install}
              >
                {missing === 0
                  ? 'All rules are in Grafana'
                  : `Create ${missing} missing rule${missing === 1 ? '' : 's'}`}
              </Button>
              <Text color="secondary">
                Exchange {version} limits, group {`"xenbench"`}.
              </Text>
            </Stack>
          </>
        )}
        {results.length > 0 && (
          <ul data-testid={testIds.alertRules.results} className={s.results}>
            {results.map((r) => (
              <li key={r.uid}>
                <Badge color={r.ok ? 'green' : 'red'} text={r.ok ? 'created' : 'failed'} /> {r.uid}: {r.message}
              </li>
            ))}
          </ul>
        )}
      </div>
    </PluginPage>
  );
}

function RuleStateBadge({ planned }: { planned: PlannedRule }) {
  const { state } = planned;
  switch (state.kind) {
    case 'missing':
      return <Badge color="orange" text="not installed" />;
    case 'installed':
      return <Badge color="green" text={`installed (folder ${state.existing.folderUID})`} />;
    case 'other-datasource':
      return <Badge color="blue" text={`installed for datasource ${state.datasources.join(', ')}`} />;
  }
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  results: css({ listStyle: 'none', padding: 0, display: 'flex', flexDirection: 'column', gap: theme.spacing(0.5) }),
});

export default AlertRulesPage;
