import React, { useMemo } from 'react';

import { Cell, Group, Platform, platforms } from '../data/model';
import { GroupVerdict, shownStatus } from '../thresholds/verdict';
import { Limits, evaluate, formatPercent } from '../thresholds/evaluate';
import { Stat } from '../types';
import { Palette, statusText } from './palette';
import { logScale, yScale } from './scale';
import { statName, statShort } from './stats';
import { MarkerLimitLine, Rect, ThresholdBands } from './ThresholdBands';
import { TooltipContent, TooltipState } from './Tooltip';
import { YAxis } from './YAxis';

export interface CompareChartProps {
  width: number;
  height: number;
  groups: Group[];
  verdicts: GroupVerdict[];
  bar?: Limits;
  marker?: Limits;
  barStat: Stat;
  markerStat: Stat | 'none';
  format: (v: number) => string;
  hidden: ReadonlySet<Platform>;
  palette: Palette;
  /** Unique per panel instance, for SVG pattern ids. */
  idPrefix: string;
  tooltipId: string;
  onTooltip: (t: TooltipState | undefined) => void;
  /** Drill-down URL for a group, if a dashboard is configured. */
  linkFor?: (groupKey: string) => string | undefined;
  /** Logarithmic y axis (the panel's "Y axis" option). */
  log?: boolean;
}

const margin = { left: 56, right: 8, top: 12, bottom: 36 };
/**
 * Each statistic is judged against its own limits (issue 15: the average's bands filled the
 * whole plot, so p95 markers under the 1 s p95 limit stood in the red "over" area). The bands
 * are two narrow strips at the plot's edges, the bar statistic's on the left and the marker's
 * on the right, each named on top; the two limits cross the plot as a solid (bar) and a dashed
 * (marker) line with their names; markers take the colour of their own status.
 */
const stripWidth = 8;
const stripGap = 6;
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Text about one bar, used for its aria-label and its tooltip. */
export function describeCell(
  group: string,
  platform: Platform,
  cell: Cell,
  p: CompareChartProps,
  verdict?: GroupVerdict
): TooltipContent {
  const lines: string[] = [];
  const bar = cell.stats[p.barStat];
  lines.push(`${statName[p.barStat]}: ${bar === undefined ? 'no value' : p.format(bar)}`);
  if (p.markerStat !== 'none') {
    const m = cell.stats[p.markerStat];
    lines.push(`${statName[p.markerStat]}: ${m === undefined ? 'no value' : p.format(m)}`);
  }
  const status = verdict?.status[platform];
  if (status) {
    lines.push(`status: ${statusText[status]}`);
  }
  if (platform === 'virtual' && verdict?.overhead !== undefined) {
    lines.push(`overhead vs native: ${formatPercent(verdict.overhead, 1)}`);
  }
  if (p.markerStat !== 'none') {
    const ms = shownStatus(evaluate(cell.stats[p.markerStat], p.marker), p.marker);
    if (ms) {
      lines.push(`${statShort[p.markerStat]} vs its limit: ${statusText[ms]}`);
    }
  }
  if (cell.servers.length > 0) {
    lines.push(
      `servers: ${cell.servers.length > 4 ? `${cell.servers.slice(0, 4).join(', ')}, …` : cell.servers.join(', ')}`
    );
  }
  if (cell.count > 0) {
    lines.push(`samples: ${integer.format(cell.count)}`);
  }
  return { title: `${group} · ${platform}`, lines };
}

/** The values drawn (bars and markers of the visible platforms). */
function drawnValues(p: CompareChartProps): number[] {
  const out: number[] = [];
  for (const g of p.groups) {
    for (const pl of platforms) {
      const c = g[pl];
      if (!c || p.hidden.has(pl)) {
        continue;
      }
      for (const v of [c.stats[p.barStat], p.markerStat === 'none' ? undefined : c.stats[p.markerStat]]) {
        if (v !== undefined) {
          out.push(v);
        }
      }
    }
  }
  return out;
}

/** The smallest positive value drawn, for the floor of a logarithmic axis. */
function minValue(p: CompareChartProps): number {
  let m = Infinity;
  for (const v of drawnValues(p)) {
    if (v > 0 && v < m) {
      m = v;
    }
  }
  return Number.isFinite(m) ? m : 1;
}

function maxValue(p: CompareChartProps): number {
  let m = 0;
  for (const v of drawnValues(p)) {
    if (v > m) {
      m = v;
    }
  }
  // Keep the limits in view: the point of the chart is the distance from the limit.
  for (const l of [p.bar, p.marker]) {
    if (l?.critical !== undefined) {
      m = Math.max(m, l.critical * 1.15);
    }
  }
  return m > 0 ? m : 1;
}

/** Grouped bars per group, native and virtual side by side, with p95 markers and limit bands. */
export function CompareChart(p: CompareChartProps) {
  const { width, height, groups, palette } = p;
  const plot: Rect = {
    left: margin.left,
    top: margin.top,
    width: Math.max(10, width - margin.left - margin.right),
    height: Math.max(10, height - margin.top - margin.bottom),
  };
  const y = useMemo(
    () =>
      p.log
        ? logScale(minValue(p), maxValue(p), plot.top + plot.height, plot.top)
        : yScale(maxValue(p), plot.top + plot.height, plot.top, Math.max(2, Math.floor(plot.height / 40))),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [p.groups, p.hidden, p.bar, p.marker, p.barStat, p.markerStat, p.log, plot.height, plot.top]
  );
  const hasMarkerStrip = p.marker !== undefined && p.markerStat !== 'none';
  const bars: Rect = {
    ...plot,
    left: plot.left + (p.bar ? stripWidth + stripGap : 0),
    width: Math.max(
      10,
      plot.width - (p.bar ? stripWidth + stripGap : 0) - (hasMarkerStrip ? stripWidth + stripGap : 0)
    ),
  };
  const slot = bars.width / Math.max(groups.length, 1);
  const barW = Math.max(1, Math.min(48, slot * 0.32));
  const gap = Math.min(4, slot * 0.04);
  const labelEvery = Math.max(1, Math.ceil(78 / slot));
  const baseline = plot.top + plot.height;
  const verdictByKey = new Map(p.verdicts.map((v) => [v.key, v]));

  const show = (content: TooltipContent, x: number, yy: number) => p.onTooltip({ content, x, y: yy });
  const hide = () => p.onTooltip(undefined);

  return (
    <svg width={width} height={height} role="group" aria-label="bars per group" data-testid="compare-chart">
      <defs>
        <pattern
          id={`${p.idPrefix}-hatch`}
          width={6}
          height={6}
          patternUnits="userSpaceOnUse"
          patternTransform="rotate(45)"
        >
          <line x1={0} y1={0} x2={0} y2={6} stroke={palette.hatch} strokeWidth={2} />
        </pattern>
      </defs>
      <YAxis y={y} plot={plot} palette={palette} format={p.format} />
      {p.bar && (
        <ThresholdBands
          limits={p.bar}
          y={y}
          plot={{ ...plot, width: stripWidth }}
          palette={palette}
          patternId={p.idPrefix}
          format={p.format}
          statLabel={statShort[p.barStat]}
          strip
          role="bar"
        />
      )}
      {hasMarkerStrip && p.marker && (
        <ThresholdBands
          limits={p.marker}
          y={y}
          plot={{ ...plot, left: plot.left + plot.width - stripWidth, width: stripWidth }}
          palette={palette}
          patternId={p.idPrefix}
          format={p.format}
          statLabel={statShort[p.markerStat as Stat]}
          strip
          role="marker"
        />
      )}
      {p.bar?.critical !== undefined && (
        <MarkerLimitLine
          value={p.bar.critical}
          label={`${statShort[p.barStat]} limit ${p.format(p.bar.critical)}`}
          y={y}
          plot={bars}
          palette={palette}
          dashed={false}
          anchor="start"
          testId="bar-limit"
        />
      )}
      {hasMarkerStrip && p.marker?.critical !== undefined && (
        <MarkerLimitLine
          value={p.marker.critical}
          label={`${statShort[p.markerStat as Stat]} limit ${p.format(p.marker.critical)}`}
          y={y}
          plot={bars}
          palette={palette}
          anchor="end"
        />
      )}
      {groups.map((g, gi) => {
        const cx = bars.left + slot * (gi + 0.5);
        const verdict = verdictByKey.get(g.key);
        const href = p.linkFor?.(g.key);
        const label = (
          <text x={cx} y={baseline + 14} textAnchor="middle" fontSize={11} fill={palette.text}>
            {g.key}
          </text>
        );
        return (
          <g key={g.key} data-group={g.key}>
            {platforms.map((pl) => {
              const cell = g[pl];
              if (!cell || p.hidden.has(pl)) {
                return null;
              }
              const x = pl === 'native' ? cx - gap / 2 - barW : cx + gap / 2;
              const v = cell.stats[p.barStat];
              const top = v === undefined ? baseline : y(v);
              const m = p.markerStat === 'none' ? undefined : cell.stats[p.markerStat];
              const mStatus = m === undefined ? undefined : shownStatus(evaluate(m, p.marker), p.marker);
              const mColor = mStatus && mStatus !== 'ok' ? palette.status[mStatus] : palette.marker;
              const content = describeCell(g.key, pl, cell, p, verdict);
              const aria = `${content.title}: ${content.lines.join(', ')}`;
              return (
                <g
                  key={pl}
                  data-platform={pl}
                  tabIndex={0}
                  role="img"
                  aria-label={aria}
                  aria-describedby={p.tooltipId}
                  className="latencycompare-bar"
                  onMouseEnter={() => show(content, x + barW, top)}
                  onMouseLeave={hide}
                  onFocus={() => show(content, x + barW, top)}
                  onBlur={hide}
                >
                  <rect x={x} y={top} width={barW} height={baseline - top} fill={palette.platform[pl]} />
                  {pl === 'virtual' && (
                    <rect x={x} y={top} width={barW} height={baseline - top} fill={`url(#${p.idPrefix}-hatch)`} />
                  )}
                  {barW >= 12 && baseline - top >= 16 && (
                    <text
                      x={x + barW / 2}
                      y={baseline - 4}
                      textAnchor="middle"
                      fontSize={10}
                      fontWeight={600}
                      fill={palette.onPlatform[pl]}
                    >
                      {pl === 'native' ? 'N' : 'V'}
                    </text>
                  )}
                  {m !== undefined && (
                    <g data-testid="p95-marker" data-status={mStatus ?? 'none'}>
                      {m > (v ?? 0) && (
                        <line x1={x + barW / 2} x2={x + barW / 2} y1={top} y2={y(m)} stroke={mColor} strokeWidth={1} />
                      )}
                      <line x1={x - 3} x2={x + barW + 3} y1={y(m)} y2={y(m)} stroke={mColor} strokeWidth={2} />
                    </g>
                  )}
                </g>
              );
            })}
            {gi % labelEvery === 0 && (href ? <a href={href}>{label}</a> : label)}
            {verdict && gi % labelEvery === 0 && (
              <VerdictMark verdict={verdict} x={cx} y={baseline + 28} slot={slot * labelEvery} palette={palette} />
            )}
          </g>
        );
      })}
      <line x1={plot.left} x2={plot.left + plot.width} y1={baseline} y2={baseline} stroke={palette.axis} />
    </svg>
  );
}

/** "✓ pass +3 %" / "✗ FAIL +12 %": the pass/fail mark in words, the colour only reinforces it. */
function VerdictMark({
  verdict,
  x,
  y,
  slot,
  palette,
}: {
  verdict: GroupVerdict;
  x: number;
  y: number;
  slot: number;
  palette: Palette;
}) {
  if (verdict.pass === undefined && verdict.overhead === undefined) {
    return null;
  }
  const status = verdict.judged ? verdict.status[verdict.judged] : undefined;
  const mark = verdict.pass === undefined ? '' : verdict.pass ? '\u2713 pass' : '\u2717 FAIL';
  const overhead = verdict.overhead === undefined ? '' : formatPercent(verdict.overhead);
  const full = [mark, overhead].filter(Boolean).join(' ');
  const text = slot >= 7 * full.length ? full : slot >= 14 ? mark.slice(0, 1) : '';
  if (!text) {
    return null;
  }
  return (
    <text
      x={x}
      y={y}
      textAnchor="middle"
      fontSize={11}
      fontWeight={500}
      fill={status ? palette.status[status] : palette.textWeak}
      data-testid="verdict"
    >
      {text}
    </text>
  );
}
