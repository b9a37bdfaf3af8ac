package rules

import (
	"errors"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/caldate"
)

// engineIDs are the rules the planning engine reads; every set must have
// them.
var engineIDs = []string{
	CDBallot, CD2Ballot, ResolutionWindow, Editing, DISTranslation, DISBallot,
	DTRBallot, DIS2Ballot, DTR2Ballot, FDISBallot, DCORBallot, AAPFinalText,
	LastCall, LCResolution, AdditionalReview, TAPFinalText, TAPAnnouncement,
	TAPDistribution, MoreTime, JTC1AgendaPref, JTC1Agenda, ITUConveningLetter,
	CTContributions, Publication, LCAnnouncement, FDISPreparation,
}

func TestSetsAreComplete(t *testing.T) {
	for _, name := range Names() {
		s, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range engineIDs {
			r, ok := s.Rule(id)
			if !ok {
				t.Errorf("%s: no rule %q", name, id)
				continue
			}
			if r.Clause == "" || r.Label == "" || r.Text == "" {
				t.Errorf("%s: rule %q lacks a clause, label or text", name, id)
			}
			if r.Strength != Must && r.Strength != Should {
				t.Errorf("%s: rule %q: strength %q", name, id, r.Strength)
			}
			if err := s.CheckOverride(id, r.Value); err != nil {
				t.Errorf("%s: rule %q: its own value: %v", name, id, err)
			}
		}
	}
}

// TestGuideValues pins the guide's 2013/2014 values, each with its clause.
func TestGuideValues(t *testing.T) {
	s, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id, want, clause string
	}{
		{CDBallot, "3m", "8.9"},          // "two, three or four months"
		{DISTranslation, "2m", "8.9"},    // "following a two-month translation period"
		{DISBallot, "3m", "8.9"},         // "fivethree-month ballot": inserted text wins
		{DTRBallot, "3m", "8.9"},         // "three to six month letter ballot"
		{DIS2Ballot, "2m", "8.9"},        // "fivetwo to three months"
		{DTR2Ballot, "3m", "8.9"},        // "(three months for DTR or DTS)"
		{FDISBallot, "2m", "8.9"},        // "two-month ballot of the FDIS"
		{DCORBallot, "3m", "8.11.3"},     // "three-month SC ballot/JTC 1 comment period"
		{AAPFinalText, "2m", "8.9"},      // "by 2 months after the SG meeting"
		{TAPFinalText, "4m", "8.9"},      // "by 4 months before the SG meeting"
		{TAPAnnouncement, "3m", "3.1.1"}, // "at least three months before the meeting"
		{TAPDistribution, "1m", "3.1.1"}, // "at least one month before"
		{MoreTime, "4w", "3.1.1"},        // "four weeks from the end of the meeting"
		{LastCall, "4w", "3.1.2"},        // "four-week Last Call"
		{AdditionalReview, "3w", "3.1.2"},
		{JTC1AgendaPref, "4m", "8.4"},
		{JTC1Agenda, "3m", "8.4"},
		{ITUConveningLetter, "2m", "8.4"},
		{CTContributions, "7wd", "8.5"},
		{ResolutionWindow, "10w", "8.6.3"},
		{Editing, "4w", "8.6.2"},
		{LCAnnouncement, "0d", "3.1.2"}, // the Last Call follows consent and the final text at once
		{FDISPreparation, "0d", "8.9"},  // "Immediately following ITU-T approval"
		{Publication, "0d", "8.10"},     // "as soon as practical"
	}
	for _, tt := range tests {
		r, _ := s.Rule(tt.id)
		if r.Value.String() != tt.want || r.Clause != tt.clause {
			t.Errorf("%s = %s (clause %s), want %s (clause %s)", tt.id, r.Value, r.Clause, tt.want, tt.clause)
		}
	}
	if len(s.Overrides()) != 0 {
		t.Errorf("guide set has overrides: %v", s.Overrides())
	}
}

func TestDirectivesWeeks(t *testing.T) {
	s, err := Load("directives-weeks")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Get(CDBallot).String(); got != "8w" {
		t.Errorf("cd-ballot = %s", got)
	}
	if got := s.Get(DISBallot).String(); got != "12w" {
		t.Errorf("dis-ballot = %s", got)
	}
	var ids []string
	for _, o := range s.Overrides() {
		ids = append(ids, o.Rule+"="+o.Value.String()+" (was "+o.Guide.String()+", "+o.Source+")")
	}
	want := "cd-ballot=8w (was 3m, rule set directives-weeks); cd2-ballot=8w (was 3m, rule set directives-weeks); " +
		"dis-ballot=12w (was 3m, rule set directives-weeks); dis-translation=8w (was 2m, rule set directives-weeks); " +
		"fdis-ballot=8w (was 2m, rule set directives-weeks)"
	if got := strings.Join(ids, "; "); got != want {
		t.Errorf("overrides:\n got %s\nwant %s", got, want)
	}
	// The weeks set allows 16 weeks for a CD, not 20.
	if err := s.Override(CDBallot, MustParseDuration("16w"), "plan"); err != nil {
		t.Error(err)
	}
	if err := s.Override(CDBallot, MustParseDuration("20w"), "plan"); err == nil {
		t.Error("20w accepted")
	}
}

func TestOverride(t *testing.T) {
	tests := []struct {
		id, value string
		wantErr   string
	}{
		{CDBallot, "4m", ""},
		{CDBallot, "2m", ""},
		{CDBallot, "12w", ""}, // ~2.8 months
		{CDBallot, "9m", "9m is out of range 2m–4m (clause 8.9)"},
		{CDBallot, "1m", "out of range"},
		{DIS2Ballot, "3m", ""},
		{DIS2Ballot, "4m", "out of range 2m–3m"},
		{DTRBallot, "6m", ""},
		{DTRBallot, "7m", "out of range 3m–6m"},
		{"no-such-rule", "1m", `unknown rule "no-such-rule"`},
	}
	for _, tt := range tests {
		s, _ := Load("")
		err := s.Override(tt.id, MustParseDuration(tt.value), "plan")
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("Override(%s, %s): %v", tt.id, tt.value, err)
			} else if s.Get(tt.id).String() != tt.value {
				t.Errorf("Override(%s, %s) not applied", tt.id, tt.value)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("Override(%s, %s) = %v, want %q", tt.id, tt.value, err, tt.wantErr)
		}
	}
	var re *RangeError
	s, _ := Load("")
	if err := s.Override(CDBallot, MustParseDuration("9m"), "plan"); !errors.As(err, &re) || re.Rule != CDBallot {
		t.Errorf("want a *RangeError, got %v", err)
	}
	// Setting a rule back to the guide's value removes the override.
	s.Override(CDBallot, MustParseDuration("4m"), "plan")
	s.Override(CDBallot, MustParseDuration("3m"), "flag")
	if len(s.Overrides()) != 0 {
		t.Errorf("overrides = %v", s.Overrides())
	}
	if _, err := Load("no-such-set"); err == nil || !strings.Contains(err.Error(), "guide-2014") {
		t.Errorf("Load(no-such-set) = %v", err)
	}
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{in: "3m", want: "3 months"},
		{in: "1w", want: "1 week"},
		{in: "7wd", want: "7 working days"},
		{in: "0d", want: "0 days"},
		{in: "10", wantErr: "unknown unit"},
		{in: "m", wantErr: "want a count and a unit"},
		{in: "3 m", wantErr: "unknown unit"},
		{in: "-3m", wantErr: "want a count"},
		{in: "3y", wantErr: "unknown unit"},
		{in: "1001d", wantErr: "too large"},
		{in: "99999m", wantErr: "want a count"},
	}
	for _, tt := range tests {
		d, err := ParseDuration(tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseDuration(%q) = %v, %v; want %q", tt.in, d, err, tt.wantErr)
			}
			continue
		}
		if err != nil || d.Words() != tt.want || d.String() != tt.in {
			t.Errorf("ParseDuration(%q) = %v (%s), %v", tt.in, d, d.Words(), err)
		}
	}
}

// TestDurationDates computes the guide's periods on hand-checked dates.
func TestDurationDates(t *testing.T) {
	tests := []struct {
		clause string
		what   string
		from   string
		dur    string
		before bool
		want   string
	}{
		{"8.9", "CD ballot of 3 months opening 2026-01-31 closes at the end of April", "2026-01-31", "3m", false, "2026-04-30"},
		{"8.9", "2-month translation from 2027-12-31 ends on leap day", "2027-12-31", "2m", false, "2028-02-29"},
		{"8.9", "AAP final text due 2 months after consent ending 2026-12-31", "2026-12-31", "2m", false, "2027-02-28"},
		{"8.9", "TAP final text 4 months before an SG meeting opening 2027-06-30", "2027-06-30", "4m", true, "2027-02-28"},
		{"3.1.1", "announcement 3 months before a meeting opening 2028-05-31", "2028-05-31", "3m", true, "2028-02-29"},
		{"3.1.2", "Last Call of 4 weeks from 2026-02-10", "2026-02-10", "4w", false, "2026-03-10"},
		{"3.1.2", "Additional Review of 3 weeks from 2028-02-15 crosses leap day", "2028-02-15", "3w", false, "2028-03-07"},
		{"8.5", "CT contributions 7 working days before Monday 2026-03-16", "2026-03-16", "7wd", true, "2026-03-05"},
		{"8.5", "7 working days before Wednesday 2026-04-08 (over Easter weekend, no holidays)", "2026-04-08", "7wd", true, "2026-03-30"},
		{"8.4", "JTC 1 agenda 3 months before a meeting opening 2026-05-31", "2026-05-31", "3m", true, "2026-02-28"},
		{"8.6.3", "resolution within 10 weeks of a ballot closing 2026-12-20", "2026-12-20", "10w", false, "2027-02-28"},
	}
	for _, tt := range tests {
		d := MustParseDuration(tt.dur)
		from := caldate.MustParse(tt.from)
		got := d.After(from)
		if tt.before {
			got = d.Before(from)
		}
		if got.String() != tt.want {
			t.Errorf("clause %s: %s: got %s, want %s", tt.clause, tt.what, got, tt.want)
		}
	}
}

// TestBeforeThenAfter: a date derived backward with Before always passes
// the forward check with After, weekends and month ends included (the
// fuzzer found a Saturday that did not).
func TestBeforeThenAfter(t *testing.T) {
	start := caldate.MustParse("2024-12-01")
	for _, s := range []string{"1wd", "2wd", "5wd", "7wd", "11wd", "1d", "1w", "1m", "3m", "4m"} {
		d, err := ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 120; i++ {
			day := start.AddDays(i)
			b := d.Before(day)
			if a := d.After(b); a.After(day) {
				t.Errorf("%s: Before(%s) = %s, and After of that is %s, after %s", s, day, b, a, day)
			}
		}
	}
	if got := (Duration{N: 1, Unit: WorkingDays}).Before(caldate.MustParse("2024-12-14")); got != caldate.MustParse("2024-12-12") {
		t.Errorf("one working day before Saturday 2024-12-14 = %s, want Thursday 2024-12-12", got)
	}
}
