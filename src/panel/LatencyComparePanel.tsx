import { css } from '@emotion/css';
import React, { useCallback, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';

import { GrafanaTheme2, PanelProps, formattedValueToString, getValueFormat, locationUtil } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';
import { useStyles2, useTheme2 } from '@grafana/ui';

import { CompareChart } from './components/CompareChart';
import { Legend } from './components/Legend';
import { getPalette } from './components/palette';
import { statName, statShort } from './components/stats';
import { bandsFor } from './components/ThresholdBands';
import { TimeSeriesChart } from './components/TimeSeriesChart';
import { Tooltip, TooltipState } from './components/Tooltip';
import { readAnnotations } from './data/annotations';
import { buildModel } from './data/buildModel';
import { Platform, platforms } from './data/model';
import { anyUserThresholds, valueFieldsFor } from './data/valueFields';
import { builtinCatalog, catalogUnit } from './thresholds/catalog';
import { resolveLimits } from './thresholds/resolveLimits';
import { judge } from './thresholds/verdict';
import { Options, withDefaults } from './types';

const summaryHeight = 20;
const noteHeight = 16;
const maxNotes = 2;

const getStyles = (theme: GrafanaTheme2) => ({
  figure: css({ margin: 0, position: 'relative', display: 'flex', flexDirection: 'column', overflow: 'hidden' }),
  // The summary and the notes wrap as much as they need and are never clipped: the chart gets
  // the height that is left (measured after layout, see footerHeight).
  summary: css({
    lineHeight: `${summaryHeight}px`,
    padding: theme.spacing(0, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.primary,
  }),
  note: css({
    lineHeight: `${noteHeight}px`,
    padding: theme.spacing(0, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
  }),
  moreNotes: css({
    lineHeight: `${noteHeight}px`,
    padding: theme.spacing(0, 1),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.link,
    background: 'none',
    border: 'none',
    cursor: 'pointer',
    textAlign: 'left',
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: -2 },
  }),
  footer: css({ flexShrink: 0 }),
  // Keyboard focus must be visible on the bars and the time-series overlay.
  chart: css({
    '[tabindex]:focus': { outline: 'none' },
    '[tabindex]:focus-visible > rect:first-of-type, rect[tabindex]:focus-visible': {
      stroke: theme.colors.primary.main,
      strokeWidth: 2,
    },
  }),
});

type Props = PanelProps<Options>;

/**
 * The latency-compare panel: maps the frames to groups of native and virtual measurements,
 * judges them against the limits and draws either the grouped bars or the time series.
 */
export function LatencyComparePanel(props: Props) {
  const { data, width, height, timeRange, timeZone, id, fieldConfig } = props;
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const palette = useMemo(() => getPalette(theme), [theme]);
  const options = useMemo(() => withDefaults(props.options), [props.options]);
  const uid = useId().replace(/[^a-zA-Z0-9]/g, '');
  const [hidden, setHidden] = useState<ReadonlySet<Platform>>(new Set());
  const [tooltip, setTooltip] = useState<TooltipState | undefined>(undefined);
  const footerRef = useRef<HTMLDivElement>(null);
  const [footerHeight, setFooterHeight] = useState<number | undefined>(undefined);
  // The footer shows the first notes; the others are one click (or Enter) away, never only in a tooltip.
  const [allNotes, setAllNotes] = useState(false);

  // Field thresholds are in the data's unit; when they drive the limits, the data keeps its
  // unit. Otherwise values are converted to the catalog's unit.
  const userThresholds = useMemo(() => anyUserThresholds(data.series), [data.series]);
  const fieldLimits = options.thresholdSource === 'field' || (options.thresholdSource === 'auto' && userThresholds);
  const model = useMemo(
    () =>
      buildModel(
        data.series,
        options,
        (key) => catalogUnit(builtinCatalog.catalog, options.catalogCounter, key),
        !fieldLimits
      ),
    [data.series, options, fieldLimits]
  );
  const unit = model.unit;
  const limits = useMemo(() => {
    const fields = valueFieldsFor(data.series, model.mapping, options.barStat, options.markerStat);
    return resolveLimits({
      source: options.thresholdSource,
      catalog: builtinCatalog.catalog,
      metric: model.metric,
      keys: model.catalogKeys,
      counter: options.catalogCounter,
      volumeRole: options.volumeRole,
      exchangeVersion: options.exchangeVersion,
      unit: model.unit,
      barStat: options.barStat,
      markerStat: options.markerStat,
      barField: fields.bar,
      markerField: fields.marker,
    });
  }, [data.series, model, options]);
  const verdicts = useMemo(
    () =>
      judge({
        groups: model.groups,
        bar: limits.bar,
        marker: limits.marker,
        barStat: options.barStat,
        markerStat: options.markerStat,
        groupNoun: model.mapping.group?.name ?? 'group',
        ungrouped: !model.mapping.group,
        hidden,
      }),
    [model, limits, options.barStat, options.markerStat, hidden]
  );
  const annotations = useMemo(() => readAnnotations(data.annotations), [data.annotations]);
  const decimals = fieldConfig?.defaults?.decimals;
  const format = useMemo(() => {
    const formatter = getValueFormat(unit ?? 'none');
    return (v: number) => formattedValueToString(formatter(v, decimals ?? undefined));
  }, [unit, decimals]);
  const onToggle = useCallback((p: Platform) => {
    setHidden((h) => {
      const next = new Set(h);
      if (next.has(p)) {
        next.delete(p);
      } else {
        next.add(p);
      }
      return next;
    });
  }, []);
  const linkFor = useMemo(() => {
    if (!options.drilldownUid) {
      return undefined;
    }
    const base = locationUtil.assureBaseUrl(`/d/${encodeURIComponent(options.drilldownUid)}`);
    const varName = model.mapping.group?.name ?? 'workload';
    const range = `from=${timeRange.from.valueOf()}&to=${timeRange.to.valueOf()}`;
    return (key: string) => `${base}?var-${encodeURIComponent(varName)}=${encodeURIComponent(key)}&${range}`;
  }, [options.drilldownUid, model.mapping.group, timeRange]);

  const mode =
    options.mode === 'auto'
      ? model.mapping.platform || model.shape === 'table'
        ? 'compare'
        : 'timeseries'
      : options.mode;

  // The footer (legend, summary, notes) is measured after layout, as its text wraps at the
  // panel's width; the chart takes the height that is left, so the summary and the notes are
  // never cut off (issue 15: at 720 × 360 they were). The first pass lays out the footer alone
  // and the chart is drawn once, at its measured height: an estimated first chart that the
  // measurement then replaced doubled the mount time of 2,000 series.
  useLayoutEffect(() => {
    const h = footerRef.current?.offsetHeight;
    if (h !== undefined && h !== footerHeight) {
      setFooterHeight(h);
    }
  }, [footerHeight, width, data, props.options, hidden, allNotes]);

  const problem = whatIsMissing(data.series.length, model, mode, data.errors?.[0]?.message);
  if (problem) {
    return <PanelDataErrorView panelId={id} data={data} fieldConfig={fieldConfig} message={problem} needsNumberField />;
  }

  const notes = [...builtinCatalog.problems, ...model.notes, ...limits.notes];
  const shownNotes = allNotes ? notes : notes.slice(0, maxNotes);
  const moreNotes = notes.length - shownNotes.length;
  const summary =
    // Both modes say what was judged; in time series it is each statistic over the whole range.
    verdicts.summary
      ? `${verdicts.summary} (${model.metric ? `${model.metric}, ` : ''}${statName[options.barStat]}${
          options.markerStat === 'none' ? '' : ` and ${statName[options.markerStat]}`
        }${mode === 'timeseries' ? ' over the time range' : ''})`
      : verdicts.summary ||
        (mode === 'timeseries' ? `${model.series.length} series${model.metric ? ` of ${model.metric}` : ''}` : '');
  const chartHeight = footerHeight === undefined ? undefined : Math.max(40, height - footerHeight);
  const present = new Set<Platform>(
    mode === 'compare'
      ? platforms.filter((p) => model.groups.some((g) => g[p]))
      : platforms.filter((p) => model.series.some((s) => s.platform === p))
  );
  const tooltipId = `latencycompare-tooltip-${uid}`;
  const summaryId = `latencycompare-summary-${uid}`;
  const markerLabel = options.markerStat === 'none' ? undefined : `${statShort[options.markerStat]} marker`;

  return (
    <figure
      className={styles.figure}
      style={{ width, height }}
      aria-labelledby={options.showSummary ? summaryId : undefined}
      aria-label={options.showSummary ? undefined : 'Latency comparison chart'}
      data-testid="latencycompare-panel"
    >
      <div className={styles.chart} style={{ height: chartHeight }}>
        {chartHeight === undefined ? null : mode === 'compare' ? (
          <CompareChart
            width={width}
            height={chartHeight}
            groups={model.groups}
            verdicts={verdicts.groups}
            bar={limits.bar}
            marker={limits.marker}
            barStat={options.barStat}
            markerStat={options.markerStat}
            format={format}
            hidden={hidden}
            palette={palette}
            idPrefix={`lc${uid}`}
            tooltipId={tooltipId}
            onTooltip={setTooltip}
            linkFor={linkFor}
            log={options.yScale === 'log'}
          />
        ) : (
          <TimeSeriesChart
            width={width}
            height={chartHeight}
            series={model.series}
            annotations={annotations}
            bar={limits.bar}
            barLabel={statShort[options.barStat]}
            marker={options.markerStat === 'none' ? undefined : limits.marker}
            markerLabel={
              markerLabel && limits.marker?.critical !== undefined
                ? `${statShort[options.markerStat as 'p95']} limit ${format(limits.marker.critical)}`
                : undefined
            }
            from={timeRange.from.valueOf()}
            to={timeRange.to.valueOf()}
            timeZone={timeZone}
            format={format}
            hidden={hidden}
            palette={palette}
            idPrefix={`lc${uid}`}
            tooltipId={tooltipId}
            onTooltip={setTooltip}
          />
        )}
      </div>
      <div ref={footerRef} className={styles.footer}>
        {options.showLegend && (
          <Legend
            palette={palette}
            hidden={hidden}
            onToggle={onToggle}
            present={present}
            markerLabel={mode === 'compare' ? markerLabel : undefined}
            lineStyles={mode === 'timeseries' && model.series.length <= 200}
            bands={limits.bar && width >= 560 ? bandsFor(limits.bar, Infinity).map((b) => b.status) : []}
          />
        )}
        {options.showSummary && (
          <figcaption id={summaryId} className={styles.summary} data-testid="latencycompare-summary" title={summary}>
            {summary}
          </figcaption>
        )}
        {shownNotes.map((n, i) => (
          <div key={i} className={styles.note} data-testid="latencycompare-note" title={n}>
            {n}
          </div>
        ))}
        {moreNotes > 0 && (
          <button
            type="button"
            className={styles.moreNotes}
            data-testid="latencycompare-more-notes"
            title={notes.slice(shownNotes.length).join('\n')}
            onClick={() => setAllNotes(true)}
          >
            {`${moreNotes} more ${moreNotes === 1 ? 'note' : 'notes'}`}
          </button>
        )}
      </div>
      {tooltip && <Tooltip state={tooltip} width={width} height={height} id={tooltipId} />}
    </figure>
  );
}

/** The message for data the panel cannot draw, naming what is missing and where to fix it. */
export function whatIsMissing(
  frameCount: number,
  model: ReturnType<typeof buildModel>,
  mode: 'compare' | 'timeseries',
  queryError?: string
): string | undefined {
  if (frameCount === 0 && queryError) {
    return `The query failed: ${queryError}`;
  }
  if (frameCount === 0) {
    return 'No data. Expected a table with workload, platform, avg and p95 columns (xenbench loadgen query) or time series labelled platform and workload';
  }
  if (model.shape === 'none') {
    return 'The data has no number fields. Expected avg/p95 columns or time series values';
  }
  if (mode === 'timeseries' && model.shape === 'table') {
    return 'Time series mode needs time series, but the data is a summary table (avg/p95 per group). Set Display mode to Compare';
  }
  if (mode === 'compare' && !model.mapping.platform) {
    return `No platform: the data has no "platform" field or label. Map one in Options > Data mapping > Platform (e.g. server, with the virtual pattern ^EXVM)`;
  }
  if (mode === 'compare' && model.groups.length === 0) {
    return model.notes.length > 0 ? model.notes.join(' ') : 'No native or virtual values to compare';
  }
  return undefined;
}
