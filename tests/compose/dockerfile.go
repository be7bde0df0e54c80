package compose

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Instruction is one Dockerfile instruction with its line continuations joined.
type Instruction struct {
	Line int    // 1-based line where it starts
	Cmd  string // upper case: FROM, RUN, COPY, ENV, ARG, ...
	Args string // the rest, continuations joined with spaces
}

// Stage is one FROM section of a multi-stage Dockerfile.
type Stage struct {
	Name         string // the AS name, lower case, or "" when unnamed
	Image        string // the FROM image, variables not yet expanded
	Instructions []Instruction
}

// Dockerfile is a parsed Dockerfile: global ARGs (before the first FROM) and stages.
type Dockerfile struct {
	GlobalArgs map[string]string // name -> default ("" when none)
	Stages     []Stage
}

// maxDockerfileLine bounds a logical line, so a runaway continuation cannot exhaust
// memory.
const maxDockerfileLine = 1 << 20

var fromPattern = regexp.MustCompile(`(?i)^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?\s*$`)

// ParseDockerfile reads the instructions of a Dockerfile. It supports what our
// Dockerfile uses: comments, backslash line continuations, FROM ... AS name, and
// ARG with defaults. Parser directives and heredocs are not supported and are
// reported as errors rather than misread.
func ParseDockerfile(r io.Reader) (*Dockerfile, error) {
	df := &Dockerfile{GlobalArgs: map[string]string{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxDockerfileLine)
	var (
		logical   strings.Builder
		startLine int
		lineNo    int
	)
	flush := func() error {
		text := strings.TrimSpace(logical.String())
		logical.Reset()
		if text == "" {
			return nil
		}
		cmd, args, _ := strings.Cut(text, " ")
		in := Instruction{Line: startLine, Cmd: strings.ToUpper(cmd), Args: strings.TrimSpace(args)}
		if strings.Contains(in.Args, "<<") && (in.Cmd == "RUN" || in.Cmd == "COPY") {
			return fmt.Errorf("line %d: heredocs are not supported by this parser", in.Line)
		}
		return df.add(in)
	}
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") {
			continue // comments, also inside continuations, as Docker does
		}
		if logical.Len() == 0 {
			startLine = lineNo
		}
		if strings.HasSuffix(trimmed, `\`) {
			logical.WriteString(strings.TrimSuffix(trimmed, `\`))
			logical.WriteByte(' ')
			if logical.Len() > maxDockerfileLine {
				return nil, fmt.Errorf("line %d: instruction longer than %d bytes", startLine, maxDockerfileLine)
			}
			continue
		}
		logical.WriteString(trimmed)
		if err := flush(); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read Dockerfile: %w", err)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(df.Stages) == 0 {
		return nil, fmt.Errorf("no FROM instruction")
	}
	return df, nil
}

func (df *Dockerfile) add(in Instruction) error {
	switch {
	case in.Cmd == "FROM":
		m := fromPattern.FindStringSubmatch(in.Args)
		if m == nil {
			return fmt.Errorf("line %d: cannot read FROM %q", in.Line, in.Args)
		}
		df.Stages = append(df.Stages, Stage{Image: m[1], Name: strings.ToLower(m[2])})
	case len(df.Stages) == 0 && in.Cmd == "ARG":
		name, def, _ := strings.Cut(in.Args, "=")
		df.GlobalArgs[strings.TrimSpace(name)] = strings.Trim(strings.TrimSpace(def), `"'`)
	case len(df.Stages) == 0:
		return fmt.Errorf("line %d: %s before the first FROM", in.Line, in.Cmd)
	default:
		st := &df.Stages[len(df.Stages)-1]
		st.Instructions = append(st.Instructions, in)
	}
	return nil
}

// Stage returns the stage called name, or nil.
func (df *Dockerfile) Stage(name string) *Stage {
	for i := range df.Stages {
		if df.Stages[i].Name == strings.ToLower(name) {
			return &df.Stages[i]
		}
	}
	return nil
}

// Shell function bodies ("name() { cmd; }") are split at their braces too.
var shellSeparators = regexp.MustCompile(`&&|\|\||;|\{\s|\s\}`)

var argRef = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// ExpandImage substitutes ${ARG}, $ARG and ${ARG:-default} in a FROM image with
// overrides (build args) or the global ARG defaults. Unknown variables expand to "".
func (df *Dockerfile) ExpandImage(image string, overrides map[string]string) string {
	return argRef.ReplaceAllStringFunc(image, func(ref string) string {
		m := argRef.FindStringSubmatch(ref)
		name := m[1] + m[3]
		if v, ok := overrides[name]; ok && v != "" {
			return v
		}
		if v := df.GlobalArgs[name]; v != "" {
			return v
		}
		return m[2]
	})
}

// Commands splits every RUN instruction of the stage into its shell commands
// (separated by &&, || or ;), each with spaces normalised.
func (st *Stage) Commands() []string {
	var out []string
	for _, in := range st.Instructions {
		if in.Cmd != "RUN" {
			continue
		}
		args := in.Args
		for _, flag := range []string{"--mount=", "--network=", "--security="} {
			for strings.HasPrefix(args, flag) {
				_, args, _ = strings.Cut(args, " ")
				args = strings.TrimSpace(args)
			}
		}
		for _, part := range shellSeparators.Split(args, -1) {
			if cmd := strings.Join(strings.Fields(part), " "); cmd != "" {
				out = append(out, cmd)
			}
		}
	}
	return out
}
