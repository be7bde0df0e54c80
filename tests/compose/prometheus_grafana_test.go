package compose

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"

	"github.com/xenbench/xenbench/pkg/promdash"
)

// TestPrometheusProfileProvisionsGrafana: with `--profile prometheus`, a one-shot
// service gives Grafana the Prometheus datasource (uid promdash.DatasourceUID, pointing
// at the profile's prometheus service) and the generated dashboard, through Grafana's
// HTTP API with the admin account compose gives Grafana; without the profile neither
// the service nor any datasource of type prometheus exists. The service's script is
// run here against a stand-in for Grafana's API, with the environment and files
// compose gives it.
func TestPrometheusProfileProvisionsGrafana(t *testing.T) {
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	plain := loadWithProfiles(t)
	if _, ok := plain.Services["grafana-prometheus"]; ok {
		t.Error("grafana-prometheus runs without --profile prometheus")
	}
	// No dangling datasource: the default profile's provisioning has no Prometheus.
	files, _ := filepath.Glob(filepath.Join(root, "provisioning", "datasources", "*.y*ml"))
	if len(files) == 0 {
		t.Fatal("no provisioning/datasources files: the check below would prove nothing")
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc struct {
			Datasources []struct{ Type, UID string } `yaml:"datasources"`
		}
		if err := yaml.Unmarshal(raw, &doc); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		for _, ds := range doc.Datasources {
			if ds.Type == "prometheus" || ds.UID == promdash.DatasourceUID {
				t.Errorf("%s provisions a Prometheus datasource for the default profile, where no Prometheus runs", f)
			}
		}
	}

	p := loadWithProfiles(t, "prometheus")
	setup, ok := p.Services["grafana-prometheus"]
	if !ok {
		t.Fatalf("no grafana-prometheus service with --profile prometheus (services: %v)", serviceNames(p))
	}
	grafana := p.Services["grafana"]
	if !Pinned(setup.Image) {
		t.Errorf("grafana-prometheus image %q is not pinned to a release", setup.Image)
	}
	if _, ok := setup.DependsOn["grafana"]; !ok {
		t.Error("grafana-prometheus does not start after grafana")
	}
	if setup.Restart != "no" && setup.Restart != "" {
		t.Errorf("grafana-prometheus restart %q: it is a one-shot", setup.Restart)
	}
	env := map[string]string{}
	for k, v := range setup.Environment {
		if v != nil {
			env[k] = *v
		}
	}
	// Same account as Grafana's admin, same Prometheus as the profile's.
	for key, want := range map[string]string{"GRAFANA_USER": "GF_SECURITY_ADMIN_USER", "GRAFANA_PASSWORD": "GF_SECURITY_ADMIN_PASSWORD"} {
		g, _ := envValue(grafana, want)
		if env[key] == "" || env[key] != g {
			t.Errorf("grafana-prometheus %s = %q, grafana's %s = %q", key, env[key], want, g)
		}
	}
	gu, err := url.Parse(env["GRAFANA_URL"])
	if err != nil || gu.Hostname() != "grafana" || gu.Port() != "3000" {
		t.Errorf("GRAFANA_URL %q is not the grafana service's port 3000", env["GRAFANA_URL"])
	}
	if _, ok := p.Services["prometheus"]; !ok || env["PROMETHEUS_URL"] != "http://prometheus:9090" {
		t.Errorf("PROMETHEUS_URL %q is not the profile's prometheus service (http://prometheus:9090)", env["PROMETHEUS_URL"])
	}

	// The container paths the service uses, back on this machine through its mounts.
	hostPath := func(container string) string {
		t.Helper()
		for _, v := range setup.Volumes {
			if v.Type != types.VolumeTypeBind || !strings.HasPrefix(container, v.Target+"/") {
				continue
			}
			if !v.ReadOnly {
				t.Errorf("mount %s is writable; the service only reads it", v.Target)
			}
			return filepath.Join(v.Source, strings.TrimPrefix(container, v.Target+"/"))
		}
		t.Fatalf("%s is not in a bind mount of grafana-prometheus (volumes %+v)", container, setup.Volumes)
		return ""
	}
	if len(setup.Entrypoint) != 2 || setup.Entrypoint[0] != "/bin/sh" {
		t.Fatalf("grafana-prometheus entrypoint %v, want /bin/sh <script>", setup.Entrypoint)
	}
	script := hostPath(setup.Entrypoint[1])
	dashboard := hostPath(env["DASHBOARD"])
	if want := filepath.Join(root, promdash.File); dashboard != want {
		t.Errorf("DASHBOARD is %s on this machine, want the generated %s", dashboard, want)
	}

	for _, tool := range []string{"sh", "curl"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is needed to run %s (scripts/test-all.sh installs curl): %v", tool, script, err)
		}
	}
	fake := newFakeGrafana(t, env["GRAFANA_USER"], `pa"ss\word`)
	run := func() {
		t.Helper()
		cmd := exec.Command("sh", script)
		cmd.Env = append(os.Environ(), "GRAFANA_URL="+fake.srv.URL, "GRAFANA_USER="+env["GRAFANA_USER"], `GRAFANA_PASSWORD=pa"ss\word`,
			"PROMETHEUS_URL="+env["PROMETHEUS_URL"], "DASHBOARD="+dashboard, "GRAFANA_WAIT_TRIES=20")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s: %v\n%s", script, err, out)
		}
		if strings.Contains(string(out), "pa\"ss") {
			t.Fatalf("the script printed the password:\n%s", out)
		}
	}
	run()
	run() // again, as after `docker compose up` a second time: update, not fail
	fake.mu.Lock()
	defer fake.mu.Unlock()
	if fake.unhealthy > 0 {
		t.Errorf("the script did not wait for Grafana's health (%d answers to give)", fake.unhealthy)
	}
	if fake.badAuth > 0 {
		t.Errorf("%d API calls without the admin account", fake.badAuth)
	}
	ds := fake.datasources[promdash.DatasourceUID]
	if ds == nil {
		t.Fatalf("no datasource with uid %s (got %v)", promdash.DatasourceUID, fake.datasources)
	}
	if ds["type"] != "prometheus" || ds["url"] != env["PROMETHEUS_URL"] || ds["access"] != "proxy" {
		t.Errorf("datasource %v: want type prometheus, access proxy, url %s", ds, env["PROMETHEUS_URL"])
	}
	if fake.updates != 1 {
		t.Errorf("second run: %d datasource updates, want 1 (PUT after 409)", fake.updates)
	}
	want, err := os.ReadFile(dashboard)
	if err != nil {
		t.Fatal(err)
	}
	var wantDash map[string]any
	if err := json.Unmarshal(want, &wantDash); err != nil {
		t.Fatal(err)
	}
	if len(fake.dashboards) != 2 {
		t.Fatalf("%d dashboard posts, want 2", len(fake.dashboards))
	}
	for _, d := range fake.dashboards {
		if d["overwrite"] != true {
			t.Errorf("dashboard posted without overwrite: %v", d["overwrite"])
		}
		got, _ := json.Marshal(d["dashboard"])
		exp, _ := json.Marshal(wantDash)
		if string(got) != string(exp) {
			t.Errorf("posted dashboard differs from %s", promdash.File)
		}
	}
	// The dashboard's datasource variable picks the provisioned datasource.
	for _, v := range wantDash["templating"].(map[string]any)["list"].([]any) {
		v := v.(map[string]any)
		if v["type"] == "datasource" {
			if cur, _ := v["current"].(map[string]any); cur["value"] != promdash.DatasourceUID {
				t.Errorf("dashboard variable %s defaults to %v, not the provisioned %s", v["name"], v["current"], promdash.DatasourceUID)
			}
		}
	}
}

// fakeGrafana answers the calls of deploy/prometheus/grafana/setup.sh as Grafana's HTTP
// API does: /api/health unhealthy at first, datasources by uid (409 for an existing
// one, PUT to update), dashboards.
type fakeGrafana struct {
	srv         *httptest.Server
	mu          sync.Mutex
	unhealthy   int
	badAuth     int
	updates     int
	datasources map[string]map[string]any
	dashboards  []map[string]any
}

func newFakeGrafana(t *testing.T, user, password string) *fakeGrafana {
	f := &fakeGrafana{unhealthy: 2, datasources: map[string]map[string]any{}}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if r.URL.Path == "/api/health" {
			if f.unhealthy > 0 {
				f.unhealthy--
				http.Error(w, `{"database":"failing"}`, http.StatusServiceUnavailable)
				return
			}
			_, _ = io.WriteString(w, `{"database":"ok"}`)
			return
		}
		if u, p, ok := r.BasicAuth(); !ok || u != user || p != password {
			f.badAuth++
			http.Error(w, `{"message":"invalid username or password"}`, http.StatusUnauthorized)
			return
		}
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, `{"message":"bad request data"}`, http.StatusBadRequest)
			return
		}
		switch {
		case r.Method == http.MethodPost && r.URL.Path == "/api/datasources":
			uid, _ := body["uid"].(string)
			if f.datasources[uid] != nil {
				http.Error(w, `{"message":"data source with the same uid already exists"}`, http.StatusConflict)
				return
			}
			f.datasources[uid] = body
		case r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, "/api/datasources/uid/"):
			uid := strings.TrimPrefix(r.URL.Path, "/api/datasources/uid/")
			if f.datasources[uid] == nil {
				http.Error(w, `{"message":"data source not found"}`, http.StatusNotFound)
				return
			}
			f.datasources[uid] = body
			f.updates++
		case r.Method == http.MethodPost && r.URL.Path == "/api/dashboards/db":
			f.dashboards = append(f.dashboards, body)
		default:
			http.NotFound(w, r)
			return
		}
		_, _ = io.WriteString(w, `{"status":"success"}`)
	}))
	t.Cleanup(f.srv.Close)
	return f
}
