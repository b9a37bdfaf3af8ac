package planpage

import (
	"fmt"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
)

// TestBrokenPinMarks: a Last Call pinned before the consent meeting breaks
// lc-after-consent, and every view marks it where it bites, in words: the
// pinned field (Result.Pins, in the rule check's words), the picker's and
// the scenario table's publication ("breaks N rules: not valid", never a
// plain earlier date), the steps table (the Last Call "breaks rule", the
// ITU-T approval counted from it "not valid: follows Last Call"), the
// timeline's titles and the agenda. A pin on a step the scenario shown
// lacks says which scenarios it applies to. The dates come from the
// engine, not from this test.
func TestBrokenPinMarks(t *testing.T) {
	today := caldate.MustParse("2026-11-25")
	ex := strings.Replace(string(example(t)), `"version": 1,`, `"version": 1, "pins": {"dates": {"lc": "2027-12-01"}},`, 1)
	p, err := plan.Parse([]byte(ex))
	if err != nil {
		t.Fatal(err)
	}
	s, err := schedule.New(p, schedule.Options{AsOf: today})
	if err != nil {
		t.Fatal(err)
	}
	// The scenario where the pinned Last Call breaks lc-after-consent.
	var sc *schedule.Scenario
	var broken schedule.Violation
	for i := range s.Scenarios {
		for _, v := range s.Scenarios[i].Violations {
			if v.Step == "lc" && v.Severity == "error" && sc == nil {
				sc, broken = &s.Scenarios[i], v
			}
		}
	}
	if sc == nil {
		t.Fatal("no scenario where the pinned Last Call breaks a rule")
	}
	r := Compute([]byte(ex), Options{Scenario: string(sc.ID), Today: today})
	if len(r.Problems) > 0 {
		t.Fatalf("problems: %v", r.Problems)
	}
	row := func(step string) string {
		i := strings.Index(r.HTML, `data-step="`+step+`"`)
		if i < 0 {
			t.Fatalf("no row for %s", step)
		}
		return r.HTML[i : i+strings.Index(r.HTML[i:], "</tr>")]
	}
	n := sc.Broken()
	for _, c := range []struct{ where, got, want string }{
		{"Last Call row", row("lc"), "⚠ breaks rule</strong> <code>" + broken.Rule + "</code>"},
		{"ITU-T approval row", row("itu-approval"), "⚠ not valid:</strong> follows Last Call, which breaks a rule"},
		{"publication row", row("publication"), "follows Last Call"},
		{"scenario table", r.HTML, fmt.Sprintf(`<td class="pv-invalid"><time datetime="%s">%s</time>, <strong>⚠ breaks %d rule%s</strong>: not a valid date</td>`, sc.Publication, sc.Publication, n, plural(n))},
		{"timeline title", r.HTML, "Not valid: it follows Last Call, which breaks a rule"},
		{"agenda", r.HTML, "! not valid: follows Last Call, which breaks a rule"},
	} {
		if !strings.Contains(c.got, c.want) {
			t.Errorf("%s lacks %q:\n%.600s", c.where, c.want, c.got)
		}
	}
	for _, ref := range r.Scenarios {
		if ref.ID == sc.ID && ref.Option != fmt.Sprintf("%s (publication %s, breaks %d rule%s: not valid)", sc.Label, sc.Publication, n, plural(n)) {
			t.Errorf("picker option %q", ref.Option)
		}
	}
	var lc string
	for _, pm := range r.Pins {
		if pm.Field == "pins.dates.lc" {
			lc += pm.Message
		}
	}
	if want := fmt.Sprintf("Breaks rule %s (clause %s) in %s: %s", broken.Rule, broken.Clause, sc.Label, broken.Message); !strings.Contains(lc, want) {
		t.Errorf("the pinned Last Call's mark is %q, want %q", lc, want)
	}

	// A pin on a step the scenario shown (the best case) lacks.
	ex = strings.Replace(string(example(t)), `"version": 1,`, `"version": 1, "pins": {"dates": {"cd2-ballot": "2027-02-01"}},`, 1)
	r = Compute([]byte(ex), Options{Today: today})
	var with []string
	for _, x := range r.Scenarios {
		if strings.Contains(x.Label, "Second CD") || x.ID == "slowest" {
			with = append(with, x.Label)
		}
	}
	if len(r.Pins) != 0 || len(r.PinNotes) != 1 || r.PinNotes[0].Field != "pins.dates.cd2-ballot" ||
		r.PinNotes[0].Message != "The scenario shown ("+r.Scenarios[0].Label+") has no second CD ballot: this pin applies to "+strings.Join(with, ", ")+"." {
		t.Errorf("the pin on the second CD ballot is marked %v, with the note %v", r.Pins, r.PinNotes)
	}
}

// TestPinEffects: each pinned date of the scenario shown says what it
// changed, the publication without it → with it, both from the engine.
func TestPinEffects(t *testing.T) {
	today := caldate.MustParse("2026-11-25")
	base, err := plan.Parse(example(t))
	if err != nil {
		t.Fatal(err)
	}
	s0, err := schedule.New(base, schedule.Options{AsOf: today})
	if err != nil {
		t.Fatal(err)
	}
	var pub caldate.Date
	for _, st := range s0.Scenarios[0].Steps {
		if st.ID == "publication" {
			pub = st.Start
		}
	}
	later := pub.AddMonths(2)
	ex := strings.Replace(string(example(t)), `"version": 1,`, `"version": 1, "pins": {"dates": {"publication": "`+later.String()+`"}},`, 1)
	r := Compute([]byte(ex), Options{Today: today})
	want := fmt.Sprintf("This pin moves the publication of %s: %s → %s.", s0.Scenarios[0].Label, s0.Scenarios[0].Publication, later)
	var got []string
	for _, n := range r.PinNotes {
		if n.Field == "pins.dates.publication" {
			got = append(got, n.Message)
		}
	}
	if len(got) != 1 || got[0] != want {
		t.Errorf("the pinned publication says %q, want %q", got, want)
	}
}
