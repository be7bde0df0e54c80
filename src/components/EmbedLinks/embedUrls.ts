/**
 * URLs for embedding one panel in a wiki page. Grafana serves a single panel at
 * /d-solo/<uid>/<slug>?panelId=N, and the same view as a PNG at /render/d-solo/..., which it
 * has Grafana's image renderer service draw ([rendering] server_url and callback_url; the
 * compose file starts and wires one); the iframe needs `allow_embedding = true` in grafana.ini.
 */
export interface EmbedTarget {
  baseUrl: string; // e.g. https://grafana.example.com (no trailing slash)
  dashboardUid: string;
  slug?: string;
  panelId: number;
  orgId?: number;
  from?: string;
  to?: string;
  theme?: 'light' | 'dark';
  width?: number;
  height?: number;
}

function query(t: EmbedTarget, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams({
    orgId: String(t.orgId ?? 1),
    panelId: String(t.panelId),
    from: t.from ?? 'now-6h',
    to: t.to ?? 'now',
    theme: t.theme ?? 'light',
  });
  for (const [k, v] of Object.entries(extra)) {
    params.set(k, String(v));
  }
  return params.toString();
}

function path(t: EmbedTarget): string {
  return `d-solo/${encodeURIComponent(t.dashboardUid)}/${encodeURIComponent(t.slug ?? t.dashboardUid)}`;
}

export function soloUrl(t: EmbedTarget): string {
  return `${t.baseUrl}/${path(t)}?${query(t)}`;
}

export function iframeHtml(t: EmbedTarget): string {
  const src = soloUrl(t).replace(/&/g, '&amp;');
  return `<iframe src="${src}" width="${t.width ?? 800}" height="${t.height ?? 400}" frameborder="0"></iframe>`;
}

export function renderUrl(t: EmbedTarget): string {
  return `${t.baseUrl}/render/${path(t)}?${query(t, { width: t.width ?? 1000, height: t.height ?? 500, tz: 'UTC' })}`;
}
