import React from 'react';

import { Palette } from './palette';
import { LinearScale } from './scale';
import { Rect } from './ThresholdBands';

/** Y axis labels and light grid lines. */
export function YAxis({
  y,
  plot,
  palette,
  format,
}: {
  y: LinearScale;
  plot: Rect;
  palette: Palette;
  format: (v: number) => string;
}) {
  return (
    <g aria-hidden="true">
      {y.ticks.map((t) => (
        <g key={t}>
          <line x1={plot.left} x2={plot.left + plot.width} y1={y(t)} y2={y(t)} stroke={palette.grid} strokeWidth={1} />
          <text x={plot.left - 6} y={y(t) + 3} textAnchor="end" fontSize={10} fill={palette.textWeak}>
            {format(t)}
          </text>
        </g>
      ))}
      <line x1={plot.left} x2={plot.left} y1={plot.top} y2={plot.top + plot.height} stroke={palette.axis} />
    </g>
  );
}
