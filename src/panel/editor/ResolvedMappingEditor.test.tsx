import { render, screen } from '@testing-library/react';
import React from 'react';

import { DataFrame, StandardEditorsRegistryItem } from '@grafana/data';

import { loadgenTable, seriesFrame, studyRows } from '../testdata/frames';
import { FieldMapping, Options, defaultOptions } from '../types';
import { ResolvedMappingEditor } from './ResolvedMappingEditor';

const renderEditor = (data: DataFrame[], options: Partial<Options> = {}) =>
  render(
    <ResolvedMappingEditor
      value={defaultOptions.mapping}
      onChange={() => {}}
      item={{} as StandardEditorsRegistryItem<FieldMapping>}
      context={{ data, options: { ...defaultOptions, ...options } }}
    />
  );

describe('ResolvedMappingEditor', () => {
  it('shows what was detected in the loadgen table', () => {
    renderEditor([loadgenTable(studyRows)]);
    const text = screen.getByTestId('resolved-mapping').textContent;
    expect(text).toContain('table (13 rows)');
    expect(text).toContain('Platformfield "platform"');
    expect(text).toContain('Groupfield "workload"');
    expect(text).toContain('Averagefield "avg"');
    expect(text).toContain('95th percentilefield "p95"');
    expect(text).toContain('Shown metricSendMail');
    expect(text).toContain('Groups3');
  });

  it('marks what is missing', () => {
    renderEditor([seriesFrame({ env: 'vm' }, [1], [1])]);
    const row = screen.getByText('Platform').closest('tr');
    expect(row).toHaveTextContent('not found');
  });

  it('follows the user mapping', () => {
    renderEditor([seriesFrame({ env: 'vm', load: 'low' }, [1], [1])], {
      mapping: { ...defaultOptions.mapping, platform: 'env', group: 'load' },
    });
    expect(screen.getByTestId('resolved-mapping')).toHaveTextContent('Platformlabel "env"');
    expect(screen.getByTestId('resolved-mapping')).toHaveTextContent('Grouplabel "load"');
  });
});
