import { Stat } from '../types';

/** Words for the statistics, as the study and the tooltips name them. */
export const statName: Record<Stat, string> = {
  mean: 'average',
  p95: '95th percentile',
  max: 'maximum',
  min: 'minimum',
  last: 'last',
};

export const statShort: Record<Stat, string> = {
  mean: 'avg',
  p95: 'p95',
  max: 'max',
  min: 'min',
  last: 'last',
};
