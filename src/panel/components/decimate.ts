/**
 * Builds an SVG path for one series with at most ~4 points per pixel column (first, min, max,
 * last), so thousands of samples cost a few hundred path commands and the shape (spikes
 * included) is kept. Non-finite values break the line, as gaps do in Grafana's time series.
 */
export function seriesPath(
  times: ArrayLike<number>,
  values: ArrayLike<number>,
  x: (t: number) => number,
  y: (v: number) => number,
  left: number,
  right: number,
  /** Sub-pixel steps kept in y: 10 = 0.1 px; 1 (whole pixels) is plenty for hundreds of series. */
  scale = 10
): string {
  let d = '';
  let penDown = false;
  let col = NaN;
  let first = 0;
  let lo = 0;
  let hi = 0;
  let lastV = 0;
  let lastX = 0;
  const flush = () => {
    if (Number.isNaN(col)) {
      return;
    }
    // Emit first, then the extremes in time order is unknown per column; min then max is
    // enough for a visually correct vertical stroke within one pixel.
    const pts = [first, lo, hi, lastV];
    let prev = NaN;
    for (const v of pts) {
      if (v === prev) {
        continue;
      }
      // Rounding by arithmetic (toFixed() per coordinate was the main cost with 100,000+
      // points); after a moveto, further pairs are implicit linetos (SVG 1.1 §8.3.2), which
      // keeps the attribute strings short.
      d += (penDown ? ' ' : 'M') + lastX + ' ' + Math.round(y(v) * scale) / scale;
      penDown = true;
      prev = v;
    }
  };
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      flush();
      col = NaN;
      penDown = false;
      continue;
    }
    const px = x(times[i]);
    if (px < left - 1 || px > right + 1) {
      continue;
    }
    const c = Math.round(px);
    if (c !== col) {
      flush();
      col = c;
      first = lo = hi = v;
      lastX = c;
    } else {
      if (v < lo) {
        lo = v;
      }
      if (v > hi) {
        hi = v;
      }
    }
    lastV = v;
  }
  flush();
  return d;
}

/** Index of the sample whose time is closest to `t` (times ascending), or -1 for an empty series. */
export function nearestIndex(times: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0) {
    return -1;
  }
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo > 0 && Math.abs(times[lo - 1] - t) <= Math.abs(times[lo] - t)) {
    return lo - 1;
  }
  return lo;
}
