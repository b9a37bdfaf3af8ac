package schedule

import (
	"crypto/sha256"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
)

var updateGolden = flag.Bool("update-golden", false, "rewrite testdata/before-actuals.txt from the current engine")

// TestOldPlansUnchanged: a plan without actuals or a baseline is planned
// exactly as before issue 18 (actuals, a baseline and the revision are
// optional fields of the same version 1). testdata/before-actuals.txt was
// written by the engine before actuals existed: for every example plan
// (with any actuals, baseline and revision taken out), read as of its own
// as_of and as of 1 June 2027, each scenario's publication and a SHA-256
// of the whole schedule's JSON. A plan read as of a day on or after its
// start is followed from that start (see startFact), so those rows are
// left out here and checked by TestStartIsAFact.
func TestOldPlansUnchanged(t *testing.T) {
	files, err := filepath.Glob("../../examples/*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("examples: %v", err)
	}
	var b strings.Builder
	started := map[string]bool{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".json")
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, asOf := range []string{"", "2027-06-01"} {
			p, err := plan.Parse(data)
			if err != nil {
				t.Fatal(err)
			}
			p.Actuals, p.Baseline, p.Revision = plan.Actuals{}, nil, 0
			var opt Options
			if asOf != "" {
				opt.AsOf = caldate.MustParse(asOf)
			}
			key := fmt.Sprintf("%s as-of=%q:", name, asOf)
			if asOf != "" && !p.Start.Date.After(opt.AsOf) {
				// Read on a day on or after its start, a plan is
				// followed from its start (a fact): what was planned
				// between the start and that day without an actual is
				// overdue now, by design (TestStartIsAFact).
				started[key] = true
				continue
			}
			b.WriteString(key)
			s, err := New(p, opt)
			if err != nil {
				fmt.Fprintf(&b, " error %s\n", err)
				continue
			}
			js, err := json.Marshal(s)
			if err != nil {
				t.Fatal(err)
			}
			for _, sc := range s.Scenarios {
				fmt.Fprintf(&b, " %s=%s", sc.ID, sc.Publication)
			}
			fmt.Fprintf(&b, " sha256=%x\n", sha256.Sum256(js))
		}
	}
	golden := filepath.Join("testdata", "before-actuals.txt")
	if *updateGolden {
		if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	got, wantLines := strings.Split(b.String(), "\n"), []string{}
	for _, w := range strings.Split(string(want), "\n") {
		if key, _, _ := strings.Cut(w, ":"); !started[key+":"] {
			wantLines = append(wantLines, w)
		}
	}
	for i := range max(len(got), len(wantLines)) {
		g, w := "", ""
		if i < len(got) {
			g = got[i]
		}
		if i < len(wantLines) {
			w = wantLines[i]
		}
		if g != w {
			t.Errorf("planned differently from before actuals existed:\n got  %s\n want %s", g, w)
		}
	}
}
