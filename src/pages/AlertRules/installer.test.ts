import catalogRules from './catalogRules.json';
import {
  type AlertingApi,
  type Folder,
  type ProvisionedAlertRule,
  catalogVersion,
  ensureFolder,
  installMissing,
  plan,
  rulesFor,
} from './installer';
import { bodySchema, definition, examples, headerNames, validate } from './testdata/openapi';

/** A Grafana whose alerting API answers as the OpenAPI fixture describes. */
function fakeGrafana(existing: ProvisionedAlertRule[], folders: Folder[] = []) {
  const rules = [...existing];
  const posted: ProvisionedAlertRule[] = [];
  const api: AlertingApi = {
    getRules: jest.fn(async () => {
      const body = JSON.parse(JSON.stringify(rules));
      expect(validate(body, definition('ProvisionedAlertRules'))).toEqual([]);
      return body;
    }),
    createRule: jest.fn(async (rule: ProvisionedAlertRule) => {
      const body = JSON.parse(JSON.stringify(rule));
      expect(validate(body, bodySchema('/v1/provisioning/alert-rules', 'post'))).toEqual([]);
      posted.push(body);
      if (rules.some((r) => r.uid === body.uid)) {
        throw { status: 400, data: examples['RoutePostAlertRule.400'] };
      }
      const created = { ...body, id: rules.length + 1, updated: '2026-12-01T04:00:00Z', provenance: '' };
      expect(validate(created, definition('ProvisionedAlertRule'))).toEqual([]);
      rules.push(created);
      return created;
    }),
    getFolders: jest.fn(async () => folders),
    createFolder: jest.fn(async (title: string) => {
      expect(validate({ title }, definition('CreateFolderCommand'))).toEqual([]);
      const f = { uid: `uid-${title}`, title };
      folders.push(f);
      return f;
    }),
  };
  return { api, posted, rules };
}

describe('the fixture', () => {
  it('is the API part the installer uses, and its checker fails on bad shapes', () => {
    expect(headerNames('/v1/provisioning/alert-rules', 'post')).toContain('X-Disable-Provenance');
    expect(validate(examples['RouteGetAlertRules.200'], definition('ProvisionedAlertRules'))).toEqual([]);
    const rule = examples['RouteGetAlertRules.200'][0];
    expect(validate({ ...rule, noDataState: 'Maybe' }, definition('ProvisionedAlertRule'))).toEqual([
      '$.noDataState: Maybe is not one of Alerting, NoData, OK, KeepLast',
    ]);
    const { folderUID, ...withoutFolder } = rule;
    expect(folderUID).toBeTruthy();
    expect(validate(withoutFolder, definition('ProvisionedAlertRule'))).toEqual(['$.folderUID: required']);
    expect(validate({ ...rule, ruleGroup: '' }, definition('ProvisionedAlertRule'))).toEqual([
      '$.ruleGroup: shorter than 1',
    ]);
    expect(validate({ ...rule, dashboard: 'x' }, definition('ProvisionedAlertRule'))).toEqual([
      '$.dashboard: not a property of the schema',
    ]);
  });
});

describe('catalog rules', () => {
  it('read the chosen datasource and keep expressions on __expr__', () => {
    const rules = rulesFor('2007', 'pool-b');
    expect(rules.length).toBe(catalogRules.rules['2007'].length);
    for (const r of rules) {
      const uids = r.data.map((q) => q.datasourceUid);
      expect(uids).toContain('pool-b');
      expect(uids.every((u) => u === 'pool-b' || u === '__expr__')).toBe(true);
      expect(r.annotations?.__dashboardUid__).toMatch(/^xenbench-/);
    }
    // The generated file is not modified by the substitution.
    expect(JSON.stringify(catalogRules)).not.toContain('pool-b');
  });

  it('follow the datasource Exchange version as the back end reads it', () => {
    expect(catalogVersion(undefined)).toBe('2007');
    expect(catalogVersion('2007')).toBe('2007');
    expect(catalogVersion('2016')).toBe('2010+');
    expect(catalogVersion('2010')).toBe('2010+');
    expect(catalogVersion('2003')).toBeUndefined();
    expect(rulesFor('2010+', 'x').map((r) => r.uid)).toContain('xenbench-disk-write-2010');
  });
});

describe('installing', () => {
  it('lists what exists, creates only the missing rules, in the folder, and never twice', async () => {
    const existing = examples['RouteGetAlertRules.200'] as unknown as ProvisionedAlertRule[];
    const { api, posted } = fakeGrafana(existing, [{ uid: 'fd1xenbench', title: 'xenbench' }]);
    const rules = rulesFor('2007', 'pool-a');
    const planned = plan(rules, await api.getRules(), 'pool-a');
    // The example's processor-time rule reads pool-a: installed; the team's rule is not ours.
    expect(planned.find((p) => p.rule.uid === 'xenbench-processor-time-2007')?.state.kind).toBe('installed');
    expect(planned.filter((p) => p.state.kind === 'missing')).toHaveLength(rules.length - 1);

    const folder = await ensureFolder(api, 'xenbench');
    expect(folder.uid).toBe('fd1xenbench');
    expect(api.createFolder).not.toHaveBeenCalled();
    const results = await installMissing(api, planned, folder, 1);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(posted.map((r) => r.uid).sort()).toEqual(
      rules
        .map((r) => r.uid)
        .filter((u) => u !== 'xenbench-processor-time-2007')
        .sort()
    );
    expect(posted.every((r) => r.folderUID === 'fd1xenbench' && r.ruleGroup === 'xenbench' && r.orgID === 1)).toBe(
      true
    );

    // A second run finds everything installed and sends nothing.
    const again = plan(rules, await api.getRules(), 'pool-a');
    expect(again.every((p) => p.state.kind === 'installed')).toBe(true);
    expect(await installMissing(api, again, folder, 1)).toEqual([]);
    expect(api.createRule).toHaveBeenCalledTimes(rules.length - 1);
  });

  it('reports a rule installed for another datasource instead of creating it again', async () => {
    const existing = examples['RouteGetAlertRules.200'] as unknown as ProvisionedAlertRule[];
    const { api } = fakeGrafana(existing);
    const planned = plan(rulesFor('2007', 'pool-b'), await api.getRules(), 'pool-b');
    const cpu = planned.find((p) => p.rule.uid === 'xenbench-processor-time-2007');
    expect(cpu?.state).toMatchObject({ kind: 'other-datasource', datasources: ['pool-a'] });
    const results = await installMissing(api, planned, { uid: 'f', title: 'xenbench' }, 1);
    expect(results.map((r) => r.uid)).not.toContain('xenbench-processor-time-2007');
  });

  it('creates the folder when there is none, and reports a refused rule with Grafana message', async () => {
    const { api } = fakeGrafana([]);
    const folder = await ensureFolder(api, ' exchange alerts ');
    expect(folder).toEqual({ uid: 'uid-exchange alerts', title: 'exchange alerts' });
    await expect(ensureFolder(api, '  ')).rejects.toThrow('Enter the name of the folder');

    const rules = rulesFor('2007', 'pool-a');
    const planned = plan(rules, [], 'pool-a');
    // Someone created one of them meanwhile: Grafana refuses it; the others go through.
    await api.createRule({ ...rules[0], orgID: 1, folderUID: folder.uid, ruleGroup: 'xenbench' });
    const results = await installMissing(api, planned, folder, 1);
    expect(results[0]).toEqual({
      uid: rules[0].uid,
      ok: false,
      message: '400: invalid alert rule: a rule with this UID already exists',
    });
    expect(results.slice(1).every((r) => r.ok)).toBe(true);
  });
});
