import { FieldType, ThresholdsMode, createDataFrame } from '@grafana/data';

import { ResolvedMapping } from './model';
import { anyUserThresholds, valueFieldsFor } from './valueFields';

const tableMapping: ResolvedMapping = { shape: 'table', avg: 'avg', p95: 'p95', inputs: 1 };
const table = createDataFrame({
  fields: [
    { name: 'task', type: FieldType.string, values: ['SendMail'] },
    { name: 'AVG', type: FieldType.number, values: [200] },
    { name: 'p95', type: FieldType.number, values: [400] },
  ],
});
const series = (v: number) =>
  createDataFrame({
    fields: [
      { name: 'time', type: FieldType.time, values: [1] },
      { name: 'label', type: FieldType.string, values: ['x'] },
      { name: 'value', type: FieldType.number, values: [v] },
    ],
  });

describe('valueFieldsFor: the fields whose thresholds and unit apply to the bar and the marker', () => {
  it('table: the avg or p95 column of the statistic, from the first frame that has it', () => {
    const other = createDataFrame({ fields: [{ name: 'x', type: FieldType.number, values: [1] }] });
    const got = valueFieldsFor([other, table], tableMapping, 'mean', 'p95');
    expect(got.bar).toBe(table.fields[1]);
    expect(got.marker).toBe(table.fields[2]);
    const swapped = valueFieldsFor([table], tableMapping, 'p95', 'max');
    expect(swapped.bar).toBe(table.fields[2]);
    expect(swapped.marker).toBe(table.fields[1]);
  });

  it('table: no marker field when the marker is off, none when the column is not mapped', () => {
    expect(valueFieldsFor([table], tableMapping, 'mean', 'none')).toStrictEqual({
      bar: table.fields[1],
      marker: undefined,
    });
    expect(valueFieldsFor([table], { ...tableMapping, p95: undefined }, 'p95', 'p95')).toStrictEqual({
      bar: undefined,
      marker: undefined,
    });
  });

  it('time series: the first number field of the first frame that has one, for both', () => {
    const empty = createDataFrame({ fields: [{ name: 'time', type: FieldType.time, values: [1] }] });
    const a = series(1);
    const got = valueFieldsFor([empty, a, series(2)], { shape: 'timeseries', inputs: 2 }, 'mean', 'max');
    expect(got.bar).toBe(a.fields[2]);
    expect(got.marker).toBe(a.fields[2]);
    expect(valueFieldsFor([empty], { shape: 'timeseries', inputs: 0 }, 'mean', 'max')).toStrictEqual({});
  });
});

describe('anyUserThresholds', () => {
  const withSteps = (values: number[], type = FieldType.number) =>
    createDataFrame({
      fields: [
        {
          name: 'v',
          type,
          values: [1],
          config: {
            thresholds: {
              mode: ThresholdsMode.Absolute,
              steps: [{ value: -Infinity, color: 'green' }, ...values.map((value) => ({ value, color: 'red' }))],
            },
          },
        },
      ],
    });

  it('is true only when a number field has a step beyond the base one', () => {
    expect(anyUserThresholds([withSteps([])])).toBe(false);
    expect(anyUserThresholds([withSteps([80])])).toBe(true);
    const withTime = withSteps([80]);
    withTime.fields.unshift({ name: 'time', type: FieldType.time, values: [1], config: {} });
    expect(anyUserThresholds([withTime])).toBe(true);
    expect(anyUserThresholds([withSteps([]), withSteps([80])])).toBe(true);
    expect(anyUserThresholds([withSteps([80], FieldType.string)])).toBe(false);
    expect(anyUserThresholds([series(1)])).toBe(false);
    expect(anyUserThresholds([])).toBe(false);
  });
});
