// Command plugincheck packages the xenbench plugin bundle the way Grafana's plugin
// catalog expects and validates the resulting zip offline.
//
// Grafana's own validator (github.com/grafana/plugin-validator, pkg/cmd/plugincheck2)
// cannot run on our build machines: the Go module proxy does not serve it and the npm
// wrapper downloads a binary at run time. This command re-implements the subset of its
// analyzers that need no network (pkg/analysis/passes/* in that repository; each check
// below names the analyzer it mirrors) plus the plugin.json schema rules
// (grafana/grafana docs/sources/developers/plugins/plugin.schema.json), written anew in Go.
//
// Usage:
//
//	go run ./cmd/plugincheck package [-dist dist] [-out dist-zip]
//	go run ./cmd/plugincheck validate [-strict] [-json] dist-zip/xenbench-exchange-app-<version>.zip
//	go run ./cmd/plugincheck checks
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

const usage = `usage:
  plugincheck package [-dist dir] [-out dir]     build <out>/<id>-<version>.zip (+ .sha1, .md5) from dist/
  plugincheck validate [-strict] [-json] <zip>...  run the offline plugin validator on zips
  plugincheck checks                             list the checks and the plugin-validator analyzers they mirror
`

// errChecksFailed tells main that validation ran but reported errors: exit 1 without
// printing a second message.
var errChecksFailed = errors.New("validation reported errors")

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errChecksFailed) {
			fmt.Fprintln(os.Stderr, "plugincheck:", err)
		}
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("missing subcommand (package or validate)")
	}
	switch args[0] {
	case "package":
		return runPackage(args[1:], stdout, stderr)
	case "validate":
		return runValidate(args[1:], stdout, stderr)
	case "checks":
		for _, c := range checks {
			fmt.Fprintf(stdout, "%-18s %s\n", c.Name, c.Mirrors)
		}
		return nil
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown subcommand %q (want package or validate)", args[0])
	}
}

func runPackage(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("package", flag.ContinueOnError)
	fset.SetOutput(stderr)
	distDir := fset.String("dist", "dist", "folder holding the built plugin (webpack and backend output)")
	outDir := fset.String("out", "dist-zip", "folder to write the zip and its checksums to")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() != 0 {
		return fmt.Errorf("package takes no arguments, got %q", fset.Args())
	}
	out, err := Package(*distDir, *outDir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes, %d files)\nsha1 %s\nmd5  %s\n", out.ZipPath, out.Size, out.Files, out.SHA1, out.MD5)
	return nil
}

func runValidate(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("validate", flag.ContinueOnError)
	fset.SetOutput(stderr)
	strict := fset.Bool("strict", false, "also fail on warnings (like plugincheck2 -strict)")
	asJSON := fset.Bool("json", false, "print the results as JSON")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() == 0 {
		return errors.New("validate needs the path of the zip (e.g. dist-zip/xenbench-exchange-app-0.1.0.zip)")
	}
	failed := false
	for _, zipPath := range fset.Args() {
		report, err := ValidateZip(zipPath)
		if err != nil {
			return err
		}
		if *asJSON {
			if err := report.WriteJSON(stdout); err != nil {
				return err
			}
		} else {
			report.WriteText(stdout)
		}
		failed = failed || report.Failed(*strict)
	}
	if failed {
		return errChecksFailed
	}
	return nil
}
