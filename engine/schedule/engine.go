package schedule

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
)

// Options adjust planning without editing the plan.
type Options struct {
	// RuleSet replaces the plan's rules.set when not empty.
	RuleSet string
	// Overrides are applied after the plan's own, recorded with Source
	// ("option" when empty) in the output.
	Overrides map[string]rules.Duration
	Source    string
	// Target, when set, replaces the plan's target: plan backward from it.
	Target caldate.Date
	// AsOf is the day the plan is read, used when the plan has no as_of:
	// meetings that start before it are past and never chosen. The planner
	// page passes today.
	AsOf caldate.Date
	// Scenarios limits the output to these scenario IDs (all when empty),
	// as ParseScenarios reads them; an ID the plan does not have makes New
	// return an *UnknownScenarioError.
	Scenarios []ScenarioID
}

// A PlanningError reports a plan that cannot be scheduled, such as a
// calendar with no meeting where consent is allowed.
type PlanningError struct {
	Scenario ScenarioID
	Msg      string
}

func (e *PlanningError) Error() string { return e.Msg }

// branch is a slower branch of the approval a scenario takes.
type branch uint8

const (
	bFDIS     branch = 1 << iota // negative DIS votes: FDIS ballot (8.9)
	bCD2                         // second CD ballot (8.9)
	bDIS2                        // second DIS ballot, maybe an ITU-T restart (8.9)
	bLCAR                        // Last Call comments → Additional Review (3.1.2)
	bLCSG                        // Last Call comments → SG meeting (3.1.2)
	bMoreTime                    // a Member State asks for more time (3.1.1, 3.1.2)
)

// Stage positions, to know which steps a starting point leaves behind.
var stageIndex = map[plan.Stage]int{
	plan.CDBallotOpens: 0, plan.CDBallotCloses: 1, plan.DISRegistered: 2,
	plan.DISBallotOpens: 3, plan.DISBallotCloses: 4,
	plan.DCORBallotOpens: 0, plan.DCORBallotCloses: 1,
}

// engine holds what all scenarios of a plan share.
type engine struct {
	p       *plan.Plan
	set     *rules.Set
	mode    plan.Mode
	process plan.Process
	names   Names
	dtr     bool // Technical Report or Specification: no translation, no FDIS
	cor     bool
	stage   int
	asOf    caldate.Date   // meetings that start before it are never chosen
	itu     []plan.Meeting // sorted by first day
	jtc1    []plan.Meeting
	ct      []plan.Meeting
	resPool []plan.Meeting // where ballots are resolved
	pinM    map[string]plan.Meeting
	pinD    map[string]caldate.Date
	// What happened (plan.Actuals, and the start once the plan is read on
	// or after it: see startFact): such a plan is followed through its
	// life. Only what remains after the latest fact (latest) is planned,
	// from the as-of date; anything dated before the latest fact is
	// history.
	actM     map[string]plan.Meeting
	actD     map[string]plan.Actual
	followed bool
	latest   caldate.Date
	// recorded is the latest actual alone: a meeting the rules give before
	// it is history (the later fact needed it), but one before the start
	// is not (the start says where the JTC 1 side stood, not what the
	// ITU-T side did).
	recorded caldate.Date
	d        durations
	// baseRuns caches the runs a second DIS ballot is measured against, by
	// branches and start date (see base).
	baseRuns map[baseKey]*run
}

type baseKey struct {
	br    branch
	start caldate.Date
}

// durations caches the rule values the engine reads.
type durations struct {
	cd, cd2, window, editing, translation, dis, dis2, fdis, dcor      rules.Duration
	aapFinal, lc, lcRes, ar, tapFinal, tapAnn, tapDist, moreTime, pub rules.Duration
	lcAnn, fdisPrep                                                   rules.Duration
	agendaPref, agenda, convening, contributions                      rules.Duration
}

// New plans p. It returns plan.Errors for an invalid plan or options, and a
// *PlanningError when the best case cannot be scheduled with the calendars
// given (forward planning) — slower scenarios that cannot be scheduled carry
// their own Error instead. Backward planning never fails for an unreachable
// target: the scenarios say so.
func New(p *plan.Plan, opt Options) (*Schedule, error) {
	if err := plan.Validate(p); err != nil {
		return nil, err
	}
	setName := p.Rules.Set
	if opt.RuleSet != "" {
		setName = opt.RuleSet
	}
	set, err := rules.Load(setName)
	if err != nil {
		return nil, plan.Errors{{Field: "rules.set", Message: err.Error()}}
	}
	var probs plan.Errors
	for _, id := range slices.Sorted(maps.Keys(p.Rules.Overrides)) {
		if err := set.Override(id, p.Rules.Overrides[id], "plan"); err != nil {
			probs = append(probs, plan.Problem{Field: "rules.overrides." + id, Message: plan.StepName(id) + ": " + err.Error()})
		}
	}
	src := opt.Source
	if src == "" {
		src = "option"
	}
	for _, id := range slices.Sorted(maps.Keys(opt.Overrides)) {
		if err := set.Override(id, opt.Overrides[id], src); err != nil {
			probs = append(probs, plan.Problem{Field: "override " + id, Message: plan.StepName(id) + ": " + err.Error()})
		}
	}
	// The second CD ballot is "of the same length as the first" (8.9)
	// unless the plan or the options set it.
	if _, ok := p.Rules.Overrides[rules.CD2Ballot]; !ok && len(probs) == 0 {
		if _, ok := opt.Overrides[rules.CD2Ballot]; !ok {
			_ = set.Override(rules.CD2Ballot, set.Get(rules.CDBallot), "same as cd-ballot (8.9)") // out of range: keep the set's
		}
	}
	e := newEngine(p, set)
	e.asOf = p.AsOf
	if e.asOf.IsZero() {
		e.asOf = opt.AsOf
	}
	probs = append(probs, e.checkPins()...)
	probs = append(probs, e.checkActuals()...)
	if e.followed && e.asOf.IsZero() {
		// Without an as-of date, the plan is read as of its latest fact.
		e.asOf = e.latest
	}
	e.startFact()
	defs, scenErr := e.scenarioDefs(opt.Scenarios)
	target := p.Target
	if !opt.Target.IsZero() {
		target = opt.Target
		if y := target.Year(); y < plan.MinYear || y > plan.MaxYear {
			probs = append(probs, plan.Problem{Field: "target", Message: fmt.Sprintf("The target date %s is outside the planning range %d–%d", target, plan.MinYear, plan.MaxYear)})
		}
	}
	if len(probs) > 0 {
		return nil, probs
	}
	if scenErr != nil {
		return nil, scenErr
	}

	s := &Schedule{
		Format:      Format,
		PlanID:      p.ID.String(),
		Title:       p.Title,
		Deliverable: p.Deliverable,
		Process:     p.Process,
		Mode:        p.Mode,
		Direction:   "forward",
		Start:       p.Start,
		Target:      target,
		Rules:       RulesUsed{Set: set.Name, Title: set.Title, Overrides: set.Overrides()},
		Names:       e.names,
		Meetings:    e.meetings(),
	}
	if s.Rules.Overrides == nil {
		s.Rules.Overrides = []rules.Override{}
	}
	if target.IsZero() {
		for _, def := range defs {
			sc := e.scenario(def, p.Start.Date)
			if sc.Error != "" && def.br == 0 && !sc.RuledOut {
				return nil, &PlanningError{Scenario: def.id, Msg: sc.Error}
			}
			s.Scenarios = append(s.Scenarios, sc)
		}
		return s, nil
	}
	s.Direction = "backward"
	for _, def := range defs {
		s.Scenarios = append(s.Scenarios, e.backward(def, target))
	}
	return s, nil
}

func newEngine(p *plan.Plan, set *rules.Set) *engine {
	e := &engine{
		p:       p,
		set:     set,
		mode:    p.Mode,
		process: p.Process,
		dtr:     p.Deliverable == plan.TR || p.Deliverable == plan.TS,
		cor:     p.Deliverable == plan.Corrigendum,
		stage:   stageIndex[p.Start.Stage],
		itu:     sortMeetings(p.Meetings.ITU),
		jtc1:    sortMeetings(p.Meetings.JTC1),
		ct:      sortMeetings(p.Meetings.CT),
	}
	switch p.Deliverable {
	case plan.IS:
		e.names = Names{CD: "CD", DIS: "DIS", FDIS: "FDIS"}
	case plan.Amendment:
		e.names = Names{CD: "PDAM", DIS: "DAM", FDIS: "FDAM"}
	case plan.TR:
		e.names = Names{CD: "PDTR", DIS: "DTR"}
	case plan.TS:
		e.names = Names{CD: "PDTS", DIS: "DTS"}
	case plan.Corrigendum:
		e.names = Names{CD: "DCOR", DIS: "DCOR"}
	}
	e.resPool = e.jtc1
	if p.Mode == plan.CollaborativeTeam && len(e.ct) > 0 {
		e.resPool = e.ct
	}
	e.pinM = map[string]plan.Meeting{}
	for step, id := range p.Pins.Meetings {
		if m, ok := p.Meetings.Find(id); ok {
			e.pinM[step] = m
		}
	}
	e.pinD = p.Pins.Dates
	e.actD = p.Actuals.Dates
	e.actM = map[string]plan.Meeting{}
	for step, id := range p.Actuals.Meetings {
		if m, ok := p.Meetings.Find(id); ok {
			e.actM[step] = m
			e.latest = caldate.Max(e.latest, m.End)
		}
	}
	for _, a := range e.actD {
		e.latest = caldate.Max(e.latest, caldate.Max(a.Start, a.End))
	}
	e.followed = len(e.actM) > 0 || len(e.actD) > 0
	e.recorded = e.latest
	g := set.Get
	e.d = durations{
		cd: g(rules.CDBallot), cd2: g(rules.CD2Ballot), window: g(rules.ResolutionWindow),
		editing: g(rules.Editing), translation: g(rules.DISTranslation),
		dis: g(rules.DISBallot), dis2: g(rules.DIS2Ballot), fdis: g(rules.FDISBallot), dcor: g(rules.DCORBallot),
		aapFinal: g(rules.AAPFinalText), lc: g(rules.LastCall), lcRes: g(rules.LCResolution),
		ar: g(rules.AdditionalReview), tapFinal: g(rules.TAPFinalText), tapAnn: g(rules.TAPAnnouncement),
		tapDist: g(rules.TAPDistribution), moreTime: g(rules.MoreTime), pub: g(rules.Publication),
		agendaPref: g(rules.JTC1AgendaPref), agenda: g(rules.JTC1Agenda),
		convening: g(rules.ITUConveningLetter), contributions: g(rules.CTContributions),
		lcAnn: g(rules.LCAnnouncement), fdisPrep: g(rules.FDISPreparation),
	}
	if e.dtr {
		e.d.dis, e.d.dis2 = g(rules.DTRBallot), g(rules.DTR2Ballot)
	}
	return e
}

func sortMeetings(ms []plan.Meeting) []plan.Meeting {
	out := append([]plan.Meeting(nil), ms...)
	sort.SliceStable(out, func(i, j int) bool {
		if c := out[i].Start.Compare(out[j].Start); c != 0 {
			return c < 0
		}
		if c := out[i].End.Compare(out[j].End); c != 0 {
			return c < 0
		}
		return out[i].ID < out[j].ID
	})
	return out
}

func (e *engine) meetings() []Meeting {
	all := sortMeetings(e.p.Meetings.All())
	out := make([]Meeting, len(all))
	for i, m := range all {
		out[i] = meetingOf(m)
	}
	return out
}

// startFact makes the plan's start a fact once the day the plan is read
// has reached it: the start says the project was at that stage on that
// day, so everything before it is history and, as for any actual, a step
// the rules date after it and before the as-of day without an actual of
// its own has not happened: it is overdue and planned anew from the as-of
// day (issue 18). A plan read on no day, or before its start, is planned
// as before.
func (e *engine) startFact() {
	d := e.p.Start.Date
	if e.asOf.IsZero() || d.IsZero() || d.After(e.asOf) {
		return
	}
	e.followed = true
	e.latest = caldate.Max(e.latest, d)
}

// checkPins reports pins that cannot apply to this plan.
func (e *engine) checkPins() plan.Errors {
	return e.checkSteps("pins", e.pinM, slices.Sorted(maps.Keys(e.pinD)))
}

// checkActuals reports actuals that cannot apply to this plan, and those
// dated after the as-of date the plan is read on when the plan has none of
// its own (plan.Validate checks them against the plan's own).
func (e *engine) checkActuals() plan.Errors {
	probs := e.checkSteps("actuals", e.actM, slices.Sorted(maps.Keys(e.actD)))
	if !e.p.AsOf.IsZero() || e.asOf.IsZero() {
		return probs
	}
	for _, step := range slices.Sorted(maps.Keys(e.actM)) {
		if m := e.actM[step]; m.End.After(e.asOf) {
			probs = append(probs, plan.Problem{Field: "actuals.meetings." + step, Message: fmt.Sprintf(
				"%s is recorded as taken at %s, which ends after today, %s: what has not happened yet is a pin, not an actual",
				plan.StepName(step), describe(m), e.asOf)})
		}
	}
	for _, step := range slices.Sorted(maps.Keys(e.actD)) {
		a := e.actD[step]
		last, field := a.Start, "actuals.dates."+step+".start"
		if !a.End.IsZero() {
			last, field = a.End, "actuals.dates."+step+".end"
		}
		if last.After(e.asOf) {
			probs = append(probs, plan.Problem{Field: field, Message: fmt.Sprintf(
				"The %s is recorded as done on %s, after today, %s: what has not happened yet is a pin, not an actual",
				plan.StepName(step), last, e.asOf)})
		}
	}
	return probs
}

// checkSteps reports the pins or actuals (kind) of steps the plan does not
// have, and meetings of the wrong kind for their step.
func (e *engine) checkSteps(kind string, meetings map[string]plan.Meeting, dates []string) plan.Errors {
	var probs plan.Errors
	verb := "pinned to"
	if kind == "actuals" {
		verb = "recorded at"
	}
	for _, step := range slices.Sorted(maps.Keys(meetings)) {
		path := kind + ".meetings." + step
		m := meetings[step]
		switch {
		case strings.HasSuffix(step, "-resolution"):
			if e.cor != (step == "dcor-resolution") {
				probs = append(probs, plan.Problem{Field: path, Message: fmt.Sprintf("%s: deliverable %q has no such step", plan.StepName(step), e.p.Deliverable)})
				continue
			}
			if strings.HasPrefix(step, "cd") && !e.cor && e.stage > 1 {
				probs = append(probs, plan.Problem{Field: path, Message: fmt.Sprintf("%s: the plan starts at %q, after this step", plan.StepName(step), e.p.Start.Stage)})
				continue
			}
		case step == "consent", step == "determination":
			if (step == "consent") != (e.process == plan.AAP) {
				probs = append(probs, plan.Problem{Field: path, Message: fmt.Sprintf("%s: the %s process has no such step (it uses %s)",
					plan.StepName(step), strings.ToUpper(string(e.process)), map[bool]string{true: "consent", false: "determination"}[e.process == plan.AAP])})
				continue
			}
			if e.cor && step == "determination" {
				probs = append(probs, plan.Problem{Field: path, Message: "Determination: a corrigendum under TAP has no determination (7.11.3)"})
				continue
			}
		}
		want, _ := plan.MeetingPin(step)
		if !slices.Contains(want.Kinds, m.Kind) {
			probs = append(probs, plan.Problem{Field: path, Message: fmt.Sprintf("%s is %s %s, a %s meeting; it needs a meeting of kind %s",
				plan.StepName(step), verb, describe(m), m.Kind, strings.Join(want.Kinds, " or "))})
		}
	}
	for _, step := range dates {
		path := kind + ".dates." + step
		switch step {
		case "cd-ballot":
			if e.cor || e.stage > 1 {
				probs = append(probs, plan.Problem{Field: path, Message: fmt.Sprintf("CD ballot: the plan starts at %q, after this step", e.p.Start.Stage)})
			}
		case "dcor-ballot":
			if !e.cor {
				probs = append(probs, plan.Problem{Field: path, Message: fmt.Sprintf("DCOR ballot: deliverable %q has no such step", e.p.Deliverable)})
			}
		case "cd2-ballot":
			if e.cor || e.stage > 1 {
				probs = append(probs, plan.Problem{Field: path, Message: "Second CD ballot: there is none after the plan's starting stage"})
			}
		case "dis-registration", "dis-ballot", "dis2-ballot":
			if e.cor {
				probs = append(probs, plan.Problem{Field: path, Message: fmt.Sprintf("%s: a corrigendum has no such step", plan.StepName(step))})
			} else if kind == "pins" && (step == "dis-registration" && e.stage >= 2 || step == "dis-ballot" && e.stage >= 3) {
				probs = append(probs, plan.Problem{Field: path, Message: fmt.Sprintf("%s: the starting stage %q already fixes this date", plan.StepName(step), e.p.Start.Stage)})
			}
		case "fdis-ballot":
			if e.dtr || e.cor {
				probs = append(probs, plan.Problem{Field: path, Message: fmt.Sprintf("FDIS ballot: deliverable %q has no FDIS ballot", e.p.Deliverable)})
			}
		case "lc", "ar":
			if e.process != plan.AAP {
				probs = append(probs, plan.Problem{Field: path, Message: plan.StepName(step) + ": the TAP process has no such step"})
			}
		}
	}
	return probs
}

// scenario schedules one scenario forward from the plan's start date.
func (e *engine) scenario(def scenarioDef, start caldate.Date) Scenario {
	sc := Scenario{ID: def.id, Label: def.label, Description: def.desc, Steps: []Step{}, Links: []Link{}, Flags: []Flag{}, Violations: []Violation{}}
	if why := e.ruledOut(def); why != "" {
		sc.Error, sc.RuledOut = why, true
		return sc
	}
	r := e.run(def, start)
	if r.err != nil {
		sc.Error = r.err.Error()
		return sc
	}
	sc.Steps = r.steps
	sc.Publication = r.publication
	r.statuses(sc.Steps)
	e.slip(&sc)
	sc.Links = e.links(&sc)
	sc.Flags = e.flags(&sc)
	sc.Violations = check(&sc)
	return sc
}

// backward finds the latest start date from which the scenario publishes by
// the target, by bisection: with the engine's earliest-feasible choices,
// publication never moves earlier when the start moves later.
//
// A followed plan (see startFact) has started: its start and its actuals
// are facts that no later start can move, so there is no latest start to
// find. The scenario is planned forward from what happened, and reaches
// the target or not.
func (e *engine) backward(def scenarioDef, target caldate.Date) Scenario {
	if e.followed {
		sc := e.scenario(def, e.p.Start.Date)
		reachable := sc.Error == "" && !sc.Publication.After(target)
		sc.Reachable = &reachable
		if !reachable && sc.Error == "" {
			sc.Error = fmt.Sprintf("publication by %s is not reachable: with what has happened, as of %s, publication is forecast for %s",
				target, e.asOf, sc.Publication)
		}
		return sc
	}
	var buf []Step
	pubBy := func(start caldate.Date) (caldate.Date, bool) {
		r := e.searchInto(def, start, buf[:0])
		buf = r.steps
		return r.publication, r.err == nil && !r.publication.After(target)
	}
	lo := target.AddMonths(-15 * 12)
	if lo.Year() < plan.MinYear {
		lo = caldate.Of(plan.MinYear, 1, 1)
	}
	hi := target
	reachable := false
	var latest caldate.Date
	if _, ok := pubBy(lo); ok {
		reachable = true
		for lo.Before(hi) {
			mid := lo.AddDays((hi.DaysSince(lo) + 1) / 2)
			if _, ok := pubBy(mid); ok {
				lo = mid
			} else {
				hi = mid.AddDays(-1)
			}
		}
		latest = lo
	}
	// Show the latest dates when the target is reachable, and otherwise
	// how late the plan's own start would publish.
	from := latest
	if !e.p.Start.Date.IsZero() {
		reachable = reachable && !e.p.Start.Date.After(latest)
		if !reachable {
			from = e.p.Start.Date
		}
	}
	if from.IsZero() {
		sc := Scenario{ID: def.id, Label: def.label, Description: def.desc, Steps: []Step{}, Links: []Link{}, Flags: []Flag{}, Violations: []Violation{}}
		sc.Error = fmt.Sprintf("publication by %s is not reachable with these calendars from any start on or after %s", target, target.AddMonths(-15*12))
		sc.Reachable = &reachable
		return sc
	}
	sc := e.scenario(def, from)
	sc.Reachable = &reachable
	sc.LatestStart = latest
	if !reachable && sc.Error == "" {
		if latest.IsZero() {
			sc.Error = fmt.Sprintf("publication by %s is not reachable with these calendars; from %s it is %s", target, from, sc.Publication)
		} else {
			sc.Error = fmt.Sprintf("publication by %s needs %s on or before %s; the plan has %s, which gives %s",
				target, e.p.Start.Stage, latest, from, sc.Publication)
		}
	}
	return sc
}
