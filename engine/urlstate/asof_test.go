package urlstate

import (
	"os"
	"testing"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
)

// TestAsOfKept: the plan's as_of survives the URL state (issue 11 item 1).
func TestAsOfKept(t *testing.T) {
	b, err := os.ReadFile("../../examples/is-ct-aap.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	p.AsOf = caldate.MustParse("2026-11-29")
	s, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := Decode(s)
	if err != nil {
		t.Fatal(err)
	}
	if q.AsOf != p.AsOf {
		t.Errorf("as_of %s after the URL state, want %s", q.AsOf, p.AsOf)
	}
}

// TestLifeKept: a plan's actuals, baseline and revision survive the URL
// state byte for byte (issue 18).
func TestLifeKept(t *testing.T) {
	b, err := os.ReadFile("../../examples/is-ct-aap.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	p.AsOf = caldate.MustParse("2027-04-20")
	p.Actuals = plan.Actuals{
		Meetings: map[string]string{"cd-resolution": "ct-2026-07", "dis-resolution": "ct-2027-04"},
		Dates: map[string]plan.Actual{"cd-ballot": {Start: caldate.MustParse("2026-03-02"), End: caldate.MustParse("2026-06-02")},
			"dis-registration": {Start: caldate.MustParse("2026-08-05")}},
	}
	p.Baseline = &plan.Baseline{Set: caldate.MustParse("2026-02-01"), Scenario: "best",
		Milestones: map[string]caldate.Date{"consent": caldate.MustParse("2027-02-04"), "publication": caldate.MustParse("2027-03-04")}}
	p.Revision = 12
	s, err := Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	q, err := Decode(s)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := plan.Marshal(p)
	got, _ := plan.Marshal(q)
	if string(got) != string(want) {
		t.Errorf("after the URL state:\n%s\nwant\n%s", got, want)
	}
}
