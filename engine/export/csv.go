package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/commontext/commontext/engine/schedule"
)

// BOM starts the CSV file: UTF-8's byte order mark, by which Excel knows
// the file is UTF-8 (without it, "Genève" opens as "GenÃ¨ve"). LibreOffice,
// Google Sheets and Python's csv module (with encoding "utf-8-sig") read it
// as a mark, not as text.
const BOM = "\ufeff"

// CSVHeader is the header row of the CSV format.
// The last three columns came with plans followed through their life
// (issue 18), after the others so that a spreadsheet reading columns by
// position still finds them: a step's status ("done" when it happened,
// "overdue" when it was due before the as-of date and is planned anew),
// the day the plan's baseline gave it and its slip in days against that.
var CSVHeader = []string{"plan", "scenario", "step", "label", "kind", "side", "body", "start", "end", "clause", "meeting", "place", "pinned", "rule", "problem", "status", "baseline", "slip_days"}

// writeCSV writes the selected scenarios for a spreadsheet: a header row,
// then one row per step, in RFC 4180 form (CRLF line ends) after a BOM.
// Each row names its plan (short name) and scenario (label); dates are ISO
// 8601; a meeting is named by its body and place, never by its id; a step
// that breaks a rule says so in the problem column, and a scenario that
// cannot be scheduled is one row with its reason there. No cell can start
// a spreadsheet formula (see inert).
func writeCSV(w io.Writer, s *schedule.Schedule, c Context) error {
	scs, err := s.Select(c.Scenarios)
	if err != nil {
		return err
	}
	meetings := make(map[string]schedule.Meeting, len(s.Meetings))
	for _, m := range s.Meetings {
		meetings[m.ID] = m
	}
	if _, err := io.WriteString(w, BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	write := func(row []string) error {
		for i, cell := range row {
			row[i] = inert(crlf(cell))
		}
		return cw.Write(row)
	}
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, sc := range scs {
		if len(sc.Steps) == 0 {
			problem := sc.Error
			if problem == "" {
				problem = "The scenario has no steps."
			}
			if err := write([]string{c.ShortName, sc.Label, "", "", "", "", "", "", "", "", "", "", "", "", problem, "", "", ""}); err != nil {
				return err
			}
			continue
		}
		for _, st := range sc.Steps {
			pinned := ""
			if st.Pinned {
				pinned = "yes"
			}
			name, place := "", ""
			if m, ok := meetings[st.Meeting]; ok {
				name, place = m.Name(), m.Place
			}
			var problems []string
			for _, v := range sc.Violations {
				if v.Step == st.ID {
					problems = append(problems, v.Message)
				}
			}
			row := []string{c.ShortName, sc.Label, st.ID, st.Label, st.Kind, schedule.SideName(st.Side), st.Body,
				st.Start.String(), st.End.String(), st.Clause, name, place, pinned, st.Rule, strings.Join(problems, " "),
				st.Status, "", ""}
			if !st.Baseline.IsZero() {
				row[16], row[17] = st.Baseline.String(), strconv.Itoa(st.Slip)
			}
			if err := write(row); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// crlf is a cell as the CSV writer writes it with UseCRLF: every line
// break CRLF, and no lone CR. inert must judge the cell in this form: a
// place of "\n=1+1" is written as "\r\n=1+1", which starts with CR.
func crlf(cell string) string {
	if !strings.ContainsAny(cell, "\r\n") {
		return cell
	}
	cell = strings.ReplaceAll(cell, "\r", "")
	return strings.ReplaceAll(cell, "\n", "\r\n")
}

// inert keeps a spreadsheet from reading a cell as a formula: a cell that
// starts with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe, which spreadsheets show as text and do not evaluate (the
// OWASP advice on CSV injection). A meeting's place or body comes from a
// plan file, which may come from anyone.
func inert(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}

// WriteTable writes a table of the caller's own in this package's CSV
// form (BOM, CRLF, cells that cannot start a formula), for other views of
// plans to export as the schedules do (engine/status's programme of work).
func WriteTable(w io.Writer, header []string, rows [][]string) error {
	if _, err := io.WriteString(w, BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, row := range rows {
		cells := make([]string, len(row))
		for i, cell := range row {
			cells[i] = inert(crlf(cell))
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
