import React from 'react';
import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Card, Text, useStyles2 } from '@grafana/ui';

import { EmbedLinks } from '../components/EmbedLinks/EmbedLinks';
import { testIds } from '../components/testIds';
import { DASHBOARDS } from '../constants';

/** The study's views: the provisioned dashboards, and embed links for wiki pages. */
function ReportPage() {
  const s = useStyles2(getStyles);
  return (
    <PluginPage>
      <div data-testid={testIds.report.container} className={s.page}>
        <Text element="h3">Dashboards</Text>
        <ul className={s.list}>
          {DASHBOARDS.map((d) => (
            <li key={d.uid}>
              <Card href={`/d/${d.uid}`}>
                <Card.Heading>{d.title}</Card.Heading>
                <Card.Description>{d.description}</Card.Description>
              </Card>
            </li>
          ))}
        </ul>
        <Text element="h3">Embed a chart</Text>
        <EmbedLinks />
      </div>
    </PluginPage>
  );
}

export default ReportPage;

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), maxWidth: 960 }),
  list: css({ listStyle: 'none', display: 'grid', gap: theme.spacing(1) }),
});
