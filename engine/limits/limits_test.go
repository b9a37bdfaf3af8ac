package limits

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEShowsTable: the README's table of limits is Table, so that the
// figures people read cannot drift from those the code enforces. On a
// difference it prints the table to paste.
func TestREADMEShowsTable(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Skip("no README.md (the module is not a checkout)")
	}
	const open, end = "<!-- limits: generated from engine/limits.Table; TestREADMEShowsTable checks it -->\n", "<!-- /limits -->"
	s := string(b)
	i, j := strings.Index(s, open), strings.Index(s, end)
	if i < 0 || j < i {
		t.Fatalf("README.md has no block %q … %q", open, end)
	}
	if got, want := s[i+len(open):j], Markdown(); got != want {
		t.Errorf("README.md's table of limits differs from engine/limits.Table; it should read:\n%s", want)
	}
}

func TestWords(t *testing.T) {
	for _, tt := range []struct {
		l    Limit
		want string
	}{
		{Limit{Value: 1 << 20, Unit: "bytes"}, "1 MiB (1,048,576 bytes)"},
		{Limit{Value: 12 << 10, Unit: "bytes"}, "12 KiB (12,288 bytes)"},
		{Limit{Value: 1000, Unit: "events"}, "1,000 events"},
	} {
		if got := tt.l.Words(); got != tt.want {
			t.Errorf("Words = %q, want %q", got, tt.want)
		}
	}
}
