package schedule

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
)

// byteSource hands out the fuzzer's bytes as small numbers, zeros when
// they run out.
type byteSource struct {
	b []byte
}

func (s *byteSource) next() int {
	if len(s.b) == 0 {
		return 0
	}
	v := int(s.b[0])
	s.b = s.b[1:]
	return v
}

func (s *byteSource) pick(n int) int { return s.next() % n }

// genPlan builds a valid-looking plan from arbitrary bytes, so that every
// fuzz input exercises the engine, not only those that happen to be JSON.
func genPlan(data []byte) *plan.Plan {
	s := &byteSource{b: data}
	del := plan.Deliverables[s.pick(len(plan.Deliverables))]
	p := &plan.Plan{Version: 1, ID: testID, Deliverable: del,
		Process: []plan.Process{plan.AAP, plan.TAP}[s.pick(2)],
		Mode:    []plan.Mode{plan.CollaborativeTeam, plan.CollaborativeInterchange}[s.pick(2)]}
	stages := plan.StagesFor(del)
	p.Start.Stage = stages[s.pick(len(stages))]
	base := caldate.MustParse("2025-01-01")
	p.Start.Date = base.AddDays(s.next()*4 + s.next())
	gen := func(kinds []string, n int) []plan.Meeting {
		var ms []plan.Meeting
		day := p.Start.Date.AddDays(-60)
		for i := 0; i < n; i++ {
			day = day.AddDays(s.next()%120 + 1)
			m := plan.Meeting{Kind: kinds[s.pick(len(kinds))], Start: day, End: day.AddDays(s.next() % 12)}
			m.ID = m.Kind + "-" + m.Start.String()
			if len(ms) > 0 && ms[len(ms)-1].ID == m.ID {
				continue
			}
			ms = append(ms, m)
		}
		return ms
	}
	p.Meetings.ITU = gen([]string{"sg", "wp"}, 1+s.pick(24))
	p.Meetings.JTC1 = gen([]string{"sc", "wg"}, 1+s.pick(16))
	p.Meetings.CT = gen([]string{"ct"}, 1+s.pick(24))
	switch s.pick(4) {
	case 1:
		p.Rules.Set = "directives-weeks"
	case 2:
		ids := []string{rules.CDBallot, rules.DISBallot, rules.DIS2Ballot, rules.FDISBallot, rules.AAPFinalText, rules.LastCall, rules.Publication, rules.ResolutionWindow, rules.CTContributions, rules.DISTranslation}
		p.Rules.Overrides = map[string]rules.Duration{ids[s.pick(len(ids))]: {N: s.pick(20), Unit: rules.Unit(s.pick(4))}}
	}
	if s.pick(4) == 0 {
		p.AsOf = p.Start.Date.AddDays(s.next() - 60)
	}
	if s.pick(5) == 0 {
		p.Target = p.Start.Date.AddDays(200 + s.next()*4)
		if s.pick(2) == 0 {
			p.Start.Date = caldate.Date{}
		}
	}
	return p
}

func addSeeds(f *testing.F) {
	files, _ := filepath.Glob("../../examples/*.json")
	for _, name := range files {
		// Compacted: the fuzzer's mutations and minimization work on every
		// byte, and the indentation is a third of an example's bytes.
		b, err := os.ReadFile(name)
		var c bytes.Buffer
		if err == nil && json.Compact(&c, b) == nil {
			f.Add(c.Bytes())
		}
	}
	f.Add([]byte{0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	f.Add([]byte{4, 1, 1, 1, 200, 100, 30, 30, 30, 30, 30})
}

// FuzzSchedule checks that the engine never panics and that every schedule
// it returns for an unpinned plan passes its own rule checks.
func FuzzSchedule(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) { checkInput(t, data) })
}

// checkInput is FuzzSchedule's body: it plans the input (a plan, or bytes
// that genPlan turns into one) and checks the schedule.
func checkInput(t testing.TB, data []byte) {
	p, err := plan.Parse(data)
	if err != nil {
		p = genPlan(data)
	}
	s, err := New(p, Options{})
	if err != nil {
		return
	}
	pinned := len(p.Pins.Meetings)+len(p.Pins.Dates) > 0
	if !pinned {
		if err := checkChoices(p, s); err != nil {
			t.Fatalf("%v\nplan: %s", err, mustJSON(p))
		}
	}
	for _, sc := range s.Scenarios {
		if sc.Error != "" {
			continue
		}
		if !pinned {
			for _, v := range sc.Violations {
				if v.Severity == "error" {
					t.Fatalf("%s breaks its own rule: %s\nplan: %s", sc.ID, v.Message, mustJSON(p))
				}
			}
		}
		var prev caldate.Date
		for _, st := range sc.Steps {
			if st.End.Before(st.Start) || st.Start.Before(prev) || st.Clause == "" || st.Scenario != sc.ID {
				t.Fatalf("%s: bad step %+v", sc.ID, st)
			}
			prev = st.Start
		}
		if pub, ok := sc.Step("publication"); !ok || pub.Start != sc.Publication {
			t.Fatalf("%s: publication %s vs step %+v", sc.ID, sc.Publication, pub)
		}
	}
	// The same plan gives the same schedule. reflect.DeepEqual compares
	// every field, unexported ones too, at a fraction of the cost of
	// marshalling both schedules (which was half of each execution).
	s2, err := New(p, Options{})
	if err != nil {
		t.Fatalf("second run failed: %v", err)
	}
	if !reflect.DeepEqual(s, s2) {
		t.Fatal("output differs between runs")
	}
	if len(p.Actuals.Meetings)+len(p.Actuals.Dates) == 0 && p.Target.IsZero() {
		checkFollowed(t, p, s, data)
	}
}

// checkFollowed follows the plan through its life: what the best case
// planned up to a day the input chooses is recorded as actuals, some
// dates moved a few days, and the plan is read as of that day. The engine
// must not fail on it but with plan.Errors or a PlanningError, must keep
// each actual as the step's dates, done, and must plan nothing that has
// not happened before the as-of date.
func checkFollowed(t testing.TB, p *plan.Plan, s *Schedule, data []byte) {
	best, ok := s.Scenario(ScenarioBest)
	if !ok || best.Error != "" || len(best.Steps) == 0 {
		return
	}
	src := &byteSource{b: data}
	if len(data) > 0 {
		src.b = data[len(data)/2:]
	}
	first, last := best.Steps[0].Start, best.Steps[len(best.Steps)-1].End
	cut := first.AddDays(src.next() * (last.DaysSince(first) + 2) / 256)
	q := *p
	q.AsOf = cut
	q.Actuals = plan.Actuals{Meetings: map[string]string{}, Dates: map[string]plan.Actual{}}
	for _, st := range best.Steps {
		if st.End.After(cut) {
			continue
		}
		if st.Meeting != "" && st.Kind == KindMeeting {
			for _, a := range plan.ActualMeetings {
				if a.ID == st.ID && src.pick(4) != 0 {
					q.Actuals.Meetings[st.ID] = st.Meeting
				}
			}
			continue
		}
		for _, a := range plan.ActualDates {
			if a.ID == st.ID && src.pick(4) != 0 {
				shift := src.pick(9) - 4
				act := plan.Actual{Start: st.Start.AddDays(shift), End: st.End.AddDays(shift)}
				if act.End.After(cut) {
					act.End = cut
				}
				if act.Start.After(act.End) {
					act.Start = act.End
				}
				q.Actuals.Dates[st.ID] = act
			}
		}
	}
	if len(q.Actuals.Meetings)+len(q.Actuals.Dates) == 0 {
		return
	}
	f, err := New(&q, Options{})
	if err != nil {
		var pe plan.Errors
		var planning *PlanningError
		if !errors.As(err, &pe) && !errors.As(err, &planning) {
			t.Fatalf("followed plan: %v\nplan: %s", err, mustJSON(&q))
		}
		return
	}
	latest := caldate.Date{}
	for _, a := range q.Actuals.Dates {
		latest = caldate.Max(latest, caldate.Max(a.Start, a.End))
	}
	for _, id := range q.Actuals.Meetings {
		m, _ := q.Meetings.Find(id)
		latest = caldate.Max(latest, m.End)
	}
	for _, sc := range f.Scenarios {
		if sc.Error != "" {
			continue
		}
		for _, st := range sc.Steps {
			if a, ok := q.Actuals.Dates[st.ID]; ok && (st.Start != a.Start || st.Status != StatusDone || (!a.End.IsZero() && st.End != a.End)) {
				t.Fatalf("%s: %s is %s to %s (%q), but happened %+v\nplan: %s", sc.ID, st.ID, st.Start, st.End, st.Status, a, mustJSON(&q))
			}
			if _, restart := sc.Step("itu-restart"); restart && (st.ID == "consent" || st.ID == "determination" || st.ID == "sg-approval") {
				continue // a second DIS ballot to come makes the decision lapse (footnotes to 8.9)
			}
			if id, ok := q.Actuals.Meetings[st.ID]; ok && (st.Meeting != id || st.Status != StatusDone) {
				t.Fatalf("%s: %s at %s (%q), but happened at %s\nplan: %s", sc.ID, st.ID, st.Meeting, st.Status, id, mustJSON(&q))
			}
			if st.Status != StatusDone && st.Kind == KindMeeting && st.Start.Before(cut) && !st.Start.Before(latest) {
				t.Fatalf("%s: %s at %s (%s) is planned before the as-of date %s, after the latest actual %s\nplan: %s",
					sc.ID, st.ID, st.Meeting, st.Start, cut, latest, mustJSON(&q))
			}
		}
	}
}

func mustJSON(p *plan.Plan) string {
	b, _ := plan.Marshal(p)
	return string(b)
}

// checkChoices is the fuzz target's independent check of how the engine
// chose meetings, written from the guide's text rather than from the
// engine's code:
//
//   - no meeting of the calendar that starts earlier than the one chosen
//     (and not before the plan's as_of) meets the conditions of the step:
//     a ballot is resolved at a meeting after it closes, a CT meeting with
//     contributions due on or after the close (8.6.3, 8.5); consent or
//     determination at an SG or WP meeting where the text is at DIS level
//     from its first day, consent with the final text due within the AAP
//     period (8.9); TAP approval at an SG meeting after determination with
//     the final text 4 months and the announcement 3 months before it
//     (8.9, 3.1.1); Last Call comments at the next SG meeting after the
//     Last Call ends, announced by the Director after it ends (3.1.2,
//     Figure 3b step 5); the AAP final text due two months after consent
//     (8.9 b);
//   - the restart rule (footnotes 5 and 7 to 8.9): a restart comes after
//     the DIS ballot closes, is measured against the meeting the same path
//     plans without the second ballot, and approval then starts again on the
//     second text.
func checkChoices(p *plan.Plan, s *Schedule) error {
	set, err := rules.Load(s.Rules.Set)
	if err != nil {
		return err
	}
	for _, o := range s.Rules.Overrides {
		if err := set.Override(o.Rule, o.Value, "check"); err != nil {
			return err
		}
	}
	g := set.Get
	itu, res := p.Meetings.ITU, p.Meetings.JTC1
	if p.Mode == plan.CollaborativeTeam && len(p.Meetings.CT) > 0 {
		res = p.Meetings.CT
	}
	sgwp := func(m plan.Meeting) bool { return m.Kind == plan.KindSG || m.Kind == plan.KindWP }
	best, _ := s.Scenario("best")
	for i := range s.Scenarios {
		sc := &s.Scenarios[i]
		if sc.Error != "" {
			continue
		}
		step := func(id string) *Step { st, _ := sc.Step(id); return st }
		earliest := func(id string, pool []plan.Meeting, ok func(plan.Meeting) bool) error {
			st := step(id)
			if st == nil {
				return nil
			}
			if st.Start.Before(p.AsOf) {
				return fmt.Errorf("%s: %s at %s starts before as_of %s", sc.ID, id, st.Meeting, p.AsOf)
			}
			for _, m := range pool {
				if m.Start.Before(st.Start) && !m.Start.Before(p.AsOf) && ok(m) {
					return fmt.Errorf("%s: %s at %s (%s), but %s (%s) is earlier and allowed", sc.ID, id, st.Meeting, st.Start, m.ID, m.Start)
				}
			}
			return nil
		}
		for _, b := range []string{"cd", "cd2", "dis", "dis2", "dcor"} {
			ballot := step(b + "-ballot")
			if ballot == nil {
				continue
			}
			closes := ballot.End
			if err := earliest(b+"-resolution", res, func(m plan.Meeting) bool {
				return m.Start.After(closes) && (m.Kind != plan.KindCT || !g(rules.CTContributions).Notice(m.Start).Before(closes))
			}); err != nil {
				return err
			}
		}
		text := step("dis-registration")
		if text == nil {
			text = step("dcor-ballot")
		}
		final := step("final-text")
		restart := step("itu-restart")
		if restart != nil {
			if b := step("dis-ballot"); b != nil && restart.Start.Before(b.End) {
				return fmt.Errorf("%s: restart on %s, before the DIS ballot closes %s", sc.ID, restart.Start, b.End)
			}
			if dis2 := step("dis2-ballot"); dis2 != nil {
				text = dis2
			}
		}
		if sc.ID == "second-dis" && best != nil && best.Error == "" && s.Direction == "forward" {
			// The path of second-dis without the second ballot is best
			// (forward: backward, each scenario has its own start).
			id := "consent" // what a restart moves: consent (AAP) or the SG meeting (TAP)
			if p.Process == plan.TAP {
				id = "sg-approval"
			}
			if b, _ := best.Step(id); b != nil {
				if restart == nil && step(id) != nil && step(id).Meeting != b.Meeting {
					return fmt.Errorf("%s: %s moved from %s to %s without a restart", sc.ID, id, b.Meeting, step(id).Meeting)
				}
				if restart != nil && restart.Meeting != b.Meeting {
					return fmt.Errorf("%s: restart of %s, but the path planned %s", sc.ID, restart.Meeting, b.Meeting)
				}
			}
		}
		if due, c := step("final-text-due"), step("consent"); due != nil && c != nil && due.Start != g(rules.AAPFinalText).After(c.End) {
			// 8.9 b): "by 2 months after the SG meeting where consent was
			// obtained", the guide's limit, whenever the Last Call starts.
			return fmt.Errorf("%s: final text due %s, not %s after consent ending %s", sc.ID, due.Start, g(rules.AAPFinalText), c.End)
		}
		if c := step("consent"); c != nil && c.Start.Before(text.Start) {
			return fmt.Errorf("%s: consent %s before the text is at DIS level %s", sc.ID, c.Start, text.Start)
		}
		if d := step("determination"); d != nil && d.Start.Before(text.Start) {
			return fmt.Errorf("%s: determination %s before the text is at DIS level %s", sc.ID, d.Start, text.Start)
		}
		if err := earliest("consent", itu, func(m plan.Meeting) bool {
			return sgwp(m) && !m.Start.Before(text.Start) && !g(rules.AAPFinalText).After(m.End).Before(final.Start)
		}); err != nil {
			return err
		}
		if restart == nil {
			if err := earliest("determination", itu, func(m plan.Meeting) bool { return sgwp(m) && !m.Start.Before(text.Start) }); err != nil {
				return err
			}
		}
		if lc := step("lc"); lc != nil {
			// Comments of substance go "to the next meeting of the Study
			// Group" (3.1.2): no SG meeting after the Last Call ends is
			// skipped, and the Director announces it once the Last Call
			// is over (Figure 3b, step 5).
			if err := earliest("sg-approval", itu, func(m plan.Meeting) bool {
				return m.Kind == plan.KindSG && m.Start.After(lc.End)
			}); err != nil {
				return err
			}
			if sg := step("sg-approval"); sg != nil {
				ann := step("sg-announcement")
				if ann == nil || ann.Start.Before(lc.End) || ann.Start.After(sg.Start) || ann.Meeting != sg.Meeting {
					return fmt.Errorf("%s: the Director's announcement %+v does not fall between the Last Call's end %s and the SG meeting %s", sc.ID, ann, lc.End, sg.Start)
				}
			}
			continue
		}
		var detEnd caldate.Date
		if d := step("determination"); d != nil {
			detEnd = d.End
		}
		if err := earliest("sg-approval", itu, func(m plan.Meeting) bool {
			ann := g(rules.TAPAnnouncement).Notice(m.Start)
			if m.Kind != plan.KindSG || ann.Before(final.Start) {
				return false
			}
			return p.Deliverable == plan.Corrigendum || m.Start.After(detEnd) && !ann.Before(detEnd) && !g(rules.TAPFinalText).Notice(m.Start).Before(final.Start)
		}); err != nil {
			return err
		}
	}
	return nil
}

// TestGeneratedPlans runs FuzzSchedule's checks on a fixed series of
// generated plans, every rule set in turn, so that they run in every
// `go test` and not only under -fuzz. The series is seeded: the same plans
// every run.
func TestGeneratedPlans(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	sets := []string{"", "as-practised", "directives-weeks"}
	for i := range 3000 {
		b := make([]byte, rng.Intn(200))
		rng.Read(b)
		p := genPlan(b)
		s, err := New(p, Options{RuleSet: sets[i%len(sets)]})
		if err != nil || len(p.Pins.Meetings)+len(p.Pins.Dates) > 0 {
			continue
		}
		if err := checkChoices(p, s); err != nil {
			t.Fatalf("plan %d: %v\nplan: %s", i, err, mustJSON(p))
		}
		for _, v := range s.Errors() {
			t.Fatalf("plan %d: %s breaks its own rule: %s\nplan: %s", i, v.Scenario, v.Message, mustJSON(p))
		}
	}
}

// BenchmarkFuzzBody measures one execution of FuzzSchedule's body on each
// kind of seed: an example plan (JSON) and generated bytes.
func BenchmarkFuzzBody(b *testing.B) {
	files, _ := filepath.Glob("../../examples/*.json")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(filepath.Base(name), func(b *testing.B) {
			for b.Loop() {
				checkInput(b, data)
			}
		})
	}
	b.Run("generated", func(b *testing.B) {
		data := []byte{4, 1, 1, 1, 200, 100, 30, 30, 30, 30, 30}
		for b.Loop() {
			checkInput(b, data)
		}
	})
}
