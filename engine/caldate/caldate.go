// Package caldate provides a calendar date with no time of day and no time
// zone.
//
// The approval steps of ITU-T and JTC 1 are dated by day: a ballot closes on
// a date, a meeting runs from one date to another. Using time.Time for them
// invites off-by-one errors whenever a time zone or a daylight-saving change
// slips in, so the planner uses this type instead. A Date is a count of days,
// which makes comparisons and day arithmetic exact and cheap; months are
// added on the calendar, clamped to the end of the month (31 January plus one
// month is 28 or 29 February).
//
// The zero Date is not a valid day; it stands for "no date" and formats as
// the empty string.
package caldate

import (
	"errors"
	"fmt"
	"time"
)

// Date is a day of the proleptic Gregorian calendar, between 0001-01-01 and
// 9999-12-31 when it comes from Parse or New. Dates compare with == and with
// the Before, After and Compare methods.
type Date struct {
	// n is the number of days since 0000-12-31, so that 0001-01-01 is 1 and
	// the zero value is "no date".
	n int32
}

// Limits of the dates that Parse and New accept.
const (
	MinYear = 1
	MaxYear = 9999
)

// New returns the date year-month-day, or an error that names the part that
// is out of range ("month 13", "day 30 in February 2025").
func New(year int, month time.Month, day int) (Date, error) {
	if year < MinYear || year > MaxYear {
		return Date{}, fmt.Errorf("year %d out of range %d–%d", year, MinYear, MaxYear)
	}
	if month < time.January || month > time.December {
		return Date{}, fmt.Errorf("month %d out of range 1–12", int(month))
	}
	if day < 1 || day > DaysIn(year, month) {
		if day < 1 {
			return Date{}, fmt.Errorf("day %d out of range", day)
		}
		return Date{}, fmt.Errorf("day %d in %s %d (it has %d days)", day, month, year, DaysIn(year, month))
	}
	return Date{fromCivil(year, month, day)}, nil
}

// Of returns the date year-month-day. It panics if the date does not exist;
// it is meant for constants in code and tests. Use New for input.
func Of(year int, month time.Month, day int) Date {
	d, err := New(year, month, day)
	if err != nil {
		panic("caldate.Of: " + err.Error())
	}
	return d
}

// MustParse is like Parse but panics on error. It is meant for constants in
// code and tests.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// A ParseError reports a string that is not an ISO 8601 calendar date.
type ParseError struct {
	Input string // the text that was parsed (shortened if long)
	Msg   string // what is wrong, e.g. "month 13 out of range 1–12"
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("date %q: %s", e.Input, e.Msg)
}

// Parse parses a date in the ISO 8601 extended form YYYY-MM-DD, the only form
// plan files use. Anything else, including a time of day, is an error.
func Parse(s string) (Date, error) {
	fail := func(msg string) (Date, error) {
		in := s
		if len(in) > 40 {
			in = in[:40] + "…"
		}
		return Date{}, &ParseError{Input: in, Msg: msg}
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return fail("want YYYY-MM-DD")
	}
	num := func(b string) (int, bool) {
		n := 0
		for i := 0; i < len(b); i++ {
			c := b[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	y, ok1 := num(s[0:4])
	m, ok2 := num(s[5:7])
	d, ok3 := num(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return fail("want YYYY-MM-DD with digits only")
	}
	date, err := New(y, time.Month(m), d)
	if err != nil {
		return fail(err.Error())
	}
	return date, nil
}

// DaysIn returns the number of days in the month of the year.
func DaysIn(year int, month time.Month) int {
	switch month {
	case time.April, time.June, time.September, time.November:
		return 30
	case time.February:
		if IsLeap(year) {
			return 29
		}
		return 28
	}
	return 31
}

// IsLeap reports whether year is a leap year of the Gregorian calendar.
func IsLeap(year int) bool {
	return year%4 == 0 && (year%100 != 0 || year%400 == 0)
}

// fromCivil and toCivil convert between (year, month, day) and a day count,
// after Howard Hinnant's days_from_civil algorithm. Day 1 is 0001-01-01.
func fromCivil(y int, m time.Month, d int) int32 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (int(m) + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	// 719468 is the day count of 0000-03-01 before 1970-01-01; 719162 the
	// count of 0001-01-01 before 1970-01-01, and day 1 is 0001-01-01.
	return int32(era*146097 + doe - 719468 + 719162 + 1)
}

func toCivil(n int32) (int, time.Month, int) {
	z := int(n) - 1 - 719162 + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, time.Month(m), d
}

// IsZero reports whether d is the zero Date, which stands for "no date".
func (d Date) IsZero() bool { return d.n == 0 }

// Date returns the year, month and day of d.
func (d Date) Date() (year int, month time.Month, day int) { return toCivil(d.n) }

// Year returns the year of d.
func (d Date) Year() int { y, _, _ := toCivil(d.n); return y }

// Month returns the month of d.
func (d Date) Month() time.Month { _, m, _ := toCivil(d.n); return m }

// Day returns the day of the month of d.
func (d Date) Day() int { _, _, dd := toCivil(d.n); return dd }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 0001-01-01 (day 1) was a Monday.
	w := (int(d.n) % 7) // day 1 -> 1 (Monday), day 7 -> 0 (Sunday)
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// IsWeekend reports whether d is a Saturday or a Sunday.
func (d Date) IsWeekend() bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}

// String formats d as YYYY-MM-DD, or returns "" for the zero Date.
func (d Date) String() string {
	if d.n == 0 {
		return ""
	}
	var b [10]byte
	return string(d.appendFormat(b[:0]))
}

func (d Date) appendFormat(b []byte) []byte {
	y, m, dd := toCivil(d.n)
	if y < 0 || y > 9999 {
		// Outside the four-digit range only arithmetic can take a date; keep
		// the output readable rather than wrong.
		return fmt.Appendf(b, "%04d-%02d-%02d", y, int(m), dd)
	}
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+int(m)/10), byte('0'+int(m)%10), '-',
		byte('0'+dd/10), byte('0'+dd%10))
}

// Compact formats d as YYYYMMDD, the form of an iCalendar DATE value.
func (d Date) Compact() string {
	y, m, dd := toCivil(d.n)
	return fmt.Sprintf("%04d%02d%02d", y, int(m), dd)
}

// GoString makes %#v print caldate.MustParse("2026-01-31").
func (d Date) GoString() string { return fmt.Sprintf("caldate.MustParse(%q)", d.String()) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return +1
	}
	return 0
}

// DaysSince returns the number of days from e to d: positive when d is
// after e.
func (d Date) DaysSince(e Date) int { return int(d.n) - int(e.n) }

// AddDays returns d plus n days (n may be negative).
func (d Date) AddDays(n int) Date { return Date{d.n + int32(n)} }

// AddWeeks returns d plus n weeks of seven days.
func (d Date) AddWeeks(n int) Date { return d.AddDays(7 * n) }

// AddMonths returns d plus n calendar months (n may be negative). When the
// day does not exist in the resulting month it is clamped to the month's last
// day: 2026-01-31 plus one month is 2026-02-28, and 2028-01-31 plus one
// month is 2028-02-29. Clamping makes the operation lossy:
// 2026-01-31 +1 month −1 month is 2026-01-28.
func (d Date) AddMonths(n int) Date {
	y, m, dd := toCivil(d.n)
	total := y*12 + int(m) - 1 + n
	ny, nm := total/12, time.Month(total%12+1)
	if total < 0 && total%12 != 0 {
		ny = total/12 - 1
		nm = time.Month(total - ny*12 + 1)
	}
	if last := DaysIn(ny, nm); dd > last {
		dd = last
	}
	return Date{fromCivil(ny, nm, dd)}
}

// AddWorkingDays returns the date n working days after d (before d when n is
// negative). Working days are Monday to Friday; no public holidays are
// known. Counting starts from the next (previous) day, so seven working days
// before Monday 2026-03-16 is Thursday 2026-03-05.
func (d Date) AddWorkingDays(n int) Date {
	step := int32(1)
	if n < 0 {
		step, n = -1, -n
	}
	// Whole weeks first, so that large counts stay cheap: seven days always
	// hold five working days. At least one day is left for the loop, so the
	// result is a working day even when d is not.
	if n > 5 {
		w := (n - 1) / 5
		d.n += step * int32(7*w)
		n -= 5 * w
	}
	for n > 0 {
		d.n += step
		if !d.IsWeekend() {
			n--
		}
	}
	return d
}

// WorkingDaysBetween returns the number of working days after a up to and
// including b, or the negative count when b is before a.
func WorkingDaysBetween(a, b Date) int {
	if b.Before(a) {
		return -WorkingDaysBetween(b, a)
	}
	n := 0
	for x := a.AddDays(1); !x.After(b); x = x.AddDays(1) {
		if !x.IsWeekend() {
			n++
		}
	}
	return n
}

// Min returns the earlier of a and b.
func Min(a, b Date) Date {
	if b.Before(a) {
		return b
	}
	return a
}

// Max returns the later of a and b.
func Max(a, b Date) Date {
	if b.After(a) {
		return b
	}
	return a
}

// MarshalText formats d as YYYY-MM-DD. The zero Date marshals as "" so that
// a missing date round-trips; use the omitzero JSON option to leave it out.
func (d Date) MarshalText() ([]byte, error) {
	if d.n == 0 {
		return []byte{}, nil
	}
	return d.appendFormat(make([]byte, 0, 10)), nil
}

// UnmarshalText parses YYYY-MM-DD; the empty text gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// ErrNotString is returned by UnmarshalJSON for a JSON value that is not a
// string.
var ErrNotString = errors.New("date must be a JSON string \"YYYY-MM-DD\"")

// MarshalJSON formats d as a JSON string "YYYY-MM-DD" ("" for the zero
// Date).
func (d Date) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 12)
	b = append(b, '"')
	if d.n != 0 {
		b = d.appendFormat(b)
	}
	return append(b, '"'), nil
}

// UnmarshalJSON parses a JSON string "YYYY-MM-DD".
func (d *Date) UnmarshalJSON(b []byte) error {
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return ErrNotString
	}
	return d.UnmarshalText(b[1 : len(b)-1])
}
