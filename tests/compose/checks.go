package compose

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"
)

// UnsignedPluginIDs are the bundle's plugins, all unsigned in development.
var UnsignedPluginIDs = []string{"xenbench-exchange-app", "xenbench-xenserver-datasource", "xenbench-latencycompare-panel"}

// CIBuildCommands are the build steps CI runs (scripts/test-all.sh); the Dockerfile
// must build the bundle with the same ones so the image matches the tested zip.
var CIBuildCommands = []string{"npm ci", "npm run build", "bash scripts/build-backend.sh"}

// PluginDir is where the image must install the bundle.
const PluginDir = "/var/lib/grafana/plugins/xenbench-exchange-app"

// Check is one named check of a Setup.
type Check struct {
	Name string
	Run  func(s *Setup) []string
}

// Checks lists every check. CheckAdminPassword needs to reload the project with
// other environments and is separate.
var Checks = []Check{
	{"services", CheckServices},
	{"grafana-build", CheckGrafanaBuild},
	{"images-pinned", CheckImagesPinned},
	{"unsigned-plugins", CheckUnsignedPlugins},
	{"bind-mounts", CheckBindMounts},
	{"simulator-health", CheckSimulatorHealth},
	{"anonymous-off", CheckAnonymousOff},
	{"admin-password", CheckAdminPassword},
	{"ci-build-commands", CheckBuildCommands},
	{"image-contents", CheckImageContents},
	{"dockerignore", CheckDockerignore},
	{"versions", CheckVersions},
	{"renderer", CheckRenderer},
	{"dashboards-once", CheckDashboardsOnce},
}

func (s *Setup) service(name string) (types.ServiceConfig, bool) {
	svc, ok := s.Project.Services[name]
	return svc, ok
}

func (s *Setup) serviceNames() []string {
	var names []string
	for n := range s.Project.Services {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// targetStage is the Dockerfile stage the grafana service builds, or nil.
func (s *Setup) targetStage() *Stage {
	g, ok := s.service("grafana")
	if !ok || g.Build == nil {
		return nil
	}
	if g.Build.Target == "" {
		return &s.Dockerfile.Stages[len(s.Dockerfile.Stages)-1]
	}
	return s.Dockerfile.Stage(g.Build.Target)
}

func envValue(svc types.ServiceConfig, key string) (string, bool) {
	v, ok := svc.Environment[key]
	if !ok || v == nil {
		return "", false
	}
	return *v, true
}

func buildArgs(svc types.ServiceConfig) map[string]string {
	args := map[string]string{}
	if svc.Build != nil {
		for k, v := range svc.Build.Args {
			if v != nil {
				args[k] = *v
			}
		}
	}
	return args
}

// CheckServices: the grafana and simulator services exist.
func CheckServices(s *Setup) []string {
	var out []string
	for _, name := range []string{"grafana", "simulator"} {
		if _, ok := s.service(name); !ok {
			out = append(out, fmt.Sprintf("no %q service (services: %v)", name, s.serviceNames()))
		}
	}
	return out
}

// CheckGrafanaBuild: grafana is built from .config/Dockerfile with the repository
// as context; the file is multi-stage (Node and Go build stages) and the built
// stage starts from the official Grafana image.
func CheckGrafanaBuild(s *Setup) []string {
	g, ok := s.service("grafana")
	if !ok {
		return nil // reported by CheckServices
	}
	if g.Build == nil {
		return []string{"grafana has no build section: the bundle must be built from source"}
	}
	var out []string
	if g.Build.Context != s.Root {
		out = append(out, fmt.Sprintf("grafana build context %q, want the repository root", g.Build.Context))
	}
	if df := filepath.Clean(g.Build.Dockerfile); df != filepath.Join(".config", "Dockerfile") && df != filepath.Join(s.Root, ".config", "Dockerfile") {
		out = append(out, fmt.Sprintf("grafana builds from %q, want .config/Dockerfile", g.Build.Dockerfile))
	}
	st := s.targetStage()
	if st == nil {
		return append(out, fmt.Sprintf("build target %q is not a stage of .config/Dockerfile", g.Build.Target))
	}
	image := s.Dockerfile.ExpandImage(st.Image, buildArgs(g))
	if !strings.HasPrefix(image, "grafana/grafana:") && !strings.HasPrefix(image, "grafana/grafana-enterprise:") {
		out = append(out, fmt.Sprintf("the grafana stage starts FROM %q, want the official grafana/grafana image", image))
	}
	for _, base := range []string{"node", "golang"} {
		found := false
		for _, other := range s.Dockerfile.Stages {
			found = found || strings.HasPrefix(s.Dockerfile.ExpandImage(other.Image, buildArgs(g)), base+":")
		}
		if !found {
			out = append(out, fmt.Sprintf(".config/Dockerfile has no build stage FROM a %s image (multi-stage: Node front end, Go back end)", base))
		}
	}
	return out
}

// CheckImagesPinned: no image, in compose or in a Dockerfile FROM (after build
// arguments and ARG defaults), is untagged or latest.
func CheckImagesPinned(s *Setup) []string {
	var out []string
	for _, name := range s.serviceNames() {
		svc := s.Project.Services[name]
		if svc.Image != "" && !Pinned(svc.Image) {
			out = append(out, fmt.Sprintf("service %s: image %q is not pinned to a version", name, svc.Image))
		}
		if svc.Build == nil {
			continue
		}
		stages := map[string]bool{}
		for _, st := range s.Dockerfile.Stages {
			image := s.Dockerfile.ExpandImage(st.Image, buildArgs(svc))
			if !stages[strings.ToLower(image)] && image != "scratch" && !Pinned(image) {
				out = append(out, fmt.Sprintf("service %s: Dockerfile stage %q starts FROM %q (%s), which is not pinned", name, st.Name, image, st.Image))
			}
			stages[st.Name] = true
		}
	}
	return out
}

// Pinned reports whether an image reference names a tag other than latest, or a digest.
func Pinned(image string) bool {
	if strings.Contains(image, "@sha256:") {
		return true
	}
	slash := strings.LastIndex(image, "/")
	colon := strings.LastIndex(image, ":")
	if colon <= slash {
		return false
	}
	tag := image[colon+1:]
	return tag != "" && tag != "latest"
}

// CheckUnsignedPlugins: Grafana may load exactly the bundle's three unsigned plugins.
func CheckUnsignedPlugins(s *Setup) []string {
	g, ok := s.service("grafana")
	if !ok {
		return nil
	}
	v, ok := envValue(g, "GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS")
	if !ok {
		return []string{"grafana: GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS is not set"}
	}
	var got []string
	for _, id := range strings.Split(v, ",") {
		got = append(got, strings.TrimSpace(id))
	}
	sort.Strings(got)
	want := slices.Clone(UnsignedPluginIDs)
	sort.Strings(want)
	if !slices.Equal(got, want) {
		return []string{fmt.Sprintf("GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS = %q, want exactly %s", v, strings.Join(UnsignedPluginIDs, ","))}
	}
	return nil
}

// CheckBindMounts: every host path a service mounts exists inside the repository,
// and Grafana mounts provisioning/.
func CheckBindMounts(s *Setup) []string {
	var out []string
	provisioning := false
	for _, name := range s.serviceNames() {
		for _, v := range s.Project.Services[name].Volumes {
			if v.Type != types.VolumeTypeBind {
				continue
			}
			r, err := filepath.Rel(s.Root, v.Source)
			if err != nil || r == ".." || strings.HasPrefix(r, "../") {
				out = append(out, fmt.Sprintf("service %s mounts %s, outside the repository", name, v.Source))
				continue
			}
			if _, err := os.Stat(v.Source); err != nil {
				out = append(out, fmt.Sprintf("service %s mounts ./%s, which does not exist in the repository", name, filepath.ToSlash(r)))
			}
			if name == "grafana" && r == "provisioning" && v.Target == "/etc/grafana/provisioning" {
				provisioning = true
			}
		}
	}
	if !provisioning {
		out = append(out, "grafana does not mount ./provisioning at /etc/grafana/provisioning")
	}
	return out
}

// CheckSimulatorHealth: the simulator has a healthcheck and Grafana waits for it.
func CheckSimulatorHealth(s *Setup) []string {
	sim, ok := s.service("simulator")
	if !ok {
		return nil
	}
	var out []string
	if hc := sim.HealthCheck; hc == nil || hc.Disable || len(hc.Test) == 0 || hc.Test[0] == "NONE" {
		out = append(out, "the simulator has no healthcheck")
	}
	if g, ok := s.service("grafana"); ok {
		if dep, ok := g.DependsOn["simulator"]; !ok || dep.Condition != types.ServiceConditionHealthy {
			out = append(out, "grafana does not wait for a healthy simulator (depends_on: simulator: condition: service_healthy)")
		}
	}
	return out
}

var anonymousOn = regexp.MustCompile(`GF_AUTH_ANONYMOUS_ENABLED[= ]+"?true`)

// CheckAnonymousOff: anonymous access is off unless asked for, in compose and in the
// image, and read-only (Viewer) when on.
func CheckAnonymousOff(s *Setup) []string {
	g, ok := s.service("grafana")
	if !ok {
		return nil
	}
	var out []string
	if v, ok := envValue(g, "GF_AUTH_ANONYMOUS_ENABLED"); ok && v != "false" {
		out = append(out, fmt.Sprintf("GF_AUTH_ANONYMOUS_ENABLED is %q by default, want false", v))
	}
	if v, ok := envValue(g, "GF_AUTH_ANONYMOUS_ORG_ROLE"); ok && v != "Viewer" {
		out = append(out, fmt.Sprintf("GF_AUTH_ANONYMOUS_ORG_ROLE is %q, want Viewer (read-only)", v))
	}
	if st := s.targetStage(); st != nil {
		for _, in := range st.Instructions {
			if in.Cmd == "ENV" && anonymousOn.MatchString(in.Args) {
				out = append(out, fmt.Sprintf(".config/Dockerfile line %d turns anonymous access on: ENV %s", in.Line, in.Args))
			}
		}
	}
	return out
}

var envWithDefault = regexp.MustCompile(`^\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]+)\}$`)

// CheckAdminPassword: the admin password is ${VAR:-default} in the file; the
// default applies when VAR is unset and VAR wins when set (checked by loading the
// project again with VAR set).
func CheckAdminPassword(s *Setup) []string {
	raw := s.Raw.Services["grafana"]
	env, _ := raw["environment"].(map[string]any)
	value, _ := env["GF_SECURITY_ADMIN_PASSWORD"].(string)
	m := envWithDefault.FindStringSubmatch(value)
	if m == nil {
		return []string{fmt.Sprintf("GF_SECURITY_ADMIN_PASSWORD is %q in docker-compose.yml (environment as a map), want ${VAR:-default}", value)}
	}
	variable, def := m[1], m[2]
	var out []string
	if g, ok := s.service("grafana"); ok {
		if got, _ := envValue(g, "GF_SECURITY_ADMIN_PASSWORD"); got != def {
			out = append(out, fmt.Sprintf("with %s unset the admin password is %q, want the default %q", variable, got, def))
		}
	}
	p, err := LoadProject(s.Root, map[string]string{variable: "set-by-the-environment"})
	if err != nil {
		return append(out, err.Error())
	}
	if got, _ := envValue(p.Services["grafana"], "GF_SECURITY_ADMIN_PASSWORD"); got != "set-by-the-environment" {
		out = append(out, fmt.Sprintf("with %s set the admin password is %q, not the variable's value", variable, got))
	}
	return out
}

// CheckBuildCommands: the Dockerfile runs CI's build commands, and CI still runs them.
func CheckBuildCommands(s *Setup) []string {
	var docker []string
	for i := range s.Dockerfile.Stages {
		docker = append(docker, s.Dockerfile.Stages[i].Commands()...)
	}
	ci := ShellCommands(s.CIScript)
	var out []string
	for _, want := range CIBuildCommands {
		if !HasCommand(docker, want) {
			out = append(out, fmt.Sprintf(".config/Dockerfile never runs %q as CI does (its RUN commands: %q)", want, docker))
		}
		if !HasCommand(ci, want) {
			out = append(out, fmt.Sprintf("scripts/test-all.sh never runs %q: keep CI and the Dockerfile in step", want))
		}
	}
	return out
}

// HasCommand reports whether one of cmds is want, possibly followed by arguments.
// Flags are ignored ("npm run --silent build" runs "npm run build").
func HasCommand(cmds []string, want string) bool {
	for _, c := range cmds {
		var words []string
		for _, w := range strings.Fields(c) {
			if !strings.HasPrefix(w, "-") {
				words = append(words, w)
			}
		}
		c = strings.Join(words, " ")
		if c == want || strings.HasPrefix(c, want+" ") {
			return true
		}
	}
	return false
}

// ShellCommands splits a shell script into commands, dropping comments.
func ShellCommands(script string) []string {
	var out []string
	for _, line := range strings.Split(script, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, part := range shellSeparators.Split(line, -1) {
			if cmd := strings.Join(strings.Fields(part), " "); cmd != "" {
				out = append(out, cmd)
			}
		}
	}
	return out
}

// CheckImageContents: the grafana stage installs the bundle under the app id, and
// every dashboard provider reads a folder the image copies or compose mounts.
func CheckImageContents(s *Setup) []string {
	st := s.targetStage()
	g, ok := s.service("grafana")
	if st == nil || !ok {
		return nil // reported by CheckGrafanaBuild / CheckServices
	}
	var dests []string
	for _, in := range st.Instructions {
		if in.Cmd == "COPY" || in.Cmd == "ADD" {
			f := strings.Fields(in.Args)
			dests = append(dests, strings.TrimSuffix(f[len(f)-1], "/"))
		}
	}
	for _, v := range g.Volumes {
		dests = append(dests, strings.TrimSuffix(v.Target, "/"))
	}
	var out []string
	if !slices.Contains(dests, PluginDir) {
		out = append(out, fmt.Sprintf("the grafana image does not install the bundle at %s (it copies or mounts %v)", PluginDir, dests))
	}
	providers, _ := filepath.Glob(filepath.Join(s.Root, "provisioning", "dashboards", "*.y*ml"))
	for _, f := range providers {
		data, err := os.ReadFile(f)
		if err != nil {
			out = append(out, err.Error())
			continue
		}
		var doc struct {
			Providers []struct {
				Options struct {
					Path string `yaml:"path"`
				} `yaml:"options"`
			} `yaml:"providers"`
		}
		if err := yaml.Unmarshal(data, &doc); err != nil {
			out = append(out, fmt.Sprintf("%s: %v", filepath.Base(f), err))
			continue
		}
		for _, p := range doc.Providers {
			path := strings.TrimSuffix(p.Options.Path, "/")
			found := false
			for _, d := range dests {
				found = found || path == d || strings.HasPrefix(path, d+"/")
			}
			if !found {
				out = append(out, fmt.Sprintf("provisioning/dashboards/%s reads %s, which the image neither copies nor mounts (%v)", filepath.Base(f), path, dests))
			}
		}
	}
	return out
}

// mustIgnore are folders a `COPY . .` must not send into the image: the host's
// node_modules would overwrite the packages `npm ci` installed for Linux (native
// modules such as @swc/core differ per platform), and build outputs would be stale.
var mustIgnore = []string{"node_modules", "dist", ".git"}

// CheckDockerignore: when a stage copies the whole context, .dockerignore keeps the
// host's node_modules, build outputs and .git out of it.
func CheckDockerignore(s *Setup) []string {
	copiesAll := false
	for _, st := range s.Dockerfile.Stages {
		for _, in := range st.Instructions {
			f := strings.Fields(in.Args)
			if in.Cmd == "COPY" && len(f) >= 2 && !strings.HasPrefix(f[0], "--from") && slices.Contains(f[:len(f)-1], ".") {
				copiesAll = true
			}
		}
	}
	if !copiesAll {
		return nil
	}
	data, err := os.ReadFile(filepath.Join(s.Root, ".dockerignore"))
	if err != nil {
		return []string{fmt.Sprintf(".config/Dockerfile copies the whole build context (COPY . .) but there is no .dockerignore: add one listing %s", strings.Join(mustIgnore, ", "))}
	}
	ignored := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.Trim(strings.TrimSpace(line), "/")
		if line != "" && !strings.HasPrefix(line, "#") {
			ignored[strings.TrimPrefix(line, "**/")] = true
		}
	}
	var out []string
	for _, name := range mustIgnore {
		if !ignored[name] {
			out = append(out, fmt.Sprintf(".dockerignore does not exclude %s, which COPY . . would send into the image", name))
		}
	}
	return out
}

// CheckDashboardsOnce: the bundle's dashboards reach Grafana one way only. The app
// includes dashboards/ and Grafana imports them when the provisioned app is enabled, as
// for a user of the zip; an image that also copies dashboards/ elsewhere (or a mount of
// it) for a file provider would import the same uids a second time.
func CheckDashboardsOnce(s *Setup) []string {
	var out []string
	for _, st := range s.Dockerfile.Stages {
		for _, in := range st.Instructions {
			f := strings.Fields(in.Args)
			if in.Cmd != "COPY" && in.Cmd != "ADD" || len(f) < 2 || strings.HasPrefix(f[0], "--from") {
				continue
			}
			for _, src := range f[:len(f)-1] {
				if strings.TrimSuffix(strings.TrimPrefix(src, "./"), "/") == "dashboards" && !strings.HasPrefix(f[len(f)-1], PluginDir) {
					out = append(out, fmt.Sprintf(".config/Dockerfile line %d copies dashboards/ into the image outside the plugin (%s): the app already imports them", in.Line, f[len(f)-1]))
				}
			}
		}
	}
	for _, name := range s.serviceNames() {
		for _, v := range s.Project.Services[name].Volumes {
			if v.Type == types.VolumeTypeBind && filepath.Clean(v.Source) == filepath.Join(s.Root, "dashboards") {
				out = append(out, fmt.Sprintf("service %s mounts ./dashboards at %s: the app already imports them", name, v.Target))
			}
		}
	}
	return out
}
