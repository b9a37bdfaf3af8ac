package planpage

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/commontext/commontext/engine/ics"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/rules"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/engine/urlstate"
)

// Vocabulary is every word and limit the planner page shows or enforces
// that the engine already knows: the deliverables and the names of their
// stages, the starting points, the meeting kinds of each calendar, the
// pinnable steps with their names, the rule sets with their rules, the
// duration syntax and the size limits. The site build writes it as JSON
// into the page (internal/sitebuild), where the template and the script
// read it, so that none of it is written a second time in HTML or
// JavaScript and the page follows the engine when the engine changes.
type Vocabulary struct {
	Deliverables []DeliverableWords `json:"deliverables"`
	Processes    []Choice           `json:"processes"`
	Modes        []Choice           `json:"modes"`
	Calendars    []CalendarWords    `json:"calendars"`
	RuleSets     []RuleSetWords     `json:"rule_sets"`
	Duration     DurationSyntax     `json:"duration"`
	Limits       Limits             `json:"limits"`
	// Scenarios are the engine's scenarios, in its order; the first is the
	// one shown before the engine has planned anything.
	Scenarios []Choice `json:"scenarios"`
	// AllScenarios is the word that selects every scenario (an export of
	// all of them).
	AllScenarios string `json:"all_scenarios"`
	// Date is how a date is typed into the form.
	Date DateSyntax `json:"date"`
	// PinExample is the step the form's help names as one to pin.
	PinExample string `json:"pin_example"`
}

// DateSyntax is the form's date format: the pattern the browser checks
// (an HTML pattern attribute, anchored by the browser) and the
// placeholder that names it.
type DateSyntax struct {
	Pattern     string `json:"pattern"`
	Placeholder string `json:"placeholder"`
}

// DatePattern is a date as plan files and the form write it, YYYY-MM-DD
// (the plan schema's date pattern is this, anchored).
const DatePattern = "[0-9]{4}-[0-9]{2}-[0-9]{2}"

// Choice is a value of a plan field and what the page calls it.
type Choice struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// DeliverableWords names a deliverable, its stages, the starting points
// that apply to it and the steps of its schedules that may be pinned to a
// date, for each ITU-T process.
type DeliverableWords struct {
	ID       string   `json:"id"`
	Label    string   `json:"label"`
	Stages   []string `json:"stages"` // e.g. PDAM, DAM, FDAM
	Starts   []Choice `json:"starts"`
	Pinnable struct {
		AAP []Choice `json:"aap"`
		TAP []Choice `json:"tap"`
	} `json:"pinnable"`
	// PinnableMeetings are the decisions that may be pinned to a meeting,
	// each with the kinds of meeting that can take it.
	PinnableMeetings struct {
		AAP []MeetingPin `json:"aap"`
		TAP []MeetingPin `json:"tap"`
	} `json:"pinnable_meetings"`
}

// MeetingPin is a decision that may be pinned to a meeting: the page
// offers first the meetings of the kinds that can take it.
type MeetingPin struct {
	ID    string   `json:"id"`
	Label string   `json:"label"`
	Kinds []string `json:"kinds"`
}

// CalendarWords is one of the plan's meeting calendars.
type CalendarWords struct {
	ID    string   `json:"id"`
	Title string   `json:"title"`
	Kinds []Choice `json:"kinds"`
	// Optional calendars are left out of a plan while they are empty.
	Optional bool `json:"optional,omitempty"`
}

// RuleSetWords is a rule set with its rules, the default set first.
type RuleSetWords struct {
	Name  string      `json:"name"`
	Title string      `json:"title"`
	Rules []RuleWords `json:"rules"`
}

// RuleWords is one rule as the durations table shows it.
type RuleWords struct {
	ID     string `json:"id"`
	Label  string `json:"label"`
	Value  string `json:"value"`
	Min    string `json:"min"`
	Max    string `json:"max"`
	Clause string `json:"clause"`
	Text   string `json:"text"`
}

// DurationSyntax is how a duration override is written: a count and one
// of the units, e.g. "4m", the compact form plans store; Pattern matches
// it. The page's fields accept more (Accepted, rules.ParseWords) and the
// engine gives the compact form back.
type DurationSyntax struct {
	// Example is a duration the form's help shows.
	Example  string   `json:"example"`
	Pattern  string   `json:"pattern"`
	Accepted string   `json:"accepted"` // what the page's fields accept, in words`
	Units    []Choice `json:"units"`    // ID is the suffix, Label the unit's name
}

// Limits are the engine's bounds that the page checks before asking.
type Limits struct {
	PlanBytes     int `json:"plan_bytes"`
	CalendarBytes int `json:"calendar_bytes"` // an .ics file to import, checked before reading it
	LinkBytes     int `json:"link_bytes"`
	Meetings      int `json:"meetings"` // per calendar
	TextLen       int `json:"text_len"`
	MeetingDays   int `json:"meeting_days"`
	MinYear       int `json:"min_year"`
	MaxYear       int `json:"max_year"`
}

// The page's words for values the engine names only by ID. Each is checked
// against the engine's own lists by TestVocabularyComplete.
var (
	deliverableLabels = map[plan.Deliverable]string{
		plan.IS:          "International Standard",
		plan.Amendment:   "Amendment",
		plan.TR:          "Technical Report",
		plan.TS:          "Technical Specification",
		plan.Corrigendum: "Technical Corrigendum",
	}
	// Starting points; {cd} and {dis} stand for the deliverable's names.
	startLabels = map[plan.Stage]string{
		plan.CDBallotOpens:    "the {cd} ballot opens on",
		plan.CDBallotCloses:   "the {cd} ballot closes on",
		plan.DISRegistered:    "the {dis} is registered on",
		plan.DISBallotOpens:   "the {dis} ballot opens on",
		plan.DISBallotCloses:  "the {dis} ballot closes on",
		plan.DCORBallotOpens:  "the {cd} ballot opens on",
		plan.DCORBallotCloses: "the {cd} ballot closes on",
	}
	kindLabels = map[string]string{
		plan.KindSG: "SG", plan.KindWP: "WP", plan.KindSC: "SC", plan.KindWG: "WG", plan.KindCT: "CT",
	}
)

// NewVocabulary returns the page's vocabulary. The names of the pinnable
// steps come from planning sample (a plan file, the page's worked example)
// as each deliverable under each ITU-T process: a step is pinnable when
// plan.PinnableDates lists it, and it is named as the schedule names it.
func NewVocabulary(sample []byte) (Vocabulary, error) {
	base, err := plan.Parse(sample)
	if err != nil {
		return Vocabulary{}, fmt.Errorf("the sample plan: %w", err)
	}
	v := Vocabulary{
		Processes: []Choice{{string(plan.AAP), "AAP (Last Call)"}, {string(plan.TAP), "TAP"}},
		Modes: []Choice{
			{string(plan.CollaborativeTeam), "Collaborative Team (clause 8)"},
			{string(plan.CollaborativeInterchange), "Collaborative Interchange (clause 7)"},
		},
		Calendars: []CalendarWords{
			{ID: string(plan.CalendarITU), Title: "ITU-T Study Group and Working Party meetings", Kinds: kinds(plan.KindSG, plan.KindWP)},
			{ID: string(plan.CalendarJTC1), Title: "JTC 1 Subcommittee and Working Group meetings", Kinds: kinds(plan.KindSC, plan.KindWG)},
			{ID: string(plan.CalendarCT), Title: "Collaborative Team meetings", Kinds: kinds(plan.KindCT), Optional: true},
		},
		Limits: Limits{
			PlanBytes: plan.MaxSize, CalendarBytes: ics.MaxReadSize, LinkBytes: urlstate.MaxEncoded,
			Meetings: plan.MaxMeetings, TextLen: plan.MaxTextLen,
			MeetingDays: plan.MaxMeetingDays, MinYear: plan.MinYear, MaxYear: plan.MaxYear,
		},
		AllScenarios: schedule.AllScenarios,
		Date:         DateSyntax{Pattern: DatePattern, Placeholder: "YYYY-MM-DD"},
	}
	scenarios := map[schedule.ScenarioID]string{} // the scenarios' labels, as the engine names them
	for _, d := range plan.Deliverables {
		label, ok := deliverableLabels[d]
		if !ok {
			return v, fmt.Errorf("deliverable %q has no label", d)
		}
		w := DeliverableWords{ID: string(d)}
		for _, pr := range []plan.Process{plan.AAP, plan.TAP} {
			p := *base
			p.Deliverable, p.Process, p.Target = d, pr, base.Target
			p.Start = plan.Start{Stage: plan.StagesFor(d)[0], Date: base.Start.Date}
			p.Pins = plan.Pins{}
			s, err := schedule.New(&p, schedule.Options{})
			if err != nil {
				return v, fmt.Errorf("planning the sample as %s, %s: %w", d, pr, err)
			}
			for _, sc := range s.Scenarios {
				scenarios[sc.ID] = cmp.Or(scenarios[sc.ID], sc.Label)
			}
			w.Stages = slices.DeleteFunc([]string{s.Names.CD, s.Names.DIS, s.Names.FDIS}, func(n string) bool { return n == "" })
			if pr == plan.AAP {
				w.Pinnable.AAP, w.PinnableMeetings.AAP = pinnable(s), meetingPins(s)
			} else {
				w.Pinnable.TAP, w.PinnableMeetings.TAP = pinnable(s), meetingPins(s)
			}
		}
		w.Label = fmt.Sprintf("%s (%s)", label, strings.Join(w.Stages, " → "))
		if d == plan.Corrigendum {
			w.Label = label + " (defect → DCOR)"
		}
		for _, st := range plan.StagesFor(d) {
			l, ok := startLabels[st]
			if !ok {
				return v, fmt.Errorf("starting point %q has no label", st)
			}
			l = strings.NewReplacer("{cd}", w.Stages[0], "{dis}", w.Stages[min(1, len(w.Stages)-1)]).Replace(l)
			w.Starts = append(w.Starts, Choice{string(st), l})
		}
		v.Deliverables = append(v.Deliverables, w)
	}
	for _, name := range rules.Names() {
		set, err := rules.Load(name)
		if err != nil {
			return v, err
		}
		rs := RuleSetWords{Name: set.Name, Title: set.Title}
		for _, r := range set.Rules() {
			rs.Rules = append(rs.Rules, RuleWords{
				ID: r.ID, Label: r.Label, Value: r.Value.String(), Min: r.Min.String(), Max: r.Max.String(),
				Clause: r.Clause, Text: r.Text,
			})
		}
		v.RuleSets = append(v.RuleSets, rs)
	}
	for _, c := range v.Deliverables[0].Pinnable.AAP {
		if c.ID == plan.PinnableDates[2].ID { // the DIS ballot
			v.PinExample = c.Label
		}
	}
	for _, id := range schedule.ScenarioIDs {
		l, ok := scenarios[id]
		if !ok {
			return v, fmt.Errorf("scenario %q: no plan of the sample has it, so it has no label", id)
		}
		v.Scenarios = append(v.Scenarios, Choice{string(id), l})
	}
	var suffixes []string
	for _, u := range []rules.Unit{rules.Days, rules.WorkingDays, rules.Weeks, rules.Months} {
		one := rules.Duration{N: 1, Unit: u}
		suffix := strings.TrimPrefix(one.String(), "1")
		v.Duration.Units = append(v.Duration.Units, Choice{suffix, strings.TrimPrefix(one.Words(), "1 ")})
		suffixes = append(suffixes, suffix)
	}
	// Longest first, so that "wd" is not read as "w".
	slices.SortStableFunc(suffixes, func(a, b string) int { return len(b) - len(a) })
	v.Duration.Example = rules.Duration{N: 4, Unit: rules.Months}.String()
	v.Duration.Pattern = "[0-9]+(" + strings.Join(suffixes, "|") + ")"
	v.Duration.Accepted = rules.AcceptedWords
	return v, nil
}

func kinds(ids ...string) []Choice {
	out := make([]Choice, len(ids))
	for i, id := range ids {
		out[i] = Choice{id, kindLabels[id]}
	}
	return out
}

// stepNames names each step of s, in any scenario, as the schedule
// names it (without what follows a parenthesis).
func stepNames(s *schedule.Schedule) map[string]string {
	names := map[string]string{}
	for _, sc := range s.Scenarios {
		for _, st := range sc.Steps {
			if _, seen := names[st.ID]; !seen {
				label, _, _ := strings.Cut(st.Label, " (")
				names[st.ID] = label
			}
		}
	}
	return names
}

// meetingPins lists the decisions of s, in any scenario, that a meeting
// may pin, in the order of plan.PinnableMeetings.
func meetingPins(s *schedule.Schedule) []MeetingPin {
	names := stepNames(s)
	out := []MeetingPin{}
	for _, st := range plan.PinnableMeetings {
		if l, ok := names[st.ID]; ok {
			out = append(out, MeetingPin{st.ID, l, st.Kinds})
		}
	}
	return out
}

// pinnable lists the steps of s, in any scenario, that a date may pin, in
// the order of plan.PinnableDates, each with its name in the schedule.
func pinnable(s *schedule.Schedule) []Choice {
	names := stepNames(s)
	out := []Choice{}
	for _, st := range plan.PinnableDates {
		if l, ok := names[st.ID]; ok {
			out = append(out, Choice{st.ID, l})
		}
	}
	return out
}
