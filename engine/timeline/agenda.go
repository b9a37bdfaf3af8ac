package timeline

import (
	"fmt"
	"slices"
	"strings"

	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/engine/svgdraw"
)

// HTML is the timeline as the site shows it: the drawing, then the same
// steps as an agenda, a list in date order that the site's CSS shows
// instead of the drawing on a phone (class names: timeline-wrap,
// svg.timeline, tl-agenda).
func HTML(s *schedule.Schedule, o Options) (string, error) {
	d, err := newDrawing(s, o)
	if err != nil {
		return "", err
	}
	return `<div class="timeline-wrap">` + d.svg() + d.agenda() + `</div>`, nil
}

// agenda lists the drawing's steps in date order: dates, name, side,
// duration, and a word for a broken rule.
func (d *drawing) agenda() string {
	var steps []schedule.Step
	for _, st := range d.sc.Steps {
		if d.rowOf[st.ID] != nil {
			steps = append(steps, st)
		}
	}
	steps = InDateOrder(steps)
	var b strings.Builder
	fmt.Fprintf(&b, `<ol class="tl-agenda" aria-label="%s">`, svgdraw.Esc("Steps of "+d.sc.Label+" in date order"))
	for i := range steps {
		st := &steps[i]
		sev := severity(d.broken[st.ID])
		cls := "tl-" + st.Side + " tl-" + st.Kind
		if sev != "" {
			cls += " tl-" + sev
		}
		// The dates keep on one line; what a followed plan knows of the
		// step (" · overdue · +37 d on the baseline") may wrap after them,
		// or a phone's agenda is wider than the phone.
		lifeText := life(st)
		if lifeText != "" {
			lifeText = `<span class="tl-a-life">` + svgdraw.Esc(lifeText) + `</span>`
		}
		fmt.Fprintf(&b, `<li class="%s"><span class="tl-a-dates">%s%s</span> <span class="tl-a-name">%s</span> <span class="tl-a-meta">%s`,
			cls, dates(st), lifeText, svgdraw.Esc(st.Label), svgdraw.Esc(schedule.SideName(st.Side)))
		if du := Duration(st); du != "" {
			b.WriteString(", " + du)
		}
		b.WriteString(`</span>`)
		if sev != "" {
			fmt.Fprintf(&b, ` <strong class="tl-a-flag">! %s</strong>`, severityWord(map[string]string{"broken": "error"}[sev]))
		} else if from := d.follows[st.ID]; from != "" {
			fmt.Fprintf(&b, ` <strong class="tl-a-flag">! not valid: follows %s, which breaks a rule</strong>`, svgdraw.Esc(from))
		}
		b.WriteString(`</li>`)
	}
	b.WriteString(`</ol>`)
	return b.String()
}

// InDateOrder sorts steps by start date, the way a list of them reads
// best; steps of the same date keep the engine's order. Every deadline
// falls on or before the step it is for (8.9's final text for the Last
// Call included), so the list needs no exception.
func InDateOrder(steps []schedule.Step) []schedule.Step {
	steps = slices.Clone(steps)
	slices.SortStableFunc(steps, func(a, b schedule.Step) int { return a.Start.Compare(b.Start) })
	return steps
}
