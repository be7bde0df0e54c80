import type { DataSourceJsonData } from '@grafana/schema';

import { type AnyQuery, CF, ObjectKind, Platform, QueryType, SelectorMode, type VolumeRole } from './contract.gen';

// The query model, its values and defaults, and the frame label and field names are
// generated from the Go package pkg/contract (go generate ./pkg/contract): import them
// from here or from contract.gen.ts, never retype them.
export * from './contract.gen';

/** A saved query: every field any query type reads (one struct per type in pkg/contract). */
export interface XenbenchQuery extends AnyQuery {}

/** What a new query starts with (Grafana's getDefaultQuery): the CPU of every VM. */
export const DEFAULT_QUERY: Partial<XenbenchQuery> = {
  queryType: QueryType.Metrics,
  object: ObjectKind.VM,
  selectorMode: SelectorMode.Name,
  selector: '*',
  metrics: ['cpu*'],
  cf: CF.Average,
};

/** A settings override; unknown is what the back end answers, never a setting. */
export interface PlatformOverride {
  server: string;
  platform: typeof Platform.Native | typeof Platform.Virtual;
}

/** A volume's role in the settings (jsonData.volumeRoles). */
export interface VolumeRoleMapping {
  server: string;
  instance: string;
  role: VolumeRole;
}

/** jsonData; mirrors pkg/settings/settings.go Settings. */
export interface XenbenchOptions extends DataSourceJsonData {
  username?: string;
  timeoutSeconds?: number;
  maxConcurrentRequests?: number;
  cacheTTLSeconds?: number;
  maxResponseMB?: number;
  logFolder?: string;
  /** IANA time zone for perfmon logs without one in their banner (typeperf's stdout). */
  logTimeZone?: string;
  exchangeVersion?: '2007' | '2010';
  platformOverrides?: PlatformOverride[];
  volumeRoles?: VolumeRoleMapping[];
  tlsSkipVerify?: boolean;
  tlsAuthWithCACert?: boolean;
}

/** secureJsonData: written by the browser, never read back. */
export interface XenbenchSecureOptions {
  password?: string;
  tlsCACert?: string;
}

/** An entry of an inventory list (resource GET /inventory). */
export interface InventoryItem {
  text: string;
  value: string;
}
