package compose

import (
	"os"
	"slices"
	"strings"
	"testing"
)

func TestParseDockerfile(t *testing.T) {
	src := `# syntax comment
ARG BASE_VERSION=1.2.3
ARG EMPTY
FROM --platform=linux/amd64 node:${BASE_VERSION} AS Front
RUN npm ci \
    # a comment inside a continuation
    --no-audit && npm run build; echo done
COPY . .
FROM golang:1.26 as back
RUN --mount=type=cache,target=/root/.cache bash scripts/build-backend.sh linux/amd64
FROM scratch
`
	df, err := ParseDockerfile(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(df.Stages) != 3 || df.Stages[0].Name != "front" || df.Stages[1].Name != "back" || df.Stages[2].Name != "" {
		t.Fatalf("stages = %+v", df.Stages)
	}
	if got := df.ExpandImage(df.Stages[0].Image, nil); got != "node:1.2.3" {
		t.Errorf("expand = %q", got)
	}
	if got := df.ExpandImage(df.Stages[0].Image, map[string]string{"BASE_VERSION": "9"}); got != "node:9" {
		t.Errorf("expand with override = %q", got)
	}
	if got := df.ExpandImage("x:${EMPTY:-fallback}", nil); got != "x:fallback" {
		t.Errorf("expand default = %q", got)
	}
	if got, want := df.Stage("FRONT").Commands(), []string{"npm ci --no-audit", "npm run build", "echo done"}; !slices.Equal(got, want) {
		t.Errorf("front commands = %q, want %q", got, want)
	}
	if got := df.Stage("back").Commands(); len(got) != 1 || got[0] != "bash scripts/build-backend.sh linux/amd64" {
		t.Errorf("back commands = %q", got)
	}
	if df.Stages[0].Instructions[0].Line != 5 {
		t.Errorf("RUN starts at line %d, want 5", df.Stages[0].Instructions[0].Line)
	}
}

func TestParseDockerfileErrors(t *testing.T) {
	for name, src := range map[string]string{
		"empty":           "",
		"only comments":   "# nothing\n",
		"run before from": "RUN echo\nFROM x:1\n",
		"heredoc":         "FROM x:1\nRUN <<EOF\necho\nEOF\n",
		"bad from":        "FROM\n",
	} {
		if _, err := ParseDockerfile(strings.NewReader(src)); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
}

func TestPinned(t *testing.T) {
	for image, want := range map[string]bool{
		"grafana/grafana:12.4.0": true, "node:20-bookworm": true, "localhost:5000/x:1": true, "x@sha256:abc": true,
		"grafana/grafana": false, "grafana/grafana:latest": false, "localhost:5000/x": false, "x:": false,
	} {
		if got := Pinned(image); got != want {
			t.Errorf("Pinned(%q) = %v, want %v", image, got, want)
		}
	}
}

// FuzzParseDockerfile: any input parses or fails with an error, never panics, and a
// parsed file always has a stage.
func FuzzParseDockerfile(f *testing.F) {
	if data, err := os.ReadFile("../../.config/Dockerfile"); err == nil {
		f.Add(string(data))
	}
	for _, s := range []string{"FROM a:1 AS b\nRUN x && y\n", "ARG V=1\nFROM a:${V}\n", "FROM a \\\n AS b\n", "FROM\n", "\\\n\\\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		df, err := ParseDockerfile(strings.NewReader(src))
		if err != nil {
			return
		}
		if len(df.Stages) == 0 {
			t.Fatal("parsed without a stage")
		}
		for i := range df.Stages {
			_ = df.Stages[i].Commands()
			_ = df.ExpandImage(df.Stages[i].Image, nil)
		}
	})
}

// TestShellCommandsInFunctions: scripts/test-all.sh runs its build steps inside shell
// functions (st_frontend_build() { npm run --silent build; }); they still count.
func TestShellCommandsInFunctions(t *testing.T) {
	cmds := ShellCommands("st_frontend_build() { npm run --silent build; }\nst_b() {\n  bash scripts/build-backend.sh \"${targets[@]}\"\n}\n")
	for _, want := range []string{"npm run build", "bash scripts/build-backend.sh"} {
		if !HasCommand(cmds, want) {
			t.Errorf("%q not found in %q", want, cmds)
		}
	}
}
