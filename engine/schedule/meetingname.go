package schedule

import (
	"strings"

	"github.com/commontext/commontext/engine/plan"
)

// Name is what people call the meeting: its body as the plan gives it
// ("SG17", "SC 29/WG 1"), else its kind ("CT meeting"). A meeting's id is
// the plan file's business (pins and calendar UIDs refer to it): it is
// generated for meetings typed on the page ("mmxbq08gkrax9") and never
// shown.
func (m Meeting) Name() string {
	if b := strings.TrimSpace(m.Body); b != "" {
		return b
	}
	return kindName(m.Kind) + " meeting"
}

// Describe names the meeting in a sentence, by its body, dates and place:
// "SG17 (2027-10-18 to 2027-10-20, Tokyo)". Messages, CSV and calendar
// files name meetings this way, never by id.
func (m Meeting) Describe() string {
	when := m.Start.String()
	if m.End != m.Start {
		when += " to " + m.End.String()
	}
	if m.Place != "" {
		when += ", " + m.Place
	}
	return m.Name() + " (" + when + ")"
}

// meetingOf is the output form of a plan's meeting.
func meetingOf(m plan.Meeting) Meeting {
	return Meeting{ID: m.ID, Body: m.Body, Kind: m.Kind, Side: m.Side(), Start: m.Start, End: m.End, Place: m.Place}
}

// describe names a plan's meeting as Meeting.Describe does.
func describe(m plan.Meeting) string { return meetingOf(m).Describe() }
