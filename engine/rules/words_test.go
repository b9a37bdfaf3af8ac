package rules

import (
	"strings"
	"testing"
)

// TestParseWords: the page's duration fields take the forms people type and
// give the compact form the plan stores; what they cannot read is refused
// with a message saying, in words, what is accepted.
func TestParseWords(t *testing.T) {
	for _, tt := range []struct {
		in, want, wantErr string
	}{
		{in: "6 weeks", want: "6w"},
		{in: "6w", want: "6w"},
		{in: "  2  Months ", want: "2m"},
		{in: "1 month", want: "1m"},
		{in: "10 working days", want: "10wd"},
		{in: "10 business days", want: "10wd"},
		{in: "7wd", want: "7wd"},
		{in: "3m", want: "3m"},
		{in: "3 M", want: "3m"},
		{in: "3 fortnights", want: "6w"},
		{in: "1 fortnight", want: "2w"},
		{in: "30 days", want: "30d"},
		{in: "0d", want: "0d"},
		{in: "3 moons", wantErr: "“3 moons” is not a duration: write a whole number and a unit: days, working days, weeks, fortnights or months"},
		{in: "weeks", wantErr: "is not a duration"},
		{in: "6", wantErr: "is not a duration"},
		{in: "-6 weeks", wantErr: "is not a duration"},
		{in: "1.5 months", wantErr: "is not a duration"},
		{in: "six weeks", wantErr: "is not a duration"},
		{in: "501 fortnights", wantErr: "at most 1000 weeks"},
		{in: "1001 days", wantErr: "at most 1000 days"},
	} {
		d, err := ParseWords(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseWords(%q) = %v, %v; want an error with %q", tt.in, d, err, tt.wantErr)
			}
			continue
		}
		if err != nil || d.String() != tt.want {
			t.Errorf("ParseWords(%q) = %v, %v; want %s", tt.in, d, err, tt.want)
		}
	}
}
