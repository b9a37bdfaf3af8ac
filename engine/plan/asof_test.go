package plan

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAsOf: the plan's as_of (issue 11 item 1) is read, written and checked
// like target, and a plan without one is written byte for byte as before.
func TestAsOf(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("examples: %v", err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		p, err := Parse(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out, err := Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if p.AsOf.IsZero() && bytes.Contains(out, []byte("as_of")) {
			t.Errorf("%s: as_of written for a plan without one", name)
		}
	}
	b, err := os.ReadFile("../../examples/is-ct-aap.json")
	if err != nil {
		t.Fatal(err)
	}
	with := bytes.Replace(b, []byte(`"mode": "ct",`), []byte(`"mode": "ct", "as_of": "2026-11-29",`), 1)
	p, err := Parse(with)
	if err != nil {
		t.Fatal(err)
	}
	if p.AsOf.String() != "2026-11-29" {
		t.Fatalf("as_of %s, want 2026-11-29", p.AsOf)
	}
	c, _ := MarshalCompact(p)
	p2, err := Parse(c)
	if err != nil || p2.AsOf != p.AsOf {
		t.Errorf("round trip: %v, as_of %s", err, p2.AsOf)
	}
	for _, value := range []string{`"2026-02-30"`, `"1850-01-01"`, `20261129`} {
		bad := bytes.Replace(b, []byte(`"mode": "ct",`), []byte(`"mode": "ct", "as_of": `+value+`,`), 1)
		_, err := Parse(bad)
		var probs Errors
		if !errors.As(err, &probs) || len(probs) != 1 || probs[0].Field != "as_of" || !strings.Contains(probs[0].Message, "as-of date") {
			t.Errorf("as_of %s: %v, want one problem in the field as_of, named the as-of date", value, err)
		}
	}
}
