package ics

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/limits"
)

// Event is a calendar event as ReadEvents finds it: enough to make a
// meeting of a plan from it.
type Event struct {
	UID string
	// RecurrenceID is set on an overridden occurrence of an event (RFC
	// 5545, 3.8.4.4), which shares its UID with the event it overrides:
	// UID and RecurrenceID together name it.
	RecurrenceID string
	Summary      string
	Location     string
	Start        caldate.Date // first day
	End          caldate.Date // last day (inclusive)
}

// Limits of ReadEvents: a meeting calendar has tens of events, not
// thousands; a larger file is refused rather than read into memory.
const (
	MaxReadSize   = limits.CalendarBytes
	MaxReadEvents = limits.CalendarEvents
)

// ReadEvents reads the VEVENTs of an iCalendar file (RFC 5545): unfolds
// its lines, unescapes TEXT values and turns DTSTART with DTEND or
// DURATION into days. An all-day event's DTEND is exclusive, so its last
// day is the day before; a timed event ends on the day of its DTEND. Time
// zones are ignored: a meeting's days are the dates written in the file.
// A recurring event (RRULE, RDATE) is refused, naming it: its meetings are
// not in the file to be read. Errors name the line.
//
// Each logical line is handled as soon as it is complete, so that memory
// holds the events and one line, not the file's lines (issue 23: a 1 MiB
// file of blank lines kept a string and an int for each, 130 MB).
func ReadEvents(r io.Reader) ([]Event, error) {
	sc := bufio.NewScanner(io.LimitReader(r, MaxReadSize+1))
	sc.Buffer(make([]byte, 0, 4096), MaxReadSize+1)
	var rd reader
	// A logical line is built in one buffer: appending each folded piece
	// to a string would copy the line so far each time, quadratic in a
	// file of one long folded line.
	var line []byte
	n, at, size := 0, 0, 0
	pending := false
	for sc.Scan() {
		n++
		b := sc.Bytes()
		size += len(b) + 1
		if size > MaxReadSize {
			return nil, tooLarge()
		}
		b = bytes.TrimRight(b, "\r")
		if len(b) > 0 && (b[0] == ' ' || b[0] == '\t') && pending {
			line = append(line, b[1:]...)
			continue
		}
		if pending {
			if err := rd.line(line, at); err != nil {
				return nil, err
			}
		}
		line, at, pending = append(line[:0], b...), n, true
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return nil, tooLarge()
		}
		return nil, fmt.Errorf("reading the calendar file: %v", err)
	}
	if pending {
		if err := rd.line(line, at); err != nil {
			return nil, err
		}
	}
	if !rd.started {
		return nil, fmt.Errorf("not an iCalendar file: it does not start with BEGIN:VCALENDAR")
	}
	if rd.cur != nil {
		return nil, fmt.Errorf("the calendar file ends inside an event (no END:VEVENT)")
	}
	return rd.events, nil
}

func tooLarge() error {
	return fmt.Errorf("the calendar file is larger than %d KiB, the limit", MaxReadSize>>10)
}

// reader is the state of ReadEvents between logical lines.
type reader struct {
	started      bool // the first line was BEGIN:VCALENDAR
	events       []Event
	cur          *Event
	curLine      int // where cur began
	endExclusive bool
	hasEnd       bool
	dur          string // the DURATION value, "" if none
	timeOfDay    int    // seconds into DTSTART's day, for a DURATION
	depth        int    // nesting inside the current VEVENT (VALARM…)
}

// line handles one logical line, numbered num in the file.
func (rd *reader) line(b []byte, num int) error {
	if !rd.started {
		if !strings.EqualFold(string(bytes.TrimSpace(b)), "BEGIN:VCALENDAR") {
			return fmt.Errorf("not an iCalendar file: it does not start with BEGIN:VCALENDAR")
		}
		rd.started = true
		return nil
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil // a blank line costs nothing
	}
	if rd.cur == nil && !(len(b) >= 6 && bytes.EqualFold(b[:6], []byte("BEGIN:"))) && bytes.IndexByte(b, ':') > 0 {
		return nil // a property outside events: not kept
	}
	l := string(b)
	name, params, value, ok := contentLine(l)
	if !ok {
		return fmt.Errorf("line %d: %q is not NAME:VALUE", num, clip(l))
	}
	cur := rd.cur
	switch {
	case name == "BEGIN" && strings.EqualFold(value, "VEVENT"):
		if cur != nil {
			return fmt.Errorf("line %d: VEVENT inside a VEVENT", num)
		}
		if len(rd.events) == MaxReadEvents {
			return fmt.Errorf("more than %d events", MaxReadEvents)
		}
		*rd = reader{started: true, events: rd.events, cur: &Event{}, curLine: num}
	case cur == nil:
	case name == "BEGIN":
		rd.depth++
	case name == "END" && rd.depth > 0:
		rd.depth--
	case rd.depth > 0:
	case name == "END" && strings.EqualFold(value, "VEVENT"):
		return rd.end(num)
	case name == "UID":
		cur.UID = value
	case name == "RECURRENCE-ID":
		cur.RecurrenceID = strings.TrimSpace(value)
	case name == "RRULE" || name == "RDATE":
		return fmt.Errorf("line %d: event %s repeats (%s): the planner imports single meetings, not recurring events; remove the event, or give each meeting an event of its own", num, rd.name(), name)
	case name == "SUMMARY":
		cur.Summary = unescape(value)
	case name == "LOCATION":
		cur.Location = unescape(value)
	case name == "DURATION":
		rd.dur = strings.TrimSpace(value)
	case name == "DTSTART" || name == "DTEND":
		d, allDay, secs, err := day(value, params)
		if err != nil {
			return fmt.Errorf("line %d: %s: %v", num, name, err)
		}
		if name == "DTSTART" {
			cur.Start, rd.timeOfDay = d, secs
			if allDay {
				rd.timeOfDay = -1
			}
		} else {
			cur.End, rd.endExclusive, rd.hasEnd = d, allDay, true
		}
	}
	return nil
}

// name names the current event for a message: its summary, else where it
// begins.
func (rd *reader) name() string {
	if rd.cur.Summary != "" {
		return strconv.Quote(clip(rd.cur.Summary))
	}
	return fmt.Sprintf("beginning at line %d", rd.curLine)
}

// end completes the current event at its END:VEVENT on line num.
func (rd *reader) end(num int) error {
	cur := rd.cur
	if cur.Start.IsZero() {
		return fmt.Errorf("line %d: event %s has no DTSTART", num, rd.name())
	}
	switch {
	case rd.dur != "" && rd.hasEnd:
		return fmt.Errorf("line %d: event %s has both DTEND and DURATION (RFC 5545 allows one)", num, rd.name())
	case rd.dur != "":
		secs, err := duration(rd.dur)
		if err != nil {
			return fmt.Errorf("line %d: event %s: DURATION: %v", num, rd.name(), err)
		}
		if rd.timeOfDay < 0 {
			// All day: the event covers the days the duration spans,
			// the last being the day before start + duration.
			days := (secs + 86399) / 86400
			cur.End = cur.Start.AddDays(max(days, 1) - 1)
		} else {
			cur.End = cur.Start.AddDays((rd.timeOfDay + secs) / 86400)
		}
	case !rd.hasEnd:
		cur.End = cur.Start
	case rd.endExclusive && cur.End.After(cur.Start):
		cur.End = cur.End.AddDays(-1)
	}
	if cur.End.Before(cur.Start) {
		return fmt.Errorf("line %d: event %s ends (%s) before it starts (%s)", num, rd.name(), cur.End, cur.Start)
	}
	rd.events = append(rd.events, *cur)
	rd.cur = nil
	return nil
}

// maxDurationDays bounds a DURATION: a meeting lasts days, not years, and
// the bound keeps the arithmetic far from overflow.
const maxDurationDays = 3660

// duration reads an RFC 5545 DURATION (3.3.6: P5D, P1W, PT2H30M, P1DT12H)
// as seconds. A negative one is refused: an event's end is after its
// start.
func duration(v string) (int, error) {
	bad := fmt.Errorf("%q is not a duration such as P5D, P1W or PT2H", clip(v))
	s := strings.ToUpper(v)
	s = strings.TrimPrefix(s, "+")
	if strings.HasPrefix(s, "-") {
		return 0, fmt.Errorf("%q is negative: an event ends after it starts", clip(v))
	}
	s, ok := strings.CutPrefix(s, "P")
	if !ok || s == "" {
		return 0, bad
	}
	total, inTime, num, digits := 0, false, 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 6 {
				return 0, bad
			}
			num, digits = num*10+int(c-'0'), digits+1
			continue
		case c == 'T' && !inTime && digits == 0:
			inTime = true
			continue
		}
		if digits == 0 {
			return 0, bad
		}
		unit := map[byte]int{'W': 7 * 86400, 'D': 86400, 'H': 3600, 'M': 60, 'S': 1}[c]
		if unit == 0 || inTime != (c == 'H' || c == 'M' || c == 'S') {
			return 0, bad
		}
		total += num * unit
		num, digits = 0, 0
		if total > maxDurationDays*86400 {
			return 0, fmt.Errorf("%q is longer than %d days", clip(v), maxDurationDays)
		}
	}
	if digits != 0 || strings.HasSuffix(s, "T") {
		return 0, bad
	}
	return total, nil
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

// day reads a DATE (20270126) or DATE-TIME (20270126T090000Z) value, and
// for a date-time the seconds into its day.
func day(value, params string) (d caldate.Date, allDay bool, secs int, err error) {
	v := strings.TrimSpace(value)
	allDay = strings.Contains(strings.ToUpper(params), "VALUE=DATE") && !strings.Contains(strings.ToUpper(params), "VALUE=DATE-TIME")
	if len(v) == 8 {
		allDay = true
	} else if len(v) < 15 || v[8] != 'T' {
		return d, false, 0, fmt.Errorf("%q is not a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSS)", clip(v))
	} else {
		h, e1 := strconv.Atoi(v[9:11])
		m, e2 := strconv.Atoi(v[11:13])
		sec, e3 := strconv.Atoi(v[13:15])
		if e1 != nil || e2 != nil || e3 != nil || h > 23 || m > 59 || sec > 60 {
			return d, false, 0, fmt.Errorf("%q is not a date-time (YYYYMMDDTHHMMSS)", clip(v))
		}
		secs = min(h*3600+m*60+sec, 86399)
	}
	d, err = caldate.Parse(v[0:4] + "-" + v[4:6] + "-" + v[6:8])
	return d, allDay, secs, err
}

func unescape(s string) string {
	if !strings.Contains(s, "\\") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
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
