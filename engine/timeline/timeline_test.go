package timeline

import (
	"encoding/xml"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/engine/svgdraw"
	"github.com/commontext/commontext/internal/testkit/exampletest"
)

var examples = []string{"is-ct-aap.json", "amendment-tap.json", "tr-ci.json", "corrigendum.json", "figure-5a-tap.json", "figure-5b-aap.json"}

// node is an SVG element, parsed.
type node struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Kids    []node     `xml:",any"`
}

func (n *node) attr(name string) string {
	for _, a := range n.Attrs {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func (n *node) class() string { return n.attr("class") }

func (n *node) hasClass(c string) bool {
	return strings.Contains(" "+n.class()+" ", " "+c+" ")
}

// walk visits every element with the translation of its group.
func (n *node) walk(dx, dy float64, f func(n *node, dx, dy float64)) {
	f(n, dx, dy)
	if m := translate.FindStringSubmatch(n.attr("transform")); m != nil {
		x, _ := strconv.ParseFloat(m[1], 64)
		y, _ := strconv.ParseFloat(m[2], 64)
		dx, dy = dx+x, dy+y
	}
	for i := range n.Kids {
		n.Kids[i].walk(dx, dy, f)
	}
}

var translate = regexp.MustCompile(`^translate\(([-0-9.]+) ([-0-9.]+)\)$`)

func parse(t *testing.T, svg string) *node {
	t.Helper()
	var n node
	if err := xml.Unmarshal([]byte(svg), &n); err != nil {
		t.Fatalf("the SVG does not parse: %v", err)
	}
	return &n
}

func num(s string) float64 {
	v, _ := strconv.ParseFloat(s, 64)
	return v
}

// textBox is the box a <text> covers, measured as the layout measures it
// (font sizes of the site's CSS: 13 for names, 11 for the rest).
func textBox(n *node, dx, dy float64) svgdraw.Rect {
	size, avg := 13.0, svgdraw.Regular
	switch {
	case n.hasClass("tl-date") || n.hasClass("tl-dur") || n.hasClass("tl-axis"):
		size, avg = 11, svgdraw.Digits
	case n.hasClass("tl-label") || n.hasClass("tl-lane-title"):
	default: // legend, today
		size = 11
	}
	anchor := n.attr("text-anchor")
	if anchor == "" {
		anchor = "start"
	}
	return svgdraw.TextBox(num(n.attr("x"))+dx, num(n.attr("y"))+dy, anchor, svgdraw.Width(n.Text, size, avg), size)
}

var pathSeg = regexp.MustCompile(`^M([-0-9.]+) ([-0-9.]+)L([-0-9.]+) ([-0-9.]+)$`)

// TestReadable: for every scenario of every example, with and without
// deadlines, the timeline gives every step a row with its full name (never
// cut), its dates and its duration, no row name twice, no text past the
// drawing's edges, no synchronization line through any text, a legend with
// samples, and a size that follows its column.
func TestReadable(t *testing.T) {
	for _, name := range examples {
		s := exampletest.Schedule(t, name, nil)
		for _, sc := range s.Scenarios {
			if sc.Error != "" {
				continue
			}
			for _, deadlines := range []bool{false, true} {
				label := name + "/" + string(sc.ID)
				if deadlines {
					label += "+deadlines"
				}
				svg, err := SVG(s, Options{Scenario: sc.ID, IDPrefix: "x-", Today: sc.Steps[0].Start.AddDays(40), Deadlines: deadlines})
				if err != nil {
					t.Fatalf("%s: %v", label, err)
				}
				checkReadable(t, label, svg, &sc, deadlines)
			}
		}
	}
}

func checkReadable(t *testing.T, label, svg string, sc *schedule.Scenario, deadlines bool) {
	t.Helper()
	root := parse(t, svg)
	if root.attr("width") != "100%" || root.attr("height") != "" || len(strings.Fields(root.attr("viewBox"))) != 4 {
		t.Errorf("%s: width %q height %q viewBox %q: want a viewBox and width 100%%, no fixed size", label, root.attr("width"), root.attr("height"), root.attr("viewBox"))
	}
	if strings.Contains(svg, "style=") || strings.Contains(svg, "<style") || strings.Contains(svg, "…") {
		t.Errorf("%s: inline style or a cut label", label)
	}
	vb := strings.Fields(root.attr("viewBox"))
	w := num(vb[2])

	var texts []svgdraw.Rect
	var textOf []string
	var syncs [][2]svgdraw.Point
	names := map[string]int{}
	steps := map[string]*node{}
	var legendKeys int
	root.walk(0, 0, func(n *node, dx, dy float64) {
		switch {
		case n.XMLName.Local == "text":
			texts = append(texts, textBox(n, dx, dy))
			textOf = append(textOf, n.Text)
		case n.hasClass("tl-sync"):
			m := pathSeg.FindStringSubmatch(n.attr("d"))
			if m == nil {
				t.Fatalf("%s: sync path %q", label, n.attr("d"))
			}
			syncs = append(syncs, [2]svgdraw.Point{{X: num(m[1]) + dx, Y: num(m[2]) + dy}, {X: num(m[3]) + dx, Y: num(m[4]) + dy}})
		case n.hasClass("tl-step") || n.hasClass("tl-meetings"):
			var lines []string
			for i := range n.Kids {
				if n.Kids[i].hasClass("tl-label") {
					lines = append(lines, n.Kids[i].Text)
				}
			}
			names[strings.Join(lines, " ")]++
			if n.hasClass("tl-step") {
				steps[strings.Join(lines, " ")] = n
			}
		case n.hasClass("tl-key"):
			if len(n.Kids) >= 2 && n.Kids[len(n.Kids)-1].XMLName.Local == "text" && n.Kids[len(n.Kids)-1].Text != "" {
				legendKeys++
			}
		}
	})
	for i, b := range texts {
		if b.X < 0 || b.X+b.W > w {
			t.Errorf("%s: %q runs past the drawing's edge (%.1f to %.1f of %.0f)", label, textOf[i], b.X, b.X+b.W, w)
		}
		for _, s := range syncs {
			if b.Crosses(s[0], s[1]) {
				t.Errorf("%s: a synchronization line %v crosses %q", label, s, textOf[i])
			}
		}
	}
	for nm, k := range names {
		if k > 1 {
			t.Errorf("%s: the row %q appears %d times", label, nm, k)
		}
	}
	if legendKeys < 4 {
		t.Errorf("%s: a legend of %d samples", label, legendKeys)
	}
	seen := map[string]int{}
	for _, st := range inOrder(sc) {
		if st.Kind == schedule.KindDeadline && !deadlines {
			continue
		}
		name := st.Label
		if seen[st.Label]++; seen[st.Label] > 1 {
			name += " (" + ordinal(seen[st.Label]) + ")"
		}
		g := steps[name]
		if g == nil {
			t.Errorf("%s: no row named in full %q", label, st.Label)
			continue
		}
		var all []string
		for _, k := range g.Kids {
			all = append(all, k.Text)
		}
		text := strings.Join(all, "|")
		if !strings.Contains(text, st.Start.String()) || !strings.Contains(text, st.End.String()) {
			t.Errorf("%s: %q: dates missing in %q", label, st.Label, text)
		}
		if d := Duration(&st); d != "" && st.Kind != schedule.KindMeeting && !strings.Contains(text, d) {
			t.Errorf("%s: %q: duration %q missing in %q", label, st.Label, d, text)
		}
	}
}

// TestBrokenRuleMarked: a step that breaks a rule is marked without
// relying on colour: a flag with "!", hatching on its bar, and words in
// the description.
func TestBrokenRuleMarked(t *testing.T) {
	s := exampletest.Schedule(t, "is-ct-aap.json", func(m map[string]any) {
		m["pins"] = map[string]any{"dates": map[string]any{"lc": "2026-12-01"}}
	})
	sc := &s.Scenarios[0]
	var broken *schedule.Violation
	for i, v := range sc.Violations {
		if v.Severity == "error" {
			broken = &sc.Violations[i]
		}
	}
	if broken == nil {
		t.Fatalf("pinning the Last Call early breaks no rule: %+v", sc.Violations)
	}
	st, _ := sc.Step(broken.Step)
	svg, err := SVG(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	root := parse(t, svg)
	var desc string
	var marked *node
	root.walk(0, 0, func(n *node, _, _ float64) {
		if n.XMLName.Local == "desc" {
			desc = n.Text
		}
		if n.hasClass("tl-broken") && n.hasClass("tl-step") {
			marked = n
		}
	})
	if marked == nil {
		t.Fatalf("the step %q that breaks %s is not marked", st.Label, broken.Rule)
	}
	var flag, hatch, named bool
	marked.walk(0, 0, func(n *node, _, _ float64) {
		flag = flag || n.hasClass("tl-flag") && strings.Contains(svgText(n), "!")
		hatch = hatch || n.hasClass("tl-hatch") && strings.Count(n.attr("d"), "M") > 2
		named = named || n.hasClass("tl-label") && strings.HasPrefix(st.Label, n.Text)
	})
	if !flag || !named || (!isMark(st) && !hatch) {
		t.Errorf("%q: flag %v, hatching %v, its own row %v", st.Label, flag, hatch, named)
	}
	if !strings.Contains(desc, "Broken rule at "+st.Label) {
		t.Errorf("the description does not name the broken rule: %q", desc)
	}
	checkReadable(t, "broken", svg, sc, false)
}

// inOrder is the scenario's steps in date order.
func inOrder(sc *schedule.Scenario) []schedule.Step {
	steps := append([]schedule.Step(nil), sc.Steps...)
	slices.SortStableFunc(steps, func(a, b schedule.Step) int { return a.Start.Compare(b.Start) })
	return steps
}

func svgText(n *node) string {
	s := n.Text
	for i := range n.Kids {
		s += svgText(&n.Kids[i])
	}
	return s
}

func TestDuration(t *testing.T) {
	for _, c := range []struct {
		kind, start, end, want string
	}{
		{schedule.KindBallot, "2026-03-02", "2026-06-02", "3 months"},
		{schedule.KindPeriod, "2027-02-04", "2027-03-04", "1 month"},
		{schedule.KindPeriod, "2027-01-31", "2027-02-28", "1 month"},
		{schedule.KindPeriod, "2027-06-07", "2027-09-06", "13 weeks"},
		{schedule.KindPeriod, "2027-06-07", "2027-06-10", "3 days"},
		{schedule.KindMeeting, "2027-01-26", "2027-02-04", "10 days"},
		{schedule.KindMilestone, "2027-01-26", "2027-01-26", ""},
	} {
		st := schedule.Step{Kind: c.kind, Start: caldate.MustParse(c.start), End: caldate.MustParse(c.end)}
		if got := Duration(&st); got != c.want {
			t.Errorf("%s %s–%s: %q, want %q", c.kind, c.start, c.end, got, c.want)
		}
	}
}

// TestAgenda: the phone's agenda lists every step in date order.
func TestAgenda(t *testing.T) {
	s := exampletest.Schedule(t, "is-ct-aap.json", nil)
	h, err := HTML(s, Options{Deadlines: true})
	if err != nil {
		t.Fatal(err)
	}
	_, agenda, ok := strings.Cut(h, `<ol class="tl-agenda"`)
	if !ok || !strings.HasPrefix(h, `<div class="timeline-wrap"><svg`) {
		t.Fatalf("no agenda after the drawing: %.200s", h)
	}
	items := regexp.MustCompile(`<span class="tl-a-dates">([0-9-]{10})[^<]*</span> <span class="tl-a-name">([^<]*)</span>`).FindAllStringSubmatch(agenda, -1)
	sc := &s.Scenarios[0]
	if len(items) != len(sc.Steps) {
		t.Errorf("%d agenda items for %d steps", len(items), len(sc.Steps))
	}
	prev, dates := "", map[string]string{}
	for _, it := range items {
		dates[it[2]] = it[1]
		if it[1] < prev {
			t.Errorf("agenda out of order: %s after %s", it[1], prev)
		}
		prev = it[1]
	}
	// 8.9 b): the final text is due by two months after consent (ending
	// 2027-02-04), the guide's limit, whenever the Last Call starts.
	if got := dates["Final text due for the Last Call"]; got != "2027-04-04" {
		t.Errorf("the final text's deadline is listed on %q, want 2027-04-04", got)
	}
	if got := dates["Last Call"]; got != "2027-02-04" {
		t.Errorf("the Last Call is listed on %q, want 2027-02-04", got)
	}
}

func TestSVGErrors(t *testing.T) {
	s := exampletest.Schedule(t, "is-ct-aap.json", nil)
	if _, err := SVG(s, Options{Scenario: "nope"}); err == nil {
		t.Error("unknown scenario: no error")
	}
	if _, err := SVG(&schedule.Schedule{}, Options{}); err == nil {
		t.Error("empty schedule: no error")
	}
	// Today outside the drawn period is not drawn.
	svg, err := SVG(s, Options{Today: caldate.MustParse("1999-01-01")})
	if err != nil || strings.Contains(svg, "tl-today") {
		t.Errorf("today 1999: err %v, marked %v", err, strings.Contains(svg, "tl-today"))
	}
}

func BenchmarkSVG(b *testing.B) {
	s := exampletest.Schedule(b, "is-ct-aap.json", nil)
	var size int
	for b.Loop() {
		svg, err := SVG(s, Options{Deadlines: true})
		if err != nil {
			b.Fatal(err)
		}
		size = len(svg)
	}
	b.ReportMetric(float64(size), "svg-bytes")
}
