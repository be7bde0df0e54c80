import { DataFrame, Field, FieldType, getFieldDisplayName } from '@grafana/data';

import { Options, Stat } from '../types';
import { conversionFactor } from './units';
import { Cell, Group, PanelModel, Platform, ResolvedMapping, Series, Source } from './model';
import { platformMatcher } from './platform';
import { last, max, mean, min, p95 } from './reduce';
import { autoNames, findField, readSource, resolveFieldName, resolveSource } from './sources';
import { CatalogKey, DataKey, keyFromLabels } from '../thresholds/match';

/** One input row (table data) or one series (time-series data) before grouping. */
interface InputRecord {
  group: string;
  platformRaw?: string;
  platform?: Platform;
  metric?: string;
  /** Object and instance labels (counters of the xenbench back end) and the volume role. */
  object?: string;
  instance?: string;
  role?: string;
  server?: string;
  unit?: string;
  // table rows
  avg?: number;
  p95?: number;
  count?: number;
  p95Unit?: string;
  // time series
  times?: Float64Array;
  values?: Float64Array;
  name?: string;
}

/** The group used when the data has no group label or field at all. */
export const allGroup = 'All';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** `catalogUnit(key)` returns the unit of the catalog limits for a counter or task, if there are any. */
export type CatalogUnit = (key: CatalogKey | undefined) => string | undefined;

/** Label (or column) names of the frame contract that locate a counter and its volume role. */
const objectName = 'object';
const instanceName = 'instance';
const roleName = 'volume_role';

function keyOf(r: InputRecord): CatalogKey | undefined {
  return r.metric === undefined ? undefined : keyFromLabels(r.metric, r.object, r.instance);
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function isTableFrame(frame: DataFrame, avgName: string | undefined, p95Name: string | undefined): boolean {
  return Boolean((avgName && findField(frame, avgName)) || (p95Name && findField(frame, p95Name)));
}

function readTable(frames: DataFrame[], m: ResolvedMapping, server: Source | undefined, out: InputRecord[]) {
  for (const frame of frames) {
    const avgF = m.avg ? findField(frame, m.avg) : undefined;
    const p95F = m.p95 ? findField(frame, m.p95) : undefined;
    const countF = m.count ? findField(frame, m.count) : undefined;
    for (let row = 0; row < frame.length; row++) {
      out.push({
        group: readSource(m.group, frame, undefined, row) ?? allGroup,
        platformRaw: readSource(m.platform, frame, undefined, row),
        metric: readSource(m.metric, frame, undefined, row),
        object: readSource({ kind: 'field', name: objectName }, frame, undefined, row),
        instance: readSource({ kind: 'field', name: instanceName }, frame, undefined, row),
        role: readSource({ kind: 'field', name: roleName }, frame, undefined, row),
        server: readSource(server, frame, undefined, row),
        avg: num(avgF?.values[row]),
        p95: num(p95F?.values[row]),
        count: num(countF?.values[row]),
        unit: avgF?.config.unit,
        p95Unit: p95F?.config.unit,
      });
    }
  }
}

/** Labels that name what a series measures, in the order they are read out. */
const whoLabels = ['server', 'vm', 'host', 'sr'];

/**
 * A series' name in words for tooltips and labels: "EXVM02 · virtual · 2000 heavy" from its
 * labels, instead of Grafana's generic `value {platform="virtual", server="EXVM02", …}`. A
 * display name set on the field (by the user or the datasource) wins.
 */
function seriesName(frame: DataFrame, field: Field, frames: DataFrame[]): string {
  const l = field.labels ?? {};
  const who = whoLabels.map((k) => l[k]).find(Boolean);
  if (field.config.displayName || field.config.displayNameFromDS || !who) {
    return getFieldDisplayName(field, frame, frames);
  }
  const instance = l.instance && l.instance !== '_Total' ? l.instance : undefined;
  return [who, instance, l.platform, l.workload].filter(Boolean).join(' · ');
}

function readTimeSeries(frames: DataFrame[], m: ResolvedMapping, server: Source | undefined, out: InputRecord[]) {
  for (const frame of frames) {
    const timeF = frame.fields.find((f) => f.type === FieldType.time);
    for (const field of frame.fields) {
      if (field.type !== FieldType.number) {
        continue;
      }
      // Plain loops over local references: this copy runs for every sample of every series.
      const source: ArrayLike<unknown> = field.values;
      const timeSource: ArrayLike<unknown> | undefined = timeF?.values;
      const n = source.length;
      const times = new Float64Array(n);
      const values = new Float64Array(n);
      if (timeSource) {
        for (let i = 0; i < n; i++) {
          const t = timeSource[i];
          times[i] = typeof t === 'number' ? t : Number(t);
        }
      } else {
        for (let i = 0; i < n; i++) {
          times[i] = i;
        }
      }
      for (let i = 0; i < n; i++) {
        const v = source[i];
        values[i] = typeof v === 'number' ? v : NaN;
      }
      out.push({
        group: readSource(m.group, frame, field, 0) ?? allGroup,
        platformRaw: readSource(m.platform, frame, field, 0),
        metric: readSource(m.metric, frame, field, 0) ?? (frame.name || field.config.displayNameFromDS || undefined),
        object: readSource({ kind: 'label', name: objectName }, frame, field, 0),
        instance: readSource({ kind: 'label', name: instanceName }, frame, field, 0),
        role: readSource({ kind: 'label', name: roleName }, frame, field, 0),
        server: readSource(server, frame, field, 0),
        unit: field.config.unit,
        times,
        values,
        name: seriesName(frame, field, frames),
      });
    }
  }
}

/** Resolves which fields/labels play which role, honouring the user's mapping options. */
export function resolveMapping(frames: DataFrame[], options: Options): ResolvedMapping {
  const mp = options.mapping;
  const avg = resolveFieldName(frames, mp.avg, autoNames.avg);
  const p95Name = resolveFieldName(frames, mp.p95, autoNames.p95);
  const tables = frames.filter((f) => isTableFrame(f, avg, p95Name));
  const series = frames.filter(
    (f) => !isTableFrame(f, avg, p95Name) && f.fields.some((x) => x.type === FieldType.number)
  );
  // One shape per panel: tables win, because a table carries the ready-made avg/p95 the study reports.
  const used = tables.length > 0 ? tables : series;
  const shape: ResolvedMapping['shape'] = tables.length > 0 ? 'table' : series.length > 0 ? 'timeseries' : 'none';
  return {
    shape,
    platform: resolveSource(used, mp.platform, autoNames.platform),
    group: resolveSource(used, mp.group, autoNames.group),
    metric: resolveSource(used, mp.metric, autoNames.metric),
    avg: shape === 'table' ? avg : undefined,
    p95: shape === 'table' ? p95Name : undefined,
    count: shape === 'table' ? resolveFieldName(used, mp.count, autoNames.count) : undefined,
    inputs: 0,
  };
}

function chooseMetric(
  records: InputRecord[],
  filter: string,
  catalogUnit: CatalogUnit
): { metric?: string; metrics: string[] } {
  const metrics = Array.from(new Set(records.map((r) => r.metric).filter((x): x is string => x !== undefined))).sort(
    collator.compare
  );
  if (filter) {
    return { metric: filter, metrics };
  }
  const keyFor = (x: string) => keyOf(records.find((r) => r.metric === x)!);
  return { metric: metrics.find((x) => catalogUnit(keyFor(x)) !== undefined) ?? metrics[0], metrics };
}

function emptyCell(): Cell {
  return { stats: {}, count: 0, servers: [] };
}

/** Combines table rows of one group and platform (several servers) into one cell. */
function tableCell(rows: InputRecord[]): Cell {
  const cell = emptyCell();
  const avgs = rows.filter((r) => r.avg !== undefined);
  const weighted = avgs.length > 0 && avgs.every((r) => (r.count ?? 0) > 0);
  if (avgs.length > 0) {
    cell.stats.mean = weighted
      ? avgs.reduce((s, r) => s + r.avg! * r.count!, 0) / avgs.reduce((s, r) => s + r.count!, 0)
      : avgs.reduce((s, r) => s + r.avg!, 0) / avgs.length;
  }
  // The exact p95 over several servers needs their raw latencies; the summary rows only give
  // each server's p95, so the cell reports the worst server's (an upper bound of the pooled p95
  // when loads are similar, and never optimistic).
  const p95s = rows.map((r) => r.p95).filter((x): x is number => x !== undefined);
  if (p95s.length > 0) {
    cell.stats.p95 = Math.max(...p95s);
  }
  cell.count = rows.reduce((s, r) => s + (r.count ?? 0), 0);
  cell.servers = Array.from(new Set(rows.map((r) => r.server).filter((x): x is string => !!x))).sort(collator.compare);
  return cell;
}

/** Pools the samples of every series of one group and platform, then reduces them exactly. */
function seriesCell(rows: InputRecord[]): Cell {
  const cell = emptyCell();
  let total = 0;
  for (const r of rows) {
    total += r.values!.length;
  }
  const pooled = new Float64Array(total);
  let at = 0;
  let newestTime = -Infinity;
  let newest: number | undefined;
  for (const r of rows) {
    pooled.set(r.values!, at);
    at += r.values!.length;
    // "last" is the newest sample of the cell; ties (servers sampled together) keep the worst.
    for (let i = r.values!.length - 1; i >= 0; i--) {
      const v = r.values![i];
      if (Number.isFinite(v)) {
        const t = r.times![i];
        if (t > newestTime || (t === newestTime && v > (newest ?? -Infinity))) {
          newestTime = t;
          newest = v;
        }
        break;
      }
    }
  }
  const stats: Partial<Record<Stat, number>> = {
    mean: mean(pooled),
    p95: p95(pooled),
    max: max(pooled),
    min: min(pooled),
    last: newest ?? last(pooled),
  };
  for (const k of Object.keys(stats) as Stat[]) {
    if (stats[k] !== undefined) {
      cell.stats[k] = stats[k];
    }
  }
  let finite = 0;
  for (let i = 0; i < pooled.length; i++) {
    if (Number.isFinite(pooled[i])) {
      finite++;
    }
  }
  cell.count = finite;
  cell.servers = Array.from(new Set(rows.map((r) => r.server).filter((x): x is string => !!x))).sort(collator.compare);
  return cell;
}

function scale(values: Float64Array, factor: number): Float64Array {
  if (factor === 1) {
    return values;
  }
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = values[i] * factor;
  }
  return out;
}

/**
 * Maps data frames to the panel model (`useCatalogUnit` false when the panel's own thresholds,
 * in the data's unit, give the limits): one shape (table or time series), one metric, one unit,
 * groups sorted in natural order ("2000 heavy" before "10000 heavy"). Never throws on odd data:
 * what it cannot use is explained in `notes`.
 */
export function buildModel(
  frames: DataFrame[],
  options: Options,
  catalogUnit: CatalogUnit,
  useCatalogUnit = true
): PanelModel {
  const mapping = resolveMapping(frames, options);
  const notes: string[] = [];
  const server = resolveSource(frames, '', autoNames.server);
  const records: InputRecord[] = [];
  if (mapping.shape === 'table') {
    readTable(
      frames.filter((f) => isTableFrame(f, mapping.avg, mapping.p95)),
      mapping,
      server,
      records
    );
  } else if (mapping.shape === 'timeseries') {
    readTimeSeries(
      frames.filter((f) => f.fields.some((x) => x.type === FieldType.number)),
      mapping,
      server,
      records
    );
  }
  mapping.inputs = records.length;

  const { metric, metrics } = chooseMetric(records, options.metricFilter, catalogUnit);
  let selected = metric === undefined ? records : records.filter((r) => r.metric === undefined || r.metric === metric);
  if (metric !== undefined && metrics.length > 1) {
    const others = metrics.filter((x) => x !== metric);
    notes.push(
      `Showing ${metric}; ${others.length} other ${mapping.metric?.name ?? 'metric'} value(s) hidden (${others.slice(0, 3).join(', ')}${others.length > 3 ? ', …' : ''}). Pick one in Options > Data mapping > Metric filter.`
    );
  }
  if (metric !== undefined && selected.length === 0) {
    notes.push(
      `No ${mapping.metric?.name ?? 'metric'} is "${metric}" in the data (found: ${metrics.join(', ') || 'none'}).`
    );
  }

  // Disk limits differ for database and log volumes: with a volume role chosen, series of the
  // other role (labelled so by the back end) are not judged against it.
  if (options.volumeRole) {
    const wanted = options.volumeRole.toLowerCase();
    const other = selected.filter((r) => r.role && r.role.toLowerCase() !== wanted);
    if (other.length > 0) {
      selected = selected.filter((r) => !other.includes(r));
      notes.push(
        `${other.length} series of other volume roles hidden (the Volume role option is ${options.volumeRole}).`
      );
    }
  }

  // One unit for the whole model: the catalog's when its limits apply to this metric (so limits
  // need no conversion), else the first unit in the data (panel thresholds are in that unit).
  // Incomparable units are dropped.
  const firstKey = selected.map(keyOf).find((k) => k !== undefined);
  const unit = (useCatalogUnit ? catalogUnit(firstKey) : undefined) ?? selected.find((r) => r.unit)?.unit;
  const kept: InputRecord[] = [];
  const badUnits = new Set<string>();
  for (const r of selected) {
    const f = conversionFactor(r.unit, unit);
    const f95 = conversionFactor(r.p95Unit ?? r.unit, unit);
    if (f === undefined || f95 === undefined) {
      badUnits.add(String(f === undefined ? r.unit : r.p95Unit));
      continue;
    }
    if (r.values) {
      r.values = scale(r.values, f);
    }
    if (r.avg !== undefined) {
      r.avg *= f;
    }
    if (r.p95 !== undefined) {
      r.p95 *= f95;
    }
    kept.push(r);
  }
  if (badUnits.size > 0) {
    notes.push(
      `${selected.length - kept.length} input(s) skipped: unit ${[...badUnits].join(', ')} cannot be compared with ${unit}.`
    );
  }
  selected = kept;

  const matcher = platformMatcher(options.nativePattern, options.virtualPattern);
  notes.push(...matcher.errors);
  const unknown = new Set<string>();
  for (const r of selected) {
    r.platform = matcher.resolve(r.platformRaw);
    if (r.platform === undefined && r.platformRaw !== undefined) {
      unknown.add(r.platformRaw);
    }
  }
  if (unknown.size > 0) {
    notes.push(
      `Platform value(s) ${[...unknown]
        .slice(0, 5)
        .map((v) => `"${v}"`)
        .join(', ')} match neither the native nor the virtual pattern and are not compared.`
    );
  }

  const byGroup = new Map<string, Record<Platform, InputRecord[]>>();
  for (const r of selected) {
    if (!r.platform) {
      continue;
    }
    let g = byGroup.get(r.group);
    if (!g) {
      g = { native: [], virtual: [] };
      byGroup.set(r.group, g);
    }
    g[r.platform].push(r);
  }
  const groups: Group[] = [];
  for (const key of [...byGroup.keys()].sort(collator.compare)) {
    const g = byGroup.get(key)!;
    const group: Group = { key };
    for (const p of ['native', 'virtual'] as const) {
      if (g[p].length > 0) {
        group[p] = mapping.shape === 'table' ? tableCell(g[p]) : seriesCell(g[p]);
      }
    }
    groups.push(group);
  }

  const series: Series[] =
    mapping.shape === 'timeseries'
      ? selected.map((r, i) => ({
          id: `${i}`,
          name: r.name ?? `${r.group} ${r.platformRaw ?? ''}`,
          group: r.group,
          platform: r.platform,
          times: r.times!,
          values: r.values!,
        }))
      : [];

  const catalogKeys = new Map<string, DataKey>();
  for (const r of selected) {
    const key = keyOf(r);
    if (key) {
      const k: DataKey = { key, role: r.role ?? '' };
      catalogKeys.set(JSON.stringify(k), k);
    }
  }

  return {
    shape: mapping.shape,
    groups,
    series,
    unit,
    metric,
    catalogKeys: [...catalogKeys.values()],
    metrics,
    mapping,
    notes,
  };
}
