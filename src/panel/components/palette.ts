import { GrafanaTheme2, colorManipulator } from '@grafana/data';

import { Platform } from '../data/model';
import { Status } from '../thresholds/evaluate';

/**
 * Colours of the chart, all from the theme so light and dark both read well. Native and
 * virtual use blue and orange, the pair that stays distinct for the common colour-vision
 * deficiencies; virtual also gets a hatch pattern and a "V" label, so colour is never the only cue.
 */
export interface Palette {
  platform: Record<Platform, string>;
  /** Readable text on top of each platform colour. */
  onPlatform: Record<Platform, string>;
  /** Stripes laid over the virtual bars. */
  hatch: string;
  band: Record<Status, string>;
  status: Record<Status, string>;
  marker: string;
  text: string;
  textWeak: string;
  grid: string;
  axis: string;
  background: string;
}

export function getPalette(theme: GrafanaTheme2): Palette {
  const c = (name: string) => theme.visualization.getColorByName(name);
  const bandAlpha = theme.isDark ? 0.16 : 0.14;
  return {
    platform: { native: c('blue'), virtual: c('orange') },
    onPlatform: {
      native: theme.colors.getContrastText(c('blue')),
      virtual: theme.colors.getContrastText(c('orange')),
    },
    hatch: colorManipulator.alpha(theme.colors.getContrastText(c('orange')), 0.35),
    band: {
      ok: colorManipulator.alpha(c('green'), bandAlpha),
      warning: colorManipulator.alpha(c('yellow'), bandAlpha + 0.04),
      critical: colorManipulator.alpha(c('red'), bandAlpha),
    },
    status: { ok: theme.colors.success.text, warning: theme.colors.warning.text, critical: theme.colors.error.text },
    marker: theme.colors.text.primary,
    text: theme.colors.text.primary,
    textWeak: theme.colors.text.secondary,
    grid: theme.colors.border.weak,
    axis: theme.colors.border.medium,
    background: theme.colors.background.primary,
  };
}

/** Words for a status, used in labels and tooltips (never colour alone). */
export const statusText: Record<Status, string> = {
  ok: 'within limit',
  warning: 'near limit',
  critical: 'over limit',
};
