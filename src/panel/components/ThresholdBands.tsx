import React from 'react';

import { Limits, Status } from '../thresholds/evaluate';
import { LinearScale } from './scale';
import { Palette, statusText } from './palette';

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

interface Band {
  status: Status;
  from: number;
  to: number;
}

/**
 * The value ranges of within / near / over for one set of limits, clipped to the y domain.
 * A set with only a warning limit (PAL's "warn when avg ≥ 25 ms") has no "over" band, matching
 * evaluate(): such values are near the limit, not over it.
 */
export function bandsFor(limits: Limits, max: number): Band[] {
  const { warning, critical } = limits;
  const higherIsWorse = limits.comparison === 'gt' || limits.comparison === 'ge';
  const raw: Band[] = [];
  if (higherIsWorse) {
    raw.push({ status: 'ok', from: 0, to: warning ?? critical ?? max });
    if (warning !== undefined) {
      raw.push({ status: 'warning', from: warning, to: critical ?? max });
    }
    if (critical !== undefined) {
      raw.push({ status: 'critical', from: critical, to: max });
    }
  } else {
    if (critical !== undefined) {
      raw.push({ status: 'critical', from: 0, to: critical });
    }
    if (warning !== undefined) {
      raw.push({ status: 'warning', from: critical ?? 0, to: warning });
    }
    raw.push({ status: 'ok', from: warning ?? critical ?? 0, to: max });
  }
  return raw
    .map((b) => ({ ...b, from: Math.max(0, Math.min(b.from, max)), to: Math.min(b.to, max) }))
    .filter((b) => b.to > b.from);
}

interface Props {
  limits: Limits;
  y: LinearScale;
  plot: Rect;
  palette: Palette;
  /** Id prefix for the hatch pattern (unique per panel: several panels share one page). */
  patternId: string;
  /** Formats a limit value with its unit. */
  format: (v: number) => string;
  /** Short name of the statistic the limits apply to ("avg"), so bands are not read as p95 bands. */
  statLabel: string;
  /**
   * A narrow strip beside the bars (compare mode) instead of bands across the plot: no text in
   * the bands and no limit lines (the chart draws those across), the statistic named on top.
   */
  strip?: boolean;
  /** Marks the bands as the bar's or the marker's statistic (for tests and styling). */
  role?: 'bar' | 'marker';
}

function bandLabel(b: Band, limits: Limits, statLabel: string, format: (v: number) => string): string {
  const text = `${statLabel} ${statusText[b.status]}`;
  const higherIsWorse = limits.comparison === 'gt' || limits.comparison === 'ge';
  if (b.status === 'critical' && limits.critical !== undefined) {
    return `${text} (${higherIsWorse ? '>' : '<'} ${format(limits.critical)})`;
  }
  return text;
}

/**
 * Horizontal bands for within / near / over the limit. The "over" band is hatched and every
 * band is named at the right edge, so the bands read without colour.
 */
export const ThresholdBands = React.memo(function ThresholdBands({
  limits,
  y,
  plot,
  palette,
  patternId,
  format,
  statLabel,
  strip = false,
  role = 'bar',
}: Props) {
  const bands = bandsFor(limits, y.domain[1]);
  const id = `${patternId}-${role}-over`;
  return (
    <g data-testid={strip ? `limit-strip-${role}` : 'threshold-bands'} data-stat={statLabel} aria-hidden="true">
      <defs>
        <pattern id={id} width={8} height={8} patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <line x1={0} y1={0} x2={0} y2={8} stroke={palette.band.critical} strokeWidth={4} />
        </pattern>
      </defs>
      {bands.map((b) => {
        const yTop = y(b.to);
        const h = y(b.from) - yTop;
        return (
          <g key={b.status} data-band={b.status}>
            <rect x={plot.left} y={yTop} width={plot.width} height={h} fill={palette.band[b.status]} />
            {b.status === 'critical' && (
              <rect x={plot.left} y={yTop} width={plot.width} height={h} fill={`url(#${id})`} />
            )}
            {!strip && h >= 12 && (
              <text x={plot.left + plot.width - 4} y={yTop + 11} textAnchor="end" fontSize={10} fill={palette.textWeak}>
                {bandLabel(b, limits, statLabel, format)}
              </text>
            )}
          </g>
        );
      })}
      {strip && (
        <text
          x={plot.left + plot.width / 2}
          y={plot.top - 1}
          textAnchor="middle"
          fontSize={9}
          fill={palette.textWeak}
          data-testid="strip-label"
        >
          {statLabel}
        </text>
      )}
      {[limits.warning, limits.critical].map((v, i) =>
        strip || v === undefined || v > y.domain[1] ? null : (
          <line
            key={i}
            x1={plot.left}
            x2={plot.left + plot.width}
            y1={y(v)}
            y2={y(v)}
            stroke={i === 1 ? palette.status.critical : palette.status.warning}
            strokeWidth={1}
            strokeDasharray={i === 1 ? undefined : '4 3'}
          >
            <title>{`${i === 1 ? 'limit' : 'warning'} ${format(v)}`}</title>
          </line>
        )
      )}
    </g>
  );
});

/**
 * A limit across the plot, named with its statistic: dashed for the marker statistic's limit
 * (p95), solid for the bar statistic's (average), with the label at the matching strip's side.
 */
export function MarkerLimitLine({
  value,
  label,
  y,
  plot,
  palette,
  dashed = true,
  anchor = 'start',
  testId = 'marker-limit',
}: {
  value: number;
  label: string;
  y: LinearScale;
  plot: Rect;
  palette: Palette;
  dashed?: boolean;
  anchor?: 'start' | 'end';
  testId?: string;
}) {
  if (value > y.domain[1]) {
    return null;
  }
  const yy = y(value);
  return (
    <g data-testid={testId} aria-hidden="true">
      <line
        x1={plot.left}
        x2={plot.left + plot.width}
        y1={yy}
        y2={yy}
        stroke={palette.status.critical}
        strokeDasharray={dashed ? '8 4' : undefined}
        strokeWidth={1.5}
      />
      <text
        x={anchor === 'start' ? plot.left + 4 : plot.left + plot.width - 4}
        y={yy - 4}
        textAnchor={anchor}
        fontSize={10}
        fill={palette.textWeak}
      >
        {label}
      </text>
    </g>
  );
}
