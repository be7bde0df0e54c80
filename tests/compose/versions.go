package compose

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// Versions are the versions the repository asks for, which the images must match.
type Versions struct {
	Node    string // .nvmrc, e.g. 22.22.2
	Go      string // go.mod's go directive, e.g. 1.26.8
	Grafana string // package.json's exact @grafana/data version, e.g. 13.1.1
}

// MinNodeMajor is the oldest Node line still supported upstream: Node 20 reached its
// end of life in April 2026; 22 is a maintained LTS line.
const MinNodeMajor = 22

var (
	exactVersion = regexp.MustCompile(`^\d+\.\d+\.\d+$`)
	goDirective  = regexp.MustCompile(`(?m)^go\s+(\S+)\s*$`)
)

// ReadVersions reads .nvmrc, go.mod and package.json under root.
func ReadVersions(root string) (Versions, error) {
	var v Versions
	nvmrc, err := os.ReadFile(filepath.Join(root, ".nvmrc"))
	if err != nil {
		return v, err
	}
	v.Node = strings.TrimPrefix(strings.TrimSpace(string(nvmrc)), "v")
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return v, err
	}
	if m := goDirective.FindSubmatch(gomod); m != nil {
		v.Go = string(m[1])
	}
	pkg, err := os.ReadFile(filepath.Join(root, "package.json"))
	if err != nil {
		return v, err
	}
	var p struct {
		Dependencies map[string]string `json:"dependencies"`
	}
	if err := json.Unmarshal(pkg, &p); err != nil {
		return v, fmt.Errorf("package.json: %w", err)
	}
	v.Grafana = p.Dependencies["@grafana/data"]
	return v, nil
}

// imageTag splits "name:tag" (no digest) into the tag's version and variant:
// "node:22.22.2-bookworm" gives "22.22.2", "bookworm".
func imageTag(image, name string) (version, variant string, ok bool) {
	tag, found := strings.CutPrefix(image, name+":")
	if !found {
		return "", "", false
	}
	version, variant, _ = strings.Cut(tag, "-")
	return version, variant, true
}

// CheckVersions: the images build and run what the repository says. The Node stage is
// the exact .nvmrc release, of a supported LTS line (even major, MinNodeMajor or
// later); the Go stage is the exact go.mod release (the official image sets
// GOTOOLCHAIN=local, so an older patch fails the build); Grafana is the release whose
// @grafana/* packages the front end is built against, pinned exactly both as the
// Dockerfile's ARG default and as compose's build argument default.
func CheckVersions(s *Setup) []string {
	var out []string
	v := s.Versions
	if !exactVersion.MatchString(v.Node) {
		out = append(out, fmt.Sprintf(".nvmrc says %q, want an exact release such as 22.22.2", v.Node))
	} else if major, _ := strconv.Atoi(strings.Split(v.Node, ".")[0]); major < MinNodeMajor || major%2 != 0 {
		out = append(out, fmt.Sprintf(".nvmrc says Node %s, want a supported LTS line (even major, %d or later)", v.Node, MinNodeMajor))
	}
	if !exactVersion.MatchString(v.Go) {
		out = append(out, fmt.Sprintf("go.mod's go directive is %q, want an exact release such as 1.26.8", v.Go))
	}
	if !exactVersion.MatchString(v.Grafana) {
		out = append(out, fmt.Sprintf("package.json pins @grafana/data to %q, want an exact version", v.Grafana))
	}
	g, _ := s.service("grafana")
	args := buildArgs(g)
	found := map[string]bool{}
	for _, st := range s.Dockerfile.Stages {
		image := s.Dockerfile.ExpandImage(st.Image, args)
		for _, want := range []struct{ name, version, file string }{{"node", v.Node, ".nvmrc"}, {"golang", v.Go, "go.mod"}} {
			got, _, ok := imageTag(image, want.name)
			if !ok {
				continue
			}
			found[want.name] = true
			if got != want.version {
				out = append(out, fmt.Sprintf(".config/Dockerfile stage %q starts FROM %s: want %s:%s (%s), pinned exactly", st.Name, image, want.name, want.version, want.file))
			}
		}
	}
	for _, name := range []string{"node", "golang"} {
		if !found[name] {
			out = append(out, fmt.Sprintf(".config/Dockerfile has no stage FROM a %s image", name))
		}
	}
	if def := s.Dockerfile.GlobalArgs["GRAFANA_VERSION"]; def != v.Grafana {
		out = append(out, fmt.Sprintf(".config/Dockerfile ARG GRAFANA_VERSION=%s, want %s (package.json's @grafana/data)", def, v.Grafana))
	}
	if st := s.targetStage(); st != nil {
		image := s.Dockerfile.ExpandImage(st.Image, args)
		if got, _, ok := imageTag(image, "grafana/grafana"); !ok || got != v.Grafana {
			out = append(out, fmt.Sprintf("compose builds Grafana FROM %s, want grafana/grafana:%s (the version of the @grafana/* packages in package.json)", image, v.Grafana))
		}
	}
	return out
}
