import React, { useState } from 'react';
import { lastValueFrom } from 'rxjs';
import type { AppPluginMeta, PluginConfigPageProps, PluginMeta } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, FieldSet, Stack, Text, TextLink } from '@grafana/ui';

import { testIds } from '../testIds';
import { ROUTES } from '../../constants';
import { prefixRoute } from '../../utils/utils.routing';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<{}>> {}

/**
 * The app has no settings of its own: the pool and log folder belong to the datasource
 * (so alerting can use them). This page enables or disables the app.
 */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const { enabled, pinned, jsonData } = plugin.meta;
  const [error, setError] = useState<string | undefined>();

  const toggle = async () => {
    setError(undefined);
    try {
      await updatePlugin(plugin.meta.id, { enabled: !enabled, pinned: !enabled ? true : pinned, jsonData });
      // Grafana keeps plugin metadata in memory: a reload is the supported way to apply it.
      window.location.reload();
    } catch (e: unknown) {
      const err = e as { data?: { message?: string }; message?: string };
      setError(err.data?.message ?? err.message ?? 'the plugin settings could not be saved');
    }
  };

  return (
    <div data-testid={testIds.appConfig.container}>
      <FieldSet label={enabled ? 'xenbench is enabled' : 'xenbench is disabled'}>
        <Stack direction="column" gap={1}>
          <Text color="secondary">
            Configure the pool master, credentials and the Exchange log folder in a “XenServer / Exchange” datasource;
            the app&apos;s{' '}
            {enabled ? (
              <TextLink href={prefixRoute(ROUTES.Setup)} inline>
                Setup page
              </TextLink>
            ) : (
              'Setup page (available once the app is enabled)'
            )}{' '}
            checks them.
          </Text>
          {error && (
            <Alert severity="error" title="Not saved">
              {error}
            </Alert>
          )}
          <div>
            <Button
              data-testid={testIds.appConfig.toggle}
              variant={enabled ? 'destructive' : 'primary'}
              onClick={toggle}
            >
              {enabled ? 'Disable' : 'Enable'}
            </Button>
          </div>
        </Stack>
      </FieldSet>
    </div>
  );
};

export default AppConfig;

const updatePlugin = async (pluginId: string, data: Partial<PluginMeta>) => {
  const response = getBackendSrv().fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data });
  return lastValueFrom(response);
};
