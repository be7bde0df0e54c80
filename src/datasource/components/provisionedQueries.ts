// Test helper (node only, never bundled): the queries of our datasource in the repository's
// dashboards and alert rules, as the editor tests render them. It walks the same places as
// tests/dashboards/strict.go: panel targets (rows included), annotation targets, query
// variables, and alert rule queries whose datasource uid is provisioned with our type.
import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';

import type { XenbenchQuery } from '../types';

const datasourceType = 'xenbench-xenserver-datasource';
const root = path.resolve(__dirname, '../../..');

export interface ProvisionedQuery {
  /** Where the query comes from, e.g. "dashboards/overview.json: panel 3 targets[0]". */
  where: string;
  /** A template variable's query (rendered by the variable editor). */
  variable: boolean;
  query: XenbenchQuery;
}

type Obj = Record<string, unknown>;

function isOurs(ref: unknown): boolean {
  return (ref as Obj | undefined)?.type === datasourceType;
}

function files(dir: string, exts: string[]): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => exts.some((e) => f.endsWith(e)))
    .sort()
    .map((f) => path.join(dir, f));
}

function panels(list: unknown): Obj[] {
  return ((list as Obj[] | undefined) ?? []).flatMap((p) => [p, ...panels(p.panels)]);
}

export function provisionedQueries(): ProvisionedQuery[] {
  const out: ProvisionedQuery[] = [];
  for (const file of files(path.join(root, 'dashboards'), ['.json'])) {
    const name = path.relative(root, file);
    const d = JSON.parse(fs.readFileSync(file, 'utf8')) as Obj;
    for (const p of panels(d.panels)) {
      ((p.targets as Obj[] | undefined) ?? []).forEach((t, i) => {
        if (isOurs(t.datasource) || (t.datasource === undefined && isOurs(p.datasource))) {
          out.push({
            where: `${name}: panel ${p.id} targets[${i}]`,
            variable: false,
            query: t as unknown as XenbenchQuery,
          });
        }
      });
    }
    (((d.annotations as Obj | undefined)?.list as Obj[] | undefined) ?? []).forEach((a, i) => {
      if (isOurs(a.datasource) && a.target) {
        out.push({ where: `${name}: annotation ${i}`, variable: false, query: a.target as XenbenchQuery });
      }
    });
    for (const v of ((d.templating as Obj | undefined)?.list as Obj[] | undefined) ?? []) {
      if (v.type === 'query' && isOurs(v.datasource) && typeof v.query === 'object') {
        out.push({ where: `${name}: variable ${v.name}`, variable: true, query: v.query as XenbenchQuery });
      }
    }
  }
  const yamls = files(path.join(root, 'provisioning'), ['.yaml', '.yml']).map((f) => ({
    name: path.relative(root, f),
    doc: (parse(fs.readFileSync(f, 'utf8')) ?? {}) as Obj,
  }));
  const ours = new Set(
    yamls.flatMap(({ doc }) => ((doc.datasources as Obj[] | undefined) ?? []).filter(isOurs).map((ds) => ds.uid))
  );
  for (const { name, doc } of yamls) {
    for (const g of (doc.groups as Obj[] | undefined) ?? []) {
      for (const r of (g.rules as Obj[] | undefined) ?? []) {
        for (const q of (r.data as Obj[] | undefined) ?? []) {
          if (ours.has(q.datasourceUid)) {
            out.push({
              where: `${name}: rule ${r.uid} query ${q.refId}`,
              variable: false,
              query: q.model as XenbenchQuery,
            });
          }
        }
      }
    }
  }
  return out;
}
