package perfmon

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xenbench/xenbench/pkg/safepath"
)

const storeHdr = `"(PDH-CSV 4.0) (Coordinated Universal Time)(0)","\\%[1]s\MSExchangeIS\RPC Averaged Latency","\\%[1]s\LogicalDisk(D:)\Avg. Disk sec/Read","\\%[1]s\Memory\Available MBytes"` + "\r\n"

func storeRow(minute int, v float64) string {
	return fmt.Sprintf(`"11/25/2026 10:%02d:00.000","%g","%g","%g"`+"\r\n", minute, v, v/1000, v*100)
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendFile(t *testing.T, path, content string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(content); err != nil {
		t.Fatal(err)
	}
}

func at(minute int) time.Time { return time.Date(2026, 11, 25, 10, minute, 0, 0, time.UTC) }

func TestStoreRolledAndGrowingFiles(t *testing.T) {
	root := t.TempDir()
	// Layout of the simulator contract: perfmon/<SERVER>/<SERVER>_<stamp>.csv.
	// The second file is written first on purpose: order comes from the data.
	f2 := filepath.Join(root, "perfmon", "EXVM01", "EXVM01_20261125-100200.csv")
	writeFile(t, f2, fmt.Sprintf(storeHdr, "EXVM01")+storeRow(2, 30)+storeRow(3, 40)+`"11/25/2026 10:04:00.000","5`)
	writeFile(t, filepath.Join(root, "perfmon", "EXVM01", "EXVM01_20261125-100000.csv"), fmt.Sprintf(storeHdr, "EXVM01")+storeRow(0, 10)+storeRow(1, 20))
	writeFile(t, filepath.Join(root, "perfmon", "EXPHY01", "EXPHY01_20261125-100000.csv"), fmt.Sprintf(storeHdr, "EXPHY01")+storeRow(0, 7))
	writeFile(t, filepath.Join(root, "perfmon", "notes.csv"), "\"time\",\"x\"\r\n")

	writeFile(t, filepath.Join(root, "loadgen", "run-1.csv"), "run_id,workload\n")
	s, err := NewStore(Config{Folder: root})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	q := Query{Patterns: []string{`\\*\MSExchangeIS\RPC Averaged Latency`}, From: at(0), To: at(59)}
	res, err := s.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Series) != 2 || res.Series[0].Server != "EXPHY01" || res.Series[1].Server != "EXVM01" {
		t.Fatalf("series %+v", res.Series)
	}
	vm := res.Series[1]
	if got := fmt.Sprint(vm.Values); got != "[10 20 30 40]" || !vm.Times[0].Equal(at(0)) || !vm.Times[3].Equal(at(3)) || vm.Unit != "ms" {
		t.Fatalf("EXVM01 joined series: %v %v %s", vm.Times, vm.Values, vm.Unit)
	}
	if l := vm.Labels(); len(l) != 3 || l["server"] != "EXVM01" || l["object"] != "MSExchangeIS" || l["counter"] != "RPC Averaged Latency" {
		t.Fatalf("labels %v", l)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "notes.csv") {
		t.Fatalf("warnings %v, want one for notes.csv", res.Warnings)
	}
	// The partial last line was held back; completing it and appending a row
	// reads only the new bytes.
	appendFile(t, f2, "0\",\"0.05\",\"5000\"\r\n"+storeRow(5, 60))
	res, err = s.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	tail := int64(len("\"11/25/2026 10:04:00.000\",\"50\",\"0.05\",\"5000\"\r\n" + storeRow(5, 60)))
	if res.BytesRead != tail {
		t.Fatalf("second query read %d bytes, want only the %d appended", res.BytesRead, tail)
	}
	if got := fmt.Sprint(res.Series[1].Values); got != "[10 20 30 40 50 60]" {
		t.Fatalf("after growth: %v", got)
	}
	// A new column pattern re-reads for the union; the time range filters.
	res, err = s.Query(ctx, Query{Patterns: []string{`\\EXVM*\LogicalDisk(*)\Avg. Disk sec/Read`}, From: at(1), To: at(2)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Series) != 1 || fmt.Sprint(res.Series[0].Values) != "[0.02 0.03]" || res.Series[0].Unit != "s" || res.Series[0].Instance != "D:" {
		t.Fatalf("disk series %+v", res.Series)
	}
	cols, _, err := s.Columns(ctx)
	if err != nil || len(cols) != 6 {
		t.Fatalf("columns %d (%v), want 6", len(cols), err)
	}
	// A mixed-folder pattern also sees the load-test CSV: the files that are
	// not counter logs are named in one warning, not one each.
	mixed, err := NewStore(Config{Folder: root, Patterns: []string{"**/*.csv"}})
	if err != nil {
		t.Fatal(err)
	}
	defer mixed.Close()
	res, err = mixed.Query(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "2 files are not PDH counter logs") {
		t.Fatalf("mixed folder warnings: %v", res.Warnings)
	}
}

func TestStoreLimitsAndSafety(t *testing.T) {
	root := t.TempDir()
	writeFile(t, filepath.Join(root, "S", "a.csv"), fmt.Sprintf(storeHdr, "S")+storeRow(0, 1)+storeRow(1, 2)+storeRow(2, 3))
	outside := t.TempDir()
	writeFile(t, filepath.Join(outside, "secret.csv"), fmt.Sprintf(storeHdr, "X")+storeRow(0, 99))
	if err := os.Symlink(filepath.Join(outside, "secret.csv"), filepath.Join(root, "S", "link.csv")); err != nil {
		t.Fatal(err)
	}
	q := Query{Patterns: []string{`\\*\*\*`}, From: at(0), To: at(59)}
	ctx := context.Background()
	all := []string{"**/*.csv"}

	t.Run("symlink out of the folder is never read", func(t *testing.T) {
		s, err := NewStore(Config{Folder: root, Patterns: all})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		res, err := s.Query(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, sr := range res.Series {
			if sr.Server == "X" {
				t.Fatal("read a file outside the folder through a symlink")
			}
		}
	})
	t.Run("point limit", func(t *testing.T) {
		s, _ := NewStore(Config{Folder: root, Patterns: all, MaxPoints: 2})
		defer s.Close()
		if _, err := s.Query(ctx, q); !errors.Is(err, ErrLimit) {
			t.Fatalf("err = %v, want ErrLimit", err)
		}
	})
	t.Run("query byte limit", func(t *testing.T) {
		s, _ := NewStore(Config{Folder: root, Patterns: all, MaxQueryBytes: 10})
		defer s.Close()
		if _, err := s.Query(ctx, q); !errors.Is(err, ErrLimit) {
			t.Fatalf("err = %v, want ErrLimit", err)
		}
	})
	t.Run("file size limit is a warning naming the file", func(t *testing.T) {
		s, _ := NewStore(Config{Folder: root, Patterns: all, MaxFileBytes: 10})
		defer s.Close()
		res, err := s.Query(ctx, q)
		if err != nil || len(res.Series) != 0 || len(res.Warnings) == 0 || !strings.Contains(res.Warnings[0], "a.csv") {
			t.Fatalf("res %+v err %v", res, err)
		}
	})
	t.Run("patterns cannot leave the folder", func(t *testing.T) {
		for _, p := range []string{"../*.csv", "/etc/*.csv", `..\x.csv`} {
			s, _ := NewStore(Config{Folder: root, Patterns: []string{p}})
			_, err := s.Query(ctx, q)
			s.Close()
			if !errors.Is(err, safepath.ErrNotLocal) {
				t.Errorf("pattern %q: err = %v, want ErrNotLocal", p, err)
			}
		}
	})
	t.Run("missing folder", func(t *testing.T) {
		_, err := NewStore(Config{Folder: filepath.Join(root, "nope")})
		if !errors.Is(err, safepath.ErrFolder) || !strings.Contains(err.Error(), "does not exist") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("eviction keeps answers right", func(t *testing.T) {
		s, _ := NewStore(Config{Folder: root, Patterns: all, MaxCachedPoints: 1})
		defer s.Close()
		for i := 0; i < 2; i++ {
			res, err := s.Query(ctx, Query{Patterns: []string{`\Memory\Available MBytes`}, From: at(0), To: at(59)})
			if err != nil || len(res.Series) != 1 || fmt.Sprint(res.Series[0].Values) != "[100 200 300]" {
				t.Fatalf("round %d: %+v %v", i, res, err)
			}
		}
	})
}
