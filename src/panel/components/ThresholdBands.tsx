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
 * A limit given as one level only (PAL's "RPC Averaged Latency should be below 25 ms": a
 * warning level with no critical one) is the limit itself: reaching it fails the check
 * (verdict.ts shownStatus), so it is drawn as the start of the "over" band, not of a "near" one.
 */
function levels(limits: Limits): { near?: number; over?: number } {
  const { warning, critical } = limits;
  return critical === undefined ? { over: warning } : { near: warning, over: critical };
}

/** The value ranges of within / near / over for one set of limits, clipped to the y domain. */
export function bandsFor(limits: Limits, max: number): Band[] {
  const { near, over } = levels(limits);
  const higherIsWorse = limits.comparison === 'gt' || limits.comparison === 'ge';
  const raw: Band[] = [];
  if (higherIsWorse) {
    raw.push({ status: 'ok', from: 0, to: near ?? over ?? max });
    if (near !== undefined) {
      raw.push({ status: 'warning', from: near, to: over ?? max });
    }
    if (over !== undefined) {
      raw.push({ status: 'critical', from: over, to: max });
    }
  } else {
    if (over !== undefined) {
      raw.push({ status: 'critical', from: 0, to: over });
    }
    if (near !== undefined) {
      raw.push({ status: 'warning', from: over ?? 0, to: near });
    }
    raw.push({ status: 'ok', from: near ?? over ?? 0, to: max });
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
  const { over } = levels(limits);
  if (b.status === 'critical' && over !== undefined) {
    return `${text} (${higherIsWorse ? '>' : '<'} ${format(over)})`;
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
      {[levels(limits).near, levels(limits).over].map((v, i) =>
        strip || v === undefined || v > y.domain[1] ? null : (
          <line
            key={i}
            data-testid={i === 1 ? 'limit-line' : 'warning-line'}
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
