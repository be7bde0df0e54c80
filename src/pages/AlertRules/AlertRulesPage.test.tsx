import React from 'react';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';

import { testIds } from '../../components/testIds';
import { AlertRulesPage } from './AlertRulesPage';
import { type AlertingApi, type ProvisionedAlertRule, rulesFor } from './installer';

const datasources = [
  { uid: 'pool-a', name: 'Pool A', type: 'xenbench-xenserver-datasource', jsonData: { exchangeVersion: '2007' } },
];

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
  DataSourcePicker: ({ current }: { current?: string }) => <span>picker:{current}</span>,
  getDataSourceSrv: () => ({ getList: () => datasources }),
  config: { bootData: { user: { orgId: 3 } } },
}));

function fakeApi(existing: ProvisionedAlertRule[]): AlertingApi & { created: ProvisionedAlertRule[] } {
  const created: ProvisionedAlertRule[] = [];
  return {
    created,
    getRules: jest.fn(async () => [...existing, ...created]),
    createRule: jest.fn(async (r: ProvisionedAlertRule) => {
      created.push(r);
      return r;
    }),
    getFolders: jest.fn(async () => []),
    createFolder: jest.fn(async (title: string) => ({ uid: 'new-folder', title })),
  };
}

describe('AlertRulesPage', () => {
  it('shows which catalog rules exist and creates the missing ones once', async () => {
    const rules = rulesFor('2007', 'pool-a');
    const first = { ...rules[0], orgID: 3, folderUID: 'old', ruleGroup: 'xenbench' } as ProvisionedAlertRule;
    const api = fakeApi([first]);
    render(<AlertRulesPage api={api} />);

    const button = await screen.findByTestId(testIds.alertRules.install);
    expect(button).toHaveTextContent(`Create ${rules.length - 1} missing rules`);
    expect(screen.getByText('picker:pool-a')).toBeInTheDocument();
    expect(screen.getByText(rules[0].title)).toBeInTheDocument();
    expect(screen.getByText('installed (folder old)')).toBeInTheDocument();
    expect(screen.getAllByText('not installed')).toHaveLength(rules.length - 1);

    await userEvent.click(button);
    const results = await screen.findByTestId(testIds.alertRules.results);
    expect(within(results).getAllByText('created')).toHaveLength(rules.length - 1);
    expect(api.createFolder).toHaveBeenCalledWith('xenbench');
    expect(api.created.every((r) => r.folderUID === 'new-folder' && r.orgID === 3)).toBe(true);
    expect(api.created.map((r) => r.uid)).not.toContain(rules[0].uid);

    // After the refresh everything is installed and the button has nothing to do.
    await waitFor(() => expect(screen.getByTestId(testIds.alertRules.install)).toBeDisabled());
    expect(screen.getByTestId(testIds.alertRules.install)).toHaveTextContent('All rules are in Grafana');
    expect(api.createRule).toHaveBeenCalledTimes(rules.length - 1);
  });

  it('says why when the existing rules cannot be read', async () => {
    const api = fakeApi([]);
    api.getRules = jest.fn(async () => {
      throw { status: 403, data: { message: 'permission denied' } };
    });
    render(<AlertRulesPage api={api} />);
    expect(
      await screen.findByText('Could not read the existing alert rules: 403: permission denied')
    ).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.alertRules.install)).not.toBeInTheDocument();
  });
});
