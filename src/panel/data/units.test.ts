import { conversionFactor, isTimeUnit } from './units';

describe('units: time unit conversion (data in seconds against limits in milliseconds)', () => {
  it('knows the time units of Grafana unit picker and nothing else', () => {
    for (const u of ['ns', 'µs', 'us', 'ms', 's', 'm', 'h', 'd']) {
      expect(isTimeUnit(u)).toBe(true);
    }
    for (const u of [undefined, '', 'percent', 'Bps', 'MS', 'toString', 'constructor']) {
      expect(isTimeUnit(u)).toBe(false);
    }
  });

  it('converts between every pair of time units', () => {
    expect(conversionFactor('s', 'ms')).toBe(1000);
    expect(conversionFactor('ms', 's')).toBe(0.001);
    expect(conversionFactor('us', 'ms')).toBeCloseTo(0.001, 15);
    expect(conversionFactor('µs', 'us')).toBe(1);
    expect(conversionFactor('ns', 'ms')).toBeCloseTo(1e-6, 20);
    expect(conversionFactor('m', 's')).toBe(60);
    expect(conversionFactor('h', 'm')).toBe(60);
    expect(conversionFactor('d', 'h')).toBe(24);
  });

  it('treats a missing unit as the same as the other side (CSV and InfluxDB frames carry none)', () => {
    expect(conversionFactor(undefined, 'ms')).toBe(1);
    expect(conversionFactor('s', undefined)).toBe(1);
    expect(conversionFactor('', 'ms')).toBe(1);
    expect(conversionFactor('s', '')).toBe(1);
    expect(conversionFactor(undefined, undefined)).toBe(1);
  });

  it('gives 1 for the same unit, time or not', () => {
    expect(conversionFactor('percent', 'percent')).toBe(1);
    expect(conversionFactor('ms', 'ms')).toBe(1);
  });

  it('gives undefined when the units cannot be compared', () => {
    expect(conversionFactor('percent', 'ms')).toBeUndefined();
    expect(conversionFactor('ms', 'percent')).toBeUndefined();
    expect(conversionFactor('Bps', 'decbytes')).toBeUndefined();
  });
});
