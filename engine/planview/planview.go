// Package planview renders a schedule as the HTML the planner page shows:
// the publication date of every scenario, the timeline of the chosen
// scenario, its steps with their dates, acting bodies and clauses, and the
// rule checks, each linked to its clause of the guide.
//
// The same function renders the worked example into the page at build time
// (so readers see a plan before, or without, the WebAssembly) and every
// recomputed plan in the browser, so the two cannot drift apart. It builds
// strings with escaping rather than html/template, to keep the WebAssembly
// module small.
package planview

import (
	"fmt"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/internal/markup"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/engine/timeline"
)

// Options change what is rendered.
type Options struct {
	// Scenario is the ID of the scenario whose timeline and steps are shown
	// (empty: the first).
	Scenario schedule.ScenarioID
	// Clauses is the URL prefix of the guide's clause permalinks, e.g.
	// "/c/" (a clause "8.9" links to "/c/8.9/").
	Clauses string
	// Today marks today's date on the timeline.
	Today caldate.Date
}

// Render returns the HTML of the results for s.
func Render(s *schedule.Schedule, o Options) string {
	var b strings.Builder
	// The example's results are 48 KB: grown by doubling from nothing, the
	// builder allocated and copied about 110 KB more per recompute, which
	// the browser's single-threaded Go runtime pays in allocation and GC.
	b.Grow(64 << 10)
	sc := &s.Scenarios[0]
	if o.Scenario != "" {
		if x, ok := s.Scenario(o.Scenario); ok {
			sc = x
		}
	}
	clause := func(c string) string {
		if c == "" {
			return ""
		}
		return fmt.Sprintf(`<a href="%s%s/">%s</a>`, esc(o.Clauses), esc(c), esc(c))
	}

	// Summary.
	fmt.Fprintf(&b, `<p class="pv-summary">%s, %s, %s, planned %s`, esc(deliverableName(s)), esc(processName(s.Process)), esc(modeName(s.Mode)), esc(s.Direction))
	if s.Direction == "backward" && !s.Target.IsZero() {
		fmt.Fprintf(&b, ` from the target publication date %s`, s.Target)
	} else if !s.Start.Date.IsZero() {
		fmt.Fprintf(&b, ` from %s on %s`, esc(s.Names.Stage(s.Start.Stage)), s.Start.Date)
	}
	fmt.Fprintf(&b, `. Rules: %s`, esc(s.Rules.Title))
	if len(s.Rules.Overrides) > 0 {
		var ov []string
		for _, o := range s.Rules.Overrides {
			ov = append(ov, fmt.Sprintf("%s = %s (guide: %s; from %s)", o.Rule, o.Value, o.Guide, o.Source))
		}
		fmt.Fprintf(&b, `, with %s`, esc(strings.Join(ov, "; ")))
	}
	b.WriteString(".</p>\n")
	b.WriteString(headline(s, sc))

	// Scenarios.
	b.WriteString(`<section class="pv-section" aria-labelledby="scen"><h2 id="scen">Publication by scenario</h2>`)
	b.WriteString(scrolls(`Publication by scenario`) + `<table class="pv-scenarios"><thead><tr><th scope="col">Scenario</th><th scope="col">Publication</th>`)
	backward := s.Direction == "backward"
	if backward {
		b.WriteString(`<th scope="col">Latest start</th><th scope="col">Target reachable</th>`)
	}
	b.WriteString(`<th scope="col">Rule checks</th></tr></thead><tbody>`)
	for i := range s.Scenarios {
		x := &s.Scenarios[i]
		cur := ""
		if x.ID == sc.ID {
			cur = ` aria-current="true" class="pv-current"`
		}
		show := "" // each other scenario has a control that shows it
		if x.ID != sc.ID {
			show = fmt.Sprintf(`<button type="button" class="pf-show-scenario" data-scenario="%s">Show</button>`, esc(string(x.ID)))
		}
		fmt.Fprintf(&b, `<tr%s data-scenario="%s"><th scope="row">%s<div class="pv-desc">%s</div>%s</th>`, cur, esc(string(x.ID)), esc(x.Label), esc(x.Description), show)
		if x.RuledOut {
			fmt.Fprintf(&b, `<td colspan="%d" class="pv-ruled-out">%s</td></tr>`, map[bool]int{true: 4, false: 2}[backward], esc(x.Error))
			continue
		}
		if x.Error != "" {
			fmt.Fprintf(&b, `<td colspan="%d" class="pv-error">Cannot be scheduled: %s</td></tr>`, map[bool]int{true: 4, false: 2}[backward], esc(x.Error))
			continue
		}
		if n := x.Broken(); n > 0 {
			// Dates that break a rule are no plan: never an improvement.
			fmt.Fprintf(&b, `<td class="pv-invalid"><time datetime="%s">%s</time>, <strong>⚠ breaks %d rule%s</strong>: not a valid date</td>`, x.Publication, x.Publication, n, plural(n))
		} else {
			fmt.Fprintf(&b, `<td><time datetime="%s">%s</time></td>`, x.Publication, x.Publication)
		}
		if backward {
			fmt.Fprintf(&b, `<td>%s</td><td>%s</td>`, dateOrDash(x.LatestStart), reach(x.Reachable))
		}
		fmt.Fprintf(&b, `%s</tr>`, checkCell(x))
	}
	b.WriteString("</tbody></table></div></section>\n")

	if sc.Error != "" {
		fmt.Fprintf(&b, `<p class="pv-error" role="alert">%s: %s</p>`, esc(sc.Label), esc(sc.Error))
		return b.String()
	}

	// Timeline.
	fmt.Fprintf(&b, `<section class="pv-section" aria-labelledby="tl"><h2 id="tl">Timeline: %s</h2>`, esc(sc.Label))
	if tl, err := timeline.HTML(s, timeline.Options{Scenario: sc.ID, Today: o.Today, Deadlines: true}); err == nil {
		b.WriteString(strings.Replace(tl, `<div class="timeline-wrap">`, strings.Replace(scrolls("Timeline: "+sc.Label), "table-wrap", "timeline-wrap", 1), 1))
	} else {
		fmt.Fprintf(&b, `<p class="pv-error">%s</p>`, esc(err.Error()))
	}
	b.WriteString("</section>\n")

	// Rule checks.
	b.WriteString(`<section class="pv-section" aria-labelledby="chk"><h2 id="chk">Rule checks</h2>`)
	if len(sc.Violations) == 0 {
		fmt.Fprintf(&b, `<p class="pv-ok">This scenario keeps all %d rules that link its steps.</p>`, len(sc.Links))
	} else {
		b.WriteString(`<ul class="pv-violations">`)
		for _, v := range sc.Violations {
			// A broken rule and a warning each have a class and a word of
			// their own (the page's CSS adds a mark), unlike a note.
			cls := "pv-check pv-broken"
			if v.Severity != "error" {
				cls = "pv-check pv-warn"
			}
			word := severityWord(v.Severity)
			if v.History {
				// Kept to be read, not to be fixed: it happened.
				cls, word = "pv-check pv-history", word+" in what happened"
			}
			fmt.Fprintf(&b, `<li class="pv-%s %s"><strong>%s</strong> (rule <code>%s</code>, clause %s): %s`, esc(v.Severity), cls, word, esc(v.Rule), clause(v.Clause), esc(v.Message))
			if !v.Want.IsZero() && !v.History {
				fmt.Fprintf(&b, ` — a date %s <time datetime="%s">%s</time> satisfies it.`, esc(v.Relation), v.Want, v.Want)
			}
			b.WriteString(`</li>`)
		}
		b.WriteString(`</ul>`)
	}
	if len(sc.Flags) > 0 {
		b.WriteString(`<ul class="pv-flags">`)
		for _, f := range sc.Flags {
			fmt.Fprintf(&b, `<li class="pv-check pv-note"><strong>Note</strong> (clause %s): %s</li>`, clause(f.Clause), esc(f.Message))
		}
		b.WriteString(`</ul>`)
	}
	b.WriteString("</section>\n")

	// Steps.
	fmt.Fprintf(&b, `<section class="pv-section" aria-labelledby="steps"><h2 id="steps">Steps: %s</h2>`, esc(sc.Label))
	followed := lifeShown(sc)
	b.WriteString(scrolls("Steps: "+sc.Label) + `<table class="pv-steps"><thead><tr><th scope="col">Step</th><th scope="col">Start</th><th scope="col">End</th>`)
	if followed {
		b.WriteString(`<th scope="col">Baseline</th><th scope="col">Actual</th><th scope="col">Forecast</th><th scope="col">Slip</th>`)
	}
	b.WriteString(`<th scope="col">Duration</th><th scope="col">Side</th><th scope="col">Acting body</th><th scope="col">Clause</th></tr></thead><tbody>`)
	broken, follows := sc.Concerns()
	for _, st := range timeline.InDateOrder(sc.Steps) {
		cls := "pv-" + st.Kind
		label := esc(st.Label)
		if st.Pinned {
			label += ` <span class="pv-pin">(pinned)</span>`
		}
		// A step whose date breaks a rule, or follows from one that does,
		// says so in words beside its name (not by colour alone).
		if vs := broken[st.ID]; len(vs) > 0 {
			cls += " pv-step-" + severityClass(vs)
			for _, v := range vs {
				label += fmt.Sprintf(`<div class="pv-step-check"><strong>⚠ %s</strong> <code>%s</code></div>`, map[string]string{"error": "breaks rule", "warning": "warning:"}[v.Severity], esc(v.Rule))
			}
		} else if from := follows[st.ID]; from != "" {
			cls += " pv-step-follows"
			label += `<div class="pv-step-check"><strong>⚠ not valid:</strong> follows ` + esc(from) + `, which breaks a rule</div>`
		}
		switch st.Status {
		case schedule.StatusDone:
			cls += " pv-done"
			label += `<div class="pv-status"><strong>Done</strong></div>`
		case schedule.StatusOverdue:
			cls += " pv-overdue"
			label += `<div class="pv-status"><strong>Overdue:</strong> due before the as-of date, not recorded as done</div>`
		}
		if st.Note != "" {
			label += `<div class="pv-desc">` + esc(st.Note) + `</div>`
		}
		label += recordForm(s, &st, o.Today)
		start := dateCell(st.Start)
		if st.Kind == schedule.KindDeadline && st.Start.IsWeekend() {
			prev := previousWorkingDay(st.Start)
			cls += " pv-weekend"
			start = fmt.Sprintf(`%s<div class="pv-weekend-note">a %s: the previous working day is %s</div>`,
				start, st.Start.Weekday(), dateCell(prev))
		}
		end := "" // a single-day step has one date
		if st.End != st.Start {
			end = dateCell(st.End)
		}
		fmt.Fprintf(&b, `<tr class="%s" data-step="%s"><th scope="row">%s</th><td>%s</td><td>%s</td>`, cls, esc(st.ID), label, start, end)
		if followed {
			b.WriteString(lifeCells(&st))
		}
		fmt.Fprintf(&b, `<td class="pv-nowrap">%s</td><td class="pv-nowrap">%s</td><td>%s</td><td>%s</td></tr>`,
			timeline.Duration(&st), schedule.SideName(st.Side), esc(st.Body), clause(st.Clause))
	}
	b.WriteString("</tbody></table></div></section>\n")
	return b.String()
}

// scrolls opens a table-wrap: a region that scrolls sideways on a narrow
// screen, so it is a tab stop with a name, for keyboard readers.
func scrolls(name string) string {
	return `<div class="table-wrap" tabindex="0" role="region" aria-label="` + esc(name) + ` (scrolls sideways)">`
}

// dateCell is a date as the steps table shows it: ISO, with its weekday,
// in one piece (class pv-nowrap: the page's CSS keeps it on one line).
func dateCell(d caldate.Date) string {
	return fmt.Sprintf(`<span class="pv-nowrap"><time class="pv-date" datetime="%s">%s</time> <abbr class="pv-wd" title="%s">%s</abbr></span>`, d, d, d.Weekday(), d.Weekday().String()[:3])
}

// previousWorkingDay is the last working day before d.
func previousWorkingDay(d caldate.Date) caldate.Date {
	d = d.AddDays(-1)
	for d.IsWeekend() {
		d = d.AddDays(-1)
	}
	return d
}

// checkCell is the scenario table's cell that sums up the rule checks; a
// scenario that breaks a rule has the class pv-broken (the page's CSS adds
// a mark) and its words in bold, one with warnings only pv-warn.
func checkCell(sc *schedule.Scenario) string {
	sum := checkSummary(sc)
	for _, v := range sc.Violations {
		if v.Severity == "error" && !v.History {
			return `<td class="pv-checks pv-broken"><strong>` + sum + `</strong></td>`
		}
	}
	if len(sc.Violations) > 0 {
		return `<td class="pv-checks pv-warn">` + sum + `</td>`
	}
	return `<td class="pv-checks">` + sum + `</td>`
}

func checkSummary(sc *schedule.Scenario) string {
	var errs, warns, past int
	for _, v := range sc.Violations {
		switch {
		case v.History:
			past++
		case v.Severity == "error":
			errs++
		default:
			warns++
		}
	}
	if past > 0 {
		// What happened is told apart: it is not there to be fixed.
		rest := "all other rules hold"
		if errs > 0 || warns > 0 {
			rest = fmt.Sprintf("%d broken rule%s, %d warning%s in the forecast", errs, plural(errs), warns, plural(warns))
		}
		return fmt.Sprintf("%d in what happened; %s", past, rest)
	}
	switch {
	case errs == 0 && warns == 0:
		return "all rules hold"
	case errs == 0:
		return fmt.Sprintf("%d warning%s", warns, plural(warns))
	}
	return fmt.Sprintf("%d broken rule%s, %d warning%s", errs, plural(errs), warns, plural(warns))
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// severityClass is "broken" if any of vs is a must rule, else "warn".
func severityClass(vs []schedule.Violation) string {
	for _, v := range vs {
		if v.Severity == "error" {
			return "broken"
		}
	}
	return "warn"
}

func severityWord(s string) string {
	if s == "error" {
		return "Broken rule"
	}
	return "Warning"
}

func reach(r *bool) string {
	switch {
	case r == nil:
		return "—"
	case *r:
		return "yes"
	}
	return "no"
}

func dateOrDash(d caldate.Date) string {
	if d.IsZero() {
		return "—"
	}
	return fmt.Sprintf(`<time datetime="%s">%s</time>`, d, d)
}

func deliverableName(s *schedule.Schedule) string {
	switch s.Deliverable {
	case plan.IS:
		return "International Standard"
	case plan.Amendment:
		return "Amendment"
	case plan.TR:
		return "Technical Report"
	case plan.TS:
		return "Technical Specification"
	case plan.Corrigendum:
		return "Technical Corrigendum"
	}
	return string(s.Deliverable)
}

func processName(p plan.Process) string {
	switch p {
	case plan.AAP:
		return "ITU-T approval by AAP"
	case plan.TAP:
		return "ITU-T approval by TAP"
	}
	return string(p)
}

func modeName(m plan.Mode) string {
	switch m {
	case plan.CollaborativeTeam:
		return "Collaborative Team"
	case plan.CollaborativeInterchange:
		return "Collaborative Interchange"
	}
	return string(m)
}

func esc(s string) string { return markup.Escape(s) }
