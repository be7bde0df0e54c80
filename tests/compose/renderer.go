package compose

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// RendererImage is Grafana's image renderer service image.
const RendererImage = "grafana/grafana-image-renderer"

// RendererPort is the port the renderer service listens on by default.
const RendererPort = 8081

// GrafanaPort is the port the official Grafana image listens on.
const GrafanaPort = 3000

// CheckRenderer: a pinned image renderer service runs beside Grafana, and Grafana is
// wired to it: GF_RENDERING_SERVER_URL is the service's /render endpoint on the
// compose network, GF_RENDERING_CALLBACK_URL is Grafana's own address there (the
// renderer loads the panel back from it), and both sides share one token.
func CheckRenderer(s *Setup) []string {
	g, ok := s.service("grafana")
	if !ok {
		return nil
	}
	var name string
	for _, n := range s.serviceNames() {
		if strings.HasPrefix(s.Project.Services[n].Image, RendererImage+":") {
			name = n
		}
	}
	if name == "" {
		return []string{fmt.Sprintf("no service runs %s: rendered PNGs (/render/d-solo/...) fail without it", RendererImage)}
	}
	r := s.Project.Services[name]
	var out []string
	if _, _, ok := imageTag(r.Image, RendererImage); !ok || !Pinned(r.Image) || !exactRelease(r.Image) {
		out = append(out, fmt.Sprintf("service %s: image %q must be pinned to an exact release", name, r.Image))
	}
	server, _ := envValue(g, "GF_RENDERING_SERVER_URL")
	if u, err := url.Parse(server); err != nil || u.Scheme != "http" || u.Hostname() != name || u.Port() != strconv.Itoa(RendererPort) || u.Path != "/render" {
		out = append(out, fmt.Sprintf("grafana: GF_RENDERING_SERVER_URL = %q, want http://%s:%d/render", server, name, RendererPort))
	}
	callback, _ := envValue(g, "GF_RENDERING_CALLBACK_URL")
	if u, err := url.Parse(callback); err != nil || u.Scheme != "http" || u.Hostname() != "grafana" || u.Port() != strconv.Itoa(GrafanaPort) || u.Path != "/" {
		out = append(out, fmt.Sprintf("grafana: GF_RENDERING_CALLBACK_URL = %q, want http://grafana:%d/ (Grafana's address on the compose network)", callback, GrafanaPort))
	}
	token, _ := envValue(g, "GF_RENDERING_RENDERER_TOKEN")
	authToken, _ := envValue(r, "AUTH_TOKEN")
	if token == "" || token != authToken {
		out = append(out, fmt.Sprintf("grafana's GF_RENDERING_RENDERER_TOKEN and %s's AUTH_TOKEN must be set and equal", name))
	}
	if dep, ok := g.DependsOn[name]; !ok || dep.Condition == "" {
		out = append(out, fmt.Sprintf("grafana does not depend on %s", name))
	}
	for _, p := range r.Ports {
		if p.Published != "" {
			out = append(out, fmt.Sprintf("service %s publishes port %s: only Grafana needs to reach it", name, p.Published))
		}
	}
	return out
}

// exactRelease reports whether an image's tag is a full version (v5.10.3, 13.1.1).
func exactRelease(image string) bool {
	tag := image[strings.LastIndex(image, ":")+1:]
	tag = strings.TrimPrefix(tag, "v")
	version, _, _ := strings.Cut(tag, "-")
	return exactVersion.MatchString(version)
}
