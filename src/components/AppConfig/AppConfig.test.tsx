import React from 'react';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { AppPlugin, PluginType } from '@grafana/data';

import AppConfig from './AppConfig';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: jest.fn() }),
}));

function plugin(enabled: boolean) {
  const p = new AppPlugin<{}>();
  p.meta = {
    id: 'xenbench-exchange-app',
    name: 'xenbench',
    type: PluginType.app,
    enabled,
    pinned: enabled,
    jsonData: {},
    info: {},
    module: '',
    baseUrl: '',
  } as never;
  return p;
}

describe('AppConfig', () => {
  // Issue 15: the page mentioned the Setup page without a link.
  it('links to the Setup page when the app is enabled', () => {
    render(
      <MemoryRouter>
        <AppConfig plugin={plugin(true)} query={{}} />
      </MemoryRouter>
    );
    expect(screen.getByRole('link', { name: 'Setup page' })).toHaveAttribute('href', '/a/xenbench-exchange-app/setup');
    expect(screen.getByRole('button', { name: 'Disable' })).toBeInTheDocument();
  });

  it('says the Setup page comes with enabling, and offers Enable', () => {
    render(
      <MemoryRouter>
        <AppConfig plugin={plugin(false)} query={{}} />
      </MemoryRouter>
    );
    expect(screen.queryByRole('link', { name: 'Setup page' })).not.toBeInTheDocument();
    expect(screen.getByText(/available once the app is enabled/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enable' })).toBeInTheDocument();
  });
});
