import { FieldType, createDataFrame } from '@grafana/data';

import { findField, labelValue, readSource, resolveFieldName, resolveSource } from './sources';

const table = createDataFrame({
  fields: [
    { name: 'Workload', type: FieldType.string, values: ['2000 heavy', null] },
    { name: 'workload', type: FieldType.string, values: ['shadowed', 'shadowed'] },
    { name: 'avg', type: FieldType.number, values: [210, 0] },
  ],
});
const series = createDataFrame({
  fields: [
    { name: 'time', type: FieldType.time, values: [1, 2] },
    { name: 'value', type: FieldType.number, values: [3, 4], labels: { Platform: 'virtual', host: 'EXVM01' } },
  ],
});

describe('sources: finding the fields and labels a role is read from', () => {
  it('findField ignores case and keeps the first of two fields that differ only in case', () => {
    expect(findField(table, 'WORKLOAD')?.values[0]).toBe('2000 heavy');
    expect(findField(table, 'workload')?.values[0]).toBe('2000 heavy');
    expect(findField(table, 'p95')).toBeUndefined();
  });

  it('findField forgets a field removed from a frame it has already indexed', () => {
    const f = createDataFrame({
      fields: [
        { name: 'a', type: FieldType.number, values: [1] },
        { name: 'b', type: FieldType.number, values: [2] },
      ],
    });
    expect(findField(f, 'b')).toBeDefined();
    f.fields.pop();
    expect(findField(f, 'b')).toBeUndefined();
    expect(findField(f, 'a')?.values[0]).toBe(1);
  });

  it('resolveFieldName takes the configured name, else the first candidate any frame has', () => {
    expect(resolveFieldName([series, table], '', ['mean', 'AVG', 'avg'])).toBe('AVG');
    expect(resolveFieldName([series, table], 'Workload', ['avg'])).toBe('Workload');
    expect(resolveFieldName([table], 'missing', ['avg'])).toBeUndefined();
    expect(resolveFieldName([table], '', ['p95', 'count'])).toBeUndefined();
    expect(resolveFieldName([], '', ['avg'])).toBeUndefined();
  });

  it('resolveSource: a string field (table) before a label (time series), first candidate wins', () => {
    expect(resolveSource([table, series], '', ['workload'])).toStrictEqual({ kind: 'field', name: 'workload' });
    expect(resolveSource([table, series], '', ['platform', 'workload'])).toStrictEqual({
      kind: 'label',
      name: 'platform',
    });
    expect(resolveSource([table, series], 'host', ['workload'])).toStrictEqual({ kind: 'label', name: 'host' });
    // A number field is not a source of names.
    expect(resolveSource([table], 'avg', [])).toBeUndefined();
    expect(resolveSource([table, series], '', ['server', 'run'])).toBeUndefined();
  });

  it('labelValue matches the exact name first, then ignores case', () => {
    expect(labelValue({ platform: 'native', Platform: 'virtual' }, 'Platform')).toBe('virtual');
    expect(labelValue({ platform: 'native', Platform: 'virtual' }, 'platform')).toBe('native');
    expect(labelValue({ Platform: 'virtual', PLATFORM: 'x' }, 'platform')).toBe('virtual');
    expect(labelValue({ host: '' }, 'HOST')).toBe('');
    expect(labelValue({ host: 'a' }, 'server')).toBeUndefined();
  });

  it('readSource reads a row of a field, or a label of the value field', () => {
    expect(readSource({ kind: 'field', name: 'workload' }, table, undefined, 0)).toBe('2000 heavy');
    expect(readSource({ kind: 'field', name: 'workload' }, table, undefined, 1)).toBeUndefined();
    expect(readSource({ kind: 'field', name: 'avg' }, table, undefined, 1)).toBe('0');
    expect(readSource({ kind: 'field', name: 'missing' }, table, undefined, 0)).toBeUndefined();
    expect(readSource({ kind: 'label', name: 'platform' }, series, series.fields[1], 0)).toBe('virtual');
    expect(readSource({ kind: 'label', name: 'platform' }, series, series.fields[0], 0)).toBeUndefined();
    expect(readSource({ kind: 'label', name: 'platform' }, series, undefined, 0)).toBeUndefined();
    expect(readSource(undefined, table, table.fields[2], 0)).toBeUndefined();
  });
});
