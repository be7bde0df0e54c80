import React, { useId, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { type DataFrameJSON, dataFrameFromJSON, updateDatasourcePluginJsonDataOption } from '@grafana/data';
import { ConfigSubSection } from '@grafana/plugin-ui';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, IconButton, Input, Stack } from '@grafana/ui';

import type { ConfigProps } from './configTypes';
import { urlError } from './validateSettings';

/**
 * The pool's other members as URLs from the hosts' addresses (inventory kind `hosts`, field
 * `address`), with the configured URL's scheme and port, leaving out the configured host.
 */
export function memberUrls(configured: string | undefined, addresses: string[]): string[] {
  let scheme = 'https:';
  let port = '';
  let own = '';
  try {
    const u = new URL(configured ?? '');
    scheme = u.protocol;
    port = u.port ? `:${u.port}` : '';
    own = u.host;
  } catch {
    // no valid URL yet: https and the default port
  }
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of addresses) {
    const address = a.trim();
    if (!address || seen.has(address)) {
      continue;
    }
    seen.add(address);
    const url = memberUrl(scheme, port, address);
    if (url && new URL(url).host !== own) {
      out.push(url);
    }
  }
  return out;
}

// host.address is an IP or a name, IPv6 without brackets; an address that already carries a
// port (one colon, as the pool simulator's default layout gives) keeps it.
function memberUrl(scheme: string, port: string, address: string): string | undefined {
  const hasOwnPort = /^[^:]+:\d+$/.test(address) || /^\[[^\]]+\]:\d+$/.test(address);
  const url = hasOwnPort ? `${scheme}//${address}` : `${scheme}//${bracketed(address)}${port}`;
  try {
    return new URL(url).href.replace(/\/$/, '');
  } catch {
    return undefined;
  }
}

function bracketed(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

async function hostAddresses(uid: string): Promise<string[]> {
  const res = await lastValueFrom(
    getBackendSrv().fetch<{ results: Record<string, { frames?: DataFrameJSON[]; error?: string }> }>({
      url: '/api/ds/query',
      method: 'POST',
      showErrorAlert: false,
      data: {
        from: 'now-5m',
        to: 'now',
        queries: [{ refId: 'hosts', queryType: 'inventory', inventoryKind: 'hosts', datasource: { uid } }],
      },
    })
  );
  const r = res.data.results.hosts;
  if (r?.error) {
    throw new Error(r.error);
  }
  const frames = (r?.frames ?? []).map((f) => dataFrameFromJSON(f));
  const field = frames.flatMap((f) => f.fields).find((f) => f.name === 'address');
  if (!field) {
    throw new Error('the datasource lists the hosts but not their addresses');
  }
  return field.values.map(String);
}

/**
 * jsonData.poolMembers: the URLs the back end tries, in order, when the configured one does
 * not answer (the master is down and HA has not yet elected a new one).
 */
export function PoolMembers(props: ConfigProps) {
  const base = useId();
  const members = props.options.jsonData.poolMembers ?? [];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const set = (rows: string[]) => updateDatasourcePluginJsonDataOption(props, 'poolMembers', rows);

  const fill = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const found = memberUrls(props.options.url, await hostAddresses(props.options.uid));
      if (found.length === 0) {
        setError('The pool has no other host with an address.');
      } else {
        set([...members, ...found.filter((u) => !members.includes(u))]);
      }
    } catch (e: unknown) {
      const err = e as { data?: { message?: string }; message?: string };
      setError(
        `Could not read the pool's hosts (${err.data?.message ?? err.message ?? 'unknown error'}). Save & test with a reachable pool master first.`
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <ConfigSubSection
      title="Pool members"
      description="Other hosts of the pool, tried in this order when the pool master URL does not answer (e.g. during an HA failover). Optional."
    >
      <Stack direction="column" gap={0.5}>
        {members.map((m, i) => {
          const err = urlError(m, { required: true });
          return (
            <Stack key={i} gap={0.5} alignItems="flex-start">
              <Field invalid={Boolean(err)} error={err} noMargin>
                <Input
                  id={`${base}-member-${i}`}
                  width={56}
                  aria-label={`Pool member ${i + 1}`}
                  value={m}
                  placeholder="https://xenserver-02.example.com"
                  onChange={(e) => set(members.map((x, j) => (j === i ? e.currentTarget.value : x)))}
                />
              </Field>
              <IconButton
                name="trash-alt"
                tooltip={`Remove pool member ${i + 1}`}
                onClick={() => set(members.filter((_, j) => j !== i))}
              />
            </Stack>
          );
        })}
        <Stack gap={1}>
          <Button variant="secondary" size="sm" icon="plus" onClick={() => set([...members, ''])}>
            Add pool member
          </Button>
          <Button variant="secondary" size="sm" icon="sync" onClick={fill} disabled={busy || !props.options.uid}>
            Fill from the pool&apos;s hosts
          </Button>
        </Stack>
        {error && (
          <Alert severity="warning" title="Pool members not filled">
            {error}
          </Alert>
        )}
      </Stack>
    </ConfigSubSection>
  );
}
