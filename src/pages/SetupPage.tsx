import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Badge, LinkButton, LoadingPlaceholder, Stack, Text, useStyles2 } from '@grafana/ui';

import { testIds } from '../components/testIds';
import { PlatformResolution } from '../datasource/components/PlatformResolution';
import { DATASOURCE_TYPE, ROUTES } from '../constants';
import { prefixRoute } from '../utils/utils.routing';
import { useDatasourceChecks } from './useDatasourceChecks';

/** Setup checklist: a datasource exists, reaches its pool, and has a log folder. */
function SetupPage() {
  const s = useStyles2(getStyles);
  const { checks, loading, error } = useDatasourceChecks();

  return (
    <PluginPage>
      <div data-testid={testIds.setup.container} className={s.page}>
        <Text element="p" color="secondary">
          xenbench compares Exchange latency on native servers and XenServer / XCP-ng virtual machines against
          Microsoft&apos;s limits. These steps must hold for the dashboards to show data:
        </Text>
        <ol className={s.steps} data-testid="setup-steps">
          <li>Add a “XenServer / Exchange” datasource (below, if there is none yet).</li>
          <li>Point it at the pool master with a pool user: its health check says “Connected to pool”.</li>
          <li>Set its log folder, holding the perfmon logs and load-test results of the Exchange servers.</li>
          <li>Check that each Exchange server resolves to native or virtual as it should.</li>
          <li>Open the report and the dashboards.</li>
        </ol>
        {error && (
          <Alert severity="error" title="Cannot list datasources">
            {error}
          </Alert>
        )}
        {loading && checks.length === 0 && <LoadingPlaceholder text="Checking datasources…" />}
        {!loading && checks.length === 0 && !error && (
          <Alert severity="info" title="No XenServer / Exchange datasource yet">
            <Stack direction="column" gap={1}>
              <span>
                Add one that points at your pool master and, for the Exchange side, at the folder holding perfmon logs
                and load-test results.
              </span>
              <div>
                <LinkButton
                  data-testid={testIds.setup.addDatasource}
                  href={`/connections/datasources/new?type=${DATASOURCE_TYPE}`}
                  icon="plus"
                >
                  Add datasource
                </LinkButton>
              </div>
            </Stack>
          </Alert>
        )}
        {checks.map((c) => (
          <div key={c.uid} className={s.row} data-testid={testIds.setup.datasourceRow}>
            <Stack gap={1} alignItems="center">
              <Badge
                text={c.status === 'pending' ? 'checking' : c.status === 'OK' ? 'ok' : 'needs attention'}
                color={c.status === 'OK' ? 'green' : c.status === 'ERROR' ? 'red' : 'blue'}
                icon={c.status === 'OK' ? 'check' : c.status === 'ERROR' ? 'exclamation-triangle' : 'sync'}
              />
              <Text weight="medium">{c.name}</Text>
              <LinkButton variant="secondary" size="sm" fill="text" href={`/connections/datasources/edit/${c.uid}`}>
                Settings
              </LinkButton>
            </Stack>
            <div className={s.message} data-testid="setup-health-message">
              {c.message.split('\n').map((line, i) => (
                <Text key={i} element="p" variant="bodySmall">
                  {line}
                </Text>
              ))}
            </div>
            {c.logFolder && <PlatformResolution datasourceUid={c.uid} where="setup" logFolder={c.logFolder} />}
            {!c.logFolder && (
              <Text element="p" color="secondary">
                No log folder is set: Exchange counters and load tests will not be read. Set “Log folder” in this
                datasource&apos;s settings.
              </Text>
            )}
          </div>
        ))}
        <div>
          <LinkButton href={prefixRoute(ROUTES.Report)} variant="secondary" icon="file-alt">
            Open the report
          </LinkButton>
        </div>
      </div>
    </PluginPage>
  );
}

export default SetupPage;

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), maxWidth: 960 }),
  row: css({
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1.5),
    background: theme.colors.background.secondary,
  }),
  // Plain text, not <pre>: Grafana styles pre with word-break: break-all, which split the
  // health message inside words ("AP / I 2.21").
  message: css({
    margin: theme.spacing(1, 0, 0),
    overflowWrap: 'break-word',
    wordBreak: 'normal',
  }),
  steps: css({ margin: 0, paddingLeft: theme.spacing(3), color: theme.colors.text.secondary }),
});
