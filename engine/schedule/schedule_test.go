package schedule

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
)

func mtg(id, kind, start, end string) plan.Meeting {
	return plan.Meeting{ID: id, Kind: kind, Body: strings.ToUpper(kind) + " test", Start: caldate.MustParse(start), End: caldate.MustParse(end), Place: "Geneva, CH"}
}

// The test calendar. Comments give the facts the hand computations rely on.
func testCalendars() plan.Calendars {
	return plan.Calendars{
		ITU: []plan.Meeting{
			mtg("sg-2026-06", "sg", "2026-06-01", "2026-06-10"),  // ends before the DIS is registered
			mtg("wp-2026-09", "wp", "2026-09-14", "2026-09-16"),  // +2 months = 11-16, before the final text
			mtg("wp-2026-10", "wp", "2026-10-05", "2026-10-07"),  // +2 months = 12-07: consent
			mtg("sg-2027-01", "sg", "2027-01-19", "2027-01-28"),  // ten days
			mtg("wp-2027-04", "wp", "2027-04-20", "2027-04-22"),  // TAP determination
			mtg("sg-2027-08a", "sg", "2027-08-10", "2027-08-13"), // −4 months = 04-10: too early for TAP
			mtg("sg-2027-08", "sg", "2027-08-31", "2027-09-09"),  // −4 months = 04-30: TAP approval
			mtg("sg-2028-01", "sg", "2028-01-18", "2028-01-27"),
			mtg("sg-2028-06", "sg", "2028-06-20", "2028-06-29"),
		},
		JTC1: []plan.Meeting{
			mtg("sc-2026-04", "sc", "2026-04-20", "2026-04-24"),
			mtg("wg-2026-10", "wg", "2026-10-12", "2026-10-16"),
		},
		CT: []plan.Meeting{
			mtg("ct-2026-03", "ct", "2026-03-10", "2026-03-12"),  // inside the CD ballot
			mtg("ct-2026-05a", "ct", "2026-05-04", "2026-05-06"), // contributions due 04-23, before the ballot closes
			mtg("ct-2026-05", "ct", "2026-05-12", "2026-05-14"),  // contributions due Friday 05-01
			mtg("ct-2026-11", "ct", "2026-11-24", "2026-11-26"),  // contributions due Friday 11-13
			mtg("ct-2027-03", "ct", "2027-03-09", "2027-03-11"),  // contributions due Friday 02-26
			mtg("ct-2027-04", "ct", "2027-04-13", "2027-04-15"),  // contributions due Friday 04-02
			mtg("ct-2027-09", "ct", "2027-09-14", "2027-09-16"),
			mtg("ct-2028-06", "ct", "2028-06-13", "2028-06-15"),
		},
	}
}

var testID = uuid.MustParse("00000000-0000-4000-8000-000000000001")

func testPlan(del plan.Deliverable, proc plan.Process, mode plan.Mode, stage plan.Stage, date string) *plan.Plan {
	p := &plan.Plan{Version: 1, ID: testID, Deliverable: del, Process: proc, Mode: mode,
		Start: plan.Start{Stage: stage, Date: caldate.MustParse(date)}, Meetings: testCalendars()}
	return p
}

// isAAP is the base case of most tests: an IS by a CT under AAP, the CD
// ballot opening on 31 January 2026.
func isAAP() *plan.Plan {
	return testPlan(plan.IS, plan.AAP, plan.CollaborativeTeam, plan.CDBallotOpens, "2026-01-31")
}

func mustNew(t *testing.T, p *plan.Plan, opt Options) *Schedule {
	t.Helper()
	s, err := New(p, opt)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return s
}

// TestRules checks each rule of the guide on hand-computed dates.
func TestRules(t *testing.T) {
	tis := func() *plan.Plan { return isAAP() }
	tests := []struct {
		clause, name string
		plan         func() *plan.Plan
		opt          Options
		scenario     ScenarioID
		step         string
		start, end   string // end "" means same as start
		meeting      string
	}{
		{"8.9", "CD ballot of 3 months clamped to the end of April", tis, Options{}, "best", "cd-ballot", "2026-01-31", "2026-04-30", ""},
		{"8.9", "ITU-T comments run with the CD ballot", tis, Options{}, "best", "cd-comments", "2026-01-31", "2026-04-30", ""},
		{"8.9", "CD ballot of 4 months by override", func() *plan.Plan {
			p := isAAP()
			p.Rules.Overrides = map[string]rules.Duration{"cd-ballot": rules.MustParseDuration("4m")}
			return p
		}, Options{}, "best", "cd-ballot", "2026-01-31", "2026-05-31", ""},
		{"8.9", "CD ballot of 8 weeks in the directives-weeks rule set", tis, Options{RuleSet: "directives-weeks"}, "best", "cd-ballot", "2026-01-31", "2026-03-28", ""},
		{"8.5", "resolution skips a CT meeting whose contributions are due before the ballot closes (weekend counted out)", tis, Options{}, "best", "cd-resolution", "2026-05-12", "2026-05-14", "ct-2026-05"},
		{"8.5", "contributions due seven working days before Tuesday 2026-05-12", tis, Options{}, "best", "cd-resolution.contributions", "2026-05-01", "", "ct-2026-05"},
		{"8.4", "JTC 1 agenda preferably four months before", tis, Options{}, "best", "cd-resolution.agenda-preferred", "2026-01-12", "", "ct-2026-05"},
		{"8.4", "JTC 1 agenda no less than three months before", tis, Options{}, "best", "cd-resolution.agenda", "2026-02-12", "", "ct-2026-05"},
		{"8.4", "ITU-T convening letter two months before", tis, Options{}, "best", "cd-resolution.convening-letter", "2026-03-12", "", "ct-2026-05"},
		{"8.6.2", "DIS registered four weeks after the resolution meeting's last day", tis, Options{}, "best", "dis-registration", "2026-06-11", "", ""},
		{"8.9", "two-month translation period", tis, Options{}, "best", "dis-translation", "2026-06-11", "2026-08-11", ""},
		{"8.9", "three-month DIS ballot after translation", tis, Options{}, "best", "dis-ballot", "2026-08-11", "2026-11-11", ""},
		{"8.6.3", "DIS ballot resolved at the first CT meeting after it closes", tis, Options{}, "best", "dis-resolution", "2026-11-24", "2026-11-26", "ct-2026-11"},
		{"8.9", "final text from the DIS ballot resolution meeting's last day", tis, Options{}, "best", "final-text", "2026-11-26", "", ""},
		{"8.9", "consent at the first WP meeting at DIS level whose two months reach the final text", tis, Options{}, "best", "consent", "2026-10-05", "2026-10-07", "wp-2026-10"},
		// 8.9 b): the final text is due "by 2 months after the SG meeting
		// where consent was obtained so that the TSB Director can announce
		// the Last Call". Consent ends 2026-10-07, so the limit is 12-07,
		// whenever the Last Call starts (here 11-26, the day the text is
		// ready; as-practised four weeks later, 12-24).
		{"8.9", "final text due two months after consent, though the Last Call starts sooner", tis, Options{}, "best", "final-text-due", "2026-12-07", "", ""},
		{"8.9", "final text due two months after consent when the Last Call is announced later", tis, Options{RuleSet: "as-practised"}, "best", "final-text-due", "2026-12-07", "", ""},
		{"3.1.2", "four-week Last Call from the final text", tis, Options{}, "best", "lc", "2026-11-26", "2026-12-24", ""},
		{"8.9", "best case: no FDIS, publication at ITU-T approval", tis, Options{}, "best", "publication", "2026-12-24", "", ""},
		{"8.9", "FDIS two months from ITU-T approval", tis, Options{}, "fdis", "fdis-ballot", "2026-12-24", "2027-02-24", ""},
		{"3.1.2", "Last Call comments resolved (4-week assumption) then 3-week Additional Review", tis, Options{}, "lc-ar", "ar", "2027-01-21", "2027-02-11", ""},
		{"3.1.2", "Last Call comments go to the next SG meeting after the Last Call's end 2026-12-24: 2027-01-19", tis, Options{}, "lc-sg", "sg-approval", "2027-01-19", "2027-01-28", "sg-2027-01"},
		{"3.1.2", "Member State more time: four weeks from the meeting's last day", tis, Options{}, "more-time", "more-time", "2027-01-28", "2027-02-25", ""},
		{"8.9", "second DIS ballot of two months after four weeks of editing", tis, Options{}, "second-dis", "dis2-ballot", "2026-12-24", "2027-02-24", ""},
		{"8.9", "second DIS resolved at a CT meeting with contributions due after the close", tis, Options{}, "second-dis", "dis2-resolution", "2027-03-09", "2027-03-11", "ct-2027-03"},
		{"8.9", "ITU-T restart when the planned consent's deadline passes (footnote)", tis, Options{}, "second-dis", "itu-restart", "2026-12-07", "", "wp-2026-10"},
		{"8.9", "new consent after the restart (ten-day SG meeting)", tis, Options{}, "second-dis", "consent", "2027-01-19", "2027-01-28", "sg-2027-01"},
		{"3.1.2", "Last Call after the second DIS resolution", tis, Options{}, "second-dis", "lc", "2027-03-11", "2027-04-08", ""},
		{"8.9", "second CD ballot after four weeks of editing", tis, Options{}, "second-cd", "cd2-ballot", "2026-06-11", "2026-09-11", ""},
		{"8.9", "leap year: translation from 2027-12-31 ends on 2028-02-29", func() *plan.Plan {
			return testPlan(plan.IS, plan.AAP, plan.CollaborativeTeam, plan.DISRegistered, "2027-12-31")
		}, Options{}, "best", "dis-translation", "2027-12-31", "2028-02-29", ""},
		{"8.9", "leap year: DIS ballot from leap day", func() *plan.Plan {
			return testPlan(plan.IS, plan.AAP, plan.CollaborativeTeam, plan.DISRegistered, "2027-12-31")
		}, Options{}, "best", "dis-ballot", "2028-02-29", "2028-05-29", ""},
		{"8.9", "a ballot closing on 31 May opened on 28 February", func() *plan.Plan {
			return testPlan(plan.IS, plan.AAP, plan.CollaborativeTeam, plan.CDBallotCloses, "2026-05-31")
		}, Options{}, "best", "cd-ballot", "2026-02-28", "2026-05-31", ""},
	}
	tap := func() *plan.Plan {
		return testPlan(plan.Amendment, plan.TAP, plan.CollaborativeTeam, plan.DISBallotCloses, "2027-03-31")
	}
	tests = append(tests, []struct {
		clause, name string
		plan         func() *plan.Plan
		opt          Options
		scenario     ScenarioID
		step         string
		start, end   string
		meeting      string
	}{
		{"8.9", "TAP: DAM registered two months before a ballot opening 2026-12-31", tap, Options{}, "best", "dis-registration", "2026-10-31", "", ""},
		{"8.9", "TAP: determination at the first meeting where the text is at DAM level (registered 2026-10-31), before the start date: the start is no floor", tap, Options{}, "best", "determination", "2027-01-19", "2027-01-28", "sg-2027-01"},
		{"8.9", "TAP: the SG meeting opening 2027-08-10 is less than four months after the final text; 08-31 is not", tap, Options{}, "best", "sg-approval", "2027-08-31", "2027-09-09", "sg-2027-08"},
		{"8.9", "TAP: final text due four months before the SG meeting", tap, Options{}, "best", "final-text-due", "2027-04-30", "", ""},
		{"3.1.1", "TAP: Director's announcement at least three months before", tap, Options{}, "best", "tap-announcement", "2027-05-31", "", ""},
		{"3.1.1", "TAP: text distributed at least one month before", tap, Options{}, "best", "tap-distribution", "2027-07-31", "", ""},
		{"3.1.1", "TAP: more time, four weeks after the meeting's last day", tap, Options{}, "more-time", "more-time", "2027-09-09", "2027-10-07", ""},
	}...)
	for _, tt := range tests {
		t.Run(tt.clause+" "+tt.name, func(t *testing.T) {
			s := mustNew(t, tt.plan(), tt.opt)
			checkStep(t, s, tt.scenario, tt.step, tt.start, tt.end, tt.meeting)
		})
	}
}

// checkStep checks that scenario has step from start to end (end "" for
// a one-day step) at meeting (unless ""), with a clause, and that the
// schedule breaks none of its own rules; it returns the step for more.
func checkStep(t *testing.T, s *Schedule, scenario ScenarioID, step, start, end, meeting string) *Step {
	t.Helper()
	sc, ok := s.Scenario(scenario)
	if !ok || sc.Error != "" {
		t.Fatalf("scenario %q: %v %s", scenario, ok, sc.Error)
	}
	st, ok := sc.Step(step)
	if !ok {
		t.Fatalf("no step %q in %s; steps: %v", step, scenario, stepIDs(sc))
	}
	if end == "" {
		end = start
	}
	if st.Start.String() != start || st.End.String() != end {
		t.Errorf("%s: %s to %s, want %s to %s", step, st.Start, st.End, start, end)
	}
	if meeting != "" && st.Meeting != meeting {
		t.Errorf("%s at meeting %q, want %q", step, st.Meeting, meeting)
	}
	if st.Clause == "" || st.Scenario != scenario {
		t.Errorf("%s: clause %q scenario %q", step, st.Clause, st.Scenario)
	}
	if errs := s.Errors(); len(errs) > 0 {
		t.Errorf("schedule breaks its own rules: %v", errs)
	}
	return st
}

func stepIDs(sc *Scenario) []string {
	var ids []string
	for _, s := range sc.Steps {
		ids = append(ids, s.ID)
	}
	return ids
}

func TestPublicationPerScenario(t *testing.T) {
	s := mustNew(t, isAAP(), Options{})
	want := map[ScenarioID]string{
		"best":       "2026-12-24",
		"fdis":       "2027-02-24",
		"lc-ar":      "2027-02-11",
		"lc-sg":      "2027-01-28", // the next SG meeting after the Last Call (3.1.2)
		"more-time":  "2027-02-25",
		"second-dis": "2027-04-08",
	}
	var ids []string
	for _, sc := range s.Scenarios {
		ids = append(ids, string(sc.ID))
		if w, ok := want[sc.ID]; ok && sc.Publication.String() != w {
			t.Errorf("%s: publication %s, want %s", sc.ID, sc.Publication, w)
		}
		if sc.Error == "" && sc.Publication.Before(s.Scenarios[0].Publication) {
			t.Errorf("%s publishes before the best case", sc.ID)
		}
	}
	if got := strings.Join(ids, " "); got != "best fdis second-cd second-dis lc-ar lc-sg more-time slowest" {
		t.Errorf("scenarios: %s", got)
	}
}

func TestScenariosByDeliverable(t *testing.T) {
	tests := []struct {
		del   plan.Deliverable
		proc  plan.Process
		stage plan.Stage
		want  string
	}{
		{plan.IS, plan.AAP, plan.CDBallotOpens, "best fdis second-cd second-dis lc-ar lc-sg more-time slowest"},
		{plan.IS, plan.TAP, plan.CDBallotOpens, "best fdis second-cd second-dis more-time slowest"},
		{plan.TR, plan.AAP, plan.CDBallotOpens, "best second-cd second-dis lc-ar lc-sg more-time slowest"},
		{plan.TS, plan.TAP, plan.DISBallotOpens, "best second-dis more-time slowest"},
		{plan.IS, plan.AAP, plan.DISBallotCloses, "best fdis second-dis lc-ar lc-sg more-time slowest"},
		{plan.Corrigendum, plan.AAP, plan.DCORBallotOpens, "best lc-ar lc-sg more-time"},
		{plan.Corrigendum, plan.TAP, plan.DCORBallotOpens, "best more-time"},
	}
	for _, tt := range tests {
		p := testPlan(tt.del, tt.proc, plan.CollaborativeTeam, tt.stage, "2026-01-31")
		s, err := New(p, Options{})
		if err != nil {
			t.Errorf("%s/%s/%s: %v", tt.del, tt.proc, tt.stage, err)
			continue
		}
		var ids []string
		for _, sc := range s.Scenarios {
			ids = append(ids, string(sc.ID))
		}
		if got := strings.Join(ids, " "); got != tt.want {
			t.Errorf("%s/%s/%s: scenarios %q, want %q", tt.del, tt.proc, tt.stage, got, tt.want)
		}
		if sc := s.Scenarios[0]; tt.del == plan.TR || tt.del == plan.TS {
			if _, ok := sc.Step("dis-translation"); ok {
				t.Errorf("%s has a translation period", tt.del)
			}
		}
	}
}

func TestSlowestTAP(t *testing.T) {
	p := testPlan(plan.Amendment, plan.TAP, plan.CollaborativeTeam, plan.DISBallotCloses, "2027-03-31")
	s := mustNew(t, p, Options{})
	sc, _ := s.Scenario("slowest")
	if sc.Error != "" {
		t.Fatal(sc.Error)
	}
	fd, ok := sc.Step("fdis-ballot")
	mt, _ := sc.Step("more-time")
	if !ok || fd.Start != mt.End || fd.End != rules.MustParseDuration("2m").After(mt.End) {
		t.Errorf("FDAM ballot %v, more time %v", fd, mt)
	}
	if fd.Label != "FDAM ballot" {
		t.Errorf("label %q", fd.Label)
	}
}

func TestNoFeasibleMeeting(t *testing.T) {
	p := testPlan(plan.IS, plan.AAP, plan.CollaborativeTeam, plan.DISBallotCloses, "2027-03-01")
	p.Meetings = plan.Calendars{
		ITU: []plan.Meeting{mtg("sg-2027-03", "sg", "2027-03-01", "2027-03-05"), mtg("wp-2027-03", "wp", "2027-03-22", "2027-03-24")},
		CT:  []plan.Meeting{mtg("ct-2027-09", "ct", "2027-09-14", "2027-09-16")},
	}
	_, err := New(p, Options{})
	var pe *PlanningError
	if !errors.As(err, &pe) {
		t.Fatalf("New = %v, want a PlanningError", err)
	}
	want := "no ITU-T SG or WP meeting between 2026-10-01 and 2027-03-24 allows consent: the text is at DIS level from 2026-10-01, and the final text, ready 2027-09-16, must be due within 2 months of consent (8.9)"
	if err.Error() != want {
		t.Errorf("error:\n got %s\nwant %s", err, want)
	}
	// No CT meeting at all after the ballot.
	p.Meetings.CT = []plan.Meeting{mtg("ct-2027-01", "ct", "2027-01-10", "2027-01-12")}
	_, err = New(p, Options{})
	if err == nil || !strings.Contains(err.Error(), "no CT meeting on or after 2027-03-02 can resolve the DIS ballot closing 2027-03-01") {
		t.Errorf("New = %v", err)
	}
}

func TestFlags(t *testing.T) {
	s := mustNew(t, isAAP(), Options{})
	sc := s.Scenarios[0]
	if len(sc.Flags) != 1 || sc.Flags[0].Meeting != "ct-2026-03" || sc.Flags[0].Step != "cd-ballot" || sc.Flags[0].Clause != "8.4" {
		t.Fatalf("flags = %+v", sc.Flags)
	}
	if !strings.Contains(sc.Flags[0].Message, "shall not discuss the text under ballot") {
		t.Errorf("message %q", sc.Flags[0].Message)
	}
	// No flags for Collaborative Interchange.
	p := isAAP()
	p.Mode = plan.CollaborativeInterchange
	p.Meetings.JTC1 = append(p.Meetings.JTC1, mtg("wg-2026-05", "wg", "2026-05-11", "2026-05-15"), mtg("wg-2026-12", "wg", "2026-11-30", "2026-12-04"))
	s = mustNew(t, p, Options{})
	if len(s.Scenarios[0].Flags) != 0 {
		t.Errorf("CI flags = %+v", s.Scenarios[0].Flags)
	}
	if st, _ := s.Scenarios[0].Step("cd-resolution"); st.Meeting != "wg-2026-05" || st.Side != SideJTC1 || st.Clause != "7.9" {
		t.Errorf("CI resolution = %+v", st)
	}
}

func TestPinnedViolations(t *testing.T) {
	p := isAAP()
	p.Pins.Meetings = map[string]string{"consent": "sg-2026-06"}
	p.Pins.Dates = map[string]caldate.Date{"dis-ballot": caldate.MustParse("2026-07-01")}
	s := mustNew(t, p, Options{})
	vs := s.Scenarios[0].Violations
	type key struct{ rule, step, got, want, clause string }
	var got []key
	for _, v := range vs {
		if v.Severity == "error" {
			got = append(got, key{v.Rule, v.Step, v.Got.String(), v.Want.String(), v.Clause})
		}
	}
	want := []key{
		{"dis-translation", "dis-ballot", "2026-07-01", "2026-08-11", "8.9"},
		{"text-at-dis-level", "consent", "2026-06-01", "2026-06-11", "8.9"},
	}
	for _, w := range want {
		found := false
		for _, g := range got {
			found = found || g == w
		}
		if !found {
			t.Errorf("missing violation %+v; got %+v", w, got)
		}
	}
	for _, v := range vs {
		if v.Rule == "text-at-dis-level" && !strings.Contains(v.Message, "on or after 2026-06-11") {
			t.Errorf("message %q", v.Message)
		}
	}
	if st, _ := s.Scenarios[0].Step("dis-ballot"); !st.Pinned || st.Start.String() != "2026-07-01" {
		t.Errorf("pinned step %+v", st)
	}
}

func TestPinErrors(t *testing.T) {
	p := isAAP()
	p.Pins.Meetings = map[string]string{"consent": "ct-2026-05", "determination": "sg-2027-01"}
	_, err := New(p, Options{})
	var pe plan.Errors
	if !errors.As(err, &pe) || len(pe) != 2 {
		t.Fatalf("New = %v", err)
	}
	if pe[0].Field != "pins.meetings.consent" || pe[0].Message != `Consent is pinned to CT test (2026-05-12 to 2026-05-14, Geneva, CH), a ct meeting; it needs a meeting of kind sg or wp` ||
		pe[1].Field != "pins.meetings.determination" || pe[1].Message != `Determination: the AAP process has no such step (it uses consent)` {
		t.Errorf("errors:\n%v", err)
	}
}

func TestBackward(t *testing.T) {
	p := isAAP()
	p.Start.Date = caldate.Date{}
	p.Target = caldate.MustParse("2027-03-31")
	s := mustNew(t, p, Options{})
	if s.Direction != "backward" {
		t.Fatal("not backward")
	}
	best := s.Scenarios[0]
	if best.Reachable == nil || !*best.Reachable || best.Publication.After(p.Target) {
		t.Fatalf("best: reachable %v, publication %s", best.Reachable, best.Publication)
	}
	// One day later and the target is missed.
	p2 := isAAP()
	p2.Start.Date = best.LatestStart.AddDays(1)
	s2 := mustNew(t, p2, Options{})
	if !s2.Scenarios[0].Publication.After(p.Target) {
		t.Errorf("starting %s publishes %s, not after %s", p2.Start.Date, s2.Scenarios[0].Publication, p.Target)
	}
	p3 := isAAP()
	p3.Start.Date = best.LatestStart
	s3 := mustNew(t, p3, Options{})
	if s3.Scenarios[0].Publication != best.Publication {
		t.Errorf("forward from the latest start publishes %s, backward said %s", s3.Scenarios[0].Publication, best.Publication)
	}
	// With a start date after the latest start the target is unreachable.
	p4 := isAAP()
	p4.Start.Date = best.LatestStart.AddDays(10)
	s4 := mustNew(t, p4, Options{Target: p.Target})
	if r := s4.Scenarios[0].Reachable; r == nil || *r || !strings.Contains(s4.Scenarios[0].Error, "needs cd-ballot-opens on or before "+best.LatestStart.String()) {
		t.Errorf("reachable %v, error %q", r, s4.Scenarios[0].Error)
	}
	// A target before any meeting allows it.
	p5 := isAAP()
	s5 := mustNew(t, p5, Options{Target: caldate.MustParse("2026-03-01")})
	if r := s5.Scenarios[0].Reachable; r == nil || *r {
		t.Errorf("an impossible target is reachable")
	}
}

func TestDeterministicJSON(t *testing.T) {
	var first []byte
	for i := 0; i < 5; i++ {
		s := mustNew(t, isAAP(), Options{})
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = b
		} else if !bytes.Equal(first, b) {
			t.Fatal("output differs between runs")
		}
	}
	// Decoded from JSON, a schedule still checks clean.
	var s Schedule
	if err := json.Unmarshal(first, &s); err != nil {
		t.Fatal(err)
	}
	for _, v := range Check(&s) {
		if v.Severity == "error" {
			t.Errorf("decoded schedule: %v", v)
		}
	}
}

func TestOverridesNamed(t *testing.T) {
	p := isAAP()
	p.Rules.Set = "directives-weeks"
	p.Rules.Overrides = map[string]rules.Duration{"fdis-ballot": rules.MustParseDuration("6w")}
	s := mustNew(t, p, Options{Overrides: map[string]rules.Duration{"cd-ballot": rules.MustParseDuration("12w")}, Source: "flag"})
	var got []string
	for _, o := range s.Rules.Overrides {
		got = append(got, o.Rule+"="+o.Value.String()+"/"+o.Source)
	}
	// The second CD ballot follows the first (8.9).
	want := "dis-ballot=12w/rule set directives-weeks dis-translation=8w/rule set directives-weeks fdis-ballot=6w/plan cd-ballot=12w/flag cd2-ballot=12w/same as cd-ballot (8.9)"
	if strings.Join(got, " ") != want {
		t.Errorf("overrides:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if s.Rules.Set != "directives-weeks" {
		t.Errorf("set %q", s.Rules.Set)
	}
	_, err := New(isAAP(), Options{Overrides: map[string]rules.Duration{"cd-ballot": rules.MustParseDuration("9m")}})
	if err == nil || !strings.Contains(err.Error(), "CD ballot: 9m is out of range 2m–4m") {
		t.Errorf("New = %v", err)
	}
}

// TestChecker builds a schedule by hand and checks the checker's messages.
func TestChecker(t *testing.T) {
	sc := Scenario{ID: "best",
		Steps: []Step{
			{ID: "consent", Label: "Consent", Start: caldate.MustParse("2027-01-19"), End: caldate.MustParse("2027-01-28")},
			{ID: "final-text", Label: "Final text", Start: caldate.MustParse("2027-04-01"), End: caldate.MustParse("2027-04-01")},
			{ID: "lc", Label: "Last Call", Start: caldate.MustParse("2027-04-01"), End: caldate.MustParse("2027-04-30")},
		},
		Links: []Link{
			{Rule: "aap-final-text", Clause: "8.9", Strength: "must", From: "consent", FromEdge: "end", To: "final-text", ToEdge: "start", Op: "not-after", Offset: "2m", Text: "final text by 2 months after consent"},
			{Rule: "last-call", Clause: "3.1.2", Strength: "must", From: "lc", FromEdge: "start", To: "lc", ToEdge: "end", Op: "span", Offset: "4w", Text: "four-week Last Call"},
		},
	}
	vs := CheckScenario(&sc)
	if len(vs) != 2 {
		t.Fatalf("violations: %+v", vs)
	}
	if v := vs[0]; v.Want.String() != "2027-03-28" || v.Relation != "on or before" || v.Clause != "8.9" ||
		v.Message != "Final text is on 2027-04-01; it must be on or before 2027-03-28, 2 months after Consent ends (2027-01-28) — final text by 2 months after consent (8.9)" {
		t.Errorf("%+v", v)
	}
	if v := vs[1]; v.Want.String() != "2027-04-29" || v.Rule != "last-call" {
		t.Errorf("%+v", v)
	}
}
