import catalogRules from './catalogRules.json';

/**
 * Installs the catalog's alert rules (generated from pkg/thresholds/catalog.json by
 * pkg/alertrules into catalogRules.json) through Grafana's alerting provisioning HTTP API,
 * for the datasource the user picks. Shapes follow the API's OpenAPI description
 * (testdata/provisioning-api.openapi.json, with its source).
 */

/** AlertQuery of the provisioning API. */
export interface AlertQuery {
  refId: string;
  queryType?: string;
  relativeTimeRange?: { from: number; to: number };
  datasourceUid: string;
  model: Record<string, unknown>;
}

/** ProvisionedAlertRule of the provisioning API, as far as the installer reads it. */
export interface ProvisionedAlertRule {
  id?: number;
  uid: string;
  orgID: number;
  folderUID: string;
  ruleGroup: string;
  title: string;
  condition: string;
  data: AlertQuery[];
  noDataState: string;
  execErrState: string;
  for: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  provenance?: string;
  isPaused?: boolean;
}

/** A rule of catalogRules.json: the API shape without folder, group and org. */
export type CatalogRule = Omit<ProvisionedAlertRule, 'orgID' | 'folderUID' | 'ruleGroup' | 'id' | 'provenance'>;

export interface Folder {
  uid: string;
  title: string;
}

/** The calls the installer makes; the page passes Grafana's backend service. */
export interface AlertingApi {
  getRules(): Promise<ProvisionedAlertRule[]>;
  createRule(rule: ProvisionedAlertRule): Promise<ProvisionedAlertRule>;
  getFolders(): Promise<Folder[]>;
  createFolder(title: string): Promise<Folder>;
}

/** The rule group every installed rule joins, as in the provisioned file. */
export const RULE_GROUP = 'xenbench';
export const DEFAULT_FOLDER = 'xenbench';

const placeholder: string = catalogRules.datasourcePlaceholder;

/** Catalog versions the rules exist for: "2007" and "2010+". */
export type CatalogVersion = keyof typeof catalogRules.rules;

/**
 * The catalog version for a datasource's jsonData.exchangeVersion, as the back end
 * normalises it (pkg/thresholds NormalizeVersion); undefined for an unknown version.
 */
export function catalogVersion(exchangeVersion: string | undefined): CatalogVersion | undefined {
  const v = (exchangeVersion ?? '2007').trim().toLowerCase();
  if (['2007', '12', 'exchange 2007', ''].includes(v)) {
    return '2007';
  }
  if (['2010+', '2010', '2013', '2016', '2019', 'se', '14', '15'].includes(v)) {
    return '2010+';
  }
  return undefined;
}

/** The catalog's rules of a version, reading the given datasource. */
export function rulesFor(version: CatalogVersion, datasourceUid: string): CatalogRule[] {
  const rules = catalogRules.rules[version] as unknown as CatalogRule[];
  return rules.map((r) => ({
    ...r,
    data: r.data.map((q) => (q.datasourceUid === placeholder ? { ...q, datasourceUid: datasourceUid } : q)),
  }));
}

export type RuleState =
  | { kind: 'missing' }
  | { kind: 'installed'; existing: ProvisionedAlertRule }
  | { kind: 'other-datasource'; existing: ProvisionedAlertRule; datasources: string[] };

export interface PlannedRule {
  rule: CatalogRule;
  state: RuleState;
}

/** The datasources a rule's queries read (expressions excluded). */
export function datasourcesOf(rule: { data: AlertQuery[] }): string[] {
  return [...new Set(rule.data.map((q) => q.datasourceUid).filter((uid) => uid !== '__expr__'))];
}

/**
 * Compares the catalog's rules with those Grafana has, by uid: a rule is installed when a
 * rule with its uid exists; one that reads another datasource is reported as such and is
 * not created again (a uid is unique in an organisation).
 */
export function plan(rules: CatalogRule[], existing: ProvisionedAlertRule[], datasourceUid: string): PlannedRule[] {
  const byUid = new Map(existing.map((r) => [r.uid, r]));
  return rules.map((rule) => {
    const found = byUid.get(rule.uid);
    if (!found) {
      return { rule, state: { kind: 'missing' } };
    }
    const datasources = datasourcesOf(found);
    if (datasources.length > 0 && !datasources.includes(datasourceUid)) {
      return { rule, state: { kind: 'other-datasource', existing: found, datasources } };
    }
    return { rule, state: { kind: 'installed', existing: found } };
  });
}

/** The folder with the title, created when there is none. */
export async function ensureFolder(api: AlertingApi, title: string): Promise<Folder> {
  const wanted = title.trim();
  if (!wanted) {
    throw new Error('Enter the name of the folder the rules go in.');
  }
  const folders = await api.getFolders();
  return folders.find((f) => f.title === wanted) ?? api.createFolder(wanted);
}

export interface InstallResult {
  uid: string;
  ok: boolean;
  message: string;
}

/**
 * Creates every missing rule of the plan in the folder, one request each, and reports
 * each outcome; rules that exist already are never sent. Grafana checks the rule again on
 * creation (a uid created meanwhile is refused), so a second click cannot duplicate one.
 */
export async function installMissing(
  api: AlertingApi,
  planned: PlannedRule[],
  folder: Folder,
  orgId: number
): Promise<InstallResult[]> {
  const results: InstallResult[] = [];
  for (const { rule, state } of planned) {
    if (state.kind !== 'missing') {
      continue;
    }
    try {
      const created = await api.createRule({ ...rule, orgID: orgId, folderUID: folder.uid, ruleGroup: RULE_GROUP });
      results.push({ uid: rule.uid, ok: true, message: `created in folder ${folder.title} (${created.uid})` });
    } catch (e) {
      results.push({ uid: rule.uid, ok: false, message: errorMessage(e) });
    }
  }
  return results;
}

/** The message of a failed request: Grafana's ValidationError msg when there is one. */
export function errorMessage(e: unknown): string {
  const err = e as { data?: { msg?: string; message?: string }; status?: number; message?: string };
  const text = err?.data?.msg ?? err?.data?.message ?? err?.message ?? String(e);
  return err?.status ? `${err.status}: ${text}` : text;
}
