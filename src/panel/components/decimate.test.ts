import { nearestIndex, seriesPath } from './decimate';

const id = (v: number) => v;

describe('seriesPath', () => {
  it('draws one point per sample when samples are pixels apart', () => {
    expect(seriesPath([0, 10, 20], [1, 2, 3], id, id, 0, 100)).toBe('M0 1 10 2 20 3');
  });

  it('keeps first, min, max and last of samples within one pixel column', () => {
    const times = [0, 0.1, 0.2, 0.3, 0.4, 5];
    const values = [5, 9, 1, 7, 6, 2];
    // column 0: first 5, min 1, max 9, last 6; column 5: 2
    expect(seriesPath(times, values, id, id, 0, 100)).toBe('M0 5 0 1 0 9 0 6 5 2');
  });

  it('breaks the line at gaps', () => {
    expect(seriesPath([0, 10, 20, 30], [1, NaN, 3, 4], id, id, 0, 100)).toBe('M0 1M20 3 30 4');
  });

  it('skips points outside the plot', () => {
    expect(seriesPath([-50, 10, 500], [1, 2, 3], id, id, 0, 100)).toBe('M10 2');
  });

  it('rounds y to the requested precision', () => {
    expect(seriesPath([0], [1.26], id, id, 0, 10, 10)).toBe('M0 1.3');
    expect(seriesPath([0], [1.26], id, id, 0, 10, 1)).toBe('M0 1');
  });

  it('bounds the output for many samples', () => {
    const n = 100_000;
    const times = Array.from({ length: n }, (_, i) => i / 100); // 1,000 px wide
    const values = Array.from({ length: n }, (_, i) => i % 7);
    const commands = seriesPath(times, values, id, id, 0, 1000).split(/[M ]/).length / 2;
    expect(commands).toBeLessThanOrEqual(4 * 1001);
  });
});

describe('nearestIndex', () => {
  it.each([
    [[10, 20, 30], 0, 0],
    [[10, 20, 30], 14, 0],
    [[10, 20, 30], 16, 1],
    [[10, 20, 30], 99, 2],
    [[], 5, -1],
  ])('%p near %p is %p', (times, t, want) => {
    expect(nearestIndex(times, t)).toBe(want);
  });
});
