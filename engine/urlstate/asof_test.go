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
