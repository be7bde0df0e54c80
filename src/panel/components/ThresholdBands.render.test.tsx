import { render, screen } from '@testing-library/react';
import React from 'react';

import { createTheme } from '@grafana/data';

import { Limits } from '../thresholds/evaluate';
import { getPalette } from './palette';
import { yScale } from './scale';
import { ThresholdBands } from './ThresholdBands';

const plot = { left: 40, top: 10, width: 400, height: 200 };

function draw(limits: Limits) {
  render(
    <svg>
      <ThresholdBands
        limits={limits}
        y={yScale(50, plot.top + plot.height, plot.top, 5)}
        plot={plot}
        palette={getPalette(createTheme())}
        patternId="t"
        format={(v) => `${v} ms`}
        statLabel="avg"
      />
    </svg>
  );
  const g = screen.getByTestId('threshold-bands');
  return {
    bands: Array.from(g.querySelectorAll('[data-band]')).map((b) => [b.getAttribute('data-band'), b.textContent]),
    lines: Array.from(g.querySelectorAll('line[data-testid]')).map((l) => [l.getAttribute('data-testid'), l.textContent]),
  };
}

describe('ThresholdBands: what the bands and lines say', () => {
  it('a limit given as one level (PAL: RPC latency below 25 ms) is drawn as the limit, as the verdict judges it', () => {
    const { bands, lines } = draw({ comparison: 'ge', warning: 25, origin: 'PAL' });
    expect(bands).toEqual([
      ['ok', 'avg within limit'],
      ['critical', 'avg over limit (> 25 ms)'],
    ]);
    expect(lines).toEqual([['limit-line', 'limit 25 ms']]);
  });

  it('two levels give a near band between a dashed warning line and the limit', () => {
    const { bands, lines } = draw({ comparison: 'gt', warning: 20, critical: 40, origin: 't' });
    expect(bands).toEqual([
      ['ok', 'avg within limit'],
      ['warning', 'avg near limit'],
      ['critical', 'avg over limit (> 40 ms)'],
    ]);
    expect(lines).toEqual([
      ['warning-line', 'warning 20 ms'],
      ['limit-line', 'limit 40 ms'],
    ]);
  });
});
