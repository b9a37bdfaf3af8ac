package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/export"
	"github.com/commontext/commontext/engine/status"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files of the status command")

func runStatusT(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"status"}, args...), strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

const statusPlans = "testdata/status/plans"

// checkGolden compares out with the golden file, which -update rewrites.
func checkGolden(t *testing.T, golden, out string) {
	t.Helper()
	if *updateGolden {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("output differs from %s (go test ./cmd/commontext/ -run %s -update rewrites it):\n%s", golden, strings.SplitN(t.Name(), "/", 2)[0], out)
	}
}

// TestStatusGolden prints the programme of work of a folder in every
// format, as of a fixed day, against golden files (go test -update
// rewrites them). The folder holds a broken plan: its line gives the
// reason, the others are still reported, and the exit status is 1.
func TestStatusGolden(t *testing.T) {
	for _, format := range []string{"text", "markdown", "csv", "json"} {
		t.Run(format, func(t *testing.T) {
			code, out, errs := runStatusT(t, "--as-of", "2026-01-05", "--format", format, statusPlans)
			if code != 1 || !strings.Contains(errs, "1 of 5 plan(s) could not be reported") {
				t.Errorf("exit %d, want 1 (a plan cannot be read): %s", code, errs)
			}
			checkGolden(t, filepath.Join("testdata", "status", "programme."+format+".golden"), out)
		})
	}
}

// TestStatusFormatsRead reads each format back as its reader would: the
// CSV with Go's reader (after the BOM), the JSON into status.Programme, the
// Markdown table with one row per plan and the pipe of a title escaped.
func TestStatusFormatsRead(t *testing.T) {
	_, out, _ := runStatusT(t, "--as-of", "2026-01-05", "--format", "csv", statusPlans)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, export.BOM))).ReadAll()
	if err != nil || !strings.HasPrefix(out, export.BOM) {
		t.Fatalf("CSV: %v (BOM %v)", err, strings.HasPrefix(out, export.BOM))
	}
	if len(rows) != 6 || strings.Join(rows[0], ",") != strings.Join(status.CSVColumns, ",") {
		t.Fatalf("CSV: %d rows, header %v", len(rows), rows[0])
	}
	if rows[1][1] != "Rec. ITU-T X.1299 | ISO/IEC 27599" || rows[1][2] != "30.00" || rows[5][2] != "30.99" || rows[3][0] != "testdata/status/plans/c-broken.json" || !strings.Contains(rows[3][12], "deliverable") {
		t.Errorf("CSV rows: %q", rows)
	}
	_, out, _ = runStatusT(t, "--as-of", "2026-01-05", "--format", "json", statusPlans)
	var prog status.Programme
	if err := json.Unmarshal([]byte(out), &prog); err != nil || len(prog.Rows) != 5 || prog.AsOf.String() != "2026-01-05" {
		t.Fatalf("JSON: %v, %d rows, as of %s", err, len(prog.Rows), prog.AsOf)
	}
	if r := prog.Rows[0]; r.JTC1.Code != "30.00" || r.NextStep == nil || r.NextStep.Label != "CD ballot" || r.Publication.String() != "2027-03-04" {
		t.Errorf("JSON row 0: %+v", r)
	}
	_, out, _ = runStatusT(t, "--as-of", "2026-01-05", "--format", "markdown", statusPlans)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2+2+5 || !strings.Contains(out, `Rec. ITU-T X.1299 \| ISO/IEC 27599`) {
		t.Errorf("Markdown: %d lines:\n%s", len(lines), out)
	}
	for _, l := range lines[2:] {
		if n := strings.Count(strings.ReplaceAll(l, `\|`, ""), "|"); n != len(status.Columns)+1 {
			t.Errorf("Markdown row has %d cell borders, want %d: %s", n, len(status.Columns)+1, l)
		}
	}
}

// TestStatusExit checks the exit statuses the usage gives.
func TestStatusExit(t *testing.T) {
	empty := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
		err  string
	}{
		{"every plan reported", []string{"--as-of", "2026-01-05", filepath.Join(statusPlans, "a-is-ct-aap.json"), filepath.Join(statusPlans, "d-tr-ci.json")}, 0, ""},
		{"flags after the files", []string{filepath.Join(statusPlans, "a-is-ct-aap.json"), "--as-of=2026-01-05", "--format=csv"}, 0, ""},
		{"a broken plan", []string{"--as-of", "2026-01-05", filepath.Join(statusPlans, "c-broken.json")}, 1, "1 of 1 plan(s)"},
		{"no file", []string{"--as-of", "2026-01-05"}, 2, "want at least one plan file or folder"},
		{"a missing file", []string{"nosuch.json"}, 2, "nosuch.json"},
		{"an empty folder", []string{empty}, 2, "no plan file (*.json)"},
		{"a bad date", []string{"--as-of", "2026-13-01", statusPlans}, 2, "--as-of"},
		{"a bad format", []string{"--format", "xml", statusPlans}, 2, `unknown format "xml"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := runStatusT(t, tc.args...)
			if code != tc.code || !strings.Contains(errs, tc.err) {
				t.Errorf("exit %d (want %d), stderr %q (want %q)", code, tc.code, errs, tc.err)
			}
		})
	}
}

// TestStatusFollowedPlan reports a plan followed through its life, in every
// format, against golden files, and checks the figures worked by hand: the
// CD ballot done (2026-03-02 to 06-02) and resolved at the CT meeting in
// Lisbon ending 2026-10-15 instead of Geneva's 09-04 (+41 d); as of
// 2026-11-01 the text is "30.99 CD approved for registration as DIS", the
// next step the DIS registration four weeks after the resolution
// (2026-11-12), and the best case's publication 2027-08-11 against the
// baseline's 2027-06-23: +49 d.
func TestStatusFollowedPlan(t *testing.T) {
	const plans = "testdata/status/followed"
	for _, format := range []string{"text", "markdown", "csv", "json"} {
		t.Run(format, func(t *testing.T) {
			code, out, errs := runStatusT(t, "--as-of", "2026-11-01", "--format", format, plans)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			for _, want := range []string{"30.99", "CD approved for registration as DIS", "not yet consented", "DIS registered", "2026-11-12", "2027-08-11", "2027-06-23", "49"} {
				if !strings.Contains(out, want) {
					t.Errorf("%s: no %q in\n%s", format, want, out)
				}
			}
			checkGolden(t, filepath.Join(plans, "programme."+format+".golden"), out)
		})
	}
}
