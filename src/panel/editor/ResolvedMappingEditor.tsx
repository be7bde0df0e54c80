import { css } from '@emotion/css';
import React, { useMemo } from 'react';

import { GrafanaTheme2, StandardEditorProps } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';

import { buildModel } from '../data/buildModel';
import { Source } from '../data/model';
import { builtinCatalog, catalogUnit } from '../thresholds/catalog';
import { FieldMapping, Options, withDefaults } from '../types';

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    fontSize: theme.typography.bodySmall.fontSize,
    'td, th': { padding: theme.spacing(0.25, 0.5), textAlign: 'left' },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightRegular },
  }),
  missing: css({ color: theme.colors.warning.text }),
  note: css({
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    marginTop: theme.spacing(0.5),
  }),
});

function describe(s: Source | undefined): string | undefined {
  return s ? `${s.kind} "${s.name}"` : undefined;
}

/**
 * Read-only option editor that shows which field or label the panel uses for each role, with
 * the current data, so a user whose data uses other names sees at once what to map.
 */
export function ResolvedMappingEditor({ context }: StandardEditorProps<FieldMapping, unknown, Options>) {
  const styles = useStyles2(getStyles);
  const options = withDefaults(context.options);
  const model = useMemo(
    () =>
      buildModel(
        context.data ?? [],
        options,
        (key) => catalogUnit(builtinCatalog.catalog, options.catalogCounter, key)
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [context.data, context.options]
  );
  const m = model.mapping;
  const rows: Array<[string, string | undefined]> = [
    [
      'Data shape',
      m.shape === 'none' ? undefined : `${m.shape} (${m.inputs} ${m.shape === 'table' ? 'rows' : 'series'})`,
    ],
    ['Platform', describe(m.platform)],
    ['Group', describe(m.group)],
    ['Metric', describe(m.metric)],
  ];
  if (m.shape === 'table') {
    rows.push(
      ['Average', m.avg && `field "${m.avg}"`],
      ['95th percentile', m.p95 && `field "${m.p95}"`],
      ['Count', m.count && `field "${m.count}"`]
    );
  }
  rows.push(
    ['Shown metric', model.metric],
    ['Unit', model.unit],
    ['Groups', model.groups.length ? `${model.groups.length}` : undefined]
  );
  return (
    <div data-testid="resolved-mapping">
      <table className={styles.table}>
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td className={v ? undefined : styles.missing}>{v ?? 'not found'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {model.notes.map((n, i) => (
        <div key={i} className={styles.note}>
          {n}
        </div>
      ))}
    </div>
  );
}
