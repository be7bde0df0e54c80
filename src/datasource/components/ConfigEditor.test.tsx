import React from 'react';
import { render, screen } from '@testing-library/react';
import type { DataSourceSettings } from '@grafana/data';

import { ConfigEditor } from './ConfigEditor';
import type { XenbenchOptions, XenbenchSecureOptions } from '../types';

function settings(jsonData: XenbenchOptions, secureJsonFields: Record<string, boolean> = {}) {
  return {
    id: 1,
    uid: 'ds1',
    orgId: 1,
    name: 'pool',
    type: 'xenbench-xenserver-datasource',
    typeName: '',
    typeLogoUrl: '',
    access: 'proxy',
    url: 'https://master.example.com',
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData,
    secureJsonFields,
    readOnly: false,
    withCredentials: false,
  } as DataSourceSettings<XenbenchOptions, XenbenchSecureOptions>;
}

describe('ConfigEditor', () => {
  it('shows a stored password as configured without reading it back', () => {
    render(<ConfigEditor options={settings({ username: 'root' }, { password: true })} onOptionsChange={jest.fn()} />);
    expect(screen.getAllByText('Reset').length).toBeGreaterThan(0);
    expect(screen.getByDisplayValue('https://master.example.com')).toBeInTheDocument();
    expect(screen.queryByDisplayValue('secret')).not.toBeInTheDocument();
  });

  it('warns when TLS verification is skipped', () => {
    const { rerender } = render(<ConfigEditor options={settings({})} onOptionsChange={jest.fn()} />);
    expect(screen.queryByText('TLS verification is off')).not.toBeInTheDocument();
    rerender(<ConfigEditor options={settings({ tlsSkipVerify: true })} onOptionsChange={jest.fn()} />);
    expect(screen.getByText('TLS verification is off')).toBeInTheDocument();
  });
});
