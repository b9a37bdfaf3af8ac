// Package status says where a project stands on a day, as a secretariat
// reports it before a plenary or a study group meeting: the stage now on
// each side (on the JTC 1 side with its ISO/IEC harmonized stage code), what
// was done since a chosen day, the next deadlines, the forecast publication
// against the plan's baseline, and how many rules the schedule breaks. A
// Programme is the same for many plans, one row each: a programme of work.
//
// A status is read from a plan's schedule, never guessed from dates: a
// step is done only when the engine marks it so (it has an actual), and a
// step planned before the as-of day without one is overdue, not done.
// The package is pure computation, like the engine, so that the CLI and
// the planner page (WebAssembly) give the same report.
package status

import (
	"errors"
	"slices"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/export"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
	"github.com/commontext/commontext/engine/schedule"
)

// NextCount is how many coming deadlines a status lists.
const NextCount = 3

// Stage is where one side of the project stands.
type Stage struct {
	// Code is the ISO/IEC harmonized stage code (JTC 1 side only, and only
	// for deliverables whose stages the code table names: see Of).
	Code string `json:"code,omitempty"`
	// Words say the stage for readers, with the deliverable's own names:
	// "DAM ballot initiated", "consented", "in Last Call".
	Words string `json:"words"`
	// Since is when the stage was reached (the last day of the step done),
	// zero when nothing is done yet.
	Since caldate.Date `json:"since,omitzero"`
}

// Item is one step in a status: something done, or a coming date.
type Item struct {
	Step   string       `json:"step"`
	Label  string       `json:"label"`
	Kind   string       `json:"kind"`
	Side   string       `json:"side"`
	Date   caldate.Date `json:"date"` // done: its last day; coming: the day it is due
	Status string       `json:"status,omitempty"`
}

// Status is one plan's standing on a day.
type Status struct {
	File      string `json:"file,omitempty"` // where the plan was read from, when known
	Title     string `json:"title,omitempty"`
	ShortName string `json:"short_name"`
	// Problem says why the plan has no status (it cannot be read or
	// planned); every other field but the names is then empty.
	Problem  string              `json:"problem,omitempty"`
	AsOf     caldate.Date        `json:"as_of,omitzero"`
	Since    caldate.Date        `json:"since,omitzero"`
	Scenario schedule.ScenarioID `json:"scenario,omitempty"`
	Label    string              `json:"scenario_label,omitempty"`
	JTC1     Stage               `json:"jtc1"`
	ITU      Stage               `json:"itu_t"`
	// Done are the steps done from Since to AsOf, in date order.
	Done []Item `json:"done"`
	// Next are the NextCount coming dates, overdue steps first.
	Next []Item `json:"next"`
	// NextStep is the next ballot, period, meeting or milestone (not a
	// preparation deadline), for the one-line row of a programme.
	NextStep *Item `json:"next_step,omitempty"`
	// Publication is the forecast; Baseline the day the plan's baseline
	// forecast it (zero without one) and Slip the difference in days.
	Publication caldate.Date `json:"publication,omitzero"`
	Baseline    caldate.Date `json:"baseline,omitzero"`
	Slip        int          `json:"slip"`
	// Errors and Warnings count the scenario's broken must and should
	// rules; History counts those of them on steps already done, which
	// are facts to record, not something to fix.
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	History  int `json:"history"`
	// Rules are those broken rules and warnings, in the scenario's order.
	Rules []Rule `json:"rules"`
}

// Rule is one broken rule or warning, in the guide's words.
type Rule struct {
	Severity string `json:"severity"` // "error" or "warning"
	Clause   string `json:"clause"`
	Message  string `json:"message"`
	History  bool   `json:"history,omitempty"` // on a step already done
}

// HasBaseline says whether the status compares against a baseline.
func (s Status) HasBaseline() bool { return !s.Baseline.IsZero() }

// Scenario is the scenario a status reports: the one the plan's baseline
// was taken from when the schedule has it, else the best case. want, when
// not empty, comes first (the scenario shown on the page).
func Scenario(p *plan.Plan, s *schedule.Schedule, want string) *schedule.Scenario {
	for _, id := range []string{want, baselineScenario(p)} {
		if id == "" {
			continue
		}
		if sc, ok := s.Scenario(schedule.ScenarioID(id)); ok {
			return sc
		}
	}
	if len(s.Scenarios) == 0 {
		return nil
	}
	return &s.Scenarios[0]
}

// Plan plans p for its status: only the scenario Scenario would choose
// (want, else the baseline's, else the best case), not every scenario, so
// that a programme of many plans costs one scenario each.
func Plan(p *plan.Plan, want string) (*schedule.Schedule, *schedule.Scenario, error) {
	for _, id := range []string{want, baselineScenario(p)} {
		if id == "" {
			continue
		}
		s, err := schedule.New(p, schedule.Options{Scenarios: []schedule.ScenarioID{schedule.ScenarioID(id)}})
		var unknown *schedule.UnknownScenarioError
		if errors.As(err, &unknown) {
			continue // not a scenario of this plan: the next choice
		}
		if err != nil {
			return nil, nil, err
		}
		return s, &s.Scenarios[0], nil
	}
	s, err := schedule.New(p, schedule.Options{Scenarios: schedule.ScenarioIDs[:1]})
	if err != nil {
		return nil, nil, err
	}
	return s, &s.Scenarios[0], nil
}

func baselineScenario(p *plan.Plan) string {
	if p.Baseline == nil {
		return ""
	}
	return p.Baseline.Scenario
}

// Of is the status of plan p, planned as s, in scenario sc, on day asOf;
// Done lists what was done from since (zero: from the start).
func Of(p *plan.Plan, s *schedule.Schedule, sc *schedule.Scenario, asOf, since caldate.Date) Status {
	st := Status{Title: p.Title, ShortName: export.ShortName(p), AsOf: asOf, Since: since}
	if sc == nil {
		st.Problem = "The plan has no scenario."
		return st
	}
	st.Scenario, st.Label = sc.ID, sc.Label
	if len(sc.Steps) == 0 {
		st.Problem = sc.Error
		if st.Problem == "" {
			st.Problem = "The scenario has no steps."
		}
		return st
	}
	st.JTC1 = jtc1Stage(p.Deliverable, s.Names, sc, asOf)
	st.ITU = ituStage(p.Process, sc, asOf)
	st.Done, st.Next, st.NextStep = items(sc, asOf, since)
	st.Publication = sc.Publication
	if pub, ok := sc.Step("publication"); ok {
		if st.Publication.IsZero() {
			st.Publication = pub.End
		}
		if !pub.Baseline.IsZero() {
			st.Baseline, st.Slip = pub.Baseline, pub.Slip
		}
	}
	done := map[string]bool{}
	for _, x := range sc.Steps {
		if x.Status == schedule.StatusDone {
			done[x.ID] = true
		}
	}
	st.Rules = []Rule{}
	for _, v := range sc.Violations {
		if v.Severity == "error" {
			st.Errors++
		} else {
			st.Warnings++
		}
		if done[v.Step] {
			st.History++
		}
		st.Rules = append(st.Rules, Rule{Severity: v.Severity, Clause: v.Clause, Message: v.Message, History: done[v.Step]})
	}
	return st
}

// when is the day a step is due as seen from asOf: its first day, or its
// last when it has started.
func when(x schedule.Step, asOf caldate.Date) caldate.Date {
	if x.Start.Before(asOf) {
		return x.End
	}
	return x.Start
}

func item(x schedule.Step, d caldate.Date) Item {
	label := x.Label
	if x.Kind == schedule.KindDeadline {
		label = "deadline: " + label
	}
	return Item{Step: x.ID, Label: label, Kind: x.Kind, Side: x.Side, Date: d, Status: x.Status}
}

// items lists the steps done since since, and the coming ones.
func items(sc *schedule.Scenario, asOf, since caldate.Date) (_, next []Item, step *Item) {
	coming, done := []Item{}, []Item{}
	for _, x := range sc.Steps {
		if x.Status == schedule.StatusDone {
			if !x.End.Before(since) && !asOf.Before(x.End) {
				done = append(done, item(x, x.End))
			}
			continue
		}
		if d := when(x, asOf); !d.Before(asOf) || x.Status == schedule.StatusOverdue {
			coming = append(coming, item(x, d))
		}
	}
	slices.SortStableFunc(done, func(a, b Item) int { return a.Date.Compare(b.Date) })
	slices.SortStableFunc(coming, func(a, b Item) int {
		if (a.Status == schedule.StatusOverdue) != (b.Status == schedule.StatusOverdue) {
			if a.Status == schedule.StatusOverdue {
				return -1
			}
			return 1
		}
		return a.Date.Compare(b.Date)
	})
	for i := range coming {
		if coming[i].Kind != schedule.KindDeadline {
			c := coming[i]
			step = &c
			break
		}
	}
	return done, coming[:min(len(coming), NextCount)], step
}

// coded are the deliverables whose JTC 1 stages the harmonized code table
// names as it stands: an IS and an amendment (CD/DIS/FDIS, PDAM/DAM/FDAM).
// Where a DTR, DTS or DCOR ballot sits in the table is not said by the
// guide, so their stage is given in words only, rather than guessed.
func coded(d plan.Deliverable) bool { return d == plan.IS || d == plan.Amendment }

// running says whether a step is under way on day asOf: begun and not
// ended, and not overdue (an overdue step is re-planned after asOf); or a
// ballot that opened as the plan records and whose close, past by the
// ballot's length, is not recorded (the engine keeps such an overdue
// step's start before asOf): the ballot stays at its "initiated" stage
// until its close is recorded, as a harmonized stage code does.
func running(x *schedule.Step, asOf caldate.Date) bool {
	if x.Status == schedule.StatusOverdue {
		return x.Kind == schedule.KindBallot && x.Start.Before(asOf)
	}
	return !asOf.Before(x.Start) && asOf.Before(x.End)
}

// jtc1Stage is the JTC 1 side's stage on day asOf: that of the furthest
// JTC 1 step done or under way or, with neither, the stage before the
// scenario's first JTC 1 step.
func jtc1Stage(d plan.Deliverable, names schedule.Names, sc *schedule.Scenario, asOf caldate.Date) Stage {
	has := func(id string) bool { _, ok := sc.Step(id); return ok }
	var last *schedule.Step
	code, first := "", ""
	for _, js := range jtc1Steps {
		x, ok := sc.Step(js.step)
		if !ok {
			continue
		}
		if first == "" {
			first = js.before
		}
		switch {
		case running(x, asOf) && js.during != "":
			last, code = x, js.during
		case x.Status == schedule.StatusDone:
			last, code = x, js.done
			if js.step == "cd-resolution" && has("cd2-ballot") {
				code = "30.60"
			}
			if js.step == "dis-resolution" && has("dis2-ballot") {
				code = "40.93"
			}
		}
	}
	if dcor, ok := sc.Step("dcor-ballot"); ok {
		switch {
		case running(dcor, asOf):
			return Stage{Words: dcor.Label + " under way", Since: dcor.Start}
		case dcor.Status == schedule.StatusDone:
			return Stage{Words: dcor.Label + " closed", Since: dcor.End}
		case last == nil:
			return Stage{Words: "before the " + dcor.Label}
		}
	}
	if last == nil && first == "" {
		return Stage{Words: "no JTC 1 step in this scenario"}
	}
	st := Stage{}
	if last == nil {
		code = first
	} else if running(last, asOf) {
		st.Since = last.Start
	} else {
		st.Since = last.End
	}
	if coded(d) {
		hc, _ := Harmonized(code)
		st.Code, st.Words = hc.Code, stageNames(hc.Name, names, d)
		return st
	}
	// Words only: the step itself, in the deliverable's names.
	switch {
	case last == nil:
		st.Words = "not started"
	case running(last, asOf):
		st.Words = last.Label + " under way"
	case last.Kind == schedule.KindBallot:
		st.Words = last.Label + " closed"
	default:
		st.Words = last.Label + " done"
	}
	return st
}

// ituStep says in words where the ITU-T side stands after one of its
// steps: while it runs and once it is done (empty: the step says nothing
// of the stage, e.g. ITU-T comments on a JTC 1 ballot).
type ituStep struct{ step, during, done string }

// ituSteps are in the order of the approval processes: 3.1.2 (AAP, with
// Last Call and Additional Review) and 3.1.1 (TAP, with the consultation
// of Member States), then publication (8.10).
var ituSteps = []ituStep{
	{"determination", "", "determined"},
	{"consent", "", "consented"},
	{"lc", "in Last Call", "Last Call ended"},
	{"lc-resolution", "resolving Last Call comments", "Last Call comments resolved"},
	{"ar", "in Additional Review", "Additional Review ended"},
	{"sg-announcement", "", "announced for approval at the SG meeting"},
	{"consultation", "in consultation of Member States", "consultation of Member States ended"},
	{rules.MoreTime, "more time given to a Member State", "more time for a Member State ended"},
	{"sg-approval", "", "approved"},
	{"itu-approval", "", "approved"},
	{"publication", "", "published"},
}

// ituStage is the ITU-T side's stage in words on day asOf.
func ituStage(proc plan.Process, sc *schedule.Scenario, asOf caldate.Date) Stage {
	var st Stage
	for _, is := range ituSteps {
		x, ok := sc.Step(is.step)
		switch {
		case !ok:
		case running(x, asOf) && is.during != "":
			st = Stage{Words: is.during, Since: x.Start}
		case x.Status == schedule.StatusDone:
			st = Stage{Words: is.done, Since: x.End}
		}
	}
	if st.Words != "" {
		return st
	}
	if proc == plan.TAP {
		return Stage{Words: "not yet determined"}
	}
	return Stage{Words: "not yet consented"}
}

// stageNames writes ISO's name of a code, which is for an IS, in the
// deliverable's own names: "DAM ballot initiated", "Amendment published".
func stageNames(name string, n schedule.Names, d plan.Deliverable) string {
	r := strings.NewReplacer("FDIS", n.FDIS, "DIS", n.DIS, "CD", n.CD)
	name = r.Replace(name)
	if d == plan.Amendment {
		name = strings.Replace(name, "International Standard", "Amendment", 1)
	}
	return name
}
