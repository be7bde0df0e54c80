import React from 'react';
import { render, screen, within } from '@testing-library/react';
import { FieldType, createDataFrame } from '@grafana/data';

import { FrameTable, formatSeconds, pageSize } from './FrameTable';

describe('formatSeconds: migrations and HA recoveries read alike', () => {
  it.each([
    [0.43, '0.4 s'],
    [12.4, '12 s'],
    [90, '1 min 30 s'],
    [135.2, '2 min 15 s'],
    [3600, '1 h'],
  ])('%s s → %s', (s, text) => expect(formatSeconds(s)).toBe(text));
});

describe('FrameTable', () => {
  it('shows levels as badges with words, times to the second, custom formats', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'level', type: FieldType.string, values: ['critical', 'ok'] },
        {
          name: 'start',
          type: FieldType.time,
          values: [Date.UTC(2026, 11, 1, 3, 50, 6, 789), Date.UTC(2026, 11, 1, 4, 0)],
        },
        { name: 'duration', type: FieldType.number, values: [0, 90], config: { unit: 's' } },
      ],
    });
    render(
      <FrameTable
        frames={[frame]}
        fields={['level', 'start', 'duration']}
        empty="none"
        formats={{ duration: (v) => (v === 0 ? 'not recorded' : formatSeconds(v as number)) }}
      />
    );
    expect(screen.getByText('over the limit')).toBeInTheDocument();
    expect(screen.getByText('within limit')).toBeInTheDocument();
    expect(screen.getByText('2026-12-01 03:50:06')).toBeInTheDocument();
    expect(screen.getByText('not recorded')).toBeInTheDocument();
    expect(screen.getByText('1 min 30 s')).toBeInTheDocument();
  });

  // Issue 15: the report's tables made the page 13,400 px tall.
  it('pages long tables', () => {
    const n = 120;
    const frame = createDataFrame({
      fields: [{ name: 'server', type: FieldType.string, values: Array.from({ length: n }, (_, i) => `EX${i}`) }],
    });
    render(<FrameTable frames={[frame]} fields={['server']} empty="none" />);
    const body = screen.getAllByRole('rowgroup').at(-1)!;
    expect(within(body).getAllByRole('row')).toHaveLength(pageSize);
  });
});
