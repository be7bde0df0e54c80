import React from 'react';
import type { QueryEditorProps } from '@grafana/data';

import type { XenbenchDataSource } from '../datasource';
import { QueryType, type XenbenchOptions, type XenbenchQuery } from '../types';
import { InventoryQueryEditor } from './InventoryQueryEditor';

type Props = QueryEditorProps<XenbenchDataSource, XenbenchQuery, XenbenchOptions>;

/** Template variable editor: an inventory list with an optional regex filter. */
export function VariableQueryEditor({ query, onChange }: Props) {
  return <InventoryQueryEditor query={{ ...query, queryType: QueryType.Inventory }} onChange={onChange} />;
}
