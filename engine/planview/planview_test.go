package planview

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/commontext/commontext/internal/testkit/exampletest"
)

func parse(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func attr(n *html.Node, k string) string {
	for _, a := range n.Attr {
		if a.Key == k {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, c string) bool {
	return strings.Contains(" "+attr(n, "class")+" ", " "+c+" ")
}

func all(n *html.Node, f func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && f(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// stepRows are the rows of the steps table: step id → its cells' text.
func stepRows(t *testing.T, doc *html.Node) ([]string, map[string][]*html.Node) {
	t.Helper()
	tables := all(doc, func(n *html.Node) bool { return n.Data == "table" && hasClass(n, "pv-steps") })
	if len(tables) != 1 {
		t.Fatalf("%d steps tables", len(tables))
	}
	var ids []string
	cells := map[string][]*html.Node{}
	for _, tr := range all(tables[0], func(n *html.Node) bool { return n.Data == "tr" && attr(n, "data-step") != "" }) {
		id := attr(tr, "data-step")
		ids = append(ids, id)
		cells[id] = all(tr, func(n *html.Node) bool { return n.Data == "td" || n.Data == "th" })
	}
	return ids, cells
}

// TestStepsTable: the steps table scans: rows in date order, each date
// ISO with its weekday in one unbreakable piece, a milestone's date once,
// a duration column, a weekend deadline flagged with the previous working
// day, and "ITU-T" kept in one piece.
func TestStepsTable(t *testing.T) {
	s := exampletest.Schedule(t, "is-ct-aap.json", nil)
	doc := parse(t, Render(s, Options{Clauses: "/c/"}))
	ids, cells := stepRows(t, doc)
	sc := &s.Scenarios[0]
	if len(ids) != len(sc.Steps) {
		t.Fatalf("%d rows for %d steps", len(ids), len(sc.Steps))
	}
	heads := all(doc, func(n *html.Node) bool { return n.Data == "th" && attr(n, "scope") == "col" && text(n) == "Duration" })
	if len(heads) != 1 {
		t.Errorf("no Duration column")
	}
	pos := map[string]int{}
	for i, id := range ids {
		pos[id] = i
	}
	prev := ""
	for _, id := range ids {
		st, _ := sc.Step(id)
		// In date order, every step.
		start := text(cells[id][1])
		if start[:10] < prev {
			t.Errorf("%s (%s) is listed after a step of %s", id, start[:10], prev)
		}
		prev = start[:10]
		// Dates: ISO with the weekday, in one piece.
		for _, tm := range all(cells[id][1], func(n *html.Node) bool { return n.Data == "time" }) {
			if !hasClass(tm.Parent, "pv-nowrap") || tm.NextSibling == nil || tm.NextSibling.NextSibling == nil || !hasClass(tm.NextSibling.NextSibling, "pv-wd") {
				t.Errorf("%s: date %q is not kept in one piece with its weekday", id, text(tm))
			}
		}
		if st.Start == st.End && strings.Contains(text(cells[id][2]), st.End.String()) {
			t.Errorf("%s: a single-day step gives its date twice", id)
		}
		if side := cells[id][4]; !hasClass(side, "pv-nowrap") {
			t.Errorf("%s: the side %q may break", id, text(side))
		}
	}
	// 8.9 b): the final text is due by two months after consent (which
	// ends 2027-02-04), the guide's limit, although the Last Call starts
	// that day: its own row says so.
	if got := text(cells["final-text-due"][1]); !strings.HasPrefix(got, "2027-04-04") {
		t.Errorf("Final text due for the Last Call: %q, want 2027-04-04", got)
	}
	if got := text(cells["lc"][1]); !strings.HasPrefix(got, "2027-02-04") {
		t.Errorf("Last Call starts %q, want 2027-02-04", got)
	}
	for id, want := range map[string]string{"cd-ballot": "3 months", "lc": "1 month", "consent": "10 days"} {
		if got := text(cells[id][3]); got != want {
			t.Errorf("%s: duration %q, want %q", id, got, want)
		}
	}
	// 2026-11-28 is a Saturday: the previous working day is Friday 27.
	if got := text(cells["dis-resolution.convening-letter"][1]); !strings.Contains(got, "2026-11-28 Sat") || !strings.Contains(got, "Saturday: the previous working day is 2026-11-27 Fri") {
		t.Errorf("weekend deadline: %q", got)
	}
	if got := text(cells["cd-resolution.convening-letter"][1]); !strings.Contains(got, "2026-05-07 Thu") || strings.Contains(got, "previous working day") {
		t.Errorf("a Thursday flagged as a weekend: %q", got)
	}
}

// TestBrokenRulesStandOut: a broken rule has a class and a word of its
// own (the page's CSS adds a mark), in the scenario table and in the rule
// checks, unlike a note.
func TestBrokenRulesStandOut(t *testing.T) {
	s := exampletest.Schedule(t, "is-ct-aap.json", func(m map[string]any) {
		m["pins"] = map[string]any{"dates": map[string]any{"lc": "2026-12-01"}}
	})
	doc := parse(t, Render(s, Options{Clauses: "/c/"}))
	cell := all(doc, func(n *html.Node) bool { return n.Data == "td" && hasClass(n, "pv-checks") && hasClass(n, "pv-broken") })
	if len(cell) == 0 || !strings.Contains(text(cell[0]), "broken rule") || len(all(cell[0], func(n *html.Node) bool { return n.Data == "strong" })) != 1 {
		t.Errorf("the scenario table does not flag the broken rule")
	}
	items := all(doc, func(n *html.Node) bool { return n.Data == "li" && hasClass(n, "pv-check") && hasClass(n, "pv-broken") })
	if len(items) == 0 || !strings.HasPrefix(text(items[0]), "Broken rule") {
		t.Errorf("the rule checks do not flag the broken rule: %d items", len(items))
	}
	for _, n := range all(doc, func(n *html.Node) bool { return n.Data == "li" && hasClass(n, "pv-note") }) {
		if hasClass(n, "pv-broken") || !strings.Contains(text(n), "Note") {
			t.Errorf("a note looks like a broken rule: %q", text(n))
		}
	}
	if len(all(doc, func(n *html.Node) bool { return hasClass(n, "tl-broken") })) == 0 {
		t.Errorf("the timeline does not mark the broken rule")
	}
}

// TestResultsComeComplete: the results arrive ready for a keyboard: each
// region that scrolls sideways is a named tab stop, and each scenario not
// shown has a "Show" button (the page's script only wires them).
func TestResultsComeComplete(t *testing.T) {
	s := exampletest.Schedule(t, "is-ct-aap.json", nil)
	doc := parse(t, Render(s, Options{Clauses: "/c/", Scenario: s.Scenarios[1].ID}))
	wraps := all(doc, func(n *html.Node) bool { return hasClass(n, "table-wrap") || hasClass(n, "timeline-wrap") })
	if len(wraps) != 3 {
		t.Errorf("%d regions that scroll, want 3 (scenarios, timeline, steps)", len(wraps))
	}
	for _, w := range wraps {
		if attr(w, "tabindex") != "0" || attr(w, "role") != "region" || !strings.HasSuffix(attr(w, "aria-label"), " (scrolls sideways)") {
			t.Errorf("region %q: tabindex %q, role %q, want a named tab stop", attr(w, "aria-label"), attr(w, "tabindex"), attr(w, "role"))
		}
	}
	for _, tr := range all(doc, func(n *html.Node) bool { return n.Data == "tr" && attr(n, "data-scenario") != "" }) {
		buttons := all(tr, func(n *html.Node) bool { return n.Data == "button" && text(n) == "Show" })
		shown := attr(tr, "aria-current") == "true"
		switch {
		case shown && len(buttons) != 0:
			t.Errorf("the scenario shown, %s, has a Show button", attr(tr, "data-scenario"))
		case !shown && (len(buttons) != 1 || attr(buttons[0], "data-scenario") != attr(tr, "data-scenario")):
			t.Errorf("scenario %s: %d Show buttons, want one that shows it", attr(tr, "data-scenario"), len(buttons))
		}
	}
}
