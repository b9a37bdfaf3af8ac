// Package planpage is what the planner page asks of the engine, with plain
// strings in and out: a plan file in, the rendered results, the plan's URL
// state and its downloads out. It holds no state and no syscall/js, so the
// WebAssembly bridge (wasm/) stays a thin adapter and everything here is
// tested natively.
package planpage

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/export"
	"github.com/commontext/commontext/engine/ics"
	"github.com/commontext/commontext/engine/internal/jsonw"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/planview"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/engine/urlstate"
)

// Problem is one thing wrong with the input: the plan package's Problem,
// so the page, the CLI and the API report faults in one form.
type Problem = plan.Problem

// Result is the answer to Compute.
type Result struct {
	// Plan is the plan as the engine read it, when the page needs it back:
	// when it came from a link, or had no ID yet and was given one (which
	// the page must then keep).
	Plan []byte `json:"plan,omitempty"` // JSON
	// State is the plan's URL fragment, when Options.State asks for it.
	State string `json:"state,omitempty"`
	// HTML is the rendered results (see planview).
	HTML string `json:"html,omitempty"`
	// Scenarios are the IDs and labels of the scenarios, for the page's
	// scenario picker.
	Scenarios []ScenarioRef `json:"scenarios,omitempty"`
	// Problems say why there are no results: a bad plan (each problem
	// names its field) or a calendar that cannot be scheduled.
	Problems []Problem `json:"problems,omitempty"`
	// Pins are what the page marks at a pinned field of a plan that was
	// planned, as invalid: each rule the pinned date breaks in the scenario
	// shown. PinNotes are said beside a pinned field without marking it:
	// which scenarios a pin applies to when the scenario shown lacks its
	// step. Neither stops the results being shown.
	Pins     []Problem `json:"pins,omitempty"`
	PinNotes []Problem `json:"pin_notes,omitempty"`
}

// ScenarioRef names a scenario.
type ScenarioRef struct {
	ID          schedule.ScenarioID `json:"id"`
	Label       string              `json:"label"`
	Publication caldate.Date        `json:"publication,omitzero"`
	// Option is the scenario as the page's picker names it, with its
	// publication, which is "not valid" when its dates break rules.
	Option string `json:"option"`
}

// Options are the page's view settings, which are not part of the plan.
type Options struct {
	// State asks for the plan's URL fragment too. Encoding it is a third
	// of a recompute's time in the browser, so the page asks for it once
	// the reader pauses rather than on every keystroke (see State).
	State bool
	// Plan asks for the plan back even when it had an ID: for a plan the
	// page reads from a file, storage or a preset, to fill its form.
	Plan     bool
	Scenario string       // scenario to show; empty: the first
	Today    caldate.Date // marked on the timeline when set
	Clauses  string       // URL prefix of clause permalinks, e.g. "/c/"
}

// Compute reads a plan file, or the plan the page's form builds, and plans
// it. A duration override may be written in words ("6 weeks"); the plan is
// then given back with it in the compact form ("6w"), which the page keeps.
func Compute(planJSON []byte, o Options) Result {
	p, normalised, err := plan.ParseTyped(planJSON)
	if err != nil {
		return Result{Problems: problems(err)}
	}
	return compute(p, p.EnsureID() || o.Plan || normalised, o)
}

// State returns the URL fragment of a plan file.
func State(planJSON []byte) Result {
	p, err := plan.Parse(planJSON)
	if err != nil {
		return Result{Problems: problems(err)}
	}
	s, err := urlstate.Encode(p)
	if err != nil {
		return Result{Problems: problems(err)}
	}
	return Result{State: s}
}

// FromState decodes a URL fragment and plans it.
func FromState(state string, o Options) Result {
	p, err := urlstate.Decode(state)
	if err != nil {
		var pe plan.Errors
		if errors.As(err, &pe) {
			return Result{Problems: pe}
		}
		// The link itself: damaged, too long, from another version. Its
		// message is for people ("This link is damaged: …").
		return Result{Problems: []Problem{{Field: "link", Message: err.Error()}}}
	}
	p.EnsureID()
	return compute(p, true, o)
}

func compute(p *plan.Plan, needPlan bool, o Options) Result {
	var r Result
	var err error
	if needPlan {
		if r.Plan, err = plan.MarshalCompact(p); err != nil {
			return Result{Problems: problems(err)}
		}
	}
	if o.State {
		if r.State, err = urlstate.Encode(p); err != nil {
			return Result{Problems: problems(err)}
		}
	}
	s, err := schedule.New(p, schedule.Options{AsOf: o.Today}) // as of today, unless the plan says
	if err != nil {
		r.Problems = problems(err)
		return r
	}
	for i := range s.Scenarios {
		sc := &s.Scenarios[i]
		r.Scenarios = append(r.Scenarios, ScenarioRef{ID: sc.ID, Label: sc.Label, Publication: sc.Publication, Option: option(sc)})
	}
	shown := schedule.ScenarioID(o.Scenario) // the page's word
	if _, ok := s.Scenario(shown); !ok {
		shown = ""
	}
	r.Pins, r.PinNotes = pinMarks(p, s, o.Scenario)
	r.PinNotes = append(r.PinNotes, pinEffects(p, s, o)...)
	r.HTML = planview.Render(s, planview.Options{Scenario: shown, Clauses: o.Clauses, Today: o.Today})
	return r
}

// option names a scenario in the page's picker.
func option(sc *schedule.Scenario) string {
	switch n := sc.Broken(); {
	case sc.Error != "":
		return sc.Label + " (cannot be scheduled)"
	case n == 1:
		return fmt.Sprintf("%s (publication %s, breaks 1 rule: not valid)", sc.Label, sc.Publication)
	case n > 1:
		return fmt.Sprintf("%s (publication %s, breaks %d rules: not valid)", sc.Label, sc.Publication, n)
	}
	return fmt.Sprintf("%s (publication %s)", sc.Label, sc.Publication)
}

// pinMarks says, at each pinned date, what the scenario shown (id; empty:
// the first) makes of it: the rules its date breaks there, in the rule
// check's words (broken), or, when the scenario has no such step, the
// scenarios the pin applies to (notes).
func pinMarks(p *plan.Plan, s *schedule.Schedule, id string) (broken, notes []Problem) {
	pins := pinned(p)
	if len(pins) == 0 || len(s.Scenarios) == 0 {
		return nil, nil
	}
	shown := &s.Scenarios[0]
	if id != "" {
		shown, _ = s.Scenario(schedule.ScenarioID(id))
	}
	for _, pin := range pins {
		field, step := pin.field, pin.step
		if i := slices.IndexFunc(shown.Steps, func(st schedule.Step) bool { return st.ID == step }); i >= 0 {
			for _, v := range shown.Violations {
				if v.Step == step && v.Severity == "error" {
					broken = append(broken, Problem{Field: field, Message: fmt.Sprintf("Breaks rule %s (clause %s) in %s: %s", v.Rule, v.Clause, shown.Label, v.Message)})
				}
			}
			continue
		}
		var in []string
		for i := range s.Scenarios {
			if slices.ContainsFunc(s.Scenarios[i].Steps, func(st schedule.Step) bool { return st.ID == step }) {
				in = append(in, s.Scenarios[i].Label)
			}
		}
		what := plan.StepName(step)
		if len(in) == 0 {
			notes = append(notes, Problem{Field: field, Message: fmt.Sprintf("No scenario of this plan has the step %s: the pin changes nothing.", what)})
		} else {
			notes = append(notes, Problem{Field: field, Message: fmt.Sprintf("The scenario shown (%s) has no %s: this pin applies to %s.", shown.Label, what, strings.Join(in, ", "))})
		}
	}
	return broken, notes
}

// pinEffects says what each pinned date changes: the publication of the
// scenario shown with the pin and without it (the plan planned again
// without that one pin), e.g. "publication 2028-03-15 → 2028-05-10".
func pinEffects(p *plan.Plan, s *schedule.Schedule, o Options) []Problem {
	pins := pinned(p)
	if len(pins) == 0 || len(s.Scenarios) == 0 {
		return nil
	}
	shown := &s.Scenarios[0]
	if o.Scenario != "" {
		shown, _ = s.Scenario(schedule.ScenarioID(o.Scenario))
	}
	if shown.Error != "" {
		return nil
	}
	var out []Problem
	for _, pin := range pins {
		step := pin.step
		if !slices.ContainsFunc(shown.Steps, func(st schedule.Step) bool { return st.ID == step }) {
			continue
		}
		q := *p
		q.Pins.Dates = maps.Clone(p.Pins.Dates)
		q.Pins.Meetings = maps.Clone(p.Pins.Meetings)
		if pin.meeting {
			delete(q.Pins.Meetings, step)
		} else {
			delete(q.Pins.Dates, step)
		}
		without, err := schedule.New(&q, schedule.Options{AsOf: o.Today})
		if err != nil {
			continue
		}
		was, ok := without.Scenario(shown.ID)
		if !ok || was.Error != "" {
			continue
		}
		msg := fmt.Sprintf("This pin moves the publication of %s: %s → %s", shown.Label, was.Publication, shown.Publication)
		if was.Publication == shown.Publication {
			msg = fmt.Sprintf("This pin leaves the publication of %s at %s", shown.Label, shown.Publication)
		}
		if n := shown.Broken(); n > 0 {
			msg += fmt.Sprintf(", which breaks %d rule%s and is not valid", n, map[bool]string{true: "", false: "s"}[n == 1])
		}
		out = append(out, Problem{Field: pin.field, Message: msg + "."})
	}
	return out
}

// pin is one pin of a plan: the field that holds it and its step.
type pin struct {
	field, step string
	meeting     bool // pinned to a meeting, not a date
}

// pinned lists the plan's pins, meetings first, each kind by step.
func pinned(p *plan.Plan) []pin {
	var out []pin
	for _, step := range slices.Sorted(maps.Keys(p.Pins.Meetings)) {
		out = append(out, pin{"pins.meetings." + step, step, true})
	}
	for _, step := range slices.Sorted(maps.Keys(p.Pins.Dates)) {
		out = append(out, pin{"pins.dates." + step, step, false})
	}
	return out
}

// Export returns the plan's schedule as "ics" or "csv" (ExportOptions
// with no planner address: the events carry no link).
func Export(planJSON []byte, format, scenario string, now time.Time) (string, error) {
	return ExportFor(planJSON, ExportOptions{Format: format, Scenario: scenario, Now: now})
}

// ExportOptions are the page's download menu's choices.
type ExportOptions struct {
	Format   string // "ics" or "csv"
	Scenario string // the scenario shown; empty or unknown: the first; "all" for every one
	// Planner is the page's own address (without its fragment): calendar
	// events link back to the plan there.
	Planner string
	Now     time.Time
}

// ExportFor returns the plan's schedule as "ics" or "csv", through the
// engine's front door, as the CLI and the API write them. (Schedule JSON
// is for programs: the CLI and the Worker's API write it; the page does
// not, which keeps encoding/json out of its WebAssembly.)
//
// A download holds one scenario, the one the reader is looking at (the
// first when scenario is empty or unknown): the scenarios are alternative
// futures, and a calendar holding them all contradicts itself. With
// scenario "all" it holds every scenario, each event's summary then naming
// its scenario.
func ExportFor(planJSON []byte, o ExportOptions) (string, error) {
	eo := export.Options{Format: o.Format, Scenarios: o.Scenario, IDs: export.ContentID, Planner: o.Planner, Now: o.Now}
	formats := export.Downloads()
	r, err := formats.Run(planJSON, eo)
	var e *export.Error
	if errors.As(err, &e) && e.Fault == export.BadOption && e.Problems[0].Field == export.FieldScenario {
		eo.Scenarios = "" // a scenario this plan does not have: the first
		r, err = formats.Run(planJSON, eo)
	}
	if err != nil {
		return "", err
	}
	return string(r.Output), nil
}

// problems lists err's problems, each with its field when it has one.
func problems(err error) []Problem {
	var pe plan.Errors
	if errors.As(err, &pe) {
		return pe
	}
	var one plan.Problem
	if errors.As(err, &one) {
		return []Problem{one}
	}
	return []Problem{{Message: err.Error()}}
}

// Imported is the answer to ImportMeetings.
type Imported struct {
	Meetings []plan.Meeting `json:"meetings,omitempty"`
	// Ours lists the meetings read from events this planner exported (by
	// their UIDs): steps of a plan, not meetings, which the page offers
	// unticked.
	Ours []string `json:"ours,omitempty"`
	// Guesses holds, for each meeting, the kind its summary names (any
	// calendar's: "sg", "wp", "sc", "wg", "ct"), or "" when it names none;
	// a meeting's Kind is its guess when the calendar has that kind, else
	// the calendar's first. The page offers every kind of the calendar.
	Guesses  []string  `json:"guesses,omitempty"`
	Problems []Problem `json:"problems,omitempty"`
}

// calendarKinds are the kinds each calendar holds, its default first.
var calendarKinds = map[plan.Calendar][]string{
	plan.CalendarITU:  {plan.KindSG, plan.KindWP},
	plan.CalendarJTC1: {plan.KindSC, plan.KindWG},
	plan.CalendarCT:   {plan.KindCT},
}

// kindWords name the kind of meeting a calendar event's summary names, the
// most specific first: a Collaborative Team (JCT-VC, JVET, "joint
// collaborative team") meets for both organisations; a Working Party or a
// Working Group is a meeting within a Study Group or a Subcommittee. Each
// entry is a run of whole words of the summary, upper-cased, with letters
// and digits split ("SG17" reads as "SG 17").
var kindWords = []struct {
	kind  string
	words []string
}{
	{plan.KindCT, []string{"JCT", "JVET", "JCTVC", "JCT3V", "CT", "COLLABORATIVE TEAM", "JOINT TEAM"}},
	{plan.KindWP, []string{"WP", "WORKING PARTY"}},
	{plan.KindWG, []string{"WG", "WORKING GROUP"}},
	{plan.KindSG, []string{"SG", "STUDY GROUP"}},
	{plan.KindSC, []string{"SC", "SUBCOMMITTEE", "SUB COMMITTEE"}},
}

// GuessKind reads the kind of meeting a calendar event's summary names
// ("SC 27/WG 5 interim meeting" is a WG meeting, "ITU-T SG17" an SG
// meeting, "JVET-AB" a CT meeting), or "" when it names none.
func GuessKind(summary string) string {
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, string(cur))
			cur = cur[:0]
		}
	}
	prev := 0 // 1 letter, 2 digit
	for _, r := range strings.ToUpper(summary) {
		kind := 0
		switch {
		case r >= 'A' && r <= 'Z':
			kind = 1
		case r >= '0' && r <= '9':
			kind = 2
		}
		if kind == 0 || (prev != 0 && kind != prev) {
			flush()
		}
		if kind != 0 {
			cur = append(cur, r)
		}
		prev = kind
		if len(words) > 64 {
			break // a summary's first words name its body
		}
	}
	flush()
	text := " " + strings.Join(words, " ") + " "
	// JCT-VC and JCT-3V read as JCT; "ISO/IEC JTC 1" is not a team.
	for _, k := range kindWords {
		for _, w := range k.words {
			if strings.Contains(text, " "+w+" ") {
				return k.kind
			}
		}
	}
	return ""
}

// ImportMeetings reads the events of an iCalendar file as meetings of a
// calendar: "itu" (a summary naming a WP makes a Working Party meeting,
// else a Study Group), "jtc1" (WG, else SC) or "ct". A meeting's ID derives
// from the event's UID, so importing the same file again finds the same
// meetings.
func ImportMeetings(icsText []byte, calendar string) Imported {
	evs, err := ics.ReadEvents(bytes.NewReader(icsText))
	if err != nil {
		return Imported{Problems: []Problem{{Field: "file", Message: err.Error()}}}
	}
	cal := plan.Calendar(calendar)
	if !slices.Contains(plan.CalendarIDs, cal) {
		return Imported{Problems: []Problem{{Field: "calendar", Message: fmt.Sprintf("There is no calendar %q (choose itu, jtc1 or ct)", calendar)}}}
	}
	out := Imported{Meetings: []plan.Meeting{}}
	for i, e := range evs {
		m := plan.Meeting{Body: e.Summary, Start: e.Start, End: e.End, Place: e.Location}
		guess := GuessKind(e.Summary)
		m.Kind = calendarKinds[cal][0]
		if slices.Contains(calendarKinds[cal], guess) {
			m.Kind = guess
		}
		out.Guesses = append(out.Guesses, guess)
		key := e.UID
		if e.RecurrenceID != "" {
			// An overridden occurrence shares its UID with the event it
			// overrides, and is a meeting of its own.
			key += "\x00" + e.RecurrenceID
		}
		if key == "" {
			key = fmt.Sprintf("%d/%s/%s", i, e.Start, e.Summary)
		}
		m.ID = "ics-" + ics.UID("", calendar, key)[:8]
		out.Meetings = append(out.Meetings, m)
		if strings.HasSuffix(e.UID, ourUIDs) {
			out.Ours = append(out.Ours, m.ID)
		}
	}
	return out
}

// ourUIDs ends the UID of every event this planner exports (see ics.UID).
var ourUIDs = ics.UID("", "", "")[strings.LastIndex(ics.UID("", "", ""), "@"):]

// JSON returns the result as the page reads it.
func (r Result) JSON() string {
	w := jsonw.New("")
	w.BeginObject()
	if len(r.Plan) > 0 {
		w.Key("plan")
		w.Raw(r.Plan)
	}
	if r.State != "" {
		w.Key("state")
		w.Str(r.State)
	}
	if r.HTML != "" {
		w.Key("html")
		w.Str(r.HTML)
	}
	if len(r.Scenarios) > 0 {
		w.Key("scenarios")
		w.BeginArray()
		for _, s := range r.Scenarios {
			w.BeginObject()
			w.Key("id")
			w.Str(string(s.ID))
			w.Key("label")
			w.Str(s.Label)
			if !s.Publication.IsZero() {
				w.Key("publication")
				w.Str(s.Publication.String())
			}
			w.Key("option")
			w.Str(s.Option)
			w.EndObject()
		}
		w.EndArray()
	}
	writeProblems(w, "problems", r.Problems)
	writeProblems(w, "pins", r.Pins)
	writeProblems(w, "pin_notes", r.PinNotes)
	w.EndObject()
	return w.String()
}

// JSON returns the imported meetings as the page reads them.
func (im Imported) JSON() string {
	w := jsonw.New("")
	w.BeginObject()
	w.Key("meetings")
	w.BeginArray()
	for _, m := range im.Meetings {
		m.WriteJSON(w)
	}
	w.EndArray()
	if len(im.Ours) > 0 {
		w.Key("ours")
		w.BeginArray()
		for _, id := range im.Ours {
			w.Str(id)
		}
		w.EndArray()
	}
	if len(im.Guesses) > 0 {
		w.Key("guesses")
		w.BeginArray()
		for _, g := range im.Guesses {
			w.Str(g)
		}
		w.EndArray()
	}
	writeProblems(w, "problems", im.Problems)
	w.EndObject()
	return w.String()
}

func writeProblems(w *jsonw.Writer, key string, ps []Problem) {
	if len(ps) == 0 {
		return
	}
	w.Key(key)
	w.BeginArray()
	for _, p := range ps {
		w.BeginObject()
		w.Key("field")
		w.Str(p.Field)
		w.Key("message")
		w.Str(p.Message)
		w.EndObject()
	}
	w.EndArray()
}

// Object returns the JSON object {key: value}: the small answers the
// browser bridge gives (a text to download, an error) with the engine's own
// writer, so the WebAssembly carries no JSON encoder.
func Object(key, value string) string {
	w := jsonw.New("")
	w.BeginObject()
	w.Key(key)
	w.Str(value)
	w.EndObject()
	return w.String()
}
