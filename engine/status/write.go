package status

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/commontext/commontext/engine/export"
)

// CSVColumns are the CSV's header: Columns with a file column, the
// slip as a number of days and the stages' codes apart, for spreadsheets.
var CSVColumns = []string{"file", "plan", "jtc1_code", "jtc1_stage", "itu_t_stage", "next_step", "next_date", "publication", "baseline", "slip_days", "broken_rules", "warnings", "problem"}

// CSV writes the programme as CSV (engine/export's form: BOM, CRLF, no
// cell that starts a formula), one row per plan.
func (p Programme) CSV(w io.Writer) error {
	rows := make([][]string, 0, len(p.Rows))
	for _, s := range p.Rows {
		if s.Problem != "" {
			rows = append(rows, []string{s.File, s.ShortName, "", "", "", "", "", "", "", "", "", "", s.Problem})
			continue
		}
		next, date := s.next()
		slip := ""
		if s.HasBaseline() {
			slip = fmt.Sprint(s.Slip)
		}
		rows = append(rows, []string{s.File, s.ShortName, s.JTC1.Code, s.JTC1.Words, s.ITU.Words, next, date,
			dateOrEmpty(s.Publication), dateOrEmpty(s.Baseline), slip, fmt.Sprint(s.Errors), fmt.Sprint(s.Warnings), ""})
	}
	return export.WriteTable(w, CSVColumns, rows)
}

// Markdown writes the programme as a Markdown table (GitHub's form), to
// paste into a report or publish from CI.
func (p Programme) Markdown(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Programme of work as of %s\n\n", p.AsOf)
	mdRow(&b, Columns)
	seps := make([]string, len(Columns))
	for i := range seps {
		seps[i] = "---"
	}
	b.WriteString("|" + strings.Join(seps, "|") + "|\n")
	for _, s := range p.Rows {
		mdRow(&b, s.Cells())
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdRow(b *strings.Builder, cells []string) {
	b.WriteString("|")
	for _, c := range cells {
		b.WriteString(" " + MarkdownEscape(c) + " |")
	}
	b.WriteString("\n")
}

// mdEscaper keeps a cell's text from being read as Markdown or from
// ending its cell: "X.1299 | 27599" has a pipe.
var mdEscaper = strings.NewReplacer(`\`, `\\`, `|`, `\|`, `*`, `\*`, `_`, `\_`, "`", "\\`", `<`, `\<`, `>`, `\>`, `[`, `\[`, `]`, `\]`, "\r\n", " ", "\n", " ", "\r", " ")

// MarkdownEscape is s as the text of a Markdown table cell.
func MarkdownEscape(s string) string { return mdEscaper.Replace(export.Printable(s)) }

// Text writes the programme as a table for a terminal, its columns
// aligned over the plans that have a status; a plan with a problem has
// its name (its file's, when known) and the problem on its line.
func (p Programme) Text(w io.Writer) error {
	head := Columns[:len(Columns)-1]
	rows := make([][]string, 0, len(p.Rows)+1)
	rows = append(rows, slices.Clone(head))
	for i := range rows[0] {
		rows[0][i] = strings.ToUpper(rows[0][i])
	}
	for _, s := range p.Rows {
		c := s.Cells()
		for i := range c {
			c[i] = export.Printable(c[i])
		}
		if s.Problem != "" {
			if s.File != "" {
				c[0] = export.Printable(s.File)
			}
			rows = append(rows, []string{c[0], c[len(c)-1]})
			continue
		}
		rows = append(rows, c[:len(c)-1])
	}
	width := make([]int, len(head))
	for _, r := range rows {
		width[0] = max(width[0], utf8.RuneCountInString(r[0]))
		if len(r) < len(head) {
			continue
		}
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Programme of work as of %s\n\n", p.AsOf)
	for _, r := range rows {
		line := ""
		for i, c := range r {
			if i == len(r)-1 {
				line += c
				break
			}
			line += c + strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)+2)
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}
