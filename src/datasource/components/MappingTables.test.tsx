import React from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSourceSettings } from '@grafana/data';

import { MappingTables } from './MappingTables';
import type { XenbenchOptions, XenbenchSecureOptions } from '../types';

function settings(jsonData: XenbenchOptions) {
  return { uid: 'ds1', url: '', jsonData, secureJsonFields: {} } as unknown as DataSourceSettings<
    XenbenchOptions,
    XenbenchSecureOptions
  >;
}

const jsonData: XenbenchOptions = {
  platformOverrides: [
    { server: 'EXMBX01', platform: 'native' },
    { server: 'EXMBX02', platform: 'virtual' },
    { server: 'EXMBX03', platform: 'native' },
  ],
  volumeRoles: [
    { server: '*', instance: 'L:', role: 'log' },
    { server: '*', instance: 'D:', role: 'database' },
  ],
};

// Issue 15: all rows shared the Field's id as their radio name, so they formed one group.
describe('MappingTables: one radio group per row', () => {
  it('gives each row its own radio name, and each row shows its own selection', () => {
    render(<MappingTables options={settings(jsonData)} onOptionsChange={jest.fn()} />);
    for (const [prefix, n] of [
      ['Platform of override', 3],
      ['Role of volume role', 2],
    ] as const) {
      const names = new Set<string>();
      for (let i = 1; i <= n; i++) {
        const group = screen.getByRole('radiogroup', { name: `${prefix} ${i}` });
        const radios = within(group).getAllByRole('radio') as HTMLInputElement[];
        expect(new Set(radios.map((r) => r.name)).size).toBe(1);
        names.add(radios[0].name);
      }
      expect(names.size).toBe(n);
    }
    expect(screen.getAllByRole('radio', { checked: true })).toHaveLength(5);
    expect(
      within(screen.getByRole('radiogroup', { name: 'Platform of override 2' })).getByLabelText('Virtual')
    ).toBeChecked();
    expect(
      within(screen.getByRole('radiogroup', { name: 'Platform of override 1' })).getByLabelText('Native')
    ).toBeChecked();
  });

  it('changes only the row that was clicked', async () => {
    const onOptionsChange = jest.fn();
    render(<MappingTables options={settings(jsonData)} onOptionsChange={onOptionsChange} />);
    await userEvent.click(
      within(screen.getByRole('radiogroup', { name: 'Platform of override 2' })).getByLabelText('Native')
    );
    expect(onOptionsChange).toHaveBeenLastCalledWith(
      expect.objectContaining({
        jsonData: expect.objectContaining({
          platformOverrides: [
            { server: 'EXMBX01', platform: 'native' },
            { server: 'EXMBX02', platform: 'native' },
            { server: 'EXMBX03', platform: 'native' },
          ],
        }),
      })
    );
  });

  it('gives every input its own id', () => {
    const { container } = render(<MappingTables options={settings(jsonData)} onOptionsChange={jest.fn()} />);
    const ids = [...container.querySelectorAll('input[id]')].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
