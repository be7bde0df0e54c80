/** The app's id, as in the root plugin.json (checked by constants.test.ts). */
export const PLUGIN_ID = 'xenbench-exchange-app';
export const DATASOURCE_TYPE = 'xenbench-xenserver-datasource';
export const PANEL_TYPE = 'xenbench-latencycompare-panel';

export const PLUGIN_BASE_URL = `/a/${PLUGIN_ID}`;

export enum ROUTES {
  Setup = 'setup',
  Report = 'report',
  AlertRules = 'alert-rules',
}

/** The provisioned dashboards (dashboards/*.json), by stable uid. */
export const DASHBOARDS = [
  {
    uid: 'xenbench-overview',
    title: 'Overview',
    description: 'Pool health, native vs virtual, compliance, recent events',
  },
  {
    uid: 'xenbench-scalability',
    title: 'Scalability',
    description: '2,000 / 4,000 / 8,000 heavy mailboxes, native vs virtual',
  },
  {
    uid: 'xenbench-migration',
    title: 'Migration (XenMotion)',
    description: 'Latency before, during and after each live migration',
  },
  {
    uid: 'xenbench-ha',
    title: 'HA recovery',
    description: 'Host failure to VM restart: time to recovery against 3 minutes',
  },
] as const;
