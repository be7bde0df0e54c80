import { last, max, mean, min, p95, percentileNearestRank, selectKth } from './reduce';

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('p95 (nearest rank: the ceil(0.95 n)-th smallest)', () => {
  it.each([
    // [name, samples, hand-computed p95]
    ['1..20: rank ceil(19) = 19', range(20), 19],
    ['1..10: rank ceil(9.5) = 10', range(10), 10],
    ['1..21: rank ceil(19.95) = 20', range(21), 20],
    ['1..100: rank 95', range(100), 95],
    ['single sample', [42], 42],
    ['unsorted, n = 5: rank ceil(4.75) = 5', [50, 10, 40, 20, 30], 50],
    ['latencies in ms, n = 8: rank ceil(7.6) = 8', [120, 95, 310, 101, 99, 250, 98, 97], 310],
    ['duplicates, n = 4: rank ceil(3.8) = 4', [5, 5, 7, 5], 7],
    ['gaps are skipped: 3 finite samples, rank 3', [NaN, 3, 1, null, 2, Infinity], 3],
  ])('%s', (_name, samples, want) => {
    expect(p95(samples as number[])).toBe(want);
  });

  it('is not estimated from the mean (skewed data)', () => {
    // 19 fast operations and one very slow one: p95 is the 19th smallest, 10 ms, while
    // mean + 1.645 sd would put it far above.
    const samples = [...Array(19).fill(10), 1000];
    expect(p95(samples)).toBe(10);
    expect(mean(samples)).toBeCloseTo(59.5);
  });

  it('returns undefined for no finite samples', () => {
    expect(p95([])).toBeUndefined();
    expect(p95([NaN, null as unknown as number])).toBeUndefined();
  });

  it('does not reorder the caller data', () => {
    const samples = [3, 1, 2];
    p95(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('rejects a percentile outside (0, 100]', () => {
    expect(() => percentileNearestRank([1], 0)).toThrow(RangeError);
    expect(() => percentileNearestRank([1], 101)).toThrow(RangeError);
    expect(percentileNearestRank(range(4), 50)).toBe(2);
    expect(percentileNearestRank(range(4), 100)).toBe(4);
  });
});

describe('mean, max, min, last', () => {
  it.each([
    ['plain', [1, 2, 3, 6], 3, 6, 1, 6],
    ['gaps skipped', [NaN, 4, null, 8, NaN], 6, 8, 4, 8],
    ['negative values', [-5, -1, -3], -3, -1, -5, -3],
  ])('%s', (_n, samples, wantMean, wantMax, wantMin, wantLast) => {
    expect(mean(samples as number[])).toBe(wantMean);
    expect(max(samples as number[])).toBe(wantMax);
    expect(min(samples as number[])).toBe(wantMin);
    expect(last(samples as number[])).toBe(wantLast);
  });

  it('are undefined without samples', () => {
    expect(mean([])).toBeUndefined();
    expect(max([NaN])).toBeUndefined();
    expect(min([NaN, null])).toBeUndefined();
    expect(last([])).toBeUndefined();
  });
});

describe('selectKth agrees with a full sort', () => {
  it('on random, sorted, reversed and constant inputs', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) * 1000;
    const inputs = [
      Array.from({ length: 257 }, rnd),
      Array.from({ length: 100 }, (_, i) => i),
      Array.from({ length: 100 }, (_, i) => 100 - i),
      Array(50).fill(3),
      Array.from({ length: 31 }, (_, i) => i % 4),
    ];
    for (const input of inputs) {
      const sorted = [...input].sort((a, b) => a - b);
      for (const k of [0, 1, Math.floor(input.length / 2), input.length - 2, input.length - 1]) {
        expect(selectKth(Float64Array.from(input), k)).toBe(sorted[k]);
      }
      expect(p95(input)).toBe(sorted[Math.ceil(0.95 * input.length) - 1]);
    }
  });
});

// Added for surviving mutants (npm run mutation): gaps never reach a mean, the percentile
// says which value it rejects, and p95 agrees with the nearest-rank definition at every size.
describe('edges a mutation run found untested', () => {
  it('mean skips null, NaN and infinities instead of counting them', () => {
    expect(mean([1, null, 3, NaN, Infinity, -Infinity, undefined, '5'])).toBe(2);
  });

  it('p95, max and min skip null, NaN and infinities too', () => {
    expect(p95([NaN, null, 5, Infinity, undefined, '9'])).toBe(5);
    expect(max([null, -5, NaN, -Infinity])).toBe(-5);
    expect(min([null, 5, NaN, Infinity])).toBe(5);
    expect(max([null, NaN])).toBeUndefined();
    expect(min([undefined])).toBeUndefined();
    expect(last([7, NaN, null])).toBe(7); // the only finite sample is the first one
  });

  it('percentileNearestRank names the rejected percentile', () => {
    expect(() => percentileNearestRank([1], 0)).toThrow('percentile must be in (0, 100], got 0');
    expect(() => percentileNearestRank([1], 100.5)).toThrow('got 100.5');
    expect(percentileNearestRank([4, 2], 100)).toBe(4);
  });

  it('p95 is the smallest value with at least 95 % of the values at or below it, for 1..400 values', () => {
    for (let n = 1; n <= 400; n++) {
      const values = Array.from({ length: n }, (_, i) => n - i); // n..1: the k-th smallest is k
      let want = n;
      for (let v = 1; v <= n; v++) {
        if (100 * v >= 95 * n) {
          want = v;
          break;
        }
      }
      expect([n, p95(values)]).toEqual([n, want]);
    }
  });
});
