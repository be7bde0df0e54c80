package compose

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"
)

// loadWithProfiles loads the repository's compose file as `docker compose --profile p`
// does, with an empty environment.
func loadWithProfiles(t *testing.T, profiles ...string) *types.Project {
	t.Helper()
	root, err := filepath.Abs(repoRoot)
	if err != nil {
		t.Fatal(err)
	}
	p, err := loader.LoadWithContext(context.Background(), types.ConfigDetails{
		WorkingDir: root, ConfigFiles: []types.ConfigFile{{Filename: filepath.Join(root, "docker-compose.yml")}}, Environment: types.Mapping{},
	}, func(o *loader.Options) {
		o.SetProjectName("xenbench", true)
		o.Profiles = profiles
	})
	if err != nil {
		t.Fatalf("docker-compose.yml with profiles %v does not load: %v", profiles, err)
	}
	return p
}

func serviceNames(p *types.Project) []string {
	var out []string
	for n := range p.Services {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

// TestPrometheusProfile: `docker compose --profile prometheus up --build` adds
// Prometheus (remote-write receiver on, pinned image, its configuration from the
// repository) and the exporter (built from the Dockerfile's exporter stage, reading the
// simulator and the Exchange logs, writing to Prometheus, password by environment);
// plain `docker compose up --build` starts neither.
func TestPrometheusProfile(t *testing.T) {
	plain := loadWithProfiles(t)
	for _, name := range []string{"prometheus", "exporter"} {
		if _, ok := plain.Services[name]; ok {
			t.Errorf("%s starts without --profile prometheus (services: %v)", name, serviceNames(plain))
		}
	}
	p := loadWithProfiles(t, "prometheus")
	exp, ok := p.Services["exporter"]
	if !ok {
		t.Fatalf("no exporter service with --profile prometheus (services: %v)", serviceNames(p))
	}
	prom, ok := p.Services["prometheus"]
	if !ok {
		t.Fatalf("no prometheus service with --profile prometheus (services: %v)", serviceNames(p))
	}
	// Same loader view for the original checks: they must still hold with the profile.
	s, err := Load(repoRoot, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Project = p
	for _, c := range Checks {
		if c.Name == "admin-password" {
			continue // reloads the project itself
		}
		for _, problem := range c.Run(s) {
			t.Errorf("with --profile prometheus, %s: %s", c.Name, problem)
		}
	}

	if exp.Build == nil || exp.Build.Target == "" || s.Dockerfile.Stage(exp.Build.Target) == nil {
		t.Errorf("exporter must be built from a stage of .config/Dockerfile (build: %+v)", exp.Build)
	} else if !copiesExporter(s.Dockerfile.Stage(exp.Build.Target)) {
		t.Errorf("Dockerfile stage %s does not install the exporter built by build-backend.sh", exp.Build.Target)
	}
	cmd := strings.Join(exp.Command, " ")
	for _, want := range []string{"--url=http://simulator:", "--remote-write-url=http://prometheus:9090/api/v1/write", "--log-folder=", "--state-file="} {
		if !strings.Contains(cmd, want) {
			t.Errorf("exporter command %q lacks %s", cmd, want)
		}
	}
	if strings.Contains(cmd, "password") {
		t.Errorf("exporter command carries a password: %q (use XENBENCH_PASSWORD)", cmd)
	}
	if v, ok := envValue(exp, "XENBENCH_PASSWORD"); !ok || v == "" {
		t.Error("exporter has no XENBENCH_PASSWORD")
	}
	if _, ok := exp.DependsOn["simulator"]; !ok {
		t.Error("exporter does not wait for the simulator")
	}

	if !Pinned(prom.Image) {
		t.Errorf("prometheus image %q is not pinned to a release", prom.Image)
	}
	if !slices.Contains(prom.Command, "--web.enable-remote-write-receiver") {
		t.Errorf("prometheus command %v lacks --web.enable-remote-write-receiver", prom.Command)
	}
	var cfgPath string
	for _, v := range prom.Volumes {
		if v.Type == types.VolumeTypeBind && v.Target == "/etc/prometheus/prometheus.yml" {
			cfgPath = v.Source
		}
	}
	if cfgPath == "" {
		t.Fatal("prometheus does not mount its configuration from the repository")
	}
	raw, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		Storage struct {
			TSDB struct {
				OOO string `yaml:"out_of_order_time_window"`
			} `yaml:"tsdb"`
		} `yaml:"storage"`
		Scrape []struct {
			Honor   bool `yaml:"honor_labels"`
			Targets []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	if err := yaml.Unmarshal(raw, &cfg); err != nil {
		t.Fatalf("%s: %v", cfgPath, err)
	}
	if cfg.Storage.TSDB.OOO == "" {
		t.Error("prometheus.yml has no out_of_order_time_window: backfilled rows would be refused")
	}
	scraped := false
	for _, sc := range cfg.Scrape {
		for _, tg := range sc.Targets {
			if slices.Contains(tg.Targets, "exporter:9871") && sc.Honor {
				scraped = true
			}
		}
	}
	if !scraped {
		t.Error("prometheus.yml does not scrape exporter:9871 with honor_labels: true")
	}
}

func copiesExporter(st *Stage) bool {
	for _, in := range st.Instructions {
		if in.Cmd == "COPY" && strings.Contains(in.Args, "dist/exporter/xenbench-exporter_linux_") {
			return true
		}
	}
	return false
}
