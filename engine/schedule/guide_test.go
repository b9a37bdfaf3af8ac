package schedule

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
)

// issue11Plan is an IS by a Collaborative Team under proc whose DIS ballot
// closes on closes, with the calendars given.
func issue11Plan(proc plan.Process, stage plan.Stage, date string, itu, ct []plan.Meeting) *plan.Plan {
	p := testPlan(plan.IS, proc, plan.CollaborativeTeam, stage, date)
	p.Meetings = plan.Calendars{ITU: itu, CT: ct}
	return p
}

// TestFollowsTheGuide holds the departures from the guide found in issue
// 11, each on dates worked by hand from the guide's text. Every row failed
// before the engine was fixed.
func TestFollowsTheGuide(t *testing.T) {
	// Item 1. The DIS ballot closes 2027-03-12, so it opened 2026-12-12 and
	// the DIS was registered 2026-10-12. The CT meeting of 2027-04-13
	// (contributions due Friday 04-02, after the close) resolves it: the
	// final text is ready 04-15. At the WP meeting of 2027-03-08..10 the
	// text is at DIS level, and the final text is due by 05-10, two months
	// after it: consent there is what 8.9 allows, although the meeting
	// comes before the plan's start date.
	floor := func() *plan.Plan {
		return issue11Plan(plan.AAP, plan.DISBallotCloses, "2027-03-12",
			[]plan.Meeting{mtg("wp-2027-03", "wp", "2027-03-08", "2027-03-10"), mtg("sg-2027-05", "sg", "2027-05-24", "2027-06-02")},
			[]plan.Meeting{mtg("ct-2027-04", "ct", "2027-04-13", "2027-04-15")})
	}
	asOf := func(d string) func() *plan.Plan {
		return func() *plan.Plan { p := floor(); p.AsOf = caldate.MustParse(d); return p }
	}
	// Item 2. The PDAM ballot closes 2027-03-12 and is resolved at the CT
	// meeting of Monday 2027-04-19..21 (contributions due 04-08); the DAM
	// is registered four weeks later, Wednesday 2027-05-19. The WP meeting
	// of 2027-05-14..21 starts before it, so determination waits for the
	// WP meeting of 2027-06-07. The DAM ballot runs 07-19..10-19 and the
	// CT meeting of 11-09..11 resolves it; the SG meeting of 2028-04-10 is
	// more than four months later.
	straddle := func(proc plan.Process) func() *plan.Plan {
		return func() *plan.Plan {
			p := issue11Plan(proc, plan.CDBallotCloses, "2027-03-12",
				[]plan.Meeting{mtg("wp-2027-05", "wp", "2027-05-14", "2027-05-21"), mtg("wp-2027-06", "wp", "2027-06-07", "2027-06-09"), mtg("sg-2028-04", "sg", "2028-04-10", "2028-04-19")},
				[]plan.Meeting{mtg("ct-2027-04", "ct", "2027-04-19", "2027-04-21"), mtg("ct-2027-11", "ct", "2027-11-09", "2027-11-11")})
			p.Deliverable = plan.Amendment
			if proc == plan.AAP {
				// With the default two months no meeting before the
				// ballot can give consent at all; with six, the WP
				// meetings of May and June both could.
				p.Rules.Overrides = map[string]rules.Duration{rules.AAPFinalText: rules.MustParseDuration("6m")}
			}
			return p
		}
	}
	// Item 3. TAP, DIS ballot closing 2027-03-12, resolved 2027-04-15 (as
	// above). Best case: determination at the WP meeting of 2026-11-02
	// (DIS registered 2026-10-12), approval at the SG meeting of
	// 2027-09-06 (final text due 05-06, announcement 06-06). A second DIS
	// ballot opens four weeks after 04-15, 2027-05-13, closes 07-13, and
	// is resolved at the CT meeting of 2027-09-14..16 (contributions due
	// 09-03): the final text misses 05-06, so approval restarts on that
	// day. The new determination is on the second text, at the first SG
	// or WP meeting from 05-13: 2027-06-14; the new approval at the first
	// SG meeting four months after 09-16: 2028-01-18.
	restart := func() *plan.Plan {
		return issue11Plan(plan.TAP, plan.DISBallotCloses, "2027-03-12",
			[]plan.Meeting{mtg("wp-2026-11", "wp", "2026-11-02", "2026-11-04"), mtg("wp-2027-06", "wp", "2027-06-14", "2027-06-16"),
				mtg("sg-2027-09", "sg", "2027-09-06", "2027-09-15"), mtg("sg-2028-01", "sg", "2028-01-18", "2028-01-27")},
			[]plan.Meeting{mtg("ct-2027-04", "ct", "2027-04-13", "2027-04-15"), mtg("ct-2027-09", "ct", "2027-09-14", "2027-09-16")})
	}
	// Item 5. A CT meeting starting Saturday 2027-04-24: seven working days
	// back are Fri 23, Thu 22, Wed 21, Tue 20, Mon 19, Fri 16 and Thu 15,
	// as for a meeting starting Monday 04-26. So it can resolve a ballot
	// closing Thursday 04-15.
	saturday := func() *plan.Plan {
		return issue11Plan(plan.AAP, plan.DISBallotCloses, "2027-04-15",
			[]plan.Meeting{mtg("sg-2027-06", "sg", "2027-06-21", "2027-06-30")},
			[]plan.Meeting{mtg("ct-2027-04", "ct", "2027-04-24", "2027-04-26"), mtg("ct-2027-06", "ct", "2027-06-08", "2027-06-10")})
	}
	// Item 6. A four-month CD ballot 2026-01-31..05-31 is resolved at the CT
	// meeting of 2026-11-24..26 (the first with contributions due after
	// 05-31); the second CD ballot opens four weeks later, 12-24, and is
	// as long as the first: it closes 2027-04-24.
	cd4 := func() *plan.Plan {
		p := isAAP()
		p.Rules.Overrides = map[string]rules.Duration{rules.CDBallot: rules.MustParseDuration("4m")}
		return p
	}
	// Item 7. A DIS ballot closing 2028-07-31 opened 2028-04-30 (three
	// months back, clamped); two months before that is 2028-02-29, and
	// the translation period runs to the ballot's opening.
	leap := func() *plan.Plan {
		p := testPlan(plan.IS, plan.AAP, plan.CollaborativeTeam, plan.DISBallotCloses, "2028-07-31")
		p.Meetings.CT = append(p.Meetings.CT, mtg("ct-2028-09", "ct", "2028-09-12", "2028-09-14"))
		p.Meetings.ITU = append(p.Meetings.ITU, mtg("sg-2028-11", "sg", "2028-11-06", "2028-11-15"))
		return p
	}
	// Item 4 needs an SG meeting convened after the slowest path's Last
	// Call (2028-06-29..07-27).
	slowest := func() *plan.Plan {
		p := isAAP()
		p.Meetings.ITU = append(p.Meetings.ITU, mtg("sg-2028-11", "sg", "2028-11-06", "2028-11-15"))
		return p
	}
	// Item 8 (issue 17). In the test calendar the best case's Last Call
	// runs 2026-11-26..12-24 (the final text is ready 11-26, consent at
	// wp-2026-10 ended 10-07). Comments of substance go "to the next
	// meeting of the Study Group" (3.1.2): the SG meeting of 2027-01-19,
	// whatever its distance from 12-24; the Director announces it once the
	// Last Call is over (Figure 3b, step 5).
	withITU := func(ms ...plan.Meeting) func() *plan.Plan {
		return func() *plan.Plan { p := isAAP(); p.Meetings.ITU = append(p.Meetings.ITU, ms...); return p }
	}
	tests := []struct {
		item, clause, name string
		plan               func() *plan.Plan
		opt                Options
		scenario           ScenarioID
		step               string
		start, end         string // end "" means start
		meeting, rule      string
	}{
		{"1", "8.9", "consent at a meeting before the start date where the text is at DIS level", floor, Options{}, "best", "consent", "2027-03-08", "2027-03-10", "wp-2027-03", ""},
		{"1", "3.1.2", "so the Last Call runs from the final text 2027-04-15", floor, Options{}, "best", "lc", "2027-04-15", "2027-05-13", "", ""},
		{"1", "8.9", "as_of 2027-03-12: the WP meeting is past; consent at the SG meeting", asOf("2027-03-12"), Options{}, "best", "consent", "2027-05-24", "2027-06-02", "sg-2027-05", ""},
		{"1", "8.9", "as_of 2027-03-08: the WP meeting starts that day", asOf("2027-03-08"), Options{}, "best", "consent", "2027-03-08", "2027-03-10", "wp-2027-03", ""},
		{"1", "8.9", "Options.AsOf when the plan has none", floor, Options{AsOf: caldate.MustParse("2027-03-09")}, "best", "consent", "2027-05-24", "2027-06-02", "sg-2027-05", ""},
		{"1", "8.9", "the plan's as_of wins over Options.AsOf", asOf("2027-03-01"), Options{AsOf: caldate.MustParse("2027-03-09")}, "best", "consent", "2027-03-08", "2027-03-10", "wp-2027-03", ""},
		{"2", "8.6.2", "the DAM is registered on 2027-05-19", straddle(plan.TAP), Options{}, "best", "dis-registration", "2027-05-19", "", "", rules.Editing},
		{"2", "8.9", "TAP: no determination at a meeting that starts before the DAM is registered", straddle(plan.TAP), Options{}, "best", "determination", "2027-06-07", "2027-06-09", "wp-2027-06", ""},
		{"2", "8.9", "AAP: no consent at a meeting that starts before the DAM is registered", straddle(plan.AAP), Options{}, "best", "consent", "2027-06-07", "2027-06-09", "wp-2027-06", ""},
		{"3", "8.9", "TAP best case: determination on the first DIS text", restart, Options{}, "best", "determination", "2026-11-02", "2026-11-04", "wp-2026-11", ""},
		{"3", "8.9", "TAP best case: approval", restart, Options{}, "best", "sg-approval", "2027-09-06", "2027-09-15", "sg-2027-09", ""},
		{"3", "8.9 fn", "second DIS ballot: the planned approval lapses on its final-text deadline", restart, Options{}, "second-dis", "itu-restart", "2027-05-06", "", "sg-2027-09", ""},
		{"3", "8.9 fn, Fig. 3a", "new determination on the second DIS text", restart, Options{}, "second-dis", "determination", "2027-06-14", "2027-06-16", "wp-2027-06", ""},
		{"3", "8.9", "new approval four months after the second final text", restart, Options{}, "second-dis", "sg-approval", "2028-01-18", "2028-01-27", "sg-2028-01", ""},
		{"3", "3.1.1", "the announcement three months before the new approval follows the new determination", restart, Options{}, "second-dis", "tap-announcement", "2027-10-18", "", "", rules.TAPAnnouncement},
		{"4", "8.9 fn", "slowest: the restart is measured against its own path's consent (sg-2027-08a, final text due 10-13), not the best case's (2026-12-07, before its DIS ballot opens)", slowest, Options{}, "slowest", "itu-restart", "2027-10-13", "", "sg-2027-08a", ""},
		{"5", "8.5", "contributions for a Saturday meeting: seven working days back", saturday, Options{}, "best", "dis-resolution.contributions", "2027-04-15", "", "ct-2027-04", rules.CTContributions},
		{"5", "8.6.3, 8.5", "so the Saturday meeting can resolve a ballot closing Thursday 04-15", saturday, Options{}, "best", "dis-resolution", "2027-04-24", "2027-04-26", "ct-2027-04", ""},
		{"6", "8.9", "second CD ballot as long as the first (4 months)", cd4, Options{}, "second-cd", "cd2-ballot", "2026-12-24", "2027-04-24", "", rules.CD2Ballot},
		{"6", "8.9", "second CD ballot as long as the first (12 weeks, by option)", isAAP, Options{Overrides: map[string]rules.Duration{rules.CDBallot: rules.MustParseDuration("12w")}}, "second-cd", "cd2-ballot", "2026-06-11", "2026-09-03", "", rules.CD2Ballot},
		{"7", "8.9", "backward from a ballot closing on the 31st: the translation ends when the ballot opens", leap, Options{}, "best", "dis-translation", "2028-02-29", "2028-04-30", "", rules.DISTranslation},
		{"7", "8.9", "the ballot opens 2028-04-30", leap, Options{}, "best", "dis-ballot", "2028-04-30", "2028-07-31", "", rules.DISBallot},
		{"7", "8.9", "a translation of 15 working days before a ballot opening Saturday 2027-04-24 starts Friday 04-02 and runs to the ballot (its 15th working day is Friday 04-23)", func() *plan.Plan {
			p := testPlan(plan.IS, plan.AAP, plan.CollaborativeTeam, plan.DISBallotOpens, "2027-04-24")
			p.Rules.Overrides = map[string]rules.Duration{rules.DISTranslation: rules.MustParseDuration("15wd")}
			return p
		}, Options{}, "best", "dis-translation", "2027-04-02", "2027-04-24", "", rules.DISTranslation},
		{"8", "3.1.2", "Last Call comments go to the next SG meeting after the Last Call's end 2026-12-24, with no notice period: 2027-01-19", isAAP, Options{}, "lc-sg", "sg-approval", "2027-01-19", "2027-01-28", "sg-2027-01", ""},
		{"8", "3.1.2", "an SG meeting starting the day after the Last Call ends is the next one", withITU(mtg("sg-2026-12", "sg", "2026-12-25", "2026-12-30")), Options{}, "lc-sg", "sg-approval", "2026-12-25", "2026-12-30", "sg-2026-12", ""},
		{"8", "3.1.2", "an SG meeting starting the day the Last Call ends is not after it", withITU(mtg("sg-2026-12", "sg", "2026-12-24", "2026-12-30")), Options{}, "lc-sg", "sg-approval", "2027-01-19", "2027-01-28", "sg-2027-01", ""},
		{"8", "3.1.2", "a WP meeting after the Last Call does not approve: the Study Group does", withITU(mtg("wp-2027-01", "wp", "2027-01-05", "2027-01-07")), Options{}, "lc-sg", "sg-approval", "2027-01-19", "2027-01-28", "sg-2027-01", ""},
		{"8", "3.1.2", "more time: four weeks from the end of that SG meeting", isAAP, Options{}, "more-time", "more-time", "2027-01-28", "2027-02-25", "", rules.MoreTime},
		{"8", "Figure 3b", "the Director announces that the SG meeting will consider the text when the Last Call ends (step 5, no period)", isAAP, Options{}, "lc-sg", "sg-announcement", "2026-12-24", "", "sg-2027-01", ""},
		{"8", "8.9 b", "final text due two months after consent (2026-10-07 + 2 months), though the Last Call starts sooner", isAAP, Options{}, "best", "final-text-due", "2026-12-07", "", "", rules.AAPFinalText},
		{"8", "3.1.2", "the Last Call row shows when it starts: the day the final text is ready", isAAP, Options{}, "best", "lc", "2026-11-26", "2026-12-24", "", rules.LastCall},
		{"8", "8.4", "a CT meeting keeps its ITU-T convening letter, two months before 2026-11-24", isAAP, Options{}, "best", "dis-resolution.convening-letter", "2026-09-24", "", "ct-2026-11", rules.ITUConveningLetter},
		{"9", "8.6.2", "DIS registration four weeks after the resolution meeting, an assumption", isAAP, Options{}, "best", "dis-registration", "2026-06-11", "", "", rules.Editing},
		{"9", "8.6.2", "second DIS ballot four weeks after the resolution meeting, an assumption (in its note)", isAAP, Options{}, "second-dis", "dis2-ballot", "2026-12-24", "2027-02-24", "", rules.DIS2Ballot},
		{"9", "8.6.2", "in Collaborative Interchange too: four weeks after the WG meeting of 2026-10-12..16", func() *plan.Plan {
			p := testPlan(plan.IS, plan.AAP, plan.CollaborativeInterchange, plan.CDBallotOpens, "2026-01-31")
			p.Meetings.JTC1 = append(p.Meetings.JTC1, mtg("wg-2027-05", "wg", "2027-05-10", "2027-05-14"))
			return p
		}, Options{}, "best", "dis-registration", "2026-11-13", "", "", rules.Editing},
	}
	for _, tt := range tests {
		t.Run("item "+tt.item+" "+tt.clause+" "+tt.name, func(t *testing.T) {
			s := mustNew(t, tt.plan(), tt.opt)
			st := checkStep(t, s, tt.scenario, tt.step, tt.start, tt.end, tt.meeting)
			if tt.rule != "" && st.Rule != tt.rule {
				t.Errorf("%s: rule %q, want %q", tt.step, st.Rule, tt.rule)
			}
			if tt.item == "9" && !strings.Contains(st.Note, "(8.6.2)") {
				t.Errorf("%s: note %q does not say the editing interval is an assumption (8.6.2)", tt.step, st.Note)
			}
		})
	}
}

// TestGuideValues: item 6 (8.9: "two to three months (three months for
// DTR or DTS)") and item 9 (8.6.2's four weeks are an assumption).
func TestGuideValues(t *testing.T) {
	set, err := rules.Load("")
	if err != nil {
		t.Fatal(err)
	}
	var re *rules.RangeError
	if err := set.CheckOverride(rules.DTR2Ballot, rules.MustParseDuration("4m")); !errors.As(err, &re) || err.Error() != "4m is out of range 3m–3m (clause 8.9)" {
		t.Errorf("dtr2-ballot=4m: %v, want a RangeError", err)
	}
	p := testPlan(plan.TR, plan.AAP, plan.CollaborativeTeam, plan.CDBallotOpens, "2026-01-31")
	p.Rules.Overrides = map[string]rules.Duration{rules.DTR2Ballot: rules.MustParseDuration("6m")}
	var probs plan.Errors
	if _, err := New(p, Options{}); !errors.As(err, &probs) || len(probs) != 1 || probs[0].Field != "rules.overrides.dtr2-ballot" {
		t.Errorf("a 6-month second DTR ballot: %v, want an error in rules.overrides.dtr2-ballot", err)
	}
	if r, _ := set.Rule(rules.Editing); !r.Assumption || r.Clause != "8.6.2" {
		t.Errorf("editing: assumption %v, clause %s; want an assumption citing 8.6.2", r.Assumption, r.Clause)
	}
}

// TestNoticeWorkingDays: the preparation deadlines count working days back
// the same way whatever weekday the meeting starts (8.5; item 5).
func TestNoticeWorkingDays(t *testing.T) {
	seven := rules.MustParseDuration("7wd")
	for _, tt := range []struct{ meeting, want string }{
		{"2027-04-24", "2027-04-15"}, // Saturday
		{"2027-04-25", "2027-04-15"}, // Sunday
		{"2027-04-26", "2027-04-15"}, // Monday
		{"2027-04-27", "2027-04-16"}, // Tuesday
		{"2026-05-12", "2026-05-01"}, // Tuesday (8.5 example of the test calendar)
	} {
		if got := seven.Notice(caldate.MustParse(tt.meeting)).String(); got != tt.want {
			t.Errorf("7 working days before %s: %s, want %s", tt.meeting, got, tt.want)
		}
	}
}

// TestRestartAfterOwnDISBallot: in every example plan, every scenario's
// restart comes after its own DIS ballot closes (item 4).
func TestRestartAfterOwnDISBallot(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("examples: %v", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		p, err := plan.Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		s := mustNew(t, p, Options{})
		for _, sc := range s.Scenarios {
			r, ok := sc.Step("itu-restart")
			if !ok {
				continue
			}
			for _, id := range []string{"dis-ballot", "dcor-ballot"} {
				if b, ok := sc.Step(id); ok && r.Start.Before(b.End) {
					t.Errorf("%s %s: restart %s before the %s closes %s", filepath.Base(name), sc.ID, r.Start, id, b.End)
				}
			}
			if !strings.Contains(r.Note, "lapses") {
				t.Errorf("%s %s: restart note %q", filepath.Base(name), sc.ID, r.Note)
			}
		}
	}
}

// TestNoSGNotice: 8.4's notice periods are those of CT meetings; no SG or
// WP meeting gets a convening-letter deadline, in any process or mode
// (issue 17, point 8).
func TestNoSGNotice(t *testing.T) {
	for _, tt := range []struct {
		proc plan.Process
		mode plan.Mode
		set  string
	}{
		{plan.AAP, plan.CollaborativeTeam, ""},
		{plan.AAP, plan.CollaborativeInterchange, ""},
		{plan.TAP, plan.CollaborativeTeam, ""},
		{plan.AAP, plan.CollaborativeTeam, "as-practised"},
	} {
		t.Run(string(tt.proc)+"/"+string(tt.mode)+"/"+tt.set, func(t *testing.T) {
			p := testPlan(plan.IS, tt.proc, tt.mode, plan.CDBallotOpens, "2026-01-31")
			if tt.mode == plan.CollaborativeInterchange {
				for _, m := range p.Meetings.CT { // the JTC 1 side resolves the ballots
					m.Kind, m.ID = plan.KindWG, "wg-"+m.ID
					p.Meetings.JTC1 = append(p.Meetings.JTC1, m)
				}
			}
			s := mustNew(t, p, Options{RuleSet: tt.set})
			for _, sc := range s.Scenarios {
				for _, st := range sc.Steps {
					m, ok := p.Meetings.Find(st.Meeting)
					if ok && st.Kind == KindDeadline && (m.Kind == plan.KindSG || m.Kind == plan.KindWP) {
						t.Errorf("%s: %s (%s) is a deadline of %s meeting %s", sc.ID, st.ID, st.Start, m.Kind, m.ID)
					}
				}
			}
		})
	}
}

// TestAnnouncementAfterLastCall: the check flags a Director's announcement
// of the SG meeting dated before the Last Call ends (Figure 3b, step 5),
// in a schedule edited by hand.
func TestAnnouncementAfterLastCall(t *testing.T) {
	for _, tt := range []struct {
		date string
		want int
	}{
		{"2026-12-24", 0}, // the day the Last Call ends
		{"2027-01-10", 0},
		{"2026-12-23", 1},
	} {
		s := mustNew(t, isAAP(), Options{})
		sc, _ := s.Scenario("lc-sg")
		ann, ok := sc.Step("sg-announcement")
		if !ok {
			t.Fatalf("no sg-announcement in lc-sg: %v", stepIDs(sc))
		}
		ann.Start, ann.End = caldate.MustParse(tt.date), caldate.MustParse(tt.date)
		var got []Violation
		for _, v := range CheckScenario(sc) {
			if v.Rule == "announcement-after-last-call" {
				got = append(got, v)
			}
		}
		if len(got) != tt.want {
			t.Errorf("announcement on %s: %d violations %v, want %d", tt.date, len(got), got, tt.want)
		}
		if len(got) == 1 && (got[0].Clause != "3.1.2" || !strings.Contains(got[0].Message, "Figure 3b")) {
			t.Errorf("announcement on %s: %+v, want clause 3.1.2 and Figure 3b in the words", tt.date, got[0])
		}
	}
}
