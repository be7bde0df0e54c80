import React, { useState } from 'react';
import { config } from '@grafana/runtime';
import { Alert, ClipboardButton, Combobox, Field, Input, RadioButtonGroup, Stack, Text, TextArea } from '@grafana/ui';

import { DASHBOARDS } from '../../constants';
import { testIds } from '../testIds';
import { iframeHtml, renderUrl, soloUrl } from './embedUrls';

/**
 * "Copy embed link": a panel of the bundle's dashboards as d-solo URL, iframe and rendered
 * PNG, and where to make a public or snapshot link. The PNG link works only when Grafana
 * has an image renderer; config.rendererAvailable says whether it has.
 */
export function EmbedLinks() {
  const [dashboardUid, setDashboardUid] = useState<string>(DASHBOARDS[1].uid);
  const [panelId, setPanelId] = useState(1);
  const [theme, setTheme] = useState<'light' | 'dark'>('light');
  const baseUrl = (config.appUrl ?? '').replace(/\/$/, '');
  const target = { baseUrl, dashboardUid, panelId, theme };
  const solo = soloUrl(target);
  const iframe = iframeHtml(target);
  const image = renderUrl(target);

  return (
    <Stack direction="column" gap={1}>
      <Stack gap={1} wrap="wrap">
        <Field label="Dashboard">
          <Combobox
            width={30}
            options={DASHBOARDS.map((d) => ({ label: d.title, value: d.uid }))}
            value={dashboardUid}
            onChange={(o) => setDashboardUid(o.value)}
          />
        </Field>
        <Field label="Panel id" description="Shown in the panel's Share > Embed dialog">
          <Input
            width={10}
            type="number"
            min={1}
            value={panelId}
            onChange={(e) => setPanelId(Math.max(1, parseInt(e.currentTarget.value, 10) || 1))}
          />
        </Field>
        <Field label="Theme">
          <RadioButtonGroup
            options={[
              { label: 'Light', value: 'light' as const },
              { label: 'Dark', value: 'dark' as const },
            ]}
            value={theme}
            onChange={setTheme}
          />
        </Field>
      </Stack>
      <Field label="Panel link (d-solo)">
        <Stack gap={1}>
          <Input data-testid={testIds.report.embedUrl} readOnly value={solo} />
          <ClipboardButton icon="copy" getText={() => solo}>
            Copy
          </ClipboardButton>
        </Stack>
      </Field>
      <Field label="Iframe for wiki pages" description="Needs allow_embedding = true in Grafana's [security] settings">
        <Stack gap={1}>
          <TextArea data-testid={testIds.report.iframe} readOnly rows={2} value={iframe} />
          <ClipboardButton icon="copy" getText={() => iframe}>
            Copy
          </ClipboardButton>
        </Stack>
      </Field>
      <Field
        label="Image (PNG)"
        description="Drawn by Grafana's image renderer service ([rendering] server_url and callback_url)"
      >
        <Stack gap={1}>
          <Input data-testid={testIds.report.renderUrl} readOnly value={image} />
          <ClipboardButton icon="copy" getText={() => image}>
            Copy
          </ClipboardButton>
        </Stack>
      </Field>
      {!config.rendererAvailable && (
        <Alert severity="info" title="No image renderer" data-testid={testIds.report.noRenderer}>
          This Grafana has no image renderer, so the PNG link answers with an error. Run the
          grafana/grafana-image-renderer service and set GF_RENDERING_SERVER_URL (its /render address) and
          GF_RENDERING_CALLBACK_URL (this Grafana as the renderer reaches it), as docker-compose.yml does.
        </Alert>
      )}
      <Text color="secondary">
        For readers without a Grafana account: Share → Share externally (a public dashboard, needs the publicDashboards
        feature) or Share → Snapshot (a frozen copy) on the dashboard.
      </Text>
    </Stack>
  );
}
