// Package timeline draws a scenario of a schedule as an SVG timeline: time
// runs left to right, one row per step, the rows grouped in swimlanes (JTC 1,
// ITU-T, and joint steps), the meetings of each side on a row of their own,
// synchronization points as dashed connectors between the lanes, and
// today's date as a line.
//
// The SVG carries no style sheet and no inline styles (the site's
// Content-Security-Policy forbids them): shapes have classes that the site's
// CSS colours, so the drawing follows light and dark themes and prints in
// black and white. Standalone adds a small <style> for files saved alone.
//
// It is pure Go on the schedule's data: the same code draws the planner in
// the browser (as WebAssembly) and the guide's Figures 5a and 5b at build
// time, so the two can never disagree.
package timeline

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/internal/markup"
)

// Options change what is drawn.
type Options struct {
	// Scenario is the ID of the scenario to draw; empty means the first.
	Scenario string
	// Today, when set and inside the drawn period, is marked by a line.
	Today caldate.Date
	// IDPrefix makes the SVG's element IDs unique on a page that holds
	// several drawings.
	IDPrefix string
	// Title overrides the drawing's title.
	Title string
	// Deadlines draws the preparation deadlines of meetings as markers.
	Deadlines bool
	// Standalone adds a <style> element so that a saved file has colours
	// of its own (never use it inline on the site: CSP forbids <style>).
	Standalone bool
}

// Geometry, in SVG user units. The drawing is 1000 units wide; the site
// scales it to its box and lets it scroll sideways on a phone.
const (
	width     = 1000
	labelW    = 300 // the step labels' column
	chartL    = labelW + 10
	chartR    = width - 20
	rowH      = 24
	laneGap   = 10
	axisH     = 40
	barH      = 14
	fontSize  = 13
	smallFont = 11
)

type lane struct {
	side, title string
	steps       []schedule.Step
	meetings    []schedule.Meeting
}

// SVG draws one scenario of s.
func SVG(s *schedule.Schedule, o Options) (string, error) {
	if s == nil || len(s.Scenarios) == 0 {
		return "", fmt.Errorf("timeline: the schedule has no scenario")
	}
	sc := &s.Scenarios[0]
	if o.Scenario != "" {
		var ok bool
		if sc, ok = s.Scenario(o.Scenario); !ok {
			return "", fmt.Errorf("timeline: no scenario %q", o.Scenario)
		}
	}
	if sc.Error != "" {
		return "", fmt.Errorf("timeline: scenario %q has no dates: %s", sc.ID, sc.Error)
	}

	lanes := []*lane{
		{side: schedule.SideJTC1, title: "JTC 1"},
		{side: schedule.SideITU, title: "ITU-T"},
		{side: schedule.SideJoint, title: "Joint"},
	}
	bySide := map[string]*lane{}
	for _, l := range lanes {
		bySide[l.side] = l
	}
	var deadlines []schedule.Step
	first, last := caldate.Date{}, caldate.Date{}
	extend := func(a, b caldate.Date) {
		if first.IsZero() || a.Before(first) {
			first = a
		}
		if last.IsZero() || b.After(last) {
			last = b
		}
	}
	for _, st := range sc.Steps {
		if st.Kind == schedule.KindDeadline {
			deadlines = append(deadlines, st)
			continue
		}
		l := bySide[st.Side]
		if l == nil {
			l = bySide[schedule.SideJoint]
		}
		l.steps = append(l.steps, st)
		extend(st.Start, st.End)
	}
	if first.IsZero() {
		return "", fmt.Errorf("timeline: scenario %q has no steps", sc.ID)
	}
	if o.Deadlines {
		for _, d := range deadlines {
			extend(d.Start, d.End)
		}
	}
	first = caldate.Of(first.Year(), first.Month(), 1)
	last = caldate.Of(last.Year(), last.Month(), 1).AddMonths(1)
	for _, m := range s.Meetings {
		if m.End.Before(first) || m.Start.After(last) {
			continue
		}
		l := bySide[m.Side]
		if l == nil {
			continue
		}
		l.meetings = append(l.meetings, m)
	}

	used := map[string]bool{}
	for _, st := range sc.Steps {
		if st.Meeting != "" {
			used[st.Meeting] = true
		}
	}
	span := float64(last.DaysSince(first))
	x := func(d caldate.Date) float64 {
		return chartL + float64(d.DaysSince(first))/span*(chartR-chartL)
	}

	// Rows: lane title, meetings row (if any), one row per step.
	type placed struct {
		y    float64
		step schedule.Step
	}
	rowOf := map[string]float64{}
	var b strings.Builder
	var body strings.Builder
	y := float64(axisH)
	for _, l := range lanes {
		if len(l.steps) == 0 && (l.side == schedule.SideJoint || len(l.meetings) == 0) {
			continue
		}
		top := y
		fmt.Fprintf(&body, `<g class="tl-lane tl-%s">`, l.side)
		fmt.Fprintf(&body, `<rect class="tl-lane-bg" x="0" y="%s" width="%d" height="%%LANEH%%"/>`, f(top), width)
		fmt.Fprintf(&body, `<text class="tl-lane-title" x="6" y="%s">%s</text>`, f(y+fontSize+4), esc(l.title))
		y += rowH
		if len(l.meetings) > 0 {
			fmt.Fprintf(&body, `<text class="tl-label tl-muted" x="14" y="%s">meetings</text>`, f(y+fontSize+2))
			for _, m := range l.meetings {
				x0, x1 := x(m.Start), x(m.End.AddDays(1))
				cls := "tl-meeting"
				if used[m.ID] {
					cls += " tl-used"
				}
				fmt.Fprintf(&body, `<rect class="%s" x="%s" y="%s" width="%s" height="%d" rx="2"><title>%s</title></rect>`,
					cls, f(x0), f(y+5), f(max(x1-x0, 3)), barH, esc(meetingTitle(m, used[m.ID])))
			}
			if o.Deadlines {
				for _, d := range deadlines {
					if d.Side != l.side {
						continue
					}
					cx := x(d.Start)
					fmt.Fprintf(&body, `<path class="tl-deadline" d="M%s %sl4 -7h-8z"><title>%s</title></path>`,
						f(cx), f(y+5), esc(stepTitle(d)))
				}
			}
			y += rowH
		}
		for _, st := range l.steps {
			rowOf[st.ID] = y + rowH/2
			label := st.Label
			if len(label) > 44 {
				label = label[:43] + "…"
			}
			cls := "tl-step tl-" + st.Kind
			if st.Pinned {
				cls += " tl-pinned"
			}
			fmt.Fprintf(&body, `<g class="%s"><title>%s</title>`, cls, esc(stepTitle(st)))
			fmt.Fprintf(&body, `<text class="tl-label" x="14" y="%s">%s</text>`, f(y+fontSize+3), esc(label))
			x0, x1 := x(st.Start), x(st.End.AddDays(1))
			switch st.Kind {
			case schedule.KindMilestone, schedule.KindMeeting:
				cx, cy := (x0+x1)/2, y+rowH/2
				if st.Kind == schedule.KindMeeting {
					cx = x(st.End)
				}
				fmt.Fprintf(&body, `<path class="tl-mark" d="M%s %sl7 7l-7 7l-7 -7z"/>`, f(cx), f(cy-7))
				// The date goes right of the mark, or left of it near the
				// drawing's right edge, so that it is never cut off.
				tx, anchor := cx+10, "start"
				if tx+textWidth(st.End.String()) > width {
					tx, anchor = cx-10, "end"
				}
				fmt.Fprintf(&body, `<text class="tl-date" x="%s" y="%s" text-anchor="%s">%s</text>`, f(tx), f(y+fontSize+3), anchor, st.End.String())
			default:
				fmt.Fprintf(&body, `<rect class="tl-bar" x="%s" y="%s" width="%s" height="%d" rx="3"/>`,
					f(x0), f(y+(rowH-barH)/2), f(max(x1-x0, 2)), barH)
				dates := st.Start.String() + " – " + st.End.String()
				tx, anchor := x1+6, "start"
				if tx+textWidth(dates) > width {
					tx, anchor = x0-6, "end"
				}
				fmt.Fprintf(&body, `<text class="tl-date" x="%s" y="%s" text-anchor="%s">%s</text>`,
					f(tx), f(y+fontSize+3), anchor, dates)
			}
			body.WriteString(`</g>`)
			y += rowH
		}
		body.WriteString(`</g>`)
		laneH := y - top
		s := strings.Replace(body.String(), "%LANEH%", f(laneH), 1)
		body.Reset()
		b.WriteString(s)
		y += laneGap
	}
	height := y + 10

	// Synchronization points: links between steps on different sides.
	var sync strings.Builder
	seen := map[string]bool{}
	for _, ln := range sc.Links {
		if !ln.Cross {
			continue
		}
		fy, okf := rowOf[ln.From]
		ty, okt := rowOf[ln.To]
		fs, _ := sc.Step(ln.From)
		ts, _ := sc.Step(ln.To)
		if !okf || !okt || fs == nil || ts == nil {
			continue
		}
		fx, tx := x(edge(fs, ln.FromEdge)), x(edge(ts, ln.ToEdge))
		key := f(fx) + f(fy) + f(tx) + f(ty)
		if seen[key] {
			continue
		}
		seen[key] = true
		fmt.Fprintf(&sync, `<path class="tl-sync" d="M%s %sL%s %s"><title>%s (clause %s)</title></path>`,
			f(fx), f(fy), f(tx), f(ty), esc(ln.Text), esc(ln.Clause))
	}

	// The time axis: a tick per month, a label per quarter and year.
	var axis strings.Builder
	for d := first; !d.After(last); d = d.AddMonths(1) {
		xx := x(d)
		major := d.Month() == 1
		cls := "tl-tick"
		if major {
			cls += " tl-year"
		}
		fmt.Fprintf(&axis, `<line class="%s" x1="%s" y1="%d" x2="%s" y2="%s"/>`, cls, f(xx), axisH-8, f(xx), f(height-10))
		switch {
		case major || d == first:
			fmt.Fprintf(&axis, `<text class="tl-axis tl-axis-year" x="%s" y="16">%d</text>`, f(xx+2), d.Year())
		}
		if (int(d.Month())-1)%3 == 0 && d.Before(last) {
			fmt.Fprintf(&axis, `<text class="tl-axis" x="%s" y="%d">%s</text>`, f(xx+2), axisH-12, d.Month().String()[:3])
		}
	}

	var today string
	if !o.Today.IsZero() && !o.Today.Before(first) && !o.Today.After(last) {
		tx := x(o.Today)
		today = fmt.Sprintf(`<g class="tl-today"><line x1="%s" y1="%d" x2="%s" y2="%s"/><text x="%s" y="%d" text-anchor="middle">today</text><title>Today, %s</title></g>`,
			f(tx), axisH-6, f(tx), f(height-10), f(tx), axisH-2+fontSize, o.Today)
	}

	title := o.Title
	if title == "" {
		title = fmt.Sprintf("Timeline: %s", sc.Label)
	}
	desc := describe(s, sc)
	id := o.IDPrefix + "tl"
	var out strings.Builder
	fmt.Fprintf(&out, `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 %d %s" width="%d" height="%s" role="img" aria-labelledby="%s-title %s-desc" font-size="%d">`,
		width, f(height), width, f(height), id, id, fontSize)
	fmt.Fprintf(&out, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, esc(title), id, esc(desc))
	if o.Standalone {
		out.WriteString(standaloneStyle)
	}
	out.WriteString(`<g class="tl-axis-g">` + axis.String() + `</g>`)
	out.WriteString(b.String())
	out.WriteString(`<g class="tl-syncs">` + sync.String() + `</g>`)
	out.WriteString(today)
	out.WriteString(`</svg>`)
	return out.String(), nil
}

// describe is the drawing's text alternative: the publication date, then
// each step with its dates, in order.
func describe(s *schedule.Schedule, sc *schedule.Scenario) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s. ", sc.Label)
	if !sc.Publication.IsZero() {
		fmt.Fprintf(&b, "Publication %s. ", sc.Publication)
	}
	n := 0
	for _, st := range sc.Steps {
		if st.Kind == schedule.KindDeadline {
			continue
		}
		if n > 0 {
			b.WriteString("; ")
		}
		n++
		if st.Start == st.End {
			fmt.Fprintf(&b, "%s %s (%s)", st.Label, st.Start, schedule.SideName(st.Side))
		} else {
			fmt.Fprintf(&b, "%s %s to %s (%s)", st.Label, st.Start, st.End, schedule.SideName(st.Side))
		}
	}
	b.WriteString(".")
	return b.String()
}

func stepTitle(st schedule.Step) string {
	dates := st.Start.String()
	if st.End != st.Start {
		dates += " to " + st.End.String()
	}
	t := fmt.Sprintf("%s: %s — %s, clause %s", st.Label, dates, st.Body, st.Clause)
	if st.Pinned {
		t += " (pinned)"
	}
	return t
}

func meetingTitle(m schedule.Meeting, used bool) string {
	t := fmt.Sprintf("%s %s to %s", m.Body, m.Start, m.End)
	if m.Place != "" {
		t += ", " + m.Place
	}
	if used {
		t += " (used by this plan)"
	}
	return t
}

func edge(s *schedule.Step, e string) caldate.Date {
	if e == "start" {
		return s.Start
	}
	return s.End
}

// textWidth estimates the width of a label in the drawing's 13-unit font:
// dates and digits run about 7.5 units a character.
func textWidth(s string) float64 { return 7.5 * float64(len([]rune(s))) }

// f formats a coordinate with at most one decimal.
func f(v float64) string {
	return strconv.FormatFloat(float64(int(v*10+0.5))/10, 'f', -1, 64)
}

func esc(s string) string { return markup.Escape(s) }

// standaloneStyle colours a drawing saved as a file of its own.
const standaloneStyle = `<style>
svg.timeline{font-family:system-ui,sans-serif;color:#1b1f24;background:#fff}
.tl-lane-bg{fill:#f5f7fa}.tl-itu-t .tl-lane-bg{fill:#eef4fb}.tl-jtc1 .tl-lane-bg{fill:#f3f7ee}
.tl-lane-title{font-weight:700}.tl-muted,.tl-date,.tl-axis{fill:#4f5966}
text{fill:currentColor}.tl-tick{stroke:#d5dae1}.tl-year{stroke:#99a}
.tl-bar{fill:#0b57a4}.tl-jtc1 .tl-bar{fill:#3b7a1e}.tl-period .tl-bar{opacity:.7}
.tl-mark{fill:#b3261e}.tl-meeting{fill:#c9ced6}.tl-used{fill:#6b4fa0}
.tl-deadline{fill:#b3261e}.tl-sync{stroke:#b3261e;stroke-dasharray:4 3;fill:none}
.tl-today line{stroke:#d97706;stroke-width:2}.tl-today text{fill:#d97706}
.tl-pinned .tl-bar,.tl-pinned .tl-mark{stroke:#000;stroke-width:2}
</style>`
