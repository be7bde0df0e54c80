import React from 'react';
import { MemoryRouter } from 'react-router-dom';
import type { AppRootProps } from '@grafana/data';
import { render, screen } from '@testing-library/react';

import App from './App';
// Loaded up front so the lazy route resolves at once, whatever the machine's load.
import '../../pages/SetupPage';
import { testIds } from '../testIds';

const get = jest.fn();

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  PluginPage: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
  getBackendSrv: () => ({ get }),
}));

describe('App', () => {
  beforeEach(() => get.mockReset());

  it('shows the setup page with a datasource health result', async () => {
    get.mockImplementation(async (url: string) => {
      if (url === '/api/datasources') {
        return [
          { uid: 'ds1', name: 'Pool A', type: 'xenbench-xenserver-datasource', jsonData: { logFolder: '/logs' } },
          { uid: 'p1', name: 'Prom', type: 'prometheus' },
        ];
      }
      if (url === '/api/datasources/uid/ds1/health') {
        return { status: 'OK', message: 'pool "lab": 3 hosts, 4 VMs' };
      }
      throw new Error(`unexpected ${url}`);
    });
    render(
      <MemoryRouter initialEntries={['/setup']}>
        <React.Suspense fallback="loading">
          <App {...({} as AppRootProps)} />
        </React.Suspense>
      </MemoryRouter>
    );
    // The first render loads the lazily imported page: allow for its compilation.
    expect(await screen.findByTestId(testIds.setup.container, {}, { timeout: 10000 })).toBeInTheDocument();
    expect(await screen.findByText('pool "lab": 3 hosts, 4 VMs')).toBeInTheDocument();
    expect(screen.getAllByTestId(testIds.setup.datasourceRow)).toHaveLength(1);
  });

  it('offers to add a datasource when there is none', async () => {
    get.mockResolvedValue([]);
    render(
      <MemoryRouter initialEntries={['/setup']}>
        <React.Suspense fallback="loading">
          <App {...({} as AppRootProps)} />
        </React.Suspense>
      </MemoryRouter>
    );
    expect(await screen.findByTestId(testIds.setup.addDatasource, {}, { timeout: 10000 })).toHaveAttribute(
      'href',
      '/connections/datasources/new?type=xenbench-xenserver-datasource'
    );
  });
});
