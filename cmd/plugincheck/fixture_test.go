package main

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fakeBinary returns the smallest file whose executable header debug/elf, debug/pe
// or debug/macho reads as the given platform: enough for the checks, which read only
// headers, without cross-compiling real programs in tests.
func fakeBinary(t testing.TB, platform string) []byte {
	t.Helper()
	var buf bytes.Buffer
	le := binary.LittleEndian
	switch platform {
	case "linux_amd64", "linux_arm64":
		machine := uint16(62) // EM_X86_64
		if platform == "linux_arm64" {
			machine = 183 // EM_AARCH64
		}
		buf.Write([]byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0})
		binary.Write(&buf, le, uint16(2)) // ET_EXEC
		binary.Write(&buf, le, machine)
		binary.Write(&buf, le, uint32(1))                      // version
		binary.Write(&buf, le, [3]uint64{})                    // entry, phoff, shoff
		binary.Write(&buf, le, uint32(0))                      // flags
		binary.Write(&buf, le, [6]uint16{64, 56, 0, 64, 0, 0}) // ehsize, phentsize, phnum, shentsize, shnum, shstrndx
	case "windows_amd64":
		dos := make([]byte, 64)
		copy(dos, "MZ")
		le.PutUint32(dos[0x3c:], 64)
		buf.Write(dos)
		buf.WriteString("PE\x00\x00")
		binary.Write(&buf, le, pe16{Machine: 0x8664, Characteristics: 0x22})
	case "darwin_arm64", "darwin_amd64":
		cpu := uint32(0x0100000c) // CPU_TYPE_ARM64
		if platform == "darwin_amd64" {
			cpu = 0x01000007
		}
		binary.Write(&buf, le, [8]uint32{0xfeedfacf, cpu, 0, 2, 0, 0, 0, 0})
	default:
		t.Fatalf("fakeBinary: unknown platform %s", platform)
	}
	buf.WriteString("\x00padding so the file is not only a header\x00")
	return buf.Bytes()
}

// pe16 is the COFF file header of a PE file (Microsoft PE format specification).
type pe16 struct {
	Machine              uint16
	NumberOfSections     uint16
	TimeDateStamp        uint32
	PointerToSymbolTable uint32
	NumberOfSymbols      uint32
	SizeOfOptionalHeader uint16
	Characteristics      uint16
}

// goodDist copies testdata/good into a temporary folder and adds the four back-end
// binaries, giving a dist/ tree every check passes (save the unsigned warning).
func goodDist(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "dist")
	err := os.CopyFS(dst, os.DirFS("testdata/good"))
	if err != nil {
		t.Fatal(err)
	}
	for _, platform := range requiredPlatforms {
		mode := fs.FileMode(0o755)
		if strings.HasPrefix(platform, "windows") {
			mode = 0o644
		}
		writeFile(t, filepath.Join(dst, "datasource", binaryFileName("gpx_example", platform)), fakeBinary(t, platform), mode)
	}
	return dst
}

func writeFile(t testing.TB, name string, data []byte, mode fs.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, mode); err != nil { // WriteFile keeps the mode of an existing file
		t.Fatal(err)
	}
}

// editJSON rewrites a JSON file of the dist tree through fn.
func editJSON(t testing.TB, name string, fn func(m map[string]any)) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	fn(m)
	out, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, name, out, 0o644)
}

// info returns the "info" object of a decoded plugin.json.
func info(m map[string]any) map[string]any { return m["info"].(map[string]any) }

// packageAndValidate packages dist with Package and validates the zip.
func packageAndValidate(t *testing.T, dist string) *Report {
	t.Helper()
	res, err := Package(dist, filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatalf("Package: %v", err)
	}
	rep, err := ValidateZip(res.ZipPath)
	if err != nil {
		t.Fatalf("ValidateZip: %v", err)
	}
	return rep
}

// rawEntry is one entry of a zip built by hand, for layouts Package never writes.
type rawEntry struct {
	Name    string
	Data    []byte
	Mode    fs.FileMode
	Symlink bool
}

// buildZip writes the entries into a zip file and returns its path.
func buildZip(t testing.TB, entries []rawEntry) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		h := &zip.FileHeader{Name: e.Name, Method: zip.Deflate, Modified: time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)}
		mode := e.Mode
		if mode == 0 {
			mode = 0o644
		}
		if e.Symlink {
			mode |= fs.ModeSymlink
		}
		h.SetMode(mode)
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(e.Data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "raw.zip")
	if err := os.WriteFile(name, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// entriesOf reads a dist tree into raw entries under root/, keeping file modes.
func entriesOf(t testing.TB, dist, root string) []rawEntry {
	t.Helper()
	var out []rawEntry
	err := filepath.WalkDir(dist, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dist, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		st, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, rawEntry{Name: root + "/" + filepath.ToSlash(rel), Data: data, Mode: st.Mode().Perm()})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// findings returns the results of one check that are not OK.
func findings(rep *Report, checkName string) []Result {
	var out []Result
	for _, r := range rep.Results {
		if r.Check == checkName && r.Severity != OK {
			out = append(out, r)
		}
	}
	return out
}

// hasFinding reports whether rep holds rule of checkName at severity sev.
func hasFinding(rep *Report, checkName, rule string, sev Severity) bool {
	for _, r := range rep.Results {
		if r.Check == checkName && r.Rule == rule && r.Severity == sev {
			return true
		}
	}
	return false
}

func dumpReport(rep *Report) string {
	var b strings.Builder
	rep.WriteText(&b)
	return b.String()
}

func readFileForFuzz(name string) ([]byte, error) { return os.ReadFile(name) }
