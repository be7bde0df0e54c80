import { css } from '@emotion/css';
import React from 'react';

import { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

export interface TooltipContent {
  title: string;
  lines: string[];
}

export interface TooltipState {
  content: TooltipContent;
  /** Anchor in panel pixels. */
  x: number;
  y: number;
}

const getStyles = (theme: GrafanaTheme2) => ({
  tooltip: css({
    position: 'absolute',
    zIndex: 1,
    pointerEvents: 'none',
    maxWidth: 320,
    padding: theme.spacing(0.75, 1),
    background: theme.colors.background.secondary,
    color: theme.colors.text.primary,
    border: `1px solid ${theme.colors.border.medium}`,
    borderRadius: theme.shape.radius.default,
    boxShadow: theme.shadows.z2,
    fontSize: theme.typography.bodySmall.fontSize,
    lineHeight: theme.typography.bodySmall.lineHeight,
    whiteSpace: 'nowrap',
  }),
  title: css({ fontWeight: theme.typography.fontWeightMedium, marginBottom: theme.spacing(0.25) }),
});

/**
 * The tooltip box, placed beside its anchor and kept inside the panel. It is shown for mouse
 * hover and for keyboard focus alike; the focused element also carries the same text as its
 * aria-label, so screen readers do not depend on this box.
 */
export function Tooltip({
  state,
  width,
  height,
  id,
}: {
  state: TooltipState;
  width: number;
  height: number;
  id: string;
}) {
  const styles = useStyles2(getStyles);
  const left = state.x > width / 2 ? undefined : state.x + 12;
  const right = state.x > width / 2 ? width - state.x + 12 : undefined;
  const top = Math.max(0, Math.min(state.y, height - 24 - 16 * (state.content.lines.length + 1)));
  return (
    <div
      id={id}
      role="tooltip"
      data-testid="latencycompare-tooltip"
      className={styles.tooltip}
      style={{ left, right, top }}
    >
      <div className={styles.title}>{state.content.title}</div>
      {state.content.lines.map((l, i) => (
        <div key={i}>{l}</div>
      ))}
    </div>
  );
}
