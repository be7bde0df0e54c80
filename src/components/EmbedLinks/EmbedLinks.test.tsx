import React from 'react';
import { config } from '@grafana/runtime';
import { render, screen } from '@testing-library/react';

import { testIds } from '../testIds';
import { EmbedLinks } from './EmbedLinks';

describe('EmbedLinks', () => {
  const original = config.rendererAvailable;
  afterEach(() => {
    config.rendererAvailable = original;
  });

  it('gives the rendered PNG link and says nothing more when Grafana has a renderer', () => {
    config.rendererAvailable = true;
    render(<EmbedLinks />);
    expect((screen.getByTestId(testIds.report.renderUrl) as HTMLInputElement).value).toContain(
      '/render/d-solo/xenbench-scalability/'
    );
    expect(screen.queryByTestId(testIds.report.noRenderer)).not.toBeInTheDocument();
  });

  it('says how to wire the renderer when Grafana has none', () => {
    config.rendererAvailable = false;
    render(<EmbedLinks />);
    expect(screen.getByTestId(testIds.report.noRenderer)).toHaveTextContent('GF_RENDERING_SERVER_URL');
    expect(screen.getByText(/Share → Snapshot/)).toBeInTheDocument();
  });
});
