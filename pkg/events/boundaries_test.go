package events

import (
	"fmt"
	"testing"
	"time"
)

// Tests added for surviving mutants (npm run mutation): the edges of merging live
// migrations with those rebuilt from messages, and of the bounded history.

func TestMergeMigrationsWindowEdges(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	live := []Migration{{VMUUID: "vm-1", VMName: "EXVM01", Start: t0.Add(-30 * time.Second), End: t0, Status: "success"}}
	tests := []struct {
		name string
		msg  Migration
		dup  bool
	}{
		{"message exactly the window before the live end", Migration{VMUUID: "vm-1", End: t0.Add(-sameMigrationWindow)}, true},
		{"message exactly the window after the live end", Migration{VMUUID: "vm-1", End: t0.Add(sameMigrationWindow)}, true},
		{"message just beyond the window before", Migration{VMUUID: "vm-1", End: t0.Add(-sameMigrationWindow - time.Second)}, false},
		{"message just beyond the window after", Migration{VMUUID: "vm-1", End: t0.Add(sameMigrationWindow + time.Second)}, false},
		{"same time, another VM", Migration{VMUUID: "vm-2", End: t0}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := MergeMigrations(live, []Migration{tt.msg})
			want := 2
			if tt.dup {
				want = 1
			}
			if len(got) != want {
				t.Fatalf("%d migrations, want %d: %+v", len(got), want, got)
			}
			for i := 1; i < len(got); i++ {
				if got[i].End.Before(got[i-1].End) {
					t.Fatalf("not sorted by end: %+v", got)
				}
			}
		})
	}
}

func TestHistoryKeepsTheNewestInOrder(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	h := NewHistory(3)
	// Ends 4, 1, 3, 2, 5 minutes after t0: late events report older migrations.
	for _, m := range []int{4, 1, 3, 2, 5} {
		h.Add(Migration{VMUUID: fmt.Sprint("vm-", m), End: t0.Add(time.Duration(m) * time.Minute)})
	}
	got := h.Between(t0, t0.Add(time.Hour))
	var ends []int
	for _, m := range got {
		ends = append(ends, int(m.End.Sub(t0)/time.Minute))
	}
	if fmt.Sprint(ends) != "[3 4 5]" || h.Len() != 3 {
		t.Fatalf("history holds ends %v (len %d), want the newest three in order [3 4 5]", ends, h.Len())
	}
	if NewHistory(0).max != MaxMigrations {
		t.Error("NewHistory(0) does not default to MaxMigrations")
	}
}
