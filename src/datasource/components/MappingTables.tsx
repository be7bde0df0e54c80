import React, { useId } from 'react';
import { type DataSourcePluginOptionsEditorProps, updateDatasourcePluginJsonDataOption } from '@grafana/data';
import { ConfigSubSection } from '@grafana/plugin-ui';
import { Button, IconButton, Input, RadioButtonGroup, Stack } from '@grafana/ui';

import {
  Platform,
  type PlatformOverride,
  VolumeRole,
  type VolumeRoleMapping,
  type XenbenchOptions,
  type XenbenchSecureOptions,
} from '../types';
import { optionsOf, platformTexts, volumeRoleTexts } from './options';

type Props = DataSourcePluginOptionsEditorProps<XenbenchOptions, XenbenchSecureOptions>;

// An override says native or virtual; unknown is only ever the back end's answer.
const platformOptions = optionsOf([Platform.Native, Platform.Virtual] as const, platformTexts);
const roleOptions = optionsOf(Object.values(VolumeRole), volumeRoleTexts);

function replaceAt<T>(rows: T[], i: number, row: T): T[] {
  return rows.map((r, j) => (j === i ? row : r));
}

/**
 * The two mapping tables: native/virtual overrides per server, and the role of each
 * volume (database or log), whose latency limits differ.
 *
 * The rows are not wrapped in a `Field`: a Field hands its one id to every input and radio
 * group inside it, and a radio group uses that id as the `name` of its radios, so all rows
 * became one radio group (arrow keys on row 2 changed row 1). Each row's controls get their
 * own id (so their own radio group) and an aria-label naming the row.
 */
export function MappingTables(props: Props) {
  const base = useId();
  const overrides = props.options.jsonData.platformOverrides ?? [];
  const roles = props.options.jsonData.volumeRoles ?? [];
  const setOverrides = (rows: PlatformOverride[]) =>
    updateDatasourcePluginJsonDataOption(props, 'platformOverrides', rows);
  const setRoles = (rows: VolumeRoleMapping[]) => updateDatasourcePluginJsonDataOption(props, 'volumeRoles', rows);

  return (
    <>
      <ConfigSubSection
        title="Native / virtual overrides"
        description="A server matching a VM of the pool (name label or guest host name) is virtual, others native. Rows here override that."
      >
        <Stack direction="column" gap={0.5}>
          {overrides.map((row, i) => (
            <Stack key={i} gap={0.5} alignItems="center" data-testid="platform-override-row">
              <Input
                id={`${base}-override-${i}-server`}
                width={30}
                aria-label={`Server of override ${i + 1}`}
                value={row.server}
                placeholder="EXMBX01"
                onChange={(e) => setOverrides(replaceAt(overrides, i, { ...row, server: e.currentTarget.value }))}
              />
              <RadioButtonGroup
                id={`${base}-override-${i}-platform`}
                aria-label={`Platform of override ${i + 1}`}
                options={platformOptions}
                value={row.platform}
                onChange={(v) => setOverrides(replaceAt(overrides, i, { ...row, platform: v }))}
              />
              <IconButton
                name="trash-alt"
                tooltip={`Remove override ${i + 1}`}
                onClick={() => setOverrides(overrides.filter((_, j) => j !== i))}
              />
            </Stack>
          ))}
          <div>
            <Button
              variant="secondary"
              size="sm"
              icon="plus"
              onClick={() => setOverrides([...overrides, { server: '', platform: Platform.Native }])}
            >
              Add override
            </Button>
          </div>
        </Stack>
      </ConfigSubSection>
      <ConfigSubSection
        title="Volume roles"
        description="Which disk instance holds databases and which holds logs, per server (* for all). Without a row, instance names containing 'log' are log volumes and the rest database volumes."
      >
        <Stack direction="column" gap={0.5}>
          {roles.map((row, i) => (
            <Stack key={i} gap={0.5} alignItems="center" data-testid="volume-role-row">
              <Input
                id={`${base}-role-${i}-server`}
                width={20}
                aria-label={`Server of volume role ${i + 1}`}
                value={row.server}
                placeholder="*"
                onChange={(e) => setRoles(replaceAt(roles, i, { ...row, server: e.currentTarget.value }))}
              />
              <Input
                id={`${base}-role-${i}-instance`}
                width={12}
                aria-label={`Instance of volume role ${i + 1}`}
                value={row.instance}
                placeholder="L:"
                onChange={(e) => setRoles(replaceAt(roles, i, { ...row, instance: e.currentTarget.value }))}
              />
              <RadioButtonGroup
                id={`${base}-role-${i}-role`}
                aria-label={`Role of volume role ${i + 1}`}
                options={roleOptions}
                value={row.role}
                onChange={(v) => setRoles(replaceAt(roles, i, { ...row, role: v }))}
              />
              <IconButton
                name="trash-alt"
                tooltip={`Remove volume role ${i + 1}`}
                onClick={() => setRoles(roles.filter((_, j) => j !== i))}
              />
            </Stack>
          ))}
          <div>
            <Button
              variant="secondary"
              size="sm"
              icon="plus"
              onClick={() => setRoles([...roles, { server: '*', instance: '', role: VolumeRole.Log }])}
            >
              Add volume role
            </Button>
          </div>
        </Stack>
      </ConfigSubSection>
    </>
  );
}
