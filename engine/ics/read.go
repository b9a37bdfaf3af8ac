package ics

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
)

// Event is a calendar event as ReadEvents finds it: enough to make a
// meeting of a plan from it.
type Event struct {
	UID      string
	Summary  string
	Location string
	Start    caldate.Date // first day
	End      caldate.Date // last day (inclusive)
}

// Limits of ReadEvents: a meeting calendar has tens of events, not
// thousands; a larger file is refused rather than read into memory.
const (
	MaxReadSize   = 1 << 20
	MaxReadEvents = 1000
)

// ReadEvents reads the VEVENTs of an iCalendar file (RFC 5545): unfolds
// its lines, unescapes TEXT values and turns DTSTART/DTEND into days. An
// all-day event's DTEND is exclusive, so its last day is the day before; a
// timed event ends on the day of its DTEND. Time zones are ignored: a
// meeting's days are the dates written in the file. Errors name the line.
func ReadEvents(r io.Reader) ([]Event, error) {
	sc := bufio.NewScanner(io.LimitReader(r, MaxReadSize+1))
	sc.Buffer(make([]byte, 0, 4096), MaxReadSize+1)
	var lines []string
	var nums []int
	// A logical line is built in one buffer: appending each folded piece
	// to a string would copy the line so far each time, quadratic in a
	// file of one long folded line.
	var line strings.Builder
	flush := func() {
		if len(nums) > len(lines) {
			lines = append(lines, line.String())
			line.Reset()
		}
	}
	n, size := 0, 0
	for sc.Scan() {
		n++
		l := strings.TrimRight(sc.Text(), "\r")
		size += len(sc.Text()) + 1
		if size > MaxReadSize {
			return nil, fmt.Errorf("calendar file larger than %d KiB", MaxReadSize>>10)
		}
		if (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")) && len(nums) > 0 {
			line.WriteString(l[1:])
			continue
		}
		flush()
		line.WriteString(l)
		nums = append(nums, n)
	}
	flush()
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading the calendar file: %v", err)
	}
	if len(lines) == 0 || !strings.EqualFold(strings.TrimSpace(lines[0]), "BEGIN:VCALENDAR") {
		return nil, fmt.Errorf("not an iCalendar file: it does not start with BEGIN:VCALENDAR")
	}
	var events []Event
	var cur *Event
	var endExclusive bool
	depth := 0 // nesting inside the current VEVENT (VALARM…)
	for i, l := range lines {
		name, params, value, ok := contentLine(l)
		if !ok {
			if strings.TrimSpace(l) == "" {
				continue
			}
			return nil, fmt.Errorf("line %d: %q is not NAME:VALUE", nums[i], clip(l))
		}
		switch {
		case name == "BEGIN" && strings.EqualFold(value, "VEVENT"):
			if cur != nil {
				return nil, fmt.Errorf("line %d: VEVENT inside a VEVENT", nums[i])
			}
			if len(events) == MaxReadEvents {
				return nil, fmt.Errorf("more than %d events", MaxReadEvents)
			}
			cur, endExclusive = &Event{}, false
		case cur == nil:
			continue
		case name == "BEGIN":
			depth++
		case name == "END" && depth > 0:
			depth--
		case depth > 0:
			continue
		case name == "END" && strings.EqualFold(value, "VEVENT"):
			if cur.Start.IsZero() {
				return nil, fmt.Errorf("line %d: event %q has no DTSTART", nums[i], clip(cur.Summary))
			}
			switch {
			case cur.End.IsZero():
				cur.End = cur.Start
			case endExclusive && cur.End.After(cur.Start):
				cur.End = cur.End.AddDays(-1)
			}
			if cur.End.Before(cur.Start) {
				return nil, fmt.Errorf("line %d: event %q ends (%s) before it starts (%s)", nums[i], clip(cur.Summary), cur.End, cur.Start)
			}
			events = append(events, *cur)
			cur = nil
		case name == "UID":
			cur.UID = value
		case name == "SUMMARY":
			cur.Summary = unescape(value)
		case name == "LOCATION":
			cur.Location = unescape(value)
		case name == "DTSTART" || name == "DTEND":
			d, allDay, err := day(value, params)
			if err != nil {
				return nil, fmt.Errorf("line %d: %s: %v", nums[i], name, err)
			}
			if name == "DTSTART" {
				cur.Start = d
			} else {
				cur.End, endExclusive = d, allDay
			}
		}
	}
	if cur != nil {
		return nil, fmt.Errorf("the calendar file ends inside an event (no END:VEVENT)")
	}
	return events, nil
}

// contentLine splits "NAME;PARAM=x:VALUE".
func contentLine(l string) (name, params, value string, ok bool) {
	colon := -1
	quoted := false
	for i, c := range l {
		if c == '"' {
			quoted = !quoted
		} else if c == ':' && !quoted {
			colon = i
			break
		}
	}
	if colon <= 0 {
		return "", "", "", false
	}
	head := l[:colon]
	name, params, _ = strings.Cut(head, ";")
	return strings.ToUpper(strings.TrimSpace(name)), params, l[colon+1:], true
}

// day reads a DATE (20270126) or DATE-TIME (20270126T090000Z) value.
func day(value, params string) (d caldate.Date, allDay bool, err error) {
	v := strings.TrimSpace(value)
	allDay = strings.Contains(strings.ToUpper(params), "VALUE=DATE") && !strings.Contains(strings.ToUpper(params), "VALUE=DATE-TIME")
	if len(v) == 8 {
		allDay = true
	} else if len(v) < 15 || v[8] != 'T' {
		return d, false, fmt.Errorf("%q is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS)", clip(v))
	}
	d, err = caldate.Parse(v[0:4] + "-" + v[4:6] + "-" + v[6:8])
	return d, allDay, err
}

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func clip(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}
