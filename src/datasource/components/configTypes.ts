import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';

import type { XenbenchOptions, XenbenchSecureOptions } from '../types';

/**
 * The settings the config editor writes. Beyond XenbenchOptions (src/datasource/types.ts,
 * the query contract's file) it sets `poolMembers` (pkg/settings: the pool member URLs tried
 * after the configured one) and Grafana's standard TLS client-auth keys, which the SDK's
 * HTTPClientOptions reads for the back end's XAPI client.
 */
export type ConfigOptions = XenbenchOptions & {
  poolMembers?: string[];
  tlsAuth?: boolean;
  serverName?: string;
};

export type ConfigSecureOptions = XenbenchSecureOptions & {
  tlsClientCert?: string;
  tlsClientKey?: string;
};

export type ConfigProps = DataSourcePluginOptionsEditorProps<ConfigOptions, ConfigSecureOptions>;
