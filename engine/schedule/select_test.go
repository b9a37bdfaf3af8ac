package schedule

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/plan"
)

// TestParseScenarios: one parser of scenario lists for the CLI, the API and
// the calendar (issue 9 item 4, issue 12 item 4).
func TestParseScenarios(t *testing.T) {
	var words []string
	for _, id := range ScenarioIDs {
		words = append(words, string(id))
	}
	ids := strings.Join(words, ",")
	tests := []struct {
		list    string
		want    []ScenarioID
		unknown ScenarioID // the ID an *UnknownScenarioError names
	}{
		{"", nil, ""},
		{"all", nil, ""},
		{"best", []ScenarioID{"best"}, ""},
		{"best,slowest", []ScenarioID{"best", "slowest"}, ""},
		{"slowest, best", []ScenarioID{"slowest", "best"}, ""},
		{strings.Repeat("best,", 2799) + "best", []ScenarioID{"best"}, ""},
		{strings.Repeat("best,fdis,", 1400), []ScenarioID{"best", "fdis"}, ""},
		{ids + "," + ids, ScenarioIDs, ""},
		{"worst", nil, "worst"},
		{"best,,fdis", nil, ""},
		{"best,all", nil, "all"},
	}
	for _, tt := range tests {
		name := tt.list
		if len(name) > 40 {
			name = name[:40] + "…"
		}
		t.Run(name, func(t *testing.T) {
			got, err := ParseScenarios(tt.list)
			var ue *UnknownScenarioError
			switch {
			case tt.list == "best,,fdis":
				if !errors.As(err, &ue) || ue.ID != "" {
					t.Fatalf("err = %v, want an UnknownScenarioError for the empty ID", err)
				}
			case tt.unknown != "":
				if !errors.As(err, &ue) || ue.ID != tt.unknown {
					t.Fatalf("err = %v, want an UnknownScenarioError for %q", err, tt.unknown)
				}
				if want := `unknown scenario "` + string(tt.unknown) + `" (want one of best, fdis, second-cd, second-dis, lc-ar, lc-sg, more-time, slowest, or all)`; err.Error() != want {
					t.Errorf("message %q, want %q", err, want)
				}
			case err != nil:
				t.Fatal(err)
			case !slices.Equal(got, tt.want):
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if len(got) > len(ScenarioIDs) {
				t.Errorf("%d scenarios, more than the %d distinct ones", len(got), len(ScenarioIDs))
			}
		})
	}
}

// TestOptionsScenarios: New plans the selected scenarios once each, and an
// ID the plan lacks (a TR has no FDIS ballot) is the same named error.
func TestOptionsScenarios(t *testing.T) {
	ids, err := ParseScenarios(strings.Repeat("best,", 2800))
	if err != nil {
		t.Fatal(err)
	}
	s := mustNew(t, isAAP(), Options{Scenarios: append(ids, "best", "best")})
	if len(s.Scenarios) != 1 || s.Scenarios[0].ID != "best" {
		t.Errorf("scenarios %v, want [best]", s.scenarioIDs())
	}
	tr := testPlan(plan.TR, plan.AAP, plan.CollaborativeTeam, plan.CDBallotOpens, "2026-01-31")
	_, err = New(tr, Options{Scenarios: []ScenarioID{"fdis"}})
	var ue *UnknownScenarioError
	if !errors.As(err, &ue) || ue.ID != "fdis" || slices.Contains(ue.Want, "fdis") {
		t.Fatalf("err = %v, want an UnknownScenarioError for fdis without fdis among the wanted", err)
	}
	full := mustNew(t, tr, Options{})
	if _, err := full.Select([]ScenarioID{"best", "nope"}); !errors.As(err, &ue) || ue.ID != "nope" {
		t.Errorf("Select: err = %v, want an UnknownScenarioError for nope", err)
	}
}

// TestScenarioIDsWrittenOnce: ScenarioIDs, the list ParseScenarios checks,
// is the list of scenarios the engine plans, in the same order, for a plan
// that has them all.
func TestScenarioIDsWrittenOnce(t *testing.T) {
	s := mustNew(t, isAAP(), Options{})
	if got := s.scenarioIDs(); !slices.Equal(got, ScenarioIDs) {
		t.Errorf("the engine plans %v; ScenarioIDs is %v", got, ScenarioIDs)
	}
	var ue *UnknownScenarioError
	if _, err := s.Select([]ScenarioID{ScenarioBest, "nope"}); !errors.As(err, &ue) || ue.ID != "nope" {
		t.Errorf("Select: err = %v, want an UnknownScenarioError for nope", err)
	}
}
