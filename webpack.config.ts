// Extends create-plugin's webpack config (.config/ is not edited by hand; see
// https://grafana.com/developers/plugin-tools/how-to-guides/extend-configurations).
//
// Additions:
//  - the provisioned dashboards in ../dashboards are copied into dist/dashboards, where the
//    app's plugin.json "includes" point, so the zip carries them;
//  - nested plugins' logos (src/datasource/img, src/panel/img): the scaffold copies only
//    the logos named in the app's manifest;
//  - the threshold catalog lives in pkg/thresholds (embedded by the Go back end too), so
//    the TypeScript side imports it from there; webpack only needs to resolve the path.
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Configuration } from 'webpack';

import grafanaConfig, { type Env } from './.config/webpack/webpack.config';

const config = async (env: Env): Promise<Configuration> => {
  const baseConfig = await grafanaConfig(env);
  return {
    ...baseConfig,
    plugins: [
      ...(baseConfig.plugins ?? []),
      new CopyWebpackPlugin({
        patterns: [
          { from: '../dashboards', to: 'dashboards' },
          { from: '*/img/**', to: '.' },
        ],
      }),
    ],
  };
};

export default config;
