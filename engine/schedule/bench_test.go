package schedule

import (
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
)

// benchPlan has a four-year calendar, 2026 to 2029, with 40 meetings for
// each of ITU-T, JTC 1 and the CT.
func benchPlan(del plan.Deliverable, proc plan.Process) *plan.Plan {
	p := &plan.Plan{Version: 1, ID: testID, Deliverable: del, Process: proc, Mode: plan.CollaborativeTeam,
		Start: plan.Start{Stage: plan.StagesFor(del)[0], Date: caldate.MustParse("2026-02-02")}}
	gen := func(prefix string, kinds []string, offset, every, days int) []plan.Meeting {
		var ms []plan.Meeting
		d := caldate.MustParse("2026-01-05").AddDays(offset)
		for i := 0; i < 40; i++ {
			k := kinds[i%len(kinds)]
			ms = append(ms, plan.Meeting{ID: fmt.Sprintf("%s-%02d", prefix, i), Kind: k, Body: prefix, Start: d, End: d.AddDays(days - 1), Place: "Geneva, CH"})
			d = d.AddDays(every)
		}
		return ms
	}
	p.Meetings.ITU = gen("itu", []string{"sg", "wp", "wp"}, 10, 36, 5)
	p.Meetings.JTC1 = gen("jtc1", []string{"sc", "wg"}, 20, 36, 5)
	p.Meetings.CT = gen("ct", []string{"ct"}, 5, 36, 3)
	return p
}

func TestBenchPlan(t *testing.T) {
	for _, proc := range []plan.Process{plan.AAP, plan.TAP} {
		p := benchPlan(plan.IS, proc)
		s := mustNew(t, p, Options{})
		for _, sc := range s.Scenarios {
			if sc.Error != "" {
				t.Errorf("%s %s: %s", proc, sc.ID, sc.Error)
			}
		}
		if last := p.Meetings.ITU[39].End; last.Year() != 2029 {
			t.Errorf("calendar ends %s", last)
		}
	}
}

// BenchmarkPlan plans every scenario forward on the four-year calendar.
func BenchmarkPlan(b *testing.B) {
	for _, c := range []struct {
		name string
		del  plan.Deliverable
		proc plan.Process
	}{{"IS-AAP", plan.IS, plan.AAP}, {"AMD-TAP", plan.Amendment, plan.TAP}, {"COR-AAP", plan.Corrigendum, plan.AAP}} {
		p := benchPlan(c.del, c.proc)
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := New(p, Options{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPlanBackward plans every scenario backward from a target: a
// bisection over start dates for each.
func BenchmarkPlanBackward(b *testing.B) {
	p := benchPlan(plan.IS, plan.AAP)
	p.Start.Date = caldate.Date{}
	p.Target = caldate.MustParse("2029-06-30")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(p, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPlanJSON adds encoding the schedule, as the browser and the
// Worker do.
func BenchmarkPlanJSON(b *testing.B) {
	p := benchPlan(plan.IS, plan.AAP)
	b.ReportAllocs()
	for b.Loop() {
		s, err := New(p, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := json.NewEncoder(io.Discard).Encode(s); err != nil {
			b.Fatal(err)
		}
	}
}
