package planpage

import (
	"fmt"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/engine/svgdraw"
)

// OverviewRow is one plan of the overview: its title and the steps of its
// scenario shown that start in the overview's months, labelled as in the
// plan (without the plan's title).
type OverviewRow struct {
	Title string
	Steps []schedule.Step
}

// The overview timeline's geometry, in SVG user units: the width of the
// engine's timeline (engine/timeline), so that the same CSS sizes both.
const (
	ovWidth   = 800
	ovLabelW  = 210 // the plans' titles
	ovChartL  = ovLabelW + 10
	ovChartR  = ovWidth - 14
	ovAxisH   = 40
	ovRowH    = 30
	ovFont    = 13
	ovSmall   = 11
	ovTitleID = "pf-overview-title"
	ovDescID  = "pf-overview-desc"
)

// SVG draws the overview on one timeline: the OverviewMonths from From,
// one row per plan, each step where it falls (a bar for a step that lasts,
// a diamond for a decision or milestone, a triangle for a deadline), in the
// classes of the engine's timeline. The list by month (HTML) says the same
// in text.
func (o Overview) SVG() string {
	from, until := o.From, o.From.AddMonths(OverviewMonths)
	span := float64(until.DaysSince(from))
	x := func(d caldate.Date) float64 {
		return ovChartL + float64(d.DaysSince(from))/span*(ovChartR-ovChartL)
	}
	n := svgdraw.Num
	height := ovAxisH + len(o.Rows)*ovRowH + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="timeline pf-overview-timeline" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s %s" font-size="%d">`,
		ovWidth, height, ovTitleID, ovDescID, ovFont)
	fmt.Fprintf(&b, `<title id="%s">Deadlines of all plans, %s to %s</title>`, ovTitleID, from, until.AddDays(-1))
	fmt.Fprintf(&b, `<desc id="%s">One row per plan, %d plan%s; the list by month below gives every date in text.</desc>`, ovDescID, len(o.Rows), plural(len(o.Rows)))

	// The axis: a tick at the first of each month, its name, and the year
	// at January and at the start.
	b.WriteString(`<g class="tl-axis-g">`)
	first := caldate.Of(from.Year(), from.Month(), 1)
	for t := first; t.Before(until); t = t.AddMonths(1) {
		if t.Before(from) {
			continue
		}
		xx := x(t)
		cls := "tl-tick"
		if t.Month() == 1 {
			cls += " tl-year"
		}
		fmt.Fprintf(&b, `<line class="%s" x1="%s" y1="%d" x2="%s" y2="%d"/>`, cls, n(xx), ovAxisH-8, n(xx), height-8)
		if t.Month() == 1 || t.DaysSince(from) < 28 {
			fmt.Fprintf(&b, `<text class="tl-axis tl-axis-year" x="%s" y="14" font-size="%d">%d</text>`, n(xx+3), ovSmall, t.Year())
		}
		if until.DaysSince(t) >= 20 {
			fmt.Fprintf(&b, `<text class="tl-axis" x="%s" y="%d" font-size="%d">%s</text>`, n(xx+3), ovAxisH-14, ovSmall, t.Month().String()[:3])
		}
	}
	b.WriteString(`</g>`)

	labelRoom, glyph := float64(ovLabelW-8), ovFont*svgdraw.Regular
	nameMax := int(labelRoom / glyph)
	for i, r := range o.Rows {
		y := float64(ovAxisH + i*ovRowH)
		cy := y + ovRowH/2
		name := r.Title
		if rs := []rune(name); len(rs) > nameMax {
			name = string(rs[:nameMax-1]) + "…"
		}
		fmt.Fprintf(&b, `<g class="pf-ov-row"><title>%s</title>`, svgdraw.Esc(r.Title))
		fmt.Fprintf(&b, `<line class="pf-ov-rule" x1="0" y1="%s" x2="%d" y2="%s"/>`, n(y+ovRowH), ovWidth, n(y+ovRowH))
		fmt.Fprintf(&b, `<text class="tl-name" x="4" y="%s">%s</text>`, n(cy+4.5), svgdraw.Esc(name))
		for _, st := range r.Steps {
			tip := fmt.Sprintf("%s: %s", svgdraw.Esc(st.Label), st.Start)
			if st.End.After(st.Start) {
				tip += " to " + st.End.String()
			}
			switch st.Kind {
			case schedule.KindDeadline:
				cx := (x(st.Start) + x(st.Start.AddDays(1))) / 2
				fmt.Fprintf(&b, `<path class="tl-deadline" d="M%s %sl7 -12h-14z"><title>%s</title></path>`, n(cx), n(cy+6), tip)
			case schedule.KindMilestone, schedule.KindMeeting:
				cx := (x(st.End) + x(st.End.AddDays(1))) / 2
				fmt.Fprintf(&b, `<path class="tl-mark" d="M%s %sl7 7l-7 7l-7 -7z"><title>%s</title></path>`, n(cx), n(cy-7), tip)
			default:
				x0, x1 := x(st.Start), x(caldate.Min(st.End.AddDays(1), until))
				fmt.Fprintf(&b, `<rect class="tl-bar" x="%s" y="%s" width="%s" height="12" rx="3"><title>%s</title></rect>`, n(x0), n(cy-6), n(max(x1-x0, 2)), tip)
			}
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return b.String()
}

func plural(k int) string {
	if k == 1 {
		return ""
	}
	return "s"
}
