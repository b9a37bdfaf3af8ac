package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/export"
	"github.com/commontext/commontext/engine/schedule"
)

func runPlanT(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := runPlan(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

const example = "../../examples/is-ct-aap.json"

func TestPlanText(t *testing.T) {
	code, out, errs := runPlanT(t, "", example)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"Rec. ITU-T X.1299 | ISO/IEC 27599",
		"CD → DIS → FDIS by Collaborative Team, ITU-T AAP",
		"best        2027-03-04   Best case",
		"2026-03-02  2026-06-02  JTC 1  SC secretariat  CD ballot",
		"Consent (ITU-T SG17, Geneva, CH)",
		"flag (8.4): CT on X.1299 | 27599 (SG17 Q10 and SC 27/WG 5) (2026-04-07 to 2026-04-09, Tokyo, JP) falls within the CD ballot",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestPlanFormats(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1767225600") // 2026-01-01
	// JSON: byte-identical between runs, and a schedule that checks clean.
	_, a, _ := runPlanT(t, "", "--format", "json", example)
	code, b, errs := runPlanT(t, "", example, "--format=json") // flags after the file too
	if code != 0 || a != b {
		t.Fatalf("exit %d, identical %v: %s", code, a == b, errs)
	}
	var s schedule.Schedule
	if err := json.Unmarshal([]byte(a), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Scenarios) != 8 || s.Scenarios[0].Publication.String() != "2027-03-04" {
		t.Errorf("scenarios %d, best %s", len(s.Scenarios), s.Scenarios[0].Publication)
	}
	for _, v := range schedule.Check(&s) {
		if v.Severity == "error" {
			t.Errorf("violation: %s", v.Message)
		}
	}
	// iCalendar, reproducible with SOURCE_DATE_EPOCH.
	code, ics1, _ := runPlanT(t, "", "--format", "ics", example)
	_, ics2, _ := runPlanT(t, "", "--format", "ics", example)
	if code != 0 || ics1 != ics2 || !strings.HasPrefix(ics1, "BEGIN:VCALENDAR\r\n") || !strings.Contains(ics1, "DTSTAMP:20260101T000000Z\r\n") {
		t.Errorf("ics: exit %d, identical %v:\n%.300s", code, ics1 == ics2, ics1)
	}
	// CSV: the best case by default, every scenario on request.
	for _, tc := range []struct {
		args       []string
		scenarios  int
		fewestRows int
	}{
		{nil, 1, 20},
		{[]string{"--scenario", "all"}, 8, 120},
	} {
		code, c, _ := runPlanT(t, "", append([]string{"--format", "csv", example}, tc.args...)...)
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(c, export.BOM))).ReadAll()
		if code != 0 || err != nil || len(rows) < tc.fewestRows || strings.Join(rows[0], ",") != strings.Join(export.CSVHeader, ",") {
			t.Fatalf("csv %v: exit %d, %v, %d rows", tc.args, code, err, len(rows))
		}
		scenarios := map[string]bool{}
		for _, r := range rows[1:] {
			scenarios[r[1]] = true
		}
		if len(scenarios) != tc.scenarios {
			t.Errorf("csv %v: scenarios %v, want %d", tc.args, scenarios, tc.scenarios)
		}
	}
	// Standard input.
	in, _ := os.ReadFile(example)
	if code, out, errs := runPlanT(t, string(in), "--scenario", "fdis", "-"); code != 0 || !strings.Contains(out, "fdis: FDIS ballot") {
		t.Errorf("stdin: exit %d: %s%s", code, out, errs)
	}
}

func TestPlanBackward(t *testing.T) {
	code, out, errs := runPlanT(t, "", "--target", "2028-12-31", "--scenario", "all", "../../examples/amendment-tap.json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "Planned backward from publication by 2028-12-31") || !strings.Contains(out, "LATEST START") {
		t.Errorf("output:\n%s", out)
	}
}

// TestPlanHeaderInWords: the text header says the starting stage in words,
// with the deliverable's own names, as the page does, never its id.
func TestPlanHeaderInWords(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
		id   string
	}{
		{[]string{example}, "Planned forward from the CD ballot opening on 2026-03-02\n", "cd-ballot-opens"},
		{[]string{"../../examples/tr-ci.json"}, "Planned forward from the PDTR ballot closing on ", "cd-ballot-closes"},
		{[]string{"../../examples/corrigendum.json"}, "Planned forward from the DCOR ballot opening on ", "dcor-ballot-opens"},
		{[]string{"--target", "2028-12-31", "../../examples/amendment-tap.json"}, "Planned backward from publication by 2028-12-31, starting at the PDAM ballot opening\n", "cd-ballot-opens"},
	} {
		code, out, errs := runPlanT(t, "", c.args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, errs)
		}
		head, _, _ := strings.Cut(out, "\n\n")
		if !strings.Contains(head, c.want) || strings.Contains(head, c.id) {
			t.Errorf("%v: header lacks %q or names the stage %s:\n%s", c.args, c.want, c.id, head)
		}
	}
}

func TestPlanRuleOptions(t *testing.T) {
	code, out, errs := runPlanT(t, "", "--ruleset", "directives-weeks", "--set", "fdis-ballot=6w", example)
	if code != 0 || !strings.Contains(out, "override cd-ballot = 8w (guide: 3m; from rule set directives-weeks)") ||
		!strings.Contains(out, "override fdis-ballot = 6w (guide: 2m; from flag)") {
		t.Errorf("exit %d:\n%s%s", code, out, errs)
	}
	code, out, _ = runPlanT(t, "", "--rules")
	if code != 0 || !strings.Contains(out, "cd-ballot") || !strings.Contains(out, "8.9") {
		t.Errorf("--rules: exit %d\n%s", code, out)
	}
}

// TestPlanBadInput checks that each bad plan exits with status 2 and a
// message that names the field.
func TestPlanBadInput(t *testing.T) {
	good, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(old, new string) []byte {
		if !bytes.Contains(good, []byte(old)) {
			t.Fatalf("edit %q does not apply", old)
		}
		return bytes.Replace(good, []byte(old), []byte(new), 1)
	}
	random := make([]byte, 5<<20)
	rand.New(rand.NewSource(3)).Read(random)
	tests := []struct {
		name  string
		file  []byte
		args  []string
		wants []string
	}{
		{"unknown deliverable", edit(`"deliverable": "is"`, `"deliverable": "book"`), nil,
			[]string{`bad.json: deliverable: "book" is not a deliverable (choose one of is, amd, tr, ts, cor)`}},
		{"month 13", edit(`"date": "2026-03-02"`, `"date": "2026-13-02"`), nil,
			[]string{`bad.json: start.date: The starting date, "2026-13-02", is not a date: month 13 out of range 1–12`}},
		{"meeting ends before it starts", edit(`"start": "2026-01-20",
        "end": "2026-01-29"`, `"start": "2026-01-20",
        "end": "2026-01-10"`), nil,
			[]string{`bad.json: meetings.itu[0].end: Meeting 1 of the ITU-T calendar ends before it starts (2026-01-10 is before 2026-01-20)`}},
		{"duration out of range", edit(`"mode": "ct",`, `"mode": "ct", "rules": {"overrides": {"cd-ballot": "9m"}},`), nil,
			[]string{`bad.json: rules.overrides.cd-ballot: CD ballot: 9m is out of range 2m–4m (clause 8.9)`}},
		{"duration out of range by flag", good, []string{"--set", "dis2-ballot=5m"},
			[]string{`bad.json: override dis2-ballot: second DIS ballot: 5m is out of range 2m–3m (clause 8.9)`}},
		{"unknown field", edit(`"mode": "ct",`, `"mode": "ct", "modus": "ct",`), nil,
			[]string{`bad.json: modus: The plan has no field "modus"`}},
		{"5 MB of random bytes", random, nil, []string{`bad.json: The plan is larger than the 1024 KiB limit (the file is 5120 KiB)`}},
		{"random bytes, small", random[:3000], nil, []string{`bad.json: The plan is not UTF-8 text`}},
		{"several problems", edit(`"itu_process": "aap",`, `"itu_process": "tapp", "x": 1,`), nil,
			[]string{`bad.json: x: The plan has no field "x"`, `bad.json: itu_process: "tapp" is not an ITU-T process (choose one of aap, tap)`}},
		{"pin for the wrong process", edit(`"mode": "ct",`, `"mode": "ct", "pins": {"meetings": {"determination": "sg17-2027-01"}},`), nil,
			[]string{`bad.json: pins.meetings.determination: Determination: the AAP process has no such step`}},
		{"bad target", good, []string{"--target", "2028-02-30"}, []string{`--target: date "2028-02-30": day 30 in February 2028`}},
		{"bad as-of", good, []string{"--as-of", "2027-02-29"}, []string{`--as-of: date "2027-02-29": day 29 in February 2027`}},
		{"bad format", good, []string{"--format", "pdf"}, []string{`--format: unknown format "pdf"`}},
		{"unknown scenario", good, []string{"--scenario", "worst"}, []string{`--scenario: unknown scenario "worst"`}},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(dir, "bad.json")
			if err := os.WriteFile(path, tt.file, 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errs := runPlanT(t, "", append(tt.args, path)...)
			if code != 2 {
				t.Errorf("exit %d, want 2; stderr:\n%s", code, errs)
			}
			if out != "" && tt.name != "unknown scenario" {
				t.Errorf("stdout not empty:\n%.200s", out)
			}
			for _, w := range tt.wants {
				if !strings.Contains(errs, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errs)
				}
			}
			if strings.Contains(errs, "goroutine") || strings.Contains(errs, "panic") {
				t.Errorf("stack trace:\n%s", errs)
			}
			if n := strings.Count(errs, "\n"); n > 60 {
				t.Errorf("%d lines of errors", n)
			}
		})
	}
}

func TestPlanFailures(t *testing.T) {
	// A pinned meeting that breaks a rule: status 3 and the rule named.
	good, _ := os.ReadFile(example)
	dir := t.TempDir()
	pinned := bytes.Replace(good, []byte(`"mode": "ct",`), []byte(`"mode": "ct", "pins": {"meetings": {"consent": "sg17-2026-09"}},`), 1)
	path := filepath.Join(dir, "pinned.json")
	os.WriteFile(path, pinned, 0o644)
	code, _, errs := runPlanT(t, "", path)
	if code != 3 || !strings.Contains(errs, "aap-final-text") && !strings.Contains(errs, "For AAP") {
		t.Errorf("pinned: exit %d:\n%s", code, errs)
	}
	// A calendar with no meeting for consent: status 1 and a clear reason.
	var p map[string]any
	json.Unmarshal(good, &p)
	m := p["meetings"].(map[string]any)
	var itu []any
	for _, x := range m["itu"].([]any) {
		if strings.HasPrefix(x.(map[string]any)["start"].(string), "2026") {
			itu = append(itu, x)
		}
	}
	m["itu"] = itu
	b, _ := json.Marshal(p)
	path = filepath.Join(dir, "short.json")
	os.WriteFile(path, b, 0o644)
	code, _, errs = runPlanT(t, "", path)
	if code != 1 || !strings.Contains(errs, "no ITU-T SG or WP meeting") || !strings.Contains(errs, "allows consent") {
		t.Errorf("short calendar: exit %d:\n%s", code, errs)
	}
	// Missing file, too many files, unknown flag.
	if code, _, errs := runPlanT(t, "", filepath.Join(dir, "none.json")); code != 1 || !strings.Contains(errs, "no such file") {
		t.Errorf("missing file: exit %d: %s", code, errs)
	}
	if code, _, _ := runPlanT(t, "", example, example); code != 2 {
		t.Errorf("two files: exit %d", code)
	}
	if code, _, _ := runPlanT(t, "", "--frobnicate", example); code != 2 {
		t.Errorf("unknown flag: exit %d", code)
	}
	if code, _, _ := runPlanT(t, "", "-h"); code != 0 {
		t.Errorf("-h: exit %d", code)
	}
}

func TestPlanNoID(t *testing.T) {
	good, _ := os.ReadFile(example)
	noID := bytes.Replace(good, []byte(`"id": "3f6c2a8e-5b1d-4c7a-9e2f-0d8b4a6c1e57",`), nil, 1)
	code, _, errs := runPlanT(t, string(noID), "-")
	if code != 0 || !strings.Contains(errs, `has no "id"; add "id": `) {
		t.Errorf("exit %d: %s", code, errs)
	}
}

// TestPlanScenarioSelection: --scenario is read by the engine's
// ParseScenarios (2800 × best is one scenario) and an unknown scenario is
// the engine's error, whether no plan has it or only this plan lacks it.
func TestPlanScenarioSelection(t *testing.T) {
	code, out, errs := runPlanT(t, "", "--format", "json", "--scenario", strings.Repeat("best,", 2799)+"best", example)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var s schedule.Schedule
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Scenarios) != 1 || s.Scenarios[0].ID != "best" {
		t.Errorf("%d scenarios, want best alone", len(s.Scenarios))
	}
	tr := filepath.Join(t.TempDir(), "tr.json")
	b, err := os.ReadFile("../../examples/tr-ci.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(tr, b, 0o644); err != nil {
		t.Fatal(err)
	}
	_, unknown := schedule.ParseScenarios("worst")
	for _, tc := range []struct {
		file, list, format string
		want               string
	}{
		{example, "worst", "text", unknown.Error()},
		{example, "best,worst", "json", unknown.Error()},
		{tr, "fdis", "text", `unknown scenario "fdis" (want one of best, second-cd, second-dis, lc-ar, lc-sg, more-time, slowest, or all)`},
		{tr, "fdis", "ics", `unknown scenario "fdis" (want one of best, second-cd, second-dis, lc-ar, lc-sg, more-time, slowest, or all)`},
	} {
		code, _, errs := runPlanT(t, "", "--format", tc.format, "--scenario", tc.list, tc.file)
		if want := "commontext plan: --scenario: " + tc.want + "\n"; code != 2 || errs != want {
			t.Errorf("%s %s: exit %d, stderr %q; want 2, %q", tc.list, tc.format, code, errs, want)
		}
	}
}

// TestPlanAsOf: --as-of replaces the plan's as_of, so meetings that start
// before it are never chosen (issue 11 item 1), and -h says so.
func TestPlanAsOf(t *testing.T) {
	_, plain, _ := runPlanT(t, "", example)
	code, out, errs := runPlanT(t, "", "--as-of", "2026-11-01", example)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, tc := range []struct{ out, want string }{
		{plain, "2027-01-26  2027-02-04  ITU-T  SG              Consent"},
		{out, "2027-05-24  2027-05-26  ITU-T  WP              Consent"},
	} {
		if !strings.Contains(tc.out, tc.want) {
			t.Errorf("output lacks %q:\n%s", tc.want, tc.out)
		}
	}
	_, _, help := runPlanT(t, "", "-h")
	if !strings.Contains(help, "-as-of DATE") || !strings.Contains(help, "meetings that start before it are past and never chosen") {
		t.Errorf("-h does not explain --as-of:\n%s", help)
	}
}

// TestPlanFollowsLife: a history plan with its real dates as actuals (issue
// 18) prints every step done and the real publication; read --as-of the
// day of its consent it forecasts the rest, and an --as-of before a
// recorded fact exits 2, naming the actual's field.
func TestPlanFollowsLife(t *testing.T) {
	const history = "../../examples/history-x681.json"
	code, out, errs := runPlanT(t, "", history)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{
		"best        2008-12-14   Best case",
		"Consent (ITU-T SG17 (consent 2008-09-19)) [done]",
		"2008-12-14              joint  ITTF and TSB    Publication of the common text [done]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	code, _, errs = runPlanT(t, "", "--as-of", "2008-10-01", history)
	if code != 2 || !strings.Contains(errs, "actuals.dates.itu-approval.start: The ITU-T approval is recorded as done on 2008-11-13, after the as-of date 2008-10-01") {
		t.Errorf("--as-of before the approval: exit %d, %q", code, errs)
	}
}

// TestPlanCSVFollowed: the CSV of a followed plan carries each step's
// status, its baseline date and its slip in days (issue 18), worked by
// hand from testdata/status/followed/x1299-followed.json: the CD ballot
// is done; the CD resolution was held at the CT meeting of 2026-10-13/14
// against a baseline of 2026-09-04 (+41 d); read as of 2027-06-01, the DIS
// registration planned for 2026-11-12 has no actual, so it is overdue and
// planned anew on 2027-06-01, 242 days after its baseline of 2026-10-02.
func TestPlanCSVFollowed(t *testing.T) {
	const followed = "testdata/status/followed/x1299-followed.json"
	for _, tc := range []struct {
		asOf string
		want map[string][3]string // step → status, baseline, slip_days
	}{
		{"", map[string][3]string{
			"cd-ballot":        {"done", "", ""},
			"cd-resolution":    {"done", "2026-09-04", "41"},
			"dis-registration": {"", "2026-10-02", "41"},
			"dis-ballot":       {"", "", ""},
			"publication":      {"", "2027-06-23", "49"},
		}},
		{"2027-06-01", map[string][3]string{
			"cd-ballot":        {"done", "", ""},
			"dis-registration": {"overdue", "2026-10-02", "242"},
		}},
	} {
		args := []string{"--format", "csv", followed}
		if tc.asOf != "" {
			args = append(args, "--as-of", tc.asOf)
		}
		code, out, errs := runPlanT(t, "", args...)
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, export.BOM))).ReadAll()
		if code != 0 || err != nil || len(rows) < 2 {
			t.Fatalf("as of %q: exit %d, %v: %s", tc.asOf, code, err, errs)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		got := map[string][3]string{}
		for _, r := range rows[1:] {
			got[r[col["step"]]] = [3]string{r[col["status"]], r[col["baseline"]], r[col["slip_days"]]}
		}
		for step, want := range tc.want {
			if got[step] != want {
				t.Errorf("as of %q, %s: status, baseline, slip = %q, want %q", tc.asOf, step, got[step], want)
			}
		}
	}
}
