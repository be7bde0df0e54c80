package main

import (
	"archive/zip"
	"crypto/md5"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// PackageResult describes the zip Package wrote.
type PackageResult struct {
	ZipPath   string
	Size      int64
	Files     int
	SHA1, MD5 string
}

// Package zips the built plugin in distDir into outDir/<id>-<version>.zip with the
// layout Grafana's catalog expects (https://grafana.com/developers/plugin-tools/publish-a-plugin/package-a-plugin):
// one top-level folder named after the plugin id holding dist's contents. The zip is
// reproducible: entries in name order, every timestamp set to the build date
// (info.updated), and permissions reduced to 0755 (executables, folders) or 0644.
// <zip>.sha1 and <zip>.md5 are written beside it in the sha1sum/md5sum format.
func Package(distDir, outDir string) (*PackageResult, error) {
	meta, err := readDistManifest(distDir)
	if err != nil {
		return nil, err
	}
	stamp, err := time.Parse("2006-01-02", meta.Info.Updated)
	if err != nil {
		return nil, fmt.Errorf("%s: info.updated %q is not a date: %w", filepath.Join(distDir, "plugin.json"), meta.Info.Updated, err)
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return nil, err
	}
	zipName := fmt.Sprintf("%s-%s.zip", meta.ID, meta.Info.Version)
	zipPath := filepath.Join(outDir, zipName)
	tmp, err := os.CreateTemp(outDir, zipName+".*.tmp")
	if err != nil {
		return nil, err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename

	sha, md := sha1.New(), md5.New()
	counter := &countingWriter{w: io.MultiWriter(tmp, sha, md)}
	files, err := writeZip(counter, distDir, meta.ID, stamp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if err := os.Rename(tmp.Name(), zipPath); err != nil {
		return nil, err
	}
	res := &PackageResult{ZipPath: zipPath, Size: counter.n, Files: files,
		SHA1: hex.EncodeToString(sha.Sum(nil)), MD5: hex.EncodeToString(md.Sum(nil))}
	for ext, sum := range map[string]string{".sha1": res.SHA1, ".md5": res.MD5} {
		if err := os.WriteFile(zipPath+ext, []byte(sum+"  "+zipName+"\n"), 0o644); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// readDistManifest reads the id, version and date of the built root plugin.json,
// refusing a tree the build has not processed yet.
func readDistManifest(distDir string) (*manifest, error) {
	p := filepath.Join(distDir, "plugin.json")
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s not found: run `npm run build` (and scripts/build-backend.sh) first", p)
	}
	if err != nil {
		return nil, err
	}
	var m manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s is not valid JSON: %w", p, err)
	}
	switch {
	case !pluginIDPattern.MatchString(m.ID):
		return nil, fmt.Errorf("%s: id %q is not a valid plugin id", p, m.ID)
	case !isSemver(m.Info.Version):
		return nil, fmt.Errorf("%s: info.version %q is not a semantic version; package the built dist/ (webpack replaces %%VERSION%%)", p, m.Info.Version)
	}
	return &m, nil
}

// notInZip are folders of dist/ that scripts/build-backend.sh fills but that are not part
// of the plugin: the Prometheus exporter is a separate program shipped beside the zip
// (Grafana would not run it, and the validator rejects executables the manifest does not
// declare).
var notInZip = map[string]bool{"exporter": true}

// writeZip writes every file and folder of distDir under the folder root/ and
// returns the number of files.
func writeZip(w io.Writer, distDir, root string, stamp time.Time) (int, error) {
	zw := zip.NewWriter(w)
	files := 0
	dirHeader := func(name string) error {
		h := &zip.FileHeader{Name: name + "/", Method: zip.Store, Modified: stamp}
		h.SetMode(fs.ModeDir | 0o755)
		_, err := zw.CreateHeader(h)
		return err
	}
	if err := dirHeader(root); err != nil {
		return 0, err
	}
	// WalkDir visits entries in lexical order, which makes the zip reproducible.
	err := filepath.WalkDir(distDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(distDir, p)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		if d.IsDir() && notInZip[rel] {
			return filepath.SkipDir
		}
		if why, bad := forbiddenNames[d.Name()]; bad {
			return fmt.Errorf("%s in %s is %s: remove it before packaging", rel, distDir, why)
		}
		name := path.Join(root, rel)
		switch {
		case d.IsDir():
			return dirHeader(name)
		case d.Type()&fs.ModeSymlink != 0:
			return fmt.Errorf("%s in %s is a symbolic link: copy the file instead", rel, distDir)
		case !d.Type().IsRegular():
			return fmt.Errorf("%s in %s is not a regular file", rel, distDir)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		mode := fs.FileMode(0o644)
		if info.Mode().Perm()&0o111 != 0 || strings.HasPrefix(d.Name(), "gpx_") {
			mode = 0o755
		}
		h := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: stamp}
		h.SetMode(mode)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		if _, err := io.Copy(fw, f); err != nil {
			return fmt.Errorf("zip %s: %w", rel, err)
		}
		files++
		return nil
	})
	if err != nil {
		return 0, err
	}
	return files, zw.Close()
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
