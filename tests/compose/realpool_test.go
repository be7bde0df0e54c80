package compose

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"
)

// realPoolOverride is the override README's real-pool section tells users to copy
// next to docker-compose.yml.
const realPoolOverride = "deploy/real-pool/docker-compose.override.yml"

var realPoolEnv = map[string]string{
	"XENBENCH_POOL_URL":      "https://xenserver-master.example.com",
	"XENBENCH_POOL_USER":     `EXAMPLE\xenbench-reader`,
	"XENBENCH_POOL_PASSWORD": "from-the-environment",
	"XENBENCH_LOG_FOLDER":    "/srv/exchange-logs",
	"XENBENCH_POOL_CA":       "/srv/pool-ca.pem",
}

// TestRealPoolOverride loads docker-compose.yml with the real-pool override, as
// `docker compose up` does once the override is copied beside it: no simulator runs
// or is waited for, Grafana gets the real URL, user and password variable, the log
// folder is bind-mounted read-only where the datasource reads it, and the mounted
// datasource file keeps the uid the alert rules query, with the pool's CA.
func TestRealPoolOverride(t *testing.T) {
	p, err := LoadProject(repoRoot, realPoolEnv, realPoolOverride)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.Services["simulator"]; ok {
		t.Error("the simulator still starts with the real-pool override")
	}
	g, ok := p.Services["grafana"]
	if !ok {
		t.Fatal("no grafana service")
	}
	if _, ok := g.DependsOn["simulator"]; ok {
		t.Error("grafana still waits for the simulator")
	}
	for key, want := range map[string]string{
		"XENBENCH_POOL_URL":      realPoolEnv["XENBENCH_POOL_URL"],
		"XENBENCH_POOL_USER":     realPoolEnv["XENBENCH_POOL_USER"],
		"XENBENCH_POOL_PASSWORD": realPoolEnv["XENBENCH_POOL_PASSWORD"],
	} {
		if got, _ := envValue(g, key); got != want {
			t.Errorf("grafana %s = %q, want %q", key, got, want)
		}
	}
	for key := range g.Environment {
		if strings.Contains(strings.ToUpper(key), "SIM") {
			t.Errorf("grafana's environment still has %s, named after the simulator", key)
		}
	}
	mounts := map[string]types.ServiceVolumeConfig{}
	for _, v := range g.Volumes {
		mounts[v.Target] = v
	}
	logs, ok := mounts["/var/lib/xenbench/logs"]
	if !ok || logs.Type != types.VolumeTypeBind || logs.Source != realPoolEnv["XENBENCH_LOG_FOLDER"] || !logs.ReadOnly {
		t.Errorf("the log folder is not bind-mounted read-only from XENBENCH_LOG_FOLDER: %+v", logs)
	}
	ds, ok := mounts["/etc/grafana/provisioning/datasources/xenbench.yaml"]
	if !ok || ds.Type != types.VolumeTypeBind {
		t.Fatalf("the real pool's datasource file is not mounted: %v", mounts)
	}
	if _, ok := mounts["/etc/xenbench/pool-ca.pem"]; !ok {
		t.Error("the pool's CA is not mounted where the datasource file reads it")
	}
	checkRealPoolDatasource(t, ds.Source)
}

// checkRealPoolDatasource reads the mounted datasource file: same uid and type as the
// simulator's (provisioning/datasources/xenbench.yaml), CA verification on, the
// secrets read from the environment or a file, never written in it.
func checkRealPoolDatasource(t *testing.T, file string) {
	t.Helper()
	type ds struct {
		UID            string            `yaml:"uid"`
		Type           string            `yaml:"type"`
		URL            string            `yaml:"url"`
		JSONData       map[string]any    `yaml:"jsonData"`
		SecureJSONData map[string]string `yaml:"secureJsonData"`
	}
	read := func(path string) ds {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var f struct {
			Datasources []ds `yaml:"datasources"`
		}
		if err := yaml.Unmarshal(data, &f); err != nil || len(f.Datasources) != 1 {
			t.Fatalf("%s: want one datasource (%v)", path, err)
		}
		return f.Datasources[0]
	}
	real, sim := read(file), read(filepath.Join(repoRoot, "provisioning", "datasources", "xenbench.yaml"))
	if real.UID != sim.UID || real.Type != sim.Type {
		t.Errorf("real pool datasource %s/%s, the simulator's %s/%s: the alert rules follow one uid", real.Type, real.UID, sim.Type, sim.UID)
	}
	if real.URL != "$XENBENCH_POOL_URL" || real.JSONData["username"] != "$XENBENCH_POOL_USER" {
		t.Errorf("url %q, username %v: want $XENBENCH_POOL_URL and $XENBENCH_POOL_USER", real.URL, real.JSONData["username"])
	}
	if real.JSONData["tlsAuthWithCACert"] != true || real.SecureJSONData["tlsCACert"] != "$__file{/etc/xenbench/pool-ca.pem}" {
		t.Errorf("CA verification: tlsAuthWithCACert %v, tlsCACert %q", real.JSONData["tlsAuthWithCACert"], real.SecureJSONData["tlsCACert"])
	}
	if real.SecureJSONData["password"] != "$XENBENCH_POOL_PASSWORD" {
		t.Errorf("password %q, want $XENBENCH_POOL_PASSWORD", real.SecureJSONData["password"])
	}
}

// TestRealPoolOverrideNeedsItsVariables: without the pool's password, log folder or
// CA the override refuses to load, naming the variable, instead of starting Grafana
// against nothing.
func TestRealPoolOverrideNeedsItsVariables(t *testing.T) {
	for _, missing := range []string{"XENBENCH_POOL_URL", "XENBENCH_POOL_PASSWORD", "XENBENCH_LOG_FOLDER", "XENBENCH_POOL_CA"} {
		env := map[string]string{}
		for k, v := range realPoolEnv {
			if k != missing {
				env[k] = v
			}
		}
		_, err := LoadProject(repoRoot, env, realPoolOverride)
		if err == nil || !strings.Contains(err.Error(), missing) {
			t.Errorf("without %s: want an error naming it, got %v", missing, err)
		}
	}
}
