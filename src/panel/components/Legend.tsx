import { css } from '@emotion/css';
import React from 'react';

import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { Platform, platforms } from '../data/model';
import { Status } from '../thresholds/evaluate';
import { Palette } from './palette';

interface Props {
  palette: Palette;
  hidden: ReadonlySet<Platform>;
  onToggle: (p: Platform) => void;
  /** Platforms present in the data; absent ones are shown disabled so the gap is visible. */
  present: ReadonlySet<Platform>;
  /** "p95 marker" entry, when markers are drawn. */
  markerLabel?: string;
  /** Bands drawn, for their key; empty in narrow panels, where the bands are labelled in the chart. */
  bands: Status[];
  /** Time series in their own colours: the platforms are keyed by line style (solid, dashed). */
  lineStyles?: boolean;
}

const getStyles = (theme: GrafanaTheme2) => ({
  legend: css({
    display: 'flex',
    height: 24,
    flexShrink: 0,
    flexWrap: 'nowrap',
    overflow: 'hidden',
    whiteSpace: 'nowrap',
    alignItems: 'center',
    gap: theme.spacing(0.5, 2),
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    padding: theme.spacing(0, 1),
  }),
  toggle: css({
    display: 'inline-flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    background: 'none',
    border: 'none',
    padding: 0,
    color: theme.colors.text.primary,
    fontSize: 'inherit',
    cursor: 'pointer',
    '&[aria-pressed="false"]': { color: theme.colors.text.disabled, textDecoration: 'line-through' },
    '&:disabled': { cursor: 'default', color: theme.colors.text.disabled },
    '&:focus-visible': { outline: `2px solid ${theme.colors.primary.main}`, outlineOffset: 2 },
  }),
  item: css({ display: 'inline-flex', alignItems: 'center', gap: theme.spacing(0.5) }),
});

function Swatch({ fill, hatch }: { fill: string; hatch?: string }) {
  return (
    <svg width={14} height={10} aria-hidden="true">
      <rect width={14} height={10} fill={fill} />
      {hatch &&
        [2, 7, 12].map((x) => <line key={x} x1={x - 4} y1={10} x2={x + 4} y2={0} stroke={hatch} strokeWidth={1.5} />)}
    </svg>
  );
}

/** Legend with one toggle per platform (click or Enter/Space hides it) and keys for marker and bands. */
const bandKey: Record<Status, string> = { ok: 'within', warning: 'near', critical: 'over limit' };

function LineSwatch({ color, dashed }: { color: string; dashed: boolean }) {
  return (
    <svg width={18} height={10} aria-hidden="true">
      <line x1={0} x2={18} y1={5} y2={5} stroke={color} strokeWidth={2} strokeDasharray={dashed ? '6 3' : undefined} />
    </svg>
  );
}

export function Legend({ palette, hidden, onToggle, present, markerLabel, bands, lineStyles }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.legend} data-testid="latencycompare-legend">
      {platforms.map((p) => (
        <button
          key={p}
          type="button"
          className={styles.toggle}
          aria-pressed={!hidden.has(p)}
          disabled={!present.has(p)}
          title={present.has(p) ? `Show or hide ${p}` : `No ${p} data`}
          onClick={() => onToggle(p)}
        >
          {lineStyles ? (
            <LineSwatch color={palette.text} dashed={p === 'virtual'} />
          ) : (
            <Swatch fill={palette.platform[p]} hatch={p === 'virtual' ? palette.hatch : undefined} />
          )}
          {p === 'native' ? 'N native' : 'V virtual'}
          {!present.has(p) && ' (no data)'}
        </button>
      ))}
      {markerLabel && (
        <span className={styles.item}>
          <svg width={14} height={10} aria-hidden="true">
            <line x1={0} x2={14} y1={5} y2={5} stroke={palette.marker} strokeWidth={2} />
          </svg>
          {markerLabel}
        </span>
      )}
      {bands.map((b) => (
        <span key={b} className={styles.item}>
          <Swatch fill={palette.band[b]} hatch={b === 'critical' ? palette.band.critical : undefined} />
          {bandKey[b]}
        </span>
      ))}
    </div>
  );
}
