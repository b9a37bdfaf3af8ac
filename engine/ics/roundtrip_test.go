package ics

import (
	"bytes"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/internal/testkit/exampletest"
)

// FuzzWriteRead: what Write writes, ReadEvents reads back: one event per
// step of the scenario, with the step's days, its label as the summary and
// its meeting's place as the location (a meeting's, not a deadline's), whatever text the plan holds
// (escapes, folds in the middle of a character, control characters, which
// a TEXT value cannot carry and Write leaves out).
func FuzzWriteRead(f *testing.F) {
	for _, s := range []string{"Geneva, CH", `a\b;c,d` + "\ne", strings.Repeat("é", 90), "tab\there\r\x00\x1b[0m", `"quoted: value"`, " lead and trail "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, place string) {
		s := exampletest.Schedule(t, "is-ct-aap.json", nil)
		for i := range s.Meetings {
			s.Meetings[i].Place = place
		}
		var buf bytes.Buffer
		if err := Write(&buf, s, Options{Scenarios: []schedule.ScenarioID{"best"}, Now: stamp}); err != nil {
			t.Fatal(err)
		}
		evs, err := ReadEvents(&buf)
		if err != nil {
			t.Fatalf("reading what Write wrote: %v\n%s", err, buf.String())
		}
		sc, _ := s.Scenario("best")
		if len(evs) != len(sc.Steps) {
			t.Fatalf("%d events read, %d steps written", len(evs), len(sc.Steps))
		}
		wantPlace := strings.Map(func(r rune) rune {
			if r < 0x20 && r != '\t' && r != '\n' || r == 0x7f {
				return -1
			}
			return r
		}, place)
		for i, st := range sc.Steps {
			e := evs[i]
			if e.UID != UID(s.PlanID, string(sc.ID), st.ID) || e.Start != st.Start || e.End != st.End || e.Summary != st.Label {
				t.Errorf("step %s written as %+v, read as %+v", st.ID, st, e)
			}
			want := ""
			if st.Meeting != "" && st.Kind != schedule.KindDeadline {
				want = wantPlace
			}
			if e.Location != want {
				t.Errorf("step %s: location %q read back, %q written", st.ID, e.Location, want)
			}
		}
	})
}
