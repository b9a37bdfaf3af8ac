package plan

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/limits"
	"github.com/commontext/commontext/engine/rules"
)

// Limits of a plan's contents.
const (
	MaxMeetings      = limits.Meetings // per calendar
	MaxMeetingDays   = 31              // from first to last day
	MaxTextLen       = 200             // title, body, place
	MaxShortNameLen  = 40              // short_name: the start of a calendar event's summary
	MaxIDLen         = 64
	MinYear, MaxYear = 1900, 2199 // the planning range
	MaxOverrides     = 64         // entries of rules.overrides, empty ones included
	MaxMilestones    = 64         // entries of baseline.milestones (a scenario has fewer than 40 steps)
	MaxRevision      = 1 << 30    // revision: saved changes, far more than a plan sees
	// MaxValues bounds the JSON values of a plan file (see
	// limits.PlanValues).
	MaxValues = limits.PlanValues
)

// Validate checks a plan's values and their consistency, returning Errors
// with one Problem per fault. Decode calls it; call it yourself on a plan
// built in code.
func Validate(p *Plan) error {
	var v validator
	v.plan(p)
	if err := v.errors(); err != nil {
		return err
	}
	return nil
}

type validator struct {
	collector
}

func oneOf[T ~string](path string, got T, want []T, what string, v *validator) bool {
	for _, w := range want {
		if got == w {
			return true
		}
	}
	names := make([]string, len(want))
	for i, w := range want {
		names[i] = string(w)
	}
	if got == "" {
		v.add(path, "%s is missing (choose one of %s)", Words(path), strings.Join(names, ", "))
	} else {
		v.add(path, "%q is not %s (choose one of %s)", clip(string(got), 40), what, strings.Join(names, ", "))
	}
	return false
}

// dateOK reports whether date passes v.date: a check without a path, for
// the fields of many (meetings).
func dateOK(d caldate.Date, required bool) bool {
	if d.IsZero() {
		return !required
	}
	y := d.Year()
	return y >= MinYear && y <= MaxYear
}

func (v *validator) date(path string, d caldate.Date, required bool) {
	if d.IsZero() {
		if required {
			v.add(path, "%s is missing", Words(path))
		}
		return
	}
	if y := d.Year(); y < MinYear || y > MaxYear {
		v.add(path, "%s %s is outside the planning range %d–%d", Words(path), d, MinYear, MaxYear)
	}
}

// textOK reports whether s passes v.text.
func textOK(s string) bool { return len(s) <= MaxTextLen || utf8.RuneCountInString(s) <= MaxTextLen }

func (v *validator) text(path, s string) {
	if !textOK(s) {
		v.add(path, "%s is longer than %d characters", Words(path), MaxTextLen)
	}
}

func (v *validator) plan(p *Plan) {
	if p.Version != Version {
		if p.Version == 0 {
			v.add("version", "the version is missing (this program reads version %d)", Version)
		} else {
			v.add("version", "version %d is not supported (this program reads version %d)", p.Version, Version)
		}
	}
	v.text("title", p.Title)
	if utf8.RuneCountInString(p.ShortName) > MaxShortNameLen {
		v.add("short_name", "%s is longer than %d characters", Words("short_name"), MaxShortNameLen)
	}
	okDel := oneOf("deliverable", p.Deliverable, Deliverables, "a deliverable", v)
	oneOf("itu_process", p.Process, []Process{AAP, TAP}, "an ITU-T process", v)
	oneOf("mode", p.Mode, []Mode{CollaborativeTeam, CollaborativeInterchange}, "a mode", v)

	if okDel {
		stages := StagesFor(p.Deliverable)
		found := false
		for _, s := range stages {
			found = found || s == p.Start.Stage
		}
		if !found {
			names := make([]string, len(stages))
			for i, s := range stages {
				names[i] = string(s)
			}
			if p.Start.Stage == "" {
				v.add("start.stage", "the starting stage is missing (choose one of %s)", strings.Join(names, ", "))
			} else {
				v.add("start.stage", "the starting stage %q does not apply to deliverable %q (choose one of %s)",
					clip(string(p.Start.Stage), 40), p.Deliverable, strings.Join(names, ", "))
			}
		}
	}
	if p.Start.Date.IsZero() && p.Target.IsZero() {
		v.add("start.date", "the starting date is missing; it is needed unless the plan has a target date to plan backward from")
	}
	v.date("start.date", p.Start.Date, false)
	v.date("target", p.Target, false)
	v.date("as_of", p.AsOf, false)
	if !p.Start.Date.IsZero() && !p.Target.IsZero() && !p.Target.After(p.Start.Date) {
		v.add("target", "the target date %s is not after the starting date %s", p.Target, p.Start.Date)
	}

	set, err := rules.Load(p.Rules.Set)
	if err != nil {
		v.add("rules.set", "the rule set %q does not exist (choose one of %s)", clip(p.Rules.Set, 40), strings.Join(rules.Names(), ", "))
	} else if len(p.Rules.Overrides) > MaxOverrides {
		v.add("rules.overrides", "the plan overrides %d rules; at most %d are allowed", len(p.Rules.Overrides), MaxOverrides)
	} else {
		for _, id := range slices.Sorted(maps.Keys(p.Rules.Overrides)) {
			path := join("rules.overrides", id)
			if _, ok := set.Rule(id); !ok {
				v.add(path, "%q is not a rule of the rule set %q", clip(id, 40), set.Name)
			} else if err := set.CheckOverride(id, p.Rules.Overrides[id]); err != nil {
				v.add(path, "%s: %v", StepName(id), err)
			}
		}
	}

	v.meetings("meetings.itu", p.Meetings.ITU, []string{KindSG, KindWP}, true)
	v.meetings("meetings.jtc1", p.Meetings.JTC1, []string{KindSC, KindWG}, true)
	v.meetings("meetings.ct", p.Meetings.CT, []string{KindCT}, false)
	if len(p.Meetings.ITU) == 0 {
		v.add("meetings.itu", "the ITU-T calendar is empty: it needs the SG and WP meetings where consent or approval can happen")
	}
	if p.Mode == CollaborativeTeam && len(p.Meetings.CT) == 0 && p.Deliverable != Corrigendum {
		v.add("meetings.ct", "the CT calendar is empty: in a Collaborative Team the team's meetings resolve the ballots (8.6.3)")
	}
	if p.Mode == CollaborativeInterchange && len(p.Meetings.JTC1) == 0 {
		v.add("meetings.jtc1", "the JTC 1 calendar is empty: in Collaborative Interchange JTC 1 SC or WG meetings resolve the ballots (7.3)")
	}
	if p.Deliverable == Corrigendum && p.Mode == CollaborativeTeam && len(p.Meetings.CT) == 0 && len(p.Meetings.JTC1) == 0 {
		v.add("meetings", "a corrigendum needs CT or JTC 1 meetings to resolve the DCOR ballot")
	}
	seen := map[string]string{}
	for _, g := range []struct {
		path string
		ms   []Meeting
	}{{"meetings.itu", p.Meetings.ITU}, {"meetings.jtc1", p.Meetings.JTC1}, {"meetings.ct", p.Meetings.CT}} {
		for i, m := range g.ms {
			if m.ID == "" {
				continue
			}
			path := index(g.path, i) + ".id"
			if prev, dup := seen[m.ID]; dup {
				v.add(path, "%s has the same id %q as %s", Words(g.path+"["+strconv.Itoa(i)+"]"), clip(m.ID, 40), Words(strings.TrimSuffix(prev, ".id")))
				continue
			}
			seen[m.ID] = path
		}
	}

	for _, step := range slices.Sorted(maps.Keys(p.Pins.Meetings)) {
		path := join("pins.meetings", step)
		s, ok := findStep(PinnableMeetings, step)
		if !ok {
			if !v.skip() {
				v.add(path, "%s is not a step that can be pinned to a meeting (choose one of %s)", quoteName(step), stepNames(PinnableMeetings))
			}
			continue
		}
		id := p.Pins.Meetings[step]
		if _, ok := p.Meetings.Find(id); !ok {
			v.add(path, "%s is pinned to meeting %q, which is in none of the calendars", s.Name, clip(id, 40))
		}
	}
	for _, step := range slices.Sorted(maps.Keys(p.Pins.Dates)) {
		path := join("pins.dates", step)
		if _, ok := findStep(PinnableDates, step); !ok {
			if !v.skip() {
				v.add(path, "%s is not a step that can be pinned to a date (choose one of %s)", quoteName(step), stepNames(PinnableDates))
			}
			continue
		}
		v.date(path, p.Pins.Dates[step], true)
	}
	v.actuals(p)
	if b := p.Baseline; b != nil {
		v.date("baseline.set", b.Set, true)
		if b.Scenario == "" {
			v.add("baseline.scenario", "the baseline's scenario is missing (the scenario its dates were taken from, e.g. best)")
		} else if len(b.Scenario) > MaxIDLen || !isID(b.Scenario) {
			v.add("baseline.scenario", "the baseline's scenario %q is not a scenario id such as best or slowest", clip(b.Scenario, 40))
		}
		if len(b.Milestones) > MaxMilestones {
			v.add("baseline.milestones", "the baseline has %d milestones; at most %d are allowed", len(b.Milestones), MaxMilestones)
		} else {
			for _, step := range slices.Sorted(maps.Keys(b.Milestones)) {
				path := join("baseline.milestones", step)
				if len(step) > MaxIDLen || !isID(step) {
					v.add(path, "%q is not a step id such as dis-ballot or publication", clip(step, 40))
					continue
				}
				v.date(path, b.Milestones[step], true)
			}
		}
	}
	if p.Revision < 0 || p.Revision > MaxRevision {
		v.add("revision", "the revision %d is not a whole number from 0 to %d", p.Revision, MaxRevision)
	}
}

// actuals checks what the plan says happened: known steps and meetings,
// an end on or after the start, and nothing after the plan's as-of date
// (a fact cannot be dated after the day the plan is read).
func (v *validator) actuals(p *Plan) {
	for _, step := range slices.Sorted(maps.Keys(p.Actuals.Meetings)) {
		path := join("actuals.meetings", step)
		s, ok := findStep(ActualMeetings, step)
		if !ok {
			if !v.skip() {
				v.add(path, "%s is not a decision taken at a meeting (choose one of %s)", quoteName(step), stepNames(ActualMeetings))
			}
			continue
		}
		id := p.Actuals.Meetings[step]
		m, ok := p.Meetings.Find(id)
		if !ok {
			v.add(path, "%s was taken at meeting %q, which is in none of the calendars", s.Name, clip(id, 40))
			continue
		}
		if !p.AsOf.IsZero() && m.End.After(p.AsOf) {
			v.add(path, "%s is recorded as taken at the meeting ending %s, after the as-of date %s: what has not happened yet is a pin, not an actual",
				s.Name, m.End, p.AsOf)
		}
	}
	for _, step := range slices.Sorted(maps.Keys(p.Actuals.Dates)) {
		path := join("actuals.dates", step)
		s, ok := findStep(ActualDates, step)
		if !ok {
			if !v.skip() {
				v.add(path, "%s is not a step that can be recorded as done with dates (choose one of %s)", quoteName(step), stepNames(ActualDates))
			}
			continue
		}
		a := p.Actuals.Dates[step]
		v.date(path+".start", a.Start, true)
		v.date(path+".end", a.End, false)
		if a.Start.IsZero() {
			continue
		}
		if !a.End.IsZero() && a.End.Before(a.Start) {
			v.add(path+".end", "the %s is recorded as ending %s, before it started (%s)", s.Name, a.End, a.Start)
			continue
		}
		last, field := a.Start, path+".start"
		if !a.End.IsZero() {
			last, field = a.End, path+".end"
		}
		if !p.AsOf.IsZero() && last.After(p.AsOf) {
			v.add(field, "the %s is recorded as done on %s, after the as-of date %s: what has not happened yet is a pin, not an actual",
				s.Name, last, p.AsOf)
		}
	}
}

func (v *validator) meetings(path string, ms []Meeting, kinds []string, kindRequired bool) {
	if len(ms) > MaxMeetings {
		v.add(path, "%s has %d meetings; at most %d are allowed", Words(path), len(ms), MaxMeetings)
		return
	}
	// A meeting's field paths are built only for a problem: a plan's
	// meetings are many and most have none, and in the browser building
	// seven paths for each was a tenth of a recompute.
	what := "a kind of meeting in " + Words(path)
	for i, m := range ms {
		mp := func() string { return index(path, i) }
		if m.ID == "" {
			v.add(mp()+".id", "%s has no id", Words(mp()))
		} else if len(m.ID) > MaxIDLen || !isID(m.ID) {
			v.add(mp()+".id", "the id %q of %s: use at most %d letters, digits, '.', '_' and '-'", clip(m.ID, 40), Words(mp()), MaxIDLen)
		}
		if m.Kind == "" && !kindRequired {
			m.Kind = kinds[0]
		}
		if !slices.Contains(kinds, m.Kind) {
			oneOf(mp()+".kind", m.Kind, kinds, what, v)
		}
		if !textOK(m.Body) {
			v.text(mp()+".body", m.Body)
		}
		if !textOK(m.Place) {
			v.text(mp()+".place", m.Place)
		}
		if !dateOK(m.Start, true) {
			v.date(mp()+".start", m.Start, true)
		}
		if !dateOK(m.End, true) {
			v.date(mp()+".end", m.End, true)
		}
		if m.Start.IsZero() || m.End.IsZero() {
			continue
		}
		if m.End.Before(m.Start) {
			v.add(mp()+".end", "%s ends before it starts (%s is before %s)", Words(mp()), m.End, m.Start)
		} else if n := m.End.DaysSince(m.Start) + 1; n > MaxMeetingDays {
			v.add(mp()+".end", "%s lasts %d days (%s to %s); at most %d are allowed", Words(mp()), n, m.Start, m.End, MaxMeetingDays)
		}
	}
}

func isID(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// quoteName quotes the name of a step or rule id for a message.
func quoteName(id string) string {
	if n := StepName(id); !strings.HasPrefix(n, `"`) {
		return strconv.Quote(n)
	}
	return strconv.Quote(clip(id, 40))
}
