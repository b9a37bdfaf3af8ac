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
	"strings"
	"time"

	"github.com/commontext/commontext/engine/caldate"
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
}

// ScenarioRef names a scenario.
type ScenarioRef struct {
	ID          string       `json:"id"`
	Label       string       `json:"label"`
	Publication caldate.Date `json:"publication,omitzero"`
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
		return Result{Problems: problems(fmt.Errorf("link: %w", err))}
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
	for _, sc := range s.Scenarios {
		r.Scenarios = append(r.Scenarios, ScenarioRef{ID: sc.ID, Label: sc.Label, Publication: sc.Publication})
	}
	if o.Scenario != "" {
		if _, ok := s.Scenario(o.Scenario); !ok {
			o.Scenario = ""
		}
	}
	r.HTML = planview.Render(s, planview.Options{Scenario: o.Scenario, Clauses: o.Clauses, Today: o.Today})
	return r
}

// Export returns the plan's schedule as "ics" or "csv". (Schedule JSON is
// for programs: the CLI and the Worker's API write it; the page does not,
// which keeps encoding/json out of its WebAssembly.)
//
// A calendar holds one scenario, the one the reader is looking at (the
// first when scenario is empty or unknown): the scenarios are alternative
// futures, and a calendar holding them all contradicts itself. With
// scenario "all" it holds every scenario, each event's summary then naming
// its scenario.
func Export(planJSON []byte, format, scenario string, now time.Time) (string, error) {
	p, err := plan.Parse(planJSON)
	if err != nil {
		return "", err
	}
	s, err := schedule.New(p, schedule.Options{})
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	switch format {
	case "ics":
		o := ics.Options{Now: now}
		if scenario != AllScenarios {
			o.Scenarios = []string{s.Scenarios[0].ID}
			if _, ok := s.Scenario(scenario); ok {
				o.Scenarios[0] = scenario
			}
		}
		err = ics.Write(&b, s, o)
	case "csv":
		err = s.WriteCSV(&b)
	default:
		return "", fmt.Errorf("format %q: want ics or csv", format)
	}
	return b.String(), err
}

// AllScenarios asks Export for every scenario.
const AllScenarios = "all"

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
	Ours     []string  `json:"ours,omitempty"`
	Problems []Problem `json:"problems,omitempty"`
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
	if calendar != "itu" && calendar != "jtc1" && calendar != "ct" {
		return Imported{Problems: []Problem{{Field: "calendar", Message: fmt.Sprintf("There is no calendar %q (choose itu, jtc1 or ct)", calendar)}}}
	}
	out := Imported{Meetings: []plan.Meeting{}}
	for i, e := range evs {
		m := plan.Meeting{Body: e.Summary, Start: e.Start, End: e.End, Place: e.Location}
		words := " " + strings.ToUpper(e.Summary) + " "
		switch calendar {
		case "itu":
			m.Kind = plan.KindSG
			if strings.Contains(words, " WP") {
				m.Kind = plan.KindWP
			}
		case "jtc1":
			m.Kind = plan.KindSC
			if strings.Contains(words, " WG") {
				m.Kind = plan.KindWG
			}
		default:
			m.Kind = plan.KindCT
		}
		key := e.UID
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
			w.Str(s.ID)
			w.Key("label")
			w.Str(s.Label)
			if !s.Publication.IsZero() {
				w.Key("publication")
				w.Str(s.Publication.String())
			}
			w.EndObject()
		}
		w.EndArray()
	}
	writeProblems(w, r.Problems)
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
	writeProblems(w, im.Problems)
	w.EndObject()
	return w.String()
}

func writeProblems(w *jsonw.Writer, ps []Problem) {
	if len(ps) == 0 {
		return
	}
	w.Key("problems")
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
