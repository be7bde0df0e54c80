package safepath

import (
	"errors"
	"strings"
	"testing"
)

// TestGlobOfAFolderThatCannotBeListed: when the folder itself cannot be listed, Glob
// fails with ErrFolder naming it, rather than returning no files (which a dashboard
// would show as "no data"). A closed Dir stands in for a folder the process can no
// longer list: tests run as root here, which no permission bit stops.
func TestGlobOfAFolderThatCannotBeListed(t *testing.T) {
	dir := t.TempDir()
	d, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	names, err := d.Glob([]string{"**/*.csv"}, 0)
	if !errors.Is(err, ErrFolder) || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "cannot be listed") || names != nil {
		t.Fatalf("Glob = %v, %v; want ErrFolder saying %q cannot be listed", names, err, dir)
	}
}
