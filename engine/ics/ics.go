// Package ics writes a schedule as an iCalendar file (RFC 5545) that
// calendar programs import.
//
// Every step becomes an all-day event (VALUE=DATE, with the exclusive DTEND
// the RFC requires). Each event's UID is derived from the plan's UUID, the
// scenario and the step ID, so re-importing the calendar of an updated plan
// moves the events instead of duplicating them. Preparation deadlines carry
// an alarm. Lines end in CRLF and are folded at 75 octets without splitting
// a UTF-8 sequence.
package ics

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/commontext/commontext/engine/internal/uid"
	"github.com/commontext/commontext/engine/schedule"
)

// Options control the calendar.
type Options struct {
	// Scenarios to include, by ID; all when empty. Each scenario's events
	// are distinct (their summaries start with the scenario's label unless
	// only one scenario is written).
	Scenarios []schedule.ScenarioID
	// Now is the DTSTAMP of every event. Pass a fixed time for
	// reproducible output.
	Now time.Time
	// AlarmBefore is how long before a preparation deadline its alarm
	// fires; zero means 7 days.
	AlarmBefore time.Duration
	// ShortName starts every summary ("X.1299 | 27599: CD ballot"), so
	// that the events of two plans in one calendar can be told apart.
	ShortName string
	// Plan names the plan in every description.
	Plan string
	// Link is the plan's address on the planner page: every description
	// ends with it. (Not also as the event's URL property: the link
	// carries the whole plan, a few KB, which is enough once per event.)
	Link string
	// Sequence is every event's SEQUENCE (RFC 5545, 3.8.7.4): the plan's
	// revision, raised on each saved change, so that a calendar that
	// imports or subscribes to the file again moves its events (same UID,
	// higher SEQUENCE) instead of keeping the old ones. Zero writes none,
	// which the RFC reads as 0.
	Sequence int
}

// namespace derives a namespace for a plan ID that is not a UUID (never
// the case for a plan that passed validation).
var namespace = uid.NameSpaceURL

// UID returns the stable UID of a step's event: the name-based (SHA-1,
// version 5) UUID of scenario "/" step in the namespace of the plan's UUID,
// so that it depends on nothing else.
func UID(planID, scenario, step string) string {
	ns, err := uid.Parse(planID)
	if err != nil {
		ns = uid.NewSHA1(namespace, []byte(planID))
	}
	return uid.NewSHA1(ns, []byte(scenario+"/"+step)).String() + "@commontext"
}

// Write writes the schedule as a VCALENDAR.
func Write(w io.Writer, s *schedule.Schedule, opt Options) error {
	bw := bufio.NewWriter(w)
	lw := &lineWriter{w: bw}
	stamp := opt.Now.UTC().Format("20060102T150405Z")
	alarm := opt.AlarmBefore
	if alarm <= 0 {
		alarm = 7 * 24 * time.Hour
	}
	scs, err := s.Select(opt.Scenarios)
	if err != nil {
		return fmt.Errorf("ics: %w", err)
	}
	name := s.Title
	if name == "" {
		name = "commontext plan"
	}
	lw.prop("BEGIN", "VCALENDAR")
	lw.prop("VERSION", "2.0")
	lw.prop("PRODID", "-//commontext//commontext plan//EN")
	lw.prop("CALSCALE", "GREGORIAN")
	lw.prop("METHOD", "PUBLISH")
	lw.prop("X-WR-CALNAME", Escape(name))
	for _, sc := range scs {
		prefix := ""
		if len(scs) > 1 {
			prefix = "[" + sc.Label + "] "
		}
		if opt.ShortName != "" {
			prefix = opt.ShortName + ": " + prefix
		}
		for _, st := range sc.Steps {
			lw.prop("BEGIN", "VEVENT")
			lw.prop("UID", UID(s.PlanID, string(sc.ID), st.ID))
			lw.prop("DTSTAMP", stamp)
			if opt.Sequence > 0 {
				lw.prop("SEQUENCE", fmt.Sprint(opt.Sequence))
			}
			lw.prop("DTSTART;VALUE=DATE", st.Start.Compact())
			lw.prop("DTEND;VALUE=DATE", st.End.AddDays(1).Compact()) // exclusive (RFC 5545, 3.6.1)
			lw.prop("SUMMARY", Escape(prefix+st.Label))
			desc := fmt.Sprintf("%s — %s. Guide clause %s. Scenario: %s.", sideLabel(st.Side), st.Body, st.Clause, sc.Label)
			if opt.Plan != "" {
				desc = "Plan: " + opt.Plan + "\n" + desc
			}
			if st.Note != "" {
				desc += "\n" + st.Note
			}
			if st.Pinned {
				desc += "\nPinned by the plan."
			}
			switch st.Status {
			case schedule.StatusDone:
				desc += "\nDone: this happened."
			case schedule.StatusOverdue:
				desc += "\nOverdue: planned before the plan's as-of date and not recorded as done; re-planned."
			}
			if opt.Link != "" {
				desc += "\nThe plan in the planner: " + opt.Link
			}
			lw.prop("DESCRIPTION", Escape(desc))
			// A meeting has its place; a deadline before it is met
			// wherever its people work.
			if st.Meeting != "" && st.Kind != schedule.KindDeadline {
				for _, m := range s.Meetings {
					if m.ID == st.Meeting && m.Place != "" {
						lw.prop("LOCATION", Escape(m.Place))
					}
				}
			}
			lw.prop("CATEGORIES", Escape(sideLabel(st.Side))+","+Escape(st.Kind))
			lw.prop("TRANSP", "TRANSPARENT")
			if st.Alarm {
				lw.prop("BEGIN", "VALARM")
				lw.prop("ACTION", "DISPLAY")
				lw.prop("DESCRIPTION", Escape("Deadline: "+st.Label))
				lw.prop("TRIGGER", "-"+durationValue(alarm))
				lw.prop("END", "VALARM")
			}
			lw.prop("END", "VEVENT")
		}
	}
	lw.prop("END", "VCALENDAR")
	if lw.err != nil {
		return lw.err
	}
	return bw.Flush()
}

// durationValue formats a positive duration as an RFC 5545 DURATION
// (P7D, PT12H, P1DT2H).
func durationValue(d time.Duration) string {
	days := int(d / (24 * time.Hour))
	rest := d - time.Duration(days)*24*time.Hour
	s := "P"
	if days > 0 {
		s += fmt.Sprintf("%dD", days)
	}
	if rest > 0 || days == 0 {
		s += fmt.Sprintf("T%dM", int(rest/time.Minute))
	}
	return s
}

// Escape escapes a TEXT value (RFC 5545, 3.3.11): backslash, semicolon,
// comma and newline.
func Escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case ';':
			b.WriteString(`\;`)
		case ',':
			b.WriteString(`\,`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
		default:
			if r < 0x20 && r != '\t' || r == 0x7f {
				continue // control characters are not allowed in TEXT
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// lineWriter writes content lines, folded to 75 octets.
type lineWriter struct {
	w   *bufio.Writer
	err error
}

func (lw *lineWriter) prop(name, value string) {
	if lw.err != nil {
		return
	}
	lw.err = writeFolded(lw.w, name+":"+value)
}

// writeFolded writes one content line with CRLF, folding it so that no
// line is longer than 75 octets (RFC 5545, 3.1): a continuation line starts
// with a space, which counts toward its 75. A fold never splits a UTF-8
// sequence.
func writeFolded(w *bufio.Writer, line string) error {
	const max = 75
	limit := max
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		if _, err := w.WriteString(line[:cut]); err != nil {
			return err
		}
		if _, err := w.WriteString("\r\n "); err != nil {
			return err
		}
		line = line[cut:]
		limit = max - 1
	}
	if _, err := w.WriteString(line); err != nil {
		return err
	}
	_, err := w.WriteString("\r\n")
	return err
}

// sideLabel is the side's name as an event category: "Joint" is
// capitalised like the others.
func sideLabel(side string) string {
	if side == schedule.SideJoint {
		return "Joint"
	}
	return schedule.SideName(side)
}
