package schedule

import (
	"slices"

	"github.com/commontext/commontext/engine/plan"
)

// A ScenarioID names a scenario: one way the approval can go, such as
// ScenarioBest or ScenarioLCSG. The IDs are the same in the schedule's JSON,
// the CLI's --scenario flag, the API's scenario parameter and a calendar's
// event UIDs.
type ScenarioID string

// The scenarios, in the order the engine plans them (the scenario table,
// scenarioTable, says which a plan has).
const (
	ScenarioBest      ScenarioID = "best"       // no comments, no negative votes
	ScenarioFDIS      ScenarioID = "fdis"       // negative DIS votes: FDIS ballot (8.9)
	ScenarioSecondCD  ScenarioID = "second-cd"  // a second CD ballot (8.9)
	ScenarioSecondDIS ScenarioID = "second-dis" // a second DIS ballot, maybe an ITU-T restart (8.9)
	ScenarioLCAR      ScenarioID = "lc-ar"      // Last Call comments → Additional Review (3.1.2)
	ScenarioLCSG      ScenarioID = "lc-sg"      // Last Call comments → SG meeting (3.1.2)
	ScenarioMoreTime  ScenarioID = "more-time"  // a Member State asks for more time (3.1.1, 3.1.2)
	ScenarioSlowest   ScenarioID = "slowest"    // every slower branch at once
)

// baseRun is the ID of the search a second DIS ballot is measured against
// (see engine.base): a path, never a scenario of the output.
const baseRun ScenarioID = "base"

// scenarioDef is a scenario as one plan has it: its words, with the
// deliverable's names, and the slower branches it takes.
type scenarioDef struct {
	id          ScenarioID
	label, desc string
	br          branch
}

// scenarioSpec is a row of the scenario table.
type scenarioSpec struct {
	id ScenarioID
	// def gives the scenario's label, description and branches for the
	// engine's plan, knowing the scenarios before it, and false when the
	// plan has no such scenario.
	def func(e *engine, earlier []scenarioDef) (label, desc string, br branch, ok bool)
}

// scenarioTable is every scenario the engine can plan, in the order it
// plans them: the one list of scenario IDs (ScenarioIDs reads it).
var scenarioTable = []scenarioSpec{
	{ScenarioBest, func(e *engine, _ []scenarioDef) (string, string, branch, bool) {
		n := e.names
		best := "No comments and no negative votes"
		switch {
		case e.cor:
			best += ": the " + n.CD + " ballot is resolved at the first meeting after it closes"
		case e.hasFDIS():
			best += ": one " + n.CD + " ballot, a " + n.DIS + " ballot without negative votes, so the " + n.FDIS + " ballot is omitted (8.9)"
		default:
			best += ": one " + n.CD + " ballot and one " + n.DIS + " ballot (no further ballot for a " + n.DIS + ", 8.9)"
		}
		if e.process == plan.AAP {
			best += ", and a Last Call without comments."
		} else {
			best += ", and approval at the first SG meeting the TAP deadlines allow."
		}
		return "Best case", best, 0, true
	}},
	{ScenarioFDIS, func(e *engine, _ []scenarioDef) (string, string, branch, bool) {
		n := e.names
		return n.FDIS + " ballot", "The " + n.DIS + " ballot is approved with negative votes: the two-month " + n.FDIS + " ballot starts immediately after ITU-T approval (8.9).", bFDIS, e.hasFDIS()
	}},
	{ScenarioSecondCD, func(e *engine, _ []scenarioDef) (string, string, branch, bool) {
		n := e.names
		return "Second " + n.CD + " ballot", "Substantive changes after the " + n.CD + " ballot: a second " + n.CD + " ballot and ITU-T comment period (8.9).", bCD2, !e.cor && e.stage <= 1
	}},
	{ScenarioSecondDIS, func(e *engine, _ []scenarioDef) (string, string, branch, bool) {
		n := e.names
		lapses := "the SG approval meeting"
		if e.process == plan.AAP {
			lapses = "the Last Call announcement deadline"
		}
		return "Second " + n.DIS + " ballot", "Substantive revisions after the " + n.DIS + " ballot: a second " + n.DIS + " ballot and ITU-T comment period; ITU-T approval restarts if " +
			lapses + " comes before the second ballot is resolved (footnote to 8.9).", bDIS2, !e.cor
	}},
	{ScenarioLCAR, func(e *engine, _ []scenarioDef) (string, string, branch, bool) {
		return "Last Call comments → Additional Review", "Comments of substance in the Last Call are resolved and the revised text goes to a three-week Additional Review (3.1.2).", bLCAR, e.process == plan.AAP
	}},
	{ScenarioLCSG, func(e *engine, _ []scenarioDef) (string, string, branch, bool) {
		return "Last Call comments → SG meeting", "Comments of substance in the Last Call go to the next Study Group meeting, which approves the text (3.1.2).", bLCSG, e.process == plan.AAP
	}},
	{ScenarioMoreTime, func(e *engine, _ []scenarioDef) (string, string, branch, bool) {
		if e.process == plan.AAP {
			return "Member State asks for more time", "Last Call comments go to the SG meeting, where a Member State asks for more time: four more weeks from the end of the meeting (3.1.2).", bLCSG | bMoreTime, true
		}
		return "Member State asks for more time", "At the SG meeting a Member State asks for more time: four more weeks from the end of the meeting (3.1.1).", bMoreTime, true
	}},
	{ScenarioSlowest, func(_ *engine, earlier []scenarioDef) (string, string, branch, bool) {
		var all branch
		for _, d := range earlier {
			all |= d.br
		}
		if all&bLCAR != 0 && all&bLCSG != 0 {
			all &^= bLCAR // the SG meeting is the slower of the two
		}
		return "Slowest path", "Every slower branch at once: the slowest schedule the guide's procedures allow with these calendars.", all, true
	}},
}

// ScenarioIDs are the IDs of every scenario the engine can plan, in the
// order it plans them. A plan has some of them: a Technical Report has no
// ScenarioFDIS, a plan that starts after the CD ballot no ScenarioSecondCD.
var ScenarioIDs = func() []ScenarioID {
	ids := make([]ScenarioID, len(scenarioTable))
	for i, s := range scenarioTable {
		ids[i] = s.id
	}
	return ids
}()

// hasFDIS says whether the deliverable can have an FDIS (FDAM) ballot:
// Technical Reports, Specifications and Corrigenda have none (8.9).
func (e *engine) hasFDIS() bool { return !e.dtr && !e.cor }

// scenarioDefs returns the plan's scenarios, those of only (in that order)
// when it is not empty. A scenario whose branches are those of an earlier
// one is left out: it would be the same schedule.
func (e *engine) scenarioDefs(only []ScenarioID) ([]scenarioDef, error) {
	var defs []scenarioDef
	for _, spec := range scenarioTable {
		label, desc, br, ok := spec.def(e, defs)
		if !ok || slices.ContainsFunc(defs, func(d scenarioDef) bool { return d.br == br }) {
			continue
		}
		defs = append(defs, scenarioDef{spec.id, label, desc, br})
	}
	if len(only) == 0 {
		return defs, nil
	}
	var out []scenarioDef
	for _, id := range only {
		i := slices.IndexFunc(defs, func(d scenarioDef) bool { return d.id == id })
		if i < 0 {
			want := make([]ScenarioID, len(defs))
			for i, d := range defs {
				want[i] = d.id
			}
			return nil, &UnknownScenarioError{ID: id, Want: want}
		}
		if !slices.ContainsFunc(out, func(d scenarioDef) bool { return d.id == id }) {
			out = append(out, defs[i])
		}
	}
	return out, nil
}
