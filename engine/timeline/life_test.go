package timeline

import (
	"strings"
	"testing"

	"github.com/commontext/commontext/internal/testkit/exampletest"
)

// followed edits the worked example into a plan followed through its life
// (engine/schedule TestFollowedPlan, "DIS resolution at a later meeting"):
// done up to a DIS resolution 76 days after the baseline's.
func followed(m map[string]any) {
	m["as_of"] = "2027-04-20"
	m["actuals"] = map[string]any{
		"meetings": map[string]any{"cd-resolution": "ct-2026-07", "dis-resolution": "ct-2027-04"},
		"dates": map[string]any{"cd-ballot": map[string]any{"start": "2026-03-02", "end": "2026-06-02"},
			"dis-registration": map[string]any{"start": "2026-08-05"}, "dis-ballot": map[string]any{"start": "2026-10-05", "end": "2027-01-05"}},
	}
	m["baseline"] = map[string]any{"set": "2026-02-01", "scenario": "best",
		"milestones": map[string]any{"dis-resolution": "2027-01-29", "consent": "2027-02-04", "publication": "2027-03-04"}}
}

// TestBaselineDrawn: the timeline draws each baseline date behind the
// forecast, marks what is done, and says both in words (row text,
// tooltip, legend), not by a mark alone.
func TestBaselineDrawn(t *testing.T) {
	s := exampletest.Schedule(t, "is-ct-aap.json", followed)
	svg, err := SVG(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	root := parse(t, svg)
	var res, consent *node
	var legend []string
	root.walk(0, 0, func(n *node, _, _ float64) {
		if n.hasClass("tl-step") && strings.Contains(svgText(n), "DIS ballot resolution") {
			res = n
		}
		if n.hasClass("tl-step") && strings.HasPrefix(svgText(n), "Consent") {
			consent = n
		}
		if n.hasClass("tl-key") {
			legend = append(legend, svgText(n))
		}
	})
	if res == nil || consent == nil {
		t.Fatal("no DIS resolution or consent row")
	}
	if !res.hasClass("tl-done") || consent.hasClass("tl-done") {
		t.Errorf("done: the resolution %v (want true), consent %v (want false)", res.hasClass("tl-done"), consent.hasClass("tl-done"))
	}
	for _, row := range []struct {
		n     *node
		words string
	}{{res, "· done · +76 d on the baseline"}, {consent, "· +111 d on the baseline"}} {
		var tick, line bool
		row.n.walk(0, 0, func(n *node, _, _ float64) {
			tick = tick || n.hasClass("tl-baseline")
			line = line || n.hasClass("tl-baseline-line")
		})
		if !tick || !line || !strings.Contains(svgText(row.n), row.words) {
			t.Errorf("row %.40q: baseline tick %v, line %v, words %q in %q", svgText(row.n), tick, line, row.words, svgText(row.n))
		}
	}
	keys := strings.Join(legend, "|")
	for _, want := range []string{"done", "the baseline's date"} {
		if !strings.Contains(keys, want) {
			t.Errorf("legend %q lacks %q", keys, want)
		}
	}
	checkReadable(t, "followed", svg, &s.Scenarios[0], false)
}
