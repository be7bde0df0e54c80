import { FieldType, createDataFrame } from '@grafana/data';

import { readAnnotations } from './annotations';

describe('readAnnotations: migrations and HA restarts as the panel draws them', () => {
  it('reads time, end, title, text and colour, sorted by time', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [2000, 1000] },
        { name: 'timeEnd', type: FieldType.time, values: [2500, 1000] },
        { name: 'title', type: FieldType.string, values: ['HA restart', 'Migration'] },
        { name: 'text', type: FieldType.string, values: ['<b>EXVM01</b> restarted<br>on host2', null] },
        { name: 'color', type: FieldType.string, values: ['red', ''] },
      ],
    });
    expect(readAnnotations([frame])).toStrictEqual([
      { time: 1000, timeEnd: undefined, title: 'Migration', text: '', color: undefined },
      { time: 2000, timeEnd: 2500, title: 'HA restart', text: 'EXVM01  restarted on host2', color: 'red' },
    ]);
  });

  it('takes the first time field when none is named time, and skips rows without a time', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'Title', type: FieldType.string, values: ['a', 'b', 'c'] },
        { name: 'started', type: FieldType.time, values: [30, null, 10] },
        { name: 'timeEnd', type: FieldType.number, values: [20, 50, 'x'] },
      ],
    });
    expect(readAnnotations([frame])).toStrictEqual([
      { time: 10, timeEnd: undefined, title: 'c', text: '', color: undefined },
      { time: 30, timeEnd: undefined, title: 'a', text: '', color: undefined },
    ]);
  });

  it('skips frames without a time field and reads every other frame', () => {
    const noTime = createDataFrame({ fields: [{ name: 'title', type: FieldType.string, values: ['x'] }] });
    const one = createDataFrame({ fields: [{ name: 'time', type: FieldType.number, values: [5] }] });
    const two = createDataFrame({ fields: [{ name: 'time', type: FieldType.number, values: [3] }] });
    expect(readAnnotations([noTime, one, two]).map((a) => a.time)).toStrictEqual([3, 5]);
    expect(readAnnotations(undefined)).toStrictEqual([]);
    expect(readAnnotations([])).toStrictEqual([]);
  });
});
