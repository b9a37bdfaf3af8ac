package planpage

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/engine/caldate"
)

// TestOverview: the coming 12 months of every plan, in date order, each
// step naming its plan; a plan that cannot be planned is named, the others
// still shown; one calendar with an event per step.
func TestOverview(t *testing.T) {
	amd, err := os.ReadFile("../../examples/amendment-tap.json")
	if err != nil {
		t.Fatal(err)
	}
	from := caldate.MustParse("2026-06-01")
	o := NewOverview([]Shown{{Plan: example(t)}, {Plan: amd, Scenario: "fdis"}, {Plan: []byte(`{"version": 1}`)}}, from)
	steps := o.Schedule.Scenarios[0].Steps
	if len(steps) < 10 {
		t.Fatalf("%d steps in 12 months", len(steps))
	}
	plans := map[string]int{}
	for i, st := range steps {
		if st.Start.Before(from) || !st.Start.Before(from.AddMonths(12)) {
			t.Errorf("step %q on %s is outside the 12 months from %s", st.Label, st.Start, from)
		}
		if i > 0 && st.Start.Before(steps[i-1].Start) {
			t.Errorf("step %q on %s after one on %s", st.Label, st.Start, steps[i-1].Start)
		}
		title, _, ok := strings.Cut(st.Label, ": ")
		if !ok {
			t.Errorf("step %q names no plan", st.Label)
		}
		plans[title]++
	}
	if len(plans) != 2 {
		t.Errorf("steps of %d plans (%v), want 2", len(plans), plans)
	}
	if len(o.Problems) != 1 || o.Problems[0].Field != "plans[2]" || !strings.Contains(o.Problems[0].Message, "plan 3") {
		t.Errorf("problems %+v, want plan 3 named", o.Problems)
	}
	cal, err := o.ICS(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(cal, "BEGIN:VEVENT"); n != len(steps) {
		t.Errorf("%d events for %d steps", n, len(steps))
	}
	uids := map[string]bool{}
	for _, l := range strings.Split(cal, "\r\n") {
		if strings.HasPrefix(l, "UID:") {
			uids[l] = true
		}
	}
	if len(uids) != len(steps) {
		t.Errorf("%d distinct UIDs for %d events", len(uids), len(steps))
	}
	if h := o.HTML(); !strings.Contains(h, "<h4>2026-06</h4>") || !strings.Contains(h, "plan 3 cannot be read") {
		t.Errorf("HTML lacks the first month or the problem: %.200q", h)
	}
}
