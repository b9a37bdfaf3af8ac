package planpage

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/internal/markup"
)

// TestOverview: the coming 12 months of every plan, in date order, each
// step naming its plan; a plan that cannot be planned is named, the others
// still shown; one calendar with an event per step.
func TestOverview(t *testing.T) {
	amd, err := os.ReadFile("../../examples/amendment-tap.json")
	if err != nil {
		t.Fatal(err)
	}
	from := caldate.MustParse("2026-06-01")
	o := NewOverview([]Shown{{Plan: example(t)}, {Plan: amd, Scenario: "fdis"}, {Plan: []byte(`{"version": 1}`)}}, from)
	steps := o.Schedule.Scenarios[0].Steps
	if len(steps) < 10 {
		t.Fatalf("%d steps in 12 months", len(steps))
	}
	plans := map[string]int{}
	for i, st := range steps {
		if st.Start.Before(from) || !st.Start.Before(from.AddMonths(12)) {
			t.Errorf("step %q on %s is outside the 12 months from %s", st.Label, st.Start, from)
		}
		if i > 0 && st.Start.Before(steps[i-1].Start) {
			t.Errorf("step %q on %s after one on %s", st.Label, st.Start, steps[i-1].Start)
		}
		title, _, ok := strings.Cut(st.Label, ": ")
		if !ok {
			t.Errorf("step %q names no plan", st.Label)
		}
		plans[title]++
	}
	if len(plans) != 2 {
		t.Errorf("steps of %d plans (%v), want 2", len(plans), plans)
	}
	if len(o.Problems) != 1 || o.Problems[0].Field != "plans[2]" || !strings.Contains(o.Problems[0].Message, "plan 3") {
		t.Errorf("problems %+v, want plan 3 named", o.Problems)
	}
	cal, err := o.ICS(time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(cal, "BEGIN:VEVENT"); n != len(steps) {
		t.Errorf("%d events for %d steps", n, len(steps))
	}
	uids := map[string]bool{}
	for _, l := range strings.Split(cal, "\r\n") {
		if strings.HasPrefix(l, "UID:") {
			uids[l] = true
		}
	}
	if len(uids) != len(steps) {
		t.Errorf("%d distinct UIDs for %d events", len(uids), len(steps))
	}
	if h := o.HTML(); !strings.Contains(h, "<h3>2026-06</h3>") || !strings.Contains(h, "plan 3 cannot be read") {
		t.Errorf("HTML lacks the first month or the problem: %.200q", h)
	}
}

// TestOverviewSVG: the overview's timeline has one row per plan that could
// be planned, titled by the plan; every step of the 12 months is drawn
// where its date falls, and no mark lies outside the chart.
func TestOverviewSVG(t *testing.T) {
	amd, err := os.ReadFile("../../examples/amendment-tap.json")
	if err != nil {
		t.Fatal(err)
	}
	from := caldate.MustParse("2026-06-01")
	for _, c := range []struct {
		name  string
		plans []Shown
	}{
		{"two plans and one unreadable", []Shown{{Plan: example(t)}, {Plan: amd, Scenario: "fdis"}, {Plan: []byte(`{"version": 1}`)}}},
		{"one plan", []Shown{{Plan: amd}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := NewOverview(c.plans, from)
			svg := o.SVG()
			rows := regexp.MustCompile(`<g class="pf-ov-row"><title>([^<]*)</title>`).FindAllStringSubmatch(svg, -1)
			if len(rows) != len(o.Rows) {
				t.Fatalf("%d rows drawn for %d plans", len(rows), len(o.Rows))
			}
			drawn := 0
			for i, r := range o.Rows {
				if rows[i][1] != markup.Escape(r.Title) {
					t.Errorf("row %d is titled %q, want %q", i, rows[i][1], r.Title)
				}
				drawn += len(r.Steps)
			}
			if n := len(o.Schedule.Scenarios[0].Steps); drawn != n {
				t.Errorf("%d steps in the rows, %d in the list", drawn, n)
			}
			// Each step's mark carries its date, at the x its date gives.
			// A diamond (a decision at a meeting) stands on the step's last
			// day; a bar and a deadline start on its first.
			marks := regexp.MustCompile(`<(?:path|rect) class="tl-(deadline|mark|bar)" (?:d="M([0-9.]+) |x="([0-9.]+)")[^>]*><title>[^<]*: (\d{4}-\d\d-\d\d)(?: to (\d{4}-\d\d-\d\d))?<`).FindAllStringSubmatch(svg, -1)
			if len(marks) != drawn {
				t.Fatalf("%d marks with a date for %d steps", len(marks), drawn)
			}
			chart := float64(ovChartR - ovChartL)
			for _, m := range marks {
				xs := m[2] + m[3]
				x, _ := strconv.ParseFloat(xs, 64)
				d := caldate.MustParse(m[4])
				if m[1] == "mark" && m[5] != "" {
					d = caldate.MustParse(m[5])
				}
				want := ovChartL + float64(d.DaysSince(from))/float64(from.AddMonths(12).DaysSince(from))*chart
				if x < ovChartL-8 || x > ovChartR+8 || x < want-8 || x > want+8 {
					t.Errorf("the mark of %s is at x=%s, want about %.0f (chart %d–%d)", d, xs, want, ovChartL, ovChartR)
				}
			}
			for _, month := range []string{">Jun<", ">Dec<", ">May<", ">2026<", ">2027<"} {
				if !strings.Contains(svg, month) {
					t.Errorf("the axis lacks %s", month)
				}
			}
			if !strings.Contains(o.HTML(), `<figure class="pf-overview-figure">`) || !strings.Contains(o.HTML(), "<h3>2026-06</h3>") {
				t.Errorf("the overview's HTML lacks the timeline or its list")
			}
		})
	}
}
