package planview

import (
	"fmt"
	"slices"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
)

// A plan followed through its life (issue 18) is shown with what happened:
// the headline says how far publication moved since the baseline and why,
// the steps table has baseline, actual and forecast columns and the slip,
// and each step that can be recorded as done has a small form for it. The
// page's script (assets/js/planner/life.js) reads these forms and the
// "Set as baseline" button; the engine does the rest.

// headline says how far publication moved since the baseline, and offers
// to set the scenario shown as the baseline.
func headline(s *schedule.Schedule, sc *schedule.Scenario) string {
	var b strings.Builder
	if sl := sc.Slip; sl != nil {
		moved := "has not moved"
		if sl.Days != 0 {
			moved = "has moved " + schedule.Days(sl.Days)
		}
		fmt.Fprintf(&b, `<p class="pv-slip"><strong>Publication %s since the baseline.</strong> %s</p>`, moved, esc(sl.Reason))
	}
	if sc.Error != "" || len(sc.Steps) == 0 {
		return b.String()
	}
	var ms []string
	for _, st := range sc.Steps {
		if st.Kind == schedule.KindDeadline || strings.HasSuffix(st.ID, "-comments") {
			continue // deadlines follow their meetings; comments their ballots
		}
		ms = append(ms, st.ID+"="+st.End.String())
	}
	fmt.Fprintf(&b, `<p class="pv-baseline no-print"><button type="button" class="pf-life" data-act="baseline" data-scenario="%s" data-label="%s" data-milestones="%s">Set as baseline</button> keeps the dates of “%s” in the plan, to measure the slip of later forecasts against.</p>`,
		esc(string(sc.ID)), esc(sc.Label), esc(strings.Join(ms, " ")), esc(sc.Label))
	b.WriteString("\n")
	return b.String()
}

// lifeShown says whether the scenario shown has the columns of a followed
// plan to fill: a step done, or a baseline date. A step that is only
// overdue (a plan read after its start, with nothing recorded) says so in
// its row, without four empty columns.
func lifeShown(sc *schedule.Scenario) bool {
	return slices.ContainsFunc(sc.Steps, func(st schedule.Step) bool { return st.Status == schedule.StatusDone || !st.Baseline.IsZero() })
}

// lifeCells are a step's baseline, actual and forecast end, and its slip.
func lifeCells(st *schedule.Step) string {
	base, actual, forecast, slip := "", "", "", ""
	if !st.Baseline.IsZero() {
		base = dateCell(st.Baseline)
		slip = `<span class="pv-nowrap">` + schedule.Days(st.Slip) + `</span>`
	}
	if st.Status == schedule.StatusDone {
		actual = dateCell(st.End)
	} else {
		forecast = dateCell(st.End)
	}
	return fmt.Sprintf(`<td>%s</td><td>%s</td><td>%s</td><td class="pv-slip-cell">%s</td>`, base, actual, forecast, slip)
}

// recordForm is the form that records a step as done: its dates, or the
// meeting where the decision was taken, filled in with what the schedule
// shows (never after today), and a button that saves it; a step done has
// one more, to say it is not.
func recordForm(s *schedule.Schedule, st *schedule.Step, today caldate.Date) string {
	isMeeting := slices.ContainsFunc(plan.ActualMeetings, func(a plan.Step) bool { return a.ID == st.ID })
	isDate := slices.ContainsFunc(plan.ActualDates, func(a plan.Step) bool { return a.ID == st.ID })
	if !isMeeting && !isDate {
		return ""
	}
	clip := func(d caldate.Date) caldate.Date {
		if !today.IsZero() && d.After(today) {
			return today
		}
		return d
	}
	name := st.Label
	if i := strings.Index(name, " ("); i > 0 {
		name = name[:i]
	}
	summary := "Record as done"
	if st.Status == schedule.StatusDone {
		summary = "Change what happened"
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<details class="pv-record no-print"><summary>%s<span class="vh">: %s</span></summary>`, summary, esc(name))
	if isMeeting {
		fmt.Fprintf(&b, `<label>%s was taken at <select name="act-meeting">`, esc(name))
		var options []schedule.Meeting
		for _, m := range s.Meetings {
			if m.Side == st.Side && (today.IsZero() || !m.End.After(today) || m.ID == st.Meeting) {
				options = append(options, m)
			}
		}
		if len(options) > 12 { // the last twelve: a decision taken years ago is recorded by then
			keep := options[len(options)-12:]
			if i := slices.IndexFunc(options, func(m schedule.Meeting) bool { return m.ID == st.Meeting }); i >= 0 && i < len(options)-12 {
				keep = append([]schedule.Meeting{options[i]}, keep...)
			}
			options = keep
		}
		for _, m := range options {
			sel := ""
			if m.ID == st.Meeting {
				sel = " selected"
			}
			fmt.Fprintf(&b, `<option value="%s"%s>%s</option>`, esc(m.ID), sel, esc(m.Describe()))
		}
		b.WriteString(`</select></label>`)
	} else {
		fmt.Fprintf(&b, `<label>Started <input type="date" name="act-start" value="%s"></label>`, clip(st.Start))
		if st.End != st.Start {
			fmt.Fprintf(&b, ` <label>Ended <input type="date" name="act-end" value="%s"></label>`, clip(st.End))
		}
	}
	fmt.Fprintf(&b, ` <button type="button" class="pf-life" data-act="done" data-step="%s">Save as done<span class="vh">: %s</span></button>`, esc(st.ID), esc(name))
	if st.Status == schedule.StatusDone {
		fmt.Fprintf(&b, ` <button type="button" class="pf-life" data-act="undo" data-step="%s">Not done<span class="vh">: %s</span></button>`, esc(st.ID), esc(name))
	}
	b.WriteString(`</details>`)
	return b.String()
}
