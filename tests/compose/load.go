package compose

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
	"go.yaml.in/yaml/v3"
)

// Setup is everything the checks read from one repository tree.
type Setup struct {
	Root       string         // absolute repository root
	Project    *types.Project // docker-compose.yml as `docker compose config` sees it
	Raw        rawCompose     // docker-compose.yml as written, before interpolation
	Dockerfile *Dockerfile    // .config/Dockerfile
	CIScript   string         // scripts/test-all.sh, the command CI runs
	Versions   Versions       // what .nvmrc, go.mod and package.json ask for
}

type rawCompose struct {
	Services map[string]map[string]any `yaml:"services"`
}

// Load reads the compose project of the tree at root with env as the only
// environment (so the caller's shell cannot change the result), the Dockerfile and
// the CI script.
func Load(root string, env map[string]string) (*Setup, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	s := &Setup{Root: abs}
	if s.Project, err = LoadProject(abs, env); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(filepath.Join(abs, "docker-compose.yml"))
	if err != nil {
		return nil, err
	}
	if err := yaml.Unmarshal(data, &s.Raw); err != nil {
		return nil, fmt.Errorf("docker-compose.yml: %w", err)
	}
	f, err := os.Open(filepath.Join(abs, ".config", "Dockerfile"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if s.Dockerfile, err = ParseDockerfile(f); err != nil {
		return nil, fmt.Errorf(".config/Dockerfile: %w", err)
	}
	ci, err := os.ReadFile(filepath.Join(abs, "scripts", "test-all.sh"))
	if err != nil {
		return nil, fmt.Errorf("CI script: %w", err)
	}
	s.CIScript = string(ci)
	if s.Versions, err = ReadVersions(abs); err != nil {
		return nil, err
	}
	return s, nil
}

// LoadProject loads root/docker-compose.yml with the compose-spec loader, project
// folder root, project name xenbench; overrides (paths relative to root) are merged
// on top, as `docker compose -f docker-compose.yml -f <override>` does.
func LoadProject(root string, env map[string]string, overrides ...string) (*types.Project, error) {
	var files []types.ConfigFile
	for _, name := range append([]string{"docker-compose.yml"}, overrides...) {
		file := filepath.Join(root, name)
		if _, err := os.Stat(file); err != nil {
			return nil, err
		}
		files = append(files, types.ConfigFile{Filename: file})
	}
	details := types.ConfigDetails{
		WorkingDir:  root,
		ConfigFiles: files,
		Environment: types.Mapping(env),
	}
	project, err := loader.LoadWithContext(context.Background(), details, func(o *loader.Options) {
		o.SetProjectName("xenbench", true)
	})
	if err != nil {
		return nil, fmt.Errorf("docker-compose.yml does not load: %w", err)
	}
	return project, nil
}
