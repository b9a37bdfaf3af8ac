// Package timeline draws a scenario of a schedule as an SVG timeline: time
// runs left to right, one row per step, the rows grouped in swimlanes (JTC 1,
// ITU-T, and joint steps), the meetings of each side on a row of their own,
// preparation deadlines (optionally) on rows of their own, synchronization
// points as dashed connectors between the lanes, today's date as a line,
// and a legend with a sample of each mark.
//
// Every word sits in the label column on the left (a step's full name and
// its dates) or on a bar (its duration), placed where no connector passes:
// a connector never crosses text. A step that breaks a rule is marked three
// ways, so that colour is never the only signal: a disc with "!" before its
// name, hatching on its bar, and a sentence in the drawing's description.
//
// The SVG carries no style sheet and no inline styles (the site's
// Content-Security-Policy forbids them): shapes have classes that the site's
// CSS colours, so the drawing follows light and dark themes and prints in
// black and white. It scales to its column (a viewBox, width 100 %); on a
// phone the site shows the Agenda instead, the same steps as a list.
//
// It is pure Go on the schedule's data: the same code draws the planner in
// the browser (as WebAssembly) and the guide's Figures 5a and 5b at build
// time, so the two can never disagree.
package timeline

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/engine/svgdraw"
)

// Options change what is drawn.
type Options struct {
	// Scenario is the ID of the scenario to draw; empty means the first.
	Scenario schedule.ScenarioID
	// Today, when set and inside the drawn period, is marked by a line.
	Today caldate.Date
	// IDPrefix makes the SVG's element IDs unique on a page that holds
	// several drawings.
	IDPrefix string
	// Title overrides the drawing's title.
	Title string
	// Deadlines draws the preparation deadlines of meetings, each on a
	// labelled row of its own.
	Deadlines bool
}

// Geometry, in SVG user units. The drawing is 800 units wide, about the
// width of the column it is shown in, so that its text keeps nearly the
// size the site's CSS gives it (svg.timeline) as it scales to the column.
const (
	width     = 800
	gutter    = 24  // before a name: room for the broken-rule marker
	labelW    = 290 // the label column, gutter included
	chartL    = labelW + 14
	chartR    = width - 14
	axisH     = 44
	fontSize  = 13 // names
	smallFont = 11 // dates, durations, axis, legend
	lineH     = 16
	barH      = 16
	laneGap   = 10
	titleH    = 24
)

// nameChars is how many characters of a name fit on a line of the label
// column.
func nameChars() int {
	w := float64(labelW - gutter - 8)
	return int(w / (fontSize * svgdraw.Regular))
}

type lane struct {
	side, title         string
	meetingsRow, period string // the names of its meetings row and of its bars in the legend
	rows                []*row
	meetings            []schedule.Meeting
}

// row is one line of the drawing: a step, a deadline, or a lane's meetings.
type row struct {
	y, h  float64
	name  string
	lines []string
	dates string
	step  *schedule.Step // nil for a meetings row
}

func (r *row) mid() float64 { return r.y + r.h/2 }

// SVG draws one scenario of s.
func SVG(s *schedule.Schedule, o Options) (string, error) {
	d, err := newDrawing(s, o)
	if err != nil {
		return "", err
	}
	return d.svg(), nil
}

// drawing is a scenario laid out.
type drawing struct {
	sc          *schedule.Scenario
	o           Options
	lanes       []*lane
	first, last caldate.Date
	broken      map[string][]schedule.Violation
	follows     map[string]string // step → the step that breaks a rule it follows (Scenario.Concerns)
	used        map[string]bool
	rowOf       map[string]*row
	rowsBottom  float64 // where the last lane ends
}

func scenario(s *schedule.Schedule, id schedule.ScenarioID) (*schedule.Scenario, error) {
	if s == nil || len(s.Scenarios) == 0 {
		return nil, fmt.Errorf("timeline: the schedule has no scenario")
	}
	sc := &s.Scenarios[0]
	if id != "" {
		var ok bool
		if sc, ok = s.Scenario(id); !ok {
			return nil, fmt.Errorf("timeline: no scenario %q", id)
		}
	}
	if sc.Error != "" {
		return nil, fmt.Errorf("timeline: scenario %q has no dates: %s", sc.ID, sc.Error)
	}
	return sc, nil
}

func newDrawing(s *schedule.Schedule, o Options) (*drawing, error) {
	sc, err := scenario(s, o.Scenario)
	if err != nil {
		return nil, err
	}
	d := &drawing{sc: sc, o: o, broken: map[string][]schedule.Violation{}, used: map[string]bool{}, rowOf: map[string]*row{}}
	d.lanes = []*lane{
		{side: schedule.SideJTC1, title: "JTC 1", meetingsRow: "JTC 1 meetings", period: "JTC 1 period"},
		{side: schedule.SideITU, title: "ITU-T", meetingsRow: "ITU-T meetings", period: "ITU-T period"},
		{side: schedule.SideJoint, title: "Joint steps", meetingsRow: "Joint meetings", period: "joint period"},
	}
	bySide := map[string]*lane{}
	for _, l := range d.lanes {
		bySide[l.side] = l
	}
	d.broken, d.follows = sc.Concerns()
	for i := range sc.Steps {
		st := &sc.Steps[i]
		if st.Meeting != "" {
			d.used[st.Meeting] = true
		}
		if st.Kind == schedule.KindDeadline && !o.Deadlines {
			continue
		}
		l := bySide[st.Side]
		if l == nil {
			l = bySide[schedule.SideJoint]
		}
		l.rows = append(l.rows, &row{name: st.Label, dates: dates(st) + life(st), step: st})
		if d.first.IsZero() || st.Start.Before(d.first) {
			d.first = st.Start
		}
		if d.last.IsZero() || st.End.After(d.last) {
			d.last = st.End
		}
		if b := st.Baseline; !b.IsZero() {
			d.first, d.last = caldate.Min(d.first, b), caldate.Max(d.last, b)
		}
	}
	if d.first.IsZero() {
		return nil, fmt.Errorf("timeline: scenario %q has no steps", sc.ID)
	}
	d.first = caldate.Of(d.first.Year(), d.first.Month(), 1)
	d.last = caldate.Of(d.last.Year(), d.last.Month(), 1).AddMonths(1)
	for _, m := range s.Meetings {
		if l := bySide[m.Side]; l != nil && !m.End.Before(d.first) && !m.Start.After(d.last) {
			l.meetings = append(l.meetings, m)
		}
	}

	// Rows in date order within each lane; every name once (the second
	// CD ballot's comment period is "… (second)").
	seen := map[string]int{}
	for _, l := range d.lanes {
		slices.SortStableFunc(l.rows, func(a, b *row) int { return a.step.Start.Compare(b.step.Start) })
		if len(l.meetings) > 0 {
			l.rows = append([]*row{{name: l.meetingsRow}}, l.rows...)
		}
		for _, r := range l.rows {
			seen[r.name]++
			if k := seen[r.name]; k > 1 {
				r.name += " (" + ordinal(k) + ")"
			}
		}
	}
	y := float64(axisH)
	for _, l := range d.lanes {
		if len(l.rows) == 0 {
			continue
		}
		y += titleH
		for _, r := range l.rows {
			r.lines = svgdraw.Wrap(r.name, nameChars())
			r.y = y
			r.h = 6 + float64(len(r.lines))*lineH + 14
			if r.step != nil {
				d.rowOf[r.step.ID] = r
			}
			y += r.h
		}
		y += laneGap
	}
	d.rowsBottom = y
	return d, nil
}

func (d *drawing) x(t caldate.Date) float64 {
	span := float64(d.last.DaysSince(d.first))
	return chartL + float64(t.DaysSince(d.first))/span*(chartR-chartL)
}

// span is where a step's bar runs, from the start of its first day to the
// end of its last.
func (d *drawing) span(st *schedule.Step) (float64, float64) {
	return d.x(st.Start), d.x(st.End.AddDays(1))
}

// mark is the x of a step drawn as a single mark: a milestone on its day,
// a decision at a meeting on the meeting's last day.
func (d *drawing) mark(st *schedule.Step) float64 {
	day := st.End
	return (d.x(day) + d.x(day.AddDays(1))) / 2
}

func isMark(st *schedule.Step) bool {
	return st.Kind == schedule.KindMilestone || st.Kind == schedule.KindMeeting || st.Kind == schedule.KindDeadline
}

// edgeX is where a synchronization connector meets a step.
func (d *drawing) edgeX(st *schedule.Step, edge string) float64 {
	if isMark(st) {
		return d.mark(st)
	}
	x0, x1 := d.span(st)
	if edge == "end" {
		return x1
	}
	return x0
}

type segment struct{ a, b svgdraw.Point }

// syncs are the synchronization points: links between steps on different
// sides, each drawn once.
func (d *drawing) syncs() ([]segment, []string) {
	var segs []segment
	var titles []string
	seen := map[string]bool{}
	for _, ln := range d.sc.Links {
		if !ln.Cross {
			continue
		}
		fr, tr := d.rowOf[ln.From], d.rowOf[ln.To]
		if fr == nil || tr == nil {
			continue
		}
		a := svgdraw.Point{X: d.edgeX(fr.step, ln.FromEdge), Y: fr.mid()}
		b := svgdraw.Point{X: d.edgeX(tr.step, ln.ToEdge), Y: tr.mid()}
		key := n(a.X) + "," + n(a.Y) + "," + n(b.X) + "," + n(b.Y)
		if seen[key] {
			continue
		}
		seen[key] = true
		segs = append(segs, segment{a, b})
		titles = append(titles, fmt.Sprintf("%s (clause %s)", ln.Text, ln.Clause))
	}
	return segs, titles
}

var n = svgdraw.Num

func (d *drawing) svg() string {
	o := d.o
	var b strings.Builder
	segs, segTitles := d.syncs()

	// Backgrounds, then the axis, then the connectors, then the marks:
	// the connectors run under the bars.
	var bg, rows strings.Builder
	y := float64(axisH)
	for _, l := range d.lanes {
		if len(l.rows) == 0 {
			continue
		}
		last := l.rows[len(l.rows)-1]
		fmt.Fprintf(&bg, `<rect class="tl-lane-bg tl-%s" x="0" y="%s" width="%d" height="%s"/>`, l.side, n(y), width, n(last.y+last.h-y))
		fmt.Fprintf(&rows, `<g class="tl-lane tl-%s"><text class="tl-lane-title" x="6" y="%s">%s</text>`, l.side, n(y+17), svgdraw.Esc(l.title))
		for _, r := range l.rows {
			d.row(&rows, l, r, segs)
		}
		rows.WriteString(`</g>`)
		y = last.y + last.h + laneGap
	}

	id := o.IDPrefix + "tl"
	title := o.Title
	if title == "" {
		title = "Timeline: " + d.sc.Label
	}
	legend, legendH := d.legend(segs)
	footer := d.rowsBottom
	todayX, today := d.today()
	if today {
		footer += 20
	}
	height := footer + legendH + 8
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="timeline" viewBox="0 0 %d %s" width="100%%" role="img" aria-labelledby="%s-title %s-desc" font-size="%d">`,
		width, n(height), id, id, fontSize)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title><desc id="%s-desc">%s</desc>`, id, svgdraw.Esc(title), id, svgdraw.Esc(describe(d.sc, d.broken)))
	b.WriteString(bg.String())
	b.WriteString(`<g class="tl-axis-g">` + d.axis() + `</g>`)
	b.WriteString(`<g class="tl-syncs">`)
	for i, s := range segs {
		fmt.Fprintf(&b, `<path class="tl-sync" d="M%s %sL%s %s"><title>%s</title></path>`, n(s.a.X), n(s.a.Y), n(s.b.X), n(s.b.Y), svgdraw.Esc(segTitles[i]))
	}
	b.WriteString(`</g>`)
	b.WriteString(rows.String())
	if today {
		fmt.Fprintf(&b, `<g class="tl-today"><line x1="%s" y1="%d" x2="%s" y2="%s"/><text class="tl-today-label" x="%s" y="%s" text-anchor="middle">today</text><title>Today, %s</title></g>`,
			n(todayX), axisH-6, n(todayX), n(d.rowsBottom), n(min(max(todayX, chartL+20), chartR-20)), n(d.rowsBottom+14), o.Today)
	}
	fmt.Fprintf(&b, `<g class="tl-legend" transform="translate(0 %s)">%s</g>`, n(footer), legend)
	b.WriteString(`</svg>`)
	return b.String()
}

func (d *drawing) today() (float64, bool) {
	t := d.o.Today
	if t.IsZero() || t.Before(d.first) || t.After(d.last) {
		return 0, false
	}
	return d.x(t), true
}

// row draws one row: its name and dates in the label column, its mark in
// the chart, and its duration on the bar where no connector passes.
func (d *drawing) row(b *strings.Builder, l *lane, r *row, segs []segment) {
	st := r.step
	if st == nil { // the lane's meetings
		fmt.Fprintf(b, `<g class="tl-meetings">`)
		d.name(b, r, "tl-label tl-muted")
		for _, m := range l.meetings {
			x0, x1 := d.x(m.Start), d.x(m.End.AddDays(1))
			cls := "tl-meeting"
			if d.used[m.ID] {
				cls += " tl-used"
			}
			fmt.Fprintf(b, `<rect class="%s" x="%s" y="%s" width="%s" height="%d" rx="2"><title>%s</title></rect>`,
				cls, n(x0), n(r.mid()-barH/2), n(max(x1-x0, 3)), barH, svgdraw.Esc(meetingTitle(m, d.used[m.ID])))
		}
		b.WriteString(`</g>`)
		return
	}
	cls := "tl-step tl-" + st.Kind
	if st.Pinned {
		cls += " tl-pinned"
	}
	if st.Status != "" {
		cls += " tl-" + st.Status // done: what happened; overdue: re-planned from the as-of date
	}
	vs := d.broken[st.ID]
	if sev := severity(vs); sev != "" {
		cls += " tl-" + sev
	}
	title := stepTitle(st, vs)
	from := d.follows[st.ID]
	if from != "" {
		cls += " tl-follows"
		title += ". Not valid: it follows " + from + ", which breaks a rule"
	}
	fmt.Fprintf(b, `<g class="%s"><title>%s</title>`, cls, svgdraw.Esc(title))
	if sev := severity(vs); sev != "" || from != "" {
		cy := r.y + 6 + lineH/2 + 1
		fmt.Fprintf(b, `<g class="tl-flag"><circle cx="%d" cy="%s" r="8"/><text x="%d" y="%s" text-anchor="middle">!</text></g>`, gutter/2, n(cy), gutter/2, n(cy+4.5))
	}
	cy := r.mid()
	var mark strings.Builder
	if !st.Baseline.IsZero() && st.Kind != schedule.KindDeadline {
		// The baseline's date, behind the forecast: a hollow mark on a
		// thin line from it to the step's end, when they differ.
		bx, ex := d.x(st.Baseline.AddDays(1)), d.x(st.End.AddDays(1))
		if bx != ex {
			fmt.Fprintf(&mark, `<path class="tl-baseline-line" d="M%s %sH%s"/>`, n(min(bx, ex)), n(cy+barH/2+3), n(max(bx, ex)))
		}
		fmt.Fprintf(&mark, `<path class="tl-baseline" d="M%s %sv%d"/>`, n(bx), n(cy-barH/2-2), barH+8)
	}
	switch {
	case st.Kind == schedule.KindDeadline:
		cx := d.mark(st)
		fmt.Fprintf(&mark, `<path class="tl-deadline" d="M%s %sl7 -12h-14z"/>`, n(cx), n(cy+6))
	case isMark(st):
		cx := d.mark(st)
		if st.Kind == schedule.KindMeeting && st.Start != st.End {
			x0, x1 := d.span(st)
			fmt.Fprintf(&mark, `<rect class="tl-bar tl-span" x="%s" y="%s" width="%s" height="4" rx="2"/>`, n(x0), n(cy-2), n(max(x1-x0, 2)))
		}
		fmt.Fprintf(&mark, `<path class="tl-mark" d="M%s %sl8 8l-8 8l-8 -8z"/>`, n(cx), n(cy-8))
	default:
		x0, x1 := d.span(st)
		w := max(x1-x0, 2)
		fmt.Fprintf(&mark, `<rect class="tl-bar" x="%s" y="%s" width="%s" height="%d" rx="3"/>`, n(x0), n(cy-barH/2), n(w), barH)
		if len(vs) > 0 {
			mark.WriteString(hatch(x0, cy-barH/2, w, barH))
		}
		if du := Duration(st); du != "" {
			if t, ok := duration(du, x0, x1, cy, segs); ok {
				mark.WriteString(t)
			} else {
				r.dates += " (" + du + ")"
			}
		}
	}
	d.name(b, r, "tl-label")
	b.WriteString(mark.String())
	b.WriteString(`</g>`)
}

// name writes a row's name, line by line, and its dates under it.
func (d *drawing) name(b *strings.Builder, r *row, cls string) {
	for i, l := range r.lines {
		fmt.Fprintf(b, `<text class="%s" x="%d" y="%s">%s</text>`, cls, gutter, n(r.y+6+float64(i)*lineH+12), svgdraw.Esc(l))
	}
	if r.dates != "" {
		fmt.Fprintf(b, `<text class="tl-date" x="%d" y="%s">%s</text>`, gutter, n(r.y+6+float64(len(r.lines))*lineH+10), r.dates)
	}
}

// duration places a bar's duration: on the bar if it fits, else beside
// it, wherever no connector crosses it. ok is false if there is no such
// place; the duration then follows the dates in the label column.
func duration(txt string, x0, x1, cy float64, segs []segment) (string, bool) {
	w := svgdraw.Width(txt, smallFont, svgdraw.Digits)
	y := cy + 4
	for _, c := range []struct {
		x      float64
		anchor string
		in     bool
	}{{(x0 + x1) / 2, "middle", true}, {x1 + 5, "start", false}, {x0 - 5, "end", false}} {
		box := svgdraw.TextBox(c.x, y, c.anchor, w, smallFont)
		if c.in && w+8 > x1-x0 || box.X < chartL-10 || box.X+box.W > width {
			continue
		}
		if slices.ContainsFunc(segs, func(s segment) bool { return box.Crosses(s.a, s.b) }) {
			continue
		}
		cls := "tl-dur"
		if c.in {
			cls += " tl-dur-in"
		}
		return fmt.Sprintf(`<text class="%s" x="%s" y="%s" text-anchor="%s">%s</text>`, cls, n(c.x), n(y), c.anchor, txt), true
	}
	return "", false
}

// hatch is diagonal hatching over a bar, clipped to it by arithmetic (no
// <clipPath>, whose id would have to be unique on the page).
func hatch(x, y, w, h float64) string {
	var p strings.Builder
	for s := x - h; s < x+w; s += 6 {
		// The line from (s, y+h) to (s+h, y), clipped to [x, x+w].
		ax, ay, bx, by := s, y+h, s+h, y
		if ax < x {
			ay -= x - ax
			ax = x
		}
		if bx > x+w {
			by += bx - (x + w)
			bx = x + w
		}
		if bx-ax < 0.5 {
			continue
		}
		fmt.Fprintf(&p, "M%s %sL%s %s", n(ax), n(ay), n(bx), n(by))
	}
	return `<path class="tl-hatch" d="` + p.String() + `"/>`
}

// axis: a tick per month, a label per quarter, the year at each January
// and at the start; no label runs past the drawing's edge.
func (d *drawing) axis() string {
	var a strings.Builder
	for t := d.first; !t.After(d.last); t = t.AddMonths(1) {
		xx := d.x(t)
		cls := "tl-tick"
		if t.Month() == 1 {
			cls += " tl-year"
		}
		fmt.Fprintf(&a, `<line class="%s" x1="%s" y1="%d" x2="%s" y2="%s"/>`, cls, n(xx), axisH-8, n(xx), n(d.rowsBottom))
		if !t.Before(d.last) {
			continue // the closing tick: nothing follows it
		}
		if t.Month() == 1 || t == d.first {
			fmt.Fprintf(&a, `<text class="tl-axis tl-axis-year" x="%s" y="16">%d</text>`, n(xx+3), t.Year())
		}
		if (int(t.Month())-1)%3 == 0 {
			fmt.Fprintf(&a, `<text class="tl-axis" x="%s" y="%d">%s</text>`, n(xx+3), axisH-14, t.Month().String()[:3])
		}
	}
	return a.String()
}

// legend draws a sample of every kind of mark the drawing uses, with its
// meaning, in lines that wrap at the drawing's width.
func (d *drawing) legend(segs []segment) (string, float64) {
	kinds, bars := map[string]bool{}, map[string]bool{}
	var broken, warned, follows, pinned, meetings, used, baseline, done, overdue bool
	for _, l := range d.lanes {
		for _, r := range l.rows {
			if r.step == nil {
				continue
			}
			kinds[r.step.Kind] = true
			bars[l.side] = bars[l.side] || !isMark(r.step)
			switch severity(d.broken[r.step.ID]) {
			case "broken":
				broken = true
			case "warning":
				warned = true
			}
			pinned = pinned || r.step.Pinned
			baseline = baseline || !r.step.Baseline.IsZero()
			done = done || r.step.Status == schedule.StatusDone
			overdue = overdue || r.step.Status == schedule.StatusOverdue
			follows = follows || d.follows[r.step.ID] != ""
		}
		for _, m := range l.meetings {
			meetings = true
			used = used || d.used[m.ID]
		}
	}
	type item struct{ sample, text string }
	var items []item
	bar := func(cls string) string {
		return `<rect class="tl-bar ` + cls + `" x="0" y="-6" width="26" height="12" rx="3"/>`
	}
	for _, l := range d.lanes {
		if bars[l.side] {
			items = append(items, item{`<g class="tl-` + l.side + `">` + bar("") + `</g>`, l.period})
		}
	}
	items = append(items, item{`<path class="tl-mark" d="M13 -8l8 8l-8 8l-8 -8z"/>`, "decision or milestone"})
	if meetings {
		items = append(items, item{`<rect class="tl-meeting" x="0" y="-6" width="26" height="12" rx="2"/>`, "meeting"})
	}
	if used {
		items = append(items, item{`<rect class="tl-meeting tl-used" x="0" y="-6" width="26" height="12" rx="2"/>`, "meeting the plan uses"})
	}
	if kinds[schedule.KindDeadline] {
		items = append(items, item{`<path class="tl-deadline" d="M13 6l7 -12h-14z"/>`, "preparation deadline"})
	}
	if len(segs) > 0 {
		items = append(items, item{`<path class="tl-sync" d="M0 0L26 0"/>`, "synchronization point"})
	}
	if pinned {
		items = append(items, item{`<g class="tl-pinned">` + bar("") + `</g>`, "pinned by hand"})
	}
	if done {
		items = append(items, item{`<g class="tl-done">` + bar("") + `</g>`, "done"})
	}
	if overdue {
		items = append(items, item{`<g class="tl-overdue">` + bar("") + `</g>`, "overdue: re-planned"})
	}
	if baseline {
		items = append(items, item{`<path class="tl-baseline" d="M13 -10v20"/>`, "the baseline's date"})
	}
	if broken {
		items = append(items, item{`<g class="tl-broken">` + bar("") + hatch(0, -6, 26, 12) + `<g class="tl-flag"><circle cx="40" cy="0" r="8"/><text x="40" y="4.5" text-anchor="middle">!</text></g></g>`, "breaks a rule"})
	}
	if warned {
		items = append(items, item{`<g class="tl-warning"><g class="tl-flag"><circle cx="13" cy="0" r="8"/><text x="13" y="4.5" text-anchor="middle">!</text></g></g>`, "warning"})
	}
	if follows {
		items = append(items, item{`<g class="tl-follows"><g class="tl-flag"><circle cx="13" cy="0" r="8"/><text x="13" y="4.5" text-anchor="middle">!</text></g></g>`, "follows a date that breaks a rule"})
	}
	if _, ok := d.today(); ok {
		items = append(items, item{`<g class="tl-today"><line x1="13" y1="-8" x2="13" y2="8"/></g>`, "today"})
	}
	var b strings.Builder
	x, y := 6.0, 14.0
	for _, it := range items {
		sw := 30.0
		if strings.Contains(it.sample, "tl-flag") && strings.Contains(it.sample, "tl-bar") {
			sw = 52
		}
		w := sw + 6 + svgdraw.Width(it.text, smallFont, svgdraw.Regular) + 18
		if x+w > width && x > 6 {
			x, y = 6, y+22
		}
		fmt.Fprintf(&b, `<g class="tl-key" transform="translate(%s %s)">%s<text x="%s" y="4">%s</text></g>`, n(x), n(y), it.sample, n(sw+6), svgdraw.Esc(it.text))
		x += w
	}
	return b.String(), y + 12
}

func severity(vs []schedule.Violation) string {
	sev := ""
	for _, v := range vs {
		if v.Severity == "error" {
			return "broken"
		}
		sev = "warning"
	}
	return sev
}

// describe is the drawing's text alternative: the publication date, then
// each step with its dates, in order, then the rules it breaks.
func describe(sc *schedule.Scenario, broken map[string][]schedule.Violation) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s. ", sc.Label)
	if !sc.Publication.IsZero() {
		fmt.Fprintf(&b, "Publication %s. ", sc.Publication)
	}
	k := 0
	for _, st := range sc.Steps {
		if st.Kind == schedule.KindDeadline {
			continue
		}
		if k > 0 {
			b.WriteString("; ")
		}
		k++
		if st.Start == st.End {
			fmt.Fprintf(&b, "%s %s (%s)", st.Label, st.Start, schedule.SideName(st.Side))
		} else {
			fmt.Fprintf(&b, "%s %s to %s (%s)", st.Label, st.Start, st.End, schedule.SideName(st.Side))
		}
	}
	b.WriteString(".")
	for _, v := range sc.Violations {
		st, _ := sc.Step(v.Step)
		name := v.Step
		if st != nil {
			name = st.Label
		}
		fmt.Fprintf(&b, " %s at %s: %s (clause %s).", severityWord(v.Severity), name, strings.TrimSuffix(v.Message, "."), v.Clause)
	}
	return b.String()
}

func severityWord(s string) string {
	if s == "error" {
		return "Broken rule"
	}
	return "Warning"
}

// dates says when a step is: one date, or the first and last.
func dates(st *schedule.Step) string {
	if st.Start == st.End {
		return st.Start.String()
	}
	return st.Start.String() + " – " + st.End.String()
}

// Duration says how long a period lasts, in the unit the rules use when it
// is a whole number of them ("3 months", "8 weeks"), otherwise in days; a
// meeting counts its days. Single-day steps have no duration ("").
func Duration(st *schedule.Step) string {
	if st.Start == st.End {
		return ""
	}
	if st.Kind == schedule.KindMeeting {
		return plural(st.End.DaysSince(st.Start)+1, "day")
	}
	for m := 1; m <= 120; m++ {
		if e := st.Start.AddMonths(m); e == st.End {
			return plural(m, "month")
		} else if e.After(st.End) {
			break
		}
	}
	days := st.End.DaysSince(st.Start)
	if days%7 == 0 {
		return plural(days/7, "week")
	}
	return plural(days, "day")
}

func ordinal(k int) string {
	if k < 10 {
		return [...]string{"", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"}[k]
	}
	return strconv.Itoa(k) + "th"
}

func plural(k int, unit string) string {
	if k == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", k, unit)
}

func stepTitle(st *schedule.Step, vs []schedule.Violation) string {
	t := fmt.Sprintf("%s: %s", st.Label, strings.ReplaceAll(dates(st), " – ", " to "))
	if du := Duration(st); du != "" {
		t += " (" + du + ")"
	}
	t += fmt.Sprintf(" — %s, clause %s", st.Body, st.Clause)
	if st.Pinned {
		t += " (pinned)"
	}
	t += life(st)
	for _, v := range vs {
		t += fmt.Sprintf(". %s: %s", severityWord(v.Severity), strings.TrimSuffix(v.Message, "."))
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

// life says in words what a followed plan knows of a step: done or
// overdue, and its slip on the baseline (" · done · +37 d on the
// baseline"), so that neither rests on colour alone.
func life(st *schedule.Step) string {
	var t string
	switch st.Status {
	case schedule.StatusDone:
		t += " · done"
	case schedule.StatusOverdue:
		t += " · overdue"
	}
	if !st.Baseline.IsZero() && st.Slip != 0 {
		t += " · " + schedule.Days(st.Slip) + " on the baseline"
	}
	return t
}
