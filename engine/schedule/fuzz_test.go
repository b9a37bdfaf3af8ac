package schedule

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
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
		b, err := os.ReadFile(name)
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte{0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	f.Add([]byte{4, 1, 1, 1, 200, 100, 30, 30, 30, 30, 30})
}

// FuzzSchedule checks that the engine never panics and that every schedule
// it returns for an unpinned plan passes its own rule checks.
func FuzzSchedule(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := plan.Parse(data)
		if err != nil {
			p = genPlan(data)
		}
		s, err := New(p, Options{})
		if err != nil {
			return
		}
		pinned := len(p.Pins.Meetings)+len(p.Pins.Dates) > 0
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
		a, _ := json.Marshal(s)
		s2, err := New(p, Options{})
		if err != nil {
			t.Fatalf("second run failed: %v", err)
		}
		if b, _ := json.Marshal(s2); !bytes.Equal(a, b) {
			t.Fatal("output differs between runs")
		}
	})
}

func mustJSON(p *plan.Plan) string {
	b, _ := plan.Marshal(p)
	return string(b)
}
