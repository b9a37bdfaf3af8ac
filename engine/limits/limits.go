// Package limits is the one table of the sizes the planner accepts, each
// way in checking its input against it before reading or parsing: a plan
// file picked, dropped or pasted on the page, a plan kept in the browser's
// storage, a link, a calendar file imported into a plan's meetings, the
// Worker API's request bodies and feed addresses, and the command line's
// files and standard input. The engine's decoders enforce the same figures
// (plan.MaxSize, urlstate.MaxEncoded, ics.MaxReadSize are these); the page
// reads them from the vocabulary (engine/planpage), and the README shows
// Table, which TestREADMEShowsTable keeps true.
package limits

import (
	"fmt"
	"strings"
)

// The limits, in bytes unless named otherwise.
const (
	// PlanBytes bounds a plan file however it comes in (file, drop,
	// paste, storage, command line). A plan with a few hundred meetings
	// is well under 100 KiB.
	PlanBytes = 1 << 20
	// LinkBytes bounds a link's state (the text after #). A plan with a
	// five-year calendar encodes to a few kilobytes.
	LinkBytes = 64 << 10
	// LinkInflated bounds the plan a link inflates to: a small link can
	// inflate to gigabytes.
	LinkInflated = PlanBytes
	// LinkInflation bounds how many times its compressed size a link's
	// plan may inflate to (beyond a floor of 16 KiB). Real plans compress
	// 2 to 11 times.
	LinkInflation = 32
	// CalendarBytes bounds a calendar (.ics) file imported as meetings:
	// CalendarEvents events of a kilobyte each fit, with room to spare.
	CalendarBytes = 1 << 20
	// CalendarEvents bounds the events read from a calendar file.
	CalendarEvents = 1000
	// APIBody bounds a request body of the Worker's API. The Worker holds
	// the whole body in memory, so it is kept well below PlanBytes.
	APIBody = 256 << 10
	// Meetings bounds the meetings of each of a plan's three calendars.
	Meetings = 500
	// PlanValues bounds the JSON values (strings, numbers, literals,
	// arrays, objects) of a plan: every calendar full of meetings with
	// all six fields, and room to spare for the rest (a plan's other
	// fields hold a few hundred at most). A file with more is not a plan,
	// and the decoder stops reading it there rather than building a tree
	// of half a million values (issue 23: a 1 MiB plan of zeros).
	PlanValues = 3*Meetings*(1+6) + 1024
	// FeedState bounds the plan state in the address of the API's
	// calendar feed (?p=): Cloudflare caps an address at 16 KB.
	FeedState = 12 << 10
)

// Limit is one row of Table.
type Limit struct {
	What  string // what is limited, in the user's words
	Value int
	Unit  string // "bytes" or a count's noun
	Where string // the ways in that check it
}

// Table lists the limits for people: the README shows it.
var Table = []Limit{
	{"A plan file", PlanBytes, "bytes", "the page, before reading a picked file; the engine, wherever it reads a plan (page, command line, API)"},
	{"Values in a plan file", PlanValues, "JSON values", "the engine"},
	{"Meetings in each of a plan's three calendars", Meetings, "meetings", "the engine"},
	{"A link's plan state (after #)", LinkBytes, "bytes", "the engine (page, API)"},
	{"The plan a link inflates to", LinkInflated, "bytes", "the engine (page, API)"},
	{"The plan a link inflates to, also", LinkInflation, "times the link's compressed size, plus 16 KiB", "the engine (page, API)"},
	{"The plan state in a calendar feed's address (?p=)", FeedState, "bytes", "the API"},
	{"A calendar (.ics) file to import meetings from", CalendarBytes, "bytes", "the page, before reading a picked file; the engine"},
	{"Events in a calendar file", CalendarEvents, "events", "the engine"},
	{"An API request body", APIBody, "bytes", "the API, before reading the body"},
}

// Markdown returns Table as the README's Markdown table.
func Markdown() string {
	var b strings.Builder
	b.WriteString("| Input | Limit | Checked by |\n|---|---|---|\n")
	for _, l := range Table {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", l.What, l.Words(), l.Where)
	}
	return b.String()
}

// Words states a limit for people: "1 MiB (1,048,576 bytes)", "1,000 events".
func (l Limit) Words() string {
	if l.Unit != "bytes" {
		return group(l.Value) + " " + l.Unit
	}
	short := ""
	switch {
	case l.Value%(1<<20) == 0:
		short = fmt.Sprintf("%d MiB", l.Value>>20)
	case l.Value%(1<<10) == 0:
		short = fmt.Sprintf("%d KiB", l.Value>>10)
	}
	return fmt.Sprintf("%s (%s bytes)", short, group(l.Value))
}

// group writes n with thousands separated by commas.
func group(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
