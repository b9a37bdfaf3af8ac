package planpage

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/ics"
	"github.com/commontext/commontext/engine/internal/markup"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
)

// OverviewMonths is how far ahead the secretariat's overview looks.
const OverviewMonths = 12

// Shown is one stored plan and the scenario its reader looks at.
type Shown struct {
	Plan     []byte // a plan file
	Scenario string // empty or unknown: the first
}

// Overview is the secretariat's view of every plan kept in a browser: the
// steps of each plan's scenario shown that start in the OverviewMonths
// from a day, in date order, as one schedule (so that it exports as one
// calendar) whose steps name their plan.
type Overview struct {
	Schedule *schedule.Schedule
	// From is the first day of the overview.
	From caldate.Date
	// Rows are the plans that could be planned, in the order given, each
	// with its steps in the overview's months: the timeline's rows.
	Rows []OverviewRow
	// Problems name the plans that could not be planned, by title.
	Problems []Problem
}

// NewOverview plans each plan and gathers its coming steps.
func NewOverview(plans []Shown, from caldate.Date) Overview {
	return newOverview(plans, from, from.AddMonths(OverviewMonths), false)
}

// newOverview gathers the steps of each plan that start from from, before
// until; asOf plans each as of from, as the programme of work does.
func newOverview(plans []Shown, from, until caldate.Date, asOf bool) Overview {
	all := &schedule.Schedule{PlanID: "commontext-overview", Title: "Deadlines of all plans"}
	sc := schedule.Scenario{ID: "overview", Label: "All plans"}
	out := Overview{From: from}
	for i, sh := range plans {
		p, err := plan.Parse(sh.Plan)
		if err != nil {
			out.Problems = append(out.Problems, Problem{Field: fmt.Sprintf("plans[%d]", i), Message: fmt.Sprintf("plan %d cannot be read: %v", i+1, err)})
			continue
		}
		if asOf {
			p.AsOf = from
		}
		title := p.Title
		if title == "" {
			title = fmt.Sprintf("Plan %d", i+1)
		}
		s, err := schedule.New(p, schedule.Options{})
		if err != nil {
			out.Problems = append(out.Problems, Problem{Field: fmt.Sprintf("plans[%d]", i), Message: fmt.Sprintf("%s cannot be planned: %v", title, err)})
			continue
		}
		shown, ok := s.Scenario(schedule.ScenarioID(sh.Scenario))
		if !ok {
			shown = &s.Scenarios[0]
		}
		// IDs are made unique across plans, and stable: a calendar app
		// updates the events of a plan when the overview is imported again.
		prefix := p.ID.String() + "/" + string(shown.ID) + "/"
		for _, m := range s.Meetings {
			m.ID = prefix + m.ID
			all.Meetings = append(all.Meetings, m)
		}
		row := OverviewRow{Title: title}
		for _, st := range shown.Steps {
			if st.Start.Before(from) || !st.Start.Before(until) {
				continue
			}
			row.Steps = append(row.Steps, st)
			st.ID = prefix + st.ID
			if st.Meeting != "" {
				st.Meeting = prefix + st.Meeting
			}
			st.Label = title + ": " + st.Label
			st.Scenario = sc.ID
			sc.Steps = append(sc.Steps, st)
		}
		out.Rows = append(out.Rows, row)
	}
	slices.SortStableFunc(sc.Steps, func(a, b schedule.Step) int { return a.Start.Compare(b.Start) })
	all.Scenarios = []schedule.Scenario{sc}
	out.Schedule = all
	return out
}

// HTML is the overview for the planner page: the plans on one timeline,
// then the same steps as a list by month, the timeline's text alternative.
func (o Overview) HTML() string {
	var b strings.Builder
	steps := o.Schedule.Scenarios[0].Steps
	if len(steps) == 0 {
		b.WriteString(`<p>No step of any plan falls in the next 12 months.</p>`)
	} else {
		fmt.Fprintf(&b, `<figure class="pf-overview-figure"><div class="timeline-wrap">%s</div><figcaption>The next 12 months of every plan, one row per plan. The list below gives the same steps by month.</figcaption></figure>`, o.SVG())
	}
	month := ""
	for _, st := range steps {
		if m := st.Start.String()[:7]; m != month {
			if month != "" {
				b.WriteString(`</tbody></table></div>`)
			}
			month = m
			fmt.Fprintf(&b, `<h3>%s</h3><div class="table-wrap"><table class="pf-overview"><thead><tr><th scope="col">Date</th><th scope="col">Plan: step</th><th scope="col">Kind</th></tr></thead><tbody>`, month)
		}
		fmt.Fprintf(&b, `<tr class="pv-%s"><td><time datetime="%s">%s</time> %s</td><td>%s</td><td>%s</td></tr>`,
			markup.Escape(st.Kind), st.Start, st.Start, st.Start.Weekday().String()[:3], markup.Escape(st.Label), markup.Escape(st.Kind))
	}
	if month != "" {
		b.WriteString(`</tbody></table></div>`)
	}
	for _, p := range o.Problems {
		fmt.Fprintf(&b, `<p class="pv-error">%s</p>`, markup.Escape(p.Message))
	}
	return b.String()
}

// ICS is the overview as one calendar.
func (o Overview) ICS(now time.Time) (string, error) {
	var b bytes.Buffer
	err := ics.Write(&b, o.Schedule, ics.Options{Now: now})
	return b.String(), err
}
