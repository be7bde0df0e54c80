import fs from 'fs';
import path from 'path';

import { DATASOURCE_TYPE, PANEL_TYPE, PLUGIN_ID } from './constants';

const readJson = (p: string) => JSON.parse(fs.readFileSync(path.resolve(__dirname, p), 'utf8'));

describe('plugin ids', () => {
  it('match the manifests', () => {
    expect(readJson('../plugin.json').id).toBe(PLUGIN_ID);
    expect(readJson('./datasource/plugin.json').id).toBe(DATASOURCE_TYPE);
    expect(readJson('./panel/plugin.json').id).toBe(PANEL_TYPE);
  });
});
