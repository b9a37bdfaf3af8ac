package planpage

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/internal/markup"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/engine/status"
	"github.com/commontext/commontext/engine/svgdraw"
)

// ProgrammeYears is how far ahead the programme's calendar looks: every
// coming step of every plan, which a common text finishes well within.
const ProgrammeYears = 10

// NewProgramme is the programme of work of the plans kept in a browser,
// each in the scenario it shows, as of day asOf (the page's today).
func NewProgramme(plans []Shown, asOf caldate.Date) status.Programme {
	in := make([]status.Input, len(plans))
	for i, sh := range plans {
		in[i] = status.Input{Plan: sh.Plan, Scenario: sh.Scenario}
	}
	prog := status.Build(in, asOf)
	for i := range prog.Rows {
		if prog.Rows[i].Problem != "" && prog.Rows[i].ShortName == "" {
			prog.Rows[i].ShortName = fmt.Sprintf("Plan %d", i+1)
			prog.Rows[i].Title = prog.Rows[i].ShortName
		}
	}
	return prog
}

// ProgrammeExport writes the programme as "csv", "markdown" or "ics" (every
// coming step of every plan, as of asOf, in one calendar whose events keep
// the UIDs of each plan's own).
func ProgrammeExport(plans []Shown, asOf caldate.Date, format string, now time.Time) (string, error) {
	var b bytes.Buffer
	switch format {
	case "csv":
		if err := NewProgramme(plans, asOf).CSV(&b); err != nil {
			return "", err
		}
	case "markdown":
		if err := NewProgramme(plans, asOf).Markdown(&b); err != nil {
			return "", err
		}
	case "ics":
		return newOverview(plans, asOf, asOf.AddMonths(12*ProgrammeYears), true).ICS(now)
	default:
		return "", fmt.Errorf("format: unknown format %q (want csv, markdown or ics)", format)
	}
	return b.String(), nil
}

// title is a row's full name.
func title(s status.Status) string {
	if s.Title != "" {
		return s.Title
	}
	return s.ShortName
}

// programmeColumns are the page's table columns: the header and what a
// row sorts by.
var programmeColumns = []string{"Plan", "JTC 1 stage", "ITU-T stage", "Next step", "Date", "Forecast publication", "Slip against baseline", "Broken rules"}

// ProgrammeHTML is the programme of work for the planner page: a table,
// one row per plan (a plan that cannot be planned says why in its row),
// whose column headers sort it (their buttons, with aria-sort, are wired
// by the page's script from the data-sort keys of each row), then the
// timeline of the plans' forecasts.
func ProgrammeHTML(p status.Programme) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<div class="table-wrap"><table class="pf-prog"><caption>Programme of work as of <time datetime="%s">%s</time>: %d plan%s. Sort by a column with its header's button.</caption><thead><tr>`,
		p.AsOf, p.AsOf, len(p.Rows), plural(len(p.Rows)))
	for i, c := range programmeColumns {
		fmt.Fprintf(&b, `<th scope="col" aria-sort="none"><button type="button" class="pf-sort" data-col="%d">%s</button></th>`, i, markup.Escape(c))
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, s := range p.Rows {
		if s.Problem != "" {
			fmt.Fprintf(&b, `<tr class="pf-prog-problem" data-k0="%s"><th scope="row">%s</th><td colspan="%d" class="pv-error">Cannot be planned: %s</td></tr>`,
				markup.Escape(title(s)), markup.Escape(title(s)), len(programmeColumns)-1, markup.Escape(strings.TrimPrefix(strings.TrimPrefix(s.Problem, "The plan cannot be planned: "), "The plan cannot be read: ")))
			continue
		}
		next, date, dateKey := "—", "—", ""
		if s.NextStep != nil {
			next = markup.Escape(s.NextStep.Label)
			date = fmt.Sprintf(`<time datetime="%s">%s</time>`, s.NextStep.Date, s.NextStep.Date)
			dateKey = s.NextStep.Date.String()
			if s.NextStep.Status == schedule.StatusOverdue {
				next += ` <strong class="pv-error">(overdue)</strong>`
			}
		}
		jtc1Key := s.JTC1.Code
		if jtc1Key == "" {
			jtc1Key = s.JTC1.Words
		}
		slip, slipKey := "no baseline", ""
		if s.HasBaseline() {
			slip = fmt.Sprintf(`%s <span class="pf-muted">(baseline <time datetime="%s">%s</time>)</span>`, markup.Escape(s.SlipText()), s.Baseline, s.Baseline)
			slipKey = fmt.Sprint(s.Slip)
		}
		rulesText := fmt.Sprint(s.Errors)
		if s.Warnings > 0 {
			rulesText += fmt.Sprintf(` <span class="pf-muted">(%d warning%s)</span>`, s.Warnings, plural(s.Warnings))
		}
		cls := ""
		if s.Errors > 0 {
			cls = ` class="pv-broken"`
		}
		fmt.Fprintf(&b, `<tr data-k0="%s" data-k1="%s" data-k2="%s" data-k3="%s" data-k4="%s" data-k5="%s" data-k6="%s" data-k7="%d">`,
			markup.Escape(title(s)), markup.Escape(jtc1Key), markup.Escape(s.ITU.Words), markup.Escape(nextKey(s)), dateKey, pubKey(s), slipKey, s.Errors)
		fmt.Fprintf(&b, `<th scope="row">%s</th><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td%s>%s</td></tr>`,
			markup.Escape(title(s)), stageHTML(s.JTC1), markup.Escape(s.ITU.Words), next, date, dateHTML(s.Publication), slip, cls, rulesText)
	}
	b.WriteString(`</tbody></table></div>`)
	fmt.Fprintf(&b, `<figure class="pf-prog-figure"><div class="timeline-wrap">%s</div><figcaption>Each plan's forecast from today to its publication (◆), with its baseline's publication (◇) when it has one and its next step (▲); the vertical line is today, %s. The table above gives the same dates in text.</figcaption></figure>`,
		ProgrammeSVG(p), p.AsOf)
	return b.String()
}

func nextKey(s status.Status) string {
	if s.NextStep == nil {
		return ""
	}
	return s.NextStep.Label
}

func pubKey(s status.Status) string {
	if s.Publication.IsZero() {
		return ""
	}
	return s.Publication.String()
}

func dateHTML(d caldate.Date) string {
	if d.IsZero() {
		return "—"
	}
	return fmt.Sprintf(`<time datetime="%s">%s</time>`, d, d)
}

// stageHTML is a JTC 1 stage with its code marked as such.
func stageHTML(st status.Stage) string {
	if st.Code == "" {
		return markup.Escape(st.Words)
	}
	return fmt.Sprintf(`<span class="pf-stage-code">%s</span> %s`, st.Code, markup.Escape(st.Words))
}

// The programme timeline's geometry, in SVG user units: as wide as the
// engine's timeline. Each plan has a row of two lines: its full name, then
// its bar, so that no name is cut.
const (
	pgWidth  = 800
	pgLeft   = 10
	pgRight  = pgWidth - 14
	pgAxisH  = 64 // the legend, then the years and months
	pgRowH   = 40
	pgFont   = 13
	pgSmall  = 11
	pgTitle  = "pf-prog-title"
	pgDescID = "pf-prog-desc"
)

// ProgrammeSVG draws the programme on one timeline: from a month before
// today to a month after the latest publication or baseline, a row per
// plan with its full name, a bar from today to its forecast publication
// (◆), its baseline's publication (◇) and its next step (▲); a line marks
// today. A plan that cannot be planned has its row, saying so.
func ProgrammeSVG(p status.Programme) string {
	from := p.AsOf.AddMonths(-1)
	until := p.AsOf.AddMonths(12)
	for _, s := range p.Rows {
		for _, d := range []caldate.Date{s.Publication, s.Baseline} {
			if !d.IsZero() && d.AddMonths(1).After(until) {
				until = d.AddMonths(1)
			}
		}
	}
	from = caldate.Of(from.Year(), from.Month(), 1)
	span := float64(until.DaysSince(from))
	x := func(d caldate.Date) float64 {
		return pgLeft + float64(d.DaysSince(from))/span*(pgRight-pgLeft)
	}
	clampX := func(d caldate.Date) float64 { return min(max(x(d), pgLeft), pgRight) }
	n := svgdraw.Num
	height := pgAxisH + len(p.Rows)*pgRowH + 8
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="timeline pf-prog-timeline" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s %s" font-size="%d">`,
		pgWidth, height, pgTitle, pgDescID, pgFont)
	fmt.Fprintf(&b, `<title id="%s">Programme of work as of %s: forecast publication of every plan</title>`, pgTitle, p.AsOf)
	fmt.Fprintf(&b, `<desc id="%s">One row per plan, %d plan%s, from %s to %s; the table gives every date in text.</desc>`, pgDescID, len(p.Rows), plural(len(p.Rows)), from, until)

	// The legend, in words and shapes.
	b.WriteString(`<g class="tl-key" aria-hidden="true">`)
	lx := float64(pgLeft)
	for _, k := range []struct{ shape, text string }{
		{fmt.Sprintf(`<rect class="tl-bar" x="%s" y="4" width="18" height="10" rx="2"/>`, n(lx)), "forecast, today to publication"},
		{`<path class="tl-mark" d="M%s 3l6 6l-6 6l-6 -6z"/>`, "forecast publication"},
		{`<path class="pf-prog-baseline" d="M%s 3l6 6l-6 6l-6 -6z"/>`, "baseline publication"},
		{`<path class="tl-deadline" d="M%s 14l6 -10h-12z"/>`, "next step"},
		{`<line class="pf-prog-today" x1="%s" y1="2" x2="%s" y2="16"/>`, "today"},
	} {
		shape := k.shape
		switch strings.Count(shape, "%s") {
		case 1:
			shape = fmt.Sprintf(shape, n(lx+6))
		case 2:
			shape = fmt.Sprintf(shape, n(lx+6), n(lx+6))
		}
		b.WriteString(shape)
		fmt.Fprintf(&b, `<text x="%s" y="14" font-size="%d">%s</text>`, n(lx+22), pgSmall, k.text)
		lx += 22 + float64(len(k.text))*pgSmall*svgdraw.Regular + 16
	}
	b.WriteString(`</g>`)

	// The axis: years, then months (every month, or every quarter on a
	// long span).
	b.WriteString(`<g class="tl-axis-g">`)
	step := 1
	if span > 3*365 {
		step = 3
	}
	for t := from; t.Before(until); t = t.AddMonths(step) {
		xx := x(t)
		cls := "tl-tick"
		if t.Month() == 1 {
			cls += " tl-year"
		}
		fmt.Fprintf(&b, `<line class="%s" x1="%s" y1="%d" x2="%s" y2="%d"/>`, cls, n(xx), pgAxisH-10, n(xx), height-8)
		// The year at each January, and at the start unless a January
		// follows within two months (the labels would overlap).
		if t.Month() <= time.Month(step) || (t == from && t.Month() < 11) {
			fmt.Fprintf(&b, `<text class="tl-axis tl-axis-year" x="%s" y="36" font-size="%d">%d</text>`, n(xx+3), pgSmall, t.Year())
		}
		if until.DaysSince(t) >= 20*step {
			fmt.Fprintf(&b, `<text class="tl-axis" x="%s" y="%d" font-size="%d">%s</text>`, n(xx+3), pgAxisH-14, pgSmall, t.Month().String()[:3])
		}
	}
	b.WriteString(`</g>`)

	for i, s := range p.Rows {
		y := float64(pgAxisH + i*pgRowH)
		by := y + 27 // the bar's middle
		fmt.Fprintf(&b, `<g class="pf-prog-row"><line class="pf-ov-rule" x1="0" y1="%s" x2="%d" y2="%s"/>`, n(y+pgRowH), pgWidth, n(y+pgRowH))
		fmt.Fprintf(&b, `<text class="tl-name" x="%d" y="%s">%s</text>`, pgLeft, n(y+13), svgdraw.Esc(title(s)))
		if s.Problem != "" {
			fmt.Fprintf(&b, `<text class="tl-muted" x="%d" y="%s" font-size="%d">cannot be planned: see the table</text></g>`, pgLeft, n(by+4), pgSmall)
			continue
		}
		if !s.Publication.IsZero() {
			x0, x1 := clampX(p.AsOf), clampX(s.Publication)
			fmt.Fprintf(&b, `<rect class="tl-bar" x="%s" y="%s" width="%s" height="8" rx="2"><title>%s: forecast publication %s</title></rect>`,
				n(x0), n(by-4), n(max(x1-x0, 2)), svgdraw.Esc(title(s)), s.Publication)
			fmt.Fprintf(&b, `<path class="tl-mark" d="M%s %sl7 7l-7 7l-7 -7z"><title>Forecast publication %s</title></path>`, n(x1), n(by-7), s.Publication)
		}
		if s.HasBaseline() {
			fmt.Fprintf(&b, `<path class="pf-prog-baseline" d="M%s %sl7 7l-7 7l-7 -7z"><title>Baseline publication %s (%s)</title></path>`, n(clampX(s.Baseline)), n(by-7), s.Baseline, svgdraw.Esc(s.SlipText()))
		}
		if s.NextStep != nil {
			cx := clampX(s.NextStep.Date)
			fmt.Fprintf(&b, `<path class="tl-deadline" d="M%s %sl6 -10h-12z"><title>Next: %s, %s</title></path>`, n(cx), n(by-6), svgdraw.Esc(s.NextStep.Label), s.NextStep.Date)
		}
		b.WriteString(`</g>`)
	}
	tx := x(p.AsOf)
	fmt.Fprintf(&b, `<g class="tl-today"><line class="pf-prog-today" x1="%s" y1="%d" x2="%s" y2="%d"/><text class="tl-today-label" x="%s" y="%d" font-size="%d">today</text></g>`,
		n(tx), pgAxisH-10, n(tx), height-8, n(tx+3), height-1, pgSmall)
	b.WriteString(`</svg>`)
	return b.String()
}
