package schedule

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
)

// history holds the documented dates of published common texts that
// examples/history-*.json replay (sources in examples/README.md). Only
// these dates are real: a zero date was not found documented.
var history = []struct {
	file        string
	text        string
	approval    caldate.Date // ITU-T approval (AAP: end of the Last Call)
	publication caldate.Date // ISO/IEC publication
	anchored    bool         // the plan pins its Last Call to end on the approval: only publication is replayed
}{
	{"history-t803v2.json", "T.803 (V2) | ISO/IEC 15444-4:2021", caldate.MustParse("2021-06-13"), caldate.MustParse("2021-10-28"), false},
	{"history-t805.json", "T.805 (01/2012) | ISO/IEC 15444-6:2013", caldate.MustParse("2012-01-13"), caldate.MustParse("2013-07-15"), true},
	// X.681: itu.int/t/aap/recdetails/1797; ISO/IEC 8824-2:2008 "Publication Date 14-Dec-2008" (standards.iteh.ai).
	{"history-x681.json", "X.681 (11/2008) | ISO/IEC 8824-2:2008", caldate.MustParse("2008-11-13"), caldate.MustParse("2008-12-14"), false},
	// T.808 Amd. 4: itu.int rec.aspx?rec=10646 "Approval date: 2010-05-22"; evs.ee history of ISO/IEC 15444-9 "15.12.2010 Amendment".
	{"history-t808amd4.json", "T.808 Amd.4 | 15444-9:2005/Amd 4:2010", caldate.MustParse("2010-05-22"), caldate.MustParse("2010-12-15"), true},
	{"history-t808v3.json", "T.808 (V3) | ISO/IEC 15444-9 ed. 3", caldate.MustParse("2026-06-13"), caldate.Date{}, false},
	{"history-x695-2015.json", "X.695 (08/2015) | ISO/IEC 8825-6:2015", caldate.MustParse("2015-08-13"), caldate.Date{}, false},
}

// TestHistory replays each documented common text with the guide's rule
// set and with "as-practised", and reports each engine date against the
// real one, in days (make bench prints the table). The calibrated set must
// come closer to history than the guide's minimums do.
func TestHistory(t *testing.T) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-40s %-12s %-10s %-10s %7s %-10s %7s\n", "common text", "milestone", "real", "guide", "Δ days", "practised", "Δ days")
	total := map[string]int{}
	for _, h := range history {
		p := loadHistoryPlan(t, h.file)
		got := map[string]map[string]caldate.Date{}
		for _, set := range []string{"guide-2014", "as-practised"} {
			s := mustNew(t, p, Options{RuleSet: set, Scenarios: []ScenarioID{"best"}})
			sc := s.Scenarios[0]
			if sc.Error != "" || len(s.Errors()) > 0 {
				t.Fatalf("%s with %s: %s %v", h.file, set, sc.Error, s.Errors())
			}
			a, _ := sc.Step("itu-approval")
			got[set] = map[string]caldate.Date{"approval": a.Start, "publication": sc.Publication}
		}
		for _, m := range []struct {
			name string
			real caldate.Date
		}{{"approval", h.approval}, {"publication", h.publication}} {
			if m.real.IsZero() || m.name == "approval" && h.anchored {
				continue
			}
			g, a := got["guide-2014"][m.name], got["as-practised"][m.name]
			dg, da := g.DaysSince(m.real), a.DaysSince(m.real)
			total["guide-2014"] += abs(dg)
			total["as-practised"] += abs(da)
			fmt.Fprintf(&b, "%-40s %-12s %-10s %-10s %+7d %-10s %+7d\n", h.text, m.name, m.real, g, dg, a, da)
		}
	}
	fmt.Fprintf(&b, "%-40s %-12s %-10s %-10s %7d %-10s %7d\n", "total |Δ|", "", "", "", total["guide-2014"], "", total["as-practised"])
	t.Log(b.String())
	if total["as-practised"] >= total["guide-2014"] {
		t.Errorf("as-practised misses history by %d days in all, the guide's minimums by %d", total["as-practised"], total["guide-2014"])
	}
}

// loadHistoryPlan reads a history plan as it was before anything
// happened: without its actuals, which are what the replay is measured
// against.
func loadHistoryPlan(t *testing.T, file string) *plan.Plan {
	t.Helper()
	p := loadFollowedPlan(t, file)
	p.Actuals = plan.Actuals{}
	return p
}

// loadFollowedPlan reads a history plan with the real dates it records as
// actuals.
func loadFollowedPlan(t *testing.T, file string) *plan.Plan {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("../../examples", file))
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse(data)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return p
}

// TestHistoryActuals: the history plans record the documented dates of
// the table above as actuals (consent where documented, ITU-T approval,
// publication), and read as they stand, every step is done, at its real
// date (issue 18, point 7).
func TestHistoryActuals(t *testing.T) {
	for _, h := range history {
		if h.publication.IsZero() {
			continue
		}
		p := loadFollowedPlan(t, h.file)
		if got := p.Actuals.Dates["itu-approval"].Start; got != h.approval {
			t.Errorf("%s: approval recorded %s, documented %s", h.file, got, h.approval)
		}
		if got := p.Actuals.Dates["publication"].Start; got != h.publication {
			t.Errorf("%s: publication recorded %s, documented %s", h.file, got, h.publication)
		}
		s := mustNew(t, p, Options{Scenarios: []ScenarioID{"best"}})
		sc := s.Scenarios[0]
		if sc.Publication != h.publication {
			t.Errorf("%s: publication %s, it happened %s", h.file, sc.Publication, h.publication)
		}
		for _, st := range sc.Steps {
			if st.Status != StatusDone {
				t.Errorf("%s: %s (%s) is %q, not done, in a plan read after publication", h.file, st.ID, st.Start, st.Status)
			}
		}
	}
}

// TestHistoryForecast replays each documented text as it happened: as of
// each documented milestone (consent, ITU-T approval), with the actuals
// recorded up to that day, the as-practised forecast of publication
// against the real publication, in days. as-practised was calibrated on
// these same texts (examples/README.md), so the table shows its fit, not
// its power to predict. make bench prints it.
func TestHistoryForecast(t *testing.T) {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%-40s %-10s %-10s %-10s %-10s %7s\n", "common text", "as of", "milestone", "forecast", "real", "Δ days")
	n, total := 0, 0
	for _, h := range history {
		if h.publication.IsZero() {
			continue
		}
		full := loadFollowedPlan(t, h.file)
		type milestone struct {
			name string
			day  caldate.Date
		}
		var ms []milestone
		if id, ok := full.Actuals.Meetings["consent"]; ok {
			m, _ := full.Meetings.Find(id)
			ms = append(ms, milestone{"consent", m.End})
		}
		ms = append(ms, milestone{"approval", full.Actuals.Dates["itu-approval"].Start})
		for _, m := range ms {
			p := loadHistoryPlan(t, h.file)
			p.AsOf = m.day
			p.Rules.Set = "as-practised"
			p.Actuals = plan.Actuals{Meetings: map[string]string{}, Dates: map[string]plan.Actual{}}
			for step, id := range full.Actuals.Meetings {
				if mt, _ := full.Meetings.Find(id); !mt.End.After(m.day) {
					p.Actuals.Meetings[step] = id
				}
			}
			for step, a := range full.Actuals.Dates {
				if !a.Start.After(m.day) {
					p.Actuals.Dates[step] = a
				}
			}
			s := mustNew(t, p, Options{Scenarios: []ScenarioID{"best"}})
			sc := s.Scenarios[0]
			if sc.Error != "" {
				t.Fatalf("%s as of %s: %s", h.file, m.day, sc.Error)
			}
			d := sc.Publication.DaysSince(h.publication)
			n, total = n+1, total+abs(d)
			fmt.Fprintf(&b, "%-40s %-10s %-10s %-10s %-10s %+7d\n", h.text, m.day, m.name, sc.Publication, h.publication, d)
		}
	}
	fmt.Fprintf(&b, "%-40s %-10s %-10s %-10s %-10s %7d\n", fmt.Sprintf("mean |Δ| of %d forecasts", n), "", "", "", "", total/max(n, 1))
	t.Log(b.String())
}

// fdisHistory holds the documented FDIS (or FDAM) ballots of common texts
// with the ITU-T approval they belong to, each date as the window its
// source allows: one day where the day is documented, the month where only
// the month is (sources in examples/README.md). No text was found with both
// days documented, so none is replayed as a plan; each gives bounds on the
// days from approval to the start of the ballot instead.
var fdisHistory = []struct {
	text                     string
	approvalFrom, approvalTo caldate.Date // ITU-T approval: first and last possible day
	ballotStart              caldate.Date // "Voting begins on" of the FDIS cover
}{
	// T.800 (V4) is dated 07/2024 (T-REC-T.800-202407); the FDIS cover of
	// ISO/IEC 15444-1:2024 reads "Voting begins on: 2024-07-05" (standards.iteh.ai).
	{"T.800 (V4) | ISO/IEC 15444-1:2024", caldate.MustParse("2024-07-01"), caldate.MustParse("2024-07-31"), caldate.MustParse("2024-07-05")},
}

// TestHistoryFDIS replays the "fdis" scenario of each history plan with both
// rule sets and checks that as-practised starts the FDIS ballot within the
// days after ITU-T approval that the documented FDIS ballots allow
// (fdis-preparation, calibrated in examples/README.md). A value of a week or
// more would put the ballot later than any documented text had it.
func TestHistoryFDIS(t *testing.T) {
	var b strings.Builder
	lo, hi := math.MinInt, math.MaxInt
	fmt.Fprintf(&b, "\n%-40s %-23s %-10s %s\n", "documented FDIS", "ITU-T approval", "ballot", "approval → ballot")
	for _, f := range fdisHistory {
		l, h := f.ballotStart.DaysSince(f.approvalTo), f.ballotStart.DaysSince(f.approvalFrom)
		lo, hi = max(lo, l), min(hi, h)
		fmt.Fprintf(&b, "%-40s %s..%s %-10s %+d..%+d days\n", f.text, f.approvalFrom, f.approvalTo, f.ballotStart, l, h)
	}
	if lo > hi {
		t.Fatalf("the documented FDIS ballots contradict each other: %+d..%+d days", lo, hi)
	}
	fmt.Fprintf(&b, "\n%-40s %-10s %-10s %7s %-10s %7s\n", "history plan (fdis scenario)", "milestone", "guide", "lag", "practised", "lag")
	for _, h := range history {
		p := loadHistoryPlan(t, h.file)
		var lag [2]int
		var start [2]caldate.Date
		for i, set := range []string{"guide-2014", "as-practised"} {
			s := mustNew(t, p, Options{RuleSet: set, Scenarios: []ScenarioID{"fdis"}})
			sc := s.Scenarios[0]
			if sc.Error != "" || len(s.Errors()) > 0 {
				t.Fatalf("%s with %s: %s %v", h.file, set, sc.Error, s.Errors())
			}
			a, ok := sc.Step("itu-approval")
			f, ok2 := sc.Step("fdis-ballot")
			if !ok || !ok2 {
				t.Fatalf("%s with %s: no itu-approval or fdis-ballot step", h.file, set)
			}
			start[i], lag[i] = f.Start, f.Start.DaysSince(a.Start)
		}
		fmt.Fprintf(&b, "%-40s %-10s %-10s %+7d %-10s %+7d\n", h.text, "FDIS", start[0], lag[0], start[1], lag[1])
		if lag[1] < lo || lag[1] > hi {
			t.Errorf("%s: as-practised starts the FDIS ballot %+d days after ITU-T approval; the documented FDIS ballots started %+d..%+d days after it",
				h.file, lag[1], lo, hi)
		}
	}
	t.Log(b.String())
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
