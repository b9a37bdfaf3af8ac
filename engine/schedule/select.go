package schedule

import (
	"fmt"
	"slices"
	"strings"
)

// AllScenarios is the word that selects every scenario of a plan.
const AllScenarios = "all"

// An UnknownScenarioError reports a scenario ID that the engine does not
// know, or that the plan does not have. Want lists the IDs that would do.
type UnknownScenarioError struct {
	ID   ScenarioID
	Want []ScenarioID
}

func (e *UnknownScenarioError) Error() string {
	id := e.ID
	if len(id) > 40 {
		id = id[:40] + "…"
	}
	want := make([]string, len(e.Want))
	for i, w := range e.Want {
		want[i] = string(w)
	}
	return fmt.Sprintf("unknown scenario %q (want one of %s, or %s)", id, strings.Join(want, ", "), AllScenarios)
}

// ParseScenarios reads a scenario selection as the CLI's --scenario flag
// and the API's scenario parameter write it: IDs separated by commas
// ("best,slowest"), or "all". It returns nil for "all" and for "" (every
// scenario), and otherwise each ID once, in the order first given, so a
// selection never holds more than len(ScenarioIDs) IDs however long the
// list. An ID the engine does not know is an *UnknownScenarioError; whether
// the plan has the scenario is New's to say (Options.Scenarios).
func ParseScenarios(list string) ([]ScenarioID, error) {
	if list == "" || list == AllScenarios {
		return nil, nil
	}
	var ids []ScenarioID
	for rest := list; rest != ""; {
		var word string
		word, rest, _ = strings.Cut(rest, ",")
		id := ScenarioID(strings.TrimSpace(word))
		if !slices.Contains(ScenarioIDs, id) {
			return nil, &UnknownScenarioError{ID: id, Want: ScenarioIDs}
		}
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// Select returns the schedule's scenarios with the IDs, in that order (all
// of them when ids is empty), or an *UnknownScenarioError naming the first
// ID the schedule lacks.
func (s *Schedule) Select(ids []ScenarioID) ([]Scenario, error) {
	if len(ids) == 0 {
		return s.Scenarios, nil
	}
	out := make([]Scenario, 0, len(ids))
	for _, id := range ids {
		sc, ok := s.Scenario(id)
		if !ok {
			return nil, &UnknownScenarioError{ID: id, Want: s.scenarioIDs()}
		}
		out = append(out, *sc)
	}
	return out, nil
}

func (s *Schedule) scenarioIDs() []ScenarioID {
	ids := make([]ScenarioID, len(s.Scenarios))
	for i, sc := range s.Scenarios {
		ids[i] = sc.ID
	}
	return ids
}
