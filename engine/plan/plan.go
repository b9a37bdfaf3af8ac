// Package plan defines the plan file: what is being approved, by which
// processes, with which meeting calendars, and from which starting point.
//
// A plan is JSON with a "version" (currently 1) and a JSON Schema,
// plan.schema.json, embedded as Schema. Decoding is strict because a plan
// drives dates people act on: an unknown field, a duplicate key, trailing
// data or a date that does not exist is an error, never silently dropped, and
// every problem is reported as a Problem: the path of the field it concerns,
// for programs, and a sentence in the user's words, for people:
//
//	meetings.itu[3].end: Meeting 4 of the ITU-T calendar ends before it starts (2026-05-10 is before 2026-05-12)
//
// A plan carries a UUID that is created once (EnsureID) and then kept, so
// that calendar events exported from it keep their identity when the plan
// changes.
package plan

import (
	_ "embed"
	"maps"
	"slices"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/internal/jsonw"
	"github.com/commontext/commontext/engine/internal/uid"
	"github.com/commontext/commontext/engine/limits"
	"github.com/commontext/commontext/engine/rules"
)

// Version is the plan format version this package reads and writes.
const Version = 1

// MaxSize is the largest plan Decode accepts, in bytes (engine/limits
// holds the table of every way in). A plan with a few hundred meetings is
// well under 100 KiB.
const MaxSize = limits.PlanBytes

// Schema is the JSON Schema (draft 2020-12) of the plan format.
//
//go:embed plan.schema.json
var Schema []byte

// Deliverable is what is being approved.
type Deliverable string

// The deliverables of Table 3 of the guide (clause 3.2).
const (
	IS          Deliverable = "is"  // International Standard: CD → DIS → FDIS
	Amendment   Deliverable = "amd" // Amendment: PDAM → DAM → FDAM
	TR          Deliverable = "tr"  // Technical Report: PDTR → DTR
	TS          Deliverable = "ts"  // Technical Specification: PDTS → DTS
	Corrigendum Deliverable = "cor" // Technical Corrigendum: defect → DCOR
)

// Deliverables lists the valid deliverables.
var Deliverables = []Deliverable{IS, Amendment, TR, TS, Corrigendum}

// Process is the ITU-T approval process (clause 3.1).
type Process string

const (
	AAP Process = "aap" // Alternative Approval Process (3.1.2)
	TAP Process = "tap" // Traditional Approval Process (3.1.1)
)

// Mode is the mode of collaboration.
type Mode string

const (
	CollaborativeTeam        Mode = "ct" // clause 8
	CollaborativeInterchange Mode = "ci" // clause 7
)

// Stage is the point a plan starts from.
type Stage string

// Starting points. "cd" stands for the committee-stage ballot of the
// deliverable (CD, PDAM, PDTR or PDTS) and "dis" for the enquiry-stage one
// (DIS, DAM, DTR or DTS).
const (
	CDBallotOpens    Stage = "cd-ballot-opens"
	CDBallotCloses   Stage = "cd-ballot-closes"
	DISRegistered    Stage = "dis-registered"
	DISBallotOpens   Stage = "dis-ballot-opens"
	DISBallotCloses  Stage = "dis-ballot-closes"
	DCORBallotOpens  Stage = "dcor-ballot-opens"
	DCORBallotCloses Stage = "dcor-ballot-closes"
)

// StagesFor returns the starting points that apply to a deliverable.
func StagesFor(d Deliverable) []Stage {
	if d == Corrigendum {
		return []Stage{DCORBallotOpens, DCORBallotCloses}
	}
	return []Stage{CDBallotOpens, CDBallotCloses, DISRegistered, DISBallotOpens, DISBallotCloses}
}

// Plan is a plan file.
type Plan struct {
	Version int      `json:"version"`
	ID      uid.UUID `json:"id,omitzero"`
	Title   string   `json:"title,omitempty"`
	// ShortName names the plan where space is short: the start of each
	// calendar event's summary, the plan column of a spreadsheet. Without
	// it, a short name is taken from the title.
	ShortName   string       `json:"short_name,omitempty"`
	Deliverable Deliverable  `json:"deliverable"`
	Process     Process      `json:"itu_process"`
	Mode        Mode         `json:"mode"`
	Start       Start        `json:"start"`
	Target      caldate.Date `json:"target,omitzero"` // plan backward from this publication date
	// AsOf is the day the plan is read: meetings that start before it are
	// past and never chosen. Unlike the start date, it says nothing about
	// the text: a meeting before the start date at which the guide's
	// conditions already hold may still be chosen.
	AsOf  caldate.Date `json:"as_of,omitzero"`
	Rules RuleChoice   `json:"rules,omitzero"`
	Pins  Pins         `json:"pins,omitzero"`
	// Actuals record what has happened; the engine plans only what
	// remains after them. An actual overrides a pin on the same step.
	Actuals Actuals `json:"actuals,omitzero"`
	// Baseline is a forecast kept inside the plan so that it travels with
	// the file and the link, to measure slip against.
	Baseline *Baseline `json:"baseline,omitempty"`
	// Revision counts the plan's saved changes. Exported calendar events
	// carry it as their SEQUENCE, so that subscribed calendars move them
	// instead of adding copies: the CLI, the API and the feed keep no state.
	Revision int       `json:"revision,omitempty"`
	Meetings Calendars `json:"meetings"`
}

// Actuals are facts, unlike Pins, which are intentions: a step that was done
// with its actual dates, or a meeting decision with the meeting where it was
// actually taken. Keys are step IDs of the schedule, as for Pins.
type Actuals struct {
	Meetings map[string]string `json:"meetings,omitempty"` // step ID → the meeting it happened at
	Dates    map[string]Actual `json:"dates,omitempty"`    // step ID → when it happened
}

// Actual is when a step happened: its first and last day (End is Start for
// a point in time, and may be left out then).
type Actual struct {
	Start caldate.Date `json:"start"`
	End   caldate.Date `json:"end,omitzero"`
}

// Baseline is the forecast of one scenario kept as it was on the day it was
// set. It stores milestones by step ID, not labels, to keep a plan small
// enough for a calendar feed's address.
type Baseline struct {
	Set        caldate.Date            `json:"set"`        // the day it was set
	Scenario   string                  `json:"scenario"`   // the scenario it was taken from
	Milestones map[string]caldate.Date `json:"milestones"` // step ID → the day the step was forecast to end
}

// Start is where planning starts: a stage and the date it happens, e.g. the
// CD ballot opens on 2026-03-02. The date may be left out when the plan has
// a Target.
type Start struct {
	Stage Stage        `json:"stage"`
	Date  caldate.Date `json:"date,omitzero"`
}

// RuleChoice names the rule set and overrides some of its durations.
type RuleChoice struct {
	Set       string                    `json:"set,omitempty"`
	Overrides map[string]rules.Duration `json:"overrides,omitempty"`
}

// Pins fix meeting choices or dates by hand. Keys are step IDs of the
// schedule (for example "consent" or "dis-ballot"); a pinned date is the
// date the step starts.
type Pins struct {
	Meetings map[string]string       `json:"meetings,omitempty"`
	Dates    map[string]caldate.Date `json:"dates,omitempty"`
}

// Calendar identifies one of a plan's meeting calendars, as the plan
// file's "meetings" object keys it.
type Calendar string

// The calendars, in the order a plan file writes them (CalendarIDs).
const (
	CalendarITU  Calendar = "itu"  // ITU-T SG and WP meetings
	CalendarJTC1 Calendar = "jtc1" // JTC 1 SC and WG meetings
	CalendarCT   Calendar = "ct"   // Collaborative Team meetings
)

// CalendarIDs are the calendars in the order a plan file writes them.
var CalendarIDs = []Calendar{CalendarITU, CalendarJTC1, CalendarCT}

// Name is the calendar in words: "ITU-T", "JTC 1" or "CT".
func (c Calendar) Name() string {
	switch c {
	case CalendarITU:
		return "ITU-T"
	case CalendarJTC1:
		return "JTC 1"
	case CalendarCT:
		return "CT"
	}
	return string(c)
}

// Calendars are the meetings the engine may choose from.
type Calendars struct {
	ITU  []Meeting `json:"itu"`          // ITU-T SG and WP meetings
	JTC1 []Meeting `json:"jtc1"`         // JTC 1 SC and WG meetings
	CT   []Meeting `json:"ct,omitempty"` // Collaborative Team meetings
}

// Meeting kinds.
const (
	KindSG = "sg" // ITU-T Study Group
	KindWP = "wp" // ITU-T Working Party
	KindSC = "sc" // JTC 1 Subcommittee
	KindWG = "wg" // JTC 1 Working Group
	KindCT = "ct" // Collaborative Team
)

// Meeting is one meeting of a calendar. A decision taken at a meeting dates
// from its last day (End); a deadline before a meeting counts back from its
// first day (Start).
type Meeting struct {
	ID    string       `json:"id"`
	Body  string       `json:"body,omitempty"` // e.g. "ITU-T SG17", "ISO/IEC JTC 1/SC 27"
	Kind  string       `json:"kind"`
	Start caldate.Date `json:"start"`
	End   caldate.Date `json:"end"`
	Place string       `json:"place,omitempty"`
}

// Side returns "itu-t", "jtc1" or "joint" for the meeting kind.
func (m Meeting) Side() string {
	switch m.Kind {
	case KindSG, KindWP:
		return "itu-t"
	case KindSC, KindWG:
		return "jtc1"
	}
	return "joint"
}

// All returns every meeting of the calendars, ITU-T first, then JTC 1, then
// CT, each in file order.
func (c *Calendars) All() []Meeting {
	all := make([]Meeting, 0, len(c.ITU)+len(c.JTC1)+len(c.CT))
	all = append(all, c.ITU...)
	all = append(all, c.JTC1...)
	return append(all, c.CT...)
}

// Find returns the meeting with the ID.
func (c *Calendars) Find(id string) (Meeting, bool) {
	for _, g := range [][]Meeting{c.ITU, c.JTC1, c.CT} {
		for _, m := range g {
			if m.ID == id {
				return m, true
			}
		}
	}
	return Meeting{}, false
}

// New returns an empty plan of the current version with a fresh ID.
func New() *Plan {
	return &Plan{Version: Version, ID: uid.New()}
}

// EnsureID gives the plan a random UUID if it has none, and reports whether
// it did. The ID is then meant to be saved with the plan and kept.
func (p *Plan) EnsureID() bool {
	if p.ID != uid.Nil {
		return false
	}
	p.ID = uid.New()
	return true
}

// Marshal returns the plan as indented JSON, the form to save.
func Marshal(p *Plan) ([]byte, error) {
	return append(p.appendJSON("  "), '\n'), nil
}

// MarshalCompact returns the plan as JSON without insignificant white
// space, the form to compress into a URL.
func MarshalCompact(p *Plan) ([]byte, error) { return p.appendJSON(""), nil }

// appendJSON writes the plan by hand, byte for byte as encoding/json would
// from its struct tags (TestMarshalMatchesEncodingJSON and FuzzDecodePlan
// check that), so that the planner's WebAssembly needs no encoding/json.
func (p *Plan) appendJSON(indent string) []byte {
	w := jsonw.New(indent)
	w.BeginObject()
	w.Key("version")
	w.Int(p.Version)
	if p.ID != uid.Nil {
		w.Key("id")
		w.Str(p.ID.String())
	}
	if p.Title != "" {
		w.Key("title")
		w.Str(p.Title)
	}
	if p.ShortName != "" {
		w.Key("short_name")
		w.Str(p.ShortName)
	}
	w.Key("deliverable")
	w.Str(string(p.Deliverable))
	w.Key("itu_process")
	w.Str(string(p.Process))
	w.Key("mode")
	w.Str(string(p.Mode))
	w.Key("start")
	w.BeginObject()
	w.Key("stage")
	w.Str(string(p.Start.Stage))
	if !p.Start.Date.IsZero() {
		w.Key("date")
		w.Str(p.Start.Date.String())
	}
	w.EndObject()
	if !p.Target.IsZero() {
		w.Key("target")
		w.Str(p.Target.String())
	}
	if !p.AsOf.IsZero() {
		w.Key("as_of")
		w.Str(p.AsOf.String())
	}
	if p.Rules.Set != "" || p.Rules.Overrides != nil {
		w.Key("rules")
		w.BeginObject()
		if p.Rules.Set != "" {
			w.Key("set")
			w.Str(p.Rules.Set)
		}
		if len(p.Rules.Overrides) > 0 {
			w.Key("overrides")
			writeSorted(w, p.Rules.Overrides, rules.Duration.String)
		}
		w.EndObject()
	}
	if p.Pins.Meetings != nil || p.Pins.Dates != nil {
		w.Key("pins")
		w.BeginObject()
		if len(p.Pins.Meetings) > 0 {
			w.Key("meetings")
			writeSorted(w, p.Pins.Meetings, same)
		}
		if len(p.Pins.Dates) > 0 {
			w.Key("dates")
			writeSorted(w, p.Pins.Dates, caldate.Date.String)
		}
		w.EndObject()
	}
	if p.Actuals.Meetings != nil || p.Actuals.Dates != nil {
		w.Key("actuals")
		w.BeginObject()
		if len(p.Actuals.Meetings) > 0 {
			w.Key("meetings")
			writeSorted(w, p.Actuals.Meetings, same)
		}
		if len(p.Actuals.Dates) > 0 {
			w.Key("dates")
			w.BeginObject()
			for _, k := range slices.Sorted(maps.Keys(p.Actuals.Dates)) {
				a := p.Actuals.Dates[k]
				w.Key(k)
				w.BeginObject()
				w.Key("start")
				w.Str(a.Start.String())
				if !a.End.IsZero() {
					w.Key("end")
					w.Str(a.End.String())
				}
				w.EndObject()
			}
			w.EndObject()
		}
		w.EndObject()
	}
	if b := p.Baseline; b != nil {
		w.Key("baseline")
		w.BeginObject()
		w.Key("set")
		w.Str(b.Set.String())
		w.Key("scenario")
		w.Str(b.Scenario)
		w.Key("milestones")
		if b.Milestones == nil {
			w.Null()
		} else {
			writeSorted(w, b.Milestones, caldate.Date.String)
		}
		w.EndObject()
	}
	if p.Revision != 0 {
		w.Key("revision")
		w.Int(p.Revision)
	}
	w.Key("meetings")
	w.BeginObject()
	writeMeetings(w, CalendarITU, p.Meetings.ITU, false)
	writeMeetings(w, CalendarJTC1, p.Meetings.JTC1, false)
	writeMeetings(w, CalendarCT, p.Meetings.CT, true)
	w.EndObject()
	w.EndObject()
	return w.Bytes()
}

// writeSorted writes m as an object, its keys in order (as encoding/json
// writes a map), each value as the string str makes of it.
func writeSorted[V any](w *jsonw.Writer, m map[string]V, str func(V) string) {
	w.BeginObject()
	for _, k := range slices.Sorted(maps.Keys(m)) {
		w.Key(k)
		w.Str(str(m[k]))
	}
	w.EndObject()
}

func same(s string) string { return s }

func writeMeetings(w *jsonw.Writer, cal Calendar, ms []Meeting, omitEmpty bool) {
	if omitEmpty && len(ms) == 0 {
		return
	}
	w.Key(string(cal))
	if ms == nil {
		w.Null()
		return
	}
	w.BeginArray()
	for _, m := range ms {
		m.WriteJSON(w)
	}
	w.EndArray()
}

// WriteJSON writes the meeting as the plan file holds it.
func (m Meeting) WriteJSON(w *jsonw.Writer) {
	w.BeginObject()
	w.Key("id")
	w.Str(m.ID)
	if m.Body != "" {
		w.Key("body")
		w.Str(m.Body)
	}
	w.Key("kind")
	w.Str(m.Kind)
	w.Key("start")
	w.Str(m.Start.String())
	w.Key("end")
	w.Str(m.End.String())
	if m.Place != "" {
		w.Key("place")
		w.Str(m.Place)
	}
	w.EndObject()
}
