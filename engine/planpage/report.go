package planpage

import (
	"fmt"
	"strings"

	"github.com/commontext/commontext/engine/caldate"
	"github.com/commontext/commontext/engine/internal/markup"
	"github.com/commontext/commontext/engine/plan"
	"github.com/commontext/commontext/engine/schedule"
	"github.com/commontext/commontext/engine/status"
)

// NewReport is the status report of one plan, in the scenario shown, as
// of asOf, listing what was done from since.
func NewReport(planJSON []byte, scenario string, asOf, since caldate.Date) (status.Status, error) {
	p, err := plan.Parse(planJSON)
	if err != nil {
		return status.Status{}, err
	}
	p.AsOf = asOf
	s, sc, err := status.Plan(p, scenario)
	if err != nil {
		return status.Status{}, err
	}
	return status.Of(p, s, sc, asOf, since), nil
}

// reportRow is one row of the report's table: a heading and its text,
// as HTML and as plain text.
type reportRow struct{ head, html, text string }

// reportRows are the report's rows, in the order a meeting report gives
// them.
func reportRows(s status.Status) []reportRow {
	rows := []reportRow{
		{"Plan", markup.Escape(title(s)), title(s)},
		{"As of", dateHTML(s.AsOf), s.AsOf.String()},
	}
	if s.Problem != "" {
		return append(rows, reportRow{"Problem", markup.Escape(s.Problem), s.Problem})
	}
	since := func(st status.Stage) (string, string) {
		if st.Since.IsZero() {
			return "", ""
		}
		return fmt.Sprintf(` (since <time datetime="%s">%s</time>)`, st.Since, st.Since), fmt.Sprintf(" (since %s)", st.Since)
	}
	jh, jt := since(s.JTC1)
	ih, it := since(s.ITU)
	rows = append(rows,
		reportRow{"Scenario", markup.Escape(s.Label), s.Label},
		reportRow{"Stage now, JTC 1", stageHTML(s.JTC1) + jh, s.JTC1.String() + jt},
		reportRow{"Stage now, ITU-T", markup.Escape(s.ITU.Words) + ih, s.ITU.Words + it},
	)
	doneHead := "Done"
	if !s.Since.IsZero() {
		doneHead = "Done since " + s.Since.String()
	}
	rows = append(rows, itemsRow(doneHead, s.Done, "nothing recorded as done"))
	rows = append(rows, itemsRow(fmt.Sprintf("Next %d dates", status.NextCount), s.Next, "nothing left to do"))
	pubH, pubT := dateHTML(s.Publication), s.Publication.String()
	if s.HasBaseline() {
		pubH += fmt.Sprintf(`, baseline <time datetime="%s">%s</time>: %s`, s.Baseline, s.Baseline, markup.Escape(s.SlipText()))
		pubT += fmt.Sprintf(", baseline %s: %s", s.Baseline, s.SlipText())
	} else {
		pubH += ", no baseline set"
		pubT += ", no baseline set"
	}
	rows = append(rows, reportRow{"Forecast publication", pubH, pubT})
	rules := fmt.Sprintf("%d broken rule%s, %d warning%s", s.Errors, plural(s.Errors), s.Warnings, plural(s.Warnings))
	if s.History > 0 {
		rules += fmt.Sprintf(" (%d of them on steps already done: history)", s.History)
	}
	rh, rt := markup.Escape(rules), rules
	for _, r := range s.Rules {
		kind := "broken"
		if r.Severity != "error" {
			kind = "warning"
		}
		if r.History {
			kind += ", history"
		}
		line := fmt.Sprintf("%s (%s, %s)", r.Message, kind, r.Clause)
		rh += "<br>" + markup.Escape(line)
		rt += "; " + line
	}
	return append(rows, reportRow{"Rules of the guide", rh, rt})
}

func itemsRow(head string, items []status.Item, none string) reportRow {
	if len(items) == 0 {
		return reportRow{head, none, none}
	}
	var h, t []string
	for _, it := range items {
		label := it.Label
		if it.Status == schedule.StatusOverdue {
			label += " (overdue)"
		}
		h = append(h, fmt.Sprintf(`<time datetime="%s">%s</time> %s`, it.Date, it.Date, markup.Escape(label)))
		t = append(t, it.Date.String()+" "+label)
	}
	return reportRow{head, strings.Join(h, "<br>"), strings.Join(t, "; ")}
}

// ReportTable is the status report as an HTML table, to paste into a
// meeting report (the page copies it as HTML).
func ReportTable(s status.Status) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<table class="pf-report-table"><caption>Status of %s as of %s</caption><tbody>`, markup.Escape(s.ShortName), s.AsOf)
	for _, r := range reportRows(s) {
		fmt.Fprintf(&b, `<tr><th scope="row">%s</th><td>%s</td></tr>`, markup.Escape(r.head), r.html)
	}
	b.WriteString(`</tbody></table>`)
	return b.String()
}

// ReportMarkdown is the status report as a Markdown table.
func ReportMarkdown(s status.Status) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Status of %s as of %s\n\n| | |\n|---|---|\n", status.MarkdownEscape(s.ShortName), s.AsOf)
	for _, r := range reportRows(s) {
		fmt.Fprintf(&b, "| **%s** | %s |\n", status.MarkdownEscape(r.head), status.MarkdownEscape(r.text))
	}
	return b.String()
}
