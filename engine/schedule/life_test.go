package schedule

import (
	"maps"
	"os"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
)

// lifePlan is examples/is-ct-aap.json (IS, Collaborative Team, AAP, guide
// rules) followed through its life: read as of asOf, with the actuals
// given, and the baseline of its best case set on 2026-02-01 — the CD
// ballot 2026-03-02 to 06-02, CD resolution at the CT of 07-07/08, DIS
// registered 08-05, DIS ballot 10-05 to 2027-01-05, resolution at the CT
// of 01-28/29, consent at SG17 01-26 to 02-04, Last Call to 03-04,
// publication 2027-03-04.
func lifePlan(t *testing.T, asOf string, meetings map[string]string, dates map[string][2]string) *plan.Plan {
	t.Helper()
	b, err := os.ReadFile("../../examples/is-ct-aap.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	p.AsOf = caldate.MustParse(asOf)
	p.Actuals.Meetings = meetings
	p.Actuals.Dates = map[string]plan.Actual{}
	for step, d := range dates {
		a := plan.Actual{Start: caldate.MustParse(d[0])}
		if d[1] != "" {
			a.End = caldate.MustParse(d[1])
		}
		p.Actuals.Dates[step] = a
	}
	p.Baseline = &plan.Baseline{Set: caldate.MustParse("2026-02-01"), Scenario: "best", Milestones: map[string]caldate.Date{
		"cd-ballot": caldate.MustParse("2026-06-02"), "cd-resolution": caldate.MustParse("2026-07-08"),
		"dis-resolution": caldate.MustParse("2027-01-29"), "consent": caldate.MustParse("2027-02-04"),
		"publication": caldate.MustParse("2027-03-04"),
	}}
	if err := plan.Validate(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFollowedPlan: hand-worked rows of a plan followed through its life
// (issue 18): each checks the remaining schedule of the best case (the
// steps' dates, meetings and status), the slip against the baseline and
// the rules broken, marked as history when the step is done.
func TestFollowedPlan(t *testing.T) {
	type step struct{ id, start, end, meeting, status string }
	cases := []struct {
		name     string
		asOf     string
		meetings map[string]string
		dates    map[string][2]string
		steps    []step
		slip     int
		because  string // in Slip.Reason
		// violations of the best case, "rule step history"
		violations []string
		ruledOut   []ScenarioID
	}{{
		// The CD ballot opened three weeks late and ran a week over three
		// months: 3.2/8.9's three months is broken, as history. The CT of
		// 07-07 is too early to consider the Summary of Voting (its
		// contributions are due 06-26, seven working days before, 8.5),
		// so the CT of 09-03/04 resolves (8.6.3); DIS registered four weeks
		// later (8.6.2, the rule set's editing interval), 2 months of
		// translation (8.9), the DIS ballot 2026-12-02 to 2027-03-02, its
		// resolution at the CT of 04-13/15; consent needs the final text
		// within two months (8.9 b): SG17 of 01-26 to 02-04 allows only to
		// 04-04, so WP 2 of 05-24/26; the Last Call 05-26 to 06-23 (3.1.2).
		name: "CD ballot done late", asOf: "2026-07-01",
		dates: map[string][2]string{"cd-ballot": {"2026-03-23", "2026-06-30"}},
		steps: []step{
			{"cd-ballot", "2026-03-23", "2026-06-30", "", StatusDone},
			{"cd-comments", "2026-03-23", "2026-06-30", "", StatusDone},
			{"cd-resolution", "2026-09-03", "2026-09-04", "ct-2026-09", ""},
			{"dis-registration", "2026-10-02", "2026-10-02", "", ""},
			{"dis-ballot", "2026-12-02", "2027-03-02", "", ""},
			{"dis-resolution", "2027-04-13", "2027-04-15", "ct-2027-04", ""},
			{"consent", "2027-05-24", "2027-05-26", "wp17-2027-05", ""},
			{"lc", "2027-05-26", "2027-06-23", "", ""},
			{"publication", "2027-06-23", "2027-06-23", "", ""},
		},
		slip: 111, because: "CD ballot: done 2026-06-30, +28 d",
		violations: []string{"cd-ballot cd-ballot history"},
	}, {
		// The plan's dates up to the DIS ballot, then the DIS resolution
		// at the CT of 2027-04-13/15 instead of 01-28/29: 14 weeks after
		// the close, the 8.6.3 "within ten weeks" warning stays, as
		// history. Consent needs the final text of 04-15 within two
		// months (8.9 b): WP 2 of 05-24/26; Last Call to 06-23 (3.1.2).
		// The DIS is registered, so no second CD ballot can come (8.9).
		name: "DIS resolution at a later meeting", asOf: "2027-04-20",
		meetings: map[string]string{"cd-resolution": "ct-2026-07", "dis-resolution": "ct-2027-04"},
		dates: map[string][2]string{"cd-ballot": {"2026-03-02", "2026-06-02"}, "dis-registration": {"2026-08-05", ""},
			"dis-ballot": {"2026-10-05", "2027-01-05"}},
		steps: []step{
			{"cd-resolution", "2026-07-07", "2026-07-08", "ct-2026-07", StatusDone},
			{"dis-translation", "2026-08-05", "2026-10-05", "", StatusDone},
			{"dis-resolution", "2027-04-13", "2027-04-15", "ct-2027-04", StatusDone},
			{"final-text", "2027-04-15", "2027-04-15", "", StatusDone},
			{"consent", "2027-05-24", "2027-05-26", "wp17-2027-05", ""},
			{"lc", "2027-05-26", "2027-06-23", "", ""},
			{"publication", "2027-06-23", "2027-06-23", "", ""},
		},
		slip: 111, because: "DIS ballot resolution: at CT on X.1299 | 27599 (SG17 Q10 and SC 27/WG 5) (2027-04-13 to 2027-04-15, Ottawa, CA), +76 d",
		violations: []string{"resolution-window dis-resolution history"},
		ruledOut:   []ScenarioID{ScenarioSecondCD, ScenarioSlowest},
	}, {
		// Consent was obtained at WP 2 of 2026-11-16/18, before the DIS
		// resolution of 2027-01-28/29: the final text came 11 days after
		// the two months 8.9 b) allows, a must rule broken, as history.
		// The Last Call starts with the final text, 01-29, and ends 02-26
		// (3.1.2): publication six days before the baseline.
		name: "consent at a different meeting", asOf: "2027-02-01",
		meetings: map[string]string{"cd-resolution": "ct-2026-07", "consent": "wp17-2026-11", "dis-resolution": "ct-2027-01"},
		dates:    map[string][2]string{"dis-registration": {"2026-08-05", ""}},
		steps: []step{
			{"cd-ballot", "2026-03-02", "2026-06-02", "", StatusDone},
			{"dis-ballot", "2026-10-05", "2027-01-05", "", StatusDone},
			{"consent", "2026-11-16", "2026-11-18", "wp17-2026-11", StatusDone},
			{"final-text-due", "2027-01-18", "2027-01-18", "", StatusDone},
			{"dis-resolution", "2027-01-28", "2027-01-29", "ct-2027-01", StatusDone},
			{"lc", "2027-01-29", "2027-02-26", "", ""},
			{"itu-approval", "2027-02-26", "2027-02-26", "", ""},
			{"publication", "2027-02-26", "2027-02-26", "", ""},
		},
		slip: -6, because: "Consent: at ITU-T SG17 WP 2 (2026-11-16 to 2026-11-18, Online (e-meeting)), −78 d",
		violations: []string{"aap-final-text final-text history"},
		ruledOut:   []ScenarioID{ScenarioSecondCD, ScenarioSlowest},
	}, {
		// The CD ballot ran as planned, but nothing is recorded of the CT
		// of 07-07/08 that was to resolve it, and it is 20 August: the
		// resolution is overdue, re-planned at the next CT whose
		// contributions deadline is to come, 09-03/04 (8.6.3, 8.5).
		name: "resolution overdue", asOf: "2026-08-20",
		dates: map[string][2]string{"cd-ballot": {"2026-03-02", "2026-06-02"}},
		steps: []step{
			{"cd-ballot", "2026-03-02", "2026-06-02", "", StatusDone},
			{"cd-resolution", "2026-09-03", "2026-09-04", "ct-2026-09", StatusOverdue},
			{"dis-registration", "2026-10-02", "2026-10-02", "", ""},
			{"publication", "2027-06-23", "2027-06-23", "", ""},
		},
		slip: 111, because: "CD ballot resolution: overdue, now 2026-09-04, +58 d",
		// Three months after the close: a forecast that breaks the 8.6.3
		// "within ten weeks", to be read as such, not as history.
		violations: []string{"resolution-window cd-resolution"},
	}}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := mustNew(t, lifePlan(t, c.asOf, c.meetings, c.dates), Options{})
			sc, ok := s.Scenario(ScenarioBest)
			if !ok || sc.Error != "" {
				t.Fatalf("best case: %v %s", ok, sc.Error)
			}
			for _, w := range c.steps {
				got, ok := sc.Step(w.id)
				if !ok {
					t.Errorf("%s: missing", w.id)
					continue
				}
				if got.Start.String() != w.start || got.End.String() != w.end || got.Meeting != w.meeting || got.Status != w.status {
					t.Errorf("%s: %s to %s at %q, status %q; want %s to %s at %q, status %q",
						w.id, got.Start, got.End, got.Meeting, got.Status, w.start, w.end, w.meeting, w.status)
				}
			}
			if sc.Slip == nil || sc.Slip.Days != c.slip || !strings.Contains(sc.Slip.Reason, c.because) {
				t.Errorf("slip %+v, want %d days because %q", sc.Slip, c.slip, c.because)
			}
			if pub, _ := sc.Step("publication"); pub.Slip != c.slip || pub.Baseline.String() != "2027-03-04" {
				t.Errorf("publication step: baseline %s, slip %d", pub.Baseline, pub.Slip)
			}
			var got []string
			for _, v := range sc.Violations {
				g := v.Rule + " " + v.Step
				if v.History {
					g += " history"
				}
				got = append(got, g)
			}
			if strings.Join(got, "; ") != strings.Join(c.violations, "; ") {
				t.Errorf("violations %q, want %q", got, c.violations)
			}
			// History is not to fix; and no scenario's forecast breaks a
			// must rule (a second DIS ballot after the consent obtained
			// restarts the approval, footnotes to 8.9).
			if errs := s.Errors(); len(errs) > 0 {
				t.Errorf("Errors(): %v", errs)
			}
			for _, id := range c.ruledOut {
				if o, _ := s.Scenario(id); !o.RuledOut || !strings.Contains(o.Error, "Ruled out by what happened") || len(o.Steps) > 0 {
					t.Errorf("%s: ruled out %v, error %q, %d steps", id, o.RuledOut, o.Error, len(o.Steps))
				}
			}
		})
	}
}

// TestActualOverridesPin: a pin says what is wished, an actual what
// happened; the actual wins, and the step is done, not pinned.
func TestActualOverridesPin(t *testing.T) {
	p := lifePlan(t, "2027-04-20", map[string]string{"cd-resolution": "ct-2026-07", "dis-resolution": "ct-2027-04"},
		map[string][2]string{"cd-ballot": {"2026-03-02", "2026-06-02"}})
	p.Pins.Meetings = map[string]string{"dis-resolution": "ct-2027-01"}
	p.Pins.Dates = map[string]caldate.Date{"dis-registration": caldate.MustParse("2026-09-01")}
	p.Actuals.Dates["dis-registration"] = plan.Actual{Start: caldate.MustParse("2026-08-05")}
	s := mustNew(t, p, Options{})
	sc, _ := s.Scenario(ScenarioBest)
	for _, w := range []struct{ id, start, meeting string }{{"dis-resolution", "2027-04-13", "ct-2027-04"}, {"dis-registration", "2026-08-05", ""}} {
		st, _ := sc.Step(w.id)
		if st.Start.String() != w.start || st.Meeting != w.meeting || st.Pinned || st.Status != StatusDone {
			t.Errorf("%s: %s at %q pinned %v status %q; want the actual %s at %q, done", w.id, st.Start, st.Meeting, st.Pinned, st.Status, w.start, w.meeting)
		}
	}
}

// TestActualsRuleOut: recorded facts exclude the scenarios that
// contradict them, in words; the best case ruled out is no planning error.
func TestActualsRuleOut(t *testing.T) {
	p := lifePlan(t, "2026-11-01", map[string]string{"cd-resolution": "ct-2026-07", "cd2-resolution": "ct-2026-10"},
		map[string][2]string{"cd2-ballot": {"2026-07-15", "2026-10-01"}})
	s := mustNew(t, p, Options{})
	for _, sc := range s.Scenarios {
		want := sc.ID != ScenarioSecondCD && sc.ID != ScenarioSlowest
		if sc.RuledOut != want {
			t.Errorf("%s: ruled out %v (%s), want %v", sc.ID, sc.RuledOut, sc.Error, want)
		}
		if want && !strings.Contains(sc.Error, "there was a second CD ballot") {
			t.Errorf("%s: %q", sc.ID, sc.Error)
		}
	}
	if sc, _ := s.Scenario(ScenarioSecondCD); sc.Error != "" || sc.Publication.IsZero() {
		t.Errorf("second CD ballot: %q", sc.Error)
	}
}

// TestApprovalRulesOut: a recorded ITU-T approval passes the branch
// points of Last Call comments (an Additional Review, or the SG meeting
// that considers them, come before approval: 3.1.2), and a recorded
// publication passes the FDIS ballot's (it comes before publication: 8.9),
// unless the slower branch is recorded too.
func TestApprovalRulesOut(t *testing.T) {
	base := map[string][2]string{"cd-ballot": {"2026-03-02", "2026-06-02"}, "itu-approval": {"2027-03-04", ""}}
	for _, tc := range []struct {
		name     string
		dates    map[string][2]string
		meetings map[string]string
		ruledOut map[ScenarioID]string // scenario → words of its reason
	}{
		{"approval recorded", base, nil, map[ScenarioID]string{
			ScenarioSecondCD:  "ITU-T approval is recorded without a second CD ballot, which cannot come after the DIS registration (8.9)",
			ScenarioSecondDIS: "ITU-T approval is recorded without a second DIS ballot, which cannot come after the final text for ITU-T approval (8.9)",
			ScenarioLCAR:      "ITU-T approval is recorded without an Additional Review, which cannot come after ITU-T approval (3.1.2)",
			ScenarioLCSG:      "ITU-T approval is recorded without an SG meeting on the Last Call comments, which cannot come after ITU-T approval (3.1.2)",
			// More time is given at the SG meeting of Last Call comments (3.1.2).
			ScenarioMoreTime: "without an SG meeting on the Last Call comments",
			ScenarioSlowest:  "without",
		}},
		{"approval and publication recorded", merge(base, map[string][2]string{"publication": {"2027-03-20", ""}}), nil, map[ScenarioID]string{
			ScenarioFDIS:      "Publication is recorded without an FDIS ballot, which cannot come after publication (8.9)",
			ScenarioSecondCD:  "without a second CD ballot",
			ScenarioSecondDIS: "without a second DIS ballot",
			ScenarioLCAR:      "without an Additional Review",
			ScenarioLCSG:      "without an SG meeting",
			ScenarioMoreTime:  "without an SG meeting",
			ScenarioSlowest:   "without",
		}},
		{"approval after an Additional Review", merge(base, map[string][2]string{"ar": {"2027-02-01", "2027-02-22"}}), nil, map[ScenarioID]string{
			// Every scenario but the one of the Additional Review.
			ScenarioBest:      "there was an Additional Review (Additional Review is recorded), which this scenario does not have",
			ScenarioFDIS:      "there was an Additional Review",
			ScenarioSecondCD:  "there was an Additional Review",
			ScenarioSecondDIS: "there was an Additional Review",
			ScenarioLCSG:      "there was an Additional Review",
			ScenarioMoreTime:  "there was an Additional Review",
			ScenarioSlowest:   "there was an Additional Review",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := lifePlan(t, "2027-04-01", map[string]string{"cd-resolution": "ct-2026-07", "dis-resolution": "ct-2027-01", "consent": "sg17-2027-01"}, tc.dates)
			s, err := New(p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, sc := range s.Scenarios {
				why, want := tc.ruledOut[sc.ID]
				if sc.RuledOut != want || !strings.Contains(sc.Error, why) {
					t.Errorf("%s: ruled out %v (%q), want %v (%q)", sc.ID, sc.RuledOut, sc.Error, want, why)
				}
			}
		})
	}
}

func merge(a, b map[string][2]string) map[string][2]string {
	out := maps.Clone(a)
	maps.Copy(out, b)
	return out
}

// TestActualAfterToday: without an as_of of its own, the plan is read on
// the day Options.AsOf gives (the page's today): an actual after it is an
// error at its field.
func TestActualAfterToday(t *testing.T) {
	p := lifePlan(t, "2026-07-01", nil, map[string][2]string{"cd-ballot": {"2026-03-23", "2026-06-30"}})
	p.AsOf = caldate.Date{}
	_, err := New(p, Options{AsOf: caldate.MustParse("2026-06-15")})
	probs, ok := err.(plan.Errors)
	if !ok || len(probs) != 1 || probs[0].Field != "actuals.dates.cd-ballot.end" || !strings.Contains(probs[0].Message, "CD ballot is recorded as done on 2026-06-30, after today, 2026-06-15") {
		t.Fatalf("got %v", err)
	}
}

// TestStartIsAFact: a plan read on a day on or after its start is followed
// from that start, as if the start were its first actual (issue 18: "a
// step planned before as_of with no actual is not done: it is re-planned
// from as_of and shown as overdue"). Hand-worked from the examples, best
// case, guide rules:
//   - is-ct-aap starts with the CD ballot opening 2026-03-02 (3 months:
//     to 06-02). As of 2027-06-01 nothing since is recorded, so the ballot
//     is overdue with its dates kept (it opened; its close is not
//     recorded), and its resolution is overdue too: the rules gave the
//     online CT meeting of 2026-07-07/08, now past, so it moves to the
//     first CT meeting from the as-of day where the contributions can be
//     due in time, the online one of 2027-07-13/14.
//   - figure-5a-tap starts with the DIS registered on 2026-10-05: the
//     registration is done (it is the start); the DIS ballot the rules
//     open after two months of translation (2026-12-05) has not opened as
//     far as the plan knows, so it opens on the as-of day, 2027-06-01, and
//     closes three months later, 09-01; the determination the rules put at
//     the WP meeting of 2026-11-16 moves to SG17 of 2027-09-07.
//   - Read the day before its start, the same plan is planned as ever.
func TestStartIsAFact(t *testing.T) {
	type step struct{ id, start, end, meeting, status string }
	for _, tc := range []struct {
		file, asOf string
		steps      []step
	}{
		{"is-ct-aap", "2027-06-01", []step{
			{"cd-ballot", "2026-03-02", "2026-06-02", "", StatusOverdue},
			{"cd-comments", "2026-03-02", "2026-06-02", "", StatusOverdue},
			{"cd-resolution", "2027-07-13", "2027-07-14", "ct-2027-07", StatusOverdue},
		}},
		{"figure-5a-tap", "2027-06-01", []step{
			{"dis-registration", "2026-10-05", "2026-10-05", "", StatusDone},
			{"dis-ballot", "2027-06-01", "2027-09-01", "", StatusOverdue},
			{"determination", "2027-09-07", "2027-09-16", "sg17-2027-09", StatusOverdue},
			{"dis-resolution", "2027-10-12", "2027-10-14", "ct-2027-10", ""},
		}},
		{"figure-5a-tap", "2026-10-04", []step{
			{"dis-registration", "2026-10-05", "2026-10-05", "", ""},
			{"dis-ballot", "2026-12-05", "2027-03-05", "", ""},
			{"determination", "2026-11-16", "2026-11-18", "wp17-2026-11", ""},
		}},
	} {
		b, err := os.ReadFile("../../examples/" + tc.file + ".json")
		if err != nil {
			t.Fatal(err)
		}
		p, err := plan.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		s, err := New(p, Options{AsOf: caldate.MustParse(tc.asOf), Scenarios: []ScenarioID{"best"}})
		if err != nil {
			t.Fatalf("%s as of %s: %v", tc.file, tc.asOf, err)
		}
		sc := &s.Scenarios[0]
		for _, want := range tc.steps {
			got, ok := sc.Step(want.id)
			if !ok {
				t.Errorf("%s as of %s: no step %s", tc.file, tc.asOf, want.id)
				continue
			}
			if g := (step{got.ID, got.Start.String(), got.End.String(), got.Meeting, got.Status}); g != want {
				t.Errorf("%s as of %s:\n got  %+v\n want %+v", tc.file, tc.asOf, g, want)
			}
		}
	}
}

// TestBackwardFollowed: planned backward, a plan that has started has no
// latest start to find (its start and actuals are facts): each scenario
// is its forward forecast from what happened, reachable when it publishes
// by the target. Before, the search moved a start the actuals then
// overrode, and printed the target itself as the "latest start".
func TestBackwardFollowed(t *testing.T) {
	p := lifePlan(t, "2026-11-01", map[string]string{"cd-resolution": "ct-2026-10"}, map[string][2]string{"cd-ballot": {"2026-03-02", "2026-06-02"}})
	forward := mustNew(t, p, Options{})
	for _, tc := range []struct {
		target    string
		reachable map[ScenarioID]bool
	}{
		{"2027-09-30", map[ScenarioID]bool{ScenarioBest: true, ScenarioFDIS: false}},
		{"2027-12-31", map[ScenarioID]bool{ScenarioBest: true, ScenarioFDIS: true, ScenarioSecondCD: false}},
	} {
		s := mustNew(t, p, Options{Target: caldate.MustParse(tc.target)})
		for id, want := range tc.reachable {
			sc, _ := s.Scenario(id)
			fw, _ := forward.Scenario(id)
			if sc.Reachable == nil || *sc.Reachable != want || !sc.LatestStart.IsZero() || sc.Publication != fw.Publication {
				t.Errorf("target %s, %s: reachable %v, latest start %s, publication %s (forward %s); want reachable %v, no latest start",
					tc.target, id, sc.Reachable, sc.LatestStart, sc.Publication, fw.Publication, want)
			}
			if !want && !strings.Contains(sc.Error, "publication by "+tc.target+" is not reachable: with what has happened, as of 2026-11-01, publication is forecast for "+fw.Publication.String()) {
				t.Errorf("target %s, %s: %q", tc.target, id, sc.Error)
			}
		}
	}
}
