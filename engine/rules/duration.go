package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
)

// Unit is the unit of a Duration.
type Unit uint8

// The units of the guide's periods. Months are calendar months clamped to
// the month's end; weeks are seven days; working days skip Saturday and
// Sunday.
const (
	Days Unit = iota
	WorkingDays
	Weeks
	Months
)

var unitSuffix = [...]string{Days: "d", WorkingDays: "wd", Weeks: "w", Months: "m"}
var unitName = [...]string{Days: "day", WorkingDays: "working day", Weeks: "week", Months: "month"}

// Duration is a period as the guide states it: "three months", "four weeks",
// "seven working days". It is not a fixed number of days, because a month
// is not.
type Duration struct {
	N    int
	Unit Unit
}

// maxN bounds the count of a Duration so that date arithmetic stays far from
// overflow whatever the input.
const maxN = 1000

// ParseDuration parses the compact form used in rule files, plan files and
// flags: a count and a unit, as in "3m", "4w", "7wd" or "10d".
func ParseDuration(s string) (Duration, error) {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 || i > 4 {
		return Duration{}, fmt.Errorf("duration %q: want a count and a unit, e.g. 3m, 4w, 7wd or 10d", clip(s))
	}
	n, _ := strconv.Atoi(s[:i])
	var u Unit
	switch s[i:] {
	case "d":
		u = Days
	case "wd":
		u = WorkingDays
	case "w":
		u = Weeks
	case "m":
		u = Months
	default:
		return Duration{}, fmt.Errorf("duration %q: unknown unit %q (want m, w, wd or d)", clip(s), clip(s[i:]))
	}
	if n > maxN {
		return Duration{}, fmt.Errorf("duration %q: count %d is too large (at most %d)", clip(s), n, maxN)
	}
	return Duration{N: n, Unit: u}, nil
}

func clip(s string) string {
	if len(s) > 20 {
		return s[:20] + "…"
	}
	return s
}

// MustParseDuration is like ParseDuration but panics on error; it is meant
// for constants.
func MustParseDuration(s string) Duration {
	d, err := ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return d
}

// String returns the compact form, e.g. "3m".
func (d Duration) String() string { return strconv.Itoa(d.N) + unitSuffix[d.Unit] }

// Words returns the duration in words, e.g. "3 months" or "1 week".
func (d Duration) Words() string {
	s := strconv.Itoa(d.N) + " " + unitName[d.Unit]
	if d.N != 1 {
		s += "s"
	}
	return s
}

// IsZero reports whether d is a zero-length period.
func (d Duration) IsZero() bool { return d.N == 0 }

// After returns the date d after t.
func (d Duration) After(t caldate.Date) caldate.Date {
	switch d.Unit {
	case Months:
		return t.AddMonths(d.N)
	case Weeks:
		return t.AddWeeks(d.N)
	case WorkingDays:
		return t.AddWorkingDays(d.N)
	}
	return t.AddDays(d.N)
}

// Before returns the date d before t: the latest date b whose
// d.After(b) is not after t, so that a date derived backward always passes
// the forward check. Months are counted back on the calendar and clamped,
// so Before is not always the inverse of After: 3 months before 2026-05-31
// is 2026-02-28. Working days are counted back from the last working day
// on or before t: one working day before Saturday 2024-12-14 is Thursday
// 2024-12-12, since one working day after Friday is Monday.
func (d Duration) Before(t caldate.Date) caldate.Date {
	switch d.Unit {
	case Months:
		return t.AddMonths(-d.N)
	case Weeks:
		return t.AddWeeks(-d.N)
	case WorkingDays:
		for d.N > 0 && t.IsWeekend() {
			t = t.AddDays(-1)
		}
		return t.AddWorkingDays(-d.N)
	}
	return t.AddDays(-d.N)
}

// Notice returns the latest date for something due d before an event that
// starts on t, as the guide's preparation deadlines count: "seven working
// days in advance" (8.5) is the seventh working day before t whatever
// weekday t is, so the contributions for a meeting starting Saturday
// 2027-04-24 are due Thursday 2027-04-15, as for one starting Monday
// 2027-04-26. Other units count as Before. (Before differs for working days
// when t is a weekend day: it finds the start of a period that ends on t.)
func (d Duration) Notice(t caldate.Date) caldate.Date {
	if d.Unit == WorkingDays {
		return t.AddWorkingDays(-d.N)
	}
	return d.Before(t)
}

// ApproxDays returns the length of d in days, counting a month as 30.44
// days and a working day as 7/5 of a day. It is for comparing durations of
// different units (range checks), never for computing dates.
func (d Duration) ApproxDays() float64 {
	switch d.Unit {
	case Months:
		return float64(d.N) * 30.436875
	case Weeks:
		return float64(d.N) * 7
	case WorkingDays:
		return float64(d.N) * 7 / 5
	}
	return float64(d.N)
}

// MarshalText returns the compact form.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses the compact form.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// durationWords are the units a person types, each with its unit and the
// count of that unit one of it makes (a fortnight is two weeks). Keys are
// lower case with single spaces.
var durationWords = map[string]struct {
	unit Unit
	per  int
}{
	"d": {Days, 1}, "day": {Days, 1}, "days": {Days, 1},
	"wd": {WorkingDays, 1}, "working day": {WorkingDays, 1}, "working days": {WorkingDays, 1},
	"workday": {WorkingDays, 1}, "workdays": {WorkingDays, 1}, "business day": {WorkingDays, 1}, "business days": {WorkingDays, 1},
	"w": {Weeks, 1}, "wk": {Weeks, 1}, "wks": {Weeks, 1}, "week": {Weeks, 1}, "weeks": {Weeks, 1},
	"fortnight": {Weeks, 2}, "fortnights": {Weeks, 2},
	"m": {Months, 1}, "mo": {Months, 1}, "month": {Months, 1}, "months": {Months, 1},
}

// AcceptedWords says in words what ParseWords accepts, for the page's
// messages and its help beside the duration fields.
const AcceptedWords = "a whole number and a unit: days, working days, weeks, fortnights or months, e.g. “6 weeks”, “2 months”, “10 working days”, or short: 6w, 2m, 10wd, 30d"

// ParseWords parses a duration as a person types it on the page: the
// compact form ("6w") or a count and a unit in words ("6 weeks", "2
// months", "10 working days", "3 fortnights", "3 M"). A fortnight is
// two weeks, so "3 fortnights" is 6w. Plan files, rule files and --set keep
// the compact form only (ParseDuration); the page stores what this returns
// in that form.
func ParseWords(s string) (Duration, error) {
	t := strings.ToLower(strings.Join(strings.Fields(s), " "))
	i := 0
	for i < len(t) && t[i] >= '0' && t[i] <= '9' {
		i++
	}
	unit, ok := durationWords[strings.TrimSpace(t[i:])]
	if i == 0 || i > 4 || !ok {
		return Duration{}, fmt.Errorf("“%s” is not a duration: write %s", clip(strings.TrimSpace(s)), AcceptedWords)
	}
	n, _ := strconv.Atoi(t[:i])
	n *= unit.per
	if n > maxN {
		return Duration{}, fmt.Errorf("“%s” is too long: at most %d %ss", clip(strings.TrimSpace(s)), maxN, unitName[unit.unit])
	}
	return Duration{N: n, Unit: unit.unit}, nil
}
