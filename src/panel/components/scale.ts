/** Linear scales and "nice" axis ticks, kept free of React so they are cheap and testable. */

export interface LinearScale {
  (v: number): number;
  domain: [number, number];
  ticks: number[];
}

/** Tick step of 1, 2 or 5 × 10^k giving about `count` ticks over [0, max]. */
export function niceStep(max: number, count: number): number {
  if (!(max > 0)) {
    return 1;
  }
  const raw = max / Math.max(count, 1);
  const pow = Math.pow(10, Math.floor(Math.log10(raw)));
  const f = raw / pow;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
}

/** A y scale from 0 to a nice maximum above `max`, mapped onto [bottom, top] pixels. */
export function yScale(max: number, bottom: number, top: number, tickCount: number): LinearScale {
  const step = niceStep(max, tickCount);
  const niceMax = Math.max(step, Math.ceil(max / step) * step);
  const ticks: number[] = [];
  for (let v = 0; v <= niceMax + step / 2; v += step) {
    ticks.push(Number(v.toPrecision(12)));
  }
  const s = ((v: number) => bottom - (v / niceMax) * (bottom - top)) as LinearScale;
  s.domain = [0, niceMax];
  s.ticks = ticks;
  return s;
}

export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}
