package caldate

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{in: "2026-03-02", want: "2026-03-02"},
		{in: "2028-02-29", want: "2028-02-29"},
		{in: "2000-02-29", want: "2000-02-29"},
		{in: "0001-01-01", want: "0001-01-01"},
		{in: "9999-12-31", want: "9999-12-31"},
		{in: "2025-13-01", wantErr: "month 13 out of range 1–12"},
		{in: "2025-00-10", wantErr: "month 0 out of range 1–12"},
		{in: "2025-02-30", wantErr: "day 30 in February 2025 (it has 28 days)"},
		{in: "2025-02-29", wantErr: "day 29 in February 2025"},
		{in: "1900-02-29", wantErr: "day 29 in February 1900"},
		{in: "2026-04-31", wantErr: "day 31 in April 2026"},
		{in: "2026-04-00", wantErr: "day 0 out of range"},
		{in: "0000-01-01", wantErr: "year 0 out of range"},
		{in: "2026-3-2", wantErr: "want YYYY-MM-DD"},
		{in: "2026/03/02", wantErr: "want YYYY-MM-DD"},
		{in: "2026-03-02T10:00:00Z", wantErr: "want YYYY-MM-DD"},
		{in: "", wantErr: "want YYYY-MM-DD"},
		{in: "+026-03-02", wantErr: "digits only"},
		{in: "２０２６-03-02", wantErr: "want YYYY-MM-DD"},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Parse(%q) = %v, %v; want error containing %q", tt.in, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("Parse(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

func TestCivilRoundTrip(t *testing.T) {
	// Every day of years around the leap rules, compared with package time.
	for _, y := range []int{1, 4, 100, 1600, 1899, 1900, 1999, 2000, 2024, 2025, 2100, 2400, 9999} {
		for d := Of(y, 1, 1); d.Year() == y; d = d.AddDays(1) {
			yy, mm, dd := d.Date()
			want := time.Date(yy, mm, dd, 0, 0, 0, 0, time.UTC)
			if want.Weekday() != d.Weekday() {
				t.Fatalf("%s: weekday %v, want %v", d, d.Weekday(), want.Weekday())
			}
			back, err := New(yy, mm, dd)
			if err != nil || back != d {
				t.Fatalf("%s: round trip gave %v, %v", d, back, err)
			}
			if s := want.Format("2006-01-02"); s != d.String() {
				t.Fatalf("String() = %s, want %s", d, s)
			}
		}
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-31", 1, "2026-02-28"},  // clamped to month end
		{"2028-01-31", 1, "2028-02-29"},  // leap year
		{"2100-01-31", 1, "2100-02-28"},  // century, not leap
		{"2000-01-31", 1, "2000-02-29"},  // 400-year leap
		{"2026-03-31", -1, "2026-02-28"}, // backwards, clamped
		{"2026-05-31", -1, "2026-04-30"},
		{"2026-03-02", 2, "2026-05-02"},
		{"2026-11-15", 3, "2027-02-15"}, // across a year
		{"2027-02-15", -4, "2026-10-15"},
		{"2026-08-31", 6, "2027-02-28"},
		{"2026-01-15", 0, "2026-01-15"},
		{"2026-01-15", -24, "2024-01-15"},
		{"0001-03-01", -2, "0001-01-01"},
	}
	for _, tt := range tests {
		got := MustParse(tt.from).AddMonths(tt.n)
		if got.String() != tt.want {
			t.Errorf("%s %+d months = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
}

func TestAddDaysWeeks(t *testing.T) {
	d := MustParse("2028-02-27")
	if got := d.AddDays(2).String(); got != "2028-02-29" {
		t.Errorf("AddDays(2) = %s", got)
	}
	if got := d.AddDays(3).String(); got != "2028-03-01" {
		t.Errorf("AddDays(3) = %s", got)
	}
	if got := d.AddWeeks(4).String(); got != "2028-03-26" {
		t.Errorf("AddWeeks(4) = %s", got)
	}
	if got := d.AddWeeks(-1).String(); got != "2028-02-20" {
		t.Errorf("AddWeeks(-1) = %s", got)
	}
	if n := MustParse("2027-01-01").DaysSince(MustParse("2026-01-01")); n != 365 {
		t.Errorf("DaysSince = %d", n)
	}
}

func TestWorkingDays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		// Seven working days before Monday 2026-03-16: Fri 13, Thu 12, Wed 11,
		// Tue 10, Mon 9, Fri 6, Thu 5.
		{"2026-03-16", -7, "2026-03-05"},
		{"2026-03-13", 1, "2026-03-16"},  // Friday + 1 skips the weekend
		{"2026-03-14", 1, "2026-03-16"},  // from a Saturday
		{"2026-03-14", 5, "2026-03-20"},  // Saturday + 5 is Friday, not Saturday
		{"2026-03-14", 6, "2026-03-23"},  // then Monday
		{"2026-03-15", -1, "2026-03-13"}, // Sunday − 1 is Friday
		{"2026-03-16", 0, "2026-03-16"},
		{"2026-03-02", 10, "2026-03-16"},
		{"2026-03-02", 23, "2026-04-02"},
		{"2026-03-02", -23, "2026-01-28"},
		{"2028-02-25", 2, "2028-02-29"}, // leap day is a Tuesday
	}
	for _, tt := range tests {
		from := MustParse(tt.from)
		got := from.AddWorkingDays(tt.n)
		if got.String() != tt.want {
			t.Errorf("%s %+d working days = %s, want %s", tt.from, tt.n, got, tt.want)
		}
		if tt.n != 0 {
			if n := WorkingDaysBetween(from, got); n != tt.n && !from.IsWeekend() {
				t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", from, got, n, tt.n)
			}
		}
	}
}

func TestCompare(t *testing.T) {
	a, b := MustParse("2026-05-10"), MustParse("2026-05-12")
	if !a.Before(b) || b.Before(a) || !b.After(a) || a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Error("ordering is wrong")
	}
	if Min(a, b) != a || Max(a, b) != b {
		t.Error("Min/Max wrong")
	}
	var z Date
	if !z.IsZero() || z.String() != "" || a.IsZero() {
		t.Error("zero date wrong")
	}
}

func TestJSON(t *testing.T) {
	type doc struct {
		D Date `json:"d"`
		E Date `json:"e,omitzero"`
	}
	b, err := json.Marshal(doc{D: MustParse("2026-02-28")})
	if err != nil || string(b) != `{"d":"2026-02-28"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var got doc
	if err := json.Unmarshal([]byte(`{"d":"2028-02-29"}`), &got); err != nil || got.D.String() != "2028-02-29" {
		t.Fatalf("Unmarshal = %v, %v", got, err)
	}
	for _, bad := range []string{`{"d":"2026-13-01"}`, `{"d":20260101}`, `{"d":"2026-02-30"}`} {
		if err := json.Unmarshal([]byte(bad), &got); err == nil {
			t.Errorf("Unmarshal(%s) succeeded", bad)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2026-03-02", "2025-02-29", "9999-12-31", "0000-00-00", "20260302"} {
		f.Add(s)
	}
	for _, s := range []string{"2024-02-29", "1900-02-29", "2000-02-29", "0001-01-01", "2026-04-31", "2026-1-02", "+026-01-02", "2026-01-02T", " 2026-01-02", "2026-01-0a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		// An independent oracle: the standard library's reading of the
		// same layout. Both accept the same strings, as the same day.
		// caldate's years start at 1 (there is no year 0 in the Gregorian
		// calendar as plans write it); time's at 0.
		want, werr := time.Parse(time.DateOnly, s)
		if werr == nil && want.Year() < 1 {
			werr = errors.New("year 0")
		}
		if (err == nil) != (werr == nil) {
			t.Fatalf("Parse(%q) error %v, time.Parse error %v", s, err, werr)
		}
		if err != nil {
			return
		}
		if d.Year() != want.Year() || d.Month() != want.Month() || d.Day() != want.Day() {
			t.Fatalf("Parse(%q) = %s, time.Parse gives %s", s, d, want.Format(time.DateOnly))
		}
		if d.String() != s {
			t.Fatalf("Parse(%q).String() = %q", s, d.String())
		}
	})
}

func BenchmarkAddMonths(b *testing.B) {
	d := MustParse("2026-01-31")
	for b.Loop() {
		_ = d.AddMonths(13)
	}
}
