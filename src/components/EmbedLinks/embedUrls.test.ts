import { iframeHtml, renderUrl, soloUrl } from './embedUrls';

const target = {
  baseUrl: 'https://g.example.com',
  dashboardUid: 'xenbench-scalability',
  panelId: 2,
  theme: 'dark' as const,
};

describe('embed urls', () => {
  it('builds a d-solo url with org, panel, range and theme', () => {
    expect(soloUrl(target)).toBe(
      'https://g.example.com/d-solo/xenbench-scalability/xenbench-scalability?orgId=1&panelId=2&from=now-6h&to=now&theme=dark'
    );
  });
  it('escapes ampersands in the iframe src', () => {
    const html = iframeHtml({ ...target, width: 640, height: 300 });
    expect(html).toContain(
      'src="https://g.example.com/d-solo/xenbench-scalability/xenbench-scalability?orgId=1&amp;panelId=2'
    );
    expect(html).toContain('width="640" height="300"');
  });
  it('builds an image-render url with a size', () => {
    const url = new URL(renderUrl({ ...target, width: 1200, height: 600 }));
    expect(url.pathname).toBe('/render/d-solo/xenbench-scalability/xenbench-scalability');
    expect(url.searchParams.get('width')).toBe('1200');
    expect(url.searchParams.get('height')).toBe('600');
    expect(url.searchParams.get('panelId')).toBe('2');
  });
});
