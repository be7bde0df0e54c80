import React, { useMemo, useState } from 'react';

import { dateTimeFormat } from '@grafana/data';
import { useTheme2 } from '@grafana/ui';

import { Annotation } from '../data/annotations';
import { Platform, Series } from '../data/model';
import { Limits } from '../thresholds/evaluate';
import { seriesPath, nearestIndex } from './decimate';
import { Palette } from './palette';
import { linear, yScale } from './scale';
import { MarkerLimitLine, Rect, ThresholdBands } from './ThresholdBands';
import { TooltipState } from './Tooltip';
import { YAxis } from './YAxis';

export interface TimeSeriesChartProps {
  width: number;
  height: number;
  series: Series[];
  annotations: Annotation[];
  /** Bands for the raw values: the limits of the bar statistic (the average limit). */
  bar?: Limits;
  /** Short name of the statistic whose limits the bands show ("avg"). */
  barLabel: string;
  /** Dashed line for the marker statistic's limit (p95). */
  marker?: Limits;
  markerLabel?: string;
  from: number;
  to: number;
  timeZone: string;
  format: (v: number) => string;
  hidden: ReadonlySet<Platform>;
  palette: Palette;
  idPrefix: string;
  tooltipId: string;
  onTooltip: (t: TooltipState | undefined) => void;
}

const margin = { left: 56, right: 8, top: 8, bottom: 28 };
const maxTooltipRows = 8;

function visibleSeries(series: Series[], hidden: ReadonlySet<Platform>): Series[] {
  return series.filter((s) => !(s.platform && hidden.has(s.platform)));
}

/**
 * A series named in words for tooltips: its name (server, platform, workload, from the labels)
 * and, when the name does not say it, the platform.
 */
export function seriesLabel(s: Series): string {
  return s.platform && !s.name.includes(s.platform) ? `${s.name} (${s.platform})` : s.name;
}

/** Above this many series, lines are thinner, rounded to whole pixels and drawn as one path per platform. */
const manySeries = 200;

/**
 * The same series over time, one SVG path per series (no per-point elements, so 2,000
 * series stay cheap), with the limit bands and the annotations of the dashboard.
 */
export function TimeSeriesChart(p: TimeSeriesChartProps) {
  const theme = useTheme2();
  const { width, height, palette } = p;
  const plot: Rect = {
    left: margin.left,
    top: margin.top,
    width: Math.max(10, width - margin.left - margin.right),
    height: Math.max(10, height - margin.top - margin.bottom),
  };
  const visible = useMemo(() => visibleSeries(p.series, p.hidden), [p.series, p.hidden]);
  const y = useMemo(() => {
    let m = 0;
    for (const s of visible) {
      for (let i = 0; i < s.values.length; i++) {
        const v = s.values[i];
        if (v > m) {
          m = v;
        }
      }
    }
    for (const l of [p.bar, p.marker]) {
      if (l?.critical !== undefined) {
        m = Math.max(m, l.critical * 1.15);
      }
    }
    return yScale(m > 0 ? m : 1, plot.top + plot.height, plot.top, Math.max(2, Math.floor(plot.height / 40)));
  }, [visible, p.bar, p.marker, plot.top, plot.height]);
  const x = useMemo(
    () => linear(p.from, p.to, plot.left, plot.left + plot.width),
    [p.from, p.to, plot.left, plot.width]
  );
  const paths = useMemo(() => {
    const scale = visible.length > manySeries ? 1 : 10;
    return visible.map((s) => ({
      s,
      d: seriesPath(s.times, s.values, x, y, plot.left, plot.left + plot.width, scale),
    }));
  }, [visible, x, y, plot.left, plot.width]);
  const merged = visible.length > manySeries;
  // Up to manySeries lines, each series gets its own colour from Grafana's classic palette,
  // in the order of the data (issue 15: twelve lines shared two colours); native and virtual
  // stay apart by the line style (solid, dashed), which the legend names. Past manySeries the
  // lines are drawn per platform, in the platform colours.
  const colorOf = useMemo(() => {
    const names = theme.visualization.palette;
    const m = new Map<string, string>();
    p.series.forEach((s, i) => m.set(s.id, theme.visualization.getColorByName(names[i % names.length])));
    return m;
  }, [p.series, theme]);
  const [cursor, setCursor] = useState<number | undefined>(undefined);

  const timeAt = (px: number) => p.from + ((px - plot.left) / plot.width) * (p.to - p.from);
  const fmtTime = (t: number) =>
    dateTimeFormat(t, { format: p.to - p.from > 86400000 ? 'MM-DD HH:mm' : 'HH:mm:ss', timeZone: p.timeZone });

  const showAt = (px: number) => {
    const clamped = Math.max(plot.left, Math.min(plot.left + plot.width, px));
    setCursor(clamped);
    const t = timeAt(clamped);
    const rows: Array<{ name: string; v: number }> = [];
    for (const s of visible) {
      const i = nearestIndex(s.times, t);
      if (i >= 0 && Number.isFinite(s.values[i])) {
        rows.push({ name: seriesLabel(s), v: s.values[i] });
      }
    }
    rows.sort((a, b) => b.v - a.v);
    const lines = rows.slice(0, maxTooltipRows).map((r) => `${r.name}: ${p.format(r.v)}`);
    if (rows.length > maxTooltipRows) {
      lines.push(`+${rows.length - maxTooltipRows} more series`);
    }
    p.onTooltip({
      content: { title: fmtTime(t), lines: lines.length ? lines : ['no values'] },
      x: clamped,
      y: plot.top,
    });
  };
  const hide = () => {
    setCursor(undefined);
    p.onTooltip(undefined);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    const step = plot.width / 50;
    const at = cursor ?? plot.left;
    if (e.key === 'ArrowRight') {
      showAt(at + step);
    } else if (e.key === 'ArrowLeft') {
      showAt(at - step);
    } else if (e.key === 'Home') {
      showAt(plot.left);
    } else if (e.key === 'End') {
      showAt(plot.left + plot.width);
    } else if (e.key === 'Escape') {
      hide();
      return;
    } else {
      return;
    }
    e.preventDefault();
  };

  const xTicks = useMemo(() => {
    const n = Math.max(2, Math.floor(plot.width / 110));
    return Array.from({ length: n + 1 }, (_, i) => p.from + ((p.to - p.from) * i) / n);
  }, [p.from, p.to, plot.width]);
  const baseline = plot.top + plot.height;

  return (
    <svg width={width} height={height} role="group" aria-label="series over time" data-testid="timeseries-chart">
      <YAxis y={y} plot={plot} palette={palette} format={p.format} />
      {p.bar && (
        <ThresholdBands
          limits={p.bar}
          y={y}
          plot={plot}
          palette={palette}
          patternId={p.idPrefix}
          format={p.format}
          statLabel={p.barLabel}
        />
      )}
      {p.marker?.critical !== undefined && (
        <MarkerLimitLine
          value={p.marker.critical}
          label={p.markerLabel ?? 'limit'}
          y={y}
          plot={plot}
          palette={palette}
        />
      )}
      <g aria-hidden="true">
        {xTicks.map((t, i) => (
          <text
            key={i}
            x={x(t)}
            y={baseline + 16}
            fontSize={10}
            fill={palette.textWeak}
            textAnchor={i === 0 ? 'start' : i === xTicks.length - 1 ? 'end' : 'middle'}
          >
            {fmtTime(t)}
          </text>
        ))}
      </g>
      <g
        fill="none"
        strokeWidth={visible.length > manySeries ? 1 : 1.5}
        strokeOpacity={visible.length > manySeries ? 0.5 : 0.9}
        data-testid="series-paths"
      >
        {/* Stroke and dash are set once per platform group, not on each of thousands of paths. */}
        {(['native', 'virtual', undefined] as const).map((platform) => (
          <g
            key={platform ?? 'unknown'}
            data-platform={platform ?? 'unknown'}
            stroke={platform ? palette.platform[platform] : palette.textWeak}
            strokeDasharray={platform === 'virtual' ? '6 3' : undefined}
          >
            {merged ? (
              // Past manySeries, one path per platform (subpaths joined): the browser then
              // lays out 2 elements instead of thousands, with the same pixels.
              <path
                d={paths
                  .filter(({ s }) => s.platform === platform)
                  .map(({ d }) => d)
                  .join(' ')}
              />
            ) : (
              paths
                .filter(({ s }) => s.platform === platform)
                .map(({ s, d }) => <path key={s.id} d={d} stroke={colorOf.get(s.id)} data-series={seriesLabel(s)} />)
            )}
          </g>
        ))}
      </g>
      {p.annotations.map((a, i) => {
        const ax = x(a.time);
        if (ax < plot.left || ax > plot.left + plot.width) {
          return null;
        }
        const color = theme.visualization.getColorByName(a.color ?? 'purple');
        const label = `annotation ${fmtTime(a.time)}${a.timeEnd ? ` to ${fmtTime(a.timeEnd)}` : ''}: ${a.title}${a.text ? ` ${a.text}` : ''}`;
        const show = () =>
          p.onTooltip({
            content: {
              title: a.title || 'annotation',
              lines: [a.text, fmtTime(a.time) + (a.timeEnd ? ` – ${fmtTime(a.timeEnd)}` : '')].filter(Boolean),
            },
            x: ax,
            y: baseline - 40,
          });
        return (
          <g
            key={i}
            data-testid="annotation"
            tabIndex={0}
            role="img"
            aria-label={label}
            onMouseEnter={show}
            onMouseLeave={hide}
            onFocus={show}
            onBlur={hide}
          >
            {a.timeEnd !== undefined && (
              <rect
                x={ax}
                y={plot.top}
                width={Math.max(1, Math.min(x(a.timeEnd), plot.left + plot.width) - ax)}
                height={plot.height}
                fill={color}
                fillOpacity={0.12}
              />
            )}
            <line x1={ax} x2={ax} y1={plot.top} y2={baseline} stroke={color} strokeDasharray="3 3" />
            <path d={`M${ax} ${baseline - 7}l5 7h-10z`} fill={color} />
          </g>
        );
      })}
      {cursor !== undefined && (
        <line
          x1={cursor}
          x2={cursor}
          y1={plot.top}
          y2={baseline}
          stroke={palette.marker}
          strokeWidth={1}
          aria-hidden="true"
        />
      )}
      <rect
        data-testid="timeseries-overlay"
        x={plot.left}
        y={plot.top}
        width={plot.width}
        height={plot.height - 8}
        fill="transparent"
        tabIndex={0}
        role="img"
        aria-label={`${visible.length} series over time; use the left and right arrow keys to read values`}
        aria-describedby={p.tooltipId}
        onMouseMove={(e) => {
          const r = (e.currentTarget.ownerSVGElement ?? e.currentTarget).getBoundingClientRect();
          showAt(e.clientX - r.left);
        }}
        onMouseLeave={hide}
        onFocus={() => showAt(cursor ?? plot.left + plot.width)}
        onBlur={hide}
        onKeyDown={onKeyDown}
      />
      <line x1={plot.left} x2={plot.left + plot.width} y1={baseline} y2={baseline} stroke={palette.axis} />
    </svg>
  );
}
