package plan

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/rules"
)

// Limits of a plan's contents.
const (
	MaxMeetings       = 500 // per calendar
	MaxMeetingDays    = 31  // from first to last day
	MaxTextLen        = 200 // title, body, place
	MaxIDLen          = 64
	MinYear, MaxYear  = 1900, 2199 // the planning range
	maxOverridesCount = 64
)

// Pinnable steps. A meeting pin chooses the meeting at which the step takes
// place; a date pin fixes the date the step starts.
var (
	PinnableMeetings = []string{
		"cd-resolution", "cd2-resolution", "dis-resolution", "dis2-resolution", "dcor-resolution",
		"consent", "determination", "sg-approval",
	}
	PinnableDates = []string{
		"cd2-ballot", "dis-registration", "dis-ballot", "dis2-ballot", "fdis-ballot",
		"lc", "ar", "publication",
	}
)

// Validate checks a plan's values and their consistency, returning Errors
// with one Problem per fault. Decode calls it; call it yourself on a plan
// built in code.
func Validate(p *Plan) error {
	var v validator
	v.plan(p)
	if len(v.probs) > 0 {
		return limit(v.probs)
	}
	return nil
}

type validator struct {
	probs Errors
}

func (v *validator) add(path, format string, args ...any) {
	v.probs = append(v.probs, Problem{Path: path, Msg: fmt.Sprintf(format, args...)})
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
		v.add(path, "required (want one of %s)", strings.Join(names, ", "))
	} else {
		v.add(path, "unknown %s %q (want one of %s)", what, clip(string(got), 40), strings.Join(names, ", "))
	}
	return false
}

func (v *validator) date(path string, d caldate.Date, required bool) {
	if d.IsZero() {
		if required {
			v.add(path, "required")
		}
		return
	}
	if y := d.Year(); y < MinYear || y > MaxYear {
		v.add(path, "%s is outside the planning range %d–%d", d, MinYear, MaxYear)
	}
}

func (v *validator) text(path, s string) {
	if utf8.RuneCountInString(s) > MaxTextLen {
		v.add(path, "longer than %d characters", MaxTextLen)
	}
}

func (v *validator) plan(p *Plan) {
	if p.Version != Version {
		if p.Version == 0 {
			v.add("version", "required (this program reads version %d)", Version)
		} else {
			v.add("version", "version %d is not supported (this program reads version %d)", p.Version, Version)
		}
	}
	v.text("title", p.Title)
	okDel := oneOf("deliverable", p.Deliverable, Deliverables, "deliverable", v)
	oneOf("itu_process", p.Process, []Process{AAP, TAP}, "ITU-T process", v)
	oneOf("mode", p.Mode, []Mode{CollaborativeTeam, CollaborativeInterchange}, "mode", v)

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
				v.add("start.stage", "required (want one of %s)", strings.Join(names, ", "))
			} else {
				v.add("start.stage", "%q does not apply to deliverable %q (want one of %s)",
					clip(string(p.Start.Stage), 40), p.Deliverable, strings.Join(names, ", "))
			}
		}
	}
	if p.Start.Date.IsZero() && p.Target.IsZero() {
		v.add("start.date", "required, unless the plan has a target to plan backward from")
	}
	v.date("start.date", p.Start.Date, false)
	v.date("target", p.Target, false)
	v.date("as_of", p.AsOf, false)
	if !p.Start.Date.IsZero() && !p.Target.IsZero() && !p.Target.After(p.Start.Date) {
		v.add("target", "%s is not after start.date %s", p.Target, p.Start.Date)
	}

	set, err := rules.Load(p.Rules.Set)
	if err != nil {
		v.add("rules.set", "%v", err)
	} else {
		if len(p.Rules.Overrides) > maxOverridesCount {
			v.add("rules.overrides", "%d overrides; at most %d are allowed", len(p.Rules.Overrides), maxOverridesCount)
		}
		for _, id := range slices.Sorted(maps.Keys(p.Rules.Overrides)) {
			if err := set.CheckOverride(id, p.Rules.Overrides[id]); err != nil {
				v.add(join("rules.overrides", id), "%v", err)
			}
		}
	}

	v.meetings("meetings.itu", p.Meetings.ITU, []string{KindSG, KindWP}, true)
	v.meetings("meetings.jtc1", p.Meetings.JTC1, []string{KindSC, KindWG}, true)
	v.meetings("meetings.ct", p.Meetings.CT, []string{KindCT}, false)
	if len(p.Meetings.ITU) == 0 {
		v.add("meetings.itu", "required: the ITU-T SG and WP meetings where consent or approval can happen")
	}
	if p.Mode == CollaborativeTeam && len(p.Meetings.CT) == 0 && p.Deliverable != Corrigendum {
		v.add("meetings.ct", "required in mode \"ct\": the Collaborative Team's meetings resolve the ballots (8.6.3)")
	}
	if p.Mode == CollaborativeInterchange && len(p.Meetings.JTC1) == 0 {
		v.add("meetings.jtc1", "required in mode \"ci\": JTC 1 SC or WG meetings resolve the ballots (7.3)")
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
			path := fmt.Sprintf("%s[%d].id", g.path, i)
			if prev, dup := seen[m.ID]; dup {
				v.add(path, "duplicate id %q (also %s)", clip(m.ID, 40), prev)
				continue
			}
			seen[m.ID] = path
		}
	}

	for _, step := range slices.Sorted(maps.Keys(p.Pins.Meetings)) {
		path := join("pins.meetings", step)
		if !slices.Contains(PinnableMeetings, step) {
			v.add(path, "unknown step (want one of %s)", strings.Join(PinnableMeetings, ", "))
			continue
		}
		id := p.Pins.Meetings[step]
		if _, ok := p.Meetings.Find(id); !ok {
			v.add(path, "no meeting with id %q in meetings.itu, meetings.jtc1 or meetings.ct", clip(id, 40))
		}
	}
	for _, step := range slices.Sorted(maps.Keys(p.Pins.Dates)) {
		path := join("pins.dates", step)
		if !slices.Contains(PinnableDates, step) {
			v.add(path, "unknown step (want one of %s)", strings.Join(PinnableDates, ", "))
			continue
		}
		v.date(path, p.Pins.Dates[step], true)
	}
}

func (v *validator) meetings(path string, ms []Meeting, kinds []string, kindRequired bool) {
	if len(ms) > MaxMeetings {
		v.add(path, "%d meetings; at most %d are allowed", len(ms), MaxMeetings)
		return
	}
	for i, m := range ms {
		mp := fmt.Sprintf("%s[%d]", path, i)
		if m.ID == "" {
			v.add(mp+".id", "required")
		} else if len(m.ID) > MaxIDLen || !isID(m.ID) {
			v.add(mp+".id", "%q: use at most %d letters, digits, '.', '_' and '-'", clip(m.ID, 40), MaxIDLen)
		}
		if m.Kind == "" && !kindRequired {
			m.Kind = kinds[0]
		}
		oneOf(mp+".kind", m.Kind, kinds, "meeting kind", v)
		v.text(mp+".body", m.Body)
		v.text(mp+".place", m.Place)
		v.date(mp+".start", m.Start, true)
		v.date(mp+".end", m.End, true)
		if m.Start.IsZero() || m.End.IsZero() {
			continue
		}
		if m.End.Before(m.Start) {
			v.add(mp+".end", "ends before it starts (%s < %s)", m.End, m.Start)
		} else if n := m.End.DaysSince(m.Start) + 1; n > MaxMeetingDays {
			v.add(mp+".end", "the meeting lasts %d days (%s to %s); at most %d are allowed", n, m.Start, m.End, MaxMeetingDays)
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
