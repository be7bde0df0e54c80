import { Cell, Group, Platform } from '../data/model';
import { Stat } from '../types';
import { Limits, Status, evaluate, formatPercent, overheadPercent, worst } from './evaluate';

export interface GroupVerdict {
  key: string;
  /** Status per platform: the worse of the bar and marker checks. */
  status: Partial<Record<Platform, Status>>;
  /** Virtual vs native on the bar statistic, in percent. */
  overhead?: number;
  /** The side the pass/fail mark is about: virtual when present (it is under test), else native. */
  judged?: Platform;
  pass?: boolean;
}

export interface Verdicts {
  groups: GroupVerdict[];
  summary: string;
}

export interface VerdictInput {
  groups: Group[];
  bar?: Limits;
  marker?: Limits;
  barStat: Stat;
  markerStat: Stat | 'none';
  /** Name of the grouping ("workload"), used in the summary sentence. */
  groupNoun: string;
  /** True when the data has no grouping at all (one group of everything): the summary names none. */
  ungrouped?: boolean;
  /** Platforms the user hid with the legend; they are neither judged nor summarised. */
  hidden?: ReadonlySet<Platform>;
}

/**
 * A check fails at the critical level, and also at the warning level of limits that have no
 * critical one: the source then gives that single value as its limit (PAL's Exchange 2007
 * files: "RPC Averaged Latency should be below 25 ms"), so reaching it is not "near".
 */
function fails(s: Status | undefined, l: Limits | undefined): boolean {
  return s === 'critical' || (s === 'warning' && l?.critical === undefined);
}

/**
 * The status a value is shown with (colour, band, tooltip): as fails() says, reaching a limit
 * given as a single level is over it, so it is shown as over, never as "near".
 */
export function shownStatus(s: Status | undefined, l: Limits | undefined): Status | undefined {
  return fails(s, l) ? 'critical' : s;
}

function cellStatus(cell: Cell | undefined, i: VerdictInput): { status?: Status; fail: boolean } {
  if (!cell) {
    return { fail: false };
  }
  const barS = evaluate(cell.stats[i.barStat], i.bar);
  const markerS = i.markerStat === 'none' ? undefined : evaluate(cell.stats[i.markerStat], i.marker);
  return {
    status: worst(shownStatus(barS, i.bar), shownStatus(markerS, i.marker)),
    fail: fails(barS, i.bar) || fails(markerS, i.marker),
  };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function listKeys(keys: string[]): string {
  return keys.length <= 3 ? keys.join(', ') : `${keys.slice(0, 3).join(', ')}, …`;
}

/** Per-group pass/fail and overhead, and the one-line summary under the chart. */
export function judge(i: VerdictInput): Verdicts {
  const hidden = i.hidden ?? new Set<Platform>();
  const groups: GroupVerdict[] = i.groups.map((g) => {
    const native = hidden.has('native') ? undefined : g.native;
    const virtual = hidden.has('virtual') ? undefined : g.virtual;
    const status: Partial<Record<Platform, Status>> = {};
    const ns = cellStatus(native, i);
    const vs = cellStatus(virtual, i);
    if (ns.status) {
      status.native = ns.status;
    }
    if (vs.status) {
      status.virtual = vs.status;
    }
    const judged: Platform | undefined = virtual ? 'virtual' : native ? 'native' : undefined;
    const s = judged ? status[judged] : undefined;
    const fail = judged === 'virtual' ? vs.fail : ns.fail;
    return {
      key: g.key,
      status,
      overhead: overheadPercent(native?.stats[i.barStat], virtual?.stats[i.barStat]),
      judged,
      pass: s === undefined ? undefined : !fail,
    };
  });
  return { groups, summary: summarize(groups, i) };
}

function summarize(groups: GroupVerdict[], i: VerdictInput): string {
  const judgedGroups = groups.filter((g) => g.judged);
  if (judgedGroups.length === 0) {
    return '';
  }
  const hasVirtual = judgedGroups.some((g) => g.judged === 'virtual');
  const side: Platform = hasVirtual ? 'virtual' : 'native';
  const considered = judgedGroups.filter((g) => g.judged === side);
  const overheads = groups.map((g) => g.overhead).filter((x): x is number => x !== undefined);
  const overheadText =
    overheads.length === 0
      ? ''
      : overheads.length === 1 || formatPercent(Math.min(...overheads)) === formatPercent(Math.max(...overheads))
        ? `, overhead ${formatPercent(overheads[0])}`
        : `, overhead ${formatPercent(Math.min(...overheads))} … ${formatPercent(Math.max(...overheads))}`;

  // Without a grouping there is one group of everything: say nothing about groups.
  const at = (n: number) => (i.ungrouped ? '' : ` at ${plural(n, i.groupNoun)}`);
  let verdict: string;
  if (!i.bar && !i.marker) {
    verdict = `${side}${at(considered.length)}, no limits set`;
  } else {
    const failed = considered.filter((g) => g.pass === false).map((g) => g.key);
    const near = considered.filter((g) => g.pass === true && g.status[side] === 'warning').map((g) => g.key);
    const unknown = considered.filter((g) => g.pass === undefined).length;
    if (failed.length > 0) {
      verdict = i.ungrouped
        ? `${side} over the limit`
        : `${side} over the limit at ${failed.length} of ${plural(considered.length, i.groupNoun)} (${listKeys(failed)})`;
    } else if (unknown === considered.length) {
      verdict = `${side}: no value to check${at(considered.length)}`;
    } else if (i.ungrouped) {
      verdict = `${side} within limits${near.length > 0 ? ' (near the limit)' : ''}`;
    } else {
      const all =
        unknown === 0
          ? `all ${plural(considered.length, i.groupNoun)}`
          : `${considered.length - unknown} of ${plural(considered.length, i.groupNoun)}`;
      verdict = `${side} within limits at ${all}${near.length > 0 ? ` (near the limit at ${listKeys(near)})` : ''}`;
    }
  }
  const onlyNative = !hasVirtual && !i.hidden?.has('virtual');
  return `${onlyNative ? 'only native data: ' : ''}${verdict}${overheadText}`;
}
