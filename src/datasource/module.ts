import { DataSourcePlugin } from '@grafana/data';

import { XenbenchDataSource } from './datasource';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import type { XenbenchOptions, XenbenchQuery } from './types';

export const plugin = new DataSourcePlugin<XenbenchDataSource, XenbenchQuery, XenbenchOptions>(XenbenchDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
