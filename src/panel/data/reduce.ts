/**
 * Reductions of a list of samples to one number. Non-finite values (null, NaN, ±Infinity)
 * are gaps in Grafana frames, so they are skipped rather than poisoning the result.
 */

/** Copies the finite samples into a fresh typed array (the caller's data is never reordered). */
export function finiteSamples(values: ArrayLike<unknown>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) {
      out[n++] = v;
    }
  }
  return out.subarray(0, n);
}

/** Arithmetic mean of the finite samples; undefined when there are none. */
export function mean(values: ArrayLike<unknown>): number | undefined {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? undefined : sum / n;
}

/**
 * Exact p-th percentile by the nearest-rank method: the ceil(p/100 * n)-th smallest sample
 * (1-based), the definition the project's load-test reader uses too (helper brief, "Load-test
 * results"). No interpolation, so the result is always one of the samples.
 */
export function percentileNearestRank(values: ArrayLike<unknown>, p: number): number | undefined {
  if (!(p > 0 && p <= 100)) {
    throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  }
  const samples = finiteSamples(values);
  if (samples.length === 0) {
    return undefined;
  }
  // Guard against 0.95 * 20 = 19.000000000000004 style float noise before the ceil.
  const rank = Math.ceil(Math.round((p / 100) * samples.length * 1e9) / 1e9);
  return selectKth(samples, Math.max(rank, 1) - 1);
}

/**
 * The k-th smallest value (0-based), found by quickselect in O(n) on average instead of a full
 * sort; it reorders `a`, which is always our private copy. Exact: the result is the same
 * element a sort would put at index k.
 */
export function selectKth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    // Median of three as the pivot keeps sorted and reversed inputs fast.
    const mid = (lo + hi) >> 1;
    const x = a[lo];
    const y = a[mid];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) {
        i++;
      }
      while (a[j] > pivot) {
        j--;
      }
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) {
      hi = j;
    } else if (k >= i) {
      lo = i;
    } else {
      return a[k];
    }
  }
  return a[k];
}

export function p95(values: ArrayLike<unknown>): number | undefined {
  return percentileNearestRank(values, 95);
}

export function max(values: ArrayLike<unknown>): number | undefined {
  let m = -Infinity;
  let seen = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) {
      seen = true;
      if (v > m) {
        m = v;
      }
    }
  }
  return seen ? m : undefined;
}

export function min(values: ArrayLike<unknown>): number | undefined {
  let m = Infinity;
  let seen = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) {
      seen = true;
      if (v < m) {
        m = v;
      }
    }
  }
  return seen ? m : undefined;
}

/** The last finite sample (frames are in time order, so this is the newest value). */
export function last(values: ArrayLike<unknown>): number | undefined {
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) {
      return v;
    }
  }
  return undefined;
}
