// Package schedule turns a plan into a synchronized schedule of the JTC 1 and
// ITU-T approval steps, and checks schedules against the guide's rules.
//
// The engine is pure computation on calendar dates: no I/O, no clock, no
// reflection, so the same code runs natively, in a Worker and in the browser
// as WebAssembly. Its output is a Schedule: for each scenario (the best case
// and each slower branch the guide names) the steps with their dates, sides
// and acting bodies, the links (rules) between steps, the preparation
// deadlines of every meeting used, flags and rule violations. The same plan
// always gives the same Schedule, and the same JSON bytes.
//
// Date conventions, after the guide: "N months after D" counts calendar
// months clamped to the month's end; a week is seven days; working days skip
// Saturday and Sunday; a decision taken at a meeting dates from its last day;
// a deadline before a meeting counts back from its first day.
package schedule

import (
	"strings"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
)

// Format is the version of the schedule output.
const Format = 1

// Sides of a step: the swimlane it belongs to.
const (
	SideITU   = "itu-t"
	SideJTC1  = "jtc1"
	SideJoint = "joint"
)

// Statuses of a step (Step.Status).
const (
	StatusDone    = "done"
	StatusOverdue = "overdue"
)

// Kinds of step.
const (
	KindBallot    = "ballot"    // a letter ballot or comment period
	KindPeriod    = "period"    // another period: translation, Last Call, …
	KindMeeting   = "meeting"   // a decision or resolution at a meeting
	KindMilestone = "milestone" // a point in time: registration, approval, publication
	KindDeadline  = "deadline"  // a preparation deadline: the latest date for something
)

// Schedule is the result of planning.
type Schedule struct {
	Format      int              `json:"format"`
	PlanID      string           `json:"plan_id"`
	Title       string           `json:"title,omitempty"`
	Deliverable plan.Deliverable `json:"deliverable"`
	Process     plan.Process     `json:"itu_process"`
	Mode        plan.Mode        `json:"mode"`
	Direction   string           `json:"direction"` // "forward" or "backward"
	Start       plan.Start       `json:"start"`
	Target      caldate.Date     `json:"target,omitzero"`
	Rules       RulesUsed        `json:"rules"`
	Names       Names            `json:"names"`
	Meetings    []Meeting        `json:"meetings"`
	Scenarios   []Scenario       `json:"scenarios"`
}

// RulesUsed names the rule set and every value that differs from the
// guide's.
type RulesUsed struct {
	Set       string           `json:"set"`
	Title     string           `json:"title"`
	Overrides []rules.Override `json:"overrides"`
}

// Names are the deliverable's names for its stages, e.g. PDAM, DAM, FDAM.
type Names struct {
	CD   string `json:"cd"`
	DIS  string `json:"dis"`
	FDIS string `json:"fdis,omitempty"`
}

// Stage says a starting point in words, with the deliverable's own names
// for its stages ("the PDAM ballot opening"), as the page and the CLI
// print it.
func (n Names) Stage(st plan.Stage) string {
	switch st {
	case plan.CDBallotOpens:
		return "the " + n.CD + " ballot opening"
	case plan.CDBallotCloses:
		return "the " + n.CD + " ballot closing"
	case plan.DISRegistered:
		return "the " + n.DIS + " registration"
	case plan.DISBallotOpens:
		return "the " + n.DIS + " ballot opening"
	case plan.DISBallotCloses:
		return "the " + n.DIS + " ballot closing"
	case plan.DCORBallotOpens:
		return "the DCOR ballot opening"
	case plan.DCORBallotCloses:
		return "the DCOR ballot closing"
	}
	return strings.ReplaceAll(string(st), "-", " ")
}

// Meeting is a calendar meeting, for drawing: every meeting of the plan is
// listed, used or not, sorted by first day.
type Meeting struct {
	ID    string       `json:"id"`
	Body  string       `json:"body,omitempty"`
	Kind  string       `json:"kind"`
	Side  string       `json:"side"`
	Start caldate.Date `json:"start"`
	End   caldate.Date `json:"end"`
	Place string       `json:"place,omitempty"`
}

// Scenario is one way the approval can go, with its own publication date.
type Scenario struct {
	ID          ScenarioID   `json:"id"`
	Label       string       `json:"label"`
	Description string       `json:"description"`
	Publication caldate.Date `json:"publication,omitzero"`
	// Error says why the scenario could not be scheduled, e.g. "no ITU-T
	// SG or WP meeting between … allows consent"; it then has no dates.
	Error string `json:"error,omitempty"`
	// RuledOut says that the plan's actuals exclude this scenario (a
	// second CD ballot once the DIS is registered without one): Error then
	// says why, and the scenario has no dates.
	RuledOut bool `json:"ruled_out,omitempty"`
	// Slip is how far publication moved against the plan's baseline, and
	// which recorded facts moved it; nil without a baseline with a
	// publication date.
	Slip *Slip `json:"slip,omitempty"`
	// Backward planning only: the latest date the plan's starting stage can
	// happen for publication by the target, and whether the target is
	// reachable (from the plan's start date, when it has one).
	LatestStart caldate.Date `json:"latest_start,omitzero"`
	Reachable   *bool        `json:"reachable,omitempty"`
	Steps       []Step       `json:"steps"`
	Links       []Link       `json:"links"`
	Flags       []Flag       `json:"flags"`
	Violations  []Violation  `json:"violations"`
}

// Step is one step of a scenario. Start and End are equal for milestones
// and deadlines.
type Step struct {
	ID       string       `json:"id"` // stable: the same step has the same ID in every plan
	Label    string       `json:"label"`
	Kind     string       `json:"kind"`
	Side     string       `json:"side"` // SideITU, SideJTC1 or SideJoint
	Body     string       `json:"body"` // the acting body: SC secretariat, ITTF, TSB, CT, SG…
	Start    caldate.Date `json:"start"`
	End      caldate.Date `json:"end"`
	Clause   string       `json:"clause"` // guide clause, e.g. "8.9"
	Scenario ScenarioID   `json:"scenario"`
	Rule     string       `json:"rule,omitempty"`    // the duration rule that sets its length or date
	Meeting  string       `json:"meeting,omitempty"` // the meeting it takes place at
	For      string       `json:"for,omitempty"`     // deadlines: the step whose meeting they prepare
	Pinned   bool         `json:"pinned,omitempty"`  // date or meeting fixed by the plan
	// Status is StatusDone for a step with an actual (history, not to be
	// fixed), StatusOverdue for one planned before the plan's as-of date
	// without an actual (re-planned from that date), empty otherwise.
	Status string `json:"status,omitempty"`
	// Baseline is the day the plan's baseline forecast this step to end,
	// when the baseline has it; Slip is End minus Baseline in days.
	Baseline caldate.Date `json:"baseline,omitzero"`
	Slip     int          `json:"slip,omitempty"`
	Alarm    bool         `json:"alarm,omitempty"` // worth a reminder (preparation deadlines)
	Note     string       `json:"note,omitempty"`
}

// Slip is a scenario's publication against the plan's baseline.
type Slip struct {
	Baseline caldate.Date `json:"baseline"` // publication as the baseline forecast it
	Days     int          `json:"days"`     // Publication minus Baseline: positive is later
	// Because lists the steps with an actual, or overdue, that moved
	// against the baseline, in the order they happen, in words ("CD
	// ballot: done 2026-07-01, +31 d"); Reason joins them in a sentence.
	Because []string `json:"because"`
	Reason  string   `json:"reason"`
}

// Link is a rule between two steps: a synchronization point when the steps
// are on different sides. The checker evaluates links; a drawing can show
// them as arrows.
//
//	not-before: To's edge is on or after From's edge plus Offset
//	not-after:  To's edge is on or before From's edge plus Offset
//	span:       To ends Offset after it starts (From is To)
type Link struct {
	Rule     string `json:"rule"`
	Clause   string `json:"clause"`
	Strength string `json:"strength"` // "must" or "should"
	From     string `json:"from"`
	FromEdge string `json:"from_edge"` // "start" or "end"
	To       string `json:"to"`
	ToEdge   string `json:"to_edge"`
	Op       string `json:"op"`     // "not-before", "not-after" or "span"
	Offset   string `json:"offset"` // e.g. "2m", "-4m", "1d", "0d"
	Text     string `json:"text"`
	Cross    bool   `json:"cross,omitempty"` // From and To are on different sides
}

// Flag is something the plan should know that breaks no date rule, such as
// a CT meeting during a ballot on the CT's text.
type Flag struct {
	Rule    string `json:"rule"`
	Clause  string `json:"clause"`
	Step    string `json:"step,omitempty"`
	Meeting string `json:"meeting,omitempty"`
	Message string `json:"message"`
}

// Violation is a broken rule: it names the rule, cites its clause, and gives
// the date that would satisfy it.
type Violation struct {
	Scenario ScenarioID   `json:"scenario"`
	Rule     string       `json:"rule"`
	Clause   string       `json:"clause"`
	Severity string       `json:"severity"` // "error" (a must rule) or "warning" (a should rule)
	Step     string       `json:"step"`
	Got      caldate.Date `json:"got,omitzero"`
	Want     caldate.Date `json:"want,omitzero"`
	Relation string       `json:"relation,omitempty"` // "on or after", "on or before", "on"
	Message  string       `json:"message"`
	// History marks a rule broken by what already happened (the step is
	// done): it is kept, to be read, not something left to fix.
	History bool `json:"history,omitempty"`
}

func (v Violation) Error() string { return string(v.Scenario) + ": " + v.Message }

// Scenario returns the scenario with the ID.
func (s *Schedule) Scenario(id ScenarioID) (*Scenario, bool) {
	for i := range s.Scenarios {
		if s.Scenarios[i].ID == id {
			return &s.Scenarios[i], true
		}
	}
	return nil, false
}

// Step returns the step with the ID.
func (sc *Scenario) Step(id string) (*Step, bool) {
	for i := range sc.Steps {
		if sc.Steps[i].ID == id {
			return &sc.Steps[i], true
		}
	}
	return nil, false
}

// Errors returns the violations of must rules in every scenario, except
// those of history (steps already done), which cannot be fixed.
func (s *Schedule) Errors() []Violation {
	var out []Violation
	for _, sc := range s.Scenarios {
		for _, v := range sc.Violations {
			if v.Severity == "error" && !v.History {
				out = append(out, v)
			}
		}
	}
	return out
}

// SideName is a side's name for readers: "ITU-T", "JTC 1" or "joint".
func SideName(side string) string {
	switch side {
	case SideITU:
		return "ITU-T"
	case SideJTC1:
		return "JTC 1"
	}
	return "joint"
}
