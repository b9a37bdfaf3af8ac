package plan

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// withLife is goodPlan followed through its life (issue 18): an as-of
// date, what happened, a baseline and a revision.
var withLife = strings.Replace(goodPlan, `"meetings": {
    "itu"`, `"as_of": "2026-08-01",
  "actuals": {"meetings": {"cd-resolution": "sc27-2026-04"}, "dates": {"cd-ballot": {"start": "2026-01-12", "end": "2026-04-12"}, "dis-registration": {"start": "2026-06-01"}}},
  "baseline": {"set": "2026-03-01", "scenario": "best", "milestones": {"consent": "2027-01-28", "publication": "2027-09-01"}},
  "revision": 7,
  "meetings": {
    "itu"`, 1)

// TestActualsRoundTrip: actuals, a baseline and the revision are read,
// written back (compact and indented) as encoding/json would write them,
// and read again to the same plan; the schema accepts what is written.
func TestActualsRoundTrip(t *testing.T) {
	if withLife == goodPlan {
		t.Fatal("test plan edit does not apply")
	}
	p, err := Parse([]byte(withLife))
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Actuals.Dates["cd-ballot"]; got.Start.String() != "2026-01-12" || got.End.String() != "2026-04-12" {
		t.Errorf("cd-ballot actual %+v", got)
	}
	if got := p.Actuals.Dates["dis-registration"]; got.Start.String() != "2026-06-01" || !got.End.IsZero() {
		t.Errorf("dis-registration actual %+v", got)
	}
	if p.Actuals.Meetings["cd-resolution"] != "sc27-2026-04" || p.Revision != 7 || p.Baseline == nil ||
		p.Baseline.Scenario != "best" || p.Baseline.Milestones["publication"].String() != "2027-09-01" || p.Baseline.Set.String() != "2026-03-01" {
		t.Errorf("decoded %+v %+v %d", p.Actuals, p.Baseline, p.Revision)
	}
	for _, marshal := range []func(*Plan) ([]byte, error){Marshal, MarshalCompact} {
		b, _ := marshal(p)
		std, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var a, c bytes.Buffer
		_ = json.Compact(&a, b)
		_ = json.Compact(&c, std)
		if a.String() != c.String() {
			t.Errorf("written\n%s\nencoding/json writes\n%s", a.String(), c.String())
		}
		p2, err := Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		b2, _ := marshal(p2)
		if !bytes.Equal(b, b2) {
			t.Errorf("second round trip differs:\n%s\n%s", b, b2)
		}
		if err := schemaVerdict(t, compileSchema(t), b); err != nil {
			t.Errorf("written plan does not match the schema: %v", err)
		}
	}
}

// TestActualsProblems: each fault in the actuals, the baseline or the
// revision is one problem at its field, in the user's words.
func TestActualsProblems(t *testing.T) {
	cases := []struct {
		name, old, new, field, words string
	}{
		{"unknown step", `"cd-resolution": "sc27`, `"cd-vote": "sc27`, "actuals.meetings.cd-vote", "not a decision taken at a meeting"},
		{"unknown meeting", `"cd-resolution": "sc27-2026-04"`, `"cd-resolution": "sc27-2031"`, "actuals.meetings.cd-resolution", `CD ballot resolution was taken at meeting "sc27-2031", which is in none of the calendars`},
		{"meeting after as_of", `"cd-resolution": "sc27-2026-04"`, `"consent": "sg17-2027-01"`, "actuals.meetings.consent", "after the as-of date 2026-08-01: what has not happened yet is a pin"},
		{"date after as_of", `"dis-registration": {"start": "2026-06-01"}`, `"dis-registration": {"start": "2026-09-01"}`, "actuals.dates.dis-registration.start", "DIS registration is recorded as done on 2026-09-01, after the as-of date 2026-08-01"},
		{"end after as_of", `"end": "2026-04-12"`, `"end": "2026-08-12"`, "actuals.dates.cd-ballot.end", "CD ballot is recorded as done on 2026-08-12, after the as-of date"},
		{"end before start", `"end": "2026-04-12"`, `"end": "2026-01-11"`, "actuals.dates.cd-ballot.end", "CD ballot is recorded as ending 2026-01-11, before it started (2026-01-12)"},
		{"no start", `{"start": "2026-06-01"}`, `{"end": "2026-06-01"}`, "actuals.dates.dis-registration.start", "actual start of DIS registration is missing"},
		{"unknown date step", `"dis-registration": {`, `"dis-vote": {`, "actuals.dates.dis-vote", "not a step that can be recorded as done with dates"},
		{"date not a date", `"2026-06-01"}}`, `"2026-06-31"}}`, "actuals.dates.dis-registration.start", "actual start of DIS registration"},
		{"unknown field", `{"start": "2026-06-01"}`, `{"start": "2026-06-01", "place": "x"}`, "actuals.dates.dis-registration.place", "has no field"},
		{"baseline without scenario", `"scenario": "best", `, ``, "baseline.scenario", "scenario is missing"},
		{"baseline bad date", `"publication": "2027-09-01"`, `"publication": "2027-13-01"`, "baseline.milestones.publication", "baseline's date for Publication"},
		{"revision negative", `"revision": 7`, `"revision": -1`, "revision", "not a whole number"},
		{"revision fraction", `"revision": 7`, `"revision": 7.5`, "revision", "not a whole number"},
		{"revision string", `"revision": 7`, `"revision": "7"`, "revision", "must be a whole number"},
		{"revision too large", `"revision": 7`, `"revision": 1e12`, "revision", "not a whole number from 0 to"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(withLife, c.old) {
				t.Fatalf("edit %q does not apply", c.old)
			}
			_, err := Parse([]byte(strings.Replace(withLife, c.old, c.new, 1)))
			var probs Errors
			if !errors.As(err, &probs) || len(probs) != 1 {
				t.Fatalf("got %v, want one problem", err)
			}
			if probs[0].Field != c.field || !strings.Contains(probs[0].Message, c.words) {
				t.Errorf("got %s: %s\nwant %s: …%s…", probs[0].Field, probs[0].Message, c.field, c.words)
			}
		})
	}
}

// TestRevisionAsTheSchemaReadsIt: a revision written 7.0 or 70e-1 is the
// whole number 7, as JSON Schema's "integer" reads it; 7.5 is not.
func TestRevisionAsTheSchemaReadsIt(t *testing.T) {
	sch := compileSchema(t)
	for _, c := range []struct {
		text string
		want int
		ok   bool
	}{{"7", 7, true}, {"7.0", 7, true}, {"70e-1", 7, true}, {"0.7e1", 7, true}, {"0", 0, true}, {"0.0", 0, true},
		{"7.5", 0, false}, {"1073741825", 0, false}, {"1e400", 0, false}, {"-1", 0, false}} {
		data := []byte(strings.Replace(withLife, `"revision": 7`, `"revision": `+c.text, 1))
		p, err := Parse(data)
		if ok := err == nil; ok != c.ok || ok && p.Revision != c.want {
			t.Errorf("revision %s: %v, %v; want %d, %v", c.text, p, err, c.want, c.ok)
		}
		if schemaOK := schemaVerdict(t, sch, data) == nil; schemaOK != c.ok {
			t.Errorf("revision %s: the schema says %v, the decoder %v", c.text, schemaOK, c.ok)
		}
	}
}
