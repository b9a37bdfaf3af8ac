package planview

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/internal/testkit/exampletest"
)

// TestFollowedPlanShown: the results of a plan followed through its life
// (engine/schedule TestFollowedPlan, "DIS resolution at a later meeting")
// say how far publication moved since the baseline and why; the steps
// table has baseline, actual, forecast and slip columns; the 8.6.3
// warning on the resolution is told as history; the scenario the
// actuals rule out says so; each step that can be recorded as done has
// its form, with the meeting it took place at chosen; and "Set as
// baseline" carries the scenario's dates.
func TestFollowedPlanShown(t *testing.T) {
	s := exampletest.Schedule(t, "is-ct-aap.json", func(m map[string]any) {
		m["as_of"] = "2027-04-20"
		m["actuals"] = map[string]any{
			"meetings": map[string]any{"cd-resolution": "ct-2026-07", "dis-resolution": "ct-2027-04"},
			"dates": map[string]any{"cd-ballot": map[string]any{"start": "2026-03-02", "end": "2026-06-02"},
				"dis-registration": map[string]any{"start": "2026-08-05"}, "dis-ballot": map[string]any{"start": "2026-10-05", "end": "2027-01-05"}},
		}
		m["baseline"] = map[string]any{"set": "2026-02-01", "scenario": "best",
			"milestones": map[string]any{"dis-resolution": "2027-01-29", "consent": "2027-02-04", "publication": "2027-03-04"}}
	})
	doc := parse(t, Render(s, Options{Clauses: "/c/", Today: caldate.MustParse("2027-04-20")}))
	page := text(doc)
	for _, want := range []string{
		"Publication has moved +111 d since the baseline.",
		"moved by DIS ballot resolution: at CT on X.1299 | 27599 (SG17 Q10 and SC 27/WG 5) (2027-04-13 to 2027-04-15, Ottawa, CA), +76 d.",
		"Warning in what happened",
		"Ruled out by what happened: DIS registration is recorded without a second CD ballot",
		"1 in what happened; all other rules hold",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the results lack %q", want)
		}
	}
	var heads []string
	for _, th := range all(doc, func(n *html.Node) bool { return n.Data == "th" && attr(n, "scope") == "col" }) {
		heads = append(heads, text(th))
	}
	if h := strings.Join(heads, "|"); !strings.Contains(h, "Start|End|Baseline|Actual|Forecast|Slip|Duration") {
		t.Errorf("steps table columns %q", h)
	}
	_, cells := stepRows(t, doc)
	row := func(id string) []string {
		var out []string
		for _, c := range cells[id] {
			out = append(out, strings.TrimSpace(text(c)))
		}
		return out
	}
	// Step | Start | End | Baseline | Actual | Forecast | Slip | …
	if r := row("dis-resolution"); !strings.HasPrefix(r[3], "2027-01-29") || !strings.HasPrefix(r[4], "2027-04-15") || r[5] != "" || r[6] != "+76 d" || !strings.Contains(r[0], "Done") {
		t.Errorf("DIS resolution row %q", r)
	}
	if r := row("consent"); !strings.HasPrefix(r[3], "2027-02-04") || r[4] != "" || !strings.HasPrefix(r[5], "2027-05-26") || r[6] != "+111 d" {
		t.Errorf("consent row %q", r)
	}
	forms := all(doc, func(n *html.Node) bool { return n.Data == "details" && hasClass(n, "pv-record") })
	var resForm *html.Node
	for _, f := range forms {
		if strings.Contains(text(f), "DIS ballot resolution was taken at") {
			resForm = f
		}
	}
	if len(forms) < 8 || resForm == nil {
		t.Fatalf("%d record forms, the DIS resolution's %v", len(forms), resForm != nil)
	}
	sel := all(resForm, func(n *html.Node) bool {
		return n.Data == "option" && attr(n, "selected") != "" || n.Data == "option" && hasAttr(n, "selected")
	})
	if len(sel) != 1 || attr(sel[0], "value") != "ct-2027-04" {
		t.Errorf("the DIS resolution's form does not choose the meeting it took place at: %d selected", len(sel))
	}
	buttons := all(doc, func(n *html.Node) bool { return n.Data == "button" && attr(n, "data-act") == "baseline" })
	if len(buttons) != 1 || !strings.Contains(attr(buttons[0], "data-milestones"), "publication=2027-06-23") || attr(buttons[0], "data-scenario") != "best" {
		t.Errorf("Set as baseline: %d buttons", len(buttons))
	}
}

func hasAttr(n *html.Node, k string) bool {
	for _, a := range n.Attr {
		if a.Key == k {
			return true
		}
	}
	return false
}
