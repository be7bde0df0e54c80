import React, { useState } from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSourceSettings } from '@grafana/data';

import { ConfigEditor } from './ConfigEditor';
import type { ConfigOptions, ConfigSecureOptions } from './configTypes';

const get = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ get }),
}));

type Settings = DataSourceSettings<ConfigOptions, ConfigSecureOptions>;

function settings(
  jsonData: ConfigOptions,
  secureJsonFields: Record<string, boolean> = {},
  url = 'https://master.example.com'
) {
  return {
    id: 1,
    uid: 'ds1',
    orgId: 1,
    name: 'pool',
    type: 'xenbench-xenserver-datasource',
    typeName: '',
    typeLogoUrl: '',
    access: 'proxy',
    url,
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData,
    secureJsonFields,
    readOnly: false,
    withCredentials: false,
  } as Settings;
}

/** The editor with its options kept in state, as Grafana's settings page does. */
function Stateful({ initial, spy }: { initial: Settings; spy: (s: Settings) => void }) {
  const [options, setOptions] = useState(initial);
  return (
    <ConfigEditor
      options={options}
      onOptionsChange={(o) => {
        spy(o as Settings);
        setOptions(o as Settings);
      }}
    />
  );
}

// The editor is large (plugin-ui's sections, Combobox): give slow machines room.
jest.setTimeout(30_000);

const typeInto = (input: HTMLElement, text: string) => fireEvent.change(input, { target: { value: text } });

describe('ConfigEditor', () => {
  beforeEach(() => get.mockReset());

  it('shows a stored password as configured without reading it back', () => {
    render(<ConfigEditor options={settings({ username: 'root' }, { password: true })} onOptionsChange={jest.fn()} />);
    expect(screen.getAllByText('Reset').length).toBeGreaterThan(0);
    expect(screen.getByDisplayValue('https://master.example.com')).toBeInTheDocument();
    expect(screen.getByDisplayValue('root')).toBeInTheDocument();
  });

  it('warns when TLS verification is skipped', () => {
    const { rerender } = render(<ConfigEditor options={settings({})} onOptionsChange={jest.fn()} />);
    expect(screen.queryByText('TLS verification is off')).not.toBeInTheDocument();
    rerender(<ConfigEditor options={settings({ tlsSkipVerify: true })} onOptionsChange={jest.fn()} />);
    expect(screen.getByText('TLS verification is off')).toBeInTheDocument();
  });

  it('uses the sections of Grafana config editors (plugin-ui)', () => {
    render(<ConfigEditor options={settings({})} onOptionsChange={jest.fn()} />);
    for (const title of [
      'Connection',
      'Authentication',
      'TLS settings',
      'Limits',
      'Exchange counters and load tests',
    ]) {
      expect(screen.getByRole('heading', { name: title })).toBeInTheDocument();
    }
    expect(screen.getByText(/view the documentation/)).toBeInTheDocument();
  });

  // Issue 15: -5, 0 and abc became the placeholder with no message, 2.5 became 2, 99999999999 was accepted.
  it.each([
    ['-5', /at least 1/],
    ['0', /at least 1/],
    ['abc', /"abc" is not a number/],
    ['2.5', /has a fraction/],
    ['99999999999', /at most 3,600/],
  ])('timeout %s: keeps the text, says why, saves nothing wrong', async (typed, reason) => {
    const spy = jest.fn();
    render(<Stateful initial={settings({ timeoutSeconds: 20 })} spy={spy} />);
    const input = screen.getByLabelText(/Timeout \(seconds\)/);
    typeInto(input, typed);
    expect(input).toHaveValue(typed);
    expect(screen.getByText(reason)).toBeInTheDocument();
    expect(spy).not.toHaveBeenCalled();
  });

  it('saves a valid timeout as a number', async () => {
    const spy = jest.fn();
    render(<Stateful initial={settings({})} spy={spy} />);
    typeInto(screen.getByLabelText(/Timeout \(seconds\)/), '45');
    expect(spy.mock.calls.at(-1)[0].jsonData.timeoutSeconds).toBe(45);
  });

  it('says why a URL or a time zone is wrong', async () => {
    const spy = jest.fn();
    render(<Stateful initial={settings({}, {}, '')} spy={spy} />);
    expect(screen.getByText(/Enter the pool master URL/)).toBeInTheDocument();
    typeInto(screen.getByPlaceholderText('https://xenserver-master.example.com'), 'not a url');
    expect(screen.getByText(/"not a url" is not a URL/)).toBeInTheDocument();
    expect(spy.mock.calls.at(-1)[0].url).toBe('not a url');
    typeInto(screen.getByPlaceholderText('UTC'), 'Mars/Olympus');
    expect(screen.getByText(/"Mars\/Olympus" is not a known IANA time zone/)).toBeInTheDocument();
    expect(spy.mock.calls.at(-1)[0].jsonData.logTimeZone).toBe('Mars/Olympus');
  });

  it('edits the pool members', async () => {
    const spy = jest.fn();
    render(<Stateful initial={settings({ poolMembers: ['https://10.0.0.2'] })} spy={spy} />);
    expect(screen.getByDisplayValue('https://10.0.0.2')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Add pool member/ }));
    typeInto(screen.getByLabelText('Pool member 2'), 'xs03');
    expect(screen.getByText(/"xs03" is not a URL/)).toBeInTheDocument();
    expect(spy.mock.calls.at(-1)[0].jsonData.poolMembers).toEqual(['https://10.0.0.2', 'xs03']);
  });

  // Issue 15: the check told the user to set the folder "in the datasource settings", on that page.
  it('"Check resolution" without a log folder points at the field above', async () => {
    render(<ConfigEditor options={settings({})} onOptionsChange={jest.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Check resolution' }));
    expect(screen.getByText(/enter it under "Log folder" above/)).toBeInTheDocument();
    expect(screen.queryByText(/in the datasource settings/)).not.toBeInTheDocument();
    expect(get).not.toHaveBeenCalled();
  });

  it('"Check resolution" with an unsaved log folder asks to save first', async () => {
    get.mockRejectedValue({
      data: {
        message:
          'this query reads Exchange counter logs or load-test results, but no log folder is configured: set it in the datasource settings',
      },
    });
    render(<ConfigEditor options={settings({ logFolder: '/logs' })} onOptionsChange={jest.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Check resolution' }));
    expect(await screen.findByText(/Save & test first/)).toBeInTheDocument();
    expect(screen.queryByText(/in the datasource settings/)).not.toBeInTheDocument();
  });
});
