package planpage

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/status"
)

func examplePlan(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("../../examples/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestProgrammeHTML: one row per plan, a plan that cannot be read keeps
// its row with the reason; every column header is a sort button with
// aria-sort; the timeline names every plan in full, with a today line and
// a legend.
func TestProgrammeHTML(t *testing.T) {
	plans := []Shown{
		{Plan: examplePlan(t, "is-ct-aap.json")},
		{Plan: []byte(`{"version": 1, "title": "Half a plan <b>"}`)},
		{Plan: examplePlan(t, "amendment-tap.json"), Scenario: "slowest"},
	}
	prog := NewProgramme(plans, caldate.MustParse("2026-01-05"))
	html := ProgrammeHTML(prog)
	for _, want := range []string{
		`<th scope="col" aria-sort="none"><button type="button" class="pf-sort" data-col="0">Plan</button></th>`,
		`<th scope="row">Rec. ITU-T X.1299 | ISO/IEC 27599 (example): entity authentication framework</th><td><span class="pf-stage-code">30.00</span> CD registered</td>`,
		`<tr class="pf-prog-problem" data-k0="Plan 2"><th scope="row">Plan 2</th><td colspan="7" class="pv-error">Cannot be planned: `,
		`<text class="tl-name" x="10" y="`,
		`>Rec. ITU-T H.9999 | ISO/IEC 99999 Amd. 1 (example): signalling of new profiles</text>`,
		`class="tl-today-label"`, `>forecast publication</text>`, `>baseline publication</text>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("the programme lacks %q", want)
		}
	}
	if strings.Contains(html, "<b>") {
		t.Error("a plan's text reaches the page unescaped")
	}
	if prog.Rows[2].Scenario != "slowest" {
		t.Errorf("the amendment is reported in scenario %s, want the one shown (slowest)", prog.Rows[2].Scenario)
	}
}

// TestProgrammeExport: CSV and Markdown from the status package, the
// calendar with the events of every plan; an unknown format is an error.
func TestProgrammeExport(t *testing.T) {
	plans := []Shown{{Plan: examplePlan(t, "is-ct-aap.json")}, {Plan: examplePlan(t, "tr-ci.json")}}
	day, now := caldate.MustParse("2026-01-05"), time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	csv, err := ProgrammeExport(plans, day, "csv", now)
	if err != nil || !strings.HasPrefix(csv, "\ufeff"+strings.Join(status.CSVColumns, ",")) || strings.Count(csv, "\r\n") != 3 {
		t.Errorf("csv: %v\n%s", err, csv)
	}
	md, err := ProgrammeExport(plans, day, "markdown", now)
	if err != nil || !strings.Contains(md, "| ITU-T Y.Sup99 \\| ISO/IEC TR 99998 | not started |") {
		t.Errorf("markdown: %v\n%s", err, md)
	}
	ics, err := ProgrammeExport(plans, day, "ics", now)
	ics = strings.ReplaceAll(ics, "\r\n ", "") // unfolded
	if err != nil || !strings.Contains(ics, "SUMMARY:Rec. ITU-T X.1299 | ISO/IEC 27599 (example): entity authentication framework: Publication of the common text") || !strings.Contains(ics, "SUMMARY:ITU-T Y.Sup99 | ISO/IEC TR 99998") {
		t.Errorf("ics: %v\n%s", err, ics)
	}
	if _, err := ProgrammeExport(plans, day, "pdf", now); err == nil || !strings.Contains(err.Error(), `unknown format "pdf"`) {
		t.Errorf("pdf: %v", err)
	}
}

// TestReport: the report's table and Markdown say the same, row by row,
// with the pipe of a title escaped in Markdown.
func TestReport(t *testing.T) {
	st, err := NewReport(examplePlan(t, "is-ct-aap.json"), "", caldate.MustParse("2026-01-05"), caldate.MustParse("2025-10-05"))
	if err != nil {
		t.Fatal(err)
	}
	table, md := ReportTable(st), ReportMarkdown(st)
	for _, want := range []string{
		`<tr><th scope="row">Stage now, JTC 1</th><td><span class="pf-stage-code">30.00</span> CD registered</td></tr>`,
		`<tr><th scope="row">Done since 2025-10-05</th><td>nothing recorded as done</td></tr>`,
		`<tr><th scope="row">Forecast publication</th><td><time datetime="2027-03-04">2027-03-04</time>, no baseline set</td></tr>`,
	} {
		if !strings.Contains(table, want) {
			t.Errorf("the table lacks %q", want)
		}
	}
	for _, want := range []string{
		"Status of Rec. ITU-T X.1299 \\| ISO/IEC 27599 as of 2026-01-05",
		"| **Next 3 dates** | 2026-03-02 CD ballot; 2026-03-02 ITU-T comments on the CD text; 2026-03-07 deadline: JTC 1 agenda (preferably) for the CD ballot resolution |",
		"| **Rules of the guide** | 0 broken rules, 0 warnings |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown lacks %q:\n%s", want, md)
		}
	}
	if _, err := NewReport([]byte(`{`), "", caldate.MustParse("2026-01-05"), caldate.Date{}); err == nil {
		t.Error("a plan that cannot be read gives a report")
	}
}

// TestReportRules: each broken rule and warning is listed in the guide's
// words with its clause, and one on a step done is marked as history.
func TestReportRules(t *testing.T) {
	st := status.Status{ShortName: "T", Title: "T", AsOf: caldate.MustParse("2027-02-01"), Label: "Best case",
		Errors: 1, Warnings: 1, History: 1, Rules: []status.Rule{
			{Severity: "warning", Clause: "8.6.3", Message: "The resolution meeting is 14 weeks after the ballot closes", History: true},
			{Severity: "error", Clause: "8.9", Message: "Consent <before> the DIS ballot closes"},
		}}
	table, md := ReportTable(st), ReportMarkdown(st)
	if want := `1 broken rule, 1 warning (1 of them on steps already done: history)<br>The resolution meeting is 14 weeks after the ballot closes (warning, history, 8.6.3)<br>Consent &lt;before&gt; the DIS ballot closes (broken, 8.9)</td>`; !strings.Contains(table, want) {
		t.Errorf("the table lacks %q:\n%s", want, table)
	}
	if want := `| **Rules of the guide** | 1 broken rule, 1 warning (1 of them on steps already done: history); The resolution meeting is 14 weeks after the ballot closes (warning, history, 8.6.3); Consent \<before\> the DIS ballot closes (broken, 8.9) |`; !strings.Contains(md, want) {
		t.Errorf("the Markdown lacks %q:\n%s", want, md)
	}
}
