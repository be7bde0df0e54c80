import React from 'react';
import { render, screen, within } from '@testing-library/react';

import SetupPage from './SetupPage';
import { testIds } from '../components/testIds';

const get = jest.fn();

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
  getBackendSrv: () => ({ get }),
}));

const health =
  'XenServer pool: Connected to pool "xenbench-pool" through master xenserver-01 (127.0.0.1:38110): XCP-ng 8.3.0, xapi 24.39.0, API 2.21; 3 hosts (2 live), 4 VMs (4 running).\nExchange logs: folder /logs: 8 servers (4 virtual, 4 native), 96 counters, 5 load-test runs';

describe('SetupPage', () => {
  beforeEach(() => {
    get.mockReset();
    get.mockImplementation(async (url: string) => {
      if (url === '/api/datasources') {
        return [
          { uid: 'ds1', name: 'Pool', type: 'xenbench-xenserver-datasource', jsonData: { logFolder: '/logs' } },
          { uid: 'ds2', name: 'No logs', type: 'xenbench-xenserver-datasource', jsonData: {} },
          { uid: 'other', name: 'Prometheus', type: 'prometheus' },
        ];
      }
      if (url === '/api/datasources/uid/ds1/health') {
        return { status: 'OK', message: health };
      }
      throw { data: { message: 'the pool master URL is empty' } };
    });
  });

  // Issue 15: the page announced steps it did not list.
  it('lists the steps it announces', async () => {
    render(<SetupPage />);
    const steps = within(screen.getByTestId('setup-steps')).getAllByRole('listitem');
    expect(steps.map((s) => s.textContent)).toEqual([
      expect.stringMatching(/Add a .*datasource/),
      expect.stringMatching(/pool master/),
      expect.stringMatching(/log folder/),
      expect.stringMatching(/native or virtual/),
      expect.stringMatching(/report/),
    ]);
    await screen.findAllByText(/needs attention|ok/);
  });

  // Issue 15: the health message was a <pre>, which Grafana breaks anywhere ("AP / I 2.21").
  it('shows each datasource health message line by line, as text, not preformatted', async () => {
    render(<SetupPage />);
    const rows = await screen.findAllByTestId(testIds.setup.datasourceRow);
    expect(rows).toHaveLength(2);
    const message = await within(rows[0]).findByTestId('setup-health-message');
    expect(message.tagName).not.toBe('PRE');
    expect(message.querySelector('pre')).toBeNull();
    expect(
      within(message)
        .getAllByRole('paragraph')
        .map((p) => p.textContent)
    ).toEqual(health.split('\n'));
    expect(await within(rows[1]).findByText('the pool master URL is empty')).toBeInTheDocument();
    expect(within(rows[1]).getByText(/No log folder is set/)).toBeInTheDocument();
    expect(within(rows[0]).getByRole('button', { name: 'Check resolution' })).toBeInTheDocument();
  });
});
